/**
 * Project configuration (`methodology.config.json`) and plugin loading.
 * The config is validated against schemas/config.schema.json by the ajv validator generated at build time;
 * every problem names the file and the field.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import validateConfig from '../../generated/config.validate.js';
import type { MethodologyConfig } from '../../generated/config.ts';
import { ToolError } from './diagnostics.ts';
import { readText } from './fsio.ts';
import { parseJson } from './json.ts';
import { CONFIG_FILE, type Workspace } from './workspace.ts';
import { PluginRegistry, type PluginDefinition } from '../../plugins/registry.ts';
import corePlugin from '../../plugins/core/index.ts';

export type { MethodologyConfig };

export interface Limits {
  maxFileBytes: number;
  achievementSectionLines: number;
  handoffLines: number;
}

export const DEFAULT_LIMITS: Limits = { maxFileBytes: 2 * 1024 * 1024, achievementSectionLines: 100, handoffLines: 40 };

export interface LoadedConfig {
  config: MethodologyConfig;
  /** The config file, when the project has one. */
  file?: string;
  limits: Limits;
  registry: PluginRegistry;
}

function describeAjvError(e: ErrorObject): string {
  const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return `unknown field "${e.instancePath ? `${field}.` : ''}${extra}"`;
  }
  if (e.keyword === 'enum') return `field "${field}" ${e.message}: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `field "${field}" ${e.message}`;
}

export function parseConfig(text: string, file: string): MethodologyConfig {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column } = parsed.position;
    throw new ToolError(`${file}:${line}:${column}: not valid JSON (${parsed.error.message})`, {
      file,
      fix: 'Fix the JSON syntax (a trailing comma or a missing quote is the usual cause).',
      code: 'E-CONFIG',
    });
  }
  const data = parsed.doc.value;
  if (!validateConfig(data)) {
    const errors = (validateConfig.errors ?? []).map(describeAjvError);
    throw new ToolError(`${file}: ${errors[0] ?? 'invalid configuration'}`, {
      file,
      fix: 'Allowed fields: plugins (array of module paths), trust (auto|plan|filesystem), projectContext (path), limits {maxFileBytes, achievementSectionLines, handoffLines}.',
      details: errors.slice(1),
      code: 'E-CONFIG',
    });
  }
  return data as MethodologyConfig;
}

function fieldError(file: string, field: string, problem: string): ToolError {
  return new ToolError(`Plugin ${file}: field "${field}" ${problem}`, {
    file,
    fix: 'A plugin exports (default) an object { name, templates?, templateDirs?, rules?, stateNotes? }; see plugins/registry.ts.',
    code: 'E-PLUGIN',
  });
}

/** Checks the shape of a plugin definition; throws a ToolError naming the file and the field. */
export function checkPlugin(value: unknown, file: string): PluginDefinition {
  if (!value || typeof value !== 'object') throw fieldError(file, 'default', 'must export a plugin definition object');
  const p = value as Record<string, unknown>;
  if (typeof p.name !== 'string' || !p.name.trim()) throw fieldError(file, 'name', 'must be a non-empty string');
  if (p.templates !== undefined) {
    if (!p.templates || typeof p.templates !== 'object') throw fieldError(file, 'templates', 'must be an object of template texts');
    for (const [k, v] of Object.entries(p.templates)) if (typeof v !== 'string') throw fieldError(file, `templates.${k}`, 'must be a string (eta template text)');
  }
  if (p.templateDirs !== undefined && (!Array.isArray(p.templateDirs) || p.templateDirs.some((d) => typeof d !== 'string'))) {
    throw fieldError(file, 'templateDirs', 'must be an array of folder paths');
  }
  if (p.documentKinds !== undefined) {
    // It was accepted once and never had an effect: the document kinds are the methodology's own (PLAN, SUBPLAN,
    // EXECUTION_TASK, APPROVED, FIX, FIX_RESOLUTION, SKIPPED), read by one set of file-name rules.
    throw fieldError(file, 'documentKinds', 'is not supported: the toolkit reads only the methodology\'s own document kinds (remove the field)');
  }
  if (p.rules !== undefined) {
    if (!Array.isArray(p.rules)) throw fieldError(file, 'rules', 'must be an array');
    p.rules.forEach((r: unknown, i: number) => {
      const d = r as Record<string, unknown>;
      if (!d || typeof d.id !== 'string') throw fieldError(file, `rules[${i}].id`, 'must be a string');
      if (typeof d.check !== 'function') throw fieldError(file, `rules[${i}].check`, 'must be a function (ctx) => Diagnostic[]');
    });
  }
  if (p.stateNotes !== undefined && (!Array.isArray(p.stateNotes) || p.stateNotes.some((f) => typeof f !== 'function'))) {
    throw fieldError(file, 'stateNotes', 'must be an array of functions');
  }
  return p as unknown as PluginDefinition;
}

/**
 * The compiled bins run their bundle through vm.Script (for the V8 code cache), and code compiled that way cannot
 * import() without an experimental flag: the launcher (build/build.mjs) lends its own import() under this key.
 * Under tsx there is none, and the module's own import() is used.
 */
export const BIN_IMPORT = Symbol.for('methodology-toolkit.import');

function importModule(url: string): Promise<unknown> {
  const lent = (globalThis as Record<symbol, unknown>)[BIN_IMPORT];
  return typeof lent === 'function' ? (lent as (u: string) => Promise<unknown>)(url) : import(url);
}

/**
 * Reads the project configuration (if any) and builds the plugin registry: built-in first, then user plugins.
 * With `plugins: false` (scripts that use no template, rule or note: the parallel.json ones), user plugins are not
 * loaded, so they neither cost time nor stop such a script when one is broken.
 */
export async function loadConfig(ws: Workspace, opts: { plugins?: boolean } = {}): Promise<LoadedConfig> {
  const registry = new PluginRegistry();
  registry.register(corePlugin, 'built-in');
  const file = join(ws.root, CONFIG_FILE);
  if (!existsSync(file)) return { config: {}, limits: { ...DEFAULT_LIMITS }, registry };
  const config = parseConfig(readText(file, { what: 'Configuration file', json: true }), file);
  for (const [i, rel] of (opts.plugins === false ? [] : (config.plugins ?? [])).entries()) {
    const path = resolve(ws.root, rel);
    if (!existsSync(path)) {
      throw new ToolError(`${file}: plugins[${i}] names a file that does not exist: ${rel}`, { file, fix: `Fix the path (relative to ${ws.root}) or remove the entry.`, code: 'E-PLUGIN' });
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await importModule(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (err) {
      throw new ToolError(`Plugin ${path} failed to load: ${(err as Error).message}`, { file: path, fix: 'Fix the module (it must be an ES module).', code: 'E-PLUGIN', cause: err });
    }
    const def = checkPlugin(mod.default ?? mod.plugin, path);
    try {
      registry.register(def, path);
    } catch (err) {
      throw new ToolError(`Plugin ${path}: ${(err as Error).message}`, { file: path, fix: 'Give the plugin a unique name.', code: 'E-PLUGIN' });
    }
  }
  return { config, file, limits: { ...DEFAULT_LIMITS, ...config.limits }, registry };
}
