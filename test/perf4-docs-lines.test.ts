/**
 * The marker searches of the PLAN parser: `linesWith` over long texts (it walks a few lines on from the last match
 * before it searches the line starts), the next-pointer markers (`next` in any case
 * and ⏳, searched one by one) and the Archive Location label (found among the lines holding `location`). Each must
 * find exactly what a line-by-line reading finds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linesWith, scanMarkdown, splitLines } from '../scripts/lib/markdown.ts';
import { parsePlan } from '../scripts/lib/plan.ts';

/** Lines of `text` in [start, end) that `marker` matches, one line at a time. */
function byLine(text: string, marker: string | RegExp, start = 0, end = Infinity): number[] {
  const re = typeof marker === 'string' ? undefined : new RegExp(marker.source, marker.flags.replace('g', ''));
  return splitLines(text)
    .map((l, i) => ((re ? re.test(l) : l.includes(marker as string)) && i >= start && i < end ? i : -1))
    .filter((i) => i >= 0);
}

/** A text of `n` lines where the lines in `hits` say `Achievement`, the others filler of varied length. */
function textWith(n: number, hits: number[], finalNewline = true): string {
  const set = new Set(hits);
  const lines = Array.from({ length: n }, (_, i) => (set.has(i) ? `**Achievement ${i}.1**: t${'x'.repeat(i % 7)}` : i % 5 === 0 ? '' : `- Goal: ${'y'.repeat(i % 13)}`));
  return lines.join('\n') + (finalNewline ? '\n' : '');
}

const gaps = [1, 2, 3, 7, 8, 9, 10, 16, 17, 50, 300];
const lineCases: Array<{ name: string; text: string; start?: number; end?: number }> = [];
for (const gap of gaps) {
  const hits = Array.from({ length: Math.floor(600 / gap) }, (_, k) => k * gap).filter((i) => i < 600);
  lineCases.push({ name: `a match every ${gap} lines`, text: textWith(600, hits) });
  lineCases.push({ name: `a match every ${gap} lines, no final newline, last line a match`, text: textWith(600, [...hits, 599], false) });
  lineCases.push({ name: `a match every ${gap} lines, range [5, 400)`, text: textWith(600, hits), start: 5, end: 400 });
}
lineCases.push({ name: 'matches only near the end of a long text', text: textWith(2000, [1990, 1991, 1999]) });
lineCases.push({ name: 'runs of matches with long gaps between', text: textWith(1000, [0, 1, 2, 3, 200, 201, 209, 210, 218, 900, 999]) });
lineCases.push({ name: 'a range that ends just before a match', text: textWith(100, [10, 18, 26]), start: 0, end: 26 });
lineCases.push({ name: 'a range that starts on a match', text: textWith(100, [10, 18, 26]), start: 18, end: 100 });

for (const c of lineCases) {
  test(`linesWith finds what a line-by-line test finds: ${c.name}`, () => {
    const doc = scanMarkdown(c.text);
    for (const marker of ['Achievement', /ACHIEVEMENT/gi, /y{12}|Achievement \d+0\./g]) {
      const want = byLine(c.text, marker, c.start ?? 0, c.end ?? Infinity);
      assert.deepEqual(linesWith(doc, marker, c.start, c.end), want, String(marker));
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Next pointer: its candidate lines say `next` (any case) or ⏳.
// ---------------------------------------------------------------------------------------------------------------
const L = (...lines: string[]) => lines.join('\n');
const DEFS = ['## Desirable Achievements', '**Achievement 1.1**: A', '**Achievement 2.4**: B', '**Achievement 2.5**: C'];
const inHandoff = (...lines: string[]) => L('# PLAN: X', ...DEFS, '## Current Status & Handoff', ...lines);
const nextCases: Array<{ name: string; text: string; expected: { id: string; line: number } | undefined }> = [
  { name: 'NEXT in capitals', text: inHandoff('NEXT: Achievement 2.4'), expected: { id: '2.4', line: 7 } },
  { name: 'nExT in mixed case', text: inHandoff('nExT: Achievement 2.5'), expected: { id: '2.5', line: 7 } },
  { name: '⏳ without the word next', text: inHandoff('- ⏳ Achievement 2.5: In progress'), expected: { id: '2.5', line: 7 } },
  {
    name: 'a ⏳-only line before a line that also says next: the earlier line wins within one pattern',
    text: inHandoff('⏳ Achievement 2.4', '⏳ Achievement 2.5 (next up)'),
    expected: { id: '2.4', line: 7 },
  },
  {
    name: 'a next-only line before a ⏳-only line, both by the same pattern',
    text: inHandoff('Achievement 2.5 ← next', 'Achievement 1.1 ⏳ ← Next'),
    expected: { id: '2.5', line: 7 },
  },
  { name: 'a line with both markers once', text: inHandoff('⏳ Next: Achievement 1.1'), expected: { id: '1.1', line: 7 } },
  { name: 'neither marker', text: inHandoff('Continue with Achievement 2.4'), expected: undefined },
];
for (const c of nextCases) {
  test(`next pointer markers: ${c.name}`, () => {
    const n = parsePlan(c.text, '/ws/PLAN_X.md').next;
    if (!c.expected) assert.equal(n, undefined);
    else {
      assert.ok(n, 'a pointer is found');
      assert.deepEqual({ id: n.id, line: n.line }, c.expected);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Archive Location: the label is found among the lines that hold `location`, in any case.
// ---------------------------------------------------------------------------------------------------------------
const archiveCases: Array<{ name: string; lines: string[]; expected: { path: string; line: number } | undefined }> = [
  { name: 'label in capitals', lines: ['**ARCHIVE LOCATION**: ./upper/'], expected: { path: './upper/', line: 2 } },
  { name: 'label in lower case', lines: ['archive location: ./lower/'], expected: { path: './lower/', line: 2 } },
  { name: 'a Location line before the label', lines: ['**Location**: ./not-this/', '**Archive Location**: ./real/'], expected: { path: './real/', line: 3 } },
  { name: 'LOCATION words in prose before the label', lines: ['Our LOCATION is fixed.', 'location, location', 'Archive Location: `docs/archive/x/`'], expected: { path: 'docs/archive/x/', line: 4 } },
  { name: 'only a Location line → default', lines: ['**Location**: ./elsewhere/'], expected: undefined },
  { name: 'the first of two labels', lines: ['- **Archive location**: ./first/', '**Archive Location**: ./second/'], expected: { path: './first/', line: 2 } },
];
for (const c of archiveCases) {
  test(`archive location marker: ${c.name}`, () => {
    const a = parsePlan(L('# PLAN: X', ...c.lines), '/ws/PLAN_X.md').archive;
    if (!c.expected) assert.equal(a.isDefault, true);
    else assert.deepEqual({ path: a.path, line: a.line }, c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Definition status claims: a block's `Status` field is looked for from the first line with `status` after its
// definition (walked on from the previous definition's), never before the definition or past the block.
// ---------------------------------------------------------------------------------------------------------------
const DONE = '- **Status**: ✅ Complete';
const OPEN = '- **Status**: In progress';
const statusCases: Array<{ name: string; lines: string[]; expected: string[] }> = [
  { name: 'each block its own field', lines: ['**Achievement 1.1**: A', DONE, '**Achievement 1.2**: B', OPEN, '**Achievement 1.3**: C', DONE], expected: ['1.1', '1.3'] },
  { name: 'a field on the line right after the definition', lines: ['**Achievement 1.1**: A', DONE, '**Achievement 1.2**: B'], expected: ['1.1'] },
  { name: 'blocks without status lines between blocks with them', lines: ['**Achievement 1.1**: A', '- Goal: g', '**Achievement 1.2**: B', '- Goal: g', '**Achievement 1.3**: C', DONE], expected: ['1.3'] },
  { name: 'a status word in the previous block is not the next block’s field', lines: ['**Achievement 1.1**: A', 'status: unknown words', DONE, '**Achievement 1.2**: B', '- Goal: g'], expected: ['1.1'] },
  { name: 'a field after a mention in the same block', lines: ['**Achievement 1.1**: A', 'The status is below.', DONE, '**Achievement 1.2**: B', 'No STATUS here', OPEN], expected: ['1.1'] },
  { name: 'many blocks, every other one done', lines: Array.from({ length: 12 }, (_, i) => [`**Achievement 2.${i + 1}**: T`, i % 2 ? DONE : OPEN]).flat(), expected: ['2.2', '2.4', '2.6', '2.8', '2.10', '2.12'] },
  { name: 'the last block done, after many without status lines', lines: [...Array.from({ length: 10 }, (_, i) => [`**Achievement 3.${i + 1}**: T`, '- Goal: g']).flat(), '**Achievement 3.11**: T', DONE], expected: ['3.11'] },
  { name: 'a duplicate definition in between keeps the walk', lines: ['**Achievement 1.1**: A', OPEN, '**Achievement 1.1**: again', DONE, '**Achievement 1.2**: B', DONE], expected: ['1.2'] },
];
for (const c of statusCases) {
  test(`definition status claims: ${c.name}`, () => {
    const text = L('# PLAN: X', '**Status**: In Progress', '## Desirable Achievements', ...c.lines, '## Current Status & Handoff', 'Status of the plan: fine');
    const plan = parsePlan(text, '/ws/PLAN_X.md');
    const claims = [...plan.textComplete.values()].filter((x) => x.where === 'definition status').map((x) => x.id);
    assert.deepEqual(claims.sort(), [...c.expected].sort());
  });
}
