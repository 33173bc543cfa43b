/**
 * State engine, evidence and next-achievement choice, end to end through generate_prompt --json
 * (generation.md §7.1, §7.5, §7.6, §7.7 and the [intended] rebuild cases).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { definition, main } from '../scripts/generation/generate_prompt.ts';
import { COMPLETE, planText, run, tempTree, touch, writeFiles } from './helpers.ts';
import type { GeneratePromptOutput } from '../generated/generate-prompt-output.ts';
import { gatherEvidence, headerAchievement } from '../scripts/lib/evidence.ts';
import { loadPlan, nodeSource } from '../scripts/lib/analysis.ts';
import { findRoot, type PlanLocation } from '../scripts/lib/workspace.ts';

const F = 'TEST-FEATURE';
const P = `work-space/plans/${F}`;
const SP = `${P}/subplans`;
const EX = `${P}/execution`;
const FB = `${EX}/feedbacks`;

function ws(files: Record<string, string>, plan = planText({ achievements: ['0.1', '1.1', '1.2'] })): string {
  return tempTree({ [`${P}/PLAN_${F}.md`]: plan, ...files });
}

async function prompt(root: string, args: string[]): Promise<{ code: number; json: GeneratePromptOutput; err: string }> {
  const r = await run(definition, main, [`@${F}`, '--json', ...args], { cwd: root });
  assert.ok(r.out.trim().startsWith('{'), `expected JSON on stdout, got: ${r.out}\n${r.err}`);
  return { code: r.code, json: JSON.parse(r.out) as GeneratePromptOutput, err: r.err };
}

const table = `## 🔄 Active EXECUTION_TASKs\n\n| Execution | Status |\n|---|---|\n| 01_01 | ✅ Complete |\n| 01_02 | ⏳ Pending |\n`;
const table3 = `## 🔄 Active EXECUTION_TASKs\n\n| 01_01 | a |\n| 01_02 | b |\n| 01_03 | c |\n`;

const cases: Array<{ name: string; files: Record<string, string>; id?: string; state: string; total?: number; completed?: number; check?: (j: GeneratePromptOutput) => void }> = [
  { name: 'no subplans folder → no_subplan', files: {}, state: 'no_subplan' },
  { name: 'SUBPLAN in progress, no execution folder → subplan_no_execution', files: { [`${SP}/SUBPLAN_${F}_01.md`]: '**Status**: ⏳ In Progress' }, state: 'subplan_no_execution', check: (j) => assert.equal(j.nextExecution, `EXECUTION_TASK_${F}_01_01.md`) },
  {
    name: 'one execution in progress → active_execution 1,0',
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: '**Status**: ⏳ In Progress', [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: '**Status**: 🚀 In Progress' },
    state: 'active_execution',
    completed: 0,
    check: (j) => {
      assert.equal(j.executions.length, 1);
      assert.match(j.continueExecution ?? '', /EXECUTION_TASK_TEST-FEATURE_01_01\.md$/);
    },
  },
  {
    name: 'table plans 2, only _01 complete → create_next_execution',
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: `# SUBPLAN\n**Status**: In Progress\n\n${table}`, [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE },
    state: 'create_next_execution',
    check: (j) => {
      assert.equal(j.plannedExecutions, 2);
      assert.equal(j.nextExecution, `EXECUTION_TASK_${F}_01_02.md`);
    },
  },
  { name: 'one complete execution, no table → needs_synthesis', files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE }, state: 'needs_synthesis' },
  {
    name: 'three complete executions → needs_synthesis',
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE, [`${EX}/EXECUTION_TASK_${F}_01_02.md`]: COMPLETE, [`${EX}/EXECUTION_TASK_${F}_01_03.md`]: COMPLETE },
    state: 'needs_synthesis',
  },
  {
    name: 'table of 3, _01 _02 complete, _03 in progress → active_execution 3,2',
    files: {
      [`${SP}/SUBPLAN_${F}_01.md`]: table3,
      [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE,
      [`${EX}/EXECUTION_TASK_${F}_01_02.md`]: COMPLETE,
      [`${EX}/EXECUTION_TASK_${F}_01_03.md`]: '**Status**: 🚀 In Progress',
    },
    state: 'active_execution',
    check: (j) => {
      assert.equal(j.plannedExecutions, 3);
      assert.equal(j.executions.filter((e) => e.complete).length, 2);
    },
  },
  {
    name: 'complete + in progress + planning → active_execution, continue the first open one',
    files: {
      [`${SP}/SUBPLAN_${F}_01.md`]: 'x',
      [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE,
      [`${EX}/EXECUTION_TASK_${F}_01_02.md`]: '**Status**: 🚀 In Progress',
      [`${EX}/EXECUTION_TASK_${F}_01_03.md`]: '**Status**: 📋 Planning',
    },
    state: 'active_execution',
    check: (j) => assert.match(j.continueExecution ?? '', /_01_02\.md$/),
  },
  { name: 'SUBPLAN header complete → awaiting_review', files: { [`${SP}/SUBPLAN_${F}_01.md`]: `# SUBPLAN\n${COMPLETE}\n` }, state: 'awaiting_review' },
  { name: 'only a _V2 variant in progress counts → active_execution', files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`${EX}/EXECUTION_TASK_${F}_01_01_V2.md`]: 'in progress' }, state: 'active_execution' },
  { name: 'execution without status counts as incomplete', files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: 'garbage \u0001 text' }, state: 'active_execution' },
  { name: 'EXECUTION_TASK_WRONG_NAME.md is ignored', files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`${EX}/EXECUTION_TASK_WRONG_NAME.md`]: COMPLETE }, state: 'subplan_no_execution' },
  { name: 'SUBPLAN without any status line does not crash', files: { [`${SP}/SUBPLAN_${F}_01.md`]: '# SUBPLAN\n\nNo status here.\n' }, state: 'subplan_no_execution' },
  { name: 'an empty SUBPLAN is a placeholder', files: { [`${SP}/SUBPLAN_${F}_01.md`]: '  \n' }, state: 'subplan_placeholder' },
  { name: 'achievement 1.2 → SUBPLAN _12', files: { [`${SP}/SUBPLAN_${F}_12.md`]: 'x' }, id: '1.2', state: 'subplan_no_execution', check: (j) => assert.match(j.subplan ?? '', /SUBPLAN_TEST-FEATURE_12\.md$/) },
  { name: 'FIX without APPROVED → needs_fix', files: { [`${FB}/FIX_01.md`]: '# FIX REQUIRED' }, state: 'needs_fix', check: (j) => assert.match(j.fixFile ?? '', /FIX_01\.md$/) },
  { name: 'APPROVED beats FIX → approved', files: { [`${FB}/FIX_01.md`]: 'x', [`${FB}/APPROVED_01.md`]: 'x' }, state: 'approved' },
  { name: 'APPROVED → approved, no further detection', files: { [`${FB}/APPROVED_01.md`]: 'x', [`${SP}/SUBPLAN_${F}_01.md`]: 'x' }, state: 'approved', check: (j) => assert.equal(j.completion, 'approved') },
  { name: 'SKIPPED → skipped', files: { [`${EX}/SKIPPED_01.md`]: 'not needed' }, state: 'skipped', check: (j) => assert.equal(j.completion, 'skipped') },
  { name: 'placeholder SUBPLAN → subplan_placeholder', files: { [`${SP}/SUBPLAN_${F}_01.md`]: '## Objective\n[TO BE FILLED BY DESIGNER]\n' }, state: 'subplan_placeholder' },
  {
    name: 'placeholder EXECUTION is not real work',
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: '[TO BE FILLED]' },
    state: 'subplan_no_execution',
    check: (j) => assert.ok(j.reason.some((r) => r.includes('placeholder'))),
  },
  { name: 'flat-only SUBPLAN is found [intended]', files: { [`work-space/subplans/SUBPLAN_${F}_01.md`]: 'x' }, state: 'subplan_no_execution' },
  // Archived copies are history: finished work in them counts, unfinished work is never open or continued.
  {
    name: 'live execution complete + unfinished archived copy in work-space/archive/ → needs_synthesis, the copy left out of the prompt',
    files: {
      [`${SP}/SUBPLAN_${F}_01.md`]: 'x',
      [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE,
      [`work-space/archive/EXECUTION_TASK_${F}_01_01_NESTED_ARCHIVED.md`]: '**Status**: In Progress',
    },
    state: 'needs_synthesis',
    check: (j) => {
      assert.equal(j.executions.find((e) => e.name.endsWith('_NESTED_ARCHIVED.md'))?.archived, true);
      // Not listed for reading (nor among the proof files); the reason says why it is left out.
      assert.doesNotMatch(j.prompt, /✅ @\S*NESTED_ARCHIVED/);
      assert.ok(!j.files.some((f) => f.includes('NESTED_ARCHIVED')), j.files.join('\n'));
      assert.match(j.reason.join(' '), /_NESTED_ARCHIVED\.md is an archived copy, not complete: archived copies are history and are not continued/);
    },
  },
  {
    name: 'live execution open + unfinished archived copies → active_execution continues the live one, counted alone',
    files: {
      [`${SP}/SUBPLAN_${F}_01.md`]: 'x',
      [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: '**Status**: In Progress',
      [`work-space/archive/EXECUTION_TASK_${F}_01_01_ARCHIVED.md`]: '**Status**: In Progress',
      [`feature-archive/${F}/execution/EXECUTION_TASK_${F}_01_02.md`]: '**Status**: In Progress',
    },
    state: 'active_execution',
    check: (j) => {
      assert.equal(j.continueExecution, `${EX}/EXECUTION_TASK_${F}_01_01.md`);
      assert.match(j.reason.join(' '), /^1 of 1 EXECUTION_TASK is not marked/);
      assert.ok(!j.notes.some((n) => /open at once/.test(n)), j.notes.join('\n'));
    },
  },
  {
    name: 'only an unfinished archived copy → subplan_no_execution, the next number beyond it',
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`feature-archive/${F}/execution/EXECUTION_TASK_${F}_01_01.md`]: '**Status**: In Progress' },
    state: 'subplan_no_execution',
    check: (j) => {
      assert.equal(j.nextExecution, `EXECUTION_TASK_${F}_01_02.md`);
      assert.match(j.reason.join(' '), /EXECUTION_TASK_TEST-FEATURE_01_01\.md is an archived copy, not complete: archived copies are history/);
      assert.equal(j.continueExecution, undefined);
    },
  },
  {
    name: 'planned second execution whose only copy is archived and unfinished → create_next_execution (the copy is not "created")',
    files: {
      [`${SP}/SUBPLAN_${F}_01.md`]: `# SUBPLAN\n**Status**: In Progress\n\n${table}`,
      [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE,
      [`work-space/archive/EXECUTION_TASK_${F}_01_02_ARCHIVED.md`]: '**Status**: In Progress',
    },
    state: 'create_next_execution',
    check: (j) => assert.equal(j.nextExecution, `EXECUTION_TASK_${F}_01_02.md`),
  },
  {
    name: 'live placeholder + unfinished archived copy → subplan_no_execution: fill in the placeholder, both named in the reason',
    files: {
      [`${SP}/SUBPLAN_${F}_01.md`]: 'x',
      [`${EX}/EXECUTION_TASK_${F}_01_02.md`]: '[TO BE FILLED]',
      [`work-space/archive/EXECUTION_TASK_${F}_01_01_ARCHIVED.md`]: '**Status**: In Progress',
    },
    state: 'subplan_no_execution',
    check: (j) => {
      assert.equal(j.nextExecution, `EXECUTION_TASK_${F}_01_02.md`);
      assert.match(j.reason.join(' '), /EXECUTION_TASK_TEST-FEATURE_01_02\.md is a placeholder .* EXECUTION_TASK_TEST-FEATURE_01_01_ARCHIVED\.md is an archived copy/);
    },
  },
  {
    name: 'the only SUBPLAN is an unfinished archived copy → no_subplan: a new one in the plan folder, never the archived file',
    files: { [`work-space/archive/SUBPLAN_${F}_01_ARCHIVED.md`]: '**Status**: In Progress' },
    state: 'no_subplan',
    check: (j) => {
      assert.equal(j.subplan, undefined);
      assert.match(j.reason.join(' '), /SUBPLAN_TEST-FEATURE_01_ARCHIVED\.md is an archived copy, not complete/);
      assert.match(j.prompt, /SUBPLAN_TEST-FEATURE_01\.md/);
      assert.doesNotMatch(j.prompt, /@SUBPLAN_TEST-FEATURE_01_ARCHIVED\.md/);
    },
  },
  {
    name: 'an unfinished archived SUBPLAN beside a live one → the live one is the working SUBPLAN',
    files: { [`work-space/archive/SUBPLAN_${F}_01_ARCHIVED.md`]: '**Status**: In Progress', [`${SP}/SUBPLAN_${F}_01.md`]: 'x' },
    state: 'subplan_no_execution',
    check: (j) => assert.equal(j.subplan, `${SP}/SUBPLAN_${F}_01.md`),
  },
  {
    name: 'only a finished archived copy → needs_synthesis (its work counts)',
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`work-space/archive/EXECUTION_TASK_${F}_01_01_ARCHIVED.md`]: COMPLETE },
    state: 'needs_synthesis',
    check: (j) => assert.match(j.prompt, /EXECUTION_TASK_TEST-FEATURE_01_01_ARCHIVED\.md/),
  },
];

for (const c of cases) {
  test(`state: ${c.name}`, async () => {
    const root = ws(c.files);
    const { code, json } = await prompt(root, ['--achievement', c.id ?? '0.1']);
    assert.equal(code, 0);
    assert.equal(json.state, c.state);
    if (c.completed !== undefined) assert.equal(json.executions.filter((e) => e.complete).length, c.completed);
    c.check?.(json);
  });
}

test('nested SUBPLAN wins over a flat copy', async () => {
  const root = ws({ [`work-space/subplans/SUBPLAN_${F}_01.md`]: COMPLETE, [`${SP}/SUBPLAN_${F}_01.md`]: '**Status**: in progress' });
  const { json } = await prompt(root, ['--achievement', '0.1']);
  assert.equal(json.subplan, `${SP}/SUBPLAN_${F}_01.md`);
  assert.equal(json.state, 'subplan_no_execution');
});

test('FIX_NN_RESOLUTION newer than the FIX → fix_submitted; older → needs_fix', async () => {
  const root = ws({ [`${FB}/FIX_01.md`]: 'fix', [`${FB}/FIX_01_RESOLUTION.md`]: 'done' });
  touch(join(root, FB, 'FIX_01.md'), 1_000_000);
  touch(join(root, FB, 'FIX_01_RESOLUTION.md'), 2_000_000);
  assert.equal((await prompt(root, ['--achievement', '0.1'])).json.state, 'fix_submitted');
  touch(join(root, FB, 'FIX_01.md'), 3_000_000);
  const again = await prompt(root, ['--achievement', '0.1']);
  assert.equal(again.json.state, 'needs_fix');
  assert.ok(again.json.reason.some((r) => r.includes('older')));
});

test('a FIX found only in the archive: its answer is written to the live feedback folder, never into the archive', async () => {
  const archived = `feature-archive/${F}/execution/feedbacks`;
  const root = ws({ [`${archived}/FIX_01.md`]: 'fix the tests' });
  const fix = await prompt(root, ['--achievement', '0.1']);
  assert.equal(fix.json.state, 'needs_fix');
  assert.match(fix.json.prompt, new RegExp(`Write FIX_01_RESOLUTION\\.md in ${FB}/ \\(FIX_01\\.md is an archived copy: nothing is written into the archive\\)`));
  // Written where the prompt says, the answer is found and counts.
  touch(join(root, archived, 'FIX_01.md'), 1_000_000);
  writeFiles(root, { [`${FB}/FIX_01_RESOLUTION.md`]: 'done' });
  touch(join(root, FB, 'FIX_01_RESOLUTION.md'), 2_000_000);
  assert.equal((await prompt(root, ['--achievement', '0.1'])).json.state, 'fix_submitted');
  // A live FIX keeps its answer next to it.
  const live = await prompt(ws({ [`${FB}/FIX_01.md`]: 'fix' }), ['--achievement', '0.1']);
  assert.match(live.json.prompt, new RegExp(`Write FIX_01_RESOLUTION\\.md next to FIX_01\\.md in ${FB}/`));
});

test('legacy sequential numbering: the **Achievement** header is the link', async () => {
  const root = ws({
    [`${SP}/SUBPLAN_${F}_02.md`]: '# SUBPLAN\n**Achievement**: 1.2\n**Status**: ✅ Complete\n',
    [`${EX}/EXECUTION_TASK_${F}_02_01.md`]: `**Achievement**: 1.2\n${COMPLETE}`,
  });
  const { json } = await prompt(root, ['--achievement', '1.2']);
  assert.equal(json.state, 'awaiting_review');
  assert.match(json.subplan ?? '', /SUBPLAN_TEST-FEATURE_02\.md$/);
  const first = await prompt(root, ['--achievement', '0.1']);
  assert.equal(first.json.state, 'no_subplan', '_02 must not be read as 0.2/0.1 when its header says 1.2');
});

// §7.6 next-achievement selection
const nextCases: Array<{ name: string; plan: string; files?: Record<string, string>; expect: string | null; warning?: string }> = [
  { name: 'handoff names 1.2', plan: planText({ achievements: ['1.1', '1.2'], next: '1.2' }), expect: '1.2' },
  { name: 'handoff names unknown 3.4 → warning + first', plan: planText({ achievements: ['0.1', '1.1', '1.2'], next: '3.4' }), expect: '0.1', warning: 'W-NEXT-UNKNOWN' },
  { name: 'unknown 1.6 with 0.1 approved → 1.1', plan: planText({ achievements: ['0.1', '1.1', '1.2'], next: '1.6' }), files: { [`${FB}/APPROVED_01.md`]: 'x' }, expect: '1.1', warning: 'W-NEXT-UNKNOWN' },
  { name: 'handoff names approved 1.1 → warning + 0.1', plan: planText({ achievements: ['0.1', '1.1', '1.2'], next: '1.1' }), files: { [`${FB}/APPROVED_11.md`]: 'x' }, expect: '0.1', warning: 'W-NEXT-DONE' },
  { name: 'Status Planning, no Next → first', plan: planText({ achievements: ['0.1', '1.1'], status: 'Planning' }), expect: '0.1' },
  { name: 'handoff wins over Planning status', plan: planText({ achievements: ['0.1', '1.1', '1.2'], status: 'Planning', next: '1.2' }), expect: '1.2' },
  { name: 'root fallback: APPROVED_01 → 1.1', plan: planText({ achievements: ['0.1', '1.1', '1.2'] }), files: { [`${FB}/APPROVED_01.md`]: 'x' }, expect: '1.1' },
  {
    name: 'all approved → plan complete regardless of handoff',
    plan: planText({ achievements: ['1.1', '1.2'], next: '1.2' }),
    files: { [`${FB}/APPROVED_11.md`]: 'x', [`${FB}/APPROVED_12.md`]: 'x' },
    expect: null,
  },
  {
    name: 'edited handoff: ✅ 1.2 Complete + ⏳ Next 1.3 → 1.3',
    plan: planText({ achievements: ['1.1', '1.2', '1.3'], handoffExtra: '- ✅ Achievement 1.2 Complete\n- ⏳ Next: Achievement 1.3' }),
    files: { [`${FB}/APPROVED_11.md`]: 'x', [`${FB}/APPROVED_12.md`]: 'x' },
    expect: '1.3',
  },
  { name: 'skipped achievements are passed over', plan: planText({ achievements: ['0.1', '1.1'] }), files: { [`${EX}/SKIPPED_01.md`]: 'x' }, expect: '1.1' },
];

for (const c of nextCases) {
  test(`next: ${c.name}`, async () => {
    const root = ws(c.files ?? {}, c.plan);
    const { code, json } = await prompt(root, ['--next']);
    assert.equal(code, 0);
    if (c.expect === null) {
      assert.equal(json.state, 'plan_complete');
      assert.equal(json.achievement, null);
      assert.match(json.prompt, /PLAN COMPLETE/);
    } else {
      assert.equal(json.achievement?.id, c.expect);
    }
    if (c.warning) {
      assert.ok(json.warnings.some((w) => w.code === c.warning), JSON.stringify(json.warnings));
      // The fallback is told in the selection reason; the warning (shown with --achievement too) does not claim one.
      assert.match(json.selection.reason.join(' '), /is the first achievement in PLAN order that is not done \(the PLAN's next, Achievement \S+ at line \d+, is (already done|not defined)\)/);
      const explicit = await prompt(root, ['--achievement', c.expect ?? '']);
      const w = explicit.json.warnings.find((x) => x.code === c.warning);
      assert.ok(w, `${c.warning} is still reported with --achievement`);
      assert.doesNotMatch(w.message, /falling back/);
    }
  });
}

test('PLAN markdown claims never complete a plan that keeps review files (§7.1)', async () => {
  const plan = planText({ achievements: ['1.1', '2.1'], handoffExtra: '- ✅ Achievement 1.1 complete\n**Status**: Achievement 2.1 Complete ✅' });
  const root = ws({ [`${FB}/FIX_11.md`]: 'x' }, plan);
  const { json } = await prompt(root, ['--next']);
  assert.notEqual(json.state, 'plan_complete');
  assert.equal(json.progress.done, 0);
  assert.ok(json.conflicts.some((c) => c.type === 'plan_text_vs_filesystem' && !c.blocking));
});

test('legacy plan without review files: plan text counts (auto), --trust-filesystem ignores it, --trust-plan forces it', async () => {
  const plan = planText({ achievements: [['1.1', 'First ✅'], '2.1'] });
  const root = ws({}, plan);
  const auto = await prompt(root, ['--next']);
  assert.equal(auto.json.achievement?.id, '2.1');
  assert.equal(auto.json.progress.planText, 1);
  const fsOnly = await prompt(root, ['--next', '--trust-filesystem']);
  assert.equal(fsOnly.json.achievement?.id, '1.1');
  const done = await prompt(root, ['--achievement', '1.1']);
  assert.equal(done.json.state, 'approved');
  assert.equal(done.json.completion, 'plan_text');
  assert.match(done.json.prompt, /complete per the PLAN text/);

  const withReviews = ws({ [`${FB}/APPROVED_21.md`]: 'x' }, plan);
  const strict = await prompt(withReviews, ['--next']);
  assert.equal(strict.json.achievement?.id, '1.1', 'a plan with review files trusts files, not text');
  const trusting = await prompt(withReviews, ['--next', '--trust-plan']);
  assert.equal(trusting.json.state, 'plan_complete');
});

// §7.7 conflicts
test('APPROVED_99 not in the PLAN → blocking conflict, exit 3, message names 9.9', async () => {
  const root = ws({ [`${FB}/APPROVED_99.md`]: 'x' });
  const r = await run(definition, main, [`@${F}`, '--next'], { cwd: root });
  assert.equal(r.code, 3);
  assert.equal(r.out, '', 'no prompt on stdout when blocked');
  assert.match(r.err, /CONFLICT DETECTED/);
  assert.match(r.err, /9\.9/);
  assert.match(r.err, /not in Achievement Index/);
  assert.match(r.err, /--trust-plan/);
  assert.match(r.err, /--trust-filesystem/);
});

test('conflict kinds: orphan SUBPLAN blocking, orphan EXECUTION not blocking, two conflicts counted', async () => {
  const root = ws({ [`${FB}/APPROVED_98.md`]: 'x', [`${SP}/SUBPLAN_${F}_99.md`]: 'x', [`${EX}/EXECUTION_TASK_${F}_97_01.md`]: 'x' });
  const { code, json } = await prompt(root, ['--next']);
  assert.equal(code, 3);
  const types = json.conflicts.map((c) => `${c.type}:${c.blocking}`).sort();
  assert.deepEqual(types, ['achievement_not_in_index:true', 'orphaned_execution:false', 'orphaned_work:true']);
  for (const c of json.conflicts) for (const k of ['message', 'filesystem', 'plan', 'likelyCause', 'resolution'] as const) assert.ok(c[k].length > 0);
});

test('orphan EXECUTION only → no blocking conflict; trust flags skip conflicts; --achievement is never blocked', async () => {
  const root = ws({ [`${EX}/EXECUTION_TASK_${F}_97_01.md`]: 'x' });
  assert.equal((await prompt(root, ['--next'])).code, 0);
  const blocked = ws({ [`${FB}/APPROVED_99.md`]: 'x', [`${FB}/FIX_88.md`]: 'x' });
  assert.equal((await prompt(blocked, ['--next', '--trust-plan'])).code, 0);
  assert.equal((await prompt(blocked, ['--next', '--trust-filesystem'])).code, 0);
  assert.equal((await prompt(blocked, ['--achievement', '0.1'])).code, 0);
  const j = (await prompt(blocked, ['--next'])).json;
  assert.ok(j.conflicts.some((c) => c.type === 'orphaned_fix' && c.blocking));
  // --json says whether the command stopped (exit 3), not only which conflicts could stop it.
  assert.equal(j.blocked, true);
  for (const argv of [['--next', '--trust-plan'], ['--next', '--trust-filesystem'], ['--achievement', '0.1']]) {
    const r = await prompt(blocked, argv);
    assert.equal(r.json.blocked, false, argv.join(' '));
  }
  assert.equal((await prompt(root, ['--next'])).json.blocked, false);
});

test('several achievements in progress and several open executions are reported as notes', async () => {
  const root = ws({
    [`${SP}/SUBPLAN_${F}_01.md`]: 'x',
    [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: 'open',
    [`${EX}/EXECUTION_TASK_${F}_01_02.md`]: 'open',
    [`${SP}/SUBPLAN_${F}_11.md`]: 'x',
    [`${EX}/EXECUTION_TASK_${F}_11_01.md`]: 'open',
  });
  const { json } = await prompt(root, ['--next']);
  assert.equal(json.achievement?.id, '0.1');
  assert.ok(json.notes.some((n) => n.includes('Several achievements are in progress') && n.includes('1.1')));
  assert.ok(json.notes.some((n) => n.includes('0.1 has 2 EXECUTION_TASKs open')));
});

test('id collisions (1.11 / 11.1) are reported', async () => {
  const root = ws({}, planText({ achievements: ['1.11', '11.1'] }));
  const { json } = await prompt(root, ['--next']);
  assert.ok(json.warnings.some((w) => w.code === 'W-ID-COLLISION'));
});

test('reason and evidence files are given for every state', async () => {
  const root = ws({ [`${SP}/SUBPLAN_${F}_01.md`]: 'x', [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: 'open' });
  const { json } = await prompt(root, ['--achievement', '0.1']);
  assert.ok(json.reason.length > 0);
  assert.deepEqual(json.files, [`${SP}/SUBPLAN_${F}_01.md`, `${EX}/EXECUTION_TASK_${F}_01_01.md`]);
  assert.equal(json.commands.self, `generate_prompt @${F} --achievement 0.1`);
  assert.equal(json.commands.next, `generate_prompt @${F} --next`);
  writeFiles(root, { [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: COMPLETE });
  assert.equal((await prompt(root, ['--achievement', '0.1'])).json.state, 'needs_synthesis');
});

// Legacy sequential numbering: a proposed name is never a file of another achievement, and the reason is true.
const namingCases: Array<{ name: string; files: Record<string, string>; plan?: string; id: string; subplan: string; execution: string; reason: RegExp; note?: RegExp }> = [
  {
    name: 'own code free → the achievement-coded name',
    files: {},
    id: '0.1',
    subplan: `SUBPLAN_${F}_01.md`,
    execution: `EXECUTION_TASK_${F}_01_01.md`,
    reason: /^No SUBPLAN_TEST-FEATURE_01\.md was found/,
  },
  {
    name: 'SUBPLAN_01 is 1.1 by its header → next free number 02, header is the link',
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: '# SUBPLAN: Core\n**Achievement**: 1.1\n**Status**: 🎯 Executing\n' },
    id: '0.1',
    subplan: `SUBPLAN_${F}_02.md`,
    execution: `EXECUTION_TASK_${F}_02_01.md`,
    reason: /SUBPLAN_TEST-FEATURE_01\.md exists but belongs to Achievement 1\.1/,
    note: /next free number, 02; its \*\*Achievement\*\*: 0\.1 header/,
  },
  {
    name: 'only an EXECUTION_TASK_01_01 of 1.1 (header) holds the number → 02 as well',
    files: { [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: '**Achievement**: 1.1\n' },
    id: '0.1',
    subplan: `SUBPLAN_${F}_02.md`,
    execution: `EXECUTION_TASK_${F}_02_01.md`,
    reason: /EXECUTION_TASK_TEST-FEATURE_01_01\.md exists but belongs to Achievement 1\.1/,
  },
  {
    name: '02 also taken, 03 is a PLAN code → 04',
    plan: planText({ achievements: ['0.1', '0.3', '1.1'] }),
    files: { [`${SP}/SUBPLAN_${F}_01.md`]: '**Achievement**: 1.1\n', [`${SP}/SUBPLAN_${F}_02.md`]: '**Achievement**: 0.3\n' },
    id: '0.1',
    subplan: `SUBPLAN_${F}_04.md`,
    execution: `EXECUTION_TASK_${F}_04_01.md`,
    reason: /belongs to Achievement 1\.1/,
  },
];

for (const c of namingCases) {
  test(`naming: ${c.name}`, async () => {
    const root = ws(c.files, c.plan);
    const { code, json } = await prompt(root, ['--achievement', c.id]);
    assert.equal(code, 0);
    assert.equal(json.state, 'no_subplan');
    assert.match(json.reason.join(' '), c.reason);
    assert.ok(json.prompt.includes(`1. Create ${c.subplan} `), json.prompt);
    assert.ok(json.prompt.includes(`The executor creates ${c.execution} `), json.prompt);
    assert.ok(json.prompt.includes(`| ${c.subplan.slice(-5, -3)}_01 |`), 'the table rows carry the same number');
    if (c.note) assert.match(json.prompt, c.note);
    // The prompt says why exactly when the name is not the achievement's own.
    if (c.subplan === `SUBPLAN_${F}_${c.id.replace('.', '')}.md`) assert.doesNotMatch(json.prompt, /is taken/);
    else assert.match(json.prompt, new RegExp(`⚠️ .* is taken: .*the next free number, ${c.subplan.slice(-5, -3)}`));
  });
}

test('naming: the proposed SUBPLAN, once written, is the achievement’s; its executions follow its number', async () => {
  const root = ws({ [`${SP}/SUBPLAN_${F}_01.md`]: '**Achievement**: 1.1\n**Status**: 🎯 Executing\n' });
  writeFiles(root, { [`${SP}/SUBPLAN_${F}_02.md`]: '# SUBPLAN\n**Achievement**: 0.1\n**Status**: 📋 Design Phase\n' });
  const first = await prompt(root, ['--achievement', '0.1']);
  assert.equal(first.json.state, 'subplan_no_execution');
  assert.equal(first.json.nextExecution, `EXECUTION_TASK_${F}_02_01.md`);
  const core = await prompt(root, ['--achievement', '1.1']);
  assert.equal(core.json.subplan, `${SP}/SUBPLAN_${F}_01.md`);
  assert.equal(core.json.nextExecution, `EXECUTION_TASK_${F}_01_01.md`);
});

// §1.2: a file code that stands for several PLAN ids is ambiguous, not an id missing from the index.
const collisionPlan = planText({ achievements: ['1.1', '1.11', '11.1'] });
const collisionCases: Array<{ name: string; files: Record<string, string>; file: string; check?: (j: GeneratePromptOutput) => Promise<void> | void }> = [
  { name: 'APPROVED_111 counts for neither 1.11 nor 11.1', files: { [`${FB}/APPROVED_111.md`]: 'ok' }, file: `${FB}/APPROVED_111.md`, check: (j) => assert.equal(j.progress.done, 0) },
  { name: 'FIX_111 is no orphaned FIX', files: { [`${FB}/FIX_111.md`]: 'fix' }, file: `${FB}/FIX_111.md` },
  {
    name: 'SUBPLAN_111 without header is no orphaned work; 1.11 is told to add the header or take a free number',
    files: { [`${SP}/SUBPLAN_${F}_111.md`]: '# SUBPLAN\n**Status**: 🎯 Executing\n' },
    file: `${SP}/SUBPLAN_${F}_111.md`,
  },
];

for (const c of collisionCases) {
  test(`id collision: ${c.name} → W-ID-COLLISION on the file, no conflict, exit 0`, async () => {
    const root = ws(c.files, collisionPlan);
    const { code, json } = await prompt(root, ['--next']);
    assert.equal(code, 0, JSON.stringify(json.conflicts));
    assert.deepEqual(json.conflicts, []);
    assert.ok(json.warnings.some((w) => w.code === 'W-ID-COLLISION' && w.file === c.file && /1\.11 and 11\.1/.test(w.message)), JSON.stringify(json.warnings));
    assert.ok(json.warnings.some((w) => w.code === 'W-ID-COLLISION' && w.file === `${P}/PLAN_${F}.md`), 'the PLAN-level collision warning stays');
    await c.check?.(json);
  });
}

test('id collision: the header decides; the other achievement gets a free number and the prompt says why', async () => {
  const root = ws({ [`${SP}/SUBPLAN_${F}_111.md`]: '# SUBPLAN\n**Achievement**: 11.1\n**Status**: 🎯 Executing\n' }, collisionPlan);
  assert.equal((await prompt(root, ['--achievement', '11.1'])).json.state, 'subplan_no_execution');
  const other = await prompt(root, ['--achievement', '1.11']);
  assert.equal(other.json.state, 'no_subplan');
  assert.match(other.json.reason.join(' '), /SUBPLAN_TEST-FEATURE_111\.md exists but belongs to Achievement 11\.1/);
  assert.ok(other.json.prompt.includes(`1. Create SUBPLAN_${F}_01.md `), other.json.prompt);

  const unlinked = ws({ [`${SP}/SUBPLAN_${F}_111.md`]: '# SUBPLAN\n' }, collisionPlan);
  const told = await prompt(unlinked, ['--achievement', '1.11']);
  assert.match(told.json.prompt, /If SUBPLAN_TEST-FEATURE_111\.md is in fact the SUBPLAN of Achievement 1\.11, add \*\*Achievement\*\*: 1\.11 to its header/);
});

// The head parser: the `**Achievement**` line always; a first heading naming the achievement only for verdicts.
const headCases: Array<{ head: string; plain?: string; verdict?: string }> = [
  { head: '# SUBPLAN\n\n**Achievement**: 11.1\n', plain: '11.1', verdict: '11.1' },
  { head: '- **Achievement Addressed**: **Achievement 1.11**\n', plain: '1.11', verdict: '1.11' },
  { head: '**Achievement**: 2.1.3 — Title\n', plain: '2.1.3', verdict: '2.1.3' },
  { head: '**Achievement**: 1.2.3.4\n' },
  { head: '# APPROVED: Achievement 11.1\n\n**Status**: ✅ APPROVED\n', verdict: '11.1' },
  { head: '\r\n## FIX REQUIRED: Achievement 1.11 — parser\r\n', verdict: '1.11' },
  { head: '# SKIPPED: achievement 11.1\n', verdict: '11.1' },
  { head: '# Achievement 11.1\n**Achievement**: 1.11\n', plain: '1.11', verdict: '1.11' },
  { head: '# APPROVED: Achievement 11.12\n' , verdict: '11.12' },
  { head: '# APPROVED\n\n## Achievement 11.1\n' },
  { head: '```\n# APPROVED: Achievement 1.11\n```\n# APPROVED: Achievement 11.1\n', verdict: '11.1' },
  { head: 'Achievement 11.1 looks good\n' },
  { head: '#APPROVED: Achievement 11.1\n' },
  { head: '# APPROVED: Achievements 11.1\n' },
];
for (const c of headCases) {
  test(`headerAchievement: ${JSON.stringify(c.head)} → ${c.plain ?? '-'} / verdict ${c.verdict ?? '-'}`, () => {
    assert.equal(headerAchievement(c.head), c.plain);
    assert.equal(headerAchievement(c.head, true), c.verdict);
  });
}

const subplan111 = { [`${SP}/SUBPLAN_${F}_111.md`]: '# SUBPLAN\n\n**Achievement**: 11.1\n**Status**: ✅ Complete\n\nx\n' };

test('id collision: the review prompt asks for the **Achievement** line; APPROVED_111 with it (or its heading) approves 11.1 only', async () => {
  const root = ws(subplan111, collisionPlan);
  const review = await prompt(root, ['--achievement', '11.1']);
  assert.equal(review.json.state, 'awaiting_review');
  assert.match(review.json.prompt, /⚠️ Put the line \*\*Achievement\*\*: 11\.1 under the title of APPROVED_111\.md \/ FIX_111\.md: the number 111 also stands for Achievement 1\.11, so that header is what links it/);
  for (const text of ['# APPROVED: Achievement 11.1\n\n**Status**: ✅ APPROVED\n', '# APPROVED\n\n**Achievement**: 11.1\n**Status**: ✅ APPROVED\n']) {
    writeFiles(root, { [`${FB}/APPROVED_111.md`]: text });
    const after = await prompt(root, ['--achievement', '11.1']);
    assert.equal(after.json.state, 'approved', text);
    assert.equal(after.code, 0);
    assert.ok(!after.json.warnings.some((w) => w.file === `${FB}/APPROVED_111.md`), JSON.stringify(after.json.warnings));
    assert.notEqual((await prompt(root, ['--achievement', '1.11'])).json.state, 'approved');
    assert.equal((await prompt(root, ['--next'])).json.progress.done, 1);
  }
});

// Verdicts of a shared code: linked by their head to one of the ids it stands for, else ambiguous (as before).
const verdictCases: Array<{ name: string; files: Record<string, string>; id: string; state: string; ambiguous?: string; note?: RegExp }> = [
  { name: 'FIX_111 with header → needs_fix, the fix prompt asks for the header in the resolution', files: { ...subplan111, [`${FB}/FIX_111.md`]: '# FIX REQUIRED: Achievement 11.1\n' }, id: '11.1', state: 'needs_fix', note: /⚠️ Put the line \*\*Achievement\*\*: 11\.1 under the title of FIX_111_RESOLUTION\.md/ },
  {
    name: 'FIX_111_RESOLUTION with header → fix_submitted, the re-review asks for it in the verdict',
    files: { ...subplan111, [`${FB}/FIX_111.md`]: '**Achievement**: 11.1\n', [`${FB}/FIX_111_RESOLUTION.md`]: '# FIX RESOLUTION: Achievement 11.1\n' },
    id: '11.1',
    state: 'fix_submitted',
    note: /⚠️ Put the line \*\*Achievement\*\*: 11\.1 under the title of APPROVED_111\.md \/ FIX_111\.md/,
  },
  { name: 'FIX_111_RESOLUTION without header answers no FIX', files: { ...subplan111, [`${FB}/FIX_111.md`]: '**Achievement**: 11.1\n', [`${FB}/FIX_111_RESOLUTION.md`]: 'done\n' }, id: '11.1', state: 'needs_fix', ambiguous: `${FB}/FIX_111_RESOLUTION.md` },
  { name: 'SKIPPED_111 with heading → 1.11 skipped', files: { [`${FB}/SKIPPED_111.md`]: '# SKIPPED: Achievement 1.11\n' }, id: '1.11', state: 'skipped' },
  { name: 'SKIPPED_111 for 1.11 leaves 11.1 open', files: { ...subplan111, [`${FB}/SKIPPED_111.md`]: '**Achievement**: 1.11\n' }, id: '11.1', state: 'awaiting_review' },
  { name: 'a header naming an id the code does not stand for links nothing', files: { ...subplan111, [`${FB}/APPROVED_111.md`]: '**Achievement**: 1.1\n' }, id: '11.1', state: 'awaiting_review', ambiguous: `${FB}/APPROVED_111.md` },
];
for (const c of verdictCases) {
  test(`id collision verdict: ${c.name}`, async () => {
    const root = ws(c.files, collisionPlan);
    const { code, json } = await prompt(root, ['--achievement', c.id]);
    assert.equal(code, 0);
    assert.equal(json.state, c.state, json.reason.join(' '));
    assert.deepEqual(json.conflicts, []);
    const fileWarnings = json.warnings.filter((w) => w.code === 'W-ID-COLLISION' && w.file !== `${P}/PLAN_${F}.md`).map((w) => w.file);
    assert.deepEqual(fileWarnings, c.ambiguous ? [c.ambiguous] : []);
    if (c.ambiguous) assert.ok(json.warnings.some((w) => w.hint?.includes(`Add an **Achievement**: X.Y header (one of 1.11, 11.1)`)), JSON.stringify(json.warnings));
    if (c.note) assert.match(json.prompt, c.note);
  });
}

test('no collision → no note in the review prompt, and no verdict head is read', async () => {
  const root = ws({
    ...subplan111,
    [`${SP}/SUBPLAN_${F}_11.md`]: '**Status**: ✅ Complete\n',
    [`${FB}/APPROVED_01.md`]: 'ok',
    [`${FB}/FIX_11.md`]: 'fix',
    [`${FB}/FIX_11_RESOLUTION.md`]: 'done',
    [`${FB}/SKIPPED_12.md`]: 'skip',
    [`${FB}/APPROVED_111.md`]: '# APPROVED: Achievement 11.1\n',
  });
  assert.doesNotMatch((await prompt(root, ['--achievement', '1.1'])).json.prompt, /Put the line/);
  const heads: string[] = [];
  const inner = nodeSource();
  const src = { ...inner, head: (p: string) => (heads.push(p), inner.head(p)) };
  const planFile = join(root, P, `PLAN_${F}.md`);
  const loc: PlanLocation = { feature: F, planFile, dir: join(root, P), layout: 'nested', area: 'plans' };
  const readHeads = (plan: string) => {
    writeFiles(root, { [`${P}/PLAN_${F}.md`]: plan });
    heads.length = 0;
    const ev = gatherEvidence(findRoot(root), loc, loadPlan(loc, src), src);
    return { ev, verdicts: heads.filter((h) => h.includes('/feedbacks/')).map((h) => h.slice(h.lastIndexOf('/') + 1)) };
  };
  // Without a shared code only a verdict whose number is no PLAN id is read (111 here): it may name one in its head.
  const plain = readHeads(planText({ achievements: ['0.1', '1.1', '1.2'] }));
  assert.deepEqual(plain.verdicts, ['APPROVED_111.md']);
  assert.ok(plain.ev.byId.get('0.1')?.approved && plain.ev.byId.get('1.2')?.skipped && plain.ev.byId.get('1.1')?.fixResolution);
  // The spy sees reads: with 1.11 and 11.1 in the PLAN the shared code's verdict is read, and only that one.
  const shared = readHeads(planText({ achievements: ['0.1', '1.1', '1.2', '1.11', '11.1'] }));
  assert.deepEqual(shared.verdicts, ['APPROVED_111.md']);
  assert.ok(shared.ev.byId.get('11.1')?.approved);
});

// A verdict tied by its number whose head names another achievement of the plan: it still counts for its number's
// achievement (the name is the record), and W-VERDICT-HEADING says the file is most likely misnamed.
const verdictHeads: Array<[string, string, string, string | null]> = [
  ['an APPROVED headed for another achievement', 'APPROVED_11.md', '# APPROVED: Achievement 1.2\n', 'rename it APPROVED_12.md'],
  ['a FIX whose header line names another', 'FIX_11.md', '# FIX\n\n**Achievement**: 0.1\n', 'rename it FIX_01.md'],
  ['a SKIPPED headed for another', 'SKIPPED_11.md', '# SKIPPED: Achievement 1.2\n', 'rename it SKIPPED_12.md'],
  ['the header line wins over the heading', 'APPROVED_11.md', '# APPROVED: Achievement 1.2\n\n**Achievement**: 1.1\n', null],
  ['a head naming its own achievement', 'APPROVED_11.md', '# APPROVED: Achievement 1.1\n', null],
  ['a head naming no achievement of the plan', 'APPROVED_11.md', '# APPROVED: Achievement 9.9\n', null],
  ['no head at all', 'APPROVED_11.md', 'ok\n', null],
];
for (const [name, file, head, hint] of verdictHeads) {
  test(`verdict heads: ${name} → ${hint ? 'W-VERDICT-HEADING' : 'no warning'}`, async () => {
    const root = ws({ [`${FB}/${file}`]: head, [`${SP}/SUBPLAN_${F}_11.md`]: '**Achievement**: 1.1\n' });
    const { json } = await prompt(root, ['--achievement', '1.1']);
    const w = json.warnings.filter((x) => x.code === 'W-VERDICT-HEADING');
    // Whatever the head says, the file counts for 1.1.
    const expected = file.startsWith('APPROVED') ? 'approved' : file.startsWith('SKIPPED') ? 'skipped' : 'needs_fix';
    assert.equal(json.state, expected);
    if (!hint) return assert.deepEqual(w, []);
    assert.equal(w.length, 1, JSON.stringify(json.warnings));
    assert.match(w[0]?.message ?? '', new RegExp(`^${file.replace('.', '\\.')} counts for Achievement 1\\.1 \\(its number 11\\), but its head names Achievement`));
    assert.ok(w[0]?.hint?.includes(hint), w[0]?.hint);
    assert.equal(w[0]?.file, `${FB}/${file}`);
  });
}

test('verdict heads: an archived verdict is history and is not checked', async () => {
  const root = ws({ [`feature-archive/${F}/execution/feedbacks/APPROVED_11.md`]: '# APPROVED: Achievement 1.2\n' });
  const { json } = await prompt(root, ['--achievement', '1.1']);
  assert.equal(json.state, 'approved', 'the archived verdict counts');
  assert.ok(!json.warnings.some((x) => x.code === 'W-VERDICT-HEADING'));
});
