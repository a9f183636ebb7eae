/**
 * Benchmark of the office's import (issue 13): a 50,000-row vendor file through the tab's API into
 * the local tenant with 100 ms on every Graph request — time, Graph requests and the server's memory
 * — beside `skillsteps import` of the same rows as a CSV folder (the baseline), in one run:
 *
 *   1. the tab's preview and import of a Shift_JIS file (lean 8 columns: 職員番号, 氏名, メールアドレス …);
 *   2. the same file again (adds nothing); 3. undo (removes the 50,000 items it added);
 *   4. `skillsteps import` of the same rows as Completions.csv, in its own process; 5. again.
 *
 * The local tenant runs here (seeded with 10,000 staff and about 200,000 completions); the server
 * runs alone in a child process, whose memory is read from /proc/<pid>/status: VmRSS sampled every
 * 100 ms while a phase runs, and VmHWM (the kernel's peak RSS) before and after. The CLI's peak is
 * its maxRSS (bench/report-rss.js). Prints figures; asserts nothing about time.
 *
 *   npm run build && node dist/bench/import-bench.js [--staff 10000] [--rows 50000] [--latency 100]
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { localTenantEnv, startLocalTenant } from '../dev/local-tenant';
import type { ImportPreview, ImportView } from '../src/app/imports';
import { memoryLogger } from '../src/server/log';
import { runServer } from '../src/server/run';
import { packageRoot } from '../src/presets/presets';
import { memoryOf } from './process-memory';
import { programmeOf, serverEnv } from '../tests/e2e/harness';
import { shiftJisCsv, vendorCompletions } from '../tests/helpers/vendor-file';
import { runInChild, type LoadResult } from './progress-load';

const TODAY = '2026-11-23';

/**
 * The child: the server as App Service runs it (runServer, V8's heap growing slowly after the first
 * sync) on a free port, the clock pinned to the data's day; says when its first evaluation is done.
 */
async function serve(): Promise<void> {
  const env = await new Promise<Record<string, string>>((resolve) => process.once('message', (m) => resolve(m as Record<string, string>)));
  const server = await runServer(env, { log: memoryLogger(), clock: { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY }, slowHeapAfterFirstSync: true });
  const e = await server.service.refresh();
  process.send!({ url: server.url, staff: e.snapshot.staff.filter((s) => s.active).map((s) => ({ upn: s.upn, name: s.name, employeeNumber: s.employeeNumber, department: s.department, section: s.section })) });
  process.on('message', (m) => {
    if (m === 'stop') void server.close().then(() => process.exit(0));
    // What the server holds once garbage is collected (the child runs with --expose-gc).
    if (m === 'heap') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ heapMb: process.memoryUsage().heapUsed / 1024 / 1024 });
    }
  });
}

/** Where a running import is, from its log: comparing (nothing to write yet), writing, or the end (last rows, re-reading the lists). */
type Step = 'compare' | 'write' | 'finish';

interface Phase {
  name: string;
  ms: number;
  /** Graph requests, each $batch and each request in it counted; and the $batches. */
  requests: number;
  batches: number;
  /** Server RSS before, and the highest sampled while the phase ran (MB). */
  rssBefore?: number;
  rssPeak?: number;
  /** The server's live heap after a full GC, before and after the phase (MB). */
  heapBefore?: number;
  heapAfter?: number;
  /** The highest RSS sampled in each step of an import or undo (MB). */
  steps?: Partial<Record<Step, number>>;
  note: string;
}

async function drive(): Promise<void> {
  const { values } = parseArgs({
    options: { staff: { type: 'string', default: '10000' }, rows: { type: 'string', default: '50000' }, latency: { type: 'string', default: '100' }, serve: { type: 'boolean' } },
  });
  const programme = await programmeOf('setagaya');
  const rows = Number(values.rows);
  let t = performance.now();
  const tenant = await startLocalTenant({ port: 0, seed: { programme, staff: Number(values.staff), seed: 42, today: TODAY, defects: 0 } });
  const tenantMs = performance.now() - t;
  const dir = mkdtempSync(join(tmpdir(), 'skillsteps-import-bench-'));
  const child = fork(__filename, ['--serve'], { execArgv: ['--expose-gc'] });
  try {
    child.send(serverEnv(tenant, 'setagaya', join(dir, 'ca.pem')));
    t = performance.now();
    const ready = await once<{ url: string; staff: Array<{ upn: string; name: string; employeeNumber?: string; department: string; section: string }> }>(child);
    const readyMs = performance.now() - t;
    tenant.setFaults({ latencyMs: Number(values.latency) });
    console.log(`SkillSteps import benchmark — setagaya, ${Number(values.staff).toLocaleString()} staff (seed 42), ${rows.toLocaleString()} rows, ${values.latency} ms per Graph request, Node ${process.version}, ${cpus().length} CPUs`);
    console.log(`local tenant seeded in ${(tenantMs / 1000).toFixed(1)} s; server ready in ${(readyMs / 1000).toFixed(1)} s (first sync through Graph and evaluation)`);

    const staff = ready.staff.map((s) => ({ ...s, grade: undefined, gradeText: '', transferPlanned: false, active: true }));
    const file = vendorCompletions(programme, staff, rows, TODAY);
    const sjis = shiftJisCsv(file);
    console.log(`the file: ${file.header.join('・')} — ${(sjis.length / 1024 / 1024).toFixed(1)} MB Shift_JIS`);

    const token = await tenant.issueUserToken(ready.staff[0]!.upn, `api://localhost/${tenant.clientId}`, { roles: ['ProgrammeOffice'] });
    const call = async <T>(method: string, path: string, body?: Buffer): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${ready.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body });
      return { status: res.status, body: (await res.json()) as T };
    };
    const q = new URLSearchParams({ list: 'Completions', source: 'ベンチマーク事業者', fileName: 'vendor-50000.csv' }).toString();
    const phases: Phase[] = [];
    /** Runs a phase of the server's, sampling its memory and counting the tenant's requests. */
    let step: Step | undefined;
    const measure = async (name: string, work: () => Promise<string>): Promise<void> => {
      const heapBefore = (await once<{ heapMb: number }>(child, 'heap')).heapMb;
      tenant.resetStats();
      const before = memoryOf(child.pid!).rss;
      let peak = before;
      const steps: Partial<Record<Step, number>> = {};
      step = undefined;
      const sample = (): void => {
        const rss = memoryOf(child.pid!).rss;
        peak = Math.max(peak, rss);
        if (step) steps[step] = Math.max(steps[step] ?? 0, rss);
      };
      const sampler = setInterval(sample, 100);
      const started = performance.now();
      const note = await work();
      const ms = performance.now() - started;
      clearInterval(sampler);
      sample();
      const requests = graphRequests(tenant.stats());
      const heapAfter = (await once<{ heapMb: number }>(child, 'heap')).heapMb;
      phases.push({ name, ms, ...requests, rssBefore: before, rssPeak: peak, heapBefore, heapAfter, ...(Object.keys(steps).length ? { steps } : {}), note });
    };
    const waitDone = async (id: string, moving: ImportView['status']): Promise<ImportView> => {
      step = 'compare';
      for (;;) {
        const v = (await call<ImportView>('GET', `/api/imports/${id}`)).body;
        if (v.status !== moving) return v;
        step = v.total === 0 ? 'compare' : v.processed < v.total ? 'write' : 'finish';
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // The staff's side while the office works: 20 clients reading マイステップ (GET /api/me/progress),
    // in their own process, for 10 s with nothing else running (the baseline) and for the whole import.
    const audience = `api://localhost/${tenant.clientId}`;
    const every = Math.max(1, Math.floor(ready.staff.length / 1000));
    const staffTokens = await Promise.all(ready.staff.filter((_s, i) => i % every === 0).slice(0, 1000).map((s) => tenant.issueUserToken(s.upn, audience)));
    const loads: Array<{ name: string; r: LoadResult }> = [];
    {
      const idle = runInChild(ready.url, staffTokens, 20);
      await new Promise((go) => setTimeout(go, 10_000));
      loads.push({ name: 'nothing else running (baseline)', r: await idle.stop() });
    }

    let importId = '';
    await measure('tab: preview (upload, read, compare)', async () => {
      const p = (await call<ImportPreview>('POST', `/api/imports/preview?${q}`, sjis)).body;
      return `${p.rows.toLocaleString()} rows: add ${p.add.toLocaleString()}, change ${p.change}, unchanged ${p.unchanged}, refused ${p.refused}`;
    });
    await measure('tab: import (upload → done)', async () => {
      const during = runInChild(ready.url, staffTokens, 20);
      const started = await call<ImportView>('POST', `/api/imports?${q}`, sjis);
      if (started.status !== 202) throw new Error(JSON.stringify(started.body));
      importId = started.body.id;
      const v = await waitDone(importId, 'running');
      loads.push({ name: `while the ${rows.toLocaleString()}-row import runs (upload → done)`, r: await during.stop() });
      return `${v.status}: added ${v.added.toLocaleString()}, changed ${v.changed}, unchanged ${v.unchanged}, refused ${v.refused}`;
    });
    await measure('tab: the same file again', async () => {
      const started = await call<ImportView>('POST', `/api/imports?${q}`, sjis);
      const v = await waitDone(started.body.id, 'running');
      return `${v.status}: added ${v.added}, unchanged ${v.unchanged.toLocaleString()}`;
    });
    await measure('tab: undo the first import', async () => {
      await call<ImportView>('POST', `/api/imports/${importId}/undo`);
      const v = await waitDone(importId, 'undoing');
      return `${v.status}: removed ${v.processed.toLocaleString()}`;
    });
    const hwmServer = memoryOf(child.pid!).hwm;

    // The baseline: the same rows as a CSV folder, through `skillsteps import` in its own process.
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const h = (name: string): number => file.header.indexOf(name);
    const lines = ['Upn,CourseId,CompletedOn,Hours', ...file.rows.map((r) => [r[h('メールアドレス')], r[h('講座名')], String(r[h('受講日')]).replace(/\//g, '-'), r[h('学習時間')]].join(','))];
    writeFileSync(join(folder, 'Completions.csv'), lines.join('\r\n'));
    const env = { ...process.env, ...localTenantEnv(tenant, join(dir, 'ca.pem')), SKILLSTEPS_SYNC_CACHE_DIR: join(dir, 'cache') };
    for (const name of ['skillsteps import (CSV folder, baseline)', 'skillsteps import, the same folder again']) {
      tenant.resetStats();
      const started = performance.now();
      const r = await cli(['import', '--site', tenant.siteId, '--data', folder, '--programme', 'setagaya'], env);
      const ms = performance.now() - started;
      const table = /受講記録\(Completions\)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)/.exec(r.stdout);
      phases.push({ name, ms, ...graphRequests(tenant.stats()), note: `exit ${r.code}; created ${table?.[2] ?? '?'}, updated ${table?.[3] ?? '?'}, unchanged ${table?.[4] ?? '?'}; peak RSS ${r.maxRssMb.toFixed(0)} MB (own process)` });
    }

    console.log('\n| phase | time | Graph requests (of which $batch) | server RSS before → peak | server live heap after GC, before → after | |');
    console.log('|---|---|---|---|---|---|');
    for (const p of phases) {
      const mem = p.rssBefore !== undefined ? `${p.rssBefore.toFixed(0)} → ${p.rssPeak!.toFixed(0)} MB` : '—';
      const heap = p.heapBefore !== undefined ? `${p.heapBefore.toFixed(0)} → ${p.heapAfter!.toFixed(0)} MB` : '—';
      console.log(`| ${p.name} | ${(p.ms / 1000).toFixed(1)} s | ${p.requests.toLocaleString()} (${p.batches.toLocaleString()}) | ${mem} | ${heap} | ${p.note} |`);
    }
    console.log('\nserver RSS peak by step of the import and the undo (from the log: comparing; writing; the last rows and re-reading the lists):');
    for (const p of phases.filter((x) => x.steps)) {
      const s = p.steps!;
      console.log(`  ${p.name}: ${(['compare', 'write', 'finish'] as const).map((k) => `${k} ${s[k] === undefined ? '—' : `${s[k]!.toFixed(0)} MB`}`).join(', ')}`);
    }
    console.log('\nGET /api/me/progress, 20 clients on keep-alive connections, 1,000 staff tokens (bench/progress-load.ts, own process):');
    console.log('| while | requests | req/s | p50 | p95 | p99 | not 200 |');
    console.log('|---|---|---|---|---|---|---|');
    // A load that measured nothing (a small import over before the load's warm-up) prints — for its figures.
    const msOf = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '—');
    for (const { name, r } of loads) {
      console.log(`| ${name} | ${r.requests.toLocaleString()} | ${((r.requests / r.ms) * 1000).toFixed(0)} | ${msOf(r.p50)} | ${msOf(r.p95)} | ${msOf(r.p99)} | ${r.failures} |`);
    }
    const busy = loads[1]?.r;
    if (busy && busy.requests === 0) console.log('p95 during the import: not measured (the import ended within the load’s warm-up; use more --rows)');
    else if (busy) console.log(`p95 during the import: ${busy.p95.toFixed(1)} ms, ×${(busy.p95 / loads[0]!.r.p95).toFixed(2)} the baseline's (target ≤ 50 ms: ${busy.p95 <= 50 ? 'met' : 'NOT met'})`);
    console.log(`\nserver peak RSS over its whole run (VmHWM, first sync and evaluation included): ${hwmServer.toFixed(0)} MB`);
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The tenant counts each $batch and each request inside it (what Graph's throttling counts); the $batches apart. */
function graphRequests(stats: { requests: number; byRoute: Record<string, number> }): { requests: number; batches: number } {
  return { requests: stats.requests, batches: stats.byRoute['POST /$batch'] ?? 0 };
}

/** The child's next message (after sending `ask`, when given). */
function once<T>(child: ChildProcess, ask?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the server process stopped (exit ${code})`));
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
    child.once('exit', onExit);
    if (ask) child.send(ask);
  });
}

/** Runs the CLI in its own process (the tenant is in this one: never block its event loop). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; maxRssMb: number }> {
  const bin = join(packageRoot(), 'bin', 'skillsteps.js');
  const preload = join(packageRoot(), 'bench', 'report-rss.js');
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--require', preload, bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, maxRssMb: Number(/SKILLSTEPS_MAXRSS_KB=(\d+)/.exec(stderr)?.[1]) / 1024 }));
  });
}

if (process.argv.includes('--serve')) void serve();
else
  drive().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
