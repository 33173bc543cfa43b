/**
 * The one diagnostics shape of the toolkit, and the one error type that reaches users.
 *
 * A Diagnostic is data (parse warnings, validation findings, notes). A ToolError is a failure that stops a
 * command: it names the file, the problem and the fix, and carries the exit code the command ends with.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `W-PLAN-DUPLICATE-ID`. */
  code: string;
  severity: Severity;
  message: string;
  /** Path of the file concerned (absolute inside the core; scripts may shorten it). */
  file?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** How to fix it. */
  hint?: string;
  /** JSON pointer, for findings inside JSON files. */
  pointer?: string;
}

export function diag(
  severity: Severity,
  code: string,
  message: string,
  extra: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {},
): Diagnostic {
  return { code, severity, message, ...extra };
}

/** Documented exit codes shared by every script. */
export const EXIT = {
  ok: 0,
  /** An error, or (for status-like commands) "not complete / not valid". */
  error: 1,
  usage: 2,
  conflict: 3,
} as const;

export interface ToolErrorOptions {
  file?: string;
  /** What the user can do about it. */
  fix?: string;
  /** Extra lines (candidates, available plans). */
  details?: string[];
  exitCode?: number;
  cause?: unknown;
  code?: string;
}

/** A failure meant for the user: message, file and fix; never shown with a stack trace unless --debug. */
export class ToolError extends Error {
  readonly file: string | undefined;
  readonly fix: string | undefined;
  readonly details: string[];
  readonly exitCode: number;
  readonly code: string;

  constructor(message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.file = options.file;
    this.fix = options.fix;
    this.details = options.details ?? [];
    this.exitCode = options.exitCode ?? EXIT.error;
    this.code = options.code ?? 'E-TOOL';
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.file ? { file: this.file } : {}),
      ...(this.fix ? { fix: this.fix } : {}),
      ...(this.details.length ? { details: this.details } : {}),
      exitCode: this.exitCode,
    };
  }
}

export class UsageError extends ToolError {
  constructor(message: string, fix?: string) {
    super(message, { exitCode: EXIT.usage, code: 'E-USAGE', ...(fix ? { fix } : {}) });
    this.name = 'UsageError';
  }
}

/** Lists at most `max` items, then "… and N more". */
export function capList(items: readonly string[], max: number): string[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), `… and ${items.length - max} more`];
}
