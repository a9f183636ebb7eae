/**
 * `npm run bench:import` as a developer runs it (bench/README.md), on a small municipality and a small
 * file so it takes seconds: the local tenant, the server as App Service runs it (runServer) in a child,
 * the tab's preview, import, the same file again and the undo, the CLI's import twice, and the staff's
 * load beside it. The figures are not judged here (benchmarks are not timed tests); that the script
 * runs every phase to its end and prints them is.
 */
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../../src/presets/presets';

jest.setTimeout(120_000);

it('runs the import benchmark through every phase and prints its tables', () => {
  const r = spawnSync('npm', ['run', '--silent', 'bench:import', '--', '--staff', '300', '--rows', '200', '--latency', '0'], { cwd: packageRoot(), encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^\| tab: import \(upload → done\) \| [\d.]+ s \| [\d,]+ \([\d,]+\) \| .+ \| done: added 200, changed 0, unchanged 0, refused 0 \|$/m);
  expect(r.stdout).toMatch(/^\| tab: undo the first import \| .+ \| undone: removed 200 \|$/m);
  expect(r.stdout).toMatch(/^\| skillsteps import, the same folder again \| .+ exit 0; created 0, updated 0, unchanged 200;/m);
  expect(r.stdout).toMatch(/^\| nothing else running \(baseline\) \| [\d,]+ \| \d+ \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ ms \| 0 \|$/m);
  // A 200-row import may end inside the load's warm-up: then it says so instead of a figure.
  expect(r.stdout).toMatch(/^p95 during the import: ([\d.]+ ms, ×[\d.]+ the baseline's|not measured)/m);
  expect(r.stdout).toMatch(/^server peak RSS over its whole run .+: \d+ MB$/m);
});
