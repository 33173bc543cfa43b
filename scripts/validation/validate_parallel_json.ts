#!/usr/bin/env node
/**
 * validate_parallel_json: every check of parallel.md §2.5 on a plan's parallel.json, each finding with code,
 * severity, message, hint, JSON pointer and line:column.
 */
import { EXIT } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { contextFor, analyzeParallel, openParallel, planNameCheck } from '../lib/parallel/analysis.ts';
import { checkClaims } from '../lib/parallel/claims.ts';
import { hasErrors, sortDiagnostics } from '../lib/parallel/load.ts';
import type { ParallelDiagnostic } from '../lib/parallel/model.ts';
import { validationJson, validationSarif, validationText, type ValidationReport } from '../lib/parallel/render.ts';
import { planTimes } from '../lib/parallel/times.ts';

export const definition: CommandDef = {
  name: 'validate_parallel_json',
  summary: "Check a plan's parallel.json: schema, ids, dependencies, cycles, hours, declared levels and stored derived data.",
  positionals: [{ name: '<file | @plan>', description: 'path to parallel.json (or its folder), or the plan: @FOLDER, @FEATURE', required: true }],
  options: {
    format: { type: 'string', arg: 'FORMAT', choices: ['text', 'json', 'sarif'], description: 'Output format (default text)' },
    strict: { type: 'boolean', description: 'Warnings fail too; missing dependencies and an empty list are errors; stored status is a warning' },
    'check-claims': { type: 'boolean', description: 'Compare stored totals, times, waves and statuses with the computed ones (W-CLAIMS)' },
    quiet: { type: 'boolean', short: 'q', description: 'Print only error and warning lines (text format); rely on the exit code' },
  },
  examples: [
    'validate_parallel_json @GRAPHRAG-OBSERVABILITY-VALIDATION',
    'validate_parallel_json work-space/plans/MY-PLAN/parallel.json --strict',
    'validate_parallel_json @MY-PLAN --check-claims --format json',
    'validate_parallel_json @MY-PLAN --format sarif > parallel.sarif',
  ],
  exitCodes: [
    [0, 'valid (warnings allowed, unless --strict)'],
    [1, 'invalid: errors found (with --strict: warnings too), file missing or unreadable, or the plan was not found'],
    [2, 'usage error'],
  ],
};

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const strict = v.strict === true;
  const format = (v.format as string | undefined) ?? 'text';
  const opened = await openParallel(args.positionals[0] as string, io.cwd, { strict, ...(v.root !== undefined ? { root: v.root as string } : {}) });
  const { target, pf } = opened;
  const diagnostics: ParallelDiagnostic[] = [...target.diagnostics];
  let report: ValidationReport;
  if (!pf) {
    report = { file: target.file ?? target.diagnostics[0]?.file ?? target.dir, valid: false, strict, diagnostics, cycles: [], stats: { achievements: 0, dependencies: 0, depths: 0, sequentialHours: null, criticalPathHours: null } };
  } else {
    diagnostics.push(...pf.diagnostics, ...planNameCheck(pf, target));
    const acyclic = pf.cycles.acyclic;
    const times = acyclic && pf.achievements.length ? planTimes(pf.graph, pf.layering, pf.achievements.map((a) => a.hours)) : undefined;
    if (v['check-claims'] && pf.normalized) {
      // Claims need the derived status, hence the plan; a file with errors is compared as far as it can be.
      const analysis = acyclic ? analyzeParallel(pf, await contextFor(target, pf)) : undefined;
      diagnostics.push(...checkClaims(pf, analysis));
      if (analysis) diagnostics.push(...analysis.diagnostics);
    }
    const sorted = sortDiagnostics(diagnostics);
    const failed = hasErrors(sorted) || (strict && sorted.some((d) => d.severity === 'warning'));
    report = {
      file: pf.file,
      valid: !failed,
      strict,
      diagnostics: sorted,
      cycles: pf.cycles.cycles,
      stats: {
        achievements: pf.achievements.length,
        dependencies: pf.graph.edgeCount,
        depths: acyclic ? pf.layering.maxDepth + 1 : 0,
        sequentialHours: times ? times.sequential : null,
        criticalPathHours: times ? { min: times.criticalPath.min.total, max: times.criticalPath.max.total } : null,
      },
    };
  }
  if (format === 'json') io.out(validationJson(report, io.cwd));
  else if (format === 'sarif') io.out(validationSarif(report, io.cwd, definition.name));
  else io.out(validationText(report, io.outStyle, { quiet: v.quiet === true, cwd: io.cwd }));
  return report.valid ? EXIT.ok : EXIT.error;
}

if (isEntry(import.meta.url)) runMain(definition, main);
