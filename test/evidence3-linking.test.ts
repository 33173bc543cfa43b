/**
 * Round 3 of the evidence scan's speed work. The scan decides `linkedBy` of a document tied by a link (the SUBPLAN
 * of its number, its header) by comparing the number with its achievement's own code instead of asking the id
 * codec; these tables pin that the two agree for every id and code, shared codes included. And the lists of an
 * achievement with several SUBPLANs or EXECUTION_TASKs are sorted (live first, then by name) whichever list
 * grew first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completionOf, gatherEvidence, type AchievementEvidence, type PlanEvidence } from '../scripts/lib/evidence.ts';
import { loadPlan, nodeSource } from '../scripts/lib/analysis.ts';
import { codecFor, encodeId } from '../scripts/lib/ids.ts';
import { findRoot, type PlanLocation } from '../scripts/lib/workspace.ts';
import { planText, tempTree } from './helpers.ts';

// Id sets with shared codes (1.11 and 11.1 → 111; 1.1.1 too), three-level ids and a free number.
const ID_SETS: string[][] = [
  ['0.1', '1.1', '1.2', '2.1', '1.11', '11.1'],
  ['1.1', '1.11', '11.1', '1.1.1', '2.10', '21.0'],
  ['1', '10', '1.0', '3.4.5', '34.5'],
];

for (const ids of ID_SETS) {
  test(`evidence3: a number stands for an id exactly when it is the id's own code (${ids.join(' ')})`, () => {
    const codec = codecFor(ids);
    const codes = new Set([...ids.map(encodeId), '01', '77', '0', '']);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as string;
      assert.equal(codec.codes[k], encodeId(id), id);
      for (const code of codes) {
        const sole = codec.sole(code);
        const standsFor = id === sole || (sole === undefined && codec.decode(code).includes(id));
        assert.equal(codec.codes[k] === code, standsFor, `${id} / ${code}`);
      }
    }
  });
}

const F = 'EV3-FEATURE';
const P = `work-space/plans/${F}`;

function scan(files: Record<string, string>, achievements = ['1.1', '1.2', '2.1', '1.11', '11.1']): PlanEvidence {
  const root = tempTree({ [`${P}/PLAN_${F}.md`]: planText({ achievements }), ...files });
  const loc: PlanLocation = { feature: F, planFile: `${root}/${P}/PLAN_${F}.md`, dir: `${root}/${P}`, layout: 'nested', area: 'plans' };
  const src = nodeSource();
  return gatherEvidence(findRoot(root), loc, loadPlan(loc, src), src);
}

const S = (suffix: string) => `SUBPLAN_${F}_11${suffix}.md`;
const E = (suffix: string) => `EXECUTION_TASK_${F}_11${suffix}.md`;
// Folder order puts `_01.md` before `_01_ARCHIVED.md` before `_02.md` ('.' < '_'); live first moves the copy last.
const SUBS = { [`${P}/subplans/${S('')}`]: 'x', [`${P}/subplans/${S('_ARCHIVED')}`]: 'x', [`${P}/subplans/${S('_V2')}`]: 'x' };
const EXECS = { [`${P}/execution/${E('_01')}`]: 'x', [`${P}/execution/${E('_01_ARCHIVED')}`]: 'x', [`${P}/execution/${E('_02')}`]: 'x' };
const SORTED_SUBS = [S(''), S('_V2'), S('_ARCHIVED')];
const SORTED_EXECS = [E('_01'), E('_02'), E('_01_ARCHIVED')];

const orderCases: Array<{ name: string; files: Record<string, string>; subplans: string[]; executions: string[] }> = [
  { name: 'several SUBPLANs and several EXECUTION_TASKs', files: { ...SUBS, ...EXECS }, subplans: SORTED_SUBS, executions: SORTED_EXECS },
  { name: 'several SUBPLANs, one EXECUTION_TASK', files: { ...SUBS, [`${P}/execution/${E('_01')}`]: 'x' }, subplans: SORTED_SUBS, executions: [E('_01')] },
  { name: 'one SUBPLAN, several EXECUTION_TASKs', files: { [`${P}/subplans/${S('')}`]: 'x', ...EXECS }, subplans: [S('')], executions: SORTED_EXECS },
  { name: 'several EXECUTION_TASKs, no SUBPLAN', files: EXECS, subplans: [], executions: SORTED_EXECS },
  {
    // Folders are read in order (plan, then the workspace's flat ones): an archived copy in the plan folder is
    // found before the live SUBPLAN of the flat folder, and sorted after it.
    name: 'an archived SUBPLAN in the plan folder, the live one in the flat folder',
    files: { [`${P}/subplans/${S('_ARCHIVED')}`]: 'x', [`work-space/subplans/${S('')}`]: 'x', [`${P}/execution/${E('_01')}`]: 'x' },
    subplans: [S(''), S('_ARCHIVED')],
    executions: [E('_01')],
  },
];

for (const c of orderCases) {
  test(`evidence3: lists sorted live first, then by name: ${c.name}`, () => {
    const ev = scan(c.files).byId.get('1.1') as AchievementEvidence;
    assert.deepEqual(
      ev.subplans.map((d) => d.name),
      c.subplans,
    );
    assert.deepEqual(
      ev.executions.map((d) => d.name),
      c.executions,
    );
  });
}

test('evidence3: completionOf answers with shared, frozen outcomes', () => {
  const ev = (extra: Partial<AchievementEvidence>): AchievementEvidence => ({ id: '1.1', code: '11', subplans: [], executions: [], ...extra });
  const doc = { path: '/x', name: 'x', kind: 'approved', where: 'plan', code: '11', archived: false, linkedBy: 'name' } as const;
  const claim = { id: '1.1', line: 1, where: 'index', text: '✅ 1.1' };
  const rows: Array<[AchievementEvidence | undefined, 'auto' | 'plan' | 'filesystem', boolean, string, boolean]> = [
    [undefined, 'auto', false, 'open', false],
    [ev({ approved: doc }), 'filesystem', true, 'approved', true],
    [ev({ skipped: { ...doc, kind: 'skipped' } }), 'auto', true, 'skipped', true],
    [ev({ textClaim: claim }), 'auto', false, 'plan_text', true],
    [ev({ textClaim: claim }), 'auto', true, 'open', false],
    [ev({ textClaim: claim }), 'plan', true, 'plan_text', true],
    [ev({ textClaim: claim }), 'filesystem', false, 'open', false],
  ];
  for (const [e, trust, usesFeedback, kind, done] of rows) {
    const c = completionOf(e, trust, usesFeedback);
    assert.deepEqual({ ...c }, { kind, done }, `${kind} ${trust}`);
    assert.ok(Object.isFrozen(c));
    assert.equal(completionOf(e, trust, usesFeedback), c, 'the same object each time');
  }
});
