/**
 * Time math (parallel.md §3.4–3.5). All hours are ranges {min, max}; every figure is computed for each bound on
 * its own (min bound first). Unknown estimates count as 0 and are listed, never hidden.
 *
 *   group G (ready set, one depth):  sequential = Σ h,  parallel(∞) = max h,
 *                                    parallel(k) = makespan of longest-processing-time-first list scheduling;
 *   whole plan:                      sequential = Σ h,  levelSynchronous = Σ over depths of max h,
 *                                    criticalPath = longest weighted dependency chain (the achievable time with
 *                                    unlimited executors), withExecutors(k) = list scheduling of the DAG, LPT order.
 *   saved = sequential − parallel;   savingsPct = saved / sequential · 100, rounded half up.
 *
 * Executor caps (§3.4: "max_parallelism of the declared level, plan-wide max_parallelism, or --executors k"). Two
 * kinds of limit, applied together:
 *   - the pool k: how many executors work at all — `--executors k` when given, else the plan-wide max_parallelism
 *     (an explicit --executors replaces the plan-wide value, as it always has), else unlimited;
 *   - level caps: a declared level's max_parallelism limits how many of *that level's* achievements run at once.
 *     It describes the work (they share files, a database …), so no number of executors lifts it: --executors
 *     combines with it as the minimum, never overrides it.
 * A group that mixes achievements of several declared levels is scheduled with each level's members limited by
 * their own level's cap and all of them by the pool (achievements of levels without a cap are limited by the pool
 * only). That is the faithful reading of §3.4: the figure is the makespan of an LPT-ordered list schedule that
 * obeys every cap, a time that can really be achieved, so an upper bound on the best schedule and never below the
 * unlimited-executor time. Applying the smallest cap to the whole group would hold back members of uncapped
 * levels for no reason and overstate the time; it is not used.
 *
 * Linear in achievements + edges (scheduling adds a log factor for its heaps). Requires an acyclic graph.
 */
import { compareIds } from '../ids.ts';
import { idRank, type Graph, type Layering } from './graph.ts';
import { roundPct, type Hours } from './model.ts';

export interface Range {
  min: number;
  max: number;
}

export interface GroupTimes {
  ids: string[];
  unknownEstimates: string[];
  sequential: Range;
  /** With unlimited executors. */
  parallel: Range;
  /**
   * The most achievements of the group that can run at once under the caps (the pool, and each level's cap
   * counted up to its members in the group); set, with `parallelCapped`, only when it is below the group's size.
   */
  executors?: number;
  parallelCapped?: Range;
  /** Declared levels whose max_parallelism holds the group back (cap below both its members here and the pool). */
  levelCaps?: Array<{ level: number; maxParallelism: number }>;
  /** Savings against the capped time when a cap is given, else against `parallel`. */
  saved: Range;
  savingsPct: Range;
}

export interface CriticalPath {
  ids: string[];
  hours: number[];
  total: number;
  /** Ids on the path without an estimate (counted as 0 h). */
  unknownEstimates: string[];
}

export interface PlanTimes {
  sequential: Range;
  levelSynchronous: Range;
  criticalPath: { min: CriticalPath; max: CriticalPath };
  executors?: number;
  /** List scheduling under the caps: the pool `executors` (unlimited when absent) and, with `levelCapped`, level caps. */
  withExecutors?: Range;
  /** Set when declared levels' max_parallelism entered `withExecutors`. */
  levelCapped?: boolean;
  unknownEstimates: string[];
  /** Nodes counted (all, or the remaining ones). */
  count: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function pct(saved: number, seq: number): number {
  return seq > 0 ? roundPct((saved / seq) * 100) : 0;
}

/** The largest value (0 for none), by a loop: spreading a ready set of 100,000 into Math.max overflows the stack. */
export function maxOf(values: readonly number[]): number {
  let m = values.length ? -Infinity : 0;
  for (let k = 0; k < values.length; k++) if ((values[k] as number) > m) m = values[k] as number;
  return m;
}

/** Binary min-heap over node indexes with a caller-provided "comes first" test. */
class Heap {
  private readonly a: number[] = [];
  constructor(private readonly before: (x: number, y: number) => boolean) {}
  get size(): number {
    return this.a.length;
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i] as number, a[p] as number)) break;
      [a[i], a[p]] = [a[p] as number, a[i] as number];
      i = p;
    }
  }
  peek(): number | undefined {
    return this.a[0];
  }
  pop(): number | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0] as number;
    const last = a.pop() as number;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l] as number, a[m] as number)) m = l;
        if (r < a.length && this.before(a[r] as number, a[m] as number)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as number, a[i] as number];
        i = m;
      }
    }
    return top;
  }
}

/** Makespan of LPT list scheduling: longest first (ties in the given order), each to the least-loaded executor. */
export function lptMakespan(values: number[], k: number): number {
  if (values.length === 0) return 0;
  if (k >= values.length) return maxOf(values);
  const order = values.map((_, i) => i).sort((x, y) => (values[y] as number) - (values[x] as number) || x - y);
  const loads = new Float64Array(k);
  const heap = new Heap((x, y) => (loads[x] as number) < (loads[y] as number) || ((loads[x] as number) === (loads[y] as number) && x < y));
  for (let e = 0; e < k; e++) heap.push(e);
  let makespan = 0;
  for (const j of order) {
    const e = heap.pop() as number;
    loads[e] = (loads[e] as number) + (values[j] as number);
    if ((loads[e] as number) > makespan) makespan = loads[e] as number;
    heap.push(e);
  }
  return makespan;
}

/**
 * Level caps for list scheduling: per node the class of its declared level (−1: none, or a level without a cap),
 * per class the cap and the level number.
 */
export interface LevelCaps {
  cls: Int32Array;
  cap: number[];
  level: number[];
}

/** A member of a group: its estimate and, when its declared level has one, that level's max_parallelism. */
export interface GroupItem {
  id: string;
  hours?: Hours;
  levelCap?: { level: number; max: number };
}

/**
 * Times of a group of achievements worked on side by side, with the pool `executors` (unlimited when absent) and
 * each member's level cap (see the header for how they combine).
 */
export function groupTimes(items: GroupItem[], executors?: number, presorted = false): GroupTimes {
  const sorted = presorted ? items : [...items].sort((a, b) => compareIds(a.id, b.id));
  const n = sorted.length;
  const unknownEstimates = sorted.filter((x) => !x.hours).map((x) => x.id);
  const mins = sorted.map((x) => x.hours?.min ?? 0);
  const maxs = sorted.map((x) => x.hours?.max ?? 0);
  const sum = (v: number[]) => round(v.reduce((s, x) => s + x, 0));
  const sequential = { min: sum(mins), max: sum(maxs) };
  const parallel = { min: maxOf(mins), max: maxOf(maxs) };
  const out: GroupTimes = { ids: sorted.map((x) => x.id), unknownEstimates, sequential, parallel, saved: { min: 0, max: 0 }, savingsPct: { min: 0, max: 0 } };
  const pool = executors !== undefined && executors >= 1 ? executors : Infinity;
  const caps = groupCaps(sorted, pool);
  // The most members that can run at once: the pool, and each capped level counted up to its cap.
  const width = Math.min(pool, caps ? caps.width : n);
  let par = parallel;
  if (width < n) {
    out.executors = width;
    out.parallelCapped = caps
      ? { min: round(listSchedule(mins, pool, caps.caps, allReady(n))), max: round(listSchedule(maxs, pool, caps.caps, allReady(n))) }
      : { min: round(lptMakespan(mins, pool)), max: round(lptMakespan(maxs, pool)) };
    if (caps?.binding.length) out.levelCaps = caps.binding;
    par = out.parallelCapped;
  }
  out.saved = { min: round(sequential.min - par.min), max: round(sequential.max - par.max) };
  out.savingsPct = { min: pct(out.saved.min, sequential.min), max: pct(out.saved.max, sequential.max) };
  return out;
}

/** The level caps of a group's members, when one of them holds the group back (below its members and the pool). */
function groupCaps(items: GroupItem[], pool: number): { caps: LevelCaps; width: number; binding: Array<{ level: number; maxParallelism: number }> } | undefined {
  // Usually no member has a level cap: nothing to allocate then.
  let capped = false;
  for (let k = 0; k < items.length && !capped; k++) if ((items[k] as GroupItem).levelCap) capped = true;
  if (!capped) return undefined;
  const classOf = new Map<number, number>();
  const cap: number[] = [];
  const level: number[] = [];
  const size: number[] = [];
  const cls = new Int32Array(items.length).fill(-1);
  let uncapped = 0;
  for (let k = 0; k < items.length; k++) {
    const c = (items[k] as GroupItem).levelCap;
    if (!c) {
      uncapped++;
      continue;
    }
    let x = classOf.get(c.level);
    if (x === undefined) {
      x = cap.length;
      classOf.set(c.level, x);
      cap.push(c.max);
      level.push(c.level);
      size.push(0);
    }
    cls[k] = x;
    size[x] = (size[x] as number) + 1;
  }
  const binding: Array<{ level: number; maxParallelism: number }> = [];
  let width = uncapped;
  for (let x = 0; x < cap.length; x++) {
    width += Math.min(cap[x] as number, size[x] as number);
    if ((cap[x] as number) < (size[x] as number) && (cap[x] as number) < pool) binding.push({ level: level[x] as number, maxParallelism: cap[x] as number });
  }
  if (!binding.length) return undefined;
  binding.sort((a, b) => a.level - b.level);
  return { caps: { cls, cap, level }, width, binding };
}

function allReady(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let k = 0; k < n; k++) a[k] = k;
  return a;
}

/**
 * Whole-plan times. `done[a]` marks complete/skipped achievements: with `remaining`, they take no time and do not
 * count, so the figures describe the work still ahead.
 */
export function planTimes(
  g: Graph,
  layering: Layering,
  hours: Array<Hours | undefined>,
  opts: { done?: Uint8Array; remaining?: boolean; executors?: number; caps?: LevelCaps } = {},
): PlanTimes {
  const n = g.ids.length;
  // Nodes left out (done work, with `remaining`): a mask, tested inline in the loops below.
  const mask = opts.remaining === true ? opts.done : undefined;
  const skip = (a: number) => mask !== undefined && mask[a] === 1;
  const hMin = new Float64Array(n);
  const hMax = new Float64Array(n);
  const unknown = new Uint8Array(n);
  const unknownEstimates: string[] = [];
  let seqMin = 0;
  let seqMax = 0;
  let count = 0;
  for (let a = 0; a < n; a++) {
    if (mask !== undefined && mask[a] === 1) continue;
    count++;
    const h = hours[a];
    if (!h) {
      unknownEstimates.push(g.ids[a] as string);
      unknown[a] = 1;
      continue;
    }
    const lo = h.min;
    const hi = h.max;
    hMin[a] = lo;
    hMax[a] = hi;
    seqMin += lo;
    seqMax += hi;
  }
  // One pass over the edges gives both bounds' critical paths and, per depth, the longest achievement at that
  // depth (level-synchronous: their sum). With `remaining`, depth is taken in the remaining graph (done
  // dependencies no longer hold anything back).
  const pass = chains(g, layering, hMin, hMax, mask ?? new Uint8Array(n));
  const min = pathOf(g, pass.lo, hMin, mask, unknown);
  const out: PlanTimes = {
    sequential: { min: round(seqMin), max: round(seqMax) },
    levelSynchronous: { min: total(pass.byDepthMin), max: total(pass.byDepthMax) },
    criticalPath: { min, max: pathOf(g, pass.hi, hMax, mask, unknown) },
    unknownEstimates,
    count,
  };
  const pool = opts.executors !== undefined && opts.executors >= 1 ? opts.executors : undefined;
  if (pool !== undefined || opts.caps) {
    const k = pool ?? Infinity;
    if (pool !== undefined) out.executors = pool;
    if (opts.caps) out.levelCapped = true;
    out.withExecutors = { min: round(scheduleDag(g, layering, hMin, k, skip, opts.caps)), max: round(scheduleDag(g, layering, hMax, k, skip, opts.caps)) };
  }
  return out;
}

/** Σ of per-depth maxima, in depth order. */
function total(v: Float64Array): number {
  let s = 0;
  for (let d = 0; d < v.length; d++) s += v[d] as number;
  return round(s);
}

/** Earliest finishes for one weighting, and the node where the longest chain ends (−1: none). */
interface Chains {
  ef: Float64Array;
  end: number;
}

/** What `chains` finds: both bounds' chains and, per depth, the longest `lo` and `hi` (level-synchronous). */
interface ChainPass {
  lo: Chains;
  hi: Chains;
  byDepthMin: Float64Array;
  byDepthMax: Float64Array;
}

/**
 * Earliest finish ef(a) = h(a) + max ef(dependencies); the path ends at the largest ef (ties: the deeper node, so
 * that zero-hour tails stay on the path; then the smallest id) and is followed back through the dependency with the
 * largest ef (ties: smallest id). One pass in topological order computes ef for both bounds `lo` and `hi`, each
 * node's depth in the graph without the skipped nodes (skip[a] = 1) and the longest `lo` and `hi` per depth.
 *
 * The pass keeps only maxima: which dependency a node waits for is looked up by `pathOf` for the nodes of the path
 * alone. It runs once per command over every edge, mostly before the JIT optimises it, so each operation per edge
 * counts, and it has no test per edge: a skipped node keeps ef 0 and depth −1, which never raise a dependant's
 * maxima (they start at 0), so skipped dependencies need no check. When the bounds are equal (exact estimates) the
 * `hi` figures repeat the `lo` ones: a second test per edge would cost more than the repetition.
 */
function chains(g: Graph, layering: Layering, lo: Float64Array, hi: Float64Array, skip: Uint8Array): ChainPass {
  const n = g.ids.length;
  const rank = idRank(g);
  const efLo = new Float64Array(n);
  const efHi = new Float64Array(n);
  const depth = new Int32Array(n).fill(-1);
  const byDepthMin = new Float64Array(layering.maxDepth + 1);
  const byDepthMax = new Float64Array(layering.maxDepth + 1);
  const depStart = g.depStart;
  const depList = g.depList;
  const order = layering.order;
  const fullDepth = layering.depth;
  let endLo = -1;
  let endHi = -1;
  // The ef at each chain end, kept in locals.
  let bestLo = 0;
  let bestHi = 0;
  for (let o = 0; o < order.length; o++) {
    const a = order[o] as number;
    if (skip[a] === 1) continue;
    let maxLo = 0;
    let maxHi = 0;
    let dd = 0;
    const to = depStart[a + 1] as number;
    for (let k = depStart[a] as number; k < to; k++) {
      const d = depList[k] as number;
      const x = depth[d] as number;
      if (x >= dd) dd = x + 1;
      const e = efLo[d] as number;
      if (e > maxLo) maxLo = e;
      const f = efHi[d] as number;
      if (f > maxHi) maxHi = f;
    }
    depth[a] = dd;
    const l = lo[a] as number;
    const h = hi[a] as number;
    if (l > (byDepthMin[dd] as number)) byDepthMin[dd] = l;
    if (h > (byDepthMax[dd] as number)) byDepthMax[dd] = h;
    const fa = l + maxLo;
    efLo[a] = fa;
    if (endLo === -1 || fa > bestLo || (fa === bestLo && deeperOrFirst(a, endLo, fullDepth, rank))) {
      endLo = a;
      bestLo = fa;
    }
    const fh = h + maxHi;
    efHi[a] = fh;
    if (endHi === -1 || fh > bestHi || (fh === bestHi && deeperOrFirst(a, endHi, fullDepth, rank))) {
      endHi = a;
      bestHi = fh;
    }
  }
  return { lo: { ef: efLo, end: endLo }, hi: { ef: efHi, end: endHi }, byDepthMin, byDepthMax };
}

/** Tie between two chain ends: the deeper node wins, then the smaller id. */
function deeperOrFirst(a: number, b: number, depth: Int32Array, rank: Int32Array): boolean {
  const da = depth[a] as number;
  const db = depth[b] as number;
  return da > db || (da === db && (rank[a] as number) < (rank[b] as number));
}

/**
 * The critical path that `chains` found, followed back from its end: at each node, the (not skipped) dependency
 * with the largest earliest finish, ties to the smallest id.
 */
function pathOf(g: Graph, c: Chains, h: Float64Array, skip?: Uint8Array, unknown?: Uint8Array): CriticalPath {
  const rank = idRank(g);
  const ef = c.ef;
  const ids: string[] = [];
  const hours: number[] = [];
  const unknownEstimates: string[] = [];
  for (let x = c.end; x !== -1; ) {
    ids.push(g.ids[x] as string);
    hours.push(h[x] as number);
    if (unknown?.[x] === 1) unknownEstimates.push(g.ids[x] as string);
    let best = -1;
    for (let k = g.depStart[x] as number; k < (g.depStart[x + 1] as number); k++) {
      const d = g.depList[k] as number;
      if (skip !== undefined && skip[d] === 1) continue;
      if (best === -1 || (ef[d] as number) > (ef[best] as number) || (ef[d] === ef[best] && (rank[d] as number) < (rank[best] as number))) best = d;
    }
    x = best;
  }
  ids.reverse();
  hours.reverse();
  unknownEstimates.reverse();
  return { ids, hours, total: c.end === -1 ? 0 : round(c.ef[c.end] as number), unknownEstimates };
}

/** The critical path for one weighting `h` (see `chains`), leaving out the nodes with skip[a] = 1. */
export function criticalPath(g: Graph, layering: Layering, h: Float64Array, skip?: Uint8Array, unknown?: Uint8Array): CriticalPath {
  return pathOf(g, chains(g, layering, h, h, skip ?? new Uint8Array(g.ids.length)).lo, h, skip, unknown);
}

/**
 * Makespan of list scheduling on k executors (k may be Infinity): whenever an executor is free, it takes the ready
 * achievement with the longest estimate (ties: file order) whose level is below its cap. Event-driven;
 * O((n + e) log n).
 */
export function scheduleDag(g: Graph, layering: Layering, h: Float64Array, k: number, skip: (a: number) => boolean = () => false, caps?: LevelCaps): number {
  const n = g.ids.length;
  const waiting = new Int32Array(n);
  const initial: number[] = [];
  for (const a of layering.order) {
    if (skip(a)) continue;
    let w = 0;
    for (let j = g.depStart[a] as number; j < (g.depStart[a + 1] as number); j++) if (!skip(g.depList[j] as number)) w++;
    waiting[a] = w;
    if (w === 0) initial.push(a);
  }
  return listSchedule(h, k, caps, initial, (a, ready) => {
    for (let j = g.revStart[a] as number; j < (g.revStart[a + 1] as number); j++) {
      const b = g.revList[j] as number;
      if (skip(b)) continue;
      waiting[b] = (waiting[b] as number) - 1;
      if (waiting[b] === 0) ready(b);
    }
  });
}

/**
 * The list-scheduling engine of scheduleDag and capped groups. `initial` are the jobs ready at time 0; `release`
 * (a DAG's edges) makes more ready when a job finishes. A job popped while its level is at its cap is parked with
 * its level; each job of the level that finishes hands one parked job back to the ready heap, so a job is parked
 * at most once per finish: O(n log n) in all.
 */
function listSchedule(h: ArrayLike<number>, k: number, caps: LevelCaps | undefined, initial: ArrayLike<number>, release?: (a: number, ready: (b: number) => void) => void): number {
  const n = h.length;
  const finish = new Float64Array(n);
  const first = (x: number, y: number) => (h[x] as number) > (h[y] as number) || ((h[x] as number) === (h[y] as number) && x < y);
  const ready = new Heap(first);
  const running = new Heap((x, y) => (finish[x] as number) < (finish[y] as number) || ((finish[x] as number) === (finish[y] as number) && x < y));
  const cls = caps?.cls;
  const cap = caps?.cap ?? [];
  const busy = new Int32Array(cap.length);
  const parked: Heap[] = cap.map(() => new Heap(first));
  for (let j = 0; j < initial.length; j++) ready.push(initial[j] as number);
  const push = (b: number) => ready.push(b);
  let now = 0;
  let makespan = 0;
  for (;;) {
    while (running.size < k && ready.size > 0) {
      const a = ready.pop() as number;
      const c = cls === undefined ? -1 : (cls[a] as number);
      if (c >= 0) {
        if ((busy[c] as number) >= (cap[c] as number)) {
          (parked[c] as Heap).push(a);
          continue;
        }
        busy[c] = (busy[c] as number) + 1;
      }
      finish[a] = now + (h[a] as number);
      running.push(a);
    }
    const a = running.pop();
    if (a === undefined) break;
    now = finish[a] as number;
    if (now > makespan) makespan = now;
    const c = cls === undefined ? -1 : (cls[a] as number);
    if (c >= 0) {
      busy[c] = (busy[c] as number) - 1;
      const back = (parked[c] as Heap).pop();
      if (back !== undefined) ready.push(back);
    }
    release?.(a, push);
  }
  return makespan;
}
