#!/usr/bin/env node
/**
 * analyze_dependencies: depths, ready set, per-depth groups, the three whole-plan times (sequential,
 * level-synchronous, critical path) with ranges and an executor cap, bottlenecks, and the graph as indented text,
 * Mermaid or Graphviz DOT.
 */
import { EXIT } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { analyzeDefinition } from '../lib/parallel/commands.ts';
import { analyzeParallel, openParallel } from '../lib/parallel/analysis.ts';
import { executorsOption, reportNotes, reportUnusable } from '../lib/parallel/cli-support.ts';
import { analysisJsonPieces, analysisText, dotPieces, mermaidPieces } from '../lib/parallel/render.ts';

export const definition: CommandDef = analyzeDefinition;

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const limits = executorsOption(v.executors);
  const format = (v.format as string | undefined) ?? 'text';
  const opened = await openParallel(args.positionals[0] as string, io.cwd, { withPlan: true, ...(v.root !== undefined ? { root: v.root as string } : {}) });
  const unusable = reportUnusable(opened, io, definition.name, format === 'json');
  if (unusable !== undefined) return unusable;
  const { pf, ctx } = opened as Required<typeof opened>;
  const analysis = analyzeParallel(pf, ctx, limits);
  const critical = v['critical-path'] === true;
  // The long formats are written piece by piece (at 10,000 achievements ~6 MB of JSON, ~2 MB of DOT, never as one
  // string or buffer).
  if (format === 'text') io.out(analysisText(analysis, io.outStyle, { criticalPath: critical }));
  else {
    const pieces = format === 'json' ? analysisJsonPieces(analysis, { criticalPath: critical, cwd: io.cwd }) : format === 'mermaid' ? mermaidPieces(analysis, { criticalPath: critical }) : dotPieces(analysis, { criticalPath: critical });
    for (const piece of pieces) io.out(piece);
  }
  reportNotes(opened, analysis.diagnostics, io);
  return EXIT.ok;
}

if (isEntry(import.meta.url)) runMain(definition, main);
