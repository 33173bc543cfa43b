/**
 * The loader's fast paths and their fallbacks: id lists used as the file writes them against lists that are
 * trimmed (malformed, repeated, self or unknown entries), shared frozen values (hours, empty lists, stored data)
 * against fresh ones, plain items against normalised copies, lazy tables against their fallbacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codecFor } from '../scripts/lib/ids.ts';
import { singleHours } from '../scripts/lib/parallel/model.ts';
import { parseJson, parseJsonFull } from '../scripts/lib/json.ts';
import { load } from './parallel-helpers.ts';

function doc(achievements: unknown[]): Record<string, unknown> {
  return { plan_name: 'P', scope: 'plan', achievements };
}

test('a clean dependency list is read as written; an unknown id trims a copy, never the file', () => {
  const pf = load(doc([
    { achievement_id: '1.1', title: 'a', dependencies: ['1.2'] },
    { achievement_id: '1.2', title: 'b', dependencies: ['9.9', '1.1'] },
  ]));
  assert.deepEqual(pf.achievements.map((a) => a.dependencies), [['1.2'], ['1.1']]);
  const items = pf.normalized?.doc.achievements as Array<{ dependencies: unknown[] }>;
  assert.deepEqual(items[1]?.dependencies, ['9.9', '1.1']);
  const unknown = pf.diagnostics.find((d) => d.code === 'E-UNKNOWN-DEP');
  assert.equal(unknown?.pointer, '/achievements/1/dependencies/0');
  // The cycle is reported at the entry's place in the file's array, past the dropped unknown id.
  const cycle = pf.diagnostics.find((d) => d.code === 'E-CYCLE');
  assert.equal(cycle?.pointer, '/achievements/1/dependencies/1');
  assert.equal(cycle?.message, 'Circular dependency detected: 1.1 → 1.2 → 1.1');
});

test('a list with malformed, repeated and self entries keeps the well-formed ones with their file positions', () => {
  const deps = [5, '1.2', 'x', '1.1', '1.1'];
  const pf = load(doc([
    { achievement_id: '1.1', title: 'a', dependencies: ['1.2'] },
    { achievement_id: '1.2', title: 'b', dependencies: deps },
  ]));
  // A hard self-dependency stays (it is also a cycle of length 1); the repeat and the malformed entries go.
  assert.deepEqual(pf.byId.get('1.2')?.dependencies, ['1.2', '1.1']);
  assert.deepEqual((pf.normalized?.doc.achievements as Array<{ dependencies: unknown[] }>)[1]?.dependencies, deps);
  const at = (code: string) => pf.diagnostics.filter((d) => d.code === code).map((d) => d.pointer);
  assert.deepEqual(at('E-SELF-DEP'), ['/achievements/1/dependencies/1']);
  assert.deepEqual(at('E-DUP-DEP'), ['/achievements/1/dependencies/4']);
  assert.deepEqual(at('E-CYCLE'), ['/achievements/1/dependencies/1', '/achievements/1/dependencies/3']);
  // A long list (a Set tracks repeats past 8 entries) behaves alike.
  const long = ['1.1', ...Array.from({ length: 9 }, (_, k) => `2.${k + 1}`), '2.3'];
  const pl = load(doc([{ achievement_id: '1.1', title: 'a', dependencies: long }, ...Array.from({ length: 9 }, (_, k) => ({ achievement_id: `2.${k + 1}`, title: 't', dependencies: [] }))]));
  assert.deepEqual(pl.byId.get('1.1')?.dependencies, long.slice(0, 10));
  assert.deepEqual(pl.diagnostics.filter((d) => d.code === 'E-SELF-DEP' || d.code === 'E-DUP-DEP').map((d) => d.pointer), ['/achievements/0/dependencies/0', '/achievements/0/dependencies/10']);
});

test('optional dependencies: kept when known and not hard ones, unknown ones reported where they are written', () => {
  const pf = load(doc([
    { achievement_id: '1.1', title: 'a', dependencies: [] },
    { achievement_id: '1.2', title: 'b', dependencies: ['1.1'], optional_dependencies: ['1.1', '7.7', '1.3'] },
    { achievement_id: '1.3', title: 'c', dependencies: [], optional_dependencies: ['x', '1.3', '1.1', '8.8'] },
  ]));
  assert.deepEqual(pf.achievements.map((a) => a.optionalDependencies), [[], ['1.3'], ['1.1']]);
  assert.ok(Object.isFrozen(pf.achievements[0]?.optionalDependencies));
  assert.deepEqual(
    pf.diagnostics.filter((d) => d.code === 'E-UNKNOWN-DEP' || d.code === 'E-SELF-DEP').map((d) => [d.code, d.pointer]),
    [
      ['E-UNKNOWN-DEP', '/achievements/1/optional_dependencies/1'],
      ['E-SELF-DEP', '/achievements/2/optional_dependencies/1'],
      ['E-UNKNOWN-DEP', '/achievements/2/optional_dependencies/3'],
    ],
  );
  const unknown = pf.diagnostics.find((d) => d.code === 'E-UNKNOWN-DEP');
  assert.equal(unknown?.message, "Achievement 1.2: optional dependency '7.7' not found in achievements list");
  assert.equal(unknown?.hint, 'Add achievement 7.7 or remove this optional dependency.');
  const hard = load(doc([{ achievement_id: '1.1', title: 'a', dependencies: ['6.6'] }])).diagnostics.find((d) => d.code === 'E-UNKNOWN-DEP');
  assert.equal(hard?.message, "Achievement 1.1: dependency '6.6' not found in achievements list");
  assert.equal(hard?.hint, 'Add achievement 6.6 or remove this dependency.');
  assert.equal(hard?.pointer, '/achievements/0/dependencies/0');
});

test('equal estimates share one frozen Hours; zero and minus zero keep their sign', () => {
  const pf = load(doc([
    { achievement_id: '1.1', title: 'a', dependencies: [], estimated_hours: 3 },
    { achievement_id: '1.2', title: 'b', dependencies: [], estimated_hours: 3 },
    { achievement_id: '1.3', title: 'c', dependencies: [], estimated_hours: '2-4' },
    { achievement_id: '1.4', title: 'd', dependencies: [], estimated_hours: '2-4 hours' },
    { achievement_id: '1.5', title: 'e', dependencies: [], estimated_hours: 0 },
  ]));
  const h = pf.achievements.map((a) => a.hours);
  assert.equal(h[0], h[1]);
  assert.deepEqual(h[0], { min: 3, max: 3 });
  assert.ok(Object.isFrozen(h[0]) && Object.isFrozen(h[2]));
  assert.deepEqual(h[2], { min: 2, max: 4 });
  assert.deepEqual(h[3], { min: 2, max: 4 });
  assert.ok(Object.is(h[4]?.min, 0));
  assert.ok(Object.is(singleHours(-0).max, -0));
  assert.ok(Object.is(singleHours(0).max, 0));
  assert.equal(singleHours(2.5), singleHours(2.5));
});

test('stored data: one shared frozen empty object when nothing is stored, a fresh one otherwise', () => {
  const pf = load(doc([
    { achievement_id: '1.1', title: 'a', dependencies: [] },
    { achievement_id: '1.2', title: 'b', dependencies: ['1.1'], status: 'complete' },
    { achievement_id: '1.3', title: 'c', dependencies: [], blocks: [], parallelizable_with: ['1.1'] },
  ]));
  const [a, b, c] = pf.achievements;
  assert.deepEqual(a?.stored, {});
  assert.ok(Object.isFrozen(a?.stored));
  assert.deepEqual(b?.stored, { status: 'complete' });
  assert.deepEqual(c?.stored, { blocks: [], parallelizableWith: ['1.1'] });
  assert.ok(!Object.isFrozen(b?.stored));
});

/** The codec as a plain table of every id's code: what codecFor must agree with. */
function referenceCodec(ids: string[]): { collisions: Array<{ code: string; ids: string[] }>; decode: (c: string) => string[] } {
  const byCode = new Map<string, string[]>();
  for (const id of ids) {
    const code = id.replaceAll('.', '');
    const list = byCode.get(code) ?? [];
    if (!list.includes(id)) list.push(id);
    byCode.set(code, list);
  }
  return { collisions: [...byCode].filter(([, l]) => l.length > 1).map(([code, l]) => ({ code, ids: l })), decode: (c) => byCode.get(c) ?? [] };
}

test('codecFor: collisions and decoding (one id per code, shared codes, repeated ids) agree with a table of every code', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const part = () => (rnd(5) === 0 ? '0' : '') + String(rnd(4) === 0 ? rnd(200) : rnd(12));
  const long = () => `1.${'0123456789'.repeat(2).slice(rnd(6))}`;
  const odd = () => ['2.8a', 'x.1', '1.1 ', '', '.', '1.1.1.1'][rnd(6)] as string;
  for (let round = 0; round < 300; round++) {
    const n = rnd(40);
    const ids = Array.from({ length: n }, () => {
      const r = rnd(20);
      return r === 0 ? long() : r === 1 ? odd() : r < 5 ? `${part()}.${part()}.${part()}` : `${part()}.${part()}`;
    });
    const codec = codecFor(ids);
    const ref = referenceCodec(ids);
    assert.deepEqual(codec.collisions, ref.collisions, JSON.stringify(ids));
    for (const id of ids) assert.deepEqual(codec.decode(id.replaceAll('.', '')), ref.decode(id.replaceAll('.', '')));
    assert.deepEqual(codec.decode('1.1'), []);
  }
  // Long codes collide like short ones; a repeated id collides with nothing; a decoded list stays the same list.
  assert.deepEqual(codecFor(['1.23456789012345678', '12.3456789012345678', '1.1', '1.1', '5.5', '55.0', '5.50']).collisions, [
    { code: '123456789012345678', ids: ['1.23456789012345678', '12.3456789012345678'] },
    { code: '550', ids: ['55.0', '5.50'] },
  ]);
  // A code shared by three ids, one of them repeated after the code is shared.
  assert.deepEqual(codecFor(['1.11', '11.1', '1.11', '1.1.1']).collisions, [{ code: '111', ids: ['1.11', '11.1', '1.1.1'] }]);
  const codec = codecFor(['0.1', '1.0', '00.1', '0.01', '1.2', '0.1']);
  assert.deepEqual(codec.collisions, [{ code: '001', ids: ['00.1', '0.01'] }]);
  assert.equal(codec.decode('01'), codec.decode('01'));
  assert.deepEqual(codec.decode('01'), ['0.1']);
  assert.deepEqual(codec.decode('001'), ['00.1', '0.01']);
});

test('normalisation: plain items are the file values as they are; a renamed item gets a copy in a copied array', () => {
  const plain = load(doc([
    { achievement_id: '1.1', title: 'a', dependencies: [] },
    { achievement_id: '1.2', title: 'b', dependencies: ['1.1'], estimated_hours: '2-4' },
  ]));
  const root = plain.json?.value as { achievements: unknown[] };
  assert.equal(plain.normalized?.doc.achievements, root.achievements);
  assert.equal(plain.normalized?.records.size, 0);
  const text = JSON.stringify(doc([
    { achievement_id: '1.1', title: 'a', dependencies: [] },
    { id: '1.2', name: 'b', dependencies: ['1.1'], priority: 'x' },
    { achievement_id: '1.3', title: 'c', estimated_hours: '2 - 4 hours', dependencies: ['9.9'] },
    { achievement_id: '1.4', title: 'd', dependencies: ['1.2'], executor: 7 },
  ]), null, 2);
  const mixed = load(text);
  const file = (mixed.json?.value as { achievements: Array<Record<string, unknown>> }).achievements;
  const canon = mixed.normalized?.doc.achievements as Array<Record<string, unknown>>;
  assert.notEqual(canon, file);
  assert.equal(canon[0], file[0]);
  assert.notEqual(canon[1], file[1]);
  assert.deepEqual(Object.keys(file[1] ?? {}), ['id', 'name', 'dependencies', 'priority']);
  assert.deepEqual(canon[1], { achievement_id: '1.2', title: 'b', dependencies: ['1.1'], priority: 'x' });
  assert.equal(canon[2]?.estimated_hours, '2-4');
  assert.equal(file[2]?.estimated_hours, '2 - 4 hours');
  // Diagnostics in renamed, converted and plain items point into the file as written.
  const lines = text.split('\n');
  const at = (code: string) => {
    const d = mixed.diagnostics.find((x) => x.code === code);
    return [d?.pointer, lines[(d?.line ?? 0) - 1]?.slice((d?.column ?? 0) - 1)];
  };
  assert.deepEqual(at('E-TYPE'), ['/achievements/1/priority', '"x"']);
  assert.deepEqual(at('E-UNKNOWN-DEP'), ['/achievements/2/dependencies/0', '"9.9"']);
  assert.equal(mixed.diagnostics.filter((d) => d.code === 'E-TYPE').map((d) => d.pointer).join(), '/achievements/1/priority,/achievements/3/executor');
});

test('achievements: the pointer is made on demand, absent optional fields are no own properties', () => {
  const pf = load(doc([
    { achievement_id: '1.1', title: 'a', dependencies: [] },
    { achievement_id: '1.2', title: 'b', dependencies: ['1.1'], priority: 2, executor: 'x', estimated_hours: 1 },
  ]));
  const [a, b] = pf.achievements;
  assert.equal(a?.pointer, '/achievements/0');
  assert.equal(b?.pointer, '/achievements/1');
  assert.deepEqual(Object.keys(a ?? {}).filter((k) => ['priority', 'hours', 'executor', 'declaredLevel', 'pointer'].includes(k)), []);
  assert.deepEqual(Object.keys(b ?? {}).filter((k) => ['priority', 'hours', 'executor', 'declaredLevel'].includes(k)).sort(), ['executor', 'hours', 'priority']);
  assert.ok(!('priority' in (a ?? {})));
  // Seed levels[] file: the canonical pointer is into the flattened list, the declared level comes along.
  const seed = load({ plan: 'S', levels: [{ level: 1, achievements: [{ id: '1.1', dependencies: [] }, 'x'] }, { level: 2, achievements: [{ achievement_id: '2.1', dependencies: ['1.1'] }] }] });
  assert.deepEqual(seed.achievements.map((x) => [x.id, x.pointer, x.declaredLevel]), [['1.1', '/achievements/0', 1], ['2.1', '/achievements/1', 2]]);
  assert.equal(seed.place({ code: 'X', severity: 'info', message: 'm', pointer: '/achievements/1/dependencies/0' }).pointer, '/levels/1/achievements/0/dependencies/0');
});

test('parseJson: duplicate keys are found whichever key count decides (tight colons, spaced colons, colons in strings)', () => {
  const cases: Array<[string, number]> = [
    ['{"a":1,"b":{"c":[{"d":2,"d":3}]}}', 1],
    ['{"a":1,"b":{"c":[{"d":2,"e":3}]}}', 0],
    ['{"a" :1,"a":2}', 1],
    ['{"a" :1,"b":2}', 0],
    ['{\n  "a"\n  : 1,\n  "b": [{"x": 1, "x": 2}]\n}', 1],
    ['{"t":"say \\":\\" twice","u":"x"}', 0],
    ['{"t":"say \\":\\" twice","t":"x"}', 1],
    ['{"t":"time 09 :30","u":{"v":1,"v":2}}', 1],
    ['{"t":"time 09 :30","u":{"v":1,"w":2}}', 0],
    ['{"a\\":b":1,"c":2}', 0],
    ['[{"k":1},{"k":1,"k":2},{"k":[{"k":0}]}]', 1],
    ['"x:y"', 0],
    ['{}', 0],
  ];
  for (const [text, dups] of cases) {
    const fast = parseJson(text);
    const full = parseJsonFull(text);
    assert.ok(fast.ok && full.ok, text);
    assert.deepEqual(fast.doc.value, JSON.parse(text), text);
    assert.equal(fast.doc.duplicates.length, dups, text);
    assert.deepEqual(fast.doc.duplicates, full.doc.duplicates, text);
  }
});

test('byId is made on first use: every achievement (first of a repeated id) in file order, one Map', () => {
  const pf = load(doc([
    { achievement_id: '1.2', title: 'a', dependencies: [] },
    { achievement_id: '1.1', title: 'b', dependencies: ['1.2'] },
    { achievement_id: '1.2', title: 'c', dependencies: [] },
    { achievement_id: 'x', title: 'd', dependencies: [] },
  ]));
  assert.equal(pf.byId, pf.byId);
  assert.deepEqual([...pf.byId].map(([id, a]) => [id, a.title, a.index]), [['1.2', 'a', 0], ['1.1', 'b', 1]]);
  assert.deepEqual(pf.diagnostics.filter((d) => d.code === 'E-DUP-ID').map((d) => [d.pointer, d.related?.[0]?.pointer]), [['/achievements/2/achievement_id', '/achievements/0/achievement_id']]);
});

test('repeats of unknown ids and of optional ones are reported once each, in short and long lists alike', () => {
  for (const pad of [0, 9]) {
    const extra = Array.from({ length: pad }, (_, k) => `3.${k + 1}`);
    const pf = load(doc([
      ...extra.map((id) => ({ achievement_id: id, title: 't', dependencies: [] })),
      { achievement_id: '1.1', title: 'a', dependencies: [] },
      { achievement_id: '1.2', title: 'b', dependencies: [...extra, '9.9', '1.1', '9.9', 7], optional_dependencies: [...extra, '1.1', '2.2', '2.2', '1.2', '1.2', '8.8', '8.8'] },
      { achievement_id: '2.2', title: 'c', dependencies: [] },
    ]));
    const b = pf.byId.get('1.2');
    assert.deepEqual(b?.dependencies, [...extra, '1.1']);
    assert.deepEqual(b?.optionalDependencies, ['2.2']);
    const at = (k: number) => `/achievements/${pad + 1}/${k}`;
    assert.deepEqual(
      pf.diagnostics.filter((d) => ['E-UNKNOWN-DEP', 'E-DUP-DEP', 'E-SELF-DEP'].includes(d.code)).map((d) => [d.code, d.pointer]),
      [
        ['E-UNKNOWN-DEP', at(pad).replace(/\/(\d+)$/, '/dependencies/$1')],
        ['E-SELF-DEP', `/achievements/${pad + 1}/optional_dependencies/${pad + 3}`],
        ['E-SELF-DEP', `/achievements/${pad + 1}/optional_dependencies/${pad + 4}`],
        ['E-UNKNOWN-DEP', `/achievements/${pad + 1}/optional_dependencies/${pad + 5}`],
        ['E-DUP-DEP', `/achievements/${pad + 1}/dependencies/${pad + 2}`],
        ['E-DUP-DEP', `/achievements/${pad + 1}/optional_dependencies/${pad + 2}`],
        ['E-DUP-DEP', `/achievements/${pad + 1}/optional_dependencies/${pad + 6}`],
      ],
      `pad ${pad}`,
    );
  }
});
