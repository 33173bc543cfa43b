/**
 * Archiving a finished plan as the completion message says must keep it complete (generation.md §1.3 archive
 * locations, §1.8 APPROVED as the source of truth): the message and the searched folders agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as gp from '../scripts/generation/generate_prompt.ts';
import * as gcs from '../scripts/generation/generate_completion_status.ts';
import * as sd from '../scripts/workflow/structure_detection.ts';
import validateStructure from '../generated/structure-output.validate.js';
import { COMPLETE, planText, run, tempTree } from './helpers.ts';
import type { GeneratePromptOutput } from '../generated/generate-prompt-output.ts';

const F = 'TEST-FEATURE';
const P = `work-space/plans/${F}`;

function finished(archive?: string): string {
  const files: Record<string, string> = { [`${P}/PLAN_${F}.md`]: planText({ achievements: ['0.1', '1.1'], ...(archive ? { archive } : {}) }) };
  for (const c of ['01', '11']) {
    files[`${P}/subplans/SUBPLAN_${F}_${c}.md`] = `# SUBPLAN\n${COMPLETE}\n`;
    files[`${P}/execution/EXECUTION_TASK_${F}_${c}_01.md`] = `# EXECUTION_TASK\n${COMPLETE}\n`;
    files[`${P}/execution/feedbacks/APPROVED_${c}.md`] = 'ok';
  }
  return tempTree(files);
}

async function prompt(root: string): Promise<GeneratePromptOutput> {
  const r = await run(gp.definition, gp.main, [`@${F}`, '--next', '--json'], { cwd: root });
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as GeneratePromptOutput;
}

/** Follows the archiving step of the completion message literally: each kind of document to the folder it names. */
function archiveAsTold(root: string, message: string): void {
  const m = /move its SUBPLANs to (\S+)\/, its EXECUTION_TASKs to (\S+)\/ and its APPROVED\/FIX\/SKIPPED files to (\S+)\/\./.exec(message);
  assert.ok(m, `the completion message names the archive folders:\n${message}`);
  const [sub, exe, fb] = [m[1], m[2], m[3]].map((d) => join(root, d as string)) as [string, string, string];
  const moveAll = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const e of readdirSync(from, { withFileTypes: true })) if (e.isFile()) renameSync(join(from, e.name), join(to, e.name));
  };
  moveAll(join(root, P, 'execution', 'feedbacks'), fb);
  moveAll(join(root, P, 'execution'), exe);
  moveAll(join(root, P, 'subplans'), sub);
}

const cases: Array<{ name: string; archive?: string; folder: string }> = [
  { name: 'Archive Location of the PLAN', archive: 'documentation/archive/foo/', folder: 'documentation/archive/foo/' },
  { name: 'no Archive Location: the default, one folder per feature', folder: `./feature-archive/${F}/` },
];

for (const c of cases) {
  test(`archive: a plan archived as the completion message says stays complete (${c.name})`, async () => {
    const root = finished(c.archive);
    const before = await prompt(root);
    assert.equal(before.state, 'plan_complete');
    assert.match(before.prompt, new RegExp(`Archive location: ${c.folder.replace(/[.]/g, '\\.')}`));
    archiveAsTold(root, before.prompt);
    assert.deepEqual(readdirSync(join(root, P, 'subplans')), [], 'every document left the plan folder');

    const after = await prompt(root);
    assert.equal(after.state, 'plan_complete', JSON.stringify(after.reason));
    assert.equal(after.progress.approved, 2);
    assert.deepEqual(after.conflicts, []);
    const status = await run(gcs.definition, gcs.main, [`@${F}`], { cwd: root });
    assert.equal(status.code, 0, status.out + status.err);
    assert.match(status.out, /Completion: 2\/2/);
    assert.ok(status.out.includes(`move its SUBPLANs to ${c.folder}subplans/`), 'the report gives the same archiving step');
    // structure_detection counts the archived copies apart from the live ones (and the verdicts that still count).
    const st = await run(sd.definition, sd.main, [`@${F}`], { cwd: root });
    assert.match(st.out, /documents: 2 achievements, 0 SUBPLANs, 0 EXECUTION_TASKs, 2 APPROVED, 0 FIX; archived: 2 SUBPLANs, 2 EXECUTION_TASKs\n/);
    const sj = JSON.parse((await run(sd.definition, sd.main, [`@${F}`, '--json'], { cwd: root })).out);
    assert.ok(validateStructure(sj), JSON.stringify(validateStructure.errors));
    assert.deepEqual(sj.counts, { achievements: 2, subplans: 0, executions: 0, archivedSubplans: 2, archivedExecutions: 2, approved: 2, fix: 0 });
  });
}

test('archive: archived documents stay distinguishable; an archived verdict outside the PLAN does not block', async () => {
  const root = tempTree({
    [`${P}/PLAN_${F}.md`]: planText({ achievements: ['0.1', '1.1'], archive: 'documentation/archive/foo/' }),
    'documentation/archive/foo/subplans/SUBPLAN_TEST-FEATURE_01.md': 'x',
    'documentation/archive/foo/execution/feedbacks/APPROVED_99.md': 'old',
  });
  const r = await run(gp.definition, gp.main, [`@${F}`, '--next', '--json'], { cwd: root });
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as GeneratePromptOutput;
  // An unfinished SUBPLAN in the archive is history: no design to go on with, and the archive is never edited.
  assert.equal(j.state, 'no_subplan');
  assert.equal(j.subplan, undefined);
  assert.match(j.reason.join(' '), /SUBPLAN_TEST-FEATURE_01\.md is an archived copy, not complete: archived copies are history/);
  assert.match(j.prompt, new RegExp(`work-space/plans/${F}/subplans/`));
  const c = j.conflicts.find((x) => x.type === 'achievement_not_in_index');
  assert.ok(c && !c.blocking, JSON.stringify(j.conflicts));
  // A finished one counts, and is named by its archive path.
  writeFileSync(join(root, 'documentation/archive/foo/subplans/SUBPLAN_TEST-FEATURE_01.md'), '# SUBPLAN\n**Status**: ✅ Complete\n');
  const done = JSON.parse((await run(gp.definition, gp.main, [`@${F}`, '--next', '--json'], { cwd: root })).out) as GeneratePromptOutput;
  assert.equal(done.state, 'awaiting_review');
  assert.equal(done.subplan, 'documentation/archive/foo/subplans/SUBPLAN_TEST-FEATURE_01.md');
});

test('archive: the default archive of another feature is not read', async () => {
  const root = tempTree({
    [`${P}/PLAN_${F}.md`]: planText({ achievements: ['0.1'] }),
    'feature-archive/OTHER/execution/feedbacks/APPROVED_01.md': 'not ours',
    'feature-archive/execution/feedbacks/APPROVED_01.md': 'not ours either',
  });
  const j = await prompt(root);
  assert.equal(j.state, 'no_subplan');
});
