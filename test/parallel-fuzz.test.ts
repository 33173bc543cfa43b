/**
 * Fuzz: a seeded PRNG mutates parallel.json files (deletions, type swaps, duplicated keys, deep nesting, cycles of
 * every length, id collisions, text damage) and feeds each to the validator and the status script through their
 * real error boundary (runCommand). Every input must end in diagnostics or a result, with a documented exit code;
 * nothing may throw or reach the "internal error" path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand, styles, type Io } from '../scripts/lib/cli.ts';
import { loadParallelText } from '../scripts/lib/parallel/load.ts';
import * as validate from '../scripts/validation/validate_parallel_json.ts';
import * as status from '../scripts/workflow/get_parallel_status.ts';
import * as analyze from '../scripts/workflow/analyze_dependencies.ts';
import { AUTOMATION, doc, GRAPHRAG, workspace } from './parallel-helpers.ts';
import { mulberry32 as prng } from '../bench/prng.ts';

const SEED = 0x5eed_2026;
const CASES = 400;


const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

const bases: string[] = [
  JSON.stringify(doc('FUZZ', Array.from({ length: 12 }, (_, k) => ({ id: `${1 + (k >> 2)}.${(k % 4) + 1}`, deps: k >= 4 ? [`${k >> 2}.${(k % 4) + 1}`] : [], hours: pick([2, '2-3', '4-6 hours', 1.5]) }))), null, 2),
  JSON.stringify({ plan: 'FUZZ', version: '1.0.0', levels: [{ level: 1, can_parallelize: true, achievements: [{ id: '1.1', title: 'a' }, { id: '1.2', title: 'b' }] }, { level: 2, achievements: [{ id: '2.1', title: 'c', dependencies: ['1.1'] }] }] }, null, 2),
  JSON.stringify({ plan: 'FUZZ', achievements: [{ id: '1.1', name: 'x', dependencies: [], estimated_hours: '3-4' }, { id: '1.2', name: 'y', dependencies: ['1.1'] }] }),
];
for (const f of [GRAPHRAG, AUTOMATION]) if (existsSync(f)) bases.push(readFileSync(f, 'utf8'));

type J = unknown;

function randomValue(depth = 0): J {
  switch (int(depth > 2 ? 4 : 7)) {
    case 0:
      return pick(['', '1.1', '1.10', '11.0', 'x', 'level_9', '4-6', 'abc', '6-4', '🙂', '__proto__']);
    case 1:
      return pick([0, -1, 1.1, 1.1e308, 3.5, 1e-9]);
    case 2:
      return pick([true, false]);
    case 3:
      return null;
    case 4:
      return Array.from({ length: int(4) }, () => randomValue(depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['achievement_id', 'id', 'dependencies', 'status', 'estimated_hours', 'levels', 'k']), randomValue(depth + 1)]));
  }
}

/** All containers of a value, with their parents. */
function containers(v: J): Array<Record<string, J> | J[]> {
  const out: Array<Record<string, J> | J[]> = [];
  const stack: J[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (x && typeof x === 'object') {
      out.push(x as Record<string, J>);
      for (const c of Object.values(x as object)) stack.push(c);
    }
  }
  return out;
}

function mutate(text: string): { text: string; kind: string } {
  try {
    return mutateOnce(text);
  } catch {
    // JSON.stringify itself overflows on the deepest inputs: keep them as they are.
    return { text, kind: 'as-is' };
  }
}

function mutateOnce(text: string): { text: string; kind: string } {
  let v: J;
  try {
    v = JSON.parse(text);
  } catch {
    return { text, kind: 'as-is' };
  }
  const kind = pick(['delete', 'swap', 'dupkey', 'nest', 'cycle', 'cycle', 'collide', 'text', 'numbers', 'root']);
  const cs = containers(v);
  const c = cs.length ? pick(cs) : undefined;
  switch (kind) {
    case 'delete':
      for (let k = 0; k < 1 + int(3); k++) {
        const t = pick(containers(v));
        if (Array.isArray(t)) t.splice(int(t.length + 1), 1);
        else if (t) delete t[pick(Object.keys(t).concat(['none']))];
      }
      break;
    case 'swap':
      for (let k = 0; k < 1 + int(3); k++) {
        const t = pick(containers(v));
        if (Array.isArray(t) && t.length) t[int(t.length)] = randomValue();
        else if (t && !Array.isArray(t)) {
          const keys = Object.keys(t);
          if (keys.length) t[pick(keys)] = randomValue();
        }
      }
      break;
    case 'dupkey': {
      const s = JSON.stringify(v, null, 1);
      const at = [...s.matchAll(/\{\n/g)].map((m) => (m.index ?? 0) + 2);
      if (!at.length) return { text: s, kind };
      const pos = pick(at);
      const key = pick(['achievement_id', 'dependencies', 'plan_name', 'achievements', 'status']);
      return { text: `${s.slice(0, pos)}"${key}": ${JSON.stringify(randomValue())},\n${s.slice(pos)}`, kind };
    }
    case 'nest': {
      const depth = pick([10, 100, 511, 512, 513, 5000]);
      let inner: J = '1.1';
      for (let k = 0; k < depth; k++) inner = rand() < 0.5 ? [inner] : { k: inner };
      const s = JSON.stringify(v);
      if (c && !Array.isArray(c)) c.deep = 0;
      const t = JSON.stringify(v);
      if (!t.includes('"deep":0')) return { text: `[${s}]`, kind };
      return { text: t.replace('"deep":0', `"deep":${deepText(depth)}`), kind };
    }
    case 'cycle': {
      const achs = (v as { achievements?: J } | null)?.achievements;
      if (!Array.isArray(achs)) break;
      const objs = achs.filter((a): a is Record<string, J> => !!a && typeof a === 'object' && !Array.isArray(a) && typeof (a.achievement_id ?? a.id) === 'string');
      if (!objs.length) break;
      const len = 1 + int(objs.length);
      const start = int(objs.length - len + 1);
      const ring = objs.slice(start, start + len);
      ring.forEach((a, k) => {
        const next = ring[(k + 1) % ring.length] as Record<string, J>;
        const deps = Array.isArray(a.dependencies) ? a.dependencies : [];
        a.dependencies = [...deps, next.achievement_id ?? next.id];
      });
      break;
    }
    case 'collide': {
      const achs = (v as { achievements?: J } | null)?.achievements;
      if (Array.isArray(achs)) achs.push({ achievement_id: pick(['1.10', '11.0', '1.1']), dependencies: [] }, { achievement_id: pick(['11.0', '1.10']), dependencies: ['1.1'] });
      break;
    }
    case 'numbers':
      return { text: JSON.stringify(v).replace(/"(\d+\.\d+)"/g, (m, id) => (rand() < 0.3 ? id : m)), kind };
    case 'root':
      return { text: pick(['5', '[]', '"x"', 'null', 'true', '{}', '']), kind };
    case 'text': {
      const s = JSON.stringify(v, null, 2);
      const a = int(s.length);
      const op = int(3);
      if (op === 0) return { text: s.slice(0, a), kind: 'truncate' };
      if (op === 1) return { text: s.slice(0, a) + s.slice(a + 1 + int(20)), kind: 'cut' };
      return { text: s.slice(0, a) + pick([',', '}', ']', '"', '\\', '\u0000', '{', 'NaN', '\n']) + s.slice(a), kind: 'insert' };
    }
  }
  return { text: JSON.stringify(v, null, rand() < 0.5 ? 2 : 0), kind };
}

function deepText(depth: number): string {
  let s = '"1.1"';
  for (let k = 0; k < depth; k++) s = k % 2 ? `[${s}]` : `{"k":${s}}`;
  return s;
}

function io(cwd: string): Io & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return {
    out_,
    err_,
    out: (t) => void out_.push(t),
    err: (t) => void err_.push(t),
    errStyle: styles(false),
    outStyle: styles(false),
    env: {},
    cwd,
    stdoutIsTTY: false,
  };
}

test(`fuzz: ${CASES} mutated parallel.json files (seed ${SEED.toString(16)}) end in diagnostics and documented exit codes`, async () => {
  const { root, dir } = workspace('FUZZ', ['1.1', '1.2', '2.1'], undefined, { 'execution/feedbacks/APPROVED_11.md': 'ok', 'subplans/SUBPLAN_FUZZ_12.md': '# S' });
  const file = join(dir, 'parallel.json');
  const documented = (def: { exitCodes: Array<[number, string]> }) => new Set(def.exitCodes.map(([c]) => c));
  const kinds: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (let n = 0; n < CASES; n++) {
    let { text, kind } = mutate(pick(bases));
    if (rand() < 0.3) ({ text } = mutate(text));
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    // Library: never throws; every diagnostic is complete and positioned.
    const strict = rand() < 0.3;
    const pf = loadParallelText(text, file, { strict });
    for (const d of pf.diagnostics) {
      assert.ok(d.code && d.message && ['error', 'warning', 'info'].includes(d.severity), `case ${n} (${kind}): incomplete diagnostic`);
      assert.ok(Number.isInteger(d.line) && (d.line as number) >= 1 && Number.isInteger(d.column), `case ${n} (${kind}): ${d.code} unpositioned`);
    }
    // Scripts through their error boundary.
    writeFileSync(file, text);
    const format = pick(['text', 'json', 'sarif']);
    const argsV = [file, '--format', format, ...(strict ? ['--strict'] : []), ...(rand() < 0.3 ? ['--check-claims'] : [])];
    const v = io(root);
    const cv = await runCommand(validate.definition, argsV, validate.main, v);
    assert.ok(documented(validate.definition).has(cv), `case ${n} (${kind}): validate exit ${cv}`);
    assert.ok(!v.err_.join('').includes('internal error'), `case ${n} (${kind}): validate crashed: ${v.err_.join('')}`);
    if (format !== 'text') JSON.parse(v.out_.join(''));
    const errorsFound = pf.diagnostics.some((d) => d.severity === 'error');
    if (errorsFound) assert.equal(cv, 1, `case ${n} (${kind}): errors but exit ${cv}`);
    if (!strict && !errorsFound && !pf.diagnostics.some((d) => d.code === 'W-PLAN-NAME')) assert.equal(cv, 0, `case ${n} (${kind}): no errors but exit ${cv}`);
    const s = io(root);
    const statusJson = rand() < 0.5;
    const cs = await runCommand(status.definition, [file, ...(statusJson ? ['--format', 'json'] : []), ...(rand() < 0.3 ? ['--remaining'] : [])], status.main, s);
    assert.ok(documented(status.definition).has(cs), `case ${n} (${kind}): status exit ${cs}`);
    assert.ok(!s.err_.join('').includes('internal error'), `case ${n} (${kind}): status crashed: ${s.err_.join('')}`);
    if (statusJson) JSON.parse(s.out_.join(''));
    const lenientErrors = strict ? loadParallelText(text, file).diagnostics.some((d) => d.severity === 'error') : errorsFound;
    assert.equal(cs === 0, !lenientErrors, `case ${n} (${kind}): status reads only a valid file`);
    if (n % 4 === 0) {
      const a = io(root);
      const ca = await runCommand(analyze.definition, [file, '--format', pick(['text', 'json', 'mermaid', 'dot']), '--executors', String(1 + int(4))], analyze.main, a);
      assert.ok(documented(analyze.definition).has(ca) && !a.err_.join('').includes('internal error'), `case ${n} (${kind}): analyze ${ca}`);
    }
    const key = `${lenientErrors ? 'invalid' : 'valid'}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  // The mutations really exercise both sides and every kind.
  assert.ok((outcomes.valid ?? 0) > 20 && (outcomes.invalid ?? 0) > 100, JSON.stringify(outcomes));
  for (const k of ['delete', 'swap', 'dupkey', 'nest', 'cycle', 'collide', 'numbers', 'root']) assert.ok((kinds[k] ?? 0) > 0, `mutation ${k} used`);
});
