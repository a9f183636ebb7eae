#!/usr/bin/env node
'use strict';
/**
 * `npm start`: installs what is missing, starts the local tenant (the stand-in for Microsoft 365:
 * Graph, SharePoint lists and a token issuer) seeded with a sample municipality for a preset,
 * reads its lists through Graph as production does, evaluates them, and keeps the tenant running
 * until Ctrl+C. Options after `--`:
 *   --programme <id>  (default setagaya)   --staff <n> (default 2000)   --seed <n> (default 1)   --port <n> (default 8443)
 */
const { spawn, spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { parseArgs } = require('node:util');
const { setup, root, step } = require('./setup');

const { values } = parseArgs({
  options: {
    programme: { type: 'string', default: 'setagaya' },
    staff: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    port: { type: 'string', default: '8443' },
  },
});

setup();
const cli = join(root, 'bin', 'skillsteps.js');
const data = join(root, '.local', 'tenant', values.programme);

step(`ローカルテナントを起動します（${values.programme}、${values.staff} 人、https://localhost:${values.port}）`);
const tenant = spawn(
  process.execPath,
  [cli, 'local-tenant', '--port', values.port, '--data', data, '--programme', values.programme, '--staff', values.staff, '--seed', values.seed],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const stop = () => tenant.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

let out = '';
tenant.stdout.setEncoding('utf8');
tenant.stdout.on('data', (chunk) => {
  out += chunk;
  if (!out.includes('Ctrl+C')) return;
  tenant.stdout.removeAllListeners('data');
  const env = { ...process.env };
  for (const line of out.split('\n')) {
    const m = /^(SKILLSTEPS_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  env.SKILLSTEPS_SYNC_CACHE_DIR = join(root, '.local', 'sync-cache');
  step('SharePoint のリストを Graph で読みます（2 回目からは差分のみ）');
  spawnSync(process.execPath, [cli, 'sync', '--programme', values.programme], { env, stdio: 'inherit' });
  step('評価します');
  spawnSync(process.execPath, [cli, 'evaluate', '--site', env.SKILLSTEPS_SITE, '--programme', values.programme, '--limit', '10'], { env, stdio: 'inherit' });
  const envLines = out.split('\n').filter((l) => l.startsWith('SKILLSTEPS_'));
  console.log(`\nローカルテナントは動いています（Ctrl+C で停止）。別のターミナルで使うには:\n\n${envLines.map((l) => `  export ${l}`).join('\n')}\n\n  npx skillsteps sync --programme ${values.programme}\n  npx skillsteps evaluate --site "$SKILLSTEPS_SITE" --programme ${values.programme} --person <UPN>\n`);
});
tenant.on('exit', (code) => {
  process.exitCode = code ?? 0;
});
