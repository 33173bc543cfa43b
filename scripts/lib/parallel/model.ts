/**
 * The parallel.json model shared by the loader, the graph core, the status derivation and the renderers.
 *
 * The word "level" means four different things in the methodology (parallel.md §0.2); they are named apart here:
 *   - `scope`          what the file covers: `achievement` | `priority` | `plan` (legacy `parallelization_level`
 *                      `level_1` | `level_2` | `level_3`);
 *   - `depth`          computed from the dependency graph: 0 = no dependencies, else 1 + the deepest dependency;
 *   - `declaredLevel`  the 1-based group an author put an achievement in (`levels[]` of the seed format);
 *   - `StrategyLevel`  the five strategic parallelisation levels (cross-plan … iteration-based), documentation only.
 */
import type { Diagnostic } from '../diagnostics.ts';

export const SCHEMA_VERSION = '2.0';

export const SCOPES = ['achievement', 'priority', 'plan'] as const;
export type Scope = (typeof SCOPES)[number];

/** Legacy `parallelization_level` values and the scope each stands for. */
export const LEGACY_SCOPE: Record<string, Scope> = { level_1: 'achievement', level_2: 'priority', level_3: 'plan' };

/** The five strategic levels (seeds 001/002); not stored in parallel.json. */
export const STRATEGY_LEVELS = {
  1: 'Cross-Plan',
  2: 'Intra-Plan',
  3: 'Priority-Tier',
  4: 'Phase-Based',
  5: 'Iteration-Based',
} as const;
export type StrategyLevel = keyof typeof STRATEGY_LEVELS;

export const STATUSES = ['not_started', 'subplan_created', 'execution_created', 'in_progress', 'complete', 'failed', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

/** Alternate file names accepted with a warning (first match wins; parallel.json always first). */
export const PARALLEL_FILE = 'parallel.json';
export const ALTERNATE_FILES = ['PARALLEL-EXECUTION-ANALYSIS.json', 'parallel-execution.json', 'parallel_analysis.json'] as const;

/** A finding about parallel.json: the toolkit's Diagnostic plus what this area adds. */
export interface ParallelDiagnostic extends Diagnostic {
  achievementId?: string;
  /** For E-CYCLE: the ids of the cycle, first id repeated at the end. */
  cycle?: string[];
  /** Other places the finding concerns (the first of two duplicates …). */
  related?: Array<{ pointer: string; line?: number; column?: number; message: string }>;
}

/** Hours as a range; a single number has min = max. */
export interface Hours {
  min: number;
  max: number;
}

/** One achievement as the graph and the scripts see it (after normalisation; ill-typed fields left out). */
export interface ParallelAchievement {
  /** Position in the canonical `achievements` array. */
  index: number;
  id: string;
  title: string;
  dependencies: string[];
  optionalDependencies: string[];
  priority?: number;
  hours?: Hours;
  executor?: string;
  declaredLevel?: number;
  /** Stored (legacy) values, only compared with derived ones. */
  stored: {
    status?: string;
    blocks?: string[];
    parallelizableWith?: string[];
  };
  /** JSON pointer of the achievement object in the canonical document. */
  pointer: string;
}

export interface DeclaredLevel {
  index: number;
  level: number;
  members: string[];
  canParallelize?: boolean;
  maxParallelism?: number;
  pointer: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Hours

const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const UNIT = String.raw`(?:\s*(?:h|hrs?|hours?))?`;
const SINGLE = new RegExp(`^~?\\s*${NUM}${UNIT}$`, 'i');
const RANGE = new RegExp(`^~?\\s*${NUM}${UNIT}\\s*(?:-|–|—|to)\\s*${NUM}${UNIT}$`, 'i');
/**
 * Largest estimate one achievement may carry (schemas/parallel.schema.json says the same as `maximum`). Past it a
 * value is a typo or a unit mix-up, and sums over a plan (even millions of achievements) must stay finite: 1e308
 * twice is Infinity, and Infinity - Infinity is NaN in the savings.
 */
export const MAX_HOURS = 100_000;
/** `100,000`, grouped by hand (toLocaleString depends on the ICU data Node was built with). */
const MAX_HOURS_TEXT = String(MAX_HOURS).replace(/\B(?=(\d{3})+$)/g, ',');
/** The tail of every message about an estimate past MAX_HOURS, and its hint. */
export const HOURS_BOUND_REASON = `is more than ${MAX_HOURS_TEXT} hours, the most one achievement may take`;
export const HOURS_BOUND_HINT = `Correct the value (it counts hours, not minutes or seconds); work that large belongs in smaller achievements of at most ${MAX_HOURS_TEXT} hours each.`;
const UNPARSABLE_HINT = 'Write 3.5, "4-6" or "4-6 hours".';
/** The canonical string form: `N-M`. */
export const CANONICAL_HOURS = /^\d+(?:\.\d+)?-\d+(?:\.\d+)?$/;

export type HoursParse = { ok: true; hours: Hours; canonical: number | string } | { ok: false; reason: string; hint: string };

/**
 * Estimates repeat (a plan uses a handful of ranges): string readings are kept, up to a bound. Their Hours objects
 * are frozen, since every achievement with that estimate shares one.
 */
const hoursMemo = new Map<string, HoursParse>();
const singleMemo = new Map<number, Hours>();

/** `{ min: x, max: x }` for an estimate already checked (a number in 0…MAX_HOURS), frozen and shared. */
export function singleHours(x: number): Hours {
  // 0 and −0 are one Map key: zero is not kept (−0 stays −0, as the file says).
  let h = x === 0 ? undefined : singleMemo.get(x);
  if (h === undefined) {
    h = Object.freeze({ min: x, max: x });
    if (x !== 0 && singleMemo.size < 4096) singleMemo.set(x, h);
  }
  return h;
}

/**
 * `3`, `3.5`, `"3"`, `"4-6"`, `"4-6 hours"`, `"4h"`, `"4–6 h"`, `"~2-3h"` → a range and its canonical form
 * (a number, or the string `N-M`).
 */
export function parseHours(v: unknown): HoursParse {
  if (typeof v === 'string') {
    let r = hoursMemo.get(v);
    if (r === undefined) {
      r = parseHoursText(v);
      if (hoursMemo.size < 4096) hoursMemo.set(v, r);
    }
    return r;
  }
  return parseHoursValue(v);
}

function parseHoursValue(v: unknown): HoursParse {
  if (typeof v === 'number') {
    if (Number.isNaN(v) || v < 0) return { ok: false, reason: 'hours must be a non-negative number', hint: 'Hours are ≥ 0.' };
    if (v > MAX_HOURS) return tooLarge(v);
    return { ok: true, hours: { min: v, max: v }, canonical: v };
  }
  return { ok: false, reason: `hours must be a number or a string like "4-6", not ${typeName(v)}`, hint: UNPARSABLE_HINT };
}

function parseHoursText(v: string): HoursParse {
  const t = v.trim();
  let m = SINGLE.exec(t);
  if (m) {
    const x = Number(m[1]);
    if (x > MAX_HOURS) return tooLarge(x, v);
    return { ok: true, hours: Object.freeze({ min: x, max: x }), canonical: x };
  }
  m = RANGE.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > b) return { ok: false, reason: `the range "${v}" runs backwards (${a} > ${b})`, hint: 'Write the smaller bound first: "4-6".' };
    if (b > MAX_HOURS) return tooLarge(b, v);
    return { ok: true, hours: Object.freeze({ min: a, max: b }), canonical: a === b ? a : `${trimNum(a)}-${trimNum(b)}` };
  }
  return { ok: false, reason: `"${v}" is not an hour estimate (write 4, "4-6" or "4-6 hours")`, hint: UNPARSABLE_HINT };
}

/** An estimate past MAX_HOURS (`text`: the string as written, when it was one). */
function tooLarge(x: number, text?: string): HoursParse {
  return { ok: false, reason: `${text !== undefined ? JSON.stringify(text) : hoursNumberText(x)} ${HOURS_BOUND_REASON}`, hint: HOURS_BOUND_HINT };
}

/** A number as the hours messages show it (1e309 in a file reads as Infinity). */
export function hoursNumberText(x: number): string {
  return Number.isFinite(x) ? String(x) : 'a number too large to represent (Infinity)';
}


function trimNum(x: number): string {
  return String(x);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return typeof v;
}

/** `3.5 h`, `4–6 h`. */
export function formatHours(h: Hours | undefined): string {
  if (!h) return '?';
  return h.min === h.max ? `${fmt(h.min)} h` : `${fmt(h.min)}–${fmt(h.max)} h`;
}

/** One decimal at most, no trailing `.0`. */
export function fmt(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** Percentages: rounded half up to an integer (the reference truncated; parallel.md §3.4). */
export function roundPct(x: number): number {
  return Math.floor(x + 0.5 + 1e-9);
}

export function isStatus(s: unknown): s is Status {
  return typeof s === 'string' && (STATUSES as readonly string[]).includes(s);
}
