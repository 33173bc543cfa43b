/**
 * The one way the toolkit writes a file: a temporary file in the same folder, then a rename, so a reader never
 * sees half a file. An existing file is replaced only when the caller says so, and then its previous content is
 * kept as `<file>.bak` (the way back).
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ToolError } from './diagnostics.ts';

export interface WriteOptions {
  /** Replace an existing file (its previous content is kept as `<file>.bak`). */
  overwrite: boolean;
  /** What to tell the user when the file exists and `overwrite` is false. */
  refuseFix?: string;
}

/** Writes `text` to `file` atomically. Returns the backup path when an existing file was replaced. */
export function writeFileAtomically(file: string, text: string, opts: WriteOptions): string | undefined {
  const exists = existsSync(file);
  if (exists && !opts.overwrite) {
    throw new ToolError(`${file} already exists; nothing was written`, { file, fix: opts.refuseFix ?? 'Choose another file name, or ask for the file to be replaced.', code: 'E-EXISTS' });
  }
  const bak = `${file}.bak`;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    if (exists) {
      chmodSync(tmp, statSync(file).mode & 0o777);
      copyFileSync(file, bak);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ToolError(`Could not write ${file}: ${(err as Error).message}`, { file, fix: 'Check that the folder exists and is writable; the original file is unchanged.', code: 'E-WRITE', cause: err });
  }
  return exists ? bak : undefined;
}
