/**
 * The plan argument the tools print in commands meant to be pasted (planArgument): @FOLDER when that name picks the
 * plan alone, else an @path that does, from any folder of the project. Then end to end: two plans named
 * SEARCH-INDEX (plans/ and plans/a_active/), and every printed command, pasted from other folders, reaches the plan
 * it was printed for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planArgument, Resolver } from '../scripts/lib/resolver.ts';
import { discoverPlans, findRoot } from '../scripts/lib/workspace.ts';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import type { CommandDef, Main } from '../scripts/lib/cli.ts';
import * as gp from '../scripts/generation/generate_prompt.ts';
import * as gcs from '../scripts/generation/generate_completion_status.ts';
import * as analyze from '../scripts/workflow/analyze_dependencies.ts';
import * as validate from '../scripts/validation/validate_parallel_json.ts';
import * as status from '../scripts/workflow/get_parallel_status.ts';
import { planText, run, tempDir, tempTree } from './helpers.ts';

const plan = planText({ achievements: ['0.1'] });
const root = tempTree({
  'work-space/plans/UNIQUE/PLAN_UNIQUE.md': plan,
  'work-space/plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md': plan,
  'work-space/plans/a_active/SEARCH-INDEX/PLAN_SEARCH-INDEX.md': plan,
  'work-space/backlog-plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md': plan,
  'work-space/plans/SEARCH/PLAN_SEARCH.md': plan,
  'work-space/plans/PLAN_FLAT.md': plan,
  'work-space/plans/a_paused/PLAN_FLAT.md': plan,
  'work-space/plans/a_paused/PLAN_LOOSE.md': plan,
  'work-space/plans/MISMATCH/PLAN_OTHER-NAME.md': plan,
  'work-space/plans/SHARED/PLAN_SHARED.md': plan,
  'work-space/plans/a_paused/RENAMED/PLAN_SHARED.md': plan,
  'work-space/plans/UNIQUE/subplans/.keep': '',
  'elsewhere/PLAN_OUTSIDE.md': plan,
});
const ws = findRoot(root);
const plans = discoverPlans(ws).plans;
const at = (rel: string) => join(root, 'work-space', rel);

// [PLAN file (relative to work-space/), the argument printed for it]
const cases: Array<[string, string, string]> = [
  ['a unique folder name', 'plans/UNIQUE/PLAN_UNIQUE.md', '@UNIQUE'],
  ['a name that is also a substring of others (the exact name wins)', 'plans/SEARCH/PLAN_SEARCH.md', '@SEARCH'],
  ['the same folder name in plans/ …', 'plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md', '@plans/SEARCH-INDEX'],
  ['… in a group of plans/ …', 'plans/a_active/SEARCH-INDEX/PLAN_SEARCH-INDEX.md', '@plans/a_active/SEARCH-INDEX'],
  ['… and in backlog-plans/', 'backlog-plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md', '@backlog-plans/SEARCH-INDEX'],
  ['a flat plan whose feature another flat plan shares (its PLAN file: the folder holds other plans)', 'plans/PLAN_FLAT.md', '@plans/PLAN_FLAT.md'],
  ['… the other one, in a group', 'plans/a_paused/PLAN_FLAT.md', '@plans/a_paused/PLAN_FLAT.md'],
  ['a unique flat plan', 'plans/a_paused/PLAN_LOOSE.md', '@LOOSE'],
  ['a folder named unlike its feature', 'plans/MISMATCH/PLAN_OTHER-NAME.md', '@MISMATCH'],
  ['a feature another plan has as its folder name', 'plans/SHARED/PLAN_SHARED.md', '@plans/SHARED'],
  ['… that other plan, whose folder name is unique', 'plans/a_paused/RENAMED/PLAN_SHARED.md', '@RENAMED'],
];

// Pasted from the root, from work-space/, from a group folder and from inside another plan's folder.
const cwds = ['.', 'work-space', 'work-space/plans/a_active', 'work-space/plans/UNIQUE/subplans'];

for (const [name, file, expected] of cases) {
  test(`planArgument: ${name} → ${expected}`, () => {
    const loc = plans.find((p) => p.planFile === at(file));
    assert.ok(loc, `${file} is discovered`);
    assert.equal(planArgument(ws, plans, loc), expected);
    assert.equal(new Resolver(ws, root).argumentFor(loc), expected);
    for (const cwd of cwds) {
      const got = new Resolver(ws, join(root, cwd)).resolve(expected, 'plan');
      assert.equal(got.plan?.planFile, at(file), `${expected} from ${cwd}/ names ${file}`);
    }
  });
}

test('planArgument: a PLAN no discovery finds is named by its absolute path (no @name reaches it)', () => {
  const file = join(root, 'elsewhere/PLAN_OUTSIDE.md');
  const loc = new Resolver(ws, root).resolve(file, 'plan').plan;
  assert.ok(loc);
  assert.equal(planArgument(ws, plans, loc), file);
  assert.equal(new Resolver(ws, '/').resolve(file, 'plan').path, file);
});

test('the ambiguity error lists each candidate in a form that names it alone', () => {
  const r = new Resolver(ws, root);
  const err = (() => {
    try {
      r.resolve('@SEARCH-INDEX', 'plan');
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof ToolError);
  assert.equal(err.code, 'E-AMBIGUOUS');
  assert.deepEqual([...err.details].sort(), [
    '@backlog-plans/SEARCH-INDEX  (work-space/backlog-plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md)',
    '@plans/SEARCH-INDEX  (work-space/plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md)',
    '@plans/a_active/SEARCH-INDEX  (work-space/plans/a_active/SEARCH-INDEX/PLAN_SEARCH-INDEX.md)',
  ]);
  for (const d of err.details) {
    const arg = d.split('  ')[0] as string;
    assert.equal(relFile(r.resolve(arg, 'plan').path), d.split('  (')[1]?.slice(0, -1), `${arg} names its own plan`);
  }
  assert.match(r.availablePlans().join('\n'), /^ {2}@plans\/a_active\/SEARCH-INDEX$/m);
  assert.match(r.availablePlans().join('\n'), /^ {2}@UNIQUE$/m);
});

function relFile(p: string): string {
  return p.slice(root.length + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// End to end: the example workspace with a second SEARCH-INDEX in plans/a_active/.

const EXAMPLES = new URL('../examples', import.meta.url).pathname;
const SCRIPTS: Record<string, { definition: CommandDef; main: Main }> = {
  generate_prompt: gp,
  generate_completion_status: gcs,
  analyze_dependencies: analyze,
  validate_parallel_json: validate,
  get_parallel_status: status,
};

function project(): string {
  const dir = tempDir('mt-dup-');
  cpSync(EXAMPLES, dir, { recursive: true });
  cpSync(join(dir, 'work-space/plans/SEARCH-INDEX'), join(dir, 'work-space/plans/a_active/SEARCH-INDEX'), { recursive: true });
  mkdirSync(join(dir, 'work-space/plans/CLI-RELEASE/notes'), { recursive: true });
  return dir;
}

/** Runs a printed command line (plain words, as these are) as if pasted in `cwd`. */
async function paste(line: string, cwd: string) {
  const [name, ...argv] = line.trim().split(/\s+/);
  const script = SCRIPTS[name as string];
  assert.ok(script, `a known command: ${line}`);
  return run(script.definition, script.main, argv, { cwd });
}

/** The commands of the given tools that a text prints. */
function commandsIn(text: string, names: string): string[] {
  return [...text.matchAll(new RegExp(`(?:${names}) @[^\\s\`)]+(?: --[\\w-]+(?: [\\d.]+)?)*`, 'g'))].map((m) => m[0]);
}

const PLAIN = 'work-space/plans/SEARCH-INDEX';
const GROUPED = 'work-space/plans/a_active/SEARCH-INDEX';

for (const [dir, arg] of [
  [PLAIN, '@plans/SEARCH-INDEX'],
  [GROUPED, '@plans/a_active/SEARCH-INDEX'],
] as const) {
  test(`e2e: the commands printed for ${dir}, pasted from other folders, reach it`, async () => {
    const p = project();
    const from = [p, join(p, 'work-space'), join(p, 'work-space/plans/CLI-RELEASE/notes')];
    const planFile = `${dir}/PLAN_SEARCH-INDEX.md`;

    const json = await run(gp.definition, gp.main, [join(p, planFile), '--json'], { cwd: p });
    assert.equal(json.code, 0, json.err);
    const { commands, plan } = JSON.parse(json.out);
    assert.equal(plan.file, planFile);
    assert.equal(commands.self, `generate_prompt ${arg} --achievement 2.1`);
    assert.equal(commands.next, `generate_prompt ${arg} --next`);

    const text = await run(gp.definition, gp.main, [join(p, planFile)], { cwd: p });
    const runLines = [...text.out.matchAll(/^Run: (.+)$/gm)].map((m) => m[1] as string);
    assert.ok(runLines.length > 0, 'the prompt has a Run: line');
    const notes = commandsIn(text.err, 'analyze_dependencies|validate_parallel_json');
    assert.ok(notes.some((c) => c.startsWith(`analyze_dependencies ${arg}`)), text.err);

    const completion = await run(gcs.definition, gcs.main, [arg], { cwd: p });
    const completionNotes = commandsIn(completion.err, 'analyze_dependencies|validate_parallel_json');
    assert.ok(completionNotes.length > 0, completion.err);

    const upgrade = await run(gp.definition, gp.main, [arg, '--parallel-upgrade'], { cwd: p });
    const discovery = commandsIn(upgrade.out, 'validate_parallel_json|analyze_dependencies');
    assert.ok(discovery.includes(`validate_parallel_json ${arg}`), upgrade.out);

    for (const line of [commands.self, commands.next, ...runLines, ...notes, ...completionNotes, ...discovery, `get_parallel_status ${arg}`]) {
      for (const cwd of from) {
        const r = await paste(line, cwd);
        assert.doesNotMatch(r.err, /Multiple plans match|not found/, `${line} from ${cwd}`);
        if (line.startsWith('generate_prompt')) {
          const again = await paste(`${line} --json`, cwd);
          assert.equal(JSON.parse(again.out).plan.file, planFile, `${line} from ${cwd}`);
        } else if (line.startsWith('generate_completion_status')) {
          assert.equal(r.code, 1, r.err);
        } else {
          const again = await paste(`${line} --format json`, cwd);
          // Shown relative to the root or the working directory: either way that plan's file, not the other's.
          const file = String(JSON.parse(again.out).file);
          assert.ok([resolve(p, file), resolve(cwd, file)].includes(join(p, dir, 'parallel.json')), `${line} from ${cwd} read ${file}`);
        }
      }
    }
  });
}

test('e2e: an invalid parallel.json in one of the two: the Fix command names that plan', async () => {
  const p = project();
  writeFileSync(join(p, GROUPED, 'parallel.json'), '{ "achievements": [ }');
  const r = await run(gp.definition, gp.main, ['@plans/a_active/SEARCH-INDEX'], { cwd: p });
  const fix = commandsIn(r.err, 'validate_parallel_json');
  assert.deepEqual(fix, ['validate_parallel_json @plans/a_active/SEARCH-INDEX'], r.err);
  const v = await paste(fix[0] as string, join(p, 'work-space/plans/CLI-RELEASE/notes'));
  assert.equal(v.code, 1);
  assert.match(v.out + v.err, /a_active\/SEARCH-INDEX\/parallel\.json/);
});

test('e2e: the ambiguous @SEARCH-INDEX fails, listing forms that each work when pasted', async () => {
  const p = project();
  const r = await run(gp.definition, gp.main, ['@SEARCH-INDEX', '--next'], { cwd: p });
  assert.equal(r.code, 1);
  assert.match(r.err, /Multiple plans match '@SEARCH-INDEX'/);
  const listed = [...r.err.matchAll(/^ {2}(@\S+) {2}\((\S+)\)$/gm)].map((m) => [m[1] as string, m[2] as string]);
  assert.deepEqual(listed.map((l) => l[0]).sort(), ['@plans/SEARCH-INDEX', '@plans/a_active/SEARCH-INDEX']);
  for (const [arg, file] of listed) {
    const again = await paste(`generate_prompt ${arg} --next --json`, join(p, 'work-space/plans/CLI-RELEASE/notes'));
    assert.equal(JSON.parse(again.out).plan.file, file);
  }
});

test('e2e: a plan with a unique name keeps @FOLDER in its commands', async () => {
  const p = project();
  const r = await run(gp.definition, gp.main, ['@CLI-RELEASE', '--json'], { cwd: p });
  const { commands } = JSON.parse(r.out);
  assert.match(commands.next, /^generate_prompt @CLI-RELEASE --next$/);
});
