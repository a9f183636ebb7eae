#!/usr/bin/env node
'use strict';
/**
 * Makes a fresh clone ready: installs npm packages when missing or out of date with
 * package-lock.json, and builds dist/. Uses only Node built-ins, so it runs before `npm ci`.
 * `npm start` and `npm test` both call it; it is quick when there is nothing to do.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function step(message) {
  process.stdout.write(`[setup] ${message}\n`);
}

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

/**
 * npm packages: `npm ci` when node_modules is missing or was installed from another lock file.
 * Returns true when it installed (npm ci's "prepare" script has then built dist/ already).
 */
function ensurePackages() {
  const lock = readFileSync(join(root, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const marker = join(root, 'node_modules', '.skillsteps-lock-sha256');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) return false;
  step('npm ci（package-lock.json の依存パッケージを入れます）');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(marker, hash);
  return true;
}

function build() {
  step('TypeScript をビルドします（dist/）');
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
}

module.exports = { ensurePackages, build, root, step, run };

if (require.main === module) {
  if (!ensurePackages()) build();
}
