/**
 * Benchmark: prints figures and ratios, never asserts on timing.
 *
 *   npm run bench                      # everything (~2-5 min on 2 cores the first time, workspaces are then reused)
 *   npm run bench -- --quick           # sizes 100 and 1,000, fewer runs
 *   npm run bench -- --sizes 100,1000 --runs 15 --scale-runs 3 --skip-cold --rebuild --json out.json
 *
 * a. Cold start: `node dist/bin/generate_prompt.cjs @SEARCH-INDEX --next --json --root examples` against `node -e 0`,
 *    interleaved, after warm-ups; medians and their ratio (goal ≤ 1.4).
 * b. Scale: synthetic workspaces (bench/make-workspace.ts) of 100 / 1,000 / 3,000 plans in bench/.work/ (git-ignored,
 *    reused while the generator version and options match); `generate_completion_status --all --json` wall time
 *    (median), peak RSS (bench/maxrss.cjs), the I/O floor (`cat` of every file, warm cache) and the ratio to it.
 * c. A table and one "goal met / not met" line per goal. Exit 0 either way; exit 1 only when a command fails.
 */
import { childEnv } from './env.ts';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWorkspace, type MakeResult } from './make-workspace.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench', '.work');
const NODE = process.execPath;
/** Bins are relative to ROOT; --dist DIR points them at another build (then the build check is skipped). */
let PROMPT_BIN = 'dist/bin/generate_prompt.cjs';
let STATUS_BIN = 'dist/bin/generate_completion_status.cjs';
const MAXRSS = join(ROOT, 'bench', 'maxrss.cjs');

let CHILD_ENV: NodeJS.ProcessEnv = process.env;

const GOALS = { coldRatio: 1.4, wallMs1000: 3000, rssMiB1000: 300, floorRatio: 3 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Options

interface Options {
  runs: number;
  warmup: number;
  sizes: number[];
  scaleRuns: number;
  achievements: number;
  seed: number;
  cold: boolean;
  scale: boolean;
  rebuild: boolean;
  keepEnv: boolean;
  dist?: string;
  json?: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 15, warmup: 2, sizes: [100, 1000, 3000], scaleRuns: 3, achievements: 15, seed: 1, cold: true, scale: true, rebuild: false, keepEnv: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const num = (min: number): number => {
      const v = val();
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${a} expects an integer ≥ ${min}, got ${v}`);
      return n;
    };
    switch (a) {
      case '--runs':
        o.runs = num(1);
        break;
      case '--warmup':
        o.warmup = num(0);
        break;
      case '--scale-runs':
        o.scaleRuns = num(1);
        break;
      case '--achievements':
        o.achievements = num(1);
        break;
      case '--seed':
        o.seed = num(0);
        break;
      case '--sizes':
        o.sizes = val()
          .split(',')
          .map((s) => Number(s.trim()));
        if (!o.sizes.length || o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError('--sizes expects a list like 100,1000,3000');
        break;
      case '--quick':
        o.sizes = [100, 1000];
        o.runs = 7;
        o.warmup = 1;
        break;
      case '--skip-cold':
        o.cold = false;
        break;
      case '--skip-scale':
        o.scale = false;
        break;
      case '--rebuild':
        o.rebuild = true;
        break;
      case '--json':
        o.json = val();
        break;
      case '--keep-env':
        o.keepEnv = true;
        break;
      case '--dist':
        o.dist = val();
        break;
      case '-h':
      case '--help':
        process.stdout.write(
          'Usage: npm run bench -- [--quick] [--runs 15] [--warmup 2] [--sizes 100,1000,3000] [--scale-runs 3]\n' +
            '                        [--achievements 15] [--seed 1] [--skip-cold] [--skip-scale] [--rebuild] [--keep-env] [--dist DIR] [--json FILE]\n',
        );
        process.exit(0);
      default:
        throw new UsageError(`Unknown argument: ${a} (see --help)`);
    }
  }
  return o;
}

class UsageError extends Error {}

/** A command the bench depends on failed: report its stderr and exit 1. */
class CommandFailed extends Error {
  constructor(
    readonly command: string,
    readonly detail: string,
    readonly stderr: string,
  ) {
    super(`${command}: ${detail}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running and measuring

interface Run {
  ms: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function show(cmd: string, args: string[]): string {
  return [cmd === NODE ? 'node' : cmd, ...args.map((a) => (/[\s'"$]/.test(a) ? `'${a}'` : a))].join(' ');
}

/** Runs a command synchronously and times it (spawn to exit). With `stdoutFile`, stdout goes to that file. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; stdoutFile?: string; cwd?: string } = {}): Run {
  const fd = opts.stdoutFile ? openSync(opts.stdoutFile, 'w') : undefined;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? CHILD_ENV,
    stdio: ['ignore', fd ?? 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (fd !== undefined) closeSync(fd);
  if (r.error) throw new CommandFailed(show(cmd, args), r.error.message, '');
  return { ms, status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Accepts the run when its exit code is allowed and stdout is JSON; else the bench stops with the command's stderr. */
function expectJson(label: string, r: Run, allowed: number[], stdout = r.stdout): unknown {
  if (r.status === null || !allowed.includes(r.status)) {
    throw new CommandFailed(label, r.signal ? `killed by ${r.signal}` : `exit code ${r.status} (expected ${allowed.join(' or ')})`, r.stderr);
  }
  try {
    return JSON.parse(stdout);
  } catch (err) {
    throw new CommandFailed(label, `stdout is not JSON (${(err as Error).message}); first bytes: ${JSON.stringify(stdout.slice(0, 200))}`, r.stderr);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const min = (xs: number[]): number => Math.min(...xs);
const max = (xs: number[]): number => Math.max(...xs);

// ---------------------------------------------------------------------------------------------------------------
// Build

function newestMtime(dir: string, re: RegExp): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) newest = Math.max(newest, newestMtime(p, re));
    } else if (re.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/bin/ when it is missing, older than the sources, or --rebuild is given. Returns why it built. */
function ensureBuild(force: boolean): string | undefined {
  const bins = [PROMPT_BIN, STATUS_BIN].map((b) => join(ROOT, b));
  let why: string | undefined;
  if (force) why = '--rebuild';
  else if (bins.some((b) => !existsSync(b))) why = 'dist/bin/ is missing';
  else {
    const built = Math.min(...bins.map((b) => statSync(b).mtimeMs));
    const src = Math.max(
      newestMtime(join(ROOT, 'scripts'), /\.ts$/),
      newestMtime(join(ROOT, 'plugins'), /\.(ts|json)$/),
      newestMtime(join(ROOT, 'templates'), /./),
      newestMtime(join(ROOT, 'generated'), /\.ts$/),
    );
    if (src > built) why = 'sources are newer than dist/bin/';
  }
  if (!why) return undefined;
  process.stdout.write(`Building dist/bin/ (${why}): npm run build\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = run(npm, ['run', '-s', 'build']);
  if (r.status !== 0) throw new CommandFailed('npm run build', `exit code ${r.status}`, `${r.stdout}${r.stderr}`);
  for (const b of bins) if (!existsSync(b)) throw new CommandFailed('npm run build', `${relative(ROOT, b)} was not produced`, r.stderr);
  return why;
}

// ---------------------------------------------------------------------------------------------------------------
// a. Cold start

interface ColdResult {
  runs: number;
  toolMs: number;
  toolMinMs: number;
  baseMs: number;
  baseMinMs: number;
  ratio: number;
  overheadMs: number;
}

function coldStart(o: Options): ColdResult {
  const tool = [PROMPT_BIN, '@SEARCH-INDEX', '--next', '--json', '--root', 'examples'];
  const base = ['-e', '0'];
  const label = show(NODE, tool);
  const once = (first: boolean): number => {
    const r = run(NODE, tool);
    if (first) expectJson(label, r, [0, 3]);
    else if (r.status !== 0 && r.status !== 3) expectJson(label, r, [0, 3]);
    return r.ms;
  };
  process.stdout.write(`\n[a] Cold start: ${label}  vs  node -e 0  (${o.warmup} warm-up${o.warmup === 1 ? '' : 's'}, ${o.runs} run${o.runs === 1 ? '' : 's'} each, interleaved)\n`);
  once(true);
  for (let i = 1; i < o.warmup; i++) once(false);
  for (let i = 0; i < o.warmup; i++) run(NODE, base);
  const t: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    // Alternate the order so that drift (thermal, other load) hits both sides alike.
    if (i % 2 === 0) {
      t.push(once(false));
      b.push(run(NODE, base).ms);
    } else {
      b.push(run(NODE, base).ms);
      t.push(once(false));
    }
  }
  const res: ColdResult = {
    runs: o.runs,
    toolMs: median(t),
    toolMinMs: min(t),
    baseMs: median(b),
    baseMinMs: min(b),
    ratio: median(t) / median(b),
    overheadMs: median(t) - median(b),
  };
  process.stdout.write(
    `    generate_prompt  median ${fmtMs(res.toolMs)} (min ${fmtMs(res.toolMinMs)})\n` +
      `    node -e 0        median ${fmtMs(res.baseMs)} (min ${fmtMs(res.baseMinMs)})\n` +
      `    ratio ${res.ratio.toFixed(2)}×, the tool's own work ≈ ${fmtMs(res.overheadMs)}\n`,
  );
  return res;
}

// ---------------------------------------------------------------------------------------------------------------
// b. Scale

interface ScaleResult {
  plans: number;
  files: number;
  bytes: number;
  generated: string;
  wallMs: number;
  wallMinMs: number;
  wallRuns: number[];
  rssMiB: number;
  rssMaxMiB: number;
  floorMs: number;
  floorRatio: number;
  perPlanMs: number;
  sanity: string;
  sanityOk: boolean;
}

interface AllJson {
  plans?: Array<{ plan?: string; total?: number; done?: number; complete?: boolean; error?: string }>;
}

function sanityOf(json: unknown, ws: MakeResult): { text: string; ok: boolean } {
  const rows = (json as AllJson).plans;
  if (!Array.isArray(rows)) return { text: 'no "plans" array in the JSON', ok: false };
  const achievements = rows.reduce((s, p) => s + (p.total ?? 0), 0);
  const complete = rows.filter((p) => p.complete === true).length;
  const errors = rows.filter((p) => p.error !== undefined).length;
  const expectAch = ws.plans * ws.achievements;
  const expectComplete = ws.states.complete ?? 0;
  const ok = rows.length === ws.plans && achievements === expectAch && complete === expectComplete && errors === 0;
  const text =
    `plans ${rows.length}/${ws.plans}, achievements ${achievements}/${expectAch}, complete ${complete}/${expectComplete}` + (errors ? `, ${errors} plan errors` : '');
  return { text, ok };
}

function scale(o: Options): ScaleResult[] {
  mkdirSync(WORK, { recursive: true });
  const out: ScaleResult[] = [];
  const rssFile = join(WORK, `maxrss-${process.pid}.txt`);
  try {
    for (const plans of o.sizes) out.push(scaleOne(o, plans, rssFile));
  } finally {
    rmSync(rssFile, { force: true });
  }
  return out;
}

function scaleOne(o: Options, plans: number, rssFile: string): ScaleResult {
  {
    const dir = join(WORK, `ws-${plans}-a${o.achievements}-s${o.seed}`);
    process.stdout.write(`\n[b] ${plans.toLocaleString('en-US')} plans: `);
    const ws = ensureWorkspace({ out: dir, plans, achievements: o.achievements, seed: o.seed });
    const generated = ws.reused ? 'reused' : `generated in ${(ws.ms / 1000).toFixed(1)} s`;
    process.stdout.write(`${ws.files.toLocaleString('en-US')} files, ${fmtMiB(ws.bytes)} (${generated}) in ${relative(ROOT, dir)}/\n`);

    // I/O floor: read every file once with cat, warm cache (one untimed warm read first).
    const catArgs = ['-c', 'find "$1" -type f -print0 | xargs -0 cat > /dev/null', 'sh', ws.workspace];
    const cat = (): number => {
      const r = run('sh', catArgs);
      if (r.status !== 0) throw new CommandFailed('find | xargs cat', `exit code ${r.status}`, r.stderr);
      return r.ms;
    };
    cat();
    const floors: number[] = [];
    for (let i = 0; i < o.scaleRuns; i++) floors.push(cat());

    const args = ['--require', MAXRSS, STATUS_BIN, '--all', '--json', '--root', dir];
    const label = show(NODE, args);
    const stdoutFile = join(WORK, `status-${plans}.json`);
    const env = { ...CHILD_ENV, BENCH_MAXRSS_FILE: rssFile };
    const walls: number[] = [];
    const rss: number[] = [];
    let sanity = { text: '', ok: true };
    for (let i = 0; i < o.scaleRuns; i++) {
      rmSync(rssFile, { force: true });
      const r = run(NODE, args, { env, stdoutFile });
      if (r.status !== 0 && r.status !== 1) expectJson(label, r, [0, 1], '');
      if (i === 0) sanity = sanityOf(expectJson(label, r, [0, 1], readFileSync(stdoutFile, 'utf8')), ws);
      walls.push(r.ms);
      const kib = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim()) : NaN;
      rss.push(kib / 1024);
      process.stdout.write(`    run ${i + 1}: ${fmtMs(r.ms)}, peak RSS ${fmtMiBn(kib / 1024)}\n`);
    }
    const res: ScaleResult = {
      plans,
      files: ws.files,
      bytes: ws.bytes,
      generated,
      wallMs: median(walls),
      wallMinMs: min(walls),
      wallRuns: walls,
      rssMiB: median(rss),
      rssMaxMiB: max(rss),
      floorMs: median(floors),
      floorRatio: median(walls) / median(floors),
      perPlanMs: median(walls) / plans,
      sanity: sanity.text,
      sanityOk: sanity.ok,
    };
    process.stdout.write(
      `    completion_status --all --json: median ${fmtMs(res.wallMs)}, peak RSS ${fmtMiBn(res.rssMiB)}; ` +
        `I/O floor (cat) ${fmtMs(res.floorMs)} → ${res.floorRatio.toFixed(1)}×\n` +
        `    output check: ${res.sanity}${res.sanityOk ? '' : '  ← differs from what was generated'}\n`,
    );
    return res;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

const fmtLoad = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const fmtMiB = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const fmtMiBn = (m: number): string => (Number.isFinite(m) ? `${m.toFixed(0)} MiB` : 'n/a');

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i] as number) : c.padStart(w[i] as number))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

function report(o: Options, cold: ColdResult | undefined, sc: ScaleResult[]): void {
  process.stdout.write('\n== Summary ==\n');
  if (cold) {
    process.stdout.write(
      `\nCold start (median of ${cold.runs}): generate_prompt ${fmtMs(cold.toolMs)}, node -e 0 ${fmtMs(cold.baseMs)}, ratio ${cold.ratio.toFixed(2)}×\n`,
    );
  }
  if (sc.length) {
    const rows = sc.map((s, i) => {
      const prev = sc[i - 1];
      const marginal = prev ? (s.wallMs - prev.wallMs) / (s.plans - prev.plans) : NaN;
      const growth = prev ? `${(s.wallMs / prev.wallMs).toFixed(1)}× for ${(s.plans / prev.plans).toFixed(0)}× plans` : '-';
      return [
        s.plans.toLocaleString('en-US'),
        s.files.toLocaleString('en-US'),
        fmtMiB(s.bytes),
        fmtMs(s.wallMs),
        fmtMs(s.wallMinMs),
        fmtMiBn(s.rssMiB),
        fmtMs(s.floorMs),
        `${s.floorRatio.toFixed(1)}×`,
        s.perPlanMs.toFixed(2),
        Number.isFinite(marginal) ? marginal.toFixed(2) : '-',
        growth,
      ];
    });
    process.stdout.write(
      `\nScale: generate_completion_status --all --json (median of ${o.scaleRuns}; ${o.achievements} achievements a plan)\n` +
        table(['plans', 'files', 'size', 'wall', 'best', 'peak RSS', 'I/O floor', 'vs floor', 'ms/plan', 'marginal ms/plan', 'growth'], rows) +
        '\n',
    );
    const bad = sc.filter((s) => !s.sanityOk);
    if (bad.length) process.stdout.write(`  note: the JSON disagrees with the generated workspace for ${bad.map((s) => s.plans).join(', ')} plans (see "output check" above)\n`);
  }

  process.stdout.write('\nGoals:\n');
  const goal = (name: string, ok: boolean | undefined, detail: string) =>
    process.stdout.write(`  ${ok === undefined ? '–  not measured' : ok ? '✔  goal met    ' : '✘  goal not met'}  ${name}: ${detail}\n`);
  goal('cold start ≤ 1.4× node -e 0', cold ? cold.ratio <= GOALS.coldRatio : undefined, cold ? `${cold.ratio.toFixed(2)}×` : 'skipped');
  const k = sc.find((s) => s.plans === 1000);
  goal('1,000 plans wall ≤ 3 s', k ? k.wallMs <= GOALS.wallMs1000 : undefined, k ? fmtMs(k.wallMs) : 'size 1000 not run');
  goal('1,000 plans peak RSS ≤ 300 MiB', k && Number.isFinite(k.rssMiB) ? k.rssMiB <= GOALS.rssMiB1000 : undefined, k ? fmtMiBn(k.rssMiB) : 'size 1000 not run');
  goal('1,000 plans ≤ 3× the I/O floor', k ? k.floorRatio <= GOALS.floorRatio : undefined, k ? `${k.floorRatio.toFixed(1)}× (${fmtMs(k.wallMs)} vs cat ${fmtMs(k.floorMs)})` : 'size 1000 not run');
}

// ---------------------------------------------------------------------------------------------------------------

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `methodology-toolkit bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores (${cpu.trim()}), ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}, load average ${fmtLoad()}\n`,
  );
  const busy = loadavg()[0] ?? 0;
  if (busy > cpus().length * 0.5) {
    process.stdout.write(`Note: the machine is busy (1-minute load ${busy.toFixed(2)} on ${cpus().length} cores); expect noisy figures, compare the "best" column.\n`);
  }
  const { env: childEnvironment, removed } = childEnv(o.keepEnv);
  CHILD_ENV = childEnvironment;
  if (removed.length) process.stdout.write(`Children run without ${removed.join(', ')} (it slows every node start-up; --keep-env keeps it)\n`);
  let built: string | undefined;
  if (o.dist) {
    const d = relative(ROOT, resolve(process.cwd(), o.dist));
    PROMPT_BIN = join(d, 'bin', 'generate_prompt.cjs');
    STATUS_BIN = join(d, 'bin', 'generate_completion_status.cjs');
    for (const b of [PROMPT_BIN, STATUS_BIN]) if (!existsSync(join(ROOT, b))) throw new UsageError(`--dist: ${b} does not exist`);
    process.stdout.write(`Using the build in ${d}/ (no build check)\n`);
  } else built = ensureBuild(o.rebuild);
  const cold = o.cold ? coldStart(o) : undefined;
  const sc = o.scale ? scale(o) : [];
  report(o, cold, sc);
  process.stdout.write(`\nBench finished in ${((Date.now() - started) / 1000).toFixed(0)} s (load average now ${fmtLoad()}).\n`);
  if (o.json) {
    const file = resolve(process.cwd(), o.json);
    mkdirSync(dirname(file), { recursive: true });
    const env = { date: new Date().toISOString(), node: process.version, cores: cpus().length, cpu, loadavg: loadavg(), removedEnv: removed, built: built ?? null };
    writeFileSync(file, `${JSON.stringify({ env, options: o, goals: GOALS, cold: cold ?? null, scale: sc }, null, 2)}\n`);
    process.stdout.write(`Results written to ${file}\n`);
  }
}

try {
  main();
} catch (err) {
  if (err instanceof CommandFailed) {
    process.stderr.write(`\nbench: command failed: ${err.command}\n  ${err.detail}\n${err.stderr ? `--- its stderr ---\n${err.stderr.trimEnd()}\n` : ''}`);
    process.exit(1);
  }
  if (err instanceof UsageError) {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
