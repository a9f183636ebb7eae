/**
 * What a caller cannot make the server do, over real HTTP against the local tenant: bodies it cannot
 * read are refused with the API's error shape (413 / 415 / 400, never 500), logged as one line
 * without a stack and counted; nothing is read before the caller is known; and a read out of the
 * caller's scope is answered alike whether or not the person exists.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { preset } from '../helpers/world';

const TODAY = '2026-11-23';
const programme = preset('setagaya');

describe('request limits and answers that leak nothing', () => {
  let dir: string;
  let tenant: LocalTenant;
  let server: RunningServer;
  let log: ReturnType<typeof memoryLogger>;
  let token: string;
  let manager: { upn: string; section: string };
  let elsewhere: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-limits-'));
    tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 120, seed: 5, today: TODAY } });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    log = memoryLogger();
    server = await startServer({ PORT: '0', SKILLSTEPS_PROGRAMME: 'setagaya', ...localTenantEnv(tenant, join(dir, 'ca.pem')) }, { log, clock: { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY } });
    const e = await server.service.refresh();
    const managing = new Set(programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
    const m = e.snapshot.staff.find((s) => s.active && managing.has(s.grade ?? ''))!;
    manager = { upn: m.upn, section: m.section };
    elsewhere = e.snapshot.staff.find((s) => s.active && s.section !== m.section)!.upn;
    token = await tenant.issueUserToken(manager.upn, `api://localhost/${tenant.clientId}`);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await tenant?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A raw POST (fetch would not send an unknown Content-Encoding or a lying body as it is). */
  function post(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; json: { error?: { code: string; message: string } } }> {
    return new Promise((resolve, reject) => {
      const req = request(`${server.url}${path}`, { method: 'POST', headers: { 'content-length': String(body.length), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as { error?: { code: string; message: string } }) : {} });
        });
      });
      // The server may answer and close before a large body is all sent.
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
      req.end(body);
    });
  }
  const auth = () => ({ authorization: `Bearer ${token}` });
  const json = { 'content-type': 'application/json' };
  const nomination = Buffer.from(JSON.stringify({ nomineeUpn: 'x@example.jp', role: 'dx-leader' }));

  it.each([
    ['a JSON body over the limit (100 KB)', 413, 'REQUEST.TOO_LARGE', Buffer.from(JSON.stringify({ reason: 'あ'.repeat(60_000) })), json],
    ['a JSON body of 10 MB', 413, 'REQUEST.TOO_LARGE', Buffer.alloc(10 * 1024 * 1024, 0x20), json],
    ['a gzip bomb (16 MB of zeros in 16 KB)', 413, 'REQUEST.TOO_LARGE', gzipSync(Buffer.alloc(16 * 1024 * 1024)), { ...json, 'content-encoding': 'gzip' }],
    ['an unknown Content-Encoding', 415, 'REQUEST.UNSUPPORTED_ENCODING', nomination, { ...json, 'content-encoding': 'br-unknown' }],
    ['an unknown charset', 415, 'REQUEST.UNSUPPORTED_CHARSET', nomination, { 'content-type': 'application/json; charset=x-sjis-unknown' }],
    ['a body that is not JSON', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', nomination, { 'content-type': 'text/plain' }],
    ['JSON that does not parse', 400, 'REQUEST.BAD_JSON', Buffer.from('{"nomineeUpn": '), json],
  ])('answers %s with %i %s and the API error shape, one log line without a stack, counted', async (_what, status, code, body, headers) => {
    const before = log.lines.length;
    const r = await post('/api/nominations', body, { ...headers, ...auth() });
    expect(r.status).toBe(status);
    expect(r.json.error?.code).toBe(code);
    expect(r.json.error?.message).toMatch(/[ぁ-んァ-ン一-龥]/);
    const lines = log.lines.slice(before);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    const refused = lines.filter((l) => l.message === 'request refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code, status });
    expect(JSON.stringify(refused[0])).not.toMatch(/at .*\.(js|ts):\d+/);
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { refusedRequests: Record<string, number> };
    expect(health.refusedRequests[code]).toBeGreaterThanOrEqual(1);
  });

  it('inflates a small gzip or deflate body that fits (compression is fine, bombs are not)', async () => {
    for (const [encoding, body] of [['gzip', gzipSync(nomination)], ['deflate', deflateSync(nomination)]] as const) {
      const r = await post('/api/nominations', body, { ...json, 'content-encoding': encoding, ...auth() });
      // Read and refused by the nomination rules (an unknown nominee), not by the body's reading.
      expect([r.status, r.json.error?.code]).toEqual([422, 'NOMINATION.RULES']);
    }
  });

  it('reads no body at all without a token: 401 first, nothing parsed, nothing logged as refused', async () => {
    const before = log.lines.length;
    const r = await post('/api/nominations', gzipSync(Buffer.alloc(16 * 1024 * 1024)), { ...json, 'content-encoding': 'gzip' });
    expect([r.status, r.json.error?.code]).toEqual([401, 'AUTH.MISSING']);
    expect(log.lines.slice(before).filter((l) => l.message === 'request refused' || l.level === 'error')).toEqual([]);
  });

  it('answers a read out of scope alike whether the person exists or not', async () => {
    const get = async (upn: string) => {
      const res = await fetch(`${server.url}/api/people/${encodeURIComponent(upn)}/progress`, { headers: auth() });
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
    };
    const someoneElse = await get(elsewhere);
    const nobody = await get('nobody-at-all@city.example.jp');
    expect(someoneElse.status).toBe(403);
    expect(nobody).toEqual(someoneElse);
    const remind = async (upn: string) => (await fetch(`${server.url}/api/people/${encodeURIComponent(upn)}/remind`, { method: 'POST', headers: auth() })).status;
    expect(await remind('nobody-at-all@city.example.jp')).toBe(await remind(elsewhere));
  });
});
