/**
 * The one position-aware JSON parser of the toolkit (RFC 8259), used for parallel.json and methodology.config.json:
 *
 * - every value keeps its source offset, so any JSON pointer can be turned into `line:column` (1-based; columns
 *   count UTF-16 code units, as editors and SARIF `utf16CodeUnits` do);
 * - duplicate keys are reported (the last value wins, as with JSON.parse);
 * - syntax errors carry a message and a position, never an exception;
 * - iterative (an explicit stack, no recursion), with a nesting limit so that nothing later can overflow.
 *
 * Fast path (every well-formed file): the value comes from the engine's JSON.parse; one cheap scan counts the keys
 * of the text, and a walk of the value counts its keys and depth. Equal counts mean no duplicate key, so nothing
 * else is needed until a diagnostic asks for a position: then only the containers on that pointer's path are
 * indexed (once each). `parseJsonTallied` leaves the keys of one array's elements to a caller that walks them
 * anyway (the parallel.json loader). Slow path (syntax error, duplicate key, nesting beyond MAX_DEPTH): the full
 * parser below, which records the offset of every value. Line starts are computed on first use only.
 */

/** Deepest nesting accepted (parallel.json needs about 6 levels). */
export const MAX_DEPTH = 512;

export interface Position {
  line: number;
  column: number;
}

interface ContainerMeta {
  start: number;
  /** Objects: keys in order of appearance (each once), with the offsets of the key and of its (last) value. */
  keys?: string[];
  keyOffs?: number[];
  /** Offsets of the values: per key (objects) or per element (arrays). */
  offs: number[];
}

export interface DuplicateKey {
  /** JSON pointer of the object holding the key. */
  pointer: string;
  key: string;
  firstOffset: number;
  secondOffset: number;
}

export interface JsonSyntaxError {
  message: string;
  offset: number;
}

export class JsonDocument {
  private lineStarts: number[] | undefined;
  constructor(
    readonly text: string,
    readonly value: unknown,
    /** Offsets of containers: complete after the full parser, filled on demand after the fast path. */
    private readonly meta: WeakMap<object, ContainerMeta>,
    readonly duplicates: DuplicateKey[],
  ) {}

  private metaOf(container: object, start: number): ContainerMeta {
    let m = this.meta.get(container);
    if (!m) {
      m = indexContainer(this.text, start);
      this.meta.set(container, m);
    }
    return m;
  }

  /**
   * Offset of the value at `pointer` (RFC 6901). When part of the path does not exist, the offset of the deepest
   * existing ancestor is returned with `exact: false` (a missing field is reported at its parent object).
   * With `key: true`, the offset of the member's key is returned instead of its value.
   */
  locate(pointer: string, opts: { key?: boolean } = {}): { offset: number; exact: boolean } {
    const segs = parsePointer(pointer);
    let cur: unknown = this.value;
    let offset = firstNonSpace(this.text);
    for (let k = 0; k < segs.length; k++) {
      const seg = segs[k] as string;
      if (!isContainer(cur)) return { offset, exact: false };
      const m = this.metaOf(cur, offset);
      if (Array.isArray(cur)) {
        if (!/^(0|[1-9]\d*)$/.test(seg)) return { offset, exact: false };
        const idx = Number(seg);
        const at = m.offs[idx];
        if (at === undefined) return { offset, exact: false };
        offset = at;
        cur = cur[idx];
      } else {
        const idx = m.keys?.lastIndexOf(seg) ?? -1;
        if (idx < 0) return { offset, exact: false };
        offset = (opts.key && k === segs.length - 1 ? m.keyOffs?.[idx] : m.offs[idx]) as number;
        cur = (cur as Record<string, unknown>)[seg];
      }
    }
    return { offset, exact: true };
  }

  /** 1-based line and column of an offset. */
  position(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** Position of the value at `pointer` (or of its deepest existing ancestor). */
  positionOf(pointer: string, opts: { key?: boolean } = {}): Position {
    return this.position(this.locate(pointer, opts).offset);
  }

  /** The source text of the number at `offset` (to show `1.10` rather than JavaScript's `1.1`). */
  rawNumberAt(offset: number): string {
    const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(offset, offset + 64));
    return m ? m[0] : '';
  }
}

export type ParseResult = { ok: true; doc: JsonDocument } | { ok: false; error: JsonSyntaxError; position: Position };

function isContainer(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  // Found by indexOf (native): this runs once per file, as cold code, where a loop over every character costs a
  // bytecode step each (~3 ms for a 25 KB parallel.json) against one call per line.
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapePointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segs: Array<string | number>): string {
  let out = base;
  for (const s of segs) out += '/' + escapePointerSegment(String(s));
  return out;
}

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  QUOTE = 34,
  PLUS = 43,
  COMMA = 44,
  MINUS = 45,
  DOT = 46,
  SLASH = 47,
  ZERO = 48,
  NINE = 57,
  COLON = 58,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125,
}

interface Frame {
  container: Record<string, unknown> | unknown[];
  meta: ContainerMeta;
  isArray: boolean;
  key: string;
  keyOffset: number;
}

function describeChar(text: string, i: number): string {
  if (i >= text.length) return 'end of input';
  const ch = text[i] as string;
  return ch === '"' ? `'"'` : `'${ch}'`;
}

/** Parses JSON text. Never throws on bad input. */
export function parseJson(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseJsonFull(text);
  }
  const keys = value !== null && typeof value === 'object' ? countKeys(value, 1) : 0;
  // Equal key counts mean no duplicate key; the cheap count of the text is tried first.
  if (!keysMatch(text, keys)) return parseJsonFull(text);
  return { ok: true, doc: new JsonDocument(text, value, new WeakMap(), []) };
}

/** Whether `keys`, the keys of the parsed value (−1: a container deeper than MAX_DEPTH), are all the text has. */
function keysMatch(text: string, keys: number): boolean {
  return keys >= 0 && (tightKeyCount(text) === keys || countKeysInText(text) === keys);
}

/**
 * The fast path's duplicate-key check, with the keys of some containers counted by the caller's own walk over
 * them (the loader visits every achievement object anyway): the value counts as free of duplicate keys, and of
 * containers deeper than MAX_DEPTH, only when `settled()` says so. Until then, nothing may recurse into a container
 * the caller has not counted yet.
 */
export class KeyTally {
  private keys: number;
  constructor(
    private readonly text: string,
    /** The containers left to the caller: the elements of `deferred`, each at nesting `depth`. */
    readonly deferred: readonly unknown[],
    readonly depth: number,
    counted: number,
  ) {
    this.keys = counted;
  }
  /** Adds `n` keys the caller counted itself (of containers holding no container). */
  add(n: number): void {
    if (this.keys >= 0) this.keys += n;
  }
  /** Adds the keys of `v` (any value) at nesting `depth`; false once a container lies too deep. */
  addValue(v: unknown, depth: number): boolean {
    if (this.keys < 0) return false;
    if (v !== null && typeof v === 'object') {
      const n = countKeys(v, depth);
      this.keys = n < 0 ? -1 : this.keys + n;
    }
    return this.keys >= 0;
  }
  /** True when the keys counted are every key of the text: no duplicate key, nothing too deep. */
  settled(): boolean {
    return keysMatch(this.text, this.keys);
  }
}

const NOTHING_DEFERRED: readonly unknown[] = Object.freeze([]);

/** Without a tally (the full parser's result), the value is checked already. */
export type TalliedParse = ParseResult & { tally?: KeyTally };

/**
 * `parseJson` for a document whose root object holds an array under `key` that the caller walks anyway: the keys
 * of that array's elements are left to the caller (`tally.deferred`, at nesting 3), the rest is counted here.
 * Once the caller has counted them, `tally.settled()` false means: parse again with `parseJsonFull`, which reports
 * the duplicate keys (or the nesting error). A syntax error is reported at once, by the full parser.
 */
export function parseJsonTallied(text: string, key: string): TalliedParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseJsonFull(text);
  }
  let deferred = NOTHING_DEFERRED;
  let keys = 0;
  if (value !== null && typeof value === 'object') {
    const list = Array.isArray(value) ? undefined : (value as Record<string, unknown>)[key];
    if (Array.isArray(list) && Object.prototype.hasOwnProperty.call(value, key)) {
      deferred = list;
      keys = countKeysBut(value as Record<string, unknown>, list);
    } else keys = countKeys(value, 1);
  }
  return { ok: true, doc: new JsonDocument(text, value, new WeakMap(), []), tally: new KeyTally(text, deferred, 3, keys) };
}

/** countKeys of a root object, without the keys inside the elements of its member array `skip`. */
function countKeysBut(root: Record<string, unknown>, skip: unknown[]): number {
  let keys = 0;
  for (const key in root) {
    if (!Object.prototype.hasOwnProperty.call(root, key)) continue;
    keys++;
    const x = root[key];
    if (x === skip || x === null || typeof x !== 'object') continue;
    const n = countKeys(x, 2);
    if (n < 0) return -1;
    keys += n;
  }
  return keys;
}

/**
 * Keys of a parsed container at nesting `depth` (the root is 1), or −1 when some container lies deeper than
 * MAX_DEPTH. Recursive, but never more than MAX_DEPTH + 1 frames deep: it stops there.
 */
function countKeys(v: object, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  let keys = 0;
  if (Array.isArray(v)) {
    for (let k = 0; k < v.length; k++) {
      const x: unknown = v[k];
      if (x === null || typeof x !== 'object') continue;
      const n = countKeys(x, depth + 1);
      if (n < 0) return -1;
      keys += n;
    }
    return keys;
  }
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
    keys++;
    const x = (v as Record<string, unknown>)[key];
    if (x === null || typeof x !== 'object') continue;
    const n = countKeys(x, depth + 1);
    if (n < 0) return -1;
    keys += n;
  }
  return keys;
}

/**
 * An upper bound of the keys of valid JSON text, or −1. Outside strings a colon follows a key: right after its
 * closing quote, or after white space. When no colon at all follows white space, every key is a colon right after
 * a quote, and other such colons are inside strings (after an escaped quote). One native search per colon instead
 * of one per string.
 */
function tightKeyCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    const c = text.charCodeAt(i - 1);
    if (c === C.QUOTE) n++;
    else if (c === C.SPACE || c === C.LF || c === C.CR || c === C.TAB) return -1;
  }
  return n;
}

/** End (exclusive) of the string starting at `i` (a quote) in valid JSON text. */
function skipString(text: string, i: number): number {
  let j = text.indexOf('"', i + 1);
  while (j > 0 && text.charCodeAt(j - 1) === C.BACKSLASH) {
    let b = j - 1;
    let n = 0;
    while (text.charCodeAt(b) === C.BACKSLASH) {
      n++;
      b--;
    }
    if (n % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j + 1;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === C.SPACE || c === C.LF || c === C.CR || c === C.TAB) i++;
    else return i;
  }
}

/** Number of object keys in valid JSON text: strings followed by a colon (exact). */
function countKeysInText(text: string): number {
  let keys = 0;
  let i = text.indexOf('"');
  while (i >= 0) {
    const end = skipString(text, i);
    if (text.charCodeAt(skipSpace(text, end)) === C.COLON) keys++;
    i = text.indexOf('"', end);
  }
  return keys;
}

/** Quotes and brackets: skipValue goes from one to the next by a native search, not a bytecode step per character. */
const STRUCTURAL = /["[\]{}]/g;

/** End (exclusive) of the value starting at `i` in valid JSON text. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === C.QUOTE) return skipString(text, i);
  if (c === C.LBRACE || c === C.LBRACKET) {
    let depth = 0;
    for (;;) {
      STRUCTURAL.lastIndex = i;
      if (!STRUCTURAL.test(text)) return text.length;
      i = STRUCTURAL.lastIndex - 1;
      const d = text.charCodeAt(i);
      if (d === C.QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (d === C.LBRACE || d === C.LBRACKET) depth++;
      else if (--depth === 0) return i + 1;
      i++;
    }
  }
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === C.COMMA || d === C.RBRACE || d === C.RBRACKET || d === C.SPACE || d === C.LF || d === C.CR || d === C.TAB) break;
    i++;
  }
  return i;
}

/** Offsets of the members of the container starting at `start` in valid JSON text. */
function indexContainer(text: string, start: number): ContainerMeta {
  const isArray = text.charCodeAt(start) === C.LBRACKET;
  const m: ContainerMeta = isArray ? { start, offs: [] } : { start, keys: [], keyOffs: [], offs: [] };
  let i = skipSpace(text, start + 1);
  const close = isArray ? C.RBRACKET : C.RBRACE;
  if (text.charCodeAt(i) === close) return m;
  for (;;) {
    if (!isArray) {
      const end = skipString(text, i);
      const raw = text.slice(i, end);
      (m.keys as string[]).push(raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1));
      (m.keyOffs as number[]).push(i);
      i = skipSpace(text, skipSpace(text, end) + 1);
    }
    m.offs.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) !== C.COMMA) return m;
    i = skipSpace(text, i + 1);
  }
}

/** The full position-recording parser: exact messages and positions for syntax errors, duplicate keys, depth. */
export function parseJsonFull(text: string): ParseResult {
  const meta = new WeakMap<object, ContainerMeta>();
  const duplicates: DuplicateKey[] = [];
  const n = text.length;
  let i = 0;

  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === C.SPACE || c === C.LF || c === C.CR || c === C.TAB) i++;
      else break;
    }
  };

  const readString = (): string => {
    // text[i] is the opening quote
    const start = ++i;
    let out = '';
    let chunk = start;
    for (;;) {
      if (i >= n) throw new SyntaxFailure('Unterminated string (missing closing quote)', start - 1);
      const c = text.charCodeAt(i);
      if (c === C.QUOTE) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c < 0x20) throw new SyntaxFailure(c === C.LF ? 'Unterminated string (line break inside a string)' : 'Control character inside a string (escape it)', i);
      if (c === C.BACKSLASH) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxFailure('Invalid \\u escape (expected 4 hexadecimal digits)', i);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            throw new SyntaxFailure(`Invalid escape sequence \\${e ?? ''}`, i);
        }
        i += 2;
        chunk = i;
        continue;
      }
      i++;
    }
  };

  const readNumber = (): number => {
    const start = i;
    if (text.charCodeAt(i) === C.MINUS) i++;
    const d0 = text.charCodeAt(i);
    if (d0 === C.ZERO) i++;
    else if (d0 > C.ZERO && d0 <= C.NINE) while (i < n && isDigit(text.charCodeAt(i))) i++;
    else throw new SyntaxFailure('Invalid number', start);
    if (text.charCodeAt(i) === C.DOT) {
      i++;
      if (!isDigit(text.charCodeAt(i))) throw new SyntaxFailure('Invalid number (digits expected after the decimal point)', start);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const s = text.charCodeAt(i);
      if (s === C.PLUS || s === C.MINUS) i++;
      if (!isDigit(text.charCodeAt(i))) throw new SyntaxFailure('Invalid number (digits expected in the exponent)', start);
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    return Number(text.slice(start, i));
  };

  const expectKey = (): [string, number] => {
    skipWs();
    if (text.charCodeAt(i) !== C.QUOTE) {
      if (text.charCodeAt(i) === C.RBRACE) throw new SyntaxFailure("Trailing comma before '}'", i);
      throw new SyntaxFailure(`Expected a property name in double quotes, found ${describeChar(text, i)}`, i);
    }
    const at = i;
    const key = readString();
    skipWs();
    if (text.charCodeAt(i) !== C.COLON) throw new SyntaxFailure(`Expected ':' after property name "${key}", found ${describeChar(text, i)}`, i);
    i++;
    return [key, at];
  };

  const pointerOf = (stack: Frame[]): string => {
    let p = '';
    for (const f of stack) p = joinPointer(p, f.isArray ? (f.container as unknown[]).length : f.key);
    return p;
  };

  const stack: Frame[] = [];
  let root: unknown;
  try {
    skipWs();
    if (i >= n) throw new SyntaxFailure('The file is empty (expected a JSON value)', 0);
    outer: for (;;) {
      skipWs();
      let vStart = i;
      let value: unknown;
      const c = text.charCodeAt(i);
      if (c === C.LBRACE || c === C.LBRACKET) {
        if (stack.length >= MAX_DEPTH) throw new SyntaxFailure(`Nesting deeper than ${MAX_DEPTH} levels`, i);
        const isArray = c === C.LBRACKET;
        const container: Record<string, unknown> | unknown[] = isArray ? [] : {};
        const m: ContainerMeta = isArray ? { start: i, offs: [] } : { start: i, keys: [], keyOffs: [], offs: [] };
        meta.set(container, m);
        i++;
        skipWs();
        if (text.charCodeAt(i) === (isArray ? C.RBRACKET : C.RBRACE)) {
          i++;
          value = container;
        } else if (isArray) {
          if (text.charCodeAt(i) === C.COMMA) throw new SyntaxFailure("Unexpected ',' (missing array element)", i);
          stack.push({ container, meta: m, isArray: true, key: '', keyOffset: 0 });
          continue outer;
        } else {
          const [key, at] = expectKey();
          stack.push({ container, meta: m, isArray: false, key, keyOffset: at });
          continue outer;
        }
      } else if (c === C.QUOTE) {
        value = readString();
      } else if (c === C.MINUS || isDigit(c)) {
        value = readNumber();
      } else if (text.startsWith('true', i)) {
        value = true;
        i += 4;
      } else if (text.startsWith('false', i)) {
        value = false;
        i += 5;
      } else if (text.startsWith('null', i)) {
        value = null;
        i += 4;
      } else if (i >= n) {
        throw new SyntaxFailure('Unexpected end of input (a value is missing)', i);
      } else if (c === C.RBRACKET && stack.length && stack[stack.length - 1]?.isArray) {
        throw new SyntaxFailure("Trailing comma before ']'", i);
      } else {
        throw new SyntaxFailure(`Unexpected ${describeChar(text, i)} (expected a JSON value)`, i);
      }
      // Attach `value` to its parent, closing containers as far as possible.
      for (;;) {
        const top = stack[stack.length - 1];
        if (!top) {
          root = value;
          break outer;
        }
        if (top.isArray) {
          const arr = top.container as unknown[];
          top.meta.offs.push(vStart);
          arr.push(value);
          skipWs();
          const d = text.charCodeAt(i);
          if (d === C.COMMA) {
            i++;
            skipWs();
            if (text.charCodeAt(i) === C.RBRACKET) throw new SyntaxFailure("Trailing comma before ']'", i);
            continue outer;
          }
          if (d === C.RBRACKET) {
            i++;
            stack.pop();
            value = arr;
            vStart = top.meta.start;
            continue;
          }
          throw new SyntaxFailure(i >= n ? "Unexpected end of input (missing ']')" : `Expected ',' or ']' after an array element, found ${describeChar(text, i)}`, i);
        }
        const obj = top.container as Record<string, unknown>;
        const m = top.meta;
        if (Object.prototype.hasOwnProperty.call(obj, top.key)) {
          // A duplicate key (rare): the last value wins, as with JSON.parse.
          const idx = (m.keys as string[]).indexOf(top.key);
          stack.pop();
          const ptr = pointerOf(stack);
          stack.push(top);
          duplicates.push({ pointer: ptr, key: top.key, firstOffset: (m.keyOffs as number[])[idx] as number, secondOffset: top.keyOffset });
          m.offs[idx] = vStart;
        } else {
          (m.keys as string[]).push(top.key);
          (m.keyOffs as number[]).push(top.keyOffset);
          m.offs.push(vStart);
        }
        if (top.key === '__proto__') Object.defineProperty(obj, '__proto__', { value, writable: true, enumerable: true, configurable: true });
        else obj[top.key] = value;
        skipWs();
        const d = text.charCodeAt(i);
        if (d === C.COMMA) {
          i++;
          const [key, at] = expectKey();
          top.key = key;
          top.keyOffset = at;
          continue outer;
        }
        if (d === C.RBRACE) {
          i++;
          stack.pop();
          value = obj;
          vStart = top.meta.start;
          continue;
        }
        throw new SyntaxFailure(i >= n ? "Unexpected end of input (missing '}')" : `Expected ',' or '}' after a property value, found ${describeChar(text, i)}`, i);
      }
    }
    skipWs();
    if (i < n) throw new SyntaxFailure(`Unexpected ${describeChar(text, i)} after the end of the JSON value`, i);
  } catch (err) {
    if (!(err instanceof SyntaxFailure)) throw err;
    const doc = new JsonDocument(text, undefined, meta, duplicates);
    return { ok: false, error: { message: err.message, offset: err.offset }, position: doc.position(err.offset) };
  }
  return { ok: true, doc: new JsonDocument(text, root, meta, duplicates) };
}

function isDigit(c: number): boolean {
  return c >= C.ZERO && c <= C.NINE;
}

/**
 * Canonical JSON text: two-space indentation, short arrays of primitives kept on one line (as people write
 * `"dependencies": ["1.1", "1.2"]`), a final newline. Input comes from `parseJson` (depth ≤ MAX_DEPTH).
 */
export function formatJson(value: unknown, width = 100): string {
  const out: string[] = [];
  write(value, '', out, width);
  return out.join('') + '\n';
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function write(v: unknown, indent: string, out: string[], width: number): void {
  if (isPrimitive(v)) {
    out.push(JSON.stringify(v) ?? 'null');
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    if (v.every(isPrimitive)) {
      const one = '[' + v.map((x) => JSON.stringify(x) ?? 'null').join(', ') + ']';
      if (one.length + indent.length <= width) {
        out.push(one);
        return;
      }
    }
    out.push('[\n');
    v.forEach((x, k) => {
      out.push(inner);
      write(x, inner, out, width);
      out.push(k < v.length - 1 ? ',\n' : '\n');
    });
    out.push(indent + ']');
    return;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{\n');
  entries.forEach(([k, x], idx) => {
    out.push(inner + JSON.stringify(k) + ': ');
    write(x, inner, out, width);
    out.push(idx < entries.length - 1 ? ',\n' : '\n');
  });
  out.push(indent + '}');
}
