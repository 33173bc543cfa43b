/**
 * The file-name grammar of methodology documents (corpus.md A2), with every suffix variant seen in real work.
 * Pure string functions: no file system access.
 */

export type DocKind = 'plan' | 'subplan' | 'execution' | 'approved' | 'fix' | 'fix_resolution' | 'skipped';

export interface ParsedName {
  kind: DocKind;
  name: string;
  /** Feature name, where the file name carries one (PLAN, SUBPLAN, EXECUTION_TASK). */
  feature?: string;
  /** Compact achievement code (`21` for 2.1), or the sequence number in legacy plans. */
  code?: string;
  /** Execution number (`01`) for EXECUTION_TASK files. */
  exec?: string;
  /** Suffix variants: `V2`, `RECOVERY`, `ARCHIVED`, `NESTED_ARCHIVED`, `05` … */
  suffix?: string;
}

/** A real plan file outside a plan folder must have an upper-case, dash-separated name (no underscores). */
export const STRICT_PLAN = /^PLAN_([A-Z0-9][A-Z0-9-]*)\.md$/;
/** Anything that looks like a PLAN document. */
export const PLAN_LIKE = /^PLAN[_-].*\.md$/i;

// Whole-name patterns, tested (no match array): the numbers sit at known offsets.
const APPROVED = /^APPROVED_\d+\.md$/;
const FIX = /^FIX_\d+\.md$/;
const FIX_RESOLUTION = /^FIX_\d+_RESOLUTION\.md$/;
const SKIPPED = /^SKIPPED_\d+\.md$/;
const PLAN_NAME = /^PLAN_(.+)\.md$/;
const ARCHIVED = /(^|_)ARCHIVED$/;
const SUFFIX = String.raw`((?:_[A-Za-z0-9]+)*)`;

/** SUBPLAN / EXECUTION_TASK patterns without a feature: the feature is the shortest prefix that leaves a number. */
const ANY_FEATURE = {
  execution: new RegExp(`^EXECUTION_TASK_(.+?)_(\\d+)_(\\d+)${SUFFIX}\\.md$`),
  subplan: new RegExp(`^SUBPLAN_(.+?)_(\\d+)${SUFFIX}\\.md$`),
};

/**
 * The parts of a document name, as `scanDocName` fills them. One object serves a whole scan (a workspace holds
 * thousands of names): read its fields before the next call.
 */
export interface DocNameParts {
  kind: DocKind;
  /** Compact achievement code or sequence number ('' for a PLAN). */
  code: string;
  /** PLAN, SUBPLAN and EXECUTION_TASK names. */
  feature: string | undefined;
  /** EXECUTION_TASK names. */
  exec: string | undefined;
  /** Suffix variants (`V2`, `ARCHIVED` …) of SUBPLAN and EXECUTION_TASK names. */
  suffix: string | undefined;
}

/** A fresh parts object for `scanDocName`. */
export function docNameParts(): DocNameParts {
  return { kind: 'plan', code: '', feature: undefined, exec: undefined, suffix: undefined };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-name patterns of one feature's SUBPLAN and EXECUTION_TASK names (the last feature asked for is kept). */
let grammar: { feature: string; subplan: RegExp; execution: RegExp } | undefined;

function grammarOf(feature: string): { subplan: RegExp; execution: RegExp } {
  if (grammar?.feature !== feature) {
    const f = escapeRe(feature);
    grammar = {
      feature,
      subplan: new RegExp(`^SUBPLAN_${f}_\\d+(?:_[A-Za-z0-9]+)*\\.md$`),
      execution: new RegExp(`^EXECUTION_TASK_${f}_\\d+_\\d+(?:_[A-Za-z0-9]+)*\\.md$`),
    };
  }
  return grammar;
}

/**
 * `parseDocName` without an object per name: fills `out` and says whether the name is a document's. The evidence
 * scan reads every name of a plan's folders through it. A name is checked whole by a pattern's `test` (no match
 * array), then cut at its underscores: numbers hold none, so the code ends at the first one after the prefix.
 */
export function scanDocName(name: string, feature: string | undefined, out: DocNameParts): boolean {
  const end = name.length - 3; // before `.md`
  // The first letter picks the one grammar that can match (workspaces hold thousands of these names).
  switch (name.charCodeAt(0)) {
    case 65 /* A */:
      return APPROVED.test(name) && verdict(out, 'approved', name.slice(9, end));
    case 70 /* F */:
      if (FIX.test(name)) return verdict(out, 'fix', name.slice(4, end));
      return FIX_RESOLUTION.test(name) && verdict(out, 'fix_resolution', name.slice(4, end - 11));
    case 83 /* S */:
      if (name.charCodeAt(1) === 75 /* K */) return SKIPPED.test(name) && verdict(out, 'skipped', name.slice(8, end));
      out.kind = 'subplan';
      break;
    case 69 /* E */:
      out.kind = 'execution';
      break;
    case 80 /* P */: {
      const m = PLAN_NAME.exec(name);
      if (!m) return false;
      out.kind = 'plan';
      out.code = '';
      out.feature = m[1] as string;
      out.exec = out.suffix = undefined;
      return true;
    }
    default:
      return false;
  }
  const execution = out.kind === 'execution';
  if (feature === undefined) {
    const m = (execution ? ANY_FEATURE.execution : ANY_FEATURE.subplan).exec(name);
    if (!m) return false;
    out.feature = m[1] as string;
    out.code = m[2] as string;
    out.exec = execution ? (m[3] as string) : undefined;
    out.suffix = (m[execution ? 4 : 3] as string).slice(1) || undefined;
    return true;
  }
  const g = grammarOf(feature);
  if (!(execution ? g.execution : g.subplan).test(name)) return false;
  out.feature = feature;
  // `<PREFIX><feature>_<code>[_<exec>][_<suffix>].md`
  const at = (execution ? 16 : 9) + feature.length;
  let cut = name.indexOf('_', at);
  out.code = name.slice(at, cut < 0 ? end : cut);
  if (execution) {
    const from = cut + 1;
    cut = name.indexOf('_', from);
    out.exec = name.slice(from, cut < 0 ? end : cut);
  } else out.exec = undefined;
  out.suffix = cut < 0 ? undefined : name.slice(cut + 1, end);
  return true;
}

function verdict(out: DocNameParts, kind: DocKind, code: string): true {
  out.kind = kind;
  out.code = code;
  out.feature = out.exec = out.suffix = undefined;
  return true;
}

const scratch = docNameParts();

/**
 * Parses a document file name. With `feature`, SUBPLAN and EXECUTION_TASK names must carry exactly that feature
 * (feature names may contain underscores); without it, the feature is the shortest prefix that leaves a number.
 */
export function parseDocName(name: string, feature?: string): ParsedName | null {
  if (!scanDocName(name, feature, scratch)) return null;
  const { kind, code, exec, suffix } = scratch;
  if (kind === 'plan') return { kind, name, feature: scratch.feature as string };
  if (kind !== 'subplan' && kind !== 'execution') return { kind, name, code };
  const out: ParsedName = exec === undefined ? { kind, name, feature: scratch.feature as string, code } : { kind, name, feature: scratch.feature as string, code, exec };
  if (suffix) out.suffix = suffix;
  return out;
}

/** Archived copies (`_ARCHIVED`, `_NESTED_ARCHIVED`) are history, not live work. */
export function isArchivedName(p: { readonly suffix?: string | undefined }): boolean {
  return p.suffix !== undefined && ARCHIVED.test(p.suffix);
}

/** The canonical file names a prompt tells the LLM to create. */
export const names = {
  plan: (feature: string) => `PLAN_${feature}.md`,
  subplan: (feature: string, code: string) => `SUBPLAN_${feature}_${code}.md`,
  execution: (feature: string, code: string, exec: number | string) =>
    `EXECUTION_TASK_${feature}_${code}_${String(exec).padStart(2, '0')}.md`,
  approved: (code: string) => `APPROVED_${code}.md`,
  fix: (code: string) => `FIX_${code}.md`,
  fixResolution: (code: string) => `FIX_${code}_RESOLUTION.md`,
  skipped: (code: string) => `SKIPPED_${code}.md`,
};
