/** One run of a scheduled job (src/server/scheduler.ts), kept for the programme office's job status. */
export interface JobRun {
  job: string;
  /** The server instance that ran it. */
  instanceId?: string;
  startedAt: string;
  /** Absent while the run goes on (or when its instance died during it). */
  finishedAt?: string;
  /** It ended without an error. */
  ok: boolean;
  /** It did the period's work; false: "not yet" (outside the send window, no data yet), tried again later. */
  done: boolean;
  summary?: Record<string, unknown>;
  error?: string;
}

/** What the history holds: the instance running the jobs (its last tick) and each job's last run and last done run. */
export interface JobHistorySnapshot {
  holder?: { instanceId: string; at: string };
  jobs: Map<string, { last?: JobRun; lastDone?: JobRun }>;
}

/**
 * The scheduled jobs' history in shared storage (Azure Table), so every instance answers the
 * office's job status alike and a new scheduler holder knows what was already done.
 */
export interface JobHistory {
  /** Records a run as it starts (no finishedAt) and again when it ends; a done run is also kept as the last done. */
  record(run: JobRun): Promise<void>;
  /** The scheduler's holder says it is alive (every tick). */
  heartbeat(instanceId: string, at: string): Promise<void>;
  read(): Promise<JobHistorySnapshot>;
}

/** A lease on a named job (Blob lease): only the holder runs the job. */
export interface JobLease {
  /** Takes or renews the lease; false when another instance holds it. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}
