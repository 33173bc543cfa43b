#!/usr/bin/env node
/**
 * analyze_dependencies: depths, ready set, per-depth groups, the three whole-plan times (sequential,
 * level-synchronous, critical path) with ranges and an executor cap, bottlenecks, and the graph as indented text,
 * Mermaid or Graphviz DOT.
 */
import { EXIT, UsageError } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { analyzeDefinition } from '../lib/parallel/commands.ts';
import { analyzeParallel, openParallel } from '../lib/parallel/analysis.ts';
import { reportNotes, reportUnusable } from '../lib/parallel/cli-support.ts';
import { analysisJson, analysisText, dot, mermaid } from '../lib/parallel/render.ts';

export const definition: CommandDef = analyzeDefinition;

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  let executors: number | undefined;
  if (v.executors !== undefined) {
    const raw = String(v.executors);
    // No upper limit of its own: more executors than achievements simply means "unlimited" (the scheduling never
    // allocates per executor). The bound is where a number stops being exact.
    const k = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(k >= 1 && k <= Number.MAX_SAFE_INTEGER)) throw new UsageError(`--executors must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER} (got '${raw}')`, 'Example: --executors 2');
    executors = k;
  }
  const format = (v.format as string | undefined) ?? 'text';
  const opened = await openParallel(args.positionals[0] as string, io.cwd, { withPlan: true, ...(v.root !== undefined ? { root: v.root as string } : {}) });
  const unusable = reportUnusable(opened, io, definition.name, format === 'json');
  if (unusable !== undefined) return unusable;
  const { pf, ctx } = opened as Required<typeof opened>;
  const analysis = analyzeParallel(pf, ctx, executors !== undefined ? { executors } : {});
  const critical = v['critical-path'] === true;
  if (format === 'json') io.out(analysisJson(analysis, { criticalPath: critical, cwd: io.cwd }));
  else if (format === 'mermaid') io.out(mermaid(analysis, { criticalPath: critical }));
  else if (format === 'dot') io.out(dot(analysis, { criticalPath: critical }));
  else io.out(analysisText(analysis, io.outStyle, { criticalPath: critical }));
  reportNotes(opened, analysis.diagnostics, io);
  return EXIT.ok;
}

if (isEntry(import.meta.url)) runMain(definition, main);
