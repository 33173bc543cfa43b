/**
 * The built-in plugin: the toolkit's own templates, document kinds, rules and state notes, registered through
 * the same API as any user plugin.
 */
import { fileURLToPath } from 'node:url';
import { diag } from '../../scripts/lib/diagnostics.ts';
import { definePlugin } from '../registry.ts';

/** `templates/` of the package (same depth from scripts/lib, plugins/core and dist/bin). */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export default definePlugin({
  name: 'core',
  templateDirs: [BUILTIN_TEMPLATES],
  documentKinds: [
    { name: 'plan', pattern: '^PLAN_[A-Z0-9][A-Z0-9-]*\\.md$', description: 'A feature plan' },
    { name: 'subplan', pattern: '^SUBPLAN_.+_\\d+(?:_[A-Za-z0-9]+)*\\.md$', description: 'Design of one achievement' },
    { name: 'execution', pattern: '^EXECUTION_TASK_.+_\\d+_\\d+(?:_[A-Za-z0-9]+)*\\.md$', description: 'Work log of one execution' },
    { name: 'approved', pattern: '^APPROVED_\\d+\\.md$', description: 'Reviewer verdict: complete' },
    { name: 'fix', pattern: '^FIX_\\d+\\.md$', description: 'Reviewer verdict: needs fixes' },
    { name: 'fix_resolution', pattern: '^FIX_\\d+_RESOLUTION\\.md$', description: 'Answer to a FIX' },
    { name: 'skipped', pattern: '^SKIPPED_\\d+\\.md$', description: 'Achievement skipped on purpose' },
  ],
  rules: [
    {
      id: 'core/plan-has-achievements',
      description: 'A PLAN defines at least one achievement',
      severity: 'error',
      check: ({ plan }) =>
        plan.achievements.length > 0
          ? []
          : [diag('error', 'E-PLAN-NO-ACHIEVEMENTS', 'The PLAN defines no achievements', { file: plan.file, hint: 'Add `**Achievement 0.1**: Title` lines under "## Desirable Achievements".' })],
    },
    {
      id: 'core/plan-parse-warnings',
      description: 'Parse warnings of the PLAN (duplicates, Index mismatch, unclosed fences)',
      severity: 'warning',
      check: ({ plan }) => plan.warnings.filter((w) => w.severity !== 'info'),
    },
  ],
  stateNotes: [
    (a) =>
      a.plan.status.normalized === 'complete' && a.next.achievement
        ? `The PLAN header says "${a.plan.status.raw}", but Achievement ${a.next.achievement.id} is still open.`
        : undefined,
  ],
});
