/**
 * Evidence and completion: which documents exist for each achievement, and the one completion rule.
 *
 * Rule (every script uses `completionOf`):
 * - `APPROVED_NN.md` → approved (beats FIX);
 * - `SKIPPED_NN.md` → skipped (done, not approved);
 * - completion written only in the PLAN text (✅ markers, COMPLETE in Index/Handoff/Tracking) counts when the
 *   trust mode allows it: `plan` always, `auto` only for plans that keep no feedback files at all (legacy plans
 *   that predate reviews), `filesystem` never. It is reported as "complete per plan text".
 */
import { basename, dirname, join } from 'node:path';
import { codecFor, encodeId, guessIdFromCode, ID_SOURCE, type IdCodec } from './ids.ts';
import { diag, type Diagnostic } from './diagnostics.ts';
import { docNameParts, isArchivedName, scanDocName, STRICT_PLAN, type DocKind } from './filenames.ts';
import type { Achievement, PlanModel, TextClaim } from './plan.ts';
import type { PlanLocation, Workspace } from './workspace.ts';
import { discoverPlans, FLAT_DIRS } from './workspace.ts';

/** Port through which the core reads documents (node adapter in `nodeSource`, fakes in tests). */
export interface DocSource {
  /** File names in a folder (missing folder → empty). */
  list(dir: string): string[];
  /** The first few KB of a file ('' when unreadable). */
  head(path: string): string;
  /** Whole text of a file (throws ToolError on bad input). */
  read(path: string): string;
  mtime(path: string): number;
}

export type Where = 'plan' | 'flat' | 'archive';

export interface DocRef {
  path: string;
  name: string;
  kind: DocKind;
  where: Where;
  code: string;
  exec?: string;
  suffix?: string;
  archived: boolean;
  /** How the document was tied to its achievement. */
  linkedBy: 'name' | 'header';
}

export interface AchievementEvidence {
  id: string;
  code: string;
  subplans: DocRef[];
  executions: DocRef[];
  approved?: DocRef;
  fix?: DocRef;
  fixResolution?: DocRef;
  skipped?: DocRef;
  textClaim?: TextClaim;
}

export interface Orphan {
  doc: DocRef;
  /** Best reading of the code, for messages only. */
  guess: string;
}

export interface PlanEvidence {
  byId: Map<string, AchievementEvidence>;
  orphans: Orphan[];
  /**
   * Documents whose number stands for several of the PLAN's ids (`111`: 1.11 and 11.1) and that no header ties to
   * one: they count for none, are no conflict (the id is in the index), and each is a W-ID-COLLISION warning.
   */
  ambiguous: Array<{ doc: DocRef; ids: readonly string[] }>;
  /** The plan keeps APPROVED/FIX/SKIPPED files (it uses reviews). */
  usesFeedback: boolean;
  codec: IdCodec;
  warnings: Diagnostic[];
  /**
   * SUBPLAN and EXECUTION_TASK documents by the number in their name, with the achievement each was tied to
   * (none for orphans): a name proposed for a new document must not be one of these (legacy sequential numbering).
   */
  readonly docsByCode: Map<string, Array<{ doc: DocRef; id?: string }>>;
  /**
   * APPROVED/FIX/FIX_RESOLUTION/SKIPPED files whose number stands for several PLAN ids or for none, by name, with
   * the achievement each was tied to (none when it counts for none): a verdict name proposed for one achievement
   * must not be a file another one (or no one) holds. (A number standing for one id alone is never proposed to
   * another achievement, so those files are not indexed.)
   */
  readonly verdictsByName: Map<string, { doc: DocRef; id?: string }>;
}

export type TrustMode = 'auto' | 'plan' | 'filesystem';

export type CompletionKind = 'approved' | 'skipped' | 'plan_text' | 'open';

export interface Completion {
  readonly kind: CompletionKind;
  readonly done: boolean;
}

// One frozen object per outcome, shared: the rule runs for every achievement of a plan (10,000 in a large one).
const OPEN: Completion = Object.freeze({ kind: 'open', done: false });
const APPROVED: Completion = Object.freeze({ kind: 'approved', done: true });
const SKIPPED: Completion = Object.freeze({ kind: 'skipped', done: true });
const PLAN_TEXT: Completion = Object.freeze({ kind: 'plan_text', done: true });

/** The one completion rule. */
export function completionOf(ev: AchievementEvidence | undefined, trust: TrustMode, usesFeedback: boolean): Completion {
  if (!ev) return OPEN;
  if (ev.approved) return APPROVED;
  if (ev.skipped) return SKIPPED;
  if (ev.textClaim && (trust === 'plan' || (trust === 'auto' && !usesFeedback))) return PLAN_TEXT;
  return OPEN;
}

/** Where an archive keeps a plan's documents, relative to the archive location (the completion message says so too). */
export const ARCHIVE_SUBDIRS = { subplans: 'subplans', execution: 'execution', feedbacks: 'execution/feedbacks' } as const;

/**
 * The archiving step of the completion message: the same folders `evidenceDirs` searches. Worded by document kind,
 * not by folder, so that it also fits a flat plan (whose folders are shared with other plans).
 */
export function archiveInstruction(archive: string): string {
  const a = archive.endsWith('/') ? archive : `${archive}/`;
  return `move its SUBPLANs to ${a}${ARCHIVE_SUBDIRS.subplans}/, its EXECUTION_TASKs to ${a}${ARCHIVE_SUBDIRS.execution}/ and its APPROVED/FIX/SKIPPED files to ${a}${ARCHIVE_SUBDIRS.feedbacks}/`;
}

/**
 * The folders searched for a plan's documents, in priority order (nested beats flat beats archive). The archive
 * (the PLAN's Archive Location, or the default one the completion message names) is searched like a plan folder,
 * feedback included: archiving a finished plan as told must not make it read as unstarted.
 */
export function evidenceDirs(ws: Workspace, loc: PlanLocation, plan: PlanModel, besideFeedback = true): Array<{ dir: string; where: Where; feedback: boolean }> {
  const dirs: Array<{ dir: string; where: Where; feedback: boolean }> = [];
  // A flat plan's folders beside its PLAN file are read too (before the workspace's flat folders). They may be
  // shared with other loose PLANs of the folder: SUBPLAN/EXECUTION names carry the feature, but APPROVED/FIX/SKIPPED
  // names do not, so those count only where the PLAN is the folder's one plan (`besideFeedback`).
  const fb = loc.layout === 'nested' || besideFeedback;
  dirs.push({ dir: join(loc.dir, 'subplans'), where: 'plan', feedback: false });
  dirs.push({ dir: join(loc.dir, 'execution'), where: 'plan', feedback: fb });
  dirs.push({ dir: join(loc.dir, 'execution', 'feedbacks'), where: 'plan', feedback: fb });
  // The workspace's shared folders are read for every plan (generation.md §7.4: a nested plan's own copy wins, a
  // document found only there counts); its shared archive/ holds archived copies.
  for (const f of FLAT_DIRS) dirs.push({ dir: join(ws.dir, f), where: f === 'archive' ? 'archive' : 'flat', feedback: loc.layout === 'flat' && f.startsWith('execution') });
  const base = join(ws.root, plan.archive.path);
  dirs.push({ dir: join(base, ARCHIVE_SUBDIRS.subplans), where: 'archive', feedback: false });
  dirs.push({ dir: join(base, ARCHIVE_SUBDIRS.execution), where: 'archive', feedback: true });
  dirs.push({ dir: join(base, ARCHIVE_SUBDIRS.feedbacks), where: 'archive', feedback: true });
  return dirs;
}

// The id must end where the number ends: `11.1` is not read out of `11.12` (nor `1.2.3` out of `1.2.3.4`).
const ID_END = String.raw`(?!\.?\d)`;
const HEADER_ACH = new RegExp(`^\\s*(?:[-*]\\s+)?\\*\\*Achievement(?: Addressed)?\\*\\*\\s*:\\s*(?:\\*\\*)?\\s*(?:Achievement\\s+)?(${ID_SOURCE})${ID_END}`, 'im');
const HEADING = /^ {0,3}#{1,6}[ \t]+(.*)$/;
const HEADING_ACH = new RegExp(`\\bAchievement\\s+(${ID_SOURCE})${ID_END}`, 'i');
const FENCE = /^ {0,3}(?:```|~~~)/;

/**
 * The achievement a document's head names: its `**Achievement**: X.Y` header (the link of a SUBPLAN or
 * EXECUTION_TASK in legacy sequential numbering). With `heading`, for verdict files (whose template starts
 * `# APPROVED: Achievement X.Y`), else the first heading outside code fences when it names `Achievement X.Y`;
 * the header line wins over the heading. Not the heading of a SUBPLAN: its title may name other achievements.
 */
export function headerAchievement(head: string, heading = false): string | undefined {
  const fromHeader = HEADER_ACH.exec(head)?.[1];
  if (fromHeader || !heading) return fromHeader;
  let fenced = false;
  for (const line of head.split(/\r?\n/)) {
    if (FENCE.test(line)) fenced = !fenced;
    else if (!fenced) {
      const h = HEADING.exec(line);
      if (h) return HEADING_ACH.exec(h[1] as string)?.[1];
    }
  }
  return undefined;
}

const VERDICT_NAME: Partial<Record<DocKind, (code: string) => string>> = {
  approved: (c) => `APPROVED_${c}.md`,
  fix: (c) => `FIX_${c}.md`,
  fix_resolution: (c) => `FIX_${c}_RESOLUTION.md`,
  skipped: (c) => `SKIPPED_${c}.md`,
};

/**
 * Live verdict files tied to an achievement by their number whose head names another achievement of the plan
 * (`APPROVED_12.md` headed `# APPROVED: Achievement 2.1`): the name is the record, so the file still counts for
 * its number's achievement, but the reviewer has most likely misnamed it. Reads the heads of the plan's verdicts
 * (a few per achievement), which the evidence scan itself leaves unread: asked for by the prompt and report
 * commands, not by the parallel status of thousands of achievements.
 */
export function verdictHeadMismatches(evidence: PlanEvidence, src: DocSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  evidence.byId.forEach((ev) => {
    for (const ref of [ev.approved, ev.fix, ev.fixResolution, ev.skipped]) {
      if (!ref || ref.archived || ref.linkedBy !== 'name') continue;
      const named = headerAchievement(src.head(ref.path), true);
      if (!named || named === ev.id || !evidence.byId.has(named)) continue;
      const rename = VERDICT_NAME[ref.kind]?.(encodeId(named)) ?? ref.name;
      out.push(
        diag('warning', 'W-VERDICT-HEADING', `${ref.name} counts for Achievement ${ev.id} (its number ${ref.code}), but its head names Achievement ${named}`, {
          file: ref.path,
          hint: `If it is the verdict on ${named}, rename it ${rename}; if it is on ${ev.id}, correct the achievement its head names.`,
        }),
      );
    }
  });
  return out;
}

/** APPROVED, FIX, FIX_RESOLUTION and SKIPPED files: their names carry no feature, and no header by default. */
function isVerdict(kind: DocKind): boolean {
  return kind === 'approved' || kind === 'fix' || kind === 'fix_resolution' || kind === 'skipped';
}

/** One bit per kind of document, for the sets of kinds a folder holds. */
const KIND_BIT: Readonly<Record<DocKind, number>> = { plan: 1, subplan: 2, execution: 4, approved: 8, fix: 16, fix_resolution: 32, skipped: 64 };
/** The bits of the verdict kinds (isVerdict as a mask, for the scan's per-name test). */
const VERDICT_BITS = KIND_BIT.approved | KIND_BIT.fix | KIND_BIT.fix_resolution | KIND_BIT.skipped;

function* namesOf(...lists: DocRef[][]): Generator<string> {
  for (const list of lists) for (const d of list) yield d.name;
}

/** No ids (frozen and shared). */
const NO_IDS: readonly string[] = Object.freeze([]);

/** The document list of an achievement without such documents (frozen and shared: a first document replaces it). */
const NO_DOCS = Object.freeze([]) as unknown as DocRef[];

/** Gathers and links every document of one plan. Reads directory listings and document headers only. */
export function gatherEvidence(ws: Workspace, loc: PlanLocation, plan: PlanModel, src: DocSource): PlanEvidence {
  const ids = plan.achievements.map((a) => a.id);
  const codec = codecFor(ids);
  const warnings: Diagnostic[] = [];
  for (const c of codec.collisions) {
    warnings.push(
      diag('warning', 'W-ID-COLLISION', `Achievements ${c.ids.join(' and ')} share the file code ${c.code}; their files cannot be told apart by name`, {
        file: plan.file,
        hint: 'Add an **Achievement**: X.Y header to each of their SUBPLAN, EXECUTION_TASK and APPROVED/FIX/SKIPPED files, or renumber one achievement.',
      }),
    );
  }
  const byId = new Map<string, AchievementEvidence>();
  // Indexed loops: this runs over every achievement and document of the plan, mostly as cold code.
  const claims = plan.textComplete;
  for (let k = 0; k < plan.achievements.length; k++) {
    const a = plan.achievements[k] as Achievement;
    // The codec made the code of every id already (codes[k] is ids[k]'s).
    const ev: AchievementEvidence = { id: a.id, code: codec.codes[k] as string, subplans: NO_DOCS, executions: NO_DOCS };
    // Most plans claim nothing in their text (the lookup is skipped then).
    const claim = claims.size ? claims.get(a.id) : undefined;
    if (claim) ev.textClaim = claim;
    byId.set(a.id, ev);
  }
  const orphans: Orphan[] = [];
  const ambiguous: PlanEvidence['ambiguous'] = [];
  let usesFeedback = false;
  // The achievement of the first SUBPLAN of each number that was tied to one.
  const subplanByCode = new Map<string, AchievementEvidence>();
  const verdicts: Array<{ doc: DocRef; id?: string }> = [];

  // SUBPLANs first, so that EXECUTION_TASKs can follow their SUBPLAN's header link; then the rest, in folder order.
  const subplans: DocRef[] = [];
  const executions: DocRef[] = [];
  const others: DocRef[] = [];
  const p = docNameParts();
  const feature = plan.feature;
  // The first copy of a name found wins (nested, then flat, then archive). A name can only repeat one of a kind an
  // earlier folder held (the kind is in the name): the names seen are kept only from the first such possible repeat,
  // not for every document (plan folders keep each kind in its own folder).
  let seen: Set<string> | undefined;
  let earlierKinds = 0;
  let kinds = 0;
  for (const { dir, where, feedback } of evidenceDirs(ws, loc, plan, loc.layout === 'nested' || soleFlatPlan(loc, src))) {
    const names = src.list(dir);
    if (names.length === 0) continue;
    earlierKinds |= kinds;
    // Folder paths come normalised from evidenceDirs; names hold no separator.
    const prefix = `${dir}/`;
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as string;
      // Every document grammar ends in `.md`: scanDocName refuses other names itself.
      if (!scanDocName(name, feature, p) || p.kind === 'plan') continue;
      const kind = p.kind;
      const bit = KIND_BIT[kind];
      if (!feedback && bit & VERDICT_BITS) continue;
      if (seen || earlierKinds & bit) {
        seen ??= new Set(namesOf(subplans, executions, others));
        if (seen.has(name)) continue;
        seen.add(name);
      }
      kinds |= bit;
      const archived = where === 'archive' || (p.suffix !== undefined && isArchivedName(p));
      // An EXECUTION_TASK's number is in the literal (no property added afterwards: one object layout per kind).
      const ref: DocRef =
        p.exec === undefined
          ? { path: prefix + name, name, kind, where, code: p.code, archived, linkedBy: 'name' }
          : { path: prefix + name, name, kind, where, code: p.code, archived, linkedBy: 'name', exec: p.exec };
      if (p.suffix !== undefined) ref.suffix = p.suffix;
      (kind === 'subplan' ? subplans : kind === 'execution' ? executions : others).push(ref);
    }
  }
  const docs = subplans.concat(executions, others);
  // The workspace's shared execution/ and execution/feedbacks/ are read by every loose PLAN, and a verdict's name
  // carries no feature: when several loose PLANs share them, a verdict there counts for a plan only if the plan has
  // its own SUBPLAN or EXECUTION_TASK for that achievement (a stray APPROVED_22.md is not every plan's 2.2).
  const sharedVerdictsNeedOwnWork = loc.layout === 'flat' && !soleLoosePlan(ws);

  // Achievements that were given a second SUBPLAN or EXECUTION_TASK (each listed once, when its first list reaches
  // two): only their lists need sorting.
  const multi: AchievementEvidence[] = [];
  for (let k = 0; k < docs.length; k++) {
    const ref = docs[k] as DocRef;
    // Read once (each read of a property is an inline-cache call in baseline code).
    const { code, path, kind } = ref;
    let id: string | undefined;
    // The achievement tied so far (byId's entry for `id`), so that it is looked up once.
    let ev: AchievementEvidence | undefined;
    // An EXECUTION_TASK follows the SUBPLAN of the same number (its header is read only when there is none):
    // that halves the header reads of a large workspace.
    if (kind === 'execution') {
      ev = subplanByCode.get(code);
      if (ev) id = ev.id;
    }
    if (!id && (kind === 'subplan' || kind === 'execution')) {
      const fromHeader = headerAchievement(src.head(path));
      ev = fromHeader ? byId.get(fromHeader) : undefined;
      if (ev) id = ev.id;
    }
    // A number stands for an id exactly when it is the id's own code (the codec maps each id's code, and only it,
    // to the id, alone or among the ids sharing it): tied by a link to another achievement, the document is
    // `linkedBy: 'header'`. This spares the codec's lookups for the documents tied by a link (most of them).
    if (ev && ev.code !== code) ref.linkedBy = 'header';
    // The PLAN ids the number stands for, asked for only when no link tied the document: nearly always one
    // (`sole`); the list only when it stands for none or several.
    const sole = id ? undefined : codec.sole(code);
    const ids = id || sole !== undefined ? NO_IDS : codec.decode(code);
    if (!id) {
      if (sole !== undefined) {
        id = sole;
        ev = byId.get(sole);
      }
      // A verdict whose number stands for several ids (111: 1.11 and 11.1), or for none (APPROVED_01.md of 1.11,
      // whose SUBPLAN took the free number 01), is tied by its head, which is read in those rare cases only (a
      // workspace holds thousands of verdicts): the `**Achievement**` line or the `# APPROVED: Achievement X.Y`
      // heading, naming one of those ids (for none: any PLAN id).
      else if (isVerdict(kind)) {
        const fromHead = headerAchievement(src.head(path), true);
        if (fromHead && (ids.length ? ids.includes(fromHead) : byId.has(fromHead))) {
          id = fromHead;
          ev = byId.get(fromHead);
          if (!ids.length) ref.linkedBy = 'header';
        }
        // Only such names can be proposed to another achievement (verdictCode never proposes a number standing
        // for one achievement alone), so only they are indexed: nothing is allocated for the common verdict.
        verdicts.push(id ? { doc: ref, id } : { doc: ref });
      }
    }
    if (sharedVerdictsNeedOwnWork && ref.where === 'flat' && isVerdict(kind)) {
      if (!ev || (ev.subplans.length === 0 && ev.executions.length === 0)) continue;
    }
    if (kind === 'subplan' && ev && !subplanByCode.has(code)) subplanByCode.set(code, ev);
    if (kind !== 'subplan' && kind !== 'execution') usesFeedback = true;
    if (!ev) {
      if (!id && ids.length > 1) {
        ambiguous.push({ doc: ref, ids });
        warnings.push(
          diag('warning', 'W-ID-COLLISION', `${ref.name}: its number ${code} stands for Achievements ${ids.join(' and ')}, so it counts for none of them`, {
            file: path,
            hint: `Add an **Achievement**: X.Y header (one of ${ids.join(', ')}) to ${ref.name}, or renumber one of them in the PLAN so that each has its own file code.`,
          }),
        );
      } else orphans.push({ doc: ref, guess: guessIdFromCode(code) });
      continue;
    }
    switch (kind) {
      // Most achievements have one of each: a list of exactly one, not a growable array per achievement.
      case 'subplan':
        if (ev.subplans.length === 0) ev.subplans = [ref];
        else if (ev.subplans.push(ref) === 2 && ev.executions.length < 2) multi.push(ev);
        break;
      case 'execution':
        if (ev.executions.length === 0) ev.executions = [ref];
        else if (ev.executions.push(ref) === 2 && ev.subplans.length < 2) multi.push(ev);
        break;
      case 'approved':
        ev.approved ??= ref;
        break;
      case 'fix':
        ev.fix ??= ref;
        break;
      case 'fix_resolution':
        ev.fixResolution ??= ref;
        break;
      case 'skipped':
        ev.skipped ??= ref;
        break;
    }
  }
  for (const ev of multi) {
    if (ev.subplans.length > 1) ev.subplans.sort(byLiveThenName);
    if (ev.executions.length > 1) ev.executions.sort(byLiveThenName);
  }
  // Built on first use (only prompts that propose a new name ask): the scan itself stays one pass over the names.
  let docsByCode: PlanEvidence['docsByCode'] | undefined;
  let verdictsByName: PlanEvidence['verdictsByName'] | undefined;
  return {
    byId,
    orphans,
    ambiguous,
    usesFeedback,
    codec,
    warnings,
    get docsByCode() {
      return (docsByCode ??= indexByCode(byId, orphans, ambiguous));
    },
    get verdictsByName() {
      return (verdictsByName ??= new Map(verdicts.map((v) => [v.doc.name, v])));
    },
  };
}

/** Loose PLANs of a workspace, counted once per workspace object (a run may ask for each of its plans). */
const loosePlans = new WeakMap<Workspace, number>();
function soleLoosePlan(ws: Workspace): boolean {
  let n = loosePlans.get(ws);
  if (n === undefined) {
    n = discoverPlans(ws).plans.filter((p) => p.layout === 'flat').length;
    loosePlans.set(ws, n);
  }
  return n <= 1;
}

/** The flat PLAN is the only PLAN file of its folder (one listing, cached by the source). */
function soleFlatPlan(loc: PlanLocation, src: DocSource): boolean {
  let plans = 0;
  for (const n of src.list(loc.dir)) if (STRICT_PLAN.test(n) && ++plans > 1) return false;
  return true;
}

/** Folders where new documents of a plan are written (absolute); see `newDocDirs`. */
export interface DocDirs {
  subplans: string;
  execution: string;
  feedbacks: string;
}

/**
 * Where the prompts tell the LLM to create a plan's new documents. Nested: the plan folder. Flat: beside the
 * feature's existing live documents (the folder above the `subplans/` or `execution/` of its first live document in
 * PLAN order: beside the PLAN, or the workspace's flat folders), else the workspace's flat folders
 * (generation.md §1.3). Every folder named here is one `evidenceDirs` searches; a flat PLAN's feedback goes beside
 * it only where that is read (it is the folder's one PLAN).
 */
export function newDocDirs(ws: Workspace, loc: PlanLocation, evidence: PlanEvidence, src: DocSource): DocDirs {
  const at = (base: string): DocDirs => ({ subplans: join(base, 'subplans'), execution: join(base, 'execution'), feedbacks: join(base, 'execution', 'feedbacks') });
  if (loc.layout === 'nested') return at(loc.dir);
  let base = ws.dir;
  for (const list of evidence.docsByCode.values()) {
    const live = list.find((h) => h.doc.where !== 'archive' && !h.doc.archived);
    if (!live) continue;
    const folder = dirname(live.doc.path);
    if (basename(folder) === (live.doc.kind === 'subplan' ? 'subplans' : 'execution')) base = dirname(folder);
    break;
  }
  const dirs = at(base);
  if (base === loc.dir && !soleFlatPlan(loc, src)) dirs.feedbacks = join(ws.dir, 'execution', 'feedbacks');
  return dirs;
}

/** SUBPLANs and EXECUTION_TASKs by the number in their names, in scan order within each achievement. */
function indexByCode(byId: Map<string, AchievementEvidence>, orphans: Orphan[], ambiguous: PlanEvidence['ambiguous']): PlanEvidence['docsByCode'] {
  const out: PlanEvidence['docsByCode'] = new Map();
  const add = (doc: DocRef, id?: string) => {
    if (doc.kind !== 'subplan' && doc.kind !== 'execution') return;
    const entry = id ? { doc, id } : { doc };
    const list = out.get(doc.code);
    if (list) list.push(entry);
    else out.set(doc.code, [entry]);
  };
  byId.forEach((ev) => {
    for (const d of ev.subplans) add(d, ev.id);
    for (const d of ev.executions) add(d, ev.id);
  });
  for (const o of orphans) add(o.doc);
  for (const o of ambiguous) add(o.doc);
  return out;
}

function byLiveThenName(a: DocRef, b: DocRef): number {
  if (a.archived !== b.archived) return a.archived ? 1 : -1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
