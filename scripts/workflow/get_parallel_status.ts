#!/usr/bin/env node
/**
 * get_parallel_status: the derived status of every achievement of a plan's parallel.json (APPROVED, SKIPPED, FIX
 * newer than the executions, real or placeholder EXECUTION_TASK, SUBPLAN, nothing), with depth, readiness, hours,
 * executor, progress, the ready set and the remaining critical path. The same answer from any working directory.
 */
import { EXIT } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { statusDefinition } from '../lib/parallel/commands.ts';
import { analyzeParallel, openParallel } from '../lib/parallel/analysis.ts';
import { executorsOption, reportNotes, reportUnusable } from '../lib/parallel/cli-support.ts';
import { statusJsonPieces, statusTablePieces } from '../lib/parallel/render.ts';

export const definition: CommandDef = statusDefinition;

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const json = v.format === 'json';
  const limits = executorsOption(v.executors);
  const opened = await openParallel(args.positionals[0] as string, io.cwd, { withPlan: true, ...(v.root !== undefined ? { root: v.root as string } : {}) });
  const unusable = reportUnusable(opened, io, definition.name, json);
  if (unusable !== undefined) return unusable;
  const { pf, ctx } = opened as Required<typeof opened>;
  const analysis = analyzeParallel(pf, ctx, limits);
  // Written piece by piece: ~6 MB of JSON, ~1 MB of table at 10,000 achievements, never as one string or buffer.
  const opts = { remaining: v.remaining === true, cwd: io.cwd };
  for (const piece of json ? statusJsonPieces(analysis, opts) : statusTablePieces(analysis, io.outStyle, opts)) io.out(piece);
  reportNotes(opened, analysis.diagnostics, io);
  return EXIT.ok;
}

if (isEntry(import.meta.url)) runMain(definition, main);
