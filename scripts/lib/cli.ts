/**
 * The command-line edge shared by every script: declarative definitions, strict parsing (node:util parseArgs,
 * built in, so start-up stays fast), help text, exact command strings generated from the same definitions,
 * colour rules, and the one error boundary (exit codes, no stack trace unless --debug).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXIT, ToolError, UsageError } from './diagnostics.ts';
import { isTerminal, writeAllSync } from './stdio.ts';

export interface OptionDef {
  type: 'boolean' | 'string';
  short?: string;
  description: string;
  /** Placeholder shown in help, e.g. X.Y. */
  arg?: string;
  choices?: readonly string[];
  /** Hidden options are accepted but not listed (aliases). */
  hidden?: boolean;
}

export interface CommandDef {
  name: string;
  summary: string;
  /** e.g. `<plan>` */
  positionals: Array<{ name: string; description: string; required?: boolean }>;
  options: Record<string, OptionDef>;
  examples: string[];
  exitCodes: Array<[number, string]>;
}

export const COMMON_OPTIONS: Record<string, OptionDef> = {
  root: { type: 'string', arg: 'DIR', description: 'Project folder that holds work-space/ (default: nearest one above the working directory)' },
  debug: { type: 'boolean', description: 'Show stack traces of internal errors' },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};

export type ParsedValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  positionals: string[];
  values: ParsedValues;
}

/**
 * Every option of a command: its own, `--json` as a spelling of `--format json` when it has that format and no
 * `--json` of its own (every script that reports data takes `--json`), and the common ones.
 */
function optionsOf(def: CommandDef): Record<string, OptionDef> {
  const jsonFormat = def.options.format?.choices?.includes('json') === true && def.options.json === undefined;
  return { ...def.options, ...(jsonFormat ? { json: JSON_ALIAS } : {}), ...COMMON_OPTIONS };
}

const JSON_ALIAS: OptionDef = { type: 'boolean', description: 'Same as --format json' };

export function parseCommand(def: CommandDef, argv: string[]): ParsedArgs {
  const all = optionsOf(def);
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, o] of Object.entries(all)) {
    options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(msg, `Run ${def.name} --help for the options.`);
  }
  const values = parsed.values as ParsedValues;
  if (values.help) return { positionals: parsed.positionals, values };
  if (all.json === JSON_ALIAS && values.json !== undefined) {
    if (values.format !== undefined && values.format !== 'json') throw new UsageError(`--json and --format ${values.format} ask for two formats`, 'Keep one of them.');
    values.format = 'json';
    delete values.json;
  }
  for (const [name, o] of Object.entries(def.options)) {
    const v = values[name];
    if (o.choices && typeof v === 'string' && !o.choices.includes(v)) {
      throw new UsageError(`--${name} must be one of ${o.choices.join(', ')} (got '${v}')`, `Run ${def.name} --help for the options.`);
    }
  }
  const required = def.positionals.filter((p) => p.required).length;
  if (parsed.positionals.length > def.positionals.length) {
    throw new UsageError(`Too many arguments: ${parsed.positionals.slice(def.positionals.length).join(' ')}`, `Usage: ${usageLine(def)}`);
  }
  if (parsed.positionals.length < required) {
    throw new UsageError(`Missing argument: ${def.positionals[parsed.positionals.length]?.name}`, `Usage: ${usageLine(def)}`);
  }
  return { positionals: parsed.positionals, values };
}

export function usageLine(def: CommandDef): string {
  const pos = def.positionals.map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ');
  return `${def.name} ${pos} [options]`.replace(/\s+/g, ' ');
}

export function helpText(def: CommandDef): string {
  const lines = [`${def.name}: ${def.summary}`, '', `Usage: ${usageLine(def)}`, ''];
  if (def.positionals.length) {
    lines.push('Arguments:');
    for (const p of def.positionals) lines.push(`  ${p.name.padEnd(24)} ${p.description}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, o] of Object.entries(optionsOf(def))) {
    if (o.hidden) continue;
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
    lines.push(`  ${flag.padEnd(24)} ${o.description}${o.choices ? ` (${o.choices.join('|')})` : ''}`);
  }
  lines.push('', 'Examples:', ...def.examples.map((e) => `  ${e}`), '', 'Exit codes:');
  for (const [code, meaning] of def.exitCodes) lines.push(`  ${code}  ${meaning}`);
  return lines.join('\n') + '\n';
}

/**
 * An exact command line, built from the command's real definition: an unknown option is a programming error
 * (tests exercise every command the toolkit suggests).
 */
export function formatCommand(def: CommandDef, positionals: string[], options: Record<string, string | boolean | undefined> = {}): string {
  // A word that starts with '-' would be read as an option: a path gets './' in front, a value is joined with '='.
  const parts = [def.name, ...positionals.map(pathArg)];
  for (const [name, v] of Object.entries(options)) {
    if (v === undefined || v === false) continue;
    const o = def.options[name] ?? COMMON_OPTIONS[name];
    if (!o) throw new Error(`${def.name} has no option --${name}`);
    if (o.type === 'boolean') parts.push(`--${name}`);
    else if (String(v).startsWith('-')) parts.push(`--${name}=${quoteArg(String(v))}`);
    else parts.push(`--${name}`, quoteArg(String(v)));
  }
  return parts.join(' ');
}

/** A path as a shell word that is never read as an option ('./' in front of one that starts with '-'). */
export function pathArg(p: string): string {
  return quoteArg(p.startsWith('-') ? `./${p}` : p);
}

/** `--root DIR` as shell words (`--root=DIR` when DIR starts with '-'). */
export function rootArgWords(root: string): string {
  return root.startsWith('-') ? `--root=${quoteArg(root)}` : `--root ${quoteArg(root)}`;
}

/** A shell word for `s` (single-quoted when it holds anything but safe characters). */
export function quoteArg(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface Styles {
  enabled: boolean;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  blue(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

/** Colours only on a TTY, never with NO_COLOR (any value) or TERM=dumb. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function styles(enabled: boolean): Styles {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { enabled, red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), blue: wrap(34, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Styles for stderr messages. */
  errStyle: Styles;
  outStyle: Styles;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
}

/** A stream stand-in whose `isTTY` is asked only when read (colorEnabled reads it only without NO_COLOR). */
const terminal = (fd: 1 | 2): { readonly isTTY: boolean } => ({
  get isTTY() {
    return isTerminal(fd);
  },
});

/** Set once stdout's reader went away (EPIPE): the rest of the output has nowhere to go and is dropped. */
let stdoutGone = false;

/** Writes to stderr; a message that cannot be written (stderr closed, `2>&1 | head` after head left) is dropped. */
function writeErr(text: string): void {
  try {
    writeAllSync(2, text);
  } catch {
    // Nowhere else to say it: the command goes on and its exit code stays what it is.
  }
}

/**
 * Writes to stdout. A reader that went away (`| head`) is no failure: the rest of the output is dropped and the
 * command ends as it would have. Any other write error (a full disk, a closed descriptor) loses the output: say so
 * in one line on stderr and exit 1.
 */
function writeOut(text: string): void {
  if (stdoutGone) return;
  try {
    writeAllSync(1, text);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EPIPE') {
      stdoutGone = true;
      return;
    }
    writeErr(stdoutFailure(e, process.argv.includes('--debug'), styles(colorEnabled(terminal(2), process.env))));
    process.exit(EXIT.error);
  }
}

/** The real process's Io: writes go straight to file descriptors 1 and 2 (scripts/lib/stdio.ts says why). */
export function processIo(cwd?: string): Io {
  return {
    out: writeOut,
    err: writeErr,
    errStyle: styles(colorEnabled(terminal(2), process.env)),
    outStyle: styles(colorEnabled(terminal(1), process.env)),
    env: process.env,
    cwd: cwd ?? process.cwd(),
    get stdoutIsTTY() {
      return isTerminal(1);
    },
  };
}

/** Renders a ToolError for people (generation.md §3.9 layout). */
export function formatError(e: ToolError, s: Styles): string {
  const lines = [`${s.red(s.bold('❌ ERROR:'))} ${e.message}`];
  if (e.file) lines.push('', s.blue('Details:'), `  file: ${e.file}`);
  if (e.fix || e.details.length) {
    lines.push('', s.yellow(s.bold('HOW TO FIX:')));
    if (e.fix) lines.push(`  1. ${e.fix}`);
    for (const d of e.details) lines.push(`  ${d}`);
  }
  return lines.join('\n') + '\n';
}

export type Main = (args: ParsedArgs, io: Io) => number | Promise<number>;

/** The error boundary of every script. Returns the exit code; never throws. */
export async function runCommand(def: CommandDef, argv: string[], main: Main, io: Io = processIo()): Promise<number> {
  // Until the arguments are parsed (a usage error), the options before `--` tell; then the parsed values do
  // (`--format json --format text` is text, a plan named `--json` after `--` is no option).
  const opts = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const debug = opts.includes('--debug');
  const formatIs = (f: string) => opts.some((a, i) => a === '--format' && opts[i + 1] === f) || opts.includes(`--format=${f}`);
  let wantsJson = opts.includes('--json') || formatIs('json');
  // A usage error with --format sarif still leaves a SARIF log on stdout (a CI step uploads whatever is there), for
  // the scripts that write SARIF, and never next to a JSON error (one document on stdout).
  let wantsSarif = !wantsJson && formatIs('sarif') && (def.options.format?.choices ?? []).includes('sarif');
  try {
    const args = parseCommand(def, argv);
    wantsJson = args.values.json === true || args.values.format === 'json';
    // After parsing, main writes its own SARIF, failures included.
    wantsSarif = false;
    if (args.values.help) {
      io.out(helpText(def));
      return EXIT.ok;
    }
    return await main(args, io);
  } catch (err) {
    if (err instanceof ToolError) {
      if (wantsJson) io.out(JSON.stringify({ error: err.toJSON() }, null, 2) + '\n');
      if (wantsSarif) io.out(sarifFailure(def.name, err));
      io.err(formatError(err, io.errStyle));
      if (debug && err.stack) {
        io.err(err.stack + '\n');
        // The error it wraps (a plugin's own, a failed import) is the one whose stack helps.
        const cause = err.cause as Error | undefined;
        if (cause?.stack) io.err(`Caused by: ${cause.stack}\n`);
      }
      return err.exitCode;
    }
    const e = err as Error;
    if (wantsJson) io.out(JSON.stringify({ error: { code: 'E-INTERNAL', message: `internal error: ${e?.message ?? String(err)}`, exitCode: EXIT.error } }, null, 2) + '\n');
    io.err(`${io.errStyle.red(io.errStyle.bold('❌ ERROR:'))} internal error: ${e?.message ?? String(err)}\n`);
    io.err(debug ? `${e?.stack ?? ''}\n` : 'Run again with --debug to see the stack trace, and please report it.\n');
    return EXIT.error;
  }
}

/** A SARIF 2.1.0 log of a run that could not start (a usage error): no results, the reason as a notification. */
export function sarifFailure(toolName: string, err: ToolError): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: toolName } },
        results: [],
        invocations: [
          {
            executionSuccessful: false,
            exitCode: err.exitCode,
            toolExecutionNotifications: [{ level: 'error', message: { text: err.fix ? `${err.message}. ${err.fix}` : err.message } }],
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** The message for output that could not be written to stdout. */
export function stdoutFailure(err: NodeJS.ErrnoException, debug: boolean, s: Styles): string {
  const why = err.code === 'ENOSPC' ? 'no space left on the device' : (err.code ?? err.message);
  const e = new ToolError(`Could not write to standard output (${why}); the output is incomplete.`, {
    fix: 'Free some space, or send the output elsewhere (another file or a pipe), and run the command again.',
  });
  return formatError(e, s) + (debug && err.stack ? `${err.stack}\n` : '');
}

/** Runs a script's main as the process entry point and sets the exit code (output is written synchronously). */
export function runMain(def: CommandDef, main: Main): void {
  const argv = process.argv.slice(2);
  let cwd: string | undefined;
  try {
    process.cwd();
  } catch {
    // The working folder was deleted or moved away (uv_cwd ENOENT): nothing can be resolved against it, and a
    // relative path (--output, a plan path) would silently mean another place. Only --help needs no folder.
    if (!argv.includes('--help')) {
      const e = new ToolError('The current folder no longer exists (it was deleted or moved)', { fix: 'cd to an existing folder and run the command again.', code: 'E-CWD' });
      writeErr(formatError(e, styles(colorEnabled(terminal(2), process.env))));
      process.exitCode = EXIT.error;
      return;
    }
    cwd = '/';
  }
  void runCommand(def, argv, main, processIo(cwd)).then((code) => {
    process.exitCode = code;
  });
}

/** True when this module is the entry point (so scripts can be imported by tests without running). */
export function isEntry(metaUrl: string): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    const self = fileURLToPath(metaUrl);
    // Node gives the entry as an absolute path: equal strings need no file system (the bins, run by path). A bin
    // run through a symbolic link (node_modules/.bin) is compared by real paths, one realpath(3) call each.
    return argv1 === self || realpathSync.native(argv1) === realpathSync.native(self);
  } catch {
    return false;
  }
}
