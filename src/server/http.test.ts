import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ProgrammeService } from '../app/programme-service';
import { createApp, type HttpDeps } from './http';
import { memoryLogger } from './log';

/**
 * What the server adds around its routes for the tab: gzip and cache headers. The API itself is
 * tested against the local tenant in tests/integration/server-api.test.ts (with the built tab).
 */
describe('the tab and its compression', () => {
  let dir: string;
  let server: Server;
  let base: string;
  // An answer the size of an invoke response with a card: big enough to be compressed anywhere else.
  const botAnswer = { type: 'invokeResponse', value: { status: 200, body: { card: 'x'.repeat(4000) } } };
  const script = `console.log(${JSON.stringify('tab '.repeat(1000))});\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>SkillSteps</title>${'<!-- padding -->'.repeat(40)}`);
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), script);
    writeFileSync(join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    // As in local mode without an app id: the endpoint takes the request without a Bot Framework token.
    const bot = { anonymous: true, endpoint: (_req: unknown, res: { status(n: number): { json(b: unknown): void } }) => void res.status(200).json(botAnswer) };
    const deps: HttpDeps = {
      // Nothing here reaches the programme: the routes under test never read it.
      service: {} as ProgrammeService,
      validate: () => Promise.reject(new Error('no tab calls in this test')),
      nominations: {} as HttpDeps['nominations'],
      submissions: {} as HttpDeps['submissions'],
      evidence: {} as HttpDeps['evidence'],
      clock: { now: () => new Date('2026-11-23T03:00:00Z'), today: () => '2026-11-23' },
      log: memoryLogger(),
      tabDir: dir,
      bot: bot as unknown as HttpDeps['bot'],
    };
    server = createApp(deps).listen(0);
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the Bot Framework endpoint uncompressed: botbuilder writes its own answers', async () => {
    const res = await send('POST', '/api/messages', JSON.stringify({ type: 'invoke' }));
    expect([res.status, res.headers['content-encoding']]).toEqual([200, undefined]);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual(botAnswer);
  });

  it('gzips the tab; index.html and other unhashed files are revalidated, assets/ is immutable', async () => {
    const index = await send('GET', '/tab/');
    expect([index.status, index.headers['content-encoding'], index.headers['cache-control']]).toEqual([200, 'gzip', 'no-cache']);
    const js = await send('GET', '/tab/assets/index-Ab12Cd34.js');
    expect([js.headers['content-encoding'], js.headers['cache-control']]).toEqual(['gzip', 'public, max-age=31536000, immutable']);
    expect(gunzipSync(js.body).toString('utf8')).toBe(script);
    const robots = await send('GET', '/tab/robots.txt');
    expect([robots.status, robots.headers['cache-control']]).toEqual([200, 'no-cache']);
  });

  function send(method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { 'accept-encoding': 'gzip', ...(body ? { 'content-type': 'application/json' } : {}) };
      const req = request(`${base}${path}`, { method, headers }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject).end(body);
    });
  }
});
