/**
 * Acceptance cases of parallel.md §7.1 (validator and schema), including the rebuild's "New" rows R1–R8, run
 * through the library the scripts use. Table-driven: each row is an input and what must (and must not) be found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ID_PATTERN } from '../scripts/lib/ids.ts';
import { loadParallelFile } from '../scripts/lib/parallel/load.ts';
import type { ParallelDiagnostic } from '../scripts/lib/parallel/model.ts';
import { cli, codes, doc, errors, load, REPO, workspace } from './parallel-helpers.ts';

const SCHEMA_CODES = new Set(['E-REQUIRED', 'E-TYPE', 'E-ENUM', 'E-ID-FORMAT', 'E-DEP-FORMAT', 'E-RANGE', 'E-SCHEMA']);

interface Row {
  name: string;
  input: unknown;
  strict?: boolean;
  check: (pf: ReturnType<typeof load>) => void;
}

const mentions = (ds: ParallelDiagnostic[], ...words: string[]) =>
  ds.some((d) => words.every((w) => `${d.message} ${d.hint ?? ''}`.toLowerCase().includes(w.toLowerCase())));

const cycleSets = (pf: ReturnType<typeof load>) => pf.cycles.cycles.map((c) => new Set(c.ids));

const rows: Row[] = [
  // V1–V3: minimal valid docs per legacy level; the schema alone tolerates an unknown dependency (V2).
  {
    name: 'V1 level_1 minimal',
    input: { plan_name: 'P', parallelization_level: 'level_1', achievements: [{ achievement_id: '1.1', dependencies: [] }] },
    check: (pf) => assert.deepEqual(codes(pf.diagnostics).filter((c) => SCHEMA_CODES.has(c)), []),
  },
  {
    name: 'V2 level_2 with unresolved dependency: no schema error, E-UNKNOWN-DEP only',
    input: { plan_name: 'P', parallelization_level: 'level_2', achievements: [{ achievement_id: '2.1', dependencies: ['2.2'] }] },
    check: (pf) => {
      assert.deepEqual(codes(pf.diagnostics).filter((c) => SCHEMA_CODES.has(c)), []);
      assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-UNKNOWN-DEP']);
    },
  },
  {
    name: 'V3 level_3 minimal',
    input: { plan_name: 'P', parallelization_level: 'level_3', achievements: [{ achievement_id: '3.1', dependencies: [] }] },
    check: (pf) => assert.deepEqual(errors(pf), []),
  },
  {
    name: 'V4 no plan_name',
    input: { parallelization_level: 'level_3', achievements: [] },
    check: (pf) => assert.ok(errors(pf).some((d) => d.code === 'E-REQUIRED' && d.message.includes("'plan_name'"))),
  },
  {
    name: 'V5 no parallelization_level: scope defaults to plan (parallel.md §1.5), said in an info',
    input: { plan_name: 'P', achievements: [{ achievement_id: '1.1', dependencies: [] }] },
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.equal(pf.scope, 'plan');
      assert.ok(pf.diagnostics.some((d) => d.severity === 'info' && d.message.includes('parallelization_level')));
    },
  },
  {
    name: 'V6 no achievements',
    input: { plan_name: 'P', parallelization_level: 'level_3' },
    check: (pf) => assert.ok(errors(pf).some((d) => d.code === 'E-REQUIRED' && d.message.includes("'achievements'"))),
  },
  {
    name: 'V7 parallelization_level invalid',
    input: { plan_name: 'P', parallelization_level: 'invalid', achievements: [] },
    check: (pf) => {
      const e = errors(pf).find((d) => d.code === 'E-ENUM');
      assert.ok(e);
      assert.match(e.message, /parallelization_level/);
      assert.match(e.message, /"invalid"/);
      assert.equal(e.pointer, '/parallelization_level');
    },
  },
  {
    name: 'V8 achievements not an array',
    input: { plan_name: 'P', achievements: 'not an array' },
    check: (pf) => assert.ok(mentions(errors(pf), 'achievements', 'array')),
  },
  {
    name: 'V9 achievement without id',
    input: { plan_name: 'P', achievements: [{ dependencies: [] }] },
    check: (pf) => assert.ok(errors(pf).some((d) => d.code === 'E-REQUIRED' && d.message.includes('achievement_id'))),
  },
  {
    name: 'V10 id "invalid"',
    input: { plan_name: 'P', achievements: [{ achievement_id: 'invalid', dependencies: [] }] },
    check: (pf) => {
      assert.ok(mentions(errors(pf), 'achievement_id', 'format'));
      assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-ID-FORMAT']);
    },
  },
  {
    name: 'V11 no dependencies (lenient: warning, read as [])',
    input: { plan_name: 'P', achievements: [{ achievement_id: '1.1' }] },
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.ok(pf.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('dependencies')));
    },
  },
  {
    name: 'V11 no dependencies (strict: error)',
    input: { plan_name: 'P', achievements: [{ achievement_id: '1.1' }] },
    strict: true,
    check: (pf) => assert.ok(errors(pf).some((d) => d.code === 'E-REQUIRED' && d.message.includes('dependencies'))),
  },
  {
    name: 'V12 dependencies "not an array": exactly one error, E-TYPE (never split into characters)',
    input: { plan_name: 'P', achievements: [{ achievement_id: '1.1', dependencies: '1.1' }] },
    check: (pf) => {
      const es = errors(pf);
      assert.equal(es.length, 1);
      assert.equal(es[0]?.code, 'E-TYPE');
      assert.ok(mentions(es, 'dependencies', 'array'));
    },
  },
  {
    name: 'V13 dependency "invalid"',
    input: { plan_name: 'P', achievements: [{ achievement_id: '1.1', dependencies: ['invalid'] }] },
    check: (pf) => {
      assert.ok(mentions(errors(pf), 'dependency', 'format'));
      assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-DEP-FORMAT']);
    },
  },
  {
    name: 'V14 status invalid_status',
    input: { plan_name: 'P', achievements: [{ achievement_id: '1.1', dependencies: [], status: 'invalid_status' }] },
    check: (pf) => {
      const e = errors(pf).find((d) => d.code === 'E-ENUM');
      assert.ok(e && e.message.includes('status') && e.message.includes('invalid_status'));
    },
  },
  // C1–C5 cycles
  {
    name: 'C1 no dependencies / chain / two chains: no cycle',
    input: doc('P', [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }, { id: '1.3', deps: ['1.2'] }, { id: '2.1' }, { id: '2.2', deps: ['2.1'] }]),
    check: (pf) => {
      assert.deepEqual(pf.cycles, { cycles: [], acyclic: true });
      assert.deepEqual(errors(pf), []);
    },
  },
  {
    name: 'C2 1.1 ↔ 1.2',
    input: doc('P', [{ id: '1.1', deps: ['1.2'] }, { id: '1.2', deps: ['1.1'] }]),
    check: (pf) => {
      assert.ok(cycleSets(pf).some((s) => s.has('1.1') && s.has('1.2')));
      assert.equal(codes(pf.diagnostics).filter((c) => c === 'E-CYCLE').length, 1, 'each cycle once');
      const e = errors(pf).find((d) => d.code === 'E-CYCLE');
      assert.equal(e?.message, 'Circular dependency detected: 1.1 → 1.2 → 1.1');
      assert.match(e?.hint ?? '', /Remove "1\.1" from the dependencies of 1\.2/);
    },
  },
  {
    name: 'C3 1.1 → 1.2 → 1.3 → 1.1',
    input: doc('P', [{ id: '1.1', deps: ['1.2'] }, { id: '1.2', deps: ['1.3'] }, { id: '1.3', deps: ['1.1'] }]),
    check: (pf) => assert.ok(cycleSets(pf).some((s) => s.has('1.1') && s.has('1.2') && s.has('1.3'))),
  },
  {
    name: 'C4 self-dependency: a cycle containing 1.1 (E-CYCLE), also E-SELF-DEP',
    input: doc('P', [{ id: '1.1', deps: ['1.1'] }]),
    check: (pf) => {
      assert.deepEqual(pf.cycles.cycles[0]?.ids, ['1.1', '1.1']);
      assert.equal(pf.cycles.acyclic, false);
      assert.deepEqual(codes(pf.diagnostics, 'error').sort(), ['E-CYCLE', 'E-SELF-DEP']);
    },
  },
  {
    name: 'C5 chain plus 2.1 ↔ 2.2: the cycle holds 2.1 and 2.2 only',
    input: doc('P', [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }, { id: '2.1', deps: ['2.2'] }, { id: '2.2', deps: ['2.1'] }]),
    check: (pf) => {
      assert.equal(pf.cycles.cycles.length, 1);
      assert.deepEqual([...new Set(pf.cycles.cycles[0]?.ids)].sort(), ['2.1', '2.2']);
    },
  },
  {
    name: '1.1↔1.2 and 1.2↔1.3: two cycles, each once',
    input: doc('P', [{ id: '1.1', deps: ['1.2'] }, { id: '1.2', deps: ['1.1', '1.3'] }, { id: '1.3', deps: ['1.2'] }]),
    check: (pf) => assert.deepEqual(pf.cycles.cycles.map((c) => c.ids.join(' ')).sort(), ['1.1 1.2 1.1', '1.2 1.3 1.2']),
  },
  // D1–D3 references
  { name: 'D1 all dependencies exist', input: doc('P', [{ id: '1.1' }, { id: '1.2', deps: ['1.1'] }]), check: (pf) => assert.deepEqual(errors(pf), []) },
  {
    name: 'D2 unknown dependency 2.1',
    input: doc('P', [{ id: '1.1', deps: ['2.1'] }]),
    check: (pf) => {
      const e = errors(pf);
      assert.equal(e.length, 1);
      assert.match(e[0]?.message ?? '', /2\.1/);
      assert.match(e[0]?.message ?? '', /not found/);
    },
  },
  {
    name: 'D3 three unknown dependencies: exactly three errors',
    input: doc('P', [{ id: '1.1', deps: ['2.1', '2.2', '2.3'] }]),
    check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-UNKNOWN-DEP', 'E-UNKNOWN-DEP', 'E-UNKNOWN-DEP']),
  },
  // F1, F3, F4 (F2 below: a missing file)
  { name: 'F1 valid file', input: doc('P', [{ id: '1.1', hours: 2 }]), check: (pf) => assert.deepEqual(errors(pf), []) },
  {
    name: 'F3 "{invalid json": E-JSON with line and column',
    input: '{invalid json',
    check: (pf) => {
      const e = errors(pf);
      assert.equal(e.length, 1);
      assert.equal(e[0]?.code, 'E-JSON');
      assert.match(e[0]?.message ?? '', /JSON.*line 1, column 2/);
      assert.deepEqual([e[0]?.line, e[0]?.column], [1, 2]);
    },
  },
  {
    name: 'F4 file with 1.1 ↔ 1.2: invalid, cycles listed, an error says circular',
    input: doc('P', [{ id: '1.1', deps: ['1.2'] }, { id: '1.2', deps: ['1.1'] }]),
    check: (pf) => {
      assert.ok(pf.cycles.cycles.length > 0);
      assert.ok(errors(pf).some((d) => /circular/i.test(d.message)));
    },
  },
  // New rows R1–R8
  {
    name: 'R1 duplicate id: E-DUP-ID at the second, pointing to the first',
    input: doc('P', [{ id: '1.1' }, { id: '1.1' }]),
    check: (pf) => {
      const e = errors(pf).find((d) => d.code === 'E-DUP-ID');
      assert.ok(e);
      assert.equal(e.pointer, '/achievements/1/achievement_id');
      assert.equal(e.related?.[0]?.pointer, '/achievements/0/achievement_id');
      assert.ok((e.related?.[0]?.line ?? 0) < (e.line ?? 0));
    },
  },
  { name: 'R2 empty achievements (lenient: warning)', input: doc('P', []), check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'warning'), ['E-EMPTY']) },
  { name: 'R2 empty achievements (strict: error)', input: doc('P', []), strict: true, check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-EMPTY']) },
  {
    name: 'R3 top-level number 5: E-ROOT, no crash',
    input: '5',
    check: (pf) => {
      assert.deepEqual(codes(pf.diagnostics), ['E-ROOT']);
      assert.match(errors(pf)[0]?.message ?? '', /a number/);
    },
  },
  { name: 'R3 top-level array', input: '[]', check: (pf) => assert.deepEqual(codes(pf.diagnostics), ['E-ROOT']) },
  { name: 'R3 top-level string', input: '"x"', check: (pf) => assert.deepEqual(codes(pf.diagnostics), ['E-ROOT']) },
  {
    name: 'R4 1.10 and 11.0 collide in file names',
    input: doc('P', [{ id: '1.10' }, { id: '11.0' }]),
    check: (pf) => {
      const e = errors(pf).find((d) => d.code === 'E-ID-COLLISION');
      assert.ok(e && e.message.includes('110'));
    },
  },
  {
    name: 'R5 string hours "4-6" are valid',
    input: doc('P', [{ id: '1.1', hours: '4-6' }, { id: '1.2', hours: '2-3 hours' }, { id: '1.3', hours: '4h' }, { id: '1.4', hours: '4–6 h' }]),
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.deepEqual(
        pf.achievements.map((a) => a.hours),
        [
          { min: 4, max: 6 },
          { min: 2, max: 3 },
          { min: 4, max: 4 },
          { min: 4, max: 6 },
        ],
      );
      assert.ok(pf.diagnostics.some((d) => d.code === 'I-HOURS'));
    },
  },
  {
    name: 'R5 hours "abc": E-HOURS',
    input: doc('P', [{ id: '1.1', hours: 'abc' }]),
    check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-HOURS']),
  },
  {
    name: 'R5 hours "6-4" (backwards) and -1: E-HOURS',
    input: doc('P', [{ id: '1.1', hours: '6-4' }, { id: '1.2', hours: -1 }]),
    check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-HOURS', 'E-HOURS']),
  },
  {
    name: 'R6 seed shape (plan, version, levels[]): normalised, valid, declared levels kept',
    input: {
      plan: 'SEED',
      version: '1.0.0',
      created: '2025-11-14T10:00:00Z',
      levels: [
        { level: 1, can_parallelize: true, achievements: [{ id: '1.1', title: 'A', status: 'not_started' }, { id: '1.2', title: 'B', status: 'not_started' }] },
        { level: 2, achievements: [{ id: '2.1', title: 'C', status: 'not_started', dependencies: ['1.1', '1.2'], estimated_hours: '2-3 hours' }] },
      ],
    },
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.deepEqual(
        pf.achievements.map((a) => [a.id, a.declaredLevel]),
        [
          ['1.1', 1],
          ['1.2', 1],
          ['2.1', 2],
        ],
      );
      assert.equal(pf.planName, 'SEED');
      assert.equal(pf.diagnostics.find((d) => d.code === 'I-LEVELS')?.message, 'achievements built from levels[] (seed format): 3 achievements in 2 levels[] entries');
      assert.ok(!codes(pf.diagnostics).includes('W-LEVEL-MISMATCH'));
    },
  },
  {
    name: 'R7 README shape (plan, id, name): normalised, valid',
    input: { plan: 'README-PLAN', achievements: [{ id: '2.1', name: 'Thing', dependencies: [], estimated_hours: '3-4' }] },
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.equal(pf.achievements[0]?.title, 'Thing');
      assert.ok(pf.diagnostics.some((d) => d.code === 'I-ALIAS' && d.message.includes("'id'")));
    },
  },
  {
    name: 'R8 declared level inconsistent with the dependencies: W-LEVEL-MISMATCH',
    input: {
      plan_name: 'P',
      achievements: [
        { achievement_id: '1.1', title: 'a', dependencies: [] },
        { achievement_id: '1.2', title: 'b', dependencies: ['1.1'] },
        { achievement_id: '1.3', title: 'c', dependencies: [] },
      ],
      levels: [
        { level: 1, achievements: ['1.1', '1.2'] },
        { level: 3, achievements: ['1.3'] },
      ],
    },
    check: (pf) => {
      const ws = pf.diagnostics.filter((d) => d.code === 'W-LEVEL-MISMATCH');
      assert.deepEqual(
        ws.map((d) => d.achievementId),
        ['1.2', '1.3'],
      );
      assert.match(ws[0]?.message ?? '', /same level/);
    },
  },
  // Further §2.5 checks
  {
    name: 'JSON numbers as ids are rejected and quoted as written (1.10, not 1.1)',
    input: '{"plan_name": "P", "achievements": [{"achievement_id": 1.10, "dependencies": [2.0]}]}',
    check: (pf) => {
      const e = errors(pf);
      assert.deepEqual(codes(e), ['E-ID-FORMAT', 'E-DEP-FORMAT']);
      assert.match(e[0]?.message ?? '', /JSON number 1\.10/);
      assert.deepEqual([e[0]?.line, e[0]?.column], [1, 56]);
    },
  },
  {
    name: 'duplicate dependency: E-DUP-DEP warning',
    input: doc('P', [{ id: '1.1' }, { id: '1.2', deps: ['1.1', '1.1'] }]),
    check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'warning'), ['E-DUP-DEP']),
  },
  {
    name: 'duplicate JSON key: W-DUP-KEY at the second, last value wins',
    input: '{"plan_name": "A",\n "plan_name": "B", "achievements": []}',
    check: (pf) => {
      const w = pf.diagnostics.find((d) => d.code === 'W-DUP-KEY');
      assert.deepEqual([w?.line, w?.column, w?.related?.[0]?.line], [2, 2, 1]);
      assert.equal(pf.planName, 'B');
    },
  },
  {
    name: 'scope priority with cross-priority dependencies: W-SCOPE',
    input: { plan_name: 'P', parallelization_level: 'level_2', achievements: [{ achievement_id: '1.1', priority: 1, dependencies: [] }, { achievement_id: '2.1', priority: 2, dependencies: ['1.1'] }] },
    check: (pf) => assert.ok(pf.diagnostics.some((d) => d.code === 'W-SCOPE' && d.message.includes('2.1→1.1'))),
  },
  {
    name: 'stored blocks against the dependencies: W-BLOCKS names extra and missing ids',
    input: doc('P', [{ id: '1.1', blocks: ['1.3'] }, { id: '1.2', deps: ['1.1'] }, { id: '1.3' }]),
    check: (pf) => {
      const w = pf.diagnostics.find((d) => d.code === 'W-BLOCKS');
      assert.match(w?.message ?? '', /lists 1\.3.*misses 1\.2/);
      assert.equal(w?.pointer, '/achievements/0/blocks');
    },
  },
  {
    name: 'parallelizable_with ordered by the DAG or asymmetric: W-PARALLELIZABLE-WITH',
    input: doc('P', [{ id: '1.1', parallelizable_with: ['1.3', '1.2'] }, { id: '1.2', deps: ['1.1'] }, { id: '1.3', deps: ['1.2'], parallelizable_with: ['1.1'] }]),
    check: (pf) => {
      const w = pf.diagnostics.filter((d) => d.code === 'W-PARALLELIZABLE-WITH');
      assert.equal(w.length, 2);
      assert.match(w[0]?.message ?? '', /1\.3, 1\.2 are ordered with it/);
      assert.match(w[0]?.message ?? '', /1\.2 does not list it back/);
    },
  },
  {
    name: 'can_parallelize true with dependent members / false with independent ones',
    input: {
      plan_name: 'P',
      achievements: [
        { achievement_id: '1.1', title: 'a', dependencies: [] },
        { achievement_id: '1.2', title: 'b', dependencies: [] },
        { achievement_id: '2.1', title: 'c', dependencies: ['1.1'] },
        { achievement_id: '3.1', title: 'd', dependencies: ['2.1'] },
      ],
      levels: [
        { level: 1, can_parallelize: false, achievements: ['1.1', '1.2'] },
        { level: 2, can_parallelize: true, achievements: ['2.1'] },
      ],
    },
    check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'warning'), ['W-CAN-PARALLELIZE']),
  },
  {
    name: 'one level number declared twice: W-LEVEL-DUP at the second, naming the cap that holds for both',
    input: {
      plan_name: 'P',
      achievements: [
        { achievement_id: '1.1', title: 'a', dependencies: [] },
        { achievement_id: '1.2', title: 'b', dependencies: [] },
        { achievement_id: '1.3', title: 'c', dependencies: [] },
      ],
      levels: [
        { level: 1, max_parallelism: 1, achievements: ['1.1', '1.2'] },
        { level: 1, achievements: ['1.3'] },
      ],
    },
    check: (pf) => {
      const dup = pf.diagnostics.filter((d) => d.code === 'W-LEVEL-DUP');
      assert.equal(dup.length, 1);
      assert.equal(dup[0]?.message, 'Level 1 is declared twice (levels[0] and levels[1]); their 3 achievements count as one level, held to max_parallelism 1');
      assert.equal(dup[0]?.pointer, '/levels/1/level');
      assert.equal(dup[0]?.related?.[0]?.pointer, '/levels/0/level');
    },
  },
  {
    name: 'optional dependency against the hard chain: W-OPTIONAL-CYCLE; unknown optional: E-UNKNOWN-DEP',
    input: doc('P', [{ id: '1.1', optional_dependencies: ['1.2', '9.9'] }, { id: '1.2', deps: ['1.1'] }]),
    check: (pf) => {
      assert.deepEqual(codes(pf.diagnostics, 'error'), ['E-UNKNOWN-DEP']);
      assert.ok(codes(pf.diagnostics, 'warning').includes('W-OPTIONAL-CYCLE'));
    },
  },
  {
    name: 'stored status: info by default, warning per achievement with --strict',
    input: doc('P', [{ id: '1.1', status: 'complete' }, { id: '1.2', status: 'not_started' }]),
    strict: true,
    check: (pf) => assert.deepEqual(codes(pf.diagnostics, 'warning'), ['W-STATUS-PERSISTED', 'W-STATUS-PERSISTED']),
  },
  {
    name: 'completed_at before started_at: W-TIMES; null optionals accepted',
    input: doc('P', [{ id: '1.1', started_at: '2025-11-14T10:00:00Z', completed_at: '2025-11-13T10:00:00Z', actual_hours: null, executor: null, notes: null }]),
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.deepEqual(codes(pf.diagnostics, 'warning'), ['W-TIMES']);
    },
  },
  {
    name: '"__proto__" keys are plain data',
    input: '{"plan_name": "P", "__proto__": {"polluted": true}, "achievements": [{"achievement_id": "1.1", "dependencies": [], "__proto__": {"x": 1}}]}',
    check: (pf) => {
      assert.deepEqual(errors(pf), []);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.getPrototypeOf(pf.normalized?.doc), Object.prototype);
    },
  },
];

for (const row of rows) {
  test(`§7.1 ${row.name}`, () => {
    const pf = load(row.input, { strict: row.strict === true });
    for (const d of pf.diagnostics) {
      assert.ok(d.code && d.severity && d.message, 'every diagnostic has code, severity and message');
      assert.equal(typeof d.line, 'number', `${d.code} has a line`);
      assert.equal(typeof d.column, 'number', `${d.code} has a column`);
      assert.equal(typeof d.pointer, 'string', `${d.code} has a pointer`);
    }
    row.check(pf);
  });
}

test('§7.1 F2 a missing file is invalid with "not found"', () => {
  const pf = loadParallelFile('/nonexistent/dir/parallel.json');
  assert.deepEqual(codes(pf.diagnostics), ['E-FILE']);
  assert.match(pf.diagnostics[0]?.message ?? '', /not found/);
});

test('positions: each diagnostic points at the offending value in the file as written (aliases included)', () => {
  const text = ['{', '  "plan": "P",', '  "achievements": [', '    {"id": "1.1", "dependencies": ["9.9"]},', '    {"id": "bad", "dependencies": []}', '  ]', '}'].join('\n');
  const pf = load(text);
  const unknown = pf.diagnostics.find((d) => d.code === 'E-UNKNOWN-DEP');
  assert.deepEqual([unknown?.line, unknown?.column, unknown?.pointer], [4, 36, '/achievements/0/dependencies/0']);
  const bad = pf.diagnostics.find((d) => d.code === 'E-ID-FORMAT');
  assert.deepEqual([bad?.line, bad?.column, bad?.pointer], [5, 12, '/achievements/1/id']);
});

test('positions inside a seed levels[] file point into levels[]', () => {
  const text = JSON.stringify({ plan: 'S', levels: [{ level: 1, achievements: [{ id: '1.1', dependencies: ['7.7'] }] }] }, null, 2);
  const pf = load(text);
  const e = pf.diagnostics.find((d) => d.code === 'E-UNKNOWN-DEP');
  assert.equal(e?.pointer, '/levels/0/achievements/0/dependencies/0');
  const lines = text.split('\n');
  assert.equal(lines[(e?.line ?? 0) - 1]?.slice((e?.column ?? 0) - 1).startsWith('"7.7"'), true);
});

test('the schema pattern for ids is the id codec of the toolkit', () => {
  const schema = JSON.parse(readFileSync(`${REPO}/schemas/parallel.schema.json`, 'utf8'));
  assert.equal(new RegExp(schema.definitions.achievementId.pattern).source, ID_PATTERN.source);
  assert.match(schema.description, /draft-07/);
});

test('cycles: every component yields its cycle even past the cap; removing the suggested edges leaves no cycle', () => {
  // 150 two-cycles plus a 500-long ring: 151 components, each a ring holding exactly one cycle.
  const achs: Array<{ id: string; deps: string[] }> = [];
  for (let k = 1; k <= 150; k++) achs.push({ id: `${k}.1`, deps: [`${k}.2`] }, { id: `${k}.2`, deps: [`${k}.1`] });
  for (let k = 1; k <= 500; k++) achs.push({ id: `900.${k}`, deps: [`900.${k === 500 ? 1 : k + 1}`] });
  const pf = load(doc('P', achs));
  assert.equal(pf.cycles.cycles.length, 151);
  assert.equal(pf.cycles.more, undefined, 'all of them listed: nothing more exists');
  assert.equal(codes(pf.diagnostics).filter((c) => c === 'E-CYCLE').length, 151);
  assert.deepEqual(pf.cycles.cycles.slice(0, 2).map((c) => c.ids.join(' ')), ['1.1 1.2 1.1', '2.1 2.2 2.1'], 'canonical id order');
  const all = achs.map((a) => ({ ...a, deps: [...a.deps] }));
  for (const c of pf.cycles.cycles) {
    const a = all.find((x) => x.id === c.remove.from);
    if (a) a.deps = a.deps.filter((d) => d !== c.remove.to);
  }
  assert.equal(load(doc('P', all)).cycles.acyclic, true);
});

/** Entries as `id → [deps]` specs, in the given order of ids. */
const specDoc = (spec: Record<string, string[]>, order: string[]) => doc('P', order.map((id) => ({ id, deps: spec[id] as string[] })));
const cycleMessages = (pf: ReturnType<typeof load>) =>
  pf.diagnostics.filter((d) => d.code === 'E-CYCLE').map((d) => `${d.message} | ${d.hint}`).sort();

test('E-CYCLE: each elementary cycle once with the edge closing it to its smallest id, whatever the order of the entries', () => {
  const rows: Array<{ name: string; spec: Record<string, string[]>; orders: string[][]; expect: string[] }> = [
    {
      name: 'cyc_a',
      spec: { '1.1': ['1.2', '1.3'], '1.2': ['1.3'], '1.3': ['1.1'] },
      orders: [['1.1', '1.2', '1.3'], ['1.2', '1.3', '1.1'], ['1.3', '1.1', '1.2'], ['1.3', '1.2', '1.1']],
      expect: [
        'Circular dependency detected: 1.1 → 1.2 → 1.3 → 1.1 | Remove "1.1" from the dependencies of 1.3 to break this cycle.',
        'Circular dependency detected: 1.1 → 1.3 → 1.1 | Remove "1.1" from the dependencies of 1.3 to break this cycle.',
      ],
    },
    {
      name: 'cyc_b (1.1↔1.2, 1.2↔1.3)',
      spec: { '1.1': ['1.2'], '1.2': ['1.1', '1.3'], '1.3': ['1.2'] },
      orders: [['1.1', '1.2', '1.3'], ['1.3', '1.2', '1.1'], ['1.2', '1.1', '1.3']],
      expect: [
        'Circular dependency detected: 1.1 → 1.2 → 1.1 | Remove "1.1" from the dependencies of 1.2 to break this cycle.',
        'Circular dependency detected: 1.2 → 1.3 → 1.2 | Remove "1.2" from the dependencies of 1.3 to break this cycle.',
      ],
    },
    {
      name: 'cyc_c',
      spec: { '1.1': ['1.2', '1.3'], '1.2': ['1.4'], '1.3': ['1.4'], '1.4': ['1.1'] },
      orders: [['1.1', '1.2', '1.3', '1.4'], ['1.4', '1.3', '1.2', '1.1'], ['1.2', '1.4', '1.1', '1.3']],
      expect: [
        'Circular dependency detected: 1.1 → 1.2 → 1.4 → 1.1 | Remove "1.1" from the dependencies of 1.4 to break this cycle.',
        'Circular dependency detected: 1.1 → 1.3 → 1.4 → 1.1 | Remove "1.1" from the dependencies of 1.4 to break this cycle.',
      ],
    },
  ];
  for (const row of rows) {
    for (const order of row.orders) {
      const pf = load(specDoc(row.spec, order));
      assert.deepEqual(cycleMessages(pf), row.expect, `${row.name}, order ${order.join(' ')}`);
      assert.deepEqual(
        pf.cycles.cycles.map((c) => c.ids.join(' ')),
        row.expect.map((m) => (/detected: ([^|]*) \|/.exec(m)?.[1] ?? '').split(' → ').join(' ')),
        'cycles[] in canonical order',
      );
      // The pointer of each E-CYCLE is the dependency entry to remove.
      for (const d of pf.diagnostics.filter((x) => x.code === 'E-CYCLE')) {
        const from = d.achievementId as string;
        assert.equal(d.pointer, `/achievements/${order.indexOf(from)}/dependencies/${row.spec[from]?.indexOf(d.cycle?.[0] as string)}`);
      }
    }
  }
});

test('E-CYCLE: K4 gives its 20 elementary cycles; past the cap one message says more exist and among which achievements', () => {
  const complete = (ids: string[]) => ids.map((id) => ({ id, deps: ids.filter((x) => x !== id) }));
  const k4 = load(doc('P', complete(['1.1', '1.2', '1.3', '1.4'])));
  assert.equal(codes(k4.diagnostics).filter((c) => c === 'E-CYCLE').length, 20);
  assert.equal(k4.cycles.more, undefined);
  // K6 (409 cycles) and a two-cycle after it.
  const pf = load(doc('P', [...complete(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6']), { id: '3.1', deps: ['3.2'] }, { id: '3.2', deps: ['3.1'] }]));
  const cyc = pf.diagnostics.filter((d) => d.code === 'E-CYCLE');
  assert.equal(cyc.filter((d) => d.cycle).length, 51, 'the cap (50), then the cycle of the next component');
  assert.ok(cyc.some((d) => d.cycle?.join(' ') === '3.1 3.2 3.1'));
  const more = cyc.filter((d) => !d.cycle);
  assert.equal(more.length, 1);
  assert.equal(more[0]?.message, 'The cycle search stopped after 51 circular dependencies: more exist among 2.1, 2.2, 2.3, 2.4, 2.5, 2.6');
  assert.match(more[0]?.hint ?? '', /Fix the 51 cycles listed first/);
  assert.equal(more[0]?.pointer, '/achievements/0');
});

test('E-CYCLE through the scripts: text and JSON list cyc_c\'s two cycles once each, SARIF has them, status and analysis refuse', () => {
  const ids = ['1.1', '1.2', '1.3', '1.4'];
  const { root } = workspace('TEST-PLAN', ids, specDoc({ '1.1': ['1.2', '1.3'], '1.2': ['1.4'], '1.3': ['1.4'], '1.4': ['1.1'] }, ['1.4', '1.2', '1.3', '1.1']));
  const text = cli('validation/validate_parallel_json', ['@TEST-PLAN'], { cwd: root });
  assert.equal(text.code, 1);
  const shown = text.out.split('\n').filter((l) => l.includes('E-CYCLE'));
  assert.deepEqual(shown.map((l) => l.replace(/^.* E-CYCLE /, '')).sort(), ['Circular dependency detected: 1.1 → 1.2 → 1.4 → 1.1', 'Circular dependency detected: 1.1 → 1.3 → 1.4 → 1.1']);
  const json = JSON.parse(cli('validation/validate_parallel_json', ['@TEST-PLAN', '--format', 'json'], { cwd: root }).out);
  assert.deepEqual(json.cycles, [
    { path: ['1.1', '1.2', '1.4', '1.1'], removeEdge: { from: '1.4', to: '1.1' } },
    { path: ['1.1', '1.3', '1.4', '1.1'], removeEdge: { from: '1.4', to: '1.1' } },
  ]);
  assert.equal(json.errors.filter((e: { code: string }) => e.code === 'E-CYCLE').length, 2);
  const sarif = JSON.parse(cli('validation/validate_parallel_json', ['@TEST-PLAN', '--format', 'sarif'], { cwd: root }).out);
  assert.equal(sarif.runs[0].results.filter((r: { ruleId: string; level: string }) => r.ruleId === 'E-CYCLE' && r.level === 'error').length, 2);
  for (const script of ['workflow/get_parallel_status', 'workflow/analyze_dependencies']) {
    const r = cli(script, ['@TEST-PLAN'], { cwd: root });
    assert.equal(r.code, 1, script);
    assert.match(r.out + r.err, /1\.1 → 1\.2 → 1\.4 → 1\.1/, `${script} shows the cycle`);
  }
});
