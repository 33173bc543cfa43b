/**
 * Golden files: one prompt per template kind, rendered from a copy of the bundled example workspace.
 * Regenerate after an intended template change with: UPDATE_GOLDEN=1 npm test
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { definition, main } from '../scripts/generation/generate_prompt.ts';
import { TEMPLATE_FOR_STATE } from '../scripts/lib/prompts.ts';
import { run, tempDir, touch } from './helpers.ts';

const EXAMPLES = new URL('../examples/', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const update = process.env.UPDATE_GOLDEN === '1';

const root = tempDir('mt-golden-');
cpSync(EXAMPLES, root, { recursive: true });
// fix_submitted depends on the RESOLUTION not being older than the FIX: pin the times.
const qp = join(root, 'work-space/plans/a_active/QUERY-PARSER/execution/feedbacks');
touch(join(qp, 'FIX_11.md'), 1_700_000_000);
touch(join(qp, 'FIX_12.md'), 1_700_000_000);
touch(join(qp, 'FIX_12_RESOLUTION.md'), 1_700_000_100);

const cases: Array<{ golden: string; args: string[]; state: string }> = [
  { golden: 'subplan-create', args: ['@SEARCH-INDEX', '--achievement', '2.2'], state: 'no_subplan' },
  { golden: 'subplan-fill', args: ['@QUERY-PARSER', '--achievement', '2.1'], state: 'subplan_placeholder' },
  { golden: 'execution-create', args: ['@RANKING-TUNING', '--achievement', '2.1'], state: 'subplan_no_execution' },
  { golden: 'execution-create-next', args: ['@QUERY-PARSER', '--achievement', '2.2'], state: 'create_next_execution' },
  { golden: 'execution-continue', args: ['@SEARCH-INDEX', '--next'], state: 'active_execution' },
  { golden: 'synthesis', args: ['@RANKING-TUNING', '--achievement', '1.2'], state: 'needs_synthesis' },
  { golden: 'review', args: ['@RANKING-TUNING', '--achievement', '1.1'], state: 'awaiting_review' },
  { golden: 'fix', args: ['@QUERY-PARSER', '--achievement', '1.1'], state: 'needs_fix' },
  { golden: 'fix-review', args: ['@QUERY-PARSER', '--achievement', '1.2'], state: 'fix_submitted' },
  { golden: 'achievement-done', args: ['@SEARCH-INDEX', '--achievement', '0.1'], state: 'approved' },
  { golden: 'achievement-skipped', args: ['@SEARCH-INDEX', '--achievement', '1.2'], state: 'skipped' },
  { golden: 'achievement-plan-text', args: ['@LEGACY-IMPORTER', '--achievement', '1.1'], state: 'approved' },
  { golden: 'plan-complete', args: ['@CLI-RELEASE', '--next'], state: 'plan_complete' },
];

test('every template kind has a golden case', () => {
  const covered = new Set(cases.map((c) => TEMPLATE_FOR_STATE[c.state as keyof typeof TEMPLATE_FOR_STATE]));
  assert.deepEqual([...covered].sort(), [...new Set(Object.values(TEMPLATE_FOR_STATE))].sort());
});

for (const c of cases) {
  test(`golden prompt: ${c.golden}`, async () => {
    const j = await run(definition, main, [...c.args, '--json'], { cwd: root });
    assert.equal(j.code, 0, j.err);
    assert.equal(JSON.parse(j.out).state, c.state);
    const r = await run(definition, main, c.args, { cwd: root });
    const file = join(GOLDEN, `${c.golden}.txt`);
    if (update || !existsSync(file)) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, r.out);
      if (!update) assert.fail(`golden file ${c.golden}.txt was missing and has been written; review it and rerun`);
    }
    assert.equal(r.out, readFileSync(file, 'utf8'));
    assert.doesNotMatch(r.out, /\[FEATURE\]|undefined|\[object Object\]/, 'every file name in a prompt is the real final name');
  });
}
