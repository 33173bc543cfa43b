/**
 * Achievements that share a file code (1.11 and 11.1 → 111), end to end: an LLM that follows every prompt
 * literally (the names, folders and headers it asks for, nothing more) takes both achievements to approved, in
 * either order, with one FIX round each, and never writes over a file that exists. Plus table cases for the
 * verdict names and the reason texts of the review, fix and re-review prompts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definition, main } from '../scripts/generation/generate_prompt.ts';
import { planText, run, tempTree, writeFiles } from './helpers.ts';
import type { GeneratePromptOutput } from '../generated/generate-prompt-output.ts';

const F = 'COLL';
const P = `work-space/plans/${F}`;
const SP = `${P}/subplans`;
const EX = `${P}/execution`;
const FB = `${EX}/feedbacks`;
const plan = planText({ achievements: ['1.11', '11.1'] });

async function prompt(root: string, id: string): Promise<GeneratePromptOutput> {
  const r = await run(definition, main, [`@${F}`, '--json', '--achievement', id], { cwd: root });
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as GeneratePromptOutput;
}

function grab(text: string, re: RegExp): string[] {
  const m = re.exec(text);
  assert.ok(m, `expected ${re} in the prompt:\n${text}`);
  return m.slice(1) as string[];
}

/** The header line the prompt asks for when the name alone does not link the file (else none). */
function linkLine(p: string, id: string): string {
  return p.includes(`Put the line **Achievement**: ${id} under the title of`) ? `**Achievement**: ${id}\n` : '';
}

/**
 * One literal step of the loop: what the prompt for `id` asks for, written where it says. Every file it creates
 * must not exist yet (that is the data loss this guards against); the FIX round answers in the file it names.
 */
function follow(root: string, id: string, j: GeneratePromptOutput, fixed: Set<string>): void {
  const p = j.prompt;
  const create = (dir: string, name: string, text: string) => {
    const rel = join(dir, name);
    assert.ok(!existsSync(join(root, rel)), `Achievement ${id} (${j.state}) is asked to write ${rel}, which exists:\n${existsSync(join(root, rel)) ? readFileSync(join(root, rel), 'utf8') : ''}`);
    writeFiles(root, { [rel]: text });
  };
  switch (j.state) {
    case 'no_subplan': {
      const [name, dir] = grab(p, /1\. Create (SUBPLAN_\S+\.md) in (\S+) /);
      const [code] = grab(p, /rows start with \| (\d+)_01 \|/);
      create(dir as string, name as string, `# SUBPLAN\n\n**Mother Plan**: PLAN_${F}.md\n**Achievement**: ${id}\n**Status**: 📋 Design Phase\n\n## 🔄 Active EXECUTION_TASKs\n\n| ${code}_01 | ⏳ |\n`);
      break;
    }
    case 'subplan_no_execution':
    case 'create_next_execution': {
      const [name, dir] = grab(p, /1\. Create (EXECUTION_TASK_\S+\.md) in (\S+) /);
      create(dir as string, name as string, `# EXECUTION_TASK\n**Achievement**: ${id}\n**Status**: 🚀 In Progress\n`);
      break;
    }
    case 'active_execution': {
      const file = j.continueExecution as string;
      writeFiles(root, { [file]: readFileSync(join(root, file), 'utf8').replace('🚀 In Progress', '✅ Complete') });
      break;
    }
    case 'needs_synthesis': {
      const file = j.subplan as string;
      writeFiles(root, { [file]: readFileSync(join(root, file), 'utf8').replace('📋 Design Phase', '✅ Complete') });
      break;
    }
    case 'awaiting_review': {
      const [dir, approved, fix] = grab(p, /Write ONE verdict in (\S+):\n\s+- (APPROVED_\S+\.md):[\s\S]*?or (FIX_\S+\.md):/);
      // A first review asks for fixes, so that each achievement goes through a whole FIX round.
      if (fixed.has(id)) create(dir as string, approved as string, `# APPROVED: Achievement ${id}\n${linkLine(p, id)}\n**Status**: ✅ APPROVED\n`);
      else create(dir as string, fix as string, `# FIX REQUIRED: Achievement ${id}\n${linkLine(p, id)}\n**Status**: ⚠️ NEEDS FIXES\n`);
      fixed.add(id);
      break;
    }
    case 'needs_fix': {
      const [name, dir] = grab(p, /4\. Write (FIX_\S+_RESOLUTION\.md) next to \S+ in (\S+):/);
      create(dir as string, name as string, `# FIX RESOLUTION\n\n${linkLine(p, id)}\n## 1. Done\n`);
      break;
    }
    case 'fix_submitted': {
      const [dir, approved] = grab(p, /Write the verdict in (\S+):\n\s+- all issues resolved → (APPROVED_\S+\.md)/);
      create(dir as string, approved as string, `# APPROVED: Achievement ${id}\n${linkLine(p, id)}\n**Status**: ✅ APPROVED\n`);
      break;
    }
    default:
      assert.fail(`unexpected state ${j.state} for ${id}: ${j.reason.join(' ')}`);
  }
}

async function drive(root: string, id: string): Promise<string[]> {
  const fixed = new Set<string>();
  const states: string[] = [];
  for (let step = 0; step < 20; step++) {
    const j = await prompt(root, id);
    states.push(j.state);
    if (j.state === 'approved') return states;
    follow(root, id, j, fixed);
  }
  assert.fail(`Achievement ${id} did not reach approved: ${states.join(' → ')}`);
}

const loop = ['no_subplan', 'subplan_no_execution', 'active_execution', 'needs_synthesis', 'awaiting_review', 'needs_fix', 'fix_submitted', 'approved'];

for (const order of [['11.1', '1.11'], ['1.11', '11.1']] as const) {
  test(`shared code: following the prompts literally approves ${order[0]}, then ${order[1]}, and overwrites nothing`, async () => {
    const root = tempTree({ [`${P}/PLAN_${F}.md`]: plan });
    for (const id of order) {
      assert.deepEqual(await drive(root, id), loop, id);
      // The first stays approved while the second goes its way.
      assert.equal((await prompt(root, order[0])).state, 'approved');
    }
    const next = await run(definition, main, [`@${F}`, '--json', '--next'], { cwd: root });
    const j = JSON.parse(next.out) as GeneratePromptOutput;
    assert.equal(j.state, 'plan_complete', j.reason.join(' '));
    assert.equal(j.progress.approved, 2);
    assert.deepEqual(j.conflicts, []);
    // The first takes the shared code, the second its SUBPLAN's free number for every document, verdicts included.
    assert.ok(existsSync(join(root, SP, `SUBPLAN_${F}_111.md`)) && existsSync(join(root, SP, `SUBPLAN_${F}_01.md`)));
    for (const n of ['APPROVED_111.md', 'FIX_111.md', 'FIX_111_RESOLUTION.md', 'APPROVED_01.md', 'FIX_01.md', 'FIX_01_RESOLUTION.md']) assert.ok(existsSync(join(root, FB, n)), n);
    assert.match(readFileSync(join(root, FB, 'APPROVED_01.md'), 'utf8'), new RegExp(`\\*\\*Achievement\\*\\*: ${order[1].replace('.', '\\.')}\\n`));
    assert.match(readFileSync(join(root, FB, 'APPROVED_111.md'), 'utf8'), new RegExp(`\\*\\*Achievement\\*\\*: ${order[0].replace('.', '\\.')}\\n`));
  });
}

// 11.1 approved under 111 (as QA's /tmp/qa5/col), 1.11 designed under 01: what each verdict prompt proposes and says.
const done111 = {
  [`${SP}/SUBPLAN_${F}_111.md`]: '# SUBPLAN\n**Achievement**: 11.1\n**Status**: ✅ Complete\n',
  [`${EX}/EXECUTION_TASK_${F}_111_01.md`]: '**Achievement**: 11.1\n**Status**: ✅ Complete\n',
  [`${FB}/FIX_111.md`]: '# FIX REQUIRED: Achievement 11.1\n**Achievement**: 11.1\n',
  [`${FB}/FIX_111_RESOLUTION.md`]: '# FIX RESOLUTION\n\n**Achievement**: 11.1\n',
  [`${FB}/APPROVED_111.md`]: '# APPROVED: Achievement 11.1\n**Achievement**: 11.1\n',
};
const sub01 = {
  [`${SP}/SUBPLAN_${F}_01.md`]: '# SUBPLAN\n**Achievement**: 1.11\n**Status**: ✅ Complete\n',
  [`${EX}/EXECUTION_TASK_${F}_01_01.md`]: '**Achievement**: 1.11\n**Status**: ✅ Complete\n',
};
const cases: Array<{ name: string; files: Record<string, string>; state: string; approved?: string; fix?: string; resolution?: string; reason?: RegExp; noReason?: RegExp; note?: RegExp }> = [
  {
    name: '1.11 under 01, 11.1 approved under 111 → review proposes APPROVED_01/FIX_01 and names who holds 111',
    files: { ...done111, ...sub01 },
    state: 'awaiting_review',
    approved: 'APPROVED_01.md',
    fix: 'FIX_01.md',
    reason: /APPROVED_111\.md, FIX_111\.md and FIX_111_RESOLUTION\.md exist but belong to Achievement 11\.1, as their heads say: the verdict of Achievement 1\.11 is named with 01 instead/,
    noReason: /no APPROVED_111\.md/,
    note: /Put the line \*\*Achievement\*\*: 1\.11 under the title of APPROVED_01\.md \/ FIX_01\.md: the number 01 \(that of its SUBPLAN\) is no achievement's code, and its own code 111 is shared with Achievement 11\.1/,
  },
  {
    name: 'FIX_01 of 1.11 → the fix prompt asks for FIX_01_RESOLUTION with the header, and not for APPROVED_111',
    files: { ...done111, ...sub01, [`${FB}/FIX_01.md`]: '# FIX REQUIRED: Achievement 1.11\n**Achievement**: 1.11\n' },
    state: 'needs_fix',
    resolution: 'FIX_01_RESOLUTION.md',
    approved: 'APPROVED_01.md',
    reason: /^FIX_01\.md exists and there is no APPROVED file of Achievement 1\.11: /,
    note: /Put the line \*\*Achievement\*\*: 1\.11 under the title of FIX_01_RESOLUTION\.md/,
  },
  {
    name: 'FIX_01 answered → re-review proposes APPROVED_01',
    files: { ...done111, ...sub01, [`${FB}/FIX_01.md`]: '# FIX REQUIRED: Achievement 1.11\n', [`${FB}/FIX_01_RESOLUTION.md`]: '**Achievement**: 1.11\n' },
    state: 'fix_submitted',
    approved: 'APPROVED_01.md',
    note: /Put the line \*\*Achievement\*\*: 1\.11 under the title of APPROVED_01\.md \/ FIX_01\.md/,
  },
  { name: 'APPROVED_01 with the header approves 1.11 (QA /tmp/qa5/col3)', files: { ...done111, ...sub01, [`${FB}/APPROVED_01.md`]: '# APPROVED: Achievement 1.11\n**Achievement**: 1.11\n' }, state: 'approved', approved: 'APPROVED_01.md' },
  { name: 'APPROVED_01 with only the heading approves 1.11 too', files: { ...done111, ...sub01, [`${FB}/APPROVED_01.md`]: '# APPROVED: Achievement 1.11\n' }, state: 'approved', approved: 'APPROVED_01.md' },
  {
    name: 'APPROVED_01 without any link counts for none: 1.11 still awaits review, under another free number',
    files: { ...done111, ...sub01, [`${FB}/APPROVED_01.md`]: 'ok\n' },
    state: 'awaiting_review',
    approved: 'APPROVED_02.md',
    fix: 'FIX_02.md',
  },
  {
    name: '1.11 under its own 111, nothing of 11.1 yet → APPROVED_111 with the header (as before)',
    files: { [`${SP}/SUBPLAN_${F}_111.md`]: '# SUBPLAN\n**Achievement**: 1.11\n**Status**: ✅ Complete\n' },
    state: 'awaiting_review',
    approved: 'APPROVED_111.md',
    fix: 'FIX_111.md',
    reason: /there is no APPROVED_111\.md or FIX_111\.md yet/,
    note: /the number 111 also stands for Achievement 11\.1/,
  },
  {
    name: 'an unlinked APPROVED_111 is never proposed (it may be the other’s): 1.11 under 111 gets a free number',
    files: { [`${SP}/SUBPLAN_${F}_111.md`]: '# SUBPLAN\n**Achievement**: 1.11\n**Status**: ✅ Complete\n', [`${FB}/APPROVED_111.md`]: 'ok\n' },
    state: 'awaiting_review',
    approved: 'APPROVED_01.md',
    fix: 'FIX_01.md',
    reason: /APPROVED_111\.md exists but counts for no achievement \(no head names one of 1\.11, 11\.1\), so it is not proposed for Achievement 1\.11/,
  },
];
for (const c of cases) {
  test(`shared code: ${c.name}`, async () => {
    const root = tempTree({ [`${P}/PLAN_${F}.md`]: plan, ...c.files });
    const j = await prompt(root, '1.11');
    assert.equal(j.state, c.state, j.reason.join(' '));
    const said = j.reason.join(' ');
    if (c.reason) assert.match(said, c.reason);
    if (c.noReason) assert.doesNotMatch(said, c.noReason);
    if (c.note) assert.match(j.prompt, c.note);
    if (c.state === 'approved') assert.match(j.prompt, new RegExp(`is approved \\(${c.approved}\\)`));
    if (c.state === 'awaiting_review') assert.ok(j.prompt.startsWith(`Review Achievement 1.11 of @PLAN_${F}.md and write the verdict: ${c.approved} or ${c.fix}.`), j.prompt);
    if (c.resolution) assert.ok(j.prompt.includes(`then write @${c.resolution}.`) && j.prompt.includes(`❌ Write ${c.approved} yourself`), j.prompt);
    if (c.state === 'fix_submitted') assert.ok(j.prompt.includes(`all issues resolved → ${c.approved} `), j.prompt);
    // 11.1 keeps its approval whatever 1.11's files are.
    if (c.files[`${FB}/APPROVED_111.md`]?.includes('11.1')) assert.equal((await prompt(root, '11.1')).state, 'approved');
  });
}
