/**
 * `--check-claims`: derived data that a file stores (hand-written or written by an LLM) compared with what the
 * toolkit computes. Every difference is a W-CLAIMS warning that names the stored value and the computed one.
 *
 *   top level            total_achievements, completed_achievements, remaining_achievements, priorities
 *   critical_path_analysis  sequential_time, parallel_time, time_savings (hours or a share), efficiency_gain,
 *                        critical_path, bottlenecks[0]
 *   parallelization_strategy (seed)  total_sequential_time, total_parallel_time, time_saved, reduction_percentage
 *   achievements[]       status (against the filesystem)
 *   parallel_execution_waves  status, estimated_hours (the longest member), parallelism > 1 with ordered members
 *
 * Stored `blocks` and `parallelizable_with` are always checked (W-BLOCKS, W-PARALLELIZABLE-WITH, load.ts).
 * A "parallel" time is accepted when it matches the critical path or the level-synchronous total.
 */
import { ID_SOURCE } from '../ids.ts';
import { joinPointer } from '../json.ts';
import { fmt, roundPct, type ParallelDiagnostic } from './model.ts';
import type { ParallelAnalysis } from './analysis.ts';
import type { ParallelFile } from './load.ts';
import { maxOf, type Range } from './times.ts';

const EPS = 0.051;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// One stated figure: a number (a minus sign allowed: a negative saving is a claim too) with an optional unit, hours
// optionally followed by minutes ("2 hours 30 minutes", "2h30m", "2 h and 30 min"); minutes alone are hours / 60.
const FIGURE = String.raw`([-−]?\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|%)?(?:\s*(?:and\s+)?(\d+(?:\.\d+)?)\s*(?:m|mins?|minutes?))?`;
const CLAIM = new RegExp(`^\\s*~?\\s*${FIGURE}\\s*(?:(?:-|–|—|to)\\s*${FIGURE})?\\s*(?:\\(.*\\))?\\s*$`, 'i');

function figure(num: string, unit: string | undefined, minutes: string | undefined): number | undefined {
  const n = Number(num.replace('−', '-'));
  const u = (unit ?? '').toLowerCase();
  if (u.startsWith('m')) return minutes === undefined ? n / 60 : undefined;
  if (minutes !== undefined && !u.startsWith('h')) return undefined;
  return minutes === undefined ? n : n + Math.sign(n || 1) * (Number(minutes) / 60);
}

/** `68.5`, `"68.5h"`, `"21-31 hours"`, `"2 hours 30 minutes"`, `"90 min"`, `"-2h"`, `"47.4%"`, `"45-55%"` → a range. */
export function parseClaim(v: unknown): Range | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return { min: v, max: v };
  if (typeof v !== 'string' || v.length > 200) return undefined;
  // Whitespace runs collapsed first: the pattern's adjacent optional spaces stay linear on any input.
  const m = CLAIM.exec(v.replace(/\s+/g, ' '));
  if (!m) return undefined;
  const a = figure(m[1] as string, m[2], m[3]);
  // A range's first bound takes the second's unit when it has none of its own ("2-3 hours", "30-45 min").
  const b = m[4] !== undefined ? figure(m[4], m[5], m[6]) : a;
  const a2 = m[4] !== undefined && m[2] === undefined && m[3] === undefined ? figure(m[1] as string, m[5], undefined) : a;
  if (a2 === undefined || b === undefined) return undefined;
  return { min: Math.min(a2, b), max: Math.max(a2, b) };
}

function matches(claim: Range, actual: Range): boolean {
  // A single stated number is right when it lies within the computed range; a stated range must match both bounds.
  if (claim.min === claim.max) return claim.min >= actual.min - EPS && claim.min <= actual.max + EPS;
  return Math.abs(claim.min - actual.min) <= EPS && Math.abs(claim.max - actual.max) <= EPS;
}

/**
 * The two figures a stated saving or share may hold: hours and a share, each in its own part of the text ("2 hours
 * (33%)", "33% (2 h)", "2h / 33%", "2h-3h (33%)"). A part is read only when it is a figure as a whole, so prose
 * that names other hours ("6h → 4h", "2 of 6 hours") states no hours; a bare number is hours for a saving and a
 * share for a share key.
 */
export function savingFigures(v: unknown, bare: 'hours' | 'share'): { hours?: Range; share?: Range } {
  if (typeof v === 'number') return bare === 'hours' ? { hours: parseClaim(v) as Range } : { share: parseClaim(v) as Range };
  if (typeof v !== 'string') return {};
  const out: { hours?: Range; share?: Range } = {};
  for (const part of v.split(/[()/]/).map((x) => x.trim()).filter(Boolean)) {
    if (part.includes('%')) out.share ??= percentClaim(part);
    else {
      const c = parseClaim(part);
      if (!c) continue;
      if (bare === 'share' && !/\d\s*(?:h|hrs?|hours?)\b/i.test(part)) out.share ??= c;
      else out.hours ??= c;
    }
  }
  return out;
}

/** The share a value states: `33`, `"33%"`, `"30-35%"`, or the `%` figure of `"2 hours (33%)"`. */
export function percentClaim(v: unknown): Range | undefined {
  if (typeof v === 'string') {
    // Whitespace runs collapsed first (the pattern is unanchored: adjacent optional spaces would be quadratic).
    const m = /(\d+(?:\.\d+)?)\s*%?\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%/.exec(v.replace(/\s+/g, ' '));
    if (m) {
      const a = Number(m[1] ?? m[3]);
      const b = Number(m[2] ?? m[3]);
      return { min: Math.min(a, b), max: Math.max(a, b) };
    }
  }
  return parseClaim(v);
}

// An id, not a number of hours ("1.5h", "2.5 hours") nor part of a longer number.
const PATH_ID = new RegExp(`(?<![\\d.])(${ID_SOURCE})(?![\\d]|\\.\\d|\\s*(?:h|hrs?|hours?)\\b)`, 'gi');

/**
 * A stored critical path as its steps, each the achievement ids it names: `["1.1", "1.2"]`, `"1.1 → 1.2"`, or
 * descriptive entries (`"0.2 or 0.3 (2.5h max)"` is one step naming two alternatives). Steps naming no known id
 * are left out; undefined when nothing can be read.
 */
export function pathClaim(v: unknown, known: (id: string) => boolean): string[][] | undefined {
  // A step is a string, or an object naming its achievement ({ "achievement_id": "1.1", "hours": 2 }); notes in
  // parentheses ("(2.5h max)") are no steps.
  const stepText = (x: unknown): string | undefined =>
    typeof x === 'string' ? x : isObject(x) ? [x.achievement_id, x.id].find((y): y is string => typeof y === 'string') : undefined;
  const list = isObject(v) && Array.isArray(v.path) ? v.path : v;
  const entries = typeof list === 'string' ? list.split(/→|->|=>|[,;]/) : Array.isArray(list) ? list.map(stepText).filter((x): x is string => x !== undefined) : [];
  const steps = entries.map((e) => [...e.replace(/\([^)]*\)/g, ' ').matchAll(PATH_ID)].map((m) => m[1] as string).filter(known)).filter((ids) => ids.length > 0);
  return steps.length ? steps : undefined;
}

/** Right when the claim names every achievement of the path and each of its steps names one of them. */
function pathMatches(claim: string[][], path: readonly string[]): boolean {
  const on = new Set(path);
  const named = new Set(claim.flat());
  return path.every((id) => named.has(id)) && claim.every((step) => step.some((id) => on.has(id)));
}

/**
 * Also right: another chain of the same length (the computed path is one of several when lengths tie). The claim
 * must name one id per step, each depending on the one before, and add up to the critical-path length (the
 * longest path: a chain of that length is a critical path).
 */
function isLongestChain(claim: string[][], pf: ParallelFile, cp: Range): boolean {
  if (!claim.every((step) => step.length === 1)) return false;
  const ids = claim.map((step) => step[0] as string);
  let min = 0;
  let max = 0;
  for (let k = 0; k < ids.length; k++) {
    const a = pf.byId.get(ids[k] as string);
    if (!a || (k > 0 && !a.dependencies.includes(ids[k - 1] as string))) return false;
    min += a.hours?.min ?? 0;
    max += a.hours?.max ?? 0;
  }
  return Math.abs(max - cp.max) <= EPS || Math.abs(min - cp.min) <= EPS;
}

function show(r: Range, unit: string): string {
  return r.min === r.max ? `${fmt(r.min)}${unit}` : `${fmt(r.min)}–${fmt(r.max)}${unit}`;
}

export function checkClaims(pf: ParallelFile, an: ParallelAnalysis | undefined): ParallelDiagnostic[] {
  const doc = pf.normalized?.doc;
  if (!doc) return [];
  const out: ParallelDiagnostic[] = [];
  const warn = (pointer: string, message: string, hint: string, achievementId?: string) =>
    out.push(pf.place({ code: 'W-CLAIMS', severity: 'warning', message, pointer, hint, ...(achievementId ? { achievementId } : {}) }));
  // A stated figure that cannot be read is said to be unchecked: silence would read as "correct".
  const unread = (pointer: string, key: string, v: unknown) => {
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) return;
    const shown = typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v) : JSON.stringify(v)?.slice(0, 60) ?? String(v);
    out.push(
      pf.place({
        code: 'I-CLAIMS-UNREAD',
        severity: 'info',
        message: `${key} ${shown} is no figure --check-claims can read: not checked`,
        pointer,
        hint: 'State hours as 6, "6h", "5-7 hours" or "2 hours 30 minutes" and shares as "33%", or delete the stored figure (it is derived).',
      }),
    );
  };
  const t = an?.times;
  const n = pf.achievements.length;
  const seq = t?.sequential;
  const cp = t ? { min: t.criticalPath.min.total, max: t.criticalPath.max.total } : undefined;
  const lvl = t?.levelSynchronous;

  const countClaim = (key: string, actual: number | undefined, what: string) => {
    const v = doc[key];
    if (typeof v !== 'number' || actual === undefined || v === actual) return;
    warn(`/${key}`, `${key} says ${v}, but ${what} is ${actual}`, `Delete "${key}" (it is derived), or correct it to ${actual}.`);
  };
  countClaim('total_achievements', n, 'the number of achievements listed');
  if (an) {
    countClaim('completed_achievements', an.progress.complete, 'the number with an APPROVED file (derived status)');
    countClaim('remaining_achievements', an.progress.total - an.progress.done, 'the number neither complete nor skipped');
  }
  const priorities = new Set(pf.achievements.filter((a) => a.priority !== undefined).map((a) => a.priority));
  if (priorities.size) countClaim('priorities', priorities.size, 'the number of distinct priorities');

  const timeClaims = (base: string, section: Record<string, unknown>, keys: { seq: string[]; par: string[]; saved: string[]; pct: string[] }) => {
    if (!t || !seq || !cp || !lvl) return;
    for (const k of keys.seq) {
      const c = parseClaim(section[k]);
      if (!c) unread(joinPointer(base, k), k, section[k]);
      else if (!matches(c, seq)) {
        warn(joinPointer(base, k), `${k} claims ${show(c, ' h')}, but the estimates add up to ${show(seq, ' h')}`, 'Delete the stored total (analyze_dependencies computes it), or correct it.');
      }
    }
    for (const k of keys.par) {
      const c = parseClaim(section[k]);
      if (!c) unread(joinPointer(base, k), k, section[k]);
      else if (!matches(c, cp) && !matches(c, lvl)) {
        const path = t.criticalPath.max.ids.join(' → ');
        warn(
          joinPointer(base, k),
          `${k} claims ${show(c, ' h')}, but the critical path is ${show(cp, ' h')} (${path}) and the level-synchronous time ${show(lvl, ' h')}`,
          'Delete the stored figure (analyze_dependencies --critical-path computes it), or correct it.',
        );
      }
    }
    const saved = { min: seq.min - cp.min, max: seq.max - cp.max };
    const savedLvl = { min: seq.min - lvl.min, max: seq.max - lvl.max };
    const pct = { min: seq.min ? roundPct((saved.min / seq.min) * 100) : 0, max: seq.max ? roundPct((saved.max / seq.max) * 100) : 0 };
    const pctLvl = { min: seq.min ? roundPct((savedLvl.min / seq.min) * 100) : 0, max: seq.max ? roundPct((savedLvl.max / seq.max) * 100) : 0 };
    const checkPct = (k: string, c: Range) => {
      const near = (r: Range) => Math.abs(c.min - Math.min(r.min, r.max)) <= 1 && Math.abs(c.max - Math.max(r.min, r.max)) <= 1;
      const inside = (r: Range) => c.min === c.max && c.min >= Math.min(r.min, r.max) - 1 && c.min <= Math.max(r.min, r.max) + 1;
      if (!near(pct) && !near(pctLvl) && !inside(pct) && !inside(pctLvl)) {
        warn(joinPointer(base, k), `${k} claims ${show(c, '%')}, but the computed saving is ${show({ min: Math.min(pct.min, pct.max), max: Math.max(pct.min, pct.max) }, '%')}`, 'Delete the stored figure, or correct it.');
      }
    };
    const checkSaved = (k: string, c: Range) => {
      if (!matches(c, saved) && !matches(c, savedLvl)) {
        warn(joinPointer(base, k), `${k} claims ${show(c, ' h')}, but sequential minus critical path is ${show(saved, ' h')}`, 'Delete the stored figure, or correct it.');
      }
    };
    // A saving or a share may state both figures ("2 hours (33%)", "33% (2 h)", "2h / 33%"): each is checked; a
    // bare number is hours for a saving and a share for a share key.
    for (const [k, bare] of [...keys.saved.map((x) => [x, 'hours'] as const), ...keys.pct.map((x) => [x, 'share'] as const)]) {
      const v = section[k];
      const { hours, share } = savingFigures(v, bare);
      if (hours) checkSaved(k, hours);
      if (share) checkPct(k, share);
      if (!hours && !share) unread(joinPointer(base, k), k, v);
    }
  };
  if (isObject(doc.critical_path_analysis)) {
    const cpa = doc.critical_path_analysis;
    timeClaims('/critical_path_analysis', cpa, { seq: ['sequential_time'], par: ['parallel_time'], saved: ['time_savings'], pct: ['efficiency_gain'] });
    if (t) {
      const claim = pathClaim(cpa.critical_path, (id) => pf.byId.has(id));
      const paths = [t.criticalPath.max.ids, t.criticalPath.min.ids];
      if (claim && !paths.some((p) => pathMatches(claim, p)) && !isLongestChain(claim, pf, cp as Range)) {
        const p = t.criticalPath.max;
        warn(
          '/critical_path_analysis/critical_path',
          `critical_path names ${[...new Set(claim.flat())].join(', ')}, but the computed critical path is ${p.ids.join(' → ')} (${show(cp as Range, ' h')})`,
          'Delete the stored path (analyze_dependencies --critical-path computes it), or correct it.',
        );
      }
    }
    if (an && Array.isArray(cpa.bottlenecks) && isObject(cpa.bottlenecks[0])) {
      const claimed = cpa.bottlenecks[0].achievement;
      // Accepted when it is the top one by transitive dependents, by direct dependents, or for the open work.
      const whole = an.planBottlenecks;
      const top = whole[0];
      // maxOf, not Math.max(...): spreading one argument per achievement overflows the stack in a very large plan.
      const maxDirect = maxOf(an.rows.map((r) => r.dependents.length));
      const ok =
        typeof claimed !== 'string' ||
        !top ||
        whole.some((b) => b.id === claimed && b.dependents === top.dependents) ||
        an.byId.get(claimed)?.dependents.length === maxDirect ||
        an.bottlenecks[0]?.id === claimed;
      if (!ok && top) {
        warn('/critical_path_analysis/bottlenecks/0/achievement', `The first bottleneck is stated as ${String(claimed)}, but ${top.id} holds back the most work (${top.dependents} achievements depend on it)`, 'Delete the stored analysis; analyze_dependencies lists bottlenecks.');
      }
    }
  }
  if (isObject(doc.parallelization_strategy)) {
    timeClaims('/parallelization_strategy', doc.parallelization_strategy, { seq: ['total_sequential_time'], par: ['total_parallel_time'], saved: ['time_saved'], pct: ['reduction_percentage'] });
  }

  if (an) {
    for (const a of pf.achievements) {
      const stored = a.stored.status;
      const row = an.byId.get(a.id);
      if (stored === undefined || !row || stored === row.status) continue;
      const proof = row.evidence[0] ? ` (${row.evidence[0].slice(row.evidence[0].lastIndexOf('/') + 1)})` : '';
      warn(joinPointer(a.pointer, 'status'), `Achievement ${a.id}: stored status "${stored}", but the filesystem says ${row.status}${proof}`, 'Delete "status": it is derived (get_parallel_status).', a.id);
    }
  }

  const waves = doc.parallel_execution_waves;
  const waveList: Array<[string, Record<string, unknown>]> = isObject(waves)
    ? Object.entries(waves).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]))
    : Array.isArray(waves)
      ? waves.map((w, k) => [String(k), w] as [string, unknown]).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]))
      : [];
  for (const [name, w] of waveList) {
    const base = joinPointer('/parallel_execution_waves', name);
    const members = Array.isArray(w.achievements) ? w.achievements.filter((x): x is string => typeof x === 'string' && pf.byId.has(x)) : [];
    if (!members.length) continue;
    if (an && typeof w.status === 'string') {
      const st = members.map((m) => an.byId.get(m)?.status);
      const doneN = st.filter((s) => s === 'complete' || s === 'skipped').length;
      const startedN = st.filter((s) => s !== 'not_started').length;
      const actual = doneN === members.length ? 'complete' : startedN === 0 ? 'not_started' : doneN > 0 ? 'partially_complete' : 'in_progress';
      const claimed = w.status;
      const ok = claimed === actual || (claimed === 'in_progress' && actual === 'partially_complete');
      if (!ok) warn(joinPointer(base, 'status'), `Wave ${name} says "${claimed}", but ${doneN} of its ${members.length} achievements are done (${actual})`, 'Delete wave status: it is derived.');
    }
    const wh = parseClaim(w.estimated_hours);
    if (!wh) unread(joinPointer(base, 'estimated_hours'), 'estimated_hours', w.estimated_hours);
    const hs = members.map((m) => pf.byId.get(m)?.hours);
    if (wh && hs.every((h) => h)) {
      const longest = { min: maxOf(hs.map((h) => h?.min ?? 0)), max: maxOf(hs.map((h) => h?.max ?? 0)) };
      const total = { min: hs.reduce((s, h) => s + (h?.min ?? 0), 0), max: hs.reduce((s, h) => s + (h?.max ?? 0), 0) };
      const sequentialWave = typeof w.parallelism === 'number' && w.parallelism <= 1;
      if (!matches(wh, longest) && !(sequentialWave && matches(wh, total))) {
        warn(joinPointer(base, 'estimated_hours'), `Wave ${name} claims ${show(wh, ' h')}, but its longest achievement takes ${show(longest, ' h')}${sequentialWave ? ` (in sequence: ${show(total, ' h')})` : ''}`, 'Delete the stored figure, or correct it.');
      }
    }
    if (typeof w.parallelism === 'number' && w.parallelism > 1) {
      const set = new Set(members);
      const inner = members.flatMap((m) => (pf.byId.get(m)?.dependencies ?? []).filter((d) => set.has(d)).map((d) => `${m}→${d}`));
      if (inner.length) warn(joinPointer(base, 'parallelism'), `Wave ${name} claims parallelism ${w.parallelism}, but its members depend on each other: ${inner.join(', ')}`, 'Split the wave.');
    }
  }
  return out;
}
