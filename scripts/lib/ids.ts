/**
 * The one id codec of the toolkit.
 *
 * Achievement ids are dotted (`2.1`, `3.5.1`). File names carry a compact code: the id with its dots removed
 * (`2.1` → `21`, `0.1` → `01`, `10.2` → `102`). The encoding is lossy (`1.11` and `11.1` both give `111`), so
 * decoding always goes through the plan's known ids; collisions among those ids are reported.
 */

/** A dotted achievement id: two or three decimal parts. */
export const ID_PATTERN = /^\d+\.\d+(?:\.\d+)?$/;
/** The same grammar, for use inside larger regular expressions. */
export const ID_SOURCE = String.raw`\d+\.\d+(?:\.\d+)?`;

export function isAchievementId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** `2.1` → `21`. */
export function encodeId(id: string): string {
  // Ids of two parts (nearly all): the parts either side of the one dot, without replaceAll's general search.
  const dot = id.indexOf('.');
  if (dot < 0) return id;
  return id.indexOf('.', dot + 1) < 0 ? id.slice(0, dot) + id.slice(dot + 1) : id.replaceAll('.', '');
}

/**
 * Numeric, part-by-part order: 1.2 < 1.10 < 2.0; a missing part sorts first (3.5 < 3.5.1). Parts are compared as
 * digit strings (leading zeros stripped, then the shorter is the smaller, then character by character), never as
 * JavaScript numbers: those lose precision past 2^53, so 1.100000000000000000001 and 1.100000000000000000000
 * would compare equal. Parts that are not digits (an id that failed validation) order the same way, so the order
 * stays total. Returns −1, 0 or 1.
 */
export function compareIds(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  const n = Math.max(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = compareDigits(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

/** Two unsigned decimal strings by value: `007` = `7` < `10`. */
function compareDigits(x: string, y: string): number {
  let i = 0;
  let j = 0;
  while (i < x.length - 1 && x.charCodeAt(i) === 48 /* 0 */) i++;
  while (j < y.length - 1 && y.charCodeAt(j) === 48) j++;
  const lx = x.length - i;
  const ly = y.length - j;
  if (lx !== ly) return lx < ly ? -1 : 1;
  for (; i < x.length; i++, j++) {
    const d = x.charCodeAt(i) - y.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export interface IdCollision {
  code: string;
  ids: string[];
}

export interface IdCodec {
  /** The ids a code may stand for in this plan (empty when none). */
  decode(code: string): readonly string[];
  /**
   * The one id a code stands for; undefined when it stands for none or for several (ask `decode`). No list is made:
   * the evidence scan asks it for every document of a plan.
   */
  sole(code: string): string | undefined;
  /** The code of each id the codec was made from, in that order (`codes[k]` is `encodeId(ids[k])`). */
  readonly codes: readonly string[];
  /** Codes that stand for more than one of the plan's ids. */
  collisions: IdCollision[];
}

/** The last codec made, and a copy of its ids: the loader and the evidence scan usually ask for the same ids. */
let lastIds: readonly string[] = [];
let lastCodec: IdCodec | undefined;

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** A codec over one plan's ids. */
export function codecFor(ids: readonly string[]): IdCodec {
  if (lastCodec && sameIds(ids, lastIds)) return lastCodec;
  lastCodec = makeCodec(ids);
  lastIds = ids.slice();
  return lastCodec;
}

/**
 * Most codes stand for one id: the table holds that id itself, and makes its list on the first decode of the code
 * (the loader only asks for the collisions, the evidence scan decodes a part of the codes).
 */
function makeCodec(ids: readonly string[]): IdCodec {
  const byCode = new Map<string, string | string[]>();
  // Kept for the evidence scan, which needs the code of every achievement (no second encodeId pass).
  const codes = new Array<string>(ids.length);
  let shared = false;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as string;
    const code = encodeId(id);
    codes[k] = code;
    const seen = byCode.get(code);
    if (seen === undefined) byCode.set(code, id);
    else if (typeof seen !== 'string') {
      if (!seen.includes(id)) seen.push(id);
    } else if (seen !== id) {
      byCode.set(code, [seen, id]);
      shared = true;
    }
  }
  const collisions: IdCollision[] = [];
  if (shared) {
    byCode.forEach((v, code) => {
      if (typeof v !== 'string') collisions.push({ code, ids: [...v] });
    });
  }
  const none: readonly string[] = Object.freeze([]);
  return {
    decode: (code) => {
      const v = byCode.get(code);
      if (v === undefined) return none;
      if (typeof v !== 'string') return v;
      const list = [v];
      byCode.set(code, list);
      return list;
    },
    sole: (code) => {
      const v = byCode.get(code);
      if (typeof v === 'string') return v;
      return v !== undefined && v.length === 1 ? v[0] : undefined;
    },
    codes,
    collisions,
  };
}

/**
 * The legacy reading of a code that matches none of the plan's ids: first digit major, the rest minor.
 * Only for messages about files whose id is unknown ("APPROVED_99.md → 9.9"); never used to link evidence.
 */
export function guessIdFromCode(code: string): string {
  if (code.length < 2) return code;
  return `${code[0]}.${code.slice(1)}`;
}
