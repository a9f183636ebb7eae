import { Rng } from '../../src/sample/rng';
import { GraphError } from './graph-error';

/** Switchable misbehaviour, for testing retries: latency before every Graph response, random 429/503. */
export interface FaultSettings {
  latencyMs: number;
  faultRate: number;
  retryAfterSeconds: number;
  faultStatuses: number[];
}

/**
 * What setFaults() changes: the fault settings, and the delta switches the tenant keeps elsewhere —
 * how long delta tokens live, and whether deltaLinks drop the query they were made from (so a client
 * meets items without the `fields` it asked for in the first round; dev/README.md).
 */
export type FaultChanges = Partial<FaultSettings> & { deltaTokenTtlMs?: number; deltaLinksWithoutQuery?: boolean };

/** Graph's error code for each injected status (throttling guidance; error responses). */
const CODES: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Please retry again later.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry after the time in Retry-After.'],
  504: ['gatewayTimeout', 'The gateway did not receive a timely response.'],
  500: ['generalException', 'An unspecified error has occurred.'],
};

/**
 * Decides, request by request, whether to fail with a throttling or availability error. The
 * draws come from a seeded generator, so a test with a given seed and order of requests sees the
 * same failures every run.
 */
export class Faults {
  private rng: Rng;

  constructor(
    public settings: FaultSettings,
    private readonly seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  update(changes: Partial<FaultSettings>): void {
    const s = this.settings;
    s.latencyMs = changes.latencyMs ?? s.latencyMs;
    s.faultRate = changes.faultRate ?? s.faultRate;
    s.retryAfterSeconds = changes.retryAfterSeconds ?? s.retryAfterSeconds;
    s.faultStatuses = changes.faultStatuses && changes.faultStatuses.length > 0 ? [...changes.faultStatuses] : s.faultStatuses;
  }

  /** Starts the sequence of draws again (after reset()). */
  reseed(): void {
    this.rng = new Rng(this.seed);
  }

  /** The error this request fails with, or undefined when it goes through. */
  draw(): GraphError | undefined {
    const { faultRate, faultStatuses, retryAfterSeconds } = this.settings;
    if (faultRate <= 0 || this.rng.next() >= faultRate) return undefined;
    const status = faultStatuses[Math.floor(this.rng.next() * faultStatuses.length)] ?? 429;
    const [code, message] = CODES[status] ?? ['generalException', 'An unspecified error has occurred.'];
    return new GraphError(status, code, message, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** Counts of Graph requests (each $batch and each request inside it), faults, and requests per route. */
export class RequestStats {
  requests = 0;
  faults = 0;
  byRoute: Record<string, number> = {};

  count(route: string): void {
    this.requests++;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  snapshot(): { requests: number; faults: number; byRoute: Record<string, number> } {
    return { requests: this.requests, faults: this.faults, byRoute: { ...this.byRoute } };
  }

  reset(): void {
    this.requests = 0;
    this.faults = 0;
    this.byRoute = {};
  }
}
