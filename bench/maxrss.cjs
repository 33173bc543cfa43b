'use strict';
// Preload for the benchmark: `node --require ./bench/maxrss.cjs dist/bin/<tool>.cjs …` (the ./ matters: a bare name is looked up as a package).
// At exit it records the process's peak resident set size, process.resourceUsage().maxRSS, in KiB:
// into the file named by BENCH_MAXRSS_FILE when that is set, else as `maxrss_kib=<n>` on stderr.
// It loads nothing else, so it adds well under a millisecond to the run it measures.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const kib = process.resourceUsage().maxRSS;
  const file = process.env.BENCH_MAXRSS_FILE;
  if (file) {
    try {
      writeFileSync(file, `${kib}\n`);
      return;
    } catch {
      // fall through to stderr
    }
  }
  process.stderr.write(`maxrss_kib=${kib}\n`);
});
