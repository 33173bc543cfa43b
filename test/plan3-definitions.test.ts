/**
 * Table tests for the rules rewritten for speed in round 3 (scripts/lib/plan.ts, scripts/lib/markdown.ts):
 * - fence and heading candidates found in the line-start pass (lineStartsOf), the last line included;
 * - definition lines that claim done (DEF_DONE) found from the lines holding one of its literals (doneLinesOf);
 * - the Status field of a block read only when a status line lies in the block;
 * - section, priority group and next heading shared by the definitions between two headings;
 * - title, effort and fields read again from the definition line on first use (all three sources).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../scripts/lib/plan.ts';
import { scanMarkdown } from '../scripts/lib/markdown.ts';

const L = (...lines: string[]) => lines.join('\n');
const HEAD = ['# PLAN: T', '', '**Status**: In Progress', ''];

test('scanMarkdown: fences and headings on every line, the last one included', async (t) => {
  const cases: Array<{ name: string; text: string; fenced: number[]; headings: number[]; unclosed: number[] }> = [
    { name: 'heading as the last line, no final line end', text: 'a\n# H', fenced: [], headings: [1], unclosed: [] },
    { name: 'heading as the last line, final line end', text: 'a\n# H\n', fenced: [], headings: [1], unclosed: [] },
    { name: 'fence opened on the last line, no final line end', text: 'a\n```', fenced: [], headings: [], unclosed: [1] },
    { name: 'fence closed on the last line, no final line end', text: '```\n# x\n```', fenced: [0, 1, 2], headings: [], unclosed: [] },
    { name: 'fence closed by a last line of three spaces and ~~~', text: '~~~\nx\n   ~~~', fenced: [0, 1, 2], headings: [], unclosed: [] },
    { name: 'four spaces: no fence', text: '    ```\n# H', fenced: [], headings: [1], unclosed: [] },
    { name: 'three spaces then a fence on the first line', text: '   ```\n# no\n```\n# yes', fenced: [0, 1, 2], headings: [3], unclosed: [] },
    { name: 'a fence line of only spaces and a backtick shorter than 3', text: '  ``\n# H', fenced: [], headings: [1], unclosed: [] },
    { name: 'empty text', text: '', fenced: [], headings: [], unclosed: [] },
    { name: 'a lone line end', text: '\n', fenced: [], headings: [], unclosed: [] },
    { name: 'blank line then a heading', text: '\n## H', fenced: [], headings: [1], unclosed: [] },
    { name: 'CRLF text, fence closed on the last line', text: '```\r\n# x\r\n```', fenced: [0, 1, 2], headings: [], unclosed: [] },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const doc = scanMarkdown(c.text);
      const fenced = [...doc.fenced.keys()].filter((i) => doc.fenced[i]);
      assert.deepEqual(fenced, c.fenced);
      assert.deepEqual(
        doc.headings.map((h) => h.line),
        c.headings,
      );
      assert.deepEqual(
        doc.warnings.map((w) => (w.line as number) - 1),
        c.unclosed,
      );
    });
  }
});

/** Definition lines, each followed by a body line, under one Desirable Achievements section. */
function planOf(defLines: string[], extra: string[] = []): string {
  const body: string[] = [];
  for (const d of defLines) body.push(d, '', '- Goal: something', '');
  return L(...HEAD, '## Desirable Achievements', '', ...body, ...extra);
}

test('definition lines that claim done (✅, **COMPLETE**, **DONE**) and lines that do not', async (t) => {
  const cases: Array<{ name: string; defs: string[]; extra?: string[]; done: string[] }> = [
    { name: '✅ on a definition line', defs: ['**Achievement 1.1**: A ✅', '**Achievement 1.2**: B'], done: ['1.1'] },
    { name: '**COMPLETE** on a definition line', defs: ['**Achievement 1.1**: A', '**Achievement 1.2**: B **COMPLETE**'], done: ['1.2'] },
    { name: '**DONE** on a definition line', defs: ['**Achievement 1.1**: A **DONE**', '**Achievement 1.2**: B **DONE**'], done: ['1.1', '1.2'] },
    { name: 'COMPLETE without bold: no claim', defs: ['**Achievement 1.1**: A COMPLETE', '**Achievement 1.2**: B DONE'], done: [] },
    { name: 'lower-case **done**: no claim', defs: ['**Achievement 1.1**: A **done**'], done: [] },
    { name: '**COMPLETED**: no claim (the bold must close after COMPLETE)', defs: ['**Achievement 1.1**: A **COMPLETED**'], done: [] },
    { name: 'two literals on one line: one claim', defs: ['**Achievement 1.1**: A ✅ **DONE** COMPLETE'], done: ['1.1'] },
    { name: 'title inside the bold, ✅ after it', defs: ['**Achievement 1.1: A** ✅', '**Achievement 1.2: B**'], done: ['1.1'] },
    {
      name: 'done words on body lines claim nothing for the definition',
      defs: ['**Achievement 1.1**: A', '**Achievement 1.2**: B'],
      extra: ['Notes: ✅ **COMPLETE** **DONE**'],
      done: [],
    },
    { name: 'a non-Latin-1 text without ✅', defs: ['🎯 **Achievement 1.1**: Α **DONE**', '**Achievement 1.2**: Β'], done: ['1.1'] },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const plan = parsePlan(planOf(c.defs, c.extra), 'PLAN_T.md');
      const claims = [...plan.textComplete.values()].filter((x) => x.where === 'definition').map((x) => x.id);
      assert.deepEqual(claims, c.done);
    });
  }
});

test('the Status field of a definition block', async (t) => {
  const cases: Array<{ name: string; text: string; done: string[] }> = [
    { name: 'Status: Complete in the block', text: L(...HEAD, '## Desirable Achievements', '**Achievement 1.1**: A', '- Status: ✅ Complete', '**Achievement 1.2**: B'), done: ['1.1'] },
    { name: 'the Status line belongs to the next block', text: L(...HEAD, '## Desirable Achievements', '**Achievement 1.1**: A', '**Achievement 1.2**: B', '- **Status**: Done'), done: ['1.2'] },
    { name: '"status" in the title is no field', text: L(...HEAD, '## Desirable Achievements', '**Achievement 1.1**: Status: Complete page', '- Goal: x'), done: [] },
    {
      name: 'a status line before the definition does not count',
      text: L(...HEAD, '## Desirable Achievements', '- Status: Complete', '**Achievement 1.1**: A', '- Goal: x'),
      done: [],
    },
    { name: 'Status in the block but not complete', text: L(...HEAD, '## Desirable Achievements', '**Achievement 1.1**: A', '- Status: In progress'), done: [] },
    {
      name: 'the first Status field of the block decides',
      text: L(...HEAD, '## Desirable Achievements', '**Achievement 1.1**: A', 'Status mentioned here', '- Status: Complete', '- Status: Pending'),
      done: ['1.1'],
    },
    {
      name: 'a Status field after a level-3 heading is outside the block',
      text: L(...HEAD, '## Desirable Achievements', '**Achievement 1.1**: A', '### Notes', '- Status: Complete'),
      done: [],
    },
    {
      name: 'a Status field in a fence does not count',
      text: L(...HEAD, '## Desirable Achievements', '**Achievement 1.1**: A', '```', '- Status: Complete', '```'),
      done: [],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const plan = parsePlan(c.text, 'PLAN_T.md');
      const claims = [...plan.textComplete.values()].filter((x) => x.where === 'definition status').map((x) => x.id);
      assert.deepEqual(claims, c.done);
    });
  }
});

type Row = [id: string, group: string | undefined, start: number, end: number];

test('section, priority group and block end of definitions between headings', async (t) => {
  const cases: Array<{ name: string; text: string; rows: Row[] }> = [
    {
      name: 'a priority heading between definitions changes the group of the later ones',
      text: L(
        '## Desirable Achievements', // 0
        '### Priority 1: One', // 1
        '**Achievement 1.1**: A', // 2
        '**Achievement 1.2**: B', // 3
        '### Priority 2: Two', // 4
        '**Achievement 2.1**: C', // 5
        '**Achievement 2.2**: D', // 6
      ),
      rows: [
        ['1.1', '1', 2, 3],
        ['1.2', '1', 3, 4],
        ['2.1', '2', 5, 6],
        ['2.2', '2', 6, 7],
      ],
    },
    {
      name: 'a level-4 heading inside a block ends neither the block nor the group',
      text: L('## Desirable Achievements', '### Priority 1: One', '**Achievement 1.1**: A', '#### Details', 'x', '**Achievement 1.2**: B', 'y'),
      rows: [
        ['1.1', '1', 2, 5],
        ['1.2', '1', 5, 7],
      ],
    },
    {
      name: 'a level-3 heading that is no group ends the block and the group',
      text: L('## Desirable Achievements', '### Priority 1: One', '**Achievement 1.1**: A', '### Notes', 'x', '**Achievement 1.2**: B'),
      rows: [
        ['1.1', '1', 2, 3],
        ['1.2', undefined, 5, 6],
      ],
    },
    {
      name: 'two Desirable Achievements sections: each block ends with its section',
      text: L('## Desirable Achievements', '**Achievement 1.1**: A', 'x', '## Other', 'y', '## Desirable Achievements (more)', '**Achievement 2.1**: B', 'z'),
      rows: [
        ['1.1', undefined, 1, 3],
        ['2.1', undefined, 6, 8],
      ],
    },
    {
      name: 'heading definitions then bold definitions under them',
      text: L(
        '## Desirable Achievements', // 0
        '### Priority 1: One', // 1
        '#### Achievement 1.1: A', // 2
        'x', // 3
        '**Achievement 1.2**: B', // 4
        '#### Achievement 1.3: C', // 5
        '**Achievement 1.4**: D', // 6
        '### Priority 2: Two', // 7
        '**Achievement 2.1**: E', // 8
      ),
      rows: [
        ['1.1', '1', 2, 4],
        ['1.2', '1', 4, 5],
        ['1.3', '1', 5, 6],
        ['1.4', '1', 6, 7],
        ['2.1', '2', 8, 9],
      ],
    },
    {
      name: 'a duplicate between headings changes nothing for the next definition',
      text: L('## Desirable Achievements', '### Priority 1: One', '**Achievement 1.1**: A', '### Priority 2: Two', '**Achievement 1.1**: again', '**Achievement 2.1**: B'),
      rows: [
        ['1.1', '1', 2, 3],
        ['2.1', '2', 5, 6],
      ],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const plan = parsePlan(c.text, 'PLAN_T.md');
      assert.deepEqual(
        plan.achievements.map((a): Row => [a.id, a.priority?.number, a.start, a.end]),
        c.rows,
      );
    });
  }
});

test('title, effort and fields are read on first use, for every source', async (t) => {
  const cases: Array<{ name: string; text: string; source: string; rows: Array<[string, string, string | null, Record<string, string>]> }> = [
    {
      name: 'bold definitions: both forms, ⏱ tail, (Added …) lead, Effort field',
      text: L(
        ...HEAD,
        '## Desirable Achievements',
        '**Achievement 1.1**: (Added 2025-01-01) — Setup ⏱️ 2h',
        '**Achievement 1.2: Build (3-4h)** **COMPLETE**',
        '**Achievement 1.3**: Ship',
        '- **Effort**: 1 day',
        '- Goal: out',
      ),
      source: 'definition',
      rows: [
        ['1.1', 'Setup', '2h', {}],
        ['1.2', 'Build', '3-4h', {}],
        ['1.3', 'Ship', '1 day', { effort: '1 day', goal: 'out' }],
      ],
    },
    {
      name: 'Index entries',
      text: L(...HEAD, '## Achievement Index', '- ✅ Achievement 0.1: Setup (2-3h)', '- Achievement 0.2: Next step', '- Effort: 5h'),
      source: 'index',
      rows: [
        ['0.1', 'Setup', '2-3h', {}],
        ['0.2', 'Next step', null, {}],
      ],
    },
    {
      name: 'heading definitions anywhere',
      text: L(...HEAD, '## Tracking', '### Achievement 0.1: Setup ✅ (1h)', '- Time: 90 minutes', '### Achievement 0.2 - Next'),
      source: 'heading',
      rows: [
        ['0.1', 'Setup', '90 minutes', { time: '90 minutes' }],
        ['0.2', 'Next', null, {}],
      ],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const plan = parsePlan(c.text, 'PLAN_T.md');
      // Effort first: it reads the definition and the fields before the title is asked for.
      const rows = plan.achievements.map((a) => {
        const effort = a.effort?.text ?? null;
        return [a.id, a.title, effort, a.fields] as [string, string, string | null, Record<string, string>];
      });
      assert.deepEqual(rows, c.rows);
      assert.ok(plan.achievements.every((a) => a.source === c.source));
      // The same values when asked for again, and the keys of a plain achievement (no private state shows).
      assert.deepEqual(
        plan.achievements.map((a) => [a.id, a.title, a.effort?.text ?? null, a.fields]),
        c.rows,
      );
      assert.deepEqual(Object.keys(plan.achievements[0] as object), ['id', 'line', 'start', 'end', 'source', 'priority', 'indexPosition']);
    });
  }
});
