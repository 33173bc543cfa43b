/**
 * Standard output and standard error, written straight to file descriptors 1 and 2.
 *
 * `process.stdout` and `process.stderr` are built on first use, and building them is not cheap: a pipe becomes a
 * net.Socket, a terminal a tty.WriteStream, each loading the stream, net and tty modules. On a pipe (a git hook, a
 * Makefile chain, `| jq`) touching `process.stdout` costs about half as many instructions as starting Node at all
 * (measured with callgrind: 45 M against 90 M for `node -e 0`), which is most of what these scripts add to a cold
 * start. Node writes to files and pipes synchronously on Linux anyway; writing with `fs.writeSync` keeps that
 * behaviour without the streams. Only the question "is this a terminal?" still needs a stream, and only for a
 * character device (a terminal or /dev/null), never for a pipe or a file.
 */
import { fstatSync, writeSync } from 'node:fs';

/** Largest slice of a string encoded at once: a 6 MB report never needs a 6 MB Buffer. */
const SLICE = 256 * 1024;
const pause = new Int32Array(new SharedArrayBuffer(4));
/**
 * The bytes of each slice are encoded into this one buffer, grown when a slice may not fit: UTF-8 takes at most
 * three bytes per UTF-16 code unit. A fresh Buffer per slice would be a fresh allocation (and page faults) for each
 * of the hundred pieces of a 6 MB report; a short prompt still gets a buffer of its own size only.
 */
let scratch: Buffer | undefined;

type Write = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/**
 * Writes all of `text` to `fd`: partial writes are continued, and EAGAIN (a pipe that another process sharing it
 * switched to non-blocking mode, with the reader behind) waits a millisecond or a few and tries again. Any other
 * error (EPIPE, ENOSPC, EBADF) is thrown, with part of the text possibly written.
 */
export function writeAllSync(fd: number, text: string, write: Write = writeSync): void {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + SLICE);
    // Never split a surrogate pair between two slices (each would be encoded as U+FFFD).
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    if (!scratch || scratch.length < (end - start) * 3) scratch = Buffer.allocUnsafe((end - start) * 3);
    const bytes = scratch;
    const length = bytes.write(start === 0 && end === text.length ? text : text.slice(start, end), 0, 'utf8');
    for (let off = 0, waits = 0; off < length; ) {
      try {
        off += write(fd, bytes, off, length - off);
        waits = 0;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        Atomics.wait(pause, 0, 0, Math.min(1 + waits++, 50));
      }
    }
    start = end;
  }
}

/**
 * True when `fd` (1 or 2) is a terminal. A pipe or a file is answered by one fstat, without building the stream;
 * only a character device asks the stream (which then loads tty).
 */
export function isTerminal(fd: 1 | 2, stat: (fd: number) => { isCharacterDevice(): boolean } = fstatSync): boolean {
  try {
    if (!stat(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}
