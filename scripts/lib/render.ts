/**
 * Renderers shared by the scripts: conflicts, explanations, diagnostics, and the --json shapes (typed by the
 * types generated from schemas/, so the JSON and its schema cannot drift apart).
 */
import type { Diagnostic } from './diagnostics.ts';
import type { Styles } from './cli.ts';
import type { Conflict } from './state.ts';
import type { PromptResult } from './next-prompt.ts';
import type { GeneratePromptOutput } from '../../generated/generate-prompt-output.ts';
import type { DiagnosticJson } from '../../generated/diagnostic.ts';
import { RULE } from './prompts.ts';

export function diagnosticJson(d: Diagnostic, rel: (p: string) => string): DiagnosticJson {
  return { ...d, ...(d.file ? { file: rel(d.file) } : {}) };
}

export function conflictJson(c: Conflict, rel: (p: string) => string): Conflict {
  return { ...c, ...(c.file ? { file: rel(c.file) } : {}) };
}

/** `path:line: warning: message (hint)` lines for stderr. */
export function renderDiagnostics(list: Diagnostic[], rel: (p: string) => string, s: Styles): string {
  return list
    .map((d) => {
      const where = d.file ? `${rel(d.file)}${d.line ? `:${d.line}` : ''}: ` : '';
      const sev = d.severity === 'error' ? s.red('error') : d.severity === 'warning' ? s.yellow('warning') : s.dim('note');
      return `${where}${sev}: ${d.message}${d.hint ? s.dim(` (${d.hint})`) : ''}\n`;
    })
    .join('');
}

/** The conflict report of generation.md §2.4 SPEC, with the three ways out. */
export function renderConflicts(conflicts: Conflict[], rerun: { plan: string; filesystem: string }, s: Styles): string {
  const out = [s.red(s.bold('❌ CONFLICT DETECTED: PLAN vs Filesystem Mismatch')), ''];
  conflicts.forEach((c, i) => {
    out.push(`${i + 1}. ${s.bold(c.message)} [${c.type}]`);
    out.push(`   PLAN says:       ${c.plan}`, `   Filesystem says: ${c.filesystem}`, `   Likely cause:    ${c.likelyCause}`, `   Resolution:      ${c.resolution}`, '');
  });
  out.push(s.yellow(s.bold('🛠️  Resolution Options:')));
  out.push(`  1. Trust the PLAN:        ${rerun.plan}`);
  out.push(`  2. Trust the filesystem:  ${rerun.filesystem}`);
  out.push('  3. Investigate: compare execution/feedbacks/APPROVED_<NN>.md and the subplans/ folder with the PLAN\'s achievements, then fix the one that is wrong.');
  out.push(RULE);
  return out.join('\n') + '\n';
}

/** Conflicts that do not stop the command (or that a --trust-* option set aside), as warnings for stderr. */
export function renderConflictNotes(conflicts: Conflict[], s: Styles): string {
  return conflicts.map((c) => `${s.yellow('⚠️  PLAN vs filesystem:')} ${c.message} [${c.type}]\n   ${c.resolution}.\n`).join('');
}

export function renderExplain(r: PromptResult, rel: (p: string) => string): string {
  const st = r.achievementState;
  const lines = ['Why this state:'];
  for (const x of r.selection) lines.push(`  • ${x}`);
  for (const x of st?.reason ?? []) lines.push(`  • ${x}`);
  if (st?.files.length) lines.push('  Evidence:', ...st.files.map((f) => `    - ${rel(f)}`));
  lines.push(`  State: ${r.state}   Template: ${r.template}`);
  lines.push(`  Progress: ${r.progress.done}/${r.progress.total} done (${r.progress.approved} approved, ${r.progress.skipped} skipped, ${r.progress.planText} per plan text)`);
  for (const n of r.notes) lines.push(`  ℹ️  ${n}`);
  return lines.join('\n') + '\n';
}

export function promptJson(r: PromptResult, rel: (p: string) => string): GeneratePromptOutput {
  const { analysis } = r;
  const plan = analysis.plan;
  const loc = analysis.location;
  const st = r.achievementState;
  const a = st ? plan.achievements.find((x) => x.id === st.id) : undefined;
  const out: GeneratePromptOutput = {
    plan: { feature: plan.feature, file: rel(plan.file), title: plan.title, layout: loc.layout, ...(loc.group ? { group: loc.group } : {}) },
    achievement: a
      ? {
          id: a.id,
          title: a.title,
          line: a.line,
          ...(a.priority ? { priority: `Priority ${a.priority.number}${a.priority.name ? `: ${a.priority.name}` : ''}` } : {}),
          ...(a.effort ? { effort: { ...a.effort } } : {}),
        }
      : null,
    state: r.state,
    completion: st?.completion.kind ?? 'approved',
    reason: st?.reason ?? analysis.next.reason,
    selection: { mode: r.mode, reason: r.selection },
    files: (st?.files ?? []).map(rel),
    executions: (st?.executions ?? []).map((e) => ({ name: e.name, complete: e.complete, placeholder: e.placeholder, archived: e.archived })),
    progress: { ...r.progress },
    conflicts: r.conflicts.map((c) => conflictJson(c, rel)),
    blocked: r.blocking.length > 0,
    notes: r.notes,
    warnings: r.warnings.map((d) => diagnosticJson(d, rel)),
    commands: r.commands,
    template: r.template,
    prompt: r.prompt,
  };
  if (st?.subplan) out.subplan = rel(st.subplan);
  if (st?.planned) out.plannedExecutions = st.planned;
  if (st?.nextExecution) out.nextExecution = st.nextExecution;
  if (st?.continueExecution) out.continueExecution = rel(st.continueExecution);
  if (st?.fixFile) out.fixFile = rel(st.fixFile);
  return out;
}
