/**
 * Benchmark of reading SharePoint lists through Graph (issue #3), against the local tenant with
 * 10,000 staff and about 200,000 completions and 100 ms latency on every request:
 * - a naive read through the SDK's PageIterator at the default page size, list after list;
 * - our full sync (`skillsteps sync --full`): items/delta, 5,000 per page, lists concurrently;
 * - a no-change re-sync from the stored delta links, as the CLI does it (states on disk) and as
 *   the server does it (states in memory);
 * with request counts, times, and the sync command's peak memory.
 * Targets: full sync ≥ 10× faster than the naive read; no-change re-sync ≤ 2 requests per list and
 * under 1 s; peak memory under 300 MB.
 *
 *   npm run build && node dist/bench/sync-bench.js [--staff 10000] [--latency 100] [--skip-naive]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { loadConfig } from '../src/config';
import { LIST_NAMES } from '../src/domain/lists';
import { appCredential, localCa } from '../src/sharepoint/credentials';
import { createGraphApi } from '../src/sharepoint/graph-client';
import { syncList } from '../src/sharepoint/graph-list-reader';
import { MemorySyncStore } from '../src/sharepoint/memory-sync-store';
import { listIds } from '../src/sharepoint/provision';
import { packageRoot } from '../src/presets/presets';

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: { staff: { type: 'string', default: '10000' }, latency: { type: 'string', default: '100' }, 'skip-naive': { type: 'boolean', default: false } },
  });
  const root = packageRoot();
  const cli = join(root, 'bin', 'skillsteps.js');
  const work = mkdtempSync(join(tmpdir(), 'skillsteps-sync-bench-'));
  let tenant: ChildProcess | undefined;
  try {
    // The local tenant in its own process, so its memory is not counted as the sync's.
    let t = performance.now();
    tenant = spawn(process.execPath, [cli, 'local-tenant', '--port', '0', '--data', join(work, 'tenant'), '--latency', values.latency!, '--staff', values.staff!, '--seed', '42'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const env = await tenantEnv(tenant);
    console.log(`local tenant with ${Number(values.staff).toLocaleString()} staff seeded and started in ${((performance.now() - t) / 1000).toFixed(1)} s; latency ${values.latency} ms per request`);
    const childEnv = { ...process.env, ...env, SKILLSTEPS_SYNC_CACHE_DIR: join(work, 'cache') };
    const config = loadConfig(childEnv);
    const api = () =>
      createGraphApi({ baseUrl: config.graph.baseUrl, credential: appCredential(config.graph), caPem: localCa(config.graph), concurrency: 4, maxRetries: 8 });

    // 1. Naive: the SDK's PageIterator, default page size (200), one list after another.
    const rows: Array<[string, string, string, string]> = [];
    let naiveMs = Number.NaN;
    let naiveRequests = Number.NaN;
    let items = 0;
    if (!values['skip-naive']) {
      const naive = api();
      const ids = await listIds(naive, env.SKILLSTEPS_SITE!);
      const before = naive.stats.requests;
      t = performance.now();
      for (const list of LIST_NAMES) {
        const first = (await naive.client.api(`/sites/${env.SKILLSTEPS_SITE}/lists/${ids[list]}/items?$expand=fields`).get()) as PageCollection;
        const it = new PageIterator(naive.client, first, () => {
          items++;
          return true;
        });
        await it.iterate();
      }
      naiveMs = performance.now() - t;
      naiveRequests = naive.stats.requests - before;
      rows.push(['naive read (PageIterator, default page size)', `${(naiveMs / 1000).toFixed(1)} s`, naiveRequests.toLocaleString(), `${items.toLocaleString()} items`]);
    }

    // 2. Full sync through the CLI, in a fresh process, with its peak memory.
    const full = syncCommand(cli, childEnv, ['--full']);
    rows.push(['skillsteps sync --full (delta, 5,000/page, 4 in flight)', `${(full.doc.timings.readMs / 1000).toFixed(1)} s read + ${(full.doc.timings.parseMs / 1000).toFixed(1)} s parse`, full.doc.requests.toLocaleString(), `${full.items.toLocaleString()} items, peak ${full.rssMb.toFixed(0)} MB`]);

    // 3. No-change re-sync through the CLI (delta links and items from disk).
    const again = syncCommand(cli, childEnv, []);
    const perList = Math.max(...again.doc.lists.map((l) => l.pages));
    rows.push(['skillsteps sync (no change; states on disk)', `${(again.doc.timings.readMs / 1000).toFixed(2)} s read`, again.doc.requests.toLocaleString(), `≤ ${perList} request(s) per list, peak ${again.rssMb.toFixed(0)} MB`]);

    // 4. No-change re-sync as the server does it: states kept in memory between syncs.
    const server = api();
    const store = new MemorySyncStore();
    const ids = await listIds(server, env.SKILLSTEPS_SITE!);
    const syncAll = () =>
      Promise.all(
        LIST_NAMES.map(async (list) => {
          const r = await syncList(server, env.SKILLSTEPS_SITE!, ids[list], list, await store.load(list), 5000);
          await store.save(list, r.state);
          return r.report;
        }),
      );
    await syncAll();
    const before = server.stats.requests;
    t = performance.now();
    const reports = await syncAll();
    const serverMs = performance.now() - t;
    rows.push(['re-sync in the server (no change; states in memory)', `${(serverMs / 1000).toFixed(2)} s`, (server.stats.requests - before).toLocaleString(), `≤ ${Math.max(...reports.map((r) => r.pages))} request(s) per list`]);

    console.log('');
    const widths = [58, 30, 10];
    console.log(['', 'time', 'requests', ''].map((h, i) => h.padEnd(widths[i] ?? 0)).join(''));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(''));
    if (!values['skip-naive']) {
      const ratio = naiveMs / full.doc.timings.readMs;
      console.log(`\nfull sync vs naive read: ${ratio.toFixed(1)}× faster (target ≥ 10×: ${ratio >= 10 ? 'met' : 'NOT met'}), ${(naiveRequests / full.doc.requests).toFixed(0)}× fewer requests`);
    }
    console.log(`no-change re-sync: ≤ ${perList} requests per list (target ≤ 2: ${perList <= 2 ? 'met' : 'NOT met'}); server ${serverMs.toFixed(0)} ms, CLI read ${Math.round(again.doc.timings.readMs)} ms (target < 1 s)`);
    console.log(`peak memory of the full sync command: ${full.rssMb.toFixed(0)} MB (target < 300 MB: ${full.rssMb < 300 ? 'met' : 'NOT met'})`);
  } finally {
    tenant?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

interface SyncDoc {
  lists: Array<{ list: string; pages: number; items: number; mode: string }>;
  requests: number;
  timings: { totalMs: number; readMs: number; parseMs: number };
}

function syncCommand(cli: string, env: NodeJS.ProcessEnv, extra: string[]): { doc: SyncDoc; rssMb: number; items: number } {
  const preload = join(packageRoot(), 'bench', 'report-rss.js');
  const r = spawnSync(process.execPath, ['--require', preload, cli, 'sync', '--programme', 'setagaya', '--json', ...extra], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sync failed: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as SyncDoc;
  const kb = Number(/SKILLSTEPS_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
  return { doc, rssMb: kb / 1024, items: doc.lists.reduce((a, l) => a + l.items, 0) };
}

/** The SKILLSTEPS_* lines the local-tenant command prints once it is serving. */
function tenantEnv(child: ChildProcess): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    const env: Record<string, string> = {};
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      out += d;
      for (const line of out.split('\n')) {
        const m = /^(SKILLSTEPS_[A-Z_]+)=(.*)$/.exec(line.trim());
        if (m) env[m[1]!] = m[2]!;
      }
      if (env.SKILLSTEPS_SITE && out.includes('Ctrl+C')) resolve(env);
    });
    child.on('exit', (code) => reject(new Error(`local tenant exited (${code})`)));
  });
}

run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
