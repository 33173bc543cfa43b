/**
 * Executor caps in the time math (parallel.md §3.4): a declared level's max_parallelism, the plan-wide
 * max_parallelism and --executors. The pool is --executors, else the plan-wide value; a level's cap limits its own
 * members within the pool, and a group mixing levels is scheduled with each level limited by its own cap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeParallel, openParallel, type ParallelAnalysis } from '../scripts/lib/parallel/analysis.ts';
import { groupTimes, lptMakespan, scheduleDag, type GroupItem } from '../scripts/lib/parallel/times.ts';
import { buildGraph, layer } from '../scripts/lib/parallel/graph.ts';
import { cli, tmp, write } from './parallel-helpers.ts';

const A = 'workflow/analyze_dependencies';

const h = (x: number) => ({ min: x, max: x });
const capped = (id: string, hours: number, level: number, max: number): GroupItem => ({ id, hours: h(hours), levelCap: { level, max } });
const free = (id: string, hours: number): GroupItem => ({ id, hours: h(hours) });

// groupTimes with level caps: parallel time, the executors figure and the levels that hold the group back.
const groupCases: Array<{ name: string; items: GroupItem[]; pool?: number; parallel: number; executors?: number; levelCaps?: Array<{ level: number; maxParallelism: number }> }> = [
  { name: 'one level, cap 1: sequential', items: [capped('1.1', 3, 1, 1), capped('1.2', 3, 1, 1)], parallel: 6, executors: 1, levelCaps: [{ level: 1, maxParallelism: 1 }] },
  { name: 'one level, cap 2 of 3', items: [capped('1.1', 3, 1, 2), capped('1.2', 3, 1, 2), capped('1.3', 3, 1, 2)], parallel: 6, executors: 2, levelCaps: [{ level: 1, maxParallelism: 2 }] },
  { name: 'cap as large as the level: no effect', items: [capped('1.1', 3, 1, 2), capped('1.2', 3, 1, 2)], parallel: 3 },
  { name: 'pool smaller than the cap: the pool decides, the level is not named', items: [capped('1.1', 3, 1, 3), capped('1.2', 3, 1, 3), capped('1.3', 3, 1, 3)], pool: 1, parallel: 9, executors: 1 },
  { name: 'pool larger than the cap: the cap still holds (--executors does not lift it)', items: [capped('1.1', 3, 1, 1), capped('1.2', 3, 1, 1)], pool: 4, parallel: 6, executors: 1, levelCaps: [{ level: 1, maxParallelism: 1 }] },
  {
    name: 'mixed: level 1 capped at 1, level 2 uncapped, each limited by its own cap',
    items: [capped('1.1', 3, 1, 1), capped('1.2', 3, 1, 1), free('2.1', 3), free('2.2', 3)],
    parallel: 6,
    executors: 3,
    levelCaps: [{ level: 1, maxParallelism: 1 }],
  },
  {
    name: 'mixed: the uncapped level is not held back by the other level (smallest-cap reading would give 12 h)',
    items: [capped('1.1', 4, 1, 1), capped('1.2', 4, 1, 1), free('2.1', 4), free('2.2', 4)],
    parallel: 8,
    executors: 3,
    levelCaps: [{ level: 1, maxParallelism: 1 }],
  },
  {
    name: 'mixed with a pool of 2: longest first, a capped job waits while the other level fills the slot',
    items: [capped('1.1', 5, 1, 1), capped('1.2', 5, 1, 1), free('2.1', 2), free('2.2', 2), free('2.3', 2)],
    pool: 2,
    parallel: 10,
    executors: 2,
    levelCaps: [{ level: 1, maxParallelism: 1 }],
  },
  {
    name: 'two capped levels',
    items: [capped('1.1', 2, 1, 1), capped('1.2', 2, 1, 1), capped('1.3', 2, 1, 1), capped('2.1', 3, 2, 2), capped('2.2', 3, 2, 2), capped('2.3', 3, 2, 2)],
    parallel: 6,
    executors: 3,
    levelCaps: [{ level: 1, maxParallelism: 1 }, { level: 2, maxParallelism: 2 }],
  },
];
for (const c of groupCases) {
  test(`group times with level caps: ${c.name}`, () => {
    const t = groupTimes(c.items, c.pool);
    assert.deepEqual(t.parallelCapped ?? t.parallel, h(c.parallel));
    assert.equal(t.executors, c.executors);
    assert.deepEqual(t.levelCaps, c.levelCaps);
    const seq = c.items.reduce((s, x) => s + (x.hours?.min ?? 0), 0);
    assert.deepEqual(t.saved, h(seq - c.parallel));
  });
}

test('without binding caps, capped list scheduling is LPT (random groups, edgeless DAG against lptMakespan)', () => {
  let seed = 4242;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 200; round++) {
    const n = 1 + Math.floor(rnd() * 12);
    const k = 1 + Math.floor(rnd() * 5);
    const values = Array.from({ length: n }, () => Math.floor(rnd() * 8));
    const g = buildGraph(values.map((_, i) => `1.${i + 1}`), values.map(() => []));
    const hs = Float64Array.from(values);
    const caps = { cls: new Int32Array(n).fill(0), cap: [n], level: [1] };
    assert.equal(scheduleDag(g, layer(g), hs, k, undefined, caps), lptMakespan(values, k), `round ${round}`);
    assert.equal(scheduleDag(g, layer(g), hs, k), lptMakespan(values, k), `round ${round}, no caps`);
  }
});

test('capped DAG scheduling never runs more of a level at once than its cap, and never beats the critical path', () => {
  // A level of 6 independent 1 h tasks capped at 2 behind one 1 h root: 1 + 3 = 4 h with any pool ≥ 2.
  const ids = ['1.1', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6'];
  const g = buildGraph(ids, ids.map((_, i) => (i ? [0] : [])));
  const hs = new Float64Array(ids.length).fill(1);
  const caps = { cls: Int32Array.from(ids, (_, i) => (i ? 0 : -1)), cap: [2], level: [2] };
  assert.equal(scheduleDag(g, layer(g), hs, Infinity, undefined, caps), 4);
  assert.equal(scheduleDag(g, layer(g), hs, 10, undefined, caps), 4);
  assert.equal(scheduleDag(g, layer(g), hs, 1, undefined, caps), 7);
  assert.equal(scheduleDag(g, layer(g), hs, Infinity), 2);
});

async function analyse(parallel: unknown, executors?: number): Promise<ParallelAnalysis> {
  const dir = tmp();
  write(dir, { 'parallel.json': JSON.stringify(parallel) });
  const opened = await openParallel(join(dir, 'parallel.json'), dir, { withPlan: true });
  assert.ok(opened.pf && opened.ctx, 'loaded');
  assert.deepEqual(opened.pf.diagnostics.filter((d) => d.severity === 'error'), []);
  return analyzeParallel(opened.pf, opened.ctx, executors !== undefined ? { executors } : {});
}

const ach = (id: string, hours = 3) => ({ achievement_id: id, title: `T ${id}`, estimated_hours: hours });
/** The QA file: one declared level with max_parallelism 1 and two 3 h achievements (objects inside the level). */
const QA = { plan_name: 'T', levels: [{ level: 1, max_parallelism: 1, achievements: [ach('1.1'), ach('1.2')] }] };

test('QA case: a level with max_parallelism 1 takes 6 h, saves 0 h, in the depth group and the ready set', async () => {
  const a = await analyse(QA);
  for (const t of [a.readySet, (a.depths[0] as ParallelAnalysis['depths'][number]).times]) {
    assert.deepEqual(t.sequential, h(6));
    assert.deepEqual(t.parallelCapped, h(6));
    assert.deepEqual(t.saved, h(0));
    assert.deepEqual(t.savingsPct, h(0));
    assert.equal(t.executors, 1);
  }
  assert.deepEqual(a.times.withExecutors, h(6));
  assert.equal(a.times.levelCapped, true);
  assert.deepEqual(a.remaining.withExecutors, h(6));
});

test('QA case through analyze_dependencies: text and JSON', () => {
  const dir = tmp();
  write(dir, { 'parallel.json': JSON.stringify(QA) });
  const file = join(dir, 'parallel.json');
  const t = cli(A, [file]);
  assert.equal(t.code, 0, t.err);
  const line = 'sequential 6 h → parallel 6 h with 1 executor (level 1: at most 1 at a time), saves 0 h (0%)';
  assert.ok(t.out.includes(`      ${line}\n`), `depth group\n${t.out}`);
  assert.ok(t.out.includes(`Ready now (2): 1.1, 1.2\n  ${line}\n`), `ready set\n${t.out}`);
  assert.match(t.out, /^Whole plan: sequential 6 h · level-synchronous 3 h · critical path 3 h · with the levels' max_parallelism 6 h$/m);
  // --executors is the pool: more executors do not lift the level's cap.
  const more = cli(A, [file, '--executors', '4']);
  assert.ok(more.out.includes(line), more.out);
  assert.match(more.out, /· with 4 executors and the levels' max_parallelism 6 h$/m);
  const j = JSON.parse(cli(A, [file, '--format', 'json']).out);
  assert.deepEqual(j.readySet.levelCaps, [{ level: 1, maxParallelism: 1 }]);
  assert.deepEqual(j.readySet.parallelCapped, h(6));
});

test('pool and level caps together: plan-wide max_parallelism is the pool, --executors replaces it, level caps hold', async () => {
  const file = {
    plan_name: 'T',
    max_parallelism: 3,
    levels: [
      { level: 1, max_parallelism: 1, achievements: [ach('1.1'), ach('1.2')] },
      { level: 2, achievements: [ach('2.1'), ach('2.2'), ach('2.3')] },
    ],
  };
  // Five independent 3 h achievements (the levels are declared, not dependencies): one ready set.
  const cases: Array<{ executors?: number; parallel: number; width: number }> = [
    { parallel: 6, width: 3 }, // pool 3 (plan-wide): 1.x one at a time, 2.x alongside: {1.1,2.1,2.2}, {1.2,2.3}
    { executors: 1, parallel: 15, width: 1 }, // --executors 1 replaces the plan-wide 3
    { executors: 2, parallel: 9, width: 2 },
    { executors: 10, parallel: 6, width: 4 }, // 1 of level 1 + 3 of level 2 at most
  ];
  for (const c of cases) {
    const a = await analyse(file, c.executors);
    assert.deepEqual(a.readySet.ids, ['1.1', '1.2', '2.1', '2.2', '2.3']);
    assert.deepEqual(a.readySet.parallelCapped, h(c.parallel), `--executors ${c.executors ?? '(plan-wide 3)'}`);
    assert.equal(a.readySet.executors, c.width);
    assert.equal(a.executors, c.executors ?? 3);
  }
});

test('a file without level caps is scheduled as before (plan-wide max_parallelism as the pool)', async () => {
  const a = await analyse({ plan_name: 'T', max_parallelism: 2, achievements: [ach('1.1'), ach('1.2'), ach('1.3')].map((x) => ({ ...x, dependencies: [] })) });
  assert.deepEqual(a.readySet.parallelCapped, h(6));
  assert.equal(a.readySet.executors, 2);
  assert.equal(a.readySet.levelCaps, undefined);
  assert.equal(a.times.levelCapped, undefined);
  assert.deepEqual(a.times.withExecutors, h(6));
});
