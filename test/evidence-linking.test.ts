/**
 * How the evidence scan ties each document to an achievement (one definition of complete): by the number in its
 * name when that stands for one PLAN id, by its `**Achievement**:` header (SUBPLAN, EXECUTION_TASK), an
 * EXECUTION_TASK by the SUBPLAN of its number, a verdict of a shared or unknown number by its head. The scan asks
 * the id codec for the sole id of a number and lists the ids only when there are none or several: these tables
 * pin every branch, and the codec's `sole` and `codes` against `decode` and `encodeId`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatherEvidence, type DocRef, type PlanEvidence } from '../scripts/lib/evidence.ts';
import { loadPlan, nodeSource } from '../scripts/lib/analysis.ts';
import { codecFor, encodeId } from '../scripts/lib/ids.ts';
import { findRoot, type PlanLocation } from '../scripts/lib/workspace.ts';
import { planText, tempTree } from './helpers.ts';

const F = 'LINK-FEATURE';
const P = `work-space/plans/${F}`;
const SUB = `${P}/subplans`;
const EXE = `${P}/execution`;
const FB = `${P}/execution/feedbacks`;
const IDS = ['0.1', '1.1', '1.2', '2.1', '1.11', '11.1'];

function scan(files: Record<string, string>, achievements = IDS): PlanEvidence {
  const root = tempTree({ [`${P}/PLAN_${F}.md`]: planText({ achievements }), ...files });
  const loc: PlanLocation = { feature: F, planFile: `${root}/${P}/PLAN_${F}.md`, dir: `${root}/${P}`, layout: 'nested', area: 'plans' };
  const src = nodeSource();
  return gatherEvidence(findRoot(root), loc, loadPlan(loc, src), src);
}

/** Where a document ended: `<id> <field> <linkedBy>`, `orphan`, `ambiguous <ids>` or `absent`. */
function placeOf(ev: PlanEvidence, name: string): string {
  let at = 'absent';
  const see = (id: string, field: string, d: DocRef | undefined) => {
    if (d?.name === name) at = `${id} ${field} ${d.linkedBy}`;
  };
  ev.byId.forEach((a) => {
    a.subplans.forEach((d) => see(a.id, 'subplan', d));
    a.executions.forEach((d) => see(a.id, 'execution', d));
    see(a.id, 'approved', a.approved);
    see(a.id, 'fix', a.fix);
    see(a.id, 'fixResolution', a.fixResolution);
    see(a.id, 'skipped', a.skipped);
  });
  if (ev.orphans.some((o) => o.doc.name === name)) at = 'orphan';
  const amb = ev.ambiguous.find((o) => o.doc.name === name);
  if (amb) at = `ambiguous ${amb.ids.join(',')}`;
  return at;
}

const S = (c: string) => `SUBPLAN_${F}_${c}.md`;
const E = (c: string) => `EXECUTION_TASK_${F}_${c}_01.md`;
const H = (id: string) => `# Doc\n\n**Achievement**: ${id}\n`;

const cases: Array<{ name: string; files: Record<string, string>; expect: Record<string, string> }> = [
  { name: 'a SUBPLAN of a number of one id, no header', files: { [`${SUB}/${S('11')}`]: '# S\n' }, expect: { [S('11')]: '1.1 subplan name' } },
  { name: 'a SUBPLAN whose header names another PLAN id', files: { [`${SUB}/${S('11')}`]: H('2.1') }, expect: { [S('11')]: '2.1 subplan header' } },
  { name: 'a SUBPLAN whose header names its own id', files: { [`${SUB}/${S('12')}`]: H('1.2') }, expect: { [S('12')]: '1.2 subplan name' } },
  { name: 'a SUBPLAN whose header names no PLAN id: its number', files: { [`${SUB}/${S('12')}`]: H('9.9') }, expect: { [S('12')]: '1.2 subplan name' } },
  { name: 'a SUBPLAN of a shared number, header naming one of its ids', files: { [`${SUB}/${S('111')}`]: H('11.1') }, expect: { [S('111')]: '11.1 subplan name' } },
  { name: 'a SUBPLAN of a shared number, header naming another id', files: { [`${SUB}/${S('111')}`]: H('2.1') }, expect: { [S('111')]: '2.1 subplan header' } },
  { name: 'a SUBPLAN of a shared number without header', files: { [`${SUB}/${S('111')}`]: '# S\n' }, expect: { [S('111')]: 'ambiguous 1.11,11.1' } },
  { name: 'a SUBPLAN of a number of no id, without header', files: { [`${SUB}/${S('77')}`]: '# S\n' }, expect: { [S('77')]: 'orphan' } },
  { name: 'a SUBPLAN of a number of no id, with a header', files: { [`${SUB}/${S('77')}`]: H('0.1') }, expect: { [S('77')]: '0.1 subplan header' } },
  {
    name: 'an EXECUTION_TASK follows its SUBPLAN tied by header (its own header unread)',
    files: { [`${SUB}/${S('12')}`]: H('2.1'), [`${EXE}/${E('12')}`]: H('1.1') },
    expect: { [S('12')]: '2.1 subplan header', [E('12')]: '2.1 execution header' },
  },
  {
    name: 'an EXECUTION_TASK of a shared number follows its SUBPLAN to one of its ids',
    files: { [`${SUB}/${S('111')}`]: H('1.11'), [`${EXE}/${E('111')}`]: '# E\n' },
    expect: { [S('111')]: '1.11 subplan name', [E('111')]: '1.11 execution name' },
  },
  {
    name: 'an EXECUTION_TASK of a shared number without SUBPLAN or header',
    files: { [`${EXE}/${E('111')}`]: '# E\n' },
    expect: { [E('111')]: 'ambiguous 1.11,11.1' },
  },
  {
    name: 'an EXECUTION_TASK whose SUBPLAN is an orphan reads its own header',
    files: { [`${SUB}/${S('77')}`]: '# S\n', [`${EXE}/${E('77')}`]: H('1.2') },
    expect: { [S('77')]: 'orphan', [E('77')]: '1.2 execution header' },
  },
  { name: 'an EXECUTION_TASK alone, by its number', files: { [`${EXE}/${E('01')}`]: '# E\n' }, expect: { [E('01')]: '0.1 execution name' } },
  { name: 'an APPROVED of a number of one id (head unread)', files: { [`${FB}/APPROVED_21.md`]: H('1.1') }, expect: { ['APPROVED_21.md']: '2.1 approved name' } },
  {
    name: 'an APPROVED of a shared number headed by one of its ids',
    files: { [`${FB}/APPROVED_111.md`]: '# APPROVED: Achievement 1.11\n' },
    expect: { ['APPROVED_111.md']: '1.11 approved name' },
  },
  { name: 'an APPROVED of a shared number headed by another id', files: { [`${FB}/APPROVED_111.md`]: H('1.1') }, expect: { ['APPROVED_111.md']: 'ambiguous 1.11,11.1' } },
  { name: 'an APPROVED of a shared number without head', files: { [`${FB}/APPROVED_111.md`]: 'ok\n' }, expect: { ['APPROVED_111.md']: 'ambiguous 1.11,11.1' } },
  { name: 'an APPROVED of a number of no id, with a header', files: { [`${FB}/APPROVED_99.md`]: H('1.2') }, expect: { ['APPROVED_99.md']: '1.2 approved header' } },
  { name: 'an APPROVED of a number of no id, headed by no PLAN id', files: { [`${FB}/APPROVED_99.md`]: H('9.9') }, expect: { ['APPROVED_99.md']: 'orphan' } },
  {
    name: 'FIX, FIX_RESOLUTION and SKIPPED by their numbers',
    files: { [`${FB}/FIX_12.md`]: 'x', [`${FB}/FIX_12_RESOLUTION.md`]: 'x', [`${FB}/SKIPPED_01.md`]: 'x' },
    expect: { ['FIX_12.md']: '1.2 fix name', ['FIX_12_RESOLUTION.md']: '1.2 fixResolution name', ['SKIPPED_01.md']: '0.1 skipped name' },
  },
];

for (const c of cases) {
  test(`evidence linking: ${c.name}`, () => {
    const ev = scan(c.files);
    for (const [name, where] of Object.entries(c.expect)) assert.equal(placeOf(ev, name), where, name);
    // Reviews are in use exactly when a verdict file was read.
    assert.equal(ev.usesFeedback, Object.keys(c.files).some((f) => f.startsWith(FB)));
  });
}

test('evidence linking: verdicts of shared or unknown numbers are indexed by name, with the id they were tied to', () => {
  const ev = scan({ [`${FB}/APPROVED_111.md`]: '# APPROVED: Achievement 11.1\n', [`${FB}/FIX_99.md`]: 'x', [`${FB}/APPROVED_12.md`]: 'x' });
  assert.deepEqual(
    [...ev.verdictsByName].map(([name, v]) => [name, v.id ?? null]),
    [
      ['APPROVED_111.md', '11.1'],
      ['FIX_99.md', null],
    ],
  );
});

test('evidence linking: every achievement carries its code', () => {
  const ev = scan({});
  assert.deepEqual(
    [...ev.byId.values()].map((a) => a.code),
    IDS.map((id) => id.replaceAll('.', '')),
  );
});

// The codec: `sole` says what `decode` says when that is one id, and nothing otherwise; `codes` are encodeId's.
const codecIds = ['0.1', '1.1', '1.11', '11.1', '1.10', '11.0', '2.1', '2.1', '3.5.1', '35.1', '10.2'];
const codes = ['01', '11', '111', '110', '21', '351', '102', '99', '', '1', '011'];
for (const code of codes) {
  test(`id codec: sole agrees with decode (${code || 'empty'})`, () => {
    // A fresh id list each time, so that the codec is made again (codecFor keeps the last one).
    const codec = codecFor([...codecIds, `${code.length}.0.${code}`]);
    const sole = codec.sole(code);
    const list = codec.decode(code);
    assert.equal(sole, list.length === 1 ? list[0] : undefined);
    // Asked after decode (which keeps a list of one) it is the same.
    assert.equal(codec.sole(code), sole);
  });
}

test('id codec: the expected sole ids', () => {
  const codec = codecFor(codecIds);
  assert.deepEqual(
    codes.map((c) => codec.sole(c) ?? null),
    ['0.1', '1.1', null, null, '2.1', null, '10.2', null, null, null, null],
  );
});

test('id codec: codes[k] is the code of ids[k], repeated ids included', () => {
  const ids = [...codecIds, '1.2.3.4', '007.1'];
  assert.deepEqual(codecFor(ids).codes, ids.map((id) => id.replaceAll('.', '')));
});

const encodeCases: Array<[string, string]> = [
  ['2.1', '21'],
  ['0.1', '01'],
  ['10.2', '102'],
  ['3.5.1', '351'],
  ['1.2.3.4', '1234'],
  ['1..2', '12'],
  ['1.', '1'],
  ['.5', '5'],
  ['12', '12'],
  ['', ''],
];
for (const [id, code] of encodeCases) {
  test(`encodeId: ${JSON.stringify(id)} → ${JSON.stringify(code)}`, () => {
    assert.equal(encodeId(id), code);
    assert.equal(encodeId(id), id.replaceAll('.', ''));
  });
}
