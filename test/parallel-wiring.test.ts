/**
 * generate_prompt and generate_completion_status show the parallel picture when a plan keeps a parallel.json,
 * carry on sequentially when the file is invalid, and generate_prompt --parallel-upgrade prints (or writes) the
 * discovery prompt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as gp from '../scripts/generation/generate_prompt.ts';
import * as gcs from '../scripts/generation/generate_completion_status.ts';
import * as ad from '../scripts/workflow/analyze_dependencies.ts';
import * as vp from '../scripts/validation/validate_parallel_json.ts';
import validatePrompt from '../generated/generate-prompt-output.validate.js';
import validateStatus from '../generated/completion-status-output.validate.js';
import { run, snapshot, tempDir } from './helpers.ts';

const EXAMPLES = new URL('../examples/', import.meta.url).pathname;

function copy(): string {
  const root = tempDir('mt-par-');
  cpSync(EXAMPLES, root, { recursive: true });
  return root;
}

test('--json carries the ready set and savings; text mode prints a note on stderr only', async () => {
  const root = copy();
  const j = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--json'], { cwd: root });
  const out = JSON.parse(j.out);
  assert.ok(validatePrompt(out), JSON.stringify(validatePrompt.errors));
  assert.equal(out.parallel.valid, true);
  assert.deepEqual(out.parallel.readySet.ids, ['2.1', '3.2']);
  const t = await run(gp.definition, gp.main, ['@SEARCH-INDEX'], { cwd: root });
  assert.doesNotMatch(t.out, /can run in parallel/);
  assert.match(t.err, /🔀 2 achievements can run in parallel now \(2\.1, 3\.2\)/);
  const s = await run(gcs.definition, gcs.main, ['@SEARCH-INDEX', '--json'], { cwd: root });
  const sj = JSON.parse(s.out);
  assert.ok(validateStatus(sj), JSON.stringify(validateStatus.errors));
  assert.equal(sj.parallel.valid, true);
  const st = await run(gcs.definition, gcs.main, ['@SEARCH-INDEX'], { cwd: root });
  assert.match(st.err, /can run in parallel/);
});

test('an invalid parallel.json is reported with its first errors and the command carries on', async () => {
  const root = copy();
  writeFileSync(join(root, 'work-space/plans/SEARCH-INDEX/parallel.json'), '{"plan_name": "SEARCH-INDEX", "achievements": [{"achievement_id": "0.1", "dependencies": ["0.1"]}]');
  const r = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--json'], { cwd: root });
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.equal(j.state, 'active_execution');
  assert.equal(j.parallel.valid, false);
  assert.ok(j.parallel.errors.length > 0 && j.parallel.errors.length <= 5);
  const t = await run(gp.definition, gp.main, ['@SEARCH-INDEX'], { cwd: root });
  assert.match(t.out, /^Continue the execution/);
  assert.match(t.err, /parallel\.json/);
});

test('plans without parallel.json have no parallel field', async () => {
  const j = JSON.parse((await run(gp.definition, gp.main, ['@CLI-RELEASE', '--json'], { cwd: copy() })).out);
  assert.equal(j.parallel, undefined);
});

test('--parallel-upgrade prints the discovery prompt for the chosen scope', async () => {
  const root = copy();
  const before = snapshot(root);
  const plan = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-upgrade'], { cwd: root });
  assert.equal(plan.code, 0, plan.err);
  assert.match(plan.out, /^Analyze @PLAN_SEARCH-INDEX\.md for cross-priority parallel execution opportunities/);
  assert.match(plan.out, /Achievement 3\.2/);
  const prio = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-analyze', '--scope', 'priority', '--priority', '2'], { cwd: root });
  assert.equal(prio.code, 0, prio.err);
  assert.match(prio.out, /same-priority/);
  assert.doesNotMatch(prio.out, /- Achievement 0\.1:/);
  const json = JSON.parse((await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-upgrade', '--json'], { cwd: root })).out);
  assert.equal(json.template, 'parallel-discovery');
  assert.deepEqual(snapshot(root), before, 'printing writes nothing');
});

test('--parallel-upgrade with --root: the commands it suggests repeat --root and run where the prompt was made', async () => {
  const root = copy();
  const cwd = join(root, '..');
  const rel = root.slice(cwd.length + 1);
  const r = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-upgrade', '--root', rel], { cwd });
  assert.equal(r.code, 0, r.err);
  const validate = /^Run: (validate_parallel_json .*)$/m.exec(r.out)?.[1];
  assert.equal(validate, `validate_parallel_json @SEARCH-INDEX --root ${rel}`);
  assert.match(r.out, new RegExp(`^Then: analyze_dependencies @SEARCH-INDEX --root ${rel} `, 'm'));
  const checked = await run(vp.definition, vp.main, (validate as string).split(' ').slice(1), { cwd });
  assert.equal(checked.code, 0, checked.err);
});

test('a scoped discovery prompt asks for dependencies among the listed achievements only, as the validator accepts', async () => {
  const root = copy();
  const r = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-upgrade', '--scope', 'priority', '--priority', '2'], { cwd: root });
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /may still be dependencies/);
  assert.match(r.out, /^Outside the scope \(for reference only: they are not listed in the file and no dependency names them;/m);
  // Such a file (a dependency on 1.1, outside the scope) is what the validator rejects.
  writeFileSync(
    join(root, 'work-space/plans/SEARCH-INDEX/parallel.json'),
    JSON.stringify({ plan_name: 'SEARCH-INDEX', scope: 'priority', achievements: [{ achievement_id: '2.1', title: 'x', dependencies: ['1.1'] }] }),
  );
  const v = await run(vp.definition, vp.main, ['@SEARCH-INDEX'], { cwd: root });
  assert.equal(v.code, 1);
  assert.match(v.out + v.err, /E-UNKNOWN-DEP/);
});

test('--output writes atomically, refuses to replace without --force, keeps a .bak with it', async () => {
  const root = copy();
  const file = join(root, 'discovery.txt');
  const first = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-upgrade', '--output', 'discovery.txt'], { cwd: root });
  assert.equal(first.code, 0, first.err);
  assert.equal(first.out, '');
  assert.match(first.err, /Prompt written to/);
  assert.match(readFileSync(file, 'utf8'), /^Analyze @PLAN_SEARCH-INDEX\.md/);
  writeFileSync(file, 'mine');
  const refused = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--output', 'discovery.txt'], { cwd: root });
  assert.equal(refused.code, 1);
  assert.match(refused.err, /already exists; nothing was written/);
  assert.equal(readFileSync(file, 'utf8'), 'mine');
  const forced = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--output', 'discovery.txt', '--force'], { cwd: root });
  assert.equal(forced.code, 0, forced.err);
  assert.match(readFileSync(file, 'utf8'), /^Continue the execution/);
  assert.equal(readFileSync(`${file}.bak`, 'utf8'), 'mine');
  const bad = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--output', 'no/such/dir/x.txt'], { cwd: root });
  assert.equal(bad.code, 1);
  assert.match(bad.err, /Could not write/);
  assert.equal(existsSync(join(root, 'no')), false);
});

test('parallel options are checked', async () => {
  const root = copy();
  for (const argv of [
    ['@SEARCH-INDEX', '--scope', 'plan'],
    ['@SEARCH-INDEX', '--priority', '2'],
    ['@SEARCH-INDEX', '--force'],
    ['@SEARCH-INDEX', '--parallel-upgrade', '--next'],
    ['@SEARCH-INDEX', '--parallel-upgrade', '--scope', 'galaxy'],
    ['@SEARCH-INDEX', '--parallel-upgrade', '--scope', 'priority', '--priority', 'abc'],
    ['@SEARCH-INDEX', '--parallel-upgrade', '--scope', 'priority', '--priority', ''],
    ['@SEARCH-INDEX', '--output', ''],
  ]) {
    const r = await run(gp.definition, gp.main, argv, { cwd: root });
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
  }
  const noPrio = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-upgrade', '--scope', 'priority'], { cwd: root });
  assert.equal(noPrio.code, 2);
  // What the PLAN does not have is "not found" (exit 1, as without --parallel-upgrade), not a usage error.
  for (const [argv, code, message] of [
    [['--achievement', '9.9'], 'E-ACHIEVEMENT-NOT-FOUND', /has no Achievement 9\.9/],
    [['--scope', 'priority', '--priority', '9'], 'E-PRIORITY-NOT-FOUND', /is in Priority 9/],
  ] as const) {
    const r = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--parallel-upgrade', ...argv, '--json'], { cwd: root });
    assert.equal(r.code, 1, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
    assert.equal(JSON.parse(r.out).error.code, code);
  }
});

test('--json and --output together are a usage error (which of the two would get the JSON is not clear)', async () => {
  const root = copy();
  const before = snapshot(root);
  for (const extra of [[], ['--parallel-upgrade']]) {
    const r = await run(gp.definition, gp.main, ['@SEARCH-INDEX', ...extra, '--json', '--output', 'x.txt'], { cwd: root });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /--json prints .* --output writes/);
  }
  assert.deepEqual(snapshot(root), before);
});

test('the commands in the parallel notes repeat --root, so that they run when pasted from the same folder', async () => {
  const root = copy();
  const elsewhere = tempDir();
  for (const m of [gp, gcs]) {
    const r = await run(m.definition, m.main, ['@SEARCH-INDEX', '--root', root], { cwd: elsewhere });
    const details = /Details: (analyze_dependencies .*)$/m.exec(r.err)?.[1];
    assert.ok(details, `${m.definition.name}: ${r.err}`);
    assert.equal(details, `analyze_dependencies @SEARCH-INDEX --root ${root}`);
    const pasted = await run(ad.definition, ad.main, details.split(' ').slice(1), { cwd: elsewhere });
    assert.equal(pasted.code, 0, pasted.err);
  }
});

test('--parallel-upgrade for a loose PLAN (no plan folder) is refused: no tool would read a parallel.json written for it', async () => {
  const root = copy();
  const before = snapshot(root);
  const r = await run(gp.definition, gp.main, ['@LEGACY-IMPORTER', '--parallel-upgrade'], { cwd: root });
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /PLAN_LEGACY-IMPORTER\.md is a loose PLAN file \(no plan folder\), so it has no place for parallel\.json/);
  assert.match(r.err, /a folder of its own \(work-space\/plans\/a_archive\/LEGACY-IMPORTER\/, with subplans\/ and execution\/\)/);
  assert.equal(r.out, '');
  assert.deepEqual(snapshot(root), before);
});

test('a parallel.json that is a FIFO, a folder or a broken link is reported (not silently ignored) and the command carries on', async () => {
  for (const kind of ['fifo', 'dir', 'link']) {
    const root = copy();
    const file = join(root, 'work-space/plans/SEARCH-INDEX/parallel.json');
    rmSync(file);
    if (kind === 'fifo') execFileSync('mkfifo', [file]);
    else if (kind === 'dir') mkdirSync(file);
    else symlinkSync('/nonexistent/parallel.json', file);
    const r = await run(gp.definition, gp.main, ['@SEARCH-INDEX'], { cwd: root });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Continue the execution/);
    assert.match(r.err, /❌ Invalid parallel\.json: work-space\/plans\/SEARCH-INDEX\/parallel\.json\n {2}- E-FILE .* is (a FIFO \(named pipe\)|a directory|a broken symbolic link \(its target does not exist\)), not a regular file\n/, kind);
    const j = JSON.parse((await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--json'], { cwd: root })).out);
    assert.equal(j.parallel.valid, false, kind);
    assert.equal(j.parallel.errors[0].code, 'E-FILE', kind);
  }
});

test('a plan named by path from outside its project: the commands printed carry --root, and run when pasted there; a plan folder path works too', async () => {
  const outside = tempDir('mt-out-');
  cpSync(EXAMPLES, join(outside, 'proj'), { recursive: true });
  const file = 'proj/work-space/plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md';
  const r = await run(gp.definition, gp.main, [file], { cwd: outside });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Run: generate_prompt @SEARCH-INDEX --next --root proj\b/);
  assert.match(r.err, /Details: analyze_dependencies @SEARCH-INDEX --root proj\b/);
  const again = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--next', '--root', 'proj'], { cwd: outside });
  assert.equal(again.code, 0, again.err);
  const up = await run(gp.definition, gp.main, [file, '--parallel-upgrade'], { cwd: outside });
  const validate = /^Run: (validate_parallel_json .*)$/m.exec(up.out)?.[1] as string;
  assert.equal(validate, 'validate_parallel_json @SEARCH-INDEX --root proj');
  assert.equal((await run(vp.definition, vp.main, validate.split(' ').slice(1), { cwd: outside })).code, 0);
  const folder = await run(gp.definition, gp.main, ['proj/work-space/plans/SEARCH-INDEX'], { cwd: outside });
  assert.equal(folder.code, 0, folder.err);
  assert.equal(folder.out, r.out);
  // From inside another project, the folder path is read as the PLAN file inside it is (not 'holds no plan').
  mkdirSync(join(outside, 'other/work-space/plans/OWN'), { recursive: true });
  writeFileSync(join(outside, 'other/work-space/plans/OWN/PLAN_OWN.md'), '# PLAN: OWN\n\n## Desirable Achievements\n\n**Achievement 1.1**: X\n');
  const fromOther = await run(gp.definition, gp.main, ['../proj/work-space/plans/SEARCH-INDEX'], { cwd: join(outside, 'other') });
  const fromOtherFile = await run(gp.definition, gp.main, [`../${file}`], { cwd: join(outside, 'other') });
  assert.equal(fromOther.code, 0, fromOther.err);
  assert.equal(fromOther.out, fromOtherFile.out);
  // Inside the project nothing is added.
  const inside = await run(gp.definition, gp.main, ['work-space/plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md'], { cwd: join(outside, 'proj') });
  assert.match(inside.out, /Run: generate_prompt @SEARCH-INDEX --next\n/);
});
