/**
 * Benchmark of `skillsteps evaluate` over a generated municipality (default 10,000 staff, about
 * 200,000 completion rows). Prints load and evaluate times separately and the whole command's
 * wall time and peak memory. Targets: evaluate < 200 ms (issue 2); the whole command < 2 s and ≤ 300 MB
 * at 10,000 staff, < 8 s and ≤ 1 GB up to 50,000 (issue 16). With `--baseline <dir>` (a built checkout
 * of an earlier commit) its command runs too, alternately with this checkout's on the same files, and
 * the ratios are printed.
 *
 *   npm run build && node dist/bench/evaluate-bench.js [--programme setagaya] [--staff 10000] [--runs 5] [--baseline <dir>]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluationJsonChunks } from '../src/app/evaluation-report';
import { loadSnapshot } from '../src/app/evaluate-programme';
import { CsvFolderSource, writeCsvFolder } from '../src/csv/csv-folder';
import { evaluateProgramme } from '../src/domain/evaluation';
import { loadProgramme, packageRoot } from '../src/presets/presets';
import { generateMunicipality } from '../src/sample/sample-municipality';

const TODAY = '2026-11-23';

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: { programme: { type: 'string', default: 'setagaya' }, staff: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' }, baseline: { type: 'string' } },
  });
  const runs = Math.max(2, Number(values.runs));
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

    // Phases, in this process: the load once (read, parse, index), then the evaluation run several
    // times on that snapshot — the first with a cold JIT (as in the CLI), the rest warm (as in the server).
    const { snapshot, timings } = await loadSnapshot(programme, new CsvFolderSource(dir), TODAY);
    const evaluateMs: number[] = [];
    const jsonMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const evaluation = evaluateProgramme(snapshot, TODAY);
      evaluateMs.push(performance.now() - t);
      t = performance.now();
      for (const chunk of evaluationJsonChunks(evaluation)) void chunk.length;
      jsonMs.push(performance.now() - t);
    }

    // The whole command, as a user runs it, in a fresh process each time (and the baseline's, alternately).
    const command = (root: string): { ms: number; rssMb: number } => {
      const started = performance.now();
      const r = spawnSync(process.execPath, ['--require', join(packageRoot(), 'bench', 'report-rss.js'), join(root, 'bin', 'skillsteps.js'), 'evaluate', '--programme', values.programme!, '--data', dir, '--as-of', TODAY, '--json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      const ms = performance.now() - started;
      if (r.status !== 0) throw new Error(`evaluate failed (${root}): ${r.stderr}`);
      return { ms, rssMb: Number(/SKILLSTEPS_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]) / 1024 };
    };
    const whole: Array<{ ms: number; rssMb: number }> = [];
    const baseline: Array<{ ms: number; rssMb: number }> = [];
    for (let i = 0; i < runs; i++) {
      if (values.baseline) baseline.push(command(values.baseline));
      whole.push(command(packageRoot()));
    }

    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const row = (name: string, value: number, unit: string, target?: number): void => {
      const verdict = target === undefined ? '' : value <= target ? `  (target < ${target} ${unit}: met)` : `  (target < ${target} ${unit}: NOT met)`;
      console.log(`${name.padEnd(34)} ${value.toFixed(unit === 'MB' ? 0 : 1).padStart(8)} ${unit}${verdict}`);
    };
    console.log(`\nin-process: one load, then ${runs} evaluations of it (the first with a cold JIT, as in the CLI; the rest warm, as in the server)`);
    row('load: read files + decode', timings.readMs, 'ms');
    row('load: parse CSV, rows, data quality', timings.parseMs, 'ms');
    row('load: index snapshot', timings.indexMs, 'ms');
    row('evaluate, first run (cold)', evaluateMs[0]!, 'ms');
    row('evaluate, warm median (people + KPIs)', median(evaluateMs.slice(1)), 'ms', 200);
    row('JSON document, warm median', median(jsonMs.slice(1)), 'ms');
    // Issue 16: < 2 s and ≤ 300 MB at 10,000 staff; < 8 s and ≤ 1 GB up to 50,000.
    const small = records.staff.length <= 10_000;
    console.log(`\nthe command as a user runs it (fresh process each time), median of ${runs}`);
    const ms = median(whole.map((w) => w.ms));
    const rss = Math.max(...whole.map((w) => w.rssMb));
    row('whole command', ms, 'ms', small ? 2000 : 8000);
    row('whole command peak memory (RSS)', rss, 'MB', small ? 300 : 1024);
    if (values.baseline) {
      const bms = median(baseline.map((w) => w.ms));
      const brss = Math.max(...baseline.map((w) => w.rssMb));
      row(`baseline whole command (${values.baseline})`, bms, 'ms');
      row('baseline peak memory (RSS)', brss, 'MB');
      console.log(`now ÷ baseline: whole command ×${(ms / bms).toFixed(2)}, peak memory ×${(rss / brss).toFixed(2)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
