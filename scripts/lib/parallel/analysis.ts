/**
 * The whole parallel picture of one plan: loaded file, derived status, readiness, depths, times, critical path,
 * bottlenecks. Scripts render it; nothing here prints.
 */
import { basename, join } from 'node:path';
import { compareIds } from '../ids.ts';
import { loadConfig } from '../config.ts';
import { nodeSource, progressPercent } from '../analysis.ts';
import { parsePlan } from '../plan.ts';
import type { TrustMode } from '../evidence.ts';
import type { PlanLocation, Workspace } from '../workspace.ts';
import { WORKSPACE_DIR } from '../workspace.ts';
import { bottlenecks, idRank, type Bottleneck, type Graph } from './graph.ts';
import { hasErrors, loadParallelFile, type LoadOptions, type ParallelFile } from './load.ts';
import { locateParallel, planForFile, type ParallelTarget } from './locate.ts';
import type { Hours, ParallelAchievement, ParallelDiagnostic, Status } from './model.ts';
import { EMPTY, isDone, statusList, type DerivedStatus, type StatusContext } from './status.ts';
import { groupTimes, planTimes, type GroupItem, type GroupTimes, type LevelCaps, type PlanTimes } from './times.ts';

/** One achievement of the analysis: its derived status (files, evidence) plus its place in the graph. */
export interface AchievementRow extends DerivedStatus {
  /** Position in numeric id order. */
  rank: number;
  title: string;
  /** Computed dependency depth (−1 on or behind a cycle). */
  depth: number;
  declaredLevel?: number;
  priority?: number;
  dependencies: string[];
  readonly dependents: string[];
  ready: boolean;
  blockedBy: string[];
  skippedDeps: string[];
  hours?: Hours;
  executor?: string;
}

export interface DepthGroup {
  depth: number;
  ids: string[];
  done: number;
  times: GroupTimes;
}

export interface Progress {
  total: number;
  complete: number;
  skipped: number;
  done: number;
  percent: number;
  byStatus: Record<Status, number>;
}

export interface ParallelAnalysis {
  file: string;
  planName?: string;
  /** Feature name used for document file names. */
  feature: string;
  planDir: string;
  root?: string;
  /** In file order. */
  rows: AchievementRow[];
  /** In numeric id order. */
  sorted: AchievementRow[];
  byId: Map<string, AchievementRow>;
  depths: DepthGroup[];
  readySet: GroupTimes;
  times: PlanTimes;
  remaining: PlanTimes;
  /** Open achievements that the most open work waits for. */
  bottlenecks: Bottleneck[];
  /** The same over the whole plan, done work included. */
  planBottlenecks: Bottleneck[];
  progress: Progress;
  executors?: number;
  /** Notes about the plan: coverage against the PLAN, skipped dependencies. */
  diagnostics: ParallelDiagnostic[];
}

export type AnalysisContext = StatusContext;

/** The empty list shared by every row without blockers, skipped dependencies or dependents. */
const NONE = EMPTY;

/**
 * One row, made whole before its status is derived: every field is present from the start (undefined when absent),
 * so that all rows share one hidden class and are filled in place (a property added later would move the row to
 * another shape and, past the object's own slots, allocate a property array per row). Its place in the graph is
 * set here; statusList writes the status, placeRows the readiness.
 *
 * The dependents are read from the graph when asked (the analysis JSON and the claims checks ask, the status script
 * never does), instead of a list per achievement kept to the end of every run.
 */
class Row implements AchievementRow {
  declare id: string;
  declare status: Status;
  declare evidence: string[];
  declare subplan: string | undefined;
  declare subplanPlaceholder: boolean | undefined;
  declare executions: string[];
  declare placeholders: string[];
  declare fixFile: string | undefined;
  declare planText: boolean | undefined;
  declare rank: number;
  declare title: string;
  declare depth: number;
  declare declaredLevel: number | undefined;
  declare priority: number | undefined;
  declare dependencies: string[];
  declare ready: boolean;
  declare blockedBy: string[];
  declare skippedDeps: string[];
  declare hours: Hours | undefined;
  declare executor: string | undefined;
  readonly #graph: Graph;
  readonly #node: number;

  constructor(g: Graph, node: number, a: ParallelAchievement, rank: number, depth: number) {
    this.id = a.id;
    this.status = 'not_started';
    this.evidence = NONE;
    this.subplan = undefined;
    this.subplanPlaceholder = undefined;
    this.executions = NONE;
    this.placeholders = NONE;
    this.fixFile = undefined;
    this.planText = undefined;
    this.rank = rank;
    this.title = a.title;
    this.depth = depth;
    this.declaredLevel = a.declaredLevel;
    this.priority = a.priority;
    this.dependencies = a.dependencies;
    this.ready = false;
    this.blockedBy = NONE;
    this.skippedDeps = NONE;
    this.hours = a.hours;
    // An empty executor counts as none.
    this.executor = a.executor || undefined;
    this.#graph = g;
    this.#node = node;
  }

  get dependents(): string[] {
    return dependentIds(this.#graph, this.#node);
  }
}

/** Builds the analysis of an acyclic file. Callers check `pf.cycles.acyclic` (and validity) first. */
export function analyzeParallel(pf: ParallelFile, ctx: AnalysisContext, opts: { executors?: number } = {}): ParallelAnalysis {
  const g = pf.graph;
  const rank = idRank(g);
  const layering = pf.layering;
  const depth = layering.depth;
  const n = pf.achievements.length;
  const achievements = pf.achievements;
  // The row is the derived status, made with its place in the graph and completed in place (no copy per achievement).
  const st = statusList(ctx, pf, (k) => new Row(g, k, achievements[k] as ParallelAchievement, rank[k] as number, depth[k] as number));
  const rows: AchievementRow[] = st.list;
  // In id order (the usual file), rank is the identity, its own inverse, and the rows are already sorted.
  const inIdOrder = g.inIdOrder === true;
  const byRank = inIdOrder ? rank : inverse(rank);
  const { done, open, hours, byStatus, viaSkipped } = placeRows(pf, rows);
  // Ranks are a permutation, so numeric order needs no sort.
  const sorted = inIdOrder ? rows.slice() : permute(rows, byRank);
  // The executor pool: --executors, else the plan-wide max_parallelism (--executors replaces it). Declared levels'
  // max_parallelism limit their own members on top of the pool, whatever --executors says (times.ts, header).
  const executors = opts.executors ?? pf.maxParallelism;
  const caps = levelCaps(pf);
  const limits: { executors?: number; caps?: LevelCaps } = {};
  if (executors !== undefined) limits.executors = executors;
  if (caps) limits.caps = caps;
  const times = planTimes(g, layering, hours, limits);
  const remaining = planTimes(g, layering, hours, { ...limits, done, remaining: true });
  const toItem = (x: number): GroupItem => {
    const r = rows[x] as AchievementRow;
    const item: GroupItem = r.hours ? { id: r.id, hours: r.hours } : { id: r.id };
    const c = caps ? (caps.cls[x] as number) : -1;
    if (c >= 0) item.levelCap = { level: (caps as LevelCaps).level[c] as number, max: (caps as LevelCaps).cap[c] as number };
    return item;
  };

  const { depths, readyItems } = depthGroups(pf, rows, byRank, done, toItem, executors);
  const readySet = groupTimes(readyItems, executors, true);

  const total = n;
  const doneCount = byStatus.complete + byStatus.skipped;
  const progress: Progress = { total, complete: byStatus.complete, skipped: byStatus.skipped, done: doneCount, percent: progressPercent(doneCount, total), byStatus };

  const diagnostics: ParallelDiagnostic[] = [];
  // When the PLAN defines every listed id (statusList gathered the evidence for the PLAN itself) and as many ids in
  // all, the two list the same ids (ids are unique on both sides): nothing to compare.
  if (ctx.plan && !(st.plan === ctx.plan && ctx.plan.achievements.length === n)) {
    const planAchievements = ctx.plan.achievements;
    const onlyPlan = planAchievements.filter((a) => !g.index.has(a.id)).map((a) => a.id);
    // Ids are unique on both sides: when the file lists every PLAN id and as many ids in all, it lists no other.
    let onlyFile: string[] = [];
    if (onlyPlan.length || planAchievements.length !== n) {
      const inPlan = new Set(planAchievements.map((a) => a.id));
      onlyFile = rows.filter((r) => !inPlan.has(r.id)).map((r) => r.id);
    }
    if (onlyPlan.length) {
      diagnostics.push(pf.place({ code: 'W-PLAN-COVERAGE', severity: 'warning', message: `The PLAN defines ${listIds(onlyPlan)}, which ${basename(pf.file)} does not list`, pointer: '/achievements', hint: 'Add them to parallel.json with their dependencies (or regenerate it).' }));
    }
    if (onlyFile.length) {
      // Positioned at the first of them.
      const at = pf.byId.get(onlyFile[0] as string)?.pointer ?? '/achievements';
      diagnostics.push(pf.place({ code: 'W-PLAN-COVERAGE', severity: 'warning', message: `${basename(pf.file)} lists ${listIds(onlyFile)}, which the PLAN (${ctx.plan.file}) does not define`, pointer: at, hint: 'Remove them, or add them to the PLAN.' }));
    }
  }
  if (viaSkipped) {
    const via = rows.filter((r) => r.ready && r.skippedDeps.length);
    const first = pf.byId.get((via[0] as AchievementRow).id);
    diagnostics.push(
      pf.place({
        code: 'W-SKIPPED-DEP',
        severity: 'warning',
        message: `${listIds(via.map((r) => r.id))} ${via.length === 1 ? 'counts' : 'count'} as ready although a dependency was skipped (${listIds([...new Set(via.flatMap((r) => r.skippedDeps))])})`,
        // Positioned at the dependencies of the first of them.
        pointer: first ? `${first.pointer}/dependencies` : '/achievements',
        hint: 'Check that the skipped work is really not needed first.',
      }),
    );
  }

  let byId: Map<string, AchievementRow> | undefined;
  let openBottlenecks: Bottleneck[] | undefined;
  let planBottlenecks: Bottleneck[] | undefined;
  const out: ParallelAnalysis = {
    file: pf.file,
    feature: st.feature,
    planDir: ctx.loc.dir,
    root: ctx.ws.root,
    rows,
    sorted,
    // Built on first use (the status script never looks rows up by id).
    get byId(): Map<string, AchievementRow> {
      if (byId === undefined) {
        byId = new Map();
        for (let k = 0; k < n; k++) byId.set((rows[k] as AchievementRow).id, rows[k] as AchievementRow);
      }
      return byId;
    },
    depths,
    readySet,
    times,
    remaining,
    // Computed on first use (the status table never shows them).
    get bottlenecks(): Bottleneck[] {
      openBottlenecks ??= bottlenecks(g, layering, { open });
      return openBottlenecks;
    },
    // Computed on first use (claims checks and analyze --format json only).
    get planBottlenecks(): Bottleneck[] {
      planBottlenecks ??= bottlenecks(g, layering);
      return planBottlenecks;
    },
    progress,
    diagnostics,
  };
  if (pf.planName !== undefined) out.planName = pf.planName;
  if (executors !== undefined) out.executors = executors;
  return out;
}

/**
 * The depth groups, by a counting sort of the nodes (in numeric id order) on their depth, and the ready set's
 * items, collected on the same walk.
 */
function depthGroups(
  pf: ParallelFile,
  rows: AchievementRow[],
  byRank: Int32Array,
  done: Uint8Array,
  toItem: (x: number) => GroupItem,
  executors: number | undefined,
): { depths: DepthGroup[]; readyItems: GroupItem[] } {
  const n = rows.length;
  const { depth, maxDepth } = pf.layering;
  const graphIds = pf.graph.ids;
  const groupStart = new Int32Array(maxDepth + 2);
  for (let k = 0; k < n; k++) {
    const d = depth[k] as number;
    if (d >= 0) groupStart[d + 1] = (groupStart[d + 1] as number) + 1;
  }
  for (let d = 0; d <= maxDepth; d++) groupStart[d + 1] = (groupStart[d + 1] as number) + (groupStart[d] as number);
  const grouped = new Int32Array(groupStart[groupStart.length - 1] as number);
  const groupFill = groupStart.slice(0, groupStart.length - 1);
  const readyItems: GroupItem[] = [];
  for (let r = 0; r < n; r++) {
    const x = byRank[r] as number;
    const d = depth[x] as number;
    if (d >= 0) grouped[(groupFill[d] as number)++] = x;
    if ((rows[x] as AchievementRow).ready) readyItems.push(toItem(x));
  }
  const depths: DepthGroup[] = [];
  for (let d = 0; d <= maxDepth; d++) {
    const from = groupStart[d] as number;
    const to = groupStart[d + 1] as number;
    if (from === to) continue;
    const ids: string[] = new Array(to - from);
    let doneHere = 0;
    for (let j = from; j < to; j++) {
      const x = grouped[j] as number;
      ids[j - from] = graphIds[x] as string;
      doneHere += done[x] as number;
    }
    // Computed on first use: the status script shows the groups without their times.
    let groupTimesCache: GroupTimes | undefined;
    depths.push({
      depth: d,
      ids,
      done: doneHere,
      get times(): GroupTimes {
        if (groupTimesCache === undefined) {
          const items: GroupItem[] = new Array(to - from);
          for (let j = from; j < to; j++) items[j - from] = toItem(grouped[j] as number);
          groupTimesCache = groupTimes(items, executors, true);
        }
        return groupTimesCache;
      },
    });
  }
  return { depths, readyItems };
}

/** What `placeRows` gathers on its way over the rows. */
interface RowPass {
  /** 1 for complete/skipped achievements (file order); `open` is its complement. */
  done: Uint8Array;
  open: Uint8Array;
  hours: Array<Hours | undefined>;
  byStatus: Record<Status, number>;
  /** Ready rows with a skipped dependency (W-SKIPPED-DEP). */
  viaSkipped: number;
}

/**
 * Completes each row with its readiness and gathers, in the same pass, what the times, bottlenecks and progress
 * need. Its own function so that the JIT, which optimises this loop while it runs, compiles only the loop and not
 * the whole analysis.
 */
function placeRows(pf: ParallelFile, rows: AchievementRow[]): RowPass {
  const n = rows.length;
  const g = pf.graph;
  const done = new Uint8Array(n);
  const open = new Uint8Array(n);
  const hours: Array<Hours | undefined> = new Array(n);
  const byStatus = { not_started: 0, subplan_created: 0, execution_created: 0, in_progress: 0, complete: 0, failed: 0, skipped: 0 } as Record<Status, number>;
  let viaSkipped = 0;
  // Locals for what the loop reads per edge: it runs once, mostly before the JIT optimises it.
  const { depStart, depList, ids } = g;
  for (let k = 0; k < n; k++) {
    const row = rows[k] as AchievementRow;
    // Readiness over the graph's edges (the well-formed, known dependencies, in the file's order).
    let blockedBy: string[] = NONE;
    let skippedDeps: string[] = NONE;
    const to = depStart[k + 1] as number;
    for (let j = depStart[k] as number; j < to; j++) {
      const d = depList[j] as number;
      const s = (rows[d] as AchievementRow).status;
      if (s === 'complete') continue;
      const id = ids[d] as string;
      if (s === 'skipped') {
        if (skippedDeps === NONE) skippedDeps = [id];
        else skippedDeps.push(id);
      } else if (blockedBy === NONE) blockedBy = [id];
      else blockedBy.push(id);
    }
    const isDoneRow = isDone(row.status);
    if (isDoneRow) done[k] = 1;
    else open[k] = 1;
    byStatus[row.status]++;
    hours[k] = row.hours;
    row.ready = !isDoneRow && blockedBy === NONE;
    row.blockedBy = blockedBy;
    row.skippedDeps = skippedDeps;
    if (row.ready && skippedDeps !== NONE) viaSkipped++;
  }
  return { done, open, hours, byStatus, viaSkipped };
}

/** The inverse of a permutation: inverse(rank)[r] = the node of rank r. */
function inverse(perm: Int32Array): Int32Array {
  const inv = new Int32Array(perm.length);
  for (let k = 0; k < perm.length; k++) inv[perm[k] as number] = k;
  return inv;
}

/** rows[order[0]], rows[order[1]], … */
function permute<T>(rows: T[], order: Int32Array): T[] {
  const out: T[] = new Array(rows.length);
  for (let r = 0; r < order.length; r++) out[r] = rows[order[r] as number] as T;
  return out;
}

/** The dependents of node d in numeric id order (NONE without any), from the reverse adjacency. */
function dependentIds(g: Graph, d: number): string[] {
  const from = g.revStart[d] as number;
  const to = g.revStart[d + 1] as number;
  if (from === to) return NONE;
  const ids = g.ids;
  const rank = idRank(g);
  const list: string[] = [];
  // The reverse adjacency lists dependents in file order: id order when the file lists its ids in order.
  if (g.inIdOrder === true) {
    for (let j = from; j < to; j++) list.push(ids[g.revList[j] as number] as string);
    return list;
  }
  const nodes = Array.from(g.revList.subarray(from, to)).sort((x, y) => (rank[x] as number) - (rank[y] as number));
  for (const x of nodes) list.push(ids[x] as string);
  return list;
}

/**
 * The max_parallelism of each achievement's declared level (levels[] of the seed format), as scheduling classes;
 * undefined when no level has more members than its cap. Two levels[] entries with the same number share the
 * smaller cap.
 */
function levelCaps(pf: ParallelFile): LevelCaps | undefined {
  const capOf = new Map<number, number>();
  for (const lv of pf.levels) {
    if (lv.maxParallelism === undefined || lv.members.length === 0) continue;
    capOf.set(lv.level, Math.min(capOf.get(lv.level) ?? Infinity, lv.maxParallelism));
  }
  if (capOf.size === 0) return undefined;
  const classOf = new Map<number, number>();
  const cap: number[] = [];
  const level: number[] = [];
  const cls = new Int32Array(pf.achievements.length).fill(-1);
  const size: number[] = [];
  for (let k = 0; k < pf.achievements.length; k++) {
    const L = (pf.achievements[k] as ParallelAchievement).declaredLevel;
    const max = L === undefined ? undefined : capOf.get(L);
    if (L === undefined || max === undefined) continue;
    let c = classOf.get(L);
    if (c === undefined) {
      c = cap.length;
      classOf.set(L, c);
      cap.push(max);
      level.push(L);
      size.push(0);
    }
    cls[k] = c;
    size[c] = (size[c] as number) + 1;
  }
  // A cap no smaller than its level changes nothing.
  return cap.some((m, c) => m < (size[c] as number)) ? { cls, cap, level } : undefined;
}

function listIds(ids: string[]): string {
  const sorted = [...ids].sort(compareIds);
  return sorted.length <= 8 ? sorted.join(', ') : `${sorted.slice(0, 8).join(', ')} … (${sorted.length} in all)`;
}

// ---------------------------------------------------------------------------------------------------------------
// Opening a target from the command line

export interface OpenOptions extends LoadOptions {
  root?: string;
  /** Read the workspace configuration (trust mode, file-size limit) and the PLAN. */
  withPlan?: boolean;
}

export interface Opened {
  target: ParallelTarget;
  /** Absent when there is no file to read (see target.diagnostics). */
  pf?: ParallelFile;
  /** Set with `withPlan`. */
  ctx?: AnalysisContext;
}

/** Locates and loads parallel.json; with `withPlan`, also the plan context needed for status and analysis. */
export async function openParallel(arg: string, cwd: string, opts: OpenOptions = {}): Promise<Opened> {
  const target = locateParallel(arg, cwd, opts.root);
  if (!target.file) return { target };
  const pf = loadParallelFile(target.file, opts);
  if (!opts.withPlan) return { target, pf };
  return { target, pf, ctx: await contextFor(target, pf) };
}

export async function contextFor(target: ParallelTarget, pf: ParallelFile): Promise<AnalysisContext> {
  const file = target.file ?? pf.file;
  const ws: Workspace = target.ws ?? { root: target.dir, dir: join(target.dir, WORKSPACE_DIR) };
  let trust: TrustMode = 'auto';
  let maxBytes: number | undefined;
  if (target.ws) {
    // Trust and limits only: no template, rule or note of a plugin is used here (as in validate_parallel_json).
    const loaded = await loadConfig(target.ws, { plugins: false });
    trust = loaded.config.trust ?? 'auto';
    maxBytes = loaded.limits.maxFileBytes;
  }
  const src = nodeSource(maxBytes);
  const loc: PlanLocation =
    target.plan ??
    planForFile(file, target.ws, pf.planName) ?? { feature: pf.planName ?? basenameOf(target.dir), planFile: '', dir: target.dir, layout: 'nested', area: 'outside' };
  const ctx: AnalysisContext = { ws, loc, src, trust };
  if (loc.planFile) ctx.plan = parsePlan(src.read(loc.planFile), loc.planFile);
  return ctx;
}

function basenameOf(dir: string): string {
  return dir.replace(/\/+$/, '').slice(dir.replace(/\/+$/, '').lastIndexOf('/') + 1);
}

/** W-PLAN-NAME: plan_name against the PLAN next to the file. Cheap (one folder listing). */
export function planNameCheck(pf: ParallelFile, target: ParallelTarget): ParallelDiagnostic[] {
  if (!pf.planName || !target.file) return [];
  const plan = target.plan ?? planForFile(target.file, undefined, pf.planName);
  if (!plan || plan.feature === pf.planName) return [];
  return [
    pf.place({
      code: 'W-PLAN-NAME',
      severity: 'warning',
      message: `plan_name "${pf.planName}" differs from the plan's name "${plan.feature}" (${plan.planFile ? plan.planFile.slice(plan.planFile.lastIndexOf('/') + 1) : plan.dir})`,
      pointer: '/plan_name',
      hint: `Set "plan_name": "${plan.feature}".`,
    }),
  ];
}

export { hasErrors };
