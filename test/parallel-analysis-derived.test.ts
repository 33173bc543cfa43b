/**
 * The derived data of the parallel analysis against simple reference implementations: whole-plan times (depths,
 * level-synchronous sum, both critical paths in one pass) and the bottleneck search with its count bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bottlenecks, buildGraph, idRank, layer, Walker, type Graph, type Layering } from '../scripts/lib/parallel/graph.ts';
import { criticalPath, planTimes, type CriticalPath } from '../scripts/lib/parallel/times.ts';
import type { Hours } from '../scripts/lib/parallel/model.ts';
import { compareIds } from '../scripts/lib/ids.ts';
import { join } from 'node:path';
import { analyzeParallel, openParallel } from '../scripts/lib/parallel/analysis.ts';
import { doc, randomDag, rng, workspace, type AchSpec } from './parallel-helpers.ts';

/** The reference: one pass per figure, as the time math reads in parallel.md §3.4–3.5. */
function referencePath(g: Graph, l: Layering, h: Float64Array, skip: Uint8Array | undefined, unknown: Uint8Array): CriticalPath {
  const rank = idRank(g);
  const n = g.ids.length;
  const ef = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  let end = -1;
  for (const a of l.order) {
    if (skip?.[a] === 1) continue;
    let best = -1;
    for (let k = g.depStart[a] as number; k < (g.depStart[a + 1] as number); k++) {
      const d = g.depList[k] as number;
      if (skip?.[d] === 1) continue;
      if (best === -1 || (ef[d] as number) > (ef[best] as number) || (ef[d] === ef[best] && (rank[d] as number) < (rank[best] as number))) best = d;
    }
    prev[a] = best;
    ef[a] = (h[a] as number) + (best === -1 ? 0 : (ef[best] as number));
    const better =
      end === -1 ||
      (ef[a] as number) > (ef[end] as number) ||
      (ef[a] === ef[end] && ((l.depth[a] as number) > (l.depth[end] as number) || (l.depth[a] === l.depth[end] && (rank[a] as number) < (rank[end] as number))));
    if (better) end = a;
  }
  const path: number[] = [];
  for (let x = end; x !== -1; x = prev[x] as number) path.unshift(x);
  return {
    ids: path.map((x) => g.ids[x] as string),
    hours: path.map((x) => h[x] as number),
    total: end === -1 ? 0 : Math.round((ef[end] as number) * 1000) / 1000,
    unknownEstimates: path.filter((x) => unknown[x] === 1).map((x) => g.ids[x] as string),
  };
}

function referenceLevelSync(g: Graph, l: Layering, h: Float64Array, skip: Uint8Array | undefined): number {
  const depth = new Int32Array(g.ids.length);
  const longest = new Map<number, number>();
  for (const a of l.order) {
    if (skip?.[a] === 1) continue;
    let dd = 0;
    for (let k = g.depStart[a] as number; k < (g.depStart[a + 1] as number); k++) {
      const d = g.depList[k] as number;
      if (skip?.[d] !== 1) dd = Math.max(dd, (depth[d] as number) + 1);
    }
    depth[a] = dd;
    longest.set(dd, Math.max(longest.get(dd) ?? 0, h[a] as number));
  }
  let sum = 0;
  for (const d of [...longest.keys()].sort((x, y) => x - y)) sum += longest.get(d) as number;
  return Math.round(sum * 1000) / 1000;
}

test('planTimes: depths, level-synchronous sums and both critical paths match one-pass-per-figure references', () => {
  const rnd = rng(2024);
  // Few distinct estimates (and zeros) so that ties between chains are common.
  const values = [0, 0, 1, 2, 2, 3, 0.5];
  for (let round = 0; round < 120; round++) {
    const n = 1 + Math.floor(rnd() * 60);
    const g = randomDag(rnd, n, 1 + (round % 4));
    const l = layer(g);
    const exact = round % 3 === 0;
    const hours: Array<Hours | undefined> = Array.from({ length: n }, () => {
      if (rnd() < 0.15) return undefined;
      const min = values[Math.floor(rnd() * values.length)] as number;
      return { min, max: exact ? min : min + (values[Math.floor(rnd() * values.length)] as number) };
    });
    const done = Uint8Array.from({ length: n }, () => (rnd() < 0.4 ? 1 : 0));
    for (const remaining of [false, true]) {
      const t = planTimes(g, l, hours, { done, remaining });
      const skip = remaining ? done : undefined;
      const hMin = Float64Array.from(hours, (h, a) => (skip?.[a] === 1 ? 0 : (h?.min ?? 0)));
      const hMax = Float64Array.from(hours, (h, a) => (skip?.[a] === 1 ? 0 : (h?.max ?? 0)));
      const unknown = Uint8Array.from(hours, (h, a) => (skip?.[a] !== 1 && !h ? 1 : 0));
      const label = `round ${round}, remaining ${remaining}`;
      assert.deepEqual(t.criticalPath.min, referencePath(g, l, hMin, skip, unknown), label);
      assert.deepEqual(t.criticalPath.max, referencePath(g, l, hMax, skip, unknown), label);
      assert.notEqual(t.criticalPath.min.ids, t.criticalPath.max.ids, 'the two paths never share arrays');
      assert.deepEqual(t.levelSynchronous, { min: referenceLevelSync(g, l, hMin, skip), max: referenceLevelSync(g, l, hMax, skip) }, label);
      assert.deepEqual(criticalPath(g, l, hMax, skip, unknown), referencePath(g, l, hMax, skip, unknown), label);
    }
  }
});

test('planTimes: zero-hour tails stay on the path; ties go to the smaller id', () => {
  // 1.1 (2 h) ← 1.2 (0 h): the tail of zero hours ends the path. 2.1 and 1.3 tie (2 h each) as dependencies of 2.2.
  const ids = ['1.1', '1.2', '2.1', '1.3', '2.2'];
  const g = buildGraph(ids, [[], [0], [], [], [2, 3]]);
  const l = layer(g);
  const h: Hours[] = [
    { min: 2, max: 2 },
    { min: 0, max: 0 },
    { min: 2, max: 2 },
    { min: 2, max: 2 },
    { min: 0, max: 1 },
  ];
  const t = planTimes(g, l, h);
  assert.deepEqual(t.criticalPath.min.ids, ['1.1', '1.2'], 'equal totals: the deeper end, then the smaller id');
  assert.deepEqual(t.criticalPath.max.ids, ['1.3', '2.2'], '1.3 before 2.1 in id order');
  assert.deepEqual(t.levelSynchronous, { min: 2, max: 3 });
});

/** Descendant counts by brute force, for the bottleneck reference. */
function bruteTop(g: Graph, open: Uint8Array | undefined): Array<{ id: string; dependents: number; direct: number }> {
  const counted = (x: number) => (open === undefined || open[x] === 1 ? 1 : 0);
  const rank = idRank(g);
  return g.ids
    .map((id, x) => {
      const seen = new Set<number>();
      const stack = [x];
      while (stack.length) {
        const v = stack.pop() as number;
        for (let j = g.revStart[v] as number; j < (g.revStart[v + 1] as number); j++) {
          const b = g.revList[j] as number;
          if (!seen.has(b)) {
            seen.add(b);
            stack.push(b);
          }
        }
      }
      let direct = 0;
      for (let j = g.revStart[x] as number; j < (g.revStart[x + 1] as number); j++) direct += counted(g.revList[j] as number);
      return { x, id, dependents: [...seen].reduce((s, b) => s + counted(b), 0), direct };
    })
    .filter((r) => counted(r.x) === 1 && (r.direct > 0 || r.dependents > 0))
    .sort((a, b) => b.dependents - a.dependents || b.direct - a.direct || (rank[a.x] as number) - (rank[b.x] as number))
    .slice(0, 3)
    .map(({ id, dependents, direct }) => ({ id, dependents, direct }));
}

/**
 * A spine 1.1 ← 1.2 ← … of `len` nodes; each spine node has `side` dependents of its own, and the next spine node
 * depends on them too (a chain of diamonds: path counts grow as (side + 1)^len, descendants only linearly).
 */
function spine(len: number, side: number): Graph {
  const ids: string[] = [];
  const deps: number[][] = [];
  let prev: number[] = [];
  for (let s = 0; s < len; s++) {
    const at = ids.length;
    ids.push(`1.${s + 1}`);
    deps.push(prev);
    prev = [at];
    for (let k = 0; k < side; k++) {
      prev.push(ids.length);
      ids.push(`${s + 2}.${k + 1}`);
      deps.push([at]);
    }
  }
  return buildGraph(ids, deps);
}

test('bottlenecks: on a long spine the depth bound stops the exact counts after the top three', () => {
  // Path-count estimates overflow to 1e300 on diamond-rich graphs and never stop the search; the count of deeper
  // nodes does. Here every spine node is a candidate; only the first three need a traversal.
  const g = spine(60, 2);
  const l = layer(g);
  const calls: number[] = [];
  const original = Walker.prototype.reachCount;
  Walker.prototype.reachCount = function (this: Walker, from: number, dir: 'up' | 'down', mask?: Uint8Array): number {
    calls.push(from);
    return original.call(this, from, dir, mask);
  };
  try {
    const got = bottlenecks(g, l, { pool: 12 });
    assert.deepEqual(got, bruteTop(g, undefined));
    assert.deepEqual(
      got.map((b) => [b.id, b.dependents]),
      [
        ['1.1', 179],
        ['2.1', 177],
        ['2.2', 177],
      ],
    );
    assert.equal(calls.length, 3, `traversals: ${calls.map((x) => g.ids[x]).join(', ')}`);
  } finally {
    Walker.prototype.reachCount = original;
  }
});

test('bottlenecks: bounds never change the result (spines, diamonds, open masks, against brute force)', () => {
  const rnd = rng(77);
  for (let round = 0; round < 80; round++) {
    const g = round % 4 === 0 ? spine(2 + Math.floor(rnd() * 20), Math.floor(rnd() * 3)) : randomDag(rnd, 2 + Math.floor(rnd() * 50), 1 + (round % 5));
    const l = layer(g);
    const n = g.ids.length;
    const open = round % 2 ? Uint8Array.from({ length: n }, () => (rnd() < 0.7 ? 1 : 0)) : undefined;
    assert.deepEqual(bottlenecks(g, l, { pool: n, ...(open ? { open } : {}) }), bruteTop(g, open), `round ${round}`);
  }
});

test('idRank: ids already in order keep their file positions; out of order or unpackable ones are sorted', () => {
  const cases: Array<[string, string[]]> = [
    ['in order', ['1.1', '1.2', '1.10', '2.1', '2.1.1', '10.1']],
    ['in order with ties (leading zeros): file order among equals', ['1.1', '1.02', '1.2', '1.3']],
    ['out of order at the end', ['1.1', '1.2', '1.10', '1.9']],
    ['out of order at the start', ['2.1', '1.1', '1.2']],
    ['ties out of file order are not a disorder', ['1.2', '1.02', '1.10']],
    ['in order but a part too large to pack', ['1.1', '1.70000', '2.1']],
    ['one id', ['3.4']],
    ['none', []],
  ];
  for (const [name, ids] of cases) {
    const g = buildGraph(
      ids,
      ids.map(() => []),
    );
    const expected = ids.map((id, k) => [id, k] as const).sort((a, b) => compareIds(a[0], b[0]) || a[1] - b[1]);
    const rank = Array.from(idRank(g));
    const want = new Array<number>(ids.length);
    expected.forEach(([, k], r) => (want[k] = r));
    assert.deepEqual(rank, want, name);
  }
});

test('analyzeParallel: dependents, readiness, depth groups and the ready set, files in id order or not', async () => {
  const PLAN = 'ORDER-PLAN';
  // 1.1 is approved; 1.10 skipped; the rest open. Listed in id order, then shuffled (1.10 before 1.9 …).
  const specs: AchSpec[] = [
    { id: '1.1', hours: 2 },
    { id: '1.2', deps: ['1.1'], hours: '1-3' },
    { id: '1.3', deps: ['1.1', '1.2'] },
    { id: '1.9', deps: ['1.10'], hours: 1 },
    { id: '1.10', deps: ['1.1'], hours: 4 },
    { id: '2.1', deps: ['1.3', '1.10'], hours: 2 },
    { id: '2.2', deps: ['1.1'], hours: 1 },
  ];
  const files = { 'execution/feedbacks/APPROVED_11.md': 'ok', 'execution/feedbacks/SKIPPED_110.md': 'not needed' };
  const orders: Array<[string, AchSpec[]]> = [
    ['in id order', [...specs].sort((a, b) => compareIds(a.id, b.id))],
    ['shuffled', [specs[5], specs[3], specs[0], specs[6], specs[4], specs[2], specs[1]] as AchSpec[]],
  ];
  const seen: string[] = [];
  for (const [name, list] of orders) {
    const { dir } = workspace(
      PLAN,
      list.map((a) => a.id),
      doc(PLAN, list),
      files,
    );
    const opened = await openParallel(join(dir, 'parallel.json'), '/', { withPlan: true });
    assert.ok(opened.pf && opened.ctx, name);
    const a = analyzeParallel(opened.pf, opened.ctx);
    assert.equal(opened.pf.graph.inIdOrder, name === 'in id order', name);
    const summary = a.sorted.map((r) => ({ id: r.id, status: r.status, depth: r.depth, dependents: r.dependents, ready: r.ready, blockedBy: r.blockedBy, skippedDeps: r.skippedDeps }));
    assert.deepEqual(
      summary,
      [
        { id: '1.1', status: 'complete', depth: 0, dependents: ['1.2', '1.3', '1.10', '2.2'], ready: false, blockedBy: [], skippedDeps: [] },
        { id: '1.2', status: 'not_started', depth: 1, dependents: ['1.3'], ready: true, blockedBy: [], skippedDeps: [] },
        { id: '1.3', status: 'not_started', depth: 2, dependents: ['2.1'], ready: false, blockedBy: ['1.2'], skippedDeps: [] },
        { id: '1.9', status: 'not_started', depth: 2, dependents: [], ready: true, blockedBy: [], skippedDeps: ['1.10'] },
        { id: '1.10', status: 'skipped', depth: 1, dependents: ['1.9', '2.1'], ready: false, blockedBy: [], skippedDeps: [] },
        { id: '2.1', status: 'not_started', depth: 3, dependents: [], ready: false, blockedBy: ['1.3'], skippedDeps: ['1.10'] },
        { id: '2.2', status: 'not_started', depth: 1, dependents: [], ready: true, blockedBy: [], skippedDeps: [] },
      ],
      name,
    );
    assert.deepEqual(
      a.depths.map((d) => [d.depth, d.ids, d.done]),
      [
        [0, ['1.1'], 1],
        [1, ['1.2', '1.10', '2.2'], 1],
        [2, ['1.3', '1.9'], 0],
        [3, ['2.1'], 0],
      ],
      name,
    );
    assert.deepEqual(a.depths[1]?.times.ids, ['1.2', '1.10', '2.2'], name);
    assert.deepEqual(a.readySet.ids, ['1.2', '1.9', '2.2'], name);
    assert.deepEqual(a.progress.byStatus, { not_started: 5, subplan_created: 0, execution_created: 0, in_progress: 0, complete: 1, skipped: 1, failed: 0 }, name);
    assert.equal(a.byId.get('1.9'), a.sorted[3], 'byId holds the rows themselves');
    assert.deepEqual(
      a.diagnostics.map((d) => d.code),
      ['W-SKIPPED-DEP'],
      name,
    );
    assert.deepEqual(a.bottlenecks[0], { id: '1.2', dependents: 2, direct: 1 }, name);
    const { sorted, readySet, times, remaining, bottlenecks: open, planBottlenecks, progress } = a;
    const depths = a.depths.map((d) => ({ ...d, times: d.times }));
    seen.push(JSON.stringify({ sorted, depths, readySet, times, remaining, open, planBottlenecks, progress }).replaceAll(dir, '<dir>'));
  }
  assert.equal(seen[0], seen[1], 'the file order changes nothing but the rows order');
});
