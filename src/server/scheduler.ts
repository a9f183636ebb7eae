import type { JobLease } from '../ports';
import type { Logger } from './log';

/** A job the scheduler runs when it is due. */
export interface ScheduledJob {
  name: string;
  /** Whether to run now, given the last run that counted as done (see `run`'s `done`). */
  due(now: Date, lastDone: JobRun | undefined): boolean;
  /** Runs once; `done: false` means "not yet for this period" (outside the send window, no data yet), so it is tried again. */
  run(): Promise<{ done: boolean; summary: Record<string, unknown> }>;
}

/** One run of a job, for the programme office's status view and the logs. */
export interface JobRun {
  job: string;
  startedAt: string;
  finishedAt?: string;
  ok: boolean;
  done: boolean;
  summary?: Record<string, unknown>;
  error?: string;
}

export interface SchedulerStatus {
  /** Whether this instance holds the scheduler's lease (only the holder runs jobs). */
  holder: boolean;
  instanceId: string;
  lastTickAt?: string;
  /** The last run of each job, and the last that counted as done. */
  jobs: Array<{ name: string; last?: JobRun; lastDone?: JobRun; running: boolean }>;
}

/**
 * Runs the periodic jobs on one instance at a time: every tick it takes (or renews) a Blob lease,
 * and only the holder runs the jobs that are due, one after another. Another instance takes over
 * when the holder stops renewing (the lease runs out). Jobs themselves are idempotent (the ledger,
 * the digest log), so a run repeated by a new holder after a crash does no harm.
 */
export class Scheduler {
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private holder = false;
  private lastTickAt?: string;
  private readonly last = new Map<string, JobRun>();
  private readonly lastDone = new Map<string, JobRun>();
  private readonly running = new Set<string>();

  constructor(
    private readonly deps: { lease: JobLease; jobs: ScheduledJob[]; log: Logger; now?: () => Date; instanceId: string },
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
    if (!this.holder) return;
    for (const job of this.deps.jobs) {
      if (!job.due(now(), this.lastDone.get(job.name))) continue;
      await this.runJob(job, now);
    }
  }

  /** Runs one job now, whatever its schedule (the office's 「今すぐ実行」, tests). */
  async runJob(job: ScheduledJob, now: () => Date = this.deps.now ?? (() => new Date())): Promise<JobRun> {
    const run: JobRun = { job: job.name, startedAt: now().toISOString(), ok: false, done: false };
    this.running.add(job.name);
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
    return run;
  }

  status(): SchedulerStatus {
    return {
      holder: this.holder,
      instanceId: this.deps.instanceId,
      ...(this.lastTickAt ? { lastTickAt: this.lastTickAt } : {}),
      jobs: this.deps.jobs.map((j) => ({ name: j.name, last: this.last.get(j.name), lastDone: this.lastDone.get(j.name), running: this.running.has(j.name) })),
    };
  }
}

/** Due once per JST day: when nothing counted as done today. */
export function dailyJob(name: string, today: () => string, run: ScheduledJob['run']): ScheduledJob {
  return { name, due: (_now, lastDone) => !lastDone || jstDay(new Date(lastDone.startedAt)) !== today(), run };
}

/** Due every `minutes`. */
export function everyJob(name: string, minutes: number, run: ScheduledJob['run']): ScheduledJob {
  return { name, due: (now, lastDone) => !lastDone || now.getTime() - Date.parse(lastDone.startedAt) >= minutes * 60_000, run };
}

function jstDay(d: Date): string {
  return new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
