/**
 * The two real parallel.json files of the corpus (read in place, never copied; skipped when ../shared/corpus is
 * absent): both validate with the expected warnings; GRAPHRAG-OBSERVABILITY-VALIDATION's stored blocks and time
 * claims are reported wrong by --check-claims, and its derived status matches its APPROVED files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeId } from '../scripts/lib/ids.ts';
import { analyzeParallel, openParallel } from '../scripts/lib/parallel/analysis.ts';
import { loadParallelFile } from '../scripts/lib/parallel/load.ts';
import { formatJson } from '../scripts/lib/json.ts';
import { canonicalOrder } from '../scripts/lib/parallel/normalize.ts';
import { readFileSync } from 'node:fs';
import { AUTOMATION, AUTOMATION_DIR, cli, CORPUS_ROOT, GRAPHRAG, GRAPHRAG_DIR, hasCorpus, tmp } from './parallel-helpers.ts';

const skip = hasCorpus ? false : 'the corpus (../shared/corpus) is not present';

function count(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of list) out[c] = (out[c] ?? 0) + 1;
  return out;
}

test('GRAPHRAG-OBSERVABILITY-VALIDATION validates: no errors; stored blocks (14) and parallelizable_with (13) warned', { skip }, () => {
  const pf = loadParallelFile(GRAPHRAG);
  assert.equal(pf.achievements.length, 24);
  assert.deepEqual(pf.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.deepEqual(count(pf.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code)), { 'W-BLOCKS': 14, 'W-PARALLELIZABLE-WITH': 13 });
  // 34 wrong entries in blocks (parallel.md §1.2).
  const wrong = pf.diagnostics
    .filter((d) => d.code === 'W-BLOCKS')
    .map((d) => (d.message.match(/\d+\.\d+/g) ?? []).length - 1)
    .reduce((a, b) => a + b, 0);
  assert.equal(wrong, 34);
  assert.equal(pf.scope, 'plan');
  // Depths of §3.1.
  const byDepth: Record<number, string[]> = {};
  pf.achievements.forEach((a, k) => (byDepth[pf.layering.depth[k] as number] ??= []).push(a.id));
  assert.deepEqual(byDepth, {
    0: ['0.1', '0.3'],
    1: ['0.2', '1.1'],
    2: ['1.2', '2.1'],
    3: ['1.3', '2.2'],
    4: ['2.3', '4.1', '4.2', '4.3', '5.1', '5.2'],
    5: ['3.1', '3.2', '3.3', '5.3', '6.2', '6.3'],
    6: ['6.1', '7.1', '7.2', '7.3'],
  });
});

test('GRAPHRAG-OBSERVABILITY-VALIDATION: derived status matches its APPROVED files; times 71 / 25.5 / 23.5 h', { skip }, async () => {
  const opened = await openParallel(GRAPHRAG, tmp(), { withPlan: true });
  assert.ok(opened.pf && opened.ctx);
  const a = analyzeParallel(opened.pf, opened.ctx);
  const approved = new Set(
    readdirSync(join(GRAPHRAG_DIR, 'execution', 'feedbacks'))
      .map((f) => /^APPROVED_(\d+)\.md$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined),
  );
  assert.ok(approved.size >= 10);
  for (const r of a.rows) assert.equal(r.status === 'complete', approved.has(encodeId(r.id)), `${r.id}: ${r.status}`);
  assert.equal(a.times.sequential.max, 71);
  assert.equal(a.times.levelSynchronous.max, 25.5);
  assert.equal(a.times.criticalPath.max.total, 23.5);
  assert.equal(a.planBottlenecks[0]?.id === '0.3' || a.planBottlenecks[0]?.id === '0.1', true);
});

test('GRAPHRAG-OBSERVABILITY-VALIDATION --check-claims: stored blocks, times, counts and statuses reported wrong', { skip }, () => {
  const r = cli('validation/validate_parallel_json', [GRAPHRAG, '--check-claims', '--format', 'json'], { cwd: tmp() });
  assert.equal(r.code, 0, 'warnings only: still valid');
  const out = JSON.parse(r.out);
  assert.equal(out.valid, true);
  const claims = out.warnings.filter((w: { code: string }) => w.code === 'W-CLAIMS').map((w: { message: string }) => w.message);
  const has = (re: RegExp) => assert.ok(claims.some((m: string) => re.test(m)), `${re} in\n${claims.join('\n')}`);
  has(/^sequential_time claims 68\.5 h, but the estimates add up to 71 h/);
  has(/^parallel_time claims 36 h, but the critical path is 23\.5 h .* level-synchronous time 25\.5 h/);
  has(/^time_savings claims 32\.5 h/);
  has(/^efficiency_gain claims 47\.4%/);
  has(/^critical_path names 0\.1, 0\.2, 0\.3, 1\.1, 1\.2, 1\.3, .*, but the computed critical path is 0\.1 → 0\.2 → 2\.1 → 2\.2 → 2\.3 → 3\.2 → 6\.1 \(23\.5 h\)/);
  has(/^completed_achievements says 10, but .* is 15/);
  has(/^Achievement 2\.2: stored status "not_started", but the filesystem says complete \(APPROVED_22\.md\)/);
  assert.ok(!claims.some((m: string) => /bottleneck/.test(m)), '2.2 (14 direct dependents) is an acceptable first bottleneck');
  assert.equal(out.warnings.filter((w: { code: string }) => w.code === 'W-BLOCKS').length, 14);
  const line = out.warnings.find((w: { message: string }) => w.message.startsWith('sequential_time')).line;
  assert.ok(line > 400, 'positioned at the stored figure');
});

test('PARALLEL-EXECUTION-AUTOMATION validates with W-SCOPE only; ready set 3.1–3.3 saves 4–6 h (57%–55%)', { skip }, async () => {
  const pf = loadParallelFile(AUTOMATION);
  assert.deepEqual(pf.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code), ['W-SCOPE']);
  assert.deepEqual(
    pf.achievements.map((a) => a.hours),
    [
      { min: 4, max: 6 },
      { min: 2, max: 3 },
      { min: 3, max: 4 },
      { min: 5, max: 7 },
      { min: 5, max: 7 },
      { min: 5, max: 7 },
      { min: 2, max: 3 },
      { min: 3, max: 5 },
      { min: 2, max: 3 },
    ],
  );
  assert.deepEqual(Array.from(pf.layering.depth), [0, 1, 2, 3, 4, 5, 6, 6, 6]);
  const opened = await openParallel(`@PARALLEL-EXECUTION-AUTOMATION`, tmp(), { withPlan: true, root: CORPUS_ROOT });
  assert.ok(opened.pf && opened.ctx);
  assert.equal(opened.target.dir, AUTOMATION_DIR);
  const a = analyzeParallel(opened.pf, opened.ctx);
  assert.deepEqual(
    a.rows.filter((r) => r.status === 'complete').map((r) => r.id),
    ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3'],
  );
  assert.deepEqual(a.readySet.ids, ['3.1', '3.2', '3.3']);
  assert.deepEqual([a.readySet.sequential, a.readySet.parallel, a.readySet.saved, a.readySet.savingsPct], [
    { min: 7, max: 11 },
    { min: 3, max: 5 },
    { min: 4, max: 6 },
    { min: 57, max: 55 },
  ]);
});

test('both real files: text output keeps the headline and path:line:col CODE lines; status table from another directory', { skip }, () => {
  const v = cli('validation/validate_parallel_json', [GRAPHRAG], { cwd: tmp() });
  assert.equal(v.code, 0);
  assert.match(v.out, /^✅ Validation passed!/);
  assert.match(v.out, /\nWarnings \(27\):\n/);
  assert.match(v.out, /parallel\.json:20:17 W-BLOCKS Achievement 0\.1: /);
  const s = cli('workflow/get_parallel_status', [AUTOMATION], { cwd: tmp() });
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /^3\.1 +Interactive Menu Polished +in_progress +6 +ready +2–3 h/m);
  assert.match(s.out, /Ready now \(3\): 3\.1, 3\.2, 3\.3\n {2}sequential 7–11 h → parallel 3–5 h, saves 4–6 h \(57%–55%\)/);
});

test('normalising the real files keeps every key and value (only legacy names change)', { skip }, () => {
  for (const file of [GRAPHRAG, AUTOMATION]) {
    const pf = loadParallelFile(file);
    assert.ok(pf.normalized);
    const out = JSON.parse(formatJson(canonicalOrder(pf.normalized)));
    const orig = JSON.parse(readFileSync(file, 'utf8'));
    const renamed: Record<string, string> = { parallelization_level: 'scope', analysis_notes: 'notes' };
    for (const [k, v] of Object.entries(orig)) {
      if (k === 'parallelization_level') assert.equal(out.scope, { level_1: 'achievement', level_2: 'priority', level_3: 'plan' }[v as string]);
      else assert.deepEqual(out[renamed[k] ?? k], v, k);
    }
    assert.equal(out.schema_version, '2.0');
    assert.equal(Object.keys(out).length, Object.keys(orig).length + 1);
    // Re-reading the canonical text gives the same graph.
    const again = loadParallelFile(file);
    assert.deepEqual(again.achievements.map((a) => [a.id, a.dependencies, a.hours]), pf.achievements.map((a) => [a.id, a.dependencies, a.hours]));
  }
});

test('GRAPHRAG-OBSERVABILITY-VALIDATION: the same derived status however the plan is named and from wherever (the corpus has a stray work-space/work-space/plans/)', { skip }, () => {
  const statuses = (args: string[], cwd: string) => {
    const r = cli('workflow/get_parallel_status', [...args, '--json'], { cwd });
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { root: string; achievements: Array<{ id: string; status: string }> };
    return { root: j.root, statuses: j.achievements.map((a) => `${a.id} ${a.status}`) };
  };
  const byName = statuses(['@GRAPHRAG-OBSERVABILITY-VALIDATION'], CORPUS_ROOT);
  assert.equal(byName.root, CORPUS_ROOT);
  for (const [args, cwd] of [
    [[GRAPHRAG], tmp()],
    [[GRAPHRAG], CORPUS_ROOT],
    [['parallel.json'], GRAPHRAG_DIR],
    [['@GRAPHRAG-OBSERVABILITY-VALIDATION'], join(CORPUS_ROOT, 'work-space')],
  ] as const) {
    assert.deepEqual(statuses([...args], cwd), byName, `${args.join(' ')} from ${cwd}`);
  }
});
