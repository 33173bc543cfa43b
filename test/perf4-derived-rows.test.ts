/**
 * The analysis rows are made whole before their status is derived (every field present, undefined when absent: one
 * shape for all rows, filled in place). What a field left undefined means must not change: the status and analysis
 * JSON print null (or leave `completeBy` out), the table prints a dash, and an unfinished archived SUBPLAN is no
 * SUBPLAN at all. A row's dependents are read from the graph when asked: in numeric id order, whatever the file's
 * order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeParallel, openParallel, type ParallelAnalysis } from '../scripts/lib/parallel/analysis.ts';
import { analysisJson, statusJson, statusTable } from '../scripts/lib/parallel/render.ts';
import { EMPTY } from '../scripts/lib/parallel/status.ts';
import { doc, planMd, workspace, type AchSpec } from './parallel-helpers.ts';
import type { Styles } from '../scripts/lib/cli.ts';

const PLAN = 'ROWS';
/** Paths as the status JSON prints them: relative to the workspace root. */
const AT = `work-space/plans/${PLAN}/`;
const SUB = (code: string, suffix = '') => `subplans/SUBPLAN_${PLAN}_${code}${suffix}.md`;
const EX = (code: string, suffix = '') => `execution/EXECUTION_TASK_${PLAN}_${code}_01${suffix}.md`;
const REAL = '# EXECUTION_TASK\n\n**Status**: In Progress\n\nIteration 1: did real work.\n';
const PLACEHOLDER = '# EXECUTION_TASK\n\n[TO BE FILLED by the executor]\n';
const SUBPLAN_PLACEHOLDER = '# SUBPLAN\n\n**Achievement**: 1.1\n\n[TO BE FILLED]\n';
const DONE = '**Status**: ✅ Complete\n';
const OPEN = '**Status**: In Progress\n';

async function analyse(ach: AchSpec, files: Record<string, string>, plan?: string): Promise<ParallelAnalysis> {
  const extra: Record<string, string> = plan === undefined ? {} : { [`PLAN_${PLAN}.md`]: plan };
  const { dir } = workspace(PLAN, ['1.1', '1.2'], doc(PLAN, [ach, { id: '1.2', deps: ['1.1'] }]), { ...files, ...extra });
  const opened = await openParallel(join(dir, 'parallel.json'), '/', { withPlan: true });
  assert.ok(opened.pf && opened.ctx);
  return analyzeParallel(opened.pf, opened.ctx);
}

const same = (s: string) => s;
const plain = { enabled: false, bold: same, dim: same, red: same, green: same, yellow: same, blue: same, cyan: same } as unknown as Styles;

interface Case {
  name: string;
  ach?: Partial<AchSpec>;
  files?: Record<string, string>;
  /** The PLAN text, when not the default one. */
  plan?: string;
  /** Fields of 1.1 in the status JSON (paths relative to the plan folder, as given to SUB/EX). */
  status: Record<string, unknown>;
  /** Fields of 1.1 in the analysis JSON. */
  analysis?: Record<string, unknown>;
  /** The table row of 1.1 ends with these cells (hours, executor). */
  tableEnd?: string;
}

const cases: Case[] = [
  { name: 'nothing', status: { status: 'not_started', subplan: null, subplanPlaceholder: false, executions: [], placeholders: [], fix: null, hours: null, executor: null, completeBy: undefined }, analysis: { declaredLevel: null, priority: null, hours: null, executor: null }, tableEnd: '?      —' },
  { name: 'a live SUBPLAN', files: { [SUB('11')]: '# SUBPLAN\n\n**Achievement**: 1.1\n' }, status: { status: 'subplan_created', subplan: AT + SUB('11'), subplanPlaceholder: false } },
  { name: 'a SUBPLAN placeholder', files: { [SUB('11')]: SUBPLAN_PLACEHOLDER }, status: { status: 'subplan_created', subplan: AT + SUB('11'), subplanPlaceholder: true } },
  { name: 'only an unfinished archived SUBPLAN: no SUBPLAN', files: { [SUB('11', '_ARCHIVED')]: OPEN }, status: { status: 'not_started', subplan: null, subplanPlaceholder: false } },
  {
    name: 'an unfinished archived SUBPLAN and a placeholder EXECUTION_TASK: no SUBPLAN, execution created',
    files: { [SUB('11', '_ARCHIVED')]: OPEN, [EX('11')]: PLACEHOLDER },
    status: { status: 'execution_created', subplan: null, executions: [AT + EX('11')], placeholders: [AT + EX('11')] },
  },
  { name: 'a finished archived SUBPLAN counts', files: { [SUB('11', '_ARCHIVED')]: DONE }, status: { status: 'subplan_created', subplan: AT + SUB('11', '_ARCHIVED') } },
  { name: 'real work', files: { [SUB('11')]: 'x', [EX('11')]: REAL }, status: { status: 'in_progress', subplan: AT + SUB('11'), executions: [AT + EX('11')], placeholders: [], fix: null } },
  { name: 'a FIX', files: { [SUB('11')]: 'x', 'execution/feedbacks/FIX_11.md': 'fix' }, status: { status: 'failed', fix: AT + 'execution/feedbacks/FIX_11.md' } },
  { name: 'APPROVED', files: { 'execution/feedbacks/APPROVED_11.md': 'ok' }, status: { status: 'complete', completeBy: undefined } },
  {
    name: 'complete per plan text',
    plan: planMd(PLAN, ['1.1', '1.2']).replace('**Achievement 1.1**: Work item 1.1', '**Achievement 1.1**: Work item 1.1 ✅'),
    status: { status: 'complete', completeBy: 'plan_text' },
  },
  {
    name: 'hours, executor and priority given',
    ach: { estimated_hours: '2-3', executor: 'alice', priority: 2 },
    status: { hours: { min: 2, max: 3 }, executor: 'alice' },
    analysis: { priority: 2, hours: { min: 2, max: 3 }, executor: 'alice' },
    tableEnd: '2–3 h  alice',
  },
  { name: 'an empty executor is none', ach: { executor: '' }, status: { executor: null }, analysis: { executor: null }, tableEnd: '—' },
];

for (const c of cases) {
  test(`rows: ${c.name}`, async () => {
    const a = await analyse({ id: '1.1', ...c.ach }, c.files ?? {}, c.plan);
    const s = JSON.parse(statusJson(a, { cwd: '/' })).achievements[0] as Record<string, unknown>;
    for (const [k, v] of Object.entries(c.status)) assert.deepEqual(s[k], v, `status JSON ${k}`);
    assert.deepEqual(
      Object.keys(s),
      ['id', 'title', 'status', 'depth', 'ready', 'blockedBy', 'dependencies', 'subplan', 'subplanPlaceholder', 'executions', 'placeholders', 'fix', 'hours', 'executor', ...(s.completeBy === undefined ? [] : ['completeBy'])],
      'status JSON keys',
    );
    const j = JSON.parse(analysisJson(a, { cwd: '/' })).achievements[0] as Record<string, unknown>;
    for (const [k, v] of Object.entries(c.analysis ?? {})) assert.deepEqual(j[k], v, `analysis JSON ${k}`);
    assert.deepEqual(Object.keys(j), ['id', 'title', 'status', 'depth', 'declaredLevel', 'priority', 'dependencies', 'dependents', 'ready', 'blockedBy', 'hours', 'executor'], 'analysis JSON keys');
    if (c.tableEnd !== undefined) {
      const line = statusTable(a, plain, { cwd: '/' }).split('\n').find((l) => l.startsWith('1.1 ')) as string;
      assert.ok(line.endsWith(c.tableEnd), `table row: ${line}`);
    }
    // The shared empty list is not frozen (one hidden class with the documents' lists): nothing may add to it.
    assert.equal(EMPTY.length, 0, 'the shared empty list stays empty');
    // One shape: every row has the same fields in the same order, whatever its status, all made with the row (a
    // field added later would come last).
    const keys = 'id,status,evidence,subplan,subplanPlaceholder,executions,placeholders,fixFile,planText,rank,title,depth,declaredLevel,priority,dependencies,ready,blockedBy,skippedDeps,hours,executor';
    for (const r of a.rows) assert.equal(Object.keys(r).join(), keys, `fields of ${r.id}`);
  });
}

/** Plans whose dependents lists are checked: [id, dependencies][] in file order, and the expected dependents. */
const graphs: Array<{ name: string; achs: Array<[string, string[]]>; dependents: Record<string, string[]> }> = [
  { name: 'ids in order', achs: [['1.1', []], ['1.2', ['1.1']], ['1.10', ['1.1', '1.2']], ['2.1', ['1.1']]], dependents: { '1.1': ['1.2', '1.10', '2.1'], '1.2': ['1.10'], '1.10': [], '2.1': [] } },
  {
    name: 'ids out of order',
    achs: [['2.1', []], ['1.10', ['2.1']], ['1.1', []], ['1.2', ['2.1', '1.1']], ['3.1', ['1.1', '2.1']]],
    dependents: { '2.1': ['1.2', '1.10', '3.1'], '1.10': [], '1.1': ['1.2', '3.1'], '1.2': [], '3.1': [] },
  },
  { name: 'a diamond, last listed first', achs: [['1.4', ['1.2', '1.3']], ['1.3', ['1.1']], ['1.2', ['1.1']], ['1.1', []]], dependents: { '1.1': ['1.2', '1.3'], '1.2': ['1.4'], '1.3': ['1.4'], '1.4': [] } },
];

for (const c of graphs) {
  test(`rows: dependents, ${c.name}`, async () => {
    const ids = c.achs.map(([id]) => id);
    const { dir } = workspace(PLAN, ids, doc(PLAN, c.achs.map(([id, deps]) => ({ id, deps }))));
    const opened = await openParallel(join(dir, 'parallel.json'), '/', { withPlan: true });
    assert.ok(opened.pf && opened.ctx);
    const a = analyzeParallel(opened.pf, opened.ctx);
    for (const [id, want] of Object.entries(c.dependents)) {
      assert.deepEqual(a.byId.get(id)?.dependents, want, `dependents of ${id}`);
      assert.deepEqual(a.byId.get(id)?.dependents, want, `dependents of ${id}, asked again`);
    }
    const j = JSON.parse(analysisJson(a, { cwd: '/' })) as { achievements: Array<{ id: string; dependents: string[] }> };
    assert.deepEqual(Object.fromEntries(j.achievements.map((r) => [r.id, r.dependents])), c.dependents, 'analysis JSON');
    const s = JSON.parse(statusJson(a, { cwd: '/' })) as { achievements: Array<Record<string, unknown>> };
    assert.ok(s.achievements.every((r) => !('dependents' in r)), 'the status JSON has no dependents');
  });
}

/** W-PLAN-COVERAGE: the file's ids against the PLAN's, skipped when the PLAN defines them all and no more. */
const coverage: Array<{ name: string; plan: string[]; file: string[]; messages: RegExp[] }> = [
  { name: 'the same ids in the same order', plan: ['1.1', '1.2', '2.1'], file: ['1.1', '1.2', '2.1'], messages: [] },
  { name: 'the same ids in another order', plan: ['1.1', '1.2', '2.1'], file: ['2.1', '1.1', '1.2'], messages: [] },
  { name: 'the PLAN defines one more', plan: ['1.1', '1.2', '2.1'], file: ['1.1', '1.2'], messages: [/^The PLAN defines 2\.1, which parallel\.json does not list$/] },
  { name: 'the PLAN defines one more, first', plan: ['1.1', '1.2', '2.1'], file: ['1.2', '2.1'], messages: [/^The PLAN defines 1\.1, which/] },
  { name: 'the file lists one more', plan: ['1.1', '1.2'], file: ['1.1', '1.2', '3.1'], messages: [/^parallel\.json lists 3\.1, which the PLAN .* does not define$/] },
  { name: 'one each, as many in all', plan: ['1.1', '1.2'], file: ['1.1', '3.1'], messages: [/^The PLAN defines 1\.2, which/, /^parallel\.json lists 3\.1, which/] },
];

for (const c of coverage) {
  test(`rows: W-PLAN-COVERAGE, ${c.name}`, async () => {
    const { dir } = workspace(PLAN, c.plan, doc(PLAN, c.file.map((id) => ({ id }))));
    const opened = await openParallel(join(dir, 'parallel.json'), '/', { withPlan: true });
    assert.ok(opened.pf && opened.ctx);
    const a = analyzeParallel(opened.pf, opened.ctx);
    const got = a.diagnostics.filter((d) => d.code === 'W-PLAN-COVERAGE').map((d) => d.message);
    assert.equal(got.length, c.messages.length, got.join(' | '));
    c.messages.forEach((m, k) => assert.match(got[k] as string, m));
  });
}

test('rows: sorted is a numeric-order copy of the rows, for files in and out of id order', async () => {
  for (const ids of [
    ['1.1', '1.2', '1.10', '2.1'],
    ['2.1', '1.10', '1.1', '1.2'],
  ]) {
    const { dir } = workspace(PLAN, ids, doc(PLAN, ids.map((id) => ({ id }))));
    const opened = await openParallel(join(dir, 'parallel.json'), '/', { withPlan: true });
    assert.ok(opened.pf && opened.ctx);
    const a = analyzeParallel(opened.pf, opened.ctx);
    assert.deepEqual(a.rows.map((r) => r.id), ids, 'rows in file order');
    assert.deepEqual(a.sorted.map((r) => r.id), ['1.1', '1.2', '1.10', '2.1'], 'sorted in numeric order');
    assert.deepEqual(a.sorted.map((r) => r.rank), [0, 1, 2, 3]);
    assert.notEqual(a.sorted, a.rows, 'two arrays');
    assert.deepEqual(a.depths[0]?.ids, ['1.1', '1.2', '1.10', '2.1'], 'depth groups in numeric order');
  }
});
