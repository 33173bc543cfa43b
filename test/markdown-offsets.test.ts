/**
 * Unit tests for the offset-based scanner of scripts/lib/markdown.ts: line starts, on-demand lines, `linesWith`
 * (marker search over the whole text) and `linesText`, which must agree with splitLines on every line-end form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linesText, linesWith, scanMarkdown, splitLines } from '../scripts/lib/markdown.ts';

// ---------------------------------------------------------------------------------------------------------------
// The lines of a scanned document are exactly those of splitLines, however the text ends.
// ---------------------------------------------------------------------------------------------------------------
const texts: Array<[string, string]> = [
  ['empty text', ''],
  ['one newline', '\n'],
  ['two newlines', '\n\n'],
  ['no final newline', 'a\nb'],
  ['final newline', 'a\nb\n'],
  ['blank last line kept', 'a\n\n'],
  ['CRLF', 'a\r\nb\r\n'],
  ['CR only', 'a\rb\r'],
  ['mixed line ends', 'a\r\nb\nc\rd'],
  ['CR then LF as two ends', 'a\n\rb'],
  ['U+2028 is no line end', 'a\u2028b\nc'],
  ['emoji (two-byte text)', '# 🎯 Goals\n✅ done\n'],
  ['only spaces', '   \n  '],
];
for (const [name, text] of texts) {
  test(`scanned lines = splitLines: ${name}`, () => {
    const doc = scanMarkdown(text);
    const expected = splitLines(text);
    assert.equal(doc.lineCount, expected.length);
    assert.deepEqual(
      Array.from({ length: doc.lineCount }, (_, i) => doc.line(i)),
      expected,
    );
    assert.deepEqual(doc.lines, expected);
    assert.equal(doc.fenced.length, expected.length);
    assert.equal(doc.lineStarts.length, expected.length + 1);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Fences and headings are found from the first characters of each line, as the line-by-line scanner did.
// ---------------------------------------------------------------------------------------------------------------
const scanCases: Array<{ name: string; text: string; fenced: number[]; headings: number[]; warnings?: number }> = [
  { name: 'heading on the first line', text: '# A\nx\n', fenced: [0, 0], headings: [0] },
  { name: 'fence on the first line', text: '```\n# no\n```\n# yes', fenced: [1, 1, 1, 0], headings: [3] },
  { name: 'indented fence (3 spaces)', text: '   ~~~\n# no\n   ~~~\n', fenced: [1, 1, 1], headings: [] },
  { name: '4 spaces: no fence', text: '    ```\n# yes\n    ```\n', fenced: [0, 0, 0], headings: [1], warnings: 0 },
  { name: 'fence as the last line without newline', text: '# a\n```\n# b\n```', fenced: [0, 1, 1, 1], headings: [0] },
  { name: 'CRLF fence', text: '```\r\n# no\r\n```\r\n# yes\r\n', fenced: [1, 1, 1, 0], headings: [3] },
  { name: 'unclosed fence: read as text', text: '```\n# yes\n', fenced: [0, 0], headings: [1], warnings: 1 },
  { name: 'shorter closer does not close', text: '````\n```\n# no\n````\n', fenced: [1, 1, 1, 1], headings: [] },
  { name: 'heading inside U+2028 line is one line', text: 'a\u2028# b\n# c', fenced: [0, 0], headings: [1] },
  { name: 'tab before backticks: no fence', text: '\t```\n# yes\n', fenced: [0, 0], headings: [1], warnings: 0 },
];
for (const c of scanCases) {
  test(`offset scan: ${c.name}`, () => {
    const doc = scanMarkdown(c.text);
    assert.deepEqual([...doc.fenced], c.fenced);
    assert.deepEqual(
      doc.headings.map((h) => h.line),
      c.headings,
    );
    if (c.warnings !== undefined) assert.equal(doc.warnings.length, c.warnings);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// linesWith: each line holding the marker once, in order, within [start, end).
// ---------------------------------------------------------------------------------------------------------------
const doc = scanMarkdown(['Achievement 1.1 and achievement 1.2', 'none', 'x ACHIEVEMENT', '', 'achievement', 'tail achievement'].join('\n'));
const withCases: Array<{ name: string; marker: string | RegExp; start?: number; end?: number; expected: number[] }> = [
  { name: 'string, case-sensitive, one entry per line', marker: 'chievement', expected: [0, 4, 5] },
  { name: 'global regex, any case', marker: /chievement/gi, expected: [0, 2, 4, 5] },
  { name: 'range start', marker: /chievement/gi, start: 2, expected: [2, 4, 5] },
  { name: 'range end is exclusive', marker: /chievement/gi, start: 1, end: 4, expected: [2] },
  { name: 'a match in the line after the range is not reported', marker: 'achievement', start: 1, end: 4, expected: [] },
  { name: 'empty range', marker: 'chievement', start: 3, end: 3, expected: [] },
  { name: 'no match', marker: 'zzz', expected: [] },
  { name: 'last line without newline', marker: 'tail', expected: [5] },
  { name: 'alternation', marker: /none|tail/g, expected: [1, 5] },
];
for (const c of withCases) {
  test(`linesWith: ${c.name}`, () => {
    assert.deepEqual(linesWith(doc, c.marker, c.start, c.end), c.expected);
  });
}

test('linesWith agrees with a line-by-line test on CRLF text with fences', () => {
  const text = ['# Plan', '```', 'status: x', '```', 'Status: y', 'nothing', 'STATUS'].join('\r\n');
  const d = scanMarkdown(text);
  const byLine = splitLines(text)
    .map((l, i) => (/status/i.test(l) ? i : -1))
    .filter((i) => i >= 0);
  assert.deepEqual(linesWith(d, /status/gi), byLine);
  assert.deepEqual(byLine, [2, 4, 6]);
});

// ---------------------------------------------------------------------------------------------------------------
// linesText: a stretch of lines, as lines.slice(start, end).join('\n').
// ---------------------------------------------------------------------------------------------------------------
const textDoc = scanMarkdown('a\r\nb\n\nc\n');
const textCases: Array<[number, number]> = [
  [0, 0],
  [0, 1],
  [0, 2],
  [1, 3],
  [0, 4],
  [2, 4],
  [3, 4],
  [0, 99],
  [3, 1],
];
for (const [s, e] of textCases) {
  test(`linesText(${s}, ${e}) = lines.slice(${s}, ${e}).join('\\n')`, () => {
    assert.equal(linesText(textDoc, s, e), splitLines('a\r\nb\n\nc\n').slice(s, e).join('\n'));
  });
}
