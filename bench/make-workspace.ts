/**
 * Synthetic work-space generator for the benchmark.
 *
 *   npx tsx bench/make-workspace.ts --plans 1000 --achievements 15 --out DIR [--seed N] [--force]
 *
 * Writes DIR/work-space/plans/<NAME>/… (about 1 plan in 8 inside a grouping folder `a_group-N/`) with document sizes
 * drawn around the medians of the real corpus (corpus.md A1.2/A7: PLAN ~860 lines, SUBPLAN ~280, EXECUTION_TASK ~165,
 * APPROVED ~320, FIX ~310; ~27% blank lines, ~33 bytes a line) and a deterministic mix of states: complete plans,
 * plans part-way through (approved achievements, one FIX round now and then, an active EXECUTION_TASK, a placeholder
 * SUBPLAN containing `[TO BE FILLED`, no SUBPLAN yet, …) and plans not started. All text is synthetic filler.
 *
 * The same --seed gives byte-identical output, and plan i is the same in every workspace size (only its grouping
 * folder may differ). A manifest DIR/.bench-manifest.json records what was written; `ensureWorkspace` reuses a
 * directory whose manifest matches, so bench/run.ts generates each size once.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from './prng.ts';

/** Bump when the generated content changes, so cached workspaces are rebuilt. */
export const GENERATOR_VERSION = 4;
export const MANIFEST = '.bench-manifest.json';

export interface MakeOptions {
  /** Folder that receives `work-space/` (and the manifest). */
  out: string;
  plans?: number;
  achievements?: number;
  seed?: number;
  /** Replace DIR/work-space even when it was not written by this generator. */
  force?: boolean;
}

export interface MakeResult {
  dir: string;
  workspace: string;
  plans: number;
  achievements: number;
  seed: number;
  version: number;
  files: number;
  bytes: number;
  /** Files per document kind. */
  kinds: Record<string, number>;
  /** State of each plan's current achievement (or `complete` / `not_started`). */
  states: Record<string, number>;
  groupedPlans: number;
  ms: number;
  reused: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

type Rng = () => number;


function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  return h >>> 0;
}

const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}
/** Log-normal factor with median 1. */
function spread(r: Rng, sigma: number): number {
  const u = Math.max(r(), 1e-9);
  const v = r();
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

// ---------------------------------------------------------------------------------------------------------------
// Filler text (invented vocabulary; nothing copied from the corpus)

const NOUNS = [
  'cache', 'index', 'parser', 'registry', 'ledger', 'handoff', 'snapshot', 'manifest', 'queue', 'resolver', 'folder',
  'template', 'prompt', 'report', 'schema', 'checkpoint', 'digest', 'archive', 'validator', 'pipeline', 'token',
  'fixture', 'boundary', 'budget', 'metric', 'outline', 'header', 'section', 'review', 'loader', 'renderer', 'store',
  'batch', 'cursor', 'window', 'journal', 'marker', 'profile', 'gateway', 'bundle', 'catalog', 'sampler', 'planner',
] as const;
const VERBS = [
  'scan', 'index', 'validate', 'render', 'merge', 'split', 'trace', 'record', 'archive', 'compare', 'resolve', 'load',
  'cache', 'emit', 'refine', 'audit', 'rebuild', 'document', 'measure', 'normalise', 'collect', 'reconcile', 'prune',
  'extract', 'register', 'stabilise', 'harden', 'simplify', 'annotate', 'replay',
] as const;
const ADJS = [
  'stale', 'nested', 'flat', 'partial', 'strict', 'lenient', 'incremental', 'bounded', 'cached', 'verbose', 'compact',
  'deterministic', 'legacy', 'canonical', 'shared', 'isolated', 'optional', 'derived', 'ordered', 'sparse', 'layered',
] as const;
const PHRASES = [
  'before the next review', 'without touching the plan text', 'for every plan folder', 'in a single pass',
  'so that reruns stay cheap', 'when the handoff is out of date', 'across grouping folders', 'behind a feature flag',
  'with a clear error message', 'after the fixture is rebuilt', 'as part of the nightly check', 'under the size limit',
  'once the reviewer signs off', 'while the executor is paused', 'from the command line', 'in the shared helpers',
] as const;
const LOREM = [
  'lorem', 'ipsum', 'dolor', 'amet', 'vexo', 'tarn', 'quill', 'morrow', 'silt', 'brae', 'fennel', 'cobalt', 'umber',
  'larch', 'ossa', 'plinth', 'runnel', 'tessel', 'varn', 'wicket',
] as const;
const SYMBOLS = ['✅', '⏳', '🎯', '📋', '📊', '📝', '⚠️', '🔄', '→', '⭐'] as const;
const NAME_A = ['CACHE', 'INDEX', 'PARSER', 'REPORT', 'PROMPT', 'SCHEMA', 'ARCHIVE', 'METRIC', 'QUEUE', 'LEDGER', 'SEARCH', 'GRAPH', 'TOKEN', 'STAGE'] as const;
const NAME_B = ['LAYER', 'REFACTOR', 'HARDENING', 'MIGRATION', 'CLEANUP', 'OBSERVABILITY', 'VALIDATION', 'AUTOMATION', 'REWRITE', 'TOOLING', 'EXCELLENCE'] as const;
const PRIORITY_NAMES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NICE-TO-HAVE'] as const;
const SECTION_EMOJI = ['🎯', '📋', '📖', '🔧', '📊', '📚', '🧪', '📝', '🔄', '⏱️'] as const;

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function sentence(r: Rng): string {
  const n = r();
  if (n < 0.18) {
    const k = int(r, 5, 11);
    const ws: string[] = [];
    for (let i = 0; i < k; i++) ws.push(pick(r, LOREM));
    return `${cap(ws.join(' '))}.`;
  }
  if (n < 0.3) return `The ${pick(r, ADJS)} ${pick(r, NOUNS)} ${pick(r, VERBS)}s the ${pick(r, NOUNS)} ${pick(r, PHRASES)} ${pick(r, SYMBOLS)}.`;
  return `${cap(pick(r, VERBS))} the ${pick(r, ADJS)} ${pick(r, NOUNS)}${r() < 0.5 ? ` ${pick(r, PHRASES)}` : ''}.`;
}

function title(r: Rng): string {
  return `${cap(pick(r, VERBS))} ${cap(pick(r, ADJS))} ${cap(pick(r, NOUNS))} ${cap(pick(r, NOUNS))}`;
}

/** Pools of ready-made lines; documents pick from them, which keeps generation fast. */
interface Pools {
  para: string[];
  bullet: string[];
  numbered: string[];
  code: string[];
  table: string[];
}

function makePools(seed: number): Pools {
  const r = mulberry32(mix(seed, 0xf111e));
  const para: string[] = [];
  for (let i = 0; i < 4000; i++) {
    let s = sentence(r);
    if (r() < 0.08) s += ` ${sentence(r)}`;
    para.push(s);
  }
  const bullet: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const k = r();
    if (k < 0.35) bullet.push(`- ${sentence(r)}`);
    else if (k < 0.55) bullet.push(`- **${cap(pick(r, NOUNS))}**: ${sentence(r)}`);
    else if (k < 0.7) bullet.push(`- ${pick(r, SYMBOLS)} ${cap(pick(r, ADJS))} ${pick(r, NOUNS)} ${pick(r, VERBS)}ed`);
    else if (k < 0.82) bullet.push(`  - \`scripts/${pick(r, NOUNS)}/${pick(r, ADJS)}_${pick(r, NOUNS)}.ts\``);
    else bullet.push(`- [${r() < 0.6 ? 'x' : ' '}] ${cap(pick(r, VERBS))} the ${pick(r, NOUNS)} ${pick(r, PHRASES)}`);
  }
  const numbered: string[] = [];
  for (let i = 0; i < 500; i++) numbered.push(`${int(r, 1, 9)}. ${sentence(r)}`);
  const code: string[] = [];
  for (let i = 0; i < 800; i++) {
    const k = r();
    if (k < 0.25) code.push(`# ${pick(r, VERBS)} the ${pick(r, NOUNS)}`);
    else if (k < 0.5) code.push(`npx tsx scripts/${pick(r, NOUNS)}.ts --${pick(r, ADJS)} ${pick(r, NOUNS)}`);
    else if (k < 0.75) code.push(`const ${pick(r, NOUNS)} = ${pick(r, VERBS)}(${pick(r, NOUNS)}, { ${pick(r, ADJS)}: true });`);
    else code.push(`├── ${pick(r, NOUNS)}/${pick(r, NOUNS)}.md  ─  ${pick(r, ADJS)}`);
  }
  const table: string[] = [];
  for (let i = 0; i < 400; i++) {
    table.push(`| ${cap(pick(r, NOUNS))} | ${pick(r, SYMBOLS)} ${cap(pick(r, ADJS))} | ${int(r, 1, 99)}% | ${sentence(r).slice(0, 40)} |`);
  }
  return { para, bullet, numbered, code, table };
}

/** Appends about `n` lines of mixed filler (paragraphs, lists, occasionally a table or a fenced block). */
function filler(r: Rng, P: Pools, out: string[], n: number): void {
  let left = n;
  while (left > 0) {
    const k = r();
    if (k < 0.4) {
      const m = Math.min(left, int(r, 1, 2));
      for (let i = 0; i < m; i++) out.push(pick(r, P.para));
      out.push('');
      left -= m + 1;
    } else if (k < 0.8) {
      const m = Math.min(left, int(r, 2, 5));
      for (let i = 0; i < m; i++) out.push(pick(r, P.bullet));
      out.push('');
      left -= m + 1;
    } else if (k < 0.87) {
      const m = Math.min(left, int(r, 2, 5));
      for (let i = 0; i < m; i++) out.push(`${i + 1}.${pick(r, P.numbered).slice(2)}`);
      out.push('');
      left -= m + 1;
    } else if (k < 0.93) {
      const m = Math.min(left, int(r, 2, 6));
      out.push('| Item | State | Done | Note |', '|---|---|---|---|');
      for (let i = 0; i < m; i++) out.push(pick(r, P.table));
      out.push('');
      left -= m + 3;
    } else if (k < 0.97) {
      const m = Math.min(left, int(r, 2, 8));
      out.push(pick(r, ['```bash', '```typescript', '```', '```markdown']));
      for (let i = 0; i < m; i++) out.push(pick(r, P.code));
      out.push('```', '');
      left -= m + 3;
    } else if (k < 0.985) {
      out.push(`**${cap(pick(r, NOUNS))} ${cap(pick(r, NOUNS))}**:`, '');
      left -= 2;
    } else {
      out.push('---', '');
      left -= 2;
    }
  }
}

function heading(r: Rng, level: number, text: string): string {
  return `${'#'.repeat(level)} ${r() < 0.8 ? `${pick(r, SECTION_EMOJI)} ` : ''}${text}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Plan model

type Current = 'no_subplan' | 'placeholder' | 'subplan_ready' | 'active_exec' | 'exec_done' | 'fix' | 'fix_resolution';

interface Ach {
  id: string;
  code: string;
  priority: number;
  title: string;
}

interface PlanSpec {
  index: number;
  name: string;
  title: string;
  achs: Ach[];
  /** Achievements 0..done-1 are approved. */
  done: number;
  /** State of achievement `done` (absent when complete or not started with nothing). */
  current?: Current;
  /** Handoff names an already-approved achievement. */
  staleHandoff: boolean;
  hasIndex: boolean;
  hasTimeEstimates: boolean;
  nextForm: 'hourglass' | 'label';
  planLines: number;
  date: number;
}

function makeAchievements(r: Rng, n: number): Ach[] {
  const per = n <= 40 ? 4 : Math.min(9, Math.ceil(n / 10));
  const out: Ach[] = [];
  for (let i = 0; i < n; i++) {
    const p = Math.floor(i / per);
    const m = (i % per) + 1;
    out.push({ id: `${p}.${m}`, code: `${p}${m}`, priority: p, title: title(r) });
  }
  return out;
}

function planSpec(seed: number, index: number, achievements: number): PlanSpec {
  const r = mulberry32(mix(seed, index + 1));
  const name = `${pick(r, NAME_A)}-${pick(r, NAME_B)}-${String(index + 1).padStart(4, '0')}`;
  const n = Math.max(1, achievements);
  const achs = makeAchievements(r, n);
  const x = r();
  let done: number;
  let current: Current | undefined;
  if (x < 0.05) {
    done = 0;
    current = r() < 0.5 ? undefined : 'placeholder';
  } else if (x < 0.55 || n === 1) {
    done = n;
  } else {
    done = clamp(1 + Math.floor((n - 1) * (1 - r() ** 2)), 1, n - 1);
    const y = r();
    current =
      y < 0.15 ? 'no_subplan' : y < 0.3 ? 'placeholder' : y < 0.4 ? 'subplan_ready' : y < 0.7 ? 'active_exec' : y < 0.8 ? 'exec_done' : y < 0.95 ? 'fix' : 'fix_resolution';
  }
  const planLines = Math.round(clamp(930 * spread(r, 0.4) * (0.55 + (0.45 * n) / 15), 120 + n * 22, 3200));
  return {
    index,
    name,
    title: `${title(r)} (${name.toLowerCase()})`,
    achs,
    done,
    ...(current ? { current } : {}),
    staleHandoff: done > 1 && done < n && r() < 0.06,
    hasIndex: r() < 0.17,
    hasTimeEstimates: r() < 0.2,
    nextForm: r() < 0.7 ? 'hourglass' : 'label',
    planLines,
    date: int(r, 0, 27),
  };
}

const dateOf = (d: number, h = 10): string => `2025-11-${String(1 + (d % 28)).padStart(2, '0')} ${String(h % 24).padStart(2, '0')}:${String((d * 7) % 60).padStart(2, '0')} UTC`;

// ---------------------------------------------------------------------------------------------------------------
// Documents

function planDoc(S: PlanSpec, P: Pools, seed: number): string {
  const r = mulberry32(mix(seed ^ 0x5a5a, S.index));
  const n = S.achs.length;
  const complete = S.done === n;
  const L: string[] = [];
  L.push(`# PLAN: ${S.title}`, '');
  L.push(`**Type**: Implementation  `);
  L.push(`**Status**: ${complete ? '✅ Complete' : S.done === 0 ? 'Planning' : '🚀 In Progress'}  `);
  L.push(`**Priority**: ${pick(r, PRIORITY_NAMES)}  `);
  L.push(`**Created**: ${dateOf(S.date)}  `);
  L.push(`**Goal**: ${pick(r, P.para)}  `);
  L.push(`**Estimated Effort**: ${n * 2}-${n * 3} hours  `, '');
  L.push('---', '');

  // Filler sections before and after the structured ones; their sizes make up the target line count.
  const before = ['Context for LLM Execution', 'Goal', 'Problem Statement', 'Success Criteria', 'Scope Definition', 'GrammaPlan Consideration', 'What to Read'];
  const after = ['Size Limits', 'Achievement Addition Log', 'References & Context'];
  const structural = 40 + n * 24 + (S.hasIndex ? n + 8 : 0) + (S.hasTimeEstimates ? n + 4 : 0) + (S.done + 2) * 1 + 40;
  const budget = Math.max(before.length + after.length, S.planLines - structural);
  const weights = [...before, ...after].map(() => 0.3 + r());
  const wsum = weights.reduce((a, b) => a + b, 0);
  const share = (i: number) => Math.max(2, Math.round((budget * (weights[i] as number)) / wsum));

  before.forEach((h, i) => {
    L.push(heading(r, 2, h), '');
    if (h === 'Scope Definition') {
      L.push('### In Scope', '');
      filler(r, P, L, Math.round(share(i) / 2));
      L.push('### Out of Scope', '');
      filler(r, P, L, Math.round(share(i) / 2));
    } else filler(r, P, L, share(i));
  });

  if (S.hasIndex) {
    L.push('## 📋 Achievement Index', '', '**All Achievements in This Plan** (for sequence reference)', '');
    let p = -1;
    S.achs.forEach((a, i) => {
      if (a.priority !== p) {
        p = a.priority;
        L.push('', `**Priority ${p}: ${PRIORITY_NAMES[Math.min(p, 4)]} (${cap(pick(r, NOUNS))} work)**`);
      }
      L.push(`- ${i < S.done ? '✅ ' : ''}Achievement ${a.id}: ${a.title}`);
    });
    L.push('', '---', '');
  }

  L.push('## 🎯 Desirable Achievements', '');
  let p = -1;
  S.achs.forEach((a, i) => {
    if (a.priority !== p) {
      p = a.priority;
      L.push(`### Priority ${p}: ${PRIORITY_NAMES[Math.min(p, 4)]} - ${cap(pick(r, ADJS))} ${cap(pick(r, NOUNS))} Work`, '');
    }
    const mark = i < S.done && r() < 0.15 ? ' ✅' : '';
    L.push(`**Achievement ${a.id}**: ${a.title}${mark}`, '');
    const lo = int(r, 1, 4);
    L.push(`- Effort: ${lo}-${lo + int(r, 1, 2)} hours`);
    L.push(`- Goal: ${pick(r, P.para)}`);
    L.push('- What:');
    for (let k = int(r, 2, 4); k > 0; k--) L.push(`  ${pick(r, P.bullet)}`);
    L.push('- Deliverables:');
    for (let k = int(r, 1, 3); k > 0; k--) L.push(`  - \`scripts/${pick(r, NOUNS)}/${pick(r, NOUNS)}_${a.code}.ts\``);
    L.push(`- Success: ${pick(r, P.para)}`);
    L.push(`- Tests: ${sentence(r)}`);
    if (r() < 0.3) L.push(`- Dependencies: builds on Achievement ${S.achs[Math.max(0, i - 1)]?.id ?? '0.1'}`);
    L.push('');
    if (r() < 0.25) {
      // A fenced template with a fake heading and a fake achievement: parsers must skip it.
      L.push('```markdown', `# Achievement ${int(r, 7, 9)}.${int(r, 1, 9)}: ${title(r)}`, `**Achievement ${int(r, 7, 9)}.9**: ${sentence(r)}`, `## ${title(r)}`, '```', '');
    }
  });
  L.push('---', '');

  if (S.hasTimeEstimates) {
    L.push('## ⏱️ Time Estimates', '');
    for (const a of S.achs) L.push(`- Achievement ${a.id}: ${int(r, 1, 3)}-${int(r, 4, 6)} hours (${pick(r, NOUNS)})`);
    L.push('', `**Total**: ${n * 2}-${n * 4} hours`, '');
  }

  L.push('## 🔄 Subplan Tracking (Updated During Execution)', '', '**Summary Statistics**:', '');
  const subs = S.done + (S.current && S.current !== 'no_subplan' ? 1 : 0);
  L.push(`- **SUBPLANs**: ${subs} created (${S.done} complete, ${subs - S.done} in progress, ${n - subs} pending)`);
  L.push(`- **EXECUTION_TASKs**: ${S.done} complete`, '');
  S.achs.forEach((a, i) => {
    if (i < S.done) L.push(`- [x] **SUBPLAN_${S.name}_${a.code}**: Achievement ${a.id} - Complete`);
    else if (i === S.done && S.current && S.current !== 'no_subplan') L.push(`- [ ] **SUBPLAN_${S.name}_${a.code}**: Achievement ${a.id} - In Progress`);
  });
  if (subs === 0) L.push('_No SUBPLANs created yet_');
  L.push('', '---', '');

  L.push('## 📝 Current Status & Handoff (For Pause/Resume)', '');
  L.push(`**Last Updated**: ${dateOf(S.date + S.done, 14)}  `);
  if (complete) {
    L.push(`**Status**: ✅ ALL ${n} ACHIEVEMENTS COMPLETE  `, '');
  } else {
    L.push(`**Status**: ${S.done}/${n} achievements complete  `, '');
  }
  if (S.done > 0) {
    L.push("**What's Done**:", '');
    for (let i = 0; i < S.done; i++) L.push(`- ✅ **Achievement ${S.achs[i]?.id} COMPLETE**: ${S.achs[i]?.title}`);
    L.push('');
  }
  if (!complete) {
    const nextIdx = S.staleHandoff ? S.done - 1 : S.done;
    const next = S.achs[nextIdx] as Ach;
    if (S.nextForm === 'hourglass') L.push("**What's Next**:", '', `- ⏳ Next: Achievement ${next.id} (${next.title})`, '');
    else L.push(`**Next Achievement**: ${next.id} (${next.title})`, '');
  }
  L.push('**When Resuming**:', '');
  for (let k = 1; k <= 4; k++) L.push(`${k}. ${sentence(r)}`);
  L.push('', '---', '');

  after.forEach((h, i) => {
    L.push(heading(r, 2, h), '');
    filler(r, P, L, share(before.length + i));
  });
  L.push('## 📦 Archive Location', '', `**Archive Location**: \`documentation/archive/${S.name.toLowerCase()}-nov2025/\``, '');
  return L.join('\n');
}

function subplanDoc(S: PlanSpec, a: Ach, P: Pools, r: Rng, kind: 'done' | 'placeholder' | 'ready' | 'active'): string {
  const L: string[] = [];
  const target = Math.round(clamp(270 * spread(r, 0.35), 97, 968) * (kind === 'placeholder' ? 0.35 : 1));
  const status =
    kind === 'done' ? pick(r, ['✅ Complete', '✅ Complete', 'In Progress', '✅ COMPLETE', 'Complete ✅']) : kind === 'active' ? pick(r, ['🎯 Executing', 'In Progress']) : '📋 Design Phase';
  L.push(`# SUBPLAN: ${a.title}`, '');
  L.push(`**Mother Plan**: PLAN_${S.name}.md  `);
  L.push(`**Achievement Addressed**: Achievement ${a.id} (${a.title})  `);
  L.push(`**Achievement**: ${a.id}  `);
  L.push(`**Status**: ${status}  `);
  L.push(`**Created**: ${dateOf(S.date + Number(a.code), 9)}  `);
  L.push(`**Estimated Effort**: ${int(r, 1, 3)}-${int(r, 4, 5)} hours  `);
  L.push(`**File Location**: \`work-space/plans/${S.name}/subplans/SUBPLAN_${S.name}_${a.code}.md\`  `, '', '---', '');
  const sections = ['Objective', 'What Needs to Be Created', 'Approach', 'Execution Strategy', 'Tests Required', 'Expected Results', 'Success Criteria'];
  const per = Math.max(3, Math.round((target - 30) / (sections.length + (kind === 'done' ? 1 : 0))));
  for (const h of sections) {
    L.push(heading(r, 2, h), '');
    if (kind === 'placeholder') {
      L.push(`[TO BE FILLED BY DESIGNER: ${h.toLowerCase()} for Achievement ${a.id}]`, '');
      filler(r, P, L, Math.max(1, per - 3));
    } else filler(r, P, L, per);
  }
  L.push('## 🔄 Active EXECUTION_TASKs', '');
  if (kind === 'placeholder' || kind === 'ready') {
    L.push(kind === 'placeholder' ? '[TO BE FILLED BY DESIGNER: planned executions]' : '| EXECUTION_TASK | Status | Progress | Notes |', '');
    if (kind === 'ready') L.push('|---|---|---|---|', `| EXECUTION_TASK_${S.name}_${a.code}_01 | Planning | 0% | Ready to start |`, '');
  } else {
    L.push('| EXECUTION_TASK | Status | Progress | Notes |', '|---|---|---|---|');
    L.push(`| EXECUTION_TASK_${S.name}_${a.code}_01 | ${kind === 'done' ? '✅ Complete' : '🚀 In Progress'} | ${kind === 'done' ? 100 : int(r, 10, 90)}% | ${sentence(r).slice(0, 40)} |`, '');
  }
  if (kind === 'done') {
    L.push('## 📝 Execution Results Synthesis', '');
    filler(r, P, L, per);
  }
  return L.join('\n');
}

function executionDoc(S: PlanSpec, a: Ach, P: Pools, r: Rng, exec: string, complete: boolean): string {
  const L: string[] = [];
  const target = Math.round(clamp(157 * spread(r, 0.4), 30, 1442));
  L.push(`# EXECUTION_TASK: ${a.title}`, '');
  L.push(`**Subplan**: SUBPLAN_${S.name}_${a.code}.md  `);
  L.push(`**Mother Plan**: PLAN_${S.name}.md  `);
  L.push(`**Achievement**: ${a.id}  `);
  L.push(`**Execution Number**: ${a.code}_${exec}  `);
  L.push(`**Previous Execution**: ${exec === '01' ? 'N/A' : `EXECUTION_TASK_${S.name}_${a.code}_01.md`}  `);
  L.push('**Circular Debug Flag**: No  ');
  L.push(`**Started**: ${dateOf(S.date + Number(a.code), 11)}  `);
  L.push(`**Status**: ${complete ? pick(r, ['✅ Complete', '✅ Complete', '✅ COMPLETE', 'Complete']) : '🚀 In Progress'}  `);
  if (complete) L.push(`**Completed**: ${dateOf(S.date + Number(a.code), 16)}  `);
  L.push('', '---', '');
  const sections = ['SUBPLAN Context', 'Objective', 'Iteration Log', 'Learning Summary', 'Completion Status'];
  const per = Math.max(3, Math.round((target - 18) / sections.length));
  for (const h of sections) {
    L.push(heading(r, 2, h), '');
    if (h === 'Iteration Log') {
      L.push(`### Iteration 1 - ${dateOf(S.date, 12)}`, '');
      filler(r, P, L, per - 2);
    } else if (h === 'Completion Status') {
      L.push(complete ? '- [x] Deliverables created' : '- [ ] Deliverables created', complete ? '- [x] Tests passing' : '- [ ] Tests passing', '');
      filler(r, P, L, per - 3);
    } else filler(r, P, L, per);
  }
  return L.join('\n');
}

function approvedDoc(a: Ach, P: Pools, r: Rng, d: number): string {
  const L: string[] = [];
  const target = Math.round(clamp(308 * spread(r, 0.35), 38, 682));
  L.push(r() < 0.9 ? `# APPROVED: Achievement ${a.id}` : `# ✅ APPROVED: Achievement ${a.id} - ${a.title}`, '');
  L.push('**Reviewer**: Synthetic Reviewer (bench)  ');
  L.push(`**Review Date**: ${dateOf(d).slice(0, 10)}  `);
  L.push(`**Status**: ${pick(r, ['✅ APPROVED', '✅ APPROVED', '✅ **APPROVED**', '✅ Approved'])}  `, '', '---', '');
  const sections = ['Summary', 'Strengths', 'Deliverables Verified', 'Tests Status', 'Recommendations for Future Work'];
  const per = Math.max(3, Math.round((target - 10) / sections.length));
  for (const h of sections) {
    L.push(heading(r, 2, h), '');
    filler(r, P, L, per);
  }
  return L.join('\n');
}

function fixDoc(a: Ach, P: Pools, r: Rng, d: number): string {
  const L: string[] = [];
  const target = Math.round(clamp(310 * spread(r, 0.2), 158, 394));
  L.push(`# FIX REQUIRED: Achievement ${a.id}`, '');
  L.push('**Reviewer**: Synthetic Reviewer (bench)  ');
  L.push(`**Review Date**: ${dateOf(d).slice(0, 10)}  `);
  L.push('**Status**: ⚠️ NEEDS FIXES  ', '', '---', '');
  const per = Math.max(3, Math.round((target - 20) / 4));
  L.push('## 📋 Summary', '');
  filler(r, P, L, per);
  L.push('## ❌ Issues Found', '', '### Critical Issues', '');
  for (let k = 1; k <= 3; k++) L.push(`${k}. ${sentence(r)} @scripts/${pick(r, NOUNS)}.ts (${k * 12}-${k * 12 + 20})`);
  L.push('', '### Minor Issues', '');
  filler(r, P, L, per);
  L.push('## ✅ What Worked Well', '');
  filler(r, P, L, per);
  L.push('## 🔄 Next Steps', '');
  filler(r, P, L, per);
  return L.join('\n');
}

function resolutionDoc(a: Ach, P: Pools, r: Rng): string {
  const L: string[] = [`# FIX RESOLUTION: Achievement ${a.id}`, '', '**Status**: ✅ FIXES APPLIED  ', '', '## Changes', ''];
  filler(r, P, L, int(r, 40, 120));
  return L.join('\n');
}

function analysisDoc(S: PlanSpec, P: Pools, r: Rng): string {
  const L: string[] = [`# EXECUTION_ANALYSIS: ${S.title} review`, '', `**Purpose**: ${sentence(r)}  `, `**Date**: ${dateOf(S.date).slice(0, 10)}  `, '**Status**: Active  ', ''];
  for (const h of ['Objective', 'Findings', 'Recommendations', 'Related Analyses']) {
    L.push(`## ${h}`, '');
    filler(r, P, L, int(r, 40, 160));
  }
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

function readManifest(dir: string): MakeResult | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as MakeResult;
  } catch {
    return undefined;
  }
}

export function makeWorkspace(opts: MakeOptions): MakeResult {
  const t0 = performance.now();
  const dir = resolve(opts.out);
  const plans = opts.plans ?? 1000;
  const achievements = opts.achievements ?? 15;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(plans) || plans < 1) throw new Error(`--plans must be a positive integer (got ${plans})`);
  if (!Number.isInteger(achievements) || achievements < 1 || achievements > 90) throw new Error(`--achievements must be 1..90 (got ${achievements})`);
  const ws = join(dir, 'work-space');
  if (existsSync(ws)) {
    if (!readManifest(dir) && !opts.force) {
      throw new Error(`${ws} exists and was not written by make-workspace (no ${MANIFEST}); refusing to replace it. Pass --force to replace it.`);
    }
    rmSync(ws, { recursive: true, force: true });
  }
  rmSync(join(dir, MANIFEST), { force: true });
  mkdirSync(ws, { recursive: true });

  const P = makePools(seed);
  const kinds: Record<string, number> = {};
  const states: Record<string, number> = {};
  let files = 0;
  let bytes = 0;
  let groupedPlans = 0;
  const groups = Math.max(1, Math.min(9, Math.round(plans / 150)));
  const write = (file: string, text: string, kind: string): void => {
    writeFileSync(file, text);
    files++;
    bytes += Buffer.byteLength(text);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  };

  for (let i = 0; i < plans; i++) {
    const S = planSpec(seed, i, achievements);
    const grouped = i % 8 === 5;
    if (grouped) groupedPlans++;
    const planDir = grouped ? join(ws, 'plans', `a_group-${1 + (Math.floor(i / 8) % groups)}`, S.name) : join(ws, 'plans', S.name);
    const subDir = join(planDir, 'subplans');
    const exeDir = join(planDir, 'execution');
    const fbDir = join(exeDir, 'feedbacks');
    mkdirSync(planDir, { recursive: true });
    write(join(planDir, `PLAN_${S.name}.md`), planDoc(S, P, seed), 'PLAN');
    const state = S.done === S.achs.length ? 'complete' : S.done === 0 && !S.current ? 'not_started' : (S.current ?? 'no_subplan');
    states[state] = (states[state] ?? 0) + 1;

    const r = mulberry32(mix(seed ^ 0xd0c5, i));
    const needSub = S.done > 0 || (S.current !== undefined && S.current !== 'no_subplan');
    const needExe = S.done > 0 || ['active_exec', 'exec_done', 'fix', 'fix_resolution'].includes(S.current ?? '');
    const needFb = S.done > 0 || S.current === 'fix' || S.current === 'fix_resolution';
    if (needSub) mkdirSync(subDir);
    if (needExe) mkdirSync(exeDir);
    if (needFb) mkdirSync(fbDir);

    for (let k = 0; k < S.done; k++) {
      const a = S.achs[k] as Ach;
      const d = S.date + k;
      write(join(subDir, `SUBPLAN_${S.name}_${a.code}.md`), subplanDoc(S, a, P, r, 'done'), 'SUBPLAN');
      const retry = r() < 0.05;
      write(join(exeDir, `EXECUTION_TASK_${S.name}_${a.code}_01.md`), executionDoc(S, a, P, r, '01', true), 'EXECUTION_TASK');
      if (retry) write(join(exeDir, `EXECUTION_TASK_${S.name}_${a.code}_02.md`), executionDoc(S, a, P, r, '02', true), 'EXECUTION_TASK');
      if (r() < 0.08) {
        write(join(fbDir, `FIX_${a.code}.md`), fixDoc(a, P, r, d), 'FIX');
        if (r() < 0.3) write(join(fbDir, `FIX_${a.code}_RESOLUTION.md`), resolutionDoc(a, P, r), 'FIX_RESOLUTION');
      }
      write(join(fbDir, `APPROVED_${a.code}.md`), approvedDoc(a, P, r, d + 1), 'APPROVED');
    }
    const c = S.achs[S.done];
    if (c && S.current) {
      const sub = join(subDir, `SUBPLAN_${S.name}_${c.code}.md`);
      const exe = join(exeDir, `EXECUTION_TASK_${S.name}_${c.code}_01.md`);
      switch (S.current) {
        case 'no_subplan':
          break;
        case 'placeholder':
          write(sub, subplanDoc(S, c, P, r, 'placeholder'), 'SUBPLAN');
          break;
        case 'subplan_ready':
          write(sub, subplanDoc(S, c, P, r, 'ready'), 'SUBPLAN');
          break;
        case 'active_exec':
          write(sub, subplanDoc(S, c, P, r, 'active'), 'SUBPLAN');
          write(exe, executionDoc(S, c, P, r, '01', false), 'EXECUTION_TASK');
          break;
        case 'exec_done':
          write(sub, subplanDoc(S, c, P, r, 'active'), 'SUBPLAN');
          write(exe, executionDoc(S, c, P, r, '01', true), 'EXECUTION_TASK');
          break;
        case 'fix':
        case 'fix_resolution':
          write(sub, subplanDoc(S, c, P, r, 'active'), 'SUBPLAN');
          write(exe, executionDoc(S, c, P, r, '01', true), 'EXECUTION_TASK');
          write(join(fbDir, `FIX_${c.code}.md`), fixDoc(c, P, r, S.date + S.done), 'FIX');
          if (S.current === 'fix_resolution') write(join(fbDir, `FIX_${c.code}_RESOLUTION.md`), resolutionDoc(c, P, r), 'FIX_RESOLUTION');
          break;
      }
    }
    // A little noise that real plan folders carry: an analysis document, a PLAN-like note that is not a plan.
    if (r() < 0.03) {
      mkdirSync(join(planDir, 'documentation'), { recursive: true });
      write(join(planDir, 'documentation', `EXECUTION_ANALYSIS_${S.name}-REVIEW.md`), analysisDoc(S, P, r), 'OTHER');
    }
    if (r() < 0.01) write(join(planDir, 'PLAN-UPDATE-SUMMARY.md'), `# Plan update summary\n\n${P.para.slice(0, 20).join('\n\n')}\n`, 'OTHER');
  }

  const result: MakeResult = {
    dir,
    workspace: ws,
    plans,
    achievements,
    seed,
    version: GENERATOR_VERSION,
    files,
    bytes,
    kinds,
    states,
    groupedPlans,
    ms: Math.round(performance.now() - t0),
    reused: false,
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** Reuses DIR when its manifest matches the options and generator version; generates it otherwise. */
export function ensureWorkspace(opts: MakeOptions): MakeResult {
  const dir = resolve(opts.out);
  const m = readManifest(dir);
  if (
    m &&
    m.version === GENERATOR_VERSION &&
    m.plans === (opts.plans ?? 1000) &&
    m.achievements === (opts.achievements ?? 15) &&
    m.seed === (opts.seed ?? 1) &&
    existsSync(join(dir, 'work-space', 'plans'))
  ) {
    return { ...m, dir, workspace: join(dir, 'work-space'), reused: true };
  }
  return makeWorkspace(opts);
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): MakeOptions {
  const o: MakeOptions = { out: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = val();
      const n = Number(v);
      if (!Number.isInteger(n)) throw new Error(`${a} expects an integer, got ${v}`);
      return n;
    };
    if (a === '--plans') o.plans = num();
    else if (a === '--achievements') o.achievements = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--out') o.out = val();
    else if (a === '--force') o.force = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write('Usage: npx tsx bench/make-workspace.ts --out DIR [--plans 1000] [--achievements 15] [--seed 1] [--force]\n');
      process.exit(0);
    } else throw new Error(`Unknown argument: ${a}`);
  }
  if (!o.out) throw new Error('--out DIR is required (the workspace is written to DIR/work-space)');
  return o;
}

const fmtMB = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const res = makeWorkspace(parseArgs(process.argv.slice(2)));
    const kinds = Object.entries(res.kinds).map(([k, v]) => `${k} ${v}`).join(', ');
    const states = Object.entries(res.states).map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(
      `Wrote ${res.workspace}\n` +
        `  plans: ${res.plans} × ${res.achievements} achievements (${res.groupedPlans} in grouping folders), seed ${res.seed}\n` +
        `  files: ${res.files.toLocaleString('en-US')}  bytes: ${res.bytes.toLocaleString('en-US')} (${fmtMB(res.bytes)})  in ${(res.ms / 1000).toFixed(1)} s\n` +
        `  kinds: ${kinds}\n  plan states: ${states}\n`,
    );
  } catch (err) {
    process.stderr.write(`make-workspace: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
