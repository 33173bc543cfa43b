// Builds the bins: one bundled file per script in dist/bin/, so each starts with a single module load.
// Each script starts with a #!/usr/bin/env node line, which esbuild keeps.
// Runs on `npm install` (prepare). esbuild ships with tsx; it is listed as a devDependency for this step.
import { build } from 'esbuild';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';

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

// One CommonJS bundle per bin. CommonJS, not ESM: an ESM entry costs Node 20 about 15 ms more at start-up (the ESM
// loader, and `node:fs` facades that load streams). Code behind a dynamic import() (the parallel.json machinery) is
// inlined but only evaluated when used. `import.meta.url` becomes the bundle's own file URL; bins sit two folders
// below the package root, like scripts/<area>/, so `new URL('../../templates/', import.meta.url)` means the same.
rmSync('dist/bin', { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir: 'dist/bin',
  entryNames: '[name]',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  define: { 'import.meta.url': '__bundle_url' },
  banner: { js: 'var __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const name of Object.keys(entries)) chmodSync(`dist/bin/${name}.cjs`, 0o755);
