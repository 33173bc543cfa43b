/**
 * parseDocName / scanDocName read names by scanning their characters where a feature is given (and by regular
 * expressions where it is not): both must agree with the grammar written as regular expressions, name for name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docNameParts, parseDocName, scanDocName, type ParsedName } from '../scripts/lib/filenames.ts';

/** The grammar as regular expressions (the reference the scan must match). */
function referenceParse(name: string, feature?: string): ParsedName | null {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const f = feature === undefined ? '(.+?)' : `(${esc(feature)})`;
  const sfx = String.raw`((?:_[A-Za-z0-9]+)*)`;
  let m: RegExpExecArray | null;
  if ((m = /^APPROVED_(\d+)\.md$/.exec(name))) return { kind: 'approved', name, code: m[1] as string };
  if ((m = /^FIX_(\d+)_RESOLUTION\.md$/.exec(name))) return { kind: 'fix_resolution', name, code: m[1] as string };
  if ((m = /^FIX_(\d+)\.md$/.exec(name))) return { kind: 'fix', name, code: m[1] as string };
  if ((m = /^SKIPPED_(\d+)\.md$/.exec(name))) return { kind: 'skipped', name, code: m[1] as string };
  if ((m = new RegExp(`^EXECUTION_TASK_${f}_(\\d+)_(\\d+)${sfx}\\.md$`).exec(name))) {
    const out: ParsedName = { kind: 'execution', name, feature: m[1] as string, code: m[2] as string, exec: m[3] as string };
    if (m[4]) out.suffix = m[4].slice(1);
    return out;
  }
  if ((m = new RegExp(`^SUBPLAN_${f}_(\\d+)${sfx}\\.md$`).exec(name))) {
    const out: ParsedName = { kind: 'subplan', name, feature: m[1] as string, code: m[2] as string };
    if (m[3]) out.suffix = m[3].slice(1);
    return out;
  }
  if ((m = /^PLAN_(.+)\.md$/.exec(name))) return { kind: 'plan', name, feature: m[1] as string };
  return null;
}

const FEATURES = ['FOO', 'FOO_BAR', 'A.B', 'PHASE_2', '', 'F1', 'BENCH'];
const PREFIXES = ['SUBPLAN_', 'EXECUTION_TASK_', 'APPROVED_', 'FIX_', 'SKIPPED_', 'PLAN_', 'SUBPLAN', 'EXECUTION_', 'S', 'E', 'P', ''];
const PIECES = ['1', '12', '007', '_', '_01', '_V2', '_ARCHIVED', '_RESOLUTION', 'RESOLUTION', '.md', '.MD', '.md.bak', '.m', 'x', 'é', '٣', '\n', '\u0010', '-', '.', ' ', 'FOO', '_FOO', 'BAR', '_2', '__'];

/** A small deterministic generator (xorshift). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function* names(count: number): Generator<string> {
  const r = rng(0x9e3779b9);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  for (let k = 0; k < count; k++) {
    let s = pick(PREFIXES);
    if (r() < 0.7) s += pick(FEATURES);
    const n = Math.floor(r() * 6);
    for (let j = 0; j < n; j++) s += pick(PIECES);
    if (r() < 0.6) s += '.md';
    yield s;
  }
}

const FIXED = [
  'SUBPLAN_FOO_12.md', 'SUBPLAN_FOO_12_05.md', 'SUBPLAN_FOO_12_.md', 'SUBPLAN_FOO_12__V2.md', 'SUBPLAN_FOO__12.md', 'SUBPLAN__12.md',
  'SUBPLAN_FOO_12_ARCHIVED.md', 'SUBPLAN_FOO_12_NESTED_ARCHIVED.md', 'SUBPLAN_FOO_BAR_12.md', 'SUBPLAN_FOO_12\u0010.md', 'SUBPLAN_FOO_12_\u0010.md',
  'EXECUTION_TASK_FOO_12_01.md', 'EXECUTION_TASK_FOO_12.md', 'EXECUTION_TASK_FOO_12_01_V2.md', 'EXECUTION_TASK_FOO_12__01.md', 'EXECUTION_TASK_FOO_12_01_.md',
  'EXECUTION_TASK_FOO_BAR_12_01.md', 'EXECUTION_TASK_PHASE_2_12_01.md', 'EXECUTION_TASK__1_1.md',
  'APPROVED_1.md', 'APPROVED_.md', 'APPROVED_1.md.md', 'APPROVED_1_V2.md', 'FIX_1.md', 'FIX_1_RESOLUTION.md', 'FIX__RESOLUTION.md', 'FIX_1_RESOLUTION.MD', 'FIX_1_RESOLUTIONS.md',
  'SKIPPED_3.md', 'SKIPPED_3x.md', 'SKIPPED_.md', 'PLAN_X.md', 'PLAN_.md', 'PLAN_\n.md', 'PLAN_A.md\n', 'SUBPLAN_FOO_12.md\n', 'APPROVED_12.md\n', '', 'A', 'F', 'S',
];

test('parseDocName agrees with the grammar written as regular expressions (generated names, every feature)', () => {
  let documents = 0;
  for (const name of [...FIXED, ...names(40_000)]) {
    for (const feature of [undefined, ...FEATURES]) {
      const want = referenceParse(name, feature);
      assert.deepEqual(parseDocName(name, feature), want, `${JSON.stringify(name)} with feature ${JSON.stringify(feature)}`);
      if (want) documents++;
    }
  }
  assert.ok(documents > 5_000, `the generator yields documents too (${documents})`);
});

test('scanDocName fills one parts object, clearing what the previous name set', () => {
  const parts = docNameParts();
  assert.equal(scanDocName('EXECUTION_TASK_FOO_12_03_V2.md', 'FOO', parts), true);
  assert.deepEqual(parts, { kind: 'execution', code: '12', feature: 'FOO', exec: '03', suffix: 'V2' });
  assert.equal(scanDocName('SUBPLAN_FOO_7.md', 'FOO', parts), true);
  assert.deepEqual(parts, { kind: 'subplan', code: '7', feature: 'FOO', exec: undefined, suffix: undefined });
  assert.equal(scanDocName('EXECUTION_TASK_FOO_12_03_V2.md', undefined, parts), true);
  assert.equal(scanDocName('APPROVED_31.md', 'FOO', parts), true);
  assert.deepEqual(parts, { kind: 'approved', code: '31', feature: undefined, exec: undefined, suffix: undefined });
  assert.equal(scanDocName('PLAN_FOO.md', 'FOO', parts), true);
  assert.deepEqual(parts, { kind: 'plan', code: '', feature: 'FOO', exec: undefined, suffix: undefined });
  assert.equal(scanDocName('README.md', 'FOO', parts), false);
});
