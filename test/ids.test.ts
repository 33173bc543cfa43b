/**
 * Unit tests for scripts/lib/ids.ts — the achievement id codec (generation.md §1.2, §8 item 13; corpus.md A2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codecFor, compareIds, encodeId, guessIdFromCode, ID_PATTERN, ID_SOURCE, isAchievementId } from '../scripts/lib/ids.ts';

// ---------------------------------------------------------------------------------------------------------------
// Grammar: two or three dotted decimal parts.
// ---------------------------------------------------------------------------------------------------------------
const idCases: Array<{ name: string; input: string; expected: boolean }> = [
  { name: 'two parts', input: '1.1', expected: true },
  { name: 'zero major', input: '0.1', expected: true },
  { name: 'zero zero', input: '0.0', expected: true },
  { name: 'two-digit parts', input: '99.99', expected: true },
  { name: 'two-digit major', input: '10.2', expected: true },
  { name: 'three parts (ENTITY-RESOLUTION 3.5.1)', input: '3.5.1', expected: true },
  { name: 'four parts rejected', input: '1.10.1.2', expected: false },
  { name: 'single number rejected', input: '2', expected: false },
  { name: 'letters rejected', input: 'abc', expected: false },
  { name: 'trailing dot rejected', input: '1.', expected: false },
  { name: 'leading dot rejected', input: '.1', expected: false },
  { name: 'letter suffix (Sub-Achievement 2.8a) rejected', input: '2.8a', expected: false },
  { name: 'surrounding white space rejected', input: ' 1.1', expected: false },
  { name: 'range rejected', input: '2.1-2.3', expected: false },
  { name: 'empty rejected', input: '', expected: false },
];
for (const c of idCases) {
  test(`isAchievementId: ${c.name} (${JSON.stringify(c.input)})`, () => {
    assert.equal(isAchievementId(c.input), c.expected);
    assert.equal(ID_PATTERN.test(c.input), c.expected);
  });
}

const sourceCases: Array<{ name: string; text: string; expected: string | null }> = [
  { name: 'embedded two-part id', text: 'Achievement 2.1: Title', expected: '2.1' },
  { name: 'embedded three-part id', text: 'Achievement 3.5.1: Title', expected: '3.5.1' },
  { name: 'greedy on two-digit minor', text: 'Achievement 1.10 x', expected: '1.10' },
  { name: 'no id', text: 'Achievement two', expected: null },
];
for (const c of sourceCases) {
  test(`ID_SOURCE inside a larger pattern: ${c.name}`, () => {
    const m = new RegExp(`Achievement (${ID_SOURCE})`).exec(c.text);
    assert.equal(m ? m[1] : null, c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Compact code: the dots removed (§1.2 table).
// ---------------------------------------------------------------------------------------------------------------
const encodeCases: Array<{ id: string; code: string }> = [
  { id: '0.1', code: '01' },
  { id: '3.1', code: '31' },
  { id: '2.4', code: '24' },
  { id: '10.2', code: '102' },
  { id: '1.10', code: '110' },
  { id: '1.11', code: '111' },
  { id: '11.1', code: '111' },
  { id: '3.5.1', code: '351' },
];
for (const c of encodeCases) {
  test(`encodeId ${c.id} → ${c.code}`, () => {
    assert.equal(encodeId(c.id), c.code);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Ordering: numeric, part by part.
// ---------------------------------------------------------------------------------------------------------------
const compareCases: Array<{ a: string; b: string; sign: -1 | 0 | 1 }> = [
  { a: '1.2', b: '1.10', sign: -1 },
  { a: '1.10', b: '2.0', sign: -1 },
  { a: '1.2', b: '2.0', sign: -1 },
  { a: '2.0', b: '1.10', sign: 1 },
  { a: '1.9', b: '1.10', sign: -1 },
  { a: '9.9', b: '10.1', sign: -1 },
  { a: '1.2', b: '1.2', sign: 0 },
  { a: '0.1', b: '0.1', sign: 0 },
  { a: '3.5', b: '3.5.1', sign: -1 },
  { a: '3.5.1', b: '3.5', sign: 1 },
  { a: '3.5.1', b: '3.5.2', sign: -1 },
  { a: '3.5.2', b: '3.5.10', sign: -1 },
  { a: '3.5.10', b: '3.6', sign: -1 },
  { a: '3.5.9', b: '3.10', sign: -1 },
  // Beyond 2^53 a part is no longer exact as a JavaScript number: compared as digit strings.
  { a: '1.100000000000000000000', b: '1.100000000000000000001', sign: -1 },
  { a: '1.9007199254740993', b: '1.9007199254740992', sign: 1 },
  { a: '123456789012345678901234567890.1', b: '123456789012345678901234567891.1', sign: -1 },
  { a: '2.99999999999999999999', b: '10.1', sign: -1 },
  { a: '1.99999999999999999999', b: '1.100000000000000000000', sign: -1 },
  // Leading zeros do not count: equal values, then the longer value is the larger.
  { a: '1.02', b: '1.2', sign: 0 },
  { a: '1.007', b: '1.10', sign: -1 },
  { a: '01.10', b: '1.9', sign: 1 },
  { a: '0.0', b: '0.00', sign: 0 },
];
for (const c of compareCases) {
  test(`compareIds(${c.a}, ${c.b}) has sign ${c.sign}`, () => {
    assert.equal(Math.sign(compareIds(c.a, c.b)), c.sign);
    assert.equal(Math.sign(compareIds(c.b, c.a)), -c.sign || 0);
  });
}

test('compareIds sorts a mixed list of 2- and 3-level ids numerically', () => {
  const sorted = ['2.0', '1.10', '1.2', '3.5.1', '3.5', '0.1', '3.10', '3.5.10', '3.5.2'].sort(compareIds);
  assert.deepEqual(sorted, ['0.1', '1.2', '1.10', '2.0', '3.5', '3.5.1', '3.5.2', '3.5.10', '3.10']);
});

test('compareIds keeps huge ids in numeric order (no precision loss)', () => {
  const ids = ['1.100000000000000000001', '1.100000000000000000000', '1.99999999999999999999', '1.9007199254740993', '1.9007199254740992'];
  assert.deepEqual([...ids].sort(compareIds), ['1.9007199254740992', '1.9007199254740993', '1.99999999999999999999', '1.100000000000000000000', '1.100000000000000000001']);
});

// ---------------------------------------------------------------------------------------------------------------
// Codec over a plan's ids: decode through the known ids, report collisions.
// ---------------------------------------------------------------------------------------------------------------
const planIds = ['0.1', '1.1', '1.10', '1.11', '2.1', '3.5.1', '10.2', '11.0', '11.1'];
const decodeCases: Array<{ name: string; code: string; expected: string[] }> = [
  { name: 'plain code', code: '21', expected: ['2.1'] },
  { name: 'leading zero', code: '01', expected: ['0.1'] },
  { name: 'two-digit major decodes to 10.2 (not the legacy 1.02)', code: '102', expected: ['10.2'] },
  { name: 'three-level id', code: '351', expected: ['3.5.1'] },
  { name: 'collision 1.11 / 11.1', code: '111', expected: ['1.11', '11.1'] },
  { name: 'collision 1.10 / 11.0', code: '110', expected: ['1.10', '11.0'] },
  { name: 'unknown code', code: '99', expected: [] },
  { name: 'empty code', code: '', expected: [] },
];
for (const c of decodeCases) {
  test(`codecFor.decode: ${c.name} (${c.code})`, () => {
    assert.deepEqual(codecFor(planIds).decode(c.code), c.expected);
  });
}

test('codecFor reports exactly the colliding codes, with their ids in plan order', () => {
  const codec = codecFor(planIds);
  assert.deepEqual(codec.collisions, [
    { code: '110', ids: ['1.10', '11.0'] },
    { code: '111', ids: ['1.11', '11.1'] },
  ]);
});

test('codecFor: a repeated id is not a collision with itself', () => {
  const codec = codecFor(['2.1', '2.1', '2.2']);
  assert.deepEqual(codec.collisions, []);
  assert.deepEqual(codec.decode('21'), ['2.1']);
});

test('codecFor: no ids → no collisions, nothing decodes', () => {
  const codec = codecFor([]);
  assert.deepEqual(codec.collisions, []);
  assert.deepEqual(codec.decode('11'), []);
});

test('codecFor: the collision lists are copies; mutating them does not change decoding', () => {
  const codec = codecFor(['1.11', '11.1']);
  const first = codec.collisions[0];
  assert.ok(first);
  first.ids.push('9.9');
  assert.deepEqual(codec.decode('111'), ['1.11', '11.1']);
});

// ---------------------------------------------------------------------------------------------------------------
// Legacy guess (first digit major): only for messages.
// ---------------------------------------------------------------------------------------------------------------
const guessCases: Array<{ code: string; expected: string }> = [
  { code: '21', expected: '2.1' },
  { code: '01', expected: '0.1' },
  { code: '99', expected: '9.9' },
  { code: '102', expected: '1.02' },
  { code: '351', expected: '3.51' },
  { code: '9', expected: '9' },
  { code: '', expected: '' },
];
for (const c of guessCases) {
  test(`guessIdFromCode ${JSON.stringify(c.code)} → ${JSON.stringify(c.expected)}`, () => {
    assert.equal(guessIdFromCode(c.code), c.expected);
  });
}
