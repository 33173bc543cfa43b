/**
 * `validate_parallel_json --check-claims` (parallel.md §2.5 W-CLAIMS): stored derived data compared with the
 * computed figures, on a small plan whose numbers are worked out by hand:
 *
 *   1.1 (2 h) ─┐
 *              ├─> 2.1 (1 h)      sequential 6 h · critical path 1.2 → 2.1 = 4 h · level-synchronous 3 + 1 = 4 h
 *   1.2 (3 h) ─┘                  saving 2 h = 33%
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClaim, pathClaim, percentClaim, savingFigures } from '../scripts/lib/parallel/claims.ts';
import { cli, workspace } from './parallel-helpers.ts';

const V = 'validation/validate_parallel_json';
const IDS = ['1.1', '1.2', '2.1'];

function claims(extra: Record<string, unknown>, files: Record<string, string> = {}): string[] {
  const spec = {
    plan_name: 'TEST-PLAN',
    achievements: [
      { achievement_id: '1.1', title: 'A', dependencies: [], estimated_hours: 2 },
      { achievement_id: '1.2', title: 'B', dependencies: [], estimated_hours: 3 },
      { achievement_id: '2.1', title: 'C', dependencies: ['1.1', '1.2'], estimated_hours: 1 },
    ],
    ...extra,
  };
  const { root } = workspace('TEST-PLAN', IDS, spec, files);
  const r = cli(V, ['@TEST-PLAN', '--check-claims', '--format', 'json'], { cwd: root });
  assert.equal(r.code, 0, `claims are warnings: ${r.out}${r.err}`);
  const out = JSON.parse(r.out) as { warnings: Array<{ code: string; message: string; line?: number }> };
  for (const w of out.warnings) assert.ok(w.line !== undefined && w.line > 0, `positioned: ${w.code} ${w.message}`);
  return out.warnings.filter((w) => w.code === 'W-CLAIMS').map((w) => w.message);
}

test('right figures give no W-CLAIMS: hours, shares, ranges of the right size, either parallel figure, the right path', () => {
  const right = {
    total_achievements: 3,
    critical_path_analysis: { sequential_time: '6h', parallel_time: 4, time_savings: '2 hours', efficiency_gain: '33%', critical_path: ['1.2 (3h)', '2.1 (1h)'] },
    parallelization_strategy: { total_sequential_time: 6, total_parallel_time: '4h', time_saved: '33%', reduction_percentage: 33 },
  };
  assert.deepEqual(claims(right), []);
  // The path as one string with arrows, and as a list of ids.
  assert.deepEqual(claims({ critical_path_analysis: { critical_path: '1.2 → 2.1' } }), []);
  assert.deepEqual(claims({ critical_path_analysis: { critical_path: ['1.2', '2.1'] } }), []);
  // A step naming alternatives counts when one of them is on the path; steps naming no achievement are not read.
  assert.deepEqual(claims({ critical_path_analysis: { critical_path: ['1.1 or 1.2 (3h max)', 'Wave 2 (1h)', '2.1'] } }), []);
});

test('a value stating hours and a share has both checked; a bare number is hours for a saving, a share for a share', () => {
  const said = (v: Record<string, unknown>) => claims({ critical_path_analysis: v }).map((m) => m.replace(/, but.*/, ''));
  for (const right of ['2 hours (33%)', '33% (2 h)', '2h / 33%', 2, '33%']) assert.deepEqual(said({ time_savings: right }), [], String(right));
  for (const right of ['2 hours (33%)', '33%', 33, '33% (2 hours)']) assert.deepEqual(said({ efficiency_gain: right }), [], String(right));
  assert.deepEqual(said({ time_savings: '2 hours (50%)' }), ['time_savings claims 50%']);
  assert.deepEqual(said({ time_savings: '3 hours (33%)' }), ['time_savings claims 3 h']);
  assert.deepEqual(said({ time_savings: '33% (5 hours)' }), ['time_savings claims 5 h']);
  assert.deepEqual(said({ time_savings: '3h / 50%' }), ['time_savings claims 3 h', 'time_savings claims 50%']);
  assert.deepEqual(said({ efficiency_gain: '2 hours (50%)' }), ['efficiency_gain claims 50%']);
  assert.deepEqual(said({ efficiency_gain: '5 hours (33%)' }), ['efficiency_gain claims 5 h']);
  assert.deepEqual(said({ time_savings: '2h-3h (33%)' }), ['time_savings claims 2–3 h']);
  for (const prose of ['6h → 4h (33%)', '4 hours instead of 6 hours', 'saves 2 of 6 hours (33%)']) assert.deepEqual(said({ time_savings: prose }), [], prose);
});

test('a stated critical path that ties in length with the computed one is a critical path too; a non-chain is not', () => {
  // 1.1 and 1.2 both take 2 h: 1.1 → 2.1 and 1.2 → 2.1 are both 3 h long (the computed one breaks the tie by id).
  const tie = [
    { achievement_id: '1.1', title: 'A', dependencies: [], estimated_hours: 2 },
    { achievement_id: '1.2', title: 'B', dependencies: [], estimated_hours: 2 },
    { achievement_id: '2.1', title: 'C', dependencies: ['1.1', '1.2'], estimated_hours: 1 },
  ];
  for (const path of [['1.1', '2.1'], ['1.2', '2.1'], '1.2 -> 2.1']) assert.deepEqual(claims({ achievements: tie, critical_path_analysis: { critical_path: path } }), [], JSON.stringify(path));
  // Two achievements of the right total that do not depend on each other are no path.
  const [notChain] = claims({ achievements: tie, critical_path_analysis: { critical_path: ['1.2', '1.1'] } });
  assert.match(notChain ?? '', /^critical_path names 1\.2, 1\.1, but the computed critical path is 1\.1 → 2\.1 \(3 h\)/);
});

test('percentClaim reads the share a value states (table)', () => {
  const cases: Array<[unknown, { min: number; max: number } | undefined]> = [
    [33, { min: 33, max: 33 }],
    ['33%', { min: 33, max: 33 }],
    ['33.3 %', { min: 33.3, max: 33.3 }],
    ['30-35%', { min: 30, max: 35 }],
    ['30% – 35%', { min: 30, max: 35 }],
    ['2 hours (33%)', { min: 33, max: 33 }],
    ['47.4', { min: 47.4, max: 47.4 }],
    ['about a third', undefined],
    [null, undefined],
  ];
  for (const [input, want] of cases) assert.deepEqual(percentClaim(input), want, JSON.stringify(input));
  const r = (min: number, max = min) => ({ min, max });
  const figures: Array<[unknown, 'hours' | 'share', ReturnType<typeof savingFigures>]> = [
    ['2 hours (33%)', 'hours', { hours: r(2), share: r(33) }],
    ['33% (2.5 h)', 'hours', { share: r(33), hours: r(2.5) }],
    ['2h / 33%', 'hours', { hours: r(2), share: r(33) }],
    ['2h-3h (33%)', 'hours', { hours: r(2, 3), share: r(33) }],
    ['2-3 hours', 'hours', { hours: r(2, 3) }],
    ['22 hours (83% reduction)', 'hours', { hours: r(22), share: r(83) }],
    // Prose naming other hours states no saving in hours.
    ['6h → 4h (33%)', 'hours', { share: r(33) }],
    ['4 hours instead of 6 hours', 'hours', {}],
    ['saves 2 of 6 hours (33%)', 'hours', { share: r(33) }],
    // A bare number: hours for a saving, a share for a share key.
    [2, 'hours', { hours: r(2) }],
    ['2', 'hours', { hours: r(2) }],
    [33, 'share', { share: r(33) }],
    ['33', 'share', { share: r(33) }],
    ['5 hours (33%)', 'share', { hours: r(5), share: r(33) }],
    [null, 'hours', {}],
  ];
  for (const [input, bare, want] of figures) assert.deepEqual(savingFigures(input, bare), want, `${JSON.stringify(input)} as ${bare}`);
});

const wrong: Array<{ name: string; extra: Record<string, unknown>; expect: RegExp }> = [
  { name: 'total', extra: { total_achievements: 4 }, expect: /^total_achievements says 4, but the number of achievements listed is 3/ },
  { name: 'sequential', extra: { critical_path_analysis: { sequential_time: 7 } }, expect: /^sequential_time claims 7 h, but the estimates add up to 6 h/ },
  { name: 'parallel', extra: { critical_path_analysis: { parallel_time: '5h' } }, expect: /^parallel_time claims 5 h, but the critical path is 4 h \(1\.2 → 2\.1\) and the level-synchronous time 4 h/ },
  { name: 'saving in hours', extra: { critical_path_analysis: { time_savings: 3 } }, expect: /^time_savings claims 3 h, but sequential minus critical path is 2 h/ },
  { name: 'saving as a share is a share, not hours', extra: { critical_path_analysis: { time_savings: '80%' } }, expect: /^time_savings claims 80%, but the computed saving is 33%/ },
  { name: 'efficiency', extra: { critical_path_analysis: { efficiency_gain: '50%' } }, expect: /^efficiency_gain claims 50%, but the computed saving is 33%/ },
  { name: 'seed reduction', extra: { parallelization_strategy: { reduction_percentage: 60 } }, expect: /^reduction_percentage claims 60%/ },
  {
    name: 'critical path through the wrong branch',
    extra: { critical_path_analysis: { critical_path: ['1.1', '2.1'] } },
    expect: /^critical_path names 1\.1, 2\.1, but the computed critical path is 1\.2 → 2\.1 \(4 h\)/,
  },
  { name: 'critical path missing a step', extra: { critical_path_analysis: { critical_path: '1.2' } }, expect: /^critical_path names 1\.2, but the computed critical path is 1\.2 → 2\.1/ },
  { name: 'critical path with an extra step', extra: { critical_path_analysis: { critical_path: '1.1 → 1.2 → 2.1' } }, expect: /^critical_path names 1\.1, 1\.2, 2\.1, but/ },
];

for (const c of wrong) {
  test(`W-CLAIMS: ${c.name}`, () => {
    const got = claims(c.extra);
    assert.equal(got.length, 1, got.join('\n'));
    assert.match(got[0] as string, c.expect);
  });
}

test('stored statuses and waves are compared with the filesystem and the estimates', () => {
  const got = claims(
    {
      achievements: [
        { achievement_id: '1.1', title: 'A', dependencies: [], estimated_hours: 2, status: 'not_started' },
        { achievement_id: '1.2', title: 'B', dependencies: [], estimated_hours: 3 },
        { achievement_id: '2.1', title: 'C', dependencies: ['1.1', '1.2'], estimated_hours: 1 },
      ],
      parallel_execution_waves: { wave_1: { achievements: ['1.1', '1.2'], status: 'complete', estimated_hours: 5, parallelism: 2 }, wave_2: { achievements: ['1.2', '2.1'], parallelism: 2 } },
    },
    { 'execution/feedbacks/APPROVED_11.md': 'ok' },
  );
  const has = (re: RegExp) => assert.ok(got.some((m) => re.test(m)), `${re}\n${got.join('\n')}`);
  has(/^Achievement 1\.1: stored status "not_started", but the filesystem says complete \(APPROVED_11\.md\)/);
  has(/^Wave wave_1 says "complete", but 1 of its 2 achievements are done \(partially_complete\)/);
  has(/^Wave wave_1 claims 5 h, but its longest achievement takes 3 h/);
  has(/^Wave wave_2 claims parallelism 2, but its members depend on each other: 2\.1→1\.2/);
});

test('pathClaim reads lists, arrow strings and descriptive steps (table)', () => {
  const known = (id: string) => ['0.1', '0.2', '0.3', '1.1', '1.2', '1.10', '2.1'].includes(id);
  const cases: Array<[unknown, string[][] | undefined]> = [
    [['1.1', '1.2'], [['1.1'], ['1.2']]],
    ['1.1 → 1.2 -> 2.1', [['1.1'], ['1.2'], ['2.1']]],
    ['1.1, 1.10; 2.1', [['1.1'], ['1.10'], ['2.1']]],
    [['0.1 (3.5h)', '0.2 or 0.3 (2.5h max)', 'Wave 6 parallel (4.5h)'], [['0.1'], ['0.2', '0.3']]],
    // Hours are no ids, unknown ids are left out, and `1.1` is not read out of `1.10` or `11.1`.
    [['1.10 (2.5h)', '11.1', '9.9'], [['1.10']]],
    [['Wave 1', 42], undefined],
    ['', undefined],
    // Steps as objects, or the list under "path"; hours (in notes or with a unit) are no ids.
    [[{ achievement_id: '1.1', hours: 2 }, { id: '2.1' }, { title: 'no id' }], [['1.1'], ['2.1']]],
    [{ path: ['1.1', '1.2'] }, [['1.1'], ['1.2']]],
    [['1.1 (1.2h)', '2.1'], [['1.1'], ['2.1']]],
    ['1.2h, 2.1', [['2.1']]],
    ['1.2 hours → 2.1 (1.1 h)', [['2.1']]],
    [{ steps: ['1.1'] }, undefined],
    [undefined, undefined],
  ];
  for (const [input, want] of cases) assert.deepEqual(pathClaim(input, known), want, JSON.stringify(input));
});

test('W-PLAN-COVERAGE and W-SKIPPED-DEP carry a position (text prefix path:line:col, SARIF region)', () => {
  const spec = {
    plan_name: 'TEST-PLAN',
    achievements: [
      { achievement_id: '1.1', title: 'A', dependencies: [] },
      { achievement_id: '1.2', title: 'B', dependencies: ['1.1'] },
      { achievement_id: '9.9', title: 'Not in the PLAN', dependencies: [] },
    ],
  };
  // The PLAN defines 1.1, 1.2 and 2.1; 1.1 is skipped, so 1.2 is ready only because of that.
  const { root } = workspace('TEST-PLAN', ['1.1', '1.2', '2.1'], spec, { 'execution/SKIPPED_11.md': 'not needed' });
  const j = JSON.parse(cli(V, ['@TEST-PLAN', '--check-claims', '--format', 'json'], { cwd: root }).out) as { warnings: Array<{ code: string; message: string; line?: number; column?: number }> };
  const at = (code: string, re: RegExp) => {
    const w = j.warnings.find((x) => x.code === code && re.test(x.message));
    assert.ok(w, `${code} ${re}\n${JSON.stringify(j.warnings, null, 1)}`);
    return [w.line, w.column];
  };
  const text = JSON.stringify(spec, null, 2).split('\n');
  const lineOf = (needle: string) => text.findIndex((l) => l.includes(needle)) + 1;
  assert.equal(at('W-PLAN-COVERAGE', /The PLAN defines 2\.1/)[0], lineOf('"achievements"'));
  assert.equal(at('W-PLAN-COVERAGE', /parallel\.json lists 9\.9/)[0], lineOf('"9.9"') - 1, 'the object of 9.9 opens the line before its id');
  assert.equal(at('W-SKIPPED-DEP', /1\.2 counts as ready although a dependency was skipped \(1\.1\)/)[0], text.findIndex((l, k) => k > lineOf('"1.2"') - 1 && l.includes('"dependencies"')) + 1);
  const sarif = JSON.parse(cli(V, ['@TEST-PLAN', '--check-claims', '--format', 'sarif'], { cwd: root }).out);
  for (const r of sarif.runs[0].results) assert.ok(r.locations[0].physicalLocation.region.startLine >= 1, r.ruleId);
});

test('parseClaim reads hours with minutes, minutes alone, negative figures and unit-sharing ranges (table)', () => {
  const r = (min: number, max = min) => ({ min, max });
  const cases: Array<[unknown, { min: number; max: number } | undefined]> = [
    [68.5, r(68.5)],
    ['68.5h', r(68.5)],
    ['21-31 hours', r(21, 31)],
    ['2 hours 30 minutes', r(2.5)],
    ['2h30m', r(2.5)],
    ['2 h and 30 min', r(2.5)],
    ['90 min', r(1.5)],
    ['30-45 minutes', r(0.5, 0.75)],
    ['1h - 90 min', r(1, 1.5)],
    ['-2h', r(-2)],
    ['−1.5 hours', r(-1.5)],
    ['~4h (the critical chain)', r(4)],
    ['45-55%', r(45, 55)],
    ['2   \t hours', r(2)],
    ['2 and 3 minutes', undefined],
    ['2 min 30 min', undefined],
    ['about a day', undefined],
    ['2 days', undefined],
    ['', undefined],
    [null, undefined],
    [`2${' '.repeat(5000)}x`, undefined],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseClaim(input), want, JSON.stringify(input).slice(0, 40));
});

test('figures in minutes and negative savings are checked like any other', () => {
  const said = (v: Record<string, unknown>) => claims({ critical_path_analysis: v }).map((m) => m.replace(/, but.*/, ''));
  assert.deepEqual(said({ sequential_time: '6 hours 0 minutes', parallel_time: '240 min', time_savings: '120 minutes' }), []);
  assert.deepEqual(said({ sequential_time: '5 hours 30 minutes' }), ['sequential_time claims 5.5 h']);
  assert.deepEqual(said({ time_savings: '-2h' }), ['time_savings claims -2 h']);
});

test('a stated figure --check-claims cannot read is an I-CLAIMS-UNREAD note naming its key, never silence', () => {
  const spec = {
    plan_name: 'TEST-PLAN',
    achievements: [
      { achievement_id: '1.1', title: 'A', dependencies: [], estimated_hours: 2 },
      { achievement_id: '1.2', title: 'B', dependencies: [], estimated_hours: 3 },
      { achievement_id: '2.1', title: 'C', dependencies: ['1.1', '1.2'], estimated_hours: 1 },
    ],
    critical_path_analysis: { sequential_time: 'about a day', parallel_time: 4, time_savings: 'a lot', efficiency_gain: '' },
    parallel_execution_waves: { wave_1: { achievements: ['1.1', '1.2'], estimated_hours: 'soon' } },
  };
  const { root } = workspace('TEST-PLAN', IDS, spec);
  const r = cli(V, ['@TEST-PLAN', '--check-claims', '--format', 'json'], { cwd: root });
  assert.equal(r.code, 0, r.out + r.err);
  const out = JSON.parse(r.out) as { infos: Array<{ code: string; message: string; pointer: string; line?: number }> };
  const unread = out.infos.filter((d) => d.code === 'I-CLAIMS-UNREAD');
  assert.deepEqual(unread.map((d) => d.pointer).sort(), ['/critical_path_analysis/sequential_time', '/critical_path_analysis/time_savings', '/parallel_execution_waves/wave_1/estimated_hours']);
  assert.ok(unread.every((d) => (d.line ?? 0) > 0 && / is no figure --check-claims can read: not checked$/.test(d.message)), JSON.stringify(unread));
  assert.match(unread.find((d) => d.pointer.endsWith('sequential_time'))?.message ?? '', /^sequential_time "about a day" is no figure/);
  // Without --check-claims, nothing is said about claims.
  const plain = JSON.parse(cli(V, ['@TEST-PLAN', '--format', 'json'], { cwd: root }).out) as { infos: Array<{ code: string }> };
  assert.ok(!plain.infos.some((d) => d.code === 'I-CLAIMS-UNREAD'));
});
