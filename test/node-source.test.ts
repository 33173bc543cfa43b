/**
 * nodeSource, the node adapter of the DocSource port: a document reads the same whether or not its folder was listed
 * (listings are cached), under the same size limit; a file replaced since it was listed is read as it is now.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSource } from '../scripts/lib/analysis.ts';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import { tempTree } from './helpers.ts';

test('nodeSource.read: listed and unlisted documents read the same, and the same limit applies', () => {
  const root = tempTree({ 'docs/a.md': '# A\n', 'docs/b.md': 'é'.repeat(3000), 'docs/c.md': '', 'docs/sub/d.md': 'd\n', 'other/e.md': 'e\n' });
  const docs = join(root, 'docs');
  const listed = nodeSource(4096);
  assert.deepEqual(listed.list(docs), ['a.md', 'b.md', 'c.md']);
  const fresh = nodeSource(4096);
  for (const name of ['a.md', 'b.md', 'c.md', 'sub/d.md', 'missing.md']) {
    const p = join(docs, name);
    const read = (src: ReturnType<typeof nodeSource>) => {
      try {
        return src.read(p);
      } catch (e) {
        return e instanceof ToolError ? `${e.code}: ${e.message}` : String(e);
      }
    };
    assert.equal(read(listed), read(fresh), name);
  }
  assert.equal(listed.read(join(docs, 'a.md')), '# A\n');
  assert.equal(listed.read(join(root, 'other', 'e.md')), 'e\n');
  // The limit (3,000 two-byte characters are 6,000 bytes) holds for listed documents too.
  assert.throws(() => listed.read(join(docs, 'b.md')), (e: unknown) => e instanceof ToolError && e.code === 'E-TOO-LARGE');
  assert.equal(nodeSource().read(join(docs, 'b.md')).length, 3000);
});

test('nodeSource.read: a listed document replaced by a folder since is refused as a folder', () => {
  const root = tempTree({ 'docs/a.md': 'a\n', 'docs/z.md': 'z\n' });
  const docs = join(root, 'docs');
  const src = nodeSource();
  assert.deepEqual(src.list(docs), ['a.md', 'z.md']);
  rmSync(join(docs, 'z.md'));
  mkdirSync(join(docs, 'z.md'));
  assert.throws(() => src.read(join(docs, 'z.md')), (e: unknown) => e instanceof ToolError && e.code === 'E-IS-DIR');
  writeFileSync(join(docs, 'a.md'), 'changed\n');
  assert.equal(src.read(join(docs, 'a.md')), 'changed\n');
});

test('nodeSource: a link to a device is no document in a listing, and reading one gives its content', { skip: process.platform === 'win32' ? 'no /dev' : false }, () => {
  const root = tempTree({ 'docs/a.md': 'a\n' });
  symlinkSync('/dev/null', join(root, 'docs', 'null.md'));
  const src = nodeSource();
  assert.deepEqual(src.list(join(root, 'docs')), ['a.md']);
  assert.equal(src.read(join(root, 'docs', 'null.md')), '');
  assert.equal(src.read(join(root, 'docs', 'a.md')), 'a\n');
  assert.equal(src.list('/dev').includes('null'), false);
  assert.equal(src.read('/dev/null'), '');
});
