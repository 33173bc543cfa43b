/**
 * Test helpers: temporary workspaces, PLAN text builders, in-process script runs and tree snapshots.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCommand, styles, type CommandDef, type Io, type Main } from '../scripts/lib/cli.ts';

export const CORPUS = new URL('../../shared/corpus/work-space', import.meta.url).pathname;
export const CORPUS_ROOT = dirname(CORPUS);

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A new temporary folder, removed when the test process exits. */
export function tempDir(prefix = 'mt-test-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  made.push(root);
  return root;
}

/** Writes `files` (relative path → content) under a new temporary folder (removed at exit) and returns it. */
export function tempTree(files: Record<string, string | Buffer>): string {
  const root = tempDir();
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** Sets a file's modification time (seconds since epoch). */
export function touch(path: string, seconds: number): void {
  utimesSync(path, seconds, seconds);
}

export interface PlanSpec {
  title?: string;
  status?: string;
  achievements: Array<string | [string, string]>;
  next?: string;
  handoffExtra?: string;
  archive?: string;
  extra?: string;
}

/** A PLAN in the canonical format. Achievements: `'1.1'` or `['1.1', 'Title']`. */
export function planText(spec: PlanSpec): string {
  const lines = [`# PLAN: ${spec.title ?? 'Test Feature'}`, '', `**Status**: ${spec.status ?? 'In Progress'}  `, '**Created**: 2026-01-01  '];
  if (spec.archive) lines.push(`**Archive Location**: \`${spec.archive}\`  `);
  lines.push('', '## 🎯 Desirable Achievements', '', '### Priority 1: CORE - The basics', '');
  for (const a of spec.achievements) {
    const [id, title] = Array.isArray(a) ? a : [a, `Achievement title ${a}`];
    lines.push(`**Achievement ${id}**: ${title}`, '', `- Goal: goal of ${id}`, '- Effort: 2-3 hours', '');
  }
  lines.push('## 📝 Current Status & Handoff (For Pause/Resume)', '', '**Last Updated**: 2026-01-02  ');
  if (spec.next) lines.push('', `⏳ Next: Achievement ${spec.next}`);
  if (spec.handoffExtra) lines.push('', spec.handoffExtra);
  lines.push('', '## 🔄 Subplan Tracking', '', '_No SUBPLANs created yet_', '');
  if (spec.extra) lines.push(spec.extra, '');
  return lines.join('\n');
}

export const COMPLETE = '**Status**: ✅ Complete';

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs a script's main in-process with captured output (no colours unless asked). */
export async function run(def: CommandDef, main: Main, argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<RunResult> {
  let out = '';
  let err = '';
  const color = opts.tty === true;
  const io: Io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    errStyle: styles(color),
    outStyle: styles(color),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    stdoutIsTTY: color,
  };
  const code = await runCommand(def, argv, main, io);
  return { code, out, err };
}

/** Every file under `dir` with size and mtime, to prove a command wrote nothing. */
export function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        try {
          const st = statSync(p);
          out.push(`${p}:${st.size}:${st.mtimeMs}`);
        } catch {
          out.push(`${p}:broken`);
        }
      }
    }
  };
  walk(dir);
  return out.sort();
}
