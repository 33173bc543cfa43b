/**
 * Helpers of the parallel.json tests: temporary workspaces with a plan, parallel.json text, and spawning the
 * scripts as users run them (`node --import tsx scripts/…`), from any working directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadParallelText, type ParallelFile } from '../scripts/lib/parallel/load.ts';
import { buildGraph, type Graph } from '../scripts/lib/parallel/graph.ts';
import type { ParallelDiagnostic } from '../scripts/lib/parallel/model.ts';
import { tempDir } from './helpers.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS_ROOT = join(REPO, '..', 'shared', 'corpus');
export const GRAPHRAG_DIR = join(CORPUS_ROOT, 'work-space/plans/a_real-use-cases/GRAPHRAG-OBSERVABILITY-VALIDATION');
export const GRAPHRAG = join(GRAPHRAG_DIR, 'parallel.json');
export const AUTOMATION_DIR = join(CORPUS_ROOT, 'work-space/plans/PARALLEL-EXECUTION-AUTOMATION');
export const AUTOMATION = join(AUTOMATION_DIR, 'parallel.json');
export const hasCorpus = existsSync(GRAPHRAG) && existsSync(AUTOMATION);

/** The tsx loader as a file URL, so that scripts run from any working directory. */
export const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function tmp(prefix = 'par-test-'): string {
  return tempDir(prefix);
}

export function write(root: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

export function touch(path: string, seconds: number): void {
  utimesSync(path, seconds, seconds);
}

/** A minimal PLAN the core parses: one priority group, `**Achievement X.Y**: Title` lines with an effort. */
export function planMd(feature: string, ids: string[]): string {
  const lines = [`# PLAN: ${feature}`, '', '**Status**: In Progress', '', '## 🎯 Desirable Achievements', '', '### Priority 1: Core', ''];
  for (const id of ids) lines.push(`**Achievement ${id}**: Work item ${id}`, '', `- Goal: goal of ${id}`, '- Effort: 2-3 hours', '');
  lines.push('## 📝 Current Status & Handoff', '', '**Last Updated**: 2026-01-02', '');
  return lines.join('\n');
}

export interface AchSpec {
  id: string;
  deps?: string[];
  hours?: number | string;
  [k: string]: unknown;
}

/** A canonical-ish parallel.json document. */
export function doc(plan: string, achs: AchSpec[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    plan_name: plan,
    parallelization_level: 'level_3',
    achievements: achs.map(({ id, deps, hours, ...rest }) => ({ achievement_id: id, title: `Work item ${id}`, dependencies: deps ?? [], ...(hours !== undefined ? { estimated_hours: hours } : {}), ...rest })),
    ...extra,
  };
}

/**
 * A workspace with plan `feature` (nested in `group` when given): PLAN, parallel.json and extra files relative to the
 * plan folder. Returns the root and the plan folder.
 */
export function workspace(feature: string, ids: string[], parallel: unknown, files: Record<string, string> = {}, group?: string): { root: string; dir: string } {
  const root = tmp();
  const dir = join(root, 'work-space', 'plans', ...(group ? [group] : []), feature);
  write(dir, { [`PLAN_${feature}.md`]: planMd(feature, ids), ...(parallel === undefined ? {} : { 'parallel.json': typeof parallel === 'string' ? parallel : JSON.stringify(parallel, null, 2) }), ...files });
  return { root, dir };
}

export function load(value: unknown, opts: { strict?: boolean } = {}): ParallelFile {
  return loadParallelText(typeof value === 'string' ? value : JSON.stringify(value, null, 2), '/mem/parallel.json', opts);
}

export function codes(ds: ParallelDiagnostic[], severity?: 'error' | 'warning' | 'info'): string[] {
  return ds.filter((d) => !severity || d.severity === severity).map((d) => d.code);
}

export function errors(pf: ParallelFile): ParallelDiagnostic[] {
  return pf.diagnostics.filter((d) => d.severity === 'error');
}

export interface Spawned {
  code: number;
  out: string;
  err: string;
}

/** Runs `node --import tsx scripts/<script>.ts …args` as a user would. */
export function cli(script: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Spawned {
  const r = spawnSync(process.execPath, ['--import', TSX, join(REPO, 'scripts', `${script}.ts`), ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Deterministic pseudo-random numbers (LCG), for the graph tests' random cases. */
export function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A random DAG: node k depends on up to `fan` earlier nodes; ids out of file order (rank ties and file order differ). */
export function randomDag(rnd: () => number, n: number, fan: number): Graph {
  const ids = Array.from({ length: n }, (_, k) => `${1 + Math.floor(((k * 7) % n) / 9)}.${1 + (((k * 7) % n) % 9)}`);
  const deps = ids.map((_, k) => [...new Set(Array.from({ length: Math.floor(rnd() * (fan + 1)) }, () => Math.floor(rnd() * k)).filter((d) => d < k))]);
  return buildGraph(ids, deps);
}
