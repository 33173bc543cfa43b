/**
 * Whole-plan times (planTimes: one pass over the edges for both bounds, the depths and the per-depth maxima, with
 * no test per edge for done dependencies) against one-figure-at-a-time references written from parallel.md
 * §3.4–3.5: exact and ranged estimates, unknown ones, done masks, executors and level caps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, idRank, layer, type Graph, type Layering } from '../scripts/lib/parallel/graph.ts';
import { planTimes, scheduleDag, type LevelCaps, type PlanTimes } from '../scripts/lib/parallel/times.ts';
import type { Hours } from '../scripts/lib/parallel/model.ts';
import { randomDag, rng } from './parallel-helpers.ts';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The figures of one set (skip: the done nodes, for the remaining work), each by its own plain pass. */
function reference(g: Graph, l: Layering, hours: Array<Hours | undefined>, skip: Uint8Array | undefined, bound: 'min' | 'max') {
  const n = g.ids.length;
  const rank = idRank(g);
  const kept = (a: number) => skip === undefined || skip[a] !== 1;
  const h = (a: number) => hours[a]?.[bound] ?? 0;
  let sequential = 0;
  for (let a = 0; a < n; a++) if (kept(a)) sequential += h(a);
  // Depth in the graph of the kept nodes; level-synchronous = Σ over depths of the longest.
  const depth = new Map<number, number>();
  const longest = new Map<number, number>();
  const ef = new Map<number, number>();
  const prev = new Map<number, number>();
  let end = -1;
  for (const a of l.order) {
    if (!kept(a)) continue;
    let dd = 0;
    let best = -1;
    for (let k = g.depStart[a] as number; k < (g.depStart[a + 1] as number); k++) {
      const d = g.depList[k] as number;
      if (!kept(d)) continue;
      dd = Math.max(dd, (depth.get(d) as number) + 1);
      const e = ef.get(d) as number;
      if (best === -1 || e > (ef.get(best) as number) || (e === ef.get(best) && (rank[d] as number) < (rank[best] as number))) best = d;
    }
    depth.set(a, dd);
    longest.set(dd, Math.max(longest.get(dd) ?? 0, h(a)));
    prev.set(a, best);
    const f = h(a) + (best === -1 ? 0 : (ef.get(best) as number));
    ef.set(a, f);
    const fe = ef.get(end) as number;
    if (end === -1 || f > fe || (f === fe && ((l.depth[a] as number) > (l.depth[end] as number) || (l.depth[a] === l.depth[end] && (rank[a] as number) < (rank[end] as number))))) end = a;
  }
  let levelSynchronous = 0;
  for (const d of [...longest.keys()].sort((x, y) => x - y)) levelSynchronous += longest.get(d) as number;
  const path: number[] = [];
  for (let x = end; x !== -1; x = prev.get(x) as number) path.unshift(x);
  const unknown = [...Array(n).keys()].filter((a) => kept(a) && !hours[a]).map((a) => g.ids[a] as string);
  return {
    sequential: round3(sequential),
    levelSynchronous: round3(levelSynchronous),
    path: {
      ids: path.map((x) => g.ids[x] as string),
      hours: path.map(h),
      total: end === -1 ? 0 : round3(ef.get(end) as number),
      unknownEstimates: path.filter((x) => !hours[x]).map((x) => g.ids[x] as string),
    },
    unknown,
    count: [...Array(n).keys()].filter(kept).length,
  };
}

function check(t: PlanTimes, g: Graph, l: Layering, hours: Array<Hours | undefined>, skip: Uint8Array | undefined, label: string, k?: number, caps?: LevelCaps): void {
  const lo = reference(g, l, hours, skip, 'min');
  const hi = reference(g, l, hours, skip, 'max');
  assert.deepEqual(t.sequential, { min: lo.sequential, max: hi.sequential }, `${label}: sequential`);
  assert.deepEqual(t.levelSynchronous, { min: lo.levelSynchronous, max: hi.levelSynchronous }, `${label}: level-synchronous`);
  assert.deepEqual(t.criticalPath.min, lo.path, `${label}: critical path (min)`);
  assert.deepEqual(t.criticalPath.max, hi.path, `${label}: critical path (max)`);
  assert.notEqual(t.criticalPath.min.ids, t.criticalPath.max.ids, `${label}: the two paths never share arrays`);
  assert.deepEqual(t.unknownEstimates, lo.unknown, `${label}: unknown estimates`);
  assert.equal(t.count, lo.count, `${label}: count`);
  if (k === undefined && !caps) {
    assert.equal(t.withExecutors, undefined, `${label}: no scheduling without limits`);
    return;
  }
  const skipFn = (a: number) => skip !== undefined && skip[a] === 1;
  const hMin = Float64Array.from(hours, (h) => h?.min ?? 0);
  const hMax = Float64Array.from(hours, (h) => h?.max ?? 0);
  const pool = k ?? Infinity;
  assert.deepEqual(t.withExecutors, { min: round3(scheduleDag(g, l, hMin, pool, skipFn, caps)), max: round3(scheduleDag(g, l, hMax, pool, skipFn, caps)) }, `${label}: with executors`);
  assert.equal(t.executors, k, `${label}: executors`);
  assert.equal(t.levelCapped, caps ? true : undefined, `${label}: level caps`);
}

test('planTimes: the whole plan and the remaining work match the references (random plans, masks, bounds, limits)', () => {
  const rnd = rng(4242);
  // Few distinct estimates (and zeros) so that ties between chains are common.
  const values = [0, 0, 1, 2, 2, 3, 0.5, 0.1];
  for (let round = 0; round < 160; round++) {
    const n = 1 + Math.floor(rnd() * 70);
    const g = randomDag(rnd, n, 1 + (round % 5));
    const l = layer(g);
    // Exact everywhere; inexact only among done nodes (the remaining work is exact); inexact anywhere.
    const shape = round % 3;
    const done = Uint8Array.from({ length: n }, () => (rnd() < [0, 0.3, 0.6, 1][round % 4]! ? 1 : 0));
    const hours: Array<Hours | undefined> = Array.from({ length: n }, (_, a) => {
      if (rnd() < 0.15) return undefined;
      const min = values[Math.floor(rnd() * values.length)] as number;
      const spread = shape === 2 || (shape === 1 && done[a] === 1) ? (values[Math.floor(rnd() * values.length)] as number) : 0;
      return { min, max: min + spread };
    });
    const k = round % 5 === 0 ? 1 + Math.floor(rnd() * 3) : undefined;
    let caps: LevelCaps | undefined;
    if (round % 7 === 3) caps = { cls: Int32Array.from({ length: n }, () => (rnd() < 0.5 ? 0 : -1)), cap: [1], level: [1] };
    const limits = { ...(k !== undefined ? { executors: k } : {}), ...(caps ? { caps } : {}) };
    const label = `round ${round}`;
    check(planTimes(g, l, hours, { ...limits, done }), g, l, hours, undefined, `${label}, all`, k, caps);
    check(planTimes(g, l, hours, { ...limits, done, remaining: true }), g, l, hours, done, `${label}, remaining`, k, caps);
  }
});

test('planTimes: remaining depths are taken without the done work (a done chain head)', () => {
  // 1.1 (done) ← 1.2 ← 1.3, and 2.1 alone: with 1.1 done, 1.2 and 2.1 share depth 0 of the remaining work.
  const g = buildGraph(['1.1', '1.2', '1.3', '2.1'], [[], [0], [1], []]);
  const l = layer(g);
  const hours: Hours[] = [
    { min: 5, max: 5 },
    { min: 1, max: 2 },
    { min: 1, max: 1 },
    { min: 3, max: 4 },
  ];
  const done = new Uint8Array([1, 0, 0, 0]);
  const times = planTimes(g, l, hours, { done });
  const remaining = planTimes(g, l, hours, { done, remaining: true });
  assert.deepEqual(times.levelSynchronous, { min: 5 + 1 + 1, max: 5 + 2 + 1 });
  assert.deepEqual(remaining.levelSynchronous, { min: 3 + 1, max: 4 + 1 });
  assert.deepEqual(times.criticalPath.max.ids, ['1.1', '1.2', '1.3']);
  assert.deepEqual(remaining.criticalPath.max.ids, ['2.1']);
  assert.deepEqual(remaining.criticalPath.min.ids, ['2.1']);
  assert.deepEqual(remaining.sequential, { min: 5, max: 7 });
  assert.equal(remaining.count, 3);
  assert.equal(times.count, 4);
});

test('planTimes: everything done leaves nothing; nothing done leaves the whole plan', () => {
  const g = buildGraph(['1.1', '1.2'], [[], [0]]);
  const l = layer(g);
  const hours: Hours[] = [
    { min: 1, max: 2 },
    { min: 2, max: 2 },
  ];
  const none = planTimes(g, l, hours, { done: new Uint8Array([1, 1]), remaining: true });
  assert.deepEqual(none.criticalPath.min, { ids: [], hours: [], total: 0, unknownEstimates: [] });
  assert.deepEqual(none.criticalPath.max, { ids: [], hours: [], total: 0, unknownEstimates: [] });
  assert.deepEqual(none.sequential, { min: 0, max: 0 });
  assert.deepEqual(none.levelSynchronous, { min: 0, max: 0 });
  assert.equal(none.count, 0);
  assert.deepEqual(planTimes(g, l, hours, { done: new Uint8Array(2), remaining: true }), planTimes(g, l, hours));
});
