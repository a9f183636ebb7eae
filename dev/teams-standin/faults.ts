import { Rng } from '../../src/sample/rng';
import type { TeamsFaultChange, TeamsFaultSettings } from './types';

export const NO_FAULTS: TeamsFaultSettings = {
  latencyMs: 0,
  faultRate: 0,
  faultStatuses: [412, 502, 503, 504],
  stormUntil: 0,
  dropRate: 0,
  dropAfterAccept: false,
};

/** What happens to one request, decided before it is served. */
export type FaultDraw = { kind: 'none' } | { kind: 'status'; status: number } | { kind: 'drop'; afterAccept: boolean };

/**
 * Switchable misbehaviour with seeded draws: the same seed and order of requests fail the same way
 * every run. Fault draws come before the rate limits, so an injected failure takes no place in a
 * window (Teams may count it; nothing documents either way).
 */
export class Faults {
  private rng: Rng;
  private current: TeamsFaultSettings;

  constructor(
    initial: TeamsFaultChange,
    private readonly seed: number,
    private readonly now: () => number,
  ) {
    this.rng = new Rng(seed);
    this.current = { ...NO_FAULTS, faultStatuses: [...NO_FAULTS.faultStatuses] };
    this.update(initial);
  }

  get settings(): TeamsFaultSettings {
    return { ...this.current, faultStatuses: [...this.current.faultStatuses] };
  }

  update(change: TeamsFaultChange): void {
    const c = this.current;
    const share = (v: number | undefined, name: string): number | undefined => {
      if (v === undefined) return undefined;
      if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1, not ${v}`);
      return v;
    };
    const nonNegative = (v: number | undefined, name: string): number | undefined => {
      if (v === undefined) return undefined;
      if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${name} must be a number ≥ 0, not ${v}`);
      return v;
    };
    if (change.faultStatuses !== undefined) {
      if (change.faultStatuses.length === 0 || change.faultStatuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) {
        throw new RangeError(`faultStatuses must be HTTP error statuses, not ${JSON.stringify(change.faultStatuses)}`);
      }
      c.faultStatuses = [...change.faultStatuses];
    }
    c.latencyMs = nonNegative(change.latencyMs, 'latencyMs') ?? c.latencyMs;
    c.faultRate = share(change.faultRate, 'faultRate') ?? c.faultRate;
    c.dropRate = share(change.dropRate, 'dropRate') ?? c.dropRate;
    c.dropAfterAccept = change.dropAfterAccept ?? c.dropAfterAccept;
    // Present and null (over JSON) or undefined: back to no fixed Retry-After.
    if ('faultRetryAfterSeconds' in change) c.faultRetryAfterSeconds = nonNegative(change.faultRetryAfterSeconds ?? undefined, 'faultRetryAfterSeconds');
    if ('stormRetryAfterSeconds' in change) c.stormRetryAfterSeconds = nonNegative(change.stormRetryAfterSeconds ?? undefined, 'stormRetryAfterSeconds');
    const stormMs = nonNegative(change.stormMs, 'stormMs');
    if (stormMs !== undefined) c.stormUntil = stormMs === 0 ? 0 : this.now() + stormMs;
  }

  /** Milliseconds left of the storm, or 0. */
  stormLeft(now: number): number {
    return Math.max(0, this.current.stormUntil - now);
  }

  /** Whether this request fails, and how. One draw per setting in use, in a fixed order. */
  draw(): FaultDraw {
    const { faultRate, faultStatuses, dropRate, dropAfterAccept } = this.current;
    if (faultRate > 0 && this.rng.next() < faultRate) return { kind: 'status', status: this.rng.pick(faultStatuses) };
    if (dropRate > 0 && this.rng.next() < dropRate) return { kind: 'drop', afterAccept: dropAfterAccept };
    return { kind: 'none' };
  }

  /** Back to the settings given at start, and the draws from the beginning. */
  reset(initial: TeamsFaultChange): void {
    this.rng = new Rng(this.seed);
    this.current = { ...NO_FAULTS, faultStatuses: [...NO_FAULTS.faultStatuses] };
    this.update(initial);
  }
}
