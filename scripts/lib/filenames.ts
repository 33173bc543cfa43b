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

/** Where the run of ASCII digits (`\d`) starting at `i` ends (`i` itself when there is none). */
function digitsEnd(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
  }
  return i;
}

/** Where the suffix variants `(?:_[A-Za-z0-9]+)*` starting at `i` end. */
function suffixEnd(s: string, i: number): number {
  while (s.charCodeAt(i) === 95 /* _ */) {
    let j = i + 1;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    }
    if (j === i + 1) break;
    i = j;
  }
  return i;
}

/** Whether `s` is exactly `.md` from `i` on. */
function mdAt(s: string, i: number): boolean {
  return s.length === i + 3 && s.charCodeAt(i) === 46 && s.charCodeAt(i + 1) === 109 && s.charCodeAt(i + 2) === 100;
}

/** `<prefix><digits>.md` (APPROVED_, FIX_, SKIPPED_) → the digits, else undefined. */
function numberedVerdict(name: string, prefixLength: number): string | undefined {
  const end = digitsEnd(name, prefixLength);
  return end > prefixLength && mdAt(name, end) ? name.slice(prefixLength, end) : undefined;
}

/**
 * Fills `out` with the parts of a SUBPLAN (`first` = the offset of its number) or EXECUTION_TASK name (the
 * grammars `<number>(_<exec>)?(_[A-Za-z0-9]+)*\.md` from `first`); false when the rest does not follow the grammar.
 * Each digit run must be followed by `_` or `.md`, so the longest run is the only way to match.
 */
function scanNumbered(name: string, first: number, execution: boolean, out: DocNameParts): boolean {
  const codeEnd = digitsEnd(name, first);
  if (codeEnd === first) return false;
  let end = codeEnd;
  if (execution) {
    if (name.charCodeAt(codeEnd) !== 95) return false;
    end = digitsEnd(name, codeEnd + 1);
    if (end === codeEnd + 1) return false;
  }
  const sfxEnd = suffixEnd(name, end);
  if (!mdAt(name, sfxEnd)) return false;
  out.code = name.slice(first, codeEnd);
  out.exec = execution ? name.slice(codeEnd + 1, end) : undefined;
  out.suffix = sfxEnd > end ? name.slice(end + 1, sfxEnd) : undefined;
  return true;
}

/**
 * `parseDocName` without an object per name: fills `out` and says whether the name is a document's. The evidence
 * scan reads every name of a plan's folders through it. With a feature, a SUBPLAN or EXECUTION_TASK name is read by
 * a scan of its characters, not by a regular expression (whose match arrays and substrings are garbage).
 */
export function scanDocName(name: string, feature: string | undefined, out: DocNameParts): boolean {
  let code: string | undefined;
  // The first letter picks the one grammar that can match (workspaces hold thousands of these names).
  switch (name.charCodeAt(0)) {
    case 65 /* A */:
      if (name.startsWith('APPROVED_') && (code = numberedVerdict(name, 9)) !== undefined) return verdict(out, 'approved', code);
      return false;
    case 70 /* F */: {
      if (!name.startsWith('FIX_')) return false;
      const end = digitsEnd(name, 4);
      if (end === 4) return false;
      if (mdAt(name, end)) return verdict(out, 'fix', name.slice(4, end));
      if (name.length === end + 14 && name.endsWith('_RESOLUTION.md')) return verdict(out, 'fix_resolution', name.slice(4, end));
      return false;
    }
    case 83 /* S */:
      if (name.startsWith('SKIPPED_')) return (code = numberedVerdict(name, 8)) !== undefined && verdict(out, 'skipped', code);
      if (!name.startsWith('SUBPLAN_')) return false;
      out.kind = 'subplan';
      break;
    case 69 /* E */:
      if (!name.startsWith('EXECUTION_TASK_')) return false;
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
  const at = execution ? 15 : 8;
  if (feature === undefined) {
    const m = (execution ? ANY_FEATURE.execution : ANY_FEATURE.subplan).exec(name);
    if (!m) return false;
    out.feature = m[1] as string;
    out.code = m[2] as string;
    out.exec = execution ? (m[3] as string) : undefined;
    out.suffix = (m[execution ? 4 : 3] as string).slice(1) || undefined;
    return true;
  }
  // `<PREFIX><feature>_<number>…`: the feature literally, then the numbered grammar.
  if (!name.startsWith(feature, at) || name.charCodeAt(at + feature.length) !== 95) return false;
  out.feature = feature;
  return scanNumbered(name, at + feature.length + 1, execution, out);
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
