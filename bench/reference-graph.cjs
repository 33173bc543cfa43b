'use strict';
// The yardstick, written out: a plain Node script that reads a parallel.json and does the core graph checks
// (cycles, levels, critical path, ready set) and nothing else: no schema, no positions, no diagnostics, no plan folder.
// bench/parallel.ts times it beside the bins, in the same conditions, so that figures can be compared as ratios on a
// machine of any speed. Usage: node bench/reference-graph.cjs <parallel.json>
const fs = require('node:fs');

const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const items = doc.achievements;
const n = items.length;
const index = new Map();
items.forEach((a, k) => index.set(a.achievement_id, k));
const deps = items.map((a) => (a.dependencies || []).map((d) => index.get(d)).filter((d) => d !== undefined));
const dependents = Array.from({ length: n }, () => []);
deps.forEach((ds, k) => ds.forEach((d) => dependents[d].push(k)));
const hours = items.map((a) => {
  const h = a.estimated_hours;
  if (typeof h === 'number') return h;
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?/.exec(String(h || '0'));
  return m ? Number(m[2] || m[1]) : 0;
});

// Kahn: topological order, levels (depth), and the cycle check (nodes left over).
const indeg = deps.map((ds) => ds.length);
const level = new Array(n).fill(0);
const order = [];
for (let k = 0; k < n; k++) if (indeg[k] === 0) order.push(k);
for (let i = 0; i < order.length; i++) {
  const x = order[i];
  for (const y of dependents[x]) {
    level[y] = Math.max(level[y], level[x] + 1);
    if (--indeg[y] === 0) order.push(y);
  }
}
const cyclic = n - order.length;

// Critical path: longest weighted chain, followed back from its end.
const finish = new Array(n).fill(0);
const prev = new Array(n).fill(-1);
let end = -1;
for (const x of order) {
  let best = -1;
  for (const d of deps[x]) if (best === -1 || finish[d] > finish[best]) best = d;
  prev[x] = best;
  finish[x] = hours[x] + (best === -1 ? 0 : finish[best]);
  if (end === -1 || finish[x] > finish[end]) end = x;
}
const path = [];
for (let x = end; x !== -1; x = prev[x]) path.push(items[x].achievement_id);
path.reverse();

// Ready set: achievements whose dependencies are all done (here: none done, so those without dependencies).
const ready = items.filter((a, k) => deps[k].length === 0).map((a) => a.achievement_id);

const levels = Math.max(0, ...level) + 1;
process.stdout.write(`${JSON.stringify({ achievements: n, cyclic, levels, criticalPath: { hours: end === -1 ? 0 : finish[end], length: path.length }, ready: ready.length })}\n`);
