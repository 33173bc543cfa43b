/**
 * The command-line contract: exit codes, stdout/stderr discipline, bad input, colours, no writes, no stack traces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as gp from '../scripts/generation/generate_prompt.ts';
import * as gcs from '../scripts/generation/generate_completion_status.ts';
import * as sd from '../scripts/workflow/structure_detection.ts';
import * as vp from '../scripts/validation/validate_parallel_json.ts';
import { colorEnabled, formatCommand, helpText, runCommand, stdoutFailure, styles } from '../scripts/lib/cli.ts';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import validatePrompt from '../generated/generate-prompt-output.validate.js';
import validateStatus from '../generated/completion-status-output.validate.js';
import validateStructure from '../generated/structure-output.validate.js';
import { COMPLETE, planText, run, snapshot, tempTree, writeFiles } from './helpers.ts';

const F = 'DEMO';
const P = `work-space/plans/${F}`;
const base = planText({ achievements: ['0.1', '1.1'], next: '0.1' });
const ROOT_DIR = new URL('..', import.meta.url).pathname;

function demo(extra: Record<string, string | Buffer> = {}, plan: string | Buffer = base): string {
  return tempTree({ [`${P}/PLAN_${F}.md`]: plan, ...extra });
}

test('--help prints usage, options and exit codes on stdout, exit 0', async () => {
  for (const m of [gp, gcs, sd]) {
    const r = await run(m.definition, m.main, ['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, new RegExp(`Usage: ${m.definition.name} (<plan>|\\[<plan>\\]) \\[options\\]\\n`));
    assert.match(r.out, /Exit codes:/);
    assert.equal(r.err, '');
  }
});

const usage: Array<[string, string[], RegExp]> = [
  ['unknown option', ['@DEMO', '--bogus'], /Unknown option '--bogus'/],
  ['missing plan', [], /Missing argument: <plan>/],
  ['too many arguments', ['@DEMO', 'extra'], /Too many arguments/],
  ['--next with --achievement', ['@DEMO', '--next', '--achievement', '1.1'], /either --next or --achievement/],
  ['both trust flags', ['@DEMO', '--trust-plan', '--trust-filesystem'], /exclude each other/],
  ['string option without value', ['@DEMO', '--achievement'], /argument missing/],
];
for (const [name, argv, msg] of usage) {
  test(`usage error → exit 2: ${name}`, async () => {
    const root = demo();
    const r = await run(gp.definition, gp.main, argv, { cwd: root });
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, msg);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  });
}

for (const id of ['2', '1.2.3.4', 'abc', '1.', '.1', '']) {
  test(`invalid achievement id '${id}' → exit 1 with the expected format`, async () => {
    const r = await run(gp.definition, gp.main, ['@DEMO', '--achievement', id], { cwd: demo() });
    assert.equal(r.code, 1);
    assert.match(r.err, /Invalid achievement format/);
    assert.match(r.err, /X\.Y/);
  });
}

test('unknown achievement → exit 1 listing the available ones', async () => {
  const r = await run(gp.definition, gp.main, ['@DEMO', '--achievement', '9.9'], { cwd: demo() });
  assert.equal(r.code, 1);
  assert.match(r.err, /Achievement 9\.9 not found in PLAN DEMO/);
  assert.match(r.err, /0\.1: Achievement title 0\.1/);
});

const bigPlan = planText({ achievements: ['0.1'] }) + '\n' + 'filler line of text\n'.repeat(300_000);
const badInputs: Array<[string, () => string, string[], RegExp]> = [
  ['missing plan folder', () => demo(), ['@NOPE'], /PLAN file not found: @NOPE/],
  ['missing plan path', () => demo(), ['work-space/plans/DEMO/PLAN_NOPE.md'], /File not found/],
  ['binary PLAN', () => demo({}, Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02])), ['@DEMO'], /Not a text file/],
  ['non-UTF-8 PLAN', () => demo({}, Buffer.from('# PLAN: caf\xe9\n**Achievement 0.1**: x\n', 'latin1')), ['@DEMO'], /Not valid UTF-8.*\n[\s\S]*iconv/],
  ['5 MB PLAN', () => demo({}, bigPlan), ['@DEMO'], /too large \(5\.\d MiB, the limit is 2\.0 MiB\)/],
  ['PLAN with no achievements', () => demo({}, '# PLAN: Empty\n\nNothing here.\n'), ['@DEMO'], /defines no achievements/],
  ['no workspace anywhere', () => tempTree({ 'a.txt': 'x' }), ['@DEMO'], /No work-space\/ folder found/],
  ['folder instead of file', () => demo(), ['work-space/plans'], /folder that holds no plan/],
];
for (const [name, make, argv, msg] of badInputs) {
  test(`bad input → clear message, exit 1, nothing written: ${name}`, async () => {
    const root = make();
    const before = snapshot(root);
    const r = await run(gp.definition, gp.main, argv, { cwd: root });
    assert.equal(r.code, 1, r.err);
    assert.equal(r.out, '');
    assert.match(r.err, /❌ ERROR:/);
    assert.match(r.err, msg);
    assert.match(r.err, /HOW TO FIX:/);
    assert.doesNotMatch(r.err, /\n\s+at /);
    assert.deepEqual(snapshot(root), before);
  });
}

test('unreadable PLAN → permission message (skipped as root, who can read anything)', { skip: process.getuid?.() === 0 }, async () => {
  const root = demo();
  chmodSync(join(root, P, `PLAN_${F}.md`), 0o000);
  const r = await run(gp.definition, gp.main, ['@DEMO'], { cwd: root });
  assert.equal(r.code, 1);
  assert.match(r.err, /permission denied/);
});

test('CRLF PLAN reads exactly like LF', async () => {
  const lf = await run(gp.definition, gp.main, ['@DEMO', '--json'], { cwd: demo() });
  const crlf = await run(gp.definition, gp.main, ['@DEMO', '--json'], { cwd: demo({}, base.replace(/\n/g, '\r\n')) });
  const a = JSON.parse(lf.out);
  const b = JSON.parse(crlf.out);
  assert.equal(b.achievement.id, a.achievement.id);
  assert.equal(b.state, a.state);
  assert.equal(b.achievement.title, 'Achievement title 0.1');
});

test('unclosed fence and broken symlink: the command works and warns', async () => {
  const root = demo({}, base + '\n```bash\necho never closed\n');
  symlinkSync(join(root, 'missing-target'), join(root, 'work-space/plans/dangling'));
  const r = await run(gp.definition, gp.main, ['@DEMO', '--json'], { cwd: root });
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.ok(j.warnings.some((w: { code: string }) => w.code === 'W-MD-UNCLOSED-FENCE'));
  const text = await run(gp.definition, gp.main, ['@DEMO'], { cwd: root });
  assert.match(text.err, /never closed/);
});

test('prompt on stdout, warnings and notes on stderr; --explain explains on stderr', async () => {
  const root = demo({ [`${P}/subplans/SUBPLAN_${F}_01.md`]: 'x', [`${P}/execution/EXECUTION_TASK_${F}_01_01.md`]: 'open' }, planText({ achievements: ['0.1', '1.1'], next: '7.7' }));
  const r = await run(gp.definition, gp.main, ['@DEMO', '--explain'], { cwd: root });
  assert.equal(r.code, 0);
  assert.match(r.out, /^Continue the execution @EXECUTION_TASK_DEMO_01_01\.md/);
  assert.doesNotMatch(r.out, /Why this state/);
  assert.match(r.err, /W?arning: The PLAN names Achievement 7\.7 as next/);
  assert.match(r.err, /Why this state:/);
  assert.match(r.err, /Evidence:\n\s+- work-space\/plans\/DEMO\/subplans\/SUBPLAN_DEMO_01\.md/);
});

test('--json is valid against schemas/generate-prompt-output.schema.json for every state', async () => {
  const root = demo({ [`${P}/execution/feedbacks/FIX_01.md`]: '# FIX REQUIRED\n#### 1. **BROKEN** ⚠️ BLOCKER' });
  for (const args of [['--next'], ['--achievement', '1.1'], ['--achievement', '0.1']]) {
    const r = await run(gp.definition, gp.main, ['@DEMO', '--json', ...args], { cwd: root });
    const j = JSON.parse(r.out);
    assert.ok(validatePrompt(j), JSON.stringify(validatePrompt.errors));
  }
  const fix = JSON.parse((await run(gp.definition, gp.main, ['@DEMO', '--json', '--achievement', '0.1'], { cwd: root })).out);
  assert.equal(fix.state, 'needs_fix');
  assert.match(fix.prompt, /BROKEN/);
  assert.match(fix.prompt, /FIX_01_RESOLUTION\.md/);
});

test('errors with --json also print a JSON error object on stdout', async () => {
  const r = await run(gp.definition, gp.main, ['@NOPE', '--json'], { cwd: demo() });
  assert.equal(r.code, 1);
  const j = JSON.parse(r.out);
  assert.equal(j.error.code, 'E-NOT-FOUND');
  assert.equal(j.error.exitCode, 1);
});

test('--clipboard never fails when there is no clipboard', async () => {
  const saved = { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY };
  delete process.env.DISPLAY;
  delete process.env.WAYLAND_DISPLAY;
  try {
    const r = await run(gp.definition, gp.main, ['@DEMO', '--clipboard'], { cwd: demo() });
    assert.equal(r.code, 0);
    assert.match(r.out, /Design Achievement 0\.1/);
    assert.match(r.err, /Could not copy to clipboard: no clipboard/);
  } finally {
    Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
  }
});

test('project context is injected unless --no-project-context', async () => {
  const root = demo({ 'LLM/PROJECT-CONTEXT.md': '# Context\n\n## 📋 Project Overview\n\nA demo overview line.\n\n## Other\nhidden\n' });
  const withCtx = await run(gp.definition, gp.main, ['@DEMO'], { cwd: root });
  assert.match(withCtx.out, /PROJECT CONTEXT\nA demo overview line\./);
  assert.doesNotMatch(withCtx.out, /hidden/);
  const without = await run(gp.definition, gp.main, ['@DEMO', '--no-project-context'], { cwd: root });
  assert.doesNotMatch(without.out, /PROJECT CONTEXT/);
});

test('internal errors: one line and a hint, the stack only with --debug', async () => {
  const boom = async () => {
    throw new TypeError('kaboom');
  };
  let err = '';
  const io = { out: () => {}, err: (t: string) => void (err += t), errStyle: styles(false), outStyle: styles(false), env: {}, cwd: '/', stdoutIsTTY: false };
  assert.equal(await runCommand(gp.definition, ['@X'], boom, io), 1);
  assert.match(err, /internal error: kaboom/);
  assert.match(err, /--debug/);
  assert.doesNotMatch(err, /\n\s+at /);
  err = '';
  assert.equal(await runCommand(gp.definition, ['@X', '--debug'], boom, io), 1);
  assert.match(err, /\n\s+at /);
  err = '';
  const tool = async () => {
    throw new ToolError('bad thing', { exitCode: 3, file: '/x/y.md' });
  };
  assert.equal(await runCommand(gp.definition, ['@X', '--debug'], tool, io), 3);
  assert.match(err, /file: \/x\/y\.md/);
  assert.match(err, /\n\s+at /);
});

test('the error format follows the parsed options: --json after -- is a plan name, the last --format wins', async () => {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), errStyle: styles(false), outStyle: styles(false), env: {}, cwd: '/', stdoutIsTTY: false };
  const fail = async () => {
    throw new ToolError('no such plan', { code: 'E-NOT-FOUND' });
  };
  const cases: Array<[string[], boolean]> = [
    [['@X', '--json'], true],
    [['--', '--json'], false],
    [['@X'], false],
    [['@X', '--nope', '--json'], true], // a usage error: the options as given tell
  ];
  for (const [argv, json] of cases) {
    out = '';
    err = '';
    await runCommand(gp.definition, argv, fail, io);
    assert.equal(out.startsWith('{'), json, argv.join(' '));
    assert.ok(err.length > 0, argv.join(' '));
  }
  const boom = async () => {
    throw new TypeError('kaboom');
  };
  out = '';
  assert.equal(await runCommand(gp.definition, ['@X', '--json'], boom, io), 1);
  assert.deepEqual(JSON.parse(out).error, { code: 'E-INTERNAL', message: 'internal error: kaboom', exitCode: 1 });
  out = '';
  await runCommand(vp.definition, ['@X', '--format', 'json', '--format', 'text'], fail, io);
  assert.equal(out, '');
});

test('colours: only on a TTY, never with NO_COLOR or TERM=dumb', () => {
  const cases: Array<[boolean, NodeJS.ProcessEnv, boolean]> = [
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '' }, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { TERM: 'dumb' }, false],
  ];
  for (const [tty, env, expected] of cases) assert.equal(colorEnabled({ isTTY: tty }, env), expected, JSON.stringify({ tty, env }));
  assert.equal(styles(true).red('x'), '\u001b[31mx\u001b[39m');
  assert.equal(styles(false).red('x'), 'x');
});

test('commands are generated from the real definitions', () => {
  assert.equal(formatCommand(gp.definition, ['@A B'], { achievement: '1.1', json: true, explain: false }), "generate_prompt '@A B' --achievement 1.1 --json");
  assert.throws(() => formatCommand(gp.definition, ['@A'], { nope: true }), /has no option --nope/);
  // Words that start with '-' are not read as options when pasted.
  assert.equal(formatCommand(gp.definition, ['-proj/work-space/plans/X/PLAN_X.md'], { root: '-proj', next: true }), 'generate_prompt ./-proj/work-space/plans/X/PLAN_X.md --root=-proj --next');
  assert.equal(formatCommand(gp.definition, ['@X'], { root: "-my proj" }), "generate_prompt @X --root='-my proj'");
  assert.match(helpText(gp.definition), /--achievement X\.Y/);
});

test('generate_completion_status: exit 0 complete, 1 incomplete, --all always 0; JSON matches its schema', async () => {
  const FB = `${P}/execution/feedbacks`;
  const root = demo({ [`${FB}/APPROVED_01.md`]: 'x' });
  const incomplete = await run(gcs.definition, gcs.main, ['@DEMO'], { cwd: root });
  assert.equal(incomplete.code, 1);
  assert.match(incomplete.out, /⏳ PLAN In Progress: DEMO\nCompletion: 1\/2 \(50%\)/);
  assert.match(incomplete.out, /Pending: 1\.1/);
  assert.match(incomplete.out, /Not ready for END_POINT \(1 achievement pending\)/);
  writeFiles(root, { [`${FB}/APPROVED_11.md`]: 'x' });
  const complete = await run(gcs.definition, gcs.main, ['@DEMO', '--verbose'], { cwd: root });
  assert.equal(complete.code, 0);
  assert.match(complete.out, /✅ PLAN Complete: DEMO/);
  assert.match(complete.out, /Ready for END_POINT/);
  assert.match(complete.out, /Details:\n {2}PLAN file: work-space\/plans\/DEMO\/PLAN_DEMO\.md/);
  const json = await run(gcs.definition, gcs.main, ['@DEMO', '--json'], { cwd: root });
  assert.ok(validateStatus(JSON.parse(json.out)), JSON.stringify(validateStatus.errors));
  writeFiles(root, { 'work-space/plans/OTHER/PLAN_OTHER.md': base, 'work-space/plans/BROKEN/PLAN_BROKEN.md': Buffer.from([0, 1, 2]) as unknown as string });
  const all = await run(gcs.definition, gcs.main, ['--all', '--json'], { cwd: root });
  assert.equal(all.code, 0);
  const aj = JSON.parse(all.out);
  assert.ok(validateStatus(aj), JSON.stringify(validateStatus.errors));
  assert.deepEqual(aj.plans.map((p: { plan: string }) => p.plan).sort(), ['BROKEN', 'DEMO', 'OTHER']);
  assert.match(aj.plans.find((p: { plan: string }) => p.plan === 'BROKEN').error, /Not a text file/);
  const table = await run(gcs.definition, gcs.main, ['--all'], { cwd: root });
  assert.match(table.out, /GROUP\s+PLAN\s+DONE/);
  assert.match(table.out, /3 plans, 1 complete/);
  assert.equal((await run(gcs.definition, gcs.main, ['--all', '@DEMO'], { cwd: root })).code, 2);
  assert.equal((await run(gcs.definition, gcs.main, [], { cwd: root })).code, 2);
});

test('structure_detection: layout, numbering and misplaced files; JSON matches its schema', async () => {
  const root = demo({
    [`${P}/subplans/SUBPLAN_${F}_01.md`]: 'x',
    [`${P}/subplans/EXECUTION_TASK_${F}_01_01.md`]: 'misplaced',
    [`${P}/execution/APPROVED_01.md`]: 'misplaced',
    [`${P}/execution/EXECUTION_TASK_OTHER_11_01.md`]: 'wrong feature',
    [`work-space/subplans/SUBPLAN_${F}_11.md`]: 'outside the plan folder',
    [`${P}/PLAN_NOTES.md`]: 'second plan file',
  });
  const r = await run(sd.definition, sd.main, ['@DEMO', '--json'], { cwd: root });
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.ok(validateStructure(j), JSON.stringify(validateStructure.errors));
  assert.equal(j.layout, 'nested');
  assert.equal(j.numbering, 'achievement');
  const problems = j.misplaced.map((m: { path: string; problem: string }) => `${m.path.replace(/^.*\//, '')}: ${m.problem}`).sort();
  assert.deepEqual(problems, [
    'APPROVED_01.md: an APPROVED file in execution/',
    'EXECUTION_TASK_DEMO_01_01.md: an EXECUTION file in subplans/',
    'EXECUTION_TASK_OTHER_11_01.md: names feature OTHER, but the plan is DEMO',
    'PLAN_NOTES.md: PLAN-like file that is not the plan: not named after its folder DEMO/ (the plan here is PLAN_DEMO.md)',
    'SUBPLAN_DEMO_11.md: a document of this plan outside its plan folder',
  ]);
  const all = await run(sd.definition, sd.main, ['--all'], { cwd: root });
  assert.match(all.out, /DEMO {2}\(work-space\/plans\/DEMO\/PLAN_DEMO\.md\)\n {2}layout: {4}nested/);
  assert.match(all.err, /Two PLAN files/);
  const aj = JSON.parse((await run(sd.definition, sd.main, ['--all', '--json'], { cwd: root })).out);
  assert.ok(validateStructure(aj), JSON.stringify(validateStructure.errors));
  assert.deepEqual(aj.errors, []);
  assert.equal((await run(sd.definition, sd.main, [], { cwd: root })).code, 2);
  // One plan that cannot be read does not hide the others (as with generate_completion_status --all).
  writeFiles(root, { 'work-space/plans/BROKEN/PLAN_BROKEN.md': Buffer.from([0, 1, 2]) });
  const withBroken = await run(sd.definition, sd.main, ['--all'], { cwd: root });
  assert.equal(withBroken.code, 0, withBroken.err);
  assert.match(withBroken.out, /DEMO {2}\(work-space\/plans\/DEMO\/PLAN_DEMO\.md\)/);
  assert.match(withBroken.out, /BROKEN {2}\(work-space\/plans\/BROKEN\/PLAN_BROKEN\.md\)\n {2}✗ not readable: Not a text file/);
  assert.match(withBroken.err, /1 plan could not be read: work-space\/plans\/BROKEN\/PLAN_BROKEN\.md/);
  const bj = JSON.parse((await run(sd.definition, sd.main, ['--all', '--json'], { cwd: root })).out);
  assert.ok(validateStructure(bj), JSON.stringify(validateStructure.errors));
  assert.deepEqual(bj.plans.map((p: { feature: string }) => p.feature), ['DEMO']);
  assert.deepEqual(bj.errors.map((e: { feature: string; code: string }) => `${e.feature} ${e.code}`), ['BROKEN E-BINARY']);
});

test('legacy numbering is reported as sequential', async () => {
  const root = demo({
    [`work-space/subplans/SUBPLAN_${F}_01.md`]: '**Achievement**: 1.1',
  });
  writeFileSync(join(root, P, `PLAN_${F}.md`), base);
  const j = JSON.parse((await run(sd.definition, sd.main, ['@DEMO', '--json'], { cwd: root })).out);
  assert.equal(j.numbering, 'sequential');
});

test('structure_detection: a shared-folder copy shadowed by the plan folder\'s own is listed; a loose PLAN shows the folders beside it', async () => {
  const root = demo({
    [`${P}/subplans/SUBPLAN_${F}_01.md`]: '**Achievement**: 0.1',
    [`work-space/subplans/SUBPLAN_${F}_01.md`]: '**Achievement**: 0.1 (stale)',
    [`${P}/execution/EXECUTION_TASK_${F}_01_01.md`]: 'x',
    [`work-space/execution/EXECUTION_TASK_${F}_01_01.md`]: 'stale',
    [`work-space/execution/EXECUTION_TASK_OTHER_01_01.md`]: 'another plan: not ours',
  });
  const j = JSON.parse((await run(sd.definition, sd.main, ['@DEMO', '--json'], { cwd: root })).out);
  assert.ok(validateStructure(j), JSON.stringify(validateStructure.errors));
  assert.deepEqual(
    j.misplaced.map((m: { path: string; problem: string }) => `${m.path}: ${m.problem}`),
    [
      `work-space/subplans/SUBPLAN_${F}_01.md: a second copy of ${P}/subplans/SUBPLAN_${F}_01.md, which is the one read`,
      `work-space/execution/EXECUTION_TASK_${F}_01_01.md: a second copy of ${P}/execution/EXECUTION_TASK_${F}_01_01.md, which is the one read`,
    ],
  );
  const loose = tempTree({
    'work-space/plans/a_old/PLAN_SOLO.md': base.replace(/# PLAN: .*/, '# PLAN: Solo'),
    'work-space/plans/a_old/subplans/SUBPLAN_SOLO_01.md': 'x',
    'work-space/plans/a_old/execution/feedbacks/APPROVED_01.md': 'x',
  });
  writeFiles(loose, { 'work-space/subplans/SUBPLAN_SOLO_01.md': 'stale' });
  const t = await run(sd.definition, sd.main, ['@SOLO'], { cwd: loose });
  assert.match(t.out, /work-space\/subplans\/SUBPLAN_SOLO_01\.md: a second copy of work-space\/plans\/a_old\/subplans\/SUBPLAN_SOLO_01\.md, which is the one read/);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /layout: {4}flat/);
  assert.match(t.out, /folders: {3}subplans\/ ✓ {2}execution\/ ✓ {2}execution\/feedbacks\/ ✓\n/);
  assert.match(t.out, /1 SUBPLANs?, .*1 APPROVED/);
});

// The real processes: bundled bins and tsx entry points.
const BIN = join(ROOT_DIR, 'dist/bin');
test('bundled bins and tsx entry points run as processes with honest exit codes', { timeout: 120_000 }, () => {
  if (!existsSync(join(BIN, 'generate_prompt.cjs'))) execFileSync(process.execPath, ['build/build.mjs'], { cwd: ROOT_DIR });
  const root = demo({ [`${P}/execution/feedbacks/APPROVED_01.md`]: 'x', [`${P}/execution/feedbacks/APPROVED_11.md`]: 'x' });
  const env = { ...process.env, NO_COLOR: '1' };
  const ok = spawnSync(process.execPath, [join(BIN, 'generate_prompt.cjs'), '@DEMO', '--json'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).state, 'plan_complete');
  const usageErr = spawnSync(process.execPath, [join(BIN, 'generate_prompt.cjs'), '--bogus'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(usageErr.status, 2);
  assert.doesNotMatch(usageErr.stderr, /\u001b\[|\n\s+at /);
  const status = spawnSync(process.execPath, [join(BIN, 'generate_completion_status.cjs'), '@DEMO'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(status.status, 0);
  const sdProc = spawnSync(process.execPath, [join(BIN, 'structure_detection.cjs'), '@DEMO'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(sdProc.status, 0);
  const viaTsx = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT_DIR, 'scripts/generation/generate_prompt.ts'), '@DEMO', '--achievement', 'abc'], { cwd: root, env, encoding: 'utf8' });
  assert.equal(viaTsx.status, 1);
  assert.match(viaTsx.stderr, /Invalid achievement format/);
  assert.equal(viaTsx.stdout, '');
});

test('a user plugin (an ES module) loads in the bundled bins as under tsx', { timeout: 60_000 }, () => {
  if (!existsSync(join(BIN, 'generate_prompt.cjs'))) execFileSync(process.execPath, ['build/build.mjs'], { cwd: ROOT_DIR });
  const root = demo({
    'note.mjs': "export default { name: 'qa-note', stateNotes: [() => 'NOTE FROM A USER PLUGIN'] };\n",
    'methodology.config.json': JSON.stringify({ plugins: ['./note.mjs'] }),
  });
  const env = { ...process.env, NO_COLOR: '1' };
  for (const args of [[join(BIN, 'generate_prompt.cjs')], ['--import', import.meta.resolve('tsx'), join(ROOT_DIR, 'scripts/generation/generate_prompt.ts')]]) {
    const r = spawnSync(process.execPath, [...args, '@DEMO'], { cwd: root, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /NOTE FROM A USER PLUGIN/);
    assert.doesNotMatch(r.stdout, /NOTE FROM A USER PLUGIN/);
  }
});

test('output that cannot be written (a full disk) is one clear message and exit 1, no stack trace', { timeout: 60_000, skip: !existsSync('/dev/full') && 'no /dev/full here' }, () => {
  if (!existsSync(join(BIN, 'generate_prompt.cjs'))) execFileSync(process.execPath, ['build/build.mjs'], { cwd: ROOT_DIR });
  const root = demo();
  const env = { ...process.env, NO_COLOR: '1' };
  for (const [bin, args] of [['generate_prompt', ['@DEMO']], ['generate_completion_status', ['@DEMO', '--json']]] as const) {
    const full = openSync('/dev/full', 'w');
    try {
      for (const extra of [[], ['--debug']]) {
        const r = spawnSync(process.execPath, [join(BIN, `${bin}.cjs`), ...args, ...extra], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
        assert.equal(r.status, 1, `${bin}: ${r.stderr}`);
        assert.match(r.stderr, /Could not write to standard output \(no space left on the device\)/);
        if (extra.length) assert.match(r.stderr, /\n\s+at /);
        else assert.doesNotMatch(r.stderr, /\n\s+at |function\(/);
      }
    } finally {
      closeSync(full);
    }
  }
});

test('a complete plan asked for --next prints the completion message (exit 0)', async () => {
  const FB = `${P}/execution/feedbacks`;
  const root = demo({ [`${FB}/APPROVED_01.md`]: 'x', [`${FB}/APPROVED_11.md`]: COMPLETE });
  const r = await run(gp.definition, gp.main, ['@DEMO', '--next'], { cwd: root });
  assert.equal(r.code, 0);
  assert.match(r.out, /🎉 PLAN COMPLETE: DEMO/);
  const approved = await run(gp.definition, gp.main, ['@DEMO', '--achievement', '1.1'], { cwd: root });
  assert.match(approved.out, /Achievement 1\.1 of PLAN_DEMO\.md is approved \(APPROVED_11\.md\)/);
  assert.match(approved.out, /generate_prompt @DEMO --next/);
});

test('a PLAN given by path outside any workspace still works (its folder is the plan folder)', async () => {
  const t = tempTree({ 'TEST-FEATURE/PLAN_TEST-FEATURE.md': planText({ achievements: ['0.1'] }), 'TEST-FEATURE/subplans/SUBPLAN_TEST-FEATURE_01.md': 'x' });
  const r = await run(gp.definition, gp.main, [join(t, 'TEST-FEATURE/PLAN_TEST-FEATURE.md'), '--json'], { cwd: '/' });
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.state, 'subplan_no_execution');
  assert.equal(j.plan.feature, 'TEST-FEATURE');
  const missing = await run(gp.definition, gp.main, [join(t, 'NOPE/PLAN_NOPE.md')], { cwd: '/' });
  assert.equal(missing.code, 1);
  assert.match(missing.err, /File not found: .*PLAN_NOPE\.md/);
  const shortcut = await run(gp.definition, gp.main, ['@NOPE'], { cwd: t });
  assert.match(shortcut.err, /No work-space\/ folder found/);
});

test('stdoutFailure names the error code and shows the stack only with --debug', () => {
  const err = Object.assign(new Error('EBADF: bad file descriptor, write'), { code: 'EBADF' });
  const plain = stdoutFailure(err, false, styles(false));
  assert.match(plain, /Could not write to standard output \(EBADF\); the output is incomplete\./);
  assert.match(plain, /HOW TO FIX:\n {2}1\. Free some space/);
  assert.doesNotMatch(plain, /\n\s+at /);
  assert.match(stdoutFailure(err, true, styles(false)), /\n\s+at /);
});

// Unreadable folders: as an ordinary user chmod 000 is enough; as root (who reads anything) the bins run as nobody.
const UNPRIVILEGED: string[] | undefined =
  process.getuid?.() !== 0 ? [process.execPath] : spawnSync('setpriv', ['--version']).status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : undefined;

test('an unreadable document folder is an error naming it (it was read as empty: wrong state, exit 0); an unreadable group folder is a warning', { timeout: 60_000, skip: UNPRIVILEGED ? false : 'running as root without setpriv' }, () => {
  if (!existsSync(join(BIN, 'generate_prompt.cjs'))) execFileSync(process.execPath, ['build/build.mjs'], { cwd: ROOT_DIR });
  const [cmd, ...pre] = UNPRIVILEGED as string[];
  const root = demo({
    [`${P}/subplans/SUBPLAN_${F}_01.md`]: '# SUBPLAN\n',
    [`${P}/execution/feedbacks/APPROVED_01.md`]: 'ok',
    'work-space/plans/a_paused/LATER/PLAN_LATER.md': planText({ achievements: ['1.1'] }),
  });
  chmodSync(root, 0o755);
  const bin = (name: string, args: string[]) => spawnSync(cmd as string, [...pre, join(BIN, `${name}.cjs`), ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  const before = snapshot(root);
  for (const [folder, name, args] of [
    [`${P}/subplans`, 'generate_prompt', ['@DEMO']],
    [`${P}/execution/feedbacks`, 'generate_completion_status', ['@DEMO', '--json']],
  ] as const) {
    chmodSync(join(root, folder), 0);
    try {
      const r = bin(name, [...args]);
      assert.equal(r.status, 1, `${name} with ${folder} unreadable: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`Folder is not readable \\(permission denied\\): .*${folder.replace(/\//g, '\\/')}\\n`));
      assert.match(r.stderr, /ls -ld/);
    } finally {
      chmodSync(join(root, folder), 0o755);
    }
  }
  chmodSync(join(root, 'work-space/plans/a_paused'), 0);
  try {
    const all = bin('generate_completion_status', ['--all']);
    assert.match(all.stdout, /DEMO/);
    assert.match(all.stderr, /W-FS-UNREADABLE|Folder is not readable \(permission denied\): .*a_paused; plans in it are not seen/);
    const later = bin('generate_prompt', ['@LATER']);
    assert.equal(later.status, 1);
    assert.match(later.stderr, /PLAN file not found: @LATER[\s\S]*could not be read \(permission denied\): work-space\/plans\/a_paused/);
  } finally {
    chmodSync(join(root, 'work-space/plans/a_paused'), 0o755);
  }
  assert.deepEqual(snapshot(root), before, 'nothing written');
});

test('a working folder that no longer exists is one clear message and exit 1, no stack trace', { timeout: 60_000, skip: process.platform === 'win32' && 'POSIX shell' }, () => {
  if (!existsSync(join(BIN, 'generate_prompt.cjs'))) execFileSync(process.execPath, ['build/build.mjs'], { cwd: ROOT_DIR });
  const root = demo();
  const gone = join(root, 'gone');
  for (const bin of ['generate_prompt', 'generate_completion_status']) {
    mkdirSync(gone);
    const r = spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && exec "$2" "$3" @DEMO --root "$4"', 'sh', gone, process.execPath, join(BIN, `${bin}.cjs`), root], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /The current folder no longer exists/);
    assert.doesNotMatch(r.stderr, /\n\s+at |uv_cwd/);
    mkdirSync(gone);
    const help = spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && exec "$2" "$3" --help', 'sh', gone, process.execPath, join(BIN, `${bin}.cjs`)], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`Usage: ${bin}`));
  }
});

test('a conflict that does not stop --next (PLAN text says complete, no review) is a warning in text mode too, as in --json', async () => {
  const plan = planText({ achievements: ['0.1', '1.1'], handoffExtra: '**Status**: Achievement 1.1 Complete ✅' });
  const root = demo({ [`${P}/execution/feedbacks/APPROVED_01.md`]: 'ok' }, plan);
  const text = await run(gp.definition, gp.main, ['@DEMO'], { cwd: root });
  assert.equal(text.code, 0, text.err);
  assert.match(text.err, /⚠️ {2}PLAN vs filesystem: The PLAN text says Achievement 1\.1 is complete, but there is no APPROVED_11\.md \[plan_text_vs_filesystem\]\n {3}Ask for a review of Achievement 1\.1/);
  assert.doesNotMatch(text.out, /PLAN vs filesystem/);
  const json = await run(gp.definition, gp.main, ['@DEMO', '--json'], { cwd: root });
  assert.doesNotMatch(json.err, /PLAN vs filesystem/, 'in --json it is in the conflicts field');
  assert.ok(JSON.parse(json.out).conflicts.some((c: { type: string }) => c.type === 'plan_text_vs_filesystem'));
});

test('a closed stderr (2>&1 | head after head left) is no crash: the exit code stays the command\'s', async () => {
  const { spawn } = await import('node:child_process');
  const script = new URL('../scripts/generation/generate_prompt.ts', import.meta.url).pathname;
  const examples = new URL('../examples/', import.meta.url).pathname;
  // SEARCH-INDEX keeps a parallel.json: its note goes to stderr.
  const child = spawn(process.execPath, ['--import', 'tsx', script, '@SEARCH-INDEX', '--root', examples], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0);
});

test('generate_completion_status on a PLAN with no achievements says so, and prints its warnings on stderr without --verbose', async () => {
  const root = demo({}, '# PLAN: Empty\n\n**Status**: In Progress\n');
  const r = await run(gcs.definition, gcs.main, ['@DEMO'], { cwd: root });
  assert.equal(r.code, 1);
  assert.match(r.out, /Completion: 0\/0 \(0%\)/);
  assert.match(r.out, /Status: Not ready for END_POINT \(the PLAN defines no achievements\)\n/);
  assert.doesNotMatch(r.out, /0 achievements pending/);
  assert.match(r.err, /No achievements found in this PLAN/);
  // --verbose adds the notes, not the warnings a second time.
  const v = await run(gcs.definition, gcs.main, ['@DEMO', '--verbose'], { cwd: root });
  assert.doesNotMatch(v.out, /No achievements found/);
  assert.equal(v.err.match(/No achievements found/g)?.length, 1);
});

test('generate_completion_status --all lists PLAN files that cannot be read as plans (a broken link, a FIFO, a folder) under its table', async () => {
  const root = demo();
  mkdirSync(join(root, 'work-space/plans/LINK'));
  symlinkSync('/nonexistent', join(root, 'work-space/plans/LINK/PLAN_LINK.md'));
  mkdirSync(join(root, 'work-space/plans/DIRP/PLAN_DIRP.md'), { recursive: true });
  const r = await run(gcs.definition, gcs.main, ['--all'], { cwd: root });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /1 plan, 0 complete\n\nNot readable as plans \(2\):\n {2}- work-space\/plans\/DIRP\/PLAN_DIRP\.md: a directory, not a PLAN file that can be read\n {2}- work-space\/plans\/LINK\/PLAN_LINK\.md: a broken symbolic link \(its target does not exist\), not a PLAN file that can be read\n$/);
});

// A document of one achievement that cannot be read (binary, not UTF-8) costs that achievement's state only.
const unreadableDocs: Array<[string, string, Buffer]> = [
  ['a SUBPLAN with NUL bytes', `${P}/subplans/SUBPLAN_${F}_01.md`, Buffer.from('# SUBPLAN\n\u0000\u0001\n')],
  ['a SUBPLAN that is not UTF-8', `${P}/subplans/SUBPLAN_${F}_01.md`, Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a])],
  ['an EXECUTION_TASK with NUL bytes', `${P}/execution/EXECUTION_TASK_${F}_01_01.md`, Buffer.from('# EXECUTION\n\u0000\n')],
];
for (const [name, file, bytes] of unreadableDocs) {
  test(`${name} of Achievement 0.1: other achievements get their prompts, the report carries on, --next names the file`, async () => {
    const root = demo({ [`${P}/subplans/SUBPLAN_${F}_01.md`]: '**Achievement**: 0.1\n\nDesign.\n' });
    writeFiles(root, { [file]: bytes });
    const before = snapshot(root);
    // Another achievement: its prompt, with a warning naming the file of 0.1.
    const other = await run(gp.definition, gp.main, ['@DEMO', '--achievement', '1.1'], { cwd: root });
    assert.equal(other.code, 0, other.err);
    assert.match(other.out, /Achievement 1\.1/);
    assert.match(other.err, new RegExp(`${file.split('/').pop()}: warning: The state of Achievement 0\\.1 is unknown: Not (a text file|valid UTF-8)`));
    const oj = JSON.parse((await run(gp.definition, gp.main, ['@DEMO', '--achievement', '1.1', '--json'], { cwd: root })).out);
    assert.ok(validatePrompt(oj), JSON.stringify(validatePrompt.errors));
    assert.ok(oj.warnings.some((w: { code: string }) => w.code === 'W-DOC-UNREADABLE'));
    // The achievement itself (the next one): the error names the file, exit 1, nothing on stdout.
    const next = await run(gp.definition, gp.main, ['@DEMO', '--next'], { cwd: root });
    assert.equal(next.code, 1);
    assert.equal(next.out, '');
    assert.match(next.err, new RegExp(`ERROR: Not (a text file|valid UTF-8).*${file.split('/').pop()}`));
    // The completion report: the plan's figures, the next achievement with an unknown state, the warning.
    const report = await run(gcs.definition, gcs.main, ['@DEMO'], { cwd: root });
    assert.equal(report.code, 1);
    assert.match(report.out, /Completion: 0\/2 \(0%\)/);
    assert.match(report.out, /Next: Achievement 0\.1 \(state unknown: see the warning\)/);
    assert.match(report.err, /W-DOC-UNREADABLE|The state of Achievement 0\.1 is unknown/);
    const rj = JSON.parse((await run(gcs.definition, gcs.main, ['@DEMO', '--json'], { cwd: root })).out);
    assert.ok(validateStatus(rj), JSON.stringify(validateStatus.errors));
    assert.deepEqual(rj.next, { id: '0.1', state: null });
    assert.ok(rj.warnings.some((w: { code: string; hint: string }) => w.code === 'W-DOC-UNREADABLE' && /markdown document|UTF-8/.test(w.hint)));
    const all = JSON.parse((await run(gcs.definition, gcs.main, ['--all', '--json'], { cwd: root })).out);
    assert.equal(all.plans[0].error, undefined);
    assert.equal(all.plans[0].warnings, 1);
    assert.deepEqual(snapshot(root), before, 'nothing written');
  });
}
