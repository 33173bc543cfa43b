/**
 * Unit tests for scripts/lib/markdown.ts — the line-based, fence-aware scanner (corpus.md A4.1, A4.2, A6, A9 item 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isExecutionComplete } from '../scripts/lib/state.ts';
import { parsePlan } from '../scripts/lib/plan.ts';
import {
  enclosingHeading,
  findSections,
  headingKey,
  linesText,
  parseMetadataLine,
  plainText,
  readMetadata,
  scanMarkdown,
  sectionOf,
  splitLines,
  stripEmoji,
  type Heading,
} from '../scripts/lib/markdown.ts';

const L = (...lines: string[]) => `${lines.join('\n')}\n`;

function heading(doc: ReturnType<typeof scanMarkdown>, text: string): Heading {
  const h = doc.headings.find((x) => x.text === text);
  assert.ok(h, `heading ${text} exists`);
  return h;
}

// ---------------------------------------------------------------------------------------------------------------
// splitLines
// ---------------------------------------------------------------------------------------------------------------
const splitCases: Array<{ name: string; input: string; expected: string[] }> = [
  { name: 'LF with final newline', input: 'a\nb\n', expected: ['a', 'b'] },
  { name: 'LF without final newline (7 corpus files)', input: 'a\nb', expected: ['a', 'b'] },
  { name: 'CRLF', input: 'a\r\nb\r\n', expected: ['a', 'b'] },
  { name: 'CR only', input: 'a\rb\r', expected: ['a', 'b'] },
  { name: 'mixed line ends', input: 'a\r\nb\nc\rd', expected: ['a', 'b', 'c', 'd'] },
  { name: 'a blank last line is kept', input: 'a\n\n', expected: ['a', ''] },
  { name: 'empty text', input: '', expected: [''] },
  { name: 'one newline', input: '\n', expected: [''] },
  { name: 'trailing double space (markdown hard break) is kept', input: '**Status**: x  \n', expected: ['**Status**: x  '] },
];
for (const c of splitCases) {
  test(`splitLines: ${c.name}`, () => {
    assert.deepEqual(splitLines(c.input), c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// stripEmoji / plainText
// ---------------------------------------------------------------------------------------------------------------
const emojiCases: Array<{ name: string; input: string; strip: string; plain: string }> = [
  { name: 'leading emoji', input: '📝 Current Status', strip: ' Current Status', plain: 'Current Status' },
  { name: 'VS16 (⚠️ ⏱️)', input: '⚠️ Size ⏱️ Time', strip: ' Size  Time', plain: 'Size Time' },
  { name: 'ZWJ sequence', input: '👨‍💻 Dev', strip: ' Dev', plain: 'Dev' },
  { name: 'regional indicator flag', input: '🇺🇸 Flag', strip: ' Flag', plain: 'Flag' },
  { name: 'skin-tone modifier', input: '👍🏽 ok', strip: ' ok', plain: 'ok' },
  { name: 'status symbols ✅ ⏳ ❌ 🚧 ⏸️', input: '✅⏳❌🚧⏸️ x', strip: ' x', plain: 'x' },
  { name: 'box drawing and arrows are not emoji', input: '└─ → ═', strip: '└─ → ═', plain: '└─ → ═' },
  { name: 'bold, underline and code marks removed by plainText only', input: '**Bold** __u__ `code`', strip: '**Bold** __u__ `code`', plain: 'Bold u code' },
  { name: 'white space collapsed by plainText', input: '  a \t  b  ', strip: '  a \t  b  ', plain: 'a b' },
  { name: 'accents survive', input: 'Configuración Inicial 🚀', strip: 'Configuración Inicial ', plain: 'Configuración Inicial' },
];
for (const c of emojiCases) {
  test(`stripEmoji/plainText: ${c.name}`, () => {
    assert.equal(stripEmoji(c.input), c.strip);
    assert.equal(plainText(c.input), c.plain);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// headingKey: section identity
// ---------------------------------------------------------------------------------------------------------------
const keyCases: Array<{ input: string; expected: string }> = [
  { input: '📝 Current Status & Handoff (For Pause/Resume)', expected: 'current status and handoff' },
  { input: '📋 Current Status & Handoff', expected: 'current status and handoff' },
  { input: '🔄 Current Status and Handoff', expected: 'current status and handoff' },
  { input: '  📝  Current Status &  Handoff  ', expected: 'current status and handoff' },
  { input: 'current status & handoff', expected: 'current status and handoff' },
  { input: 'Current Status&Handoff', expected: 'current status and handoff' },
  { input: '🎯 Desirable Achievements (Priority Order)', expected: 'desirable achievements' },
  { input: '📋 Achievement Index', expected: 'achievement index' },
  { input: '🔄 Subplan Tracking (Updated During Execution)', expected: 'subplan tracking' },
  { input: '🔄 Subplan Tracking (Updated During Recovery)', expected: 'subplan tracking' },
  { input: '⚠️ Size Limits', expected: 'size limits' },
  { input: '⏱️ Time Estimates', expected: 'time estimates' },
  { input: '✅ Success Criteria', expected: 'success criteria' },
  { input: 'References & Context', expected: 'references and context' },
  { input: 'Title (a) (b)', expected: 'title' },
  { input: 'Goal (v2) extra', expected: 'goal v2 extra' },
  { input: "What's Next?", expected: "what's next" },
  { input: '**Bold** `code` heading', expected: 'bold code heading' },
  { input: '�� Achievement Contribution', expected: 'achievement contribution' },
  { input: 'Archive Location', expected: 'archive location' },
  { input: '', expected: '' },
];
for (const c of keyCases) {
  test(`headingKey ${JSON.stringify(c.input)} → ${JSON.stringify(c.expected)}`, () => {
    assert.equal(headingKey(c.input), c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// scanMarkdown: fences and headings
// ---------------------------------------------------------------------------------------------------------------
interface ScanCase {
  name: string;
  text: string;
  /** Expected fenced flags, one per line. */
  fenced: number[];
  /** Expected headings as `level:text`. */
  headings: string[];
  /** Expected warning codes with their 1-based lines. */
  warnings?: Array<[string, number]>;
}

const scanCases: ScanCase[] = [
  {
    name: 'backtick fence hides a bash comment heading',
    text: L('# A', '```bash', '# fake heading', '```', '## B'),
    fenced: [0, 1, 1, 1, 0],
    headings: ['1:A', '2:B'],
  },
  {
    name: 'tilde fence',
    text: L('~~~', '# fake', '~~~', '## B'),
    fenced: [1, 1, 1, 0],
    headings: ['2:B'],
  },
  {
    name: 'a longer closing fence closes',
    text: L('```', '# fake', '`````', '## B'),
    fenced: [1, 1, 1, 0],
    headings: ['2:B'],
  },
  {
    name: 'a shorter closing fence does not close',
    text: L('````', '# fake', '```', '## still fenced', '````', '## B'),
    fenced: [1, 1, 1, 1, 1, 0],
    headings: ['2:B'],
  },
  {
    name: 'info string on the opener',
    text: L('```ts title="x.ts"', '# fake', '```', '## B'),
    fenced: [1, 1, 1, 0],
    headings: ['2:B'],
  },
  {
    name: 'a fence line with an info string does not close',
    text: L('```', '# fake', '``` js', '## fake too', '```', '## B'),
    fenced: [1, 1, 1, 1, 1, 0],
    headings: ['2:B'],
  },
  {
    name: 'a tilde line does not close a backtick fence',
    text: L('```', '~~~', '# fake', '```', '## B'),
    fenced: [1, 1, 1, 1, 0],
    headings: ['2:B'],
  },
  {
    name: 'nested markdown template with an achievement heading inside the fence',
    text: L('## Example', '```markdown', '# Achievement 0.2: Save raw relationships (before post-processing)', '## Current Status & Handoff', '```'),
    fenced: [0, 1, 1, 1, 1],
    headings: ['2:Example'],
  },
  {
    name: 'fence indented up to 3 spaces',
    text: L('   ```', '# fake', '   ```', '# A'),
    fenced: [1, 1, 1, 0],
    headings: ['1:A'],
  },
  {
    name: 'a 4-space indented ``` is not a fence',
    text: L('    ```', '# A'),
    fenced: [0, 0],
    headings: ['1:A'],
  },
  {
    name: 'inline code spanning a line is not a fence',
    text: L('```not a fence```', '# A'),
    fenced: [0, 0],
    headings: ['1:A'],
  },
  {
    name: 'unclosed fence: warning, rest read as plain text',
    text: L('# A', '```', '## B', 'text'),
    fenced: [0, 0, 0, 0],
    headings: ['1:A', '2:B'],
    warnings: [['W-MD-UNCLOSED-FENCE', 2]],
  },
  {
    name: 'unclosed longer fence, then a closed shorter one',
    text: L('````', '## B', '```', '## C', '```', '## D'),
    fenced: [0, 0, 1, 1, 1, 0],
    headings: ['2:B', '2:D'],
    warnings: [['W-MD-UNCLOSED-FENCE', 1]],
  },
  {
    name: 'two unclosed fences of different characters: two warnings',
    text: L('```', '# A', '~~~', '# B'),
    fenced: [0, 0, 0, 0],
    headings: ['1:A', '1:B'],
    warnings: [
      ['W-MD-UNCLOSED-FENCE', 1],
      ['W-MD-UNCLOSED-FENCE', 3],
    ],
  },
  {
    name: 'CRLF fences and headings',
    text: '# A\r\n```\r\n# f\r\n```\r\n## B\r\n',
    fenced: [0, 1, 1, 1, 0],
    headings: ['1:A', '2:B'],
  },
  {
    name: 'heading forms: no space, 7 hashes, closing hashes, empty, tab, indented',
    text: L('#NoSpace', '####### seven', '## Closing ##', '#', '#\tTab', '  ## indented', '###### Six'),
    fenced: [0, 0, 0, 0, 0, 0, 0],
    headings: ['2:Closing', '1:', '1:Tab', '6:Six'],
  },
  {
    name: 'heading text is kept as written (emoji, suffix), trailing spaces dropped',
    text: L('## 📝 Current Status & Handoff (For Pause/Resume)  '),
    fenced: [0],
    headings: ['2:📝 Current Status & Handoff (For Pause/Resume)'],
  },
];
for (const c of scanCases) {
  test(`scanMarkdown: ${c.name}`, () => {
    const doc = scanMarkdown(c.text, 'doc.md');
    assert.deepEqual([...doc.fenced], c.fenced);
    assert.deepEqual(
      doc.headings.map((h) => `${h.level}:${h.text}`),
      c.headings,
    );
    assert.deepEqual(
      doc.warnings.map((w) => [w.code, w.line]),
      c.warnings ?? [],
    );
    for (const w of doc.warnings) {
      assert.equal(w.severity, 'warning');
      assert.equal(w.file, 'doc.md');
      assert.match(w.message, /never closed/);
      assert.ok(w.hint);
    }
    assert.equal(doc.lines.length, c.fenced.length);
  });
}

test('scanMarkdown: heading line numbers are 0-based and keys are computed', () => {
  const doc = scanMarkdown(L('# PLAN: X', '', '## 🎯 Desirable Achievements (Priority Order)'));
  assert.deepEqual(doc.headings, [
    { line: 0, level: 1, text: 'PLAN: X', key: 'plan x' },
    { line: 2, level: 2, text: '🎯 Desirable Achievements (Priority Order)', key: 'desirable achievements' },
  ]);
});

test('scanMarkdown: an unclosed-fence warning without a file name carries no file', () => {
  const doc = scanMarkdown('```\n');
  assert.equal(doc.warnings.length, 1);
  assert.equal(doc.warnings[0]?.file, undefined);
});

// ---------------------------------------------------------------------------------------------------------------
// sectionOf / findSections / enclosingHeading
// ---------------------------------------------------------------------------------------------------------------
const outline = scanMarkdown(L('# T', '## A', '### A1', 'text', '#### A1a', '### A2', '## B', 'x'));

const sectionCases: Array<{ heading: string; start: number; end: number }> = [
  { heading: 'T', start: 1, end: 8 },
  { heading: 'A', start: 2, end: 6 },
  { heading: 'A1', start: 3, end: 5 },
  { heading: 'A1a', start: 5, end: 5 },
  { heading: 'A2', start: 6, end: 6 },
  { heading: 'B', start: 7, end: 8 },
];
for (const c of sectionCases) {
  test(`sectionOf ${c.heading}: [${c.start}, ${c.end})`, () => {
    const h = heading(outline, c.heading);
    assert.deepEqual(sectionOf(outline, h), { heading: h, start: c.start, end: c.end });
  });
}

test('findSections: by key, and restricted to a level', () => {
  assert.deepEqual(
    findSections(outline, (k) => k.startsWith('a')).map((s) => s.heading.text),
    ['A', 'A1', 'A1a', 'A2'],
  );
  assert.deepEqual(
    findSections(outline, (k) => k.startsWith('a'), 3).map((s) => s.heading.text),
    ['A1', 'A2'],
  );
  assert.deepEqual(findSections(outline, () => false), []);
});

test('findSections: a heading inside a fence never opens a section', () => {
  const doc = scanMarkdown(L('```', '## Current Status & Handoff', '```', '## Other'));
  assert.deepEqual(findSections(doc, (k) => k.includes('handoff')), []);
});

const enclosingCases: Array<{ line: number; level: number; expected: string | undefined }> = [
  { line: 3, level: 3, expected: 'A1' },
  { line: 4, level: 3, expected: 'A1' },
  { line: 5, level: 3, expected: 'A1' }, // the heading on the line itself does not enclose it
  { line: 5, level: 2, expected: 'A' },
  { line: 7, level: 2, expected: 'B' },
  { line: 7, level: 3, expected: undefined }, // ## B closed the ### A2 group
  { line: 0, level: 1, expected: undefined },
  { line: 2, level: 1, expected: 'T' },
];
for (const c of enclosingCases) {
  test(`enclosingHeading(line ${c.line}, level ${c.level}) → ${c.expected ?? 'none'}`, () => {
    assert.equal(enclosingHeading(outline, c.line, c.level)?.text, c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Metadata lines
// ---------------------------------------------------------------------------------------------------------------
const metaCases: Array<{ name: string; line: string; expected: { key: string; value: string } | null }> = [
  { name: 'canonical, trailing hard-break spaces', line: '**Status**: Planning  ', expected: { key: 'Status', value: 'Planning' } },
  { name: 'list item', line: '- **Status**: 🚀 Ready to Execute', expected: { key: 'Status', value: '🚀 Ready to Execute' } },
  { name: 'star list item', line: '* **Mother Plan**: PLAN_X.md', expected: { key: 'Mother Plan', value: 'PLAN_X.md' } },
  { name: 'colon inside the bold', line: '**Status:** In Progress', expected: { key: 'Status', value: 'In Progress' } },
  { name: 'space before the colon', line: '**Key** : v', expected: { key: 'Key', value: 'v' } },
  { name: 'indented', line: '  **Key**:   spaced  ', expected: { key: 'Key', value: 'spaced' } },
  { name: 'empty value', line: '**Key**:', expected: { key: 'Key', value: '' } },
  { name: 'value with a colon and bold', line: '**Created**: 2025-11-13 21:30 UTC **bold**', expected: { key: 'Created', value: '2025-11-13 21:30 UTC **bold**' } },
  { name: 'value with backticks', line: '**Archive Location**: `documentation/archive/x/`', expected: { key: 'Archive Location', value: '`documentation/archive/x/`' } },
  { name: 'not metadata: plain key', line: 'Status: x', expected: null },
  { name: 'not metadata: bold without colon', line: '**Bold** text', expected: null },
  { name: 'not metadata: bold line', line: '**All Achievements in This Plan**', expected: null },
  { name: 'not metadata: star inside the key', line: '**A*B**: c', expected: null },
  { name: 'not metadata: heading', line: '## Status: x', expected: null },
  { name: 'not metadata: empty', line: '', expected: null },
];
for (const c of metaCases) {
  test(`parseMetadataLine: ${c.name}`, () => {
    assert.deepEqual(parseMetadataLine(c.line), c.expected);
  });
}

test('readMetadata: first occurrence wins, keys lower-cased, fenced lines skipped, 0-based lines', () => {
  const doc = scanMarkdown(
    L('# PLAN: X', '**Status**: A', '```', '**Goal**: fenced', '```', '**Goal**: real', '- **Type**: t', '**Status**: second', '**Late**: l'),
  );
  assert.deepEqual(
    [...readMetadata(doc)],
    [
      ['status', { value: 'A', line: 1 }],
      ['goal', { value: 'real', line: 5 }],
      ['type', { value: 't', line: 6 }],
      ['late', { value: 'l', line: 8 }],
    ],
  );
});

test('readMetadata: only the first maxLines lines are read', () => {
  const doc = scanMarkdown(L('**A**: 1', '**B**: 2', '**C**: 3'));
  assert.deepEqual([...readMetadata(doc, 2).keys()], ['a', 'b']);
  assert.deepEqual([...readMetadata(doc, 0).keys()], []);
  assert.deepEqual([...readMetadata(doc, 100).keys()], ['a', 'b', 'c']);
});

test('readMetadata: the default window is 30 lines', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `**K${i}**: v`);
  const keys = [...readMetadata(scanMarkdown(L(...lines))).keys()];
  assert.equal(keys.length, 30);
  assert.equal(keys.at(-1), 'k29');
});

test('linesText joins [start, end) with LF, also for CRLF input', () => {
  const doc = scanMarkdown('a\r\nb\r\nc\r\n');
  assert.equal(linesText(doc, 0, 2), 'a\nb');
  assert.equal(linesText(doc, 1, 10), 'b\nc');
  assert.equal(linesText(doc, 2, 2), '');
});

// Lines with long runs of blanks: each pattern reads them in linear time (the former ones backtracked for minutes
// on such lines; the test timeout is the guard, the assertions check what is read).
const RUN = ' '.repeat(20_000);
const longRuns: Array<[string, () => unknown, unknown]> = [
  ['a heading with a long blank run', () => scanMarkdown(`## Notes${RUN}x\n`).headings[0]?.key, 'notes x'],
  ['a heading ending in blanks and #s', () => scanMarkdown(`## Title ${RUN}##${RUN}\n`).headings[0]?.text, 'Title'],
  ['a heading key with a long blank run before a parenthesis', () => headingKey(`Status${RUN}(For Pause)`), 'status'],
  ['a Status line with a long blank run', () => isExecutionComplete(`**Status**:${RUN}x`), false],
  ['a Status line with blanks before Complete', () => isExecutionComplete(`**Status**:${RUN}✅ Complete`), true],
  ['an Archive Location line without a colon', () => parsePlan(`# PLAN: X\n\n**Archive Location${RUN}x\n`, '/p/PLAN_X.md').archive.isDefault, true],
  ['a line of blanks', () => parsePlan(`# PLAN: X\n\n${RUN}${RUN}x\n`, '/p/PLAN_X.md').achievements.length, 0],
];
for (const [name, read, expected] of longRuns) {
  test(`linear reading: ${name}`, { timeout: 20_000 }, () => {
    assert.deepEqual(read(), expected);
  });
}
