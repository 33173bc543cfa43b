/**
 * Lenient reader: turns every parallel.json shape seen in practice (parallel.md §1.2–1.4) into the canonical v2
 * shape (§1.5) before validation. Each normalisation is reported as an `info` diagnostic (aggregated per kind, so
 * a 10,000-achievement file gives a handful of lines, not thousands). Unknown keys are kept, in their order.
 *
 * Shapes accepted:
 *   - the implemented shape: `plan_name`, `parallelization_level` (level_1|2|3), flat `achievements[]`;
 *   - the seed shape: `plan`, `version`, `created`, `levels[{level, achievements:[{id, title, status, …}]}]`;
 *   - the README shape: `plan`, `achievements[{id, name, dependencies, estimated_hours: "3-4"}]`;
 *   - hour strings ("4-6", "4-6 hours", "4h", "4–6 h"), `null` optionals, `analysis_notes`.
 *
 * `null` means "absent" for every optional field (§1.5): a null `scope` or `schema_version` gets the default an
 * absent one gets (with the same I-DEFAULT info), a null legacy key beside its canonical one is dropped, a null
 * canonical key gives way to its legacy one, and a null `dependencies` is read like a missing one. Other null
 * optionals stay as they are (the schema accepts null for each); null required fields stay errors.
 *
 * Values of the wrong type are left in place so that the schema check reports them where they are.
 * Pointers in diagnostics made here are SOURCE pointers (into the file as written).
 */
import { isAchievementId } from '../ids.ts';
import { joinPointer, parsePointer, type KeyTally } from '../json.ts';
import { LEGACY_SCOPE, MAX_HOURS, parseHours, SCHEMA_VERSION, SCOPES, type ParallelDiagnostic } from './model.ts';

/** Where an achievement item comes from, when that is not `/achievements/<index>` with its keys as written. */
export interface AchievementRecord {
  /** Source pointer of the item. */
  src: string;
  /** Canonical key → key used in the file. */
  aliases: ReadonlyMap<string, string>;
  /** From a seed `levels[]` entry the achievement was defined in. */
  declaredLevel?: number;
}

export interface Normalized {
  doc: Record<string, unknown>;
  /**
   * The canonical achievement items in order: `doc.achievements` when it is an array (the file's own array when no
   * item needed a renamed copy), the members of the seed's levels[] otherwise; objects or, as written, other values.
   */
  items: readonly unknown[];
  /**
   * By index in `items`: the items with renamed keys or from a seed level. Every other item is where the canonical
   * document has it, `/achievements/<index>`, with its keys as written (see toSourcePointer).
   */
  records: ReadonlyMap<number, AchievementRecord>;
  /** Canonical top-level key → key used in the file. */
  topAliases: Map<string, string>;
  diagnostics: ParallelDiagnostic[];
  /** The file shape, for messages. */
  shape: 'flat' | 'levels' | 'other';
  /**
   * With a flat achievements array: 1 at the index of each item in the shape the toolkit writes (see shapedKeys).
   * Such an item is used as written and its fields need no second type check; its id and dependencies are
   * still unchecked.
   */
  shaped?: Uint8Array;
}

const TOP_HEAD = ['schema_version', 'plan_name', 'scope', 'created_date', 'max_parallelism'] as const;
const ACH_ORDER = [
  'achievement_id',
  'title',
  'priority',
  'dependencies',
  'optional_dependencies',
  'estimated_hours',
  'actual_hours',
  'started_at',
  'completed_at',
  'assigned_at',
  'executor',
  'status',
] as const;
/** Legacy key → canonical key. */
const TOP_ALIAS: Record<string, string> = { plan: 'plan_name', parallelization_level: 'scope', created: 'created_date', analysis_notes: 'notes', version: 'schema_version' };
const ACH_ALIAS: Record<string, string> = { id: 'achievement_id', name: 'title' };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(o: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** Collects repeated normalisations into one diagnostic each. */
class Notes {
  private readonly groups = new Map<string, { d: ParallelDiagnostic; count: number; examples: string[] }>();
  add(key: string, make: () => ParallelDiagnostic, example?: string): void {
    const g = this.groups.get(key);
    if (g) {
      g.count++;
      if (example && g.examples.length < 3) g.examples.push(example);
    } else this.groups.set(key, { d: make(), count: 1, examples: example ? [example] : [] });
  }
  flush(): ParallelDiagnostic[] {
    return [...this.groups.values()].map(({ d, count, examples }) => ({
      ...d,
      message: d.message.replace('{n}', String(count)).replace('{s}', count === 1 ? '' : 's') + (examples.length > 1 ? ` (e.g. ${examples.join(', ')})` : ''),
    }));
  }
}

function info(code: string, message: string, pointer: string, hint?: string): ParallelDiagnostic {
  return { code, severity: 'info', message, pointer, ...(hint ? { hint } : {}) };
}

export interface NormalizeOptions {
  strict?: boolean;
}

/**
 * Normalises a parsed root object. The caller has checked that `raw` is an object. With `tally` (its deferred
 * containers being the items of a flat achievements array), the keys of every item are added to it here, except
 * those inside the dependency lists of shaped items (the loader counts those it does not find to hold ids only).
 */
export function normalize(raw: Record<string, unknown>, opts: NormalizeOptions = {}, tally?: KeyTally): Normalized {
  const diagnostics: ParallelDiagnostic[] = [];
  const notes = new Notes();
  const topAliases = new Map<string, string>();
  const picked = new Map<string, unknown>();
  const consumed = new Set<string>();

  const given = (k: string) => has(raw, k) && raw[k] !== null;
  // Top-level aliases: the canonical key wins; a differing alias value is kept under its own name and reported.
  for (const [alias, canon] of Object.entries(TOP_ALIAS)) {
    if (!has(raw, alias)) continue;
    // A null legacy key says nothing: dropped (the defaulted scope and schema_version are filled in below).
    if (raw[alias] === null && (has(raw, canon) || alias === 'parallelization_level' || alias === 'version')) {
      consumed.add(alias);
      continue;
    }
    if (given(canon)) {
      const same =
        alias === 'parallelization_level' ? typeof raw[alias] === 'string' && LEGACY_SCOPE[raw[alias] as string] === raw[canon] : JSON.stringify(raw[alias]) === JSON.stringify(raw[canon]);
      if (alias === 'version' || same) {
        if (alias !== 'version') consumed.add(alias);
        continue;
      }
      diagnostics.push({
        code: 'W-ALIAS-CONFLICT',
        severity: 'warning',
        message: `Both '${canon}' and its legacy name '${alias}' are present with different values; '${canon}' is used`,
        pointer: `/${alias}`,
        hint: `Remove '${alias}'.`,
      });
      continue;
    }
    consumed.add(alias);
    topAliases.set(canon, alias);
    const v = raw[alias];
    if (alias === 'parallelization_level') {
      const mapped = typeof v === 'string' ? LEGACY_SCOPE[v] : undefined;
      picked.set('scope', mapped ?? v);
      if (mapped) diagnostics.push(info('I-ALIAS', `parallelization_level "${v as string}" read as scope "${mapped}"`, '/parallelization_level'));
    } else if (alias === 'version') {
      picked.set('schema_version', SCHEMA_VERSION);
      diagnostics.push(info('I-VERSION', `version ${JSON.stringify(v)} (seed format) replaced by schema_version "${SCHEMA_VERSION}"`, '/version'));
    } else {
      picked.set(canon, v);
      diagnostics.push(info('I-ALIAS', `'${alias}' read as '${canon}'`, `/${alias}`));
    }
  }
  if (has(raw, 'scope') && typeof raw.scope === 'string' && !(SCOPES as readonly string[]).includes(raw.scope) && LEGACY_SCOPE[raw.scope]) {
    picked.set('scope', LEGACY_SCOPE[raw.scope]);
    diagnostics.push(info('I-ALIAS', `scope "${raw.scope}" read as "${LEGACY_SCOPE[raw.scope]}"`, '/scope'));
  }
  // The key holding null in place of a defaulted field, if any (it is named in the info).
  const nullKey = (canon: string, alias: string) => (has(raw, canon) ? canon : has(raw, alias) ? alias : undefined);
  if (!given('scope') && !picked.has('scope')) {
    picked.set('scope', 'plan');
    const k = nullKey('scope', 'parallelization_level');
    diagnostics.push(
      k
        ? info('I-DEFAULT', `${k} is null (read as absent): scope "plan" (the whole plan, level_3) assumed`, `/${k}`)
        : info('I-DEFAULT', 'scope not stated (neither scope nor parallelization_level): "plan" (the whole plan, level_3) assumed', ''),
    );
  }
  if (!given('schema_version') && !picked.has('schema_version')) {
    picked.set('schema_version', SCHEMA_VERSION);
    const k = nullKey('schema_version', 'version');
    diagnostics.push(
      k
        ? info('I-DEFAULT', `${k} is null (read as absent): schema_version "${SCHEMA_VERSION}" assumed`, `/${k}`)
        : info('I-DEFAULT', `schema_version "${SCHEMA_VERSION}" assumed (the file does not say)`, ''),
    );
  }

  // Achievements: the flat array, or flattened from the seed's levels[].
  const records = new Map<number, AchievementRecord>();
  let items: unknown[] = [];
  let shape: Normalized['shape'] = 'other';
  let achievements: unknown;
  let levels: unknown = raw.levels;
  let shaped: Uint8Array | undefined;
  const levelsAreArray = Array.isArray(raw.levels);
  // A null achievements beside a seed levels[] is absent (built from the levels); alone it stays an error.
  if (has(raw, 'achievements') && !(raw.achievements === null && levelsAreArray)) {
    shape = 'flat';
    if (Array.isArray(raw.achievements)) {
      // Most items are used as written: no record, no pointer string; the file's array is copied only when an item
      // is replaced by its normalised copy.
      const list: unknown[] = raw.achievements;
      items = list;
      shaped = new Uint8Array(list.length);
      // The walk that counts the items' keys for the duplicate-key check is this one (no second walk).
      const count = tally !== undefined && tally.deferred === list ? tally : undefined;
      // The keys of the shaped items, added once after the loop.
      let shapedSum = 0;
      for (let k = 0; k < list.length; k++) {
        const item = list[k];
        const keys = shapedKeys(item);
        if (keys >= 0) {
          shaped[k] = 1;
          shapedSum += keys;
          continue;
        }
        // Too deep: nothing may recurse into the item (the loader starts again from the full parser's error).
        if (count && !count.addValue(item, count.depth)) continue;
        if (isPlain(item)) continue;
        const src = `/achievements/${k}`;
        const { value, aliases } = normalizeAchievement(item as Record<string, unknown>, src, k, notes, opts, diagnostics);
        if (aliases.size) records.set(k, { src, aliases });
        if (items === list) items = list.slice();
        items[k] = value;
      }
      count?.add(shapedSum);
      achievements = items;
    } else achievements = raw.achievements;
    if (levelsAreArray) levels = reduceLevels(raw.levels as unknown[], notes);
  } else if (levelsAreArray) {
    shape = 'levels';
    const flat: unknown[] = [];
    const lv = raw.levels as unknown[];
    const newLevels: unknown[] = [];
    lv.forEach((level, li) => {
      if (!isObject(level) || !Array.isArray(level.achievements)) {
        newLevels.push(level);
        return;
      }
      const declared = typeof level.level === 'number' && Number.isInteger(level.level) ? level.level : undefined;
      const members = level.achievements.map((item, mi) => {
        if (!isObject(item)) return item;
        const src = `/levels/${li}/achievements/${mi}`;
        const { value, aliases } = isPlain(item) ? { value: item, aliases: NO_ALIASES } : normalizeAchievement(item, src, flat.length, notes, opts, diagnostics);
        records.set(flat.length, declared !== undefined ? { src, aliases, declaredLevel: declared } : { src, aliases });
        flat.push(value);
        const id = value.achievement_id;
        return id === undefined ? item : id;
      });
      newLevels.push({ ...level, achievements: members });
    });
    achievements = items = flat;
    levels = newLevels;
    topAliases.set('achievements', 'levels');
    diagnostics.push(
      info('I-LEVELS', `achievements built from levels[] (seed format): ${flat.length} achievement${flat.length === 1 ? '' : 's'} in ${lv.length} levels[] entr${lv.length === 1 ? 'y' : 'ies'}`, '/levels', 'normalize_parallel_json --write stores them as a flat achievements[] list; levels[] keeps the ids.'),
    );
  }

  // Assemble in canonical order: head keys, then the file's keys in their order (aliases renamed in place).
  const doc: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (k === '__proto__') Object.defineProperty(doc, k, { value: v, writable: true, enumerable: true, configurable: true });
    else doc[k] = v;
  };
  // A picked value is there only where the file's own key is absent or null, or (scope) a legacy value was mapped.
  for (const k of TOP_HEAD) {
    if (picked.has(k)) put(k, picked.get(k));
    else if (has(raw, k)) put(k, raw[k]);
  }
  let achievementsPlaced = false;
  for (const k of Object.keys(raw)) {
    if ((TOP_HEAD as readonly string[]).includes(k)) continue;
    const canon = consumed.has(k) ? TOP_ALIAS[k] : undefined;
    if (canon && (TOP_HEAD as readonly string[]).includes(canon)) continue;
    if (k === 'version' && consumed.has(k)) continue;
    if (k === 'achievements') {
      put('achievements', achievements);
      achievementsPlaced = true;
      continue;
    }
    if (k === 'levels') {
      if (!achievementsPlaced && achievements !== undefined) {
        put('achievements', achievements);
        achievementsPlaced = true;
      }
      put('levels', levels);
      continue;
    }
    if (canon) {
      if (picked.has(canon)) put(canon, picked.get(canon));
    }
    // A null canonical key whose legacy key supplies the value (notes: null, analysis_notes: "…"): the latter is put.
    else if (!picked.has(k)) put(k, raw[k]);
  }

  return { doc, items, records, topAliases, diagnostics: [...diagnostics, ...notes.flush()], shape, ...(shaped ? { shaped } : {}) };
}

/** `levels[].achievements` next to a flat achievements[]: member objects are reduced to their ids. */
function reduceLevels(levels: unknown[], notes: Notes): unknown[] {
  return levels.map((level, li) => {
    if (!isObject(level) || !Array.isArray(level.achievements)) return level;
    let changed = false;
    const members = level.achievements.map((m, mi) => {
      if (!isObject(m)) return m;
      const id = m.achievement_id ?? m.id;
      if (id === undefined) return m;
      changed = true;
      notes.add('levels-objects', () => info('I-LEVELS', 'levels[] member objects reduced to their ids ({n} member{s}); achievements[] defines them', `/levels/${li}/achievements/${mi}`));
      return id;
    });
    return changed ? { ...level, achievements: members } : level;
  });
}

const NO_ALIASES: ReadonlyMap<string, string> = new Map();
const ACH_ORDER_SET: ReadonlySet<string> = new Set(ACH_ORDER);

/**
 * The keys of an item in the shape the toolkit writes, or −1 for any other item. That shape is an object with
 * `achievement_id` (a string), `dependencies` (an array, its entries not looked at) and at most `title` (a string
 * or null), `priority` (an integer or null) and `estimated_hours` (a number in 0…MAX_HOURS, a string already in
 * canonical form, or null), and no other key. Such an item is plain (see isPlain) and, once its id and its
 * dependencies are well-formed ids, valid against the schema (test/perf4-load-shaped.test.ts checks both). Every
 * field is read once here, so that the common item costs one visit for normalising, checking and key counting.
 */
export function shapedKeys(item: unknown): number {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return -1;
  const o = item as Record<string, unknown>;
  // Property reads, not hasOwnProperty calls: parsed JSON holds no undefined, and none of these names is
  // inherited from Object.prototype.
  if (typeof o.achievement_id !== 'string' || !Array.isArray(o.dependencies)) return -1;
  let known = 2;
  const title = o.title;
  if (title !== undefined) {
    if (typeof title !== 'string' && title !== null) return -1;
    known++;
  }
  const priority = o.priority;
  if (priority !== undefined) {
    if (priority !== null && !Number.isInteger(priority)) return -1;
    known++;
  }
  const h = o.estimated_hours;
  if (h !== undefined) {
    if (typeof h === 'number') {
      if (!(h >= 0 && h <= MAX_HOURS)) return -1;
    } else if (typeof h === 'string') {
      const hours = parseHours(h);
      if (!hours.ok || hours.canonical !== h) return -1;
    } else if (h !== null) return -1;
    known++;
  }
  // Equal counts: no key besides those read (no legacy name, no stored or unknown field).
  return Object.keys(o).length === known ? known : -1;
}

/** An item used as it is: no object, or one with nothing to rename or convert (the common case). */
function isPlain(item: unknown): boolean {
  if (!isObject(item)) return true;
  if (has(item, 'id') || has(item, 'name') || !has(item, 'dependencies') || item.dependencies === null) return false;
  const h = item.estimated_hours;
  if (typeof h !== 'string') return true;
  const hours = parseHours(h);
  return !hours.ok || hours.canonical === h;
}

/** One achievement that is not plain (see isPlain): a renamed, converted copy. Key order is left alone here (see `canonicalOrder`). */
function normalizeAchievement(
  item: Record<string, unknown>,
  src: string,
  index: number,
  notes: Notes,
  opts: NormalizeOptions,
  diagnostics: ParallelDiagnostic[],
): { value: Record<string, unknown>; aliases: ReadonlyMap<string, string> } {
  const h = item.estimated_hours;
  const hours = typeof h === 'string' ? parseHours(h) : undefined;
  const needsHours = hours !== undefined && hours.ok && hours.canonical !== h;
  const aliases = new Map<string, string>();
  const out: Record<string, unknown> = {};
  const renamed = new Set<string>();
  for (const [alias, canon] of Object.entries(ACH_ALIAS)) {
    if (!has(item, alias)) continue;
    // null means absent: a null legacy key beside its canonical one is dropped, a null canonical key gives way.
    if (item[alias] === null && has(item, canon)) {
      renamed.add(alias);
      continue;
    }
    if (has(item, canon) && item[canon] !== null) {
      if (JSON.stringify(item[alias]) !== JSON.stringify(item[canon])) {
        diagnostics.push({
          code: 'W-ALIAS-CONFLICT',
          severity: 'warning',
          message: `Both '${canon}' and its legacy name '${alias}' are present with different values; '${canon}' is used`,
          pointer: joinPointer(src, alias),
          hint: `Remove '${alias}'.`,
        });
      } else renamed.add(alias);
      continue;
    }
    aliases.set(canon, alias);
    renamed.add(alias);
    notes.add(`alias-${alias}`, () => info('I-ALIAS', `'${alias}' read as '${canon}' in {n} achievement{s}`, joinPointer(src, alias)));
  }
  const put = (k: string, v: unknown) => {
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
    else out[k] = v;
  };
  for (const k of Object.keys(item)) {
    if (renamed.has(k)) {
      const canon = ACH_ALIAS[k] as string;
      if (aliases.get(canon) === k) put(canon, item[k]);
      continue;
    }
    if (aliases.has(k)) continue;
    put(k, item[k]);
  }
  if (!has(out, 'dependencies') || out.dependencies === null) {
    const isNull = has(out, 'dependencies');
    out.dependencies = [];
    const idText = typeof out.achievement_id === 'string' ? out.achievement_id : `#${index}`;
    diagnostics.push({
      code: 'E-REQUIRED',
      severity: opts.strict ? 'error' : 'warning',
      message: `Achievement ${idText}: ${isNull ? "required field 'dependencies' is null" : "missing required field 'dependencies'"}${opts.strict ? '' : '; read as [] (no dependencies)'}`,
      pointer: isNull ? joinPointer(src, 'dependencies') : src,
      hint: 'Add "dependencies": [] (or the list of ids it depends on).',
      ...(isAchievementId(idText) ? { achievementId: idText } : {}),
    });
  }
  if (needsHours && hours?.ok) {
    const canonical = hours.canonical;
    out.estimated_hours = canonical;
    notes.add('hours', () => info('I-HOURS', `estimated_hours written as text normalised in {n} achievement{s}: ${JSON.stringify(h)} → ${JSON.stringify(canonical)}`, joinPointer(src, 'estimated_hours')), JSON.stringify(h));
  }
  return { value: out, aliases };
}

/** The document with every achievement's keys in canonical order (for writing); other keys keep their order. */
export function canonicalOrder(n: Normalized): Record<string, unknown> {
  const doc = n.doc;
  if (!Array.isArray(doc.achievements)) return doc;
  const achievements = doc.achievements.map((a) => {
    if (!isObject(a)) return a;
    const out: Record<string, unknown> = {};
    const put = (k: string, v: unknown) => {
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
      else out[k] = v;
    };
    for (const k of ACH_ORDER) if (has(a, k)) put(k, a[k]);
    for (const k of Object.keys(a)) if (!ACH_ORDER_SET.has(k)) put(k, a[k]);
    return out;
  });
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(doc)) {
    const v = k === 'achievements' ? achievements : doc[k];
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/** Translates a pointer into the canonical document into a pointer into the file as written. */
export function toSourcePointer(n: Normalized, canonical: string): string {
  const segs = parsePointer(canonical);
  if (segs.length === 0) return '';
  if (segs[0] === 'achievements' && segs.length >= 2 && /^\d+$/.test(segs[1] as string)) {
    const k = Number(segs[1]);
    if (k < n.items.length) {
      const rec = n.records.get(k);
      const src = rec ? rec.src : `/achievements/${k}`;
      if (segs.length === 2) return src;
      const key = segs[2] as string;
      return joinPointer(src, rec?.aliases.get(key) ?? key, ...segs.slice(3));
    }
  }
  const head = n.topAliases.get(segs[0] as string) ?? (segs[0] as string);
  return joinPointer('', head, ...segs.slice(1));
}
