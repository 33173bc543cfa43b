/**
 * The main job: where a plan stands and the prompt for its next step. Pure orchestration over the core;
 * the script renders the result.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { capList, EXIT, ToolError, type Diagnostic } from './diagnostics.ts';
import { isAchievementId } from './ids.ts';
import { analyzePlan, loadPlan, planFindings, progressOf, type PlanAnalysis, type Progress } from './analysis.ts';
import { newDocDirs } from './evidence.ts';
import { PromptRenderer, projectOverview, promptData, TEMPLATE_FOR_STATE } from './prompts.ts';
import type { AchievementState, Conflict, State } from './state.ts';
import type { ScriptContext } from './context.ts';
import type { PlanLocation } from './workspace.ts';

export interface PromptRequest {
  plan: PlanLocation;
  achievementId?: string;
  projectContext: boolean;
  /** Commands to print for "this prompt again" and "after the LLM is done". */
  commands: (id: string | undefined) => { self: string; next: string };
}

export interface PromptResult {
  analysis: PlanAnalysis;
  mode: 'next' | 'achievement';
  state: State;
  achievementState?: AchievementState;
  progress: Progress;
  selection: string[];
  conflicts: Conflict[];
  blocking: Conflict[];
  notes: string[];
  warnings: Diagnostic[];
  prompt: string;
  commands: { self: string; next: string };
  template: string;
}

/** Validates an achievement id given on the command line. */
export function checkAchievementArg(raw: string): string {
  const id = raw.trim();
  if (!isAchievementId(id)) {
    throw new ToolError(`Invalid achievement format: '${raw}'`, {
      fix: 'Use the dotted id of the PLAN: X.Y (e.g. 2.1) or X.Y.Z (e.g. 3.5.1).',
      details: ["Must be numbers separated by dots, e.g. 2.1 — not '2', not 'abc', not more than three parts."],
      code: 'E-ACHIEVEMENT-FORMAT',
    });
  }
  return id;
}

function projectContextText(ctx: ScriptContext): string {
  const candidates = ctx.loaded.config.projectContext
    ? [resolve(ctx.ws.root, ctx.loaded.config.projectContext)]
    : [join(ctx.ws.root, 'LLM', 'PROJECT-CONTEXT.md'), join(ctx.ws.root, 'PROJECT-CONTEXT.md')];
  for (const c of candidates) {
    try {
      return projectOverview(readFileSync(c, 'utf8'));
    } catch {
      // absent or unreadable: the prompt simply has no project context
    }
  }
  return '';
}

export function buildPrompt(ctx: ScriptContext, req: PromptRequest): PromptResult {
  const plan = loadPlan(req.plan, ctx.src);
  if (plan.achievements.length === 0) {
    throw new ToolError(`The PLAN defines no achievements: ${ctx.rel(plan.file)}`, {
      file: plan.file,
      fix: 'Add achievements as `**Achievement 1.1**: Title` lines under a "## 🎯 Desirable Achievements" heading.',
      code: 'E-PLAN-NO-ACHIEVEMENTS',
    });
  }
  if (req.achievementId && !plan.achievements.some((a) => a.id === req.achievementId)) {
    throw new ToolError(`Achievement ${req.achievementId} not found in PLAN ${plan.feature}`, {
      file: plan.file,
      fix: `Use one of the achievements the PLAN defines (grep -n 'Achievement ${req.achievementId}' ${ctx.rel(plan.file)}).`,
      details: ['Available achievements:', ...capList(plan.achievements.map((a) => `  ${a.id}: ${a.title}`), 10)],
      code: 'E-ACHIEVEMENT-NOT-FOUND',
    });
  }
  const analysis = analyzePlan(ctx.ws, req.plan, ctx.src, { trust: ctx.trust, allStates: true, ...(req.achievementId ? { achievementId: req.achievementId } : {}) }, plan);
  // The prompt is for this achievement: a document of its own that cannot be read stops the command.
  if (analysis.stateError) throw analysis.stateError;
  const progress = progressOf(analysis, ctx.trust);
  const mode = req.achievementId ? 'achievement' : 'next';
  const achievement = req.achievementId ? plan.achievements.find((a) => a.id === req.achievementId) : analysis.next.achievement;
  const st = analysis.state;
  const state: State = st ? st.state : 'plan_complete';
  const template = TEMPLATE_FOR_STATE[state];
  const commands = req.commands(achievement?.id);
  const renderer = new PromptRenderer(ctx.ws, ctx.loaded.registry);
  const prompt = renderer.render(
    template,
    promptData({
      analysis,
      state: st,
      achievement,
      progress,
      limits: ctx.loaded.limits,
      relPath: ctx.rel,
      projectContext: req.projectContext ? projectContextText(ctx) : '',
      commands,
      read: (p) => ctx.src.read(p),
      dirs: newDocDirs(ctx.ws, analysis.location, analysis.evidence, ctx.src),
    }),
  );
  const blocking = mode === 'next' && ctx.trust === 'auto' ? analysis.conflicts.filter((c) => c.blocking) : [];
  return {
    analysis,
    mode,
    state,
    ...(st ? { achievementState: st } : {}),
    progress,
    selection: req.achievementId ? [`Achievement ${req.achievementId} was requested with --achievement.`] : analysis.next.reason,
    conflicts: analysis.conflicts,
    blocking,
    notes: [...analysis.notes, ...ctx.loaded.registry.stateNotes(analysis)],
    warnings: planFindings(analysis, ctx.loaded.registry),
    prompt,
    commands,
    template,
  };
}

export function exitCodeOf(r: PromptResult): number {
  return r.blocking.length ? EXIT.conflict : EXIT.ok;
}
