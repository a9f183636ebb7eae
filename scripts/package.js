#!/usr/bin/env node
'use strict';
/**
 * `npm run package -- --env <dev|local>`: builds the Teams app package for an environment
 * (appPackage/build/appPackage.<env>.zip) after validating it offline. Builds dist/ first, as
 * `npm test` does, so the package is always made by the current source (src/app-package/).
 */
const { join } = require('node:path');
const { setup, root } = require('./setup');

setup();
require(join(root, 'dist', 'src', 'app-package', 'main.js'))
  .main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    root,
  })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
