#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots [-- --out dir]`: the tab's screenshots for docs/tab.md (docs/screenshots/*.png).
 * Builds the tab when stale (as setup does), compiles tests/e2e/screenshots.ts — with what it imports —
 * to dist/ with the build's compiler options, and runs it. The test run takes them into a temporary
 * directory (tests/e2e/screenshots.e2e.test.ts); the committed pictures change only when someone means
 * to change them.
 */
const { join } = require('node:path');
const { ensurePackages, buildTab, root, step } = require('./setup');

ensurePackages();
buildTab();

step('tests/e2e/screenshots.ts をコンパイルします（dist/）');
const ts = require('typescript');
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), {}, host);
if (config.errors.length > 0) fail(config.errors);
const entry = join(root, 'tests', 'e2e', 'screenshots.ts');
const program = ts.createProgram({ rootNames: [entry], options: config.options });
const emitted = program.emit();
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
if (diagnostics.length > 0) fail(diagnostics);

const compiled = join(config.options.outDir, 'tests', 'e2e', 'screenshots.js');
require(compiled)
  .main(process.argv.slice(2))
  .catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });

function fail(list) {
  const text = ts.formatDiagnosticsWithColorAndContext(list, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  });
  console.error(text);
  process.exit(1);
}
