import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The layer rule of docs/architecture.md is checked on the whole tree by `npm test` (before jest).
 * These tests show the rules themselves bite: each builds a tiny tree that breaks one rule and runs
 * dependency-cruiser with the project's own configuration, as `npm test` runs it.
 */
const root = join(__dirname, '..', '..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'skillsteps-layers-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16', jsx: 'react-jsx', strict: true } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const dirs = [...new Set(Object.keys(files).map((p) => p.split('/').slice(0, p.startsWith('tab/') ? 2 : 1).join('/')))];
    const r = spawnSync(process.execPath, [depcruise, '--config', join(root, '.dependency-cruiser.cjs'), ...dirs], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the layer rules', () => {
  it('fail when the product (src/) imports a development stand-in (dev/)', () => {
    const r = cruise({ 'src/cli/main.ts': "import { x } from '../../dev/local-tenant';\nexport const y = x;\n", 'dev/local-tenant.ts': 'export const x = 1;\n' });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('src-never-imports-dev-bench-tests');
  });

  it('pass the same tree the other way round (dev/ may use the product)', () => {
    const r = cruise({ 'dev/start.ts': "import { y } from '../src/cli/main';\nexport const z = y;\n", 'src/cli/main.ts': 'export const y = 1;\n' });
    expect(r.output).toContain('no dependency violations');
    expect(r.status).toBe(0);
  });

  it('fail when the Teams edge imports the server, or the domain an SDK', () => {
    const teams = cruise({ 'src/teams/bot.ts': "import { s } from '../server/main';\nexport const b = s;\n", 'src/server/main.ts': 'export const s = 1;\n' });
    expect(teams.output).toContain('teams-edge-never-imports-server');
    const domain = cruise({ 'src/domain/rule.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" });
    expect(domain.output).toContain('domain-no-node-builtins');
  });

  it('fail when the tab imports server code at run time, and allow types and the shared labels', () => {
    const runtime = cruise({ 'tab/src/view.tsx': "import { progressView } from '../../src/app/views';\nexport const v = progressView;\n", 'src/app/views.ts': 'export const progressView = 1;\n' });
    expect(runtime.output).toContain('tab-only-its-own-code');
    const allowed = cruise({
      'tab/src/view.tsx': "import type { View } from '../../src/app/views';\nimport { t } from '../../src/i18n';\nexport const v: View = t;\n",
      'src/app/views.ts': 'export type View = number;\n',
      'src/i18n/index.ts': 'export const t = 1;\n',
    });
    expect(allowed.output).toContain('no dependency violations');
  });

  it('fail on a circle anywhere', () => {
    const r = cruise({ 'tab/src/a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'tab/src/b.ts': "import { a } from './a';\nexport const b = () => a;\n" });
    expect(r.output).toContain('no-circular');
  });
});
