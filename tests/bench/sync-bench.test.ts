/**
 * `npm run bench:sync` as a developer runs it (bench/README.md), on a small municipality and a short
 * latency so it takes seconds: the local tenant in its own process, `skillsteps sync --full` in fresh
 * processes (one chain of pages, in ranges, and a baseline checkout's — here this one), the no-change
 * syncs and the server's re-sync, and the lines that judge the targets. The figures are not judged
 * here (benchmarks are not timed tests); that the script runs the commands and measures them is.
 */
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../../src/presets/presets';

jest.setTimeout(120_000);

it('runs the sync benchmark against a baseline checkout and prints every figure with its target', () => {
  const root = packageRoot();
  const r = spawnSync('npm', ['run', '--silent', 'bench:sync', '--', '--staff', '300', '--latency', '5', '--skip-naive', '--baseline', root], { cwd: root, encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^sync --full, in ranges \(now\) +[\d.]+ s read, [\d.]+ s command +\d+ +longest chain \d+, peak \d+ MB$/m);
  expect(r.stdout).toMatch(/^sync --full, in ranges \(baseline: .+\) +[\d.]+ s read/m);
  expect(r.stdout).toMatch(/^full sync vs the baseline checkout: read ×[\d.]+, command ×[\d.]+, peak ×[\d.]+; the baseline read [\d.]+× its limit$/m);
  expect(r.stdout).toMatch(/^network's limit of the partitioned read at 5 ms: .+ = [\d.]+× the limit \(target ≤ 2×: (met|NOT met)\)$/m);
  expect(r.stdout).toMatch(/^no-change sync from the CLI: [\d.]+ s whole command/m);
  expect(r.stdout).toMatch(/^peak memory of the full sync command: \d+ MB/m);
});
