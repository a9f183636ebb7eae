'use strict';
// Preloaded with `node --require` by the benchmarks: reports the process's peak memory on exit.
const { writeSync } = require('node:fs');
process.on('exit', () => {
  writeSync(2, `\nSKILLSTEPS_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
