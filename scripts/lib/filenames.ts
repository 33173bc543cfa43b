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

const APPROVED = /^APPROVED_(\d+)\.md$/;
const FIX_RESOLUTION = /^FIX_(\d+)_RESOLUTION\.md$/;
const FIX = /^FIX_(\d+)\.md$/;
const SKIPPED = /^SKIPPED_(\d+)\.md$/;
const PLAN_NAME = /^PLAN_(.+)\.md$/;
const ARCHIVED = /(^|_)ARCHIVED$/;
const SUFFIX = String.raw`((?:_[A-Za-z0-9]+)*)`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const grammars = new Map<string, { execution: RegExp; subplan: RegExp }>();

/** The SUBPLAN / EXECUTION_TASK patterns for one feature (or any feature), compiled once. */
function grammarFor(feature: string | undefined): { execution: RegExp; subplan: RegExp } {
  const key = feature ?? '\0any';
  let g = grammars.get(key);
  if (!g) {
    const f = feature === undefined ? '(.+?)' : `(${escapeRe(feature)})`;
    g = {
      execution: new RegExp(`^EXECUTION_TASK_${f}_(\\d+)_(\\d+)${SUFFIX}\\.md$`),
      subplan: new RegExp(`^SUBPLAN_${f}_(\\d+)${SUFFIX}\\.md$`),
    };
    grammars.set(key, g);
  }
  return g;
}

function suffixOf(raw: string | undefined): string | undefined {
  return raw ? raw.slice(1) : undefined;
}

/**
 * Parses a document file name. With `feature`, SUBPLAN and EXECUTION_TASK names must carry exactly that feature
 * (feature names may contain underscores); without it, the feature is the shortest prefix that leaves a number.
 */
export function parseDocName(name: string, feature?: string): ParsedName | null {
  let m: RegExpExecArray | null;
  // The first letter picks the one grammar that can match (workspaces hold thousands of these names).
  switch (name.charCodeAt(0)) {
    case 65 /* A */:
      if ((m = APPROVED.exec(name))) return { kind: 'approved', name, code: m[1] as string };
      return null;
    case 70 /* F */:
      if ((m = FIX_RESOLUTION.exec(name))) return { kind: 'fix_resolution', name, code: m[1] as string };
      if ((m = FIX.exec(name))) return { kind: 'fix', name, code: m[1] as string };
      return null;
    case 83 /* S */:
      if ((m = SKIPPED.exec(name))) return { kind: 'skipped', name, code: m[1] as string };
      break;
    case 69 /* E */:
    case 80 /* P */:
      break;
    default:
      return null;
  }
  if (name.startsWith('EXECUTION_TASK_')) {
    m = grammarFor(feature).execution.exec(name);
    if (!m) return null;
    const out: ParsedName = { kind: 'execution', name, feature: m[1] as string, code: m[2] as string, exec: m[3] as string };
    const sfx = suffixOf(m[4]);
    if (sfx) out.suffix = sfx;
    return out;
  }
  if (name.startsWith('SUBPLAN_')) {
    m = grammarFor(feature).subplan.exec(name);
    if (!m) return null;
    const out: ParsedName = { kind: 'subplan', name, feature: m[1] as string, code: m[2] as string };
    const sfx = suffixOf(m[3]);
    if (sfx) out.suffix = sfx;
    return out;
  }
  if ((m = PLAN_NAME.exec(name))) return { kind: 'plan', name, feature: m[1] as string };
  return null;
}

/** Archived copies (`_ARCHIVED`, `_NESTED_ARCHIVED`) are history, not live work. */
export function isArchivedName(p: ParsedName): boolean {
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
