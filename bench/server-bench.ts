/**
 * Benchmark of the server's start and memory as App Service runs it (issue 16): for each size of
 * municipality (10,000 / 20,000 / 50,000 staff by default) the local tenant is seeded here, and the
 * server is started as a separate process **with the startup command of infra/azure.bicep** (read
 * from the Bicep file of the checkout being measured, so a flag added there is measured), then:
 *
 *   - start-to-ready: from spawning the process to its "sync finished" log line (the first sync
 *     through Graph and the evaluation of everyone: before it, the tab's views answer 503);
 *   - RSS at ready, and steady: after the load below and `--settle` seconds idle (VmRSS of
 *     /proc/<pid>/status, sampled every 100 ms; the peak is the kernel's VmHWM);
 *   - a restart on the same storage (the lists' states from Blob storage: deltas only), to ready;
 *   - the load: `--concurrency` clients on keep-alive connections sending `GET /api/me/progress` as
 *     fast as answered, round-robin over 1,000 staff tokens the tenant issued, `--requests` requests
 *     after 200 uncounted; p50 / p95 (nearest rank) from sending to having read the body.
 *
 * With `--baseline <dir>` (a built checkout of an earlier commit: `git worktree add <dir> <commit>`,
 * `npm run build` there) each size runs the baseline's server first and this checkout's second, against
 * the same tenant (each on fresh Azurite), and the table puts them side by side with their ratio, so the machine's noise cancels.
 *
 *   npm run build && node dist/bench/server-bench.js [--staff 10000,20000,50000] [--programme setagaya]
 *       [--baseline <dir>] [--also <name>=<dir> …] [--requests 2000] [--concurrency 20] [--settle 10] [--state azurite|memory]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startAzurite } from '../dev/azurite';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../dev/local-tenant';
import { jstDate } from '../src/domain/local-date';
import { generateMunicipality } from '../src/sample/sample-municipality';
import { packageRoot } from '../src/presets/presets';
import { memoryOf } from './process-memory';
import { programmeOf } from '../tests/e2e/harness';
import { progressLoad } from './progress-load';

interface Options {
  staff: number[];
  programme: string;
  baseline?: string;
  /** More checkouts to measure beside them, as name=dir (trying a change without committing it). */
  also: Array<{ name: string; root: string }>;
  requests: number;
  concurrency: number;
  settleS: number;
  /** The state storage: Azurite, as App Service has Azure Storage (the default), or none (the tab alone, states in memory). */
  state: 'azurite' | 'memory';
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      staff: { type: 'string', default: '10000,20000,50000' },
      programme: { type: 'string', default: 'setagaya' },
      baseline: { type: 'string' },
      also: { type: 'string', multiple: true, default: [] },
      requests: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '20' },
      settle: { type: 'string', default: '10' },
      state: { type: 'string', default: 'azurite' },
    },
  });
  return {
    staff: values.staff!.split(',').map((s) => Number(s.trim())),
    programme: values.programme!,
    ...(values.baseline ? { baseline: resolve(values.baseline) } : {}),
    also: values.also!.map((a) => ({ name: a.split('=')[0]!, root: resolve(a.slice(a.indexOf('=') + 1)) })),
    requests: Math.max(100, Number(values.requests)),
    concurrency: Math.max(1, Number(values.concurrency)),
    settleS: Math.max(0, Number(values.settle)),
    state: values.state === 'memory' ? 'memory' : 'azurite',
  };
}

/** The startup command of a checkout's Bicep (`param startupCommand string = '…'`), as argv after `node`. */
export function startupArgs(root: string): string[] {
  const bicep = readFileSync(join(root, 'infra', 'azure.bicep'), 'utf8');
  const command = /^param startupCommand string = '([^']+)'/m.exec(bicep)?.[1];
  if (!command) throw new Error(`${root}/infra/azure.bicep names no startupCommand`);
  const [node, ...args] = command.split(/\s+/);
  if (node !== 'node') throw new Error(`the startup command does not start with node: ${command}`);
  return args;
}

interface Running {
  child: ChildProcess;
  url: string;
  readyMs: number;
  people: number;
}

/** Starts a checkout's server with its startup command and waits for the first sync to finish. */
async function startServerProcess(root: string, env: Record<string, string>): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, startupArgs(root), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let url = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        let entry: { message?: string; url?: string; people?: number } = {};
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          continue;
        }
        const msg = entry.message;
        if (msg === 'server listening') url = entry.url!;
        if (msg === 'sync finished') resolvePromise({ child, url, readyMs: performance.now() - started, people: entry.people ?? 0 });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server stopped (exit ${code}): ${err.slice(-2000)}`)));
  });
}

interface Measured {
  readyMs: number;
  /** A second start on the same storage (a restart, a deploy): the lists' states read from Blob storage, deltas only. */
  restartMs?: number;
  people: number;
  rssReady: number;
  rssSteady: number;
  peak: number;
  p50: number;
  p95: number;
  failures: number;
}

async function stop(s: Running): Promise<void> {
  const exited = new Promise((go) => s.child.once('exit', go));
  s.child.kill('SIGTERM');
  await exited;
}

/** One checkout's server: a cold start on empty storage, the load, the settle; then a restart on the same storage. */
async function measure(root: string, tenantEnv: Record<string, string>, tokens: string[], o: Options): Promise<Measured> {
  const azurite = o.state === 'azurite' ? await startAzurite() : undefined;
  const env = azurite ? { ...tenantEnv, SKILLSTEPS_STORAGE_CONNECTION_STRING: azurite.connectionString } : tenantEnv;
  try {
    const s = await startServerProcess(root, env);
    const pid = s.child.pid!;
    let m: Measured;
    try {
      const rssReady = memoryOf(pid).rss;
      const { p50, p95, failures } = await progressLoad(s.url, tokens, { concurrency: o.concurrency, requests: o.requests });
      // Steady: sampled for the settle time after the load, the last quarter's median.
      const samples: number[] = [];
      const until = performance.now() + o.settleS * 1000;
      while (performance.now() < until) {
        samples.push(memoryOf(pid).rss);
        await new Promise((go) => setTimeout(go, 100));
      }
      const tail = samples.slice(Math.floor(samples.length * 0.75)).sort((a, b) => a - b);
      const rssSteady = tail.length > 0 ? tail[Math.floor(tail.length / 2)]! : memoryOf(pid).rss;
      m = { readyMs: s.readyMs, people: s.people, rssReady, rssSteady, peak: memoryOf(pid).hwm, p50, p95, failures };
    } finally {
      await stop(s);
    }
    if (azurite) {
      const again = await startServerProcess(root, env);
      m.restartMs = again.readyMs;
      await stop(again);
    }
    return m;
  } finally {
    await azurite?.stop();
  }
}

async function run(): Promise<void> {
  const o = options();
  const root = packageRoot();
  const programme = await programmeOf(o.programme);
  const today = jstDate(new Date());
  const variants: Array<{ name: string; root: string }> = [...(o.baseline ? [{ name: 'baseline', root: o.baseline }] : []), ...o.also, { name: 'now', root }];
  console.log(
    `SkillSteps server benchmark — ${programme.id}, Node ${process.version}, ${cpus().length} CPUs; startup command: ` +
      variants.map((v) => `${v.name} \`node ${startupArgs(v.root).join(' ')}\``).join(', '),
  );
  const results: Array<{ staff: number; variant: string; m: Measured; records: number }> = [];
  for (const staff of o.staff) {
    const dir = mkdtempSync(join(tmpdir(), 'skillsteps-server-bench-'));
    let tenant: LocalTenant | undefined;
    try {
      const t = performance.now();
      tenant = await startLocalTenant({ port: 0, seed: { programme, staff, seed: 42, today, defects: 0 } });
      const records = generateMunicipality(programme, { staff, seed: 42, today, defects: 0 });
      const rows = Object.values(records).reduce((a, l) => a + (Array.isArray(l) ? l.length : 0), 0);
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, tenant.caPem);
      const env = { PORT: '0', SKILLSTEPS_PROGRAMME: o.programme, ...localTenantEnv(tenant, caFile) };
      const active = records.staff.filter((p) => p.active);
      const step = Math.max(1, Math.floor(active.length / 1000));
      const audience = `api://localhost/${tenant.clientId}`;
      const tokens = await Promise.all(active.filter((_p, i) => i % step === 0).slice(0, 1000).map((p) => tenant!.issueUserToken(p.upn, audience)));
      console.log(`\n${staff.toLocaleString()} staff: ${rows.toLocaleString()} list items, tenant seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      for (const v of variants) {
        const m = await measure(v.root, env, tokens, o);
        results.push({ staff, variant: v.name, m, records: rows });
        console.log(
          `  ${v.name.padEnd(9)} ready ${(m.readyMs / 1000).toFixed(1)} s (${m.people.toLocaleString()} people)${m.restartMs ? `, restart ${(m.restartMs / 1000).toFixed(1)} s` : ''} · RSS at ready ${m.rssReady.toFixed(0)} MB, steady ${m.rssSteady.toFixed(0)} MB, peak ${m.peak.toFixed(0)} MB · ` +
            `/api/me/progress p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms${m.failures ? `, ${m.failures} not 200` : ''}`,
        );
      }
    } finally {
      await tenant?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const targets: Record<number, { rss: number; readyS: number }> = { 10000: { rss: 250, readyS: 15 }, 50000: { rss: 1024, readyS: 15 } };
  console.log(`\nstate storage: ${o.state === 'azurite' ? 'Azurite (as Azure Storage on App Service)' : 'none (states in memory)'}`);
  console.log('| staff | list items | variant | start-to-ready (cold / restart) | RSS at ready | RSS steady | peak RSS | p95 /api/me/progress |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.staff.toLocaleString()} | ${r.records.toLocaleString()} | ${r.variant} | ${(r.m.readyMs / 1000).toFixed(1)} s${r.m.restartMs ? ` / ${(r.m.restartMs / 1000).toFixed(1)} s` : ''} | ${r.m.rssReady.toFixed(0)} MB | ${r.m.rssSteady.toFixed(0)} MB | ${r.m.peak.toFixed(0)} MB | ${r.m.p95.toFixed(1)} ms |`,
    );
  }
  if (o.baseline) {
    console.log('\nnow ÷ baseline (same tenant, same run):');
    for (const staff of o.staff) {
      const b = results.find((r) => r.staff === staff && r.variant === 'baseline')!.m;
      const n = results.find((r) => r.staff === staff && r.variant === 'now')!.m;
      console.log(`  ${staff.toLocaleString()} staff: steady RSS ×${(n.rssSteady / b.rssSteady).toFixed(2)}, peak ×${(n.peak / b.peak).toFixed(2)}, ready ×${(n.readyMs / b.readyMs).toFixed(2)}`);
    }
  }
  const now = results.filter((r) => r.variant === 'now');
  if (now.length > 1) {
    const first = now[0]!;
    console.log('\ngrowth (now), steady RSS per 10,000 staff above the first size:');
    for (const r of now.slice(1)) console.log(`  ${first.staff.toLocaleString()} → ${r.staff.toLocaleString()}: +${(((r.m.rssSteady - first.m.rssSteady) / (r.staff - first.staff)) * 10000).toFixed(0)} MB per 10,000 staff`);
  }
  for (const r of now) {
    const t = targets[r.staff];
    if (!t) continue;
    const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
    console.log(`target at ${r.staff.toLocaleString()}: steady RSS ≤ ${t.rss} MB ${met(r.m.rssSteady <= t.rss)}; start-to-ready ≤ ${t.readyS} s ${met(r.m.readyMs <= t.readyS * 1000)}; p95 ≤ 50 ms ${met(r.m.p95 <= 50)}`);
  }
}

if (require.main === module) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
