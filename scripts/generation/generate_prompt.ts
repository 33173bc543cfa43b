#!/usr/bin/env node
/**
 * generate_prompt: where a plan stands, and the prompt for its next step on stdout.
 */
import { EXIT, UsageError } from '../lib/diagnostics.ts';
import { formatCommand, isEntry, runMain, type CommandDef, type Io, type ParsedArgs } from '../lib/cli.ts';
import { openContext, planShortcut, requirePlan } from '../lib/context.ts';
import { buildPrompt, checkAchievementArg, exitCodeOf } from '../lib/next-prompt.ts';
import { promptJson, renderConflictNotes, renderConflicts, renderDiagnostics, renderExplain } from '../lib/render.ts';
import { copyToClipboard } from '../lib/clipboard.ts';
import { loadPlan } from '../lib/analysis.ts';
import { discoveryPrompt, parallelFor } from '../lib/parallel-bridge.ts';
import { describeBackup, writeFileAtomically } from '../lib/write.ts';
import { resolve } from 'node:path';

export const definition: CommandDef = {
  name: 'generate_prompt',
  summary: 'Tell where a plan stands and print the prompt for its next step.',
  positionals: [{ name: '<plan>', description: '@FOLDER, @FEATURE, @PLAN_NAME.md, or a path to the PLAN file', required: true }],
  options: {
    next: { type: 'boolean', description: 'Pick the next achievement automatically (the default)' },
    achievement: { type: 'string', arg: 'X.Y', description: 'Work on this achievement' },
    json: { type: 'boolean', description: 'Print the state result and the prompt as JSON' },
    explain: { type: 'boolean', description: 'Also print (on stderr) why this state was chosen and the files that prove it' },
    clipboard: { type: 'boolean', description: 'Also copy the prompt to the clipboard (a warning, never a failure, when there is none)' },
    'trust-plan': { type: 'boolean', description: 'Count completion written in the PLAN text; skip conflict checks' },
    'trust-filesystem': { type: 'boolean', description: 'Count only APPROVED/SKIPPED files; skip conflict checks' },
    'no-project-context': { type: 'boolean', description: 'Leave the PROJECT CONTEXT block out of the prompt' },
    'parallel-upgrade': { type: 'boolean', description: 'Print the prompt that asks the LLM to write parallel.json (dependency discovery; alias --parallel-analyze)' },
    'parallel-analyze': { type: 'boolean', description: 'Alias of --parallel-upgrade', hidden: true },
    scope: { type: 'string', arg: 'SCOPE', description: 'With --parallel-upgrade: what to analyse', choices: ['achievement', 'priority', 'plan'] },
    priority: { type: 'string', arg: 'N', description: 'With --parallel-upgrade: the priority group to analyse (scope priority)' },
    output: { type: 'string', arg: 'FILE', description: 'Write the prompt to FILE instead of stdout (never replaces a file unless --force)' },
    force: { type: 'boolean', description: 'With --output: replace an existing file (the old one is kept as FILE.bak)' },
  },
  examples: [
    'generate_prompt @SEARCH-INDEX --next',
    'generate_prompt @SEARCH-INDEX --achievement 1.2 --json',
    'generate_prompt work-space/plans/SEARCH-INDEX/PLAN_SEARCH-INDEX.md --explain',
    'generate_prompt @SEARCH-INDEX --parallel-upgrade --scope priority --priority 2',
  ],
  exitCodes: [
    [0, 'prompt (or completion message) printed'],
    [1, 'error: plan or achievement not found, unreadable or invalid input'],
    [2, 'usage error'],
    [3, 'conflict between the PLAN and the filesystem (rerun with --trust-plan or --trust-filesystem)'],
  ],
};

/** Puts the prompt where it was asked for: stdout, or --output FILE (atomic, never replacing without --force). */
function deliver(prompt: string, v: ParsedArgs['values'], io: Io): void {
  const text = prompt.endsWith('\n') ? prompt : `${prompt}\n`;
  if (typeof v.output === 'string') {
    const file = resolve(io.cwd, v.output);
    const r = writeFileAtomically(file, text, { overwrite: v.force === true, refuseFix: 'Pass --force to replace it (the old file is kept as .bak), or choose another --output.' });
    const kept = describeBackup(r);
    io.err(`✅ Prompt written to ${r.written}${kept ? ` (${kept})` : ''}\n`);
  } else io.out(text);
}

export async function main(args: ParsedArgs, io: Io): Promise<number> {
  const v = args.values;
  const upgrade = v['parallel-upgrade'] === true || v['parallel-analyze'] === true;
  if (!upgrade && (v.scope !== undefined || v.priority !== undefined)) throw new UsageError('--scope and --priority go with --parallel-upgrade');
  if (v.force && v.output === undefined) throw new UsageError('--force goes with --output FILE');
  if (v.output === '') throw new UsageError('--output needs a file name (got an empty one)', 'Example: --output prompt.md');
  if (v.json && v.output !== undefined) {
    throw new UsageError('--json prints the result as JSON on stdout and --output writes the prompt to a file: use one of them', 'To keep the JSON in a file, redirect it: --json > FILE.');
  }
  if (v.priority !== undefined && !/^\d+(?:\.\d+)?$/.test(String(v.priority))) {
    throw new UsageError(`--priority takes the number of a PLAN priority (got '${String(v.priority)}')`, 'Example: --scope priority --priority 2');
  }
  if (upgrade && v.next) throw new UsageError('--parallel-upgrade writes the discovery prompt; it does not take --next');
  if (v.next && v.achievement !== undefined) throw new UsageError('Use either --next or --achievement X.Y, not both');
  const achievementId = v.achievement !== undefined ? checkAchievementArg(String(v.achievement)) : undefined;
  const target = args.positionals[0] as string;
  const ctx = await openContext(io.cwd, v, target);
  const loc = requirePlan(ctx, target);
  const shortcut = planShortcut(ctx, loc);
  const root = ctx.rootArg;
  if (upgrade) {
    const plan = loadPlan(loc, ctx.src);
    const analysis = { location: loc, plan };
    const prompt = await discoveryPrompt(ctx, analysis, {
      ...(v.scope !== undefined ? { scope: v.scope as 'achievement' | 'priority' | 'plan' } : {}),
      ...(v.priority !== undefined ? { priority: String(v.priority) } : {}),
      ...(achievementId ? { achievement: achievementId } : {}),
      ...(root !== undefined ? { root } : {}),
    });
    if (v.json) io.out(JSON.stringify({ plan: plan.feature, template: 'parallel-discovery', prompt }, null, 2) + '\n');
    else deliver(prompt, v, io);
    return EXIT.ok;
  }
  const trustFlags = { 'trust-plan': v['trust-plan'], 'trust-filesystem': v['trust-filesystem'] };
  const result = buildPrompt(ctx, {
    plan: loc,
    ...(achievementId ? { achievementId } : {}),
    projectContext: !v['no-project-context'],
    commands: (id) => ({
      self: formatCommand(definition, [shortcut], { ...(id ? { achievement: id } : { next: true }), ...trustFlags, root }),
      next: formatCommand(definition, [shortcut], { next: true, ...trustFlags, root }),
    }),
  });
  const code = exitCodeOf(result);
  const parallel = await parallelFor(ctx, result.analysis, root);
  if (v.json) io.out(JSON.stringify({ ...promptJson(result, ctx.rel), ...(parallel ? { parallel } : {}) }, null, 2) + '\n');
  if (code === EXIT.conflict) {
    io.err(
      renderConflicts(
        result.blocking,
        {
          plan: formatCommand(definition, [shortcut], { next: true, 'trust-plan': true, root }),
          filesystem: formatCommand(definition, [shortcut], { next: true, 'trust-filesystem': true, root }),
        },
        io.errStyle,
      ),
    );
    return code;
  }
  if (!v.json) deliver(result.prompt, v, io);
  // Conflicts that did not stop --next (a PLAN text claim without review, or any with --trust-*): say so, as --json does.
  const aside = result.conflicts.filter((c) => !result.blocking.includes(c));
  if (aside.length && !v.json) io.err(renderConflictNotes(aside, io.errStyle));
  const shown = result.warnings.filter((w) => w.severity !== 'info');
  if (shown.length) io.err(renderDiagnostics(shown, ctx.rel, io.errStyle));
  if (!v.json) {
    for (const n of result.notes) io.err(`ℹ️  ${n}\n`);
    for (const n of parallel?.note ?? []) io.err(`${n}\n`);
  }
  if (v.explain) io.err(renderExplain(result, ctx.rel));
  if (v.clipboard) {
    const c = copyToClipboard(result.prompt, process.platform, io.env);
    io.err(c.ok ? `✅ Copied to clipboard (${c.detail})\n` : `⚠️  Could not copy to clipboard: ${c.detail}\n`);
  }
  return code;
}

if (isEntry(import.meta.url)) runMain(definition, main);
