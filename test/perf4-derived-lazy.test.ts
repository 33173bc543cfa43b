/**
 * Figures of the analysis computed on first use: the open work's bottlenecks (the status table never shows them)
 * and the whole plan's. Each is computed once, and is the same as computed eagerly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeParallel, openParallel } from '../scripts/lib/parallel/analysis.ts';
import { bottlenecks, Walker } from '../scripts/lib/parallel/graph.ts';
import { statusJson, statusTable } from '../scripts/lib/parallel/render.ts';
import { doc, workspace } from './parallel-helpers.ts';
import type { Styles } from '../scripts/lib/cli.ts';

const same = (s: string) => s;
const plain = { enabled: false, bold: same, dim: same, red: same, green: same, yellow: same, blue: same, cyan: same } as unknown as Styles;

test('bottlenecks: computed on first use, once; the status table never asks', async () => {
  const PLAN = 'LAZY';
  const achs = [
    { id: '1.1' },
    { id: '1.2', deps: ['1.1'] },
    { id: '1.3', deps: ['1.2'] },
    { id: '2.1', deps: ['1.1'] },
    { id: '2.2', deps: ['2.1', '1.3'] },
  ];
  const { dir } = workspace(PLAN, achs.map((a) => a.id), doc(PLAN, achs), { 'execution/feedbacks/APPROVED_11.md': 'ok' });
  const opened = await openParallel(join(dir, 'parallel.json'), '/', { withPlan: true });
  assert.ok(opened.pf && opened.ctx);
  const original = Walker.prototype.reachCount;
  let calls = 0;
  Walker.prototype.reachCount = function (this: Walker, from: number, dir: 'up' | 'down', mask?: Uint8Array): number {
    calls++;
    return original.call(this, from, dir, mask);
  };
  try {
    const a = analyzeParallel(opened.pf, opened.ctx);
    statusTable(a, plain, { cwd: '/' });
    statusTable(a, plain, { cwd: '/', remaining: true });
    assert.equal(calls, 0, 'no bottleneck search for the table');
    const open = Uint8Array.from(a.rows, (r) => (r.status === 'complete' || r.status === 'skipped' ? 0 : 1));
    const want = bottlenecks(opened.pf.graph, opened.pf.layering, { open });
    calls = 0;
    const first = a.bottlenecks;
    assert.ok(calls > 0, 'searched on first use');
    const after = calls;
    assert.equal(a.bottlenecks, first, 'the same list when asked again');
    assert.equal(calls, after, 'searched once');
    assert.deepEqual(first, want);
    assert.deepEqual(first[0], { id: '1.2', dependents: 2, direct: 1 });
    assert.deepEqual(JSON.parse(statusJson(a, { cwd: '/' })).bottlenecks, want, 'in the status JSON');
    assert.deepEqual(a.planBottlenecks, bottlenecks(opened.pf.graph, opened.pf.layering));
  } finally {
    Walker.prototype.reachCount = original;
  }
});
