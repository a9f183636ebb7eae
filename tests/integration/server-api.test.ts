import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { generateKeyPair, SignJWT } from 'jose';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import { packageRoot } from '../../src/presets/presets';
import { startServer, type RunningServer } from '../../src/server/main';
import { memoryLogger } from '../../src/server/log';
import { preset } from '../helpers/world';

const TODAY = '2026-11-23';
const programme = preset('setagaya');
/** The built tab the server serves at /tab/ (scripts/test.js builds it before jest runs). */
const TAB_DIST = join(packageRoot(), 'tab', 'dist');

describe('the tab API', () => {
  let dir: string;
  let tenant: LocalTenant;
  let server: RunningServer;
  let audience: string;
  // People picked from the generated municipality.
  let staffUpn: string;
  let otherUpn: string;
  let managerUpn: string;
  let managerSection: { department: string; section: string };
  let otherSection: { department: string; section: string };
  let officeUpn: string;
  let nameOf: Map<string, string>;

  const token = (upn: string, opts?: { roles?: string[]; lifetimeSeconds?: number }) => tenant.issueUserToken(upn, audience, opts);
  const call = async (path: string, auth?: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}${path}`, { ...init, headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json', ...init.headers } });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') ? ((await res.json()) as Record<string, unknown>) : await res.text() };
  };
  const as = async (upn: string, path: string, init?: RequestInit, opts?: { roles?: string[] }) => call(path, `Bearer ${await token(upn, opts)}`, init);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-api-'));
    tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 200, seed: 5, today: TODAY } });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    audience = `api://localhost/${tenant.clientId}`;
    server = await startServer(
      {
        PORT: '0',
        SKILLSTEPS_PROGRAMME: 'setagaya',
        ...localTenantEnv(tenant, join(dir, 'ca.pem')),
      },
      { log: memoryLogger(), clock: { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY } },
    );
    await server.service.refresh();
    const records = generateMunicipality(programme, { staff: 200, seed: 5, today: TODAY, defects: 0 });
    const active = records.staff.filter((s) => s.active);
    nameOf = new Map(records.staff.map((s) => [s.upn.toLowerCase(), s.name]));
    // A section with a 課長 and a 主事 whose DX推進リーダー seat is free and has nothing pending.
    const taken = new Set([
      ...records.roles.filter((r) => r.role === 'dx-leader' && (!r.end || r.end >= TODAY)).map((r) => r.section ?? ''),
      ...records.nominations.filter((n) => n.status === 'pending').map((n) => n.section),
    ]);
    const kacho = active.find((s) => s.grade === 'kacho' && !taken.has(s.section) && active.some((x) => x.section === s.section && x.grade === 'shuji'))!;
    managerUpn = kacho.upn;
    managerSection = { department: kacho.department, section: kacho.section };
    staffUpn = active.find((s) => s.section === kacho.section && s.grade === 'shuji')!.upn;
    const elsewhere = active.find((s) => s.section !== kacho.section && s.grade === 'shuji')!;
    otherUpn = elsewhere.upn;
    otherSection = { department: elsewhere.department, section: elsewhere.section };
    officeUpn = active.find((s) => s.section === 'DX推進課')?.upn ?? active[0]!.upn;
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const routes: Array<[string, string, RequestInit?]> = [
    ['GET', '/api/me'],
    ['GET', '/api/me/progress'],
    ['GET', '/api/people/someone@setagaya.example.jp/progress'],
    ['GET', '/api/sections'],
    ['GET', '/api/sections/総務部/総務課/members'],
    ['GET', '/api/programme'],
    ['GET', '/api/programme/kpis.csv'],
    ['GET', '/api/nominations'],
    ['POST', '/api/nominations', { method: 'POST', body: JSON.stringify({ nomineeUpn: 'x@y.jp', role: 'dx-leader' }) }],
    ['GET', '/api/data-quality'],
    ['GET', '/api/sync'],
    ['POST', '/api/sync', { method: 'POST' }],
    ['GET', '/api/imports'],
    ['POST', '/api/imports/preview', { method: 'POST', body: 'Upn,CourseId,CompletedOn\r\n' }],
    ['POST', '/api/imports', { method: 'POST', body: 'Upn,CourseId,CompletedOn\r\n' }],
    ['GET', '/api/imports/1'],
    ['POST', '/api/imports/1/undo', { method: 'POST' }],
    ['GET', '/api/settings'],
    ['POST', '/api/settings', { method: 'POST', body: JSON.stringify({ fiscalYear: 2026, changes: [{ key: 'kpi:dx-talent', value: '1' }] }) }],
    ['GET', '/api/me/declarations'],
    ['POST', '/api/me/declarations', { method: 'POST', body: JSON.stringify({ role: 'dx-supporter' }) }],
    ['GET', '/api/rounds'],
    ['GET', '/api/rounds/projects'],
    ['POST', '/api/rounds', { method: 'POST', body: JSON.stringify({ project: 'P-1', evaluators: [] }) }],
    ['POST', '/api/rounds/P-1.20261124T030000Z/answer', { method: 'POST', body: JSON.stringify({ scores: [3] }) }],
    ['POST', '/api/rounds/P-1.20261124T030000Z/remind', { method: 'POST' }],
    ['POST', '/api/rounds/P-1.20261124T030000Z/close', { method: 'POST' }],
  ];

  describe('refuses every route without a valid token (401)', () => {
    const badTokens: Array<[string, () => Promise<string | undefined>, string]> = [
      ['no Authorization header', async () => undefined, 'AUTH.MISSING'],
      ['not a bearer token', async () => 'Basic dXNlcjpwYXNz', 'AUTH.MALFORMED'],
      ['a bearer that is not a JWT', async () => 'Bearer not.a.jwt', 'AUTH.MALFORMED'],
      ['an expired token', async () => `Bearer ${await token(staffUpn, { lifetimeSeconds: -300 })}`, 'AUTH.EXPIRED'],
      ['a token for another audience', async () => `Bearer ${await tenant.issueUserToken(staffUpn, 'api://localhost/another-app')}`, 'AUTH.WRONG_AUDIENCE'],
      ['a token signed by someone else', async () => `Bearer ${await forged({ tid: tenant.tenantId, aud: audience, upn: staffUpn, iss: `${tenant.url}/${tenant.tenantId}/v2.0` })}`, 'AUTH.BAD_SIGNATURE'],
      // Signed by someone else and naming another tenant: told the same as any forged token (the signature comes first).
      ['a forged token from another tenant', async () => `Bearer ${await forged({ tid: '11111111-2222-3333-4444-555555555555', aud: audience, upn: staffUpn, iss: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0' })}`, 'AUTH.BAD_SIGNATURE'],
      ['an ID token for the app', async () => `Bearer ${await tenant.issueIdToken(staffUpn)}`, 'AUTH.WRONG_SCOPE'],
    ];
    it.each(routes.flatMap(([method, path, init]) => badTokens.map(([name, make, code]) => [`${method} ${path}`, name, path, init, make, code] as const)))(
      '%s with %s',
      async (_route, _name, path, init, make, code) => {
        const r = await call(path, await make(), init);
        expect(r.status).toBe(401);
        expect((r.body as { error: { code: string } }).error.code).toBe(code);
      },
    );
  });

  it('answers health without a token', async () => {
    const r = await call('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(expect.objectContaining({ status: 'ok' }));
  });

  it('shows a staff member their own steps, and nothing of anyone else', async () => {
    const me = await as(staffUpn, '/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ upn: staffUpn, office: false, manages: [] }));
    const progress = await as(staffUpn, '/api/me/progress');
    expect(progress.status).toBe(200);
    const roles = (progress.body as { progress: { roles: Array<{ role: string }> } }).progress.roles.map((r) => r.role);
    expect(roles).toContain('all-staff');

    for (const path of [`/api/people/${otherUpn}/progress`, `/api/sections/${enc(managerSection)}/members`, '/api/programme', '/api/data-quality', '/api/programme/kpis.csv']) {
      const r = await as(staffUpn, path);
      expect([path, r.status]).toEqual([path, 403]);
      expect((r.body as { error: { message: string } }).error.message).toMatch(/権限がありません|だけが見られます/);
    }
    expect((await as(staffUpn, '/api/sync', { method: 'POST' })).status).toBe(403);
    expect(await as(staffUpn, '/api/sections')).toEqual({ status: 200, body: [] });
  });

  it('shows a section manager their section and its members, but not other sections', async () => {
    const me = await as(managerUpn, '/api/me');
    expect((me.body as { manages: unknown[] }).manages).toEqual([managerSection]);
    const members = await as(managerUpn, `/api/sections/${enc(managerSection)}/members?sort=pending&limit=5`);
    expect(members.status).toBe(200);
    const page = members.body as { total: number; items: Array<{ upn: string; pending: number }>; nextCursor?: string };
    expect(page.items.length).toBeLessThanOrEqual(5);
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.map((i) => i.pending)).toEqual([...page.items.map((i) => i.pending)].sort((a, b) => b - a));
    expect((await as(managerUpn, `/api/people/${staffUpn}/progress`)).status).toBe(200);
    expect((await as(managerUpn, `/api/people/${otherUpn}/progress`)).status).toBe(403);
    expect((await as(managerUpn, `/api/sections/${enc(otherSection)}/members`)).status).toBe(403);
    expect((await as(managerUpn, '/api/programme')).status).toBe(403);
  });

  it('pages through a large section with cursors', async () => {
    const first = (await as(managerUpn, `/api/sections/${enc(managerSection)}/members?limit=2`)).body as { items: Array<{ upn: string }>; nextCursor?: string; total: number };
    const seen = [...first.items.map((i) => i.upn)];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = (await as(managerUpn, `/api/sections/${enc(managerSection)}/members?limit=2&cursor=${cursor}`)).body as typeof first;
      seen.push(...next.items.map((i) => i.upn));
      cursor = next.nextCursor;
    }
    expect(seen.length).toBe(first.total);
    expect(new Set(seen).size).toBe(first.total);
  });

  it('shows the programme office everything: KPIs for a chosen year, CSV export, data quality, sync', async () => {
    const office = { roles: ['ProgrammeOffice'] };
    const prog = await as(officeUpn, '/api/programme?fiscalYear=2023', undefined, office);
    expect(prog.status).toBe(200);
    const view = prog.body as { fiscalYear: number; kpis: Array<{ id: string; fiscalYear: number }>; steps: unknown[] };
    expect(view.fiscalYear).toBe(2023);
    expect(view.kpis.map((k) => k.id)).toEqual(programme.kpis.map((k) => k.id));
    expect(view.kpis.every((k) => k.fiscalYear === 2023)).toBe(true);
    const csv = await as(officeUpn, '/api/programme/kpis.csv', undefined, office);
    expect(csv.status).toBe(200);
    expect(String(csv.body).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('年度,指標ID,指標,部,課,実績,分子,分母,単位,目標,目標年度,判定,今年度の目安');
    expect((await as(officeUpn, '/api/data-quality?limit=10', undefined, office)).status).toBe(200);
    expect((await as(officeUpn, `/api/people/${otherUpn}/progress`, undefined, office)).status).toBe(200);
    expect((await as(officeUpn, '/api/programme?fiscalYear=1999', undefined, office)).status).toBe(400);
    const sync = await as(officeUpn, '/api/sync', { method: 'POST' }, office);
    expect(sync.status).toBe(202);
    await server.service.refresh();
  });

  it('creates a nomination by the rules: refusals with reasons (422), warnings to confirm (409), then created (201) and listed', async () => {
    const body = (nomineeUpn: string, extra: Record<string, unknown> = {}) => ({ method: 'POST', body: JSON.stringify({ nomineeUpn, role: 'dx-leader', reason: '業務改善を主導', ...extra }) });
    const refused = await as(staffUpn, '/api/nominations', body(staffUpn));
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('NOMINATION.NOT_MANAGER');

    // A 主事 is only warned about (世田谷区:「原則」副係長または主任) unless the section's seat is taken.
    const nominated = await as(managerUpn, '/api/nominations', body(staffUpn));
    expect(nominated.status).toBe(409);
    expect(JSON.stringify(nominated.body)).toContain('NOMINATION.GRADE_NOT_ELIGIBLE');
    const created = await as(managerUpn, '/api/nominations', body(staffUpn, { confirmWarnings: true }));
    expect(created.status).toBe(201);
    // The tab names the approver from the Staff list; with no bot here, nobody was asked in chat.
    const { approverUpn, approverName, approverNotified } = created.body as { approverUpn: string; approverName?: string; approverNotified: boolean };
    expect(approverName).toBe(nameOf.get(approverUpn.toLowerCase()));
    expect(approverName).toEqual(expect.any(String));
    expect(approverNotified).toBe(false);
    const list = await as(managerUpn, '/api/nominations?status=pending');
    const pending = list.body as unknown as Array<{ id: string; nominee: { upn: string }; status: string }>;
    expect(pending).toContainEqual(expect.objectContaining({ id: (created.body as { id: string }).id, nominee: expect.objectContaining({ upn: staffUpn }), status: 'pending' }));
    // A second leader for the same section is refused: the seat is now pending.
    const second = await as(managerUpn, '/api/nominations', body(staffUpn, { confirmWarnings: true }));
    expect([second.status, JSON.stringify(second.body).includes('NOMINATION.DUPLICATE_PENDING')]).toEqual([422, true]);
    // The nominee sees it too; someone from another section does not.
    expect(((await as(staffUpn, '/api/nominations')).body as unknown as unknown[]).length).toBeGreaterThan(0);
    const theirs = (await as(otherUpn, '/api/nominations')).body as unknown as Array<{ nominee: { upn: string } }>;
    expect(theirs.some((n) => n.nominee.upn === staffUpn)).toBe(false);
  }, 30_000);

  /** A GET, the body as it came over the wire (fetch would decompress it unasked). */
  const raw = (path: string, headers: Record<string, string> = { 'accept-encoding': 'gzip' }) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get(`${server.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      }).on('error', reject);
    });

  it('serves the built tab gzipped: index.html checked on every load, the hashed scripts cached for a year', async () => {
    if (!existsSync(join(TAB_DIST, 'index.html'))) throw new Error(`${TAB_DIST}/index.html がありません。先にタブをビルドしてください: npm run build:tab`);
    const index = await raw('/tab/');
    expect([index.status, index.headers['content-encoding'], index.headers['cache-control']]).toEqual([200, 'gzip', 'no-cache']);
    expect(index.headers.vary).toMatch(/accept-encoding/i);
    const html = gunzipSync(index.body).toString('utf8');
    expect(html).toBe(readFileSync(join(TAB_DIST, 'index.html'), 'utf8'));
    // The Teams manifest opens index.html by name, with the view in the query.
    const named = await raw('/tab/index.html?view=my-steps');
    expect([named.status, named.headers['cache-control']]).toEqual([200, 'no-cache']);

    const script = /<script[^>]+src="(\/tab\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await raw(script!);
    expect([js.status, js.headers['content-encoding'], js.headers['cache-control']]).toEqual([200, 'gzip', 'public, max-age=31536000, immutable']);
    expect(js.headers['content-type']).toMatch(/javascript/);
    const file = readFileSync(join(TAB_DIST, script!.slice('/tab/'.length)));
    expect(gunzipSync(js.body).equals(file)).toBe(true);
    expect(js.body.length).toBeLessThan(file.length / 2);
    // Browsers also offer Brotli, which the server prefers.
    const br = await raw(script!, { 'accept-encoding': 'gzip, deflate, br' });
    expect([br.headers['content-encoding'], brotliDecompressSync(br.body).equals(file)]).toEqual(['br', true]);
    // A client that does not ask for either gets the file as it is.
    const plain = await raw(script!, {});
    expect([plain.headers['content-encoding'], plain.body.equals(file)]).toEqual([undefined, true]);
  });

  it("gzips the API's JSON for a client that accepts it", async () => {
    const res = await raw(`/api/sections/${enc(managerSection)}/members?limit=50`, { 'accept-encoding': 'gzip', authorization: `Bearer ${await token(managerUpn)}` });
    expect([res.status, res.headers['content-encoding']]).toEqual([200, 'gzip']);
    const page = JSON.parse(gunzipSync(res.body).toString('utf8')) as { items: unknown[] };
    expect(page.items.length).toBeGreaterThan(0);
  });

  it('answers an unknown route and a bad request with a typed error', async () => {
    expect(await as(staffUpn, '/api/nope')).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'ありません' } } });
    expect((await as(managerUpn, '/api/nominations', { method: 'POST', body: '{"broken' })).status).toBe(400);
    expect((await as(managerUpn, '/api/nominations', { method: 'POST', body: '{}' })).body).toEqual({
      error: { code: 'REQUEST.MISSING_FIELDS', message: '推薦する人（nomineeUpn）と役割（role）を指定してください' },
    });
  });
});

function enc(u: { department: string; section: string }): string {
  return `${encodeURIComponent(u.department)}/${encodeURIComponent(u.section)}`;
}

/** A well-formed token signed with a key nobody published. */
async function forged(claims: Record<string, string>): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).setIssuedAt(now).setExpirationTime(now + 600).sign(privateKey);
}
