import type { WindowLimit } from './types';

/** The times of accepted operations under one key, oldest first, kept as long as the longest window needs. */
export class SlidingLog {
  private times: number[] = [];
  private head = 0;

  get size(): number {
    return this.times.length - this.head;
  }

  add(t: number): void {
    this.times.push(t);
  }

  /** Forgets entries at or before `cutoff`. */
  trim(cutoff: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) this.head++;
    // Compact now and then, so a long run does not keep every time it ever saw.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** Index (into `times`) of the first entry later than `after`. */
  private firstAfter(after: number): number {
    let lo = this.head;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! > after) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Entries later than `after`. */
  countAfter(after: number): number {
    return this.times.length - this.firstAfter(after);
  }

  /** The n-th (0-based) entry later than `after`. */
  nthAfter(after: number, n: number): number | undefined {
    return this.times[this.firstAfter(after) + n];
  }
}

export type Scope = 'app' | 'conversation' | 'create';

/** One operation's place in the limits: the scope and key whose windows it counts in. */
export interface Slot {
  scope: Scope;
  key: string;
}

export interface Refusal {
  scope: Scope;
  limit: WindowLimit;
  /** How long until this operation would fit, in milliseconds (> 0). */
  retryAfterMs: number;
}

const SECOND = 1_000;

/**
 * Sliding-window limits (at most `max` in any `windowMs`) per scope and key. An operation is
 * checked against every window of every slot it occupies and, only when it is accepted,
 * committed: a refused request does not take a place in any window, so a client that waits
 * Retry-After gets through. The same logs give the busiest second seen per scope (the stats).
 */
export class WindowLimiter {
  private readonly logs: Record<Scope, Map<string, SlidingLog>> = { app: new Map(), conversation: new Map(), create: new Map() };
  private readonly peak: Record<Scope, number> = { app: 0, conversation: 0, create: 0 };

  constructor(private limits: Record<Scope, WindowLimit[]>) {}

  setLimits(limits: Record<Scope, WindowLimit[]>): void {
    this.limits = limits;
  }

  /** The first limit the operation would exceed now (the one that frees latest), or undefined. */
  check(slots: Slot[], now: number): Refusal | undefined {
    let worst: Refusal | undefined;
    for (const { scope, key } of slots) {
      const log = this.log(scope, key, now);
      for (const limit of this.limits[scope]) {
        const after = now - limit.windowMs;
        const count = log.countAfter(after);
        if (count < limit.max) continue;
        // Fits again when all but max - 1 of those in the window have left it.
        const leaving = log.nthAfter(after, count - limit.max)!;
        const retryAfterMs = Math.max(1, leaving + limit.windowMs - now);
        if (!worst || retryAfterMs > worst.retryAfterMs) worst = { scope, limit, retryAfterMs };
      }
    }
    return worst;
  }

  /** Records an accepted operation in every slot's log. */
  commit(slots: Slot[], now: number): void {
    for (const { scope, key } of slots) {
      const log = this.log(scope, key, now);
      log.add(now);
      this.peak[scope] = Math.max(this.peak[scope], log.countAfter(now - SECOND));
    }
  }

  /** Most operations accepted in any one second under one key of the scope, since the last reset. */
  peakPerSecond(scope: Scope): number {
    return this.peak[scope];
  }

  reset(): void {
    for (const scope of Object.keys(this.logs) as Scope[]) {
      this.logs[scope].clear();
      this.peak[scope] = 0;
    }
  }

  private log(scope: Scope, key: string, now: number): SlidingLog {
    let log = this.logs[scope].get(key);
    if (!log) {
      log = new SlidingLog();
      this.logs[scope].set(key, log);
    }
    // Kept for the longest window, and at least a second for the peak.
    const keep = Math.max(SECOND, ...this.limits[scope].map((l) => l.windowMs));
    log.trim(now - keep);
    return log;
  }
}

/** Retry-After in whole seconds, as Teams sends it: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / SECOND));
}

/** `7/1s`, `1800/3600s`: how a limit is named in stats and error messages. */
export function limitLabel(limit: WindowLimit): string {
  const seconds = limit.windowMs / SECOND;
  return `${limit.max}/${Number.isInteger(seconds) ? seconds : seconds.toFixed(3)}s`;
}
