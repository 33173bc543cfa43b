/**
 * The four scripts as users run them (`node --import tsx scripts/…`): arguments, outputs on the right stream,
 * formats and exit codes; plus the discovery prompt and the summary used by generate_prompt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePlan, nodeSource } from '../scripts/lib/analysis.ts';
import { loadConfig } from '../scripts/lib/config.ts';
import { PromptRenderer } from '../scripts/lib/prompts.ts';
import { Resolver } from '../scripts/lib/resolver.ts';
import { findRoot } from '../scripts/lib/workspace.ts';
import { DISCOVERY_TEMPLATE, discoveryPromptData, parallelSummary } from '../scripts/lib/parallel/discovery.ts';
import { runCommand, styles, type Io } from '../scripts/lib/cli.ts';
import { analyzeParallel, openParallel } from '../scripts/lib/parallel/analysis.ts';
import { analysisText, GRAPH_MAX_INDENT, GRAPH_MAX_ROWS, statusTable } from '../scripts/lib/parallel/render.ts';
import * as validate from '../scripts/validation/validate_parallel_json.ts';
import * as status from '../scripts/workflow/get_parallel_status.ts';
import { spawnSync } from 'node:child_process';
import { cli, doc, REPO as REPO_ROOT, tmp, workspace, write } from './parallel-helpers.ts';

const V = 'validation/validate_parallel_json';
const S = 'workflow/get_parallel_status';
const A = 'workflow/analyze_dependencies';
const N = 'migration/normalize_parallel_json';
const ESC = '\u001b[';

const good = doc('TEST-PLAN', [
  { id: '1.1', hours: 2 },
  { id: '1.2', deps: ['1.1'], hours: '2-3' },
  { id: '1.10', deps: ['1.1'], hours: 1 },
  { id: '2.1', deps: ['1.2', '1.10'], hours: 4, executor: 'alice' },
  { id: '10.1', deps: ['2.1'] },
]);
const IDS = ['1.1', '1.2', '1.10', '2.1', '10.1'];

test('usage errors exit 2 on stderr; --help exits 0 on stdout', () => {
  for (const script of [V, S, A, N]) {
    const none = cli(script, []);
    assert.equal(none.code, 2, `${script} without argument`);
    assert.equal(none.out, '');
    assert.match(none.err, /Missing argument/);
    assert.doesNotMatch(none.err, /\n\s+at /, 'no stack trace');
    const help = cli(script, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Exit codes:/);
  }
  assert.equal(cli(V, ['x.json', '--format', 'xml']).code, 2);
  assert.equal(cli(V, ['x.json', '--bogus']).code, 2);
  assert.equal(cli(A, ['x.json', '--executors', '0']).code, 2);
  assert.equal(cli(S, ['x.json', '--format', 'mermaid']).code, 2);
});

test('analyze --executors: any whole number from 1 to 2^53 − 1; the message states that range', () => {
  const { root } = workspace('TEST-PLAN', IDS, good);
  const cases: Array<{ k: string; code: number }> = [
    { k: '1', code: 0 },
    { k: '999999', code: 0 },
    { k: '1000000', code: 0 },
    { k: String(Number.MAX_SAFE_INTEGER), code: 0 },
    { k: '9007199254740992', code: 2 },
    { k: '0', code: 2 },
    { k: '-1', code: 2 },
    { k: '1.5', code: 2 },
    { k: 'two', code: 2 },
  ];
  for (const c of cases) {
    const r = cli(A, ['@TEST-PLAN', `--executors=${c.k}`], { cwd: root });
    assert.equal(r.code, c.code, `--executors ${c.k}: ${r.err}`);
    if (c.code === 2) assert.match(r.err, new RegExp(`--executors must be a whole number from 1 to 9007199254740991 \\(got '${c.k.replace('.', '\\.')}'\\)`));
    else assert.match(r.out, new RegExp(` · ${c.k} executors?\\n`));
  }
});

test('status --executors K: the ready set and the remaining work are timed with K executors (a usage error otherwise)', () => {
  const { root } = workspace('TEST-PLAN', IDS, good, { 'execution/feedbacks/APPROVED_11.md': 'ok' });
  const free = cli(S, ['@TEST-PLAN'], { cwd: root });
  assert.equal(free.code, 0, free.err);
  assert.doesNotMatch(free.out, /executor/);
  const one = cli(S, ['@TEST-PLAN', '--executors', '1'], { cwd: root });
  assert.equal(one.code, 0, one.err);
  assert.match(one.out, /\n {2}sequential 3–4 h → parallel 3–4 h with 1 executor, saves 0 h \(0%\)\n/);
  assert.match(one.out, /\nRemaining work: sequential 7–8 h · .* · with 1 executor 7–8 h\n/);
  const j = JSON.parse(cli(S, ['@TEST-PLAN', '--format', 'json', '--executors', '1'], { cwd: root }).out);
  assert.deepEqual(j.readySet.ids, ['1.2', '1.10']);
  for (const bad of ['0', 'two']) assert.equal(cli(S, ['@TEST-PLAN', '--executors', bad], { cwd: root }).code, 2, bad);
});

test('validate --format sarif: URIs relative to the project root from any working directory; a usage error still leaves a SARIF log', () => {
  const { root, dir } = workspace('TEST-PLAN', IDS, doc('TEST-PLAN', [{ id: '1.1', deps: ['1.1'] }]));
  const uris = (cwd: string, arg: string) => {
    const log = JSON.parse(cli(V, [arg, '--format', 'sarif'], { cwd }).out);
    return { base: log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, uris: [...new Set(log.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0]?.physicalLocation.artifactLocation.uri))] };
  };
  const fromRoot = uris(root, '@TEST-PLAN');
  assert.deepEqual(fromRoot.uris, ['work-space/plans/TEST-PLAN/parallel.json']);
  assert.equal(fromRoot.base, `file://${root}/`);
  assert.deepEqual(uris(dir, 'parallel.json'), fromRoot);
  assert.deepEqual(uris(join(root, 'work-space'), '@TEST-PLAN'), fromRoot);
  for (const argv of [['@TEST-PLAN', '--format', 'sarif', '--bogus'], ['@TEST-PLAN', '--format=sarif', 'extra']]) {
    const r = cli(V, argv, { cwd: root });
    assert.equal(r.code, 2, argv.join(' '));
    const log = JSON.parse(r.out);
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(log.runs[0].results, []);
    assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
    assert.equal(log.runs[0].invocations[0].exitCode, 2);
    assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /Unknown option '--bogus'|Too many arguments: extra/);
  }
  // One document on stdout, never two; no SARIF from a script that has no SARIF format.
  const both = cli(V, ['@TEST-PLAN', '--format', 'json', '--format', 'sarif', '--bogus'], { cwd: root });
  assert.equal(both.code, 2);
  assert.equal(JSON.parse(both.out).error.code, 'E-USAGE');
  const status = cli(S, ['@TEST-PLAN', '--format', 'sarif'], { cwd: root });
  assert.equal(status.code, 2);
  assert.equal(status.out, '');
});

test('validate: text report on stdout with headline, blocks and path:line:col CODE; exit 1 on errors', () => {
  const { root, dir } = workspace('TEST-PLAN', IDS, doc('TEST-PLAN', [{ id: '1.1', deps: ['1.2'] }, { id: '1.2', deps: ['1.1', '9.9'] }, { id: '1.3', blocks: ['1.1'] }]));
  const r = cli(V, ['@TEST-PLAN'], { cwd: root });
  assert.equal(r.code, 1);
  assert.equal(r.err, '');
  assert.match(r.out, /^❌ Validation failed!\n/);
  assert.match(r.out, /\nErrors \(2\):\n {2}work-space\/plans\/TEST-PLAN\/parallel\.json:\d+:\d+ E-CYCLE Circular dependency detected: 1\.1 → 1\.2 → 1\.1\n/);
  assert.match(r.out, /parallel\.json:\d+:\d+ E-UNKNOWN-DEP Achievement 1\.2: dependency '9\.9' not found/);
  assert.match(r.out, /\nWarnings \(1\):\n.*W-BLOCKS/);
  assert.match(r.out, / {6}→ Remove "1\.1" from the dependencies of 1\.2/);
  assert.equal((r.out.match(/1\.1 → 1\.2 → 1\.1/g) ?? []).length, 1, 'the cycle is shown once');
  assert.ok(!r.out.includes(ESC), 'no colours without a TTY');
  // the same by file path and by folder, from elsewhere
  const byPath = cli(V, [join(dir, 'parallel.json')], { cwd: tmp() });
  const byDir = cli(V, [dir], { cwd: tmp() });
  assert.equal(byPath.code, 1);
  assert.equal(byDir.out, byPath.out);
  // --quiet: the finding lines only
  const q = cli(V, ['@TEST-PLAN', '--quiet'], { cwd: root });
  assert.equal(q.code, 1);
  assert.deepEqual(
    q.out.trim().split('\n').map((l) => l.trim().split(' ')[1]),
    ['E-CYCLE', 'E-UNKNOWN-DEP', 'W-BLOCKS'],
  );
  dir;
});

test('validate: exit 0 with warnings; --strict makes them fail; W-PLAN-NAME against the PLAN', () => {
  const { root } = workspace('TEST-PLAN', IDS, { ...good, plan_name: 'OTHER' });
  const r = cli(V, ['@TEST-PLAN'], { cwd: root });
  assert.equal(r.code, 0);
  assert.match(r.out, /^✅ Validation passed!\n {2}work-space\/plans\/TEST-PLAN\/parallel\.json: 5 achievements, 5 dependencies, 4 depths, critical path 8–9 h\n/);
  assert.match(r.out, /W-PLAN-NAME plan_name "OTHER" differs from the plan's name "TEST-PLAN"/);
  const strict = cli(V, ['@TEST-PLAN', '--strict'], { cwd: root });
  assert.equal(strict.code, 1);
  assert.match(strict.out, /^❌ Validation failed!/);
  const q = cli(V, ['@TEST-PLAN', '--quiet'], { cwd: root });
  assert.equal(q.code, 0);
  const clean = workspace('TEST-PLAN', IDS, good);
  const c = cli(V, ['@TEST-PLAN', '--quiet', '--strict'], { cwd: clean.root });
  assert.deepEqual([c.code, c.out], [0, '']);
});

test('status and analyze announce as many warnings as validate reports, W-PLAN-NAME included', () => {
  const cases: Array<{ name: string; file: Record<string, unknown>; code: string }> = [
    { name: 'plan_name differs from the folder', file: { ...good, plan_name: 'OTHER' }, code: 'W-PLAN-NAME' },
    { name: 'stored blocks disagree', file: doc('TEST-PLAN', [{ id: '1.1', blocks: ['1.2'] }, { id: '1.2' }]), code: 'W-BLOCKS' },
    {
      name: 'scope priority across priorities',
      file: doc('TEST-PLAN', [{ id: '1.1', priority: 1 }, { id: '1.2', deps: ['1.1'], priority: 2 }], { parallelization_level: 'level_2' }),
      code: 'W-SCOPE',
    },
  ];
  for (const c of cases) {
    const { root } = workspace('TEST-PLAN', ['1.1', '1.2', '1.10', '2.1', '10.1'], c.file);
    const v = JSON.parse(cli(V, ['@TEST-PLAN', '--format', 'json'], { cwd: root }).out);
    assert.ok(v.warnings.some((w: { code: string }) => w.code === c.code), `${c.name}: validate reports ${c.code}`);
    const n = v.warnings.filter((w: { code: string }) => !['W-PLAN-COVERAGE', 'W-SKIPPED-DEP'].includes(w.code)).length;
    for (const script of [S, A]) {
      const r = cli(script, ['@TEST-PLAN'], { cwd: root });
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, new RegExp(`parallel\\.json has ${n} warnings? \\(validate_parallel_json shows them\\)`), `${c.name}, ${script}:\n${r.err}`);
    }
  }
  const clean = workspace('TEST-PLAN', IDS, good);
  for (const script of [S, A]) assert.doesNotMatch(cli(script, ['@TEST-PLAN'], { cwd: clean.root }).err, /has \d+ warning/);
});

test('validate --format json: structured report; --format sarif: SARIF 2.1.0 with rules, levels and regions', () => {
  const { root } = workspace('TEST-PLAN', IDS, doc('TEST-PLAN', [{ id: '1.1', deps: ['1.1'] }, { id: '1.2', status: 'done' }]));
  const j = cli(V, ['@TEST-PLAN', '--format', 'json'], { cwd: root });
  assert.equal(j.code, 1);
  const out = JSON.parse(j.out);
  assert.equal(out.valid, false);
  assert.equal(out.file, 'work-space/plans/TEST-PLAN/parallel.json');
  assert.deepEqual(out.errors.map((e: { code: string }) => e.code).sort(), ['E-CYCLE', 'E-ENUM', 'E-SELF-DEP'], 'a self-dependency is a cycle and also E-SELF-DEP (§7.1 C4)');
  for (const e of out.errors) for (const k of ['code', 'severity', 'message', 'line', 'column', 'pointer', 'hint']) assert.ok(k in e, `${e.code} has ${k}`);
  assert.deepEqual(out.cycles, [{ path: ['1.1', '1.1'], removeEdge: { from: '1.1', to: '1.1' } }]);
  assert.deepEqual(Object.keys(out.stats), ['achievements', 'dependencies', 'depths', 'sequentialHours', 'criticalPathHours']);

  const s = cli(V, ['@TEST-PLAN', '--format', 'sarif'], { cwd: root });
  assert.equal(s.code, 1);
  const sarif = JSON.parse(s.out);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'validate_parallel_json');
  const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
  for (const res of run.results) {
    assert.equal(ruleIds[res.ruleIndex], res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'work-space/plans/TEST-PLAN/parallel.json');
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
  }
  assert.ok(run.results.some((r: { ruleId: string; level: string }) => r.ruleId === 'E-CYCLE' && r.level === 'error'));
  assert.equal(run.columnKind, 'utf16CodeUnits');
  // A plan name that resolves to nothing: still a SARIF log on stdout (a CI step uploads it), the message on stderr.
  const missing = cli(V, ['@NO-SUCH-PLAN', '--format', 'sarif'], { cwd: root });
  assert.equal(missing.code, 1);
  const log = JSON.parse(missing.out);
  assert.equal(log.version, '2.1.0');
  const [only, ...more] = log.runs[0].results;
  assert.equal(more.length, 0);
  assert.equal(only.ruleId, 'E-NOT-FOUND');
  assert.equal(only.level, 'error');
  assert.match(only.message.text, /@NO-SUCH-PLAN/);
  assert.equal(log.runs[0].tool.driver.rules[only.ruleIndex].defaultConfiguration.level, 'error');
  assert.deepEqual(log.runs[0].invocations, [{ executionSuccessful: false, exitCode: 1 }]);
  assert.deepEqual(run.invocations, [{ executionSuccessful: true, exitCode: 1 }], 'a checked file with errors: the run itself succeeded');
  assert.match(missing.err, /❌ ERROR: .*@NO-SUCH-PLAN/);
});

test('validate: missing file / plan without parallel.json / alternate names / ambiguity', () => {
  const none = cli(V, ['/nonexistent/parallel.json']);
  assert.equal(none.code, 1);
  assert.match(none.out, /E-FILE File not found/);
  const { root, dir } = workspace('TEST-PLAN', IDS, undefined);
  const noFile = cli(V, ['@TEST-PLAN'], { cwd: root });
  assert.equal(noFile.code, 1);
  assert.match(noFile.out, /E-FILE File not found: no parallel\.json in .*TEST-PLAN/);
  // The hint is a command that runs: the plan's own name, or its PLAN file when a folder was given.
  assert.match(noFile.out, /Create it: generate_prompt @TEST-PLAN --parallel-upgrade/);
  const byDir = cli(V, ['work-space/plans/TEST-PLAN'], { cwd: root });
  assert.match(byDir.out, /Create it: generate_prompt work-space\/plans\/TEST-PLAN\/PLAN_TEST-PLAN\.md --parallel-upgrade/);
  assert.doesNotMatch(noFile.out + byDir.out, /@PLAN\b/);
  // From outside the project the command needs the root, as the one that printed it did.
  const outside = cli(V, ['@TEST-PLAN', '--root', root], { cwd: tmp() });
  assert.match(outside.out, new RegExp(`Create it: generate_prompt @TEST-PLAN --root ${root.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} --parallel-upgrade`));
  write(dir, { 'PARALLEL-EXECUTION-ANALYSIS.json': JSON.stringify(good) });
  const alt = cli(V, ['@TEST-PLAN'], { cwd: root });
  assert.equal(alt.code, 0);
  assert.match(alt.out, /W-ALT-FILENAME Read PARALLEL-EXECUTION-ANALYSIS\.json; the expected name is parallel\.json/);
  write(dir, { 'parallel_analysis.json': JSON.stringify(good) });
  const amb = cli(V, ['@TEST-PLAN'], { cwd: root });
  assert.equal(amb.code, 1);
  assert.match(amb.out, /E-AMBIGUOUS-FILE/);
  const unknownPlan = cli(V, ['@NO-SUCH-PLAN'], { cwd: root });
  assert.equal(unknownPlan.code, 1);
  assert.equal(unknownPlan.out, '');
  assert.match(unknownPlan.err, /PLAN file not found: @NO-SUCH-PLAN/);
});

test('--json is --format json for the scripts that have a JSON format; with another --format it is a usage error', () => {
  const { root } = workspace('TEST-PLAN', IDS, good, { 'execution/feedbacks/APPROVED_11.md': 'ok' });
  for (const script of [V, S, 'workflow/analyze_dependencies']) {
    const viaFormat = cli(script, ['@TEST-PLAN', '--format', 'json'], { cwd: root });
    const viaJson = cli(script, ['@TEST-PLAN', '--json'], { cwd: root });
    assert.equal(viaJson.code, viaFormat.code, script);
    assert.equal(viaJson.out, viaFormat.out, `${script}: the same document`);
    assert.ok(JSON.parse(viaJson.out), script);
    const both = cli(script, ['@TEST-PLAN', '--json', '--format', 'text'], { cwd: root });
    assert.equal(both.code, 2, `${script}: two formats`);
    assert.match(both.err, /--json and --format text ask for two formats/);
    assert.equal(cli(script, ['@TEST-PLAN', '--json', '--format', 'json'], { cwd: root }).out, viaFormat.out, `${script}: the same format twice is fine`);
    assert.match(cli(script, ['--help']).out, /--json +Same as --format json/, `${script}: listed in --help`);
  }
});

test('a path that is no parallel.json: each message says what it is and what to do instead', () => {
  const { root, dir } = workspace('TEST-PLAN', IDS, good);
  // A PLAN file names its plan (the candidates of an ambiguous @PLAN_X.md are PLAN paths): never parsed as JSON.
  for (const script of [S, V, A]) {
    const byPlan = cli(script, [join(dir, 'PLAN_TEST-PLAN.md'), '--format', 'json'], { cwd: tmp() });
    assert.equal(byPlan.code, 0, `${script}: ${byPlan.out}${byPlan.err}`);
    assert.equal(JSON.parse(byPlan.out).file.endsWith('parallel.json'), true, script);
  }
  // The workspace root: not a plan folder.
  const wsRoot = cli(S, [root]);
  assert.equal(wsRoot.code, 1);
  assert.match(wsRoot.err, /E-FILE .* is a workspace root \(it holds work-space\/\), not a plan folder or a parallel\.json file/);
  // The fix names a real plan (one with a parallel.json first) and repeats the root as typed, shell-quoted.
  assert.match(wsRoot.err, new RegExp(`💡 Fix: Name the plan and the root: @TEST-PLAN --root ${root.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(plans with a parallel\\.json: @TEST-PLAN\\)`));
  const spaced = join(tmp(), 'my project');
  mkdirSync(join(spaced, 'work-space', 'plans', 'A-PLAN'), { recursive: true });
  writeFileSync(join(spaced, 'work-space', 'plans', 'A-PLAN', 'PLAN_A-PLAN.md'), '# PLAN: A\n\n**Achievement 1.1**: One\n');
  const noFile = cli(S, [spaced]);
  assert.equal(noFile.code, 1);
  assert.match(noFile.err, /Name the plan and the root: @A-PLAN --root '.*my project' \(its plans: @A-PLAN; none has a parallel\.json yet\)/);
  const bareRoot = join(tmp(), 'bare');
  mkdirSync(join(bareRoot, 'work-space'), { recursive: true });
  assert.match(cli(S, [bareRoot]).err, /Name the plan and the root: @FOLDER --root \S+ \(no plans found there yet\)/);
  assert.doesNotMatch(wsRoot.err, /create parallel\.json/);
  // A loose PLAN (flat layout) given by its path: the same answer as @NAME gives, not "no parallel.json in plans/"
  // with a `--parallel-upgrade` command that refuses loose PLANs.
  writeFileSync(join(spaced, 'work-space', 'plans', 'PLAN_LOOSE.md'), '# PLAN: L\n\n**Achievement 1.1**: One\n');
  for (const arg of [join(spaced, 'work-space', 'plans', 'PLAN_LOOSE.md'), '@LOOSE']) {
    const loose = cli(S, [arg, '--root', spaced]);
    assert.equal(loose.code, 1, arg);
    assert.match(loose.err, /E-FILE PLAN_LOOSE\.md is a loose PLAN file \(no plan folder\), so it has no place for parallel\.json/, arg);
    assert.doesNotMatch(loose.err, /--parallel-upgrade/, arg);
  }
  // A PLAN in its own folder without parallel.json: the folder is named and the prompt that writes one is offered.
  const nestedNoFile = cli(S, [join(spaced, 'work-space', 'plans', 'A-PLAN', 'PLAN_A-PLAN.md')]);
  assert.match(nestedNoFile.err, /no parallel\.json in .*A-PLAN/);
  assert.match(nestedNoFile.err, /--parallel-upgrade/);
  // A second PLAN file in a plan folder (discovery ignores it) is no loose PLAN: its folder is the plan's.
  writeFileSync(join(spaced, 'work-space', 'plans', 'A-PLAN', 'PLAN_NOTES.md'), '# notes\n');
  const second = cli(S, [join(spaced, 'work-space', 'plans', 'A-PLAN', 'PLAN_NOTES.md')]);
  assert.doesNotMatch(second.err, /loose PLAN/);
  assert.match(second.err, /no parallel\.json in .*A-PLAN.*\n.*generate_prompt .*PLAN_A-PLAN\.md' --parallel-upgrade/);
  // A grouping folder of loose PLANs: the loose-PLAN answer (a folder beside the PLAN), not a command that refuses.
  mkdirSync(join(spaced, 'work-space', 'plans', 'a_paused'));
  writeFileSync(join(spaced, 'work-space', 'plans', 'a_paused', 'PLAN_LATER.md'), '# PLAN: Later\n\n**Achievement 1.1**: One\n');
  const group = cli(S, [join(spaced, 'work-space', 'plans', 'a_paused')]);
  assert.equal(group.code, 1);
  assert.match(group.err, /PLAN_LATER\.md is a loose PLAN file .*\n.*a folder of its own \(work-space\/plans\/a_paused\/LATER\/, with subplans\/ and execution\/\)/);
  assert.doesNotMatch(group.err, /--parallel-upgrade/);
  // The rule behind all of these: a `--parallel-upgrade` command offered by a parallel script runs (exit 0); a PLAN
  // generate_prompt would refuse as loose gets the loose answer instead.
  const plans = join(spaced, 'work-space', 'plans');
  mkdirSync(join(plans, 'A-PLAN', 'documentation'));
  writeFileSync(join(plans, 'A-PLAN', 'documentation', 'PLAN_SIDE.md'), '# PLAN: Side\n\n**Achievement 1.1**: One\n');
  const other = join(tmp(), 'other');
  mkdirSync(join(other, 'work-space', 'plans'), { recursive: true });
  const paths: Array<[string[], boolean]> = [
    [[join(plans, 'A-PLAN', 'PLAN_A-PLAN.md')], false],
    [[join(plans, 'A-PLAN')], false],
    [[join(plans, 'A-PLAN', 'PLAN_NOTES.md')], false],
    [[join(plans, 'A-PLAN', 'documentation', 'PLAN_SIDE.md')], true],
    [[join(plans, 'A-PLAN', 'documentation')], true],
    [[join(plans, 'a_paused')], true],
    [[join(plans, 'PLAN_LOOSE.md'), '--root', other], true],
  ];
  for (const [args, loose] of paths) {
    const cwd = tmp();
    const r = cli(S, args, { cwd });
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(/is a loose PLAN file/.test(r.err), loose, `${args.join(' ')}\n${r.err}`);
    const offered = /Create it: generate_prompt (.+?) --parallel-upgrade/.exec(r.err)?.[1];
    assert.equal(offered === undefined, loose, `${args.join(' ')}: ${r.err}`);
    if (offered) {
      const gp = cli('generation/generate_prompt', [offered.replace(/^'|'$/g, ''), '--parallel-upgrade'], { cwd });
      assert.equal(gp.code, 0, `${offered}: ${gp.err}`);
    }
  }
  // A FIFO or a device: named as such, not "not found" (and never read: a FIFO would block).
  const fifo = join(dir, 'fifo.json');
  if (spawnSync('mkfifo', [fifo]).status === 0) {
    for (const script of [S, 'validation/validate_parallel_json', 'migration/normalize_parallel_json']) {
      const r = cli(script, [fifo, ...(script.startsWith('migration') ? ['--write'] : [])]);
      assert.equal(r.code, 1, `${script}: ${r.err}`);
      assert.match(r.out + r.err, /E-FILE .*fifo\.json is a FIFO \(named pipe\), not a regular file/, script);
    }
  }
  const inPlan = workspace('FIFO-PLAN', IDS, undefined);
  if (spawnSync('mkfifo', [join(inPlan.dir, 'parallel.json')]).status === 0) {
    const r = cli(V, ['@FIFO-PLAN'], { cwd: inPlan.root });
    assert.equal(r.code, 1);
    assert.match(r.out, /E-FILE .*FIFO-PLAN\/parallel\.json is a FIFO \(named pipe\), not a regular file/);
  }
  if (existsSync('/dev/null')) assert.match(cli('validation/validate_parallel_json', ['/dev/null']).out, /E-FILE \/dev\/null is a device, not a regular file/);
  // A wrong path: check it (not "create parallel.json").
  const typo = cli(S, [join(root, 'nope.json')]);
  assert.equal(typo.code, 1);
  assert.match(typo.err, /💡 Fix: Check the path, or name the plan: @FOLDER; get_parallel_status reads only a valid file/);
  // A plan folder without the file: create it.
  const bare = workspace('OTHER-PLAN', IDS, undefined);
  const missing = cli(S, ['@OTHER-PLAN'], { cwd: bare.root });
  assert.match(missing.err, /💡 Fix: Create it: generate_prompt @OTHER-PLAN --parallel-upgrade/);
  // No plan at all: a usage error (exit 2), with the plans to choose from.
  const empty = cli(S, ['@'], { cwd: root });
  assert.equal(empty.code, 2);
  assert.match(empty.err, /No plan given \(the argument is empty\)/);
  assert.match(empty.err, /@TEST-PLAN/);
  // A binary file: the fix names JSON, not markdown.
  writeFileSync(join(dir, 'parallel.json'), Buffer.from([0x7b, 0x00, 0x7d]));
  const bin = cli(V, [join(dir, 'parallel.json')]);
  assert.equal(bin.code, 1);
  assert.match(bin.out, /E-FILE Not a text file \(it contains NUL bytes\)/);
  assert.match(bin.out, /→ Point the command at a JSON text file\./);
  assert.doesNotMatch(bin.out, /markdown/);
});

test('status: table sorted numerically with every column, footer; --remaining; json', () => {
  const { root } = workspace('TEST-PLAN', IDS, good, {
    'execution/feedbacks/APPROVED_11.md': 'ok',
    'subplans/SUBPLAN_TEST-PLAN_12.md': '# S',
  });
  const r = cli(S, ['@TEST-PLAN'], { cwd: root });
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.match(lines[2] ?? '', /^ID +Title +Status +Depth +Ready \/ blocked by +Hours +Executor$/);
  assert.deepEqual(
    lines.slice(3, 8).map((l) => l.split(/\s+/)[0]),
    ['1.1', '1.2', '1.10', '2.1', '10.1'],
  );
  assert.match(r.out, /^1\.1 +Work item 1\.1 +complete +0 +done +2 h +—$/m);
  assert.match(r.out, /^1\.2 +Work item 1\.2 +subplan_created +1 +ready +2–3 h +—$/m);
  assert.match(r.out, /^2\.1 +Work item 2\.1 +not_started +2 +blocked by 1\.2, 1\.10 +4 h +alice$/m);
  assert.match(r.out, /^Progress: 1\/5 done \(20%\): 1 complete, 0 skipped; 1 subplan_created, 3 not_started$/m);
  assert.match(r.out, /^By depth: 0: 1\/1 · 1: 0\/2 · 2: 0\/1 · 3: 0\/1$/m);
  assert.match(r.out, /^Ready now \(2\): 1\.2, 1\.10\n {2}sequential 3–4 h → parallel 2–3 h, saves 1 h \(33%–25%\)$/m);
  assert.match(r.out, /^Remaining critical path \(6–7 h\): 1\.2 → 2\.1 → 10\.1$/m);
  assert.match(r.err, /no estimate|warning|^$/);
  const rem = cli(S, ['@TEST-PLAN', '--remaining'], { cwd: root });
  assert.ok(!/^1\.1 /m.test(rem.out));
  assert.match(rem.out, /^1\.2 /m);
  const j = JSON.parse(cli(S, ['@TEST-PLAN', '--format', 'json'], { cwd: root }).out);
  assert.deepEqual(Object.keys(j), ['plan', 'feature', 'root', 'file', 'achievements', 'progress', 'readySet', 'depths', 'times', 'bottlenecks']);
  assert.deepEqual(j.achievements[1], {
    id: '1.2',
    title: 'Work item 1.2',
    status: 'subplan_created',
    depth: 1,
    ready: true,
    blockedBy: [],
    dependencies: ['1.1'],
    subplan: 'work-space/plans/TEST-PLAN/subplans/SUBPLAN_TEST-PLAN_12.md',
    subplanPlaceholder: false,
    executions: [],
    placeholders: [],
    fix: null,
    hours: { min: 2, max: 3 },
    executor: null,
  });
});

test('status and analyze read fail-closed: an invalid file ends with its first errors and exit 1', () => {
  const { root } = workspace('TEST-PLAN', IDS, doc('TEST-PLAN', [{ id: '1.1', deps: ['1.2'] }, { id: '1.2', deps: ['1.1'] }]));
  for (const script of [S, A]) {
    const r = cli(script, ['@TEST-PLAN'], { cwd: root });
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /^❌ Invalid parallel\.json: work-space\/plans\/TEST-PLAN\/parallel\.json\n {2}- .*E-CYCLE Circular dependency detected: 1\.1 → 1\.2 → 1\.1\n💡 Fix:/);
    const j = cli(script, ['@TEST-PLAN', '--format', 'json'], { cwd: root });
    assert.equal(j.code, 1);
    assert.equal(JSON.parse(j.out).valid, false);
  }
  const missing = workspace('TEST-PLAN', IDS, undefined);
  const m = cli(S, ['@TEST-PLAN'], { cwd: missing.root });
  assert.equal(m.code, 1);
  assert.match(m.err, /no parallel\.json in/);
});

test('analyze: text sections, executor cap, critical path only, Mermaid, DOT, JSON', () => {
  const { root } = workspace('TEST-PLAN', IDS, good, { 'execution/feedbacks/APPROVED_11.md': 'ok' });
  const t = cli(A, ['@TEST-PLAN', '--executors', '1'], { cwd: root });
  assert.equal(t.code, 0, t.err);
  for (const h of ['By depth:', 'Ready now (2): 1.2, 1.10', 'Whole plan: sequential 9–10 h · level-synchronous 8–9 h · critical path 8–9 h · with 1 executor 9–10 h', 'Remaining:  sequential 7–8 h', 'Critical path (8–9 h): 1.1 (2 h) → 1.2 (2–3 h) → 2.1 (4 h) → 10.1 (? h)', 'Bottlenecks', 'Graph (indented by depth; ← depends on):', 'No estimate (left out of the times, which are lower bounds): 10.1']) {
    assert.ok(t.out.includes(h), `${h}\n---\n${t.out}`);
  }
  assert.match(t.out, /\n {6}2\.1 {2}Work item 2\.1 \[not_started\] {2}← 1\.2, 1\.10\n/);
  const cp = cli(A, ['@TEST-PLAN', '--critical-path'], { cwd: root });
  assert.match(cp.out, /^Critical path — TEST-PLAN\nCritical path \(8–9 h\)/);
  const mm = cli(A, ['@TEST-PLAN', '--format', 'mermaid'], { cwd: root });
  assert.match(mm.out, /^flowchart TD\n/);
  assert.match(mm.out, /\n {2}a1_1\["1\.1 Work item 1\.1<br\/>2 h · complete"\]:::done\n/);
  assert.match(mm.out, /\n {2}a1_1 --> a1_2\n/);
  assert.match(mm.out, /\n {2}linkStyle [\d,]+ stroke:#d73a49/);
  const d = cli(A, ['@TEST-PLAN', '--format', 'dot'], { cwd: root });
  assert.match(d.out, /^digraph "TEST-PLAN" \{\n/);
  assert.match(d.out, /\n {2}"1\.2" -> "2\.1" \[color="#d73a49", penwidth=2\.5\];\n/);
  assert.match(d.out, /\{ rank=same; "1\.2"; "1\.10"; \}/);
  assert.match(d.out, /\}\n$/);
  const dcp = cli(A, ['@TEST-PLAN', '--format', 'dot', '--critical-path'], { cwd: root });
  assert.ok(!dcp.out.includes('"1.10"'), 'only the critical path');
  const j = JSON.parse(cli(A, ['@TEST-PLAN', '--format', 'json', '--executors', '2'], { cwd: root }).out);
  assert.equal(j.executors, 2);
  assert.deepEqual(j.times.criticalPath.max.ids, ['1.1', '1.2', '2.1', '10.1']);
  assert.deepEqual(j.readySet.ids, ['1.2', '1.10']);
});

test('analyze: graph labels survive any title (Mermaid entities, one line each; DOT escapes); singular wording', () => {
  const titles: Record<string, string> = { '1.1': 'Step one\n%% not a comment', '1.2': 'Say "hi" <b>#35; 50%', '2.1': 'Tab\there\r\nCRLF \\ back' };
  const spec = { plan_name: 'TEST-PLAN', achievements: Object.entries(titles).map(([id, title], k) => ({ achievement_id: id, title, dependencies: k === 2 ? ['1.1', '1.2'] : [], estimated_hours: 1 })) };
  const { root } = workspace('TEST-PLAN', Object.keys(titles), spec);
  const mm = cli(A, ['@TEST-PLAN', '--format', 'mermaid'], { cwd: root });
  assert.equal(mm.code, 0, mm.err);
  const nodes = mm.out.split('\n').filter((l) => /^ {2}a\d/.test(l) && l.includes('["'));
  assert.equal(nodes.length, 3, mm.out);
  for (const l of nodes) {
    // One line per node, the label's only quotes its own, nothing Mermaid reads as a comment, directive or markup.
    assert.match(l.replace('<br/>', ' '), /^ {2}a[\d_]+\["[^"%<>\n]*"\](:::\w+)?$/, l);
  }
  assert.ok(nodes[0]?.includes('Step one #37;#37; not a comment'), nodes[0]);
  assert.ok(nodes[1]?.includes('Say #quot;hi#quot; #lt;b#gt;#35;35; 50#37;'), nodes[1]);
  const d = cli(A, ['@TEST-PLAN', '--format', 'dot'], { cwd: root });
  assert.match(d.out, /label="2\.1\\nTab here CRLF \\\\ back\\n1 h · not_started"/);
  assert.match(d.out, /label="1\.2\\nSay \\"hi\\" <b>#35; 50%\\n/);
  assert.ok(!/\r/.test(d.out));
  // Singular forms (parallel.md §9 B18).
  const one = workspace('ONE-PLAN', ['1.1', '1.2'], { plan_name: 'ONE-PLAN', achievements: [{ achievement_id: '1.1', title: 'A', dependencies: [] }, { achievement_id: '1.2', title: 'B', dependencies: ['1.1'] }] });
  const t = cli(A, ['@ONE-PLAN'], { cwd: one.root });
  assert.match(t.out, /\n2 achievements · 1 dependency · /);
  assert.match(t.out, /\n {2}1\.1 {2}1 achievement waits for it \(1 directly\)/);
  const single = workspace('SOLO-PLAN', ['1.1'], { plan_name: 'SOLO-PLAN', achievements: [{ achievement_id: '1.1', title: 'A', dependencies: [] }] });
  assert.match(cli(A, ['@SOLO-PLAN'], { cwd: single.root }).out, /\n1 achievement · 0 dependencies · /);
});

test('normalize: prints the canonical form; --write replaces atomically and keeps .bak; refuses broken files', () => {
  const seed = JSON.stringify({ plan: 'TEST-PLAN', version: '1.0.0', levels: [{ level: 1, achievements: [{ id: '1.1', title: 'A', dependencies: [], estimated_hours: '2-3 hours' }] }, { level: 2, achievements: [{ id: '1.2', name: 'B', dependencies: ['1.1'] }] }], extra: { kept: true } });
  const { root, dir } = workspace('TEST-PLAN', ['1.1', '1.2'], seed);
  const file = join(dir, 'parallel.json');
  const p = cli(N, ['@TEST-PLAN'], { cwd: root });
  assert.equal(p.code, 0, p.err);
  const canon = JSON.parse(p.out);
  assert.deepEqual(Object.keys(canon), ['schema_version', 'plan_name', 'scope', 'achievements', 'levels', 'extra']);
  assert.deepEqual(canon.achievements, [
    { achievement_id: '1.1', title: 'A', dependencies: [], estimated_hours: '2-3' },
    { achievement_id: '1.2', title: 'B', dependencies: ['1.1'] },
  ]);
  assert.deepEqual(canon.levels, [
    { level: 1, achievements: ['1.1'] },
    { level: 2, achievements: ['1.2'] },
  ]);
  assert.match(p.err, /normalised .* I-LEVELS/);
  assert.equal(readFileSync(file, 'utf8'), seed, 'printing never writes');

  const w = cli(N, [file, '--write'], { cwd: tmp() });
  assert.equal(w.code, 0, w.err);
  assert.equal(w.out, '');
  assert.equal(readFileSync(`${file}.bak`, 'utf8'), seed);
  assert.equal(readFileSync(file, 'utf8'), p.out);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  const again = cli(N, [file, '--write']);
  assert.equal(again.code, 0);
  assert.match(again.err, /already canonical/);
  assert.equal(cli(V, [file, '--strict']).code, 0, 'the canonical form validates strictly');

  writeFileSync(file, JSON.stringify(doc('TEST-PLAN', [{ id: '1.1', deps: ['9.9'] }])));
  const broken = readFileSync(file, 'utf8');
  const refused = cli(N, [file, '--write']);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /Not written/);
  assert.equal(readFileSync(file, 'utf8'), broken);
  writeFileSync(file, '{"plan_name": ');
  const bad = cli(N, [file]);
  assert.equal(bad.code, 1);
  assert.equal(bad.out, '');
  assert.match(bad.err, /E-JSON/);
  assert.match(bad.err, /Nothing to normalise: the file is not valid JSON\.\n💡 Fix: Check the JSON syntax/);
  writeFileSync(file, '[]');
  assert.match(cli(N, [file]).err, /E-ROOT .*\n.*Nothing to normalise: the file must hold a JSON object\.\n💡 Fix: Write \{/);
  writeFileSync(file, Buffer.from([0, 1, 2]));
  assert.match(cli(N, [file]).err, /E-FILE Not a text file .*\n.*Nothing to normalise: the file cannot be read\.\n💡 Fix: /);
  // No file at all: said so, with the locator's fix (never "must be a JSON object").
  const none = cli(N, [join(tmp(), 'parallel.json')]);
  assert.equal(none.code, 1);
  assert.match(none.err, /E-FILE File not found: .*\n.*Nothing to normalise: there is no parallel\.json to read\.\n💡 Fix: Check the path/);
  // A FIFO by that name is there but cannot be read (not "there is no parallel.json").
  const fifoDir = tmp();
  spawnSync('mkfifo', [join(fifoDir, 'parallel.json')]);
  const fifo = cli(N, [join(fifoDir, 'parallel.json')]);
  assert.equal(fifo.code, 1);
  assert.match(fifo.err, /is a FIFO \(named pipe\), not a regular file\n.*Nothing to normalise: the file cannot be read\./);
});

test('discovery prompt (§6.2) from the template: inventory, criteria, output file, no status, checklist', async () => {
  const { root, dir } = workspace('TEST-PLAN', ['1.1', '1.2', '2.1'], undefined);
  const ws = findRoot(root);
  const loc = new Resolver(ws, root).resolve('@TEST-PLAN', 'plan').plan;
  assert.ok(loc);
  const a = analyzePlan(ws, loc, nodeSource(), { trust: 'auto' });
  const renderer = new PromptRenderer(ws, (await loadConfig(ws)).registry);
  const text = renderer.render(DISCOVERY_TEMPLATE, discoveryPromptData({ plan: a.plan, planDir: dir, root }));
  for (const s of [
    'Analyze @PLAN_TEST-PLAN.md for cross-priority parallel execution opportunities',
    'INDEPENDENCE CRITERIA',
    'OUTPUT FORMAT',
    'parallelization_level',
    'Write the file work-space/plans/TEST-PLAN/parallel.json',
    'NO "status", "blocks"',
    'optional_dependencies',
    'VALIDATION CHECKLIST',
    'Run: validate_parallel_json @TEST-PLAN',
    'Then: analyze_dependencies @TEST-PLAN',
    'knowledge: findings or decisions',
    'LEVEL ASSIGNMENT',
  ]) {
    assert.ok(text.includes(s), s);
  }
  for (const id of ['1.1', '1.2', '2.1']) assert.match(text, new RegExp(`- Achievement ${id.replace('.', '\\.')}: Work item ${id.replace('.', '\\.')}\\n {2}Group: Priority 1: Core\\n {2}Estimated hours: 2-3\\n {2}Goal: goal of`));
  const example = JSON.parse(text.slice(text.indexOf('{\n  "schema_version"'), text.indexOf('\n}\n', text.indexOf('"schema_version"')) + 2));
  assert.equal(example.plan_name, 'TEST-PLAN');
  assert.ok(!JSON.stringify(example).includes('"status"'));
  const one = discoveryPromptData({ plan: a.plan, planDir: dir, root, scope: 'achievement', achievement: '1.2' });
  assert.deepEqual([one.scope, one.legacyLevel, one.achievements.map((x) => x.id)], ['achievement', 'level_1', ['1.2']]);
  const pr = discoveryPromptData({ plan: a.plan, planDir: dir, root, scope: 'priority', priority: '1' });
  assert.equal(pr.achievements.length, 3);
  assert.throws(() => discoveryPromptData({ plan: a.plan, planDir: dir, root, scope: 'priority' }), /--priority N/);
  assert.throws(() => discoveryPromptData({ plan: a.plan, planDir: dir, root, scope: 'achievement', achievement: '9.9' }), /no Achievement 9\.9/);
  assert.throws(() => discoveryPromptData({ plan: a.plan, planDir: dir, root, scope: 'priority', priority: '7' }), /Priority 7/);
});

test('parallelSummary: none without a file; ready set and savings when valid; first errors when invalid', () => {
  const { root, dir } = workspace('TEST-PLAN', IDS, undefined, { 'execution/feedbacks/APPROVED_11.md': 'ok' });
  const ws = findRoot(root);
  const loc = new Resolver(ws, root).resolve('@TEST-PLAN', 'plan').plan;
  assert.ok(loc);
  const src = nodeSource();
  const an = analyzePlan(ws, loc, src, { trust: 'auto' });
  assert.equal(parallelSummary(ws, an, src, 'auto'), undefined);
  writeFileSync(join(dir, 'parallel.json'), JSON.stringify(good));
  const s = parallelSummary(ws, an, src, 'auto');
  assert.ok(s && s.valid);
  assert.deepEqual(s.readySet?.ids, ['1.2', '1.10']);
  assert.deepEqual(s.readySet?.times.savingsPct, { min: 33, max: 25 });
  assert.deepEqual(s.progress, { done: 1, total: 5, percent: 20 });
  assert.match(s.note[0] ?? '', /^🔀 2 achievements can run in parallel now \(1\.2, 1\.10\): sequential 3–4 h → parallel 2–3 h/);
  writeFileSync(join(dir, 'parallel.json'), JSON.stringify(doc('TEST-PLAN', [{ id: '1.1', deps: ['1.1'] }])));
  const bad = parallelSummary(ws, an, src, 'auto');
  assert.ok(bad && !bad.valid);
  assert.deepEqual(bad.errors.map((e) => e.code), ['E-SELF-DEP', 'E-CYCLE']);
  assert.match(bad.note[0] ?? '', /^❌ Invalid parallel\.json: work-space\/plans\/TEST-PLAN\/parallel\.json/);
  assert.match(bad.note[bad.note.length - 1] ?? '', /^💡 Fix: validate_parallel_json @TEST-PLAN .*continuing without parallel features/);
  assert.ok(existsSync(join(dir, 'parallel.json')));
});

test('colours: only when the stream is a TTY (the core decides; NO_COLOR turns them off)', async () => {
  const { root } = workspace('TEST-PLAN', IDS, doc('TEST-PLAN', [{ id: '1.1', deps: ['9.9'] }]));
  const io = (tty: boolean): Io & { text: () => string } => {
    let out = '';
    return {
      out: (t) => void (out += t),
      err: (t) => void (out += t),
      errStyle: styles(tty),
      outStyle: styles(tty),
      env: {},
      cwd: root,
      stdoutIsTTY: tty,
      text: () => out,
    };
  };
  const tty = io(true);
  assert.equal(await runCommand(validate.definition, ['@TEST-PLAN'], validate.main, tty), 1);
  assert.ok(tty.text().includes(`${ESC}31m`), 'red on a TTY');
  const plain = io(false);
  await runCommand(validate.definition, ['@TEST-PLAN'], validate.main, plain);
  assert.ok(!plain.text().includes(ESC));
  const good2 = workspace('TEST-PLAN', IDS, good);
  const st = io(true);
  st.cwd = good2.root;
  assert.equal(await runCommand(status.definition, ['@TEST-PLAN'], status.main, st), 0);
  assert.ok(st.text().includes(ESC));
  const noColor = cli(V, ['@TEST-PLAN'], { cwd: root, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
  assert.ok(!noColor.out.includes(ESC));
});

test('an alternate file name passed directly is read with W-ALT-FILENAME', () => {
  const dir = tmp();
  write(dir, { 'PARALLEL-EXECUTION-ANALYSIS.json': JSON.stringify(good) });
  const r = cli(V, [join(dir, 'PARALLEL-EXECUTION-ANALYSIS.json')]);
  assert.equal(r.code, 0);
  assert.match(r.out, /W-ALT-FILENAME PARALLEL-EXECUTION-ANALYSIS\.json is read, but the expected name is parallel\.json/);
});

test('bundled into another bin (as generate_prompt will), discovery.ts starts no parallel script', async () => {
  const { build } = await import('esbuild');
  const dir = tmp();
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `import { discoveryPromptData, parallelSummary } from ${JSON.stringify(join(REPO_ROOT, 'scripts/lib/parallel/discovery.ts'))};\nprocess.stdout.write('only me ' + typeof discoveryPromptData + typeof parallelSummary);\n`);
  const outfile = join(dir, 'bin.mjs');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
  const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
  assert.deepEqual([r.status, r.stdout, r.stderr], [0, 'only me functionfunction', '']);
});

test('the text graph of a 20,000-step chain is bounded: indentation capped, rows capped with "… N more", clipped paths', async () => {
  const n = 20_000;
  const chain = doc('CHAIN', Array.from({ length: n }, (_, k) => ({ id: `1.${k + 1}`, deps: k ? [`1.${k}`] : [], hours: 1 })));
  const dir = tmp();
  write(dir, { 'parallel.json': JSON.stringify(chain) });
  const opened = await openParallel(join(dir, 'parallel.json'), dir, { withPlan: true });
  assert.ok(opened.pf && opened.ctx);
  const a = analyzeParallel(opened.pf, opened.ctx);
  const text = analysisText(a, styles(false), {});
  const lines = text.split('\n');
  // Indented in full, the graph alone was Σ 2·depth ≈ 400 MB.
  assert.ok(text.length < 400_000, `${text.length} characters`);
  assert.ok(lines.length < 2 * GRAPH_MAX_ROWS + 100, `${lines.length} lines`);
  assert.ok(Math.max(...lines.map((l) => l.length)) < 2_000, 'no line grows with the chain');
  const graph = lines.slice(lines.indexOf('Graph (indented by depth; ← depends on):') + 1);
  assert.equal(graph.length, GRAPH_MAX_ROWS + 2, 'capped rows, the "more" line, the final newline');
  assert.equal(graph[GRAPH_MAX_ROWS], `  … ${n - GRAPH_MAX_ROWS} more achievements (--format json, mermaid or dot lists every one)`);
  assert.equal(graph[GRAPH_MAX_INDENT], `${'  '.repeat(GRAPH_MAX_INDENT + 1)}1.${GRAPH_MAX_INDENT + 1}  Work item 1.${GRAPH_MAX_INDENT + 1} [not_started]  ← 1.${GRAPH_MAX_INDENT}`);
  assert.equal(graph[GRAPH_MAX_INDENT + 1], `${'  '.repeat(GRAPH_MAX_INDENT + 1)}(depth ${GRAPH_MAX_INDENT + 1}) 1.${GRAPH_MAX_INDENT + 2}  Work item 1.${GRAPH_MAX_INDENT + 2} [not_started]  ← 1.${GRAPH_MAX_INDENT + 1}`);
  assert.match(text, new RegExp(`\\n {2}… ${n - 1000} more depths \\(--format json lists every one\\)\\n`));
  assert.match(text, new RegExp(`\\nCritical path \\(20000 h\\): 1\\.1 \\(1 h\\) → .* → 1\\.30 \\(1 h\\) → … ${n - 60} more … → 1\\.19971 \\(1 h\\) → .* → 1\\.20000 \\(1 h\\)\\n`));
  // --critical-path asks for the path itself: every step.
  assert.equal(analysisText(a, styles(false), { criticalPath: true }).split(' → ').length, 2 * n - 1);
  const table = statusTable(a, styles(false), { cwd: dir });
  assert.match(table, /^By depth: 0: 0\/1 · .* · 49: 0\/1 · … 19950 more depths$/m);
  assert.match(table, /^Remaining critical path \(20000 h\): 1\.1 → .* → 1\.30 → … 19940 more … → 1\.19971 → .* → 1\.20000$/m);
});

test('the text graph of a small plan: every row, indented by depth, no depth marks', async () => {
  const { root } = workspace('TEST-PLAN', IDS, good);
  const t = cli(A, ['@TEST-PLAN'], { cwd: root });
  const graph = t.out.slice(t.out.indexOf('Graph (indented by depth; ← depends on):\n') + 41);
  assert.equal(
    graph,
    [
      '  1.1  Work item 1.1 [not_started]',
      '    1.2  Work item 1.2 [not_started]  ← 1.1',
      '    1.10  Work item 1.10 [not_started]  ← 1.1',
      '      2.1  Work item 2.1 [not_started]  ← 1.2, 1.10',
      '        10.1  Work item 10.1 [not_started]  ← 2.1',
      '',
    ].join('\n'),
  );
});

test('status and analyze both say which alternate file they read, and the coverage note names that file', () => {
  const { root, dir } = workspace('TEST-PLAN', ['1.1', '1.2'], undefined);
  writeFileSync(join(dir, 'parallel_analysis.json'), JSON.stringify({ plan_name: 'TEST-PLAN', achievements: [{ achievement_id: '1.1', title: 'A', dependencies: [] }] }));
  for (const script of ['workflow/get_parallel_status', 'workflow/analyze_dependencies']) {
    const r = cli(script, ['@TEST-PLAN'], { cwd: root });
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /W-ALT-FILENAME Read parallel_analysis\.json; the expected name is parallel\.json/, script);
    assert.match(r.err, /W-PLAN-COVERAGE The PLAN defines 1\.2, which parallel_analysis\.json does not list/, script);
  }
});

test('the parallel.json scripts do not load plugins (none is used): a broken one stops none of them', () => {
  const { root } = workspace('TEST-PLAN', IDS, good, { 'execution/feedbacks/APPROVED_11.md': 'ok' });
  write(root, { 'bad.mjs': 'throw new Error("boom at import");\n', 'methodology.config.json': JSON.stringify({ plugins: ['./bad.mjs'] }) });
  for (const script of [V, S, A, N]) {
    const r = cli(script, ['@TEST-PLAN'], { cwd: root });
    assert.equal(r.code, 0, `${script}: ${r.err}`);
    assert.doesNotMatch(r.err, /boom at import|E-PLUGIN/, script);
  }
  // The plan scripts do load them, and say which one is broken.
  const gp = cli('generation/generate_prompt', ['@TEST-PLAN'], { cwd: root });
  assert.equal(gp.code, 1);
  assert.match(gp.err, /bad\.mjs failed to load: boom at import/);
});
