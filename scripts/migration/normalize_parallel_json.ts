#!/usr/bin/env node
/**
 * normalize_parallel_json: prints parallel.json in its canonical v2 form (parallel.md §1.5): legacy names renamed
 * (plan → plan_name, parallelization_level → scope, id → achievement_id, name → title, analysis_notes → notes),
 * seed levels[] flattened into achievements[], hour strings normalised, unknown keys kept in place.
 * With --write, replaces the file atomically (temporary file + rename) and keeps the previous version as
 * parallel.json.bak.
 */
import { describeBackup, writeFileAtomically } from '../lib/write.ts';
import { EXIT } from '../lib/diagnostics.ts';
import { isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { normalizeDefinition } from '../lib/parallel/commands.ts';
import { openParallel } from '../lib/parallel/analysis.ts';
import { formatJson } from '../lib/json.ts';
import { hasErrors } from '../lib/parallel/load.ts';
import { canonicalOrder } from '../lib/parallel/normalize.ts';
import { displayPath } from '../lib/parallel/render.ts';

export const definition: CommandDef = normalizeDefinition;


export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const opened = await openParallel(args.positionals[0] as string, io.cwd, v.root !== undefined ? { root: v.root as string } : {});
  const { target, pf } = opened;
  const s = io.errStyle;
  const report = (ds: typeof target.diagnostics) => {
    for (const d of ds) {
      const at = d.line !== undefined ? `${displayPath(d.file ?? '', io.cwd)}:${d.line}:${d.column ?? 1} ` : d.file ? `${displayPath(d.file, io.cwd)} ` : '';
      const mark = d.severity === 'error' ? s.red('error') : d.severity === 'warning' ? s.yellow('warning') : s.blue('normalised');
      io.err(`${mark} ${at}${d.code} ${d.message}\n`);
    }
  };
  if (!pf || !pf.normalized) {
    const errors = [...target.diagnostics, ...(pf?.diagnostics ?? [])].filter((d) => d.severity === 'error');
    report(errors);
    // Why, by the first error (the lines above give its details); its hint says what to do.
    const hint = errors.find((d) => d.hint)?.hint;
    const WHY: Record<string, string> = { 'E-JSON': 'the file is not valid JSON', 'E-ROOT': 'the file must hold a JSON object' };
    const missing = !pf && (errors.length === 0 || errors.some((d) => /^File not found/.test(d.message)));
    const why = WHY[errors[0]?.code ?? ''] ?? (missing ? 'there is no parallel.json to read' : 'the file cannot be read');
    io.err(`${s.red('❌')} Nothing to normalise: ${why}.${hint ? `\n${s.yellow('💡 Fix:')} ${hint}` : ''}\n`);
    return EXIT.error;
  }
  const text = formatJson(canonicalOrder(pf.normalized));
  const errors = hasErrors(pf.diagnostics);
  const changes = pf.diagnostics.filter((d) => d.severity === 'info' && d.code.startsWith('I-'));
  if (!v.write) {
    io.out(text);
    report(pf.diagnostics.filter((d) => d.severity !== 'info' || d.code.startsWith('I-')));
    return errors ? EXIT.error : EXIT.ok;
  }
  report(pf.diagnostics.filter((d) => d.severity !== 'info' || d.code.startsWith('I-')));
  if (errors) {
    io.err(`${s.red('❌')} Not written: fix the errors above first (validate_parallel_json ${displayPath(pf.file, io.cwd)}).\n`);
    return EXIT.error;
  }
  if (pf.json?.text === text) {
    io.err(`✅ ${displayPath(pf.file, io.cwd)} is already canonical; left unchanged.\n`);
    return EXIT.ok;
  }
  const r = writeFileAtomically(pf.file, text, { overwrite: true });
  io.err(`✅ Wrote ${displayPath(r.written, io.cwd)} in canonical form (${changes.length} normalisation${changes.length === 1 ? '' : 's'}); ${describeBackup(r, (p) => displayPath(p, io.cwd))}\n`);
  return EXIT.ok;
}

if (isEntry(import.meta.url)) runMain(definition, main);
