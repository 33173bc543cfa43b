/**
 * Derived status of every achievement of parallel.json (parallel.md §3.6 REBUILD table), from the foundation's
 * evidence: `gatherEvidence` finds the documents (nested and flat layouts, header links, archive) and
 * `completionOf` is the one completion rule of the toolkit. First match wins:
 *
 *   1 complete           completionOf → approved (APPROVED_<NUM>.md; beats FIX) or complete per plan text (trust)
 *   2 skipped            completionOf → skipped (SKIPPED_<NUM>.md in execution/ or execution/feedbacks/)
 *   3 failed             FIX_<NUM>.md newer than every EXECUTION_TASK of the achievement (and not answered by a
 *                        FIX_<NUM>_RESOLUTION.md at least as new)
 *   4 in_progress        an EXECUTION_TASK with real content (non-empty, no "[TO BE FILLED" marker)
 *   5 execution_created  EXECUTION_TASK files, all placeholders (empty or marker)
 *   6 subplan_created    a SUBPLAN
 *   7 not_started        nothing
 *
 * Paths come from the plan folder (never the working directory); file names from the PLAN's feature name.
 * Ready / blocked are derived attributes, computed over the graph by analyzeParallel (analysis.ts): ready = not
 * complete/skipped and every hard dependency complete or skipped; blockedBy = the dependencies that are neither.
 */
import { join } from 'node:path';
import { completionOf, gatherEvidence, type AchievementEvidence, type DocSource, type PlanEvidence, type TrustMode } from '../evidence.ts';
import { parsePlan, type Achievement, type PlanModel } from '../plan.ts';
import type { PlanLocation, Workspace } from '../workspace.ts';
import type { Status } from './model.ts';
import type { ParallelFile } from './load.ts';

import { isExecutionComplete, isPlaceholder, workingSubplan } from '../state.ts';

export interface DerivedStatus {
  id: string;
  status: Status;
  /** Files that prove the status (paths). */
  evidence: string[];
  subplan?: string;
  subplanPlaceholder?: boolean;
  executions: string[];
  /** EXECUTION_TASKs that are placeholders. */
  placeholders: string[];
  fixFile?: string;
  /** Complete because the PLAN text says so (trust mode), not an APPROVED file. */
  planText?: boolean;
}

export interface StatusContext {
  ws: Workspace;
  loc: PlanLocation;
  /** The parsed PLAN, when the plan has one. */
  plan?: PlanModel;
  /** Evidence already gathered for `plan` (reused when parallel.json lists no achievement the PLAN lacks). */
  evidence?: PlanEvidence;
  src: DocSource;
  trust: TrustMode;
}

export interface StatusResult {
  /** The derived status of each achievement, in the order of parallel.json's achievements. */
  list: DerivedStatus[];
  evidence: PlanEvidence;
  /** The feature name used to match file names. */
  feature: string;
  /** The PLAN model the evidence was gathered for: the context's PLAN itself when it defines every listed id. */
  plan: PlanModel;
}

function syntheticAchievement(id: string, title: string): Achievement {
  return { id, title, line: 0, start: 0, end: 0, source: 'definition', fields: {} };
}

/**
 * A PlanModel whose achievements are the PLAN's plus those only parallel.json lists, so that the core links every
 * document to the right id (its id codec sees all ids, collisions included).
 */
export function planModelFor(ctx: StatusContext, pf: ParallelFile): PlanModel {
  const base = ctx.plan ?? parsePlan('', ctx.loc.planFile || join(ctx.loc.dir, `PLAN_${ctx.loc.feature}.md`));
  if (listsInOrder(pf.achievements, base.achievements)) return base;
  const known = new Set(base.achievements.map((a) => a.id));
  const extra = pf.achievements.filter((a) => !known.has(a.id)).map((a) => syntheticAchievement(a.id, a.title));
  return extra.length ? { ...base, achievements: [...base.achievements, ...extra] } : base;
}

/**
 * Whether each of the file's achievements is the PLAN's achievement at the same place (the usual case: the file
 * was written from the PLAN): then none is missing from the PLAN, without a set of the PLAN's ids (10,000 in a
 * large plan).
 */
function listsInOrder(listed: ReadonlyArray<{ id: string }>, defined: readonly Achievement[]): boolean {
  if (listed.length > defined.length) return false;
  for (let k = 0; k < listed.length; k++) if ((listed[k] as { id: string }).id !== (defined[k] as Achievement).id) return false;
  return true;
}

/**
 * The derived status of every achievement of the file (analyzeParallel maps them by id only when asked). `make`
 * gives the object the status of the k-th achievement is written into (a `not_started` status of that id, every
 * list EMPTY): the analysis makes its whole row there at once.
 */
export function statusList<T extends DerivedStatus>(ctx: StatusContext, pf: ParallelFile, make: (k: number, id: string) => T): Omit<StatusResult, 'list'> & { list: T[] } {
  const plan = planModelFor(ctx, pf);
  const evidence = ctx.evidence && plan === ctx.plan ? ctx.evidence : gatherEvidence(ctx.ws, ctx.loc, plan, ctx.src);
  const list: T[] = new Array(pf.achievements.length);
  for (let k = 0; k < pf.achievements.length; k++) {
    const id = (pf.achievements[k] as ParallelFile['achievements'][number]).id;
    list[k] = statusOf(make(k, id), evidence.byId.get(id), evidence, ctx);
  }
  return { list, evidence, feature: plan.feature, plan };
}

/**
 * The empty list every status starts with, shared: lists are replaced, never added to. Not frozen, and made with
 * the elements kind of the documents' lists (an array that held a string): a frozen or never-filled array has
 * another hidden class, and every pass over the rows that reads both kinds of list (`.length`, `.map`) was
 * deoptimised and recompiled when it met the second one.
 */
export const EMPTY: string[] = [''];
EMPTY.pop();

/**
 * Writes the derived status of one achievement into `out`, a `not_started` status of that id with every list EMPTY
 * (filled in place: this runs once per achievement, 10,000 times in a large plan), and returns it.
 */
export function statusOf<T extends DerivedStatus>(out: T, ev: AchievementEvidence | undefined, evidence: PlanEvidence, ctx: Pick<StatusContext, 'src' | 'trust'>): T {
  if (!ev) return out;
  const c = completionOf(ev, ctx.trust, evidence.usesFeedback);
  const subplan = ev.subplans[0];
  if (subplan) out.subplan = subplan.path;
  const execs = ev.executions;
  if (execs.length) out.executions = execs.map((e) => e.path);
  if (c.kind === 'approved' && ev.approved) {
    out.status = 'complete';
    out.evidence = [ev.approved.path];
    return out;
  }
  if (c.kind === 'skipped' && ev.skipped) {
    out.status = 'skipped';
    out.evidence = [ev.skipped.path];
    return out;
  }
  if (c.kind === 'plan_text') {
    out.status = 'complete';
    out.planText = true;
    return out;
  }
  const src = ctx.src;
  // Open work: an unfinished archived copy (SUBPLAN or EXECUTION_TASK) is history, as in generate_prompt.
  let working = subplan;
  if (subplan?.archived) {
    working = workingSubplan(ev, src).subplan;
    // Assigned, not deleted: a deleted property would turn the object into a slow dictionary.
    out.subplan = working ? working.path : undefined;
  }
  // Made only for achievements with EXECUTION_TASKs: most open achievements have none.
  const placeholders: string[] = execs.length ? [] : EMPTY;
  const real: string[] = execs.length ? [] : EMPTY;
  const counted: string[] = execs.length ? [] : EMPTY;
  for (const e of execs) {
    let text: string;
    try {
      text = src.read(e.path);
    } catch {
      // Unreadable (binary, too large): it exists and is not a recognisable placeholder.
      real.push(e.path);
      counted.push(e.path);
      continue;
    }
    if (e.archived && !isExecutionComplete(text)) continue;
    (isPlaceholder(text) ? placeholders : real).push(e.path);
    counted.push(e.path);
  }
  if (counted.length < execs.length) out.executions = counted;
  if (ev.fix) {
    const fixTime = src.mtime(ev.fix.path);
    const answered = ev.fixResolution !== undefined && src.mtime(ev.fixResolution.path) >= fixTime;
    const newerWork = counted.some((p) => src.mtime(p) > fixTime);
    if (!answered && !newerWork) {
      out.status = 'failed';
      out.fixFile = ev.fix.path;
      out.evidence = [ev.fix.path];
      return out;
    }
  }
  if (real.length || placeholders.length) {
    if (placeholders.length) out.placeholders = placeholders;
    if (ev.fix) out.fixFile = ev.fix.path;
    out.status = real.length ? 'in_progress' : 'execution_created';
    out.evidence = real.length ? real : placeholders;
    return out;
  }
  if (working) {
    out.status = 'subplan_created';
    out.evidence = [working.path];
    if (isPlaceholder(src.head(working.path))) out.subplanPlaceholder = true;
  }
  return out;
}

export function isDone(s: Status | undefined): boolean {
  return s === 'complete' || s === 'skipped';
}
