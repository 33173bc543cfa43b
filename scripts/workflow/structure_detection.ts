#!/usr/bin/env node
/**
 * structure_detection: the layout of a plan (nested, flat, grouped, legacy numbering) and anything misplaced.
 */
import { EXIT, UsageError } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { openContext, requirePlan } from '../lib/context.ts';
import { allStructure, planStructure, renderAllStructure, renderStructure } from '../lib/structure.ts';
import { renderDiagnostics } from '../lib/render.ts';

export const definition: CommandDef = {
  name: 'structure_detection',
  summary: 'Show the layout of a plan (or of every plan, with --all) and anything misplaced.',
  positionals: [{ name: '<plan>', description: '@FOLDER, @FEATURE, @PLAN_NAME.md, or a path to the PLAN file' }],
  options: {
    all: { type: 'boolean', description: 'Every plan of the workspace' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  examples: ['structure_detection @SEARCH-INDEX', 'structure_detection --all --json'],
  exitCodes: [
    [0, 'layout reported (misplaced files are data, not failure; with --all, a plan that cannot be read is listed with its error)'],
    [1, 'error: plan not found or unreadable'],
    [2, 'usage error'],
  ],
};

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const target = args.positionals[0];
  if (v.all && target !== undefined) throw new UsageError('Give a plan or --all, not both');
  if (!v.all && target === undefined) throw new UsageError('Missing argument: <plan> (or use --all)', 'Example: structure_detection @SEARCH-INDEX');
  const ctx = await openContext(io.cwd, v, target);
  if (v.all) {
    const all = allStructure(ctx);
    io.out(v.json ? JSON.stringify(all, null, 2) + '\n' : renderAllStructure(all));
    if (!v.json && all.warnings.length) io.err(renderDiagnostics(all.warnings, (p) => p, io.errStyle));
    if (!v.json && all.errors.length) {
      io.err(`${io.errStyle.yellow('⚠️')}  ${all.errors.length} plan${all.errors.length === 1 ? '' : 's'} could not be read: ${all.errors.map((e) => e.file).join(', ')}\n`);
    }
    return EXIT.ok;
  }
  const s = planStructure(ctx, requirePlan(ctx, target as string));
  io.out(v.json ? JSON.stringify(s, null, 2) + '\n' : renderStructure(s));
  return EXIT.ok;
}

if (isEntry(import.meta.url)) runMain(definition, main);
