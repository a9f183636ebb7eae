import type { JobSchedule, JobsView } from './views';
import type { JobHistory, JobLease, JobRun, Logger } from '../ports';

/** A job the scheduler runs when it is due. */
export interface ScheduledJob {
  name: string;
  /** When it is due, for people (the office's job status); `due` decides. */
  schedule: JobSchedule;
  /** Whether to run now, given the last run that counted as done (see `run`'s `done`). */
  due(now: Date, lastDone: JobRun | undefined): boolean;
  /** Runs once; `done: false` means "not yet for this period" (outside the send window, no data yet), so it is tried again. */
  run(): Promise<{ done: boolean; summary: Record<string, unknown> }>;
}

/** The scheduler as the office's job status shows it (GET /api/jobs), from the shared history. */
export type SchedulerView = JobsView['scheduler'];

/** A holder ticks every 30 s; four missed ticks mean none is running the jobs. */
const ALIVE_MS = 120_000;

/**
 * Runs the periodic jobs on one instance at a time: every tick it takes (or renews) a Blob lease,
 * and only the holder runs the jobs that are due, one after another. Another instance takes over
 * when the holder stops renewing (the lease runs out). Jobs themselves are idempotent (the ledger,
 * the digest log), so a run repeated by a new holder after a crash does no harm.
 *
 * With a history (shared storage), each run is recorded as it starts and ends and the holder
 * records a heartbeat every tick, so the job status reads the same on every instance; a new
 * holder first reads what was already done, so a daily job done today is not run again.
 */
export class Scheduler {
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private holder = false;
  private lastTickAt?: string;
  private readonly last = new Map<string, JobRun>();
  private readonly lastDone = new Map<string, JobRun>();
  private readonly running = new Set<string>();
  /** The history was read since this instance became the holder. */
  private caughtUp = false;

  constructor(
    private readonly deps: { lease: JobLease; jobs: ScheduledJob[]; log: Logger; now?: () => Date; instanceId: string; history?: JobHistory },
    private readonly tickMs = 30_000,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    };
    this.timer = setInterval(tick, this.tickMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (this.holder) await this.deps.lease.release().catch(() => undefined);
    this.holder = false;
  }

  /** One pass: take the lease, run what is due. Exposed for tests and `skillsteps` tools. */
  async tick(): Promise<void> {
    const now = this.deps.now ?? (() => new Date());
    this.lastTickAt = now().toISOString();
    try {
      this.holder = await this.deps.lease.acquire();
    } catch (e) {
      this.holder = false;
      this.deps.log.log('warn', 'scheduler lease failed', { error: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (!this.holder) {
      this.caughtUp = false;
      return;
    }
    await this.heartbeat();
    if (!(await this.catchUp())) return;
    for (const job of this.deps.jobs) {
      if (!job.due(now(), this.lastDone.get(job.name))) continue;
      await this.runJob(job, now);
    }
  }

  /** Runs one job now, whatever its schedule (the office's 今すぐ実行, tests). */
  async runJob(job: ScheduledJob, now: () => Date = this.deps.now ?? (() => new Date())): Promise<JobRun> {
    const run: JobRun = { job: job.name, instanceId: this.deps.instanceId, startedAt: now().toISOString(), ok: false, done: false };
    this.running.add(job.name);
    await this.remember({ ...run });
    try {
      const result = await job.run();
      Object.assign(run, { ok: true, done: result.done, summary: result.summary });
      this.deps.log.log('info', 'job finished', { job: job.name, done: result.done, ...result.summary });
    } catch (e) {
      run.error = e instanceof Error ? e.message : String(e);
      this.deps.log.log('error', 'job failed', { job: job.name, error: run.error });
    } finally {
      run.finishedAt = now().toISOString();
      this.running.delete(job.name);
    }
    this.last.set(job.name, run);
    if (run.done) this.lastDone.set(job.name, run);
    await this.remember(run);
    return run;
  }

  /** The job status from the shared history (this instance's memory where the history is behind or absent). */
  async view(): Promise<SchedulerView> {
    const now = (this.deps.now ?? (() => new Date()))();
    let stored: Awaited<ReturnType<JobHistory['read']>> | undefined;
    if (this.deps.history) {
      try {
        stored = await this.deps.history.read();
      } catch (e) {
        this.deps.log.log('warn', 'job history unreadable', { error: e instanceof Error ? e.message : String(e) });
      }
    }
    const later = (a: JobRun | undefined, b: JobRun | undefined): JobRun | undefined => (!a ? b : !b ? a : a.startedAt >= b.startedAt ? a : b);
    const holder = stored?.holder ?? (this.holder && this.lastTickAt ? { instanceId: this.deps.instanceId, at: this.lastTickAt } : undefined);
    const alive = !!holder && now.getTime() - Date.parse(holder.at) < ALIVE_MS;
    return {
      instanceId: this.deps.instanceId,
      ...(holder ? { holder } : {}),
      alive,
      jobs: this.deps.jobs.map((j) => {
        const last = later(stored?.jobs.get(j.name)?.last, this.last.get(j.name));
        const lastDone = later(stored?.jobs.get(j.name)?.lastDone, this.lastDone.get(j.name));
        return {
          name: j.name,
          schedule: j.schedule,
          ...(last ? { last } : {}),
          ...(lastDone ? { lastDone } : {}),
          // An unfinished run counts only while its instance still holds the jobs (not one that died during it).
          running: this.running.has(j.name) || (!!last && !last.finishedAt && alive && last.instanceId === holder?.instanceId),
        };
      }),
    };
  }

  private async heartbeat(): Promise<void> {
    if (!this.deps.history || !this.lastTickAt) return;
    try {
      await this.deps.history.heartbeat(this.deps.instanceId, this.lastTickAt);
    } catch (e) {
      this.deps.log.log('warn', 'scheduler heartbeat failed', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * On becoming the holder: the last runs the history knows, so a job another instance finished is
   * not repeated. False when the history cannot be read: no job runs this tick (it may have been done).
   */
  private async catchUp(): Promise<boolean> {
    if (this.caughtUp || !this.deps.history) return true;
    try {
      const stored = await this.deps.history.read();
      for (const [name, runs] of stored.jobs) {
        const mine = this.lastDone.get(name);
        if (runs.lastDone && (!mine || runs.lastDone.startedAt > mine.startedAt)) this.lastDone.set(name, runs.lastDone);
        const last = this.last.get(name);
        if (runs.last && (!last || runs.last.startedAt > last.startedAt)) this.last.set(name, runs.last);
      }
      this.caughtUp = true;
      return true;
    } catch (e) {
      this.deps.log.log('warn', 'job history unreadable', { error: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }

  /** Records a run in the history; a failure is logged, never fails the job. */
  private async remember(run: JobRun): Promise<void> {
    if (!this.deps.history) return;
    try {
      await this.deps.history.record(run);
    } catch (e) {
      this.deps.log.log('warn', 'job history not recorded', { job: run.job, error: e instanceof Error ? e.message : String(e) });
    }
  }
}

/** Due once per JST day: when nothing counted as done today. */
export function dailyJob(name: string, today: () => string, run: ScheduledJob['run']): ScheduledJob {
  return { name, schedule: { kind: 'daily' }, due: (_now, lastDone) => !lastDone || jstDay(new Date(lastDone.startedAt)) !== today(), run };
}

/** Due every `minutes`. */
export function everyJob(name: string, minutes: number, run: ScheduledJob['run']): ScheduledJob {
  return { name, schedule: { kind: 'every', minutes }, due: (now, lastDone) => !lastDone || now.getTime() - Date.parse(lastDone.startedAt) >= minutes * 60_000, run };
}

function jstDay(d: Date): string {
  return new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
