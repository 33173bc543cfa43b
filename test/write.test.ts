/** The one writer (scripts/lib/write.ts): atomic replace, backups that never destroy an earlier one, links, non-files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import { describeBackup, writeFileAtomically } from '../scripts/lib/write.ts';

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'write-'));
  for (const [k, v] of Object.entries(files)) writeFileSync(join(d, k), v);
  return d;
}

function contents(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(d).sort()) if (lstatSync(join(d, n)).isFile()) out[n] = readFileSync(join(d, n), 'utf8');
  return out;
}

const cases: Array<{ name: string; files: Record<string, string>; overwrite: boolean; expect: Record<string, string> | RegExp; backup?: boolean; older?: string }> = [
  { name: 'a new file', files: {}, overwrite: false, expect: { 'f.txt': 'new' } },
  { name: 'an existing file without overwrite is refused', files: { 'f.txt': 'old' }, overwrite: false, expect: /already exists; nothing was written/ },
  { name: 'replacing keeps the previous version as .bak', files: { 'f.txt': 'old' }, overwrite: true, expect: { 'f.txt': 'new', 'f.txt.bak': 'old' }, backup: true },
  { name: 'a .bak equal to the current file is simply renewed', files: { 'f.txt': 'old', 'f.txt.bak': 'old' }, overwrite: true, expect: { 'f.txt': 'new', 'f.txt.bak': 'old' }, backup: true },
  {
    name: 'a different .bak is moved to .bak.1 first',
    files: { 'f.txt': 'old', 'f.txt.bak': 'precious' },
    overwrite: true,
    expect: { 'f.txt': 'new', 'f.txt.bak': 'old', 'f.txt.bak.1': 'precious' },
    backup: true,
    older: 'f.txt.bak.1',
  },
  {
    name: '… or to the first free number',
    files: { 'f.txt': 'old', 'f.txt.bak': 'precious', 'f.txt.bak.1': 'older' },
    overwrite: true,
    expect: { 'f.txt': 'new', 'f.txt.bak': 'old', 'f.txt.bak.1': 'older', 'f.txt.bak.2': 'precious' },
    backup: true,
    older: 'f.txt.bak.2',
  },
];

for (const c of cases) {
  test(`writeFileAtomically: ${c.name}`, () => {
    const d = dir(c.files);
    const file = join(d, 'f.txt');
    if (c.expect instanceof RegExp) {
      assert.throws(() => writeFileAtomically(file, 'new', { overwrite: c.overwrite }), (e: unknown) => e instanceof ToolError && (c.expect as RegExp).test(e.message));
      assert.deepEqual(contents(d), c.files, 'nothing changed');
      return;
    }
    const r = writeFileAtomically(file, 'new', { overwrite: c.overwrite });
    assert.deepEqual(contents(d), c.expect);
    assert.equal(r.written, file);
    assert.equal(r.backup, c.backup ? `${file}.bak` : undefined);
    assert.equal(r.olderBackup, c.older ? join(d, c.older) : undefined);
    assert.equal(readdirSync(d).some((n) => n.endsWith('.tmp')), false, 'no temporary file left');
  });
}

test('describeBackup names the backup and where an older one went', () => {
  assert.equal(describeBackup({ written: '/a/f' }), '');
  assert.equal(describeBackup({ written: '/a/f', backup: '/a/f.bak' }), 'previous version kept as /a/f.bak');
  assert.equal(describeBackup({ written: '/a/f', backup: '/a/f.bak', olderBackup: '/a/f.bak.1' }, (p) => p.slice(3)), 'previous version kept as f.bak; the older f.bak was moved to f.bak.1');
});

test('a symbolic link is written through: the target is replaced, the link stays', () => {
  const d = dir({ 'real.txt': 'old' });
  mkdirSync(join(d, 'ln'));
  symlinkSync(join(d, 'real.txt'), join(d, 'ln', 'f.txt'));
  const r = writeFileAtomically(join(d, 'ln', 'f.txt'), 'new', { overwrite: true });
  assert.equal(lstatSync(join(d, 'ln', 'f.txt')).isSymbolicLink(), true);
  assert.equal(readFileSync(join(d, 'real.txt'), 'utf8'), 'new');
  assert.equal(readFileSync(join(d, 'real.txt.bak'), 'utf8'), 'old');
  assert.equal(r.written, join(d, 'real.txt'));
  const broken = join(d, 'ln', 'broken.txt');
  symlinkSync(join(d, 'nowhere.txt'), broken);
  assert.throws(() => writeFileAtomically(broken, 'x', { overwrite: true }), /symbolic link to a file that does not exist; nothing was written/);
  assert.equal(existsSync(join(d, 'nowhere.txt')), false);
});

test('a directory or a FIFO is refused before anything is written', () => {
  const d = dir();
  mkdirSync(join(d, 'sub'));
  assert.throws(
    () => writeFileAtomically(join(d, 'sub'), 'x', { overwrite: true }),
    (e: unknown) => e instanceof ToolError && e.code === 'E-NOT-FILE' && /is a directory, not a regular file/.test(e.message) && /redirect standard output/.test(e.fix ?? ''),
  );
  const fifo = join(d, 'pipe');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    assert.throws(() => writeFileAtomically(fifo, 'x', { overwrite: true }), /is a FIFO \(named pipe\), not a regular file/);
    assert.equal(lstatSync(fifo).isFIFO(), true);
  }
  assert.deepEqual(readdirSync(d).sort(), existsSync(fifo) ? ['pipe', 'sub'] : ['sub']);
  const bakDir = dir({ 'f.txt': 'old' });
  mkdirSync(join(bakDir, 'f.txt.bak'));
  assert.throws(() => writeFileAtomically(join(bakDir, 'f.txt'), 'new', { overwrite: true }), /f\.txt\.bak is a directory, .*cannot be kept there; nothing was written/);
  assert.equal(readFileSync(join(bakDir, 'f.txt'), 'utf8'), 'old');
});

test('a failed write leaves the file and an earlier .bak as they were', () => {
  const d = dir({ 'f.txt': 'old', 'f.txt.bak': 'precious' });
  // Something already holds the temporary name: the write fails after the earlier .bak was moved aside.
  mkdirSync(join(d, `.f.txt.${process.pid}.tmp`));
  assert.throws(() => writeFileAtomically(join(d, 'f.txt'), 'new', { overwrite: true }), (e: unknown) => e instanceof ToolError && e.code === 'E-WRITE');
  assert.deepEqual(contents(d), { 'f.txt': 'old', 'f.txt.bak': 'precious' });
});

test('write failures say why in words, with the fix for that cause, naming the temporary file only when it is the cause', () => {
  const d = dir({ 'f.txt': 'old', 'plain-file': 'x' });
  const cases: Array<[string, RegExp, RegExp]> = [
    [join(d, 'no/such/folder/out.md'), /: its folder does not exist\. Nothing was written\.$/, /^Create the folder .*no\/such\/folder\/ first/],
    [join(d, 'plain-file/out.md'), /: part of its path is a file, not a folder\. Nothing was written\.$/, /^Create the folder/],
  ];
  for (const [file, message, fix] of cases) {
    assert.throws(
      () => writeFileAtomically(file, 'new', { overwrite: true }),
      (e: unknown) => e instanceof ToolError && e.code === 'E-WRITE' && message.test(e.message) && fix.test(e.fix ?? '') && !e.message.includes('.tmp'),
      file,
    );
  }
  // An existing file whose replacement fails is left as it was (and said so).
  mkdirSync(join(d, `.f.txt.${process.pid}.tmp`));
  assert.throws(
    () => writeFileAtomically(join(d, 'f.txt'), 'new', { overwrite: true }),
    (e: unknown) => e instanceof ToolError && /Could not write .*f\.txt: a leftover temporary file is in the way \(\.f\.txt\.\d+\.tmp\)\. The file was left as it was\.$/.test(e.message) && /^Remove /.test(e.fix ?? ''),
  );
  // A .bak that is a symbolic link is named as one (not "not a regular file, not a regular file").
  const b = dir({ 'g.txt': 'old' });
  symlinkSync('/nonexistent', join(b, 'g.txt.bak'));
  assert.throws(() => writeFileAtomically(join(b, 'g.txt'), 'new', { overwrite: true }), /g\.txt\.bak is a symbolic link, not a regular file, so the previous version/);
});

test('one writer at a time: a live writer\'s lock is waited for (then E-LOCKED), a dead one\'s is taken over, none is left behind', () => {
  const d = dir({ 'f.txt': 'old' });
  const lock = join(d, '.f.txt.lock');
  writeFileSync(lock, String(process.pid)); // alive: this very process
  assert.throws(
    () => writeFileAtomically(join(d, 'f.txt'), 'new', { overwrite: true, lockWaitMs: 50 }),
    (e: unknown) => e instanceof ToolError && e.code === 'E-LOCKED' && /Another command \(process \d+\) is writing .*f\.txt; nothing was written/.test(e.message) && e.fix?.includes('.f.txt.lock') === true,
  );
  assert.equal(readFileSync(join(d, 'f.txt'), 'utf8'), 'old');
  // A process that no longer runs: its lock is taken over.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(lock, dead);
  writeFileAtomically(join(d, 'f.txt'), 'new', { overwrite: true, lockWaitMs: 50 });
  assert.deepEqual(contents(d), { 'f.txt': 'new', 'f.txt.bak': 'old' });
});

/** Runs writeFileAtomically(file, text, overwrite) in a child process; resolves to its exit code. */
async function writeInChild(file: string, text: string): Promise<number | null> {
  const { spawn } = await import('node:child_process');
  const mod = new URL('../scripts/lib/write.ts', import.meta.url).href;
  const code = `import { writeFileAtomically } from ${JSON.stringify(mod)}; writeFileAtomically(${JSON.stringify(file)}, ${JSON.stringify(text)}, { overwrite: true });`;
  return new Promise((resolve) => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: 'inherit' }).on('exit', resolve));
}

test('two processes writing the same file at once: each waits its turn, every version is kept', async () => {
  const d = dir({ 'f.txt': 'v0' });
  const writer = (text: string) => writeInChild(join(d, 'f.txt'), text);
  for (let round = 1; round <= 4; round++) {
    const codes = await Promise.all([writer(`a${round}`), writer(`b${round}`)]);
    assert.deepEqual(codes, [0, 0], `round ${round}`);
  }
  const files = contents(d);
  // The last version is the file; every earlier one (v0 and both writers of each round) is in a .bak.
  const kept = new Set(Object.entries(files).filter(([n]) => n !== 'f.txt').map(([, v]) => v));
  const all = ['v0', ...[1, 2, 3, 4].flatMap((r) => [`a${r}`, `b${r}`])].filter((v) => v !== files['f.txt']);
  for (const v of all) assert.ok(kept.has(v), `${v} is kept: ${JSON.stringify(files)}`);
  assert.ok(!Object.keys(files).some((n) => n.endsWith('.lock') || n.endsWith('.tmp')), JSON.stringify(Object.keys(files)));
});

test('a target name close to the 255-byte limit: the temporary file stays within it; a name too long says so', () => {
  const d = dir();
  const long = `${'é'.repeat(120)}.md`; // 243 bytes
  writeFileAtomically(join(d, long), 'x', { overwrite: false });
  assert.equal(readFileSync(join(d, long), 'utf8'), 'x');
  assert.throws(
    () => writeFileAtomically(join(d, `${'a'.repeat(300)}.md`), 'x', { overwrite: false }),
    (e: unknown) => e instanceof ToolError && /the file name is too long for the file system\. Nothing was written\.$/.test(e.message) && /^Choose a shorter name/.test(e.fix ?? ''),
  );
  assert.deepEqual(Object.keys(contents(d)), [long]);
});

test('locks: an empty lock (its writer died before writing its pid) is taken over once it is not new; refusals come before any lock is made', () => {
  const d = dir({ 'f.txt': 'old' });
  const lock = join(d, '.f.txt.lock');
  writeFileSync(lock, '');
  assert.throws(() => writeFileAtomically(join(d, 'f.txt'), 'new', { overwrite: true, lockWaitMs: 50 }), (e: unknown) => e instanceof ToolError && e.code === 'E-LOCKED');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  writeFileAtomically(join(d, 'f.txt'), 'new', { overwrite: true, lockWaitMs: 50 });
  assert.deepEqual(contents(d), { 'f.txt': 'new', 'f.txt.bak': 'old' });
  // A device or an existing file without overwrite: refused with its own words, and no lock is made for it.
  assert.throws(() => writeFileAtomically('/dev/null', 'x', { overwrite: true }), /\/dev\/null is a device, not a regular file/);
  assert.equal(existsSync('/dev/.null.lock'), false);
  assert.throws(() => writeFileAtomically(join(d, 'f.txt'), 'x', { overwrite: false }), /already exists/);
  assert.deepEqual(readdirSync(d).sort(), ['f.txt', 'f.txt.bak']);
});

test('several writers at once after a writer was killed (a stale lock): one breaks it, each waits its turn, every version is kept', async () => {
  const d = dir({ 'f.txt': 'v0' });
  const writer = (text: string) => writeInChild(join(d, 'f.txt'), text);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(join(d, '.f.txt.lock'), dead);
  const codes = await Promise.all(['a', 'b', 'c', 'd'].map(writer));
  assert.deepEqual(codes, [0, 0, 0, 0]);
  const files = contents(d);
  const kept = new Set(Object.entries(files).filter(([n]) => n !== 'f.txt').map(([, v]) => v));
  for (const v of ['v0', 'a', 'b', 'c', 'd'].filter((x) => x !== files['f.txt'])) assert.ok(kept.has(v), `${v} is kept: ${JSON.stringify(files)}`);
  assert.ok(!Object.keys(files).some((n) => /\.lock|\.break|\.tmp$/.test(n)), JSON.stringify(Object.keys(files)));
});
