#!/usr/bin/env node
'use strict';
/**
 * The tab's JavaScript budget (issue #5: initial JavaScript ≤ 300 KB gzipped). Reads the built
 * tab/dist/index.html, gzips what the page loads before it can show anything (the entry scripts
 * and their modulepreloads, transitively through static imports) and each lazy chunk, and prints
 * the figures. Exits 1 when the initial JavaScript is over the budget. Run `npm run build:tab` first.
 *
 *   node tab/scripts/size.js [--json]
 */
const { readFileSync, readdirSync, existsSync } = require('node:fs');
const { join, basename } = require('node:path');
const { gzipSync } = require('node:zlib');

const BUDGET_KB = 300;
const dist = join(__dirname, '..', 'dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('tab/dist/index.html がありません。先に npm run build:tab を実行してください。');
  process.exit(2);
}
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const fileOf = (href) => join(dist, href.replace(/^\/tab\//, '').replace(/^\.\//, ''));
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

// Entry scripts and what index.html preloads with them.
const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) =>
  fileOf(m[1]),
);
// Static imports of those chunks load before the page runs too; dynamic import() ones do not.
const initial = new Set();
const visit = (file) => {
  if (initial.has(file) || !existsSync(file)) return;
  initial.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(join(dist, 'assets', m[1]));
};
entry.forEach(visit);

const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const rows = assets.map((f) => {
  const file = join(dist, 'assets', f);
  return { chunk: f, initial: initial.has(file), raw: kb(readFileSync(file).length), gzip: kb(gz(file)) };
});
const initialGzip = kb([...initial].reduce((n, f) => n + gz(f), 0));
const css = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.css'));
const result = { budgetKb: BUDGET_KB, initialJsGzipKb: initialGzip, withinBudget: initialGzip <= BUDGET_KB, chunks: rows, css: css.map((f) => basename(f)) };

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log('tab bundle (gzip -9)');
  for (const r of rows.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip)) {
    console.log(`  ${r.initial ? 'initial' : 'lazy   '}  ${String(r.gzip).padStart(7)} KB gz  ${String(r.raw).padStart(8)} KB  ${r.chunk}`);
  }
  console.log(`initial JavaScript: ${initialGzip} KB gzipped (budget ${BUDGET_KB} KB) — ${result.withinBudget ? 'OK' : 'OVER BUDGET'}`);
}
process.exit(result.withinBudget ? 0 : 1);
