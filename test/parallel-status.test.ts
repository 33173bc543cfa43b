/**
 * Acceptance cases of parallel.md §7.2 (status derivation, REBUILD table of §3.6), including the "New" rows:
 * another working directory, a plan nested in a grouping folder, SKIPPED beside a SUBPLAN, and the flat layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeParallel, openParallel, type ParallelAnalysis } from '../scripts/lib/parallel/analysis.ts';
import { progressPercent } from '../scripts/lib/analysis.ts';
import { cli, doc, planMd, tmp, touch, workspace, write } from './parallel-helpers.ts';
import { statusJson } from '../scripts/lib/parallel/render.ts';

const PLAN = 'TEST-PLAN';
const EX = (code: string, n = '01') => `execution/EXECUTION_TASK_${PLAN}_${code}_${n}.md`;
const SUB = (code: string) => `subplans/SUBPLAN_${PLAN}_${code}.md`;
const REAL = '# EXECUTION_TASK\n\n**Status**: In Progress\n\nIteration 1: did real work.\n';
const PLACEHOLDER = '# EXECUTION_TASK\n\n[TO BE FILLED by the executor]\n';

async function analyse(file: string, cwd = '/'): Promise<ParallelAnalysis> {
  const opened = await openParallel(file, cwd, { withPlan: true });
  assert.ok(opened.pf && opened.ctx, 'file and plan context');
  return analyzeParallel(opened.pf, opened.ctx);
}

async function statusFor(files: Record<string, string>, mtimes: Record<string, number> = {}): Promise<Record<string, string>> {
  const { dir } = workspace(PLAN, ['1.1', '1.2'], doc(PLAN, [{ id: '1.1' }, { id: '1.2' }]), files);
  for (const [rel, t] of Object.entries(mtimes)) touch(join(dir, rel), t);
  const a = await analyse(join(dir, 'parallel.json'));
  return Object.fromEntries(a.rows.map((r) => [r.id, r.status]));
}

const rows: Array<{ name: string; files: Record<string, string>; mtimes?: Record<string, number>; expect: string }> = [
  { name: 'S1 nothing', files: {}, expect: 'not_started' },
  { name: 'S2 SUBPLAN', files: { [SUB('11')]: '# SUBPLAN\n\n**Achievement**: 1.1\n' }, expect: 'subplan_created' },
  { name: 'S3 empty EXECUTION_TASK (a placeholder)', files: { [EX('11')]: '' }, expect: 'execution_created' },
  { name: 'S3 EXECUTION_TASK with the [TO BE FILLED marker', files: { [SUB('11')]: 'x', [EX('11')]: PLACEHOLDER }, expect: 'execution_created' },
  { name: 'S3 EXECUTION_TASK with real content', files: { [SUB('11')]: 'x', [EX('11')]: REAL }, expect: 'in_progress' },
  { name: 'S3 one real EXECUTION_TASK among placeholders', files: { [EX('11')]: PLACEHOLDER, [EX('11', '02')]: REAL }, expect: 'in_progress' },
  { name: 'S4 APPROVED', files: { 'execution/feedbacks/APPROVED_11.md': 'ok' }, expect: 'complete' },
  { name: 'S5 FIX (no executions)', files: { 'execution/feedbacks/FIX_11.md': 'fix it' }, expect: 'failed' },
  { name: 'S6 SKIPPED in execution/', files: { 'execution/SKIPPED_11.md': 'skip' }, expect: 'skipped' },
  { name: 'S6 SKIPPED in execution/feedbacks/', files: { 'execution/feedbacks/SKIPPED_11.md': 'skip' }, expect: 'skipped' },
  { name: 'S7 APPROVED beats FIX', files: { 'execution/feedbacks/APPROVED_11.md': 'ok', 'execution/feedbacks/FIX_11.md': 'fix' }, expect: 'complete' },
  { name: 'New: SKIPPED beside a SUBPLAN and an EXECUTION_TASK', files: { [SUB('11')]: 'x', [EX('11')]: REAL, 'execution/SKIPPED_11.md': 'skip' }, expect: 'skipped' },
  {
    name: 'FIX newer than every EXECUTION_TASK: failed',
    files: { [SUB('11')]: 'x', [EX('11')]: REAL, 'execution/feedbacks/FIX_11.md': 'fix' },
    mtimes: { [EX('11')]: 1_700_000_000, 'execution/feedbacks/FIX_11.md': 1_700_000_100 },
    expect: 'failed',
  },
  {
    name: 'FIX older than a newer EXECUTION_TASK: work resumed, in_progress',
    files: { [SUB('11')]: 'x', [EX('11')]: REAL, 'execution/feedbacks/FIX_11.md': 'fix' },
    mtimes: { 'execution/feedbacks/FIX_11.md': 1_700_000_000, [EX('11')]: 1_700_000_100 },
    expect: 'in_progress',
  },
  {
    name: 'FIX answered by a newer FIX_RESOLUTION: no longer failed',
    files: { [SUB('11')]: 'x', [EX('11')]: REAL, 'execution/feedbacks/FIX_11.md': 'fix', 'execution/feedbacks/FIX_11_RESOLUTION.md': 'done' },
    mtimes: { [EX('11')]: 1_700_000_000, 'execution/feedbacks/FIX_11.md': 1_700_000_100, 'execution/feedbacks/FIX_11_RESOLUTION.md': 1_700_000_200 },
    expect: 'in_progress',
  },
  // Archived copies are history, as in generate_prompt: finished work counts, unfinished work is not open.
  { name: 'an unfinished archived EXECUTION_TASK beside a SUBPLAN', files: { [SUB('11')]: 'x', 'execution/EXECUTION_TASK_TEST-PLAN_11_01_ARCHIVED.md': REAL }, expect: 'subplan_created' },
  { name: 'a finished archived EXECUTION_TASK', files: { [SUB('11')]: 'x', 'execution/EXECUTION_TASK_TEST-PLAN_11_01_ARCHIVED.md': '**Status**: ✅ Complete\n' }, expect: 'in_progress' },
  { name: 'only an unfinished archived SUBPLAN', files: { 'subplans/SUBPLAN_TEST-PLAN_11_ARCHIVED.md': '**Status**: In Progress\n' }, expect: 'not_started' },
  { name: 'only a finished archived SUBPLAN', files: { 'subplans/SUBPLAN_TEST-PLAN_11_ARCHIVED.md': '**Status**: ✅ Complete\n' }, expect: 'subplan_created' },
  {
    name: 'a FIX older than an unfinished archived copy only: still failed (the copy is no newer work)',
    files: { [SUB('11')]: 'x', 'execution/EXECUTION_TASK_TEST-PLAN_11_01_ARCHIVED.md': REAL, 'execution/feedbacks/FIX_11.md': 'fix' },
    mtimes: { 'execution/feedbacks/FIX_11.md': 1_700_000_000, 'execution/EXECUTION_TASK_TEST-PLAN_11_01_ARCHIVED.md': 1_700_000_100 },
    expect: 'failed',
  },
];

for (const row of rows) {
  test(`§7.2 ${row.name} → ${row.expect}`, async () => {
    const st = await statusFor(row.files, row.mtimes);
    assert.equal(st['1.1'], row.expect);
    assert.equal(st['1.2'], 'not_started', 'the other achievement is untouched');
  });
}

test('§7.2 S8 two achievements, a SUBPLAN for 1.1: 1.1 subplan_created, 1.2 not_started', async () => {
  const st = await statusFor({ [SUB('11')]: '# SUBPLAN\n' });
  assert.deepEqual(st, { '1.1': 'subplan_created', '1.2': 'not_started' });
});

test('§7.2 S9 status is shown for a file without status, and the file is never written', async () => {
  const { root, dir } = workspace(PLAN, ['1.1', '1.2'], doc(PLAN, [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }]));
  const before = readFileSync(join(dir, 'parallel.json'), 'utf8');
  const r = cli('workflow/get_parallel_status', [join(dir, 'parallel.json'), '--format', 'json'], { cwd: root });
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.deepEqual(
    out.achievements.map((a: { id: string; status: string }) => [a.id, a.status]),
    [
      ['1.1', 'not_started'],
      ['1.2', 'not_started'],
    ],
  );
  assert.equal(readFileSync(join(dir, 'parallel.json'), 'utf8'), before);
});

test('§7.2 New: the same result from any working directory, and for a plan nested in a grouping folder', async () => {
  const files = { [SUB('11')]: 'x', 'execution/feedbacks/APPROVED_11.md': 'ok', [EX('12')]: REAL };
  const flatDoc = doc(PLAN, [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }]);
  const a = workspace(PLAN, ['1.1', '1.2'], flatDoc, files);
  const b = workspace(PLAN, ['1.1', '1.2'], flatDoc, files, 'a_group');
  const elsewhere = tmp();
  const runs = [
    cli('workflow/get_parallel_status', [join(a.dir, 'parallel.json'), '--format', 'json'], { cwd: a.root }),
    cli('workflow/get_parallel_status', [join(a.dir, 'parallel.json'), '--format', 'json'], { cwd: elsewhere }),
    cli('workflow/get_parallel_status', [`@${PLAN}`, '--format', 'json', '--root', a.root], { cwd: elsewhere }),
    cli('workflow/get_parallel_status', [`@${PLAN}`, '--format', 'json'], { cwd: join(b.dir, 'execution') }),
    cli('workflow/get_parallel_status', [join(b.dir, 'parallel.json'), '--format', 'json'], { cwd: elsewhere }),
  ];
  const statuses = runs.map((r) => {
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out).achievements.map((x: { id: string; status: string; ready: boolean }) => `${x.id}:${x.status}:${x.ready}`);
  });
  for (const s of statuses) assert.deepEqual(s, ['1.1:complete:false', '1.2:in_progress:true']);
});

test('§7.2 New: flat layout — documents in work-space/subplans and work-space/execution', async () => {
  const root = tmp();
  write(root, {
    'work-space/plans/PLAN_FLAT.md': planMd('FLAT', ['1.1', '1.2', '1.3']),
    'work-space/plans/parallel.json': JSON.stringify(doc('FLAT', [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }, { id: '1.3', deps: ['1.1'] }])),
    'work-space/subplans/SUBPLAN_FLAT_12.md': '# SUBPLAN\n',
    'work-space/execution/feedbacks/APPROVED_11.md': 'ok',
    'work-space/execution/EXECUTION_TASK_FLAT_13_01.md': REAL,
  });
  const a = await analyse(join(root, 'work-space/plans/parallel.json'), tmp());
  assert.deepEqual(
    a.rows.map((r) => [r.id, r.status]),
    [
      ['1.1', 'complete'],
      ['1.2', 'subplan_created'],
      ['1.3', 'in_progress'],
    ],
  );
});

test('readiness: dependencies complete → ready; failed → blocked; skipped → ready with a warning', async () => {
  const { dir } = workspace(PLAN, ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3'], doc(PLAN, [
    { id: '1.1' },
    { id: '1.2' },
    { id: '1.3' },
    { id: '2.1', deps: ['1.1'] },
    { id: '2.2', deps: ['1.2'] },
    { id: '2.3', deps: ['1.3'] },
  ]), {
    'execution/feedbacks/APPROVED_11.md': 'ok',
    'execution/feedbacks/FIX_12.md': 'fix',
    'execution/SKIPPED_13.md': 'skip',
  });
  const a = await analyse(join(dir, 'parallel.json'));
  const r = (id: string) => a.byId.get(id);
  assert.deepEqual([r('2.1')?.ready, r('2.1')?.blockedBy], [true, []]);
  assert.deepEqual([r('2.2')?.ready, r('2.2')?.blockedBy], [false, ['1.2']]);
  assert.deepEqual([r('2.3')?.ready, r('2.3')?.skippedDeps], [true, ['1.3']]);
  // A failed achievement whose dependencies are done is work that can be picked up now (its fixes): ready.
  assert.deepEqual(a.readySet.ids, ['1.2', '2.1', '2.3']);
  assert.ok(a.diagnostics.some((d) => d.code === 'W-SKIPPED-DEP' && d.message.includes('2.3')));
  assert.equal(r('1.2')?.status, 'failed');
});

test('the ready set keeps achievements that already have a SUBPLAN (parallel.md §9 B3)', async () => {
  const { dir } = workspace(PLAN, ['1.1', '2.1', '2.2'], doc(PLAN, [{ id: '1.1' }, { id: '2.1', deps: ['1.1'], hours: '2-3' }, { id: '2.2', deps: ['1.1'], hours: '3-5' }]), {
    'execution/feedbacks/APPROVED_11.md': 'ok',
    [SUB('21')]: '[TO BE FILLED]',
    [SUB('22')]: '# real subplan',
  });
  const a = await analyse(join(dir, 'parallel.json'));
  assert.deepEqual(a.readySet.ids, ['2.1', '2.2']);
  assert.equal(a.byId.get('2.1')?.subplanPlaceholder, true);
  assert.equal(a.byId.get('2.2')?.subplanPlaceholder, undefined);
});

test('parallel.json ids that the PLAN lacks, and PLAN achievements the file lacks, are reported', async () => {
  const { dir } = workspace(PLAN, ['1.1', '1.2', '1.3'], doc(PLAN, [{ id: '1.1' }, { id: '1.2' }, { id: '9.1' }]), { 'execution/feedbacks/APPROVED_91.md': 'ok' });
  const a = await analyse(join(dir, 'parallel.json'));
  const cov = a.diagnostics.filter((d) => d.code === 'W-PLAN-COVERAGE').map((d) => d.message);
  assert.equal(cov.length, 2);
  assert.match(cov[0] ?? '', /defines 1\.3/);
  assert.match(cov[1] ?? '', /lists 9\.1/);
  assert.equal(a.byId.get('9.1')?.status, 'complete', 'evidence is linked for ids only parallel.json knows');
});

test('a bare parallel.json with no PLAN and no workspace still derives status from its own folder', async () => {
  const dir = tmp();
  write(dir, {
    'parallel.json': JSON.stringify(doc('BARE', [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }])),
    'execution/feedbacks/APPROVED_11.md': 'ok',
    'subplans/SUBPLAN_BARE_12.md': '# S',
  });
  const a = await analyse(join(dir, 'parallel.json'));
  assert.deepEqual(
    a.rows.map((r) => r.status),
    ['complete', 'subplan_created'],
  );
});

test('a PLAN that marks an achievement ✅ and keeps no review files: complete per plan text, shown as such', async () => {
  const plan = planMd(PLAN, ['1.1', '1.2']).replace('**Achievement 1.1**: Work item 1.1', '**Achievement 1.1**: Work item 1.1 ✅');
  const { dir } = workspace(PLAN, ['1.1', '1.2'], doc(PLAN, [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }]), { [`PLAN_${PLAN}.md`]: plan, [EX('11')]: REAL });
  const a = await analyse(join(dir, 'parallel.json'));
  const r = a.byId.get('1.1');
  assert.equal(r?.status, 'complete');
  assert.equal(r?.planText, true);
  assert.deepEqual(r?.evidence, []);
  assert.deepEqual(r?.executions, [join(dir, EX('11'))], 'its documents are still listed');
  assert.equal(a.byId.get('1.2')?.ready, true, 'its dependant is ready');
  const j = JSON.parse(statusJson(a, { cwd: '/' }));
  assert.equal(j.achievements[0].completeBy, 'plan_text');
  assert.equal(j.achievements[1].completeBy, undefined);
  // A plan that keeps review files trusts only them (trust auto).
  write(dir, { 'execution/feedbacks/APPROVED_12.md': 'ok' });
  const b = await analyse(join(dir, 'parallel.json'));
  assert.equal(b.byId.get('1.1')?.status, 'in_progress');
});

test('two skipped dependencies: ready, both listed as skipped dependencies and in W-SKIPPED-DEP', async () => {
  const { dir } = workspace(
    PLAN,
    ['1.1', '1.2', '1.3'],
    doc(PLAN, [{ id: '1.1' }, { id: '1.2' }, { id: '1.3', deps: ['1.1', '1.2'] }]),
    { 'execution/SKIPPED_11.md': 'skip', 'execution/SKIPPED_12.md': 'skip' },
  );
  const a = await analyse(join(dir, 'parallel.json'));
  const r = a.byId.get('1.3');
  assert.equal(r?.ready, true);
  assert.deepEqual(r?.skippedDeps, ['1.1', '1.2']);
  assert.deepEqual(r?.blockedBy, []);
  const w = a.diagnostics.find((d) => d.code === 'W-SKIPPED-DEP');
  assert.match(w?.message ?? '', /1\.3 counts as ready although a dependency was skipped \(1\.1, 1\.2\)/);
});

test('an EXECUTION_TASK that cannot be read as text (binary) counts as real work: in_progress', async () => {
  const st = await statusFor({ [SUB('11')]: 'x', [EX('11')]: '# EXECUTION_TASK\u0000binary\n' });
  assert.equal(st['1.1'], 'in_progress');
});

test('huge ids are listed in numeric order (no precision loss past 2^53)', async () => {
  const dir = tmp();
  const ids = ['1.100000000000000000001', '1.100000000000000000000', '1.99999999999999999999', '0.1'];
  write(dir, { 'parallel.json': JSON.stringify(doc('BIG', ids.map((id) => ({ id })))) });
  const a = await analyse(join(dir, 'parallel.json'));
  assert.deepEqual(
    a.sorted.map((r) => r.id),
    ['0.1', '1.99999999999999999999', '1.100000000000000000000', '1.100000000000000000001'],
  );
  const s = cli('workflow/get_parallel_status', [join(dir, 'parallel.json')]);
  assert.equal(s.code, 0, s.err);
  const listed = s.out.split('\n').filter((l) => /^\d+\.\d+ /.test(l)).map((l) => l.split(' ')[0]);
  assert.deepEqual(listed, ['0.1', '1.99999999999999999999', '1.100000000000000000000', '1.100000000000000000001']);
});

// Progress: one percentage for every script, rounded half up (parallel.md §9 B18; §3.4 pins half up).
const percentCases: Array<{ done: number; total: number; percent: number }> = [
  { done: 0, total: 0, percent: 0 },
  { done: 0, total: 9, percent: 0 },
  { done: 6, total: 9, percent: 67 },
  { done: 3, total: 7, percent: 43 },
  { done: 1, total: 3, percent: 33 },
  { done: 2, total: 3, percent: 67 },
  { done: 1, total: 8, percent: 13 },
  { done: 29, total: 200, percent: 15 },
  { done: 1, total: 200, percent: 1 },
  { done: 1, total: 201, percent: 0 },
  { done: 199, total: 200, percent: 100 },
  { done: 1999, total: 2000, percent: 100 },
  { done: 9, total: 9, percent: 100 },
];
for (const c of percentCases) {
  test(`progressPercent(${c.done}, ${c.total}) = ${c.percent}`, () => {
    assert.equal(progressPercent(c.done, c.total), c.percent);
  });
}

test('a 6/9 plan is 67% done in get_parallel_status (table and JSON) and in generate_completion_status', () => {
  const ids = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9'];
  const files = Object.fromEntries(ids.slice(0, 6).map((id) => [`execution/feedbacks/APPROVED_${id.replace('.', '')}.md`, 'ok']));
  const { root } = workspace(PLAN, ids, doc(PLAN, ids.map((id) => ({ id }))), files);
  const t = cli('workflow/get_parallel_status', [`@${PLAN}`], { cwd: root });
  assert.match(t.out, /^Progress: 6\/9 done \(67%\)/m);
  const j = JSON.parse(cli('workflow/get_parallel_status', [`@${PLAN}`, '--json'], { cwd: root }).out);
  assert.equal(j.progress.percent, 67);
  const c = cli('generation/generate_completion_status', [`@${PLAN}`], { cwd: root });
  assert.match(c.out, /Completion: 6\/9 \(67%\)/);
});
