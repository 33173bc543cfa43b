/**
 * Unit tests for scripts/lib/filenames.ts — the document file-name grammar (corpus.md A2, generation.md §1.2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isArchivedName, names, parseDocName, PLAN_LIKE, STRICT_PLAN, type ParsedName } from '../scripts/lib/filenames.ts';

interface NameCase {
  name: string;
  file: string;
  feature?: string;
  expected: Omit<ParsedName, 'name'> | null;
}

const cases: NameCase[] = [
  // PLAN
  { name: 'PLAN', file: 'PLAN_PARALLEL-EXECUTION-AUTOMATION.md', expected: { kind: 'plan', feature: 'PARALLEL-EXECUTION-AUTOMATION' } },
  { name: 'PLAN with underscores in the feature', file: 'PLAN_MY_COOL_FEATURE.md', expected: { kind: 'plan', feature: 'MY_COOL_FEATURE' } },
  { name: 'PLAN with an empty feature is not a PLAN', file: 'PLAN_.md', expected: null },
  { name: 'dash-form PLAN-UPDATE-SUMMARY is not a PLAN', file: 'PLAN-UPDATE-SUMMARY.md', expected: null },

  // SUBPLAN
  { name: 'SUBPLAN', file: 'SUBPLAN_LLM-DASHBOARD-CLI_12.md', expected: { kind: 'subplan', feature: 'LLM-DASHBOARD-CLI', code: '12' } },
  { name: 'SUBPLAN _ARCHIVED', file: 'SUBPLAN_WORKFLOW-AUTOMATION-AND-WORKSPACE-RESTRUCTURING_03_ARCHIVED.md', expected: { kind: 'subplan', feature: 'WORKFLOW-AUTOMATION-AND-WORKSPACE-RESTRUCTURING', code: '03', suffix: 'ARCHIVED' } },
  { name: 'SUBPLAN _08_05', file: 'SUBPLAN_CODE-QUALITY-REFACTOR_08_05.md', expected: { kind: 'subplan', feature: 'CODE-QUALITY-REFACTOR', code: '08', suffix: '05' } },
  { name: 'SUBPLAN, feature with underscores given', file: 'SUBPLAN_MY_FEAT_12.md', feature: 'MY_FEAT', expected: { kind: 'subplan', feature: 'MY_FEAT', code: '12' } },
  { name: 'SUBPLAN, feature with a numeric segment given', file: 'SUBPLAN_PHASE_2_CLEANUP_12.md', feature: 'PHASE_2_CLEANUP', expected: { kind: 'subplan', feature: 'PHASE_2_CLEANUP', code: '12' } },
  { name: 'SUBPLAN, numeric-segment feature without the feature: shortest prefix leaving a number', file: 'SUBPLAN_PHASE_2_CLEANUP_12.md', expected: { kind: 'subplan', feature: 'PHASE', code: '2', suffix: 'CLEANUP_12' } },
  { name: 'SUBPLAN, underscore feature + suffix given the feature', file: 'SUBPLAN_FOO_BAR_12_05.md', feature: 'FOO_BAR', expected: { kind: 'subplan', feature: 'FOO_BAR', code: '12', suffix: '05' } },
  { name: 'SUBPLAN, feature with regex characters given', file: 'SUBPLAN_A.B_11.md', feature: 'A.B', expected: { kind: 'subplan', feature: 'A.B', code: '11' } },
  { name: 'SUBPLAN, regex characters are literal', file: 'SUBPLAN_AXB_11.md', feature: 'A.B', expected: null },
  { name: 'SUBPLAN of another feature', file: 'SUBPLAN_OTHER_12.md', feature: 'FOO', expected: null },
  { name: 'SUBPLAN of a feature that only starts like the given one', file: 'SUBPLAN_FOO-BAR_12.md', feature: 'FOO', expected: null },
  { name: 'SUBPLAN without a number', file: 'SUBPLAN_FOO.md', expected: null },
  { name: 'SUBPLAN with a dangling underscore', file: 'SUBPLAN_FOO_31_.md', expected: null },
  { name: 'SUBPLAN with another extension', file: 'SUBPLAN_FOO_31.md.bak', expected: null },

  // EXECUTION_TASK
  { name: 'EXECUTION_TASK', file: 'EXECUTION_TASK_LLM-DASHBOARD-CLI_04_01.md', expected: { kind: 'execution', feature: 'LLM-DASHBOARD-CLI', code: '04', exec: '01' } },
  { name: 'EXECUTION_TASK _V2', file: 'EXECUTION_TASK_GRAPHRAG-OBSERVABILITY-EXCELLENCE_02_03_V2.md', expected: { kind: 'execution', feature: 'GRAPHRAG-OBSERVABILITY-EXCELLENCE', code: '02', exec: '03', suffix: 'V2' } },
  { name: 'EXECUTION_TASK _RECOVERY', file: 'EXECUTION_TASK_FOO_01_01_RECOVERY.md', expected: { kind: 'execution', feature: 'FOO', code: '01', exec: '01', suffix: 'RECOVERY' } },
  { name: 'EXECUTION_TASK _ARCHIVED', file: 'EXECUTION_TASK_FOO_01_02_ARCHIVED.md', expected: { kind: 'execution', feature: 'FOO', code: '01', exec: '02', suffix: 'ARCHIVED' } },
  { name: 'EXECUTION_TASK _NESTED_ARCHIVED', file: 'EXECUTION_TASK_FOO_01_01_NESTED_ARCHIVED.md', expected: { kind: 'execution', feature: 'FOO', code: '01', exec: '01', suffix: 'NESTED_ARCHIVED' } },
  { name: 'EXECUTION_TASK, feature with underscores given', file: 'EXECUTION_TASK_MY_FEAT_12_01.md', feature: 'MY_FEAT', expected: { kind: 'execution', feature: 'MY_FEAT', code: '12', exec: '01' } },
  { name: 'EXECUTION_TASK, feature given, with suffix', file: 'EXECUTION_TASK_FOO_31_02_V2.md', feature: 'FOO', expected: { kind: 'execution', feature: 'FOO', code: '31', exec: '02', suffix: 'V2' } },
  { name: 'EXECUTION_TASK, 3-digit code', file: 'EXECUTION_TASK_FOO_102_01.md', expected: { kind: 'execution', feature: 'FOO', code: '102', exec: '01' } },
  { name: 'EXECUTION_TASK of another feature', file: 'EXECUTION_TASK_OBSERVABILITY-VALIDATION_62_01.md', feature: 'GRAPHRAG-OBSERVABILITY-VALIDATION', expected: null },
  { name: 'EXECUTION_TASK without the execution number', file: 'EXECUTION_TASK_FOO_12.md', expected: null },
  { name: 'EXECUTION_ANALYSIS is not a task', file: 'EXECUTION_ANALYSIS_PARALLEL-EXECUTION-AUTOMATION-PLAN-GAP-ANALYSIS.md', expected: null },

  // Feedback files
  { name: 'APPROVED', file: 'APPROVED_31.md', expected: { kind: 'approved', code: '31' } },
  { name: 'APPROVED 3-digit', file: 'APPROVED_103.md', expected: { kind: 'approved', code: '103' } },
  { name: 'FIX', file: 'FIX_21.md', expected: { kind: 'fix', code: '21' } },
  { name: 'FIX_21_RESOLUTION', file: 'FIX_21_RESOLUTION.md', expected: { kind: 'fix_resolution', code: '21' } },
  { name: 'SKIPPED_12', file: 'SKIPPED_12.md', expected: { kind: 'skipped', code: '12' } },
  { name: 'APPROVED with letters', file: 'APPROVED_ab.md', expected: null },
  { name: 'APPROVED without a code', file: 'APPROVED_.md', expected: null },
  { name: 'lower-case approved', file: 'approved_31.md', expected: null },
  { name: 'FIX with another extension', file: 'FIX_21.txt', expected: null },
  { name: 'FIX_RESOLUTION without a code', file: 'FIX_RESOLUTION.md', expected: null },

  // Other documents
  { name: 'README', file: 'README.md', expected: null },
  { name: 'GRAMMAPLAN', file: 'GRAMMAPLAN_GRAPHRAG-PIPELINE-EXCELLENCE.md', expected: null },
  { name: 'NORTH_STAR', file: 'NORTH_STAR_LLM-METHODOLOGY.md', expected: null },
  { name: 'COMPLETION_REPORT', file: 'COMPLETION_REPORT_OBSERVABILITY-VALIDATION_62.md', expected: null },
];

for (const c of cases) {
  test(`parseDocName: ${c.name} (${c.file}${c.feature !== undefined ? `, feature ${c.feature}` : ''})`, () => {
    const got = parseDocName(c.file, c.feature);
    assert.deepEqual(got, c.expected === null ? null : { ...c.expected, name: c.file });
  });
}

const archivedCases: Array<{ file: string; expected: boolean }> = [
  { file: 'SUBPLAN_FOO_03_ARCHIVED.md', expected: true },
  { file: 'EXECUTION_TASK_FOO_01_01_ARCHIVED.md', expected: true },
  { file: 'EXECUTION_TASK_FOO_01_01_NESTED_ARCHIVED.md', expected: true },
  { file: 'EXECUTION_TASK_FOO_01_01_V2.md', expected: false },
  { file: 'EXECUTION_TASK_FOO_01_01_RECOVERY.md', expected: false },
  { file: 'SUBPLAN_FOO_08_05.md', expected: false },
  { file: 'SUBPLAN_FOO_03.md', expected: false },
  { file: 'SUBPLAN_FOO_03_UNARCHIVED.md', expected: false },
  { file: 'APPROVED_31.md', expected: false },
];
for (const c of archivedCases) {
  test(`isArchivedName(${c.file}) → ${c.expected}`, () => {
    const p = parseDocName(c.file);
    assert.ok(p, 'the name parses');
    assert.equal(isArchivedName(p), c.expected);
  });
}

const builderCases: Array<{ name: string; got: () => string; expected: string }> = [
  { name: 'plan', got: () => names.plan('FOO'), expected: 'PLAN_FOO.md' },
  { name: 'subplan', got: () => names.subplan('FOO', '31'), expected: 'SUBPLAN_FOO_31.md' },
  { name: 'execution, number 1 padded', got: () => names.execution('FOO', '31', 1), expected: 'EXECUTION_TASK_FOO_31_01.md' },
  { name: 'execution, string number padded', got: () => names.execution('FOO', '31', '2'), expected: 'EXECUTION_TASK_FOO_31_02.md' },
  { name: 'execution, two digits kept', got: () => names.execution('FOO', '31', 12), expected: 'EXECUTION_TASK_FOO_31_12.md' },
  { name: 'execution, achievement code is present (§8 item 14)', got: () => names.execution('MY_FEAT', '102', 3), expected: 'EXECUTION_TASK_MY_FEAT_102_03.md' },
  { name: 'approved', got: () => names.approved('31'), expected: 'APPROVED_31.md' },
  { name: 'fix', got: () => names.fix('21'), expected: 'FIX_21.md' },
  { name: 'fix resolution', got: () => names.fixResolution('22'), expected: 'FIX_22_RESOLUTION.md' },
  { name: 'skipped', got: () => names.skipped('12'), expected: 'SKIPPED_12.md' },
];
for (const c of builderCases) {
  test(`names.${c.name} → ${c.expected}`, () => {
    assert.equal(c.got(), c.expected);
  });
}

const roundTrips: Array<{ file: string; feature: string; kind: ParsedName['kind']; code?: string; exec?: string }> = [
  { file: names.plan('MY_FEAT'), feature: 'MY_FEAT', kind: 'plan' },
  { file: names.subplan('MY_FEAT', '21'), feature: 'MY_FEAT', kind: 'subplan', code: '21' },
  { file: names.execution('MY_FEAT', '21', 4), feature: 'MY_FEAT', kind: 'execution', code: '21', exec: '04' },
  { file: names.approved('21'), feature: 'MY_FEAT', kind: 'approved', code: '21' },
  { file: names.fix('21'), feature: 'MY_FEAT', kind: 'fix', code: '21' },
  { file: names.fixResolution('21'), feature: 'MY_FEAT', kind: 'fix_resolution', code: '21' },
  { file: names.skipped('21'), feature: 'MY_FEAT', kind: 'skipped', code: '21' },
];
for (const c of roundTrips) {
  test(`names → parseDocName round trip: ${c.file}`, () => {
    const p = parseDocName(c.file, c.feature);
    assert.ok(p);
    assert.equal(p.kind, c.kind);
    assert.equal(p.code, c.code);
    assert.equal(p.exec, c.exec);
    if (c.kind === 'plan' || c.kind === 'subplan' || c.kind === 'execution') assert.equal(p.feature, c.feature);
  });
}

const planPatternCases: Array<{ file: string; strict: boolean; like: boolean; feature?: string }> = [
  { file: 'PLAN_FOO.md', strict: true, like: true, feature: 'FOO' },
  { file: 'PLAN_GRAPHRAG-OBSERVABILITY-VALIDATION.md', strict: true, like: true, feature: 'GRAPHRAG-OBSERVABILITY-VALIDATION' },
  { file: 'PLAN_FOO-BAR2.md', strict: true, like: true, feature: 'FOO-BAR2' },
  { file: 'PLAN_ALIGNMENT_FEEDBACK_SYSTEM.md', strict: false, like: true },
  { file: 'PLAN_foo.md', strict: false, like: true },
  { file: 'PLAN_-X.md', strict: false, like: true },
  { file: 'PLAN_.md', strict: false, like: true },
  { file: 'PLAN-UPDATE-SUMMARY.md', strict: false, like: true },
  { file: 'PLAN-CONCURRENCY-OPTIMIZATION.md', strict: false, like: true },
  { file: 'plan_x.md', strict: false, like: true },
  { file: 'PLAN_X.md.bak', strict: false, like: false },
  { file: 'SUBPLAN_X_11.md', strict: false, like: false },
  { file: 'GRAMMAPLAN_X.md', strict: false, like: false },
];
for (const c of planPatternCases) {
  test(`STRICT_PLAN/PLAN_LIKE: ${c.file} → strict ${c.strict}, like ${c.like}`, () => {
    const m = STRICT_PLAN.exec(c.file);
    assert.equal(m !== null, c.strict);
    if (c.feature !== undefined) assert.equal(m?.[1], c.feature);
    assert.equal(PLAN_LIKE.test(c.file), c.like);
  });
}
