/**
 * Renderers for the parallel scripts: validation (text, json, SARIF 2.1.0), status (table, json) and dependency
 * analysis (text, json, Mermaid, Graphviz DOT). Pure functions: data in, text out.
 */
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Styles } from '../cli.ts';
import type { AchievementRow, DepthGroup, ParallelAnalysis } from './analysis.ts';
import type { Cycle } from './graph.ts';
import { fmt, formatHours, type ParallelDiagnostic, type Status } from './model.ts';
import type { CriticalPath, GroupTimes, PlanTimes, Range } from './times.ts';

/** Every diagnostic code of parallel.json, for help texts and SARIF rule metadata. */
export const RULES: Record<string, { description: string; level: 'error' | 'warning' | 'note' }> = {
  'E-FILE': { description: 'parallel.json missing or unreadable', level: 'error' },
  'E-JSON': { description: 'JSON syntax error', level: 'error' },
  'E-ROOT': { description: 'The top level is not an object', level: 'error' },
  'E-REQUIRED': { description: 'A required field is missing (after alias normalisation)', level: 'error' },
  'E-TYPE': { description: 'A field has the wrong JSON type', level: 'error' },
  'E-ENUM': { description: 'A value outside its enumeration (scope, status)', level: 'error' },
  'E-RANGE': { description: 'A number below its minimum', level: 'error' },
  'E-SCHEMA': { description: 'Other schema violation', level: 'error' },
  'E-ID-FORMAT': { description: 'An achievement id is not a string X.Y', level: 'error' },
  'E-DEP-FORMAT': { description: 'A dependency is not a string X.Y', level: 'error' },
  'E-DUP-ID': { description: 'The same achievement id is declared twice', level: 'error' },
  'E-ID-COLLISION': { description: 'Two ids share a file-name code (1.10 / 11.0)', level: 'error' },
  'E-EMPTY': { description: 'No achievements', level: 'warning' },
  'E-UNKNOWN-DEP': { description: 'A dependency names an achievement that is not listed', level: 'error' },
  'E-UNKNOWN-ID': { description: 'A level lists an achievement that is not listed', level: 'error' },
  'E-SELF-DEP': { description: 'An achievement depends on itself', level: 'error' },
  'E-DUP-DEP': { description: 'A dependency is listed twice', level: 'warning' },
  'E-CYCLE': { description: 'Circular dependency', level: 'error' },
  'E-HOURS': { description: 'Unparsable, negative or too large (over 100,000 h) hour estimate', level: 'error' },
  'E-AMBIGUOUS-FILE': { description: 'Several candidate dependency files', level: 'error' },
  'W-ALT-FILENAME': { description: 'Dependency file under an alternate name', level: 'warning' },
  'W-DUP-KEY': { description: 'A key appears twice in one object', level: 'warning' },
  'W-ALIAS-CONFLICT': { description: 'A field and its legacy alias disagree', level: 'warning' },
  'W-TITLE': { description: 'Achievements without a title', level: 'warning' },
  'W-DATE': { description: 'A timestamp is not an ISO date-time', level: 'warning' },
  'W-TIMES': { description: 'completed_at before started_at', level: 'warning' },
  'W-LEVEL-MISMATCH': { description: 'Declared level disagrees with the dependencies', level: 'warning' },
  'W-CAN-PARALLELIZE': { description: 'can_parallelize disagrees with the dependencies', level: 'warning' },
  'W-LEVEL-DUP': { description: 'Two entries of levels[] share one level number', level: 'warning' },
  'W-OPTIONAL-CYCLE': { description: 'Optional dependencies contradict the hard ones', level: 'warning' },
  'W-BLOCKS': { description: 'Stored blocks differ from the inverse of the dependencies', level: 'warning' },
  'W-PARALLELIZABLE-WITH': { description: 'Stored parallelizable_with is asymmetric or contradicts the dependencies', level: 'warning' },
  'W-STATUS-PERSISTED': { description: 'A stored status (ignored; status is derived)', level: 'note' },
  'W-SCOPE': { description: 'scope "priority" but dependencies cross priorities', level: 'warning' },
  'W-PLAN-NAME': { description: 'plan_name differs from the plan', level: 'warning' },
  'W-CLAIMS': { description: 'Stored derived data differs from the computed values', level: 'warning' },
  'I-CLAIMS-UNREAD': { description: 'A stored figure --check-claims cannot read (not checked)', level: 'note' },
  'W-PLAN-COVERAGE': { description: 'parallel.json and the PLAN list different achievements', level: 'warning' },
  'W-SKIPPED-DEP': { description: 'Ready only because a dependency was skipped', level: 'warning' },
  'I-ALIAS': { description: 'A legacy field name was read', level: 'note' },
  'I-VERSION': { description: 'Seed format version replaced', level: 'note' },
  'I-DEFAULT': { description: 'A default was assumed', level: 'note' },
  'I-LEVELS': { description: 'Achievements taken from levels[]', level: 'note' },
  'I-HOURS': { description: 'Hour estimates normalised', level: 'note' },
};

/** A path for messages: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  if (!file) return file;
  const r = relative(cwd, file);
  return r && !r.startsWith('..') && !r.startsWith(sep) ? r.split(sep).join('/') : file;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

export interface ValidationReport {
  file: string;
  valid: boolean;
  strict: boolean;
  diagnostics: ParallelDiagnostic[];
  cycles: Cycle[];
  stats: { achievements: number; dependencies: number; depths: number; sequentialHours: Range | null; criticalPathHours: Range | null };
}

function where(d: ParallelDiagnostic, cwd: string): string {
  const f = d.file ? displayPath(d.file, cwd) : '';
  return d.line !== undefined ? `${f}:${d.line}:${d.column ?? 1}` : f;
}

export function validationText(r: ValidationReport, s: Styles, opts: { quiet?: boolean; cwd: string }): string {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
  const infos = r.diagnostics.filter((d) => d.severity === 'info');
  const lines: string[] = [];
  const line = (d: ParallelDiagnostic) => {
    const code = d.severity === 'error' ? s.red(d.code) : d.severity === 'warning' ? s.yellow(d.code) : s.blue(d.code);
    lines.push(`  ${where(d, opts.cwd)} ${code} ${d.message}`);
    if (!opts.quiet && d.hint) lines.push(s.dim(`      → ${d.hint}`));
  };
  if (opts.quiet) {
    for (const d of [...errors, ...warnings]) line(d);
    return lines.length ? lines.join('\n') + '\n' : '';
  }
  lines.push(r.valid ? s.green(s.bold('✅ Validation passed!')) : s.red(s.bold('❌ Validation failed!')));
  const st = r.stats;
  const parts = [`${st.achievements} achievement${st.achievements === 1 ? '' : 's'}`, `${st.dependencies} dependenc${st.dependencies === 1 ? 'y' : 'ies'}`];
  if (st.depths) parts.push(`${st.depths} dept${st.depths === 1 ? 'h' : 'hs'}`);
  if (st.criticalPathHours) parts.push(`critical path ${rangeH(st.criticalPathHours)}`);
  const unreadable = st.achievements === 0 && errors.some((d) => ['E-FILE', 'E-JSON', 'E-ROOT', 'E-AMBIGUOUS-FILE'].includes(d.code));
  lines.push(`  ${displayPath(r.file, opts.cwd)}${unreadable ? '' : `: ${parts.join(', ')}`}${r.strict ? ' (strict)' : ''}`);
  if (errors.length) {
    lines.push('', s.bold(`Errors (${errors.length}):`));
    errors.forEach(line);
  }
  if (warnings.length) {
    lines.push('', s.bold(`Warnings (${warnings.length}):`));
    warnings.forEach(line);
  }
  if (infos.length) {
    lines.push('', s.bold(`Notes (${infos.length}):`));
    infos.forEach(line);
  }
  if (r.strict && !errors.length && warnings.length) lines.push('', '--strict: warnings count as failures.');
  return lines.join('\n') + '\n';
}

function diagJson(d: ParallelDiagnostic, cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = { code: d.code, severity: d.severity, message: d.message };
  if (d.file) out.file = displayPath(d.file, cwd);
  if (d.line !== undefined) {
    out.line = d.line;
    out.column = d.column ?? 1;
  }
  if (d.pointer !== undefined) out.pointer = d.pointer;
  if (d.hint) out.hint = d.hint;
  if (d.achievementId) out.achievementId = d.achievementId;
  if (d.cycle) out.path = d.cycle;
  if (d.related) out.related = d.related;
  return out;
}

export function validationJson(r: ValidationReport, cwd: string): string {
  const pick = (sev: string) => r.diagnostics.filter((d) => d.severity === sev).map((d) => diagJson(d, cwd));
  return (
    JSON.stringify(
      {
        valid: r.valid,
        file: displayPath(r.file, cwd),
        strict: r.strict,
        errors: pick('error'),
        warnings: pick('warning'),
        infos: pick('info'),
        cycles: r.cycles.map((c) => ({ path: c.ids, removeEdge: c.remove })),
        stats: r.stats,
      },
      null,
      2,
    ) + '\n'
  );
}

/** SARIF 2.1.0 (OASIS), one run, one result per error/warning/info, with rule metadata and positions. */
export function validationSarif(
  r: ValidationReport,
  cwd: string,
  toolName: string,
  invocation: { exitCode: number; executionSuccessful: boolean } = { exitCode: r.valid ? 0 : 1, executionSuccessful: true },
): string {
  const used = [...new Set(r.diagnostics.map((d) => d.code))].sort();
  const ruleIndex = new Map(used.map((c, k) => [c, k]));
  const uriFor = (file: string) => {
    const rel = relative(cwd, file);
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep)) return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
    return { uri: pathToFileURL(file).href };
  };
  const level = (d: ParallelDiagnostic) => (d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note');
  const results = r.diagnostics.map((d) => {
    const loc: Record<string, unknown> = {
      physicalLocation: {
        artifactLocation: uriFor(d.file ?? r.file),
        ...(d.line !== undefined ? { region: { startLine: d.line, startColumn: d.column ?? 1 } } : {}),
      },
    };
    if (d.pointer) loc.logicalLocations = [{ fullyQualifiedName: d.pointer, kind: 'object' }];
    const res: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: level(d),
      message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
      locations: [loc],
    };
    if (d.related?.length) {
      res.relatedLocations = d.related.map((x, k) => ({
        id: k + 1,
        message: { text: x.message },
        physicalLocation: { artifactLocation: uriFor(d.file ?? r.file), ...(x.line !== undefined ? { region: { startLine: x.line, startColumn: x.column ?? 1 } } : {}) },
      }));
    }
    return res;
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: toolName,
            rules: used.map((c) => ({
              id: c,
              name: c.replace(/-/g, ''),
              shortDescription: { text: RULES[c]?.description ?? c },
              defaultConfiguration: { level: RULES[c]?.level ?? (c.startsWith('E-') ? 'error' : 'warning') },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : cwd + '/').href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: invocation.executionSuccessful, exitCode: invocation.exitCode }],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Large JSON documents, in pieces

/**
 * A long array field of jsonPieces: its items, each turned into the value to serialise only when its piece is
 * written. (Items and a mapper rather than an index callback: an `(k) => build(rows[k])` closure was optimised,
 * deoptimised on the rows' several hidden classes and re-optimised four times, ~110 M instructions of compilation.)
 */
export class JsonRows<T = unknown> {
  constructor(
    readonly items: readonly T[],
    readonly toJson: (item: T) => unknown = (item) => item,
  ) {}
}

/** Items of a JsonRows serialised per piece: ~60 kB of status rows, below V8's large-object size (25 and 400 cost more). */
const ROWS_PER_PIECE = 100;

/**
 * The text of `JSON.stringify(object, null, 2) + '\n'` for the object with these fields (in this order), cut
 * into pieces whose concatenation is exactly that text. A field given as JsonRows is an array whose items are
 * built and serialised ROWS_PER_PIECE at a time.
 *
 * Why: the status and analysis documents of a 10,000-achievement plan are ~6 MB. Built whole they cost 10,000 live
 * row objects, the 6 MB string and its flattened copy with the final newline, all in fresh memory (slow to fault in
 * on a small VM). In pieces, each batch of rows is garbage as soon as its text is written, and no string is larger
 * than a piece (~60 kB, reused young-generation memory).
 *
 * How the bytes stay identical: JSON.stringify itself writes every piece. A batch of rows is serialised wrapped as
 * `[[item, …]]`, so the items sit two levels deep, exactly as in `{ "key": [item, …] }`, and get the same
 * indentation; the wrapper's opening `[\n  [` and closing `\n  ]\n]` are cut off. After the first batch, a
 * leading `0` item makes JSON.stringify also write the `,\n` that separates the batch from the previous one, so a
 * piece is one slice of one string (no concatenation to copy again). Plain fields are serialised by JSON.stringify
 * too (runs of them as one object, braces cut off), so undefined values, toJSON and escaping behave as in one call.
 * Keys must not be array indices (JSON.stringify would move those to the front).
 */
export function* jsonPieces(fields: ReadonlyArray<readonly [string, unknown]>): Generator<string> {
  let members = 0;
  // The closing bracket of a row list, written with whatever comes next.
  let owed = '';
  /** What goes before the next member: the owed bracket, then the opening brace or a comma. */
  const separator = (): string => {
    const text = owed + (members++ ? ',\n' : '{\n');
    owed = '';
    return text;
  };
  let plain: Record<string, unknown> | undefined;
  const flush = (): string => {
    const text = plain ? JSON.stringify(plain, null, 2) : '{}';
    plain = undefined;
    return text === '{}' ? '' : separator() + text.slice(2, -2);
  };
  for (const [key, value] of fields) {
    if (!(value instanceof JsonRows)) {
      // Without a prototype, a key `__proto__` is an own property, as in an object literal.
      (plain ??= Object.create(null) as Record<string, unknown>)[key] = value;
      continue;
    }
    const before = flush();
    const head = `${before}${separator()}  ${JSON.stringify(key)}: [`;
    const { items, toJson } = value as JsonRows;
    if (items.length === 0) {
      yield head + ']';
      continue;
    }
    yield head;
    const batch: unknown[] = [];
    const wrapper = [batch];
    for (let start = 0; start < items.length; start += ROWS_PER_PIECE) {
      const end = Math.min(start + ROWS_PER_PIECE, items.length);
      batch.length = 0;
      if (start) batch.push(0);
      for (let k = start; k < end; k++) batch.push(toJson(items[k]));
      // Cut `[\n  [` (the newline before the first item stays) or `[\n  [\n    0` (the `,\n` after the 0 stays).
      yield JSON.stringify(wrapper, null, 2).slice(start ? 11 : 5, -6);
    }
    owed = '\n  ]';
  }
  const last = flush();
  yield members ? `${last}${owed}\n}\n` : '{}\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

export function rangeH(r: Range): string {
  return r.min === r.max ? `${fmt(r.min)} h` : `${fmt(r.min)}–${fmt(r.max)} h`;
}

function rangePct(r: Range): string {
  return r.min === r.max ? `${r.min}%` : `${r.min}%–${r.max}%`;
}

function idsText(ids: string[], max = 12): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} … (${ids.length} in all)`;
}

/** `sequential 7–11 h → parallel 3–5 h, saves 4–6 h (57%–55%)`. */
export function savingsText(t: GroupTimes): string {
  const par = t.parallelCapped ?? t.parallel;
  const levels = t.levelCaps?.length ? ` (${t.levelCaps.map((c) => `level ${c.level}: at most ${c.maxParallelism} at a time`).join(', ')})` : '';
  const cap = t.executors ? ` with ${t.executors} executor${t.executors === 1 ? '' : 's'}${levels}` : '';
  let s = `sequential ${rangeH(t.sequential)} → parallel ${rangeH(par)}${cap}, saves ${rangeH(t.saved)} (${rangePct(t.savingsPct)})`;
  if (t.unknownEstimates.length) s += `; no estimate for ${idsText(t.unknownEstimates, 6)}`;
  return s;
}

/** Steps of a chain shown in an overview: the first and last half of this many, the middle counted. */
export const CHAIN_MAX_SHOWN = 60;

/**
 * `a → b → c`; with `limit`, a longer chain keeps its first and last limit/2 steps and counts the middle ones
 * (a 20,000-step critical path is one 350 kB line otherwise). `step(k)` renders the k-th step.
 */
function chainText(n: number, step: (k: number) => string, limit?: number): string {
  if (limit === undefined || n <= limit) return Array.from({ length: n }, (_, k) => step(k)).join(' → ');
  const half = limit >> 1;
  const head = Array.from({ length: half }, (_, k) => step(k));
  const tail = Array.from({ length: half }, (_, k) => step(n - half + k));
  return [...head, `… ${n - 2 * half} more …`, ...tail].join(' → ');
}

export function pathText(p: CriticalPath, limit?: number): string {
  const unknown = new Set(p.unknownEstimates);
  return chainText(p.ids.length, (k) => `${p.ids[k]} (${unknown.has(p.ids[k] as string) ? '?' : fmt(p.hours[k] as number)} h)`, limit);
}

/** The critical path lines; `limit` clips long paths (overviews), without it every step is shown (--critical-path). */
function criticalText(t: PlanTimes, label = 'Critical path', limit?: number): string[] {
  const { min, max } = t.criticalPath;
  if (!max.ids.length) return [`${label}: — (nothing left)`];
  if (sameIds(min.ids, max.ids)) {
    const total = min.total === max.total ? `${fmt(min.total)} h` : `${fmt(min.total)}–${fmt(max.total)} h`;
    const unknown = new Set(min.unknownEstimates);
    const step = (k: number) => {
      const id = min.ids[k] as string;
      const lo = min.hours[k] as number;
      const hi = max.hours[k] as number;
      return unknown.has(id) ? `${id} (? h)` : lo === hi ? `${id} (${fmt(lo)} h)` : `${id} (${fmt(lo)}–${fmt(hi)} h)`;
    };
    return [`${label} (${total}): ${chainText(min.ids.length, step, limit)}`];
  }
  return [`${label}, lower estimates (${fmt(min.total)} h): ${pathText(min, limit)}`, `${label}, upper estimates (${fmt(max.total)} h): ${pathText(max, limit)}`];
}

function sameIds(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export function planTimesText(t: PlanTimes): string {
  const cp = { min: t.criticalPath.min.total, max: t.criticalPath.max.total };
  let s = `sequential ${rangeH(t.sequential)} · level-synchronous ${rangeH(t.levelSynchronous)} · critical path ${rangeH(cp)}`;
  if (t.withExecutors) {
    const pool = t.executors ? `${t.executors} executor${t.executors === 1 ? '' : 's'}` : '';
    const levels = t.levelCapped ? "the levels' max_parallelism" : '';
    s += ` · with ${[pool, levels].filter(Boolean).join(' and ')} ${rangeH(t.withExecutors)}`;
  }
  return s;
}

const STATUS_STYLE: Record<Status, keyof Omit<Styles, 'enabled'> | undefined> = {
  complete: 'green',
  skipped: 'dim',
  failed: 'red',
  in_progress: 'yellow',
  execution_created: 'yellow',
  subplan_created: 'blue',
  not_started: undefined,
};

function styleStatus(s: Styles, st: Status, text: string): string {
  const k = STATUS_STYLE[st];
  return k ? (s[k] as (x: string) => string)(text) : text;
}

let graphemes: Intl.Segmenter | undefined;

/**
 * `s` cut to at most `n` UTF-16 units with an ellipsis, at a grapheme boundary: never inside an emoji (a surrogate
 * pair, a flag, a ZWJ sequence such as 👩‍👩‍👧‍👦). Only long strings are segmented.
 */
export function clip(s: string, n: number): string {
  if (s.length <= n) return s;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let end = 0;
  for (const g of graphemes.segment(s)) {
    if (g.index + g.segment.length > n - 1) break;
    end = g.index + g.segment.length;
  }
  return s.slice(0, end) + '…';
}

function readyCell(r: AchievementRow): string {
  if (r.status === 'complete' || r.status === 'skipped') return 'done';
  if (r.ready) return r.skippedDeps.length ? 'ready (skipped deps)' : 'ready';
  if (r.depth < 0) return 'on a cycle';
  const b = r.blockedBy;
  return `blocked by ${b.slice(0, 3).join(', ')}${b.length > 3 ? ` +${b.length - 3}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Status

/** Lines of a long text output (status table, Mermaid, DOT) per written piece: ~1–2 MB in all at 10,000 rows. */
const LINES_PER_PIECE = 500;

/**
 * The piece `lines.join('\n') + '\n'` once `lines` holds LINES_PER_PIECE lines (any number when `last`), emptying
 * the array; otherwise undefined. The pieces of an output, concatenated, are its lines each ended by a newline.
 */
function takePiece(lines: string[], last = false): string | undefined {
  if (!last && lines.length < LINES_PER_PIECE) return undefined;
  const text = lines.join('\n') + '\n';
  lines.length = 0;
  return text;
}

/** The status table in pieces to write one after the other; their concatenation is `statusTable`. */
export function* statusTablePieces(a: ParallelAnalysis, s: Styles, opts: { remaining?: boolean; cwd: string }): Generator<string> {
  const rows = opts.remaining ? a.sorted.filter((r) => r.status !== 'complete' && r.status !== 'skipped') : a.sorted;
  const head = ['ID', 'Title', 'Status', 'Depth', 'Ready / blocked by', 'Hours', 'Executor'];
  const cells = rows.map((r) => [r.id, clip(r.title || '—', 44), r.status, String(r.depth), readyCell(r), formatHours(r.hours), r.executor ?? '—']);
  const widths = head.map((h) => h.length);
  for (const c of cells) for (let k = 0; k < widths.length; k++) widths[k] = Math.max(widths[k] as number, (c[k] as string).length);
  const pad = (c: string[]) => c.map((x, k) => (k === 3 ? x.padStart(widths[k] as number) : x.padEnd(widths[k] as number))).join('  ').trimEnd();
  // Where the status cell starts and ends in a padded row.
  const start = (widths[0] as number) + 2 + (widths[1] as number) + 2;
  const end = start + (widths[2] as number);
  const lines = [s.bold(`Achievement status — ${a.planName ?? a.feature} (derived from the filesystem)`), '', s.bold(pad(head))];
  for (let k = 0; k < rows.length; k++) {
    const text = pad(cells[k] as string[]);
    // Colour the status cell only (after padding, so alignment holds); without colours the row is the padded text.
    lines.push(s.enabled ? text.slice(0, start) + styleStatus(s, (rows[k] as AchievementRow).status, text.slice(start, end)) + text.slice(end) : text);
    const piece = takePiece(lines);
    if (piece) yield piece;
  }
  if (!rows.length) lines.push(opts.remaining ? '(nothing remaining)' : 'No achievements found.');
  lines.push('', ...statusFooter(a, opts.remaining === true));
  yield takePiece(lines, true) as string;
}

export function statusTable(a: ParallelAnalysis, s: Styles, opts: { remaining?: boolean; cwd: string }): string {
  return [...statusTablePieces(a, s, opts)].join('');
}

/** Depths counted on the status footer's one "By depth" line (the JSON lists every one). */
const STATUS_MAX_DEPTHS = 50;

export function statusFooter(a: ParallelAnalysis, remaining: boolean): string[] {
  const p = a.progress;
  const bs = p.byStatus;
  const open = (['in_progress', 'execution_created', 'subplan_created', 'failed', 'not_started'] as const).filter((k) => bs[k]).map((k) => `${bs[k]} ${k}`);
  const lines = [`Progress: ${p.done}/${p.total} done (${p.percent}%): ${p.complete} complete, ${p.skipped} skipped${open.length ? `; ${open.join(', ')}` : ''}`];
  if (a.depths.length) {
    const shown = a.depths.slice(0, STATUS_MAX_DEPTHS).map((d) => `${d.depth}: ${d.done}/${d.ids.length}`);
    if (a.depths.length > STATUS_MAX_DEPTHS) shown.push(`… ${a.depths.length - STATUS_MAX_DEPTHS} more depths`);
    lines.push(`By depth: ${shown.join(' · ')}`);
  }
  const rs = a.readySet;
  if (rs.ids.length) {
    lines.push(`Ready now (${rs.ids.length}): ${idsText(rs.ids)}`);
    if (rs.ids.length >= 2) lines.push(`  ${savingsText(rs)}`);
  } else if (p.done === p.total && p.total) lines.push('Ready now: nothing — every achievement is done.');
  else lines.push('Ready now: nothing (every open achievement waits for a dependency).');
  const rem = a.remaining;
  if (rem.count) {
    const cp = rem.criticalPath.max;
    lines.push(`Remaining critical path (${rangeH({ min: rem.criticalPath.min.total, max: rem.criticalPath.max.total })}): ${chainText(cp.ids.length, (k) => cp.ids[k] as string, CHAIN_MAX_SHOWN) || '—'}`);
    if (!remaining) lines.push(`Remaining work: ${planTimesText(rem)}`);
  }
  if (remaining) lines.push(`Remaining work: ${planTimesText(rem)}`);
  return lines;
}

function rel(a: ParallelAnalysis, p: string | undefined): string | undefined {
  if (!p) return undefined;
  const root = a.root;
  if (!root) return p;
  // Documents sit under the root: a prefix test, not path.relative (this runs for every path of every row).
  return p.length > root.length && p.charCodeAt(root.length) === 47 /* / */ && p.startsWith(root) ? p.slice(root.length + 1) : displayPath(p, root);
}

/** rel() of every path of a list, in a new list (an empty list is returned as it is; no closure per row). */
function relList(a: ParallelAnalysis, paths: readonly string[]): readonly string[] {
  if (paths.length === 0) return paths;
  const out: string[] = [];
  for (let k = 0; k < paths.length; k++) out.push(rel(a, paths[k]) as string);
  return out;
}

/** The `--format json` document of get_parallel_status, in pieces to write one after the other (see jsonPieces). */
export function statusJsonPieces(a: ParallelAnalysis, opts: { remaining?: boolean; cwd: string }): Iterable<string> {
  const rows = opts.remaining ? a.sorted.filter((r) => r.status !== 'complete' && r.status !== 'skipped') : a.sorted;
  return jsonPieces([
    ['plan', a.planName ?? a.feature],
    ['feature', a.feature],
    ['root', a.root ?? null],
    ['file', displayPath(a.file, opts.cwd)],
    // The row is built inline (as a separate function V8 compiled it once more, +45 M instructions).
    ['achievements', new JsonRows(rows, (r) => {
      const row: Record<string, unknown> = {
        id: r.id,
        title: r.title,
        status: r.status,
        depth: r.depth,
        ready: r.ready,
        blockedBy: r.blockedBy,
        dependencies: r.dependencies,
        subplan: rel(a, r.subplan) ?? null,
        subplanPlaceholder: r.subplanPlaceholder === true,
        executions: relList(a, r.executions),
        placeholders: relList(a, r.placeholders),
        fix: rel(a, r.fixFile) ?? null,
        hours: r.hours ?? null,
        executor: r.executor ?? null,
      };
      if (r.planText) row.completeBy = 'plan_text';
      return row;
    })],
    ['progress', a.progress],
    ['readySet', a.readySet],
    ['depths', new JsonRows(a.depths, (d) => ({ depth: d.depth, ids: d.ids, done: d.done }))],
    ['times', { all: a.times, remaining: a.remaining }],
    ['bottlenecks', a.bottlenecks],
  ]);
}

export function statusJson(a: ParallelAnalysis, opts: { remaining?: boolean; cwd: string }): string {
  return [...statusJsonPieces(a, opts)].join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Dependency analysis

export function analysisText(a: ParallelAnalysis, s: Styles, opts: { criticalPath?: boolean }): string {
  const lines: string[] = [];
  if (opts.criticalPath) {
    lines.push(s.bold(`Critical path — ${a.planName ?? a.feature}`), ...criticalText(a.times), ...criticalText(a.remaining, 'Remaining critical path'));
    return lines.join('\n') + '\n';
  }
  const edges = a.rows.reduce((n, r) => n + r.dependencies.length, 0);
  const maxDepth = a.depths.length ? (a.depths[a.depths.length - 1] as { depth: number }).depth : -1;
  lines.push(s.bold(`Dependency analysis — ${a.planName ?? a.feature}`));
  lines.push(`${a.rows.length} achievement${a.rows.length === 1 ? '' : 's'} · ${edges} dependenc${edges === 1 ? 'y' : 'ies'} · depths 0–${Math.max(maxDepth, 0)} · ${a.progress.done} done${a.executors ? ` · ${a.executors} executor${a.executors === 1 ? '' : 's'}` : ''}`);
  lines.push('', s.bold('By depth:'));
  const depthRows = Math.min(a.depths.length, DEPTH_MAX_ROWS);
  for (let k = 0; k < depthRows; k++) {
    const d = a.depths[k] as DepthGroup;
    lines.push(`  depth ${d.depth}  ${`(${d.done}/${d.ids.length} done)`.padEnd(14)} ${idsText(d.ids, 10)}`);
    if (d.ids.length >= 2) lines.push(s.dim(`      ${savingsText(d.times)}`));
  }
  if (a.depths.length > depthRows) lines.push(s.dim(`  … ${a.depths.length - depthRows} more depths (--format json lists every one)`));
  lines.push('', s.bold(`Ready now (${a.readySet.ids.length}):`) + ` ${a.readySet.ids.length ? idsText(a.readySet.ids) : 'nothing'}`);
  if (a.readySet.ids.length >= 2) lines.push(`  ${savingsText(a.readySet)}`);
  lines.push('', s.bold('Whole plan:') + ` ${planTimesText(a.times)}`);
  lines.push(s.bold('Remaining: ') + ` ${planTimesText(a.remaining)}`);
  lines.push('  (the critical path is the time achievable with unlimited executors; level-synchronous waits for each depth to finish)');
  if (a.times.unknownEstimates.length) lines.push(s.yellow(`  No estimate (left out of the times, which are lower bounds): ${idsText(a.times.unknownEstimates)}`));
  lines.push('', ...criticalText(a.times, 'Critical path', CHAIN_MAX_SHOWN));
  if (a.bottlenecks.length) {
    lines.push('', s.bold('Bottlenecks (open achievements the most open work waits for):'));
    for (const b of a.bottlenecks) {
      const r = a.byId.get(b.id);
      lines.push(`  ${b.id}  ${b.dependents} achievement${b.dependents === 1 ? ' waits' : 's wait'} for it (${b.direct} directly)${r ? ` — ${r.status}` : ''}`);
    }
  }
  lines.push('', s.bold('Graph (indented by depth; ← depends on):'));
  lines.push(...graphLines(a, s));
  return lines.join('\n') + '\n';
}

/** Indentation stops growing at this depth; deeper rows say their depth instead. */
export const GRAPH_MAX_INDENT = 20;
/** Rows of the text graph; the rest is summed up in one line (the other formats list every achievement). */
export const GRAPH_MAX_ROWS = 1000;
/** Rows of the "By depth" list, likewise. */
export const DEPTH_MAX_ROWS = 1000;

/**
 * The text graph: one row per achievement (each once: the list is by depth, not a tree, so nothing repeats), in
 * depth then id order. Linear in the output: the indentation is capped at GRAPH_MAX_INDENT levels (a 20,000-step
 * chain indented in full is 400 MB of spaces) and at most GRAPH_MAX_ROWS rows are printed, each with at most 8
 * dependencies and a clipped title. Plans of real size (depth < 20, < 1000 achievements) print as before.
 */
function graphLines(a: ParallelAnalysis, s: Styles): string[] {
  const out: string[] = [];
  const sorted = [...a.sorted].sort((x, y) => x.depth - y.depth || x.rank - y.rank);
  const shown = Math.min(sorted.length, GRAPH_MAX_ROWS);
  for (let k = 0; k < shown; k++) {
    const r = sorted[k] as AchievementRow;
    const depth = Math.max(r.depth, 0);
    const indent = '  '.repeat(Math.min(depth, GRAPH_MAX_INDENT) + 1);
    const mark = depth > GRAPH_MAX_INDENT ? `(depth ${depth}) ` : '';
    const deps = r.dependencies.length ? `  ← ${idsText(byRank(a, r.dependencies), 8)}` : '';
    out.push(`${indent}${mark}${r.id}  ${clip(r.title || '—', 50)} [${styleStatus(s, r.status, r.status)}]${deps}`);
  }
  if (sorted.length > shown) out.push(s.dim(`  … ${sorted.length - shown} more achievement${sorted.length - shown === 1 ? '' : 's'} (--format json, mermaid or dot lists every one)`));
  return out;
}

/** The `--format json` document of analyze_dependencies, in pieces to write one after the other (see jsonPieces). */
export function analysisJsonPieces(a: ParallelAnalysis, opts: { criticalPath?: boolean; cwd: string }): Iterable<string> {
  if (opts.criticalPath) {
    return [JSON.stringify({ plan: a.planName ?? a.feature, criticalPath: a.times.criticalPath, remainingCriticalPath: a.remaining.criticalPath }, null, 2) + '\n'];
  }
  const row = (r: AchievementRow) => ({ id: r.id, title: r.title, status: r.status, depth: r.depth, declaredLevel: r.declaredLevel ?? null, priority: r.priority ?? null, dependencies: r.dependencies, dependents: r.dependents, ready: r.ready, blockedBy: r.blockedBy, hours: r.hours ?? null, executor: r.executor ?? null });
  return jsonPieces([
    ['plan', a.planName ?? a.feature],
    ['file', displayPath(a.file, opts.cwd)],
    ['executors', a.executors ?? null],
    ['achievements', new JsonRows(a.sorted, row)],
    // Every depth lists its ids and times: ~400 kB at 10,000 achievements.
    ['depths', new JsonRows(a.depths)],
    ['readySet', a.readySet],
    ['times', a.times],
    ['remaining', a.remaining],
    ['bottlenecks', a.bottlenecks],
    ['planBottlenecks', a.planBottlenecks],
    ['progress', a.progress],
  ]);
}

export function analysisJson(a: ParallelAnalysis, opts: { criticalPath?: boolean; cwd: string }): string {
  return [...analysisJsonPieces(a, opts)].join('');
}

/** Ids in numeric order, using the analysis' precomputed ranks. */
function byRank(a: ParallelAnalysis, ids: string[]): string[] {
  return [...ids].sort((x, y) => (a.byId.get(x)?.rank ?? 0) - (a.byId.get(y)?.rank ?? 0));
}

function criticalEdges(a: ParallelAnalysis): Set<string> {
  const set = new Set<string>();
  for (const p of [a.times.criticalPath.min, a.times.criticalPath.max]) for (let k = 1; k < p.ids.length; k++) set.add(`${p.ids[k - 1]}>${p.ids[k]}`);
  return set;
}

function criticalNodes(a: ParallelAnalysis): Set<string> {
  return new Set([...a.times.criticalPath.min.ids, ...a.times.criticalPath.max.ids]);
}

function rowsFor(a: ParallelAnalysis, onlyCritical: boolean): AchievementRow[] {
  const crit = criticalNodes(a);
  return a.sorted.filter((r) => !onlyCritical || crit.has(r.id)).sort((x, y) => x.depth - y.depth || x.rank - y.rank);
}

const MERMAID_ENTITY: Record<string, string> = { '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '%': '#37;' };

/** A title on one line: a graph label holds its own line breaks (id, title, hours). */
export function oneLine(t: string): string {
  return t.replace(/\s+/g, ' ').trim();
}

/** Mermaid flowchart: prerequisite → dependant; complete / ready / failed classes; the critical path in red. */
export function mermaid(a: ParallelAnalysis, opts: { criticalPath?: boolean } = {}): string {
  return [...mermaidPieces(a, opts)].join('');
}

/** The Mermaid flowchart in pieces to write one after the other. */
export function* mermaidPieces(a: ParallelAnalysis, opts: { criticalPath?: boolean } = {}): Generator<string> {
  const nodeId = (id: string) => `a${id.replace(/\./g, '_')}`;
  // Entity codes for what Mermaid would read as markup: `#` first (a title's own `#35;` stays text), quotes, angle
  // brackets, and `%` (a line starting `%%` is a comment, `%%{` a directive).
  const esc = (t: string) => t.replace(/[#"<>%]/g, (c) => MERMAID_ENTITY[c] as string);
  const rows = rowsFor(a, opts.criticalPath === true);
  const shown = new Set(rows.map((r) => r.id));
  const crit = criticalEdges(a);
  const lines = ['flowchart TD'];
  for (const r of rows) {
    const cls = r.status === 'complete' || r.status === 'skipped' ? 'done' : r.status === 'failed' ? 'failed' : r.ready ? 'ready' : r.status === 'not_started' ? '' : 'started';
    lines.push(`  ${nodeId(r.id)}["${esc(`${r.id} ${clip(oneLine(r.title), 40)}`.trim())}<br/>${esc(formatHours(r.hours))} · ${r.status}"]${cls ? `:::${cls}` : ''}`);
    const piece = takePiece(lines);
    if (piece) yield piece;
  }
  const critIdx: number[] = [];
  let e = 0;
  for (const r of rows) {
    for (const d of byRank(a, r.dependencies)) {
      if (!shown.has(d)) continue;
      lines.push(`  ${nodeId(d)} --> ${nodeId(r.id)}`);
      if (crit.has(`${d}>${r.id}`)) critIdx.push(e);
      e++;
      const piece = takePiece(lines);
      if (piece) yield piece;
    }
  }
  lines.push(
    '  classDef done fill:#d4edda,stroke:#28a745,color:#155724',
    '  classDef ready fill:#fff3cd,stroke:#d39e00,color:#533f03',
    '  classDef started fill:#d1ecf1,stroke:#17a2b8,color:#0c5460',
    '  classDef failed fill:#f8d7da,stroke:#dc3545,color:#721c24',
  );
  if (critIdx.length) lines.push(`  linkStyle ${critIdx.join(',')} stroke:#d73a49,stroke-width:3px`);
  yield takePiece(lines, true) as string;
}

/** Graphviz DOT: one rank per depth, prerequisite → dependant, the critical path in red. */
export function dot(a: ParallelAnalysis, opts: { criticalPath?: boolean } = {}): string {
  return [...dotPieces(a, opts)].join('');
}

/** The DOT graph in pieces to write one after the other. */
export function* dotPieces(a: ParallelAnalysis, opts: { criticalPath?: boolean } = {}): Generator<string> {
  const q = (t: string) => `"${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const fill: Record<Status, string> = {
    complete: '#d4edda',
    skipped: '#e2e3e5',
    failed: '#f8d7da',
    in_progress: '#d1ecf1',
    execution_created: '#d1ecf1',
    subplan_created: '#e7f1ff',
    not_started: '#ffffff',
  };
  const rows = rowsFor(a, opts.criticalPath === true);
  const shown = new Set(rows.map((r) => r.id));
  const crit = criticalEdges(a);
  const critN = criticalNodes(a);
  const lines = [`digraph ${q(a.planName ?? a.feature)} {`, '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];', '  edge [color="#555555"];'];
  for (const r of rows) {
    const attrs = [`label=${q(`${r.id}\n${clip(oneLine(r.title), 40)}\n${formatHours(r.hours)} · ${r.status}`)}`, `fillcolor=${q(r.ready && r.status !== 'failed' ? '#fff3cd' : fill[r.status])}`];
    if (critN.has(r.id)) attrs.push('penwidth=2', 'color="#d73a49"');
    lines.push(`  ${q(r.id)} [${attrs.join(', ')}];`);
    const piece = takePiece(lines);
    if (piece) yield piece;
  }
  for (const r of rows) {
    for (const d of byRank(a, r.dependencies)) {
      if (!shown.has(d)) continue;
      lines.push(`  ${q(d)} -> ${q(r.id)}${crit.has(`${d}>${r.id}`) ? ' [color="#d73a49", penwidth=2.5]' : ''};`);
      const piece = takePiece(lines);
      if (piece) yield piece;
    }
  }
  const byDepth = new Map<number, string[]>();
  for (const r of rows) {
    if (r.depth < 0) continue;
    const ids = byDepth.get(r.depth);
    if (ids) ids.push(r.id);
    else byDepth.set(r.depth, [r.id]);
  }
  for (const [, ids] of [...byDepth.entries()].sort((x, y) => x[0] - y[0])) lines.push(`  { rank=same; ${ids.map(q).join('; ')}; }`);
  lines.push('}');
  yield takePiece(lines, true) as string;
}
