#!/usr/bin/env node
/**
 * generate_completion_status: one plan's completion report, or one row per plan with --all.
 */
import { EXIT, UsageError } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { openContext, requirePlan } from '../lib/context.ts';
import { allReport, planReport, renderAll, renderPlanReport } from '../lib/status-report.ts';
import { renderDiagnostics } from '../lib/render.ts';
import { parallelFor } from '../lib/parallel-bridge.ts';

export const definition: CommandDef = {
  name: 'generate_completion_status',
  summary: 'Report how complete a plan is (or every plan, with --all).',
  positionals: [{ name: '<plan>', description: '@FOLDER, @FEATURE, @PLAN_NAME.md, or a path to the PLAN file' }],
  options: {
    all: { type: 'boolean', description: 'One row per plan in the workspace' },
    json: { type: 'boolean', description: 'Print the report as JSON' },
    verbose: { type: 'boolean', description: 'Add details: files, archive, notes (warnings go to stderr in any case)' },
    'trust-plan': { type: 'boolean', description: 'Count completion written in the PLAN text' },
    'trust-filesystem': { type: 'boolean', description: 'Count only APPROVED/SKIPPED files' },
  },
  examples: ['generate_completion_status @SEARCH-INDEX', 'generate_completion_status --all', 'generate_completion_status --all --json'],
  exitCodes: [
    [0, 'the plan is complete (always 0 with --all)'],
    [1, 'the plan is not complete, or an error (plan not found, unreadable input)'],
    [2, 'usage error'],
  ],
};

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const target = args.positionals[0];
  if (v.all && target !== undefined) throw new UsageError('Give a plan or --all, not both');
  if (!v.all && target === undefined) throw new UsageError('Missing argument: <plan> (or use --all)', 'Example: generate_completion_status @SEARCH-INDEX');
  const ctx = await openContext(io.cwd, v, target);
  if (v.all) {
    const report = allReport(ctx);
    const unusable = ctx.resolver.plans().ignored.flatMap((i) => (i.notAFile ? [{ path: ctx.rel(i.path), what: i.notAFile }] : []));
    io.out(v.json ? JSON.stringify(report, null, 2) + '\n' : renderAll(report, unusable));
    if (!v.json && report.warnings.length) io.err(renderDiagnostics(report.warnings, (p) => p, io.errStyle));
    return EXIT.ok;
  }
  const { report, analysis } = planReport(ctx, requirePlan(ctx, target as string));
  const parallel = await parallelFor(ctx, analysis, ctx.rootArg);
  if (v.json) io.out(JSON.stringify(parallel ? { ...report, parallel } : report, null, 2) + '\n');
  else {
    io.out(renderPlanReport(report, v.verbose === true));
    // As generate_prompt does: the warnings (the PLAN's, the evidence's, the plugins' rules') on stderr.
    const shown = report.warnings.filter((w) => w.severity !== 'info');
    if (shown.length) io.err(renderDiagnostics(shown, (p) => p, io.errStyle));
    for (const n of parallel?.note ?? []) io.err(`${n}\n`);
  }
  return report.complete ? EXIT.ok : EXIT.error;
}

if (isEntry(import.meta.url)) runMain(definition, main);
