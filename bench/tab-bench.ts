/**
 * Benchmark of the Teams tab at municipal scale (issue #5). Targets: initial JavaScript ≤ 300 KB
 * gzipped; マイステップ visible ≤ 1.5 s after navigation on the local tenant with 10,000 staff;
 * GET /api/me/progress p95 ≤ 50 ms at 20 concurrent clients.
 *
 * The local tenant (seeded with a generated municipality) runs here; the server — the one that
 * serves the tab and its API in production — runs alone in a child process, so the load generator
 * and Chromium do not share its event loop. Prints figures; asserts nothing about time.
 *
 *   npm run build && npm run bench:tab [-- --staff 10000 --loads 20 --requests 4000 --concurrency 20 --people 1000 --mbps 10 --rtt 40]
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { progressLoad } from './progress-load';
import { startLocalTenant } from '../dev/local-tenant';
import { memoryLogger } from '../src/server/log';
import { startServer } from '../src/server/main';
import { packageRoot } from '../src/presets/presets';
import { launchChromium, pickPeople, programmeOf, serverEnv, signIn, type Persona } from '../tests/e2e/harness';

const TODAY = '2026-11-23';

function options() {
  const { values } = parseArgs({
    options: {
      programme: { type: 'string', default: 'setagaya' },
      staff: { type: 'string', default: '10000' },
      loads: { type: 'string', default: '20' },
      requests: { type: 'string', default: '4000' },
      concurrency: { type: 'string', default: '20' },
      people: { type: 'string', default: '1000' },
      // A slower link for the page loads (Chromium's network emulation): Mbit/s down and up, and round trip in ms.
      mbps: { type: 'string' },
      rtt: { type: 'string', default: '0' },
      serve: { type: 'boolean' },
    },
  });
  return {
    programme: values.programme!,
    staff: Number(values.staff),
    loads: Math.max(3, Number(values.loads)),
    requests: Math.max(100, Number(values.requests)),
    concurrency: Math.max(1, Number(values.concurrency)),
    people: Math.max(1, Number(values.people)),
    network: values.mbps ? { mbps: Number(values.mbps), rttMs: Number(values.rtt) } : undefined,
  };
}

type Network = { mbps: number; rttMs: number } | undefined;

/** Slows the page's network down to `network` (no change when undefined). */
async function emulate(page: Page, network: Network): Promise<void> {
  if (!network) return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const bytesPerSecond = (network.mbps * 1e6) / 8;
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: network.rttMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
}

/** What the server child reports once its first evaluation is done. */
interface Ready {
  url: string;
  /** From the start of the server to the first evaluation: the first sync through Graph and evaluating everyone. */
  readyMs: number;
  evaluated: number;
  staff: Persona;
  /** Active staff, spread over the whole list, for the load's tokens. */
  upns: string[];
}

/** The child: the server on a free port, the clock pinned to the data's day. */
async function serve(): Promise<void> {
  const { programme: ref, people } = options();
  const env = await new Promise<Record<string, string>>((go) => process.once('message', (m) => go(m as Record<string, string>)));
  const started = performance.now();
  const server = await startServer(env, { log: memoryLogger(), clock: { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY } });
  const e = await server.service.refresh();
  const readyMs = performance.now() - started;
  const step = Math.max(1, Math.floor(e.people.length / people));
  const ready: Ready = {
    url: server.url,
    readyMs,
    evaluated: e.people.length,
    staff: pickPeople(await programmeOf(ref), e).staff,
    upns: e.people.filter((_p, i) => i % step === 0).slice(0, people).map((p) => p.upn),
  };
  process.send!(ready);
  process.on('message', (m: string) => {
    if (m === 'memory') process.send!({ rssMb: process.memoryUsage().rss / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024, heapMb: process.memoryUsage().heapUsed / 1e6 });
    else if (m === 'stop') void server.close().then(() => process.exit(0));
  });
}

function ask<T>(child: ChildProcess, message?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the server process stopped (exit ${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
    if (message !== undefined) child.send(message as string);
  });
}

/** Nearest-rank percentile of a sample. */
function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** (a) tab/scripts/size.js: what the page loads before it can show anything, gzipped. */
function bundleSize(): { initialKb: number; budgetKb: number; lazy: Array<{ chunk: string; gzip: number }> } {
  const r = spawnSync(process.execPath, [join(packageRoot(), 'tab', 'scripts', 'size.js'), '--json'], { encoding: 'utf8' });
  if (r.status === 2 || !r.stdout.trim()) throw new Error(`tab/scripts/size.js: ${r.stderr.trim() || `exit ${r.status}`}`);
  const size = JSON.parse(r.stdout) as { initialJsGzipKb: number; budgetKb: number; chunks: Array<{ chunk: string; initial: boolean; gzip: number }> };
  return { initialKb: size.initialJsGzipKb, budgetKb: size.budgetKb, lazy: size.chunks.filter((c) => !c.initial) };
}

interface Load {
  visibleMs: number;
  domContentLoadedMs: number;
  jsWireBytes: number;
}

/**
 * Navigates to the tab and returns, from inside the page, the milliseconds from navigation start
 * (performance.timeOrigin) to the first frame in which マイステップ's content is laid out: the
 * 「次にすること」 section and the role ladders under 「役割とステップ」, rendered from
 * GET /api/me/progress. Also DOMContentLoaded, for where the time goes.
 */
async function loadMySteps(page: Page, tabUrl: string): Promise<Load> {
  await page.goto(tabUrl, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    `(() => {
      const headings = [...document.querySelectorAll('h2')];
      const next = headings.find((h) => h.textContent === '次にすること');
      const roles = headings.find((h) => h.textContent === '役割とステップ');
      if (!next || !roles || !roles.parentElement.querySelector('ol')) return false;
      const box = next.parentElement.getBoundingClientRect();
      return box.height > 0 && box.top < innerHeight ? performance.now() : false;
    })()`,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  const visibleMs = (await handle.jsonValue()) as number;
  const domContentLoadedMs = (await page.evaluate(`performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd`)) as number;
  // What the scripts cost on the wire (body bytes as sent: compressed when the server compresses; 0 from the cache).
  const jsWireBytes = (await page.evaluate(
    `performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.js')).reduce((n, e) => n + e.encodedBodySize, 0)`,
  )) as number;
  return { visibleMs, domContentLoadedMs, jsWireBytes };
}

/** (b) cold: a new browser profile each time (no HTTP cache, no compiled code); warm: the same page loaded again. */
async function measureMySteps(browser: Browser, tabUrl: string, staff: Persona, loads: number, network: Network) {
  // Sign in once through the real page; every measured load starts already signed in (the token in sessionStorage).
  const signing = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP' });
  const page = await signing.newPage();
  await signIn(page, { tabUrl }, staff);
  const session = (await page.evaluate('JSON.stringify(Object.entries(sessionStorage))')) as string;
  await signing.close();
  const restore = `(() => { for (const [k, v] of ${session}) if (sessionStorage.getItem(k) === null) sessionStorage.setItem(k, v); })()`;

  const cold: Load[] = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1280, height: 860 } });
    await context.addInitScript(restore);
    const coldPage = await context.newPage();
    await emulate(coldPage, network);
    cold.push(await loadMySteps(coldPage, tabUrl));
    await context.close();
  }
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1280, height: 860 } });
  await context.addInitScript(restore);
  const warmPage = await context.newPage();
  await emulate(warmPage, network);
  await loadMySteps(warmPage, tabUrl);
  const warm: Load[] = [];
  for (let i = 0; i < loads; i++) warm.push(await loadMySteps(warmPage, tabUrl));
  await context.close();
  return { cold, warm };
}

async function drive(): Promise<void> {
  const opts = options();
  const size = bundleSize();
  const programme = await programmeOf(opts.programme);
  let t = performance.now();
  const tenant = await startLocalTenant({ port: 0, seed: { programme, staff: opts.staff, seed: 42, today: TODAY, defects: 0 } });
  const tenantMs = performance.now() - t;
  const dir = mkdtempSync(join(tmpdir(), 'skillsteps-tab-bench-'));
  const child = fork(__filename, ['--serve', '--programme', opts.programme, '--people', String(opts.people)]);
  let browser: Browser | undefined;
  try {
    child.send(serverEnv(tenant, opts.programme, join(dir, 'ca.pem')));
    const ready = await ask<Ready>(child);
    const tabUrl = `${ready.url}/tab/`;
    browser = await launchChromium();
    const version = browser.version();
    console.log(`SkillSteps tab benchmark — ${programme.id}, ${opts.staff.toLocaleString()} staff (seed 42), Node ${process.version}, Chromium ${version}, ${cpus().length} CPUs`);
    console.log(`local tenant seeded in ${(tenantMs / 1000).toFixed(1)} s; server ready in ${(ready.readyMs / 1000).toFixed(1)} s (first sync through Graph and evaluation of ${ready.evaluated.toLocaleString()} people)`);

    t = performance.now();
    const pages = await measureMySteps(browser, tabUrl, ready.staff, opts.loads, opts.network);
    const pageMs = performance.now() - t;

    const audience = `api://localhost/${tenant.clientId}`;
    const tokens = await Promise.all(ready.upns.map((upn) => tenant.issueUserToken(upn, audience)));
    const api = await progressLoad(ready.url, tokens, { concurrency: opts.concurrency, requests: opts.requests });
    const memory = await ask<{ rssMb: number; maxRssMb: number; heapMb: number }>(child, 'memory');

    const ms = (n: number): string => `${Math.round(n).toLocaleString()} ms`;
    const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    const visible = (xs: Array<{ visibleMs: number }>) => xs.map((x) => x.visibleMs);
    const dcl = (xs: Array<{ domContentLoadedMs: number }>) => xs.map((x) => x.domContentLoadedMs);
    const rows: Array<[string, string, string, string]> = [
      ['(a) initial JavaScript, gzipped', `${size.initialKb} KB`, `≤ ${size.budgetKb} KB`, verdict(size.initialKb <= size.budgetKb)],
      [
        `(b) マイステップ visible, cold (new profile), median / p95 of ${opts.loads}`,
        `${ms(percentile(visible(pages.cold), 50))} / ${ms(percentile(visible(pages.cold), 95))}`,
        '≤ 1,500 ms',
        verdict(percentile(visible(pages.cold), 95) <= 1500),
      ],
      [
        `(b) マイステップ visible, warm (cached), median / p95 of ${opts.loads}`,
        `${ms(percentile(visible(pages.warm), 50))} / ${ms(percentile(visible(pages.warm), 95))}`,
        '≤ 1,500 ms',
        verdict(percentile(visible(pages.warm), 95) <= 1500),
      ],
      [
        `(c) GET /api/me/progress, ${opts.concurrency} concurrent, p50 / p95 / p99`,
        `${api.p50.toFixed(1)} / ${api.p95.toFixed(1)} / ${api.p99.toFixed(1)} ms`,
        'p95 ≤ 50 ms',
        verdict(api.p95 <= 50),
      ],
      [`(c) throughput (${api.requests.toLocaleString()} requests, ${tokens.length.toLocaleString()} staff tokens)`, `${Math.round((api.requests / api.ms) * 1000).toLocaleString()} req/s`, '', ''],
    ];
    console.log('\nmethod:');
    console.log('  (a) tab/scripts/size.js over tab/dist: the entry script, what it imports statically and what index.html preloads, gzip -9;');
    console.log('      lazy chunks (プログラム with the charts, teams-js) are not initial.');
    console.log(
      `  (b) headless Chromium, 1280×860, ja-JP, signed in once through the local tenant's sign-in page (the token put back in sessionStorage\n` +
        `      before each load): navigation start (performance.timeOrigin) → the first animation frame in which 次にすること and the step\n` +
        `      ladders of 役割とステップ, rendered from GET /api/me/progress, are laid out in the viewport. cold: a new browser context each\n` +
        `      load (empty HTTP cache); warm: the same page navigated to again. ${opts.loads} loads each, as ${ready.staff.name} (${ready.staff.section});\n` +
        `      network: ${opts.network ? `emulated ${opts.network.mbps} Mbit/s, ${opts.network.rttMs} ms round trip` : 'loopback, not slowed down'}.`,
    );
    console.log(
      `  (c) ${opts.concurrency} clients on keep-alive connections, each sending its next request when the last answer is read; ${opts.requests.toLocaleString()} requests\n` +
        `      after 200 uncounted, round-robin over ${tokens.length.toLocaleString()} staff tokens the local tenant issued (RS256 JWTs the server validates against\n` +
        `      its JWKS, as in production); latency = request sent → body read; nearest-rank percentiles. The server runs alone in a child process.`,
    );
    console.log('\n| measure | value | target | |');
    console.log('|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);

    console.log(`\nlazy chunks (gzipped): ${size.lazy.map((c) => `${c.chunk} ${c.gzip} KB`).join(', ')}`);
    console.log(
      `DOMContentLoaded, median: cold ${ms(percentile(dcl(pages.cold), 50))}, warm ${ms(percentile(dcl(pages.warm), 50))}; ` +
        `the rest until マイステップ shows is /api/me and /api/me/progress and rendering (${(pageMs / 1000).toFixed(1)} s for all loads, sign-in included)`,
    );
    const wireKb = percentile(pages.cold.map((x) => x.jsWireBytes), 50) / 1024;
    console.log(
      `JavaScript over the wire on a cold load: ${wireKb.toFixed(0)} KB` +
        (wireKb > size.initialKb * 1.5 ? ` — the server sends it uncompressed (no Content-Encoding); the ${size.initialKb} KB above is what gzip would send` : ''),
    );
    console.log(`cold loads (ms): ${visible(pages.cold).map((v) => Math.round(v)).join(', ')}`);
    console.log(`warm loads (ms): ${visible(pages.warm).map((v) => Math.round(v)).join(', ')}`);
    console.log(`API: max ${api.max.toFixed(1)} ms; failures: ${api.failures === 0 ? 'none' : Object.entries(api.failureStatuses).map(([s, n]) => `${n} × HTTP ${s}`).join(', ')}`);
    console.log(`server process after the load: RSS ${memory.rssMb.toFixed(0)} MB (peak ${memory.maxRssMb.toFixed(0)} MB), heap ${memory.heapMb.toFixed(0)} MB`);
    if (api.failures > 0) process.exitCode = 1;
  } finally {
    await browser?.close();
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.send('stop');
      await exited;
    }
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

(process.argv.includes('--serve') ? serve() : drive()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
