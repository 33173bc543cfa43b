/**
 * One plan, analysed: model, evidence, conflicts, next achievement and its state. Every script asks this module;
 * none re-derives completion or state on its own.
 */
import { listFiles, mtimeOf, readHead, readText } from './fsio.ts';
import { completionOf, gatherEvidence, verdictHeadMismatches, type DocSource, type PlanEvidence, type TrustMode } from './evidence.ts';
import { achievementState, chooseNext, concurrentWork, detectConflicts, type AchievementState, type Conflict, type NextChoice } from './state.ts';
import { parsePlan, type PlanModel } from './plan.ts';
import type { PlanLocation, Workspace } from './workspace.ts';
import { roundPct } from './parallel/model.ts';
import { diag, ToolError, type Diagnostic } from './diagnostics.ts';
import type { PluginRegistry } from '../../plugins/registry.ts';

/** Node adapter of the DocSource port. Folder listings are cached (flat folders are shared by every plan). */
export function nodeSource(maxBytes?: number): DocSource {
  const lists = new Map<string, string[]>();
  return {
    list(dir) {
      let names = lists.get(dir);
      if (!names) {
        names = listFiles(dir);
        lists.set(dir, names);
      }
      return names;
    },
    // Headers sit in the first lines (the corpus maximum for **Achievement**: is byte 325). Heads are not kept: the
    // few a run asks for twice (a SUBPLAN's head, for its link and then for a placeholder) cost less to read again
    // than thousands of kept heads cost the garbage collector and the peak memory of a large plan or workspace.
    head: (p) => readHead(p, 2048),
    read: (p) => readText(p, { what: 'Document', ...(maxBytes ? { maxBytes } : {}) }),
    mtime: mtimeOf,
  };
}

export interface AnalyzeOptions {
  trust: TrustMode;
  /** Decide the state of every achievement (reads every SUBPLAN and EXECUTION_TASK), not only the next one. */
  allStates?: boolean;
  /** Analyse this achievement instead of choosing the next one. */
  achievementId?: string;
}

export interface PlanAnalysis {
  location: PlanLocation;
  plan: PlanModel;
  evidence: PlanEvidence;
  conflicts: Conflict[];
  next: NextChoice;
  /** State of the chosen (or requested) achievement. */
  state?: AchievementState;
  /** Every achievement's state, with `allStates` (those whose documents cannot be read are left out). */
  states?: AchievementState[];
  /**
   * Why the requested or chosen achievement has no state: one of its documents cannot be read (binary, not UTF-8,
   * too large, no permission). generate_prompt stops with it; the completion report carries on without the state.
   */
  stateError?: ToolError;
  /**
   * Findings of the documents' contents: achievements whose state is unknown because a document of theirs cannot
   * be read (W-DOC-UNREADABLE), verdicts whose head names another achievement than their number (W-VERDICT-HEADING).
   */
  stateWarnings: Diagnostic[];
  notes: string[];
}

/**
 * What is to be said about a plan besides its state: the PLAN's parse warnings, the evidence's, the next-pointer's,
 * and the findings of the plugins' rules (one list for generate_prompt and generate_completion_status alike).
 */
export function planFindings(a: PlanAnalysis, registry: PluginRegistry): Diagnostic[] {
  return [...a.plan.warnings, ...a.evidence.warnings, ...a.next.warnings, ...a.stateWarnings, ...registry.checkPlan({ plan: a.plan, analysis: a })];
}

export function loadPlan(loc: PlanLocation, src: DocSource): PlanModel {
  return parsePlan(src.read(loc.planFile), loc.planFile);
}

export function analyzePlan(ws: Workspace, loc: PlanLocation, src: DocSource, opts: AnalyzeOptions, plan = loadPlan(loc, src)): PlanAnalysis {
  const evidence = gatherEvidence(ws, loc, plan, src);
  const conflicts = detectConflicts(plan, evidence, opts.trust);
  const next = chooseNext(plan, evidence, opts.trust);
  const out: PlanAnalysis = { location: loc, plan, evidence, conflicts, next, stateWarnings: verdictHeadMismatches(evidence, src), notes: [] };
  const failed = new Map<string, ToolError>();
  // One unreadable document costs its own achievement's state, never the whole plan's analysis.
  const stateOf = (id: string): AchievementState | undefined => {
    const a = plan.achievements.find((x) => x.id === id);
    const ev = evidence.byId.get(id);
    if (!a || !ev) return undefined;
    try {
      return achievementState(a, ev, plan, evidence, opts.trust, src);
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      failed.set(id, err);
      out.stateWarnings.push(
        diag('warning', 'W-DOC-UNREADABLE', `The state of Achievement ${id} is unknown: ${err.message}`, {
          ...(err.file ? { file: err.file } : {}),
          // E-BINARY's own fix speaks of a command's argument; here the file is one of the plan's documents.
          hint: err.code === 'E-BINARY' || !err.fix ? 'Replace it with the markdown document it should be, or move it out of the plan folder.' : err.fix,
        }),
      );
      return undefined;
    }
  };
  if (opts.allStates) {
    out.states = plan.achievements.map((a) => stateOf(a.id)).filter((s): s is AchievementState => s !== undefined);
    out.notes = concurrentWork(out.states);
  }
  const target = opts.achievementId ?? next.achievement?.id;
  if (target) {
    const s = out.states ? out.states.find((x) => x.id === target) : stateOf(target);
    if (s) out.state = s;
    const err = failed.get(target);
    if (err) out.stateError = err;
  }
  return out;
}

export interface Progress {
  total: number;
  approved: number;
  skipped: number;
  planText: number;
  done: number;
  percent: number;
}

export function progressOf(a: PlanAnalysis, trust: TrustMode): Progress {
  let approved = 0;
  let skipped = 0;
  let planText = 0;
  for (const ach of a.plan.achievements) {
    const c = completionOf(a.evidence.byId.get(ach.id), trust, a.evidence.usesFeedback);
    if (c.kind === 'approved') approved++;
    else if (c.kind === 'skipped') skipped++;
    else if (c.kind === 'plan_text') planText++;
  }
  const total = a.plan.achievements.length;
  const done = approved + skipped + planText;
  return { total, approved, skipped, planText, done, percent: progressPercent(done, total) };
}

/**
 * The one progress percentage of the toolkit (completion report, generate_prompt --json, parallel status):
 * done/total · 100 rounded half up, as savings are (parallel.md §3.4, §9 B18); the reference truncated (6/9 → 66).
 */
export function progressPercent(done: number, total: number): number {
  return total > 0 ? roundPct((done / total) * 100) : 0;
}

export function isPlanComplete(a: PlanAnalysis): boolean {
  return a.plan.achievements.length > 0 && !a.next.achievement;
}
