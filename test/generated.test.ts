/**
 * generated/ is produced by `npm run gen:types` from schemas/ and must never be stale or edited by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { generate } from '../build/gen-types.ts';

const GENERATED = new URL('../generated/', import.meta.url).pathname;

test('generated/ matches what npm run gen:types produces from schemas/', { timeout: 60_000 }, async () => {
  const expected = await generate();
  const onDisk = readdirSync(GENERATED).sort();
  assert.deepEqual(onDisk, [...expected.keys()].sort(), 'file list differs: run npm run gen:types');
  for (const [name, text] of expected) assert.equal(readFileSync(GENERATED + name, 'utf8'), text, `${name} is stale: run npm run gen:types`);
});
