/**
 * From a command-line argument to a parallel.json file, its plan and its workspace.
 *
 *   @PLAN (any form the Resolver accepts)   parallel.json in the plan folder (alternate names with W-ALT-FILENAME,
 *                                           several alternates → E-AMBIGUOUS-FILE)
 *   path/to/parallel.json (or @path…)       that file; its plan is the PLAN in the same folder, else the plan named
 *                                           by plan_name, else an ad-hoc plan in that folder
 *   path/to/plan-folder                     parallel.json in that folder
 *
 * The workspace root is found from the file's folder upwards (never only from the working directory), so every
 * command gives the same answer wherever it is run; --root overrides.
 */
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathArg, rootArgWords } from '../cli.ts';
import { ToolError } from '../diagnostics.ts';
import { isDir, isFile, listDir, specialKindAt } from '../fsio.ts';
import { adHocPlan, Resolver } from '../resolver.ts';
import { discoverPlans, findRoot, relToRoot, WORKSPACE_DIR, type PlanLocation, type Workspace } from '../workspace.ts';
import { ALTERNATE_FILES, PARALLEL_FILE, type ParallelDiagnostic } from './model.ts';

export interface ParallelTarget {
  /** The parallel.json to read (absent: the plan has none; see diagnostics). */
  file?: string;
  /** Folder that holds (or would hold) parallel.json. */
  dir: string;
  ws?: Workspace;
  /** The plan, when one was found. */
  plan?: PlanLocation;
  diagnostics: ParallelDiagnostic[];
}

/**
 * parallel.json first; the three alternates are accepted with a warning; two or more alternates are ambiguous.
 * `missing`: there is nothing by any of the names (as opposed to something by that name that cannot be read).
 */
export function findParallelFile(dir: string, planArg?: string): { file?: string; missing?: true; diagnostics: ParallelDiagnostic[] } {
  const entries = listDir(dir);
  const names = new Set(entries.filter((e) => e.isFile).map((e) => e.name));
  // A parallel.json that is a FIFO, a device, a socket, a folder or a broken link: say so (it is never read: a
  // FIFO would block).
  const odd = entries.find((e) => e.name === PARALLEL_FILE && !e.isFile);
  const oddKind = odd ? specialKindAt(odd.path, { orDir: true, orBroken: true }) : undefined;
  if (odd && oddKind) {
    return { diagnostics: [{ code: 'E-FILE', severity: 'error', message: `${odd.path} is ${oddKind}, not a regular file`, file: odd.path, hint: 'Replace it with the JSON file.' }] };
  }
  const alternates = ALTERNATE_FILES.filter((n) => names.has(n));
  if (names.has(PARALLEL_FILE)) {
    const file = join(dir, PARALLEL_FILE);
    return {
      file,
      diagnostics: alternates.length
        ? [{ code: 'W-ALT-FILENAME', severity: 'warning', message: `${alternates.join(', ')} ${alternates.length === 1 ? 'is' : 'are'} ignored: ${PARALLEL_FILE} is the file read`, file: join(dir, alternates[0] as string), hint: `Delete or rename ${alternates.join(', ')}.` }]
        : [],
    };
  }
  if (alternates.length === 1) {
    const file = join(dir, alternates[0] as string);
    return {
      file,
      diagnostics: [{ code: 'W-ALT-FILENAME', severity: 'warning', message: `Read ${alternates[0]}; the expected name is ${PARALLEL_FILE}`, file, line: 1, column: 1, hint: `Rename it: mv '${file}' '${join(dir, PARALLEL_FILE)}'` }],
    };
  }
  if (alternates.length > 1) {
    return {
      diagnostics: [
        { code: 'E-AMBIGUOUS-FILE', severity: 'error', message: `Several dependency files in ${dir}: ${alternates.join(', ')}; none is named ${PARALLEL_FILE}`, file: dir, hint: `Keep one and name it ${PARALLEL_FILE}.` },
      ],
    };
  }
  return {
    missing: true,
    diagnostics: [
      {
        code: 'E-FILE',
        severity: 'error',
        message: `File not found: no ${PARALLEL_FILE} in ${dir}`,
        file: join(dir, PARALLEL_FILE),
        hint: planArg
          ? `Create it: generate_prompt ${planArg} --parallel-upgrade writes the prompt that produces it.`
          : "Create it: generate_prompt <this plan's PLAN file or @FOLDER> --parallel-upgrade writes the prompt that produces it.",
      },
    ],
  };
}

/**
 * The fix for a workspace root given where a plan belongs: a command naming one of its plans (one with a
 * parallel.json first), with the root as typed, shell-quoted.
 */
function rootHint(root: string, raw: string, cwd: string): string {
  let ws: Workspace | undefined;
  try {
    ws = findRoot(root, root);
  } catch {
    // An unreadable root: the hint keeps the placeholder.
  }
  const resolver = ws ? new Resolver(ws, cwd) : undefined;
  const plans = resolver ? resolver.plans().plans : [];
  if (!resolver || plans.length === 0) return `Name the plan and the root: @FOLDER ${rootArgWords(raw)} (no plans found there yet)`;
  const withFile = plans.filter((p) => isFile(join(p.dir, PARALLEL_FILE)));
  const shown = (withFile.length ? withFile : plans).slice(0, 3).map((p) => resolver.argumentFor(p));
  const more = (withFile.length || plans.length) > shown.length ? ', …' : '';
  const list = `${shown.join(', ')}${more}`;
  const which = withFile.length ? `plans with a parallel.json: ${list}` : `its plans: ${list}; none has a parallel.json yet`;
  return `Name the plan and the root: ${pathArg(shown[0] as string)} ${rootArgWords(raw)} (${which})`;
}

function tryRoot(from: string, rootOpt: string | undefined): Workspace | undefined {
  try {
    return findRoot(from, rootOpt);
  } catch (err) {
    if (rootOpt !== undefined) throw err;
    return undefined;
  }
}

/** The plan a parallel.json file belongs to. Reads the workspace only when the folder holds no PLAN. */
export function planForFile(file: string, ws: Workspace | undefined, planName: string | undefined): PlanLocation | undefined {
  const dir = dirname(file);
  const folder = basename(dir);
  const plans = listDir(dir).filter((e) => e.isFile && /^PLAN_.+\.md$/.test(e.name));
  const pick =
    plans.find((e) => e.name.toLowerCase() === `plan_${folder.toLowerCase()}.md`) ??
    (planName ? plans.find((e) => e.name === `PLAN_${planName}.md`) : undefined) ??
    (plans.length === 1 ? plans[0] : undefined);
  if (pick) {
    const known = ws ? discoverPlansCached(ws).find((p) => p.planFile === pick.path) : undefined;
    return known ?? { feature: pick.name.slice(5, -3), planFile: pick.path, dir, layout: 'nested', area: 'outside' };
  }
  if (ws && planName) {
    const hit = discoverPlansCached(ws).filter((p) => p.feature === planName);
    if (hit.length === 1) return hit[0];
  }
  return undefined;
}

const discoveryCache = new Map<string, PlanLocation[]>();
function discoverPlansCached(ws: Workspace): PlanLocation[] {
  let plans = discoveryCache.get(ws.root);
  if (!plans) {
    plans = discoverPlans(ws).plans;
    discoveryCache.set(ws.root, plans);
  }
  return plans;
}

const STRICT_PLAN_FILE = /^PLAN_.+\.md$/;

/** `path` relative to `cwd` when it lies below it, else absolute (for commands printed to be pasted). */
function relativeOrAbsolute(cwd: string, path: string): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

/**
 * The loose-PLAN answer for a PLAN file that generate_prompt --parallel-upgrade would refuse as loose: one that
 * discovery lists as a loose (flat-layout) plan, or that it does not list and whose folder is not named after it;
 * undefined for a plan folder's PLAN and for a second PLAN file in a plan folder (that folder's plan is meant).
 */
function looseAt(planFile: string, cwd: string, rootOpt: string | undefined): ParallelTarget | undefined {
  const ws = rootOpt !== undefined ? tryRoot(cwd, rootOpt) : tryRoot(dirname(planFile), undefined);
  const plans = ws ? discoverPlans(ws).plans : [];
  const loc = plans.find((p) => p.planFile === planFile);
  if (loc) return loc.layout === 'flat' ? looseTarget(loc, ws) : undefined;
  // A second PLAN file in a plan folder belongs to that folder's plan.
  if (plans.some((p) => p.layout === 'nested' && p.dir === dirname(planFile))) return undefined;
  // Any other PLAN file is read as generate_prompt reads it (its folder is its plan folder only when named after it).
  const adHoc = adHocPlan(planFile);
  return adHoc.layout === 'flat' ? looseTarget(adHoc, ws) : undefined;
}

/** A loose PLAN (flat layout: its folder holds other plans too) has no folder of its own for parallel.json. */
function looseTarget(plan: PlanLocation, ws: Workspace | undefined): ParallelTarget {
  return {
    dir: plan.dir,
    ...(ws ? { ws } : {}),
    plan,
    diagnostics: [
      {
        code: 'E-FILE',
        severity: 'error',
        message: `${basename(plan.planFile)} is a loose PLAN file (no plan folder), so it has no place for ${PARALLEL_FILE}`,
        file: plan.planFile,
        // The same fix generate_prompt --parallel-upgrade gives (parallel-bridge.ts): a folder beside the PLAN.
        hint: `Move the plan and its documents into a folder of its own (${ws ? relToRoot(ws, join(dirname(plan.planFile), plan.feature)) : join(dirname(plan.planFile), plan.feature)}/, with subplans/ and execution/), or pass the path of its parallel.json.`,
      },
    ],
  };
}

/**
 * Resolves the argument of validate / status / analyze / normalize. Throws ToolError (exit 1) for an unknown plan,
 * UsageError never (the CLI layer checks arguments).
 */
export function locateParallel(arg: string, cwd: string, rootOpt?: string): ParallelTarget {
  const raw = arg.trim();
  const bare = raw.startsWith('@') ? raw.slice(1) : raw;
  // A path: a .json file or a folder (relative to the working directory, or for @path to the root too).
  const looksLikePath = !raw.startsWith('@') || bare.includes('/') || /\.json$/i.test(bare);
  if (looksLikePath) {
    const candidates = [resolve(cwd, bare)];
    if (raw.startsWith('@')) {
      const ws = tryRoot(cwd, rootOpt);
      if (ws) candidates.push(resolve(ws.root, bare), resolve(ws.dir, bare));
    }
    for (let c of candidates) {
      // A PLAN file names its plan folder (the candidates of an ambiguous @PLAN_X.md are such paths); a loose PLAN
      // has none, unless its folder holds a parallel.json all the same (then that file is read).
      if (STRICT_PLAN_FILE.test(basename(c)) && isFile(c)) {
        const planFile = c;
        c = dirname(c);
        const loose = findParallelFile(c).file === undefined ? looseAt(planFile, cwd, rootOpt) : undefined;
        if (loose) return loose;
      }
      if (isFile(c)) {
        const ws = rootOpt !== undefined ? tryRoot(cwd, rootOpt) : tryRoot(dirname(c), undefined);
        const name = basename(c);
        const diagnostics: ParallelDiagnostic[] = (ALTERNATE_FILES as readonly string[]).includes(name)
          ? [{ code: 'W-ALT-FILENAME', severity: 'warning', message: `${name} is read, but the expected name is ${PARALLEL_FILE}`, file: c, line: 1, column: 1, hint: `Rename it: mv '${c}' '${join(dirname(c), PARALLEL_FILE)}'` }]
          : [];
        return { file: c, dir: dirname(c), ...(ws ? { ws } : {}), diagnostics };
      }
      if (isDir(c) && !isDir(join(c, WORKSPACE_DIR))) {
        const planFiles = listDir(c).filter((e) => e.isFile && STRICT_PLAN_FILE.test(e.name));
        const planFile = planFiles.find((e) => e.name.toLowerCase() === `plan_${basename(c).toLowerCase()}.md`) ?? planFiles[0];
        const found = findParallelFile(c, planFile ? pathArg(relativeOrAbsolute(cwd, planFile.path)) : undefined);
        // A grouping folder of loose PLANs (a_paused/) is no plan folder: the same answer as for the PLAN itself.
        const loose = planFile && !found.file && !found.diagnostics.some((d) => d.code === 'E-AMBIGUOUS-FILE') ? looseAt(planFile.path, cwd, rootOpt) : undefined;
        if (loose) return loose;
        const ws = rootOpt !== undefined ? tryRoot(cwd, rootOpt) : tryRoot(c, undefined);
        return { ...(found.file ? { file: found.file } : {}), dir: c, ...(ws ? { ws } : {}), diagnostics: found.diagnostics };
      }
    }
    const root = candidates.find((c) => isDir(join(c, WORKSPACE_DIR)));
    if (root !== undefined && !raw.startsWith('@')) {
      return {
        dir: root,
        diagnostics: [
          {
            code: 'E-FILE',
            severity: 'error',
            message: `${raw} is a workspace root (it holds ${WORKSPACE_DIR}/), not a plan folder or a parallel.json file`,
            file: root,
            hint: rootHint(root, raw, cwd),
          },
        ],
      };
    }
    // Something that exists but is no regular file or folder (a FIFO, a device, a socket) is not "not found".
    const odd = candidates.find((c) => specialKindAt(c) !== undefined);
    if (odd !== undefined) {
      return {
        dir: dirname(odd),
        diagnostics: [{ code: 'E-FILE', severity: 'error', message: `${raw} is ${specialKindAt(odd)}, not a regular file`, file: odd, hint: 'Name the parallel.json file itself (or its plan: @FOLDER).' }],
      };
    }
    if (!raw.startsWith('@') || /\.json$/i.test(bare)) {
      return {
        dir: dirname(candidates[0] as string),
        diagnostics: [{ code: 'E-FILE', severity: 'error', message: `File not found: ${raw}`, file: candidates[0] as string, hint: 'Check the path, or name the plan: @FOLDER.' }],
      };
    }
  }
  const ws = findRoot(cwd, rootOpt);
  const resolver = new Resolver(ws, cwd);
  const r = resolver.resolve(raw, 'plan');
  const plan = r.plan;
  if (!plan) throw new ToolError(`Cannot tell which plan ${raw} is`, { file: r.path, fix: 'Pass @FOLDER or the path to parallel.json.' });
  if (plan.layout === 'flat') return looseTarget(plan, ws);
  // The hint's command must run where this one ran: outside the project it needs the root.
  const inside = cwd === ws.root || cwd.startsWith(ws.root + '/');
  const found = findParallelFile(plan.dir, `${resolver.argumentFor(plan)}${inside ? '' : ` ${rootArgWords(rootOpt ?? ws.root)}`}`);
  return { ...(found.file ? { file: found.file } : {}), dir: plan.dir, ws, plan, diagnostics: found.diagnostics };
}
