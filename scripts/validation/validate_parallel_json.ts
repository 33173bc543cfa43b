#!/usr/bin/env node
/**
 * validate_parallel_json: every check of parallel.md §2.5 on a plan's parallel.json, each finding with code,
 * severity, message, hint, JSON pointer and line:column.
 */
import { EXIT, ToolError } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { validateDefinition } from '../lib/parallel/commands.ts';
import { contextFor, analyzeParallel, openParallel, planNameCheck, type Opened } from '../lib/parallel/analysis.ts';
import { checkClaims } from '../lib/parallel/claims.ts';
import { hasErrors, sortDiagnostics } from '../lib/parallel/load.ts';
import type { ParallelDiagnostic } from '../lib/parallel/model.ts';
import { validationJson, validationSarif, validationText, type ValidationReport } from '../lib/parallel/render.ts';
import { planTimes } from '../lib/parallel/times.ts';

export const definition: CommandDef = validateDefinition;

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const strict = v.strict === true;
  const format = (v.format as string | undefined) ?? 'text';
  let opened: Opened;
  try {
    opened = await openParallel(args.positionals[0] as string, io.cwd, { strict, ...(v.root !== undefined ? { root: v.root as string } : {}) });
  } catch (err) {
    // A plan that cannot be found still gets a SARIF log (a CI step uploads whatever stdout holds); the message
    // and the exit code come from the error boundary, as for every other format.
    if (format === 'sarif' && err instanceof ToolError) {
      const d: ParallelDiagnostic = { code: err.code, severity: 'error', message: err.message, file: err.file ?? io.cwd, ...(err.fix ? { hint: err.fix } : {}) };
      const stats = { achievements: 0, dependencies: 0, depths: 0, sequentialHours: null, criticalPathHours: null };
      // The file was never checked: the run did not succeed (a failure to check, not a finding about a file).
      io.out(validationSarif({ file: d.file as string, valid: false, strict, diagnostics: [d], cycles: [], stats }, io.cwd, definition.name, { exitCode: err.exitCode, executionSuccessful: false }));
    }
    throw err;
  }
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
  // URIs relative to the project root (where work-space/ is, normally the repository's root): the same log from
  // any working directory, as code-scanning uploads expect.
  else if (format === 'sarif') io.out(validationSarif(report, opened.target.ws?.root ?? io.cwd, definition.name));
  else io.out(validationText(report, io.outStyle, { quiet: v.quiet === true, cwd: io.cwd }));
  return report.valid ? EXIT.ok : EXIT.error;
}

if (isEntry(import.meta.url)) runMain(definition, main);
