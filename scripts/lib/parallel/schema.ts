/**
 * Schema checks: schemas/parallel.schema.json compiled at build time (`npm run gen:types` → ajv standalone code in
 * generated/parallel.validate.js), so nothing compiles a schema at start-up. Ajv's errors become diagnostics with
 * the toolkit's codes and messages that name the field as written in the file.
 */
import type { ErrorObject } from 'ajv';
import validateParallel from '../../../generated/parallel.validate.js';
import { parsePointer } from '../json.ts';
import { HOURS_BOUND_HINT, HOURS_BOUND_REASON, hoursNumberText, parseHours, typeName, type ParallelDiagnostic } from './model.ts';
import type { Normalized } from './normalize.ts';

export interface SchemaContext {
  normalized: Normalized;
  /** Source text of the number at a canonical pointer (to quote `1.10` rather than `1.1`). */
  rawNumber(canonicalPointer: string): string | undefined;
  /**
   * When the loader has checked the achievement items already: the indexes (ascending) of those it could not
   * vouch for. Only these are validated; every other item is known to be valid.
   */
  unchecked?: readonly number[];
}

/**
 * Validates the canonical document; diagnostics carry CANONICAL pointers. One diagnostic per bad value: a value of
 * the wrong type also fails the keywords meant for the right type (`"scope": 5` is no string AND not in the enum),
 * so at a pointer with a type error only that error is kept, and the enum it failed too goes into its hint. Other
 * errors at one pointer are distinct findings (two missing fields of one object) and are all kept.
 */
export function schemaDiagnostics(ctx: SchemaContext): ParallelDiagnostic[] {
  const doc = ctx.normalized.doc;
  const errors = validationErrors(doc, ctx.unchecked);
  if (!errors.length) return [];
  const wrongType = new Set<string>();
  for (const e of errors) if (e.keyword === 'type') wrongType.add(e.instancePath);
  const allowedFor = new Map<string, unknown[]>();
  for (const e of errors) if (e.keyword === 'enum' && wrongType.has(e.instancePath)) allowedFor.set(e.instancePath, (e.params as { allowedValues: unknown[] }).allowedValues ?? []);
  const out: ParallelDiagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'type' && wrongType.has(e.instancePath)) continue;
    const d = describe(e, ctx, allowedFor.get(e.instancePath));
    const key = `${d.code}|${d.pointer}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

/** An achievement's pointer in a document whose achievements were reduced to some of them. */
const IN_ACHIEVEMENTS = /^\/achievements\/(\d+)/;

/**
 * Ajv's errors for the document, in its order. With `unchecked`, the document is validated with only those
 * achievement items (the others are valid, and checking 10,000 of them again is most of the validator's work),
 * and the items' pointers are translated back to their indexes in the whole list.
 */
function validationErrors(doc: Record<string, unknown>, unchecked: readonly number[] | undefined): ErrorObject[] {
  const all = doc.achievements;
  if (!unchecked || !Array.isArray(all)) return validateParallel(doc) ? [] : (validateParallel.errors ?? []);
  const some = new Array<unknown>(unchecked.length);
  for (let j = 0; j < unchecked.length; j++) some[j] = all[unchecked[j] as number];
  // A copy of the top level (a spread defines keys as data, "__proto__" too), the same keys in the same order.
  if (validateParallel({ ...doc, achievements: some })) return [];
  return (validateParallel.errors ?? []).map((e) => {
    const m = IN_ACHIEVEMENTS.exec(e.instancePath);
    return m ? { ...e, instancePath: `/achievements/${unchecked[Number(m[1])] as number}${e.instancePath.slice(m[0].length)}` } : e;
  });
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const s of parsePointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

function expected(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  const names = list.filter((x) => x !== 'null').map((x) => (x === 'array' ? 'an array' : x === 'object' ? 'an object' : x === 'integer' ? 'an integer' : `a ${String(x)}`));
  const s = names.length <= 1 ? (names[0] ?? 'null') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return list.includes('null') ? `${s} (or null)` : s;
}

/** The hint for a value outside an enum (also given when the value has the wrong type, see schemaDiagnostics). */
function enumHint(field: string, allowed: unknown[], legacyScope: boolean): string {
  if (legacyScope) return "Use 'level_1', 'level_2' or 'level_3', or write \"scope\": \"achievement\" | \"priority\" | \"plan\".";
  if (field === 'status') return 'Status is derived from the filesystem; the simplest fix is to delete the field.';
  // Quoted: the values are strings, and "2.0" written as the number 2.0 would be wrong again.
  return `Use one of: ${allowed
    .filter((x) => x !== null)
    .map((x) => JSON.stringify(x))
    .join(', ')}.`;
}

/** An hour field (numbers bounded by MAX_HOURS, reported as E-HOURS). */
const HOUR_FIELDS: ReadonlySet<string> = new Set(['estimated_hours', 'actual_hours']);

/**
 * `describe` turns one ajv error into a diagnostic; `allowed` is the enum the value failed too when its type is
 * wrong (the type error then names the allowed values in its hint).
 */
function describe(e: ErrorObject, ctx: SchemaContext, allowed?: unknown[]): ParallelDiagnostic {
  const n = ctx.normalized;
  const pointer = e.instancePath;
  const segs = parsePointer(pointer);
  const value = valueAt(n.doc, pointer);
  // Subject: "Achievement 1.1" / "achievements[3]" for achievement fields, the field name otherwise.
  let subject = '';
  let field = segs[segs.length - 1] ?? '';
  let achievementId: string | undefined;
  let inAchievement = false;
  if (segs[0] === 'achievements' && segs.length >= 2) {
    inAchievement = true;
    const idx = Number(segs[1]);
    const rec = n.records.get(idx);
    const ach = n.items[idx] as Record<string, unknown> | undefined;
    const id = ach && typeof ach === 'object' ? ach.achievement_id : undefined;
    if (typeof id === 'string' && /^\d+\.\d+/.test(id)) {
      subject = `Achievement ${id}`;
      achievementId = id;
    } else subject = `achievements[${idx}]`;
    if (segs.length >= 3) field = rec?.aliases.get(segs[2] as string) ?? (segs[2] as string);
  } else if (segs.length === 1) {
    field = n.topAliases.get(segs[0] as string) ?? (segs[0] as string);
  } else if (segs.length > 1) field = segs.join('.');
  const base = { pointer, ...(achievementId ? { achievementId } : {}) };
  const who = subject ? `${subject}: ` : '';
  const isDep = inAchievement && (segs[2] === 'dependencies' || segs[2] === 'optional_dependencies') && segs.length === 4;
  const isHours = inAchievement && segs.length === 3 && HOUR_FIELDS.has(segs[2] as string);
  const legacyScope = segs.length === 1 && segs[0] === 'scope' && n.topAliases.get('scope') === 'parallelization_level';
  // A number as written (1e308, not 1e+308); JSON numbers past ±1.8e308 read as Infinity, which no type accepts.
  const number = () => (typeof value === 'number' ? (ctx.rawNumber(pointer) ?? hoursNumberText(value)) : String(value));
  const negative = () => ({ code: 'E-HOURS', severity: 'error' as const, message: `${who}${field} must not be negative (found ${number()})`, hint: 'Hours are ≥ 0.', ...base });
  const tooLarge = () => ({ code: 'E-HOURS', severity: 'error' as const, message: `${who}${field} ${number()} ${HOURS_BOUND_REASON}`, hint: HOURS_BOUND_HINT, ...base });

  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const hints: Record<string, string> = {
        plan_name: 'Add "plan_name": "<FEATURE>" (the plan folder name, as in PLAN_<FEATURE>.md).',
        achievements: 'Add "achievements": [ { "achievement_id": "1.1", "dependencies": [] }, … ].',
        achievement_id: 'Add "achievement_id": "X.Y".',
        dependencies: 'Add "dependencies": [] (or the list of ids it depends on).',
        level: 'Add "level": 1 (1-based).',
      };
      const where = segs[0] === 'levels' ? `levels[${segs[1]}]: ` : who;
      return { code: 'E-REQUIRED', severity: 'error', message: `${where}missing required field '${missing}'`, hint: hints[missing] ?? `Add '${missing}'.`, ...base };
    }
    case 'type': {
      const want = (e.params as { type: unknown }).type;
      if (inAchievement && segs.length === 3 && segs[2] === 'achievement_id') {
        const raw = typeof value === 'number' ? ctx.rawNumber(pointer) : undefined;
        return {
          code: 'E-ID-FORMAT',
          severity: 'error',
          message: `${who}achievement_id must be a string like "1.1", not ${raw !== undefined ? `the JSON number ${raw}` : typeName(value)}`,
          hint: raw !== undefined ? `Write it as a string: "${raw}" (as a number, 1.10 would read as 1.1).` : 'Write the id as a string "X.Y".',
          ...base,
        };
      }
      if (isDep) {
        const raw = typeof value === 'number' ? ctx.rawNumber(pointer) : undefined;
        return {
          code: 'E-DEP-FORMAT',
          severity: 'error',
          message: `${who}invalid dependency ID format in '${field}': ${raw !== undefined ? `the JSON number ${raw}` : typeName(value)}; ids are strings like "1.1"`,
          hint: raw !== undefined ? `Write it as a string: "${raw}".` : 'Use the string id of the achievement it depends on.',
          ...base,
        };
      }
      if (inAchievement && segs.length === 2) {
        return { code: 'E-TYPE', severity: 'error', message: `${subject}: must be an object, not ${typeName(value)}`, hint: 'Each achievement is an object: { "achievement_id": "1.1", "dependencies": [] }.', ...base };
      }
      // Only a number past ±1.8e308 (read as ±Infinity) fails the type of an hour field.
      if (isHours && typeof value === 'number') return (value as number) < 0 ? negative() : tooLarge();
      if (inAchievement && segs[2] === 'estimated_hours' && segs.length === 3) {
        return { code: 'E-HOURS', severity: 'error', message: `${who}estimated_hours must be a number or a string like "4-6", not ${typeName(value)}`, hint: 'Write 3.5, or "4-6" for a range.', ...base };
      }
      const fieldName = inAchievement ? `'${field}'${segs.length > 3 ? `[${segs.slice(3).join('.')}]` : ''}` : `'${field}'`;
      const wantsArray = want === 'array' || (Array.isArray(want) && want[0] === 'array');
      const found = typeof value === 'number' && !Number.isFinite(value) ? `the number ${number()}, too large to represent` : typeName(value);
      return {
        code: 'E-TYPE',
        severity: 'error',
        message: `${who}Field ${fieldName} must be ${expected(want)}, not ${found}`,
        hint: allowed ? enumHint(field, allowed, legacyScope) : wantsArray ? 'Change it to a JSON array: [] (a string is not split into ids).' : `Change it to ${expected(want)}.`,
        ...base,
      };
    }
    case 'enum': {
      const values = (e.params as { allowedValues: unknown[] }).allowedValues ?? [];
      if (legacyScope) {
        return { code: 'E-ENUM', severity: 'error', message: `Invalid parallelization_level: ${JSON.stringify(value)}. Must be one of: level_1, level_2, level_3`, hint: enumHint(field, values, true), ...base };
      }
      return {
        code: 'E-ENUM',
        severity: 'error',
        message: `${who}Invalid ${field}: ${JSON.stringify(value)}. Must be one of: ${values.filter((x) => x !== null).join(', ')}`,
        hint: enumHint(field, values, false),
        ...base,
      };
    }
    case 'pattern': {
      if (inAchievement && segs.length === 3 && segs[2] === 'achievement_id') {
        return {
          code: 'E-ID-FORMAT',
          severity: 'error',
          message: `${who}Invalid achievement_id format: ${JSON.stringify(value)}. Must match the pattern X.Y (e.g. "1.1", "2.3")`,
          hint: 'Use the dotted id of the achievement as the PLAN writes it.',
          ...base,
        };
      }
      if (isDep) {
        return {
          code: 'E-DEP-FORMAT',
          severity: 'error',
          message: `${who}Invalid dependency ID format in '${field}': ${JSON.stringify(value)}. Must match the pattern X.Y (e.g. "1.1", "2.3")`,
          hint: 'List the dotted ids of the achievements it depends on.',
          ...base,
        };
      }
      if (inAchievement && segs[2] === 'estimated_hours') {
        // Strings the normaliser could not read: the hour parser says why (no estimate, backwards, past the bound).
        const p = parseHours(value);
        if (!p.ok) return { code: 'E-HOURS', severity: 'error', message: `${who}estimated_hours: ${p.reason}`, hint: p.hint, ...base };
        return { code: 'E-HOURS', severity: 'error', message: `${who}estimated_hours ${JSON.stringify(value)} is not an hour estimate`, hint: 'Write 3.5, "4-6" or "4-6 hours".', ...base };
      }
      if (segs[0] === 'levels') {
        return { code: 'E-ID-FORMAT', severity: 'error', message: `levels[${segs[1]}]: invalid achievement id ${JSON.stringify(value)}. Must match the pattern X.Y`, hint: 'List achievement ids such as "1.1".', ...base };
      }
      return { code: 'E-REQUIRED', severity: 'error', message: `${who}'${field}' is empty`, hint: `Give '${field}' a value.`, ...base };
    }
    case 'minimum': {
      const limit = (e.params as { limit: number }).limit;
      if (isHours) return negative();
      return { code: 'E-RANGE', severity: 'error', message: `${who}'${field}' must be at least ${limit} (found ${number()})`, hint: `Use a value ≥ ${limit}.`, ...base };
    }
    case 'maximum': {
      const limit = (e.params as { limit: number }).limit;
      if (isHours) return tooLarge();
      return { code: 'E-RANGE', severity: 'error', message: `${who}'${field}' must be at most ${limit} (found ${number()})`, hint: `Use a value ≤ ${limit}.`, ...base };
    }
    default:
      return { code: 'E-SCHEMA', severity: 'error', message: `${who}'${field || '(top level)'}' ${e.message ?? 'is invalid'}`, hint: 'See schemas/parallel.schema.json.', ...base };
  }
}
