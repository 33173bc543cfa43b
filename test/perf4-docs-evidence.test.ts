/**
 * Rules of the evidence scan rewritten for speed (evidence.ts, gatherEvidence): only `.md` names are documents (the
 * grammars of scanDocName check it, without a test of the name's end before them), verdict files count only from
 * folders that read feedback (a kind mask instead of isVerdict), a name counts from the first folder that holds it
 * (the kinds seen so far as bits), and an achievement carries the PLAN's text claim when there is one (the lookup is
 * skipped for plans without claims). Each case names what the scan must give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherEvidence, type AchievementEvidence, type DocRef } from '../scripts/lib/evidence.ts';
import { loadPlan, nodeSource } from '../scripts/lib/analysis.ts';
import { findRoot, type PlanLocation } from '../scripts/lib/workspace.ts';
import { planText, tempTree } from './helpers.ts';

const F = 'TEST-FEATURE';
const P = `work-space/plans/${F}`;
const S = (c: string) => `SUBPLAN_${F}_${c}.md`;
const E = (c: string) => `EXECUTION_TASK_${F}_${c}_01.md`;

type Spec = Parameters<typeof planText>[0];

function scan(files: Record<string, string>, spec: Partial<Spec> = {}) {
  const root = tempTree({ [`${P}/PLAN_${F}.md`]: planText({ achievements: ['1.1', '1.2', '2.1'], ...spec }), ...files });
  const ws = findRoot(root);
  const loc: PlanLocation = { feature: F, planFile: `${root}/${P}/PLAN_${F}.md`, dir: `${root}/${P}`, layout: 'nested', area: 'plans' };
  const src = nodeSource();
  const plan = loadPlan(loc, src);
  return { root, ev: gatherEvidence(ws, loc, plan, src) };
}

/** Every document the scan counted, as `kind:relative path` (orphans as `orphan:`), sorted. */
function counted(root: string, byId: Map<string, AchievementEvidence>, orphans: Array<{ doc: DocRef }>): string[] {
  const out: string[] = [];
  const rel = (d: DocRef) => d.path.slice(root.length + 1);
  byId.forEach((a) => {
    for (const d of [...a.subplans, ...a.executions, a.approved, a.fix, a.fixResolution, a.skipped]) if (d) out.push(`${a.id} ${d.kind}:${rel(d)}`);
  });
  for (const o of orphans) out.push(`orphan ${o.doc.kind}:${rel(o.doc)}`);
  return out.sort();
}

const verdictNames = ['APPROVED_11.md', 'FIX_11.md', 'FIX_11_RESOLUTION.md', 'SKIPPED_11.md'];
const kindOf: Record<string, string> = { 'APPROVED_11.md': 'approved', 'FIX_11.md': 'fix', 'FIX_11_RESOLUTION.md': 'fix_resolution', 'SKIPPED_11.md': 'skipped' };

const cases: Array<{ name: string; files: Record<string, string>; expected: string[] }> = [];
for (const v of verdictNames) {
  cases.push({ name: `${v} in the plan's subplans/ (no feedback there) is not counted`, files: { [`${P}/subplans/${v}`]: 'x', [`${P}/subplans/${S('11')}`]: 'x' }, expected: [`1.1 subplan:${P}/subplans/${S('11')}`] });
  cases.push({ name: `${v} in the plan's execution/feedbacks/ counts`, files: { [`${P}/execution/feedbacks/${v}`]: 'x' }, expected: [`1.1 ${kindOf[v]}:${P}/execution/feedbacks/${v}`] });
  cases.push({ name: `${v} in the plan's execution/ counts`, files: { [`${P}/execution/${v}`]: 'x' }, expected: [`1.1 ${kindOf[v]}:${P}/execution/${v}`] });
  cases.push({ name: `${v} in the workspace's flat execution/ does not count for a nested plan`, files: { [`work-space/execution/${v}`]: 'x' }, expected: [] });
  cases.push({
    name: `${v} in the plan's folder and in the archive: the plan's copy counts once`,
    files: { [`${P}/execution/feedbacks/${v}`]: 'x', [`feature-archive/${F}/execution/feedbacks/${v}`]: 'x' },
    expected: [`1.1 ${kindOf[v]}:${P}/execution/feedbacks/${v}`],
  });
}
cases.push({
  name: 'a SUBPLAN in the plan and the flat folder: the plan copy; one only flat: the flat copy',
  files: { [`${P}/subplans/${S('11')}`]: 'x', [`work-space/subplans/${S('11')}`]: 'x', [`work-space/subplans/${S('12')}`]: 'x' },
  expected: [`1.1 subplan:${P}/subplans/${S('11')}`, `1.2 subplan:work-space/subplans/${S('12')}`],
});
cases.push({
  name: 'an EXECUTION_TASK in the plan, the flat folder and the archive: the plan copy',
  files: { [`${P}/execution/${E('21')}`]: 'x', [`work-space/execution/${E('21')}`]: 'x', [`feature-archive/${F}/execution/${E('21')}`]: 'x' },
  expected: [`2.1 execution:${P}/execution/${E('21')}`],
});
cases.push({
  name: 'a SUBPLAN kept in execution/ and in subplans/ of the plan: both names differ by folder only, the first folder wins',
  files: { [`${P}/subplans/${S('12')}`]: 'x', [`${P}/execution/${S('12')}`]: 'x' },
  expected: [`1.2 subplan:${P}/subplans/${S('12')}`],
});

// Names that only start like a document's: every document name ends in `.md` (scanDocName's grammars check it).
for (const [folder, name] of [
  ['subplans', `${S('11')}.bak`],
  ['subplans', `${S('11')}x`],
  ['subplans', `SUBPLAN_${F}_11.MD`],
  ['execution', `${E('11')}~`],
  ['execution', `EXECUTION_TASK_${F}_11_01.txt`],
  ['execution/feedbacks', 'APPROVED_11.md.orig'],
  ['execution/feedbacks', 'APPROVED_11.mdx'],
  ['execution/feedbacks', 'FIX_11.md.tmp'],
  ['execution/feedbacks', 'FIX_11_RESOLUTION.m'],
  ['execution/feedbacks', 'SKIPPED_11.md '],
  ['execution/feedbacks', 'SKIPPED_11'],
] as const) {
  cases.push({ name: `${folder}/${name} is no document`, files: { [`${P}/${folder}/${name}`]: 'x', [`${P}/subplans/${S('12')}`]: 'x' }, expected: [`1.2 subplan:${P}/subplans/${S('12')}`] });
}

for (const c of cases) {
  test(`evidence scan: ${c.name}`, () => {
    const { root, ev } = scan(c.files);
    assert.deepEqual(counted(root, ev.byId, ev.orphans), [...c.expected].sort());
  });
}

// Text claims: each achievement carries the PLAN's claim, or none.
const claimCases: Array<{ name: string; spec: Partial<Spec>; expected: Record<string, string | undefined> }> = [
  { name: 'no claim in the text', spec: {}, expected: { '1.1': undefined, '1.2': undefined, '2.1': undefined } },
  {
    name: 'a ✅ on a definition line',
    spec: { achievements: ['1.1', ['1.2', '✅ Done thing'], '2.1'] },
    expected: { '1.1': undefined, '1.2': 'definition', '2.1': undefined },
  },
  { name: 'the plan status says complete', spec: { status: '✅ Complete' }, expected: { '1.1': 'plan status', '1.2': 'plan status', '2.1': 'plan status' } },
  {
    name: 'a handoff line says one is complete',
    spec: { handoffExtra: '- ✅ Achievement 2.1 complete' },
    expected: { '1.1': undefined, '1.2': undefined, '2.1': 'handoff' },
  },
];
for (const c of claimCases) {
  test(`evidence scan text claims: ${c.name}`, () => {
    const { ev } = scan({}, c.spec);
    const got: Record<string, string | undefined> = {};
    ev.byId.forEach((a, id) => (got[id] = a.textClaim?.where));
    assert.deepEqual(got, c.expected);
  });
}
