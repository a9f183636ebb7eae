/**
 * Benchmark of reading SharePoint lists through Graph (issues #3 and 16), against the local tenant with
 * 10,000 staff (about 200,000 completions) and 100 ms latency on every request, all in one run so the
 * figures can be compared as ratios on a machine whose speed varies:
 * - a naive read through the SDK's PageIterator at the default page size, list after list;
 * - `skillsteps sync --full` reading each list as one chain of pages (SKILLSTEPS_GRAPH_READ_PARTITIONS=1,
 *   as before issue 16) and in parallel ranges (the default), each in a fresh process with its peak memory;
 * - the network's limit of the partitioned read: its chain of dependent requests, and its requests over
 *   the four the client keeps in flight, × the latency;
 * - a no-change `skillsteps sync` from the delta links stored on disk, with its data-quality report made
 *   again (as before issue 16) and kept (now), whole command and read; and a no-change re-sync as the
 *   server does it, with the states in memory.
 * Targets: full sync ≥ 25× faster than the naive read and within 2× of the network's limit; no-change
 * sync under 1 s from the CLI; no-change re-sync ≤ 2 requests per list; peak memory under 300 MB.
 *
 * With `--baseline <dir>` (a built checkout of an earlier commit) its `skillsteps sync --full` runs too,
 * alternately with this checkout's against the same tenant, and the ratio is printed.
 *
 *   npm run build && node dist/bench/sync-bench.js [--staff 10000] [--latency 100] [--skip-naive] [--runs 1] [--baseline <dir>]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
    options: {
      staff: { type: 'string', default: '10000' },
      latency: { type: 'string', default: '100' },
      'skip-naive': { type: 'boolean', default: false },
      runs: { type: 'string', default: '1' },
      baseline: { type: 'string' },
    },
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
      rows.push(['naive read (PageIterator, default page size)', secs(naiveMs), naiveRequests.toLocaleString(), `${items.toLocaleString()} items`]);
    }

    // 2. Full sync through the CLI, in a fresh process each, with its peak memory: one chain of pages per
    // list (as before issue 16), then the partitioned read; alternately, so both meet the same machine.
    const latency = Number(values.latency);
    const concurrency = config.graph.concurrency;
    const plainRuns: SyncRun[] = [];
    const fullRuns: SyncRun[] = [];
    const baselineRuns: SyncRun[] = [];
    const baselineCli = values.baseline ? join(values.baseline, 'bin', 'skillsteps.js') : undefined;
    for (let i = 0; i < Number(values.runs); i++) {
      plainRuns.push(syncCommand(cli, { ...childEnv, SKILLSTEPS_GRAPH_READ_PARTITIONS: '1' }, ['--full']));
      if (baselineCli) baselineRuns.push(syncCommand(baselineCli, childEnv, ['--full']));
      fullRuns.push(syncCommand(cli, childEnv, ['--full']));
    }
    const plain = median(plainRuns);
    const full = median(fullRuns);
    const baseline = baselineCli ? median(baselineRuns) : undefined;
    if (baseline) {
      rows.push([`sync --full, in ranges (baseline: ${values.baseline})`, `${secs(baseline.doc.timings.readMs)} read, ${secs(baseline.wallMs)} command`, baseline.doc.requests.toLocaleString(), `longest chain ${chainOf(baseline.doc)}, peak ${baseline.rssMb.toFixed(0)} MB`]);
    }
    rows.push(['sync --full, one chain of pages per list (before)', `${secs(plain.doc.timings.readMs)} read, ${secs(plain.wallMs)} command`, plain.doc.requests.toLocaleString(), `longest chain ${chainOf(plain.doc)}, peak ${plain.rssMb.toFixed(0)} MB`]);
    rows.push([`sync --full, in ranges (now)`, `${secs(full.doc.timings.readMs)} read, ${secs(full.wallMs)} command`, full.doc.requests.toLocaleString(), `longest chain ${chainOf(full.doc)}, peak ${full.rssMb.toFixed(0)} MB`]);
    for (const l of full.doc.lists.filter((x) => x.partitioned)) {
      rows.push([`  ${l.list}: ${l.partitioned!.partitions} ranges of ${l.partitioned!.column}`, `${secs(l.ms)}`, l.pages.toLocaleString(), `${l.items.toLocaleString()} items, longest range ${l.partitioned!.longestChain} pages`]);
    }
    // The network's limit for the partitioned read: the requests it makes (the site is resolved before
    // its clock starts) can go no faster than their longest chain of dependent requests, nor than
    // their number over the requests in flight, × the latency.
    const readRequests = full.doc.requests - 1;
    const limitChain = chainOf(full.doc) * latency;
    const limitInFlight = Math.ceil(readRequests / concurrency) * latency;
    const limitOf = (doc: SyncDoc): number => Math.max(chainOf(doc), Math.ceil((doc.requests - 1) / concurrency)) * latency;
    const limit = limitOf(full.doc);

    // 3. No-change re-syncs through the CLI (delta links from disk): the data-quality report made
    // again from the stored items (as before issue 16: the report file removed first), then kept.
    const siteDir = join(work, 'cache', readdirSync(join(work, 'cache'))[0]!);
    const reparsed: SyncRun[] = [];
    const kept: SyncRun[] = [];
    for (let i = 0; i < Math.max(3, Number(values.runs)); i++) {
      rmSync(join(siteDir, 'result.json'), { force: true });
      reparsed.push(syncCommand(cli, childEnv, []));
      kept.push(syncCommand(cli, childEnv, []));
    }
    const again = median(reparsed);
    const quick = median(kept);
    const perList = Math.max(...quick.doc.lists.map((l) => l.pages));
    rows.push(['sync, no change, report made again (before)', `${secs(again.doc.timings.readMs)} read, ${secs(again.wallMs)} command`, again.doc.requests.toLocaleString(), `parse ${secs(again.doc.timings.parseMs)}, peak ${again.rssMb.toFixed(0)} MB`]);
    rows.push(['sync, no change, report kept (now)', `${secs(quick.doc.timings.readMs)} read, ${secs(quick.wallMs)} command`, quick.doc.requests.toLocaleString(), `≤ ${perList} request(s) per list, peak ${quick.rssMb.toFixed(0)} MB`]);

    // 4. No-change re-sync as the server does it: states kept in memory between syncs.
    const server = api();
    const store = new MemorySyncStore();
    const ids = await listIds(server, env.SKILLSTEPS_SITE!);
    const syncAll = () =>
      Promise.all(
        LIST_NAMES.map(async (list) => {
          const r = await syncList(server, env.SKILLSTEPS_SITE!, ids[list], list, await store.load(list), 5000, undefined, undefined, { partitions: 8 });
          await store.save(list, r.state);
          return r.report;
        }),
      );
    await syncAll();
    const before = server.stats.requests;
    t = performance.now();
    const reports = await syncAll();
    const serverMs = performance.now() - t;
    rows.push(['re-sync in the server (no change; states in memory)', `${secs(serverMs)}`, (server.stats.requests - before).toLocaleString(), `≤ ${Math.max(...reports.map((r) => r.pages))} request(s) per list`]);

    console.log('');
    const widths = [58, 34, 10];
    console.log(['', 'time', 'requests', ''].map((h, i) => h.padEnd(widths[i] ?? 0)).join(''));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(''));
    console.log(`\n(medians of ${values.runs} run(s) of each full sync and ${Math.max(3, Number(values.runs))} of each no-change sync; "read" is the command's own timing of reading the lists, "command" the process from start to exit)`);
    const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    if (!values['skip-naive']) {
      const ratio = naiveMs / full.doc.timings.readMs;
      console.log(`full sync vs naive read: ${ratio.toFixed(1)}× faster (target ≥ 25×: ${met(ratio >= 25)}); the one-chain read was ${(naiveMs / plain.doc.timings.readMs).toFixed(1)}×; ${(naiveRequests / full.doc.requests).toFixed(0)}× fewer requests`);
    }
    console.log(`full sync vs before: ${(plain.doc.timings.readMs / full.doc.timings.readMs).toFixed(1)}× faster read, ${(plain.wallMs / full.wallMs).toFixed(1)}× faster command`);
    if (baseline) {
      console.log(
        `full sync vs the baseline checkout: read ×${(full.doc.timings.readMs / baseline.doc.timings.readMs).toFixed(2)}, command ×${(full.wallMs / baseline.wallMs).toFixed(2)}, peak ×${(full.rssMb / baseline.rssMb).toFixed(2)}; ` +
          `the baseline read ${(baseline.doc.timings.readMs / limitOf(baseline.doc)).toFixed(2)}× its limit`,
      );
    }
    console.log(
      `network's limit of the partitioned read at ${latency} ms: chain of ${chainOf(full.doc)} dependent requests = ${secs(limitChain)}; ${readRequests} requests / ${concurrency} in flight = ${secs(limitInFlight)}; ` +
        `so ${secs(limit)}. Read ${secs(full.doc.timings.readMs)} = ${(full.doc.timings.readMs / limit).toFixed(2)}× the limit (target ≤ 2×: ${met(full.doc.timings.readMs <= 2 * limit)})`,
    );
    console.log(`no-change sync from the CLI: ${secs(quick.wallMs)} whole command, ${secs(quick.doc.timings.readMs)} read (target < 1 s: ${met(quick.wallMs < 1000)}); before: ${secs(again.wallMs)}, ${secs(again.doc.timings.readMs)}; server ${secs(serverMs)}`);
    console.log(`no-change re-sync: ≤ ${perList} requests per list (target ≤ 2: ${met(perList <= 2)})`);
    console.log(`peak memory of the full sync command: ${full.rssMb.toFixed(0)} MB, before ${plain.rssMb.toFixed(0)} MB (target < 300 MB: ${met(full.rssMb < 300)})`);
  } finally {
    tenant?.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

interface SyncDoc {
  lists: Array<{ list: string; pages: number; items: number; mode: string; ms: number; partitioned?: { column: string; partitions: number; longestChain: number } }>;
  requests: number;
  timings: { totalMs: number; readMs: number; parseMs: number };
  dataQualityReused?: boolean;
}

interface SyncRun {
  doc: SyncDoc;
  rssMb: number;
  items: number;
  /** The process from spawn to exit. */
  wallMs: number;
}

function syncCommand(cli: string, env: NodeJS.ProcessEnv, extra: string[]): SyncRun {
  const preload = join(packageRoot(), 'bench', 'report-rss.js');
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, cli, 'sync', '--programme', 'setagaya', '--json', ...extra], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`sync failed: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as SyncDoc;
  const kb = Number(/SKILLSTEPS_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
  return { doc, rssMb: kb / 1024, items: doc.lists.reduce((a, l) => a + l.items, 0), wallMs };
}

/** The run with the median read time. */
function median(runs: SyncRun[]): SyncRun {
  return [...runs].sort((a, b) => a.doc.timings.readMs - b.doc.timings.readMs)[Math.floor(runs.length / 2)]!;
}

/**
 * The longest chain of dependent requests in a sync's read: the list ids, then per list its pages in
 * order — for a partitioned list the first page, the token, its longest range and the token's round.
 */
function chainOf(doc: SyncDoc): number {
  return 1 + Math.max(...doc.lists.map((l) => (l.partitioned ? 3 + l.partitioned.longestChain : l.pages)));
}

function secs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
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
