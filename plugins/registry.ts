/**
 * The plugin registry. Built-in behaviour registers through the same API a user plugin uses:
 * a plugin is a module whose default export (or `plugin` export) is a PluginDefinition.
 */
import { ToolError, type Diagnostic, type Severity } from '../scripts/lib/diagnostics.ts';
import type { PlanAnalysis } from '../scripts/lib/analysis.ts';
import type { PlanModel } from '../scripts/lib/plan.ts';

export interface RuleContext {
  plan: PlanModel;
  analysis?: PlanAnalysis;
}

export interface ValidationRule {
  /** Unique id, e.g. `core/plan-has-achievements`. */
  id: string;
  description: string;
  severity?: Severity;
  check(ctx: RuleContext): Diagnostic[];
}

export type StateNote = (analysis: PlanAnalysis) => string | string[] | undefined;

export interface PluginDefinition {
  name: string;
  /** Prompt templates by name (eta source text). */
  templates?: Record<string, string>;
  /** Folders holding `<name>.eta` templates. */
  templateDirs?: string[];
  rules?: ValidationRule[];
  stateNotes?: StateNote[];
}

/** Identity helper that gives plugin authors type checking. */
export function definePlugin(def: PluginDefinition): PluginDefinition {
  return def;
}

interface Registered {
  def: PluginDefinition;
  /** Where it came from (a file path or `built-in`). */
  source: string;
}

export class PluginRegistry {
  private readonly plugins: Registered[] = [];

  register(def: PluginDefinition, source: string): void {
    if (this.plugins.some((p) => p.def.name === def.name)) {
      throw new Error(`a plugin named '${def.name}' is already registered (from ${this.plugins.find((p) => p.def.name === def.name)?.source})`);
    }
    this.plugins.push({ def, source });
  }

  list(): Array<{ name: string; source: string }> {
    return this.plugins.map((p) => ({ name: p.def.name, source: p.source }));
  }

  /**
   * Template source for `name`: the last registered plugin that provides it wins (user plugins are registered
   * after the built-in one). Returns the text and where it came from.
   */
  template(name: string, readFile: (path: string) => string | undefined): { text: string; source: string } | undefined {
    for (let i = this.plugins.length - 1; i >= 0; i--) {
      const p = this.plugins[i] as Registered;
      const inline = p.def.templates?.[name];
      if (inline !== undefined) return { text: inline, source: `${p.source} (template ${name})` };
      for (const dir of [...(p.def.templateDirs ?? [])].reverse()) {
        const file = `${dir.replace(/\/$/, '')}/${name}.eta`;
        const text = readFile(file);
        if (text !== undefined) return { text, source: file };
      }
    }
    return undefined;
  }

  rules(): ValidationRule[] {
    return this.plugins.flatMap((p) => p.def.rules ?? []);
  }

  /**
   * The findings of every plugin's rules on a PLAN. A rule's `severity` is the default of the diagnostics that give
   * none. A rule that throws stops the command with an error naming the plugin, its file and the rule.
   */
  checkPlan(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const p of this.plugins) {
      for (const rule of p.def.rules ?? []) {
        const found = guarded(p, `rule '${rule.id}'`, () => rule.check(ctx));
        if (!Array.isArray(found)) throw pluginError(p, `rule '${rule.id}'`, new Error(`check() returned ${found === null ? 'null' : typeof found}, not an array of diagnostics`));
        // Reading a finding runs the plugin's code too (a getter, a Proxy).
        for (const [i, d] of found.entries()) out.push(guarded(p, `rule '${rule.id}'`, () => checkedFinding(p, rule, d, i)));
      }
    }
    return out;
  }

  stateNotes(analysis: PlanAnalysis): string[] {
    const out: string[] = [];
    for (const p of this.plugins) {
      for (const note of p.def.stateNotes ?? []) {
        const r = guarded(p, 'state note', () => note(analysis));
        if (typeof r === 'string') out.push(r);
        else if (Array.isArray(r)) out.push(...r);
      }
    }
    return out;
  }
}

/** Runs a plugin's code; what it throws becomes an error that names the plugin (not an internal error of the toolkit). */
function guarded<T>(p: Registered, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw pluginError(p, what, err);
  }
}

function pluginError(p: Registered, what: string, err: unknown): ToolError {
  const why = err instanceof Error ? err.message : String(err);
  const where = p.source === 'built-in' ? 'the built-in plugin' : p.source;
  return new ToolError(`Plugin '${p.def.name}' (${where}) failed in its ${what}: ${why}`, {
    ...(p.source === 'built-in' ? {} : { file: p.source }),
    fix: p.source === 'built-in' ? 'This is a bug of the toolkit: run again with --debug and report the stack trace.' : 'Fix the plugin (run again with --debug for its stack trace), or remove it from methodology.config.json.',
    code: 'E-PLUGIN',
    cause: err,
  });
}

const SEVERITIES = new Set(['error', 'warning', 'info']);

/**
 * A rule's finding as the toolkit prints it (the shape of schemas/diagnostic.schema.json): code and message are
 * required, severity defaults to the rule's; any other field is left out. Anything else is the plugin's error.
 */
function checkedFinding(p: Registered, rule: ValidationRule, d: unknown, i: number): Diagnostic {
  const bad = (why: string): never => {
    throw pluginError(p, `rule '${rule.id}'`, new Error(`finding ${i} ${why}; a finding is { code, message, severity?, file?, line?, column?, hint? }`));
  };
  if (!d || typeof d !== 'object' || Array.isArray(d)) return bad(`is ${d === null ? 'null' : Array.isArray(d) ? 'an array' : typeof d}, not an object`);
  const f = d as Record<string, unknown>;
  if (typeof f.code !== 'string' || !f.code) return bad('has no code (a string such as W-MY-RULE)');
  if (typeof f.message !== 'string' || !f.message) return bad('has no message');
  const severity = f.severity ?? rule.severity ?? 'warning';
  if (typeof severity !== 'string' || !SEVERITIES.has(severity)) return bad(`has severity ${JSON.stringify(severity)} (error, warning or info)`);
  const out: Diagnostic = { code: f.code, severity: severity as Severity, message: f.message };
  if (typeof f.file === 'string' && f.file) out.file = f.file;
  if (Number.isInteger(f.line) && (f.line as number) > 0) out.line = f.line as number;
  if (Number.isInteger(f.column) && (f.column as number) > 0) out.column = f.column as number;
  if (typeof f.hint === 'string' && f.hint) out.hint = f.hint;
  if (typeof f.pointer === 'string') out.pointer = f.pointer;
  return out;
}
