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
        for (const d of found) out.push(d.severity ? d : { ...d, severity: rule.severity ?? 'warning' });
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
