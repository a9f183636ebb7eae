#!/usr/bin/env node
'use strict';
/**
 * `npm run build:deploy`: the artifact App Service runs, and nothing else (docs/deploy.md):
 *
 *   build/deploy/                        what teamsapp.yml's zipDeploy uploads
 *     package.json                       name, version, engines; `npm start` = the startup command
 *     dist/src/server/run.js             the server, bundled with its production dependencies (esbuild)
 *     dist/src/server/run.js.LEGAL.txt   the licences of what is bundled
 *     presets/*.yaml                     the programmes
 *     fonts/                             the 認定証's Japanese font (Noto Serif JP, read with fs at run time) and its licence (OFL)
 *     tab/dist/                          the built tab
 *   build/skillsteps-server.zip          the same folder as one zip (the deploy rehearsal unpacks it)
 *
 * No dev/, no tests, no node_modules: the bundle holds the production dependencies the server
 * imports. A package package-lock.json marks as dev only (`"dev": true`: needed by nothing in
 * `dependencies`) is left out as a plain require() — npm ci --omit=dev would not install it — so a
 * dev dependency needed at run time fails the deploy rehearsal (tests/deploy/rehearsal.test.ts) with
 * "Cannot find module" instead of the first start in Azure. Prints the sizes, and those left out.
 */
const { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const { setup, root, step } = require('./setup');

/** The startup command, as infra/azure.bicep passes it to App Service (a test checks they agree). */
const STARTUP = 'node dist/src/server/run.js';

/** The 認定証's font file (src/pdf/certificate-pdf.ts CERTIFICATE_FONT_FILE: a test checks they agree). */
const CERTIFICATE_FONT_FILE = 'NotoSerifJP_500Medium.ttf';

/**
 * Builds the artifact. `prepare: false` skips setup() (packages, tsc, the tab) for a caller that has
 * done it (the rehearsal inside npm test); `createZip` replaces dist/'s zip writer (the same code, from src/).
 */
async function buildDeploy({ out = join(root, 'build', 'deploy'), zip = join(root, 'build', 'skillsteps-server.zip'), prepare = true, createZip, quiet = false } = {}) {
  if (prepare) setup();
  const say = quiet ? () => undefined : step;
  say(`デプロイ用の成果物を作ります（${relative(root, out)}）`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const esbuild = require('esbuild');
  const devOnly = devOnlyPackages();
  await esbuild.build({
    entryPoints: [join(root, 'src', 'server', 'run.ts')],
    outfile: join(out, 'dist', 'src', 'server', 'run.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    // Stack traces in the log stream keep the functions' names.
    keepNames: true,
    legalComments: 'linked',
    // A few dependencies ship ES modules that read import.meta.url (Azure Storage's CRC64): give the bundle's own.
    define: { 'import.meta.url': '__skillstepsModuleUrl' },
    banner: { js: "const __skillstepsModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
    plugins: [devOnly.plugin],
  });
  if (devOnly.found.size > 0 && !quiet) {
    process.stderr.write(`[build-deploy] 開発用だけの依存パッケージ（package-lock.json の dev）をサーバーが読み込んでいます。成果物に入れず実行時の require() に残します（try で囲まれた任意の読み込みでなければ、起動時に見つからずに止まります）: ${[...devOnly.found].sort().join(', ')}\n`);
  }

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const deployed = {
    name: pkg.name,
    version: pkg.version,
    private: true,
    description: pkg.description,
    license: pkg.license,
    engines: pkg.engines,
    scripts: { start: STARTUP },
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(deployed, null, 2)}\n`);
  mkdirSync(join(out, 'presets'));
  for (const f of readdirSync(join(root, 'presets'))) if (f.endsWith('.yaml')) cpSync(join(root, 'presets', f), join(out, 'presets', f));
  cpSync(join(root, 'tab', 'dist'), join(out, 'tab', 'dist'), { recursive: true });
  // The server reads the font with fs (src/pdf/certificate-pdf.ts), so esbuild cannot bundle it: the file
  // goes beside the bundle, with the SIL Open Font Licence it is distributed under. pdfkit reads nothing
  // else at run time: the certificate's default font is this file, so its standard fonts are never loaded.
  const fontDir = join(root, 'node_modules', '@expo-google-fonts', 'noto-serif-jp');
  mkdirSync(join(out, 'fonts'));
  cpSync(join(fontDir, '500Medium', CERTIFICATE_FONT_FILE), join(out, 'fonts', CERTIFICATE_FONT_FILE));
  cpSync(join(fontDir, 'LICENSE_FONT'), join(out, 'fonts', 'LICENSE_FONT'));

  const files = listFiles(out);
  createZip ??= require(join(root, 'dist', 'src', 'app-package', 'zip.js')).createZip;
  mkdirSync(join(zip, '..'), { recursive: true });
  const bytes = createZip(files.map((f) => ({ name: relative(out, f).split(sep).join('/'), data: readFileSync(f) })));
  writeFileSync(zip, bytes);
  const unpacked = files.reduce((n, f) => n + statSync(f).size, 0);
  say(`成果物: ${relative(root, zip)} ${mb(bytes.length)}（展開後 ${mb(unpacked)}、${files.length} ファイル、サーバー本体 ${mb(statSync(join(out, 'dist', 'src', 'server', 'run.js')).size)}）`);
  return { out, zip, zipBytes: bytes.length, unpackedBytes: unpacked, files: files.length, startup: STARTUP, devOnlyImports: [...devOnly.found].sort() };
}

/**
 * An esbuild plugin that leaves out (as external) every package the lock file marks dev only, and
 * the names of those the server imports. Resolved as Node would, so a nested copy is judged by its own entry.
 */
function devOnlyPackages() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const found = new Set();
  const plugin = {
    name: 'dev-dependencies-stay-out',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData && args.pluginData.devOnlyCheck) return undefined;
        const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { devOnlyCheck: true } });
        if (resolved.errors.length > 0 || resolved.external || !resolved.path) return undefined;
        // The innermost node_modules/<package> of the file: its entry in the lock file. From the first
        // node_modules on, as node_modules may be a link to another folder (a worktree's).
        const file = resolved.path.split(sep).join('/');
        const first = file.indexOf('/node_modules/');
        const m = first < 0 ? null : /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file.slice(first + 1));
        const entry = m && lock.packages[m[1]];
        if (!entry || !entry.dev) return undefined;
        found.add(m[1].replace(/^.*node_modules\//, ''));
        return { path: args.path, external: true };
      });
    },
  };
  return { plugin, found };
}

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

function mb(n) {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

module.exports = { buildDeploy, STARTUP, CERTIFICATE_FONT_FILE };

if (require.main === module) {
  buildDeploy().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
}
