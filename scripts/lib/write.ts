/**
 * The one way the toolkit writes a file: a temporary file in the same folder, then a rename, so a reader never
 * sees half a file. An existing file is replaced only when the caller says so, and then its previous content is
 * kept as `<file>.bak` (the way back); a `.bak` that holds something else is moved to `<file>.bak.N` first, so
 * no earlier content is ever lost.
 *
 * - A symbolic link is written through: its target is replaced and the link stays a link.
 * - Only regular files are replaced: a directory, device, FIFO or socket is refused before anything is written
 *   (renaming over /dev/null would replace the device; reading a FIFO for the backup would block).
 */
import { chmodSync, closeSync, copyFileSync, existsSync, lstatSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ToolError } from './diagnostics.ts';
import { isDir, kindOfStats } from './fsio.ts';

export interface WriteOptions {
  /** Replace an existing file (its previous content is kept as `<file>.bak`). */
  overwrite: boolean;
  /** What to tell the user when the file exists and `overwrite` is false. */
  refuseFix?: string;
  /** How long to wait for another writer of the same file (default 10 s). */
  lockWaitMs?: number;
}

export interface WriteResult {
  /** The file written (the target of a symbolic link when `file` was one). */
  written: string;
  /** Where the replaced content was kept. */
  backup?: string;
  /** Where an earlier, different `.bak` was moved so that the new backup does not destroy it. */
  olderBackup?: string;
}

function statOrUndefined(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

const LOCK_WAIT_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Takes the write lock of `target` (`.<name>.lock` beside it, holding the writer's pid), waiting while another live
 * writer holds it; a lock left by a process that no longer runs is taken over. Returns its release.
 */
function acquireLock(target: string, waitMs: number): () => void {
  const lock = join(dirname(target), `.${shortened(basename(target), 200)}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(lock)) return () => rmSync(lock, { force: true });
    // A lock whose writer is gone is broken, by one process at a time (holding `<lock>.break`), which reads it again
    // under that guard: a fresh lock made in the meantime by another writer is never removed.
    if (isStale(lock) && tryCreate(`${lock}.break`, true)) {
      try {
        if (isStale(lock)) rmSync(lock, { force: true });
      } finally {
        rmSync(`${lock}.break`, { force: true });
      }
      continue;
    }
    if (Date.now() > deadline) {
      const holder = Number(readFileOr(lock));
      throw new ToolError(`Another command (process ${holder || '?'}) is writing ${target}; nothing was written`, {
        file: target,
        fix: `Wait for it and run the command again; if no such command runs, remove ${lock}.`,
        code: 'E-LOCKED',
      });
    }
    Atomics.wait(sleeper, 0, 0, 20);
  }
}

/**
 * Creates `path` holding this process's pid; false when it exists. A guard (`<lock>.break`) older than a few seconds
 * is left by a process that died while breaking a lock: it is replaced. A file that cannot be written (a full disk)
 * is removed again before the error is passed on.
 */
function tryCreate(path: string, guard = false): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (guard && ageMs(path) > 5_000) rmSync(path, { force: true });
    return false;
  }
  try {
    writeSync(fd, String(process.pid));
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
  return true;
}

/** The lock's writer no longer runs; or it holds no pid (its writer died before writing one) and is not new. */
function isStale(lock: string): boolean {
  const text = readFileOr(lock);
  const holder = Number(text);
  if (text !== '' && Number.isInteger(holder) && holder > 0) return !isAlive(holder);
  return ageMs(lock) > 2_000;
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function readFileOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `name` cut to at most `bytes` bytes of UTF-8 (whole characters). */
function shortened(name: string, bytes: number): string {
  if (Buffer.byteLength(name) <= bytes) return name;
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/** The first `<bak>.N` (N ≥ 1) that does not exist. */
function freeNumbered(bak: string): string {
  for (let n = 1; ; n++) if (!existsSync(`${bak}.${n}`)) return `${bak}.${n}`;
}

/** Writes `text` to `file` atomically. */
export function writeFileAtomically(file: string, text: string, opts: WriteOptions): WriteResult {
  let existed = false;
  let tmpName = '';
  const fail = (err: unknown): never => {
    if (err instanceof ToolError) throw err;
    // The reason in words (the system's message names the temporary file, which the user never asked for).
    const e = err as NodeJS.ErrnoException;
    const why: Record<string, string> = {
      ENOENT: isDir(dirname(file)) ? 'a file it needed disappeared while it wrote (another program changed the folder at the same time)' : 'its folder does not exist',
      ENOTDIR: 'part of its path is a file, not a folder',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOSPC: 'no space left on the device',
      EDQUOT: 'the disk quota is exhausted',
      EISDIR: 'it is a directory',
      EEXIST: `a leftover temporary file is in the way (${basename(tmpName)})`,
      ENAMETOOLONG: 'the file name is too long for the file system',
    };
    const fix =
      e.code === 'ENAMETOOLONG'
        ? `Choose a shorter name${existed ? ' (the backup adds .bak to it)' : ''}.`
        : e.code === 'EROFS'
          ? 'Write to a file system that is not read-only (another path).'
          : e.code === 'ENOSPC' || e.code === 'EDQUOT'
        ? 'Free some space (or write elsewhere) and run the command again.'
        : (e.code === 'ENOENT' && !isDir(dirname(file))) || e.code === 'ENOTDIR'
          ? `Create the folder ${dirname(file)}/ first, or choose another path.`
          : 'Check that the folder is writable (ls -ld), or choose another path.';
    const kept = existed ? ' The file was left as it was.' : ' Nothing was written.';
    // Any other cause: the system's words without the path they name (the temporary file's).
    const said = (e.code && why[e.code]) ?? (e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '[^']*'$/, '') || e.code || 'unknown error');
    throw new ToolError(`Could not write ${file}: ${said}.${kept}`, { file, fix: e.code === 'EEXIST' ? `Remove ${tmpName} (left by a run that was killed) and run the command again.` : fix, code: 'E-WRITE', cause: err });
  };
  let target = file;
  let st: Stats | undefined;
  try {
    const link = statOrUndefined(file, false);
    if (link?.isSymbolicLink()) {
      st = statOrUndefined(file, true);
      if (!st) {
        throw new ToolError(`${file} is a symbolic link to a file that does not exist; nothing was written`, { file, fix: 'Point the link at an existing file, remove it, or choose another file name.', code: 'E-NOT-FILE' });
      }
      target = realpathSync(file);
    } else st = link;
  } catch (err) {
    fail(err);
  }
  // One writer at a time per file (two `--write` runs started together, `make -j`): the second waits for the first,
  // then sees its result (and keeps it as the backup) instead of racing it for the .bak.
  // Refused before the lock is taken (a device, a FIFO, an existing file without overwrite), and again under it.
  refusals(file, st, opts);
  let release: () => void = () => {};
  try {
    release = acquireLock(target, opts.lockWaitMs ?? LOCK_WAIT_MS);
    // What is there now (a writer that held the lock may have just created or replaced it).
    st = statOrUndefined(target, true);
  } catch (err) {
    release();
    fail(err);
  }
  try {
    return writeUnlocked(file, target, st, text, opts, fail, (t, e) => {
      tmpName = t;
      existed = e;
    });
  } finally {
    release();
  }
}

/** What is refused before anything is written: a target that is no regular file, an existing one without overwrite. */
function refusals(file: string, st: Stats | undefined, opts: WriteOptions): void {
  if (st && !st.isFile()) {
    throw new ToolError(`${file} is ${kindOfStats(st)}, not a regular file; nothing was written`, {
      file,
      fix: 'Name a regular file. To send the output somewhere else, leave the file option out and redirect standard output (> FILE or | command).',
      code: 'E-NOT-FILE',
    });
  }
  if (st && !opts.overwrite) {
    throw new ToolError(`${file} already exists; nothing was written`, { file, fix: opts.refuseFix ?? 'Choose another file name, or ask for the file to be replaced.', code: 'E-EXISTS' });
  }
}

function writeUnlocked(
  file: string,
  target: string,
  st: Stats | undefined,
  text: string,
  opts: WriteOptions,
  fail: (err: unknown) => never,
  note: (tmp: string, existed: boolean) => void,
): WriteResult {
  refusals(file, st, opts);
  const exists = st !== undefined;
  const result: WriteResult = { written: target };
  const bak = `${target}.bak`;
  // The temporary name stays within the 255 bytes a file name may have, however long the target's is.
  const tmp = join(dirname(target), `.${shortened(basename(target), 200)}.${process.pid}.tmp`);
  note(tmp, exists);
  let movedBak: string | undefined;
  try {
    if (exists) {
      const old = statOrUndefined(bak, false);
      if (old && !old.isFile()) {
        throw new ToolError(`${bak} is ${kindOfStats(old)}, not a regular file, so the previous version of ${file} cannot be kept there; nothing was written`, {
          file: bak,
          fix: `Move ${bak} out of the way and run the command again.`,
          code: 'E-NOT-FILE',
        });
      }
      // A .bak with other content than the file being replaced is someone's earlier version: keep it.
      if (old && !readFileSync(bak).equals(readFileSync(target))) {
        movedBak = freeNumbered(bak);
        renameSync(bak, movedBak);
      }
    }
    writeFileSync(tmp, text, { flag: 'wx' });
    if (exists) {
      chmodSync(tmp, statSync(target).mode & 0o777);
      copyFileSync(target, bak);
      result.backup = bak;
    }
    renameSync(tmp, target);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Not ours to remove (something else by that name).
    }
    // Put an earlier backup back where it was when nothing was written.
    if (movedBak && !result.backup) {
      try {
        renameSync(movedBak, bak);
      } catch {
        // It stays at movedBak; the message below names the failure.
      }
    }
    fail(err);
  }
  if (movedBak) result.olderBackup = movedBak;
  return result;
}

/** "previous version kept as X.bak" (and where an older .bak went), for the messages of the writing scripts. */
export function describeBackup(r: WriteResult, show: (path: string) => string = (p) => p): string {
  if (!r.backup) return '';
  return `previous version kept as ${show(r.backup)}${r.olderBackup ? `; the older ${basename(r.backup)} was moved to ${show(r.olderBackup)}` : ''}`;
}
