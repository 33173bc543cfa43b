/**
 * The graph core and the time math (parallel.md §3.1, §3.4, §3.5), and the position-aware JSON parser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, findCycles, idRank, layer, bottlenecks, canonicalCycle, CYCLE_LIMIT, type Graph } from '../scripts/lib/parallel/graph.ts';
import { compareIds } from '../scripts/lib/ids.ts';
import { formatJson, parseJson, parseJsonFull, MAX_DEPTH } from '../scripts/lib/json.ts';
import { parseHours, roundPct } from '../scripts/lib/parallel/model.ts';
import { criticalPath, groupTimes, lptMakespan, planTimes, scheduleDag } from '../scripts/lib/parallel/times.ts';
import { doc, load } from './parallel-helpers.ts';
import { clip, oneLine } from '../scripts/lib/parallel/render.ts';

function graphOf(spec: Array<[string, string[]]>) {
  const ids = spec.map(([id]) => id);
  const idx = new Map(ids.map((id, k) => [id, k]));
  return buildGraph(
    ids,
    spec.map(([, deps]) => deps.map((d) => idx.get(d) as number)),
  );
}

test('depth (§7.4 B2 cases): none → 0; chain → 0,1,2; max over dependencies', () => {
  const g = graphOf([
    ['1.1', []],
    ['1.2', ['1.1']],
    ['1.3', ['1.2']],
    ['1.4', ['1.1', '1.2']],
    ['2.1', ['1.2', '1.4']],
  ]);
  const l = layer(g);
  assert.deepEqual(Array.from(l.depth), [0, 1, 2, 2, 3]);
  assert.equal(l.maxDepth, 3);
  assert.equal(l.unresolved, 0);
});

test('nodes on or behind a cycle get depth −1; others keep theirs', () => {
  const g = graphOf([
    ['1.1', []],
    ['2.1', ['2.2']],
    ['2.2', ['2.1']],
    ['3.1', ['2.1']],
  ]);
  const l = layer(g);
  assert.deepEqual(Array.from(l.depth), [0, -1, -1, -1]);
  assert.equal(l.unresolved, 3);
});

test('a 200,000-long chain and a 200,000-long ring: no stack overflow, linear', () => {
  const n = 200_000;
  const ids = Array.from({ length: n }, (_, k) => `1.${k}`);
  const chain = buildGraph(
    ids,
    ids.map((_, k) => (k ? [k - 1] : [])),
  );
  const t0 = performance.now();
  const l = layer(chain);
  assert.equal(l.maxDepth, n - 1);
  assert.deepEqual(findCycles(chain), { cycles: [], acyclic: true });
  const h = new Float64Array(n).fill(1);
  assert.equal(criticalPath(chain, l, h).total, n);
  assert.equal(scheduleDag(chain, l, h, 4), n);
  const ring = buildGraph(
    ids,
    ids.map((_, k) => [(k + 1) % n]),
  );
  const c = findCycles(ring);
  assert.equal(c.cycles.length, 1);
  assert.equal(c.more, undefined, 'a ring holds one cycle: nothing more to report');
  assert.equal(c.cycles[0]?.ids.length, n + 1);
  assert.ok(performance.now() - t0 < 5000);
});

test('cycles of every length 1…40 are found once each, canonical rotation, suggested edge on the cycle', () => {
  for (let len = 1; len <= 40; len++) {
    const ids = Array.from({ length: len }, (_, k) => `${len}.${k + 1}`);
    // Ring in reverse file order so that the DFS enters it away from the smallest id.
    const g = graphOf(ids.map((id, k) => [id, [ids[(k + len - 1) % len] as string]]));
    const r = findCycles(g);
    assert.equal(r.cycles.length, 1, `length ${len}`);
    const c = r.cycles[0];
    assert.ok(c);
    assert.equal(c.ids.length, len + 1);
    assert.equal(c.ids[0], ids[0], 'starts at the smallest id');
    assert.equal(c.ids[len], ids[0]);
    const pairs = new Set(c.ids.slice(0, -1).map((id, k) => `${id}>${c.ids[k + 1]}`));
    assert.ok(pairs.has(`${c.remove.from}>${c.remove.to}`), 'the suggested edge belongs to the cycle');
  }
  assert.deepEqual(canonicalCycle(['1.3', '1.10', '1.2']), ['1.2', '1.3', '1.10', '1.2']);
});

/** Every elementary cycle by brute force (all simple paths from each start over larger ids), in canonical order. */
function bruteCycles(g: Graph): string[] {
  const rank = idRank(g);
  const n = g.ids.length;
  const out: number[][] = [];
  for (let s = 0; s < n; s++) {
    const walk = (path: number[]) => {
      const v = path[path.length - 1] as number;
      for (let k = g.depStart[v] as number; k < (g.depStart[v + 1] as number); k++) {
        const w = g.depList[k] as number;
        if (w === s) out.push([...path, s]);
        else if ((rank[w] as number) > (rank[s] as number) && !path.includes(w)) walk([...path, w]);
      }
    };
    walk([s]);
  }
  const key = (c: number[]) => c.map((v) => rank[v] as number);
  out.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return (x[k] as number) - (y[k] as number);
    return x.length - y.length;
  });
  return out.map((c) => c.map((v) => g.ids[v]).join(' → '));
}

const shown = (g: Graph, limit?: number, budget?: number) => findCycles(g, limit, budget).cycles.map((c) => `${c.ids.join(' → ')} ✂ ${c.remove.from}>${c.remove.to}`);

/** Every order of the entries of a small graph (all permutations up to 5 entries). */
function orders<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, k) => orders([...xs.slice(0, k), ...xs.slice(k + 1)]).map((rest) => [x, ...rest]));
}

const complete = (ids: string[]): Array<[string, string[]]> => ids.map((id) => [id, ids.filter((x) => x !== id)]);

test('elementary cycles: each once, canonical, the closing edge to remove, whatever the order of the entries', () => {
  const rows: Array<{ name: string; spec: Array<[string, string[]]>; expect: string[] }> = [
    {
      name: 'cyc_a: 1.1→[1.2,1.3], 1.2→[1.3], 1.3→[1.1]',
      spec: [['1.1', ['1.2', '1.3']], ['1.2', ['1.3']], ['1.3', ['1.1']]],
      expect: ['1.1 → 1.2 → 1.3 → 1.1 ✂ 1.3>1.1', '1.1 → 1.3 → 1.1 ✂ 1.3>1.1'],
    },
    {
      name: 'cyc_b: 1.1↔1.2 and 1.2↔1.3 (two cycles through 1.2)',
      spec: [['1.1', ['1.2']], ['1.2', ['1.1', '1.3']], ['1.3', ['1.2']]],
      expect: ['1.1 → 1.2 → 1.1 ✂ 1.2>1.1', '1.2 → 1.3 → 1.2 ✂ 1.3>1.2'],
    },
    {
      name: 'cyc_c: 1.1→[1.2,1.3], 1.2→[1.4], 1.3→[1.4], 1.4→[1.1]',
      spec: [['1.1', ['1.2', '1.3']], ['1.2', ['1.4']], ['1.3', ['1.4']], ['1.4', ['1.1']]],
      expect: ['1.1 → 1.2 → 1.4 → 1.1 ✂ 1.4>1.1', '1.1 → 1.3 → 1.4 → 1.1 ✂ 1.4>1.1'],
    },
    {
      name: 'numeric id order: 1.10 after 1.9, the cycle starts at 1.9',
      spec: [['1.10', ['1.9']], ['1.9', ['1.10']]],
      expect: ['1.9 → 1.10 → 1.9 ✂ 1.10>1.9'],
    },
    {
      name: 'two disjoint components, listed by their smallest ids',
      spec: [['2.1', ['2.2']], ['2.2', ['2.1']], ['1.5', ['1.7']], ['1.7', ['1.6']], ['1.6', ['1.5']]],
      expect: ['1.5 → 1.7 → 1.6 → 1.5 ✂ 1.6>1.5', '2.1 → 2.2 → 2.1 ✂ 2.2>2.1'],
    },
    {
      name: 'a self-dependency is listed as such, not searched as a cycle, also inside a component',
      spec: [['1.2', ['1.2', '1.1']], ['1.1', ['1.2']], ['1.3', ['1.3']]],
      expect: ['1.1 → 1.2 → 1.1 ✂ 1.2>1.1', '1.2 → 1.2 ✂ 1.2>1.2', '1.3 → 1.3 ✂ 1.3>1.3'],
    },
    { name: 'acyclic diamond', spec: [['1.1', []], ['1.2', ['1.1']], ['1.3', ['1.1']], ['1.4', ['1.2', '1.3']]], expect: [] },
  ];
  for (const row of rows) {
    for (const entries of orders(row.spec)) {
      // Dependencies in every order too: reversed for odd permutations.
      const spec = entries.map(([id, deps], k): [string, string[]] => [id, k % 2 ? [...deps].reverse() : deps]);
      const g = graphOf(spec);
      const r = findCycles(g);
      assert.deepEqual(shown(g), row.expect, `${row.name}, order ${spec.map(([id]) => id).join(' ')}`);
      assert.equal(r.acyclic, row.expect.length === 0);
      assert.equal(r.more, undefined);
    }
  }
});

test('K4 (complete digraph on four achievements) has 20 elementary cycles; K3 has 5', () => {
  const k4 = graphOf(complete(['1.1', '1.2', '1.3', '1.4']));
  const r = findCycles(k4);
  assert.equal(r.cycles.length, 20);
  assert.equal(new Set(r.cycles.map((c) => c.ids.join(' '))).size, 20, 'each once');
  assert.deepEqual(r.cycles.map((c) => c.ids.join(' → ')), bruteCycles(k4));
  assert.equal(findCycles(graphOf(complete(['1.1', '1.2', '1.3']))).cycles.length, 5);
  // Removing every suggested edge (all into the smallest id of a cycle) leaves no cycle.
  const removed = new Set(r.cycles.map((c) => `${c.remove.from}>${c.remove.to}`));
  const rest = graphOf(complete(['1.1', '1.2', '1.3', '1.4']).map(([id, deps]) => [id, deps.filter((d) => !removed.has(`${id}>${d}`))]));
  assert.equal(findCycles(rest).acyclic, true);
});

test('elementary cycles of random small graphs agree with brute force, in canonical order', () => {
  let seed = 777;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 300; round++) {
    const n = 1 + Math.floor(rnd() * 7);
    const ids = Array.from({ length: n }, (_, k) => `${1 + Math.floor(rnd() * 2)}.${k + 1}`).map((id, k) => (k % 3 === 2 ? `${id}0` : id));
    const p = rnd() * 0.6;
    const g = graphOf(ids.map((id) => [id, ids.filter(() => rnd() < p)]));
    const r = findCycles(g, Infinity);
    assert.deepEqual(r.cycles.map((c) => c.ids.join(' → ')), bruteCycles(g), `round ${round}`);
    // The loader skips the cycle search when layering releases every node: the two must agree.
    assert.equal(layer(g).unresolved === 0, r.acyclic, `round ${round}: layering and cycle search agree on acyclicity`);
    for (const c of r.cycles) assert.deepEqual([c.remove.from, c.remove.to], [c.ids[c.ids.length - 2], c.ids[0]], 'the edge closing the cycle');
  }
});

test('cycle cap: at most CYCLE_LIMIT listed, every other component still yields one, `more` names the rest', () => {
  // K6 holds 409 elementary cycles; a ring and a K3 come after it in id order.
  const k6 = complete(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6']);
  const spec: Array<[string, string[]]> = [...k6, ['2.1', ['2.2']], ['2.2', ['2.3']], ['2.3', ['2.1']], ...complete(['3.1', '3.2', '3.3'])];
  const g = graphOf(spec);
  assert.equal(findCycles(graphOf(k6), Infinity).cycles.length, 409);
  const r = findCycles(g);
  const k6Listed = r.cycles.filter((c) => c.ids[0]?.startsWith('1.'));
  assert.equal(k6Listed.length, CYCLE_LIMIT);
  assert.deepEqual(k6Listed.map((c) => c.ids.join(' → ')), bruteCycles(graphOf(k6)).slice(0, CYCLE_LIMIT), 'the first ones in canonical order');
  assert.deepEqual(r.cycles.slice(CYCLE_LIMIT).map((c) => c.ids.join(' → ')), ['2.1 → 2.2 → 2.3 → 2.1', '3.1 → 3.2 → 3.1']);
  // The ring is complete (one cycle); K6 and K3 certainly hold more.
  assert.deepEqual(r.more, { ids: ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '3.1', '3.2', '3.3'], certain: true });
  // Entry order does not matter.
  assert.deepEqual(findCycles(graphOf([...spec].reverse())), r);
  // Under the cap nothing more is reported.
  assert.equal(findCycles(g, 500).more, undefined);
  assert.equal(findCycles(g, 500).cycles.length, 409 + 1 + 5);
});

test('cycle work budget: a dense component stops after its first cycle, linear in all', () => {
  // K300: 89,700 edges and astronomically many cycles.
  const ids = Array.from({ length: 300 }, (_, k) => `${1 + Math.floor(k / 100)}.${(k % 100) + 1}`);
  const spec = complete(ids);
  spec.push(['9.1', ['9.2']], ['9.2', ['9.1']]);
  const g = graphOf(spec);
  const t0 = performance.now();
  const r = findCycles(g);
  assert.ok(performance.now() - t0 < 3000, 'bounded by the budget');
  assert.ok(r.cycles.length >= 2 && r.cycles.length <= CYCLE_LIMIT + 1);
  assert.deepEqual(r.cycles.at(-1)?.ids, ['9.1', '9.2', '9.1'], 'the component after the dense one still yields its cycle');
  assert.equal(r.more?.ids.length, 300);
  assert.equal(r.more?.certain, true);
  // A budget of nothing: still one cycle per component.
  const tiny = findCycles(g, CYCLE_LIMIT, 0);
  assert.deepEqual(tiny.cycles.map((c) => c.ids.length), [3, 3]);
  assert.equal(tiny.more?.ids.length, 300);
});

test('cycle work budget: `more` is certain only while fewer cycles are listed than the component surely holds', () => {
  // K3: 6 edges on 3 vertices, so at least 6 − 3 + 1 = 4 cycles (one per ear); it holds 5.
  const g = graphOf(complete(['1.1', '1.2', '1.3']));
  const seen = new Set<string>();
  for (let budget = 0; budget <= 100; budget++) {
    const r = findCycles(g, CYCLE_LIMIT, budget);
    assert.deepEqual(r.cycles.map((c) => c.ids.join(' → ')), bruteCycles(g).slice(0, r.cycles.length), `budget ${budget}: a prefix in canonical order`);
    if (r.more === undefined) assert.equal(r.cycles.length, 5, `budget ${budget}`);
    else assert.equal(r.more.certain, r.cycles.length < 4, `budget ${budget}`);
    seen.add(r.more ? `${r.more.certain}` : 'complete');
  }
  assert.deepEqual([...seen].sort(), ['complete', 'false', 'true']);
});

test('time math: the self-test example of §3.4 (2–3, 3–5, 2–3 h)', () => {
  const t = groupTimes([
    { id: '3.1', hours: { min: 2, max: 3 } },
    { id: '3.2', hours: { min: 3, max: 5 } },
    { id: '3.3', hours: { min: 2, max: 3 } },
  ]);
  assert.deepEqual(t.sequential, { min: 7, max: 11 });
  assert.deepEqual(t.parallel, { min: 3, max: 5 });
  assert.deepEqual(t.saved, { min: 4, max: 6 });
  assert.deepEqual(t.savingsPct, { min: 57, max: 55 });
  // Lower bounds only (the reference's numbers 2, 3, 2): 4/7 = 57.1% → 57.
  assert.equal(groupTimes([{ id: 'a', hours: { min: 2, max: 2 } }, { id: 'b', hours: { min: 3, max: 3 } }, { id: 'c', hours: { min: 2, max: 2 } }]).savingsPct.min, 57);
});

test('percentages round half up (not truncated); unknown estimates are listed, never hidden', () => {
  assert.equal(roundPct(66.5), 67);
  assert.equal(roundPct(66.49), 66);
  const t = groupTimes([{ id: '1.1', hours: { min: 1, max: 1 } }, { id: '1.2', hours: { min: 2, max: 2 } }, { id: '1.3' }]);
  assert.deepEqual(t.unknownEstimates, ['1.3']);
  assert.equal(t.savingsPct.min, 33);
});

test('executor cap: longest-processing-time scheduling', () => {
  // LPT is a heuristic (4/3-approximate): here 10 h, where the best split {5,4},{3,3,3} takes 9 h.
  assert.equal(lptMakespan([5, 4, 3, 3, 3], 2), 10);
  assert.equal(lptMakespan([5, 4, 3, 3, 3], 5), 5);
  assert.equal(lptMakespan([2, 2, 2, 2], 1), 8);
  const t = groupTimes(
    [
      { id: '1.1', hours: { min: 2, max: 3 } },
      { id: '1.2', hours: { min: 3, max: 5 } },
      { id: '1.3', hours: { min: 2, max: 3 } },
    ],
    2,
  );
  assert.deepEqual(t.parallelCapped, { min: 4, max: 6 });
  assert.deepEqual(t.saved, { min: 3, max: 5 });
});

test('whole plan: sequential, level-synchronous, critical path (ties → smallest id), with executors, remaining', () => {
  const pf = load(
    doc('P', [
      { id: '1.1', hours: 2 },
      { id: '1.2', hours: 1 },
      { id: '2.1', deps: ['1.1'], hours: 3 },
      { id: '2.2', deps: ['1.2'], hours: 4 },
      { id: '3.1', deps: ['2.1', '2.2'], hours: 1 },
    ]),
  );
  const t = planTimes(
    pf.graph,
    pf.layering,
    pf.achievements.map((a) => a.hours),
    { executors: 1 },
  );
  assert.deepEqual(t.sequential, { min: 11, max: 11 });
  assert.deepEqual(t.levelSynchronous, { min: 2 + 4 + 1, max: 7 });
  assert.deepEqual(t.criticalPath.max.ids, ['1.1', '2.1', '3.1']);
  assert.equal(t.criticalPath.max.total, 6);
  assert.deepEqual(t.withExecutors, { min: 11, max: 11 });
  const done = new Uint8Array([1, 0, 1, 0, 0]);
  const r = planTimes(pf.graph, pf.layering, pf.achievements.map((a) => a.hours), { done, remaining: true });
  assert.deepEqual(r.sequential, { min: 6, max: 6 });
  assert.deepEqual(r.criticalPath.max.ids, ['1.2', '2.2', '3.1']);
  assert.equal(r.count, 3);
});

test('ranges: the critical path is computed for each bound and may differ', () => {
  const pf = load(doc('P', [{ id: '1.1', hours: '1-9' }, { id: '1.2', hours: '5-5' }, { id: '2.1', deps: ['1.1', '1.2'], hours: 1 }]));
  const t = planTimes(pf.graph, pf.layering, pf.achievements.map((a) => a.hours));
  assert.deepEqual(t.criticalPath.min.ids, ['1.2', '2.1']);
  assert.deepEqual(t.criticalPath.max.ids, ['1.1', '2.1']);
});

test('bottlenecks: exact transitive dependents; open work only when asked', () => {
  const g = graphOf([
    ['1.1', []],
    ['1.2', ['1.1']],
    ['1.3', ['1.2']],
    ['1.4', ['1.3']],
    ['2.1', []],
    ['2.2', ['2.1']],
    ['2.3', ['2.1']],
  ]);
  const l = layer(g);
  const b = bottlenecks(g, l);
  assert.deepEqual(b[0], { id: '1.1', dependents: 3, direct: 1 });
  assert.deepEqual(b[1], { id: '2.1', dependents: 2, direct: 2 }, 'ties: more direct dependents first');
  assert.deepEqual(b[2], { id: '1.2', dependents: 2, direct: 1 });
  const open = new Uint8Array([0, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual(bottlenecks(g, l, { open })[0], { id: '2.1', dependents: 2, direct: 2 });
});

test('bottlenecks: counting stops early only where no later candidate can rank (random graphs against brute force)', () => {
  // Every node a candidate (pool = n): the result must be the exact top 3 by open dependents, then direct ones,
  // then id order, although most counts are skipped by the estimate bound.
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 60; round++) {
    const n = 2 + Math.floor(rnd() * 40);
    const ids = Array.from({ length: n }, (_, k) => `${1 + Math.floor(k / 9)}.${1 + (k % 9)}`);
    const deps = ids.map((_, k) => [...new Set(Array.from({ length: Math.floor(rnd() * 4) }, () => Math.floor(rnd() * k)).filter((d) => d < k))]);
    const g = graphOf(ids.map((id, k) => [id, (deps[k] as number[]).map((d) => ids[d] as string)]));
    const l = layer(g);
    const open = round % 2 ? Uint8Array.from(ids, () => (rnd() < 0.6 ? 1 : 0)) : undefined;
    const counted = (x: number) => (open === undefined || open[x] === 1 ? 1 : 0);
    // Brute force: the descendants of every node by a walk over the dependents.
    const brute = ids.map((id, x) => {
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
    });
    const expected = brute
      .filter((r) => (open === undefined || open[r.x] === 1) && r.dependents + r.direct > 0 && (r.direct > 0 || r.dependents > 0))
      .sort((a, b) => b.dependents - a.dependents || b.direct - a.direct || a.x - b.x)
      .slice(0, 3)
      .map(({ id, dependents, direct }) => ({ id, dependents, direct }));
    const got = bottlenecks(g, l, { pool: n, ...(open ? { open } : {}) });
    assert.deepEqual(got, expected, `round ${round}`);
  }
});

test('hours parsing', () => {
  const ok = (v: unknown) => {
    const p = parseHours(v);
    return p.ok ? [p.hours.min, p.hours.max, p.canonical] : null;
  };
  assert.deepEqual(ok(3.5), [3.5, 3.5, 3.5]);
  assert.deepEqual(ok('4-6'), [4, 6, '4-6']);
  assert.deepEqual(ok('4-6 hours'), [4, 6, '4-6']);
  assert.deepEqual(ok('4–6 h'), [4, 6, '4-6']);
  assert.deepEqual(ok('4h'), [4, 4, 4]);
  assert.deepEqual(ok('~2 to 3 hrs'), [2, 3, '2-3']);
  assert.equal(ok('abc'), null);
  assert.equal(ok('6-4'), null);
  assert.equal(ok(-1), null);
  assert.equal(ok(true), null);
});

test('JSON parser: values, positions, escapes, duplicate keys, errors with positions', () => {
  const text = '{\n  "a": [1, -2.5e3, true, null, "x\\u00e9\\n"],\n  "b": {"c": "d"},\n  "a": 0\n}';
  const r = parseJson(text);
  assert.ok(r.ok);
  assert.deepEqual(r.doc.value, JSON.parse(text));
  assert.deepEqual(r.doc.positionOf('/b/c'), { line: 3, column: 14 });
  assert.deepEqual(r.doc.positionOf('/b/c', { key: true }), { line: 3, column: 9 });
  assert.deepEqual(r.doc.positionOf('/b/missing'), { line: 3, column: 8 }, 'a missing member is located at its parent');
  assert.equal(r.doc.duplicates.length, 1);
  assert.deepEqual(r.doc.duplicates[0] && [r.doc.duplicates[0].pointer, r.doc.duplicates[0].key], ['', 'a']);
  const bad: Array<[string, RegExp, number, number]> = [
    ['', /empty/, 1, 1],
    ['{"a":1,,}', /property name/, 1, 8],
    ['{"a":1,}', /Trailing comma/, 1, 8],
    ['[1,2,]', /Trailing comma/, 1, 6],
    ['{"a" 1}', /Expected ':'/, 1, 6],
    ['{"a":1', /end of input/, 1, 7],
    ['{"a":"x\ny"}', /line break/, 1, 8],
    ['[01]', /Expected ','/, 1, 3],
    ['{"a":1} x', /after the end/, 1, 9],
    ['\n\n  nul', /Unexpected 'n'/, 3, 3],
    ['"\\x"', /escape/, 1, 2],
  ];
  for (const [src, msg, line, column] of bad) {
    const p = parseJson(src);
    assert.ok(!p.ok, src);
    assert.match(p.error.message, msg, src);
    assert.deepEqual([p.position.line, p.position.column], [line, column], src);
    assert.throws(() => JSON.parse(src));
  }
});

test('JSON parser: deep nesting is refused with a position, never a stack overflow', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const r = parseJson(deep);
  assert.ok(!r.ok);
  assert.match(r.error.message, new RegExp(`${MAX_DEPTH}`));
  const ok = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
  assert.ok(parseJson(ok).ok);
});

test('canonical JSON text: two spaces, short id lists inline, round-trips', () => {
  const v = { a: ['1.1', '1.2'], b: [], c: {}, d: [{ x: 1 }], e: 'é"' };
  const t = formatJson(v);
  assert.equal(t, '{\n  "a": ["1.1", "1.2"],\n  "b": [],\n  "c": {},\n  "d": [\n    {\n      "x": 1\n    }\n  ],\n  "e": "é\\""\n}\n');
  assert.deepEqual(JSON.parse(t), v);
});

test('JSON positions: the lazy index of the fast path agrees with the full parser for every value and key', () => {
  for (const indent of [0, 1, 2, '\t']) checkPositions(indent);
});

function checkPositions(indent: number | string): void {
  const text = JSON.stringify(
    { plan_name: 'P', 'we/ird~key': { 'a"b': [1, { c: ['x', true, null] }], '\u00e9': -0.5e-3 }, achievements: [{ achievement_id: '1.1', dependencies: ['1.2', '1.3'] }, { id: '1.2', dependencies: [] }] },
    null,
    indent,
  );
  const fast = parseJson(text);
  const full = parseJsonFull(text);
  assert.ok(fast.ok && full.ok);
  // Every pointer of the document.
  const pointers: string[] = [];
  const stack: Array<[unknown, string]> = [[JSON.parse(text), '']];
  while (stack.length) {
    const [v, p] = stack.pop() as [unknown, string];
    pointers.push(p);
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push([x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
  }
  assert.ok(pointers.length > 15);
  for (const p of pointers) {
    assert.deepEqual(fast.doc.locate(p), full.doc.locate(p), p);
    if (p) assert.deepEqual(fast.doc.locate(p, { key: true }), full.doc.locate(p, { key: true }), `${p} (key)`);
  }
  assert.deepEqual(fast.doc.locate('/achievements/5/x'), full.doc.locate('/achievements/5/x'));
}

test('idRank orders ids as compareIds does, packed keys and the part-by-part fallback alike', () => {
  const cases: Array<[string, string[]]> = [
    ['two and three parts, multi-digit parts', ['1.10', '1.2', '10.1', '2.0', '1.2.1', '1.2.0', '0.1', '3.5.1', '1.1', '100.99', '2.10', '2.9']],
    ['a part too large to pack (fallback)', ['70000.1', '1.1', '2.70000', '2.3', '1.1.1']],
    ['leading zeros read as numbers, ties keep file order', ['1.01', '1.1', '01.2']],
  ];
  for (const [name, ids] of cases) {
    const g = buildGraph(ids, ids.map(() => []));
    const rank = idRank(g);
    const byRank = ids.map((id, k) => [id, rank[k] as number] as const).sort((a, b) => a[1] - b[1]).map(([id]) => id);
    assert.deepEqual(byRank, [...ids].map((id, k) => [id, k] as const).sort((a, b) => compareIds(a[0], b[0]) || a[1] - b[1]).map(([id]) => id), name);
  }
});

test('group times of a very large ready set: no stack overflow (Math.max cannot take 200,000 arguments)', () => {
  const items = Array.from({ length: 200_000 }, (_, k) => ({ id: `${k + 1}.1`, hours: { min: k === 7 ? 9 : 1, max: k === 7 ? 12 : 2 } }));
  const t = groupTimes(items, undefined, true);
  assert.deepEqual(t.parallel, { min: 9, max: 12 });
  assert.equal(lptMakespan(items.map((x) => x.hours.max), 300_000), 12);
  assert.deepEqual(groupTimes([], undefined, true).parallel, { min: 0, max: 0 });
});

test('clip never cuts an emoji in half; oneLine flattens any line break (table)', () => {
  const cases: Array<[string, number, string]> = [
    ['short', 10, 'short'],
    ['abcdefghij', 10, 'abcdefghij'],
    ['abcdefghijk', 10, 'abcdefghi…'],
    // 😀 is two UTF-16 units: a cut that would fall between them drops the whole character.
    ['abcdefgh😀xyz', 10, 'abcdefgh…'],
    ['abcdefg😀xyz', 10, 'abcdefg😀…'],
    ['😀😀😀😀😀😀', 4, '😀…'],
    // Whole graphemes: a flag (two regional indicators), a ZWJ family, an emoji with a variation selector.
    ['abcdef🇩🇪 Germany', 10, 'abcdef…'],
    ['abc🇩🇪 Germany', 10, 'abc🇩🇪 G…'],
    ['ab👩‍👩‍👧‍👦 family', 10, 'ab…'],
    ['ab🏳️‍🌈 pride flag', 10, 'ab🏳️‍🌈 …'],
    ['abcd🏳️‍🌈 pride flag', 10, 'abcd…'],
    ['e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301', 10, 'e\u0301e\u0301e\u0301e\u0301…'],
  ];
  for (const [s, n, want] of cases) {
    const got = clip(s, n);
    assert.equal(got, want, `${s} / ${n}`);
    assert.ok(got.length <= n, 'never longer than asked');
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(got), 'no lone high surrogate');
  }
  assert.equal(oneLine(' a\r\n\tb\u2028c  '), 'a b c');
});
