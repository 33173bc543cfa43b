/**
 * Bridge from the prompt scripts to the parallel.json machinery. The machinery is imported only when it is needed
 * (the plan folder holds a parallel.json, or --parallel-upgrade was asked for), so the main job starts fast.
 */
import { basename, dirname, join } from 'node:path';
import { ToolError } from './diagnostics.ts';
import { listDir } from './fsio.ts';
import { relToRoot } from './workspace.ts';
import { ALTERNATE_FILES, PARALLEL_FILE } from './parallel/model.ts';
import type { PlanAnalysis } from './analysis.ts';
import type { ScriptContext } from './context.ts';
import type { ParallelSummary } from './parallel/discovery.ts';

export type { ParallelSummary };

const NAMES = new Set<string>([PARALLEL_FILE, ...ALTERNATE_FILES]);

/**
 * The parallel picture of a plan, or undefined when it keeps no parallel.json. `root` is the --root the user gave:
 * the commands in its notes repeat it, so that they run when pasted.
 */
export async function parallelFor(ctx: ScriptContext, analysis: PlanAnalysis, root?: string): Promise<ParallelSummary | undefined> {
  if (analysis.location.layout !== 'nested') return undefined;
  // Anything by that name (a FIFO, a folder, a broken link too): what is wrong with it is reported, never ignored.
  if (!listDir(analysis.location.dir).some((e) => NAMES.has(e.name))) return undefined;
  const { parallelSummary } = await import('./parallel/discovery.ts');
  return parallelSummary(ctx.ws, analysis, ctx.src, ctx.trust, root, ctx.resolver.plans().plans);
}

export interface DiscoveryRequest {
  scope?: 'achievement' | 'priority' | 'plan';
  priority?: string;
  achievement?: string;
  /** The --root the user gave (repeated in the commands the prompt suggests). */
  root?: string;
}

/** The parallel discovery prompt (parallel.md §6.2) of a plan. */
export async function discoveryPrompt(ctx: ScriptContext, analysis: Pick<PlanAnalysis, 'location' | 'plan'>, req: DiscoveryRequest): Promise<string> {
  const loc = analysis.location;
  // The tools read parallel.json from a plan folder only: a loose PLAN (flat layout) has none to write it into.
  if (loc.layout !== 'nested') {
    throw new ToolError(`${basename(loc.planFile)} is a loose PLAN file (no plan folder), so it has no place for ${PARALLEL_FILE}`, {
      file: loc.planFile,
      fix: `Move the plan and its documents into a folder of its own (${relToRoot(ctx.ws, join(dirname(loc.planFile), loc.feature))}/, with subplans/ and execution/), then ask again.`,
      code: 'E-NO-PLAN-FOLDER',
    });
  }
  const [{ discoveryPromptData, DISCOVERY_TEMPLATE }, { PromptRenderer }] = await Promise.all([import('./parallel/discovery.ts'), import('./prompts.ts')]);
  const data = discoveryPromptData({
    plan: analysis.plan,
    planDir: analysis.location.dir,
    root: ctx.ws.root,
    plans: ctx.resolver.plans().plans,
    ...(req.root !== undefined ? { rootArg: req.root } : {}),
    ...(req.scope ? { scope: req.scope } : {}),
    ...(req.priority !== undefined ? { priority: req.priority } : {}),
    ...(req.achievement !== undefined ? { achievement: req.achievement } : {}),
  });
  return new PromptRenderer(ctx.ws, ctx.loaded.registry).render(DISCOVERY_TEMPLATE, data);
}
