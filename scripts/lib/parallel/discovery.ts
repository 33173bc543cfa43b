/**
 * parallel.json for the prompt scripts. Two entry points, for generate_prompt and generate_completion_status:
 *
 *   discoveryPromptData(input: DiscoveryInput): DiscoveryData
 *     Data of the parallel discovery prompt (parallel.md §6.2) for `generate_prompt <plan> --parallel-upgrade`
 *     (alias `--parallel-analyze`) `[--scope achievement|priority|plan] [--priority N] [--achievement X.Y]`.
 *     Render it with the template DISCOVERY_TEMPLATE ('parallel-discovery', templates/parallel-discovery.eta):
 *       new PromptRenderer(ws, registry).render(DISCOVERY_TEMPLATE, discoveryPromptData({...}))
 *     Throws UsageError for a bad scope combination (--scope priority without --priority …), ToolError (exit 1) for
 *     a priority or achievement the PLAN does not have.
 *
 *   parallelSummary(ws, analysis, src, trust, root?): ParallelSummary | undefined (root: the --root given, so that
 *     the commands it suggests run when pasted)
 *     The parallel picture of a plan that has a parallel.json (undefined when it has none, or is a loose PLAN file):
 *     ready set and its savings, whole-plan and remaining times, progress — or, when the file is invalid,
 *     `valid: false` with its first errors. `json` goes into --json output; `note` lines go to the user (stderr
 *     when the prompt is on stdout). The command carries on sequentially in both cases.
 */
import { basename, join, relative, sep } from 'node:path';
import { ToolError, UsageError } from '../diagnostics.ts';
import { isAchievementId } from '../ids.ts';
import { formatCommand } from '../cli.ts';
import { analyzeDefinition, validateDefinition } from './commands.ts';
import type { PlanAnalysis } from '../analysis.ts';
import type { DocSource, TrustMode } from '../evidence.ts';
import type { Achievement, PlanModel } from '../plan.ts';
import { discoverPlans, WORKSPACE_DIR, type PlanLocation, type Workspace } from '../workspace.ts';
import { planArgument } from '../resolver.ts';
import { analyzeParallel, planNameCheck } from './analysis.ts';
import { hasErrors, loadParallelFile } from './load.ts';
import { findParallelFile } from './locate.ts';
import { fmt, PARALLEL_FILE, SCHEMA_VERSION, type Scope } from './model.ts';
import { clip, oneLine, rangeH, savingsText } from './render.ts';
import type { GroupTimes, Range } from './times.ts';

export const DISCOVERY_TEMPLATE = 'parallel-discovery';

export interface DiscoveryInput {
  plan: PlanModel;
  /** The plans of the workspace, when the caller has discovered them (for the unique plan name in commands). */
  plans?: readonly PlanLocation[];
  /** Folder of the plan (where parallel.json goes). */
  planDir: string;
  /** Workspace root, to show paths relative to it. */
  root: string;
  scope?: Scope;
  priority?: string;
  achievement?: string;
  /** The --root the user gave: the suggested commands repeat it, so that they run when pasted where the prompt was made. */
  rootArg?: string;
  /** The command that validates the result, e.g. `validate_parallel_json @MY-PLAN` (default built from the folder). */
  validateCommand?: string;
  analyzeCommand?: string;
  /** Characters kept of each goal/deliverables/approach excerpt. */
  excerpt?: number;
}

export interface DiscoveryAchievement {
  id: string;
  title: string;
  priority: string;
  hours: string;
  goal: string;
  deliverables: string;
  approach: string;
  /** Dependencies the PLAN text states in words (a **Dependencies**: field), as written. */
  statedDependencies: string;
}

export interface DiscoveryData {
  rule: string;
  scope: Scope;
  /** Legacy field value for the same scope (level_1 | level_2 | level_3). */
  legacyLevel: string;
  scopeTitle: string;
  plan: { feature: string; fileName: string; title: string; dir: string; total: number; priorities: string[] };
  target: { file: string; fileName: string };
  priority: string;
  achievement: DiscoveryAchievement | null;
  achievements: DiscoveryAchievement[];
  /** Achievements outside the scope that in-scope ones may depend on (ids and titles). */
  context: Array<{ id: string; title: string }>;
  example: string;
  schemaVersion: string;
  commands: { validate: string; analyze: string };
}

const RULE = '═'.repeat(71);
const LEGACY: Record<Scope, string> = { achievement: 'level_1', priority: 'level_2', plan: 'level_3' };

function clipLine(text: string | undefined, n: number): string {
  return clip(oneLine(text ?? ''), n);
}

function relTo(root: string, p: string): string {
  const r = relative(root, p);
  return r && !r.startsWith('..') ? r.split(sep).join('/') : p;
}

function item(a: Achievement, n: number): DiscoveryAchievement {
  const f = a.fields;
  return {
    id: a.id,
    title: a.title,
    priority: a.priority ? `Priority ${a.priority.number}${a.priority.name ? `: ${a.priority.name}` : ''}` : '',
    hours: a.effort ? `${fmt(a.effort.minHours)}${a.effort.maxHours !== a.effort.minHours ? `-${fmt(a.effort.maxHours)}` : ''}` : '',
    goal: clipLine(f.goal ?? f.purpose ?? f.what ?? f.description ?? f.objective, n),
    deliverables: clipLine(f.deliverables ?? f.deliverable ?? f.output ?? f.outputs, n),
    approach: clipLine(f.approach ?? f.how ?? f.implementation, n),
    statedDependencies: clipLine(f.dependencies ?? f['depends on'] ?? f.prerequisites, n),
  };
}

/** Data of the discovery prompt. */
export function discoveryPromptData(input: DiscoveryInput): DiscoveryData {
  const plan = input.plan;
  const n = input.excerpt ?? 240;
  const scope: Scope = input.scope ?? (input.achievement ? 'achievement' : input.priority !== undefined ? 'priority' : 'plan');
  const all = plan.achievements;
  // Usage errors are about the options; a plan without the asked-for content is "not found" (exit 1), as elsewhere.
  if (all.length === 0) throw new ToolError(`${basename(plan.file)} defines no achievements, so there is nothing to analyse`, { file: plan.file, fix: 'Add the achievements to the PLAN first.', code: 'E-PLAN-NO-ACHIEVEMENTS' });
  let inScope = all;
  let achievement: DiscoveryAchievement | null = null;
  if (scope === 'priority') {
    if (input.priority === undefined) throw new UsageError('--scope priority needs --priority N', `Priorities in the PLAN: ${priorities(plan).join(', ') || 'none'}`);
    inScope = all.filter((a) => a.priority?.number === input.priority);
    if (!inScope.length) {
      throw new ToolError(`No achievement of ${basename(plan.file)} is in Priority ${input.priority}`, { file: plan.file, fix: `Priorities in the PLAN: ${priorities(plan).join(', ') || 'none'}`, code: 'E-PRIORITY-NOT-FOUND' });
    }
  } else if (scope === 'achievement') {
    const id = input.achievement;
    if (!id) throw new UsageError('--scope achievement needs --achievement X.Y');
    if (!isAchievementId(id)) throw new UsageError(`--achievement must be an id like 2.1 (got '${id}')`);
    const a = all.find((x) => x.id === id);
    if (!a) throw new ToolError(`${basename(plan.file)} has no Achievement ${id}`, { file: plan.file, fix: `Achievements: ${all.map((x) => x.id).join(', ')}`, code: 'E-ACHIEVEMENT-NOT-FOUND' });
    inScope = [a];
    achievement = item(a, n * 4);
  } else if (input.priority !== undefined || input.achievement !== undefined) {
    throw new UsageError('--priority and --achievement narrow the scope; use them with --scope priority / --scope achievement (or alone)');
  }
  const inIds = new Set(inScope.map((a) => a.id));
  const achievements = inScope.map((a) => item(a, n));
  const context = scope === 'plan' ? [] : all.filter((a) => !inIds.has(a.id)).map((a) => ({ id: a.id, title: a.title }));
  const file = join(input.planDir, PARALLEL_FILE);
  const shortcut = parallelArgument({ root: input.root, dir: join(input.root, WORKSPACE_DIR) }, input.planDir, input.plans);
  const first = achievements[0] as DiscoveryAchievement;
  const second = achievements[1];
  const example = exampleJson(plan.feature, scope, first, second);
  const scopeTitle =
    scope === 'plan' ? 'whole plan (cross-priority)' : scope === 'priority' ? `Priority ${input.priority} (same-priority)` : `Achievement ${input.achievement} (its executions)`;
  return {
    rule: RULE,
    scope,
    legacyLevel: LEGACY[scope],
    scopeTitle,
    plan: { feature: plan.feature, fileName: basename(plan.file), title: plan.title, dir: relTo(input.root, input.planDir), total: all.length, priorities: priorities(plan) },
    target: { file: relTo(input.root, file), fileName: PARALLEL_FILE },
    priority: input.priority ?? '',
    achievement,
    achievements,
    context,
    example,
    schemaVersion: SCHEMA_VERSION,
    commands: {
      validate: input.validateCommand ?? formatCommand(validateDefinition, [shortcut], { root: input.rootArg }),
      analyze: input.analyzeCommand ?? formatCommand(analyzeDefinition, [shortcut], { root: input.rootArg }),
    },
  };
}

/**
 * The plan argument of the validate / analyze commands printed for pasting: the plan's unique name (planArgument:
 * @FOLDER, or its @path when another plan shares the folder name). A plan folder no discovery finds is named by its
 * absolute path (its PLAN file would be read as the parallel.json).
 */
function parallelArgument(ws: Workspace, dir: string, known?: readonly PlanLocation[]): string {
  // The caller's discovery when it has one (the resolver's): the workspace is walked once per run.
  const plans = known ?? discoverPlans(ws).plans;
  const loc = plans.find((p) => p.dir === dir && p.layout === 'nested');
  return loc ? planArgument(ws, plans, loc) : dir;
}

function priorities(plan: PlanModel): string[] {
  const out: string[] = [];
  for (const a of plan.achievements) if (a.priority && !out.includes(a.priority.number)) out.push(a.priority.number);
  return out;
}

function exampleJson(feature: string, scope: Scope, a: DiscoveryAchievement, b: DiscoveryAchievement | undefined): string {
  const hours = (h: string) => (h === '' ? 2 : /-/.test(h) ? h : Number(h));
  const prio = (p: string) => {
    const m = /^Priority (\d+)/.exec(p);
    return m ? Number(m[1]) : 1;
  };
  const items: Array<Record<string, unknown>> = [
    { achievement_id: a.id, title: a.title, priority: prio(a.priority), dependencies: [], estimated_hours: hours(a.hours) },
  ];
  if (b) items.push({ achievement_id: b.id, title: b.title, priority: prio(b.priority), dependencies: [a.id], optional_dependencies: [], estimated_hours: hours(b.hours) });
  const doc = { schema_version: SCHEMA_VERSION, plan_name: feature, scope, created_date: 'YYYY-MM-DD', achievements: items, notes: ['<why the independent achievements are independent>'] };
  return JSON.stringify(doc, null, 2)
    .replace(/\[\n\s+("[^"\n]*")\n\s+\]/g, '[$1]')
    .replace(/"dependencies": \[\]/g, '"dependencies": []');
}

// ---------------------------------------------------------------------------------------------------------------
// Summary for generate_prompt / generate_completion_status

export interface ParallelSummary {
  /** Path of parallel.json relative to the workspace root. */
  file: string;
  valid: boolean;
  /** First errors (at most 5) when invalid. */
  errors: Array<{ code: string; message: string; line?: number; column?: number }>;
  warnings: number;
  readySet?: {
    ids: string[];
    achievements: Array<{ id: string; title: string; status: string; hours: Range | null }>;
    times: GroupTimes;
  };
  times?: { sequential: Range; levelSynchronous: Range; criticalPath: Range; remainingCriticalPath: Range; remainingCriticalPathIds: string[] };
  progress?: { done: number; total: number; percent: number };
  /** Short human lines (emoji-led), for stderr when the prompt is on stdout. */
  note: string[];
}

/**
 * The parallel picture of an analysed plan. Reads parallel.json in the plan folder (never writes), validates it
 * (fail-closed), and derives status from the same evidence rules as the rest of the toolkit.
 */
export function parallelSummary(ws: Workspace, analysis: PlanAnalysis, src: DocSource, trust: TrustMode, root?: string, plans?: readonly PlanLocation[]): ParallelSummary | undefined {
  const loc = analysis.location;
  if (loc.layout !== 'nested') return undefined;
  const found = findParallelFile(loc.dir);
  // No file at all: no picture (but a parallel.json that is a FIFO or a folder, or several alternates, is reported).
  if (found.missing) return undefined;
  const rel = (p: string) => relTo(ws.root, p);
  const shortcut = parallelArgument(ws, loc.dir, plans);
  const file = found.file ?? found.diagnostics.find((d) => d.severity === 'error')?.file ?? loc.dir;
  const pf = found.file ? loadParallelFile(found.file) : undefined;
  const diags = [...found.diagnostics, ...(pf?.diagnostics ?? []), ...(pf ? planNameCheck(pf, { file: found.file as string, dir: loc.dir, plan: loc, diagnostics: [] }) : [])];
  const errors = diags.filter((d) => d.severity === 'error');
  const warnings = diags.filter((d) => d.severity === 'warning').length;
  if (!pf || hasErrors(diags) || !pf.cycles.acyclic) {
    const first = errors.slice(0, 5).map((d) => ({ code: d.code, message: d.message, ...(d.line !== undefined ? { line: d.line, column: d.column ?? 1 } : {}) }));
    return {
      file: rel(file),
      valid: false,
      errors: first,
      warnings,
      note: [
        `❌ Invalid parallel.json: ${rel(file)}`,
        ...first.map((e) => `  - ${e.line !== undefined ? `line ${e.line}: ` : ''}${e.code} ${e.message}`),
        ...(errors.length > first.length ? [`  … and ${errors.length - first.length} more`] : []),
        `💡 Fix: ${formatCommand(validateDefinition, [shortcut], { root })} (or regenerate with --parallel-upgrade); continuing without parallel features.`,
      ],
    };
  }
  const an = analyzeParallel(pf, { ws, loc, plan: analysis.plan, evidence: analysis.evidence, src, trust });
  const rs = an.readySet;
  const cp = (t: typeof an.times) => ({ min: t.criticalPath.min.total, max: t.criticalPath.max.total });
  const note: string[] = [];
  if (rs.ids.length >= 2) note.push(`🔀 ${rs.ids.length} achievements can run in parallel now (${rs.ids.slice(0, 6).join(', ')}${rs.ids.length > 6 ? ', …' : ''}): ${savingsText(rs)}.`);
  else if (rs.ids.length === 1) note.push(`🔀 parallel.json: 1 achievement is ready now (${rs.ids[0]}); nothing to run side by side yet.`);
  else if (an.progress.done < an.progress.total) note.push('🔀 parallel.json: no achievement is ready now; every open one waits for a dependency.');
  if (an.remaining.count) note.push(`   Remaining critical path ${rangeH(cp(an.remaining))}: ${an.remaining.criticalPath.max.ids.join(' → ')}. Details: ${formatCommand(analyzeDefinition, [shortcut], { root })}`);
  if (warnings) note.push(`   parallel.json has ${warnings} warning${warnings === 1 ? '' : 's'} (${formatCommand(validateDefinition, [shortcut], { root })}).`);
  return {
    file: rel(pf.file),
    valid: true,
    errors: [],
    warnings,
    readySet: {
      ids: rs.ids,
      achievements: rs.ids.map((id) => {
        const r = an.byId.get(id);
        return { id, title: r?.title ?? '', status: r?.status ?? 'not_started', hours: r?.hours ?? null };
      }),
      times: rs,
    },
    times: {
      sequential: an.times.sequential,
      levelSynchronous: an.times.levelSynchronous,
      criticalPath: cp(an.times),
      remainingCriticalPath: cp(an.remaining),
      remainingCriticalPathIds: an.remaining.criticalPath.max.ids,
    },
    progress: { done: an.progress.done, total: an.progress.total, percent: an.progress.percent },
    note,
  };
}

