#!/usr/bin/env node
'use strict';
/**
 * `npm test`: the one command. Installs what is missing, then type-check, lint, the layer rule
 * (DESIGN.md: the domain imports no SDK and no I/O) and jest, stopping at the first failure.
 */
const { join } = require('node:path');
const { setup, ensureSystemPackages, root, step, run } = require('./setup');

ensureSystemPackages();
setup();
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);
try {
  step('型検査（tsc --noEmit、テストを含む）');
  // Incremental: a second run re-checks only what changed (the build info lives in node_modules/.cache).
  const cache = (name) => ['--incremental', '--tsBuildInfoFile', join(root, 'node_modules', '.cache', 'skillsteps', `${name}.tsbuildinfo`)];
  run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit', ...cache('typecheck')]);
  run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tab/tsconfig.json', '--noEmit', ...cache('typecheck-tab')]);
  step('lint（eslint）');
  run(process.execPath, [bin('eslint', 'bin/eslint.js'), '.']);
  step('レイヤー規則（dependency-cruiser）');
  run(process.execPath, [bin('dependency-cruiser', 'bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', 'src', 'dev', 'bin', 'bench', 'tab/src', 'tests']);
  step('jest');
  run(process.execPath, [bin('jest', 'bin/jest.js'), ...process.argv.slice(2)]);
} catch (e) {
  process.exitCode = typeof e.status === 'number' && e.status !== 0 ? e.status : 1;
}
