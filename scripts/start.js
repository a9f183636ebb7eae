#!/usr/bin/env node
'use strict';
/**
 * `npm start`: installs what is missing (npm packages, dist/, the tab), then runs dev/start-local.ts:
 * Azurite, the local tenant seeded with a sample municipality, the server (tab, API, bot, jobs) and the
 * Microsoft 365 Agents Playground for the bot, all offline; it prints where to click. Options after `--`:
 *   --programme <id> (default setagaya)   --staff <n> (2000)   --seed <n> (1)   --tenant-port <n> (8443)
 * Ports: PORT (server, 3978) and SKILLSTEPS_PLAYGROUND_PORT (56150) in the environment.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { setup, root } = require('./setup');

setup();
const child = spawn(process.execPath, [join(root, 'dist', 'dev', 'start-local.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl+C reaches the child through the terminal; a SIGTERM sent to npm is passed on.
process.on('SIGTERM', () => child.kill('SIGTERM'));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
