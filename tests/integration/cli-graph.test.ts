import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import { writeCsvFolder } from '../../src/csv/csv-folder';
import { main } from '../../src/cli/main';
import { appCredential } from '../../src/sharepoint/credentials';
import { createGraphApi } from '../../src/sharepoint/graph-client';
import { createItem, toGraphFields } from '../../src/sharepoint/graph-list-writer';
import { listIds } from '../../src/sharepoint/provision';
import { graphConfigOf } from '../helpers/tenant';
import { preset } from '../helpers/world';

const root = join(__dirname, '..', '..');
const TODAY = '2026-11-23';

describe('skillsteps commands against SharePoint (the local tenant)', () => {
  let dir: string;
  let tenant: LocalTenant;
  let env: Record<string, string>;

  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: dir, now: new Date(`${TODAY}T03:00:00Z`), env });
    return { code, out, err };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-cli-graph-'));
    tenant = await startLocalTenant({ port: 0, seed: false });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    env = {
      SKILLSTEPS_GRAPH_BASE_URL: tenant.url,
      SKILLSTEPS_AUTHORITY_HOST: tenant.url,
      SKILLSTEPS_TENANT_ID: tenant.tenantId,
      SKILLSTEPS_CLIENT_ID: tenant.clientId,
      SKILLSTEPS_CLIENT_SECRET: tenant.clientSecret,
      SKILLSTEPS_LOCAL_CA_FILE: join(dir, 'ca.pem'),
      SKILLSTEPS_LOCAL_MODE: 'loopback',
      SKILLSTEPS_SYNC_CACHE_DIR: join(dir, 'cache'),
    };
    await writeCsvFolder(join(dir, 'csv'), generateMunicipality(preset('moka'), { staff: 150, seed: 2, today: TODAY, defects: 3 }));
  }, 30_000);
  afterAll(async () => {
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('provisions, imports, syncs (full, then delta), evaluates and exports through Graph', async () => {
    const provision = await cli('provision', '--site', tenant.siteUrl);
    expect(provision.code).toBe(0);
    expect(provision.out).toContain('リストを作成');
    const again = await cli('provision', '--site', tenant.siteId);
    expect(again.out).toContain('すべて揃っています。何も変更しませんでした。');

    const imported = await cli('import', '--site', tenant.siteId, '--data', 'csv', '--programme', 'moka');
    // Three malformed rows: reported, not uploaded, and the exit code says so.
    expect(imported.code).toBe(3);
    expect(imported.out).toContain('読めなかった CSV の行 3 件は取り込んでいません');
    const twice = await cli('import', '--site', tenant.siteId, '--data', 'csv', '--programme', 'moka');
    expect(twice.out).toMatch(/職員\(Staff\)\s+150\s+0\s+0\s+150\s+0\s+0/);

    const full = await cli('sync', '--site', tenant.siteId, '--programme', 'moka', '--json');
    expect(full.code).toBe(0);
    const doc = JSON.parse(full.out) as { lists: Array<{ list: string; mode: string; items: number }>; requests: number };
    expect(doc.lists.find((l) => l.list === 'Staff')).toEqual(expect.objectContaining({ mode: 'full', items: 150 }));
    const delta = JSON.parse((await cli('sync', '--site', tenant.siteId, '--programme', 'moka', '--json')).out) as typeof doc;
    expect(delta.lists.every((l) => l.mode === 'delta')).toBe(true);
    // Site, list ids, then one delta request per list.
    expect(delta.requests).toBe(2 + delta.lists.length);

    const text = await cli('sync', '--site', tenant.siteId, '--programme', 'moka');
    expect(text.out).toContain('差分');
    expect(text.out).toMatch(/Graph リクエスト \d+ 回/);

    const evaluation = await cli('evaluate', '--site', tenant.siteId, '--programme', 'moka', '--json');
    expect(evaluation.code).toBe(0);
    const e = JSON.parse(evaluation.out) as { people: unknown[]; kpis: unknown[] };
    expect(e.people.length).toBeGreaterThan(140);
    expect(e.kpis.length).toBeGreaterThan(0);

    const exported = await cli('export', '--site', tenant.siteId, '--out', 'out');
    expect(exported.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(readdirSync(join(dir, 'csv')).sort());
  }, 60_000);

  it('keeps the last data-quality report when no list changed, without reading the stored items; a change is parsed again', async () => {
    await cli('provision', '--site', tenant.siteId);
    await cli('import', '--site', tenant.siteId, '--data', 'csv', '--programme', 'moka');
    type Doc = { lists: Array<{ list: string; mode: string }>; requests: number; dataQualityReused: boolean; dataQuality: Array<{ list: string; itemId?: string; code: string }> };
    const sync = async (...extra: string[]): Promise<Doc> => {
      const r = await cli('sync', '--site', tenant.siteId, '--programme', 'moka', '--json', ...extra);
      expect([r.code, r.err]).toEqual([0, '']);
      return JSON.parse(r.out) as Doc;
    };
    const full = await sync('--full');
    expect(full.dataQualityReused).toBe(false);
    const again = await sync();
    expect([again.dataQualityReused, again.requests]).toEqual([true, 2 + again.lists.length]);
    expect(again.dataQuality).toEqual(full.dataQuality);

    // The stored items are not even read: a damaged file of the same size goes unnoticed while nothing changed…
    const [siteDir] = readdirSync(join(dir, 'cache'));
    const file = join(dir, 'cache', siteDir!, 'Completions.jsonl');
    const intact = readFileSync(file);
    writeFileSync(file, Buffer.alloc(intact.length, 0x20));
    try {
      expect((await sync()).dataQualityReused).toBe(true);
    } finally {
      writeFileSync(file, intact);
    }

    // …and a change anywhere is parsed, with what it brings.
    const g = createGraphApi({ baseUrl: tenant.url, credential: appCredential(graphConfigOf(tenant, join(dir, 'ca.pem'))), caPem: tenant.caPem, concurrency: 2, maxRetries: 3 });
    const ids = await listIds(g, tenant.siteId);
    const staff = generateMunicipality(preset('moka'), { staff: 150, seed: 2, today: TODAY, defects: 0 }).staff[0]!;
    const odd = await createItem(g, tenant.siteId, ids.Completions, toGraphFields('Completions', { Upn: staff.upn, CourseId: 'no-such-course', CompletedOn: '2026-10-01' }));
    const changed = await sync();
    expect(changed.dataQualityReused).toBe(false);
    expect(changed.dataQuality.filter((d) => d.itemId === odd.id)).toEqual([expect.objectContaining({ list: 'Completions' })]);
    expect(changed.dataQuality.length).toBe(full.dataQuality.length + 1);
    expect((await sync()).dataQualityReused).toBe(true);
  }, 60_000);

  it('refuses rows for people and courses the site does not know before uploading, and says so in its exit code', async () => {
    await cli('provision', '--site', tenant.siteId);
    await cli('import', '--site', tenant.siteId, '--data', 'csv', '--programme', 'moka');
    const staff = generateMunicipality(preset('moka'), { staff: 150, seed: 2, today: TODAY, defects: 0 }).staff.filter((s) => s.active);
    const course = preset('moka').courses[0]!.id;
    // A vendor's month on its own: no Staff.csv beside it, so people are checked against the site's Staff list.
    mkdirSync(join(dir, 'month'), { recursive: true });
    writeFileSync(
      join(dir, 'month', 'Completions.csv'),
      ['Upn,CourseId,CompletedOn', `${staff[0]!.upn},${course},2026-10-01`, `stranger@example.jp,${course},2026-10-01`, `${staff[1]!.upn},no-such-course,2026-10-01`].join('\r\n'),
    );
    const month = await cli('import', '--site', tenant.siteId, '--data', 'month', '--programme', 'moka');
    expect(month.code).toBe(3);
    expect(month.out).toMatch(/受講記録\(Completions\)\s+1\s+\d\s+\d\s+\d\s+2\s+0/);
    expect(month.out).toContain('職員リストにない UPN です: "stranger@example.jp"');
    expect(month.out).toContain('研修リストにもプログラムにもない研修IDです: "no-such-course"');
    const exported = await cli('export', '--site', tenant.siteId, '--out', 'after');
    expect(exported.code).toBe(0);
    expect(readFileSync(join(dir, 'after', 'Completions.csv'), 'utf8')).not.toContain('stranger@example.jp');

    // A file refused whole (a required column missing): exit code 4, nothing of it uploaded.
    writeFileSync(join(dir, 'month', 'Completions.csv'), ['Upn,CompletedOn', `${staff[0]!.upn},2026-10-02`].join('\r\n'));
    const whole = await cli('import', '--site', tenant.siteId, '--data', 'month', '--programme', 'moka');
    expect(whole.code).toBe(4);
    expect(whole.err).toContain('ファイルごと取り込みませんでした: Completions.csv — 必須の列がありません: CourseId（研修ID）');

    // Everything known and readable: 0.
    writeFileSync(join(dir, 'month', 'Completions.csv'), ['Upn,CourseId,CompletedOn', `${staff[0]!.upn},${course},2026-10-01`].join('\r\n'));
    expect((await cli('import', '--site', tenant.siteId, '--data', 'month', '--programme', 'moka')).code).toBe(0);
  }, 60_000);

  it('says clearly what is wrong: missing credentials, a site without the lists', async () => {
    let missing = '';
    const noCreds = await main(['sync', '--site', 'x', '--programme', 'moka'], { out: () => undefined, err: (t) => (missing += t), cwd: dir, now: new Date(), env: {} });
    const r = await main(['provision', '--site', 'x'], { out: () => undefined, err: (t) => (missing += t), cwd: dir, now: new Date(), env: {} });
    expect([noCreds, r]).toEqual([1, 1]);
    expect(missing).toContain('SKILLSTEPS_TENANT_ID（テナント ID）が設定されていません');

    const empty = await startLocalTenant({ port: 0, seed: false });
    try {
      writeFileSync(join(dir, 'ca2.pem'), empty.caPem);
      let err = '';
      const code = await main(['evaluate', '--site', empty.siteId, '--programme', 'moka'], {
        out: () => undefined,
        err: (t) => (err += t),
        cwd: dir,
        now: new Date(),
        env: { ...env, SKILLSTEPS_GRAPH_BASE_URL: empty.url, SKILLSTEPS_AUTHORITY_HOST: empty.url, SKILLSTEPS_TENANT_ID: empty.tenantId, SKILLSTEPS_CLIENT_ID: empty.clientId, SKILLSTEPS_CLIENT_SECRET: empty.clientSecret, SKILLSTEPS_LOCAL_CA_FILE: join(dir, 'ca2.pem') },
      });
      expect(code).toBe(1);
      expect(err).toContain('SkillSteps のリストがありません。先に skillsteps provision を実行してください');
    } finally {
      await empty.close();
    }
  });

  it('starts the local tenant as a command and prints GRAPH_BASE_URL and SITE_ID for scripts', async () => {
    const child = spawn(process.execPath, [join(root, 'bin', 'skillsteps.js'), 'local-tenant', '--port', '0', '--data', join(dir, 'tenant'), '--staff', '100'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          text += d;
          if (text.includes('Ctrl+C')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(out).toMatch(/^GRAPH_BASE_URL=https:\/\/localhost:\d+$/m);
      expect(out).toMatch(/^SITE_ID=localhost,[0-9a-f-]+,[0-9a-f-]+$/m);
      expect(out).toMatch(/^SKILLSTEPS_LOCAL_CA_FILE=.+local-tenant-ca\.pem$/m);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});

describe('the production credential (@azure/identity) against the local tenant', () => {
  it('signs in with ClientSecretCredential and provisions, with the tenant trusted only through NODE_EXTRA_CA_CERTS', async () => {
    const tenant = await startLocalTenant({ port: 0, seed: false });
    const dir = mkdtempSync(join(tmpdir(), 'skillsteps-identity-'));
    try {
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, tenant.caPem);
      const child = spawn(process.execPath, [join(root, 'bin', 'skillsteps.js'), 'provision', '--site', tenant.siteId], {
        env: {
          PATH: process.env.PATH,
          NODE_EXTRA_CA_CERTS: ca,
          SKILLSTEPS_GRAPH_BASE_URL: tenant.url,
          SKILLSTEPS_AUTHORITY_HOST: tenant.url,
          SKILLSTEPS_TENANT_ID: tenant.tenantId,
          SKILLSTEPS_CLIENT_ID: tenant.clientId,
          SKILLSTEPS_CLIENT_SECRET: tenant.clientSecret,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out).toContain('リストを作成');
    } finally {
      await tenant.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
