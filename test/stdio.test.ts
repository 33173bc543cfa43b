import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isTerminal, writeAllSync } from '../scripts/lib/stdio.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A fake write(2): takes at most `max` bytes a call and fails as the script says, call by call. */
function fakeFd(script: Array<number | string>) {
  const chunks: Buffer[] = [];
  let call = 0;
  const write = (_fd: number, buf: Uint8Array, off: number, len: number): number => {
    const step = script[call++] ?? Infinity;
    if (typeof step === 'string') throw Object.assign(new Error(step), { code: step });
    const n = Math.min(len, step);
    chunks.push(Buffer.from(buf.subarray(off, off + n)));
    return n;
  };
  return { write, text: () => Buffer.concat(chunks).toString('utf8'), calls: () => call };
}

test('writeAllSync: partial writes and EAGAIN are continued until every byte is out', () => {
  const cases: Array<{ name: string; text: string; script: Array<number | string>; calls?: number }> = [
    { name: 'one write', text: 'hello\n', script: [], calls: 1 },
    { name: 'byte by byte', text: 'abc', script: [1, 1, 1], calls: 3 },
    { name: 'EAGAIN then the rest', text: 'abcdef', script: [2, 'EAGAIN', 'EAGAIN', 10], calls: 4 },
    { name: 'a partial write inside a multi-byte character', text: 'é✓😀', script: [1, 2, 3], calls: 4 },
    { name: 'empty text writes nothing', text: '', script: [], calls: 0 },
  ];
  for (const c of cases) {
    const fd = fakeFd(c.script);
    writeAllSync(1, c.text, fd.write);
    assert.equal(fd.text(), c.text, c.name);
    if (c.calls !== undefined) assert.equal(fd.calls(), c.calls, c.name);
  }
});

test('writeAllSync: a long text goes out in slices that never split a surrogate pair', () => {
  // 256 Ki characters a slice: put an emoji (two UTF-16 units) across every slice boundary.
  const slice = 256 * 1024;
  const text = 'a'.repeat(slice - 1) + '😀' + 'b'.repeat(slice - 2) + '😀' + 'c'.repeat(10);
  const fd = fakeFd([]);
  writeAllSync(1, text, fd.write);
  assert.equal(fd.text(), text);
  assert.ok(fd.calls() >= 3, 'more than one slice');
  assert.ok(!fd.text().includes('\ufffd'));
});

test('writeAllSync: slices of three-byte characters fit the reused buffer, and a later short text sends only its own bytes', () => {
  const slice = 256 * 1024;
  const wide = '✓'.repeat(slice + 5);
  const fd = fakeFd([]);
  writeAllSync(1, wide, fd.write);
  assert.equal(fd.text(), wide);
  assert.equal(fd.calls(), 2, 'one full slice of 768 KiB, then the rest');
  const short = fakeFd([]);
  writeAllSync(1, 'ok\n', short.write);
  assert.equal(short.text(), 'ok\n');
});

test('writeAllSync: errors other than EAGAIN reach the caller', () => {
  for (const code of ['EPIPE', 'ENOSPC', 'EBADF']) {
    const fd = fakeFd([2, code]);
    assert.throws(() => writeAllSync(1, 'abcdef', fd.write), (e: NodeJS.ErrnoException) => e.code === code);
    assert.equal(fd.text(), 'ab');
  }
});

test('isTerminal: a pipe or a file is no terminal, a failing fstat neither; a character device asks the stream', () => {
  assert.equal(isTerminal(1, () => ({ isCharacterDevice: () => false })), false);
  assert.equal(isTerminal(2, () => { throw Object.assign(new Error('EBADF'), { code: 'EBADF' }); }), false);
  // Under the test runner stdout is a pipe: the stream says no TTY.
  assert.equal(isTerminal(1, () => ({ isCharacterDevice: () => true })), process.stdout.isTTY === true);
});

const BIN = join(ROOT, 'dist', 'bin');

test('a bin whose reader has gone (| true) ends quietly with its own exit code; a usage error keeps exit 2', { timeout: 60_000, skip: !existsSync('/bin/bash') && 'no bash' }, () => {
  if (!existsSync(join(BIN, 'generate_completion_status.cjs'))) spawnSync(process.execPath, ['build/build.mjs'], { cwd: ROOT });
  // `true` exits at once, long before node has started: every write meets a pipe without a reader (EPIPE).
  const bin = `"${process.execPath}" "${join(BIN, 'generate_completion_status.cjs')}"`;
  const run = (args: string) =>
    spawnSync('/bin/bash', ['-c', `${bin} ${args} | true; echo "exit:\${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ok = run('--all --json --root examples');
  assert.equal(ok.stdout.trim(), 'exit:0', ok.stderr);
  assert.equal(ok.stderr, '');
  const usage = run('--bogus --json');
  assert.equal(usage.stdout.trim(), 'exit:2');
  assert.match(usage.stderr, /--bogus/);
  assert.doesNotMatch(usage.stderr, /EPIPE|\n\s+at /);
});
