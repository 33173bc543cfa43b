/**
 * planModelFor: the PLAN model the evidence of a parallel.json is gathered for. Its achievements are the PLAN's,
 * plus those only the file lists (appended, in file order). The PLAN's model itself is returned when the file adds
 * none: found without a set of ids when the file lists the PLAN's achievements in the PLAN's order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planModelFor, type StatusContext } from '../scripts/lib/parallel/status.ts';
import { parsePlan } from '../scripts/lib/plan.ts';
import { doc, load, planMd } from './parallel-helpers.ts';

const PLAN_IDS = ['1.1', '1.2', '2.1', '2.2'];

const cases: Array<{ name: string; listed: string[]; same: boolean; ids: string[] }> = [
  { name: 'the same achievements in the same order', listed: PLAN_IDS, same: true, ids: PLAN_IDS },
  { name: 'the first achievements only', listed: ['1.1', '1.2'], same: true, ids: PLAN_IDS },
  { name: 'the same achievements in another order', listed: ['2.2', '1.1', '2.1', '1.2'], same: true, ids: PLAN_IDS },
  { name: 'a subset in another order', listed: ['2.1', '1.1'], same: true, ids: PLAN_IDS },
  { name: 'no achievement', listed: [], same: true, ids: PLAN_IDS },
  { name: 'one more after the PLAN\'s, in order', listed: [...PLAN_IDS, '9.1'], same: false, ids: [...PLAN_IDS, '9.1'] },
  { name: 'as many, one of them unknown to the PLAN', listed: ['1.1', '1.2', '2.1', '9.9'], same: false, ids: [...PLAN_IDS, '9.9'] },
  { name: 'unknown ones first', listed: ['9.2', '9.1', '1.1'], same: false, ids: [...PLAN_IDS, '9.2', '9.1'] },
  { name: 'an unknown one in place of a known one', listed: ['1.1', '3.1', '2.1'], same: false, ids: [...PLAN_IDS, '3.1'] },
];

for (const c of cases) {
  test(`evidence3: planModelFor, the file lists ${c.name}`, () => {
    const plan = parsePlan(planMd('EV3', PLAN_IDS), '/mem/PLAN_EV3.md');
    const ctx = { plan, loc: { feature: 'EV3', planFile: '/mem/PLAN_EV3.md', dir: '/mem', layout: 'nested', area: 'plans' } } as unknown as StatusContext;
    const pf = load(doc('EV3', c.listed.map((id) => ({ id }))));
    const model = planModelFor(ctx, pf);
    assert.equal(model === plan, c.same, 'the PLAN model itself');
    assert.deepEqual(
      model.achievements.map((a) => a.id),
      c.ids,
    );
  });
}
