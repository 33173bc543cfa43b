/**
 * The loader's one walk over the achievement objects (normalize): items in the shape the toolkit writes are
 * counted for the duplicate-key check, used as written, and left out of the schema validator once their id and
 * dependencies are found well-formed. Each rule is checked against the generic path: the same document with an
 * unknown key in every item (no item shaped, every item validated by the schema) must give the same findings, and
 * the duplicate-key and nesting checks must agree with the full parser wherever the duplicate or the depth is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import validateParallel from '../generated/parallel.validate.js';
import { isAchievementId } from '../scripts/lib/ids.ts';
import { MAX_DEPTH, parseJsonFull } from '../scripts/lib/json.ts';
import { loadParallelText } from '../scripts/lib/parallel/load.ts';
import { normalize, shapedKeys } from '../scripts/lib/parallel/normalize.ts';
import type { ParallelDiagnostic } from '../scripts/lib/parallel/model.ts';
import { mulberry32 as prng } from '../bench/prng.ts';

const base = (k: number): Record<string, unknown> => ({ achievement_id: `1.${k + 1}`, title: `A${k}`, priority: 1, dependencies: k ? [`1.${k}`] : [], estimated_hours: 2 });

function plan(items: unknown[]): Record<string, unknown> {
  return { schema_version: '2.0', plan_name: 'P', scope: 'plan', achievements: items };
}

/** Findings without their line and column (an extra key moves the lines). */
function findings(ds: ParallelDiagnostic[]): string[] {
  return ds.map((d) => `${d.severity} ${d.code} ${d.pointer} ${d.message} ${JSON.stringify(d.related?.map((r) => r.pointer) ?? [])}`);
}

/** The same items, each with an unknown key (allowed by the schema): none is shaped. */
function unshaped(items: unknown[]): unknown[] {
  return items.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? { ...x, x_note: 0 } : x));
}

// One field of item 2 (of 5) changed: every boundary of the shaped rule, and what lies just past it.
const FIELD_CASES: Array<[string, Record<string, unknown>, string[]]> = [
  ['hours at the bound', { estimated_hours: 100000 }, []],
  ['hours past the bound', { estimated_hours: 100000.5 }, ['E-HOURS']],
  ['negative hours', { estimated_hours: -1 }, ['E-HOURS']],
  ['zero hours', { estimated_hours: 0 }, []],
  ['null hours', { estimated_hours: null }, []],
  ['canonical range', { estimated_hours: '4-6' }, []],
  ['range to normalise', { estimated_hours: '4.0-6' }, ['I-HOURS']],
  ['range equal bounds', { estimated_hours: '5-5' }, ['I-HOURS']],
  ['backwards range', { estimated_hours: '6-4' }, ['E-HOURS']],
  ['range past the bound', { estimated_hours: '1-100001' }, ['E-HOURS']],
  ['hours as text', { estimated_hours: '4 hours' }, ['I-HOURS']],
  ['hours unreadable', { estimated_hours: 'soon' }, ['E-HOURS']],
  ['hours boolean', { estimated_hours: true }, ['E-HOURS']],
  ['hours object', { estimated_hours: {} }, ['E-HOURS']],
  ['priority fraction', { priority: 1.5 }, ['E-TYPE']],
  ['priority text', { priority: '1' }, ['E-TYPE']],
  ['priority null', { priority: null }, []],
  ['priority negative', { priority: -3 }, []],
  ['title number', { title: 5 }, ['E-TYPE', 'W-TITLE']],
  ['title null', { title: null }, ['W-TITLE']],
  ['title empty', { title: '' }, ['W-TITLE']],
  ['id malformed', { achievement_id: 'x' }, ['E-ID-FORMAT', 'E-UNKNOWN-DEP']],
  ['id a number', { achievement_id: 1.3 }, ['E-ID-FORMAT', 'E-UNKNOWN-DEP']],
  ['id repeated', { achievement_id: '1.2' }, ['E-DUP-ID', 'E-UNKNOWN-DEP']],
  ['id null', { achievement_id: null }, ['E-ID-FORMAT', 'E-UNKNOWN-DEP']],
  ['dependency a number', { dependencies: [1.2] }, ['E-DEP-FORMAT']],
  ['dependency malformed', { dependencies: ['1.x'] }, ['E-DEP-FORMAT']],
  ['dependency unknown', { dependencies: ['9.9'] }, ['E-UNKNOWN-DEP']],
  ['dependency on itself', { dependencies: ['1.3'] }, ['E-CYCLE', 'E-SELF-DEP']],
  ['dependency repeated', { dependencies: ['1.2', '1.2'] }, ['E-DUP-DEP']],
  ['dependency an object', { dependencies: [{ a: 1 }] }, ['E-DEP-FORMAT']],
  ['dependencies a string', { dependencies: '1.2' }, ['E-TYPE']],
  ['dependencies null', { dependencies: null }, ['E-REQUIRED']],
  ['status stored', { status: 'complete' }, ['W-STATUS-PERSISTED']],
  ['status bogus', { status: 'bogus' }, ['E-ENUM', 'W-STATUS-PERSISTED']],
  ['executor a number', { executor: 5 }, ['E-TYPE']],
  ['optional dependency malformed', { optional_dependencies: [5] }, ['E-DEP-FORMAT']],
  ['legacy id', { id: '1.3', achievement_id: undefined }, ['I-ALIAS']],
  ['legacy name', { name: 'n', title: undefined }, ['I-ALIAS']],
];

test('shaped items: every field at and past the rule gives the findings of the generic path', () => {
  for (const [what, change, want] of FIELD_CASES) {
    const items = [0, 1, 2, 3, 4].map(base);
    const changed: Record<string, unknown> = { ...items[2], ...change };
    for (const k of Object.keys(change)) if (change[k] === undefined) delete changed[k];
    items[2] = changed;
    const fast = loadParallelText(JSON.stringify(plan(items), null, 2), '/mem/p.json');
    const slow = loadParallelText(JSON.stringify(plan(unshaped(items)), null, 2), '/mem/p.json');
    assert.deepEqual(findings(fast.diagnostics), findings(slow.diagnostics), what);
    assert.deepEqual([...new Set(fast.diagnostics.map((d) => d.code).filter((c) => c !== 'I-DEFAULT'))].sort(), [...want].sort(), what);
    // Findings of item 2 point into item 2, on the line the file has them.
    for (const d of fast.diagnostics) {
      if (!d.pointer?.startsWith('/achievements/2/')) continue;
      const full = parseJsonFull(JSON.stringify(plan(items), null, 2));
      assert.ok(full.ok);
      assert.deepEqual({ line: d.line, column: d.column }, full.doc.positionOf(d.pointer), `${what}: ${d.code}`);
    }
  }
});

test('shaped items: schema findings keep the index of their item among thousands of unchecked ones', () => {
  const items = Array.from({ length: 3000 }, (_, k) => base(k));
  items[0] = { ...items[0], priority: 0.5 };
  items[1234] = { ...items[1234], dependencies: ['1.1', 7] };
  items[2999] = { ...items[2999], title: [] };
  const text = JSON.stringify(plan(items), null, 2);
  const pf = loadParallelText(text, '/mem/p.json');
  const full = parseJsonFull(text);
  assert.ok(full.ok);
  const errs = pf.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errs.map((d) => [d.code, d.pointer]), [
    ['E-TYPE', '/achievements/0/priority'],
    ['E-DEP-FORMAT', '/achievements/1234/dependencies/1'],
    ['E-TYPE', '/achievements/2999/title'],
  ]);
  for (const d of errs) assert.deepEqual({ line: d.line, column: d.column }, full.doc.positionOf(d.pointer as string));
  assert.deepEqual(findings(pf.diagnostics), findings(loadParallelText(JSON.stringify(plan(unshaped(items)), null, 2), '/mem/p.json').diagnostics));
});

/** Item texts (ids 1.1 … 1.4) with a duplicate key or deep nesting somewhere. */
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const TEXT_CASES: Array<[string, string]> = [
  ['duplicate title in a shaped item', '{"achievement_id": "1.2", "title": "a", "title": "b", "dependencies": ["1.1"]}'],
  ['duplicate id in a shaped item', '{"achievement_id": "1.2", "achievement_id": "1.9", "dependencies": ["1.1"]}'],
  ['duplicate dependencies in a shaped item', '{"achievement_id": "1.2", "dependencies": [], "dependencies": ["1.1"]}'],
  ['duplicate key inside a dependency', '{"achievement_id": "1.2", "dependencies": ["1.1", {"a": 1, "a": 2}]}'],
  ['duplicate key in a dependency of a malformed id', '{"achievement_id": "x", "dependencies": [{"a": 1, "a": 2}]}'],
  ['duplicate key in a dependency of a repeated id', '{"achievement_id": "1.1", "dependencies": [{"a": [{"b": 1, "b": 1}]}]}'],
  ['duplicate key in an unshaped item', '{"achievement_id": "1.2", "status": "complete", "status": "failed", "dependencies": ["1.1"]}'],
  ['duplicate key deep in an unshaped item', '{"achievement_id": "1.2", "k": {"a": {"b": 1, "b": 2}}, "dependencies": ["1.1"]}'],
  ['no duplicate, keys in a dependency', '{"achievement_id": "1.2", "dependencies": [{"a": 1, "b": {"a": 2}}]}'],
  ['no duplicate, a shaped item', '{"achievement_id": "1.2", "title": "t", "dependencies": ["1.1"]}'],
  ['a key in a string', '{"achievement_id": "1.2", "title": "\\"title\\": x", "dependencies": ["1.1"]}'],
  ['dependency nested to the limit', `{"achievement_id": "1.2", "dependencies": ["1.1", ${deep(MAX_DEPTH - 4)}]}`],
  ['dependency nested past the limit', `{"achievement_id": "1.2", "dependencies": ["1.1", ${deep(MAX_DEPTH - 3)}]}`],
  ['dependency of a malformed id nested past the limit', `{"achievement_id": "x", "dependencies": [${deep(MAX_DEPTH - 3)}]}`],
  ['unshaped item nested to the limit', `{"achievement_id": "1.2", "k": ${deep(MAX_DEPTH - 3)}, "dependencies": []}`],
  ['unshaped item nested past the limit', `{"achievement_id": "1.2", "k": ${deep(MAX_DEPTH - 2)}, "dependencies": []}`],
  ['legacy item nested past the limit', `{"id": "1.2", "achievement_id": ${deep(MAX_DEPTH - 2)}, "dependencies": []}`],
  ['item nested past the limit', deep(MAX_DEPTH - 1)],
  ['item nested to the limit', deep(MAX_DEPTH - 2)],
];

test('duplicate keys and nesting: found wherever they are, as the full parser finds them', () => {
  for (const [what, item] of TEXT_CASES) {
    for (const [where, around] of [
      ['achievements', (x: string) => `{"plan_name": "P", "scope": "plan", "achievements": [\n{"achievement_id": "1.1", "dependencies": []},\n${x},\n{"achievement_id": "1.3", "dependencies": ["1.1"]}\n]}`],
      ['root duplicate too', (x: string) => `{"plan_name": "P", "plan_name": "Q", "achievements": [\n{"achievement_id": "1.1", "dependencies": []},\n${x}\n]}`],
      ['second achievements', (x: string) => `{"plan_name": "P", "achievements": [{"achievement_id": "1.1", "dependencies": []}], "achievements": [\n${x}\n]}`],
      ['levels', (x: string) => `{"plan_name": "P", "levels": [{"level": 1, "achievements": [\n${x}\n]}]}`],
    ] as const) {
      const text = around(item);
      const full = parseJsonFull(text);
      const pf = loadParallelText(text, '/mem/p.json');
      const label = `${what} (${where})`;
      if (!full.ok) {
        assert.deepEqual(pf.diagnostics.map((d) => [d.code, d.line, d.column]), [['E-JSON', full.position.line, full.position.column]], label);
        continue;
      }
      const dups = pf.diagnostics.filter((d) => d.code === 'W-DUP-KEY');
      assert.deepEqual(
        dups.map((d) => [d.pointer, d.line, d.column]),
        full.doc.duplicates
          .map((x) => [`${x.pointer}/${x.key}`, full.doc.position(x.secondOffset).line, full.doc.position(x.secondOffset).column] as const)
          .sort((a, b) => a[1] - b[1] || a[2] - b[2]),
        label,
      );
    }
  }
});

test('a shaped item is plain, and valid once its id and dependencies are well-formed ids', () => {
  const rand = prng(0x5ba9ed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const values: Record<string, unknown[]> = {
    achievement_id: ['1.1', '1.2.3', 'x', 1.1, null, ''],
    title: ['t', '', null, 5, [], {}],
    priority: [1, 0, -2, 1.5, null, '1', 1e21, true],
    dependencies: [[], ['1.1'], ['1.1', '2.1'], [5], ['x'], null, '1.1', [{}]],
    estimated_hours: [0, -0, 3.5, 100000, 100000.1, -1, 1e308, '4-6', '4.0-6', '.5-1', '0.5-1', '6-4', '5-5', '1-100001', '4h', 'x', null, true, [], {}],
    status: ['complete', 'x', null],
    id: ['1.1'],
    name: ['n'],
    k: [0, {}],
    __proto__: [1],
  };
  let shaped = 0;
  for (let n = 0; n < 20000; n++) {
    const item: Record<string, unknown> = {};
    for (const [k, vs] of Object.entries(values)) {
      if (rand() < (['achievement_id', 'dependencies'].includes(k) ? 0.95 : ['status', 'id', 'name', 'k', '__proto__'].includes(k) ? 0.03 : 0.6)) {
        Object.defineProperty(item, k, { value: pick(vs), enumerable: true, writable: true, configurable: true });
      }
    }
    const keys = shapedKeys(item);
    if (keys < 0) continue;
    shaped++;
    assert.equal(keys, Object.keys(item).length);
    const root = plan([item]);
    assert.equal(normalize(root).items[0], item, `plain: ${JSON.stringify(item)}`);
    const deps = item.dependencies as unknown[];
    const wellFormed = isAchievementId(item.achievement_id as string) && deps.every((d) => typeof d === 'string' && isAchievementId(d));
    if (wellFormed) assert.ok(validateParallel(root), `valid: ${JSON.stringify(item)} ${JSON.stringify(validateParallel.errors)}`);
  }
  assert.ok(shaped > 1000, `${shaped} shaped items`);
});

// Lists of up to 8 entries read in order compare each entry with the largest before it; any other entry with
// every entry before it. A repeat must be found whatever the order (E-DUP-DEP at the repeat, the first kept).
const ORDER_CASES: Array<[string[], number[]]> = [
  [['1.1', '1.2', '1.3'], []],
  [['1.3', '1.2', '1.1'], []],
  [['1.1', '1.1'], [1]],
  [['1.2', '1.1', '1.2'], [2]],
  [['1.3', '1.1', '1.2', '1.1'], [3]],
  [['1.1', '1.3', '1.2', '1.3'], [3]],
  [['1.2', '1.3', '1.1', '1.2'], [3]],
  [['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.3'], [7]],
  [['1.7', '1.6', '1.5', '1.4', '1.3', '1.2', '1.1', '1.7'], [7]],
  [['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.1'], [9]],
  [['1.9', '1.1', '1.8', '1.2', '1.7', '1.3', '1.6', '1.4', '1.5'], []],
];

test('dependency lists in and out of order: each repeat is found where it is written', () => {
  for (const [deps, repeats] of ORDER_CASES) {
    const items = Array.from({ length: 9 }, (_, k) => ({ achievement_id: `1.${k + 1}`, title: 't', dependencies: [] as string[] }));
    items.push({ achievement_id: '2.1', title: 't', dependencies: deps });
    const pf = loadParallelText(JSON.stringify(plan(items), null, 2), '/mem/p.json');
    const dups = pf.diagnostics.filter((d) => d.code === 'E-DUP-DEP').map((d) => d.pointer);
    assert.deepEqual(dups, repeats.map((j) => `/achievements/9/dependencies/${j}`), deps.join(' '));
    assert.deepEqual(pf.byId.get('2.1')?.dependencies, [...new Set(deps)], deps.join(' '));
    assert.equal(pf.graph.edgeCount, new Set(deps).size, deps.join(' '));
  }
});

// The shaped rule is a hand-written reading of the schema's achievement item: the item is an object that may hold
// other keys, requires achievement_id and dependencies, and types these five fields as below. A change to any of
// them (or to the id pattern) must be reviewed against shapedKeys, which would otherwise let such items skip a new
// constraint: this test fails until the pinned copy is updated with it.
test('the schema parts the shaped rule relies on are the ones it was written for', async () => {
  const { readFile } = await import('node:fs/promises');
  const schema = JSON.parse(await readFile(new URL('../schemas/parallel.schema.json', import.meta.url), 'utf8')) as {
    definitions: { achievementId: Record<string, unknown>; achievement: { type: unknown; required: unknown; additionalProperties?: unknown; properties: Record<string, Record<string, unknown>> } };
    properties: { achievements: Record<string, unknown> };
  };
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'description'));
  const d = schema.definitions;
  assert.deepEqual(strip(d.achievementId), { type: 'string', pattern: String.raw`^\d+\.\d+(?:\.\d+)?$` });
  assert.deepEqual(strip(schema.properties.achievements), { type: 'array', items: { $ref: '#/definitions/achievement' } });
  assert.equal(d.achievement.type, 'object');
  assert.deepEqual(d.achievement.required, ['achievement_id', 'dependencies']);
  assert.equal(d.achievement.additionalProperties, undefined);
  const p = d.achievement.properties;
  assert.deepEqual(strip(p.achievement_id as Record<string, unknown>), { $ref: '#/definitions/achievementId' });
  assert.deepEqual(strip(p.dependencies as Record<string, unknown>), { type: 'array', items: { $ref: '#/definitions/achievementId' } });
  assert.deepEqual(strip(p.title as Record<string, unknown>), { type: ['string', 'null'] });
  assert.deepEqual(strip(p.priority as Record<string, unknown>), { type: ['integer', 'null'] });
  assert.deepEqual(strip(p.estimated_hours as Record<string, unknown>), { type: ['number', 'string', 'null'], minimum: 0, maximum: 100000, pattern: String.raw`^\d+(?:\.\d+)?-\d+(?:\.\d+)?$` });
});
