/**
 * The example workspace in examples/ (see examples/README.md) shows every achievement state. These tests run
 * the real CLIs on it, so a change to the state rules or to the example documents that breaks the demo fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(script: string, args: string[]): { status: number | null; json: any; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'generation', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    assert.fail(`${script} ${args.join(' ')} did not print JSON (exit ${r.status}).\nstdout: ${r.stdout.slice(0, 500)}\nstderr: ${r.stderr.slice(0, 500)}`);
  }
  return { status: r.status, json, stderr: r.stderr };
}

/** One achievement per state; `next` selects the plan's next achievement instead of a fixed one. */
const CASES: Array<{ state: string; plan: string; achievement?: string; next?: true }> = [
  { state: 'approved', plan: 'SEARCH-INDEX', achievement: '0.1' },
  { state: 'approved', plan: 'SEARCH-INDEX', achievement: '1.1' }, // FIX_11 → FIX_11_RESOLUTION → APPROVED_11
  { state: 'skipped', plan: 'SEARCH-INDEX', achievement: '1.2' },
  { state: 'active_execution', plan: 'SEARCH-INDEX', achievement: '2.1' },
  { state: 'active_execution', plan: 'SEARCH-INDEX', next: true }, // the handoff's "⏳ Next: Achievement 2.1"
  { state: 'no_subplan', plan: 'SEARCH-INDEX', achievement: '2.2' },
  { state: 'needs_fix', plan: 'QUERY-PARSER', achievement: '1.1' },
  { state: 'fix_submitted', plan: 'QUERY-PARSER', achievement: '1.2' },
  { state: 'subplan_placeholder', plan: 'QUERY-PARSER', achievement: '2.1' },
  { state: 'create_next_execution', plan: 'QUERY-PARSER', achievement: '2.2' },
  { state: 'awaiting_review', plan: 'RANKING-TUNING', achievement: '1.1' },
  { state: 'needs_synthesis', plan: 'RANKING-TUNING', achievement: '1.2' },
  { state: 'subplan_no_execution', plan: 'RANKING-TUNING', achievement: '2.1' },
  { state: 'approved', plan: 'CLI-RELEASE', achievement: '2.1' },
  { state: 'plan_complete', plan: 'CLI-RELEASE', next: true },
  { state: 'approved', plan: 'LEGACY-IMPORTER', achievement: '2.1' }, // complete per plan text only
  { state: 'plan_complete', plan: 'LEGACY-IMPORTER', next: true },
];

for (const c of CASES) {
  const which = c.next ? '--next' : `--achievement ${c.achievement}`;
  test(`examples: @${c.plan} ${which} → ${c.state}`, () => {
    const args = [`@${c.plan}`, ...(c.next ? ['--next'] : ['--achievement', c.achievement as string]), '--json', '--root', 'examples'];
    const { status, json, stderr } = run('generate_prompt.ts', args);
    assert.equal(status, 0, `exit code (stderr: ${stderr.slice(0, 500)})`);
    assert.equal(json.plan.feature, c.plan);
    assert.equal(json.state, c.state, `reason: ${JSON.stringify(json.reason)}`);
    if (c.achievement) assert.equal(json.achievement?.id, c.achievement);
  });
}

test('examples: every state of the toolkit is demonstrated', () => {
  const all = [
    'approved', 'skipped', 'needs_fix', 'fix_submitted', 'no_subplan', 'subplan_placeholder', 'subplan_no_execution',
    'active_execution', 'create_next_execution', 'needs_synthesis', 'awaiting_review', 'plan_complete',
  ];
  assert.deepEqual([...new Set(CASES.map((c) => c.state))].sort(), [...all].sort());
});

test('examples: the FIX round-trip ends approved, and the legacy plan is complete per its text', () => {
  const fixed = run('generate_prompt.ts', ['@SEARCH-INDEX', '--achievement', '1.1', '--json', '--root', 'examples']).json;
  assert.equal(fixed.state, 'approved');
  assert.equal(fixed.completion, 'approved');
  const legacy = run('generate_prompt.ts', ['@LEGACY-IMPORTER', '--achievement', '1.1', '--json', '--root', 'examples']).json;
  assert.equal(legacy.completion, 'plan_text');
  // Without the PLAN text, the legacy SUBPLAN _01 (sequence number) is still tied to 1.1 by its header.
  const fsOnly = run('generate_prompt.ts', ['@LEGACY-IMPORTER', '--achievement', '2.1', '--json', '--root', 'examples', '--trust-filesystem']).json;
  assert.equal(fsOnly.state, 'awaiting_review');
  assert.ok(fsOnly.files.some((f: string) => f.endsWith('SUBPLAN_LEGACY-IMPORTER_02.md')), JSON.stringify(fsOnly.files));
});

test('examples: generate_completion_status --all lists the 5 plans; CLI-RELEASE is complete', () => {
  const { status, json } = run('generate_completion_status.ts', ['--all', '--json', '--root', 'examples']);
  assert.equal(status, 0);
  const byName = new Map<string, any>(json.plans.map((p: any) => [p.plan, p]));
  assert.deepEqual([...byName.keys()].sort(), ['CLI-RELEASE', 'LEGACY-IMPORTER', 'QUERY-PARSER', 'RANKING-TUNING', 'SEARCH-INDEX']);
  const cli = byName.get('CLI-RELEASE');
  assert.equal(cli.complete, true);
  assert.equal(cli.state, 'plan_complete');
  assert.equal(cli.done, cli.total);
  assert.equal(byName.get('SEARCH-INDEX').complete, false);
  assert.equal(byName.get('SEARCH-INDEX').next, '2.1');
  assert.equal(byName.get('QUERY-PARSER').group, 'a_active');
  assert.equal(byName.get('RANKING-TUNING').group, 'a_active');
  // The PLAN-like note next to PLAN_SEARCH-INDEX.md is reported as ignored, never as a plan.
  assert.ok(
    json.ignored.some((i: any) => i.path.endsWith('SEARCH-INDEX/PLAN-UPDATE-SUMMARY.md') && typeof i.reason === 'string' && i.reason.length > 0),
    JSON.stringify(json.ignored),
  );
});

// a_archive/ holds only a loose PLAN file. corpus.md A9.1 treats `a_*` folders as grouping folders, so the legacy
// plan is a flat plan of group a_archive (not a misnamed plan folder).
test('examples: the loose legacy PLAN sits in grouping folder a_archive', () => {
  const { json } = run('generate_completion_status.ts', ['--all', '--json', '--root', 'examples']);
  const legacy = json.plans.find((p: any) => p.plan === 'LEGACY-IMPORTER');
  assert.equal(legacy.group, 'a_archive');
  assert.deepEqual(json.warnings, []);
});
