/**
 * Unit tests for scripts/lib/plan.ts — the PLAN model (corpus.md A4, A9; generation.md §1.2, §1.5, §1.6, §7.2, §7.3,
 * §8 items 9–13 and 23).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  achievementSection,
  cleanTitle,
  completionClaim,
  defaultArchive,
  featureFromPlanFile,
  handoffLines,
  normalizeStatus,
  parseEffort,
  parsePlan,
  sortIds,
  type AchievementSource,
  type PlanModel,
  type PlanStatus,
} from '../scripts/lib/plan.ts';

const FILE = '/ws/work-space/plans/FOO/PLAN_FOO.md';
const L = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string, file = FILE): PlanModel => parsePlan(text, file);
const codes = (p: PlanModel) => p.warnings.map((w) => w.code);
const pairs = (p: PlanModel) => p.achievements.map((a) => [a.id, a.title]);
/** A PLAN head with a real Status, so that body fields never stand in for the PLAN status. */
const HEAD = ['# PLAN: Foo', '', '**Status**: 🚀 In Progress', '**Archive Location**: `documentation/archive/foo/`', ''];
const DESIR = '## 🎯 Desirable Achievements';

// ===============================================================================================================
// Achievement definitions: forms, section rules, fallbacks
// ===============================================================================================================
interface DefCase {
  name: string;
  text: string;
  expected: Array<[string, string]>;
  source?: AchievementSource;
  warnings?: string[];
}

const defCases: DefCase[] = [
  {
    name: '§7.2: three B1 definitions in document order',
    text: L(...HEAD, DESIR, '**Achievement 0.1**: First', '**Achievement 0.2**: Second', '**Achievement 1.1**: Third'),
    expected: [['0.1', 'First'], ['0.2', 'Second'], ['1.1', 'Third']],
    source: 'definition',
  },
  {
    name: 'B1 canonical, with a ✅ marker',
    text: L(...HEAD, DESIR, '**Achievement 0.1**: Extract Handoff Section Function ✅'),
    expected: [['0.1', 'Extract Handoff Section Function']],
  },
  {
    name: 'B1 with a (4-6h) estimate',
    text: L(...HEAD, DESIR, '**Achievement 1.1**: Parallel Discovery Prompt Created (4-6h)'),
    expected: [['1.1', 'Parallel Discovery Prompt Created']],
  },
  {
    name: 'B1 with a dash separator',
    text: L(...HEAD, DESIR, '**Achievement 1.1** - Dash Title'),
    expected: [['1.1', 'Dash Title']],
  },
  {
    name: 'B1 with an empty title falls back to "Achievement X.Y"',
    text: L(...HEAD, DESIR, '**Achievement 1.2**:'),
    expected: [['1.2', 'Achievement 1.2']],
  },
  {
    name: 'B1 with an inline status tail',
    text: L(...HEAD, DESIR, '**Achievement 2.0**: Metrics Export - Status: ✅ COMPLETE'),
    expected: [['2.0', 'Metrics Export']],
  },
  {
    name: 'B2 bold whole, ⏱️ estimate after the bold',
    text: L(...HEAD, DESIR, '**Achievement 3.2: Documentation and Examples Created** ⏱️ 2-3 hours'),
    expected: [['3.2', 'Documentation and Examples Created']],
  },
  {
    name: 'B2 without a tail (GRAPHRAG-VALIDATION)',
    text: L(...HEAD, DESIR, '**Achievement 0.1: Test Environment Prepared**', '', '**Achievement 1.1: Extraction Stage Validated**'),
    expected: [['0.1', 'Test Environment Prepared'], ['1.1', 'Extraction Stage Validated']],
  },
  {
    name: 'B2 with leading ⏳ and trailing ← **NEXT** [REVISED …]',
    text: L(...HEAD, DESIR, '⏳ **Achievement 2.1: Extract Interactive Menu Module** ← **NEXT** [REVISED 2025-11-11]'),
    expected: [['2.1', 'Extract Interactive Menu Module']],
  },
  {
    name: 'B2 with leading ⏳ and ← **START HERE**',
    text: L(...HEAD, DESIR, '⏳ **Achievement 0.1: Transformation Logging Infrastructure Created** ← **START HERE**'),
    expected: [['0.1', 'Transformation Logging Infrastructure Created']],
  },
  {
    name: 'B3 bold + (Added: date): with no title',
    text: L(...HEAD, DESIR, '**Achievement 8.5** (Added: 2025-11-06):'),
    expected: [['8.5', 'Achievement 8.5']],
  },
  {
    name: 'B3 bold + (Added: date): Title',
    text: L(...HEAD, DESIR, '**Achievement 8.5** (Added: 2025-11-06): Real Title'),
    expected: [['8.5', 'Real Title']],
  },
  {
    name: 'H heading inside the achievements section',
    text: L(...HEAD, DESIR, '### Achievement 1.1: Parallel Discovery Prompt Created', 'body'),
    expected: [['1.1', 'Parallel Discovery Prompt Created']],
  },
  {
    name: 'H heading with ✅ (§1.5 c)',
    text: L(...HEAD, DESIR, '### Achievement 0.1: Setup ✅', '### Achievement 0.2: Build'),
    expected: [['0.1', 'Setup'], ['0.2', 'Build']],
  },
  {
    name: '3-level ids (ENTITY-RESOLUTION-REFACTOR)',
    text: L(...HEAD, DESIR, '**Achievement 3.5**: Parent', '**Achievement 3.5.1**: One', '**Achievement 3.5.2**: Two', '### Achievement 3.5.3: Three'),
    expected: [['3.5', 'Parent'], ['3.5.1', 'One'], ['3.5.2', 'Two'], ['3.5.3', 'Three']],
  },
  {
    name: 'two-digit parts',
    text: L(...HEAD, DESIR, '**Achievement 1.10**: Ten', '**Achievement 10.2**: Big'),
    expected: [['1.10', 'Ten'], ['10.2', 'Big']],
  },
  {
    name: 'ranges and conjunctions in prose are not definitions',
    text: L(
      ...HEAD,
      DESIR,
      '**Achievement 1.1**: Real',
      'Achievement 2.1-2.3 are covered later.',
      'Achievements 1.1-1.7 complete',
      '**Achievement 2.2/2.3**: combined',
      '**Achievement 0.1 + 0.3**: merged',
      '**Achievement 1.1, 1.3**: listed',
      'See Achievement 2.2/2.3 and 0.1 + 0.3.',
    ),
    expected: [['1.1', 'Real']],
  },
  {
    name: 'summary forms (L1, L2, L3, C1, N1, table row) are not definitions',
    text: L(
      ...HEAD,
      DESIR,
      '**Achievement 1.1**: Real',
      '- Achievement 1.4: list',
      '- ✅ Achievement 1.5: done list',
      '- **Achievement 1.6**: bold list',
      '- [ ] **Achievement 1.7** - checkbox',
      '1. **Achievement 1.8: numbered** (1h)',
      '| Achievement 1.9 | table |',
    ),
    expected: [['1.1', 'Real']],
  },
  {
    name: 'fake definitions inside fences (``` and ~~~) are ignored',
    text: L(...HEAD, DESIR, '```markdown', '**Achievement 7.7**: fake', '### Achievement 7.8: fake heading', '```', '~~~', '**Achievement 7.9**: fake', '~~~', '**Achievement 1.1**: Real'),
    expected: [['1.1', 'Real']],
  },
  {
    name: 'definitions outside "Desirable Achievements" are ignored when that section exists',
    text: L(
      ...HEAD,
      '## Summary',
      '**Achievement 9.1**: before',
      DESIR,
      '**Achievement 1.1**: Real',
      '## 🔄 Subplan Tracking',
      '### Achievement 1.1: Parallel Discovery Prompt Created',
      '**Achievement 9.2**: after',
    ),
    expected: [['1.1', 'Real']],
  },
  {
    name: '"Desirable Achievements (Priority Order)" heading variant',
    text: L(...HEAD, '## 📋 Desirable Achievements (Priority Order)', '**Achievement 0.1**: A', '## Other', '**Achievement 9.9**: B'),
    expected: [['0.1', 'A']],
  },
  {
    name: '"## 📋 Achievements" (LLM-DASHBOARD-CLI) is an achievements section',
    text: L(...HEAD, '## 📋 Achievements', '**Achievement 0.1**: A', '## Other', '**Achievement 9.9**: B'),
    expected: [['0.1', 'A']],
  },
  {
    name: 'Index, Addition Log and Completed sections are not definition sections',
    text: L(
      ...HEAD,
      DESIR,
      '**Achievement 0.1**: A',
      '## 📋 Achievement Index',
      '**Achievement 0.1**: A',
      '## Achievement Addition Log',
      '**Achievement 0.2**: B',
      '## Completed Achievements',
      '**Achievement 0.3**: C',
    ),
    expected: [['0.1', 'A']],
  },
  {
    name: 'a ### heading that is not an achievement ends nothing inside the section (defs under Priority groups)',
    text: L(...HEAD, DESIR, '### Priority 0: CRITICAL', '**Achievement 0.1**: A', '### Priority 1: HIGH', '**Achievement 1.1**: B'),
    expected: [['0.1', 'A'], ['1.1', 'B']],
  },
  {
    name: 'no achievements section: the whole document, B forms only (H headings ignored when B exist)',
    text: L(...HEAD, '## Goal', '**Achievement 1.1**: A', '## Notes', '**Achievement 1.2**: B', '## Subplan Tracking', '### Achievement 5.5: Tracking heading'),
    expected: [['1.1', 'A'], ['1.2', 'B']],
    source: 'definition',
  },
  {
    name: 'no achievements section: fenced fakes still ignored',
    text: L(...HEAD, '## Notes', '```', '**Achievement 9.9**: fake', '```', '**Achievement 1.1**: real'),
    expected: [['1.1', 'real']],
  },
  {
    name: 'achievements section without B/H definitions: falls back to the whole document',
    text: L(...HEAD, DESIR, '- Achievement 1.1: list only', '## Notes', '**Achievement 1.1**: real'),
    expected: [['1.1', 'real']],
  },
  {
    name: 'no definitions: falls back to the Index (forms a and b, checkbox, numbered)',
    text: L(
      ...HEAD,
      '## 📋 Achievement Index',
      '**All Achievements in This Plan** (for sequence reference)',
      '**Priority 0: CRITICAL (done)**',
      '- ✅ Achievement 0.1: Rich Dashboard Framework Setup',
      '- Achievement 0.2: Clipboard Default (--clipboard flag)',
      '- [x] Achievement 0.3: Checkbox',
      '1. ⏳ Achievement 0.4: Numbered',
      '**Progress**: 0/4 achievements complete (0%)',
    ),
    expected: [['0.1', 'Rich Dashboard Framework Setup'], ['0.2', 'Clipboard Default (--clipboard flag)'], ['0.3', 'Checkbox'], ['0.4', 'Numbered']],
    source: 'index',
  },
  {
    name: 'Index form (c) bold entries only: taken from the Index, estimate stripped',
    text: L(...HEAD, '## 📋 Achievement Index', '**Achievement 1.1**: Parallel Discovery Prompt Created (4-6h)', '**Achievement 1.2**: parallel.json Schema Implemented (2-3h)'),
    expected: [['1.1', 'Parallel Discovery Prompt Created'], ['1.2', 'parallel.json Schema Implemented']],
    source: 'index',
  },
  {
    name: 'no B forms and no Index: H headings anywhere',
    text: L(...HEAD, '## Tracking', '### Achievement 0.1: Setup ✅', 'stuff', '### Achievement 0.2: Next'),
    expected: [['0.1', 'Setup'], ['0.2', 'Next']],
    source: 'heading',
  },
  {
    name: '§7.2: no achievement lines → 0 achievements and a warning',
    text: L(...HEAD, '## Goal', 'Nothing here mentions an achievement.'),
    expected: [],
    warnings: ['W-PLAN-NO-ACHIEVEMENTS'],
  },
  {
    name: 'legacy dash-form plan with "Achievement" only in prose → 0',
    text: L('# PLAN: Legacy', 'This plan predates achievements.', 'Achievement tracking was added later.'),
    expected: [],
    warnings: ['W-PLAN-NO-ACHIEVEMENTS'],
  },
];

for (const c of defCases) {
  test(`definitions: ${c.name}`, () => {
    const p = parse(c.text);
    assert.deepEqual(pairs(p), c.expected);
    if (c.source) for (const a of p.achievements) assert.equal(a.source, c.source);
    for (const w of c.warnings ?? []) assert.ok(codes(p).includes(w), `warning ${w} in ${codes(p).join(', ')}`);
    if (c.expected.length > 0) assert.ok(!codes(p).includes('W-PLAN-NO-ACHIEVEMENTS'));
    if (!c.warnings?.includes('W-PLAN-DUPLICATE-ID')) assert.ok(!codes(p).includes('W-PLAN-DUPLICATE-ID'));
  });
}

// Fixed (was a bug): corpus.md A4.3 — ranges ("Achievement 2.1-2.3") must not become definitions. The B2 pattern accepts a dash as
// the id/title separator, so the bold range `**Achievement 2.4-2.6: Filesystem State Management**` (a real corpus line)
// becomes achievement 2.4 titled "2.6: Filesystem State Management", and `**Achievement 0.1-0.4 (Parent PLAN)**:`
// becomes achievement 0.1 titled "0.4 (Parent PLAN)". Expected: neither line defines anything.
test('definitions: a bold range (B2 shape) is not a definition', () => {
  const p = parse(L(...HEAD, DESIR, '**Achievement 1.1**: Real', '**Achievement 2.4-2.6: Filesystem State Management**', '**Achievement 0.1-0.4 (Parent PLAN)**:', '**Achievement 1.1 - 1.3**: spaced range'));
  assert.deepEqual(pairs(p), [['1.1', 'Real']]);
});

// A bold definition whose number is no id is not an achievement, and W-PLAN-BAD-ID says so (it used to vanish).
const badIds: Array<[string, string | null]> = [
  ['**Achievement 1.2.3.4**: Four parts', '1.2.3.4'],
  ['**Achievement 3**: No dot', '3'],
  ['**Achievement 12**', '12'],
  ['**Achievement 1.2.**: Trailing dot', '1.2.'],
  ['**Achievement 4 - Dash separator**', '4'],
  ['- **Achievement 4**: a list item is no definition shape', null],
  ['**Achievement 2.1-2.3**: a range, not a definition', null],
  ['**Achievement 1.1 - 1.3**: spaced range', null],
  ['**Achievement Alpha**: no number at all', null],
  ['The **Achievement 7** badge is prose', null],
];
for (const [line, number] of badIds) {
  test(`definitions: ${JSON.stringify(line)} → ${number ? `W-PLAN-BAD-ID for ${number}` : 'no warning'}`, () => {
    const p = parse(L('# PLAN: X', DESIR, '**Achievement 1.1**: Real', '', line));
    assert.deepEqual(pairs(p), [['1.1', 'Real']]);
    const w = p.warnings.filter((x) => x.code === 'W-PLAN-BAD-ID');
    if (number === null) return assert.equal(w.length, 0, JSON.stringify(w));
    assert.equal(w.length, 1);
    assert.equal(w[0]?.line, 5);
    assert.equal(w[0]?.file, FILE);
    assert.ok(w[0]?.message.includes(`Achievement ${number}, but ${number} is no achievement id`), w[0]?.message);
  });
}

test('definitions: without a Desirable Achievements section, malformed numbers anywhere are reported, not in the Index', () => {
  const p = parse(L('# PLAN: X', '## 📋 Achievement Index', '- **Achievement 9**: listed', '## Goal', '**Achievement 1.1**: A', '**Achievement 1.2.3.4**: B'));
  assert.deepEqual(pairs(p), [['1.1', 'A']]);
  assert.deepEqual(p.warnings.filter((x) => x.code === 'W-PLAN-BAD-ID').map((w) => w.line), [6]);
});

test('definitions: line numbers are 1-based and start/end are 0-based', () => {
  const p = parse(L('# PLAN: X', DESIR, '**Achievement 1.1**: A', 'body', '**Achievement 1.2**: B'));
  const [a, b] = p.achievements;
  assert.ok(a && b);
  assert.deepEqual([a.line, a.start, a.end], [3, 2, 4]);
  assert.deepEqual([b.line, b.start, b.end], [5, 4, 5]);
});

// ---------------------------------------------------------------------------------------------------------------
// De-duplication and Index/definition agreement
// ---------------------------------------------------------------------------------------------------------------
test('duplicate ids: first definition kept, W-PLAN-DUPLICATE-ID names both lines', () => {
  const p = parse(L('# PLAN: X', '## Goal', '**Achievement 1.1**: A', '**Achievement 1.2**: B', '**Achievement 1.1**: dup'));
  assert.deepEqual(pairs(p), [['1.1', 'A'], ['1.2', 'B']]);
  const w = p.warnings.filter((x) => x.code === 'W-PLAN-DUPLICATE-ID');
  assert.equal(w.length, 1);
  assert.equal(w[0]?.severity, 'warning');
  assert.equal(w[0]?.line, 5);
  assert.equal(w[0]?.file, FILE);
  assert.match(w[0]?.message ?? '', /Achievement 1\.1 is defined again at line 5 \(first at line 3\)/);
});

test('duplicate ids in the Index fallback are reported too', () => {
  const p = parse(L('# PLAN: X', '## 📋 Achievement Index', '- ✅ Achievement 0.1: Rich', '- Achievement 0.2: Other', '- ✅ Achievement 0.1: Rich again'));
  assert.deepEqual(pairs(p), [['0.1', 'Rich'], ['0.2', 'Other']]);
  assert.deepEqual(p.indexIds, ['0.1', '0.2']);
  assert.ok(codes(p).includes('W-PLAN-DUPLICATE-ID'));
});

test('§8 item 11 (PARALLEL plan): an Index plus B2 definitions count 9, not 11 — the Index is not double-counted', () => {
  const ids = ['0.1', '1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2'];
  const text = L(
    '# PLAN: Parallel',
    '## 📋 Achievement Index',
    '**All Achievements in This Plan**',
    ...ids.map((id) => `**Achievement ${id}**: Title ${id} (4-6h)`),
    '**Progress**: 0/9 achievements complete (0%)',
    DESIR,
    ...ids.map((id) => `**Achievement ${id}: Title ${id}** ⏱️ 4-6 hours`),
    '## Current Status & Handoff',
    '- **Achievement 1.3**: mentioned again',
    '- **Achievement 2.1**: mentioned again',
  );
  const p = parse(text);
  assert.deepEqual(
    p.achievements.map((a) => a.id),
    ids,
  );
  assert.deepEqual(p.indexIds, ids);
  assert.deepEqual(
    p.achievements.map((a) => a.indexPosition),
    ids.map((_, i) => i),
  );
  assert.ok(!codes(p).includes('W-PLAN-DUPLICATE-ID'));
  assert.ok(!codes(p).includes('W-PLAN-INDEX-MISMATCH'));
});

test('Index vs definitions mismatch → W-PLAN-INDEX-MISMATCH naming both sides', () => {
  const p = parse(L('# PLAN: X', '## 📋 Achievement Index', '- Achievement 0.1: A', '- Achievement 0.3: C', DESIR, '**Achievement 0.1**: A', '**Achievement 0.2**: B'));
  assert.deepEqual(pairs(p), [['0.1', 'A'], ['0.2', 'B']]);
  assert.deepEqual(p.indexIds, ['0.1', '0.3']);
  const w = p.warnings.find((x) => x.code === 'W-PLAN-INDEX-MISMATCH');
  assert.ok(w);
  assert.equal(w.line, 2);
  assert.match(w.message, /only in the Index: 0\.3/);
  assert.match(w.message, /only defined: 0\.2/);
  assert.equal(p.achievements[0]?.indexPosition, 0);
  assert.equal(p.achievements[1]?.indexPosition, undefined);
});

test('no Index → no mismatch warning and no index positions', () => {
  const p = parse(L(...HEAD, DESIR, '**Achievement 0.1**: A'));
  assert.deepEqual(p.indexIds, []);
  assert.equal(p.achievements[0]?.indexPosition, undefined);
  assert.ok(!codes(p).includes('W-PLAN-INDEX-MISMATCH'));
});

// ---------------------------------------------------------------------------------------------------------------
// Priority groups
// ---------------------------------------------------------------------------------------------------------------
const priorityCases: Array<{ name: string; text: string; expected: Record<string, [string, string, number] | null> }> = [
  {
    name: '### Priority N: NAME - annotation',
    text: L(DESIR, '### Priority 0: CRITICAL - Organization & Archive', '**Achievement 0.1**: A', '### Priority 1: HIGH', '**Achievement 1.1**: B'),
    expected: { '0.1': ['0', 'CRITICAL - Organization & Archive', 2], '1.1': ['1', 'HIGH', 4] },
  },
  {
    name: 'fractional priority and emoji on the heading',
    text: L(DESIR, '### 🔴 Priority 3.5: MID', '**Achievement 3.5.1**: A'),
    expected: { '3.5.1': ['3.5', 'MID', 2] },
  },
  {
    name: 'bold priority heading text, dash separator',
    text: L(DESIR, '### **Priority 2 – LOW**', '**Achievement 2.1**: A'),
    expected: { '2.1': ['2', 'LOW', 2] },
  },
  {
    name: 'definitions before the first priority heading have no group',
    text: L(DESIR, '**Achievement 0.1**: A', '### Priority 1: HIGH', '**Achievement 1.1**: B'),
    expected: { '0.1': null, '1.1': ['1', 'HIGH', 3] },
  },
  {
    name: 'a ## Priority heading is not a group',
    text: L('## Priority 1: Top', DESIR, '**Achievement 1.1**: B'),
    expected: { '1.1': null },
  },
  {
    name: 'a priority heading before the achievements section does not leak into it',
    text: L('## Notes', '### Priority 9: Elsewhere', DESIR, '**Achievement 1.1**: B'),
    expected: { '1.1': null },
  },
  {
    name: 'H-form definitions under a priority heading',
    text: L(DESIR, '### Priority 2: NAME', '### Achievement 2.1: A', '### Achievement 2.2: B'),
    expected: { '2.1': ['2', 'NAME', 2], '2.2': ['2', 'NAME', 2] },
  },
];
for (const c of priorityCases) {
  test(`priority groups: ${c.name}`, () => {
    const p = parse(c.text);
    const got: Record<string, [string, string, number] | null> = {};
    for (const a of p.achievements) got[a.id] = a.priority ? [a.priority.number, a.priority.name, a.priority.line] : null;
    assert.deepEqual(got, c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Body fields and efforts of definitions
// ---------------------------------------------------------------------------------------------------------------
test('body fields: `- Key:`, `- **Key**:` and bare `**Key**:` paragraphs; first occurrence wins; URLs are not fields', () => {
  const p = parse(
    L(
      ...HEAD,
      DESIR,
      '**Achievement 1.1**: A',
      '- Effort: 2-3 hours',
      '- **Goal**: Make it work',
      '**Description**: A paragraph field',
      '- **Success Criteria**: all green',
      '- Deliverables: x.ts',
      '- Files: `a.ts`',
      '- See https://example.com/x',
      '- Effort: 9 hours',
      '```',
      '- Purpose: fenced',
      '```',
      '**Achievement 1.2**: B',
      '- Goal: second',
    ),
  );
  const [a, b] = p.achievements;
  assert.ok(a && b);
  assert.deepEqual(a.fields, {
    effort: '2-3 hours',
    goal: 'Make it work',
    description: 'A paragraph field',
    'success criteria': 'all green',
    deliverables: 'x.ts',
    files: '`a.ts`',
  });
  assert.deepEqual(b.fields, { goal: 'second' });
});

const effortOfCases: Array<{ name: string; lines: string[]; expected: [string, number, number] | null }> = [
  { name: '- Effort: 2-3 hours', lines: ['**Achievement 1.1**: A', '- Effort: 2-3 hours'], expected: ['2-3 hours', 2, 3] },
  { name: '- **Effort**: 3-4 hours', lines: ['**Achievement 1.1**: A', '- **Effort**: 3-4 hours'], expected: ['3-4 hours', 3, 4] },
  { name: '**Estimated Effort**: 5h', lines: ['**Achievement 1.1**: A', '**Estimated Effort**: 5h'], expected: ['5h', 5, 5] },
  { name: '**Time**: 30 min', lines: ['**Achievement 1.1**: A', '**Time**: 30 min'], expected: ['30 min', 0.5, 0.5] },
  { name: '⏱️ on a B2 line', lines: ['**Achievement 1.1: A** ⏱️ 4-6 hours'], expected: ['4-6 hours', 4, 6] },
  { name: '(N-Mh) in a B1 title', lines: ['**Achievement 1.1**: A (1-1.5h)'], expected: ['1-1.5h', 1, 1.5] },
  { name: 'no estimate', lines: ['**Achievement 1.1**: A', '- Goal: g'], expected: null },
  { name: 'a number in the title is not an estimate', lines: ['**Achievement 1.1**: Support 3 modes'], expected: null },
  { name: 'an effort line inside a fence is ignored', lines: ['**Achievement 1.1**: A', '```', '- Effort: 8h', '```'], expected: null },
];
for (const c of effortOfCases) {
  test(`achievement effort: ${c.name}`, () => {
    const a = parse(L(...HEAD, DESIR, ...c.lines)).achievements[0];
    assert.ok(a);
    assert.deepEqual(a.effort ? [a.effort.text, a.effort.minHours, a.effort.maxHours] : null, c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// parseEffort
// ---------------------------------------------------------------------------------------------------------------
const effortCases: Array<{ input: string; expected: [string, number, number] | null }> = [
  { input: '2-3 hours', expected: ['2-3 hours', 2, 3] },
  { input: '2–3 hours', expected: ['2–3 hours', 2, 3] },
  { input: '1 hour', expected: ['1 hour', 1, 1] },
  { input: '4-6h', expected: ['4-6h', 4, 6] },
  { input: '(4-6h)', expected: ['4-6h', 4, 6] },
  { input: '3 hrs', expected: ['3 hrs', 3, 3] },
  { input: '1 hr', expected: ['1 hr', 1, 1] },
  { input: '~1.5h', expected: ['~1.5h', 1.5, 1.5] },
  { input: '~2 hours', expected: ['~2 hours', 2, 2] },
  { input: '1.5-2.5 hours', expected: ['1.5-2.5 hours', 1.5, 2.5] },
  { input: '0.5-1.5h', expected: ['0.5-1.5h', 0.5, 1.5] },
  { input: '2 to 3 hours', expected: ['2 to 3 hours', 2, 3] },
  { input: '30 min', expected: ['30 min', 0.5, 0.5] },
  { input: '90 minutes', expected: ['90 minutes', 1.5, 1.5] },
  { input: '10m', expected: ['10m', 0.17, 0.17] },
  { input: '45m + 30m', expected: ['45m + 30m', 1.25, 1.25] },
  { input: '45m + 30m + 15m', expected: ['45m + 30m + 15m', 1.5, 1.5] },
  { input: '2-3 hours + 1h', expected: ['2-3 hours + 1h', 3, 4] },
  { input: '1 day', expected: ['1 day', 8, 8] },
  { input: '2 days', expected: ['2 days', 16, 16] },
  { input: '3-2h', expected: ['3-2h', 2, 3] },
  { input: '40-48 hours (was 12-18 hours, revised after gap analysis)', expected: ['40-48 hours', 40, 48] },
  { input: '2.5 hours actual, then 1h', expected: ['2.5 hours', 2.5, 2.5] },
  { input: 'none', expected: null },
  { input: '', expected: null },
  { input: 'TBD', expected: null },
  { input: '2 weeks', expected: null },
  { input: '3 modes', expected: null },
];
for (const c of effortCases) {
  test(`parseEffort ${JSON.stringify(c.input)}`, () => {
    const e = parseEffort(c.input);
    assert.deepEqual(e ? [e.text, e.minHours, e.maxHours] : null, c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// cleanTitle
// ---------------------------------------------------------------------------------------------------------------
const titleCases: Array<{ input: string; expected: string }> = [
  { input: 'Extract Handoff Section Function ✅', expected: 'Extract Handoff Section Function' },
  { input: '✅ Done Already', expected: 'Done Already' },
  { input: 'Parallel Discovery Prompt Created (4-6h)', expected: 'Parallel Discovery Prompt Created' },
  { input: 'Title (2-3 hours)', expected: 'Title' },
  { input: 'Title (~1.5h)', expected: 'Title' },
  { input: 'Title (30 min)', expected: 'Title' },
  { input: 'Title ⏱️ 4-6 hours', expected: 'Title' },
  { input: 'Title ⏱ 3h', expected: 'Title' },
  { input: 'Extract Interactive Menu Module** ← **NEXT** [REVISED 2025-11-11]', expected: 'Extract Interactive Menu Module' },
  { input: 'Title ← **START HERE**', expected: 'Title' },
  { input: 'Title [REVISED 2025-11-11]', expected: 'Title' },
  { input: 'Title [UPDATED]', expected: 'Title' },
  { input: 'Title (Added: 2025-11-06)', expected: 'Title' },
  { input: '(Added: 2025-11-06):', expected: '' },
  { input: 'Title (NEW - Gap Fix #1)', expected: 'Title' },
  { input: 'Title ✅ **COMPLETE**', expected: 'Title' },
  { input: 'Title ⚠️ **CRITICAL**', expected: 'Title' },
  { input: 'Title **HIGH**', expected: 'Title' },
  { input: 'Prometheus Metrics Export - Status: ✅ COMPLETE', expected: 'Prometheus Metrics Export' },
  { input: ': Leading colon', expected: 'Leading colon' },
  { input: '  Spaced   out  ', expected: 'Spaced out' },
  { input: 'Complete Remaining Archival', expected: 'Complete Remaining Archival' },
  { input: 'Clipboard Default (--clipboard flag)', expected: 'Clipboard Default (--clipboard flag)' },
  { input: 'Support 3 modes (v2)', expected: 'Support 3 modes (v2)' },
  { input: 'Self-Describing Titles', expected: 'Self-Describing Titles' },
  { input: 'Configuración Inicial 🚀', expected: 'Configuración Inicial' },
];
for (const c of titleCases) {
  test(`cleanTitle ${JSON.stringify(c.input)} → ${JSON.stringify(c.expected)}`, () => {
    assert.equal(cleanTitle(c.input), c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// normalizeStatus (corpus A4.1; §8 item 23)
// ---------------------------------------------------------------------------------------------------------------
const statusCases: Array<{ input: string; expected: PlanStatus }> = [
  { input: '🚀 Ready to Execute', expected: 'active' },
  { input: '✅ **COMPLETE**', expected: 'complete' },
  { input: '✅ Complete', expected: 'complete' },
  { input: 'Complete', expected: 'complete' },
  { input: 'Completed', expected: 'complete' },
  { input: 'Done', expected: 'complete' },
  { input: '✅ ALL 7 ACHIEVEMENTS 100% COMPLETE (0.1, 0.2, 1.1, 1.2, 2.1, 2.2, & 3.1)', expected: 'complete' },
  { input: 'In Progress (Partially Superseded)', expected: 'active' },
  { input: '🚀 In Progress', expected: 'active' },
  { input: '🎯 ACTIVE', expected: 'active' },
  { input: '🎯 Active', expected: 'active' },
  { input: '🎯 Executing', expected: 'active' },
  { input: '📋 Planning', expected: 'planning' },
  { input: 'Planning', expected: 'planning' },
  { input: 'Planning Phase', expected: 'planning' },
  { input: 'Not Started', expected: 'planning' },
  { input: 'Draft', expected: 'planning' },
  { input: 'Paused', expected: 'paused' },
  { input: '⏸️ Paused', expected: 'paused' },
  { input: 'On Hold', expected: 'paused' },
  { input: 'Deferred', expected: 'paused' },
  { input: '', expected: 'unknown' },
  { input: '   ', expected: 'unknown' },
  { input: '✅', expected: 'unknown' },
  { input: 'Something else', expected: 'unknown' },
  { input: 'Incomplete', expected: 'unknown' },
];
for (const c of statusCases) {
  test(`normalizeStatus ${JSON.stringify(c.input)} → ${c.expected}`, () => {
    assert.equal(normalizeStatus(c.input), c.expected);
  });
}

const planStatusCases: Array<{ name: string; line: string; raw: string; expected: PlanStatus }> = [
  { name: 'emoji right after the colon (§8 item 23)', line: '**Status**: 🎯 Active', raw: '🎯 Active', expected: 'active' },
  { name: 'two words (Planning Phase)', line: '**Status**: Planning Phase', raw: 'Planning Phase', expected: 'planning' },
  { name: 'list-item metadata', line: '- **Status**: ✅ Complete', raw: '✅ Complete', expected: 'complete' },
  { name: 'colon inside the bold', line: '**Status:** Paused', raw: 'Paused', expected: 'paused' },
  { name: 'absent', line: '**Created**: 2025-11-13', raw: '', expected: 'unknown' },
];
for (const c of planStatusCases) {
  test(`PLAN status: ${c.name}`, () => {
    const p = parse(L('# PLAN: Foo', c.line, '**Created**: 2025-11-13'));
    assert.deepEqual(p.status, { raw: c.raw, normalized: c.expected });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// completionClaim (secondary text evidence)
// ---------------------------------------------------------------------------------------------------------------
const claimCases: Array<{ input: string; expected: string | undefined }> = [
  { input: '- ✅ Achievement 0.2: Clipboard Default (--clipboard flag)', expected: '0.2' },
  { input: '- ✅ Achievement 0.1 Complete: Create Archive Structure', expected: '0.1' },
  { input: '- ✅ **Achievement 0.1 COMPLETE**: Define Execution Work Taxonomy', expected: '0.1' },
  { input: '**Achievement 0.1 COMPLETE**', expected: '0.1' },
  { input: '- [x] **Achievement 0.1** - Collection Name Compatibility Resolved', expected: '0.1' },
  { input: '- [X] Achievement 1.1', expected: '1.1' },
  { input: '- **Achievement 1.1**: Prometheus Metrics Export - Status: ✅ COMPLETE', expected: '1.1' },
  { input: 'Status: ✅ Complete — Achievement 1.2', expected: '1.2' },
  { input: '- **SUBPLAN_01**: Achievement 0.1 (Extract Handoff Section Function) - Status: ✅ Complete', expected: '0.1' },
  { input: '- SUBPLAN_01: Achievement 0.1 - NORTH_STAR Document Type Formalized - Status: Complete ✅', expected: '0.1' },
  { input: '- [x] **SUBPLAN_X_01**: Achievement 0.1 - Complete', expected: '0.1' },
  { input: 'Achievement 1.1 DONE', expected: '1.1' },
  { input: '- ✅ Achievement 3.5.1: Three levels', expected: '3.5.1' },
  { input: '✅ Achievement 1.1 complete; see Achievement 1.1 notes', expected: '1.1' },
  // NOT claims
  { input: '**Achievement 3.1**: Complete Remaining Archival', expected: undefined },
  { input: 'Achievement 3.1: Complete Remaining Archival', expected: undefined },
  { input: '- [ ] **Achievement 0.1** - Collection Name', expected: undefined },
  { input: '- ⏳ Achievement 2.1: Next thing ✅', expected: undefined },
  { input: '- ⏳ Next: Achievement 3.1 (Create Script)', expected: undefined },
  { input: 'Achievement 1.1 🚧 ✅', expected: undefined },
  { input: 'Achievement 1.1 ❌ ✅', expected: undefined },
  { input: 'Achievement 1.1 ⏸️ ✅', expected: undefined },
  { input: 'Achievement 1.1 ← NEXT ✅', expected: undefined },
  { input: 'Achievement 2.1-2.3 ✅', expected: undefined },
  { input: 'Achievement 1.1 - 1.7 ✅', expected: undefined },
  { input: 'Achievement 2.2/2.3 ✅', expected: undefined },
  { input: 'Achievement 0.1 + 0.3 ✅', expected: undefined },
  { input: '✅ Achievement 1.1 and Achievement 1.2', expected: undefined },
  { input: 'Achievement 1.1 is not complete ✅', expected: undefined },
  { input: 'Achievement 1.1 not yet complete', expected: undefined },
  { input: 'Achievement 1.1 incomplete ✅', expected: undefined },
  { input: 'Achievement 1.1 pending ✅', expected: undefined },
  { input: 'Achievement 1.1 in progress ✅', expected: undefined },
  { input: 'Achievement 1.1 completed later', expected: undefined },
  { input: '✅ ALL 7 ACHIEVEMENTS 100% COMPLETE (0.1, 0.2)', expected: undefined },
  { input: 'Achievements 1.1 ✅', expected: undefined },
  { input: '✅ Everything complete', expected: undefined },
];
for (const c of claimCases) {
  test(`completionClaim ${JSON.stringify(c.input)} → ${c.expected ?? 'none'}`, () => {
    assert.equal(completionClaim(c.input), c.expected);
  });
}

// Fixed (was a bug): corpus.md A4.3 lists `1.1, 1.3` among the conjunctions that are not single-achievement statements, and a line
// naming two ids must not produce a claim. completionClaim('- ✅ Achievement 1.1, 1.3: Both done') returns '1.1'
// (the id list after a comma is not recognised, while `-`, `/` and `+` are). Expected: undefined.
test('completionClaim: a comma conjunction "Achievement 1.1, 1.3" is two ids, not a claim for 1.1', () => {
  assert.equal(completionClaim('- ✅ Achievement 1.1, 1.3: Both done'), undefined);
});

// ---------------------------------------------------------------------------------------------------------------
// textComplete: secondary evidence, per PLAN section
// ---------------------------------------------------------------------------------------------------------------
const defsBlock = [DESIR, '**Achievement 0.1**: A', '**Achievement 0.2**: B', '**Achievement 0.3**: C', '**Achievement 0.4**: D'];
const textCompleteCases: Array<{ name: string; lines: string[]; expected: Record<string, [string, number]> }> = [
  {
    name: 'definition line with ✅',
    lines: [DESIR, '**Achievement 0.1**: A ✅', '**Achievement 0.2**: B'],
    expected: { '0.1': ['definition', 7] },
  },
  {
    name: 'definition line with ✅ **COMPLETE** and **DONE**',
    lines: [DESIR, '**Achievement 0.1**: A ✅ **COMPLETE**', '**Achievement 0.2**: B **DONE**'],
    expected: { '0.1': ['definition', 7], '0.2': ['definition', 8] },
  },
  {
    name: 'a title word "Complete" is not evidence',
    lines: [DESIR, '**Achievement 3.1**: Complete Remaining Archival'],
    expected: {},
  },
  {
    name: 'body `Status:` field',
    lines: [DESIR, '**Achievement 0.1**: A', '- Status: ✅ Complete', '**Achievement 0.2**: B', '- **Status**: Completed', '**Achievement 0.3**: C', '- **Status**: Not complete', '**Achievement 0.4**: D', '- Status: ⏳ Complete soon'],
    expected: { '0.1': ['definition status', 7], '0.2': ['definition status', 9] },
  },
  {
    name: 'Achievement Index ✅ entries',
    lines: ['## 📋 Achievement Index', '- ✅ Achievement 0.1: A', '- Achievement 0.2: B', '- ⏳ Achievement 0.3: C', ...defsBlock],
    expected: { '0.1': ['index', 7] },
  },
  {
    name: 'Current Status & Handoff lines',
    lines: [...defsBlock, '## 📝 Current Status & Handoff (For Pause/Resume)', '**What\'s Done**:', '- ✅ **Achievement 0.2 COMPLETE**: B', '- ⏳ Next: Achievement 0.3'],
    expected: { '0.2': ['handoff', 13] },
  },
  {
    name: 'Subplan Tracking lines',
    lines: [...defsBlock, '## 🔄 Subplan Tracking (Updated During Execution)', '- [x] **SUBPLAN_FOO_03**: Achievement 0.3 - Complete', '  └─ [x] EXECUTION_TASK_03_01: done - Complete (1 iteration)', '- [ ] **SUBPLAN_FOO_04**: Achievement 0.4 - In Progress'],
    expected: { '0.3': ['tracking', 12] },
  },
  {
    name: 'other sections, fenced lines and unknown ids are not evidence',
    lines: [...defsBlock, '## Notes', '- ✅ Achievement 0.1: notes', '## Current Status & Handoff', '```', '- ✅ Achievement 0.2: fenced example', '```', '- ✅ Achievement 9.9: not in this plan'],
    expected: {},
  },
  {
    name: 'the first claim wins (definition before handoff)',
    lines: [DESIR, '**Achievement 0.1**: A ✅', '## Current Status & Handoff', '- ✅ Achievement 0.1: again'],
    expected: { '0.1': ['definition', 7] },
  },
];
for (const c of textCompleteCases) {
  test(`textComplete: ${c.name}`, () => {
    const p = parse(L(...HEAD, ...c.lines));
    const got: Record<string, [string, number]> = {};
    for (const [id, claim] of p.textComplete) {
      assert.equal(claim.id, id);
      assert.equal(claim.text, (p.doc.lines[claim.line - 1] ?? '').trim());
      got[id] = [claim.where, claim.line];
    }
    assert.deepEqual(got, c.expected);
  });
}

test('textComplete: a complete PLAN status claims every achievement not yet claimed', () => {
  const p = parse(L('# PLAN: Foo', '**Status**: ✅ Complete', DESIR, '**Achievement 0.1**: A', '**Achievement 0.2**: B ✅'));
  assert.deepEqual(
    [...p.textComplete.values()].map((c) => [c.id, c.where, c.line]),
    [
      ['0.2', 'definition', 5],
      ['0.1', 'plan status', 2],
    ],
  );
});

test('textComplete: an active PLAN status claims nothing', () => {
  const p = parse(L('# PLAN: Foo', '**Status**: 🚀 In Progress', DESIR, '**Achievement 0.1**: A'));
  assert.equal(p.textComplete.size, 0);
});

// ===============================================================================================================
// Handoff section (§1.6, §7.3, §8 item 10)
// ===============================================================================================================
const handoffCases: Array<{ name: string; text: string; expected: string[] }> = [
  {
    name: 'header with emoji and (For Pause/Resume)',
    text: L('# P', '## 📝 Current Status & Handoff (For Pause/Resume)', 'content', '## After', 'later'),
    expected: ['## 📝 Current Status & Handoff (For Pause/Resume)', 'content'],
  },
  { name: 'plain header', text: L('# P', '## Current Status & Handoff', 'content', '## After'), expected: ['## Current Status & Handoff', 'content'] },
  {
    name: 'extra spaces and emoji',
    text: L('# P', '##  📝  Current Status &  Handoff  ', 'content', '## After'),
    expected: ['##  📝  Current Status &  Handoff  ', 'content'],
  },
  { name: 'lower case', text: L('# P', '## current status & handoff', 'content'), expected: ['## current status & handoff', 'content'] },
  { name: '📋 variant', text: L('# P', '## 📋 Current Status & Handoff', 'content'), expected: ['## 📋 Current Status & Handoff', 'content'] },
  { name: '"and" instead of "&"', text: L('# P', '## 🔄 Current Status and Handoff', 'content'), expected: ['## 🔄 Current Status and Handoff', 'content'] },
  {
    name: 'stops at the next ## heading; later sections excluded',
    text: L('# P', '## Current Status & Handoff', 'a', 'b', '## Later', 'not handoff'),
    expected: ['## Current Status & Handoff', 'a', 'b'],
  },
  { name: 'stops at a # heading', text: L('## Current Status & Handoff', 'a', '# Top', 'b'), expected: ['## Current Status & Handoff', 'a'] },
  {
    name: '[intended, rebuild] ### sub-headings keep their content',
    text: L('# P', '## Current Status & Handoff', '### Overall PLAN Status', '| a | b |', '### What\'s Next', '⏳ Next: Achievement 2.2', '## After', 'x'),
    expected: ['## Current Status & Handoff', '### Overall PLAN Status', '| a | b |', "### What's Next", '⏳ Next: Achievement 2.2'],
  },
  {
    name: '[intended, rebuild] a header inside a fenced example is ignored',
    text: L('# P', '```markdown', '## Current Status & Handoff', '⏳ Next: Achievement 9.9', '```', '## 📝 Current Status & Handoff', '⏳ Next: Achievement 1.4', '## End'),
    expected: ['## 📝 Current Status & Handoff', '⏳ Next: Achievement 1.4'],
  },
  {
    name: 'a fenced block inside the handoff does not end it',
    text: L('# P', '## Current Status & Handoff', '```', '## not a heading', '```', 'after fence', '## End'),
    expected: ['## Current Status & Handoff', '```', '## not a heading', '```', 'after fence'],
  },
  { name: 'handoff at the end of the file', text: L('# P', '## Current Status & Handoff', 'last line'), expected: ['## Current Status & Handoff', 'last line'] },
  { name: 'no header → none', text: L('# P', 'text'), expected: [] },
  { name: 'only a fenced header → none', text: L('# P', '```', '## Current Status & Handoff', 'x', '```'), expected: [] },
  { name: 'empty PLAN → none', text: '', expected: [] },
  { name: 'prose mentioning "Current Status & Handoff" is not a header', text: L('# P', 'Update the Current Status & Handoff section.'), expected: [] },
];
for (const c of handoffCases) {
  test(`handoff: ${c.name}`, () => {
    const p = parse(c.text);
    assert.deepEqual(handoffLines(p), c.expected);
    if (c.expected.length === 0) assert.equal(p.handoff, undefined);
    else {
      assert.ok(p.handoff);
      assert.equal(p.doc.lines[p.handoff.line - 1], c.expected[0]);
      assert.equal(p.handoff.end - p.handoff.start, c.expected.length - 1);
    }
  });
}

const emptyHandoffCases: Array<{ name: string; text: string }> = [
  { name: 'header directly followed by another ## → no content', text: L('# P', '## Current Status & Handoff', '## Later', 'x') },
  { name: 'header, --- then ## → no content', text: L('# P', '## Current Status & Handoff', '---', '## Later', 'x') },
  { name: 'header, blank, ***, blank then ## → no content', text: L('# P', '## Current Status & Handoff', '', '***', '', '## Later') },
];
for (const c of emptyHandoffCases) {
  test(`handoff: ${c.name} (content lines are empty or rules only)`, () => {
    const p = parse(c.text);
    const content = handoffLines(p)
      .slice(1)
      .filter((l) => !/^\s*(?:-{3,}|\*{3,}|_{3,})?\s*$/.test(l));
    assert.deepEqual(content, []);
    assert.equal(p.next, undefined);
  });
  // Fixed (was a bug): generation.md §7.3 says these cases give no handoff ("→ none"; §1.6: None if empty or only ---/***/___).
  // parsePlan still returns a handoff extent (e.g. {line: 2, start: 2, end: 3} for the `---` case) and handoffLines()
  // returns the bare header ['## Current Status & Handoff'], so prompts.ts (`plan.handoff ? …`) still quotes a
  // "Current Status & Handoff section (1 lines)" with no content. Expected: handoffLines = [] and plan.handoff undefined.
  test(`handoff: ${c.name} → none (no handoff at all)`, () => {
    const p = parse(c.text);
    assert.deepEqual(handoffLines(p), []);
    assert.equal(p.handoff, undefined);
  });
}

test('handoff: the first real header wins when there are two', () => {
  const p = parse(L('# P', '## Current Status & Handoff', 'first', '## 📝 Current Status & Handoff', 'second'));
  assert.deepEqual(handoffLines(p), ['## Current Status & Handoff', 'first']);
});

// ===============================================================================================================
// "Next" pointer (§1.6, §7.3)
// ===============================================================================================================
/** A PLAN whose handoff section holds `lines`, followed by another section. */
const inHandoff = (...lines: string[]) => L('# PLAN: X', '', '## 📝 Current Status & Handoff', ...lines, '', '## Later', 'tail text');

interface NextCase {
  name: string;
  text: string;
  expected: { id: string; from: 'handoff' | 'document'; line?: number } | undefined;
}

const nextCases: NextCase[] = [
  // §7.3 single-line forms
  { name: '⏳ Next: Achievement 0.2 (Data Processing)', text: inHandoff('⏳ Next: Achievement 0.2 (Data Processing)'), expected: { id: '0.2', from: 'handoff', line: 4 } },
  { name: 'Next: Achievement 1.3 (Testing)', text: inHandoff('Next: Achievement 1.3 (Testing)'), expected: { id: '1.3', from: 'handoff' } },
  { name: '**Next**: Achievement 1.2', text: inHandoff('**Next**: Achievement 1.2'), expected: { id: '1.2', from: 'handoff' } },
  { name: "**What's Next**: Achievement 2.2", text: inHandoff("**What's Next**: Achievement 2.2"), expected: { id: '2.2', from: 'handoff' } },
  { name: '⏳ Next: Achievement 2.1 (Test Infrastructure Setup)', text: inHandoff('⏳ Next: Achievement 2.1 (Test Infrastructure Setup)'), expected: { id: '2.1', from: 'handoff' } },
  { name: '⏳ Next: Achievement 1.2 - Curl Test Scripts Created', text: inHandoff('⏳ Next: Achievement 1.2 - Curl Test Scripts Created'), expected: { id: '1.2', from: 'handoff' } },
  { name: 'Next: Achievement 0.1 (Configuración Inicial 🚀)', text: inHandoff('Next: Achievement 0.1 (Configuración Inicial 🚀)'), expected: { id: '0.1', from: 'handoff' } },
  { name: 'Achievement 0.0 → "0.0"', text: inHandoff('Next: Achievement 0.0'), expected: { id: '0.0', from: 'handoff' } },
  { name: 'Achievement 99.99 → "99.99"', text: inHandoff('Next: Achievement 99.99'), expected: { id: '99.99', from: 'handoff' } },
  // forms the reference missed
  { name: '**Next Achievement**: 2.3', text: inHandoff('**Next Achievement**: 2.3'), expected: { id: '2.3', from: 'handoff' } },
  { name: '**Next Achievement**: 3.1 (Create script)', text: inHandoff('**Next Achievement**: 3.1 (Create generate_execution_analysis.py Script)'), expected: { id: '3.1', from: 'handoff' } },
  { name: '**Next Achievement**: Achievement 4.2', text: inHandoff('**Next Achievement**: Achievement 4.2'), expected: { id: '4.2', from: 'handoff' } },
  { name: '⏳ **Achievement 2.1: X** ← **NEXT**', text: inHandoff('⏳ **Achievement 2.1: Extract Interactive Menu Module** ← **NEXT** [REVISED 2025-11-11]'), expected: { id: '2.1', from: 'handoff' } },
  { name: "**What's Next**: Achievement 1.5", text: inHandoff("**What's Next**: Achievement 1.5"), expected: { id: '1.5', from: 'handoff' } },
  { name: '**What’s Next**: Achievement 1.6 (typographic apostrophe)', text: inHandoff('**What’s Next**: Achievement 1.6'), expected: { id: '1.6', from: 'handoff' } },
  { name: '- ⏳ Next: Achievement 3.1 (list item)', text: inHandoff('- ⏳ Next: Achievement 3.1 (Create Script)'), expected: { id: '3.1', from: 'handoff' } },
  { name: '⏳ **Next**: Achievement 4.4', text: inHandoff('⏳ **Next**: Achievement 4.4'), expected: { id: '4.4', from: 'handoff' } },
  { name: '⏳ Achievement 2.4 (hourglass alone)', text: inHandoff('- ⏳ Achievement 2.4: In progress'), expected: { id: '2.4', from: 'handoff' } },
  { name: '3-level id', text: inHandoff('Next: Achievement 3.5.1'), expected: { id: '3.5.1', from: 'handoff' } },
  { name: 'bold label with text before the id', text: inHandoff('**Next**: Review plan… (Achievement 0.1 - Old format)'), expected: { id: '0.1', from: 'handoff' } },
  // handoff beats the rest of the file
  {
    name: 'old section Next vs handoff ⏳ Next → the handoff',
    text: L('# P', '## Old', '**Next**: Something (Achievement 0.1 - Old Section)', '## Current Status & Handoff', '⏳ Next: Achievement 3.3'),
    expected: { id: '3.3', from: 'handoff', line: 5 },
  },
  {
    name: '## Previous Status (0.1) then ## Current Status & Handoff (0.2) → 0.2',
    text: L('# P', '## Previous Status', 'Next: Achievement 0.1', '## Current Status & Handoff', 'Next: Achievement 0.2'),
    expected: { id: '0.2', from: 'handoff', line: 5 },
  },
  {
    name: 'handoff-before-document priority even with a stronger pattern in the document',
    text: L('# P', '⏳ Next: Achievement 9.1', '## Current Status & Handoff', 'Next: Achievement 0.2'),
    expected: { id: '0.2', from: 'handoff' },
  },
  // pattern priority inside the handoff
  {
    name: '**Next**: … (Achievement 0.1 - Old format) then ⏳ Next: Achievement 3.3 → 3.3',
    text: inHandoff('**Next**: Review plan… (Achievement 0.1 - Old format)', '⏳ Next: Achievement 3.3'),
    expected: { id: '3.3', from: 'handoff', line: 5 },
  },
  {
    name: '⏳ Next: Achievement 3.3 … or Achievement 3.4 + **Old Next**: Achievement 0.1 → 3.3',
    text: inHandoff('⏳ Next: Achievement 3.3 … or Achievement 3.4', '**Old Next**: Achievement 0.1'),
    expected: { id: '3.3', from: 'handoff' },
  },
  {
    name: 'Next: Achievement 1.1 on an earlier line loses to ⏳ Next on a later line',
    text: inHandoff('Next: Achievement 1.1', '⏳ Next: Achievement 2.2'),
    expected: { id: '2.2', from: 'handoff' },
  },
  // fallbacks and nothing
  { name: 'no handoff: Next elsewhere in the file', text: L('# P', '## Notes', 'Next: Achievement 1.1 (No handoff section)'), expected: { id: '1.1', from: 'document', line: 3 } },
  { name: 'handoff without any Next → none', text: inHandoff('Working on it.', '**Status**: In Progress'), expected: undefined },
  { name: '"All achievements complete!" → none', text: inHandoff('All achievements complete!'), expected: undefined },
  { name: 'PLAN without achievements or Next → none', text: L('# PLAN: X', '## Goal', 'Do things.'), expected: undefined },
  { name: 'empty PLAN → none', text: '', expected: undefined },
  { name: '**Next Steps**: Achievement 5.5 is not a pointer', text: inHandoff('**Next Steps**: Achievement 5.5'), expected: undefined },
  // fences
  {
    name: 'a pointer inside a fence in the handoff is ignored',
    text: inHandoff('```', '⏳ Next: Achievement 9.9', '```', '**Next**: Achievement 1.2'),
    expected: { id: '1.2', from: 'handoff', line: 7 },
  },
  { name: 'a fenced pointer in the document is ignored', text: L('# P', '```', 'Next: Achievement 9.9', '```'), expected: undefined },
  {
    name: 'a handoff header inside a fence is ignored (its Next too)',
    text: L('# P', '```markdown', '## Current Status & Handoff', '⏳ Next: Achievement 9.9', '```', '## Current Status & Handoff', '⏳ Next: Achievement 1.4', '## End'),
    expected: { id: '1.4', from: 'handoff', line: 7 },
  },
  {
    name: 'a handoff with ### sub-headings keeps its Next',
    text: inHandoff('### Overall PLAN Status', '| Achievement | Status |', '### What\'s Next', '⏳ Next: Achievement 2.2'),
    expected: { id: '2.2', from: 'handoff' },
  },
];
for (const c of nextCases) {
  test(`next pointer: ${c.name}`, () => {
    const n = parse(c.text).next;
    if (c.expected === undefined) {
      assert.equal(n, undefined);
      return;
    }
    assert.ok(n, 'a pointer is found');
    assert.equal(n.id, c.expected.id);
    assert.equal(n.from, c.expected.from);
    if (c.expected.line !== undefined) assert.equal(n.line, c.expected.line);
    assert.ok(n.pattern.length > 0);
  });
}

test('next pointer: CRLF handoff gives the same pointer', () => {
  const lf = inHandoff('⏳ Next: Achievement 0.2 (Data Processing)');
  assert.deepEqual(parse(lf.replace(/\n/g, '\r\n')).next, parse(lf).next);
});

// ===============================================================================================================
// Archive location (§1.6, §7.2, §8 item 12)
// ===============================================================================================================
/** The default archive of the test PLAN (feature from FILE): one folder per feature. */
const DEFAULT_X = defaultArchive(featureFromPlanFile(FILE));
const archiveCases: Array<{ name: string; lines: string[]; expected: string; line?: number }> = [
  { name: '**Archive Location**: ./test-feature/', lines: ['**Archive Location**: ./test-feature/'], expected: './test-feature/', line: 2 },
  { name: '**Archive Location** (when complete): ./my-feature/', lines: ['**Archive Location** (when complete): ./my-feature/'], expected: './my-feature/', line: 2 },
  { name: '[intended, rebuild] backticked documentation/archive/x/ without ./', lines: ['**Archive Location**: `documentation/archive/x/`'], expected: 'documentation/archive/x/' },
  { name: 'bare path without trailing slash gets one', lines: ['**Archive Location**: documentation/archive/x'], expected: 'documentation/archive/x/' },
  { name: 'not bold', lines: ['Archive Location: ./plain/'], expected: './plain/' },
  { name: 'list item, backticked ./y', lines: ['- **Archive Location**: `./y`'], expected: './y/' },
  { name: 'colon inside the bold', lines: ['**Archive Location:** `docs/archive/z/`'], expected: 'docs/archive/z/' },
  { name: 'quoted', lines: ['**Archive Location**: "./quoted/"'], expected: './quoted/' },
  { name: 'mixed case and underscores kept', lines: ['**Archive Location**: ./Upper-Case_Path/'], expected: './Upper-Case_Path/' },
  { name: 'backticked path followed by a note', lines: ['**Archive Location**: `documentation/archive/x/` (after completion)'], expected: 'documentation/archive/x/' },
  {
    name: '## Archive Location section with a backticked path',
    lines: ['## 📦 Archive Location', '', 'Files go to:', '`documentation/archive/feat/`', '## Next'],
    expected: 'documentation/archive/feat/',
    line: 5,
  },
  { name: 'section: a fenced path is skipped', lines: ['## Archive Location', '```', '`documentation/archive/fenced/`', '```', '`real/path/`'], expected: 'real/path/' },
  { name: 'a fenced label is ignored → default', lines: ['```', '**Archive Location**: ./fenced/', '```'], expected: DEFAULT_X },
  { name: 'a placeholder value (TBD) → default', lines: ['**Archive Location**: TBD'], expected: DEFAULT_X },
  { name: 'prose mentioning the words → default', lines: ['The Archive Location is decided later ./nope/'], expected: DEFAULT_X },
  { name: 'absent → ./feature-archive/<FEATURE>/', lines: ['Nothing about archiving.'], expected: './feature-archive/FOO/' },
];
for (const c of archiveCases) {
  test(`archive location: ${c.name}`, () => {
    const p = parse(L('# PLAN: X', ...c.lines));
    assert.equal(p.archive.path, c.expected);
    const isDefault = c.expected === DEFAULT_X;
    assert.equal(p.archive.isDefault, isDefault);
    assert.equal(codes(p).includes('I-PLAN-NO-ARCHIVE'), isDefault);
    if (isDefault) {
      assert.equal(p.archive.line, undefined);
      assert.equal(p.warnings.find((w) => w.code === 'I-PLAN-NO-ARCHIVE')?.severity, 'info');
    }
    if (c.line !== undefined) assert.equal(p.archive.line, c.line);
  });
}

// ===============================================================================================================
// Feature name, title, line count
// ===============================================================================================================
const featureCases: Array<{ file: string; expected: string }> = [
  { file: 'PLAN_MY_COOL_FEATURE.md', expected: 'MY_COOL_FEATURE' },
  { file: 'PLAN_COMPLEX-FEATURE-NAME.md', expected: 'COMPLEX-FEATURE-NAME' },
  { file: '/ws/work-space/plans/X/PLAN_X.md', expected: 'X' },
  { file: 'C:\\ws\\plans\\PLAN_Y.md', expected: 'Y' },
  { file: 'PLAN_PLAN_Z.md', expected: 'PLAN_Z' },
  { file: 'PLAN_A.MD', expected: 'A' },
];
for (const c of featureCases) {
  test(`featureFromPlanFile ${c.file} → ${c.expected}`, () => {
    assert.equal(featureFromPlanFile(c.file), c.expected);
    assert.equal(parse('', c.file).feature, c.expected);
  });
}

const titleOfCases: Array<{ name: string; text: string; expected: string }> = [
  { name: '# PLAN: Title', text: L('# PLAN: Search Index Tool', '## Goal'), expected: 'Search Index Tool' },
  { name: '# PLAN Summary: Title', text: L('# PLAN Summary: Dashboard'), expected: 'Dashboard' },
  { name: 'emoji and bold stripped', text: L('# 🚀 PLAN: **Fast** Thing'), expected: 'PLAN: Fast Thing' },
  { name: 'no # heading → feature name', text: L('## Goal', 'text'), expected: 'FOO' },
  { name: 'a fenced # line is not the title', text: L('```', '# PLAN: Fake', '```', '# PLAN: Real'), expected: 'Real' },
];
for (const c of titleOfCases) {
  test(`title: ${c.name}`, () => {
    assert.equal(parse(c.text).title, c.expected);
  });
}

test('§7.2: total line count is a positive integer equal to the number of lines', () => {
  const p = parse(L('# PLAN: X', 'a', 'b'));
  assert.equal(p.totalLines, 3);
  assert.equal(parse('one line without newline').totalLines, 1);
});

test('metadata: keys lower-cased, first occurrence, emoji kept in values', () => {
  const p = parse(L('# PLAN: X', '**Status**: 🎯 ACTIVE  ', '**Created**: 2025-11-13 21:30 UTC', '**Priority**: High', '**Estimated Effort**: 40-48 hours (was 12-18 hours)'));
  assert.equal(p.metadata.status, '🎯 ACTIVE');
  assert.equal(p.metadata.created, '2025-11-13 21:30 UTC');
  assert.equal(p.metadata.priority, 'High');
  assert.equal(p.metadata['estimated effort'], '40-48 hours (was 12-18 hours)');
});

// ===============================================================================================================
// CRLF = LF
// ===============================================================================================================
const SAMPLE = L(
  '# PLAN: Title Here',
  '**Status**: 🚀 In Progress',
  '**Archive Location**: `documentation/archive/foo/`',
  '',
  '## 📋 Achievement Index',
  '- ✅ Achievement 1.1: A',
  '- Achievement 1.2: B',
  '',
  '## 🎯 Desirable Achievements',
  '### Priority 1: HIGH',
  '**Achievement 1.1**: A ✅',
  '- Effort: 2h',
  '- **Goal**: g',
  '',
  '**Achievement 1.2: B** ⏱️ 4-6 hours',
  '```',
  '**Achievement 9.9**: fake',
  '```',
  '## 📝 Current Status & Handoff',
  '### Sub',
  '⏳ Next: Achievement 1.2',
  '## 🔄 Subplan Tracking',
  '- [x] **SUBPLAN_01**: Achievement 1.1 - Complete',
);

function comparable(p: PlanModel): unknown {
  return {
    ...p,
    doc: { lines: p.doc.lines, fenced: [...p.doc.fenced], headings: p.doc.headings },
    textComplete: [...p.textComplete.entries()],
  };
}

test('CRLF input parses exactly like LF input', () => {
  const lf = parse(SAMPLE);
  const crlf = parse(SAMPLE.replace(/\n/g, '\r\n'));
  assert.deepEqual(comparable(crlf), comparable(lf));
  assert.deepEqual(pairs(lf), [['1.1', 'A'], ['1.2', 'B']]);
  assert.ok(!lf.doc.lines.some((l) => l.includes('\r')));
});

test('CR-only input parses like LF input', () => {
  assert.deepEqual(comparable(parse(SAMPLE.replace(/\n/g, '\r'))), comparable(parse(SAMPLE)));
});

test('sample PLAN: every part of the model', () => {
  const p = parse(SAMPLE);
  assert.equal(p.title, 'Title Here');
  assert.equal(p.feature, 'FOO');
  assert.deepEqual(p.status, { raw: '🚀 In Progress', normalized: 'active' });
  assert.deepEqual(p.indexIds, ['1.1', '1.2']);
  assert.deepEqual(p.archive, { path: 'documentation/archive/foo/', line: 3, isDefault: false });
  assert.deepEqual(p.next, { id: '1.2', line: 21, from: 'handoff', pattern: p.next?.pattern ?? '' });
  assert.deepEqual(p.handoff, { line: 19, start: 19, end: 21 });
  assert.deepEqual(codes(p), []);
  const [a, b] = p.achievements;
  assert.ok(a && b);
  assert.equal(a.effort?.text, '2h');
  assert.equal(b.effort?.text, '4-6 hours');
  assert.equal(a.priority?.name, 'HIGH');
  assert.equal(a.fields.goal, 'g');
  assert.deepEqual(
    [...p.textComplete.values()].map((c) => [c.id, c.where]),
    [['1.1', 'definition']],
  );
});

// ===============================================================================================================
// achievementSection / handoffLines extents (§7.2, §8 item 9)
// ===============================================================================================================
const sectionCases: Array<{ name: string; text: string; id: string; expected: string[] }> = [
  {
    name: '§7.2: definition, 3 lines and --- before the next definition (1–8 lines)',
    text: L(DESIR, '**Achievement 1.1**: A', 'line a', 'line b', 'line c', '---', '**Achievement 1.2**: B', 'x', 'y', 'z'),
    id: '1.1',
    expected: ['**Achievement 1.1**: A', 'line a', 'line b', 'line c', '---'],
  },
  {
    name: '§7.2: no following boundary → all remaining lines (4)',
    text: L(DESIR, '**Achievement 1.1**: A', '**Achievement 1.2**: B', 'x', 'y', 'z'),
    id: '1.2',
    expected: ['**Achievement 1.2**: B', 'x', 'y', 'z'],
  },
  {
    name: 'trailing blank lines are trimmed',
    text: L(DESIR, '**Achievement 1.1**: A', 'body', '', '', '**Achievement 1.2**: B'),
    id: '1.1',
    expected: ['**Achievement 1.1**: A', 'body'],
  },
  {
    name: '§8 item 9: the definition block, not the Index line that precedes it; no leak past ##',
    text: L(
      '# PLAN',
      '## 📋 Achievement Index',
      '**Achievement 1.1**: Title (4-6h)',
      '**Achievement 1.2**: Other (2h)',
      DESIR,
      '### Priority 1: X',
      '**Achievement 1.1: Title** ⏱️ 4-6 hours',
      '**Goal**: g',
      '**Achievement 1.2: Other** ⏱️ 2 hours',
      'b',
      '## Next Section',
      'leak 1',
      'leak 2',
      'leak 3',
      'leak 4',
      'leak 5',
    ),
    id: '1.2',
    expected: ['**Achievement 1.2: Other** ⏱️ 2 hours', 'b'],
  },
  {
    name: 'a B definition ends at ### but keeps #### sub-headings',
    text: L(DESIR, '**Achievement 1.1**: A', '#### Details', 'body', '### Priority 2: Next group', 'after'),
    id: '1.1',
    expected: ['**Achievement 1.1**: A', '#### Details', 'body'],
  },
  {
    name: 'an H definition ends at the next heading of its level',
    text: L(DESIR, '### Achievement 1.1: A', '#### Details', 'body', '### Achievement 1.2: B', 'text'),
    id: '1.1',
    expected: ['### Achievement 1.1: A', '#### Details', 'body'],
  },
  {
    name: 'the last definition ends at the end of the achievements section',
    text: L(DESIR, '**Achievement 1.1**: A', 'body', '## Current Status & Handoff', 'handoff text'),
    id: '1.1',
    expected: ['**Achievement 1.1**: A', 'body'],
  },
  {
    name: 'a fenced block inside the definition stays in it',
    text: L(DESIR, '**Achievement 1.1**: A', '```bash', '# not a heading', '## not a heading either', '```', 'after', '**Achievement 1.2**: B'),
    id: '1.1',
    expected: ['**Achievement 1.1**: A', '```bash', '# not a heading', '## not a heading either', '```', 'after'],
  },
  {
    name: 'Index fallback: the section is the Index line only',
    text: L('# PLAN', '## 📋 Achievement Index', '- Achievement 0.1: A', '- Achievement 0.2: B', 'trailing prose'),
    id: '0.1',
    expected: ['- Achievement 0.1: A'],
  },
];
for (const c of sectionCases) {
  test(`achievementSection: ${c.name}`, () => {
    const p = parse(c.text);
    const a = p.achievements.find((x) => x.id === c.id);
    assert.ok(a, `achievement ${c.id}`);
    assert.equal(achievementSection(p, a), c.expected.join('\n'));
  });
}

test('handoffLines: heading included; [] without a handoff', () => {
  const p = parse(L('# P', '## Current Status & Handoff', 'a', '## X'));
  assert.deepEqual(handoffLines(p), ['## Current Status & Handoff', 'a']);
  assert.deepEqual(p.handoff, { line: 2, start: 2, end: 3 });
  assert.deepEqual(handoffLines(parse(L('# P'))), []);
});

// ===============================================================================================================
// sortIds
// ===============================================================================================================
test('sortIds orders numerically and accepts any iterable', () => {
  assert.deepEqual(sortIds(['2.0', '1.10', '1.2', '3.5.1', '0.1']), ['0.1', '1.2', '1.10', '2.0', '3.5.1']);
  assert.deepEqual(sortIds(new Set(['1.11', '11.1', '1.2'])), ['1.2', '1.11', '11.1']);
  assert.deepEqual(sortIds([]), []);
});
