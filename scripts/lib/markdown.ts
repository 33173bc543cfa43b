/**
 * The one markdown scanner of the toolkit: line based, fence-aware, emoji agnostic.
 *
 * Real methodology documents hide hundreds of fake headings and fake achievement lines inside fenced code
 * (bash comments, nested templates), so every consumer asks this scanner whether a line is fenced.
 */
import { diag, type Diagnostic } from './diagnostics.ts';

export interface Heading {
  /** 0-based line index. */
  line: number;
  level: number;
  /** Heading text as written, without the leading #s. */
  text: string;
  /** Identity of the section: emoji, VS16, trailing parentheticals and punctuation removed, lower case. */
  key: string;
}

export interface ScannedDoc {
  /** The text as scanned (CR and CRLF line ends turned into LF). */
  readonly text: string;
  /** Number of lines (what splitLines would give). */
  readonly lineCount: number;
  /**
   * Offset in `text` of each line's first character, then one sentinel: line i is `text.slice(lineStarts[i],
   * lineStarts[i + 1] - 1)`.
   */
  readonly lineStarts: readonly number[];
  /** All lines (splitLines), built on first use: a large document is read through `line(i)` without it. */
  readonly lines: string[];
  /** 1 where the line is inside a fenced code block (fence lines included). */
  fenced: Uint8Array;
  headings: Heading[];
  warnings: Diagnostic[];
  /** Line i (0-based), without its line end. */
  line(i: number): string;
}

export interface Section {
  heading: Heading;
  /** First line after the heading. */
  start: number;
  /** Exclusive end: the next heading of the same or a higher level, or the end of the document. */
  end: number;
}

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\uFE0F\uFE0E\u200D\u20E3]/gu;
/** Text made only of printable ASCII needs no Unicode processing (the common case; Unicode regexes are costly to compile). */
const ASCII = /^[\x20-\x7e]*$/;
const EMPHASIS = /\*\*|__|`/g;
const SPACES = /\s+/g;
// Starts at a '(' (a leading \s* made every blank of a long run a start: quadratic); the blanks before it are trimmed.
const TRAILING_PAREN = /\([^()]*\)\s*$/;
const AMPERSAND = /&/g;
const NOT_WORD_ASCII = /[^a-z0-9']+/g;
const NOT_WORD = /[^\p{L}\p{N}']+/gu;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
// The closing #s and blanks are cut in code (stripHeadingEnd): a pattern such as (.*?)[ \t]*#*[ \t]*$ backtracks
// in cubic time on a heading with a long run of spaces (a 3 KB line took 12 s).
const HEADING = /^(#{1,6})[ \t]+(.*)$/;
const HEADING_EMPTY = /^(#{1,6})[ \t]*$/;

/** Splits text into lines, accepting LF, CRLF and CR line ends. */
export function splitLines(text: string): string[] {
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const LINE_ENDS = /\r\n?/g;

/**
 * Line starts of LF text, as ScannedDoc.lineStarts (sentinel included): the lines of splitLines, as offsets.
 * One indexOf pass and no string per line: a 50,000-line PLAN would otherwise allocate 50,000 strings that most
 * readers never look at. The same pass puts into `cand` the lines that may be a fence or a heading (see
 * scanMarkdown): this small loop is the only per-line work, so V8 optimizes it alone instead of compiling the whole
 * scanner body for a loop that runs once per line.
 */
function lineStartsOf(text: string, cand: number[]): number[] {
  // A plain array of small integers: a typed array costs an ArrayBuffer per document, which made the many small
  // documents of a workspace (SUBPLANs, EXECUTION_TASKs) slower to scan and to collect.
  const starts: number[] = [];
  let p = 0;
  for (let i = 0; ; i++) {
    starts.push(p);
    const q = text.indexOf('\n', p);
    const end = q < 0 ? text.length : q;
    const c = text.charCodeAt(p);
    if (c === 35 /* # */ || ((c === 32 || c === 96 || c === 126) && mayBeFence(text, p, end))) cand.push(i);
    // No further line end: the last line runs to the end of the text (the sentinel stands for its missing \n).
    if (q < 0) {
      starts.push(text.length + 1);
      return starts;
    }
    p = q + 1;
    // A final line end opens no line (splitLines drops the empty last piece).
    if (p === text.length) {
      starts.push(p);
      return starts;
    }
  }
}

/** A scanned document: the text and its line offsets; line strings are cut on demand. */
class ScannedText implements ScannedDoc {
  readonly lineCount: number;
  fenced: Uint8Array;
  headings: Heading[] = [];
  warnings: Diagnostic[] = [];
  #lines: string[] | undefined;

  constructor(
    readonly text: string,
    readonly lineStarts: readonly number[],
  ) {
    this.lineCount = lineStarts.length - 1;
    this.fenced = new Uint8Array(this.lineCount);
  }

  get lines(): string[] {
    // The text has LF line ends only, and splitLines' pop of a final empty piece matches the sentinel rule.
    this.#lines ??= splitLines(this.text);
    return this.#lines;
  }

  line(i: number): string {
    return this.text.slice(this.lineStarts[i] as number, (this.lineStarts[i + 1] as number) - 1);
  }
}

/** Removes emoji, variation selectors and joiners. */
export function stripEmoji(text: string): string {
  return ASCII.test(text) ? text : text.replace(EMOJI, '');
}

/** Removes emoji and markdown emphasis, collapses white space. */
export function plainText(text: string): string {
  return stripEmoji(text)
    .replace(EMPHASIS, '')
    .replace(SPACES, ' ')
    .trim();
}

/** Section identity: `## 📝 Current Status & Handoff (For Pause/Resume)` → `current status and handoff`. */
export function headingKey(text: string): string {
  let t = stripEmoji(text).replace(EMPHASIS, '');
  for (;;) {
    const next = t.replace(TRAILING_PAREN, '').trimEnd();
    if (next === t) break;
    t = next;
  }
  const lower = t.replace(AMPERSAND, ' and ').toLowerCase();
  return (ASCII.test(lower) ? lower.replace(NOT_WORD_ASCII, ' ') : lower.replace(NOT_WORD, ' ')).trim();
}

/** Whether the line starting at `start` (ending before `end`) can be a fence: up to 3 spaces, then ` or ~. */
function mayBeFence(text: string, start: number, end: number): boolean {
  for (let k = start; k < start + 4 && k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 96 /* ` */ || c === 126 /* ~ */) return true;
    if (c !== 32) return false;
  }
  return false;
}

export function scanMarkdown(input: string, file?: string): ScannedDoc {
  const text = input.includes('\r') ? input.replace(LINE_ENDS, '\n') : input;
  // Only a line whose first non-space character (within 4) is ` or ~ can be a fence; only # starts a heading. Those
  // lines are picked by their first characters (no line string, no pattern for the others), in line order.
  const cand: number[] = [];
  const doc = new ScannedText(text, lineStartsOf(text, cand));
  const { fenced, headings, warnings } = doc;
  // For each fence character: the smallest fence length known to have no closer after the current line.
  const unclosedFrom: Record<string, number> = {};

  let k = 0;
  while (k < cand.length) {
    const i = cand[k] as number;
    const line = doc.line(i);
    const open = line.charCodeAt(0) === 35 ? null : FENCE.exec(line);
    if (open) {
      const marker = open[1] as string;
      const ch = marker[0] as string;
      const info = open[2] ?? '';
      const isOpener = !(ch === '`' && info.includes('`'));
      const known = unclosedFrom[ch];
      if (isOpener && !(known !== undefined && marker.length >= known)) {
        let close = -1;
        for (let c = k + 1; c < cand.length; c++) {
          const j = cand[c] as number;
          const l = doc.line(j);
          const m = l.charCodeAt(0) === 35 ? null : FENCE.exec(l);
          if (m && (m[1] as string)[0] === ch && (m[1] as string).length >= marker.length && (m[2] ?? '').trim() === '') {
            close = c;
            break;
          }
        }
        if (close >= 0) {
          fenced.fill(1, i, (cand[close] as number) + 1);
          k = close + 1;
          continue;
        }
        unclosedFrom[ch] = Math.min(known ?? Infinity, marker.length);
      }
      if (isOpener) {
        warnings.push(
          diag('warning', 'W-MD-UNCLOSED-FENCE', `Code fence opened at line ${i + 1} is never closed; it is read as plain text`, {
            ...(file ? { file } : {}),
            line: i + 1,
            column: 1,
            hint: `Add a closing ${marker} line after the code block.`,
          }),
        );
      }
    }
    const h = line.charCodeAt(0) === 35 /* # */ ? (HEADING.exec(line) ?? HEADING_EMPTY.exec(line)) : null;
    if (h) {
      const textPart = stripHeadingEnd(h[2] ?? '').trim();
      headings.push({ line: i, level: (h[1] as string).length, text: textPart, key: headingKey(textPart) });
    }
    k++;
  }
  return doc;
}

/**
 * Lines in [start, end) that contain `marker`, ascending (each once), found by searching the text rather than
 * testing line by line: on a large document the lines without the marker are never cut or matched. The marker
 * must match within one line and not look outside it (no \n, ^, $ or lookbehind); a RegExp must have the g flag
 * (its lastIndex is used).
 */
export function linesWith(doc: ScannedDoc, marker: string | RegExp, start = 0, end = doc.lineCount): number[] {
  const out: number[] = [];
  if (start >= end) return out;
  const starts = doc.lineStarts;
  // Search a slice (no copy in V8) so that a miss stops at `end` instead of scanning the rest of the document.
  const from = starts[start] as number;
  const hay = end >= doc.lineCount ? doc.text.slice(from) : doc.text.slice(from, starts[end] as number);
  let line = start;
  let p = 0;
  while (p < hay.length) {
    let at: number;
    if (typeof marker === 'string') at = hay.indexOf(marker, p);
    else {
      marker.lastIndex = p;
      const m = marker.exec(hay);
      at = m ? m.index : -1;
    }
    if (at < 0) break;
    // The line holding the match. Matches sit a few lines apart (every definition of a large PLAN, one line in
    // five): the next lines are tried first, which finds most in a step or few, without a call, instead of the 16
    // steps of a binary search over a 50,000-line text.
    const pos = from + at;
    let walk = LINE_WALK;
    while (walk > 0 && line + 1 < end && (starts[line + 1] as number) <= pos) {
      line++;
      walk--;
    }
    if (walk === 0) line = lineOf(starts, pos, line, end);
    out.push(line);
    // Go on at the next line: one entry per line.
    p = (starts[line + 1] as number) - from;
  }
  return out;
}

/** Lines linesWith walks forward from the last match before it searches. */
const LINE_WALK = 8;

/** The line holding offset `pos`, searched in [lo, hi) (binary search over the line starts). */
function lineOf(starts: readonly number[], pos: number, lo: number, hi: number): number {
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A heading's text without its closing sequence: trailing blanks, then #s, then blanks (linear). */
export function stripHeadingEnd(text: string): string {
  let end = text.length;
  const blank = (c: number) => c === 32 || c === 9;
  while (end > 0 && blank(text.charCodeAt(end - 1))) end--;
  while (end > 0 && text.charCodeAt(end - 1) === 35) end--;
  while (end > 0 && blank(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** The extent of the section opened by `heading`. */
export function sectionOf(doc: ScannedDoc, heading: Heading): Section {
  const idx = doc.headings.indexOf(heading);
  let end = doc.lineCount;
  for (let k = idx + 1; k < doc.headings.length; k++) {
    const h = doc.headings[k] as Heading;
    if (h.level <= heading.level) {
      end = h.line;
      break;
    }
  }
  return { heading, start: heading.line + 1, end };
}

/** All sections whose heading satisfies `match` (at the given level, when set). */
export function findSections(doc: ScannedDoc, match: (key: string, h: Heading) => boolean, level?: number): Section[] {
  const out: Section[] = [];
  for (const h of doc.headings) {
    if (level !== undefined && h.level !== level) continue;
    if (match(h.key, h)) out.push(sectionOf(doc, h));
  }
  return out;
}

/** The innermost heading of level `level` that encloses line `line`. */
export function enclosingHeading(doc: ScannedDoc, line: number, level: number): Heading | undefined {
  let found: Heading | undefined;
  for (const h of doc.headings) {
    if (h.line >= line) break;
    if (h.level < level) found = undefined;
    else if (h.level === level) found = h;
  }
  return found;
}

const METADATA = /^\s*(?:[-*+]\s+)?\*\*([^*\n]+?)(?::\*\*|\*\*\s*:)\s*(.*?)\s*$/;

/** `**Key**: value` (also `- **Key**: value` and `**Key:** value`). */
export function parseMetadataLine(line: string): { key: string; value: string } | null {
  const m = METADATA.exec(line);
  if (!m) return null;
  return { key: (m[1] as string).trim(), value: (m[2] as string).trim() };
}

/** Metadata of the document head: the first `maxLines` lines outside fences; first occurrence of a key wins. */
export function readMetadata(doc: ScannedDoc, maxLines = 30): Map<string, { value: string; line: number }> {
  const out = new Map<string, { value: string; line: number }>();
  const n = Math.min(maxLines, doc.lineCount);
  for (let i = 0; i < n; i++) {
    if (doc.fenced[i]) continue;
    const kv = parseMetadataLine(doc.line(i));
    if (!kv) continue;
    const key = kv.key.toLowerCase();
    if (!out.has(key)) out.set(key, { value: kv.value, line: i });
  }
  return out;
}

/** The text of lines [start, end) joined with \n (bounds clamped to [0, lineCount]). */
export function linesText(doc: ScannedDoc, start: number, end: number): string {
  const s = Math.min(Math.max(start, 0), doc.lineCount);
  const e = Math.min(Math.max(end, 0), doc.lineCount);
  // Lines [s, e) are one stretch of the LF text: cut it once, without its last line end.
  return e <= s ? '' : doc.text.slice(doc.lineStarts[s] as number, (doc.lineStarts[e] as number) - 1);
}
