/**
 * The JSON documents of get_parallel_status and analyze_dependencies are written in pieces (render.ts jsonPieces):
 * the concatenation must be byte for byte `JSON.stringify(object, null, 2) + '\n'`, on tricky values and across the
 * piece boundaries, and the commands must still behave on pipes (a reader that leaves early, a closed pipe).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeParallel, openParallel, type AchievementRow, type ParallelAnalysis } from '../scripts/lib/parallel/analysis.ts';
import { analysisJson, analysisJsonPieces, clip, displayPath, dot, dotPieces, JsonRows, jsonPieces, mermaid, mermaidPieces, statusFooter, statusJson, statusJsonPieces, statusTable, statusTablePieces } from '../scripts/lib/parallel/render.ts';
import { styles, type Styles } from '../scripts/lib/cli.ts';
import { formatHours } from '../scripts/lib/parallel/model.ts';
import { doc, REPO, tmp, TSX, workspace } from './parallel-helpers.ts';

type Fields = Array<[string, unknown]>;

/** The reference: one JSON.stringify of the whole object (JsonRows materialised as arrays). */
function reference(fields: Fields): string {
  const obj = Object.fromEntries(fields.map(([k, v]) => [k, v instanceof JsonRows ? v.items.map((x) => v.toJson(x)) : v]));
  return JSON.stringify(obj, null, 2) + '\n';
}

const rows = (n: number, item: (k: number) => unknown = (k) => ({ id: `1.${k}`, n: k })) =>
  new JsonRows(
    Array.from({ length: n }, (_, k) => k),
    item,
  );

const tricky = {
  unicode: 'é ü ß — 日本語 👩‍👩‍👧‍👦 🇫🇷',
  loneSurrogates: 'a\ud800b\udc00c',
  quotes: 'say "hi" \\ back\\slash / slash',
  control: 'tab\tnl\ncr\r nul\u0000 bell\u0007 \u2028\u2029',
  nothing: null,
  gone: undefined,
  fn: () => 1,
  emptyArray: [],
  emptyObject: {},
  nested: { a: [1, [2, [3, {}]], { b: null, c: [] }], d: { e: { f: 'g' } } },
  numbers: [0, -0, 1.5, -2e-7, 1e21, Number.MAX_SAFE_INTEGER, NaN, Infinity],
  holes: [undefined, () => 1, null],
  date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  toJSON: { toJSON: () => ({ replaced: true }) },
  toJSONUndefined: { toJSON: () => undefined },
  booleans: [true, false],
};

const cases: Array<[string, Fields]> = [
  ['no fields', []],
  ['only undefined fields', [['a', undefined], ['b', () => 1]]],
  ['plain fields only', Object.entries(tricky)],
  ['an empty row list alone', [['rows', rows(0)]]],
  ['an empty row list between fields', [['a', 1], ['rows', rows(0)], ['b', []]]],
  ['one row', [['rows', rows(1)]]],
  ['a piece of rows, exactly', [['head', 'x'], ['rows', rows(100)], ['tail', { y: [1] }]]],
  ['one row more than a piece', [['rows', rows(101)], ['tail', 2]]],
  ['several pieces, the last partial', [['plan', 'P'], ['rows', rows(257)]]],
  ['rows first, rows last, rows side by side', [['r1', rows(3)], ['r2', rows(150)], ['mid', null], ['r3', rows(0)], ['r4', rows(2)]]],
  ['undefined fields around rows', [['u', undefined], ['rows', rows(2)], ['v', undefined]]],
  ['tricky rows', [['rows', rows(230, (k) => Object.values(tricky)[k % Object.keys(tricky).length])]]],
  ['tricky rows as objects', [['rows', rows(120, (k) => ({ ...tricky, k }))]]],
  ['rows that are undefined, functions, toJSON, arrays', [['rows', rows(5, (k) => [undefined, () => 0, { toJSON: () => 'j' }, [[]], k][k])]]],
  ['rows serialised as they are', [['rows', new JsonRows([1, 'two', undefined, null, { three: [3] }, [], {}])], ['many', new JsonRows(Array.from({ length: 205 }, (_, k) => (k % 2 ? `s${k}` : [k])))]]],
  ['keys that need escaping and __proto__', [['say "x"', 1], ['日本', rows(2)], ['__proto__', { a: 1 }], ['\n', 'nl']]],
];

for (const [name, fields] of cases) {
  test(`jsonPieces is JSON.stringify(…, null, 2) + newline: ${name}`, () => {
    assert.equal([...jsonPieces(fields)].join(''), reference(fields));
  });
}

test('jsonPieces: a long row list is cut into pieces, none of them close to the whole document', () => {
  const fields: Fields = [['plan', 'P'], ['rows', rows(1000, (k) => ({ id: `1.${k}`, title: `Work item ${k} “quoted”`, deps: [`1.${k - 1}`] }))], ['tail', 1]];
  const pieces = [...jsonPieces(fields)];
  const whole = pieces.join('');
  assert.equal(whole, reference(fields));
  assert.ok(pieces.length >= 10, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < whole.length / 5, 'no piece holds most of the document');
});

/** The documents as built before they were written in pieces: one object, one JSON.stringify. */
function rel(a: ParallelAnalysis, p: string | undefined): string | undefined {
  if (!p) return undefined;
  return a.root ? displayPath(p, a.root) : p;
}
function statusReference(a: ParallelAnalysis, opts: { remaining?: boolean; cwd: string }): string {
  const list = a.sorted.filter((r) => !opts.remaining || (r.status !== 'complete' && r.status !== 'skipped'));
  const achievements = list.map((r: AchievementRow) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    depth: r.depth,
    ready: r.ready,
    blockedBy: r.blockedBy,
    dependencies: r.dependencies,
    subplan: rel(a, r.subplan) ?? null,
    subplanPlaceholder: r.subplanPlaceholder === true,
    executions: r.executions.map((x) => rel(a, x)),
    placeholders: r.placeholders.map((x) => rel(a, x)),
    fix: rel(a, r.fixFile) ?? null,
    hours: r.hours ?? null,
    executor: r.executor ?? null,
    ...(r.planText ? { completeBy: 'plan_text' } : {}),
  }));
  const obj = {
    plan: a.planName ?? a.feature,
    feature: a.feature,
    root: a.root ?? null,
    file: displayPath(a.file, opts.cwd),
    achievements,
    progress: a.progress,
    readySet: a.readySet,
    depths: a.depths.map((d) => ({ depth: d.depth, ids: d.ids, done: d.done })),
    times: { all: a.times, remaining: a.remaining },
    bottlenecks: a.bottlenecks,
  };
  return JSON.stringify(obj, null, 2) + '\n';
}
function analysisReference(a: ParallelAnalysis, cwd: string): string {
  const achievements = a.sorted.map((r) => ({ id: r.id, title: r.title, status: r.status, depth: r.depth, declaredLevel: r.declaredLevel ?? null, priority: r.priority ?? null, dependencies: r.dependencies, dependents: r.dependents, ready: r.ready, blockedBy: r.blockedBy, hours: r.hours ?? null, executor: r.executor ?? null }));
  const obj = {
    plan: a.planName ?? a.feature,
    file: displayPath(a.file, cwd),
    executors: a.executors ?? null,
    achievements,
    depths: a.depths,
    readySet: a.readySet,
    times: a.times,
    remaining: a.remaining,
    bottlenecks: a.bottlenecks,
    planBottlenecks: a.planBottlenecks,
    progress: a.progress,
  };
  return JSON.stringify(obj, null, 2) + '\n';
}

/** The status table as built before it was written in pieces. */
function tableReference(a: ParallelAnalysis, s: Styles, opts: { remaining?: boolean }): string {
  const readyCell = (r: AchievementRow): string => {
    if (r.status === 'complete' || r.status === 'skipped') return 'done';
    if (r.ready) return r.skippedDeps.length ? 'ready (skipped deps)' : 'ready';
    if (r.depth < 0) return 'on a cycle';
    const b = r.blockedBy;
    return `blocked by ${b.slice(0, 3).join(', ')}${b.length > 3 ? ` +${b.length - 3}` : ''}`;
  };
  const style: Record<string, (t: string) => string> = { complete: s.green, skipped: s.dim, failed: s.red, in_progress: s.yellow, execution_created: s.yellow, subplan_created: s.blue };
  const rows = a.sorted.filter((r) => !opts.remaining || (r.status !== 'complete' && r.status !== 'skipped'));
  const head = ['ID', 'Title', 'Status', 'Depth', 'Ready / blocked by', 'Hours', 'Executor'];
  const cells = rows.map((r) => [r.id, clip(r.title || '—', 44), r.status, String(r.depth), readyCell(r), formatHours(r.hours), r.executor ?? '—']);
  const widths = head.map((h, k) => Math.max(h.length, ...cells.map((c) => (c[k] as string).length)));
  const pad = (c: string[]) => c.map((x, k) => (k === 3 ? x.padStart(widths[k] as number) : x.padEnd(widths[k] as number))).join('  ').trimEnd();
  const lines = [s.bold(`Achievement status — ${a.planName ?? a.feature} (derived from the filesystem)`), '', s.bold(pad(head))];
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k] as AchievementRow;
    const text = pad(cells[k] as string[]);
    const start = (widths[0] as number) + 2 + (widths[1] as number) + 2;
    const cell = text.slice(start, start + (widths[2] as number));
    lines.push(text.slice(0, start) + (style[r.status] ?? ((t: string) => t))(cell) + text.slice(start + (widths[2] as number)));
  }
  if (!rows.length) lines.push(opts.remaining ? '(nothing remaining)' : 'No achievements found.');
  lines.push('', ...statusFooter(a, opts.remaining === true));
  return lines.join('\n') + '\n';
}

const PLAN = 'RENDER-PLAN';
const code = (id: string) => id.replace('.', '');

/** A plan of n achievements in chains of 7, with every kind of document state among the first ones. */
function bigPlan(n: number): { root: string; dir: string; ids: string[] } {
  const ids = Array.from({ length: n }, (_, k) => `${Math.floor(k / 7) + 1}.${(k % 7) + 1}`);
  const achs = ids.map((id, k) => ({
    id,
    deps: k % 7 ? [ids[k - 1] as string] : k >= 7 ? [ids[k - 7] as string] : [],
    hours: k % 3 ? k % 5 : `${k % 4}-${(k % 4) + 2}`,
    ...(k % 11 === 0 ? { title: `Titre « ${k} » with "quotes", a \\ and 👩‍👩‍👧‍👦` } : {}),
    ...(k % 13 === 0 ? { executor: `agent-${k % 3}` } : {}),
  }));
  const files: Record<string, string> = {
    [`execution/feedbacks/APPROVED_${code(ids[0] as string)}.md`]: 'ok',
    [`execution/feedbacks/APPROVED_${code(ids[1] as string)}.md`]: 'ok',
    [`execution/SKIPPED_${code(ids[7] as string)}.md`]: 'skip',
    [`subplans/SUBPLAN_${PLAN}_${code(ids[2] as string)}.md`]: '# SUBPLAN\n\n**Achievement**: x\n',
    [`execution/EXECUTION_TASK_${PLAN}_${code(ids[2] as string)}_01.md`]: '# EXECUTION_TASK\n\n**Status**: In Progress\n\nIteration 1: real work.\n',
    [`execution/EXECUTION_TASK_${PLAN}_${code(ids[8] as string)}_01.md`]: '# EXECUTION_TASK\n\n[TO BE FILLED by the executor]\n',
    [`execution/feedbacks/FIX_${code(ids[14] as string)}.md`]: 'fix it',
  };
  const { root, dir } = workspace(PLAN, ids, doc(PLAN, achs), files);
  return { root, dir, ids };
}

async function analyse(file: string, executors?: number): Promise<ParallelAnalysis> {
  const opened = await openParallel(file, '/', { withPlan: true });
  assert.ok(opened.pf && opened.ctx, 'file and plan context');
  return analyzeParallel(opened.pf, opened.ctx, executors ? { executors } : {});
}

test('statusJson and analysisJson in pieces: the same bytes as one JSON.stringify of the whole document', async () => {
  const { root, dir } = bigPlan(333);
  for (const executors of [undefined, 2]) {
    const a = await analyse(join(dir, 'parallel.json'), executors);
    assert.ok(a.sorted.some((r) => r.status === 'complete') && a.sorted.some((r) => r.status === 'skipped') && a.sorted.some((r) => r.status === 'failed'));
    assert.ok(a.sorted.some((r) => r.executions.length) && a.sorted.some((r) => r.placeholders.length) && a.sorted.some((r) => r.executor));
    for (const cwd of ['/', root, dir]) {
      for (const remaining of [false, true]) {
        assert.equal(statusJson(a, { remaining, cwd }), statusReference(a, { remaining, cwd }), `status, cwd ${cwd}, remaining ${remaining}`);
        assert.ok([...statusJsonPieces(a, { remaining, cwd })].length > 3, 'written in several pieces');
      }
      assert.equal(analysisJson(a, { cwd }), analysisReference(a, cwd), `analysis, cwd ${cwd}`);
      for (const colour of [false, true]) {
        for (const remaining of [false, true]) {
          const s = styles(colour);
          assert.equal(statusTable(a, s, { remaining, cwd }), tableReference(a, s, { remaining }), `table, colour ${colour}, remaining ${remaining}`);
        }
      }
      assert.ok([...analysisJsonPieces(a, { cwd })].length > 3, 'written in several pieces');
    }
  }
});

test('Mermaid and DOT in pieces: every node and edge once, in order, each piece whole lines', async () => {
  const { dir } = bigPlan(700);
  const a = await analyse(join(dir, 'parallel.json'));
  const edges = a.sorted.reduce((n, r) => n + r.dependencies.length, 0);
  for (const [name, whole, pieces, node, edge] of [
    ['mermaid', mermaid(a), [...mermaidPieces(a)], /^ {2}a\d+_\d+\["/, /^ {2}a\d+_\d+ --> a\d+_\d+$/],
    ['dot', dot(a), [...dotPieces(a)], /^ {2}"\d+\.\d+" \[label=/, /^ {2}"\d+\.\d+" -> "\d+\.\d+"/],
  ] as const) {
    assert.ok(pieces.length > 2, `${name}: ${pieces.length} pieces`);
    assert.ok(pieces.every((p) => p.endsWith('\n')), `${name}: every piece ends a line`);
    assert.equal(pieces.join(''), whole);
    const lines = whole.split('\n');
    assert.equal(lines.filter((l) => node.test(l)).length, a.rows.length, `${name}: one line per achievement`);
    assert.equal(lines.filter((l) => edge.test(l)).length, edges, `${name}: one line per dependency`);
    assert.equal(new Set(lines.filter((l) => node.test(l) || edge.test(l))).size, a.rows.length + edges, `${name}: no line twice`);
    // Every other line: the header and classes (Mermaid: the critical path's link style), ranks (DOT), the end.
    const others = name === 'mermaid' ? 1 + 4 + (whole.includes('\n  linkStyle ') ? 1 : 0) : 4 + a.depths.length + 1;
    assert.equal(lines.length, a.rows.length + edges + others + 1, `${name}: no line lost or repeated`);
  }
  for (const colour of [false, true]) assert.equal(statusTable(a, styles(colour), { cwd: dir }), tableReference(a, styles(colour), {}), 'a table of several pieces');
  const ids = mermaid(a).split('\n').filter((l) => /^ {2}a\d+_\d+\["/.test(l)).map((l) => (l.match(/^ {2}a(\d+)_(\d+)/) as RegExpMatchArray).slice(1).join('.'));
  assert.deepEqual(ids, [...a.sorted].sort((x, y) => x.depth - y.depth || x.rank - y.rank).map((r) => r.id), 'nodes by depth, then id');
  const dotLines = dot(a).split('\n');
  assert.equal(dotLines.filter((l) => l.startsWith('  { rank=same; ')).length, a.depths.length, 'one rank line per depth');
  assert.deepEqual(dotLines.slice(-2), ['}', '']);
});

test('statusJson: nothing remaining is an empty achievements list, as JSON.stringify writes it', async () => {
  const { dir } = workspace(PLAN, ['1.1'], doc(PLAN, [{ id: '1.1' }]), { 'execution/feedbacks/APPROVED_11.md': 'ok' });
  const a = await analyse(join(dir, 'parallel.json'));
  const text = statusJson(a, { remaining: true, cwd: '/' });
  assert.equal(text, statusReference(a, { remaining: true, cwd: '/' }));
  assert.match(text, /\n {2}"achievements": \[\],\n/);
  assert.equal(statusTable(a, styles(true), { remaining: true, cwd: '/' }), tableReference(a, styles(true), { remaining: true }));
  assert.match(statusTable(a, styles(false), { remaining: true, cwd: '/' }), /\n\(nothing remaining\)\n/);
});

/** Runs a script as users do, stdout into a pipe that the shell pipeline gives `head -c`; the script's exit code. */
function throughHead(script: string, args: string[], cwd: string): { status: number; stderr: string } {
  const r = spawnSync('bash', ['-c', '"$@" 2>err.txt | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}"; cat err.txt', 'bash', process.execPath, '--import', TSX, join(REPO, script), ...args], { cwd, encoding: 'utf8' });
  const [status, ...err] = r.stdout.split('\n');
  return { status: Number(status), stderr: err.join('\n') };
}

for (const [script, args] of [
  ['scripts/workflow/get_parallel_status.ts', ['--format', 'json']],
  ['scripts/workflow/get_parallel_status.ts', []],
  ['scripts/workflow/analyze_dependencies.ts', ['--format', 'json']],
] as const) {
  const name = `${script.split('/').pop()} ${args.join(' ') || '(table)'}`;
  test(`${name} through a pipe: the whole document when read to the end; exit 0, no error when the reader leaves early or has gone`, { timeout: 120_000, skip: process.platform === 'win32' && 'POSIX shell' }, async () => {
    // ~2 MB of JSON: far more than a pipe buffer (64 kB), so the writes meet a full pipe and a reader that left.
    const { root, dir } = bigPlan(3000);
    const a = await analyse(join(dir, 'parallel.json'));
    const expected = !name.startsWith('get_') ? analysisJson(a, { cwd: root }) : args.length ? statusJson(a, { cwd: root }) : statusTable(a, styles(false), { cwd: root });
    if (!args.length) assert.ok([...statusTablePieces(a, styles(false), { cwd: root })].length > 3, 'the table is written in pieces');
    const full = spawnSync(process.execPath, ['--import', TSX, join(REPO, script), `@${PLAN}`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(full.status, 0, full.stderr);
    assert.ok(full.stdout === expected, `the piped output is the document (${full.stdout.length} vs ${expected.length} characters)`);

    const early = throughHead(script, [`@${PLAN}`, ...args], root);
    assert.equal(early.status, 0, early.stderr);
    assert.doesNotMatch(early.stderr, /EPIPE|Error|ERROR/);

    // A reader that is gone before the first write.
    const child = spawn(process.execPath, ['--import', TSX, join(REPO, script), `@${PLAN}`, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exit = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(exit, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error|ERROR/);
  });
}

test('stdout a file: the pieces are written to it directly, the same bytes; a full device is one message and exit 1', { timeout: 120_000, skip: process.platform === 'win32' && 'POSIX devices' }, async () => {
  const { root, dir } = bigPlan(1500);
  const a = await analyse(join(dir, 'parallel.json'));
  const out = join(tmp(), 'out.txt');
  for (const [script, args, expected] of [
    ['get_parallel_status.ts', ['--format', 'json'], statusJson(a, { cwd: root })],
    ['get_parallel_status.ts', [], statusTable(a, styles(false), { cwd: root })],
    ['analyze_dependencies.ts', ['--format', 'json'], analysisJson(a, { cwd: root })],
    ['analyze_dependencies.ts', ['--format', 'dot'], dot(a)],
  ] as const) {
    const fd = openSync(out, 'w');
    try {
      const r = spawnSync(process.execPath, ['--import', TSX, join(REPO, 'scripts/workflow', script), `@${PLAN}`, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', fd, 'pipe'] });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      closeSync(fd);
    }
    assert.ok(readFileSync(out, 'utf8') === expected, `${script} ${args.join(' ')}: the file holds the document`);
  }
  if (!existsSync('/dev/full')) return;
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, ['--import', TSX, join(REPO, 'scripts/workflow/get_parallel_status.ts'), `@${PLAN}`, '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', full, 'pipe'] });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.match(/Could not write to standard output \(no space left on the device\)/g)?.length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  } finally {
    closeSync(full);
  }
});
