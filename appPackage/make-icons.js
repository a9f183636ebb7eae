#!/usr/bin/env node
'use strict';
/**
 * `node appPackage/make-icons.js`: writes the two Teams app icons (appPackage/color.png,
 * appPackage/outline.png) as src/app-package/icons.ts draws them. Builds dist/ first when needed,
 * as `npm run package` does.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { setup, root } = require('../scripts/setup');

setup();
const { colorIcon, outlineIcon } = require(join(root, 'dist', 'src', 'app-package', 'icons.js'));
writeFileSync(join(__dirname, 'color.png'), colorIcon());
writeFileSync(join(__dirname, 'outline.png'), outlineIcon());
process.stdout.write('appPackage/color.png (192×192) と appPackage/outline.png (32×32) を書きました\n');
