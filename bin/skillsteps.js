#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled output; `npm ci` builds it (the "prepare" script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(entry)) {
  console.error('skillsteps: dist/ がありません。先に `npm ci`（または `npm run build`）を実行してください。');
  process.exit(1);
}
// Commands reading a whole SharePoint site parse hundreds of pages of JSON; a heap that grows more
// slowly keeps their peak memory well under 300 MB at 10,000 staff (bench/README.md), at a CPU cost
// the network hides. Set before anything is allocated. (`serve` sets it itself once its first sync has
// finished, as App Service runs it: src/server/run.ts.)
const argv = process.argv.slice(2);
if (['sync', 'import', 'export'].includes(argv[0]) || (argv[0] === 'evaluate' && argv.includes('--site'))) {
  require('node:v8').setFlagsFromString('--optimize-for-size');
}

// `skillsteps evaluate … | head`: a closed pipe ends the command quietly, as other tools do.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// A repository checkout also has the development commands (dev/cli.ts: local-tenant); the deployed
// package has no dist/dev, and the product never imports it.
const devEntry = join(__dirname, '..', 'dist', 'dev', 'cli.js');
const devCommands = existsSync(devEntry) ? require(devEntry).DEV_COMMANDS : {};
require(entry)
  .main(argv, {
    out: (t) => process.stdout.write(t),
    // A pipe's reader may be slower than the writer: long output waits for it (a closed pipe ends the command above).
    drained: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : Promise.resolve()),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    now: new Date(),
    env: process.env,
  }, devCommands)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
