/**
 * The PLAN model: achievements, groups, efforts, handoff, the "Next" pointer, status and archive location.
 * Pure: text in, typed model out. Parse warnings are data (diagnostics), never console output.
 */
import { compareIds, ID_SOURCE, isAchievementId } from './ids.ts';
import { diag, type Diagnostic } from './diagnostics.ts';
import { findSections, linesText, linesWith, plainText, readMetadata, scanMarkdown, stripEmoji, type Heading, type ScannedDoc, type Section } from './markdown.ts';

export interface Effort {
  /** As written, e.g. `2-3 hours`. */
  text: string;
  minHours: number;
  maxHours: number;
}

export interface PriorityGroup {
  /** `1`, `3.5`; empty when the heading carries no number. */
  number: string;
  name: string;
  /** 1-based line of the group heading. */
  line: number;
}

export type AchievementSource = 'definition' | 'index' | 'heading';

export interface Achievement {
  id: string;
  title: string;
  /** 1-based line of the definition. */
  line: number;
  /** 0-based [start, end) of the definition block (definition line included). */
  start: number;
  end: number;
  source: AchievementSource;
  priority?: PriorityGroup;
  effort?: Effort;
  /** Body fields by lower-case key (`effort`, `goal`, `deliverables`, …), first occurrence. */
  fields: Record<string, string>;
  /** Position in the Achievement Index, when the plan has one. */
  indexPosition?: number;
}

export type PlanStatus = 'planning' | 'active' | 'paused' | 'complete' | 'unknown';

export interface TextClaim {
  id: string;
  /** 1-based line. */
  line: number;
  /** Which part of the PLAN says so: definition, index, handoff, tracking, plan status. */
  where: string;
  text: string;
}

export interface NextPointer {
  id: string;
  line: number;
  from: 'handoff' | 'document';
  pattern: string;
}

export interface PlanModel {
  file: string;
  feature: string;
  title: string;
  metadata: Record<string, string>;
  status: { raw: string; normalized: PlanStatus };
  achievements: Achievement[];
  /** Ids listed in the Achievement Index, in order (empty when the plan has none). */
  indexIds: string[];
  handoff?: { line: number; start: number; end: number };
  next?: NextPointer;
  archive: { path: string; line?: number; isDefault: boolean };
  /** Completion recorded only in the PLAN text (secondary evidence), by id. */
  textComplete: Map<string, TextClaim>;
  totalLines: number;
  warnings: Diagnostic[];
  doc: ScannedDoc;
}

const LEAD = String.raw`^\s*(?:[\p{Extended_Pictographic}\uFE0F]\s*)*`;
/** After an id: not the start of a range or conjunction (`2.1-2.3`, `1.1 - 1.3`, `2.2/2.3`, `1.1, 1.3`, `0.1 + 0.3`). */
const NOT_RANGE = String.raw`(?![\d.]*\s*(?:[-–—/+,&]|\band\b)\s*\d+\.\d)`;
/**
 * A bold definition, in one of two forms told apart by what follows the id: `**Achievement 1.2**: Title` (group 2:
 * all after the closing `**`) or `**Achievement 1.2: Title**` (group 3: the title, 4: the rest). At most one form
 * fits a line (the first is `**` right after the id, the second a blank or separator), so one pattern does both.
 */
const BOLD_DEF = new RegExp(
  `${LEAD}\\*\\*Achievement\\s+(${ID_SOURCE})(?:\\*\\*(.*)|${NOT_RANGE}\\s*[:\\-–—]\\s*(.+?)\\*\\*(.*))$`,
  'u',
);
const H_DEF = new RegExp(`^#{2,6}\\s+(?:[\\p{Extended_Pictographic}\\uFE0F]\\s*)*Achievement\\s+(${ID_SOURCE})\\b${NOT_RANGE}\\s*[:\\-–—]?\\s*(.*)$`, 'u');
const INDEX_ENTRY = new RegExp(
  `^\\s*(?:[-*+]\\s+|\\d+\\.\\s+)?(?:\\[[ xX]\\]\\s*)?((?:[\\p{Extended_Pictographic}\\uFE0F]\\s*)*)(?:\\*\\*)?Achievement\\s+(${ID_SOURCE})${NOT_RANGE}(?:\\*\\*)?\\s*[:\\-–—]\\s*(.*)$`,
  'u',
);
const PRIORITY = /^\s*(?:\*\*)?\s*Priority\s+(\d+(?:\.\d+)?)\s*[:\-–—]?\s*(.*?)\s*(?:\*\*)?\s*$/i;
const FIELD = /^\s*(?:[-*+]\s+)?(?:\*\*([A-Z][\w ()/&'-]{0,40}?)\*\*\s*:|([A-Z][\w ()/&'-]{0,40}?):(?!\/))\s*(.*)$/;
const MENTION = new RegExp(`Achievement\\s+(${ID_SOURCE})${NOT_RANGE}`, 'gi');

/** Next-pointer patterns, in priority order (generation.md §1.6, plus the forms the reference missed). */
const NEXT_PATTERNS: Array<[string, RegExp]> = [
  ['hourglass-next', new RegExp(`⏳\\s*(?:\\*\\*)?\\s*next\\b[\\s:*]+(?:\\*\\*)?achievement\\s+(${ID_SOURCE})`, 'i')],
  ['next-achievement-label', new RegExp(`\\*\\*\\s*next\\s+achievement\\s*\\*\\*\\s*:?\\s*(?:\\*\\*)?(?:achievement\\s+)?(${ID_SOURCE})`, 'i')],
  ['next-label', new RegExp(`\\b(?:next|what[’']s\\s+next)\\b(?:\\*\\*)?[\\s:]+(?:\\*\\*)?achievement\\s+(${ID_SOURCE})`, 'i')],
  ['arrow-next', new RegExp(`achievement\\s+(${ID_SOURCE})[^\\n]*?←\\s*(?:\\*\\*)?\\s*next\\b`, 'i')],
  ['hourglass-achievement', new RegExp(`⏳\\s*(?:\\*\\*)?achievement\\s+(${ID_SOURCE})`, 'i')],
  ['next-bold-label', new RegExp(`\\b(?:next|what[’']s\\s+next)\\*\\*[\\s:]+.*?achievement\\s+(${ID_SOURCE})`, 'i')],
];

// Patterns of the per-line and per-achievement work, compiled once (a literal inside a loop is a new object each time).
const PLUS_ONLY = /^\s*\+\s*$/;
const T_ARROW = /←.*$/u;
const T_TIMER = /⏱\uFE0F?.*$/u;
const T_TAG = /\[(?:REVISED|UPDATED|ADDED|NEW)[^\]]*\]/gi;
const T_NOTE = /\((?:Added|NEW|Revised|Updated)\b[^)]*\)/gi;
const T_EFFORT = /\(\s*~?\d+(?:\.\d+)?\s*(?:[-–]\s*\d+(?:\.\d+)?)?\s*(?:hours?|hrs?|h|minutes?|mins?|m|days?)\s*\)/gi;
const T_STATUS = /\s[-–—]\s*Status:.*$/i;
const T_MARK = /\*\*(?:COMPLETE|DONE|CRITICAL|HIGH)\*\*/g;
const BOLD = /\*\*/g;
const SPACES = /\s+/g;
const T_EDGES = /^[\s:–—-]+|[\s:–—-]+$/g;
const ACH_SECTION = /\bachievements\b/;
const NOT_ACH_SECTION = /\b(index|addition|completed)\b/;
const LEAD_PAREN = /^\([^)]*\)\s*/;
const LEAD_SEP = /^[:\-–—]\s*/;
const HASHES = /^#+/;
const ACH_HEADING = /^Achievement\s+\d/i;
const CHIEVEMENT = /chievement/i;
// Markers searched for in the whole text (linesWith), hence global.
const CHIEVEMENT_G = /chievement/gi;
/**
 * Markers of a next pointer (every pattern says "next" or ⏳): searched one by one, since one search for
 * /next|⏳/gi cost three times as much as the two (the ⏳ alternative defeats the search's skip-ahead).
 */
const NEXT_MARKERS: ReadonlyArray<string | RegExp> = [/next/gi, '⏳'];
const STATUS_WORD_G = /status/gi;
/**
 * Lines that may hold the Archive Location label (which contains the word): a search for /location/gi costs a
 * fifth of one for /archive location/gi on a large PLAN, and ARCHIVE_LABEL rejects the other lines.
 */
const LOCATION_WORD_G = /location/gi;
const TAIL_TIMER = /⏱\uFE0F?\s*(.*)$/u;
const TITLE_EFFORT = /\(([^)]*\d\s*(?:h|hours?|hrs?|m|min|minutes?|days?)\s*)\)/i;
/** A definition line that marks its achievement done: ✅, **COMPLETE** or **DONE** (one search, not three). */
const DEF_DONE = /✅|\*\*(?:COMPLETE|DONE)\*\*/;
/**
 * Literals one of which every DEF_DONE match contains. Each is searched for in the whole text by indexOf (a ✅ in a
 * text without any non-Latin-1 character is ruled out at once); a search with DEF_DONE itself stopped at every
 * `**` of every bold definition and cost more than testing each definition line.
 */
const DEF_DONE_LITERALS = ['✅', 'COMPLETE', 'DONE'];

/** Lines that contain any of `markers` (as linesWith finds each), ascending, each once. */
function linesWithAny(doc: ScannedDoc, markers: ReadonlyArray<string | RegExp>): number[] {
  const found = new Set<number>();
  for (const marker of markers) for (const i of linesWith(doc, marker)) found.add(i);
  return [...found].sort((a, b) => a - b);
}

/** Lines that DEF_DONE matches, ascending. */
function doneLinesOf(doc: ScannedDoc): number[] {
  return linesWithAny(doc, DEF_DONE_LITERALS).filter((i) => DEF_DONE.test(doc.line(i)));
}
/** A blank line or a thematic break (`---`, `***`, `___`). */
const RULE_OR_BLANK = /^\s*(?:-{3,}|\*{3,}|_{3,})?\s*$/;
const STATUS_DONE = /^(?:✅\s*)?(?:complete|completed|done)\b/i;

const EFFORT_AMOUNT = /(~)?\s*(\d+(?:\.\d+)?)\s*(?:[-–]|to)?\s*(\d+(?:\.\d+)?)?\s*(hours?|hrs?|h|minutes?|mins?|m|days?|d)\b/gi;

function unitHours(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('m')) return 1 / 60;
  if (u.startsWith('d')) return 8;
  return 1;
}

/** `2-3 hours`, `(4-6h)`, `~1.5h`, `45m + 30m`, `1 day` → hours. */
export function parseEffort(text: string): Effort | undefined {
  // The first amount, and the ones joined to it by `+` (`45m + 30m`).
  const re = EFFORT_AMOUNT;
  re.lastIndex = 0;
  const first = re.exec(text);
  if (!first) return undefined;
  const parts = [first];
  for (let prev = first; ; ) {
    const m = re.exec(text);
    if (!m || !PLUS_ONLY.test(text.slice(prev.index + prev[0].length, m.index))) break;
    parts.push(m);
    prev = m;
  }
  let min = 0;
  let max = 0;
  for (const m of parts) {
    const f = unitHours(m[4] as string);
    const a = Number(m[2]);
    const b = m[3] !== undefined ? Number(m[3]) : a;
    min += Math.min(a, b) * f;
    max += Math.max(a, b) * f;
  }
  const last = parts[parts.length - 1] as RegExpExecArray;
  const written = text.slice(first.index, last.index + last[0].length).trim();
  return { text: written, minHours: round(min), maxHours: round(max) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Normalises free-text PLAN status (`🚀 Ready to Execute`, `✅ **COMPLETE**`, `In Progress (Partially Superseded)`). */
export function normalizeStatus(raw: string): PlanStatus {
  const t = plainText(raw).toLowerCase();
  if (!t) return 'unknown';
  if (/\b(paused|on hold|deferred|suspended)\b/.test(t)) return 'paused';
  if (/\b(not started|planning|draft|proposed)\b/.test(t)) return 'planning';
  if (/\b(in progress|active|executing|ready|started|ongoing)\b/.test(t)) return 'active';
  if (/\b(complete|completed|done|finished)\b/.test(t)) return 'complete';
  return 'unknown';
}

/** Strips status markers, effort and annotations from a definition title. */
export function cleanTitle(raw: string): string {
  let t = raw;
  // Each rewrite runs only when its trigger is present (10,000-achievement plans call this 10,000 times).
  if (t.includes('←')) t = t.replace(T_ARROW, '');
  if (t.includes('⏱')) t = t.replace(T_TIMER, '');
  if (t.includes('[')) t = t.replace(T_TAG, '');
  if (t.includes('(')) {
    t = t.replace(T_NOTE, '');
    t = t.replace(T_EFFORT, '');
  }
  if (t.includes(':')) t = t.replace(T_STATUS, '');
  if (t.includes('**')) t = t.replace(T_MARK, '');
  t = stripEmoji(t);
  if (t.includes('**')) t = t.replace(BOLD, '');
  return t.replace(SPACES, ' ').replace(T_EDGES, '').trim();
}

function isAchievementsSection(key: string): boolean {
  return ACH_SECTION.test(key) && !NOT_ACH_SECTION.test(key);
}

interface DefLine {
  id: string;
  /** The title as written; when `cut`, with what may lead it after the closing bold (see defTitle). */
  title: string;
  /**
   * `title` is all after the bold of `**Achievement 1.2**: Title`: its leading `(Added …)` and separator are cut
   * on first use (defTitle), not for every definition of a large plan.
   */
  cut: boolean;
  tail: string;
  line: number;
  kind: 'B' | 'H';
  level?: number;
}

/** The title of a definition as written (before cleanTitle). */
function defTitle(d: DefLine): string {
  return d.cut ? d.title.replace(LEAD_PAREN, '').replace(LEAD_SEP, '') : d.title;
}

function matchDefinition(line: string, index: number, allowHeading: boolean): DefLine | null {
  // Bold definitions contain `**Achievement`; heading definitions start with #.
  const b = line.includes('**Achievement') ? BOLD_DEF.exec(line) : null;
  if (b && b[3] !== undefined) return { id: b[1] as string, title: b[3], cut: false, tail: b[4] ?? '', line: index, kind: 'B' };
  if (b) {
    const rest = (b[2] ?? '').trim();
    return { id: b[1] as string, title: rest, cut: true, tail: rest, line: index, kind: 'B' };
  }
  if (allowHeading && line.charCodeAt(0) === 35 /* # */) {
    const h = H_DEF.exec(line);
    if (h) return { id: h[1] as string, title: h[2] ?? '', cut: false, tail: '', line: index, kind: 'H', level: (HASHES.exec(line) as RegExpExecArray)[0].length };
  }
  return null;
}

/**
 * A bold definition whose number is no achievement id (`**Achievement 1.2.3.4**: …`, `**Achievement 3**: …`): the
 * number runs into the closing `**` or a separator. A range (`**Achievement 2.1-2.3**`) starts with a real id.
 */
const MALFORMED_DEF = new RegExp(`${LEAD}\\*\\*Achievement\\s+(\\d[\\d.]*?)(?:\\*\\*|\\s*[:\\-–—])`, 'u');

/** Lines that look like bold definitions but carry no valid id (0-based line, the number as written). */
type MalformedDef = { line: number; number: string };

function collectDefinitions(doc: ScannedDoc, ranges: Array<[number, number]>, allowHeading: boolean, malformed?: MalformedDef[]): DefLine[] {
  const out: DefLine[] = [];
  for (const [s, e] of ranges) {
    // Every definition contains `chievement`: only those lines are cut and matched.
    for (const i of linesWith(doc, 'chievement', s, e)) {
      if (doc.fenced[i]) continue;
      const line = doc.line(i);
      const d = matchDefinition(line, i, allowHeading);
      if (d) out.push(d);
      else if (malformed && line.includes('**Achievement')) {
        const m = MALFORMED_DEF.exec(line);
        if (m && !isAchievementId(m[1] as string)) malformed.push({ line: i, number: m[1] as string });
      }
    }
  }
  return out;
}

/** Index of the first heading whose line is greater than `line` (headings are in line order). */
function headingAfter(doc: ScannedDoc, line: number): number {
  const hs = doc.headings;
  let lo = 0;
  let hi = hs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hs[mid] as Heading).line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `after`: headingAfter(doc, def.line), when the caller knows it. */
function blockEnd(doc: ScannedDoc, def: DefLine, nextDefLine: number, limit: number, after = headingAfter(doc, def.line)): number {
  const end = Math.min(nextDefLine, limit);
  const maxLevel = def.kind === 'H' ? (def.level ?? 3) : 3;
  const hs = doc.headings;
  for (let k = after; k < hs.length; k++) {
    const h = hs[k] as Heading;
    if (h.line >= end) break;
    if (h.level <= maxLevel) return h.line;
  }
  return end;
}

/** A body field line (`- **Key**: value`, `Key: value`) as [lower-case key, value]; the one reading of field lines. */
function fieldOf(line: string): [string, string] | undefined {
  // A field line has a colon (most lines of a block do not).
  if (!line.includes(':')) return undefined;
  const m = FIELD.exec(line);
  if (!m) return undefined;
  const key = (m[1] ?? m[2] ?? '').trim().toLowerCase();
  return key && !key.startsWith('achievement') ? [key, (m[3] ?? '').trim()] : undefined;
}

function readFields(doc: ScannedDoc, start: number, end: number): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = start; i < end; i++) {
    if (doc.fenced[i]) continue;
    const f = fieldOf(doc.line(i));
    if (f && !(f[0] in fields)) fields[f[0]] = f[1];
  }
  return fields;
}

/**
 * The body field `status` of a block: what readFields would give for that key, without reading the other fields.
 * `statusLines`: the lines that contain `status` (any case), ascending; the field line is one of them. `from`: the
 * index in `statusLines` of the first line of the block (its line after the definition) or after.
 */
function statusField(doc: ScannedDoc, statusLines: number[], from: number, end: number): string | undefined {
  for (let k = from; k < statusLines.length; k++) {
    const i = statusLines[k] as number;
    if (i >= end) break;
    if (doc.fenced[i]) continue;
    const f = fieldOf(doc.line(i));
    if (f && f[0] === 'status') return f[1];
  }
  return undefined;
}

/** Index of the first element of ascending `xs` that is >= `x`. */
function firstAtOrAfter(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Hours written in a title: `Setup (2-3h)`. */
function titleEffort(title: string): Effort | undefined {
  return title.includes('(') && TITLE_EFFORT.test(title) ? parseEffort(title) : undefined;
}

/** Effort of a definition: its Effort/Time field, else a ⏱ note after the title, else hours in the title. */
function effortOf(fields: Record<string, string>, d: DefLine): Effort | undefined {
  const effortText = fields.effort ?? fields['estimated effort'] ?? fields.time;
  // Each pattern runs only when its marker is present.
  return (
    (effortText ? parseEffort(effortText) : undefined) ??
    (d.tail.includes('⏱') ? parseEffort(TAIL_TIMER.exec(d.tail)?.[1] ?? '') : undefined) ??
    titleEffort(defTitle(d))
  );
}

interface IndexEntry {
  id: string;
  title: string;
  line: number;
  done: boolean;
}

/** The Achievement Index entry on line `i`, if it is one. */
function indexEntryAt(doc: ScannedDoc, i: number): IndexEntry | undefined {
  const m = INDEX_ENTRY.exec(doc.line(i));
  return m ? { id: m[2] as string, title: m[3] ?? '', line: i, done: (m[1] ?? '').includes('✅') } : undefined;
}

/** An index entry read as a definition (a PLAN whose achievements are only listed in its Index). */
function indexDef(e: IndexEntry): DefLine {
  return { id: e.id, title: e.title, cut: false, tail: '', line: e.line, kind: 'B' };
}

/** The definition of an achievement read from `source`, read again from its line (the same line, the same reading). */
function defLineAt(doc: ScannedDoc, line: number, source: AchievementSource): DefLine {
  // A line read as a bold definition is read so again whether or not headings were allowed (bold is tried first).
  return (source === 'index' ? indexDef(indexEntryAt(doc, line) as IndexEntry) : matchDefinition(doc.line(line), line, true)) as DefLine;
}

/** What an achievement reads on first use, each part when first asked for. */
interface LazyParts {
  def?: DefLine;
  fields?: Record<string, string>;
  effort?: Effort | null;
  title?: string;
}

/**
 * An achievement defined in the PLAN. Its body fields, effort and cleaned title are read on first use and kept:
 * status, evidence and dependency work over a large plan need only ids, lines and completion claims (a
 * 10,000-achievement PLAN would otherwise run its field patterns 20,000 times for nothing).
 * It keeps only the document and its line: the definition's title and tail are read again from that line on first
 * use, so the parsed definition dies young instead of living as long as the model (10,000 of them, with their
 * strings, in a large plan). The public fields are declared and set in the constructor (class field definitions
 * run an initializer per instance), in the same order as before, so that the keys stay the same.
 */
class DefinedAchievement implements Achievement {
  declare readonly id: string;
  declare readonly line: number;
  declare readonly start: number;
  declare readonly end: number;
  declare readonly source: AchievementSource;
  declare priority?: PriorityGroup;
  declare indexPosition?: number;
  readonly #doc: ScannedDoc;
  #lazy: LazyParts | undefined;

  constructor(doc: ScannedDoc, def: DefLine, end: number, source: AchievementSource) {
    this.id = def.id;
    this.line = def.line + 1;
    this.start = def.line;
    this.end = end;
    this.source = source;
    this.priority = undefined;
    this.indexPosition = undefined;
    this.#doc = doc;
  }

  get #parts(): LazyParts {
    this.#lazy ??= {};
    return this.#lazy;
  }

  get #def(): DefLine {
    const p = this.#parts;
    p.def ??= defLineAt(this.#doc, this.start, this.source);
    return p.def;
  }

  get fields(): Record<string, string> {
    const p = this.#parts;
    p.fields ??= this.source === 'index' ? {} : readFields(this.#doc, this.start + 1, this.end);
    return p.fields;
  }

  get effort(): Effort | undefined {
    const p = this.#parts;
    if (p.effort === undefined) p.effort = effortOf(this.fields, this.#def) ?? null;
    return p.effort ?? undefined;
  }

  get title(): string {
    const p = this.#parts;
    p.title ??= cleanTitle(defTitle(this.#def)) || `Achievement ${this.id}`;
    return p.title;
  }
}

/**
 * The `### Priority N: NAME` group an achievement sits in; another heading of the same or a higher level ends it.
 * Queries come in line order, so the headings are walked once per section (each heading's reading is cached):
 * linear in headings plus achievements.
 */
class PriorityTracker {
  private readonly groups: Array<PriorityGroup | null | undefined> = [];
  private readonly isAchievementHeading: Array<boolean | undefined> = [];
  private next = 0;
  private found: PriorityGroup | undefined;
  private level = 0;
  private sectionLine = -2;
  private lastLine = -1;

  constructor(private readonly doc: ScannedDoc) {}

  /** The group heading `k` opens (null: it opens none). */
  private groupAt(k: number): PriorityGroup | null {
    let g = this.groups[k];
    if (g === undefined) {
      const h = this.doc.headings[k] as Heading;
      const m = h.level >= 3 ? PRIORITY.exec(stripEmoji(h.text)) : null;
      g = m ? { number: m[1] as string, name: plainText(m[2] ?? ''), line: h.line + 1 } : null;
      this.groups[k] = g;
    }
    return g;
  }

  private achievementHeading(k: number): boolean {
    let v = this.isAchievementHeading[k];
    if (v === undefined) {
      v = ACH_HEADING.test(stripEmoji((this.doc.headings[k] as Heading).text).trim());
      this.isAchievementHeading[k] = v;
    }
    return v;
  }

  at(line: number, section: Section | undefined): PriorityGroup | undefined {
    const sectionLine = section ? section.heading.line : -1;
    if (sectionLine !== this.sectionLine || line < this.lastLine) {
      // Headings up to the section heading do not count.
      this.next = sectionLine >= 0 ? headingAfter(this.doc, sectionLine) : 0;
      this.found = undefined;
      this.level = 0;
      this.sectionLine = sectionLine;
    }
    this.lastLine = line;
    const hs = this.doc.headings;
    for (; this.next < hs.length; this.next++) {
      const h = hs[this.next] as Heading;
      if (h.line >= line) break;
      const g = this.groupAt(this.next);
      if (g) {
        this.found = g;
        this.level = h.level;
      } else if (this.found && h.level <= this.level && !this.achievementHeading(this.next)) this.found = undefined;
    }
    return this.found;
  }
}

type Claim = (id: string, line: number, where: string) => void;

/** The Desirable Achievements section holding `line`, if any. */
function sectionHolding(sections: Section[], line: number): Section | undefined {
  for (const s of sections) if (line >= s.start && line < s.end) return s;
  return undefined;
}

/**
 * Turns definition lines into achievements: their blocks, priority groups and completion claims, one `add` call per
 * definition, in line order. A method called once per definition rather than the body of a loop in the once-called
 * parsePlan: V8 optimizes a function after some hundred calls, but ran that loop's 10,000 rounds in the interpreter.
 */
class DefinitionReader {
  readonly achievements: Achievement[] = [];
  /** 1-based line of each id's first definition. */
  readonly seen = new Map<string, number>();
  private readonly priorities: PriorityTracker;
  /** Lines that contain `status`: where a block's Status field can be. */
  private readonly statusLines: number[];
  /** Lines that say done as a definition line does (DEF_DONE_G). */
  private readonly doneLines: number[];

  constructor(
    private readonly doc: ScannedDoc,
    private readonly file: string,
    private readonly source: AchievementSource,
    private readonly desir: Section[],
    private readonly warnings: Diagnostic[],
    private readonly claim: Claim,
  ) {
    this.priorities = new PriorityTracker(doc);
    // Both are found by one search of the whole text, not by a pattern per definition: a large PLAN has few such
    // lines, and `add` (run once per definition) stays small enough for V8 to optimize it cheaply.
    this.statusLines = source === 'index' ? [] : linesWith(doc, STATUS_WORD_G);
    this.doneLines = doneLinesOf(doc);
  }

  // What the definitions between two headings share, found once for them all (a large plan has 10,000 definitions
  // and a few dozen headings). Valid for a definition after `lastLine` and before heading `after`.
  /** headingAfter(lastLine); -1: nothing known (first definition, or the last one sat on a heading line). */
  private after = -1;
  private lastLine = -1;
  /** Index in statusLines of the first line after the last definition (see add). */
  private statusAt = 0;
  private section: Section | undefined;
  private group: PriorityGroup | undefined;

  /** Finds what definitions from `line` on share, until the next heading. */
  private enter(line: number): void {
    this.after = headingAfter(this.doc, line);
    this.section = sectionHolding(this.desir, line);
    this.group = this.priorities.at(line, this.section);
  }

  /** Adds definition `d`; `nextLine`: the line of the next definition (or the line count). */
  add(d: DefLine, nextLine: number): void {
    const { doc, source, seen } = this;
    const first = seen.get(d.id);
    if (first !== undefined) {
      this.duplicate(d, first);
      return;
    }
    seen.set(d.id, d.line + 1);
    const hs = doc.headings;
    const above = d.line < this.lastLine;
    // A heading between the last definition and this one (or on this one's line) starts another stretch. Two cases
    // start afresh for safety rather than by need: the definition after a heading definition (on a heading line,
    // where the bounds of sectionHolding and PriorityTracker.at differ, < against <=) and a definition above the
    // last one (definitions come in line order).
    if (this.after < 0 || above || (this.after < hs.length && (hs[this.after] as Heading).line <= d.line)) this.enter(d.line);
    const section = this.section;
    const limit = section ? section.end : doc.lineCount;
    const end = source === 'index' ? d.line + 1 : blockEnd(doc, d, nextLine, limit, this.after);
    const ach = new DefinedAchievement(doc, d, end, source);
    if (this.group) ach.priority = this.group;
    this.achievements.push(ach);
    this.lastLine = d.line;
    if (d.kind === 'H') this.after = -1;
    if (this.doneLines.length && isAt(this.doneLines, d.line)) this.claim(d.id, d.line, 'definition');
    // Only a block that holds a line with `status` can have a Status field. The first such line after the definition
    // is walked to from the last definition's (definitions come in line order: no search per definition); a
    // definition above the last one walks from the first.
    const statusLines = this.statusLines;
    let k = above ? 0 : this.statusAt;
    while (k < statusLines.length && (statusLines[k] as number) <= d.line) k++;
    this.statusAt = k;
    if (k < statusLines.length && (statusLines[k] as number) < end) this.statusClaim(d, k, end);
  }

  /** Claims `d` done when its block's Status field says so; `k`: the first status line of the block. */
  private statusClaim(d: DefLine, k: number, end: number): void {
    const st = statusField(this.doc, this.statusLines, k, end);
    if (st && STATUS_DONE.test(stripEmoji(st).replace(BOLD, '').trim()) && !NOT_DONE.test(st)) this.claim(d.id, d.line, 'definition status');
  }

  private duplicate(d: DefLine, first: number): void {
    this.warnings.push(
      diag('warning', 'W-PLAN-DUPLICATE-ID', `Achievement ${d.id} is defined again at line ${d.line + 1} (first at line ${first}); the first definition is used`, {
        file: this.file,
        line: d.line + 1,
        hint: 'Renumber or remove the second definition.',
      }),
    );
  }
}

/** Whether ascending `xs` holds `x`. */
function isAt(xs: number[], x: number): boolean {
  return xs[firstAtOrAfter(xs, x)] === x;
}

const DONE_MARK = /✅|\[[xX]\]|\bCOMPLETE(?:D)?\b|\bDONE\b|status\**\s*:\s*\**\s*(?:✅\s*)?complete|[-–—]\s*complete\b/u;
const NOT_DONE = /⏳|🚧|❌|⏸|\bNEXT\b|not\s+(?:yet\s+)?(?:complete|started|done)|\bincomplete\b|\bpending\b|in progress/iu;

/** A PLAN line that says "Achievement X.Y is complete" (✅, [x], COMPLETE, `Status: Complete`), never a bare title word. */
export function completionClaim(line: string): string | undefined {
  const ids = new Set<string>();
  for (const m of line.matchAll(MENTION)) ids.add(m[1] as string);
  if (ids.size !== 1) return undefined;
  if (NOT_DONE.test(line)) return undefined;
  if (!DONE_MARK.test(line)) return undefined;
  return [...ids][0];
}

function findNext(doc: ScannedDoc, handoff: Section | undefined): NextPointer | undefined {
  const ranges: Array<['handoff' | 'document', number, number]> = [];
  if (handoff) ranges.push(['handoff', handoff.start, handoff.end]);
  ranges.push(['document', 0, doc.lineCount]);
  // Every pattern names an achievement and says "next" or ⏳: only such lines are candidates (found in the whole
  // text: most lines of a large PLAN say neither).
  const candidates: number[] = [];
  const candidateText: string[] = [];
  for (const i of linesWithAny(doc, NEXT_MARKERS)) {
    if (doc.fenced[i]) continue;
    const line = doc.line(i);
    if (CHIEVEMENT.test(line)) {
      candidates.push(i);
      candidateText.push(line);
    }
  }
  for (const [from, s, e] of ranges) {
    for (const [name, re] of NEXT_PATTERNS) {
      for (let c = 0; c < candidates.length; c++) {
        const i = candidates[c] as number;
        if (i < s || i >= e) continue;
        const m = re.exec(candidateText[c] as string);
        if (m) return { id: m[1] as string, line: i + 1, from, pattern: name };
      }
    }
  }
  return undefined;
}

// Blanks and bold markers as one class at each place (adjacent optional \s* groups backtracked in cubic time on a
// long run of spaces: a line took minutes).
const ARCHIVE_LABEL = /^(?:[ \t]*[-+](?=[ \t]))?[\s*]*Archive Location[\s*]*(?:\([^)]*\)[\s*]*)?:[\s*]*(.*)$/i;

/**
 * Base of the default archive. A plan without an Archive Location archives to `./feature-archive/<FEATURE>/`:
 * one folder per feature, because APPROVED/FIX/SKIPPED names carry no feature and plans sharing one folder would
 * complete each other.
 */
export const DEFAULT_ARCHIVE = './feature-archive/';

/** The default archive location of a feature. */
export function defaultArchive(feature: string): string {
  return `${DEFAULT_ARCHIVE}${feature}/`;
}

function archiveValue(raw: string): string | undefined {
  const tick = /`([^`]+)`/.exec(raw);
  let v = tick ? (tick[1] as string) : raw.replace(/\*\*/g, '').replace(/["']/g, '').trim().split(/\s+/)[0] ?? '';
  v = v.trim();
  if (!v || !/^[\w./~-]+$/.test(v) || !/[/]|^\./.test(v)) return undefined;
  return v.endsWith('/') ? v : `${v}/`;
}

function findArchive(doc: ScannedDoc, feature: string): PlanModel['archive'] {
  for (const i of linesWith(doc, LOCATION_WORD_G)) {
    if (doc.fenced[i]) continue;
    const m = ARCHIVE_LABEL.exec(doc.line(i));
    if (m) {
      const v = archiveValue(m[1] ?? '');
      if (v) return { path: v, line: i + 1, isDefault: false };
    }
  }
  for (const s of findSections(doc, (k) => k === 'archive location')) {
    for (let i = s.start; i < s.end; i++) {
      if (doc.fenced[i]) continue;
      const tick = /`([^`]*\/[^`]*)`/.exec(doc.line(i));
      const v = tick ? archiveValue(`\`${tick[1]}\``) : undefined;
      if (v) return { path: v, line: i + 1, isDefault: false };
    }
  }
  return { path: defaultArchive(feature), isDefault: true };
}

/** Feature name: the PLAN file stem without its leading `PLAN_`. */
export function featureFromPlanFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.md$/i, '');
  return base.replace(/^PLAN_/, '');
}

export function parsePlan(text: string, file: string): PlanModel {
  const doc = scanMarkdown(text, file);
  const warnings: Diagnostic[] = [...doc.warnings];
  const feature = featureFromPlanFile(file);
  const titleHeading = doc.headings.find((h) => h.level === 1);
  const title = titleHeading ? plainText(titleHeading.text.replace(/^PLAN(?:\s+Summary)?\s*:\s*/i, '')) : feature;

  // Plan metadata lives in the head: before the first section (so an achievement's `- **Status**:` is not the PLAN's).
  const firstSection = doc.headings.find((h) => h.level >= 2);
  const meta = readMetadata(doc, Math.min(40, firstSection ? firstSection.line : 40));
  const metadata: Record<string, string> = {};
  for (const [k, v] of meta) metadata[k] = v.value;
  const statusRaw = metadata.status ?? '';

  // Achievement Index (secondary).
  const indexSections = findSections(doc, (k) => /\bachievement index\b/.test(k) || k === 'achievements index');
  const indexEntries: IndexEntry[] = [];
  for (const s of indexSections) {
    for (let i = s.start; i < s.end; i++) {
      if (doc.fenced[i]) continue;
      const e = indexEntryAt(doc, i);
      if (e) indexEntries.push(e);
    }
  }
  const indexIds = [...new Set(indexEntries.map((e) => e.id))];

  // Definitions: the Desirable Achievements section(s); otherwise the whole document.
  const desir = findSections(doc, isAchievementsSection, 2);
  const indexRanges = indexSections.map((s) => [s.heading.line, s.end] as [number, number]);
  const inIndex = (line: number) => indexRanges.some(([a, b]) => line >= a && line < b);
  let malformed: MalformedDef[] = [];
  let defs = collectDefinitions(doc, desir.map((s) => [s.start, s.end]), true, malformed);
  let source: AchievementSource = 'definition';
  if (defs.length === 0) {
    malformed = [];
    defs = collectDefinitions(doc, [[0, doc.lineCount]], false, malformed).filter((d) => !inIndex(d.line));
    malformed = malformed.filter((m) => !inIndex(m.line));
  }
  for (const m of malformed) {
    warnings.push(
      diag('warning', 'W-PLAN-BAD-ID', `This line looks like the definition of Achievement ${m.number}, but ${m.number} is no achievement id (X.Y or X.Y.Z): it is not read as an achievement`, {
        file,
        line: m.line + 1,
        hint: 'Number it as X.Y (priority.position), e.g. **Achievement 1.2**: Title, or X.Y.Z for a sub-achievement.',
      }),
    );
  }
  if (defs.length === 0 && indexEntries.length > 0) {
    defs = indexEntries.map(indexDef);
    source = 'index';
  }
  if (defs.length === 0) {
    defs = collectDefinitions(doc, [[0, doc.lineCount]], true).filter((d) => d.kind === 'H');
    source = 'heading';
  }

  const textComplete = new Map<string, TextClaim>();
  const claim = (id: string, line: number, where: string) => {
    if (!textComplete.has(id)) textComplete.set(id, { id, line: line + 1, where, text: doc.line(line).trim() });
  };
  const reader = new DefinitionReader(doc, file, source, desir, warnings, claim);
  for (let k = 0; k < defs.length; k++) {
    const next = defs[k + 1];
    reader.add(defs[k] as DefLine, next ? next.line : doc.lineCount);
  }
  const { achievements, seen } = reader;

  if (indexIds.length) {
    const byIdx = new Map(achievements.map((a) => [a.id, a]));
    indexIds.forEach((id, pos) => {
      const a = byIdx.get(id);
      if (a) a.indexPosition = pos;
    });
    if (source !== 'index') {
      const defIds = new Set(achievements.map((a) => a.id));
      const idx = new Set(indexIds);
      const onlyIndex = indexIds.filter((id) => !defIds.has(id));
      const onlyDefs = achievements.filter((a) => !idx.has(a.id)).map((a) => a.id);
      if (onlyIndex.length || onlyDefs.length) {
        warnings.push(
          diag(
            'warning',
            'W-PLAN-INDEX-MISMATCH',
            `Achievement Index and definitions disagree${onlyIndex.length ? `; only in the Index: ${onlyIndex.join(', ')}` : ''}${onlyDefs.length ? `; only defined: ${onlyDefs.join(', ')}` : ''}`,
            { file, line: (indexSections[0] as Section).heading.line + 1, hint: 'Make the Achievement Index list exactly the defined achievements.' },
          ),
        );
      }
    }
    for (const e of indexEntries) if (e.done) claim(e.id, e.line, 'index');
  }
  if (achievements.length === 0) {
    warnings.push(
      diag('warning', 'W-PLAN-NO-ACHIEVEMENTS', 'No achievements found in this PLAN', {
        file,
        hint: 'Define achievements as `**Achievement 1.1**: Title` lines under a "## Desirable Achievements" heading.',
      }),
    );
  }

  // Handoff.
  const handoffSections = findSections(doc, (k) => k.includes('current status') && k.includes('handoff'));
  // A handoff heading with nothing under it (or only rules) is no handoff (generation.md §7.3).
  const handoff = handoffSections.find((s) => {
    for (let i = s.start; i < s.end; i++) if (!RULE_OR_BLANK.test(doc.line(i))) return true;
    return false;
  });

  // Secondary completion evidence from Handoff, Tracking and Index lines.
  const evidenceSections: Array<[string, Section]> = [];
  for (const s of handoffSections) evidenceSections.push(['handoff', s]);
  for (const s of findSections(doc, (k) => k.includes('subplan tracking'))) evidenceSections.push(['tracking', s]);
  for (const s of indexSections) evidenceSections.push(['index', s]);
  for (const [where, s] of evidenceSections) {
    for (const i of linesWith(doc, CHIEVEMENT_G, s.start, s.end)) {
      if (doc.fenced[i]) continue;
      const id = completionClaim(doc.line(i));
      if (id) claim(id, i, where);
    }
  }
  const normalized = normalizeStatus(statusRaw);
  if (normalized === 'complete' && statusRaw && meta.has('status')) {
    const line = (meta.get('status') as { line: number }).line;
    for (const a of achievements) claim(a.id, line, 'plan status');
  }

  // `seen` holds exactly the defined ids.
  for (const id of [...textComplete.keys()]) if (!seen.has(id)) textComplete.delete(id);

  const model: PlanModel = {
    file,
    feature,
    title,
    metadata,
    status: { raw: statusRaw, normalized },
    achievements,
    indexIds,
    archive: findArchive(doc, feature),
    textComplete,
    totalLines: doc.lineCount,
    warnings,
    doc,
  };
  if (handoff) model.handoff = { line: handoff.heading.line + 1, start: handoff.start, end: handoff.end };
  const next = findNext(doc, handoff);
  if (next) model.next = next;
  if (model.archive.isDefault) {
    warnings.push(
      diag('info', 'I-PLAN-NO-ARCHIVE', `No "Archive Location" in the PLAN; using ${model.archive.path}`, {
        file,
        hint: 'Add a line such as **Archive Location**: `documentation/archive/<feature>/`.',
      }),
    );
  }
  return model;
}

/** The definition block of one achievement, as text. */
export function achievementSection(plan: PlanModel, a: Achievement): string {
  return linesText(plan.doc, a.start, a.end).trimEnd();
}

/** The handoff section (heading included), as lines. */
export function handoffLines(plan: PlanModel): string[] {
  if (!plan.handoff) return [];
  const lines: string[] = [];
  for (let i = plan.handoff.line - 1; i < plan.handoff.end; i++) lines.push(plan.doc.line(i));
  while (lines.length > 1 && RULE_OR_BLANK.test(lines[lines.length - 1] as string)) lines.pop();
  return lines;
}

/** Ids in numeric order (1.2 < 1.10 < 2.0). */
export function sortIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareIds);
}
