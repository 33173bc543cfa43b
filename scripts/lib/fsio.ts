/**
 * File-system edge: every read of a workspace file goes through here, so that missing, unreadable, binary,
 * non-UTF-8 and oversized files all fail the same way: a ToolError naming the file, the problem and the fix.
 * Nothing here writes.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAscii } from 'node:buffer';
import { ToolError } from './diagnostics.ts';

/** Largest document the toolkit reads (methodology PLANs stay well under 1 MB; the corpus maximum is 120 KB). */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

function describeErrno(err: NodeJS.ErrnoException, file: string, what: string): ToolError {
  switch (err.code) {
    case 'ENOENT':
      return new ToolError(`${what} not found: ${file}`, { file, fix: 'Check the path, or run from inside the project (or pass --root).', code: 'E-NOT-FOUND', cause: err });
    case 'EACCES':
    case 'EPERM':
      return new ToolError(`${what} is not readable (permission denied): ${file}`, { file, fix: `Check its permissions: ls -l '${file}'`, code: 'E-UNREADABLE', cause: err });
    case 'EISDIR':
      return new ToolError(`Expected a file but found a folder: ${file}`, { file, fix: 'Name the markdown file inside the folder, or use @FOLDER to pick its PLAN.', code: 'E-IS-DIR', cause: err });
    case 'ELOOP':
      return new ToolError(`${what} is a symbolic link loop: ${file}`, { file, fix: 'Repair or remove the link.', code: 'E-UNREADABLE', cause: err });
    default:
      return new ToolError(`Cannot read ${what.toLowerCase()} ${file}: ${err.message}`, { file, fix: 'Check that the file exists and is readable.', code: 'E-UNREADABLE', cause: err });
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Bytes per piece of a large text that is not all ASCII (see decodePieces). */
export const DECODE_PIECE_BYTES = 16 * 1024;

/** Decodes the pieces after the first: a U+FEFF that starts one is text, not a BOM. */
const pieceDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 bytes as text, decoded piece by piece: ASCII pieces as a one-byte copy, the others by the validating
 * decoder. V8 decodes everything after the first non-ASCII byte of a text one character at a time (about 24 M
 * instructions for a 1 MB PLAN whose one emoji sits in its fifth line); pieces keep that slow part to the few that
 * hold such characters. A piece ends before the first byte of a character (it backs off at most three continuation
 * bytes), so each piece is valid exactly when its part of the whole is: a run of four continuation bytes is invalid
 * anyway, and the piece it starts is refused. Throws as the decoder does on invalid bytes; the first piece drops a
 * BOM as the decoder does on the whole text.
 */
function decodePieces(buf: Buffer): string {
  const pieces: string[] = [];
  for (let s = 0; s < buf.length; ) {
    let e = Math.min(s + DECODE_PIECE_BYTES, buf.length);
    for (const stop = e - 3; e < buf.length && e > stop && ((buf[e] as number) & 0xc0) === 0x80; ) e--;
    const piece = buf.subarray(s, e);
    pieces.push(isAscii(piece) ? piece.toString('latin1') : (s === 0 ? decoder : pieceDecoder).decode(piece));
    s = e;
  }
  return pieces.join('');
}

/** Decodes bytes as UTF-8 text, refusing binary and non-UTF-8 content. A BOM is dropped. */
export function decodeText(bytes: Uint8Array, file: string, json = false): string {
  if (bytes.includes(0)) {
    throw new ToolError(`Not a text file (it contains NUL bytes): ${file}`, {
      file,
      fix: json ? 'Point the command at a JSON text file.' : 'Point the command at a markdown (.md) document.',
      code: 'E-BINARY',
    });
  }
  // ASCII bytes (most JSON files and many documents) are their own UTF-8 decoding: one native check and a copy into
  // a one-byte string, instead of the validating decoder (about twice as fast on a 2 MB parallel.json).
  if (isAscii(bytes)) return asBuffer(bytes).toString('latin1');
  let text: string;
  try {
    text = bytes.length > 2 * DECODE_PIECE_BYTES ? decodePieces(asBuffer(bytes)) : decoder.decode(bytes);
  } catch {
    throw new ToolError(`Not valid UTF-8 text: ${file}`, {
      file,
      fix: `Convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 '${file}' > fixed.${json ? 'json' : 'md'}`,
      code: 'E-ENCODING',
    });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface ReadOptions {
  maxBytes?: number;
  /** Word used in messages: "PLAN file", "SUBPLAN" … */
  what?: string;
  /** A JSON file (parallel.json, configuration): the fixes name JSON, not markdown. */
  json?: boolean;
}

/** Size of the buffer that small files are read into (documents are a few KB; the corpus maximum is 120 KB). */
export const READ_BUFFER_BYTES = 64 * 1024;

/** The buffer readText reads small files into (one serves every call: the text is decoded, that is copied, before the next read). */
let readBuffer: Buffer | undefined;

/**
 * A small file's bytes, read from offset 0 into the shared buffer until a read returns nothing: no fstat (Node
 * builds a Stats object with four Dates for it) and no fresh buffer per file. Undefined when the checked read must
 * decide: a read that fails (a pipe cannot be read at an offset, a folder cannot be read at all) or a file that
 * fills the buffer or passes `max` bytes; nothing has then been consumed from the file (reads at an offset).
 */
function readSmall(fd: number, max: number): Uint8Array | undefined {
  const buf = (readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES));
  // Reaching `limit` bytes means: too large for the buffer, or more than `max` (the checked read says how large).
  const limit = Math.min(buf.length, Math.floor(max) + 1);
  // A negative (or no number for a) limit: the checked read reports it.
  if (!(limit > 0)) return undefined;
  let off = 0;
  for (;;) {
    let k: number;
    try {
      k = readSync(fd, buf, off, limit - off, off);
    } catch {
      return undefined;
    }
    if (k === 0) return buf.subarray(0, off);
    off += k;
    if (off >= limit) return undefined;
  }
}

/** Reads a whole text file with every safety check. */
export function readText(file: string, options: ReadOptions = {}): string {
  const what = options.what ?? 'File';
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw describeErrno(err as NodeJS.ErrnoException, file, what);
  }
  try {
    const small = readSmall(fd, max);
    if (small) return decodeText(small, file, options.json === true);
    // The checked read: open, fstat, read, close: the size is checked on the open file, before anything is read.
    let size: number;
    let regular: boolean;
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = st.size;
      regular = st.isFile();
    } catch (err) {
      throw describeErrno(err as NodeJS.ErrnoException, file, what);
    }
    if (size > max) {
      // Sizes that round alike (2.0 MiB against 2.0 MiB) are given in bytes.
      const [big, limit] = formatBytes(size) === formatBytes(max) ? [size, max].map((b) => `${b.toLocaleString('en')} bytes`) : [formatBytes(size), formatBytes(max)];
      throw new ToolError(`${what} is too large (${big}, the limit is ${limit}): ${file}`, {
        file,
        fix: options.json
          ? `Check that it is the right file: no ${what.toLowerCase()} needs ${formatBytes(size)}.`
          : 'Split the document (a PLAN should stay under ~900 lines), or raise limits.maxFileBytes in methodology.config.json.',
        code: 'E-TOO-LARGE',
      });
    }
    let bytes: Buffer;
    try {
      if (!regular) {
        // A pipe or device reports no size: read it to the end.
        bytes = readFileSync(fd);
      } else {
        // Exactly the size fstat gave (a file that grows meanwhile is read as it was).
        bytes = Buffer.allocUnsafe(size);
        let off = 0;
        while (off < size) {
          const k = readSync(fd, bytes, off, size - off, off);
          if (k === 0) break;
          off += k;
        }
        if (off < size) bytes = bytes.subarray(0, off);
      }
    } catch (err) {
      throw describeErrno(err as NodeJS.ErrnoException, file, what);
    }
    if (bytes.length > max) {
      throw new ToolError(`${what} is too large (more than ${formatBytes(max)}): ${file}`, { file, fix: 'Point the command at a regular file of at most that size.', code: 'E-TOO-LARGE' });
    }
    return decodeText(bytes, file, options.json === true);
  } finally {
    closeSync(fd);
  }
}

/** The buffer readHead reads into (one serves every call: the text is decoded, that is copied, before the next read). */
let headBuffer: Buffer | undefined;

/**
 * Reads the first `bytes` bytes of a file as text, for metadata headers. Returns '' for anything unreadable
 * (a header that cannot be read is simply absent; the caller falls back to the file name).
 */
export function readHead(file: string, bytes = 4096): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (!headBuffer || headBuffer.length < bytes) headBuffer = Buffer.allocUnsafe(bytes);
    const buf = headBuffer;
    const n = readSync(fd, buf, 0, bytes, 0);
    if (n < bytes) {
      // The whole file: Buffer's decoder replaces bad bytes as the lenient TextDecoder does (a BOM is dropped).
      // A NUL byte is never part of a multi-byte character: it decodes to U+0000, so the text tells (no view needed).
      const text = buf.toString('utf8', 0, n);
      if (text.includes('\0')) return '';
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    const slice = buf.subarray(0, n);
    if (slice.includes(0)) return '';
    // Cut at the last complete line; without one, a streaming decode holds back a split multi-byte character.
    const lastNl = slice.lastIndexOf(10);
    const usable = lastNl > 0 ? slice.subarray(0, lastNl) : slice;
    return new TextDecoder('utf-8').decode(usable, { stream: true });
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What a path that is no regular file is, for messages: 'a directory', 'a FIFO (named pipe)', 'a device' … */
export function kindOfStats(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'something else';
}

/**
 * 'a FIFO (named pipe)', 'a device', 'a socket' (or, with `orDir`, 'a directory'; with `orBroken`, 'a broken
 * symbolic link') for a path that exists but is no regular file; undefined for a regular file or nothing at all.
 */
export function specialKindAt(path: string, opts: { orDir?: boolean; orBroken?: boolean } = {}): string | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    if (!opts.orBroken) return undefined;
    try {
      return lstatSync(path).isSymbolicLink() ? 'a broken symbolic link (its target does not exist)' : undefined;
    } catch {
      return undefined;
    }
  }
  if (st.isFile() || (st.isDirectory() && !opts.orDir)) return undefined;
  return kindOfStats(st);
}

export interface Entry {
  name: string;
  path: string;
  isDir: boolean;
  isFile: boolean;
  /** A symbolic link whose target does not exist. */
  broken: boolean;
}

/**
 * The entries of a folder; a missing one has none. A folder that exists but cannot be listed is an error: read as
 * empty, it would silently hide documents (an unreadable subplans/ made an achievement look undesigned).
 */
function direntsOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
    if (e.code === 'EACCES' || e.code === 'EPERM') {
      throw new ToolError(`Folder is not readable (permission denied): ${dir}`, {
        file: dir,
        fix: `Check its permissions: ls -ld '${dir}' (the toolkit lists it to know which documents exist).`,
        code: 'E-UNREADABLE',
        cause: err,
      });
    }
    throw new ToolError(`Cannot list folder ${dir}: ${e.message}`, { file: dir, fix: 'Check that the folder is readable.', code: 'E-UNREADABLE', cause: err });
  }
}

/** Lists a folder; a missing folder is an empty list, an unreadable one an error. Symbolic links are followed; broken ones are flagged. */
export function listDir(dir: string): Entry[] {
  const out: Entry[] = [];
  for (const d of direntsOf(dir)) {
    const path = `${dir}/${d.name}`;
    if (d.isSymbolicLink()) {
      try {
        const st = statSync(path);
        out.push({ name: d.name, path, isDir: st.isDirectory(), isFile: st.isFile(), broken: false });
      } catch {
        out.push({ name: d.name, path, isDir: false, isFile: false, broken: true });
      }
    } else out.push({ name: d.name, path, isDir: d.isDirectory(), isFile: d.isFile(), broken: false });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

/** Names of the files in a folder (symbolic links followed), sorted; a missing folder is an empty list. */
export function listFiles(dir: string): string[] {
  const dirents = direntsOf(dir);
  // Sized once and trimmed (plan folders hold thousands of names); an indexed loop allocates no iterator results.
  const names = new Array<string>(dirents.length);
  let n = 0;
  for (let k = 0; k < dirents.length; k++) {
    const d = dirents[k] as Dirent;
    if (d.isFile()) names[n++] = d.name;
    else if (d.isSymbolicLink()) {
      try {
        if (statSync(`${dir}/${d.name}`).isFile()) names[n++] = d.name;
      } catch {
        // A broken link is no document.
      }
    }
  }
  names.length = n;
  // Code-unit order, as listDir sorts.
  return names.sort();
}

export function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
