/**
 * The command-line definitions of the four parallel.json scripts, in the library so that other modules can build
 * exact command lines from them (formatCommand) without importing a script module: inside a bundle every module
 * shares import.meta.url, so a script's `isEntry` guard would fire in whatever bin imported it.
 */
import type { CommandDef } from '../cli.ts';

export const validateDefinition: CommandDef = {
  name: 'validate_parallel_json',
  summary: "Check a plan's parallel.json: schema, ids, dependencies, cycles, hours, declared levels and stored derived data.",
  positionals: [{ name: '<file | @plan>', description: 'path to parallel.json (or its folder), or the plan: @FOLDER, @FEATURE', required: true }],
  options: {
    format: { type: 'string', arg: 'FORMAT', choices: ['text', 'json', 'sarif'], description: 'Output format (default text)' },
    strict: { type: 'boolean', description: 'Warnings fail too; missing dependencies and an empty list are errors; stored status is a warning' },
    'check-claims': { type: 'boolean', description: 'Compare stored totals, times, waves and statuses with the computed ones (W-CLAIMS)' },
    quiet: { type: 'boolean', short: 'q', description: 'Print only error and warning lines (text format); rely on the exit code' },
  },
  examples: [
    'validate_parallel_json @GRAPHRAG-OBSERVABILITY-VALIDATION',
    'validate_parallel_json work-space/plans/MY-PLAN/parallel.json --strict',
    'validate_parallel_json @MY-PLAN --check-claims --format json',
    'validate_parallel_json @MY-PLAN --format sarif > parallel.sarif',
  ],
  exitCodes: [
    [0, 'valid (warnings allowed, unless --strict)'],
    [1, 'invalid: errors found (with --strict: warnings too), file missing or unreadable, or the plan was not found'],
    [2, 'usage error'],
  ],
};

export const statusDefinition: CommandDef = {
  name: 'get_parallel_status',
  summary: "Show the status of every achievement in a plan's parallel.json, derived from the filesystem.",
  positionals: [{ name: '<file | @plan>', description: 'path to parallel.json (or its folder), or the plan: @FOLDER, @FEATURE', required: true }],
  options: {
    format: { type: 'string', arg: 'FORMAT', choices: ['table', 'json'], description: 'Output format (default table)' },
    remaining: { type: 'boolean', description: 'Only achievements that are neither complete nor skipped; times of the remaining work' },
    executors: { type: 'string', arg: 'K', description: "Executors working side by side, 1 to 2^53−1, for the times shown (default: the file's plan-wide max_parallelism, else unlimited)" },
  },
  examples: ['get_parallel_status @GRAPHRAG-OBSERVABILITY-VALIDATION', 'get_parallel_status work-space/plans/MY-PLAN/parallel.json --format json', 'get_parallel_status @MY-PLAN --remaining --executors 2'],
  exitCodes: [
    [0, 'status printed'],
    [1, 'parallel.json missing, unreadable or invalid (its errors are printed on stderr), or the plan was not found'],
    [2, 'usage error'],
  ],
};

export const analyzeDefinition: CommandDef = {
  name: 'analyze_dependencies',
  summary: "Analyse a plan's dependency graph: depths, ready set, times and savings, critical path, bottlenecks, pictures.",
  positionals: [{ name: '<@plan | file>', description: 'the plan (@FOLDER, @FEATURE) or a path to its parallel.json', required: true }],
  options: {
    format: { type: 'string', arg: 'FORMAT', choices: ['text', 'mermaid', 'dot', 'json'], description: 'Output format (default text)' },
    executors: { type: 'string', arg: 'K', description: "Executors working side by side, 1 to 2^53−1 (default: the file's plan-wide max_parallelism, else unlimited); a declared level's max_parallelism still limits that level's achievements" },
    'critical-path': { type: 'boolean', description: 'Only the critical path (text/json); only its achievements (mermaid/dot)' },
  },
  examples: [
    'analyze_dependencies @GRAPHRAG-OBSERVABILITY-VALIDATION',
    'analyze_dependencies @MY-PLAN --executors 2',
    'analyze_dependencies @MY-PLAN --format mermaid > deps.mmd',
    'analyze_dependencies @MY-PLAN --format dot | dot -Tsvg > deps.svg',
  ],
  exitCodes: [
    [0, 'analysis printed'],
    [1, 'parallel.json missing, unreadable or invalid (its errors are printed on stderr), or the plan was not found'],
    [2, 'usage error'],
  ],
};

export const normalizeDefinition: CommandDef = {
  name: 'normalize_parallel_json',
  summary: 'Print parallel.json in its canonical form; with --write, replace the file (previous version kept as .bak).',
  positionals: [{ name: '<file | @plan>', description: 'path to parallel.json (or its folder), or the plan: @FOLDER', required: true }],
  options: {
    write: { type: 'boolean', description: 'Replace the file atomically; the previous version is kept as <file>.bak' },
  },
  examples: ['normalize_parallel_json work-space/plans/MY-PLAN/parallel.json', 'normalize_parallel_json @MY-PLAN --write'],
  exitCodes: [
    [0, 'canonical form printed (or written, or already canonical)'],
    [1, 'file missing, not JSON or not an object (nothing printed); or it has validation errors (printed, never written)'],
    [2, 'usage error'],
  ],
};
