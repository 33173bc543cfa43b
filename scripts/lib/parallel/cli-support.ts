/**
 * What get_parallel_status and analyze_dependencies share at the command-line edge: they read parallel.json
 * fail-closed, so a missing or invalid file ends the command with its first errors (stderr; JSON on stdout with
 * --format json) and exit 1.
 */
import { EXIT, UsageError } from '../diagnostics.ts';
import { formatCommand, type Io } from '../cli.ts';
import { validateDefinition } from './commands.ts';
import { planNameCheck, type Opened } from './analysis.ts';
import type { ParallelDiagnostic } from './model.ts';
import { displayPath } from './render.ts';

const SHOWN = 10;

/** Returns the exit code when the file cannot be used, undefined when it can. */
export function reportUnusable(opened: Opened, io: Io, command: string, json: boolean): number | undefined {
  const { target, pf } = opened;
  const errors: ParallelDiagnostic[] = [...target.diagnostics, ...(pf?.diagnostics ?? [])].filter((d) => d.severity === 'error');
  if (pf && errors.length === 0 && pf.cycles.acyclic) {
    // The warnings validate_parallel_json reports for the file: the loader's and W-PLAN-NAME (checked against the
    // plan folder, outside the loader), so the count here is the count there.
    const warnings = pf.diagnostics.filter((d) => d.severity === 'warning').length + planNameCheck(pf, target).length;
    if (warnings) io.err(`${io.errStyle.yellow('⚠️ ')} ${displayPath(pf.file, io.cwd)} has ${warnings} warning${warnings === 1 ? '' : 's'} (validate_parallel_json shows them)\n`);
    return undefined;
  }
  const file = pf?.file ?? target.file ?? errors[0]?.file ?? target.dir;
  const s = io.errStyle;
  const lines = [`${s.red(s.bold('❌ Invalid parallel.json:'))} ${displayPath(file, io.cwd)}`];
  for (const d of errors.slice(0, SHOWN)) {
    const at = d.line !== undefined ? `${displayPath(d.file ?? file, io.cwd)}:${d.line}:${d.column ?? 1} ` : '';
    lines.push(`  - ${at}${d.code} ${d.message}`);
  }
  if (errors.length > SHOWN) lines.push(`  … and ${errors.length - SHOWN} more`);
  // No file to read: the locating error says why (a wrong path, a workspace root, no parallel.json yet) and what to do.
  const fix = target.file
    ? `fix the errors above (details: ${formatCommand(validateDefinition, [displayPath(target.file, io.cwd)])})`
    : (errors[0]?.hint?.replace(/\.$/, '') ?? 'create parallel.json (generate_prompt <plan> --parallel-upgrade writes the prompt)');
  lines.push(`${s.yellow('💡 Fix:')} ${fix}; ${command} reads only a valid file.`);
  io.err(lines.join('\n') + '\n');
  if (json) {
    io.out(
      JSON.stringify(
        { valid: false, file: displayPath(file, io.cwd), errors: errors.map((d) => ({ code: d.code, message: d.message, line: d.line ?? null, column: d.column ?? null, pointer: d.pointer ?? null, hint: d.hint ?? null })) },
        null,
        2,
      ) + '\n',
    );
  }
  return EXIT.error;
}

/** The notes of a usable file on stderr: where it was found (W-ALT-FILENAME) and what the analysis noticed. */
export function reportNotes(opened: Opened, diagnostics: readonly ParallelDiagnostic[], io: Io): void {
  for (const d of [...opened.target.diagnostics, ...diagnostics]) if (d.severity !== 'info') io.err(`${io.errStyle.yellow('⚠️ ')} ${d.code} ${d.message}\n`);
}

/**
 * The value of --executors K (get_parallel_status, analyze_dependencies). No upper limit of its own: more executors
 * than achievements simply means "unlimited" (the scheduling never allocates per executor). The bound is where a
 * number stops being exact.
 */
export function executorsOption(value: unknown): { executors?: number } {
  if (value === undefined) return {};
  const raw = String(value);
  const k = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(k >= 1 && k <= Number.MAX_SAFE_INTEGER)) throw new UsageError(`--executors must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER} (got '${raw}')`, 'Example: --executors 2');
  return { executors: k };
}
