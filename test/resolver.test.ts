/**
 * The one resolver (generation.md §3.1 SPEC, §7.9) and plan discovery (corpus.md A3, A9.1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Resolver } from '../scripts/lib/resolver.ts';
import { discoverPlans, findRoot } from '../scripts/lib/workspace.ts';
import { capList, ToolError } from '../scripts/lib/diagnostics.ts';
import { planText, tempTree } from './helpers.ts';

const plan = planText({ achievements: ['0.1'] });
const root = tempTree({
  'work-space/plans/RESTORE-EXECUTION-WORKFLOW-AUTOMATION/PLAN_RESTORE-EXECUTION-WORKFLOW-AUTOMATION.md': plan,
  'work-space/plans/GRAPHRAG-OBSERVABILITY-EXCELLENCE/PLAN_GRAPHRAG-OBSERVABILITY-EXCELLENCE.md': plan,
  'work-space/plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/PLAN_PROMPT-GENERATOR-UX-AND-FOUNDATION.md': plan,
  'work-space/plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/subplans/SUBPLAN_PROMPT-GENERATOR-UX-AND-FOUNDATION_01.md': 'x',
  'work-space/plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/execution/EXECUTION_TASK_PROMPT-GENERATOR-UX-AND-FOUNDATION_01_01.md': 'x',
  'work-space/plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/PLAN-UPDATE-SUMMARY.md': 'note',
  'work-space/plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/documentation/PLAN_ALIGNMENT_FEEDBACK_SYSTEM.md': 'note',
  'work-space/plans/PROMPT-SYSTEM-DESIGN/PLAN_PROMPT-SYSTEM-DESIGN.md': plan,
  'work-space/plans/a_paused/PAUSED-ONE/PLAN_PAUSED-ONE.md': plan,
  'work-space/plans/a_paused/PLAN_LOOSE-ONE.md': plan,
  'work-space/plans/a_paused/TWO-FILES/PLAN_TWO-FILES.md': plan,
  'work-space/plans/a_paused/TWO-FILES/PLAN_SUMMARY.md': plan,
  'work-space/plans/NO-PLAN-HERE/README.md': 'nothing',
  'work-space/plans/MISMATCH/PLAN_OTHER-NAME.md': plan,
  'work-space/plans/AMBIG/PLAN_ONE.md': plan,
  'work-space/plans/AMBIG/PLAN_TWO.md': plan,
  'work-space/plans/PLAN_FLAT-LEGACY.md': plan,
  'work-space/backlog-plans/LATER/PLAN_LATER.md': plan,
  'work-space/subplans/SUBPLAN_FLAT-LEGACY_01.md': 'x',
  'elsewhere/PLAN_OUTSIDE.md': plan,
});
const ws = findRoot(root);
const r = new Resolver(ws, root);

const ok: Array<[string, RegExp]> = [
  ['@RESTORE', /RESTORE-EXECUTION-WORKFLOW-AUTOMATION\/PLAN_RESTORE/],
  ['@restore', /RESTORE-EXECUTION-WORKFLOW-AUTOMATION\/PLAN_RESTORE/],
  ['@GRAPHRAG-OBSERVABILITY', /GRAPHRAG-OBSERVABILITY-EXCELLENCE/],
  ['@PROMPT-GENERATOR-UX-AND-FOUNDATION', /PROMPT-GENERATOR-UX-AND-FOUNDATION\/PLAN_/],
  ['@PLAN_PROMPT-SYSTEM-DESIGN', /PROMPT-SYSTEM-DESIGN\/PLAN_PROMPT-SYSTEM-DESIGN\.md$/],
  ['@PLAN_PROMPT-SYSTEM-DESIGN.md', /PROMPT-SYSTEM-DESIGN\/PLAN_PROMPT-SYSTEM-DESIGN\.md$/],
  ['@PROMPT-SYSTEM-DESIGN.md', /PROMPT-SYSTEM-DESIGN\/PLAN_PROMPT-SYSTEM-DESIGN\.md$/],
  ['@paused-one.MD', /a_paused\/PAUSED-ONE\/PLAN_PAUSED-ONE\.md$/],
  ['@PAUSED-ONE', /a_paused\/PAUSED-ONE\/PLAN_PAUSED-ONE\.md$/],
  ['@paused', /a_paused\/PAUSED-ONE\/PLAN_PAUSED-ONE\.md$/],
  ['@LOOSE-ONE', /a_paused\/PLAN_LOOSE-ONE\.md$/],
  ['@FLAT-LEGACY', /plans\/PLAN_FLAT-LEGACY\.md$/],
  ['@LATER', /backlog-plans\/LATER\/PLAN_LATER\.md$/],
  ['@TWO-FILES', /TWO-FILES\/PLAN_TWO-FILES\.md$/],
  ['@OTHER-NAME', /MISMATCH\/PLAN_OTHER-NAME\.md$/],
  ['work-space/plans/PROMPT-SYSTEM-DESIGN/PLAN_PROMPT-SYSTEM-DESIGN.md', /PLAN_PROMPT-SYSTEM-DESIGN\.md$/],
  ['work-space/plans/PROMPT-SYSTEM-DESIGN', /PLAN_PROMPT-SYSTEM-DESIGN\.md$/],
  ['@work-space/backlog-plans/LATER/PLAN_LATER.md', /PLAN_LATER\.md$/],
];
for (const [input, expected] of ok) {
  test(`resolves ${input}`, () => {
    const got = r.resolve(input, 'plan');
    assert.equal(got.kind, 'plan');
    assert.match(got.path, expected);
    assert.ok(got.plan, 'the plan location is attached');
  });
}

// [input, code, message, exit code (default 1; an empty argument is a usage error)]
const bad: Array<[string, string, RegExp, number?]> = [
  ['@NONEXISTENT', 'E-NOT-FOUND', /PLAN file not found/],
  ['@PROMPT', 'E-AMBIGUOUS', /Multiple plans match/],
  ['@NO-PLAN-HERE', 'E-NOT-FOUND', /not found/],
  ['', 'E-USAGE', /empty/, 2],
  ['@', 'E-USAGE', /empty/, 2],
  ['@TEST-FEATURE@#$', 'E-NOT-FOUND', /not found/],
  ['@TEST FEATURE WITH SPACES', 'E-NOT-FOUND', /not found/],
  ['missing/PLAN_X.md', 'E-NOT-FOUND', /File not found/],
  ['@PLAN_NOPE.md', 'E-NOT-FOUND', /File not found/],
  ['@NONEXISTENT.md', 'E-NOT-FOUND', /PLAN file not found: @NONEXISTENT\.md/],
  ['work-space/plans/NO-PLAN-HERE', 'E-IS-DIR', /holds no plan/],
  ['@SUBPLAN_PROMPT-GENERATOR-UX-AND-FOUNDATION_01.md', 'E-KIND', /expects a PLAN/],
];
for (const [input, code, message, exit = 1] of bad) {
  test(`rejects ${JSON.stringify(input)} with ${code} (exit ${exit})`, () => {
    assert.throws(
      () => r.resolve(input, 'plan'),
      (e: unknown) => e instanceof ToolError && e.code === code && message.test(e.message) && e.exitCode === exit,
    );
  });
}

test('ambiguity lists the candidates; not-found lists available plans (at most 10)', () => {
  try {
    r.resolve('@PROMPT', 'plan');
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof ToolError);
    assert.ok(e.details.some((d) => d.includes('@PROMPT-SYSTEM-DESIGN')));
    assert.ok(e.details.some((d) => d.includes('@PROMPT-GENERATOR-UX-AND-FOUNDATION')));
  }
  try {
    r.resolve('@NONEXISTENT', 'plan');
  } catch (e) {
    assert.ok(e instanceof ToolError);
    assert.equal(e.details[0], 'Available plans:');
    assert.equal(e.details.length, 11, 'header + 10 plans');
  }
  assert.deepEqual(capList(['a', 'b', 'c'], 2), ['a', 'b', '… and 1 more']);
});

test('SUBPLAN and EXECUTION_TASK names resolve to their kind and plan', () => {
  const s = r.resolve('@SUBPLAN_PROMPT-GENERATOR-UX-AND-FOUNDATION_01.md', 'subplan');
  assert.equal(s.kind, 'subplan');
  assert.equal(s.plan?.feature, 'PROMPT-GENERATOR-UX-AND-FOUNDATION');
  const e = r.resolve('@EXECUTION_TASK_PROMPT-GENERATOR-UX-AND-FOUNDATION_01_01.md', 'any');
  assert.equal(e.kind, 'execution');
  const flat = r.resolve('@SUBPLAN_FLAT-LEGACY_01.md', 'subplan');
  assert.match(flat.path, /work-space\/subplans\//);
  assert.throws(() => r.resolve('@RESTORE', 'subplan'), /expects a SUBPLAN/);
  assert.throws(() => r.resolve('@PROMPT-GENERATOR-UX-AND-FOUNDATION/PLAN-UPDATE-SUMMARY.md', 'plan'), /not a methodology file|File not found/);
});

test('a PLAN outside the plan areas resolves by path as an ad-hoc plan', () => {
  const got = r.resolve('elsewhere/PLAN_OUTSIDE.md', 'plan');
  assert.equal(got.plan?.feature, 'OUTSIDE');
  assert.equal(got.plan?.layout, 'flat');
});

test('discovery: groups, loose plans, ignored PLAN-like files with reasons, warnings', () => {
  const d = discoverPlans(ws);
  const features = d.plans.map((p) => p.feature).sort();
  assert.deepEqual(features, [
    'FLAT-LEGACY',
    'GRAPHRAG-OBSERVABILITY-EXCELLENCE',
    'LATER',
    'LOOSE-ONE',
    'OTHER-NAME',
    'PAUSED-ONE',
    'PROMPT-GENERATOR-UX-AND-FOUNDATION',
    'PROMPT-SYSTEM-DESIGN',
    'RESTORE-EXECUTION-WORKFLOW-AUTOMATION',
    'TWO-FILES',
  ]);
  assert.deepEqual(d.groups, ['plans/a_paused']);
  const paused = d.plans.find((p) => p.feature === 'PAUSED-ONE');
  assert.equal(paused?.group, 'a_paused');
  assert.equal(d.plans.find((p) => p.feature === 'LOOSE-ONE')?.layout, 'flat');
  const reasons = Object.fromEntries(d.ignored.map((i) => [i.path.replace(/^.*work-space\//, ''), i.reason]));
  assert.match(reasons['plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/PLAN-UPDATE-SUMMARY.md'] ?? '', /not named after its folder/);
  assert.match(reasons['plans/PROMPT-GENERATOR-UX-AND-FOUNDATION/documentation/PLAN_ALIGNMENT_FEEDBACK_SYSTEM.md'] ?? '', /underscores/);
  assert.match(reasons['plans/a_paused/TWO-FILES/PLAN_SUMMARY.md'] ?? '', /not named after its folder/);
  assert.match(reasons['plans/AMBIG/PLAN_ONE.md'] ?? '', /several PLAN files/);
  const codes = d.warnings.map((w) => w.code).sort();
  assert.deepEqual(codes, ['W-PLAN-FOLDER-NAME', 'W-PLAN-TWO-FILES', 'W-PLAN-TWO-FILES']);
});

test('a broken symbolic link in the workspace is a warning, not a crash', () => {
  const t = tempTree({ 'work-space/plans/A/PLAN_A.md': plan });
  symlinkSync(join(t, 'nowhere'), join(t, 'work-space/plans/dangling'));
  const d = discoverPlans(findRoot(t));
  assert.equal(d.plans.length, 1);
  assert.ok(d.warnings.some((w) => w.code === 'W-FS-BROKEN-LINK'));
});

test('findRoot walks up from a sub-folder, honours --root, and explains failures', () => {
  const sub = join(root, 'work-space/plans/LATER');
  mkdirSync(join(sub, 'deeper'), { recursive: true });
  assert.equal(findRoot(join(sub, 'deeper')).root, root);
  assert.equal(findRoot('/', root).root, root);
  assert.throws(() => findRoot('/', join(root, 'nope')), /--root is not a folder/);
  assert.throws(() => findRoot('/', join(root, 'elsewhere')), /No work-space\/ folder/);
  const lonely = tempTree({ 'x.txt': 'x' });
  assert.throws(() => findRoot(lonely), (e: unknown) => e instanceof ToolError && /--root/.test(e.fix ?? ''));
});

// findRoot from a working directory: [case, files, start folder, expected root] (paths relative to a temp folder).
const PLAN_P = { 'work-space/plans/P/PLAN_P.md': plan };
const rootCases: Array<[string, Record<string, string>, string, string]> = [
  ['a stray work-space/work-space/ does not capture its parent project (from a plan folder)', { ...PLAN_P, 'work-space/work-space/.keep': '' }, 'work-space/plans/P', '.'],
  ['… nor from the work-space/ folder itself', { ...PLAN_P, 'work-space/work-space/.keep': '' }, 'work-space', '.'],
  ['… nor from the project root', { ...PLAN_P, 'work-space/work-space/.keep': '' }, '.', '.'],
  ['a project whose own folder is named work-space, from its root', { 'work-space/work-space/plans/P/PLAN_P.md': plan }, 'work-space', 'work-space'],
  ['… and from its plan folder', { 'work-space/work-space/plans/P/PLAN_P.md': plan }, 'work-space/work-space/plans/P', 'work-space'],
  ['a stray work-space/work-space/plans/ of outputs does not capture it either', { ...PLAN_P, 'work-space/work-space/plans/P/out.txt': 'x' }, 'work-space/plans/P', '.'],
  ['from inside the stray work-space/work-space/plans/ of outputs, the project whose work-space/ holds plans', { ...PLAN_P, 'work-space/work-space/plans/P/out/x.txt': 'x' }, 'work-space/work-space/plans/P/out', '.'],
  ['… and from the stray folder itself', { ...PLAN_P, 'work-space/work-space/plans/P/out/x.txt': 'x' }, 'work-space/work-space', '.'],
  ['a work-space/ inside a plan folder belongs to the enclosing project…', { ...PLAN_P, 'work-space/plans/P/sub/work-space/plans/Q/PLAN_Q.md': plan }, 'work-space/plans/P/sub', '.'],
  ['… unless its folder holds the configuration file', { ...PLAN_P, 'work-space/plans/P/sub/methodology.config.json': '{}', 'work-space/plans/P/sub/work-space/plans/Q/PLAN_Q.md': plan }, 'work-space/plans/P/sub', 'work-space/plans/P/sub'],
  ['a new, empty project beside a real one is its own root', { ...PLAN_P, 'b/work-space/.keep': '' }, 'b', 'b'],
  ['the configuration file alone marks a root', { 'methodology.config.json': '{}', 'x/y/.keep': '' }, 'x/y', '.'],
];
for (const [name, files, from, expected] of rootCases) {
  test(`findRoot: ${name}`, () => {
    const t = tempTree(files);
    assert.equal(findRoot(join(t, from)).root, join(t, expected));
  });
}

test('a PLAN name on something that is no readable file (broken link, FIFO, folder) is said so, with the fix, by name and by path', () => {
  const root = tempTree({ 'work-space/plans/OK/PLAN_OK.md': planText({ achievements: ['0.1'] }) });
  const plans = join(root, 'work-space/plans');
  mkdirSync(join(plans, 'LINK'));
  symlinkSync('/nonexistent/target.md', join(plans, 'LINK/PLAN_LINK.md'));
  mkdirSync(join(plans, 'FIFO'));
  execFileSync('mkfifo', [join(plans, 'FIFO/PLAN_FIFO.md')]);
  mkdirSync(join(plans, 'DIRP/PLAN_DIRP.md'), { recursive: true });
  const r = new Resolver(findRoot(root), root);
  const cases: Array<[string, RegExp, RegExp]> = [
    ['@LINK', /^@LINK: work-space\/plans\/LINK\/PLAN_LINK\.md is a broken symbolic link \(its target does not exist\)/, /Restore the link's target/],
    ['@FIFO', /^@FIFO: work-space\/plans\/FIFO\/PLAN_FIFO\.md is a FIFO \(named pipe\)/, /Replace it with the PLAN file/],
    ['@DIRP', /^@DIRP: work-space\/plans\/DIRP\/PLAN_DIRP\.md is a directory/, /Replace it with the PLAN file/],
    ['work-space/plans/FIFO/PLAN_FIFO.md', /is a FIFO \(named pipe\), not a readable file/, /Name the PLAN file itself/],
    ['work-space/plans/LINK/PLAN_LINK.md', /is a broken symbolic link/, /Name the PLAN file itself/],
  ];
  for (const [arg, message, fix] of cases) {
    assert.throws(
      () => r.resolve(arg, 'plan'),
      (e: unknown) => e instanceof ToolError && e.code === 'E-NOT-A-FILE' && message.test(e.message) && fix.test(e.fix ?? ''),
      arg,
    );
  }
  assert.equal(r.resolve('@OK', 'plan').kind, 'plan');
});
