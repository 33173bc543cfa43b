// Builds the bins: one bundled ESM file per script in dist/bin/, so each starts with a single module load.
// Each script starts with a #!/usr/bin/env node line, which esbuild keeps.
// Runs on `npm install` (prepare). esbuild ships with tsx; it is listed as a devDependency for this step.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const AREAS = ['generation', 'validation', 'workflow', 'archiving', 'migration'];
// Each bin `name` is the script scripts/<area>/<name>.ts.
const entries = Object.fromEntries(
  Object.keys(pkg.bin).map((name) => {
    const entry = AREAS.map((a) => `scripts/${a}/${name}.ts`).find((p) => existsSync(p));
    if (!entry) throw new Error(`build: no script scripts/<area>/${name}.ts for bin ${name}`);
    return [name, entry];
  }),
);

await Promise.all(
  Object.entries(entries).map(async ([name, entry]) => {
    const outfile = `dist/bin/${name}.mjs`;
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    chmodSync(outfile, 0o755);
  }),
);
