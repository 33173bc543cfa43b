/**
 * Plan layout: nested or flat, grouping, numbering scheme (achievement-coded or legacy sequential), and anything
 * misplaced or misnamed.
 */
import { join } from 'node:path';
import { parseDocName, type DocKind } from './filenames.ts';
import { gatherEvidence } from './evidence.ts';
import { loadPlan } from './analysis.ts';
import { isDir } from './fsio.ts';
import { diagnosticJson } from './render.ts';
import { ToolError } from './diagnostics.ts';
import type { ScriptContext } from './context.ts';
import type { PlanLocation } from './workspace.ts';
import type { AllStructure, Misplaced, PlanStructure } from '../../generated/structure-output.ts';

const HOME: Record<DocKind, string> = {
  plan: '',
  subplan: 'subplans',
  execution: 'execution',
  approved: 'execution/feedbacks',
  fix: 'execution/feedbacks',
  fix_resolution: 'execution/feedbacks',
  skipped: 'execution',
};

export function planStructure(ctx: ScriptContext, loc: PlanLocation): PlanStructure {
  const plan = loadPlan(loc, ctx.src);
  const ev = gatherEvidence(ctx.ws, loc, plan, ctx.src);
  const misplaced: Misplaced[] = [];
  if (loc.layout === 'nested') {
    for (const sub of ['subplans', 'execution', 'execution/feedbacks']) {
      const dir = join(loc.dir, sub);
      for (const name of ctx.src.list(dir)) {
        if (!name.endsWith('.md')) continue;
        const p = parseDocName(name);
        if (!p || p.kind === 'plan') continue;
        const home = HOME[p.kind];
        const path = ctx.rel(join(dir, name));
        const okHere = sub === home || (p.kind === 'skipped' && sub === 'execution/feedbacks');
        if (!okHere) misplaced.push({ path, problem: `${/^[AEIOU]/.test(p.kind.toUpperCase()) ? 'an' : 'a'} ${p.kind.toUpperCase()} file in ${sub}/`, fix: `Move it to ${ctx.rel(join(loc.dir, home))}/` });
        if (p.feature !== undefined && p.feature !== plan.feature && !parseDocName(name, plan.feature)) {
          misplaced.push({ path, problem: `names feature ${p.feature}, but the plan is ${plan.feature}`, fix: `Rename it to ${name.replace(p.feature, plan.feature)}` });
        }
      }
    }
  }
  const linked = [...ev.byId.values()].flatMap((e) => [...e.subplans, ...e.executions]);
  for (const d of linked) {
    if (loc.layout === 'nested' && d.where === 'flat' && !d.archived) {
      misplaced.push({ path: ctx.rel(d.path), problem: 'a document of this plan outside its plan folder', fix: `Move it to ${ctx.rel(join(loc.dir, HOME[d.kind]))}/` });
    }
  }
  {
    // A copy in the shared folders of a document the plan folder (for a loose PLAN: the folders beside it) also
    // holds is never read (that copy wins): a stale duplicate, shown so that nobody edits the wrong one.
    const own = new Map<string, string>();
    for (const d of linked) if (d.where === 'plan') own.set(d.name, d.path);
    for (const sub of ['subplans', 'execution'] as const) {
      const dir = join(ctx.ws.dir, sub);
      for (const name of ctx.src.list(dir)) {
        const mine = own.get(name);
        if (mine === undefined) continue;
        misplaced.push({
          path: ctx.rel(join(dir, name)),
          problem: `a second copy of ${ctx.rel(mine)}, which is the one read`,
          fix: `Delete it, or merge what it adds into ${ctx.rel(mine)} and delete it`,
        });
      }
    }
  }
  for (const o of ev.orphans) {
    misplaced.push({
      path: ctx.rel(o.doc.path),
      problem: `belongs to no achievement of the PLAN (file code ${o.doc.code})`,
      fix: 'Renumber it to an achievement of the PLAN, add an **Achievement**: X.Y header, or archive it',
    });
  }
  for (const i of ctx.resolver.plans().ignored) {
    if (i.path.startsWith(loc.dir + '/') && loc.layout === 'nested') misplaced.push({ path: ctx.rel(i.path), problem: `PLAN-like file that is not the plan: ${i.reason}`, fix: 'Rename it (e.g. NOTES_…) or move it out of the plan folder' });
  }
  const byHeader = linked.filter((d) => d.linkedBy === 'header').length;
  const byName = linked.length - byHeader;
  const numbering = linked.length === 0 ? 'none' : byHeader === 0 ? 'achievement' : byName === 0 ? 'sequential' : 'mixed';
  const all = [...ev.byId.values()];
  const out: PlanStructure = {
    kind: 'plan',
    feature: plan.feature,
    file: ctx.rel(plan.file),
    layout: loc.layout,
    area: loc.area,
    numbering,
    folders: {
      // A loose PLAN's are the folders beside it (read as a nested plan's are).
      subplans: isDir(join(loc.dir, 'subplans')),
      execution: isDir(join(loc.dir, 'execution')),
      feedbacks: isDir(join(loc.dir, 'execution', 'feedbacks')),
    },
    counts: {
      achievements: plan.achievements.length,
      subplans: all.reduce((n, e) => n + e.subplans.filter((d) => !d.archived).length, 0),
      executions: all.reduce((n, e) => n + e.executions.filter((d) => !d.archived).length, 0),
      archivedSubplans: all.reduce((n, e) => n + e.subplans.filter((d) => d.archived).length, 0),
      archivedExecutions: all.reduce((n, e) => n + e.executions.filter((d) => d.archived).length, 0),
      approved: all.filter((e) => e.approved).length,
      fix: all.filter((e) => e.fix).length,
    },
    misplaced,
  };
  if (loc.group) out.group = loc.group;
  return out;
}

/** Every plan of the workspace; a plan that cannot be read is listed in `errors` and the others are still reported. */
export function allStructure(ctx: ScriptContext): AllStructure {
  const disc = ctx.resolver.plans();
  const plans: PlanStructure[] = [];
  const errors: AllStructure['errors'] = [];
  for (const p of disc.plans) {
    try {
      plans.push(planStructure(ctx, p));
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      errors.push({ feature: p.feature, file: ctx.rel(p.planFile), ...(p.group ? { group: p.group } : {}), code: err.code, error: err.message, ...(err.fix ? { fix: err.fix } : {}) });
    }
  }
  return {
    kind: 'all',
    root: ctx.ws.root,
    plans,
    errors,
    groups: disc.groups,
    ignored: disc.ignored.map((i) => ({ path: ctx.rel(i.path), reason: i.reason })),
    warnings: disc.warnings.map((d) => diagnosticJson(d, ctx.rel)),
  };
}

export function renderStructure(s: PlanStructure): string {
  const out = [
    `${s.feature}  (${s.file})`,
    `  layout:    ${s.layout}${s.group ? ` in group ${s.group}` : ''} (${s.area})`,
    `  numbering: ${s.numbering}`,
    `  folders:   subplans/ ${s.folders.subplans ? '✓' : '✗'}  execution/ ${s.folders.execution ? '✓' : '✗'}  execution/feedbacks/ ${s.folders.feedbacks ? '✓' : '✗'}`,
    `  documents: ${s.counts.achievements} achievements, ${s.counts.subplans} SUBPLANs, ${s.counts.executions} EXECUTION_TASKs, ${s.counts.approved} APPROVED, ${s.counts.fix} FIX${archivedText(s.counts)}`,
  ];
  if (s.misplaced.length) {
    out.push(`  misplaced (${s.misplaced.length}):`);
    for (const m of s.misplaced) out.push(`    - ${m.path}: ${m.problem}. ${m.fix}.`);
  } else out.push('  misplaced: none');
  return out.join('\n') + '\n';
}

function archivedText(c: PlanStructure['counts']): string {
  const n = (c.archivedSubplans ?? 0) + (c.archivedExecutions ?? 0);
  return n ? `; archived: ${c.archivedSubplans ?? 0} SUBPLANs, ${c.archivedExecutions ?? 0} EXECUTION_TASKs` : '';
}

export function renderAllStructure(a: AllStructure): string {
  const parts = a.plans.map(renderStructure);
  for (const e of a.errors) parts.push(`${e.feature}  (${e.file})\n  ✗ not readable: ${e.error}${e.fix ? `\n    fix: ${e.fix}` : ''}\n`);
  if (a.groups.length) parts.push(`Grouping folders: ${a.groups.join(', ')}\n`);
  if (a.ignored.length) parts.push(`Not plans (${a.ignored.length}):\n${a.ignored.map((i) => `  - ${i.path}: ${i.reason}`).join('\n')}\n`);
  return parts.join('\n');
}
