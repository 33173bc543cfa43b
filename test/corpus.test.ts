/**
 * The real workspace in ../shared/corpus (skipped when absent): every PLAN parses with the achievement counts of
 * corpus.md A1.4, and the main commands succeed on every plan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parsePlan } from '../scripts/lib/plan.ts';
import { discoverPlans, findRoot } from '../scripts/lib/workspace.ts';
import * as gp from '../scripts/generation/generate_prompt.ts';
import * as gcs from '../scripts/generation/generate_completion_status.ts';
import * as sd from '../scripts/workflow/structure_detection.ts';
import validatePrompt from '../generated/generate-prompt-output.validate.js';
import validateStatus from '../generated/completion-status-output.validate.js';
import { CORPUS, CORPUS_ROOT, run } from './helpers.ts';

const skip = existsSync(CORPUS) ? false : 'corpus not present (../shared/corpus)';

/** corpus.md A1.4: achievements per plan folder. */
const EXPECTED: Record<string, number> = {
  'LLM-DASHBOARD-CLI': 13,
  'PARALLEL-EXECUTION-AUTOMATION': 9,
  'PROMPT-GENERATOR-UX-AND-FOUNDATION': 18,
  'EXECUTION-ANALYSIS-INTEGRATION': 16,
  'ANALYSES-TAXONOMY-COMPLIANCE': 3,
  'EXECUTION-ANALYSIS-INTEGRATION-RESTRUCTURING': 7,
  'EXECUTION-PROMPT-SYSTEM': 9,
  'EXECUTION-TAXONOMY-AND-WORKSPACE': 8,
  'METHODOLOGY-HIERARCHY-EVOLUTION': 18,
  'METHODOLOGY-VALIDATION': 5,
  'PROMPT-GENERATOR-FIX-AND-TESTING': 21,
  'RESTORE-EXECUTION-WORKFLOW-AUTOMATION': 7,
  'WORKFLOW-AUTOMATION-AND-WORKSPACE-RESTRUCTURING': 13,
  'COMMUNITY-DETECTION-REFACTOR': 27,
  'ENTITY-RESOLUTION-ANALYSIS': 24,
  'ENTITY-RESOLUTION-REFACTOR': 29,
  'EXTRACTION-QUALITY-ENHANCEMENT': 19,
  'GRAPH-CONSTRUCTION-REFACTOR': 18,
  'GRAPHRAG-OBSERVABILITY-EXCELLENCE': 17,
  'GRAPHRAG-OBSERVABILITY-VALIDATION': 24,
  'GRAPHRAG-VALIDATION': 12,
  'STAGE-DOMAIN-REFACTOR': 23,
  'FILE-MOVING-ADVANCED-OPTIMIZATION': 4,
};

test('corpus: discovery finds the 23 plans of A1.4 and reports the PLAN-like files that are not plans', { skip }, () => {
  const d = discoverPlans(findRoot(CORPUS_ROOT));
  assert.deepEqual(d.plans.map((p) => p.feature).sort(), Object.keys(EXPECTED).sort());
  const ignored = d.ignored.map((i) => i.path.replace(/^.*work-space\//, ''));
  for (const f of [
    'plans/a_paused/ANALYSES-TAXONOMY-COMPLIANCE/PLAN_SUMMARY.md',
    'plans/PARALLEL-EXECUTION-AUTOMATION/PLAN-UPDATE-SUMMARY.md',
    'plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/documentation/PLAN_ALIGNMENT_FEEDBACK_SYSTEM.md',
  ]) {
    assert.ok(ignored.includes(f), f);
  }
  assert.ok(d.warnings.some((w) => w.code === 'W-PLAN-TWO-FILES'));
});

test('corpus: every PLAN parses with the achievement count of A1.4', { skip }, () => {
  for (const loc of discoverPlans(findRoot(CORPUS_ROOT)).plans) {
    const plan = parsePlan(readFileSync(loc.planFile, 'utf8'), loc.planFile);
    assert.equal(plan.achievements.length, EXPECTED[loc.feature], loc.feature);
    assert.equal(new Set(plan.achievements.map((a) => a.id)).size, plan.achievements.length);
  }
});

test('corpus: parser details on real plans (B2 form, 3-level ids, handoff forms)', { skip }, () => {
  const read = (rel: string) => {
    const f = `${CORPUS}/plans/${rel}`;
    return parsePlan(readFileSync(f, 'utf8'), f);
  };
  const par = read('PARALLEL-EXECUTION-AUTOMATION/PLAN_PARALLEL-EXECUTION-AUTOMATION.md');
  assert.deepEqual(par.indexIds, par.achievements.map((a) => a.id));
  assert.equal(par.achievements[0]?.effort?.text, '4-6 hours');
  assert.equal(par.achievements[0]?.priority?.number, '1');
  const er = read('a_real-use-cases/ENTITY-RESOLUTION-REFACTOR/PLAN_ENTITY-RESOLUTION-REFACTOR.md');
  assert.ok(er.achievements.some((a) => a.id === '3.5.1'));
  const gv = read('a_real-use-cases/GRAPHRAG-VALIDATION/PLAN_GRAPHRAG-VALIDATION.md');
  assert.equal(gv.achievements.length, 12);
  const pg = read('PROMPT-GENERATOR-UX-AND-FOUNDATION/PLAN_PROMPT-GENERATOR-UX-AND-FOUNDATION.md');
  assert.equal(pg.next?.id, '2.1', 'the `⏳ **Achievement 2.1 …** ← **NEXT**` form');
});

test('corpus: generate_prompt --next --json succeeds on every plan', { skip, timeout: 120_000 }, async () => {
  for (const loc of discoverPlans(findRoot(CORPUS_ROOT)).plans) {
    const r = await run(gp.definition, gp.main, [loc.planFile, '--next', '--json'], { cwd: CORPUS_ROOT });
    assert.equal(r.code, 0, `${loc.feature}: ${r.err}`);
    const j = JSON.parse(r.out);
    assert.ok(validatePrompt(j), `${loc.feature}: ${JSON.stringify(validatePrompt.errors)}`);
    assert.ok(j.prompt.length > 0);
  }
});

test('corpus: generate_completion_status --all --json and structure_detection --all --json succeed', { skip, timeout: 120_000 }, async () => {
  const r = await run(gcs.definition, gcs.main, ['--all', '--json', '--root', CORPUS_ROOT], { cwd: '/' });
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.ok(validateStatus(j), JSON.stringify(validateStatus.errors));
  assert.equal(j.plans.length, 23);
  assert.ok(j.plans.every((p: { error?: string }) => !p.error));
  const byPlan = Object.fromEntries(j.plans.map((p: { plan: string }) => [p.plan, p]));
  assert.equal(byPlan['PROMPT-GENERATOR-UX-AND-FOUNDATION'].complete, true, '18/18 APPROVED');
  assert.equal(byPlan['LLM-DASHBOARD-CLI'].state, 'needs_fix', 'FIX_11 without APPROVED');
  assert.equal(byPlan['GRAPHRAG-OBSERVABILITY-VALIDATION'].done, 15, 'APPROVED beats FIX: 15 approved');
  assert.equal(byPlan['METHODOLOGY-HIERARCHY-EVOLUTION'].complete, true, 'legacy plan complete per plan text');
  const s = await run(sd.definition, sd.main, ['--all', '--json', '--root', CORPUS_ROOT], { cwd: '/' });
  assert.equal(s.code, 0, s.err);
  const sj = JSON.parse(s.out);
  const restore = sj.plans.find((p: { feature: string }) => p.feature === 'RESTORE-EXECUTION-WORKFLOW-AUTOMATION');
  assert.ok(restore.misplaced.some((m: { path: string }) => m.path === 'work-space/subplans/SUBPLAN_RESTORE-EXECUTION-WORKFLOW-AUTOMATION_12.md'));
});
