/**
 * The dependency graph core. Every function here is iterative (explicit stacks and queues, no recursion) and runs
 * in O(achievements + edges) time and memory — plus the size of what it reports, and for `findCycles` a fixed work
 * budget — so a 50,000-achievement file or a 200,000-long chain cannot overflow the stack, and cycles never make
 * anything loop or crash.
 *
 * Nodes are the achievements in file order (0…n−1); an edge a → d means "a depends on d".
 * Adjacency is kept in compressed sparse rows (Int32Array offsets + targets), both directions.
 */
import { compareIds } from '../ids.ts';

export interface Graph {
  ids: string[];
  index: Map<string, number>;
  /** a → its dependencies: depList[depStart[a] … depStart[a+1]) */
  depStart: Int32Array;
  depList: Int32Array;
  /** d → its dependents. */
  revStart: Int32Array;
  revList: Int32Array;
  edgeCount: number;
  /** Cached by `idRank`. */
  rank?: Int32Array;
  /** Set by `idRank`: whether the ids are already in numeric order (rank[k] = k). */
  inIdOrder?: boolean;
}

/**
 * Builds the graph from ids and, per node, the indexes of its dependencies (duplicates already removed). `index`,
 * when the caller has it already, maps each id to its position in `ids` (it becomes the graph's index).
 */
export function buildGraph(ids: string[], deps: ArrayLike<number>[], index?: Map<string, number>): Graph {
  const n = ids.length;
  if (!index) {
    index = new Map<string, number>();
    for (let k = 0; k < n; k++) index.set(ids[k] as string, k);
  }
  let m = 0;
  for (let a = 0; a < n; a++) m += (deps[a] as ArrayLike<number>).length;
  const depStart = new Int32Array(n + 1);
  const depList = new Int32Array(m);
  const indeg = new Int32Array(n + 1);
  let p = 0;
  for (let a = 0; a < n; a++) {
    depStart[a] = p;
    const ds = deps[a] as ArrayLike<number>;
    for (let k = 0; k < ds.length; k++) {
      const d = ds[k] as number;
      depList[p++] = d;
      indeg[d + 1] = (indeg[d + 1] as number) + 1;
    }
  }
  depStart[n] = p;
  const revStart = new Int32Array(n + 1);
  for (let d = 0; d < n; d++) revStart[d + 1] = (revStart[d] as number) + (indeg[d + 1] as number);
  const fill = revStart.slice(0, n);
  const revList = new Int32Array(m);
  for (let a = 0; a < n; a++) {
    const to = depStart[a + 1] as number;
    for (let k = depStart[a] as number; k < to; k++) {
      const d = depList[k] as number;
      revList[(fill[d] as number)++] = a;
    }
  }
  return { ids, index, depStart, depList, revStart, revList, edgeCount: m };
}

/** Each node's position in numeric id order (1.2 < 1.10 < 2.1); computed once per graph, then O(1) comparisons. */
export function idRank(g: Graph): Int32Array {
  if (g.rank) return g.rank;
  const n = g.ids.length;
  // One numeric key per id when every part fits in 16 bits (all real ids): a part missing sorts first, as in
  // compareIds. Otherwise the parts are compared one by one.
  const ids = g.ids;
  const keys = new Float64Array(n);
  const rank = new Int32Array(n);
  let packed = true;
  // Files usually list their achievements in id order: then the rank is the file position and nothing is sorted.
  // The key pass checks that and writes that rank as it goes.
  let inOrder = true;
  for (let k = 0; k < n && packed; k++) {
    const id = ids[k] as string;
    let key = 0;
    let parts = 0;
    let v = 0;
    for (let i = 0; i <= id.length; i++) {
      const c = i < id.length ? id.charCodeAt(i) : 46; /* . */
      if (c === 46) {
        if (++parts > 3 || v + 1 >= 65536) packed = false;
        key = key * 65536 + v + 1;
        v = 0;
      } else if (c >= 48 && c <= 57) v = v * 10 + (c - 48);
      else packed = false;
    }
    for (; parts < 3; parts++) key *= 65536;
    keys[k] = key;
    rank[k] = k;
    if (k > 0 && (keys[k - 1] as number) > key) inOrder = false;
  }
  g.inIdOrder = inOrder && packed;
  if (g.inIdOrder) {
    g.rank = rank;
    return rank;
  }
  const order = Array.from({ length: n }, (_, k) => k);
  if (packed) order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  else {
    // Parts past 16 bits may be past 2^53 too: the codec compares them as digit strings.
    order.sort((a, b) => compareIds(ids[a] as string, ids[b] as string) || a - b);
  }
  for (let r = 0; r < n; r++) rank[order[r] as number] = r;
  g.rank = rank;
  return rank;
}

export function depsOf(g: Graph, a: number): Int32Array {
  return g.depList.subarray(g.depStart[a] as number, g.depStart[a + 1] as number);
}

export function dependentsOf(g: Graph, d: number): Int32Array {
  return g.revList.subarray(g.revStart[d] as number, g.revStart[d + 1] as number);
}

// ---------------------------------------------------------------------------------------------------------------
// Cycles

export interface Cycle {
  /** Ids in canonical rotation (smallest id first), first id repeated at the end: a → b → c → a ("depends on"). */
  ids: string[];
  /** The edge to remove: `from` lists `to` among its dependencies — the edge closing the cycle back to its smallest id. */
  remove: { from: string; to: string };
}

export interface CycleReport {
  /**
   * Self-dependencies (`[a, a]`) and elementary cycles, each once, ordered by their ids in canonical id order.
   * Removing every suggested edge breaks every listed cycle (and all of them when `more` is absent).
   */
  cycles: Cycle[];
  acyclic: boolean;
  /**
   * Set when the cap or the work budget stopped the enumeration: the members of the strongly connected components
   * that may hold cycles not listed (canonical id order); `certain` when each of them is known to hold more.
   */
  more?: { ids: string[]; certain: boolean };
}

/** At most this many cycles (self-dependencies aside) are listed, beyond the one every cyclic component yields. */
export const CYCLE_LIMIT = 50;
/** Edge steps the enumeration may take beyond the linear work (components, one cycle each). */
export const CYCLE_BUDGET = 4_000_000;

/** Buffers of `tarjan`, sized for n vertices. */
interface SccBuffers {
  index: Int32Array;
  low: Int32Array;
  stack: Int32Array;
  call: Int32Array;
  cursor: Int32Array;
  onStack: Uint8Array;
}

function sccBuffers(n: number): SccBuffers {
  return { index: new Int32Array(n), low: new Int32Array(n), stack: new Int32Array(n), call: new Int32Array(n), cursor: new Int32Array(n), onStack: new Uint8Array(n) };
}

/**
 * Tarjan's strongly connected components of the subgraph induced by vertices lo…n−1 of a CSR graph, iterative.
 * Writes comp[v] (0…count−1) for those vertices and returns count; `steps` gets the edges examined.
 */
function tarjan(n: number, start: Int32Array, list: Int32Array, lo: number, comp: Int32Array, b: SccBuffers, steps: { n: number }): number {
  const { index, low, stack, call, cursor, onStack } = b;
  index.fill(-1, lo, n);
  let counter = 0;
  let sp = 0;
  let count = 0;
  for (let root = lo; root < n; root++) {
    if (index[root] !== -1) continue;
    let top = 0;
    call[0] = root;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    cursor[root] = start[root] as number;
    while (top >= 0) {
      const v = call[top] as number;
      const k = cursor[v] as number;
      if (k < (start[v + 1] as number)) {
        cursor[v] = k + 1;
        steps.n++;
        const w = list[k] as number;
        if (w < lo) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          cursor[w] = start[w] as number;
          call[++top] = w;
        } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) low[v] = index[w] as number;
        continue;
      }
      if (low[v] === index[v]) {
        let x: number;
        do {
          x = stack[--sp] as number;
          onStack[x] = 0;
          comp[x] = count;
        } while (x !== v);
        count++;
      }
      top--;
      if (top >= 0) {
        const u = call[top] as number;
        if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
      }
    }
  }
  return count;
}

/**
 * Every elementary cycle once. The strongly connected components are found once (linear); within each one with
 * two or more achievements, Johnson's circuit search (iterative, blocking sets) enumerates the cycles from their
 * smallest vertex, vertices and neighbours taken in canonical id order, so the result does not depend on the order
 * of the file. Enumerating all cycles is exponential in general, so it stops once `limit` cycles are listed or
 * `budget` edge steps are spent — but only after each component has yielded one cycle (linear in all: the first
 * circuit of a search costs one pass over its component), so nothing cyclic goes unreported; `more` then names the
 * components that may hold further cycles. Self-dependencies are listed as `[a, a]` and are not searched for.
 */
export function findCycles(g: Graph, limit = CYCLE_LIMIT, budget = CYCLE_BUDGET): CycleReport {
  const n = g.ids.length;
  const found: Array<{ cycle: Cycle; first: number }> = [];
  const rank = idRank(g);
  // Self-dependencies.
  let selfLoops = 0;
  for (let a = 0; a < n; a++) {
    for (let k = g.depStart[a] as number; k < (g.depStart[a + 1] as number); k++) {
      if (g.depList[k] !== a) continue;
      const id = g.ids[a] as string;
      found.push({ cycle: { ids: [id, id], remove: { from: id, to: id } }, first: rank[a] as number });
      selfLoops++;
      break;
    }
  }
  // Components with two or more members, each with its members in canonical id order.
  const comp = new Int32Array(n);
  const buffers = sccBuffers(n);
  const steps = { n: 0 };
  const count = tarjan(n, g.depStart, g.depList, 0, comp, buffers, steps);
  const size = new Int32Array(count);
  for (let v = 0; v < n; v++) {
    const c = comp[v] as number;
    size[c] = (size[c] as number) + 1;
  }
  const byRank = new Int32Array(n);
  for (let v = 0; v < n; v++) byRank[rank[v] as number] = v;
  const compOrder: number[] = [];
  const slot = new Int32Array(count).fill(-1);
  let cyclicNodes = 0;
  for (let r = 0; r < n; r++) {
    const c = comp[byRank[r] as number] as number;
    if ((size[c] as number) < 2 || slot[c] !== -1) continue;
    slot[c] = compOrder.length;
    compOrder.push(c);
    cyclicNodes += size[c] as number;
  }
  if (compOrder.length === 0) return cycleReport(found, selfLoops === 0);
  const members = new Int32Array(cyclicNodes);
  const memberStart = new Int32Array(compOrder.length + 1);
  for (let j = 0; j < compOrder.length; j++) memberStart[j + 1] = (memberStart[j] as number) + (size[compOrder[j] as number] as number);
  const fill = memberStart.slice(0, compOrder.length);
  for (let r = 0; r < n; r++) {
    const v = byRank[r] as number;
    const s = slot[comp[v] as number] as number;
    if (s !== -1) members[(fill[s] as number)++] = v;
  }

  // Johnson's state, indexed by local vertex (position in the component's canonical order) and local edge.
  const m = g.edgeCount;
  const local = new Int32Array(n);
  const lStart = new Int32Array(n + 1);
  const lList = new Int32Array(m);
  const src = new Int32Array(m);
  const lComp = new Int32Array(n);
  const blocked = new Uint8Array(n);
  const closes = new Uint8Array(n);
  const path = new Int32Array(n);
  const cursor = new Int32Array(n);
  const bHead = new Int32Array(n);
  const bNext = new Int32Array(m);
  const inB = new Uint8Array(m);
  const unblockStack = new Int32Array(m + 1);
  const csize = new Int32Array(n);
  steps.n = 0;
  let listed = 0;
  const moreIds: string[] = [];
  let certain = true;

  for (let j = 0; j < compOrder.length; j++) {
    const c = compOrder[j] as number;
    const base = memberStart[j] as number;
    const k = (memberStart[j + 1] as number) - base;
    for (let i = 0; i < k; i++) local[members[base + i] as number] = i;
    // The component's own edges (no self-dependencies), neighbours in canonical order.
    let e = 0;
    for (let i = 0; i < k; i++) {
      lStart[i] = e;
      const v = members[base + i] as number;
      for (let q = g.depStart[v] as number; q < (g.depStart[v + 1] as number); q++) {
        const w = g.depList[q] as number;
        if (w === v || comp[w] !== c) continue;
        lList[e] = local[w] as number;
        src[e++] = i;
      }
      if (e - (lStart[i] as number) > 1) lList.subarray(lStart[i] as number, e).sort();
    }
    lStart[k] = e;
    // A ring (as many edges as vertices) holds exactly one cycle: never cut short. Otherwise there are at least
    // e − k + 1 (one per ear of an ear decomposition), which tells whether a cut-short search certainly left some.
    const ring = e === k;
    const atLeast = e - k + 1;
    let here = 0;
    let stopped = false;
    let cut = false;
    const idOf = (i: number) => g.ids[members[base + i] as number] as string;
    lComp.fill(0, 0, k);
    let s = 0;
    let cur = 0;
    search: for (;;) {
      blocked.fill(0, s, k);
      bHead.fill(-1, s, k);
      inB.fill(0, lStart[s] as number, e);
      let top = 0;
      path[0] = s;
      blocked[s] = 1;
      closes[s] = 0;
      cursor[s] = lStart[s] as number;
      while (top >= 0) {
        const v = path[top] as number;
        const q = cursor[v] as number;
        if (q < (lStart[v + 1] as number)) {
          cursor[v] = q + 1;
          steps.n++;
          const w = lList[q] as number;
          if (w < s || lComp[w] !== cur) continue;
          if (w === s) {
            if (here > 0 && listed >= limit) {
              // One cycle more than the cap allows: more certainly exist.
              stopped = cut = true;
              break search;
            }
            const ids = new Array<string>(top + 2);
            for (let t = 0; t <= top; t++) ids[t] = idOf(path[t] as number);
            ids[top + 1] = ids[0] as string;
            found.push({ cycle: { ids, remove: { from: idOf(v), to: idOf(s) } }, first: rank[members[base + s] as number] as number });
            listed++;
            here++;
            steps.n += top + 1; // what is reported counts as work too
            closes[v] = 1;
          } else if (blocked[w] === 0) {
            path[++top] = w;
            blocked[w] = 1;
            closes[w] = 0;
            cursor[w] = lStart[w] as number;
          }
          if (here > 0 && !ring && steps.n > budget) {
            stopped = true;
            break search;
          }
          continue;
        }
        if (closes[v] === 1) {
          // Unblock v and, transitively, whatever waits on it (Johnson's B lists), iteratively.
          let sp = 0;
          unblockStack[sp++] = v;
          while (sp > 0) {
            const x = unblockStack[--sp] as number;
            if (blocked[x] === 0) continue;
            blocked[x] = 0;
            for (let b = bHead[x] as number; b !== -1; b = bNext[b] as number) {
              steps.n++;
              inB[b] = 0;
              const y = src[b] as number;
              if (blocked[y] === 1) unblockStack[sp++] = y;
            }
            bHead[x] = -1;
          }
        } else {
          // v stays blocked until one of its neighbours is unblocked.
          for (let b = lStart[v] as number; b < (lStart[v + 1] as number); b++) {
            const w = lList[b] as number;
            if (w < s || lComp[w] !== cur || inB[b] === 1) continue;
            steps.n++;
            inB[b] = 1;
            bNext[b] = bHead[w] as number;
            bHead[w] = b;
          }
        }
        top--;
        if (top >= 0 && closes[v] === 1) closes[path[top] as number] = 1;
      }
      // Next start: the smallest vertex above s in a component (of the subgraph above s) with a cycle.
      if (++s >= k) break;
      const cs = tarjan(k, lStart, lList, s, lComp, buffers, steps);
      csize.fill(0, 0, cs);
      for (let i = s; i < k; i++) {
        const x = lComp[i] as number;
        csize[x] = (csize[x] as number) + 1;
      }
      while (s < k && (csize[lComp[s] as number] as number) < 2) s++;
      if (s >= k) break;
      cur = lComp[s] as number;
      if (!ring && steps.n > budget) {
        stopped = true;
        break;
      }
    }
    if (stopped) {
      if (!cut && here >= atLeast) certain = false;
      for (let i = 0; i < k; i++) moreIds.push(idOf(i));
    }
  }
  return cycleReport(found, false, moreIds.length ? { ids: moreIds, certain } : undefined);
}

/**
 * Components are searched in the order of their smallest ids and each one's cycles come out in canonical order;
 * this interleaves them (and the self-dependencies) by first id, a self-dependency before the cycles from its id.
 */
function cycleReport(found: Array<{ cycle: Cycle; first: number }>, acyclic: boolean, more?: CycleReport['more']): CycleReport {
  const isSelf = (f: { cycle: Cycle }) => (f.cycle.ids.length === 2 ? 1 : 0);
  found.sort((a, b) => a.first - b.first || isSelf(b) - isSelf(a));
  const report: CycleReport = { cycles: found.map((f) => f.cycle), acyclic };
  if (more) report.more = more;
  return report;
}

/** Rotates a cycle to start at its smallest id; appends the first id again. */
export function canonicalCycle(raw: string[]): string[] {
  let best = 0;
  for (let k = 1; k < raw.length; k++) if (compareIds(raw[k] as string, raw[best] as string) < 0) best = k;
  const rot = [...raw.slice(best), ...raw.slice(0, best)];
  return [...rot, rot[0] as string];
}

// ---------------------------------------------------------------------------------------------------------------
// Order and depth

export interface Layering {
  /** Nodes whose dependencies all come earlier (Kahn's order; file order among equals). */
  order: Int32Array;
  /** depth per node; −1 for nodes on or behind a cycle. */
  depth: Int32Array;
  maxDepth: number;
  /** Nodes with depth −1. */
  unresolved: number;
}

export function layer(g: Graph): Layering {
  const n = g.ids.length;
  const { depStart, revStart, revList } = g;
  const remaining = new Int32Array(n);
  const depth = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let a = 0; a < n; a++) {
    const w = (depStart[a + 1] as number) - (depStart[a] as number);
    remaining[a] = w;
    if (w === 0) {
      depth[a] = 0;
      order[tail++] = a;
    }
  }
  let maxDepth = n ? 0 : -1;
  while (head < tail) {
    const d = order[head++] as number;
    const dd = depth[d] as number;
    if (dd > maxDepth) maxDepth = dd;
    const to = revStart[d + 1] as number;
    for (let k = revStart[d] as number; k < to; k++) {
      const a = revList[k] as number;
      if (dd + 1 > (depth[a] as number)) depth[a] = dd + 1;
      const left = (remaining[a] as number) - 1;
      remaining[a] = left;
      if (left === 0) order[tail++] = a;
    }
  }
  // Nodes never released sit on a cycle or behind one (none when every node was released).
  if (tail < n) for (let a = 0; a < n; a++) if ((remaining[a] as number) > 0) depth[a] = -1;
  return { order: order.subarray(0, tail), depth, maxDepth, unresolved: n - tail };
}

// ---------------------------------------------------------------------------------------------------------------
// Reachability helpers (one traversal each, visited marks reused between calls)

export class Walker {
  private readonly mark: Uint32Array;
  private stamp = 0;
  private readonly queue: Int32Array;
  constructor(private readonly g: Graph) {
    this.mark = new Uint32Array(g.ids.length);
    this.queue = new Int32Array(g.ids.length);
  }

  /** Every node reachable from `from` (excluded) along dependencies ('up') or dependents ('down'). */
  reach(from: number, dir: 'up' | 'down', visit?: (node: number) => void): number {
    const g = this.g;
    const start = dir === 'up' ? g.depStart : g.revStart;
    const list = dir === 'up' ? g.depList : g.revList;
    this.stamp++;
    const mark = this.mark;
    const q = this.queue;
    let head = 0;
    let tail = 0;
    mark[from] = this.stamp;
    q[tail++] = from;
    let count = 0;
    while (head < tail) {
      const x = q[head++] as number;
      for (let k = start[x] as number; k < (start[x + 1] as number); k++) {
        const y = list[k] as number;
        if (mark[y] === this.stamp) continue;
        mark[y] = this.stamp;
        q[tail++] = y;
        count++;
        visit?.(y);
      }
    }
    return count;
  }

  /** How many nodes `reach` would visit from `from`; with `mask`, only those with mask[node] === 1 count. */
  reachCount(from: number, dir: 'up' | 'down', mask?: Uint8Array): number {
    const g = this.g;
    const start = dir === 'up' ? g.depStart : g.revStart;
    const list = dir === 'up' ? g.depList : g.revList;
    const stamp = ++this.stamp;
    const mark = this.mark;
    const q = this.queue;
    let head = 0;
    let tail = 0;
    mark[from] = stamp;
    q[tail++] = from;
    let count = 0;
    while (head < tail) {
      const x = q[head++] as number;
      const to = start[x + 1] as number;
      for (let k = start[x] as number; k < to; k++) {
        const y = list[k] as number;
        if (mark[y] === stamp) continue;
        mark[y] = stamp;
        q[tail++] = y;
        if (mask === undefined || mask[y] === 1) count++;
      }
    }
    return count;
  }

  /** After `reach`, whether the node was reached in that traversal. */
  reached(node: number): boolean {
    return this.mark[node] === this.stamp;
  }
}

export interface Bottleneck {
  id: string;
  /** Achievements that cannot start before this one is done (transitive dependents), exact. */
  dependents: number;
  direct: number;
}

/**
 * Achievements with the most transitive dependents. Counting descendants exactly for every node is not linear,
 * so candidates are chosen in linear time — the `pool` nodes with the most direct dependents and the `pool` with
 * the largest path-count estimate (Σ over dependents of their estimate + 1, which favours long chains) — and only
 * their counts are computed exactly (one traversal each). Requires an acyclic graph (uses `layering.order`).
 * With `open`, only open achievements (open[x] = 1) are ranked and counted: the bottlenecks of the work ahead.
 */
export function bottlenecks(g: Graph, layering: Layering, opts: { open?: Uint8Array; top?: number; pool?: number } = {}): Bottleneck[] {
  const top = opts.top ?? 3;
  const pool = opts.pool ?? 6;
  const open = opts.open;
  const n = g.ids.length;
  if (n === 0 || top < 1) return [];
  const est = new Float64Array(n);
  // Direct (counted) dependents of every node, in the same pass (nodes off `order`, on or behind a cycle, are never
  // candidates). A Float64Array like `est`: `pick` then sees one array type and is optimised once, not twice.
  const directCount = new Float64Array(n);
  const order = layering.order;
  const revStart = g.revStart;
  const revList = g.revList;
  for (let k = order.length - 1; k >= 0; k--) {
    const d = order[k] as number;
    let s = 0;
    let c = 0;
    const to = revStart[d + 1] as number;
    for (let j = revStart[d] as number; j < to; j++) {
      const b = revList[j] as number;
      const counted = open === undefined || open[b] === 1 ? 1 : 0;
      s += (est[b] as number) + counted;
      c += counted;
    }
    est[d] = Math.min(s, 1e300);
    directCount[d] = c;
  }
  const rank = idRank(g);
  const direct = (x: number) => directCount[x] as number;
  const depthOf = layering.depth;
  const pick = (score: Float64Array): number[] => {
    // Partial selection of the best `pool` nodes in O(n · pool).
    const best: number[] = [];
    for (let x = 0; x < n; x++) {
      if (depthOf[x] === -1 || (open !== undefined && open[x] !== 1)) continue;
      const s = score[x] as number;
      if (s <= 0) continue;
      if (best.length < pool) best.push(x);
      else if (s > (score[best[best.length - 1] as number] as number)) best[best.length - 1] = x;
      else continue;
      best.sort((a, b) => (score[b] as number) - (score[a] as number) || (rank[a] as number) - (rank[b] as number));
    }
    return best;
  };
  // Two upper bounds on a node's count: its estimate (every counted dependent ends at least one path) and the
  // counted nodes deeper than it (a dependent is always deeper; nodes without a depth count everywhere). Candidates
  // are counted in decreasing bound and the rest skipped once they cannot reach the `top` best counts: on a long
  // chain of shared prerequisites the estimates overflow to 1e300 and only the depth bound stops early.
  const deeper = new Float64Array(layering.maxDepth + 2);
  let undepthed = 0;
  for (let x = 0; x < n; x++) {
    if (open !== undefined && open[x] !== 1) continue;
    const d = depthOf[x] as number;
    if (d < 0) undepthed++;
    else deeper[d] = (deeper[d] as number) + 1;
  }
  // deeper[d] = counted nodes at depth > d (suffix sums, shifted by one).
  let below = undepthed;
  for (let d = deeper.length - 1; d >= 0; d--) {
    const here = deeper[d] as number;
    deeper[d] = below;
    below += here;
  }
  const bound = (x: number) => Math.min(est[x] as number, (depthOf[x] as number) < 0 ? n : (deeper[depthOf[x] as number] as number));
  const candidates = [...new Set<number>([...pick(directCount), ...pick(est)])].sort((a, b) => bound(b) - bound(a));
  const walker = new Walker(g);
  const out: Bottleneck[] = [];
  const byCount = (a: Bottleneck, b: Bottleneck) => b.dependents - a.dependents || b.direct - a.direct || (rank[g.index.get(a.id) as number] as number) - (rank[g.index.get(b.id) as number] as number);
  for (const c of candidates) {
    if (out.length >= top && bound(c) < (out[top - 1] as Bottleneck).dependents) break;
    out.push({ id: g.ids[c] as string, dependents: walker.reachCount(c, 'down', open), direct: direct(c) });
    out.sort(byCount);
  }
  return out.slice(0, top);
}
