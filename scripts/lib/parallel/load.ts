/**
 * Loading and validating parallel.json (parallel.md §2.5): read → parse (positions, duplicate keys) → normalise
 * (lenient, info diagnostics) → schema (ajv, generated at build time) → semantic checks → graph. The semantic checks
 * run before the schema (their findings are still listed after its own): achievement items that normalise and the
 * semantic checks found valid are not validated again.
 *
 * Never throws on bad input: every problem is a diagnostic with code, severity, message, hint, JSON pointer (into
 * the file as written) and line:column. The result always carries a graph (possibly empty) so that callers can
 * go on with whatever is usable.
 */
import { codecFor, compareIds, isAchievementId } from '../ids.ts';
import { ToolError } from '../diagnostics.ts';
import { readText } from '../fsio.ts';
import { buildGraph, findCycles, layer, Walker, type CycleReport, type Graph, type Layering } from './graph.ts';
import { joinPointer, parseJsonFull, parseJsonTallied, type JsonDocument, type KeyTally, type ParseResult } from '../json.ts';
import {
  CANONICAL_HOURS,
  MAX_HOURS,
  parseHours,
  SCOPES,
  singleHours,
  typeName,
  type DeclaredLevel,
  type Hours,
  type ParallelAchievement,
  type ParallelDiagnostic,
  type Scope,
} from './model.ts';
import { normalize, toSourcePointer, type Normalized } from './normalize.ts';
import { schemaDiagnostics } from './schema.ts';

/** Largest parallel.json read (a 50,000-achievement file is about 10 MB). */
export const MAX_PARALLEL_BYTES = 64 * 1024 * 1024;

export interface LoadOptions {
  /** Missing dependencies and an empty list become errors; stored status becomes a warning. */
  strict?: boolean;
}

/** A loaded parallel.json: the semantic model of the file plus where it came from. */
export interface ParallelFile extends Semantic {
  file: string;
  json?: JsonDocument;
  normalized?: Normalized;
  /** Turns a diagnostic whose pointer is into the canonical document into one positioned in the file. */
  place(d: ParallelDiagnostic): ParallelDiagnostic;
}

export function hasErrors(ds: readonly ParallelDiagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Reads and loads a file; a missing or unreadable file is an E-FILE diagnostic. */
export function loadParallelFile(file: string, opts: LoadOptions = {}): ParallelFile {
  let text: string;
  try {
    text = readText(file, { what: 'parallel.json', maxBytes: MAX_PARALLEL_BYTES, json: true });
  } catch (err) {
    const e = err as ToolError;
    const msg = e instanceof ToolError ? e.message : String((err as Error)?.message ?? err);
    return emptyResult(file, [
      { code: 'E-FILE', severity: 'error', message: msg.replace(/^parallel\.json not found/, 'File not found'), file, line: 1, column: 1, pointer: '', hint: e instanceof ToolError && e.fix ? e.fix : 'Check the path.' },
    ]);
  }
  return loadParallelText(text, file, opts);
}

function emptyResult(file: string, diagnostics: ParallelDiagnostic[]): ParallelFile {
  const graph = buildGraph([], []);
  return {
    file,
    achievements: [],
    byId: new Map(),
    levels: [],
    scope: 'plan',
    graph,
    layering: layer(graph),
    cycles: { cycles: [], acyclic: true },
    diagnostics,
    place: (d) => ({ ...d, file }),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Loads parallel.json text. */
export function loadParallelText(text: string, file: string, opts: LoadOptions = {}): ParallelFile {
  // The achievement objects are walked by the loader itself, which counts their keys on the way.
  const parsed = parseJsonTallied(text, 'achievements');
  if (!parsed.ok) return syntaxError(parsed, file);
  const loaded = loadDocument(parsed.doc, file, opts, parsed.tally);
  if (loaded) return loaded;
  // A duplicate key or a container nested too deep: the full parser reports them (the latter as a syntax error).
  const full = parseJsonFull(text);
  if (!full.ok) return syntaxError(full, file);
  return loadDocument(full.doc, file, opts, undefined) as ParallelFile;
}

function syntaxError(parsed: Extract<ParseResult, { ok: false }>, file: string): ParallelFile {
  return emptyResult(file, [
    {
      code: 'E-JSON',
      severity: 'error',
      message: `Invalid JSON: ${parsed.error.message} at line ${parsed.position.line}, column ${parsed.position.column}`,
      file,
      line: parsed.position.line,
      column: parsed.position.column,
      pointer: '',
      hint: 'Check the JSON syntax near that position (missing comma, bracket or quote; trailing comma).',
    },
  ]);
}

/**
 * Loads a parsed document. With `tally`, the duplicate-key check of the parse is finished here (normalize and the
 * loader count the achievements' keys): undefined when it fails, and the caller parses again with the full parser.
 */
function loadDocument(json: JsonDocument, file: string, opts: LoadOptions, tally: KeyTally | undefined): ParallelFile | undefined {
  const srcDiags: ParallelDiagnostic[] = [];
  for (const dup of json.duplicates) {
    const first = json.position(dup.firstOffset);
    const second = json.position(dup.secondOffset);
    srcDiags.push({
      code: 'W-DUP-KEY',
      severity: 'warning',
      message: `Key "${dup.key}" appears twice in the same object (first at line ${first.line}); the last value is used`,
      pointer: joinPointer(dup.pointer, dup.key),
      line: second.line,
      column: second.column,
      hint: 'Remove one of the two.',
      related: [{ pointer: joinPointer(dup.pointer, dup.key), line: first.line, column: first.column, message: 'first occurrence' }],
    });
  }
  const root = json.value;
  if (!isObject(root)) {
    if (tally && !tally.settled()) return undefined;
    const pos = json.positionOf('');
    return {
      ...emptyResult(file, [
        {
          code: 'E-ROOT',
          severity: 'error',
          message: `The top level of parallel.json must be an object, not ${typeName(root)}`,
          file,
          ...pos,
          pointer: '',
          hint: 'Write { "plan_name": "…", "achievements": [ … ] }.',
        },
      ]),
      json,
    };
  }
  const normalized = normalize(root, opts, tally);
  srcDiags.push(...normalized.diagnostics);
  // Semantic checks first (the schema's diagnostics still come first): they tell which items the schema need not see.
  const sem = semantic(normalized, opts);
  const unchecked = uncheckedItems(normalized, sem.proven, tally);
  if (tally && !tally.settled()) return undefined;

  const rawNumber = (canonical: string) => {
    const { offset, exact } = json.locate(toSourcePointer(normalized, canonical));
    return exact ? json.rawNumberAt(offset) || undefined : undefined;
  };
  const place = (d: ParallelDiagnostic): ParallelDiagnostic => {
    const pointer = toSourcePointer(normalized, d.pointer ?? '');
    const pos = json.positionOf(pointer);
    const out: ParallelDiagnostic = { ...d, file, pointer, line: pos.line, column: pos.column };
    if (d.related) {
      out.related = d.related.map((r) => {
        const p = toSourcePointer(normalized, r.pointer);
        return { ...r, pointer: p, ...json.positionOf(p) };
      });
    }
    return out;
  };
  const placeSource = (d: ParallelDiagnostic): ParallelDiagnostic => {
    if (d.line !== undefined) return { ...d, file };
    const pos = json.positionOf(d.pointer ?? '');
    return { ...d, file, line: pos.line, column: pos.column };
  };

  const canon: ParallelDiagnostic[] = [...schemaDiagnostics({ normalized, rawNumber, ...(unchecked ? { unchecked } : {}) })];
  canon.push(...sem.diagnostics);
  const diagnostics = [...srcDiags.map(placeSource), ...canon.map(place)];
  return {
    file,
    json,
    normalized,
    achievements: sem.achievements,
    // Made on first use (see semantic).
    get byId() {
      return sem.byId;
    },
    levels: sem.levels,
    scope: sem.scope,
    ...(sem.planName !== undefined ? { planName: sem.planName } : {}),
    ...(sem.maxParallelism !== undefined ? { maxParallelism: sem.maxParallelism } : {}),
    graph: sem.graph,
    layering: sem.layering,
    cycles: sem.cycles,
    diagnostics: sortDiagnostics(diagnostics),
    place,
  };
}

/**
 * The indexes of the achievement items the schema must check: all but the shaped items (normalize) whose id and
 * dependencies semantic found well-formed (undefined: check them all). The dependency lists of the other shaped
 * items may hold containers: their keys are added to `tally`.
 */
function uncheckedItems(n: Normalized, proven: Proven, tally: KeyTally | undefined): number[] | undefined {
  const shaped = n.shaped;
  if (!shaped) return undefined;
  const unchecked: number[] = [];
  // The common file: every item proven, no loop.
  if (proven.count === shaped.length) return unchecked;
  for (let k = 0; k < shaped.length; k++) {
    if (proven.items[k]) continue;
    unchecked.push(k);
    if (shaped[k] && tally) tally.addValue((n.items[k] as Record<string, unknown>).dependencies, tally.depth + 1);
  }
  return unchecked;
}

/** Shaped items (see Normalized.shaped) whose id is well-formed and whose dependencies are known ids. */
interface Proven {
  items: Uint8Array;
  count: number;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export function sortDiagnostics(ds: ParallelDiagnostic[]): ParallelDiagnostic[] {
  return ds
    .map((d, k) => ({ d, k }))
    .sort((a, b) => SEVERITY_RANK[a.d.severity] - SEVERITY_RANK[b.d.severity] || (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.k - b.k)
    .map((x) => x.d);
}

interface Semantic {
  /** Graph nodes: achievements with a valid id, first occurrence of each id, in file order. */
  achievements: ParallelAchievement[];
  byId: Map<string, ParallelAchievement>;
  levels: DeclaredLevel[];
  scope: Scope;
  planName?: string;
  maxParallelism?: number;
  graph: Graph;
  layering: Layering;
  cycles: CycleReport;
  /** Positioned diagnostics, in file order within each stage. */
  diagnostics: ParallelDiagnostic[];
}

interface SemanticResult extends Semantic {
  proven: Proven;
}

const MAX_LISTED = 8;

function list(ids: string[]): string {
  return ids.length <= MAX_LISTED ? ids.join(', ') : `${ids.slice(0, MAX_LISTED).join(', ')} … (${ids.length} in all)`;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Shared by every achievement without an id list: frozen, so that nothing can add to it. */
const NO_IDS = Object.freeze([]) as unknown as string[];
/** The edges of every achievement without a dependency list: frozen likewise. */
const NO_EDGES = Object.freeze([]) as unknown as number[];
/** Shared by every achievement that stores no derived data (most): frozen likewise. */
const NO_STORED: ParallelAchievement['stored'] = Object.freeze({});

/** The canonical pointer of the achievement at `index` of the achievements array. */
function achievementPointer(index: number): string {
  return `/achievements/${index}`;
}

/**
 * A graph node. Its pointer is made when asked for (only diagnostics ask): no string per achievement. The optional
 * fields are only declared, so that an absent one is no own property (as in an object literal without it).
 */
class Achievement implements ParallelAchievement {
  dependencies: string[] = NO_IDS;
  optionalDependencies: string[] = NO_IDS;
  declare priority?: number;
  declare hours?: Hours;
  declare executor?: string;
  declare declaredLevel?: number;
  constructor(
    public index: number,
    public id: string,
    public title: string,
    public stored: ParallelAchievement['stored'],
  ) {}
  get pointer(): string {
    return achievementPointer(this.index);
  }
}

/**
 * The edges of a dependency list usable as the file writes it: every entry a known id (so a well-formed one), other
 * than the achievement's own, listed once. The common case; undefined for any other list.
 */
function edgesAsWritten(v: unknown[], self: number, indexOf: Map<string, number>): number[] | undefined {
  const edges: number[] = new Array(v.length);
  const seen = v.length > 8 ? new Set<number>() : undefined;
  // The largest edge so far: an entry past it is no repeat. Lists are mostly written in order, and then each entry
  // costs one comparison instead of one per earlier entry (each a keyed load in baseline code).
  let max = -1;
  for (let j = 0; j < v.length; j++) {
    const d = v[j];
    const t = typeof d === 'string' ? indexOf.get(d) : undefined;
    if (t === undefined || t === self) return undefined;
    if (seen) {
      if (seen.has(t)) return undefined;
      seen.add(t);
    } else if (t > max) max = t;
    else for (let i = 0; i < j; i++) if (edges[i] === t) return undefined;
    edges[j] = t;
  }
  return edges;
}

/** The well-formed ids met so far in one list: a Set past 8 entries, so that a long list stays linear. */
class IdsSeen {
  private readonly set: Set<string> | undefined;
  private readonly list: string[] = [];
  constructor(length: number) {
    this.set = length > 8 ? new Set() : undefined;
  }
  /** Whether `d` was met before (else it is noted). */
  repeated(d: string): boolean {
    if (this.set) {
      if (this.set.has(d)) return true;
      this.set.add(d);
    } else {
      if (this.list.includes(d)) return true;
      this.list.push(d);
    }
    return false;
  }
}

/** A dependency list that is not used as the file writes it: the dependencies kept, their edges and file indexes. */
interface KeptDependencies {
  ids: string[];
  edges: number[];
  pos: number[];
}

function selfDependency(a: ParallelAchievement, field: 'dependencies' | 'optional_dependencies', at: number): ParallelDiagnostic {
  return {
    code: 'E-SELF-DEP',
    severity: 'error',
    message: `Achievement ${a.id} depends on itself${field === 'optional_dependencies' ? ' (optional_dependencies)' : ''}`,
    pointer: joinPointer(a.pointer, field, at),
    achievementId: a.id,
    hint: `Remove "${a.id}" from its ${field}.`,
  };
}

function repeatedDependency(a: ParallelAchievement, d: string, field: 'dependencies' | 'optional_dependencies', at: number): ParallelDiagnostic {
  return { code: 'E-DUP-DEP', severity: 'warning', message: `Achievement ${a.id}: dependency ${d} is listed twice in ${field}`, pointer: joinPointer(a.pointer, field, at), achievementId: a.id, hint: 'Remove the repeated entry.' };
}

function unknownDependency(a: ParallelAchievement, d: string, field: 'dependencies' | 'optional_dependencies', at: number): ParallelDiagnostic {
  const what = field === 'optional_dependencies' ? 'optional dependency' : 'dependency';
  return {
    code: 'E-UNKNOWN-DEP',
    severity: 'error',
    message: `Achievement ${a.id}: ${what} '${d}' not found in achievements list`,
    pointer: joinPointer(a.pointer, field, at),
    achievementId: a.id,
    hint: `Add achievement ${d} or remove this ${what}.`,
  };
}

/**
 * Any other dependency list of node `self`. Entries that are no well-formed id are the schema's, and skipped; a
 * self-reference is reported (E-SELF-DEP) and kept (it is a cycle as well), a repeat reported (E-DUP-DEP) and dropped,
 * an unknown id reported (E-UNKNOWN-DEP) and dropped.
 */
function keptDependencies(v: unknown[], a: ParallelAchievement, self: number, indexOf: Map<string, number>, out: ParallelDiagnostic[]): KeptDependencies {
  const kept: KeptDependencies = { ids: [], edges: [], pos: [] };
  const seen = new IdsSeen(v.length);
  for (let j = 0; j < v.length; j++) {
    const d = v[j];
    if (typeof d !== 'string') continue;
    const t = indexOf.get(d);
    if (t === undefined && !isAchievementId(d)) continue;
    if (t === self) out.push(selfDependency(a, 'dependencies', j));
    if (seen.repeated(d)) {
      out.push(repeatedDependency(a, d, 'dependencies', j));
      continue;
    }
    if (t === undefined) {
      out.push(unknownDependency(a, d, 'dependencies', j));
      continue;
    }
    kept.ids.push(d);
    kept.edges.push(t);
    kept.pos.push(j);
  }
  return kept;
}

/**
 * Optional dependencies of node `self` (after its hard ones): kept when known and not a hard one; a self-reference
 * (E-SELF-DEP), a repeat (E-DUP-DEP) and an unknown id (E-UNKNOWN-DEP) are reported and dropped.
 */
function readOptional(v: unknown[], a: ParallelAchievement, self: number, indexOf: Map<string, number>, out: ParallelDiagnostic[]): void {
  const seen = new IdsSeen(v.length);
  for (let j = 0; j < v.length; j++) {
    const d = v[j];
    if (typeof d !== 'string') continue;
    const t = indexOf.get(d);
    if (t === undefined && !isAchievementId(d)) continue;
    if (t === self) {
      out.push(selfDependency(a, 'optional_dependencies', j));
      continue;
    }
    if (seen.repeated(d)) {
      out.push(repeatedDependency(a, d, 'optional_dependencies', j));
      continue;
    }
    if (t === undefined) {
      out.push(unknownDependency(a, d, 'optional_dependencies', j));
      continue;
    }
    if (a.dependencies.includes(d)) continue;
    if (a.optionalDependencies === NO_IDS) a.optionalDependencies = [];
    a.optionalDependencies.push(d);
  }
}

/** Checks that need the whole document: ids, references, cycles, hours, levels, stored derived data, scope. */
function semantic(n: Normalized, opts: LoadOptions): SemanticResult {
  const doc = n.doc;
  const out: ParallelDiagnostic[] = [];
  const scope: Scope = typeof doc.scope === 'string' && (SCOPES as readonly string[]).includes(doc.scope) ? (doc.scope as Scope) : 'plan';
  const planName = typeof doc.plan_name === 'string' && doc.plan_name.trim() ? doc.plan_name : undefined;
  const maxParallelism = typeof doc.max_parallelism === 'number' && Number.isInteger(doc.max_parallelism) && doc.max_parallelism >= 1 ? doc.max_parallelism : undefined;

  // Graph nodes in file order, their ids, and each id's node index (it becomes the graph's index).
  const achievements: ParallelAchievement[] = [];
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  // By id: made on first use (a declared level, stored pairs, a cycle, a collision, a caller reading pf.byId); the
  // common file needs none: indexOf answers the duplicate check.
  let byIdMap: Map<string, ParallelAchievement> | undefined;
  const byId = (): Map<string, ParallelAchievement> => (byIdMap ??= mapById(achievements));
  // Per graph node whose dependency list is not the file's array as written: the index in that array of each
  // dependency kept (for the cycle report).
  const keptPos = new Map<number, number[]>();
  const untitled: string[] = [];
  let untitledPointer: string | undefined;
  const withStatus: ParallelAchievement[] = [];
  // What the checks of stored and declared data need: most files have none, and their loops are skipped.
  let storesBlocks = false;
  let storesPairs = false;
  let declaresLevels = false;

  if (Array.isArray(doc.achievements) && doc.achievements.length === 0) {
    out.push({
      code: 'E-EMPTY',
      severity: opts.strict ? 'error' : 'warning',
      message: 'parallel.json lists no achievements',
      pointer: '/achievements',
      hint: 'Add the achievements of the plan with their dependencies (generate_prompt <plan> --parallel-upgrade writes a prompt for it).',
    });
  }

  const items = n.items;
  const shaped = n.shaped;
  for (let i = 0; i < items.length; i++) {
    const a = items[i] as Record<string, unknown>;
    // A shaped item (see Normalized.shaped) is an object with a string id: only the id's form is left to check.
    const isShaped = shaped !== undefined && shaped[i] === 1;
    if (!isShaped && !isObject(a)) continue;
    const given = a.achievement_id;
    if ((!isShaped && typeof given !== 'string') || !isAchievementId(given as string)) continue;
    const id = given as string;
    const priorAt = indexOf.get(id);
    if (priorAt !== undefined) {
      const prior = achievements[priorAt] as ParallelAchievement;
      out.push({
        code: 'E-DUP-ID',
        severity: 'error',
        message: `Achievement id ${id} is declared twice (achievements[${prior.index}] and achievements[${i}]); the first is used`,
        pointer: joinPointer(achievementPointer(i), 'achievement_id'),
        achievementId: id,
        hint: 'Merge the two entries or renumber one.',
        related: [{ pointer: joinPointer(prior.pointer, 'achievement_id'), message: 'first declaration' }],
      });
      continue;
    }
    const k = achievements.length;
    const title = typeof a.title === 'string' ? a.title : '';
    if (!title) {
      untitled.push(id);
      untitledPointer ??= achievementPointer(i);
    }
    // Nor has it stored data, an executor or timestamps: they are not looked for.
    const stored = isShaped ? NO_STORED : storedOf(a);
    if (stored !== NO_STORED) {
      storesBlocks ||= stored.blocks !== undefined;
      storesPairs ||= stored.parallelizableWith !== undefined;
    }
    const ach = new Achievement(i, id, title, stored);
    if (typeof a.priority === 'number' && Number.isInteger(a.priority)) ach.priority = a.priority;
    if (!isShaped && typeof a.executor === 'string' && a.executor) ach.executor = a.executor;
    const declared = n.records.size ? n.records.get(i)?.declaredLevel : undefined;
    if (declared !== undefined) {
      ach.declaredLevel = declared;
      declaresLevels = true;
    }
    const h = a.estimated_hours;
    // The bound keeps every sum finite; an estimate past it (the schema reports numbers) is left out of the times.
    // Equal estimates share one frozen Hours object.
    if (typeof h === 'number' && h >= 0 && h <= MAX_HOURS) ach.hours = singleHours(h);
    else if (h !== undefined && h !== null) {
      const p = parseHours(h);
      if (p.ok) ach.hours = p.hours;
      else if (typeof h === 'string' && CANONICAL_HOURS.test(h)) {
        // Canonical strings pass the schema's pattern: a backwards range or one past MAX_HOURS is reported here.
        out.push({ code: 'E-HOURS', severity: 'error', message: `Achievement ${id}: estimated_hours: ${p.reason}`, pointer: joinPointer(ach.pointer, 'estimated_hours'), achievementId: id, hint: p.hint });
      }
    }
    if (!isShaped) {
      if (stored.status !== undefined) withStatus.push(ach);
      checkTimestamps(a, ach, out);
    }
    achievements.push(ach);
    ids.push(id);
    indexOf.set(id, k);
  }

  if (untitled.length) {
    out.push({
      code: 'W-TITLE',
      severity: 'warning',
      message: `${untitled.length === 1 ? 'Achievement' : 'Achievements'} ${list(untitled)} ${untitled.length === 1 ? 'has' : 'have'} no title`,
      pointer: untitledPointer ?? '',
      hint: 'Add "title" (as in the PLAN) so that status tables and prompts can name the work.',
    });
  }

  // References, once every id is known.
  const depIdx: number[][] = new Array(achievements.length);
  let optionalGiven = false;
  const proven: Proven = { items: new Uint8Array(shaped ? items.length : 0), count: 0 };
  for (let k = 0; k < achievements.length; k++) {
    const a = achievements[k] as ParallelAchievement;
    const item = items[a.index] as Record<string, unknown>;
    const isShaped = shaped !== undefined && shaped[a.index] === 1;
    const dv = item.dependencies;
    if (!Array.isArray(dv)) depIdx[k] = NO_EDGES;
    else {
      const edges = edgesAsWritten(dv, k, indexOf);
      if (edges) {
        // The common case: the file's array, all known ids, is the dependency list (nothing mutates those lists).
        a.dependencies = dv as string[];
        depIdx[k] = edges;
        if (isShaped) {
          proven.items[a.index] = 1;
          proven.count++;
        }
      } else {
        const kept = keptDependencies(dv, a, k, indexOf, out);
        a.dependencies = kept.ids;
        depIdx[k] = kept.edges;
        keptPos.set(k, kept.pos);
      }
    }
    const ov = isShaped ? undefined : item.optional_dependencies;
    if (Array.isArray(ov)) {
      optionalGiven = true;
      readOptional(ov, a, k, indexOf, out);
    }
  }

  const graph = buildGraph(ids, depIdx, indexOf);
  // Layering releases every node exactly when the graph is acyclic (a self-dependency never releases its node):
  // then there is no cycle to look for, and the common case skips the component search.
  const layering = layer(graph);
  const cycles: CycleReport = layering.unresolved === 0 ? { cycles: [], acyclic: true } : findCycles(graph);
  let cyclesListed = 0;
  for (const c of cycles.cycles) {
    // A self-dependency is a cycle of length 1: E-CYCLE as well as its own E-SELF-DEP (parallel.md §7.1 C4).
    cyclesListed++;
    const from = byId().get(c.remove.from) as ParallelAchievement;
    const at = from.dependencies.indexOf(c.remove.to);
    const pos = at >= 0 ? (keptPos.get(graph.index.get(from.id) as number)?.[at] ?? at) : 0;
    out.push({
      code: 'E-CYCLE',
      severity: 'error',
      message: `Circular dependency detected: ${c.ids.join(' → ')}`,
      pointer: joinPointer(from.pointer, 'dependencies', pos),
      achievementId: from.id,
      cycle: c.ids,
      hint: `Remove "${c.remove.to}" from the dependencies of ${c.remove.from} to break this cycle.`,
    });
  }
  if (cycles.more) {
    // The enumeration was capped (their number can grow exponentially): say where the rest are.
    const first = byId().get(cycles.more.ids[0] as string) as ParallelAchievement;
    out.push({
      code: 'E-CYCLE',
      severity: 'error',
      message: `The cycle search stopped after ${cyclesListed} circular dependencies: more ${cycles.more.certain ? 'exist' : 'may exist'} among ${list(cycles.more.ids)}`,
      pointer: first.pointer,
      achievementId: first.id,
      hint: `Fix the ${cyclesListed} cycles listed first (each names a dependency to remove), then validate again.`,
    });
  }

  // File-name code collisions (1.10 and 11.0 both become 110).
  for (const c of codecFor(ids).collisions) {
    const later = c.ids.map((x) => byId().get(x) as ParallelAchievement).sort((x, y) => x.index - y.index);
    const second = later[1] as ParallelAchievement;
    out.push({
      code: 'E-ID-COLLISION',
      severity: 'error',
      message: `Achievements ${c.ids.join(' and ')} share the file code ${c.code} (SUBPLAN_…_${c.code}.md, APPROVED_${c.code}.md): their files cannot be told apart`,
      pointer: joinPointer(second.pointer, 'achievement_id'),
      achievementId: second.id,
      hint: 'Renumber one of them.',
      related: [{ pointer: joinPointer((later[0] as ParallelAchievement).pointer, 'achievement_id'), message: `${(later[0] as ParallelAchievement).id}` }],
    });
  }

  const levels = declaredLevels(doc, byId, out);
  if (cycles.acyclic) {
    // A declared level comes from the seed's levels[] or from the levels list.
    if (levels.length || declaresLevels) checkLevels(levels, achievements, byId, layering, graph, out);
    if (optionalGiven) checkOptional(achievements, graph, indexOf, out);
  }
  if (storesBlocks) checkBlocks(achievements, graph, out);
  if (storesPairs) checkParallelizableWith(achievements, graph, layering, byId, out);

  if (withStatus.length) {
    if (opts.strict) {
      for (const a of withStatus) {
        out.push({
          code: 'W-STATUS-PERSISTED',
          severity: 'warning',
          message: `Achievement ${a.id} stores a status ("${a.stored.status}"); it is ignored: status is derived from the filesystem`,
          pointer: joinPointer(a.pointer, 'status'),
          achievementId: a.id,
          hint: 'Remove "status" (get_parallel_status shows the real one).',
        });
      }
    } else {
      out.push({
        code: 'W-STATUS-PERSISTED',
        severity: 'info',
        message: `${withStatus.length} achievement${withStatus.length === 1 ? ' stores a' : 's store a'} status; it is ignored: status is derived from the filesystem`,
        pointer: joinPointer((withStatus[0] as ParallelAchievement).pointer, 'status'),
        hint: 'Compare with --check-claims; get_parallel_status shows the derived status.',
      });
    }
  }

  if (scope === 'priority') {
    const crossing: string[] = [];
    let firstPtr: string | undefined;
    for (const a of achievements) {
      if (a.priority === undefined) continue;
      for (const d of a.dependencies) {
        const dp = byId().get(d)?.priority;
        if (dp !== undefined && dp !== a.priority) {
          crossing.push(`${a.id}→${d}`);
          firstPtr ??= joinPointer(a.pointer, 'dependencies');
        }
      }
    }
    if (crossing.length) {
      out.push({
        code: 'W-SCOPE',
        severity: 'warning',
        message: `scope is "priority" (level_2: same priority), but ${crossing.length} dependenc${crossing.length === 1 ? 'y crosses' : 'ies cross'} priorities: ${list(crossing)}`,
        pointer: firstPtr ?? '/scope',
        hint: 'Use scope "plan" (level_3) for a whole-plan analysis.',
      });
    }
  }

  return {
    achievements,
    get byId() {
      return byId();
    },
    levels,
    scope,
    ...(planName !== undefined ? { planName } : {}),
    ...(maxParallelism !== undefined ? { maxParallelism } : {}),
    graph,
    layering,
    cycles,
    diagnostics: out,
    proven,
  };
}

/** Stored (legacy) data of an achievement: NO_STORED when it has none (most). */
function storedOf(a: Record<string, unknown>): ParallelAchievement['stored'] {
  const status = typeof a.status === 'string' ? a.status : undefined;
  const blocks = stringList(a.blocks);
  const pw = stringList(a.parallelizable_with);
  if (status === undefined && !blocks && !pw) return NO_STORED;
  const stored: ParallelAchievement['stored'] = {};
  if (status !== undefined) stored.status = status;
  if (blocks) stored.blocks = blocks;
  if (pw) stored.parallelizableWith = pw;
  return stored;
}

const TIME_FIELDS = ['started_at', 'completed_at', 'assigned_at'] as const;

function mapById(achievements: readonly ParallelAchievement[]): Map<string, ParallelAchievement> {
  const byId = new Map<string, ParallelAchievement>();
  for (let k = 0; k < achievements.length; k++) {
    const a = achievements[k] as ParallelAchievement;
    byId.set(a.id, a);
  }
  return byId;
}

function checkTimestamps(a: Record<string, unknown>, ach: ParallelAchievement, out: ParallelDiagnostic[]): void {
  // Most achievements carry no timestamps at all.
  if (a.started_at == null && a.completed_at == null && a.assigned_at == null) return;
  const id = ach.id;
  const ptr = ach.pointer;
  const times: Record<string, number> = {};
  for (const f of TIME_FIELDS) {
    const v = a[f];
    if (typeof v !== 'string' || v === '') continue;
    const t = Date.parse(v);
    if (Number.isNaN(t)) {
      out.push({ code: 'W-DATE', severity: 'warning', message: `Achievement ${id}: ${f} ${JSON.stringify(v)} is not an ISO date-time`, pointer: joinPointer(ptr, f), achievementId: id, hint: 'Write e.g. "2025-11-14T09:30:00Z".' });
    } else times[f] = t;
  }
  if (times.started_at !== undefined && times.completed_at !== undefined && times.completed_at < times.started_at) {
    out.push({ code: 'W-TIMES', severity: 'warning', message: `Achievement ${id}: completed_at is earlier than started_at`, pointer: joinPointer(ptr, 'completed_at'), achievementId: id, hint: 'Swap or correct the two dates.' });
  }
}

function declaredLevels(doc: Record<string, unknown>, lookup: () => Map<string, ParallelAchievement>, out: ParallelDiagnostic[]): DeclaredLevel[] {
  if (!Array.isArray(doc.levels)) return [];
  const byId = lookup();
  const levels: DeclaredLevel[] = [];
  const where = new Map<string, number>();
  doc.levels.forEach((lv, li) => {
    if (!isObject(lv) || typeof lv.level !== 'number' || !Number.isInteger(lv.level) || !Array.isArray(lv.achievements)) return;
    const ptr = `/levels/${li}`;
    const members: string[] = [];
    lv.achievements.forEach((m, mi) => {
      if (typeof m !== 'string' || !isAchievementId(m)) return;
      const a = byId.get(m);
      if (!a) {
        out.push({ code: 'E-UNKNOWN-ID', severity: 'error', message: `levels[${li}] (level ${lv.level as number}) lists ${m}, which is not in the achievements list`, pointer: joinPointer(ptr, 'achievements', mi), hint: `Add achievement ${m} or remove it from the level.` });
        return;
      }
      const before = where.get(m);
      if (before !== undefined && before !== lv.level) {
        out.push({ code: 'W-LEVEL-MISMATCH', severity: 'warning', message: `Achievement ${m} is listed in level ${before} and again in level ${lv.level as number}`, pointer: joinPointer(ptr, 'achievements', mi), achievementId: m, hint: 'List each achievement in one level.' });
        return;
      }
      where.set(m, lv.level as number);
      a.declaredLevel ??= lv.level as number;
      members.push(m);
    });
    levels.push({
      index: li,
      level: lv.level,
      members,
      pointer: ptr,
      ...(typeof lv.can_parallelize === 'boolean' ? { canParallelize: lv.can_parallelize } : {}),
      ...(typeof lv.max_parallelism === 'number' && Number.isInteger(lv.max_parallelism) && lv.max_parallelism >= 1 ? { maxParallelism: lv.max_parallelism } : {}),
    });
  });
  return levels;
}

/** W-LEVEL-MISMATCH and W-CAN-PARALLELIZE: declared grouping against the computed depth. */
function checkLevels(levels: DeclaredLevel[], achievements: ParallelAchievement[], lookup: () => Map<string, ParallelAchievement>, layering: Layering, g: Graph, out: ParallelDiagnostic[]): void {
  // One level number, several entries: they count as one level (with the smallest max_parallelism among them).
  const byNumber = new Map<number, DeclaredLevel[]>();
  for (const lv of levels) {
    const same = byNumber.get(lv.level);
    if (same) same.push(lv);
    else byNumber.set(lv.level, [lv]);
  }
  for (const [n, same] of byNumber) {
    if (same.length < 2) continue;
    const caps = same.map((lv) => lv.maxParallelism).filter((m): m is number => m !== undefined);
    const members = same.reduce((k, lv) => k + lv.members.length, 0);
    const capNote = caps.length ? `; their ${members} achievements count as one level, held to max_parallelism ${Math.min(...caps)}` : `; their ${members} achievements count as one level`;
    const [first, ...rest] = same as [DeclaredLevel, ...DeclaredLevel[]];
    for (const lv of rest) {
      out.push({
        code: 'W-LEVEL-DUP',
        severity: 'warning',
        message: `Level ${n} is declared twice (levels[${first.index}] and levels[${lv.index}])${capNote}`,
        pointer: joinPointer(lv.pointer, 'level'),
        hint: 'Merge the two entries, or renumber one.',
        related: [{ pointer: joinPointer(first.pointer, 'level'), message: 'first declaration' }],
      });
    }
  }
  // Indexed loops without closures: this runs over every achievement, most of them without a declared level.
  for (let k = 0; k < achievements.length; k++) {
    const a = achievements[k] as ParallelAchievement;
    const L = a.declaredLevel;
    if (L === undefined) continue;
    const byId = lookup();
    let bad: string | undefined;
    for (let j = 0; j < a.dependencies.length && bad === undefined; j++) {
      const d = a.dependencies[j] as string;
      const dl = byId.get(d)?.declaredLevel;
      if (dl !== undefined && dl >= L) bad = d;
    }
    const depth = layering.depth[g.index.get(a.id) as number] as number;
    if (bad) {
      const dl = byId.get(bad)?.declaredLevel as number;
      out.push({
        code: 'W-LEVEL-MISMATCH',
        severity: 'warning',
        message: `Achievement ${a.id} is declared in level ${L} but depends on ${bad}, declared in ${dl === L ? 'the same level' : `the later level ${dl}`}`,
        pointer: a.pointer,
        achievementId: a.id,
        hint: `Move ${a.id} to level ${depth + 1} (its dependency depth + 1), or drop the dependency.`,
      });
    } else if (depth >= 0 && L !== depth + 1) {
      out.push({
        code: 'W-LEVEL-MISMATCH',
        severity: 'warning',
        message: `Achievement ${a.id} is declared in level ${L}, but its dependencies put it at depth ${depth} (level ${depth + 1})`,
        pointer: a.pointer,
        achievementId: a.id,
        hint: `Move it to level ${depth + 1}, or state the missing dependency that keeps it in level ${L}.`,
      });
    }
  }
  for (const lv of levels) {
    const byId = lookup();
    if (lv.canParallelize === true) {
      const set = new Set(lv.members);
      const inner: string[] = [];
      for (const m of lv.members) for (const d of byId.get(m)?.dependencies ?? []) if (set.has(d)) inner.push(`${m}→${d}`);
      if (inner.length) {
        out.push({
          code: 'W-CAN-PARALLELIZE',
          severity: 'warning',
          message: `Level ${lv.level} says can_parallelize: true, but its members depend on each other: ${list(inner)}`,
          pointer: joinPointer(lv.pointer, 'can_parallelize'),
          hint: 'Split the level, or set can_parallelize to false.',
        });
      }
    } else if (lv.canParallelize === false) {
      const byDepth = new Map<number, string[]>();
      for (const m of lv.members) {
        const d = layering.depth[g.index.get(m) as number] as number;
        byDepth.set(d, [...(byDepth.get(d) ?? []), m]);
      }
      const group = [...byDepth.values()].find((x) => x.length >= 2);
      if (group) {
        out.push({
          code: 'W-CAN-PARALLELIZE',
          severity: 'warning',
          message: `Level ${lv.level} says can_parallelize: false, but ${list(group)} do not depend on each other`,
          pointer: joinPointer(lv.pointer, 'can_parallelize'),
          hint: 'Set can_parallelize to true, or add the dependency that orders them.',
        });
      }
    }
  }
}

/** Optional dependencies must not contradict the hard ones (a cycle through an optional edge). */
function checkOptional(achievements: ParallelAchievement[], g: Graph, indexOf: Map<string, number>, out: ParallelDiagnostic[]): void {
  if (!achievements.some((a) => a.optionalDependencies.length)) return;
  const deps = achievements.map((a) => [...a.dependencies, ...a.optionalDependencies].map((d) => indexOf.get(d) as number));
  const combined = buildGraph(g.ids, deps);
  const report = findCycles(combined, 20);
  for (const c of report.cycles) {
    const a = achievements[indexOf.get(c.remove.from) as number] as ParallelAchievement;
    out.push({
      code: 'W-OPTIONAL-CYCLE',
      severity: 'warning',
      message: `Optional dependencies contradict the hard ones: ${c.ids.join(' → ')}`,
      pointer: joinPointer(a.pointer, a.optionalDependencies.includes(c.remove.to) ? 'optional_dependencies' : 'dependencies'),
      achievementId: a.id,
      hint: 'Remove the optional dependency that points against the dependency chain.',
    });
  }
}

/** W-BLOCKS: stored `blocks` against the inverse of the dependencies. */
function checkBlocks(achievements: ParallelAchievement[], g: Graph, out: ParallelDiagnostic[]): void {
  // Most achievements store no blocks: an indexed loop, the comparison in its own function.
  for (let k = 0; k < achievements.length; k++) {
    const a = achievements[k] as ParallelAchievement;
    if (a.stored.blocks) checkStoredBlocks(a, k, a.stored.blocks, g, out);
  }
}

function checkStoredBlocks(a: ParallelAchievement, k: number, stored: string[], g: Graph, out: ParallelDiagnostic[]): void {
  const actual = new Set<string>();
  for (let j = g.revStart[k] as number; j < (g.revStart[k + 1] as number); j++) actual.add(g.ids[g.revList[j] as number] as string);
  const storedSet = new Set(stored);
  const extra = [...storedSet].filter((x) => !actual.has(x)).sort(compareIds);
  const missing = [...actual].filter((x) => !storedSet.has(x)).sort(compareIds);
  if (!extra.length && !missing.length) return;
  const parts: string[] = [];
  if (extra.length) parts.push(`lists ${list(extra)}, which do${extra.length === 1 ? 'es' : ''} not depend on it`);
  if (missing.length) parts.push(`misses ${list(missing)}, which depend${missing.length === 1 ? 's' : ''} on it`);
  out.push({
    code: 'W-BLOCKS',
    severity: 'warning',
    message: `Achievement ${a.id}: stored blocks disagree with the dependencies: ${parts.join('; ')}`,
    pointer: joinPointer(a.pointer, 'blocks'),
    achievementId: a.id,
    hint: 'blocks is derived data; delete it (analyze_dependencies shows the real dependents).',
  });
}

/**
 * W-PARALLELIZABLE-WITH: stored pairs must be symmetric and must not be ordered by the DAG. Whether two achievements
 * are ordered is a reachability question; it is answered exactly with one traversal per achievement that stores
 * pairs, within a work budget (10 million steps); past the budget only direct dependencies are checked.
 */
function checkParallelizableWith(achievements: ParallelAchievement[], g: Graph, layering: Layering, lookup: () => Map<string, ParallelAchievement>, out: ParallelDiagnostic[]): void {
  const holders = achievements.filter((a) => a.stored.parallelizableWith?.length);
  if (!holders.length) return;
  const byId = lookup();
  const n = g.ids.length;
  const exact = holders.length * (n + g.edgeCount) <= 10_000_000;
  const walker = new Walker(g);
  for (const a of holders) {
    const k = g.index.get(a.id) as number;
    const pw = a.stored.parallelizableWith as string[];
    const asym = pw.filter((b) => byId.has(b) && !(byId.get(b)?.stored.parallelizableWith ?? []).includes(a.id));
    const unknown = pw.filter((b) => !byId.has(b));
    const ordered: string[] = [];
    if (exact && layering.unresolved === 0) {
      const up = new Set<number>();
      walker.reach(k, 'up', (x) => up.add(x));
      walker.reach(k, 'down');
      for (const b of pw) {
        const bi = g.index.get(b);
        if (bi !== undefined && (up.has(bi) || walker.reached(bi))) ordered.push(b);
      }
    } else {
      for (const b of pw) if (a.dependencies.includes(b) || byId.get(b)?.dependencies.includes(a.id)) ordered.push(b);
    }
    const parts: string[] = [];
    if (ordered.length) parts.push(`${list(ordered)} ${ordered.length === 1 ? 'is' : 'are'} ordered with it by the dependencies`);
    if (asym.length) parts.push(`${list(asym)} do${asym.length === 1 ? 'es' : ''} not list it back`);
    if (unknown.length) parts.push(`${list(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not in the achievements list`);
    if (!parts.length) continue;
    out.push({
      code: 'W-PARALLELIZABLE-WITH',
      severity: 'warning',
      message: `Achievement ${a.id}: stored parallelizable_with is inconsistent: ${parts.join('; ')}`,
      pointer: joinPointer(a.pointer, 'parallelizable_with'),
      achievementId: a.id,
      hint: 'parallelizable_with is derived data; delete it (independence follows from the dependencies).',
    });
  }
}
