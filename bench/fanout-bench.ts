/**
 * Benchmark of the reminder fan-out (DESIGN.md "Reminders"): N reminders through the sender to
 * the Teams stand-in, which enforces Teams' 50 requests/s per app (and 7/s per conversation),
 * against the physical limit N / 50 s. Three runs, each on fresh tables and a fresh queue:
 * - clean: one sender process from start to end;
 * - SIGKILL: the sender is killed when half the reminders are out and started again (a crash);
 * - SIGTERM: the same with a graceful stop (a deployment, a scale-in).
 * The ledger, the queue and the conversations are in Azurite; the sender is a separate process
 * (bench/reminder-sender-worker.ts) with botbuilder's CloudAdapter and the reminder card; the
 * stand-in runs here and counts what each person received. Prints figures; asserts nothing.
 *
 *   npm run build && npm run bench:fanout [-- --n 2000 --concurrency 16 --visibility 10 --latency 0 --runs clean,sigkill,sigterm
 *     --per-second 50 --jitter-ms 20 --kill-at 0.5]
 */
import { parseArgs } from 'node:util';
import { startAzurite } from '../dev/azurite';
import { startTeamsStandIn, type TeamsStandIn } from '../dev/teams-standin';
import { TEAMS_LIMITS } from '../src/app/send-pacer';
import { openStateStorage } from '../src/state/storage';
import { seedFanout, startSenderWorker, type SenderWorker, type WorkerExit } from './reminder-sender-worker';

const DAY = '2026-11-24';
const RUNS = ['clean', 'sigkill', 'sigterm'] as const;
type Run = (typeof RUNS)[number];

function options() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
      visibility: { type: 'string', default: '10' },
      latency: { type: 'string', default: '0' },
      'per-second': { type: 'string', default: String(TEAMS_LIMITS.perSecond) },
      'jitter-ms': { type: 'string', default: String(TEAMS_LIMITS.jitterMs ?? 0) },
      'kill-at': { type: 'string', default: '0.5' },
      runs: { type: 'string', default: RUNS.join(',') },
    },
    strict: true,
  });
  const int = (name: keyof typeof values, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, not ${String(values[name])}`);
    return n;
  };
  const runs = values.runs!.split(',').map((r) => r.trim());
  for (const r of runs) if (!(RUNS as readonly string[]).includes(r)) throw new Error(`--runs: ${r} is not one of ${RUNS.join(', ')}`);
  const killAt = Number(values['kill-at']);
  if (!(killAt > 0 && killAt < 1)) throw new Error(`--kill-at must be between 0 and 1, not ${values['kill-at']}`);
  return {
    n: int('n', 1),
    concurrency: int('concurrency', 1),
    visibility: int('visibility', 1),
    latency: int('latency', 0),
    perSecond: int('per-second', 1),
    jitterMs: int('jitter-ms', 0),
    killAt,
    runs: runs as Run[],
  };
}

interface Result {
  run: Run;
  seedS: number;
  elapsedS: number;
  /** Delivered when the first process was stopped, and how it ended. */
  stoppedAt?: number;
  lost: number;
  duplicates: number;
  throttled: Record<string, number>;
  faulted: number;
  peakPerSecond: number;
  sent: number;
  cpuMs: number;
  /** Seconds Azurite did not answer (its queue GC, every 60 s, stops the whole emulator). */
  stallS: number;
  /** Warnings and errors the sender processes logged. */
  logged: number;
}

async function run(): Promise<void> {
  const o = options();
  const teamsLimit = TEAMS_LIMITS.perSecond; // what the stand-in enforces (its default, Teams' figure)
  const limitS = o.n / teamsLimit;
  console.log(
    `fan-out of ${o.n.toLocaleString()} reminders; stand-in at Teams' limits (${teamsLimit}/s per app, 7/s per conversation), latency ${o.latency} ms; ` +
      `sender: concurrency ${o.concurrency}, pacer ${o.perSecond} per ${1000 + o.jitterMs} ms, visibility ${o.visibility} s`,
  );
  const teams = await startTeamsStandIn({ port: 0 });
  const results: Result[] = [];
  try {
    for (const [i, kind] of o.runs.entries()) {
      // A fresh Azurite for each run: its queue GC runs every 60 s from its start and stops the whole
      // emulator for seconds once thousands of messages were deleted; a run should not pay for the last.
      const azurite = await startAzurite();
      try {
        results.push(await fanout(kind, i, o, azurite.connectionString, teams));
      } finally {
        await azurite.stop();
      }
      const r = results[results.length - 1]!;
      console.log(
        `  ${kind}: ${r.elapsedS.toFixed(1)} s (seeding ${r.seedS.toFixed(1)} s), lost ${r.lost}, duplicates ${r.duplicates}, 429s ${total(r.throttled)}, ` +
          `Azurite stalled ${r.stallS.toFixed(1)} s, sender warnings/errors ${r.logged}`,
      );
    }
  } finally {
    await teams.stop();
  }

  console.log('');
  const header = ['run', 'N', 'elapsed s', `limit N/${teamsLimit} s`, 'efficiency', 'lost', 'duplicates', '429s seen', 'Azurite stalled', 'peak req/s', 'sender CPU/msg'];
  const rows = results.map((r) => [
    r.run === 'clean' ? 'clean' : `${r.run.toUpperCase()} at ${r.stoppedAt} + restart`,
    o.n.toLocaleString(),
    r.elapsedS.toFixed(1),
    limitS.toFixed(1),
    `${((limitS / r.elapsedS) * 100).toFixed(1)}%`,
    String(r.lost),
    r.run === 'sigkill' ? `${r.duplicates} (≤ ${o.concurrency} in flight)` : String(r.duplicates),
    total(r.throttled) === 0 ? '0' : `${total(r.throttled)} (${Object.entries(r.throttled).map(([k, v]) => `${k}: ${v}`).join(', ')})`,
    `${r.stallS.toFixed(1)} s`,
    String(r.peakPerSecond),
    `${(r.cpuMs / Math.max(1, r.sent)).toFixed(1)} ms`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)) + 2);
  console.log(header.map((h, i) => h.padEnd(widths[i]!)).join(''));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join(''));
  const clean = results.find((r) => r.run === 'clean');
  if (clean) {
    const eff = limitS / clean.elapsedS;
    console.log(`\nclean run efficiency ${(eff * 100).toFixed(1)}% of the physical limit (target ≥ 90%: ${eff >= 0.9 ? 'met' : 'NOT met'})`);
  }
  console.log('elapsed: from the first sender being ready to the last message Teams accepted (a killed run includes the restart and the visibility timeout).');
  console.log('Azurite stalled: time the emulator did not answer within 0.5 s (its queue GC stops it every 60 s); Azure Storage has no such pauses.');
}

async function fanout(kind: Run, index: number, o: ReturnType<typeof options>, connectionString: string, teams: TeamsStandIn): Promise<Result> {
  teams.reset();
  teams.setFaults({ latencyMs: o.latency });
  const prefix = `fan${index}x${Date.now().toString(36)}`;
  const storage = await openStateStorage({ connectionString, prefix }, { instanceId: 'bench' });
  const t = performance.now();
  await seedFanout(storage, teams, { n: o.n, day: DAY, tag: `${kind}${index}` });
  const seedS = (performance.now() - t) / 1000;

  const start = (): SenderWorker =>
    startSenderWorker({ connectionString, prefix, instanceId: 'sender-1', concurrency: o.concurrency, visibilitySeconds: o.visibility, perSecond: o.perSecond, jitterMs: o.jitterMs });
  const exits: WorkerExit[] = [];
  const workers: SenderWorker[] = [];
  let worker = start();
  workers.push(worker);
  const t0 = await worker.ready;
  // Azurite's stalls, measured from here: a request that takes over half a second.
  let stallMs = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      await storage.queue().approximateCount();
      const ms = performance.now() - t;
      if (ms > 500) stallMs += ms;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  // Progress every 5 s: where a run loses time shows as a slow stretch.
  const progress = setInterval(() => {
    const s = teams.stats();
    console.log(`    ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s  delivered ${s.accepted}  429s ${s.throttled}`);
  }, 5000);
  let stoppedAt: number | undefined;
  if (kind !== 'clean') {
    await until(() => teams.stats().accepted >= o.n * o.killAt, 600_000);
    worker.kill(kind === 'sigkill' ? 'SIGKILL' : 'SIGTERM');
    exits.push(await worker.exited);
    stoppedAt = teams.stats().accepted;
    const down = Date.now();
    worker = start(); // restarted on the same instance
    workers.push(worker);
    await worker.ready;
    console.log(`    ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s  ${kind.toUpperCase()} at ${stoppedAt} delivered; a new sender is ready ${((Date.now() - down) / 1000).toFixed(1)} s later`);
  }
  // Done when every person has theirs (the stand-in, here: free to ask), then the ledger and the
  // queue say nothing is left (after a kill, an in-flight message may come again after that).
  const deadline = Math.max(120_000, (o.n / teams.limits().perAppPerTenant[0]!.max) * 4000 + o.visibility * 3000);
  const distinct = (): number => teams.stats().keyed - teams.stats().duplicateDeliveries;
  // A run that does not finish in time reports what is missing as lost.
  if (await until(() => distinct() >= o.n, deadline)) {
    await until(async () => (await storage.reminders.ofDay(DAY, ['planned', 'sending'])).length === 0 && (await storage.queue().approximateCount()) === 0, deadline, 1000);
  }
  clearInterval(progress);
  probing = false;
  await probe;
  worker.kill('SIGTERM');
  exits.push(await worker.exited);

  const stats = teams.stats();
  const deliveries = teams.deliveries();
  const last = deliveries.reduce((m, d) => Math.max(m, d.at), 0);
  const notSent = (await storage.reminders.ofDay(DAY)).filter((e) => e.state !== 'sent').length;
  return {
    run: kind,
    seedS,
    elapsedS: (last - t0) / 1000,
    ...(stoppedAt !== undefined ? { stoppedAt } : {}),
    lost: Math.max(o.n - distinct(), notSent),
    duplicates: stats.duplicateDeliveries,
    throttled: stats.throttledBy,
    faulted: stats.faulted,
    peakPerSecond: stats.maxAcceptedPerSecond.app,
    // A killed process prints no stats: its sends are the deliveries before the kill.
    sent: exits.reduce((n, e) => n + (e.stats?.sent ?? 0), 0),
    cpuMs: exits.reduce((n, e) => n + (e.cpuMs ?? 0), 0),
    stallS: stallMs / 1000,
    logged: workers.reduce((n, w) => n + w.stderr().split('\n').filter((l) => l.startsWith('{')).length, 0),
  };
}

function total(byCause: Record<string, number>): number {
  return Object.values(byCause).reduce((a, b) => a + b, 0);
}

/** Waits until `done`; false when the time ran out first. */
async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) {
      console.error(`  (gave up waiting after ${timeoutMs / 1000} s)`);
      return false;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

run().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
