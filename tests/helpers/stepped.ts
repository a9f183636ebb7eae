import type { LocalDate } from '../../src/domain/local-date';
import type { ConversationStore, Messenger, ReminderEntry, ReminderLedger } from '../../src/ports/index';
import { flush, type ManualClock } from './manual-clock';

/**
 * Explicit steps for code on a ManualClock that also does real I/O (Azurite, HTTP): the ports it
 * uses are wrapped so the test knows what is in flight, and `run` moves the clock to the next timer
 * only when nothing is — so time passes only between steps, never under a request, and a test
 * cannot pass or fail by how fast the machine is.
 */
export class InFlight {
  count = 0;

  track<T>(p: Promise<T>): Promise<T> {
    this.count++;
    return p.finally(() => this.count--);
  }
}

/** Writes held where they were issued (a storage stall, a frozen process), until `release()`. */
class Gate {
  waiting = 0;
  private open!: () => void;
  private readonly opened = new Promise<void>((r) => (this.open = r));

  async pass(): Promise<void> {
    this.waiting++;
    await this.opened;
    this.waiting--;
  }

  release(): void {
    this.open();
  }
}

/** A ledger whose calls are counted as in flight, and whose updates `holdWrites()` can stop. */
export class SteppedLedger implements ReminderLedger {
  private gate?: Gate;

  constructor(
    private readonly inner: ReminderLedger,
    private readonly io: InFlight,
  ) {}

  /** Updates from now on wait, issued but not landed, until `release()` (they land then, in order). */
  holdWrites(): { waiting(): number; release(): void } {
    const gate = (this.gate ??= new Gate());
    return {
      waiting: () => gate.waiting,
      release: () => {
        if (this.gate === gate) this.gate = undefined;
        gate.release();
      },
    };
  }

  get(day: LocalDate, upn: string): Promise<ReminderEntry | undefined> {
    return this.io.track(this.inner.get(day, upn));
  }

  async update(entry: ReminderEntry, change: Partial<Omit<ReminderEntry, 'day' | 'upn' | 'etag'>>): Promise<ReminderEntry | false> {
    if (this.gate) await this.gate.pass();
    return this.io.track(this.inner.update(entry, change));
  }

  plan(entry: Omit<ReminderEntry, 'state' | 'attempts' | 'etag'>): Promise<boolean> {
    return this.io.track(this.inner.plan(entry));
  }

  ofDay(day: LocalDate, states?: ReadonlyArray<ReminderEntry['state']>): Promise<ReminderEntry[]> {
    return this.io.track(this.inner.ofDay(day, states));
  }

  history(since: LocalDate): Promise<{ sentKeys: Set<string>; lastSent: Map<string, LocalDate> }> {
    return this.io.track(this.inner.history(since));
  }

  mute(upn: string, until: LocalDate): Promise<void> {
    return this.io.track(this.inner.mute(upn, until));
  }

  unmute(upn: string): Promise<void> {
    return this.io.track(this.inner.unmute(upn));
  }

  mutes(): Promise<Map<string, LocalDate>> {
    return this.io.track(this.inner.mutes());
  }
}

export function trackedMessenger(inner: Messenger, io: InFlight): Messenger {
  return {
    send: (conversation, message) => io.track(inner.send(conversation, message)),
    update: (conversation, activityId, message) => io.track(inner.update(conversation, activityId, message)),
  };
}

/** The conversation store with `personal` (what the sender reads) counted as in flight. */
export function trackedConversations(inner: ConversationStore, io: InFlight): ConversationStore {
  const wrapped = Object.create(inner) as ConversationStore;
  wrapped.personal = (upn) => io.track(inner.personal(upn));
  return wrapped;
}

/** Whether each promise has settled, and with what. */
export function watch<T>(promises: Array<Promise<T>>): { done(): boolean; results(): T[] } {
  const results: Array<{ ok: true; value: T } | { ok: false; error: unknown } | undefined> = promises.map(() => undefined);
  promises.forEach((p, i) =>
    p.then(
      (value) => (results[i] = { ok: true, value }),
      (error: unknown) => (results[i] = { ok: false, error }),
    ),
  );
  return {
    done: () => results.every((r) => r !== undefined),
    results: () =>
      results.map((r) => {
        if (!r) throw new Error('not settled yet');
        if (!r.ok) throw r.error;
        return r.value;
      }),
  };
}

/** Waits (in real time) until no call is in flight but those the test holds (`held()`). */
export async function idle(io: InFlight, held: () => number = () => 0, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await flush();
    if (io.count <= held()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${io.count - held()} calls in flight`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/**
 * Runs until `done()`: waits while I/O is in flight (less what the test itself holds: `held()`),
 * then moves the clock to the next timer, and again. Fails if nothing can happen any more, or the
 * next timer is past `limit` (a step that should have ended before then).
 */
export async function run(
  clock: ManualClock,
  io: InFlight,
  done: () => boolean,
  options: { limit?: number; held?: () => number; what?: string; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const what = options.what ?? 'the step is done';
  for (;;) {
    await flush();
    if (done()) return;
    if (io.count > (options.held?.() ?? 0)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${io.count} calls still in flight`);
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    const next = clock.nextAt();
    if (next === undefined) throw new Error(`stuck before ${what}: nothing in flight and no timer`);
    if (next > (options.limit ?? Infinity)) throw new Error(`not ${what} by ${new Date(options.limit!).toISOString()}: the next timer is at ${new Date(next).toISOString()}`);
    await clock.advanceTo(next);
  }
}
