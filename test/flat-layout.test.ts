/**
 * Flat-layout plans (a loose PLAN_*.md in a group folder, generation.md §1.3): prompts name the real folder of every
 * file to create, and a document created where a prompt says is read. Folders beside the PLAN are read too, only
 * for this feature's documents (feedback names carry no feature: read there only when the PLAN is the folder's one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as gp from '../scripts/generation/generate_prompt.ts';
import { COMPLETE, planText, run, tempTree, writeFiles } from './helpers.ts';
import type { GeneratePromptOutput } from '../generated/generate-prompt-output.ts';

const G = 'work-space/plans/a_old';
const plan = planText({ title: 'Bar', achievements: ['1.1'] });
const plan2 = planText({ title: 'Bar', achievements: ['1.1', '1.2'] });

async function prompt(root: string, feature = 'BAR', args = ['--next']): Promise<GeneratePromptOutput> {
  const r = await run(gp.definition, gp.main, [`@${feature}`, '--json', ...args], { cwd: root });
  assert.ok(r.out.startsWith('{'), r.err);
  return JSON.parse(r.out) as GeneratePromptOutput;
}

/** The folder a prompt's "Create <file> in <folder>" / "verdict in <folder>" step names. */
function folderOf(text: string, file: string): string {
  const m = new RegExp(`${file.replace(/[.]/g, '\\.')} in (\\S+/)`).exec(text);
  assert.ok(m, `the prompt names the folder of ${file}:\n${text}`);
  return m[1] as string;
}

const cases: Array<{ name: string; files: Record<string, string>; plan?: string; subplans: string; execution: string }> = [
  { name: 'no documents yet → the workspace flat folders', files: {}, subplans: 'work-space/subplans/', execution: 'work-space/execution/' },
  {
    name: 'documents beside the PLAN → there',
    // An archived copy does not decide the folder; a live document of another achievement (1.2) does.
    files: { [`${G}/subplans/SUBPLAN_BAR_99_ARCHIVED.md`]: 'old', [`${G}/execution/EXECUTION_TASK_BAR_05_01.md`]: '**Achievement**: 1.2\n' },
    plan: plan2,
    subplans: `${G}/subplans/`,
    execution: `${G}/execution/`,
  },
  { name: 'documents in the workspace flat folders → there', files: { 'work-space/execution/EXECUTION_TASK_BAR_05_01.md': 'x' }, subplans: 'work-space/subplans/', execution: 'work-space/execution/' },
];

for (const c of cases) {
  test(`flat layout: files created where the prompts say are read (${c.name})`, async () => {
    const root = tempTree({ [`${G}/PLAN_BAR.md`]: c.plan ?? plan, ...c.files });
    const design = await prompt(root);
    assert.equal(design.plan.layout, 'flat');
    assert.equal(design.state, 'no_subplan');
    assert.doesNotMatch(design.prompt, /the plan's \w+\/ folder/);
    assert.equal(folderOf(design.prompt, 'SUBPLAN_BAR_11.md'), c.subplans);
    writeFiles(root, { [`${c.subplans}SUBPLAN_BAR_11.md`]: '# SUBPLAN\n**Achievement**: 1.1\n**Status**: 🎯 Executing\n' });

    const exec = await prompt(root);
    assert.equal(exec.state, 'subplan_no_execution', JSON.stringify(exec.reason));
    assert.equal(folderOf(exec.prompt, 'EXECUTION_TASK_BAR_11_01.md'), c.execution);
    writeFiles(root, { [`${c.execution}EXECUTION_TASK_BAR_11_01.md`]: COMPLETE });
    assert.equal((await prompt(root)).state, 'needs_synthesis');
  });
}

test('flat layout: the PLAN alone in its folder → feedback beside it counts, and the review prompt says so', async () => {
  const root = tempTree({ [`${G}/PLAN_BAR.md`]: plan, [`${G}/subplans/SUBPLAN_BAR_11.md`]: `# SUBPLAN\n${COMPLETE}\n` });
  const review = await prompt(root);
  assert.equal(review.state, 'awaiting_review');
  const folder = folderOf(review.prompt, '');
  assert.equal(folder, `${G}/execution/feedbacks/`);
  writeFiles(root, { [`${folder}APPROVED_11.md`]: 'ok' });
  assert.equal((await prompt(root)).state, 'plan_complete');
});

test('flat layout: a folder shared by two loose PLANs → each reads its own SUBPLANs, neither the unnamed feedback', async () => {
  const root = tempTree({
    [`${G}/PLAN_BAR.md`]: plan,
    [`${G}/PLAN_BAZ.md`]: planText({ title: 'Baz', achievements: ['1.1'] }),
    [`${G}/subplans/SUBPLAN_BAZ_11.md`]: `# SUBPLAN\n${COMPLETE}\n`,
    [`${G}/execution/feedbacks/APPROVED_11.md`]: 'whose?',
  });
  const bar = await prompt(root);
  assert.equal(bar.state, 'no_subplan', 'SUBPLAN_BAZ_11 is not BAR’s, and APPROVED_11 beside two PLANs counts for neither');
  const baz = await prompt(root, 'BAZ');
  assert.equal(baz.state, 'awaiting_review');
  const folder = folderOf(baz.prompt, '');
  assert.equal(folder, 'work-space/execution/feedbacks/', 'the verdict goes where it is read');
  writeFiles(root, { [`${folder}APPROVED_11.md`]: 'ok' });
  assert.equal((await prompt(root, 'BAZ')).state, 'plan_complete');
});

test('flat layout: several loose PLANs share the workspace feedback folder → a verdict there counts only for the plan with its own work on that achievement', async () => {
  const root = tempTree({
    [`${G}/PLAN_BAR.md`]: plan2,
    'work-space/plans/a_other/PLAN_QUX.md': planText({ title: 'Qux', achievements: ['1.1', '1.2'] }),
    'work-space/subplans/SUBPLAN_QUX_12.md': `# SUBPLAN\n${COMPLETE}\n`,
    'work-space/execution/feedbacks/APPROVED_12.md': 'ok',
  });
  const bar = await prompt(root, 'BAR', ['--achievement', '1.2']);
  assert.equal(bar.state, 'no_subplan', 'APPROVED_12 is QUX’s: BAR has no work on 1.2');
  assert.deepEqual(bar.conflicts, []);
  const qux = await prompt(root, 'QUX', ['--achievement', '1.2']);
  assert.equal(qux.state, 'approved');
  // A lone loose PLAN keeps reading the shared folder as before.
  const lone = tempTree({ [`${G}/PLAN_BAR.md`]: plan2, 'work-space/execution/feedbacks/APPROVED_12.md': 'ok' });
  assert.equal((await prompt(lone, 'BAR', ['--achievement', '1.2'])).state, 'approved');
});
