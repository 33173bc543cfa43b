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
  lines: string[];
  /** 1 where the line is inside a fenced code block (fence lines included). */
  fenced: Uint8Array;
  headings: Heading[];
  warnings: Diagnostic[];
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

function mayBeFence(line: string): boolean {
  for (let k = 0; k < 4 && k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 96 /* ` */ || c === 126 /* ~ */) return true;
    if (c !== 32) return false;
  }
  return false;
}

export function scanMarkdown(text: string, file?: string): ScannedDoc {
  const lines = splitLines(text);
  const fenced = new Uint8Array(lines.length);
  const headings: Heading[] = [];
  const warnings: Diagnostic[] = [];
  // For each fence character: the smallest fence length known to have no closer after the current line.
  const unclosedFrom: Record<string, number> = {};

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    // Only a line whose first non-space character (within 4) is ` or ~ can be a fence; only # starts a heading.
    const open = mayBeFence(line) ? FENCE.exec(line) : null;
    if (open) {
      const marker = open[1] as string;
      const ch = marker[0] as string;
      const info = open[2] ?? '';
      const isOpener = !(ch === '`' && info.includes('`'));
      const known = unclosedFrom[ch];
      if (isOpener && !(known !== undefined && marker.length >= known)) {
        let close = -1;
        for (let j = i + 1; j < lines.length; j++) {
          const m = mayBeFence(lines[j] as string) ? FENCE.exec(lines[j] as string) : null;
          if (m && (m[1] as string)[0] === ch && (m[1] as string).length >= marker.length && (m[2] ?? '').trim() === '') {
            close = j;
            break;
          }
        }
        if (close >= 0) {
          for (let j = i; j <= close; j++) fenced[j] = 1;
          i = close + 1;
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
    i++;
  }
  return { lines, fenced, headings, warnings };
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
  let end = doc.lines.length;
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
  const n = Math.min(maxLines, doc.lines.length);
  for (let i = 0; i < n; i++) {
    if (doc.fenced[i]) continue;
    const kv = parseMetadataLine(doc.lines[i] as string);
    if (!kv) continue;
    const key = kv.key.toLowerCase();
    if (!out.has(key)) out.set(key, { value: kv.value, line: i });
  }
  return out;
}

/** The text of lines [start, end) joined with \n. */
export function linesText(doc: ScannedDoc, start: number, end: number): string {
  return doc.lines.slice(start, end).join('\n');
}
