#!/usr/bin/env node
'use strict';
/**
 * Makes a fresh clone ready: installs npm packages when missing or out of date with
 * package-lock.json, and builds dist/. Uses only Node built-ins, so it runs before `npm ci`.
 * `npm start` and `npm test` both call it; it is quick when there is nothing to do.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

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
const marker = join(root, 'node_modules', '.skillsteps-lock-sha256');
const lockHash = () => createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');

function ensurePackages() {
  if (existsSync(marker) && readFileSync(marker, 'utf8') === lockHash()) return false;
  run(process.execPath, [join(root, 'scripts', 'npm-ci.js')]);
  markInstalled();
  return true;
}

/** Records that node_modules matches the lock file (after an `npm ci` run outside setup, as in CI). */
function markInstalled() {
  writeFileSync(marker, lockHash());
}

/** What dist/ is built from: when nothing here is newer than the last build, there is nothing to do. */
const BUILD_INPUTS = ['src', 'dev', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const buildStamp = join(root, 'dist', '.build-stamp');
/** When setup last began building the tab (see buildTab). */
const tabStamp = join(root, 'dist', '.tab-build-stamp');

/**
 * dist/: skipped when no source is newer than the last build; otherwise an incremental tsc
 * (dist/.tsbuildinfo), which re-emits only what changed. A restart with nothing changed costs a
 * directory walk, not a 10-second compile.
 */
function build() {
  const sources = Math.max(...BUILD_INPUTS.map((p) => newest(join(root, p))));
  if (existsSync(buildStamp) && statSync(buildStamp).mtimeMs >= sources) return;
  step('TypeScript をビルドします（dist/、変わったところだけ）');
  const started = Date.now();
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', join(root, 'dist', '.tsbuildinfo')]);
  pruneStale();
  writeFileSync(buildStamp, new Date(started).toISOString());
  // The stamp is as old as the build's start: a file saved during the build is newer, and rebuilt next time.
  utimesSync(buildStamp, new Date(started), new Date(started));
}

/**
 * tsc never deletes what it emitted for a source that is gone, and a stale `programme-schema.js`
 * beside a new `programme-schema/index.js` would be the one Node loads. Removes every output in dist/
 * whose source (.ts, or the copied .json) no longer exists.
 */
function pruneStale() {
  const prune = (dir, rel) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const source = join(root, rel, entry.name);
      if (entry.isDirectory()) {
        prune(path, join(rel, entry.name));
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
        continue;
      }
      const base = entry.name.replace(/\.js(\.map)?$/, '');
      const from = entry.name.endsWith('.json') ? [source] : [join(root, rel, `${base}.ts`), join(root, rel, `${base}.tsx`)];
      if (!from.some((f) => existsSync(f))) rmSync(path);
    }
  };
  for (const top of ['src', 'dev', 'bench']) prune(join(root, 'dist', top), top);
}

/** The newest modification time under a path (files only). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) if (name !== 'dist' && name !== 'node_modules') t = Math.max(t, newest(join(path, name)));
  return t;
}

/**
 * The tab (tab/dist, served by the server at /tab/): built with Vite when missing or older than its
 * sources or the lock file, so `npm start` and the browser tests always serve the current tab.
 */
function buildTab() {
  const built = join(root, 'tab', 'dist', 'index.html');
  // The tab bundles src/i18n (and the pure domain modules it uses); it takes the API's types from src.
  const sources = Math.max(...['tab', 'src/i18n', 'src/domain', 'src/app/views.ts', 'package-lock.json'].map((p) => newest(join(root, p))));
  const mtime = (f) => (existsSync(f) ? statSync(f).mtimeMs : undefined);
  if (tabIsCurrent(mtime(built), mtime(tabStamp), sources)) return;
  step('タブをビルドします（Vite、tab/dist/）');
  const started = new Date();
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'tab/vite.config.mjs', '--logLevel', 'warn']);
  // As old as the build's start, like dist/'s stamp: a source saved while Vite ran is newer than it, and
  // the tab is built again next time (judged by index.html's time alone, such a build passed for fresh).
  // Kept outside tab/dist, which is shipped; a build by hand (npm run build) leaves it older, which
  // costs at most one more build.
  mkdirSync(dirname(tabStamp), { recursive: true });
  writeFileSync(tabStamp, started.toISOString());
  utimesSync(tabStamp, started, started);
}

/**
 * Whether the built tab is current: it exists, and neither its index.html nor the start of setup's last
 * build of it (the stamp, when there is one) is older than the newest source.
 */
function tabIsCurrent(builtMs, stampMs, sourcesMs) {
  return builtMs !== undefined && Math.min(builtMs, stampMs ?? Infinity) >= sourcesMs;
}

/** System packages the browser tests need: Chromium, CJK fonts so Japanese is not drawn as boxes, poppler to read a printed PDF. */
const SYSTEM_PACKAGES = [
  { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { name: 'fonts-noto-cjk', present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc') },
  // The year-end summary's print test reads Chromium's PDF with pdfinfo, pdftotext and pdftoppm.
  { name: 'poppler-utils', present: () => existsSync('/usr/bin/pdftoppm') },
];

/** Installs the missing system packages with apt-get (as root, or through sudo). */
function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  step(`apt-get で ${missing.join('、')} を入れます（ブラウザのテスト用）`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (args) => (root ? run('apt-get', args) : run('sudo', ['apt-get', ...args]));
  try {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', ...missing]);
  } catch (e) {
    throw new Error(`${missing.join(' ')} を入れられませんでした。管理者権限で apt-get install ${missing.join(' ')} を実行してください（${e.message}）`, { cause: e });
  }
}

/** Everything a fresh clone needs before it runs: packages, dist/ and the tab — each only when stale. */
function setup() {
  ensurePackages();
  build();
  buildTab();
}

module.exports = { ensurePackages, markInstalled, ensureSystemPackages, build, buildTab, tabIsCurrent, setup, root, step, run };

if (require.main === module) setup();
