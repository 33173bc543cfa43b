/**
 * The environment of measured child processes, shared by both benchmarks.
 *
 * Variables that change what a bare `node` does at start-up. NODE_EXTRA_CA_CERTS makes every node process parse a CA
 * bundle (~40–60 ms on the reference machine), which inflates every whole-process figure and the cold-start ratio and
 * hides the tool's own share. They are removed from the children's environment unless --keep-env is given.
 */
export const STARTUP_VARS = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'] as const;

/** The children's environment and the variables removed from it. */
export function childEnv(keep: boolean, extra: NodeJS.ProcessEnv = {}): { env: NodeJS.ProcessEnv; removed: string[] } {
  const removed = keep ? [] : STARTUP_VARS.filter((v) => process.env[v] !== undefined);
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const v of removed) delete env[v];
  return { env, removed };
}
