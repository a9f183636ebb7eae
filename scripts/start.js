#!/usr/bin/env node
'use strict';
/**
 * `npm start`: installs what is missing, generates a sample municipality for a preset programme
 * into .local/sample/<programme>/ and evaluates it. Options after `--`:
 *   --programme <id>  (default setagaya)   --staff <n> (default 2000)   --seed <n> (default 1)
 */
const { parseArgs } = require('node:util');
const { join } = require('node:path');
const { ensurePackages, build, root, step, run } = require('./setup');

const { values } = parseArgs({
  options: {
    programme: { type: 'string', default: 'setagaya' },
    staff: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
  },
});

if (!ensurePackages()) build();
const cli = join(root, 'bin', 'skillsteps.js');
const data = join(root, '.local', 'sample', values.programme);
try {
  step(`サンプル自治体を作成します（${values.programme}、${values.staff} 人）`);
  run(process.execPath, [cli, 'generate', '--programme', values.programme, '--staff', values.staff, '--seed', values.seed, '--defects', '24', '--out', data]);
  step('評価します');
  run(process.execPath, [cli, 'evaluate', '--programme', values.programme, '--data', data, '--limit', '15']);
  step(`データ: ${data}（CSV、Excel で開けます）。1 人の詳細: node bin/skillsteps.js evaluate --programme ${values.programme} --data ${data} --person <UPN>`);
} catch (e) {
  process.exitCode = typeof e.status === 'number' && e.status !== 0 ? e.status : 1;
}
