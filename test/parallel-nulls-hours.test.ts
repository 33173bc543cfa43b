/**
 * Three loader/schema rules (parallel.md §1.5, §2.5), table-driven:
 *   - `null` means "absent" for every optional field (top level, levels[] entries, achievements); required fields
 *     stay errors when null;
 *   - one diagnostic per bad value: a wrong type gives E-TYPE only (not E-TYPE and E-ENUM), a right-typed value
 *     outside the enum gives E-ENUM only, and distinct errors at one pointer (two missing fields) are all kept;
 *   - hour values are bounded (MAX_HOURS per achievement), so that no sum over a plan becomes Infinity or NaN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_HOURS, type ParallelDiagnostic } from '../scripts/lib/parallel/model.ts';
import { cli, codes, errors, load, REPO, workspace } from './parallel-helpers.ts';

const SCHEMA = JSON.parse(readFileSync(join(REPO, 'schemas/parallel.schema.json'), 'utf8'));
const PLAN = 'TEST-PLAN';
const ach = (extra: Record<string, unknown> = {}) => ({ achievement_id: '1.1', title: 'a', dependencies: [], ...extra });
const base = (extra: Record<string, unknown> = {}, achExtra: Record<string, unknown> = {}) => ({ plan_name: PLAN, achievements: [ach(achExtra)], ...extra });
const show = (ds: ParallelDiagnostic[]) => ds.map((d) => `${d.code} ${d.pointer} ${d.message}`).join('\n');
const optional = (def: { properties: Record<string, unknown>; required?: string[] }) => Object.keys(def.properties).filter((k) => !(def.required ?? []).includes(k));

// ---------------------------------------------------------------------------------------------------------------
// null = absent

/** Every optional field the schema lists, plus the legacy names the reader accepts; each set to null alone. */
const nullCases: Array<{ name: string; input: unknown }> = [
  ...optional(SCHEMA).map((k) => ({ name: `top-level ${k}`, input: base({ [k]: null }) })),
  ...['parallelization_level', 'version', 'created', 'analysis_notes'].map((k) => ({ name: `top-level legacy ${k}`, input: base({ [k]: null }) })),
  { name: 'a validation_rules entry', input: base({ validation_rules: { before_level_1: null } }) },
  ...optional(SCHEMA.definitions.level).map((k) => ({ name: `levels[] ${k}`, input: base({ levels: [{ level: 1, achievements: ['1.1'], [k]: null }] }) })),
  ...optional(SCHEMA.definitions.achievement)
    .filter((k) => k !== 'title') // a missing title is a warning (W-TITLE); see below
    .map((k) => ({ name: `achievement ${k}`, input: base({}, { [k]: null }) })),
];

for (const c of nullCases) {
  test(`null is absent: ${c.name}: no error, no warning`, () => {
    const pf = load(c.input);
    assert.deepEqual(show(pf.diagnostics.filter((d) => d.severity !== 'info')), '');
  });
}

test('the null cases cover every optional field of the schema (so a new field is checked too)', () => {
  const names = new Set(nullCases.map((c) => c.name));
  for (const k of ['scope', 'schema_version', 'levels', 'created_date', 'max_parallelism', 'notes', 'execution_instructions', 'validation_rules']) assert.ok(names.has(`top-level ${k}`), k);
  for (const k of ['can_parallelize', 'max_parallelism', 'reason', 'description']) assert.ok(names.has(`levels[] ${k}`), k);
  for (const k of ['status', 'estimated_hours', 'actual_hours', 'optional_dependencies', 'priority', 'executor']) assert.ok(names.has(`achievement ${k}`), k);
});

const defaults: Array<{ name: string; input: unknown; check: (pf: ReturnType<typeof load>) => void }> = [
  {
    name: 'QA report: scope null → scope "plan", said in an I-DEFAULT at /scope, exit-0 material',
    input: { plan_name: 'T', scope: null, achievements: [{ achievement_id: '1.1', title: 'a', dependencies: [] }] },
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.equal(pf.scope, 'plan');
      assert.equal(pf.normalized?.doc.scope, 'plan');
      const i = pf.diagnostics.find((d) => d.code === 'I-DEFAULT' && d.pointer === '/scope');
      assert.match(i?.message ?? '', /scope is null.*"plan"/);
    },
  },
  {
    name: 'parallelization_level null → scope "plan"; the null legacy key is not written back',
    input: base({ parallelization_level: null }),
    check: (pf) => {
      assert.equal(pf.normalized?.doc.scope, 'plan');
      assert.ok(!('parallelization_level' in (pf.normalized?.doc ?? {})));
      assert.ok(pf.diagnostics.some((d) => d.code === 'I-DEFAULT' && d.pointer === '/parallelization_level'));
    },
  },
  {
    name: 'schema_version null → "2.0"',
    input: base({ schema_version: null }),
    check: (pf) => {
      assert.equal(pf.normalized?.doc.schema_version, '2.0');
      assert.ok(pf.diagnostics.some((d) => d.code === 'I-DEFAULT' && d.pointer === '/schema_version'));
    },
  },
  {
    name: 'a null canonical key gives way to its legacy key: scope null + level_2, plan_name null + plan, title null + name',
    input: { plan_name: null, plan: PLAN, scope: null, parallelization_level: 'level_2', notes: null, analysis_notes: 'n', achievements: [{ achievement_id: '1.1', title: null, name: 'T', dependencies: [] }] },
    check: (pf) => {
      assert.deepEqual(show(pf.diagnostics.filter((d) => d.severity !== 'info')), '');
      assert.equal(pf.scope, 'priority');
      assert.equal(pf.planName, PLAN);
      assert.equal(pf.achievements[0]?.title, 'T');
      assert.equal(pf.normalized?.doc.notes, 'n');
    },
  },
  {
    name: 'a null legacy key beside its canonical one is no conflict (no W-ALIAS-CONFLICT)',
    input: { plan_name: PLAN, plan: null, scope: 'achievement', parallelization_level: null, achievements: [{ achievement_id: '1.1', id: null, title: 'a', name: null, dependencies: [] }] },
    check: (pf) => {
      assert.deepEqual(show(pf.diagnostics.filter((d) => d.severity !== 'info')), '');
      assert.equal(pf.scope, 'achievement');
      assert.deepEqual(Object.keys(pf.normalized?.doc.achievements ? (pf.normalized.doc.achievements as object[])[0] ?? {} : {}), ['achievement_id', 'title', 'dependencies']);
    },
  },
  {
    name: 'achievements null beside a seed levels[]: built from the levels',
    input: { plan: PLAN, achievements: null, levels: [{ level: 1, achievements: [{ id: '1.1', title: 'a', dependencies: [] }] }] },
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.deepEqual(
        pf.achievements.map((a) => a.id),
        ['1.1'],
      );
    },
  },
  {
    name: 'dependencies null is read like a missing one: a warning, [] (lenient)',
    input: base({}, { dependencies: null }),
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      const w = pf.diagnostics.find((d) => d.code === 'E-REQUIRED');
      assert.equal(w?.severity, 'warning');
      assert.equal(w?.pointer, '/achievements/0/dependencies');
      assert.match(w?.message ?? '', /'dependencies' is null; read as \[\]/);
    },
  },
  {
    name: 'every optional field null at once: valid, null kept where the schema allows it',
    input: {
      plan_name: PLAN,
      ...Object.fromEntries(optional(SCHEMA).map((k) => [k, null])),
      achievements: [{ achievement_id: '1.1', title: 'a', dependencies: [], ...Object.fromEntries(optional(SCHEMA.definitions.achievement).filter((k) => k !== 'title').map((k) => [k, null])) }],
    },
    check: (pf) => {
      assert.deepEqual(show(pf.diagnostics.filter((d) => d.severity !== 'info')), '');
      assert.equal(pf.normalized?.doc.levels, null);
      assert.equal(pf.normalized?.doc.created_date, null);
      assert.equal((pf.normalized?.doc.achievements as Array<Record<string, unknown>>)[0]?.actual_hours, null);
    },
  },
];

for (const c of defaults) test(`null is absent: ${c.name}`, () => c.check(load(c.input)));

const requiredNull: Array<{ name: string; input: unknown; strict?: boolean; code: string; pointer: string }> = [
  { name: 'plan_name', input: { plan_name: null, achievements: [ach()] }, code: 'E-TYPE', pointer: '/plan_name' },
  { name: 'plan (legacy plan_name) alone', input: { plan: null, achievements: [ach()] }, code: 'E-TYPE', pointer: '/plan' },
  { name: 'achievements', input: { plan_name: PLAN, achievements: null }, code: 'E-TYPE', pointer: '/achievements' },
  { name: 'achievement_id', input: { plan_name: PLAN, achievements: [{ achievement_id: null, dependencies: [] }] }, code: 'E-ID-FORMAT', pointer: '/achievements/0/achievement_id' },
  { name: 'levels[].level', input: base({ levels: [{ level: null, achievements: ['1.1'] }] }), code: 'E-TYPE', pointer: '/levels/0/level' },
  { name: 'levels[].achievements', input: base({ levels: [{ level: 1, achievements: null }] }), code: 'E-TYPE', pointer: '/levels/0/achievements' },
  { name: 'dependencies with --strict', input: base({}, { dependencies: null }), strict: true, code: 'E-REQUIRED', pointer: '/achievements/0/dependencies' },
];

for (const c of requiredNull) {
  test(`a required field stays an error when null: ${c.name}`, () => {
    const pf = load(c.input, { strict: c.strict === true });
    assert.deepEqual(
      errors(pf).map((d) => [d.code, d.pointer]),
      [[c.code, c.pointer]],
    );
  });
}

// ---------------------------------------------------------------------------------------------------------------
// One diagnostic per bad value

const oneEach: Array<{ name: string; input: unknown; expect: Array<[string, string]>; hint?: RegExp }> = [
  { name: 'scope 5', input: base({ scope: 5 }), expect: [['E-TYPE', '/scope']], hint: /"achievement", "priority", "plan"/ },
  { name: 'scope true', input: base({ scope: true }), expect: [['E-TYPE', '/scope']] },
  { name: 'scope "nope" (right type, not allowed)', input: base({ scope: 'nope' }), expect: [['E-ENUM', '/scope']] },
  { name: 'parallelization_level 7', input: base({ parallelization_level: 7 }), expect: [['E-TYPE', '/parallelization_level']], hint: /level_1/ },
  { name: 'schema_version 2 (a number)', input: base({ schema_version: 2 }), expect: [['E-TYPE', '/schema_version']], hint: /"2\.0"/ },
  { name: 'schema_version "3"', input: base({ schema_version: '3' }), expect: [['E-ENUM', '/schema_version']] },
  { name: 'status 5', input: base({}, { status: 5 }), expect: [['E-TYPE', '/achievements/0/status']], hint: /derived from the filesystem/ },
  { name: 'status ["x"]', input: base({}, { status: ['x'] }), expect: [['E-TYPE', '/achievements/0/status']] },
  { name: 'status "done"', input: base({}, { status: 'done' }), expect: [['E-ENUM', '/achievements/0/status']] },
  {
    name: 'scope 5 and status 5 together: two errors, one per value',
    input: { plan_name: 'T', scope: 5, achievements: [ach({ status: 5 })] },
    expect: [
      ['E-TYPE', '/scope'],
      ['E-TYPE', '/achievements/0/status'],
    ],
  },
  {
    name: 'an empty object: both missing required fields are reported (same pointer, distinct errors)',
    input: {},
    expect: [
      ['E-REQUIRED', ''],
      ['E-REQUIRED', ''],
    ],
  },
  {
    name: 'a level without level and achievements: both reported',
    input: base({ levels: [{}] }),
    expect: [
      ['E-REQUIRED', '/levels/0'],
      ['E-REQUIRED', '/levels/0'],
    ],
  },
];

for (const c of oneEach) {
  test(`one diagnostic per bad value: ${c.name}`, () => {
    const es = errors(load(c.input));
    assert.deepEqual(
      es.map((d) => [d.code, d.pointer]),
      c.expect,
      show(es),
    );
    if (c.hint) assert.match(es[0]?.hint ?? '', c.hint);
    if (c.expect.length === 2 && c.expect[0]?.[0] === 'E-REQUIRED') assert.notEqual(es[0]?.message, es[1]?.message);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Hours bound

test('MAX_HOURS is the schema maximum of estimated_hours and actual_hours', () => {
  assert.equal(SCHEMA.definitions.achievement.properties.estimated_hours.maximum, MAX_HOURS);
  assert.equal(SCHEMA.definitions.achievement.properties.actual_hours.maximum, MAX_HOURS);
  assert.equal(MAX_HOURS, 100_000);
});

/** Raw JSON text (1e309 does not survive JSON.stringify). */
const hoursDoc = (values: string[], field = 'estimated_hours') =>
  `{"plan_name": "${PLAN}", "achievements": [${values.map((v, k) => `{"achievement_id": "1.${k + 1}", "title": "t", "dependencies": [], "${field}": ${v}}`).join(', ')}]}`;

const tooLarge: Array<{ name: string; values: string[]; field?: string }> = [
  { name: 'QA report: 1e308 twice', values: ['1e308', '1e308'] },
  { name: '1e309 (Infinity once parsed)', values: ['1e309'] },
  { name: 'just past the bound', values: ['100000.5'] },
  { name: 'canonical range string past the bound', values: ['"99999999999-999999999999"'] },
  { name: 'range with 400 digits (Infinity as a number)', values: [`"1-${'9'.repeat(400)}"`] },
  { name: 'written as text with a unit', values: ['"200000 hours"', '"150000-200000 h"'] },
  { name: 'actual_hours', values: ['1e6'], field: 'actual_hours' },
];

for (const c of tooLarge) {
  test(`hours past ${MAX_HOURS}: ${c.name}: one E-HOURS per achievement naming it and the bound`, () => {
    const pf = load(hoursDoc(c.values, c.field));
    const es = errors(pf);
    assert.deepEqual(
      es.map((d) => [d.code, d.achievementId]),
      c.values.map((_, k) => ['E-HOURS', `1.${k + 1}`]),
      show(es),
    );
    for (const d of es) {
      assert.match(d.message, /^Achievement 1\.\d+: /);
      assert.match(d.message, /100,000 hours/);
      assert.match(d.hint ?? '', /at most 100,000 hours/);
      assert.equal(d.pointer, `/achievements/${Number(d.achievementId?.split('.')[1]) - 1}/${c.field ?? 'estimated_hours'}`);
    }
    // Out of the times: no achievement carries a huge or infinite estimate.
    for (const a of pf.achievements) assert.equal(a.hours, undefined);
  });
}

const hoursOk: Array<{ name: string; value: string; hours: { min: number; max: number } }> = [
  { name: 'exactly the bound', value: '100000', hours: { min: 100_000, max: 100_000 } },
  { name: 'a range up to the bound', value: '"99999-100000"', hours: { min: 99_999, max: 100_000 } },
  { name: 'the bound as text', value: '"100000 hours"', hours: { min: 100_000, max: 100_000 } },
];

for (const c of hoursOk) {
  test(`hours within the bound: ${c.name}`, () => {
    const pf = load(hoursDoc([c.value]));
    assert.deepEqual(errors(pf), []);
    assert.deepEqual(pf.achievements[0]?.hours, c.hours);
  });
}

const hoursOther: Array<{ name: string; value: string; message: RegExp }> = [
  { name: '"1e308" (the parser reads no exponents)', value: '"1e308"', message: /"1e308" is not an hour estimate/ },
  { name: '-1e999 (-Infinity once parsed)', value: '-1e999', message: /must not be negative/ },
  { name: '"6-4 hours" (backwards, not canonical)', value: '"6-4 hours"', message: /runs backwards/ },
];

for (const c of hoursOther) {
  test(`hours: ${c.name}: one E-HOURS`, () => {
    const es = errors(load(hoursDoc([c.value])));
    assert.deepEqual(codes(es), ['E-HOURS'], show(es));
    assert.match(es[0]?.message ?? '', c.message);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Through the scripts

test('scripts: the null-valued file validates (exit 0) and get_parallel_status shows it (exit 0)', () => {
  const nulls = { plan_name: PLAN, scope: null, parallelization_level: null, schema_version: null, levels: null, achievements: [ach({ status: null, estimated_hours: null }), { achievement_id: '1.2', title: 'b', dependencies: ['1.1'], max_parallelism: null }] };
  const { root } = workspace(PLAN, ['1.1', '1.2'], nulls);
  const v = cli('validation/validate_parallel_json', ['@TEST-PLAN'], { cwd: root });
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /Validation passed/);
  const s = cli('workflow/get_parallel_status', ['@TEST-PLAN', '--format', 'json'], { cwd: root });
  assert.equal(s.code, 0, s.out + s.err);
  assert.match(s.out, /"1\.2"/);
});

test('scripts: analyze_dependencies refuses 1e308-hour estimates (exit 1, E-HOURS) instead of printing Infinity/NaN', () => {
  // Raw text: 1e308 is kept as written.
  const { root } = workspace(PLAN, ['1.1', '1.2'], hoursDoc(['1e308', '1e308']));
  for (const args of [['@TEST-PLAN'], ['@TEST-PLAN', '--format', 'json']]) {
    const r = cli('workflow/analyze_dependencies', args, { cwd: root });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /E-HOURS/);
    assert.doesNotMatch(r.out + r.err, /Infinity|NaN/);
  }
});
