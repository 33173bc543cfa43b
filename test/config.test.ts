/**
 * Configuration and plugins: validation messages name the file and the field; a user plugin overrides a template
 * and adds a rule through the same registry the built-in plugin uses; workspace overrides win.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definition, main } from '../scripts/generation/generate_prompt.ts';
import * as gcs from '../scripts/generation/generate_completion_status.ts';
import validatePrompt from '../generated/generate-prompt-output.validate.js';
import { checkPlugin, loadConfig, parseConfig } from '../scripts/lib/config.ts';
import { findRoot } from '../scripts/lib/workspace.ts';
import { parsePlan } from '../scripts/lib/plan.ts';
import { PluginRegistry } from '../plugins/registry.ts';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import { planText, run, tempTree, writeFiles } from './helpers.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const plan = planText({ achievements: [['0.1', 'A rather long achievement title'], '1.1'] });

function project(config: unknown, extra: Record<string, string> = {}): string {
  const root = tempTree({ 'work-space/plans/DEMO/PLAN_DEMO.md': plan, 'methodology.config.json': typeof config === 'string' ? config : JSON.stringify(config), ...extra });
  copyFileSync(join(FIXTURES, 'plugin-fixture.mjs'), join(root, 'plugin-fixture.mjs'));
  copyFileSync(join(FIXTURES, 'plugin-bad.mjs'), join(root, 'plugin-bad.mjs'));
  return root;
}

test('a user plugin overrides a template, adds a rule and a state note', async () => {
  const root = project({ plugins: ['./plugin-fixture.mjs'] });
  const r = await run(definition, main, ['@DEMO', '--json'], { cwd: root });
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.prompt, 'CUSTOM DESIGN PROMPT for 0.1 of DEMO\n');
  assert.ok(j.notes.includes('fixture note for DEMO'));
  // The rule runs: its finding is reported with the PLAN's warnings, by generate_prompt and generate_completion_status.
  assert.deepEqual(j.warnings.filter((w: { code: string }) => w.code === 'W-FIXTURE-TITLE').map((w: { message: string }) => w.message), ['Title of 0.1 is long']);
  const text = await run(definition, main, ['@DEMO'], { cwd: root });
  assert.match(text.err, /Title of 0\.1 is long/);
  assert.match((await run(gcs.definition, gcs.main, ['@DEMO'], { cwd: root })).err, /Title of 0\.1 is long/);
  const status = JSON.parse((await run(gcs.definition, gcs.main, ['@DEMO', '--json'], { cwd: root })).out);
  assert.ok(status.warnings.some((w: { code: string }) => w.code === 'W-FIXTURE-TITLE'), JSON.stringify(status.warnings));
  const loaded = await loadConfig(findRoot(root));
  assert.deepEqual(loaded.registry.list().map((p) => p.name), ['core', 'fixture']);
  assert.deepEqual(loaded.registry.rules().map((x) => x.id), ['fixture/title-length']);
  const model = parsePlan(plan, join(root, 'work-space/plans/DEMO/PLAN_DEMO.md'));
  assert.deepEqual(loaded.registry.checkPlan({ plan: model }).map((d) => d.code), ['W-FIXTURE-TITLE']);
});

test('a rule or a state note that throws is reported as the plugin\'s failure, naming its file; --json still prints an error object; --debug shows its stack', async () => {
  const cases: Array<[string, string]> = [
    ['thrower-note.mjs', 'export default { name: "thrower", stateNotes: [() => { throw new Error("note exploded"); }] };'],
    ['thrower-rule.mjs', 'export default { name: "thrower", rules: [{ id: "t/boom", description: "d", check() { throw new Error("rule exploded"); } }] };'],
    ['thrower-shape.mjs', 'export default { name: "thrower", rules: [{ id: "t/shape", description: "d", check() { return 3; } }] };'],
  ];
  for (const [name, body] of cases) {
    const root = project({ plugins: [`./${name}`] }, { [name]: body });
    const r = await run(definition, main, ['@DEMO'], { cwd: root });
    assert.equal(r.code, 1, name);
    assert.match(r.err, new RegExp(`Plugin 'thrower' \\(${join(root, name).replace(/[.]/g, '\\.')}\\) failed in its (state note|rule 't/(boom|shape)'): (note exploded|rule exploded|check\\(\\) returned number)`), name);
    assert.doesNotMatch(r.err, /internal error|please report/, name);
    const j = await run(definition, main, ['@DEMO', '--json'], { cwd: root });
    assert.equal(JSON.parse(j.out).error.code, 'E-PLUGIN', name);
    if (name === 'thrower-note.mjs') {
      const d = await run(definition, main, ['@DEMO', '--debug'], { cwd: root });
      assert.match(d.err, new RegExp(`Caused by: Error: note exploded\\n\\s+at .*${name.replace('.', '\\.')}`));
    }
  }
});

test('a rule\'s findings are checked: bad ones are the plugin\'s error, good ones keep only the diagnostic fields (the --json schema holds)', async () => {
  const cases: Array<[string, RegExp | null]> = [
    ['[{ message: "no code" }]', /finding 0 has no code/],
    ['["str"]', /finding 0 is string, not an object/],
    ['[null]', /finding 0 is null, not an object/],
    ['[{ code: "W-A", severity: "fatal", message: "m" }]', /finding 0 has severity "fatal" \(error, warning or info\)/],
    ['[{ code: "W-A" }]', /finding 0 has no message/],
    ['[{ get code() { throw new Error("getter exploded"); }, message: "m" }]', /getter exploded/],
    ['[new Proxy({}, { get() { throw new Error("proxy exploded"); } })]', /proxy exploded/],
    ['[{ code: "W-A", message: "kept", extra: 1, line: 0, hint: "h" }]', null],
    ['[]', null],
  ];
  for (const [ret, error] of cases) {
    const body = `export default { name: "r", rules: [{ id: "x/r", description: "d", severity: "info", check() { return ${ret}; } }] };`;
    const root = project({ plugins: ['./r.mjs'] }, { 'r.mjs': body });
    const r = await run(definition, main, ['@DEMO', '--json'], { cwd: root });
    const j = JSON.parse(r.out);
    if (error) {
      assert.equal(r.code, 1, ret);
      assert.equal(j.error.code, 'E-PLUGIN', ret);
      assert.match(j.error.message, /^Plugin 'r' \(.*r\.mjs\) failed in its rule 'x\/r': /, ret);
      assert.match(j.error.message, error, ret);
    } else {
      assert.equal(r.code, 0, `${ret}: ${r.err}`);
      assert.ok(validatePrompt(j), `${ret}: ${JSON.stringify(validatePrompt.errors)}`);
      const mine = j.warnings.filter((w: { code: string }) => w.code === 'W-A');
      assert.deepEqual(mine, ret === '[]' ? [] : [{ code: 'W-A', severity: 'info', message: 'kept', hint: 'h' }], ret);
    }
  }
});

test('a workspace override in .methodology/templates wins over plugins and built-ins', async () => {
  const root = project({ plugins: ['./plugin-fixture.mjs'] }, { '.methodology/templates/subplan-create.eta': 'OVERRIDE <%= it.files.subplan %>' });
  const r = await run(definition, main, ['@DEMO'], { cwd: root });
  assert.equal(r.out, 'OVERRIDE SUBPLAN_DEMO_01.md\n');
});

test('a broken template names its file', async () => {
  const root = project({}, { '.methodology/templates/subplan-create.eta': 'bad <%= it.nope.deeper %>' });
  const r = await run(definition, main, ['@DEMO'], { cwd: root });
  assert.equal(r.code, 1);
  assert.match(r.err, /Template .*\.methodology\/templates\/subplan-create\.eta failed while rendering/);
  const root2 = project({}, { '.methodology/templates/subplan-create.eta': 'bad <%= unclosed' });
  const r2 = await run(definition, main, ['@DEMO'], { cwd: root2 });
  assert.equal(r2.code, 1);
  assert.match(r2.err, /subplan-create\.eta does not compile: unclosed tag at line 1 col 5/);
  // Bad JavaScript inside a tag: eta's own words, not the compiled function it appends (that is for --debug).
  const root3 = project({}, { '.methodology/templates/subplan-create.eta': '<%= it.x %> <% if ( %>' });
  const r3 = await run(definition, main, ['@DEMO'], { cwd: root3 });
  assert.equal(r3.code, 1);
  assert.match(r3.err, /subplan-create\.eta does not compile: bad JavaScript inside a tag \(Unexpected token/);
  assert.doesNotMatch(r3.err, /__eta|let include/);
  assert.ok(r3.err.split('\n').length < 12, r3.err);
  const d3 = await run(definition, main, ['@DEMO', '--debug'], { cwd: root3 });
  assert.match(d3.err, /__eta/);
});

// Where bad JavaScript in a template is: a heuristic, so every shape it reads is a case here.
const badJs: Array<[string, string, RegExp]> = [
  ['an incomplete if', 'line1\n<%= it.x %> <% if ( %>\nline3\n', /near line 2, <% if \( %> \(Unexpected token/],
  ['a block never closed (end of input)', 'a\nb\n<% it.list.forEach(function (a) { %>\n<%= a %>\n', /near line 3, <% it\.list\.forEach\(function \(a\) \{ %> is never closed/],
  ['an outer block never closed', 'a\n<% if (it.x) { %>\n<% it.l.forEach(function (a) { %>x<% }) %>\nb\n', /near line 2, <% if \(it\.x\) \{ %> is never closed/],
  ['a bad output tag', 'x\n\n<%= it.x( %>\n', /near line 3, <%= it\.x\( %> \(Unexpected token/],
  ['a stray closing brace', 'x\n<% } %>\n', /near line 2, <% \} %> \(code after a block that was closed too early: a stray \} or \)\)/],
];
for (const [name, template, message] of badJs) {
  test(`a template with bad JavaScript names the tag and its line: ${name}`, async () => {
    const root = project({}, { '.methodology/templates/subplan-create.eta': template });
    const r = await run(definition, main, ['@DEMO'], { cwd: root });
    assert.equal(r.code, 1);
    assert.match(r.err, /subplan-create\.eta does not compile: bad JavaScript inside a tag /);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err.split('\n')[0] as string, /__eta/);
  });
}

const badConfigs: Array<[string, unknown, RegExp]> = [
  ['invalid JSON', '{ "plugins": [,] }', /methodology\.config\.json:1:\d+: not valid JSON/],
  ['unknown field', { plugin: [] }, /unknown field "plugin"/],
  ['unknown nested field', { limits: { maxLines: 3 } }, /unknown field "limits\.maxLines"/],
  ['wrong enum', { trust: 'everything' }, /field "trust" must be equal to one of the allowed values: "auto", "plan", "filesystem"/],
  ['wrong type', { plugins: 'x.mjs' }, /field "plugins" must be array/],
  ['too small', { limits: { maxFileBytes: 5 } }, /field "limits\.maxFileBytes" must be >= 1024/],
  ['missing plugin file', { plugins: ['./nope.mjs'] }, /plugins\[0\] names a file that does not exist: \.\/nope\.mjs/],
  ['bad plugin field', { plugins: ['./plugin-bad.mjs'] }, /plugin-bad\.mjs: field "rules\[0\]\.check" must be a function/],
  ['duplicate plugin name', { plugins: ['./plugin-fixture.mjs', './plugin-fixture.mjs'] }, /already registered/],
];
for (const [name, config, msg] of badConfigs) {
  test(`bad configuration → exit 1 naming the file and field: ${name}`, async () => {
    const root = project(config);
    const r = await run(definition, main, ['@DEMO'], { cwd: root });
    assert.equal(r.code, 1);
    assert.match(r.err, msg);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });
}

test('limits from the configuration apply (maxFileBytes, achievementSectionLines)', async () => {
  const root = project({ limits: { maxFileBytes: 1024 } });
  writeFiles(root, { 'work-space/plans/DEMO/PLAN_DEMO.md': plan + '\n' + 'x'.repeat(2000) });
  const r = await run(definition, main, ['@DEMO'], { cwd: root });
  assert.equal(r.code, 1);
  assert.match(r.err, /too large .* the limit is 1\.0 KiB/);
  const long = planText({ achievements: ['0.1'] }).replace('- Effort: 2-3 hours', Array.from({ length: 30 }, (_, i) => `- line ${i}`).join('\n'));
  const root2 = project({ limits: { achievementSectionLines: 5 } }, { 'work-space/plans/DEMO/PLAN_DEMO.md': long });
  const r2 = await run(definition, main, ['@DEMO', '--no-project-context'], { cwd: root2 });
  assert.match(r2.out, /…\(truncated, see @PLAN_DEMO\.md\)/);
  assert.match(r2.out, /section only \(\d+ lines/);
});

test('checkPlugin rejects each malformed field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /field "default"/],
    [{}, /field "name"/],
    [{ name: 'x', templates: { a: 1 } }, /field "templates\.a"/],
    [{ name: 'x', templates: 3 }, /field "templates"/],
    [{ name: 'x', templateDirs: [1] }, /field "templateDirs"/],
    [{ name: 'x', documentKinds: [{ name: 'k', pattern: '^K' }] }, /field "documentKinds" is not supported/],
    [{ name: 'x', rules: {} }, /field "rules"/],
    [{ name: 'x', rules: [{}] }, /rules\[0\]\.id/],
    [{ name: 'x', stateNotes: ['no'] }, /field "stateNotes"/],
  ];
  for (const [value, msg] of cases) assert.throws(() => checkPlugin(value, '/p.mjs'), (e: unknown) => e instanceof ToolError && msg.test(e.message), String(msg));
  assert.equal(checkPlugin({ name: 'ok', rules: [], stateNotes: [] }, '/p.mjs').name, 'ok');
});

test('registry: template lookup order, unknown template', () => {
  const reg = new PluginRegistry();
  reg.register({ name: 'a', templates: { t: 'A' } }, 'a');
  reg.register({ name: 'b', templates: { t: 'B' } }, 'b');
  assert.equal(reg.template('t', () => undefined)?.text, 'B');
  assert.equal(reg.template('missing', () => undefined), undefined);
  assert.throws(() => reg.register({ name: 'a' }, 'again'), /already registered/);
});

test('config helpers', () => {
  assert.throws(() => parseConfig('{\n  "trust": x\n}', 'c.json'), /c\.json:2:12: not valid JSON/);
  assert.deepEqual(parseConfig('{"trust":"plan"}', 'c.json'), { trust: 'plan' });
  const schema = JSON.parse(readFileSync(new URL('../schemas/config.schema.json', import.meta.url), 'utf8'));
  assert.equal(schema.additionalProperties, false);
});
