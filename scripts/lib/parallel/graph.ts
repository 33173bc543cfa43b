/**
 * The dependency graph core. Every function here is iterative (explicit stacks and queues, no recursion) and runs
 * in O(achievements + edges) time and memory — plus the size of what it reports — so a 50,000-achievement file or
 * a 10,000-long chain cannot overflow the stack, and cycles never make anything loop or crash.
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
    for (let k = depStart[a] as number; k < (depStart[a + 1] as number); k++) {
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
  const keys = new Float64Array(n);
  let packed = true;
  for (let k = 0; k < n && packed; k++) {
    const id = g.ids[k] as string;
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
  }
  const order = Array.from({ length: n }, (_, k) => k);
  if (packed) order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  else {
    // Parts past 16 bits may be past 2^53 too: the codec compares them as digit strings.
    const ids = g.ids;
    order.sort((a, b) => compareIds(ids[a] as string, ids[b] as string) || a - b);
  }
  const rank = new Int32Array(n);
  order.forEach((node, r) => (rank[node] = r));
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
  /** The edge to remove: `from` lists `to` among its dependencies. Removing every suggested edge leaves no cycle. */
  remove: { from: string; to: string };
}

export interface CycleReport {
  cycles: Cycle[];
  /** Cycles found (each back edge of the depth-first search closes one); may exceed cycles.length. */
  total: number;
  /** Nodes on a cycle or depending (transitively) on one: they have no depth. */
  acyclic: boolean;
}

/**
 * Depth-first search over "depends on" edges, roots and neighbours in file order. Every back edge u → v closes
 * exactly one cycle (v … u on the current path); the cycles are distinct and removing all their back edges leaves
 * the graph acyclic, so each is reported once with that edge as the suggestion. At most `limit` cycles are
 * materialised (the count is exact).
 */
export function findCycles(g: Graph, limit = 100): CycleReport {
  const n = g.ids.length;
  const state = new Uint8Array(n); // 0 new, 1 on the path, 2 done
  const pathPos = new Int32Array(n);
  const path = new Int32Array(n);
  const edgeCursor = new Int32Array(n);
  const cycles: Cycle[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    let top = 0;
    path[0] = root;
    pathPos[root] = 0;
    state[root] = 1;
    edgeCursor[root] = g.depStart[root] as number;
    while (top >= 0) {
      const u = path[top] as number;
      const cur = edgeCursor[u] as number;
      if (cur < (g.depStart[u + 1] as number)) {
        edgeCursor[u] = cur + 1;
        const v = g.depList[cur] as number;
        if (state[v] === 0) {
          state[v] = 1;
          top++;
          path[top] = v;
          pathPos[v] = top;
          edgeCursor[v] = g.depStart[v] as number;
        } else if (state[v] === 1) {
          total++;
          if (cycles.length < limit) {
            const raw: string[] = [];
            for (let k = pathPos[v] as number; k <= top; k++) raw.push(g.ids[path[k] as number] as string);
            const c = canonicalCycle(raw);
            const key = c.join(' ');
            if (!seen.has(key)) {
              seen.add(key);
              cycles.push({ ids: c, remove: { from: g.ids[u] as string, to: g.ids[v] as string } });
            }
          }
        }
      } else {
        state[u] = 2;
        top--;
      }
    }
  }
  return { cycles, total, acyclic: total === 0 };
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
  const remaining = new Int32Array(n);
  const depth = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let a = 0; a < n; a++) {
    remaining[a] = (g.depStart[a + 1] as number) - (g.depStart[a] as number);
    if (remaining[a] === 0) {
      depth[a] = 0;
      order[tail++] = a;
    }
  }
  let maxDepth = n ? 0 : -1;
  while (head < tail) {
    const d = order[head++] as number;
    const dd = depth[d] as number;
    if (dd > maxDepth) maxDepth = dd;
    for (let k = g.revStart[d] as number; k < (g.revStart[d + 1] as number); k++) {
      const a = g.revList[k] as number;
      if (dd + 1 > (depth[a] as number)) depth[a] = dd + 1;
      remaining[a] = (remaining[a] as number) - 1;
      if (remaining[a] === 0) order[tail++] = a;
    }
  }
  // Nodes never released sit on a cycle or behind one.
  for (let a = 0; a < n; a++) if ((remaining[a] as number) > 0) depth[a] = -1;
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
  const order = layering.order;
  const revStart = g.revStart;
  const revList = g.revList;
  for (let k = order.length - 1; k >= 0; k--) {
    const d = order[k] as number;
    let s = 0;
    const to = revStart[d + 1] as number;
    for (let j = revStart[d] as number; j < to; j++) {
      const b = revList[j] as number;
      s += (est[b] as number) + (open === undefined || open[b] === 1 ? 1 : 0);
    }
    est[d] = Math.min(s, 1e300);
  }
  const rank = idRank(g);
  // Direct (counted) dependents of every node, once.
  const directCount = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    let c = 0;
    const to = revStart[x + 1] as number;
    for (let j = revStart[x] as number; j < to; j++) if (open === undefined || open[revList[j] as number] === 1) c++;
    directCount[x] = c;
  }
  const direct = (x: number) => directCount[x] as number;
  const pick = (score: Float64Array | Int32Array): number[] => {
    // Partial selection of the best `pool` nodes in O(n · pool).
    const best: number[] = [];
    for (let x = 0; x < n; x++) {
      if (layering.depth[x] === -1 || (open !== undefined && open[x] !== 1)) continue;
      const s = score[x] as number;
      if (s <= 0) continue;
      if (best.length < pool) best.push(x);
      else if (s > (score[best[best.length - 1] as number] as number)) best[best.length - 1] = x;
      else continue;
      best.sort((a, b) => (score[b] as number) - (score[a] as number) || (rank[a] as number) - (rank[b] as number));
    }
    return best;
  };
  // A node's estimate bounds its count from above (every counted dependent ends at least one path), so candidates
  // are counted in decreasing estimate and the rest skipped once they cannot reach the `top` best counts.
  const candidates = [...new Set<number>([...pick(directCount), ...pick(est)])].sort((a, b) => (est[b] as number) - (est[a] as number));
  const walker = new Walker(g);
  const out: Bottleneck[] = [];
  const byCount = (a: Bottleneck, b: Bottleneck) => b.dependents - a.dependents || b.direct - a.direct || (rank[g.index.get(a.id) as number] as number) - (rank[g.index.get(b.id) as number] as number);
  for (const c of candidates) {
    if (out.length >= top && (est[c] as number) < (out[top - 1] as Bottleneck).dependents) break;
    out.push({ id: g.ids[c] as string, dependents: walker.reachCount(c, 'down', open), direct: direct(c) });
    out.sort(byCount);
  }
  return out.slice(0, top);
}
