/**
 * Unit tests for scripts/lib/fsio.ts — the file-system edge: every failure is a ToolError naming the file,
 * the problem and the fix (corpus.md A7).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import { DEFAULT_MAX_BYTES, decodeText, formatBytes, isDir, isFile, listDir, listFiles, mtimeOf, readHead, readText } from '../scripts/lib/fsio.ts';
import { tempTree } from './helpers.ts';

let dir = '';
const p = (name: string) => join(dir, name);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** 1000 lines of `line N é` (multi-byte characters everywhere). */
const BIG_LINES = Array.from({ length: 1000 }, (_, i) => `line ${i} é`);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fsio-test-'));
  writeFileSync(p('plain.md'), '# PLAN: Plain\n\n**Status**: Planning\n');
  writeFileSync(p('binary.md'), Buffer.from([0x23, 0x20, 0x41, 0x00, 0x42, 0x0a]));
  writeFileSync(p('latin1.md'), Buffer.from([0xff, 0xfe, 0x41, 0x42]));
  writeFileSync(p('cp1252.md'), Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a])); // "# Café" in cp1252
  writeFileSync(p('bom.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# PLAN: Bom\n')]));
  writeFileSync(p('crlf.md'), '# PLAN: Crlf\r\n**Status**: Planning\r\n');
  writeFileSync(p('emoji.md'), '## 📝 Current Status & Handoff ⏱️\n');
  writeFileSync(p('empty.md'), '');
  writeFileSync(p('hundred.md'), 'x'.repeat(100));
  writeFileSync(p('big.md'), `${BIG_LINES.join('\n')}\n`);
  writeFileSync(p('oneline.md'), 'y'.repeat(200));
  writeFileSync(p('mb-noline.md'), 'é'.repeat(100));
  writeFileSync(p('short-head.md'), 'a\nb\nc');
  writeFileSync(p('huge.md'), Buffer.alloc(DEFAULT_MAX_BYTES + 1, 0x61));
  mkdirSync(p('folder'));
  writeFileSync(p('folder/inner.md'), 'inner\n');
  symlinkSync(p('does-not-exist.md'), p('broken-link.md'));
  symlinkSync(p('folder'), p('link-to-folder'));
  symlinkSync(p('plain.md'), p('link-to-file.md'));
  symlinkSync(p('loop-b'), p('loop-a'));
  symlinkSync(p('loop-a'), p('loop-b'));
  writeFileSync(p('locked.md'), 'secret\n');
  chmodSync(p('locked.md'), 0o000);
});

after(() => {
  try {
    chmodSync(p('locked.md'), 0o644);
  } catch {
    /* already gone */
  }
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// readText: success cases.
// ---------------------------------------------------------------------------------------------------------------
const okCases: Array<{ name: string; file: string; maxBytes?: number; expected: string }> = [
  { name: 'plain UTF-8', file: 'plain.md', expected: '# PLAN: Plain\n\n**Status**: Planning\n' },
  { name: 'a BOM is stripped', file: 'bom.md', expected: '# PLAN: Bom\n' },
  { name: 'CRLF is returned untouched (the scanner splits it)', file: 'crlf.md', expected: '# PLAN: Crlf\r\n**Status**: Planning\r\n' },
  { name: 'emoji and VS16 decode', file: 'emoji.md', expected: '## 📝 Current Status & Handoff ⏱️\n' },
  { name: 'an empty file is an empty text', file: 'empty.md', expected: '' },
  { name: 'a symbolic link to a file is followed', file: 'link-to-file.md', expected: '# PLAN: Plain\n\n**Status**: Planning\n' },
  { name: 'a file exactly at maxBytes is read', file: 'hundred.md', maxBytes: 100, expected: 'x'.repeat(100) },
];
for (const c of okCases) {
  test(`readText: ${c.name}`, () => {
    assert.equal(readText(p(c.file), c.maxBytes !== undefined ? { maxBytes: c.maxBytes } : {}), c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// readText: every failure is a ToolError with a code, the file, and a fix.
// ---------------------------------------------------------------------------------------------------------------
const errorCases: Array<{ name: string; file: string; maxBytes?: number; what?: string; json?: boolean; code: string; message: RegExp; fix: RegExp }> = [
  { name: 'binary file with NUL bytes', file: 'binary.md', code: 'E-BINARY', message: /Not a text file \(it contains NUL bytes\)/, fix: /markdown/ },
  { name: 'non-UTF-8 bytes 0xff 0xfe', file: 'latin1.md', code: 'E-ENCODING', message: /Not valid UTF-8 text/, fix: /iconv/ },
  { name: 'cp1252 é (0xe9)', file: 'cp1252.md', code: 'E-ENCODING', message: /Not valid UTF-8 text/, fix: /iconv -f WINDOWS-1252 -t UTF-8/ },
  { name: 'larger than maxBytes', file: 'hundred.md', maxBytes: 99, code: 'E-TOO-LARGE', message: /File is too large \(100 B, the limit is 99 B\)/, fix: /maxFileBytes/ },
  { name: 'larger than the default limit (2 MiB)', file: 'huge.md', code: 'E-TOO-LARGE', message: /too large \(2,097,153 bytes, the limit is 2,097,152 bytes\)/, fix: /Split the document/ },
  { name: 'JSON: binary file', file: 'binary.md', json: true, code: 'E-BINARY', message: /Not a text file/, fix: /^Point the command at a JSON text file\.$/ },
  { name: 'JSON: non-UTF-8 bytes', file: 'cp1252.md', json: true, code: 'E-ENCODING', message: /Not valid UTF-8 text/, fix: /> fixed\.json$/ },
  { name: 'JSON: larger than maxBytes', file: 'hundred.md', what: 'parallel.json', json: true, maxBytes: 99, code: 'E-TOO-LARGE', message: /parallel\.json is too large \(100 B/, fix: /^Check that it is the right file: no parallel\.json needs 100 B\.$/ },
  { name: 'missing file', file: 'missing.md', what: 'PLAN file', code: 'E-NOT-FOUND', message: /^PLAN file not found: /, fix: /--root/ },
  { name: 'directory', file: 'folder', code: 'E-IS-DIR', message: /^Expected a file but found a folder: /, fix: /@FOLDER/ },
  { name: 'symbolic link to a directory', file: 'link-to-folder', code: 'E-IS-DIR', message: /found a folder/, fix: /@FOLDER/ },
  { name: 'broken symbolic link', file: 'broken-link.md', code: 'E-NOT-FOUND', message: /^File not found: /, fix: /Check the path/ },
  { name: 'symbolic link loop', file: 'loop-a', code: 'E-UNREADABLE', message: /symbolic link loop/, fix: /Repair or remove the link/ },
];
for (const c of errorCases) {
  test(`readText fails cleanly: ${c.name} → ${c.code}`, () => {
    const file = p(c.file);
    assert.throws(
      () => readText(file, { ...(c.maxBytes !== undefined ? { maxBytes: c.maxBytes } : {}), ...(c.what ? { what: c.what } : {}), ...(c.json ? { json: true } : {}) }),
      (err: unknown) => {
        assert.ok(err instanceof ToolError, 'a ToolError');
        assert.equal(err.code, c.code);
        assert.match(err.message, c.message);
        assert.ok(err.message.endsWith(file), 'the message names the file');
        assert.equal(err.file, file);
        assert.match(err.fix ?? '', c.fix);
        assert.equal(err.exitCode, 1);
        return true;
      },
    );
  });
}

test('readText: unreadable file (chmod 000) → E-UNREADABLE', { skip: isRoot ? 'running as root: root can read anything' : false }, () => {
  assert.throws(
    () => readText(p('locked.md'), { what: 'SUBPLAN' }),
    (err: unknown) => {
      assert.ok(err instanceof ToolError);
      assert.equal(err.code, 'E-UNREADABLE');
      assert.match(err.message, /^SUBPLAN is not readable \(permission denied\): /);
      assert.match(err.fix ?? '', /ls -l/);
      return true;
    },
  );
});

test('readHead: unreadable file (chmod 000) → empty text', { skip: isRoot ? 'running as root: root can read anything' : false }, () => {
  assert.equal(readHead(p('locked.md')), '');
});

test('readText: the file size check happens before the file is read (no content needed)', () => {
  // The huge file is all 'a'; were it read and decoded, it would succeed. It must fail on size alone.
  assert.throws(() => readText(p('huge.md')), (err: unknown) => err instanceof ToolError && err.code === 'E-TOO-LARGE');
  assert.equal(readText(p('huge.md'), { maxBytes: DEFAULT_MAX_BYTES + 1 }).length, DEFAULT_MAX_BYTES + 1);
});

// ---------------------------------------------------------------------------------------------------------------
// decodeText directly.
// ---------------------------------------------------------------------------------------------------------------
const decodeCases: Array<{ name: string; bytes: number[]; expected: string | { code: string } }> = [
  { name: 'ASCII', bytes: [0x61, 0x0a], expected: 'a\n' },
  { name: 'BOM dropped', bytes: [0xef, 0xbb, 0xbf, 0x61], expected: 'a' },
  { name: 'only a BOM', bytes: [0xef, 0xbb, 0xbf], expected: '' },
  { name: 'U+FEFF inside the text is kept', bytes: [0x61, 0xef, 0xbb, 0xbf, 0x62], expected: 'a\ufeffb' },
  { name: 'two-byte é', bytes: [0xc3, 0xa9], expected: 'é' },
  { name: 'four-byte emoji', bytes: [0xf0, 0x9f, 0x93, 0x9d], expected: '📝' },
  { name: 'NUL → E-BINARY', bytes: [0x61, 0x00], expected: { code: 'E-BINARY' } },
  { name: 'UTF-16LE text (BOM, NUL high bytes) → E-BINARY', bytes: [0xff, 0xfe, 0x61, 0x00], expected: { code: 'E-BINARY' } },
  { name: 'lone 0xff → E-ENCODING', bytes: [0xff, 0xfe, 0x41], expected: { code: 'E-ENCODING' } },
  { name: 'truncated multi-byte sequence → E-ENCODING', bytes: [0x61, 0xc3], expected: { code: 'E-ENCODING' } },
  { name: 'overlong encoding → E-ENCODING', bytes: [0xc0, 0xaf], expected: { code: 'E-ENCODING' } },
  { name: 'every ASCII byte from 0x01 to 0x7f, as the decoder reads them', bytes: Array.from({ length: 127 }, (_, i) => i + 1), expected: String.fromCharCode(...Array.from({ length: 127 }, (_, i) => i + 1)) },
  { name: 'a Latin-1 é (0xe9) is not read as Latin-1 → E-ENCODING', bytes: [0x61, 0xe9, 0x62], expected: { code: 'E-ENCODING' } },
  { name: 'the two U+FFFD lost-emoji characters of the corpus are valid UTF-8', bytes: [0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd], expected: '\ufffd\ufffd' },
];
for (const c of decodeCases) {
  test(`decodeText: ${c.name}`, () => {
    const bytes = new Uint8Array(c.bytes);
    if (typeof c.expected === 'string') assert.equal(decodeText(bytes, 'x.md'), c.expected);
    else {
      const code = c.expected.code;
      assert.throws(() => decodeText(bytes, 'x.md'), (err: unknown) => err instanceof ToolError && err.code === code && err.file === 'x.md');
    }
  });
}

test('decodeText: ASCII bytes in the middle of a larger buffer are read from their own offset', () => {
  const whole = Buffer.from('xxhello\nyy', 'latin1');
  assert.equal(decodeText(whole.subarray(2, 8), 'x.md'), 'hello\n');
  assert.equal(decodeText(new Uint8Array(whole.buffer, whole.byteOffset + 2, 6), 'x.md'), 'hello\n');
});

// ---------------------------------------------------------------------------------------------------------------
// readHead: the first bytes, cut at a line boundary; '' for anything unreadable.
// ---------------------------------------------------------------------------------------------------------------
test('readHead on a big file cuts at the last complete line', () => {
  // "line N é" is 9 bytes + newline for N < 10, so lines 0-9 take bytes 0-99; "line 10 é" takes 100-109 and its
  // "é" starts at byte 108: a 109-byte window ends in the middle of that character.
  const head = readHead(p('big.md'), 109);
  assert.ok(Buffer.byteLength(head) <= 109);
  assert.ok(!head.endsWith('\n'), 'the cut drops the final newline');
  assert.ok(!head.includes('\ufffd'), 'no multi-byte character is split');
  const lines = head.split('\n');
  assert.deepEqual(lines, BIG_LINES.slice(0, lines.length), 'only whole lines, in order');
  assert.equal(lines.length, 10);
  assert.equal(lines.at(-1), 'line 9 é');
});

const headCases: Array<{ name: string; file: string; bytes?: number; expected: string }> = [
  { name: 'a small file is returned whole (default 4096 bytes)', file: 'plain.md', expected: '# PLAN: Plain\n\n**Status**: Planning\n' },
  { name: 'a file shorter than the window keeps its last line', file: 'short-head.md', bytes: 100, expected: 'a\nb\nc' },
  { name: 'a file exactly the window size is cut at its last newline', file: 'short-head.md', bytes: 5, expected: 'a\nb' },
  { name: 'CRLF is kept', file: 'crlf.md', expected: '# PLAN: Crlf\r\n**Status**: Planning\r\n' },
  { name: 'BOM dropped', file: 'bom.md', expected: '# PLAN: Bom\n' },
  { name: 'one long line without newline is returned truncated', file: 'oneline.md', bytes: 50, expected: 'y'.repeat(50) },
  { name: 'binary (NUL) → empty', file: 'binary.md', expected: '' },
  { name: 'missing file → empty', file: 'missing.md', expected: '' },
  { name: 'directory → empty', file: 'folder', expected: '' },
  { name: 'broken symbolic link → empty', file: 'broken-link.md', expected: '' },
  { name: 'empty file → empty', file: 'empty.md', expected: '' },
];
for (const c of headCases) {
  test(`readHead: ${c.name}`, () => {
    assert.equal(readHead(p(c.file), c.bytes), c.expected);
  });
}

test('readHead: non-UTF-8 bytes do not throw (lenient decoding of a header)', () => {
  const head = readHead(p('latin1.md'));
  assert.equal(typeof head, 'string');
  assert.ok(head.endsWith('AB'));
});

test('readHead never splits a multi-byte character, even without a newline in the window', () => {
  const head = readHead(p('mb-noline.md'), 51);
  assert.ok(!head.includes('\ufffd'), `got a replacement character: ${JSON.stringify(head.slice(-3))}`);
  assert.equal(head, 'é'.repeat(25));
});

// ---------------------------------------------------------------------------------------------------------------
// listDir, isDir, isFile, mtimeOf, formatBytes.
// ---------------------------------------------------------------------------------------------------------------
test('listDir: sorted by name; links followed; broken links and loops flagged', () => {
  const entries = listDir(dir);
  const names = entries.map((e) => e.name);
  assert.deepEqual(names, [...names].sort());
  const byName = new Map(entries.map((e) => [e.name, e]));
  const expect: Array<[string, { isDir: boolean; isFile: boolean; broken: boolean }]> = [
    ['plain.md', { isDir: false, isFile: true, broken: false }],
    ['folder', { isDir: true, isFile: false, broken: false }],
    ['link-to-folder', { isDir: true, isFile: false, broken: false }],
    ['link-to-file.md', { isDir: false, isFile: true, broken: false }],
    ['broken-link.md', { isDir: false, isFile: false, broken: true }],
    ['loop-a', { isDir: false, isFile: false, broken: true }],
  ];
  for (const [name, flags] of expect) {
    const e = byName.get(name);
    assert.ok(e, `${name} is listed`);
    assert.deepEqual({ isDir: e.isDir, isFile: e.isFile, broken: e.broken }, flags, name);
    assert.equal(e.path, `${dir}/${name}`);
  }
});

test('listDir: a folder with only a broken symlink lists it as broken', () => {
  const d = join(dir, 'only-broken');
  mkdirSync(d);
  symlinkSync(join(d, 'gone.md'), join(d, 'PLAN_X.md'));
  assert.deepEqual(listDir(d), [{ name: 'PLAN_X.md', path: `${d}/PLAN_X.md`, isDir: false, isFile: false, broken: true }]);
});

const listCases: Array<{ name: string; target: string; expected: string[] }> = [
  { name: 'missing folder → empty list', target: 'nope', expected: [] },
  { name: 'a file is not a folder → empty list', target: 'plain.md', expected: [] },
  { name: 'nested folder', target: 'folder', expected: ['inner.md'] },
];
for (const c of listCases) {
  test(`listDir: ${c.name}`, () => {
    assert.deepEqual(
      listDir(p(c.target)).map((e) => e.name),
      c.expected,
    );
  });
}

const kindCases: Array<{ target: string; dir: boolean; file: boolean }> = [
  { target: 'folder', dir: true, file: false },
  { target: 'link-to-folder', dir: true, file: false },
  { target: 'plain.md', dir: false, file: true },
  { target: 'link-to-file.md', dir: false, file: true },
  { target: 'broken-link.md', dir: false, file: false },
  { target: 'missing.md', dir: false, file: false },
];
for (const c of kindCases) {
  test(`isDir/isFile: ${c.target}`, () => {
    assert.equal(isDir(p(c.target)), c.dir);
    assert.equal(isFile(p(c.target)), c.file);
  });
}

test('mtimeOf: the modification time in ms; 0 when missing', () => {
  const f = p('timed.md');
  writeFileSync(f, 't\n');
  utimesSync(f, 1_700_000_000, 1_700_000_000);
  assert.equal(mtimeOf(f), 1_700_000_000_000);
  assert.equal(mtimeOf(p('missing.md')), 0);
});

const byteCases: Array<{ n: number; expected: string }> = [
  { n: 0, expected: '0 B' },
  { n: 1023, expected: '1023 B' },
  { n: 1024, expected: '1.0 KiB' },
  { n: 1536, expected: '1.5 KiB' },
  { n: 1024 * 1024 - 1, expected: '1024.0 KiB' },
  { n: 1024 * 1024, expected: '1.0 MiB' },
  { n: DEFAULT_MAX_BYTES, expected: '2.0 MiB' },
];
for (const c of byteCases) {
  test(`formatBytes(${c.n}) → ${c.expected}`, () => {
    assert.equal(formatBytes(c.n), c.expected);
  });
}

test('DEFAULT_MAX_BYTES is 2 MiB (well above the 120 KB corpus maximum)', () => {
  assert.equal(DEFAULT_MAX_BYTES, 2 * 1024 * 1024);
});

// ---------------------------------------------------------------------------------------------------------------
// readText on a file without a size (a named pipe) and listFiles.
// ---------------------------------------------------------------------------------------------------------------
test('readText reads a named pipe to its end (no size to trust)', { skip: process.platform === 'win32' ? 'no mkfifo' : false }, async () => {
  const fifo = p('pipe.md');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // The writer runs in another process: opening a pipe blocks until both ends are open.
  const writer = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(fifo)}, '# From a pipe\\n')`]);
  assert.equal(readText(fifo), '# From a pipe\n');
  await new Promise((r) => writer.on('exit', r));
  assert.throws(() => {
    const w = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(fifo)}, 'x'.repeat(64))`]);
    try {
      readText(fifo, { maxBytes: 10 });
    } finally {
      w.kill();
    }
  }, (err: unknown) => err instanceof ToolError && err.code === 'E-TOO-LARGE');
});

test('listFiles: file names only (links to files included, folders and broken links left out), sorted', () => {
  const names = listFiles(dir);
  assert.ok(names.includes('plain.md') && names.includes('link-to-file.md'));
  assert.ok(!names.includes('folder') && !names.includes('link-to-folder') && !names.includes('broken-link.md'));
  assert.deepEqual(names, [...names].sort());
  assert.deepEqual(listFiles(p('no-such-folder')), []);
});

test('listFiles / listDir: a missing folder or a file is an empty list; a folder that cannot be listed is an error naming it', () => {
  const d = tempTree({ 'a.md': 'x', 'sub/b.md': 'y' });
  assert.deepEqual(listFiles(join(d, 'nope')), []);
  assert.deepEqual(listFiles(join(d, 'a.md')), []);
  assert.deepEqual(listDir(join(d, 'a.md', 'deeper')), []);
  assert.deepEqual(listFiles(join(d, 'sub')), ['b.md']);
  symlinkSync('loop', join(d, 'loop'));
  assert.throws(
    () => listFiles(join(d, 'loop')),
    (e: unknown) => e instanceof ToolError && e.code === 'E-UNREADABLE' && e.message.startsWith(`Cannot list folder ${join(d, 'loop')}`),
  );
});
