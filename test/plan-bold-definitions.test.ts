/**
 * Table tests for bold definition lines in scripts/lib/plan.ts: the two bold forms (`**Achievement 1.2**: Title` and
 * `**Achievement 1.2: Title**`) are read by one pattern (BOLD_DEF), told apart by what follows the id. Expected values
 * were produced by the former two-pattern reading (B2, then B1) and must not change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../scripts/lib/plan.ts';

type Expected = [id: string, title: string, effort: string | null, claimedDone: boolean] | null;

const cases: Array<{ name: string; line: string; expected: Expected }> = [
  { name: "`**` right after the id: the title follows the bold", line: "**Achievement 1.2**: Title", expected: ["1.2", "Title", null, false] },
  { name: "separator after the id: the title is inside the bold", line: "**Achievement 1.2: Title**", expected: ["1.2", "Title", null, false] },
  { name: "title inside the bold, ⏱ effort in the tail", line: "**Achievement 1.2 - Title** tail ⏱️ 2h", expected: ["1.2", "Title", "2h", false] },
  { name: "no title, ⏱ effort after the bold", line: "**Achievement 1.2** ⏱️ 3h", expected: ["1.2", "Achievement 1.2", "3h", false] },
  { name: "bold id alone", line: "**Achievement 1.2**", expected: ["1.2", "Achievement 1.2", null, false] },
  { name: "separator but no title inside the bold: no definition", line: "**Achievement 1.2:**", expected: null },
  { name: "✅ and **COMPLETE** claim completion", line: "**Achievement 1.2: A ✅** **COMPLETE**", expected: ["1.2", "A", null, true] },
  { name: "**DONE** claims completion", line: "**Achievement 1.2**: A **DONE**", expected: ["1.2", "A", null, true] },
  { name: "leading emoji, three-level id", line: "🎯 **Achievement 1.2.3**: Deep", expected: ["1.2.3", "Deep", null, false] },
  { name: "the whole id is read (1.12, not 1.1)", line: "**Achievement 1.12**:x", expected: ["1.12", "x", null, false] },
  { name: "three-level id inside the bold", line: "**Achievement 1.2.3: Deep bold**", expected: ["1.2.3", "Deep bold", null, false] },
  { name: "a range is no definition", line: "**Achievement 2.1-2.3**: Range", expected: null },
  { name: "a spaced range is no definition", line: "**Achievement 2.1 - 2.3: Range**", expected: null },
  { name: "a conjunction is no definition", line: "**Achievement 2.1 and 2.3: Both**", expected: null },
  { name: "a blank before the closing bold: neither form", line: "**Achievement 1.2 **: Spaced", expected: null },
  { name: "no-break space after Achievement (\\s in a u pattern)", line: "**Achievement 1.2**: NBSP", expected: ["1.2", "NBSP", null, false] },
  { name: "U+2028 in the title: no definition (. stops at it)", line: "**Achievement 1.2**: a b", expected: null },
  { name: "U+2028 inside the bold: no definition", line: "**Achievement 1.2: a b**", expected: null },
  { name: "em dash separator", line: "**Achievement 1.2 — Em dash**", expected: ["1.2", "Em dash", null, false] },
  { name: "a list item is no definition", line: "  - **Achievement 1.2**: In a list", expected: null },
];

for (const c of cases) {
  test(`bold definition: ${c.name}`, () => {
    const p = parsePlan(`# P\n\n## Desirable Achievements\n\n${c.line}\n`, '/x/PLAN_X.md');
    const a = p.achievements[0];
    const got: Expected = a ? [a.id, a.title, a.effort?.text ?? null, p.textComplete.has(a.id)] : null;
    assert.deepEqual(got, c.expected);
  });
}

test('bold definition: both forms in one plan, with their blocks and lines', () => {
  const p = parsePlan(
    ['# P', '', '## Desirable Achievements', '', '**Achievement 1.1**: One', '- Effort: 2h', '', '**Achievement 1.2: Two** ⏱️ 3h', '- Goal: g'].join('\n'),
    '/x/PLAN_X.md',
  );
  assert.deepEqual(
    p.achievements.map((a) => [a.id, a.title, a.line, a.start, a.end, a.effort?.text]),
    [
      ['1.1', 'One', 5, 4, 7, '2h'],
      ['1.2', 'Two', 8, 7, 9, '3h'],
    ],
  );
});
