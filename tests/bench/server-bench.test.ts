/**
 * `npm run bench:server` as a developer runs it (bench/README.md), on a small municipality so it takes
 * seconds: it starts the local tenant, Azurite and the server with the startup command of
 * infra/azure.bicep, and prints its table. The figures are not judged here (benchmarks are not timed
 * tests); that the script runs the deployed command end to end, and measures it, is.
 */
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../../src/presets/presets';

jest.setTimeout(120_000);

it('runs the server benchmark with the Bicep startup command and prints a row of figures', () => {
  const r = spawnSync('npm', ['run', '--silent', 'bench:server', '--', '--staff', '300', '--settle', '0', '--requests', '100'], { cwd: packageRoot(), encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('startup command: now `node dist/src/server/run.js`');
  // | staff | list items | variant | cold / restart | RSS at ready | steady | peak | p95 |
  expect(r.stdout).toMatch(/^\| 300 \| [\d,]+ \| now \| [\d.]+ s \/ [\d.]+ s \| \d+ MB \| \d+ MB \| \d+ MB \| [\d.]+ ms \|$/m);
  expect(r.stdout).not.toMatch(/not 200/);
});
