/**
 * What every script needs before it works: the workspace root, the resolver, the configuration and plugins,
 * the document source and the trust mode. Built once per run from the parsed arguments.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ToolError, UsageError } from './diagnostics.ts';
import { loadConfig, type LoadedConfig } from './config.ts';
import { nodeSource } from './analysis.ts';
import { isDir, isFile } from './fsio.ts';
import { Resolver } from './resolver.ts';
import { findRoot, type PlanLocation, type Workspace } from './workspace.ts';
import type { DocSource, TrustMode } from './evidence.ts';
import type { ParsedValues } from './cli.ts';

export interface ScriptContext {
  ws: Workspace;
  resolver: Resolver;
  loaded: LoadedConfig;
  src: DocSource;
  trust: TrustMode;
  /**
   * The --root that commands printed for pasting repeat: the one given, or the project's path when it was found from
   * the plan's path rather than from the working directory (undefined: none is needed).
   */
  rootArg?: string;
  /** Path relative to the root, for messages and --json. */
  rel(p: string): string;
}

/** `to` relative to `from` when it lies below it, else absolute. */
function pathFrom(from: string, to: string): string {
  const r = relative(from, to);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : to;
}

/**
 * Finds the root: --root, else the nearest ancestor of the working directory with work-space/; when the target is
 * a plain path to a PLAN (or its plan folder) outside any workspace, the project above it. `fromTarget`: the root
 * was found from the target's path, not from the working directory.
 */
export function rootFor(cwd: string, rootOpt: string | undefined, target: string | undefined): { ws: Workspace; fromTarget: boolean } {
  try {
    return { ws: findRoot(cwd, rootOpt), fromTarget: false };
  } catch (err) {
    if (rootOpt !== undefined || !target || target.startsWith('@')) throw err;
    const path = resolve(cwd, target);
    const folder = isDir(path);
    if (!folder && !isFile(path)) {
      throw new ToolError(`File not found: ${target}`, { file: path, fix: 'Check the path, or run inside your project (or pass --root) to use @FOLDER names.', code: 'E-NOT-FOUND' });
    }
    try {
      return { ws: findRoot(folder ? path : dirname(path)), fromTarget: true };
    } catch {
      const root = folder ? dirname(path) : dirname(dirname(path));
      return { ws: { root, dir: resolve(root, 'work-space') }, fromTarget: true };
    }
  }
}

export function trustFrom(values: ParsedValues, fallback: TrustMode | undefined): TrustMode {
  if (values['trust-plan'] && values['trust-filesystem']) {
    throw new UsageError('--trust-plan and --trust-filesystem exclude each other', 'Pick the one source of truth you want.');
  }
  if (values['trust-plan']) return 'plan';
  if (values['trust-filesystem']) return 'filesystem';
  return fallback ?? 'auto';
}

export async function openContext(cwd: string, values: ParsedValues, target: string | undefined): Promise<ScriptContext> {
  const { ws, fromTarget } = rootFor(cwd, values.root as string | undefined, target);
  // The commands printed for pasting must find the same project from the same folder.
  const rootArg = (values.root as string | undefined) ?? (fromTarget ? pathFrom(cwd, ws.root) : undefined);
  const loaded = await loadConfig(ws);
  const trust = trustFrom(values, loaded.config.trust);
  return {
    ws,
    resolver: new Resolver(ws, cwd),
    loaded,
    src: nodeSource(loaded.limits.maxFileBytes),
    trust,
    ...(rootArg !== undefined ? { rootArg } : {}),
    rel: (p) => {
      const r = relative(ws.root, p);
      return r.startsWith('..') ? p : r.split(sep).join('/');
    },
  };
}

/**
 * The shortest argument that names this plan, and only it, for the resolver (`@FOLDER`, or an @path when another
 * plan shares the name): what the commands printed for pasting use.
 */
export function planShortcut(ctx: Pick<ScriptContext, 'resolver'>, loc: PlanLocation): string {
  return ctx.resolver.argumentFor(loc);
}

export function requirePlan(ctx: ScriptContext, arg: string): PlanLocation {
  const r = ctx.resolver.resolve(arg, 'plan');
  if (!r.plan) throw new ToolError(`Cannot tell which plan ${arg} is`, { file: r.path, fix: 'Pass the PLAN file or @FOLDER.' });
  return r.plan;
}
