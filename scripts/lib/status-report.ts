/**
 * Completion reports (generation.md §3.8 format) for one plan or the whole workspace, from the same engine as
 * generate_prompt.
 */
import { basename } from 'node:path';
import { ToolError } from './diagnostics.ts';
import { archiveInstruction, completionOf } from './evidence.ts';
import { analyzePlan, isPlanComplete, planFindings, progressOf, type PlanAnalysis } from './analysis.ts';
import { conflictJson, diagnosticJson } from './render.ts';
import type { ScriptContext } from './context.ts';
import type { PlanLocation } from './workspace.ts';
import type { AllReport, PlanReport, PlanRow } from '../../generated/completion-status-output.ts';

export function planReport(ctx: ScriptContext, loc: PlanLocation): { report: PlanReport; analysis: PlanAnalysis } {
  const analysis = analyzePlan(ctx.ws, loc, ctx.src, { trust: ctx.trust });
  const { plan, evidence } = analysis;
  const achievements = plan.achievements.map((a) => {
    const ev = evidence.byId.get(a.id);
    const c = completionOf(ev, ctx.trust, evidence.usesFeedback);
    const proof =
      c.kind === 'approved' ? ev?.approved?.name : c.kind === 'skipped' ? ev?.skipped?.name : c.kind === 'plan_text' ? `${basename(plan.file)}:${ev?.textClaim?.line}` : undefined;
    return { id: a.id, title: a.title, completion: c.kind, ...(proof ? { evidence: proof } : {}) };
  });
  const report: PlanReport = {
    kind: 'plan',
    feature: plan.feature,
    file: ctx.rel(plan.file),
    title: plan.title,
    ...(loc.group ? { group: loc.group } : {}),
    complete: isPlanComplete(analysis),
    progress: progressOf(analysis, ctx.trust),
    achievements,
    pending: achievements.filter((a) => a.completion === 'open').map((a) => a.id),
    next: analysis.next.achievement ? { id: analysis.next.achievement.id, state: analysis.state?.state ?? null } : null,
    archive: plan.archive.path,
    conflicts: analysis.conflicts.map((c) => conflictJson(c, ctx.rel)),
    warnings: planFindings(analysis, ctx.loaded.registry).map((d) => diagnosticJson(d, ctx.rel)),
  };
  return { report, analysis };
}

const MARK: Record<string, string> = { approved: '✅', skipped: '⏭️ ', plan_text: '☑️ ', open: '⏳' };

export function renderPlanReport(r: PlanReport, verbose: boolean): string {
  const p = r.progress;
  const out = [r.complete ? `✅ PLAN Complete: ${r.feature}` : `⏳ PLAN In Progress: ${r.feature}`, `Completion: ${p.done}/${p.total} (${p.percent}%)`];
  if (p.skipped || p.planText) out.push(`  (${p.approved} approved${p.skipped ? `, ${p.skipped} skipped` : ''}${p.planText ? `, ${p.planText} complete per plan text` : ''})`);
  out.push('', 'Achievements:');
  for (const a of r.achievements) {
    const title = a.title.length > 60 ? `${a.title.slice(0, 57)}...` : a.title;
    const tag = a.completion === 'skipped' ? ' (skipped)' : a.completion === 'plan_text' ? ' (complete per plan text)' : '';
    out.push(`  ${MARK[a.completion]} ${a.id}: ${title}${tag}`);
  }
  if (r.pending.length) out.push('', `Pending: ${r.pending.join(', ')}`);
  if (r.next) out.push(`Next: Achievement ${r.next.id} (${r.next.state ?? 'state unknown: see the warning'})`);
  out.push('');
  if (r.complete) {
    out.push('Status: Ready for END_POINT ✅', 'Next Steps:', `  1. Archive the plan's documents: ${archiveInstruction(r.archive)}`, '  2. Record the completion (CHANGELOG, active plans list) and commit');
  } else {
    out.push(
      r.achievements.length === 0
        ? 'Status: Not ready for END_POINT (the PLAN defines no achievements)'
        : `Status: Not ready for END_POINT (${r.pending.length} achievement${r.pending.length === 1 ? '' : 's'} pending)`,
    );
  }
  if (r.conflicts.length) {
    out.push('', `Conflicts (${r.conflicts.length}):`, ...r.conflicts.map((c) => `  ${c.blocking ? '❌' : '⚠️ '} ${c.message}`));
  }
  if (verbose) {
    out.push('', 'Details:', `  PLAN file: ${r.file}`, `  Archive: ${r.archive}`, `  Feature: ${r.feature}`);
    if (r.group) out.push(`  Group: ${r.group}`);
    // The notes; warnings and errors are printed on stderr in any case (not twice).
    for (const w of r.warnings) if (w.severity === 'info') out.push(`  ${w.severity}: ${w.message}${w.line ? ` (line ${w.line})` : ''}`);
  }
  return out.join('\n') + '\n';
}

export function allReport(ctx: ScriptContext): AllReport {
  const disc = ctx.resolver.plans();
  const plans: PlanRow[] = disc.plans.map((loc) => {
    const base: PlanRow = {
      group: loc.group ?? '',
      plan: loc.feature,
      file: ctx.rel(loc.planFile),
      total: 0,
      done: 0,
      skipped: 0,
      complete: false,
      next: null,
      state: null,
      conflicts: 0,
      warnings: 0,
    };
    try {
      const { report } = planReport(ctx, loc);
      return {
        ...base,
        total: report.progress.total,
        done: report.progress.done,
        skipped: report.progress.skipped,
        complete: report.complete,
        next: report.next?.id ?? null,
        state: report.next?.state ?? (report.complete ? 'plan_complete' : null),
        conflicts: report.conflicts.length,
        warnings: report.warnings.filter((w) => w.severity !== 'info').length,
      };
    } catch (err) {
      if (err instanceof ToolError) return { ...base, error: err.message };
      throw err;
    }
  });
  return {
    kind: 'all',
    root: ctx.ws.root,
    plans,
    ignored: disc.ignored.map((i) => ({ path: ctx.rel(i.path), reason: i.reason })),
    warnings: disc.warnings.map((d) => diagnosticJson(d, ctx.rel)),
  };
}

/** A plain-text table with display-width-aware padding. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((widths[i] as number) - displayWidth(c))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** Terminal columns of a string: emoji and wide characters count 2, combining marks and VS16 count 0. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0xfe0f || cp === 0x200d || (cp >= 0x300 && cp <= 0x36f)) continue;
    if (/\p{Extended_Pictographic}/u.test(ch) && cp > 0x2000) w += 2;
    else if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60)) w += 2;
    else w += 1;
  }
  return w;
}

/**
 * The text of `--all`. `unusable`: PLAN files that are no readable file (a broken link, a FIFO, a folder), listed
 * under the table so that they do not silently drop out of it (the JSON has them in `ignored`).
 */
export function renderAll(r: AllReport, unusable: ReadonlyArray<{ path: string; what: string }> = []): string {
  const rows = r.plans.map((p) => [
    p.group || '-',
    p.plan,
    p.error ? 'error' : `${p.done}/${p.total}`,
    String(p.skipped),
    p.next ?? (p.complete ? '✓ complete' : '-'),
    p.error ? p.error : (p.state ?? '-'),
    String(p.conflicts),
    String(p.warnings),
  ]);
  const done = r.plans.filter((p) => p.complete).length;
  const notes = unusable.map((u) => `  - ${u.path}: ${u.what}, not a PLAN file that can be read\n`).join('');
  return (
    table(['GROUP', 'PLAN', 'DONE', 'SKIPPED', 'NEXT', 'STATE', 'CONFLICTS', 'WARNINGS'], rows) +
    `\n${r.plans.length} plan${r.plans.length === 1 ? '' : 's'}, ${done} complete\n` +
    (notes ? `\nNot readable as plans (${unusable.length}):\n${notes}` : '')
  );
}
