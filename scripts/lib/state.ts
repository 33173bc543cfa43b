/**
 * The state engine (generation.md §2, §8.1): for one achievement, which explicit state it is in, why, and which
 * files prove it; which achievement comes next; and where the PLAN and the filesystem disagree.
 */
import { diag, type Diagnostic } from './diagnostics.ts';
import { names } from './filenames.ts';
import { encodeId } from './ids.ts';
import { completionOf, type AchievementEvidence, type Completion, type DocRef, type DocSource, type PlanEvidence, type TrustMode } from './evidence.ts';
import { findSections, scanMarkdown } from './markdown.ts';
import type { Achievement, PlanModel } from './plan.ts';

export const STATES = [
  'approved',
  'skipped',
  'needs_fix',
  'fix_submitted',
  'no_subplan',
  'subplan_placeholder',
  'subplan_no_execution',
  'active_execution',
  'create_next_execution',
  'needs_synthesis',
  'awaiting_review',
  'plan_complete',
] as const;
export type State = (typeof STATES)[number];

export interface ExecutionInfo {
  path: string;
  name: string;
  number: string;
  complete: boolean;
  placeholder: boolean;
  archived: boolean;
}

export interface AchievementState {
  id: string;
  state: State;
  completion: Completion;
  /** Human sentences: why this state. */
  reason: string[];
  /** Files that prove it. */
  files: string[];
  subplan?: string;
  executions: ExecutionInfo[];
  /** Executions planned in the SUBPLAN's "Active EXECUTION_TASKs" table (0 when it has none). */
  planned: number;
  completedCount: number;
  /** File name of the EXECUTION_TASK to create next, where the state calls for one. */
  nextExecution?: string;
  /** The EXECUTION_TASK to continue, where the state calls for one. */
  continueExecution?: string;
  fixFile?: string;
  /** The FIX is an archived copy: its answer is written to the plan's live feedback folder, never into the archive. */
  fixArchived?: boolean;
  fixResolutionFile?: string;
  /** The number new documents of this achievement carry in their names (`code` of the SUBPLAN, else a free one). */
  docCode: string;
  /**
   * The number the verdict files this achievement is asked for carry (APPROVED/FIX/FIX_RESOLUTION/SKIPPED): its
   * code when that stands for it alone, else its SUBPLAN's number (as its EXECUTION_TASKs), never a name another
   * achievement's verdict holds (see `verdictCode`).
   */
  verdictCode: string;
  /** File name of the SUBPLAN to create (no_subplan). */
  newSubplan?: string;
  /**
   * What the prompt must say about the names of the files it asks for: why a proposed name differs from the
   * achievement's own code, or that a verdict whose number other achievements share needs its header.
   */
  naming: string[];
}

/** Marker of a document that has been created but not written yet (batch-created skeletons). */
export const PLACEHOLDER_MARKER = '[TO BE FILLED';

/** A placeholder is not real work: an empty document, or one that still carries the marker. */
export function isPlaceholder(text: string): boolean {
  return text.trim() === '' || text.includes(PLACEHOLDER_MARKER);
}
// One class between the colon and the word (blanks, bold markers, the emoji): adjacent optional \s* groups
// backtracked in cubic time on a long run of spaces.
const COMPLETE_MARK = /\*\*Status\*\*[ \t]*:[\s*✅\uFE0F]*(?:complete|completed)\b/i;

/** `**Status**: ✅ Complete` (emoji optional) anywhere in an EXECUTION_TASK. */
export function isExecutionComplete(text: string): boolean {
  return COMPLETE_MARK.test(text);
}

/** The same marker within the SUBPLAN header (first 500 characters). */
export function isSubplanComplete(text: string): boolean {
  return COMPLETE_MARK.test(text.slice(0, 500));
}

/**
 * Archived copies (an `_ARCHIVED` name, or a file in an archive folder) are history: finished work in them counts,
 * unfinished work is never open. The working SUBPLAN of an achievement is its first live one, else an archived one
 * that is marked complete; an unfinished archived SUBPLAN is no SUBPLAN to design, execute or synthesise in.
 * (Both state engines, generate_prompt's and get_parallel_status', use this.)
 */
export function workingSubplan(ev: AchievementEvidence, src: DocSource): { subplan?: DocRef; archivedOpen: DocRef[] } {
  const archivedOpen: DocRef[] = [];
  for (const d of ev.subplans) {
    if (!d.archived) return { subplan: d, archivedOpen };
    let text = '';
    try {
      text = src.read(d.path);
    } catch {
      // Unreadable: not known to be finished.
    }
    if (isSubplanComplete(text)) return { subplan: d, archivedOpen };
    archivedOpen.push(d);
  }
  return { archivedOpen };
}

/** The executions that count as work: the live ones, and archived ones only when finished (see workingSubplan). */
export function countedExecutions<T extends { archived: boolean; complete: boolean }>(executions: readonly T[]): T[] {
  return executions.filter((e) => !e.archived || e.complete);
}

/** A row `| NN_YY |` or `| EXECUTION_TASK_<FEATURE>_NN_YY.md |` of an executions table. */
const PLANNED_ROW = /^\s*\|\s*(?:EXECUTION_TASK_[\w-]*?_)?(\d+)_(\d+)(?:\.md)?\s*\|/;

/** Rows `| NN_YY | …` of the SUBPLAN's "Active EXECUTION_TASKs" table (emoji optional). */
export function plannedExecutions(subplanText: string): string[] {
  const doc = scanMarkdown(subplanText);
  const rows: string[] = [];
  for (const s of findSections(doc, (k) => k.includes('active execution task') || k.includes('active executions') || k.includes('planned executions'))) {
    for (let i = s.start; i < s.end; i++) {
      if (doc.fenced[i]) continue;
      const m = PLANNED_ROW.exec(doc.line(i));
      if (m && !rows.includes(m[2] as string)) rows.push(m[2] as string);
    }
  }
  return rows;
}

function execNumber(ref: DocRef): string {
  return ref.exec ?? '01';
}

/** Decides the state of one achievement. Reads only that achievement's SUBPLAN and EXECUTION_TASKs. */
export function achievementState(
  a: Achievement,
  ev: AchievementEvidence,
  plan: PlanModel,
  evidence: PlanEvidence,
  trust: TrustMode,
  src: DocSource,
): AchievementState {
  const completion = completionOf(ev, trust, evidence.usesFeedback);
  const code = ev.code;
  const docCode = ev.subplans[0]?.code ?? code;
  const vc = verdictCode(a, ev, evidence, [docCode]);
  const base = { id: a.id, completion, executions: [] as ExecutionInfo[], planned: 0, completedCount: 0, docCode, verdictCode: vc, naming: [] as string[] };
  if (ev.approved) {
    return { ...base, verdictCode: ev.approved.code, state: 'approved', reason: [`${ev.approved.name} exists: the reviewer approved Achievement ${a.id}.`], files: [ev.approved.path] };
  }
  if (ev.skipped) {
    return { ...base, verdictCode: ev.skipped.code, state: 'skipped', reason: [`${ev.skipped.name} exists: Achievement ${a.id} was skipped on purpose.`], files: [ev.skipped.path] };
  }
  if (completion.kind === 'plan_text' && ev.textClaim) {
    return {
      ...base,
      state: 'approved',
      reason: [
        `Complete per plan text: line ${ev.textClaim.line} (${ev.textClaim.where}) says so, and there is no ${noApproval(a, ev, evidence)}.`,
        trust === 'auto' ? 'This plan keeps no review files, so its own text is the record (use --trust-filesystem to ignore it).' : 'Trusted because of --trust-plan.',
      ],
      files: [plan.file],
    };
  }
  if (ev.fix) {
    const res = ev.fixResolution;
    // The resolution follows its FIX's number (it is written next to it), unless that name is another's.
    const resCode = verdictCode(a, ev, evidence, [ev.fix.code, docCode]);
    if (res && src.mtime(res.path) >= src.mtime(ev.fix.path)) {
      return {
        ...base,
        state: 'fix_submitted',
        reason: [`${ev.fix.name} asked for fixes and ${res.name} answers it (it is not older than the FIX): the fix awaits re-review.`],
        files: [ev.fix.path, res.path],
        fixFile: ev.fix.path,
        fixResolutionFile: res.path,
        verdictCode: resCode,
        naming: verdictLink(a, resCode, evidence, [names.approved(resCode), ev.fix.name]),
      };
    }
    return {
      ...base,
      state: 'needs_fix',
      reason: [
        `${ev.fix.name} exists and there is no ${noApproval(a, ev, evidence)}: the reviewer asked for fixes.`,
        ...(res ? [`${res.name} is older than ${ev.fix.name}, so it answers an earlier round.`] : []),
      ],
      files: [ev.fix.path, ...(res ? [res.path] : [])],
      fixFile: ev.fix.path,
      ...(ev.fix.archived ? { fixArchived: true } : {}),
      verdictCode: resCode,
      naming: verdictLink(a, resCode, evidence, [names.fixResolution(resCode)]),
    };
  }
  const { subplan, archivedOpen } = workingSubplan(ev, src);
  if (!subplan) {
    const pick = newDocCode(a, ev, evidence);
    const history = archivedOpen.length
      ? [`${archivedOpen.map((d) => d.name).join(', ')} ${archivedOpen.length === 1 ? 'is an archived copy' : 'are archived copies'}, not complete: archived copies are history, not a design to go on with.`]
      : [];
    return {
      ...base,
      state: 'no_subplan',
      reason: [
        ...(pick.taken
          ? [`No SUBPLAN of Achievement ${a.id} was found: ${pick.taken}`]
          : [`No ${names.subplan(plan.feature, code)} was found: the achievement has not been designed yet.`]),
        ...history,
      ],
      files: [],
      docCode: pick.code,
      newSubplan: names.subplan(plan.feature, pick.code),
      nextExecution: names.execution(plan.feature, pick.code, 1),
      naming: pick.naming,
    };
  }
  const subplanText = src.read(subplan.path);
  if (isPlaceholder(subplanText)) {
    return {
      ...base,
      state: 'subplan_placeholder',
      reason: [`${subplan.name} is a placeholder (${subplanText.trim() ? `it still contains "${PLACEHOLDER_MARKER}"` : 'it is empty'}): it must be filled in before execution.`],
      files: [subplan.path],
      subplan: subplan.path,
    };
  }
  const executions: ExecutionInfo[] = ev.executions.map((e) => {
    const text = src.read(e.path);
    return {
      path: e.path,
      name: e.name,
      number: execNumber(e),
      complete: isExecutionComplete(text),
      placeholder: isPlaceholder(text),
      archived: e.archived,
    };
  });
  const real = executions.filter((e) => !e.placeholder);
  // The work that counts: live executions, and archived copies only when finished (an unfinished archived copy is
  // history: never continued, never counted as created).
  const work = countedExecutions(real);
  const history = real.filter((e) => !work.includes(e));
  const completed = work.filter((e) => e.complete);
  const planned = plannedExecutions(subplanText);
  const common = { ...base, subplan: subplan.path, executions, planned: planned.length, completedCount: completed.length };
  const historyNote = history.length
    ? [`${history.map((e) => e.name).join(', ')} ${history.length === 1 ? 'is an archived copy' : 'are archived copies'}, not complete: archived copies are history and are not continued.`]
    : [];
  const proof = [subplan.path, ...work.map((e) => e.path)];
  if (isSubplanComplete(subplanText)) {
    return {
      ...common,
      state: 'awaiting_review',
      reason: [
        `${subplan.name} is marked complete in its header, and there is no APPROVED_${vc}.md or FIX_${vc}.md yet: it awaits review.`,
        ...heldByOthers(a, code, vc, evidence),
      ],
      files: proof,
      naming: verdictLink(a, vc, evidence, [names.approved(vc), names.fix(vc)]),
    };
  }
  if (work.length === 0) {
    const ph = executions.filter((e) => e.placeholder && !e.archived);
    // A placeholder is filled in rather than a second file created; otherwise a number no file uses yet.
    const next = ph[0]?.name ?? names.execution(plan.feature, subplan.code, Math.max(0, ...executions.map((e) => Number(e.number) || 0)) + 1);
    return {
      ...common,
      state: 'subplan_no_execution',
      reason: [
        `${subplan.name} exists but no EXECUTION_TASK has been written for it yet.`,
        ...(ph.length ? [`${ph.map((e) => e.name).join(', ')} ${ph.length === 1 ? 'is a placeholder' : 'are placeholders'} and does not count as work.`] : []),
        ...historyNote,
      ],
      files: [subplan.path],
      nextExecution: next,
    };
  }
  const incomplete = work.filter((e) => !e.complete);
  if (incomplete.length > 0) {
    const first = incomplete[0] as ExecutionInfo;
    return {
      ...common,
      state: 'active_execution',
      reason: [
        `${incomplete.length} of ${work.length} EXECUTION_TASK${work.length === 1 ? '' : 's'} ${incomplete.length === 1 ? 'is' : 'are'} not marked "**Status**: ✅ Complete"; ${first.name} is the first to continue.`,
        ...historyNote,
      ],
      files: proof,
      continueExecution: first.path,
    };
  }
  const highest = Math.max(...completed.map((e) => Number(e.number)));
  const plannedNumbers = planned.map(Number);
  const missing = plannedNumbers.filter((n) => !work.some((e) => Number(e.number) === n));
  if (missing.length > 0) {
    const nextNo = Math.min(...missing.filter((n) => n > 0), highest + 1);
    return {
      ...common,
      state: 'create_next_execution',
      reason: [`${subplan.name} plans ${planned.length} executions; ${completed.length} ${completed.length === 1 ? 'is' : 'are'} complete and ${missing.length} not yet created.`, ...historyNote],
      files: proof,
      nextExecution: names.execution(plan.feature, subplan.code, nextNo),
    };
  }
  return {
    ...common,
    state: 'needs_synthesis',
    reason: [`All ${completed.length} EXECUTION_TASK${completed.length === 1 ? ' is' : 's are'} complete; the results must be synthesised in ${subplan.name} before review.`, ...historyNote],
    files: proof,
  };
}

/**
 * The note a review, fix or re-review prompt needs when the verdict names it asks for carry a number that does not
 * stand for this achievement alone: one shared by several PLAN ids (111: 1.11 and 11.1), or its SUBPLAN's free
 * number (01), which stands for none. Only the `**Achievement**` line then tells which achievement the file is for.
 */
function verdictLink(a: Achievement, code: string, evidence: PlanEvidence, files: string[]): string[] {
  const ids = evidence.codec.decode(code);
  if (ids.length === 1) return [];
  const own = encodeId(a.id);
  const others = (ids.length ? ids : evidence.codec.decode(own)).filter((id) => id !== a.id);
  const why = ids.length
    ? `the number ${code} also stands for Achievement${others.length > 1 ? 's' : ''} ${others.join(' and ')}`
    : `the number ${code} (that of its SUBPLAN) is no achievement's code${others.length ? `, and its own code ${own} is shared with Achievement${others.length > 1 ? 's' : ''} ${others.join(' and ')}` : ''}`;
  return [`Put the line **Achievement**: ${a.id} under the title of ${files.join(' / ')}: ${why}, so that header is what links it to Achievement ${a.id} (without it the file counts for none of them).`];
}

const VERDICT_NAMES = [names.approved, names.fix, names.fixResolution, names.skipped] as const;

/**
 * The number of the verdict files an achievement is asked for. Its own code when that stands for it alone (the
 * common case: nothing is looked up). Otherwise the first of `prefer` (its FIX's, its SUBPLAN's number), its own
 * shared code, then the smallest free number that is usable: a number standing for another achievement alone is
 * not (the name would link the file to it), and neither is one whose APPROVED/FIX/FIX_RESOLUTION/SKIPPED name a
 * file of another achievement (or of none that can be told) already holds: writing it would overwrite that file.
 * Such a verdict is linked by its `**Achievement**` header (`verdictLink` says so in the prompt).
 */
export function verdictCode(a: Achievement, ev: AchievementEvidence, evidence: PlanEvidence, prefer: readonly string[]): string {
  const own = ev.code;
  if (evidence.codec.decode(own).length === 1) return own;
  const usable = (c: string) => {
    const ids = evidence.codec.decode(c);
    if (ids.length === 1 || (ids.length > 1 && !ids.includes(a.id))) return false;
    return VERDICT_NAMES.every((n) => {
      const h = evidence.verdictsByName.get(n(c));
      return !h || h.id === a.id;
    });
  };
  for (const c of [...prefer, own]) if (usable(c)) return c;
  return firstFreeNumber(evidence, usable);
}

/** "APPROVED_NN.md" where the name alone would be the achievement's; else words that are true of a shared code. */
function noApproval(a: Achievement, ev: AchievementEvidence, evidence: PlanEvidence): string {
  return evidence.codec.decode(ev.code).length === 1 ? `APPROVED_${ev.code}.md` : `APPROVED file of Achievement ${a.id}`;
}

/**
 * For an achievement whose code is shared: the verdict files under that code that are not its own, said so (the
 * review prompt must not claim they are absent, nor propose them).
 */
function heldByOthers(a: Achievement, own: string, vc: string, evidence: PlanEvidence): string[] {
  const ids = evidence.codec.decode(own);
  if (ids.length < 2) return [];
  // By holder (an achievement, or '' for files that count for none), in the order of VERDICT_NAMES.
  const byHolder = new Map<string, string[]>();
  for (const n of VERDICT_NAMES) {
    const h = evidence.verdictsByName.get(n(own));
    if (!h || h.id === a.id) continue;
    const list = byHolder.get(h.id ?? '');
    if (list) list.push(h.doc.name);
    else byHolder.set(h.id ?? '', [h.doc.name]);
  }
  const out: string[] = [];
  byHolder.forEach((files, holder) => {
    const what = `${files.length > 1 ? `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}` : files[0]} ${files.length > 1 ? 'exist' : 'exists'}`;
    out.push(
      holder
        ? `${what} but belong${files.length > 1 ? '' : 's'} to Achievement ${holder}, as ${files.length > 1 ? 'their heads say' : 'its head says'}${vc !== own ? `: the verdict of Achievement ${a.id} is named with ${vc} instead` : ''}.`
        : `${what} but count${files.length > 1 ? '' : 's'} for no achievement (no head names one of ${ids.join(', ')}), so ${files.length > 1 ? 'they are' : 'it is'} not proposed for Achievement ${a.id}.`,
    );
  });
  return out;
}

/** The smallest sequential number (`01`, `02` …, as document numbers are written) that no SUBPLAN or EXECUTION_TASK carries and `ok` accepts. */
function firstFreeNumber(evidence: PlanEvidence, ok: (code: string) => boolean): string {
  for (let n = 1; ; n++) {
    const c = String(n).padStart(2, '0');
    if (!evidence.docsByCode.has(c) && ok(c)) return c;
  }
}

/**
 * The number for the documents of an achievement that has no SUBPLAN yet: its own code when no SUBPLAN or
 * EXECUTION_TASK of another achievement (or of none that can be told) carries it; otherwise the smallest free
 * sequential number that is no achievement's code either, whose header then carries the link (corpus.md A2, A9.5).
 * `taken` says, in words, who holds the achievement's own name. Reads nothing: the evidence scan listed every name.
 */
export function newDocCode(a: Achievement, ev: AchievementEvidence, evidence: PlanEvidence): { code: string; taken?: string; naming: string[] } {
  const own = ev.code;
  const holders = (evidence.docsByCode.get(own) ?? []).filter((h) => h.id !== a.id);
  if (holders.length === 0) return { code: own, naming: [] };
  const h = holders.find((x) => x.doc.kind === 'subplan') ?? (holders[0] as { doc: DocRef; id?: string });
  const owner = h.id
    ? `Achievement ${h.id}${h.doc.linkedBy === 'header' ? ', as its **Achievement** header says' : ''}`
    : evidence.codec.decode(own).length > 1
      ? `no achievement that can be told: its number ${own} stands for ${evidence.codec.decode(own).join(' and ')} and it has no **Achievement** header`
      : 'no achievement of this PLAN';
  const taken = `${h.doc.name} exists but belongs to ${owner}.`;
  const code = firstFreeNumber(evidence, (c) => evidence.codec.decode(c).length === 0);
  const naming = [
    `${h.doc.name} is taken: it belongs to ${owner}. So the SUBPLAN of Achievement ${a.id} gets the next free number, ${code}; its **Achievement**: ${a.id} header is what ties it (and its EXECUTION_TASKs) to the achievement.`,
  ];
  if (!h.id && evidence.codec.decode(own).includes(a.id)) {
    naming.push(`If ${h.doc.name} is in fact the SUBPLAN of Achievement ${a.id}, add **Achievement**: ${a.id} to its header instead of creating a new one.`);
  }
  return { code, taken, naming };
}

export interface NextChoice {
  /** undefined when every achievement is done. */
  achievement?: Achievement;
  reason: string[];
  warnings: Diagnostic[];
}

/** Chooses the next achievement (generation.md §2.2 with its bugs fixed). */
export function chooseNext(plan: PlanModel, evidence: PlanEvidence, trust: TrustMode): NextChoice {
  const done = (a: Achievement) => completionOf(evidence.byId.get(a.id), trust, evidence.usesFeedback).done;
  const open = plan.achievements.filter((a) => !done(a));
  const warnings: Diagnostic[] = [];
  if (plan.achievements.length > 0 && open.length === 0) {
    return { reason: [`All ${plan.achievements.length} achievements are done.`], warnings };
  }
  const p = plan.next;
  if (p) {
    const named = plan.achievements.find((a) => a.id === p.id);
    const where = `${p.from === 'handoff' ? 'the "Current Status & Handoff" section' : 'the PLAN text'} (line ${p.line})`;
    if (named && !done(named)) {
      return { achievement: named, reason: [`${where} names Achievement ${p.id} as next, and it is not done.`], warnings };
    }
    if (named) {
      warnings.push(
        diag('warning', 'W-NEXT-DONE', `The PLAN names Achievement ${p.id} as next, but it is already done`, {
          file: plan.file,
          line: p.line,
          hint: 'Update the "Next" line of the handoff section.',
        }),
      );
    } else {
      warnings.push(
        diag('warning', 'W-NEXT-UNKNOWN', `The PLAN names Achievement ${p.id} as next, but the PLAN defines no such achievement`, {
          file: plan.file,
          line: p.line,
          hint: `Defined achievements: ${plan.achievements.map((a) => a.id).slice(0, 10).join(', ')}${plan.achievements.length > 10 ? ', …' : ''}.`,
        }),
      );
    }
  }
  const first = open[0];
  if (!first) return { reason: ['The PLAN defines no achievements.'], warnings };
  // The fallback is said here, in the reason of --next: the warnings are shown with --achievement too.
  const stale = p ? ` (the PLAN's next, Achievement ${p.id} at line ${p.line}, is ${plan.achievements.some((a) => a.id === p.id) ? 'already done' : 'not defined'})` : '';
  return { achievement: first, reason: [`Achievement ${first.id} is the first achievement in PLAN order that is not done${stale}.`], warnings };
}

export type ConflictType = 'achievement_not_in_index' | 'orphaned_work' | 'orphaned_fix' | 'orphaned_execution' | 'plan_text_vs_filesystem';

export interface Conflict {
  type: ConflictType;
  /** Blocking conflicts stop `--next` (exit 3) unless --trust-plan or --trust-filesystem is given. */
  blocking: boolean;
  message: string;
  filesystem: string;
  plan: string;
  likelyCause: string;
  resolution: string;
  file?: string;
}

/** PLAN vs filesystem conflicts (generation.md §2.4, plus orphan EXECUTION and FIX files and text/filesystem disagreements). */
export function detectConflicts(plan: PlanModel, evidence: PlanEvidence, trust: TrustMode): Conflict[] {
  const out: Conflict[] = [];
  for (const o of evidence.orphans) {
    const n = o.doc.name;
    switch (o.doc.kind) {
      case 'approved':
        out.push({
          type: 'achievement_not_in_index',
          // An archived verdict is history (archives may be shared): reported, never blocking.
          blocking: o.doc.where !== 'archive',
          message: `Achievement ${o.guess} has APPROVED file but is not in Achievement Index`,
          filesystem: `✅ ${n}`,
          plan: '❌ Not in Achievement Index',
          likelyCause: 'Achievement was completed but not added to Index, or Index was updated but old APPROVED file remains',
          resolution: `Either add Achievement ${o.guess} to the Achievement Index section, or remove ${n} if it's obsolete`,
          file: o.doc.path,
        });
        break;
      case 'fix':
      case 'fix_resolution':
        out.push({
          type: 'orphaned_fix',
          blocking: o.doc.kind === 'fix' && o.doc.where !== 'archive',
          message: `Achievement ${o.guess} has a ${o.doc.kind === 'fix' ? 'FIX' : 'FIX resolution'} file but is not in Achievement Index`,
          filesystem: `⚠️ ${n}`,
          plan: '❌ Not in Achievement Index',
          likelyCause: 'The reviewer asked for fixes on an achievement that was later renumbered or removed',
          resolution: `Either add Achievement ${o.guess} to the Achievement Index section, or archive ${n} if it's obsolete`,
          file: o.doc.path,
        });
        break;
      case 'subplan':
        out.push({
          type: 'orphaned_work',
          blocking: !o.doc.archived && o.doc.where !== 'archive',
          message: `Achievement ${o.guess} has SUBPLAN but is not in Achievement Index`,
          filesystem: `📄 ${n}`,
          plan: '❌ Not in Achievement Index',
          likelyCause: 'SUBPLAN was created but achievement was removed from Index',
          resolution: `Either add Achievement ${o.guess} to the Achievement Index section, or archive ${n} if obsolete`,
          file: o.doc.path,
        });
        break;
      case 'execution':
        out.push({
          type: 'orphaned_execution',
          blocking: false,
          message: `${n} belongs to no achievement of this PLAN`,
          filesystem: `📄 ${n}`,
          plan: `❌ No achievement with code ${o.doc.code}`,
          likelyCause: 'The achievement was renumbered or removed, or the file carries the wrong number',
          resolution: `Rename ${n} to the right achievement number, add an **Achievement**: X.Y header, or archive it`,
          file: o.doc.path,
        });
        break;
      default:
        break;
    }
  }
  for (const a of plan.achievements) {
    const ev = evidence.byId.get(a.id);
    if (!ev?.textClaim || ev.approved || ev.skipped) continue;
    const c = completionOf(ev, trust, evidence.usesFeedback);
    if (c.kind === 'plan_text') continue;
    out.push({
      type: 'plan_text_vs_filesystem',
      blocking: false,
      message: `The PLAN text says Achievement ${a.id} is complete, but there is no ${noApproval(a, ev, evidence)}`,
      filesystem: `❌ No ${noApproval(a, ev, evidence)}`,
      plan: `✅ line ${ev.textClaim.line} (${ev.textClaim.where})`,
      likelyCause: 'The achievement was marked complete in the PLAN before (or without) a review',
      resolution: `Ask for a review of Achievement ${a.id}, or rerun with --trust-plan to accept the PLAN text`,
      file: plan.file,
    });
  }
  return out;
}

/** Achievements that are in progress at once (informational notes for `--next`). */
export function concurrentWork(states: AchievementState[]): string[] {
  const notes: string[] = [];
  const active = states.filter((s) => ['active_execution', 'create_next_execution', 'subplan_no_execution', 'needs_synthesis'].includes(s.state));
  if (active.length > 1) {
    notes.push(`Several achievements are in progress at once: ${active.map((s) => `${s.id} (${s.state})`).join(', ')}.`);
  }
  for (const s of states) {
    const open = s.executions.filter((e) => !e.complete && !e.placeholder && !e.archived);
    if (open.length > 1) notes.push(`Achievement ${s.id} has ${open.length} EXECUTION_TASKs open at once: ${open.map((e) => e.name).join(', ')}.`);
  }
  const fixes = states.filter((s) => s.state === 'needs_fix');
  if (fixes.length) notes.push(`Reviewer fixes are pending for: ${fixes.map((s) => s.id).join(', ')}.`);
  return notes;
}
