/**
 * `npm run bench:evaluate` as a developer runs it (bench/README.md), on a small municipality so it
 * takes seconds: the municipality generated and written as CSV, the in-process phases, then
 * `skillsteps evaluate` in fresh processes beside a baseline checkout's (here this one). The figures
 * are not judged here (benchmarks are not timed tests); that the script runs the command and
 * measures it, with its targets and the ratio, is.
 */
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../../src/presets/presets';

jest.setTimeout(120_000);

it('runs the evaluate benchmark beside a baseline checkout and prints the whole command against its targets', () => {
  const root = packageRoot();
  const r = spawnSync('npm', ['run', '--silent', 'bench:evaluate', '--', '--programme', 'tokyo-template', '--staff', '300', '--runs', '2', '--baseline', root], { cwd: root, encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^programme tokyo-template; 300 staff/m);
  expect(r.stdout).toMatch(/^whole command +[\d.]+ ms {2}\(target < 2000 ms: (met|NOT met)\)$/m);
  expect(r.stdout).toMatch(/^whole command peak memory \(RSS\) +\d+ MB {2}\(target < 300 MB: (met|NOT met)\)$/m);
  expect(r.stdout).toMatch(/^now ÷ baseline: whole command ×[\d.]+, peak memory ×[\d.]+$/m);
});
