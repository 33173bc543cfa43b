/**
 * The one resolver of every script (generation.md §3.1 SPEC).
 *
 *   @FOLDER            exact plan folder / feature name, then a unique case-insensitive substring (grouping folders included)
 *   @X, @PLAN_X        feature name with or without PLAN_ (and with or without .md)
 *   @PLAN_X.md         the plan whose file has that name
 *   @SUBPLAN_….md      a SUBPLAN anywhere the workspace keeps them (plan folders, flat folders), then the working directory
 *   @EXECUTION_TASK_…  the same for EXECUTION_TASKs
 *   @relative/path     a path relative to the working directory (then to the root)
 *   plain/path         must exist
 *
 * Ambiguity is an error listing the candidates (at most 10). The kind of file is checked against what the script expects.
 */
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { capList, EXIT, ToolError } from './diagnostics.ts';
import { parseDocName, type DocKind } from './filenames.ts';
import { isDir, isFile, listDir, specialKindAt } from './fsio.ts';
import { discoverPlans, FLAT_DIRS, relToRoot, type Discovery, type PlanLocation, type Workspace } from './workspace.ts';

export type Expect = 'plan' | 'subplan' | 'execution' | 'any';

export interface Resolved {
  kind: DocKind | 'document';
  path: string;
  /** The plan the document belongs to, where known. */
  plan?: PlanLocation;
}

const MAX_CANDIDATES = 10;

export class Resolver {
  private discovery: Discovery | undefined;
  constructor(
    readonly ws: Workspace,
    readonly cwd: string,
  ) {}

  plans(): Discovery {
    this.discovery ??= discoverPlans(this.ws);
    return this.discovery;
  }

  resolve(input: string, expect: Expect): Resolved {
    const raw = input.trim();
    if (raw === '' || raw === '@') {
      throw new ToolError('No plan given (the argument is empty)', {
        fix: 'Name a plan: @FOLDER, @PLAN_NAME.md or a path to the PLAN file.',
        details: this.availablePlans(),
        // A missing argument is a usage error (exit 2), not a plan that was looked for and not found.
        code: 'E-USAGE',
        exitCode: EXIT.usage,
      });
    }
    const result = raw.startsWith('@') ? this.resolveShortcut(raw.slice(1), raw) : this.resolvePath(raw, raw);
    return this.checkKind(result, expect, raw);
  }

  private checkKind(r: Resolved, expect: Expect, raw: string): Resolved {
    if (expect === 'any' || r.kind === expect) return r;
    const want = { plan: 'a PLAN', subplan: 'a SUBPLAN', execution: 'an EXECUTION_TASK' }[expect];
    const got = r.kind === 'document' ? 'a document that is not a methodology file' : `a ${r.kind.toUpperCase().replace('_', ' ')} file`;
    throw new ToolError(`${raw} is ${got}, but this command expects ${want}`, {
      file: r.path,
      fix: expect === 'plan' ? 'Pass the plan: @FOLDER or @PLAN_NAME.md.' : `Pass ${want} file.`,
      code: 'E-KIND',
    });
  }

  private resolvePath(p: string, raw: string): Resolved {
    const candidates = [resolve(this.cwd, p)];
    if (raw.startsWith('@')) candidates.push(resolve(this.ws.root, p), resolve(this.ws.dir, p));
    for (const c of candidates) {
      if (isFile(c)) return this.describe(c);
      if (isDir(c)) {
        const plan = this.plans().plans.find((x) => x.dir === c && x.layout === 'nested');
        if (plan) return { kind: 'plan', path: plan.planFile, plan };
        // A plan folder of another project (or one discovery does not list): read as the PLAN file inside it is.
        const own = join(c, `PLAN_${basename(c)}.md`);
        if (isFile(own)) return this.describe(own);
        throw new ToolError(`${raw} is a folder that holds no plan`, {
          file: c,
          fix: 'Name the PLAN file, or use @FOLDER with a plan folder name.',
          details: this.availablePlans(),
          code: 'E-IS-DIR',
        });
      }
    }
    const odd = candidates.find((c) => specialKindAt(c, { orBroken: true }) !== undefined);
    if (odd) {
      throw new ToolError(`${raw} is ${specialKindAt(odd, { orBroken: true })}, not a readable file`, {
        file: odd,
        fix: 'Name the PLAN file itself (a regular file), or the plan as @FOLDER.',
        code: 'E-NOT-A-FILE',
      });
    }
    throw new ToolError(`File not found: ${raw}`, {
      file: candidates[0],
      fix: 'Check the path; plans can also be named as @FOLDER or @PLAN_NAME.md.',
      details: this.availablePlans(),
      code: 'E-NOT-FOUND',
    });
  }

  private resolveShortcut(body: string, raw: string): Resolved {
    if (body.includes('/') || body.includes('\\')) return this.resolvePath(body, raw);
    if (/\.md$/i.test(body)) return this.resolveFileName(body, raw);
    return this.resolveFolder(body, raw);
  }

  private resolveFolder(body: string, raw: string): Resolved {
    const want = body.replace(/^PLAN_/i, '');
    const hits = folderMatches(this.plans().plans, body);
    if (hits.length === 1) {
      const plan = hits[0] as PlanLocation;
      return { kind: 'plan', path: plan.planFile, plan };
    }
    if (hits.length > 1) {
      throw new ToolError(`Multiple plans match '${raw}'`, {
        fix: 'Use one of these (each names one plan), or the path to the PLAN file.',
        details: capList(hits.map((p) => `${planArgument(this.ws, this.plans().plans, p)}  (${relToRoot(this.ws, p.planFile)})`), MAX_CANDIDATES),
        code: 'E-AMBIGUOUS',
      });
    }
    const ignored = this.plans().ignored.find((i) => basename(dirname(i.path)).toLowerCase() === want.toLowerCase());
    if (ignored?.notAFile) {
      throw new ToolError(`${raw}: ${relToRoot(this.ws, ignored.path)} is ${ignored.notAFile}, not a PLAN file that can be read`, {
        file: ignored.path,
        fix: ignored.notAFile.startsWith('a broken') ? 'Restore the link\'s target, or replace the link with the PLAN file.' : `Replace it with the PLAN file (a regular markdown file named ${basename(ignored.path)}).`,
        code: 'E-NOT-A-FILE',
      });
    }
    const unreadable = this.plans().unreadable;
    throw new ToolError(`PLAN file not found: ${raw}`, {
      fix: ignored
        ? `The folder holds ${basename(ignored.path)}, which is not a plan (${ignored.reason}).`
        : unreadable.length
          ? `It may be in a folder that could not be read (permission denied): ${unreadable.map((d) => relToRoot(this.ws, d)).join(', ')}. Check its permissions (ls -ld), or name the PLAN by its path.`
          : `Check the name; plans live in ${relToRoot(this.ws, join(this.ws.dir, 'plans'))}/<NAME>/PLAN_<NAME>.md.`,
      details: this.availablePlans(),
      code: 'E-NOT-FOUND',
    });
  }

  private resolveFileName(name: string, raw: string): Resolved {
    const parsed = parseDocName(name);
    const found = new Set<string>();
    const plans = this.plans().plans;
    if (parsed?.kind === 'plan') {
      for (const p of plans) if (basename(p.planFile) === name) found.add(p.planFile);
    } else {
      const dirs: string[] = [];
      for (const p of plans) {
        if (p.layout === 'nested') dirs.push(join(p.dir, 'subplans'), join(p.dir, 'execution'), join(p.dir, 'execution', 'feedbacks'));
      }
      for (const f of FLAT_DIRS) dirs.push(join(this.ws.dir, f));
      for (const d of dirs) {
        for (const e of listDir(d)) if (e.isFile && e.name === name) found.add(e.path);
      }
    }
    if (found.size === 0 && isFile(resolve(this.cwd, name))) found.add(resolve(this.cwd, name));
    // @FEATURE.md: no document by that name, and the name is no document kind: the plan, as @FEATURE.
    if (found.size === 0 && !parsed) return this.resolveFolder(name.replace(/\.md$/i, ''), raw);
    if (found.size === 1) return this.describe([...found][0] as string);
    if (found.size > 1) {
      throw new ToolError(`Multiple files match '${raw}'`, {
        fix: 'Pass the path of the one you mean.',
        details: capList([...found].map((f) => relToRoot(this.ws, f)), MAX_CANDIDATES),
        code: 'E-AMBIGUOUS',
      });
    }
    throw new ToolError(`File not found: ${raw}`, {
      fix: parsed?.kind === 'plan' ? 'Check the name, or use @FOLDER.' : 'Check the name; SUBPLANs live in <plan>/subplans/, EXECUTION_TASKs in <plan>/execution/.',
      details: parsed?.kind === 'plan' ? this.availablePlans() : [],
      code: 'E-NOT-FOUND',
    });
  }

  /** Classifies an existing file and ties it to its plan. */
  private describe(path: string): Resolved {
    const name = basename(path);
    const parsed = parseDocName(name);
    if (!parsed) return { kind: 'document', path };
    if (parsed.kind === 'plan') {
      const plan = this.plans().plans.find((p) => p.planFile === path) ?? adHocPlan(path);
      return { kind: 'plan', path, plan };
    }
    const owner = this.plans().plans.find((p) => parsed.feature === p.feature || path.startsWith(p.dir + '/'));
    return owner ? { kind: parsed.kind, path, plan: owner } : { kind: parsed.kind, path };
  }

  availablePlans(): string[] {
    const plans = this.plans().plans;
    if (plans.length === 0) return [`No plans found under ${relToRoot(this.ws, this.ws.dir)}/plans/.`];
    return ['Available plans:', ...capList(plans.map((p) => `  ${planArgument(this.ws, plans, p)}`), MAX_CANDIDATES)];
  }

  /** The shortest argument that names this plan (see planArgument), from the plans of this workspace. */
  argumentFor(loc: PlanLocation): string {
    return planArgument(this.ws, this.plans().plans, loc);
  }
}

/** The name @NAME matches a plan by: its folder (nested) and its feature. */
function folderName(p: PlanLocation): string {
  return p.layout === 'nested' ? basename(p.dir) : p.feature;
}

/** The plans `@body` picks: exact folder or feature name, else the same ignoring case, else a case-insensitive substring. */
function folderMatches(plans: readonly PlanLocation[], body: string): PlanLocation[] {
  const want = body.replace(/^PLAN_/i, '');
  const key = (p: PlanLocation) => [p.feature, folderName(p)];
  let hits = plans.filter((p) => key(p).includes(want));
  if (hits.length === 0) hits = plans.filter((p) => key(p).some((k) => k.toLowerCase() === want.toLowerCase()));
  if (hits.length === 0 && want.length > 0) hits = plans.filter((p) => key(p).some((k) => k.toLowerCase().includes(want.toLowerCase())));
  return hits;
}

/**
 * The shortest argument that the resolver maps to this plan and no other, for the commands the tools print to be
 * pasted: `@FOLDER` when that name picks this plan alone; else (two plans share a folder or feature name, e.g.
 * plans/X and plans/a_active/X) an @path relative to work-space/: the plan folder (nested), or the PLAN file (flat:
 * its folder holds other plans too). An @path is tried against the working directory, then the root, then
 * work-space/, so it works pasted from the root, from work-space/ and from any other folder of the project.
 * A PLAN file no discovery finds (given by a path outside the plan areas, or outside any workspace) is named by
 * its absolute path: no @name reaches it, and a plain path needs no workspace.
 */
export function planArgument(ws: Workspace, plans: readonly PlanLocation[], loc: PlanLocation): string {
  if (!plans.some((p) => p.planFile === loc.planFile)) return loc.planFile;
  const name = folderName(loc);
  // A name with a slash or ending in .md is read as a path or a file name, not as @FOLDER.
  if (!/[\\/]|\.md$/i.test(name) && name.trim() === name) {
    const hits = folderMatches(plans, name);
    if (hits.length === 1 && hits[0]?.planFile === loc.planFile) return `@${name}`;
  }
  // Discovered plans lie in the plan areas of work-space/.
  return `@${relative(ws.dir, loc.layout === 'nested' ? loc.dir : loc.planFile).split(sep).join('/')}`;
}

/** A PLAN file outside the discovered plan areas (a plain path): its folder is its plan folder. */
export function adHocPlan(planFile: string): PlanLocation {
  const dir = dirname(planFile);
  const feature = basename(planFile).replace(/^PLAN_/, '').replace(/\.md$/i, '');
  return { feature, planFile, dir, layout: basename(dir).toLowerCase() === feature.toLowerCase() ? 'nested' : 'flat', area: 'outside' };
}
