/**
 * The built-in plugin: the toolkit's own templates and state notes, registered through
 * the same API as any user plugin.
 */
import { fileURLToPath } from 'node:url';
import { definePlugin } from '../registry.ts';

/** `templates/` of the package (same depth from scripts/lib, plugins/core and dist/bin). */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export default definePlugin({
  name: 'core',
  templateDirs: [BUILTIN_TEMPLATES],
  // The PLAN's own checks (no achievements, duplicates, Index mismatches, unclosed fences) are made by the parser
  // itself (plan.ts) and reported with its warnings: no rule repeats them.
  rules: [],
  stateNotes: [
    (a) =>
      a.plan.status.normalized === 'complete' && a.next.achievement
        ? `The PLAN header says "${a.plan.status.raw}", but Achievement ${a.next.achievement.id} is still open.`
        : undefined,
  ],
});
