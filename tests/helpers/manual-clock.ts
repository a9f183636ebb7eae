/**
 * Time a test moves by hand, for code that takes `now` and `sleep` (the reminder sender, its pacer,
 * the Teams stand-in): nothing waits until the test says so, and then timers fire in time order,
 * each given the chance to run (and sleep again) before the next one. With real I/O in between
 * (Azurite, HTTP), the test waits for what it needs (`until`), never for a duration.
 */
export class ManualClock {
  private t: number;
  private seq = 0;
  private readonly timers: Array<{ at: number; seq: number; fire: () => void }> = [];

  constructor(start = Date.parse('2026-11-24T01:00:00.000Z')) {
    this.t = start;
  }

  readonly now = (): number => this.t;
  readonly date = (): Date => new Date(this.t);

  /** Resolves when the clock reaches now + ms (or at once when `signal` aborts). */
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.t + Math.max(0, ms), seq: ++this.seq, fire: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.timers.indexOf(timer);
          if (i >= 0) this.timers.splice(i, 1);
          resolve();
        },
        { once: true },
      );
    });

  /** Timers waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** When the next timer fires (undefined: none waits). */
  nextAt(): number | undefined {
    return this.timers.reduce<number | undefined>((m, x) => (m === undefined || x.at < m ? x.at : m), undefined);
  }

  /**
   * Moves the clock to `to`, firing every timer due on the way in order. After each firing the
   * woken code runs until it waits again (its promise continuations and whatever it queues with
   * setImmediate); `settle` lets the test wait for more (an I/O round trip) before the next one.
   */
  async advanceTo(to: number, settle?: () => Promise<void>): Promise<void> {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.t = Math.max(this.t, due.at);
      due.fire();
      await flush();
      if (settle) await settle();
    }
    this.t = Math.max(this.t, to);
    await flush();
  }

  advance(ms: number, settle?: () => Promise<void>): Promise<void> {
    return this.advanceTo(this.t + ms, settle);
  }
}

/** Lets promise continuations and setImmediate callbacks queued so far run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
}

/** Waits (in real time) until `done`; fails with `what` after `timeoutMs`. */
export async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
