/**
 * Workspace root and plan discovery (corpus.md A3, A9.1).
 *
 * The root is the nearest ancestor of the working directory that holds `work-space/` or `methodology.config.json`
 * (or `--root`); a working directory inside an ancestor's work-space/ belongs to that ancestor (findRoot). Every path after that is absolute: nothing depends on the working directory again.
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { diag, ToolError, type Diagnostic } from './diagnostics.ts';
import { isDir, isFile, listDir, specialKindAt, type Entry } from './fsio.ts';
import { PLAN_LIKE, STRICT_PLAN } from './filenames.ts';

export const WORKSPACE_DIR = 'work-space';
export const CONFIG_FILE = 'methodology.config.json';
/** Folders under work-space/ that hold plans. */
export const PLAN_AREAS = ['plans', 'backlog-plans'] as const;
/** Flat legacy folders under work-space/ that hold SUBPLAN / EXECUTION files of any plan. */
export const FLAT_DIRS = ['subplans', 'execution', 'execution/feedbacks', 'archive'] as const;

const SKIP_DIRS = new Set(['subplans', 'execution', 'node_modules', '.git', '.methodology']);

export interface Workspace {
  root: string;
  /** `<root>/work-space` */
  dir: string;
}

/** A work-space/ folder with plan areas or flat document folders (not an empty or stray one). */
function looksLikeWorkspace(ws: string): boolean {
  return PLAN_AREAS.some((a) => isDir(join(ws, a))) || FLAT_DIRS.some((f) => isDir(join(ws, f)));
}

/** A work-space/ with at least one PLAN file in a plan area, a plan folder or a grouping folder (three levels at most). */
function holdsPlans(ws: string): boolean {
  const planIn = (dir: string, depth: number): boolean => {
    let entries: Entry[];
    try {
      entries = listDir(dir);
    } catch {
      return false;
    }
    if (entries.some((e) => e.isFile && PLAN_LIKE.test(e.name))) return true;
    return depth > 0 && entries.some((e) => e.isDir && !SKIP_DIRS.has(e.name) && planIn(e.path, depth - 1));
  };
  return PLAN_AREAS.some((a) => planIn(join(ws, a), 2));
}

/**
 * Finds the workspace root from `cwd` upwards, or checks `override`: the nearest ancestor that holds `work-space/`
 * or the configuration, except that a folder inside (or at) an ancestor's `work-space/` belongs to that ancestor
 * (a stray `work-space/work-space/`, even one with a `plans/` folder of outputs, is common) unless a nearer folder
 * holds the configuration file.
 */
export function findRoot(cwd: string, override?: string): Workspace {
  if (override !== undefined) {
    const root = resolve(cwd, override);
    if (!isDir(root)) {
      throw new ToolError(`--root is not a folder: ${root}`, { file: root, fix: 'Pass the project folder that contains work-space/.', code: 'E-ROOT' });
    }
    if (!isDir(join(root, WORKSPACE_DIR)) && !isFile(join(root, CONFIG_FILE))) {
      throw new ToolError(`No ${WORKSPACE_DIR}/ folder in ${root}`, {
        file: root,
        fix: `Pass the folder that contains ${WORKSPACE_DIR}/ (or a ${CONFIG_FILE}).`,
        code: 'E-ROOT',
      });
    }
    return { root, dir: join(root, WORKSPACE_DIR) };
  }
  const start = resolve(cwd);
  let first: string | undefined;
  // Candidates whose work-space/ holds the start folder (or is it, when it is a real one), nearest first.
  const containing: string[] = [];
  let dir = start;
  for (;;) {
    const ws = join(dir, WORKSPACE_DIR);
    const hasConfig = isFile(join(dir, CONFIG_FILE));
    if (isDir(ws) || hasConfig) {
      if (start.startsWith(ws + sep) || (start === ws && looksLikeWorkspace(ws))) containing.push(dir);
      first ??= dir;
      // A configuration file marks a project for certain: an enclosing project does not capture it.
      if (hasConfig) break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Inside a project's work-space/, that project, even when a nearer folder also holds a work-space/. Inside a
  // stray work-space/work-space/ both contain the start: the one whose work-space/ holds plans wins (a stray holds
  // outputs, no PLAN files), else the nearest.
  const pick = containing.length > 1 ? (containing.find((d) => holdsPlans(join(d, WORKSPACE_DIR))) ?? containing[0]) : containing[0];
  if (pick !== undefined) return { root: pick, dir: join(pick, WORKSPACE_DIR) };
  if (first !== undefined) return { root: first, dir: join(first, WORKSPACE_DIR) };
  throw new ToolError(`No ${WORKSPACE_DIR}/ folder found in ${resolve(cwd)} or any folder above it`, {
    fix: `Run the command inside your project, or pass --root <folder that contains ${WORKSPACE_DIR}/>.`,
    code: 'E-ROOT',
  });
}

export type PlanLayout = 'nested' | 'flat';

export interface PlanLocation {
  /** Feature name (PLAN file stem without `PLAN_`). */
  feature: string;
  planFile: string;
  /** Folder holding the PLAN file. */
  dir: string;
  /** nested: the PLAN sits in its own folder; flat: a loose PLAN file (legacy), its documents in the flat folders. */
  layout: PlanLayout;
  /** `plans` or `backlog-plans`. */
  area: string;
  /** Grouping folders between the area and the plan, e.g. `a_paused`. */
  group?: string;
}

export interface IgnoredFile {
  path: string;
  reason: string;
  /** For a PLAN name on something that is no file: what it is ('a broken symbolic link …', 'a directory' …). */
  notAFile?: string;
}

export interface Discovery {
  plans: PlanLocation[];
  /** PLAN-like files that are not plans, each with the reason. */
  ignored: IgnoredFile[];
  /** Grouping folders (relative to the workspace). */
  groups: string[];
  warnings: Diagnostic[];
  /** Folders that could not be listed (each also a W-FS-UNREADABLE warning): plans in them are unknown. */
  unreadable: string[];
}

/** Lists a folder of the plan areas; an unreadable one is a warning (the rest of the workspace stays usable). */
function listOrWarn(ws: Workspace, dir: string, out: Discovery): Entry[] {
  try {
    return listDir(dir);
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    out.unreadable.push(dir);
    out.warnings.push(diag('warning', 'W-FS-UNREADABLE', `${err.message}; plans in it are not seen`, { file: dir, hint: err.fix ?? 'Check its permissions.' }));
    return [];
  }
}

/** Walks the plan areas of a workspace. Each folder is listed once. */
export function discoverPlans(ws: Workspace): Discovery {
  const out: Discovery = { plans: [], ignored: [], groups: [], warnings: [], unreadable: [] };
  for (const area of PLAN_AREAS) {
    const areaDir = join(ws.dir, area);
    if (!isDir(areaDir)) continue;
    walk(ws, area, areaDir, [], out, true);
  }
  return out;
}

function rel(ws: Workspace, p: string): string {
  return relative(ws.dir, p).split(sep).join('/');
}

/** Returns true when the folder holds at least one plan (itself or below). */
function walk(ws: Workspace, area: string, dir: string, groups: string[], out: Discovery, isAreaRoot: boolean): boolean {
  const entries = listOrWarn(ws, dir, out);
  const base = dir.slice(dir.lastIndexOf('/') + 1);
  const planLike: Entry[] = [];
  const subdirs: Entry[] = [];
  for (const e of entries) {
    if (e.broken) {
      out.warnings.push(
        diag('warning', 'W-FS-BROKEN-LINK', `Broken symbolic link: ${rel(ws, e.path)}`, { file: e.path, hint: 'Remove the link or restore its target.' }),
      );
      if (STRICT_PLAN.test(e.name)) out.ignored.push({ path: e.path, reason: 'a broken symbolic link', notAFile: 'a broken symbolic link (its target does not exist)' });
      continue;
    }
    // A PLAN name on something that is no file (a folder, a FIFO) is no plan either: said when it is asked for.
    if (!e.isFile && STRICT_PLAN.test(e.name)) {
      const kind = e.isDir ? 'a directory' : (specialKindAt(e.path) ?? 'not a regular file');
      out.ignored.push({ path: e.path, reason: `${kind}, not a file`, notAFile: kind });
      continue;
    }
    if (e.isFile && PLAN_LIKE.test(e.name)) planLike.push(e);
    else if (e.isDir && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) subdirs.push(e);
  }

  const own = isAreaRoot ? undefined : planLike.find((e) => e.name.toLowerCase() === `plan_${base.toLowerCase()}.md`);
  if (own) {
    const loc: PlanLocation = { feature: own.name.slice(5, -3), planFile: own.path, dir, layout: 'nested', area };
    if (groups.length) loc.group = groups.join('/');
    out.plans.push(loc);
    for (const e of planLike) {
      if (e === own) continue;
      const strict = STRICT_PLAN.test(e.name);
      out.ignored.push({ path: e.path, reason: `not named after its folder ${base}/ (the plan here is ${own.name})` });
      if (strict) {
        out.warnings.push(
          diag('warning', 'W-PLAN-TWO-FILES', `Two PLAN files in ${rel(ws, dir)}/: ${own.name} is the plan, ${e.name} is ignored`, {
            file: e.path,
            hint: `Rename ${e.name} (e.g. to ${e.name.replace(/^PLAN_/, 'NOTES_')}) or move it out of the plan folder.`,
          }),
        );
      }
    }
    // Look below for misplaced PLAN-like files (documentation/, renamed copies); they are reported, never plans.
    for (const d of subdirs) collectIgnored(ws, d.path, out, `inside plan folder ${base}/`);
    return true;
  }

  let holdsPlans = false;
  for (const d of subdirs) {
    if (walk(ws, area, d.path, isAreaRoot ? groups : [...groups, base], out, false)) holdsPlans = true;
  }
  const strict = planLike.filter((e) => STRICT_PLAN.test(e.name));
  // Grouping folders: any folder holding plan folders, and every `a_*` folder (a_paused, a_archive …).
  const loose = isAreaRoot || holdsPlans || base.startsWith('a_');
  if (loose) {
    if (!isAreaRoot && (holdsPlans || strict.length > 0)) out.groups.push(rel(ws, dir));
    for (const e of planLike) {
      if (strict.includes(e)) {
        const loc: PlanLocation = { feature: e.name.slice(5, -3), planFile: e.path, dir, layout: 'flat', area };
        const g = isAreaRoot ? groups : [...groups, base];
        if (g.length) loc.group = g.join('/');
        out.plans.push(loc);
        holdsPlans = true;
      } else out.ignored.push({ path: e.path, reason: ignoreReason(e.name) });
    }
    return holdsPlans;
  }
  // A folder that is neither a plan folder nor a group.
  if (strict.length === 1) {
    const e = strict[0] as Entry;
    out.plans.push({ feature: e.name.slice(5, -3), planFile: e.path, dir, layout: 'nested', area, ...(groups.length ? { group: groups.join('/') } : {}) });
    out.warnings.push(
      diag('warning', 'W-PLAN-FOLDER-NAME', `${e.name} sits in folder ${base}/, whose name differs from the feature`, {
        file: e.path,
        hint: `Rename the folder to ${e.name.slice(5, -3)}/: a plan folder is named after its feature.`,
      }),
    );
    for (const other of planLike) if (other !== e) out.ignored.push({ path: other.path, reason: ignoreReason(other.name) });
    return true;
  }
  if (strict.length > 1) {
    out.warnings.push(
      diag('warning', 'W-PLAN-TWO-FILES', `${strict.length} PLAN files in ${rel(ws, dir)}/ and none is named after the folder; none is picked`, {
        file: dir,
        hint: `Rename the folder or the real plan so that the folder holds PLAN_${base}.md.`,
      }),
    );
  }
  for (const e of planLike) out.ignored.push({ path: e.path, reason: strict.length > 1 && strict.includes(e) ? 'several PLAN files in one folder, none named after it' : ignoreReason(e.name) });
  return false;
}

function ignoreReason(name: string): string {
  if (/^PLAN-/i.test(name)) return 'a PLAN- document (dash), not a PLAN_<NAME>.md plan';
  if (/^PLAN_.*_/.test(name)) return 'underscores in the name: a note about plans, not a plan';
  return 'not a PLAN_<NAME>.md file in a plan folder';
}

function collectIgnored(ws: Workspace, dir: string, out: Discovery, where: string): void {
  for (const e of listOrWarn(ws, dir, out)) {
    if (e.isFile && PLAN_LIKE.test(e.name)) out.ignored.push({ path: e.path, reason: `${where}: ${ignoreReason(e.name)}` });
    else if (e.isDir && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) collectIgnored(ws, e.path, out, where);
  }
}

/** Path relative to the workspace root folder, with forward slashes (for messages and --json). */
export function relToRoot(ws: Workspace, p: string): string {
  const r = relative(ws.root, p).split(sep).join('/');
  return r === '' ? '.' : r;
}
