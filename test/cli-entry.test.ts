import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isEntry } from '../scripts/lib/cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist', 'bin');

test('isEntry: the entry file itself is the entry, any other file is not', () => {
  assert.equal(isEntry(pathToFileURL(process.argv[1] as string).href), true);
  assert.equal(isEntry(pathToFileURL(join(ROOT, 'package.json')).href), false);
  assert.equal(isEntry(pathToFileURL(join(ROOT, 'no-such-file.ts')).href), false);
});

test('a bin run through a symbolic link (as node_modules/.bin does) still runs', { timeout: 60_000 }, () => {
  if (!existsSync(join(BIN, 'validate_parallel_json.cjs'))) spawnSync(process.execPath, ['build/build.mjs'], { cwd: ROOT });
  const dir = mkdtempSync(join(tmpdir(), 'entry-'));
  try {
    const link = join(dir, 'validate_parallel_json');
    symlinkSync(join(BIN, 'validate_parallel_json.cjs'), link);
    const r = spawnSync(process.execPath, [link, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /validate_parallel_json/);
    assert.match(r.stdout, /--format/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
