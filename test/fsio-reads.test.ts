/**
 * readText's two reads: small files go through one shared buffer (read until a read returns nothing, no fstat);
 * larger ones, pipes, folders and files past the limit through the checked read (fstat, size first). Both must give
 * the same texts and the same errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import { READ_BUFFER_BYTES, readHead, readText } from '../scripts/lib/fsio.ts';
import { tempDir } from './helpers.ts';

const dir = tempDir('fsio-reads-');
const write = (name: string, content: string | Buffer): string => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};

/** `n` bytes of text: lines with a two-byte character, cut to exactly n bytes at a character boundary. */
function textOf(n: number): string {
  const line = 'é line of text\n';
  let s = line.repeat(Math.ceil(n / Buffer.byteLength(line)) + 1);
  while (Buffer.byteLength(s) > n) s = s.slice(0, -1);
  if (Buffer.byteLength(s) < n) s += 'x';
  assert.equal(Buffer.byteLength(s), n);
  return s;
}

for (const n of [0, 1, READ_BUFFER_BYTES - 1, READ_BUFFER_BYTES, READ_BUFFER_BYTES + 1, 3 * READ_BUFFER_BYTES]) {
  test(`readText: a ${n}-byte file is read whole, either side of the shared buffer's size`, () => {
    const text = textOf(n);
    assert.equal(readText(write(`size-${n}.md`, text)), text);
  });
}

test('readText: a folder is refused, and a pipe whose writer pauses is read to its end (a short read is no end)', async () => {
  const d = join(dir, 'now-a-folder.md');
  mkdirSync(d);
  assert.throws(() => readText(d), (e: unknown) => e instanceof ToolError && e.code === 'E-IS-DIR');
  if (process.platform === 'win32') return;
  const fifo = join(dir, 'now-a-pipe.md');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // The writer writes in two parts: a pipe's short read is no end.
  const writer = spawn(process.execPath, ['-e', `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(fifo)}, 'w'); fs.writeSync(fd, 'one\\n'); setTimeout(() => { fs.writeSync(fd, 'two\\n'); fs.closeSync(fd); }, 200);`]);
  assert.equal(readText(fifo), 'one\ntwo\n');
  await new Promise((r) => writer.on('exit', r));
});

test('readText: a small file read after a larger one carries none of its bytes', () => {
  const big = 'b'.repeat(READ_BUFFER_BYTES - 10);
  assert.equal(readText(write('first.md', big)), big);
  assert.equal(readText(write('second.md', 'short\n')), 'short\n');
  assert.equal(readText(write('third.md', '')), '');
});

test('readText: a BOM is dropped, binary and non-UTF-8 small files fail as large ones do', () => {
  assert.equal(readText(write('bom.md', Buffer.from([0xef, 0xbb, 0xbf, 0x61]))), 'a');
  for (const [name, pad, code] of [
    ['nul', Buffer.from([0x61, 0x00]), 'E-BINARY'],
    ['bad', Buffer.from([0x61, 0xc3]), 'E-ENCODING'],
  ] as const) {
    for (const size of ['small', 'large'] as const) {
      const body = size === 'small' ? pad : Buffer.concat([Buffer.alloc(2 * READ_BUFFER_BYTES, 0x61), pad]);
      const f = write(`${name}-${size}.md`, body);
      assert.throws(
        () => readText(f),
        (e: unknown) => e instanceof ToolError && e.code === code && e.file === f,
        `${name} ${size}`,
      );
    }
  }
});

test('readText: the limit is exact below and above the shared buffer size, and the message gives the size', () => {
  const f = write('limit.md', 'x'.repeat(1000));
  assert.equal(readText(f, { maxBytes: 1000 }).length, 1000);
  assert.throws(() => readText(f, { maxBytes: 999 }), (e: unknown) => e instanceof ToolError && e.code === 'E-TOO-LARGE' && e.message.startsWith('File is too large (1000 B, the limit is 999 B)'));
  assert.throws(() => readText(f, { maxBytes: 0 }), (e: unknown) => e instanceof ToolError && e.code === 'E-TOO-LARGE' && e.message.includes('(1000 B, the limit is 0 B)'));
  assert.equal(readText(write('zero.md', ''), { maxBytes: 0 }), '');
  // Limits that are no whole number of bytes: as the checked read compares them.
  assert.equal(readText(f, { maxBytes: 1000.5 }).length, 1000);
  assert.throws(() => readText(f, { maxBytes: 999.5 }), (e: unknown) => e instanceof ToolError && e.code === 'E-TOO-LARGE');
  assert.throws(() => readText(write('zero-neg.md', ''), { maxBytes: -1 }), (e: unknown) => e instanceof ToolError && e.code === 'E-TOO-LARGE');
  assert.equal(readText(f, { maxBytes: Number.NaN }).length, 1000);
  assert.equal(readText(f, { maxBytes: Number.POSITIVE_INFINITY }).length, 1000);
  const big = write('limit-big.md', 'y'.repeat(READ_BUFFER_BYTES + 5));
  assert.equal(readText(big, { maxBytes: READ_BUFFER_BYTES + 5 }).length, READ_BUFFER_BYTES + 5);
  assert.throws(() => readText(big, { maxBytes: READ_BUFFER_BYTES + 4 }), (e: unknown) => e instanceof ToolError && e.code === 'E-TOO-LARGE' && e.message.includes('(65,541 bytes, the limit is 65,540 bytes)'));
});

test('readText: a folder is refused with the same error whatever its size', () => {
  const d = join(dir, 'a-folder.md');
  mkdirSync(d);
  assert.throws(() => readText(d, { what: 'SUBPLAN' }), (e: unknown) => e instanceof ToolError && e.code === 'E-IS-DIR' && e.message === `Expected a file but found a folder: ${d}`);
});

test('readText: a device is read to its end (/dev/null is empty)', { skip: existsSync('/dev/null') ? false : 'no /dev/null' }, () => {
  assert.equal(readText('/dev/null'), '');
});

test('readHead: a file shorter than the window is empty exactly when it holds a NUL byte, whatever surrounds it', () => {
  // Random short byte strings biased to NUL, lead and continuation bytes (a NUL after a cut multi-byte lead).
  let x = 12345;
  const next = () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const alphabet = [0x00, 0x0a, 0x41, 0x80, 0xbf, 0xc3, 0xe2, 0xef, 0xbb, 0xf0, 0xff];
  for (let k = 0; k < 400; k++) {
    const bytes = Buffer.from(Array.from({ length: 1 + (next() % 12) }, () => alphabet[next() % alphabet.length] as number));
    const f = write('head-random.md', bytes);
    const text = bytes.toString('utf8');
    const want = bytes.includes(0) ? '' : text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    assert.equal(readHead(f, 64), want, `bytes ${bytes.toString('hex')}`);
  }
});

test('readHead: a NUL byte in a window-sized head (the cut path) also gives an empty text', () => {
  assert.equal(readHead(write('head-nul-big.md', Buffer.concat([Buffer.from('abc\n'), Buffer.from([0]), Buffer.alloc(100, 0x61)])), 16), '');
  assert.equal(readHead(write('head-big.md', `${'abc\n'.repeat(10)}`), 16), 'abc\nabc\nabc\nabc');
});
