/**
 * The evidence scan's collection rule: every document name counts once, from the first folder of `evidenceDirs`
 * that holds it (nested, then flat, then archive), verdicts only from folders that read feedback. The scan keeps the
 * names it has seen only once a kind repeats across folders; both ways must give the same documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherEvidence, evidenceDirs, type DocRef, type PlanEvidence } from '../scripts/lib/evidence.ts';
import { loadPlan, nodeSource } from '../scripts/lib/analysis.ts';
import { parseDocName } from '../scripts/lib/filenames.ts';
import { findRoot, type PlanLocation } from '../scripts/lib/workspace.ts';
import { planText, tempTree } from './helpers.ts';

const F = 'TEST-FEATURE';
const P = `work-space/plans/${F}`;

function scan(files: Record<string, string>, achievements = ['0.1', '1.1', '1.2', '2.1']): { root: string; ev: PlanEvidence; expected: Map<string, string>; got: Map<string, string> } {
  const root = tempTree({ [`${P}/PLAN_${F}.md`]: planText({ achievements }), ...files });
  const ws = findRoot(root);
  const loc: PlanLocation = { feature: F, planFile: `${root}/${P}/PLAN_${F}.md`, dir: `${root}/${P}`, layout: 'nested', area: 'plans' };
  const src = nodeSource();
  const plan = loadPlan(loc, src);
  const ev = gatherEvidence(ws, loc, plan, src);
  // The rule, written plainly: the first folder that holds a name (and accepts its kind) gives its path.
  const expected = new Map<string, string>();
  for (const { dir, feedback } of evidenceDirs(ws, loc, plan)) {
    for (const name of src.list(dir)) {
      const p = parseDocName(name, plan.feature);
      if (!p || p.kind === 'plan') continue;
      if (!feedback && p.kind !== 'subplan' && p.kind !== 'execution') continue;
      if (!expected.has(name)) expected.set(name, `${dir}/${name}`);
    }
  }
  const got = new Map<string, string>();
  const add = (d: DocRef | undefined) => {
    if (!d) return;
    assert.ok(!got.has(d.name), `${d.name} counted once`);
    got.set(d.name, d.path);
  };
  ev.byId.forEach((a) => [...a.subplans, ...a.executions, a.approved, a.fix, a.fixResolution, a.skipped].forEach(add));
  ev.orphans.forEach((o) => add(o.doc));
  ev.ambiguous.forEach((o) => add(o.doc));
  return { root, ev, expected, got };
}

const S = (c: string) => `SUBPLAN_${F}_${c}.md`;
const E = (c: string) => `EXECUTION_TASK_${F}_${c}_01.md`;

const cases: Array<{ name: string; files: Record<string, string>; from?: Record<string, string> }> = [
  {
    name: 'each kind in its own folder (no name can repeat)',
    files: { [`${P}/subplans/${S('11')}`]: 'x', [`${P}/execution/${E('11')}`]: 'x', [`${P}/execution/feedbacks/APPROVED_11.md`]: 'x', [`${P}/execution/feedbacks/FIX_12.md`]: 'x' },
  },
  {
    name: 'the plan folder beats the flat folders and the archive',
    files: {
      [`${P}/subplans/${S('11')}`]: 'plan',
      [`work-space/subplans/${S('11')}`]: 'flat',
      [`work-space/subplans/${S('12')}`]: 'flat only',
      [`feature-archive/${F}/subplans/${S('11')}`]: 'archive',
      [`feature-archive/${F}/subplans/${S('21')}`]: 'archive only',
    },
    from: { [S('11')]: `${P}/subplans/`, [S('12')]: 'work-space/subplans/', [S('21')]: `feature-archive/${F}/subplans/` },
  },
  {
    name: 'a verdict in execution/ and in execution/feedbacks/: the first folder wins',
    files: { [`${P}/execution/APPROVED_11.md`]: 'x', [`${P}/execution/feedbacks/APPROVED_11.md`]: 'x', [`${P}/execution/feedbacks/APPROVED_12.md`]: 'x' },
    from: { 'APPROVED_11.md': `${P}/execution/`, 'APPROVED_12.md': `${P}/execution/feedbacks/` },
  },
  {
    name: 'a repeat found in the middle of a folder: the names before it in that folder count as seen too',
    files: {
      [`${P}/subplans/${S('11')}`]: 'x',
      [`${P}/execution/APPROVED_11.md`]: 'x',
      [`${P}/execution/${E('11')}`]: 'x',
      [`${P}/execution/${S('11')}`]: 'misplaced copy',
      [`${P}/execution/${S('12')}`]: 'misplaced',
      [`${P}/execution/feedbacks/APPROVED_11.md`]: 'x',
      [`work-space/execution/${E('11')}`]: 'flat copy',
      [`work-space/subplans/${S('12')}`]: 'flat copy',
    },
    from: { [S('11')]: `${P}/subplans/`, [S('12')]: `${P}/execution/`, 'APPROVED_11.md': `${P}/execution/`, [E('11')]: `${P}/execution/` },
  },
  {
    name: 'once names are kept, a kind first met after that is kept too',
    files: {
      [`${P}/subplans/${E('11')}`]: 'misplaced',
      [`${P}/execution/${E('11')}`]: 'copy',
      [`${P}/execution/${S('12')}`]: 'misplaced',
      [`${P}/execution/SKIPPED_12.md`]: 'x',
      [`${P}/execution/feedbacks/SKIPPED_12.md`]: 'copy',
      [`work-space/subplans/${S('12')}`]: 'flat copy',
    },
    from: { [E('11')]: `${P}/subplans/`, [S('12')]: `${P}/execution/`, 'SKIPPED_12.md': `${P}/execution/` },
  },
  {
    name: 'a verdict in a folder that reads no feedback does not hide a later copy',
    files: { [`${P}/subplans/APPROVED_11.md`]: 'x', [`${P}/subplans/${S('11')}`]: 'x', [`${P}/execution/feedbacks/APPROVED_11.md`]: 'x' },
    from: { 'APPROVED_11.md': `${P}/execution/feedbacks/` },
  },
];

for (const c of cases) {
  test(`evidence scan: ${c.name}`, () => {
    const { root, expected, got } = scan(c.files);
    assert.deepEqual(got, expected);
    for (const [name, folder] of Object.entries(c.from ?? {})) assert.equal(got.get(name), `${root}/${folder}${name}`, name);
  });
}

// An EXECUTION_TASK follows the achievement of the first SUBPLAN of its number (its own head is read only when
// there is none). That SUBPLAN is found among its achievement's documents where the number stands for that
// achievement alone, and kept aside otherwise (header links of legacy numbering, shared codes).
const followCases: Array<{ name: string; files: Record<string, string>; achievements?: string[]; exec: string; id: string | null; linkedBy?: 'name' | 'header' }> = [
  { name: 'the SUBPLAN of its number', files: { [`${P}/subplans/${S('11')}`]: 'x' }, exec: E('11'), id: '1.1', linkedBy: 'name' },
  { name: 'a SUBPLAN tied by its header (legacy numbering)', files: { [`${P}/subplans/${S('05')}`]: '**Achievement**: 2.1\n' }, exec: E('05'), id: '2.1', linkedBy: 'header' },
  {
    name: 'the first of two SUBPLANs of one number, tied by name',
    files: { [`${P}/subplans/${S('11')}`]: 'x', [`${P}/subplans/SUBPLAN_${F}_11_V2.md`]: '**Achievement**: 2.1\n' },
    exec: E('11'),
    id: '1.1',
    linkedBy: 'name',
  },
  {
    name: 'the first of two SUBPLANs of one number, tied by its header',
    files: { [`${P}/subplans/${S('11')}`]: '**Achievement**: 2.1\n', [`${P}/subplans/SUBPLAN_${F}_11_V2.md`]: 'x' },
    exec: E('11'),
    id: '2.1',
    linkedBy: 'header',
  },
  {
    name: 'a shared code whose SUBPLAN names one of its achievements',
    files: { [`${P}/subplans/${S('111')}`]: '**Achievement**: 11.1\n' },
    achievements: ['1.1', '1.11', '11.1'],
    exec: E('111'),
    id: '11.1',
    linkedBy: 'name',
  },
  { name: 'a SUBPLAN tied to nothing: the EXECUTION_TASK reads its own head', files: { [`${P}/subplans/${S('77')}`]: 'x', [`${P}/execution/${E('77')}`]: '**Achievement**: 1.2\n' }, exec: E('77'), id: '1.2', linkedBy: 'header' },
  { name: 'no SUBPLAN and no header: an orphan', files: { [`${P}/subplans/${S('77')}`]: 'x' }, exec: E('77'), id: null },
];
for (const c of followCases) {
  test(`evidence scan: an EXECUTION_TASK follows ${c.name}`, () => {
    const files = { ...c.files };
    files[`${P}/execution/${c.exec}`] ??= 'no header\n';
    const { ev } = scan(files, c.achievements);
    let found: { id: string; doc: DocRef } | undefined;
    ev.byId.forEach((a) => a.executions.forEach((d) => d.name === c.exec && (found = { id: a.id, doc: d })));
    if (c.id === null) {
      assert.equal(found, undefined);
      assert.ok(ev.orphans.some((o) => o.doc.name === c.exec));
    } else {
      assert.equal(found?.id, c.id);
      assert.equal(found?.doc.linkedBy, c.linkedBy);
    }
  });
}
