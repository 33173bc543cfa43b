/**
 * `npm run bench`: the start-up and work-space benchmark (bench/run.ts), then the parallel.json benchmark
 * (bench/parallel.ts). Options before `--parallel` go to the first, options after it to the second:
 *
 *   npm run bench -- --quick                           run.ts --quick, then parallel.ts with its defaults
 *   npm run bench -- --skip-scale --parallel --sizes 10000
 *   npm run bench -- --parallel-only --sizes 10000     parallel.ts only (likewise --no-parallel: run.ts only)
 *
 * Exits with the first non-zero exit code of the two.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const split = argv.indexOf('--parallel');
const only = argv.includes('--parallel-only');
const none = argv.includes('--no-parallel');
const own = (a: string) => a !== '--parallel-only' && a !== '--no-parallel';
const first = (split >= 0 ? argv.slice(0, split) : only ? [] : argv).filter(own);
const second = (split >= 0 ? argv.slice(split + 1) : only ? argv : []).filter(own);

function run(script: string, args: string[]): number {
  // The same node and loader flags that run this file (tsx).
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL(script, import.meta.url)), ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

let code = 0;
if (!only) code = run('./run.ts', first);
if (!none && code === 0) code = run('./parallel.ts', second);
process.exitCode = code;
