/**
 * Benchmark of `skillsteps evaluate` over a generated municipality (default 10,000 staff, about
 * 200,000 completion rows). Prints load and evaluate times separately and the whole command's
 * wall time and peak memory. Targets (issue 2): evaluate < 200 ms, whole command < 3 s, < 300 MB.
 *
 *   npm run build && node dist/bench/evaluate-bench.js [--programme setagaya] [--staff 10000] [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluationJson } from '../src/app/evaluation-report';
import { loadSnapshot } from '../src/app/evaluate-programme';
import { CsvFolderSource, writeCsvFolder } from '../src/csv/csv-folder';
import { evaluateProgramme } from '../src/domain/evaluation';
import { loadProgramme, packageRoot } from '../src/presets/presets';
import { generateMunicipality } from '../dev/sample-municipality';

const TODAY = '2026-11-23';

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: { programme: { type: 'string', default: 'setagaya' }, staff: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } },
  });
  const runs = Number(values.runs);
  const load = await loadProgramme(values.programme!);
  if (!load.ok) throw new Error(`programme ${values.programme} does not load: ${JSON.stringify(load)}`);
  const programme = load.programme;
  const dir = mkdtempSync(join(tmpdir(), 'skillsteps-bench-'));
  try {
    let t = performance.now();
    const records = generateMunicipality(programme, { staff: Number(values.staff), seed: 42, today: TODAY, defects: 0 });
    await writeCsvFolder(dir, records);
    const generateMs = performance.now() - t;
    console.log(`programme ${programme.id}; ${records.staff.length.toLocaleString()} staff, ${records.completions.length.toLocaleString()} completions, ` +
      `${records.projects.length.toLocaleString()} projects, ${records.evaluations.length.toLocaleString()} evaluations (generated and written in ${generateMs.toFixed(0)} ms)`);

    // Phases, in this process: read+parse+index once per run, evaluate per run (first run warms up).
    const phases: Array<{ read: number; parse: number; index: number; evaluate: number; json: number }> = [];
    for (let i = 0; i < runs; i++) {
      const { snapshot, timings } = await loadSnapshot(programme, new CsvFolderSource(dir), TODAY);
      t = performance.now();
      const evaluation = evaluateProgramme(snapshot, TODAY);
      const evaluate = performance.now() - t;
      t = performance.now();
      JSON.stringify(evaluationJson(evaluation));
      const json = performance.now() - t;
      phases.push({ read: timings.readMs, parse: timings.parseMs, index: timings.indexMs, evaluate, json });
    }

    // The whole command, as a user runs it, in a fresh process each time.
    const whole: Array<{ ms: number; rssMb: number }> = [];
    const cli = join(packageRoot(), 'bin', 'skillsteps.js');
    const preload = join(packageRoot(), 'bench', 'report-rss.js');
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const r = spawnSync(process.execPath, ['--require', preload, cli, 'evaluate', '--programme', values.programme!, '--data', dir, '--as-of', TODAY, '--json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(`evaluate failed: ${r.stderr}`);
      const kb = Number(/SKILLSTEPS_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
      whole.push({ ms, rssMb: kb / 1024 });
    }

    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const row = (name: string, value: number, unit: string, target?: number): void => {
      const verdict = target === undefined ? '' : value <= target ? `  (target < ${target} ${unit}: met)` : `  (target < ${target} ${unit}: NOT met)`;
      console.log(`${name.padEnd(34)} ${value.toFixed(unit === 'MB' ? 0 : 1).padStart(8)} ${unit}${verdict}`);
    };
    console.log(`\nmedian of ${runs} runs`);
    row('load: read CSV files', median(phases.map((p) => p.read)), 'ms');
    row('load: parse rows + data quality', median(phases.map((p) => p.parse)), 'ms');
    row('load: index snapshot', median(phases.map((p) => p.index)), 'ms');
    row('evaluate (people + KPIs)', median(phases.map((p) => p.evaluate)), 'ms', 200);
    row('JSON document', median(phases.map((p) => p.json)), 'ms');
    row('whole command (fresh process)', median(whole.map((w) => w.ms)), 'ms', 3000);
    row('whole command peak memory (RSS)', Math.max(...whole.map((w) => w.rssMb)), 'MB', 300);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
