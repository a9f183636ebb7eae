#!/usr/bin/env node
'use strict';
/**
 * `npm ci`, saying what is happening: npm itself prints almost nothing for a minute or two on a
 * fresh clone, so every few seconds this prints how many of the lock file's packages are in place
 * and how long it has taken. Run by scripts/setup.js (synchronously, as a child); exits with npm's code.
 */
const { spawn } = require('node:child_process');
const { setInterval, clearInterval } = require('node:timers');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const expected = Object.keys(lock.packages ?? {}).filter((k) => k.startsWith('node_modules/') && !lock.packages[k].optional).length;

/** Packages unpacked so far: every folder in node_modules (and nested ones) holding a package.json. */
function installed(dir = join(root, 'node_modules'), depth = 0) {
  if (depth > 6 || !existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.name.startsWith('@')) n += installed(p, depth + 1) - (existsSync(join(p, 'package.json')) ? 1 : 0);
    else if (existsSync(join(p, 'package.json'))) n += 1 + installed(join(p, 'node_modules'), depth + 1);
  }
  return n;
}

const started = Date.now();
const seconds = () => Math.round((Date.now() - started) / 1000);
process.stdout.write(`[setup] npm ci: package-lock.json の ${expected} 個のパッケージを入れます（初回は 1〜2 分。進み具合を数秒ごとに表示します）\n`);
const child = spawn('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
const timer = setInterval(() => {
  const n = Math.min(installed(), expected);
  const what = n < expected ? `${n}/${expected} パッケージを展開しました` : `展開が済み、TypeScript をビルドしています`;
  process.stdout.write(`[setup] npm ci: ${what}（${seconds()} 秒）\n`);
}, 8000);
child.on('exit', (code, signal) => {
  clearInterval(timer);
  if (code === 0) process.stdout.write(`[setup] npm ci: 完了（${seconds()} 秒）\n`);
  process.exitCode = code ?? (signal ? 1 : 0);
});
