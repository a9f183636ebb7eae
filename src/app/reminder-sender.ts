import type { ConversationStore, DeliveryFailure, JobLease, Messenger, OutgoingMessage, QueuedMessage, ReminderEntry, ReminderLedger, StoredConversation, WorkQueue } from '../ports';
import { entryKey, type ReminderPayload, type SendJob } from './reminders';
import { takeSlot, type SendPacer } from './send-pacer';

/**
 * Delivers queued reminders proactively, inside Teams' limits, exactly once where it can be and at
 * most once more where it cannot:
 *
 * 1. A queue message names a ledger entry. The entry is claimed (state "sending", this sender's id,
 *    the time) with its ETag: of two senders holding the same message (a queue redelivery, a second
 *    instance), one wins and the other leaves it.
 * 2. The message goes to the person's personal chat through the pacer (the app's and the
 *    conversation's sliding windows) and the Messenger. 429 pauses every send for its Retry-After;
 *    412, 5xx and lost connections are retried with exponential backoff and jitter; 400/403/404
 *    (the app removed, the user gone) end the entry as "failed" with the reason.
 * 3. The entry is marked "sent" with the activity id, and only then the queue message is deleted.
 *
 * A claim is the sender's for as long as it keeps it: it is renewed before each send and every
 * quarter of `visibilitySeconds` while Teams has not answered, and another sender takes it over only
 * once it has itself watched the claim stay unchanged for `visibilitySeconds` (see `deliverOnce` for
 * why both). A sender that dies (or stops renewing) is replaced after that. The cases of a
 * duplicate: a message that had reached Teams when its process died, before its entry was marked —
 * at most one per message in flight (`concurrency`); and a send whose answer was lost (the
 * connection dropped after Teams accepted it), which is retried. A graceful stop (`stop()`) takes
 * no new messages and finishes those in flight, so a planned restart sends nothing twice. Nothing
 * is lost: an entry leaves "planned"/"sending" only as "sent" or "failed".
 */
export interface SenderOptions {
  /** Stable per instance (the lease and the claims carry it). */
  instanceId: string;
  /** Messages sent at once; enough to keep the pacer busy over Teams' latency. */
  concurrency: number;
  /**
   * Seconds a received message stays hidden from other senders, and how long a claim must stay
   * unrenewed (watched by the sender that takes it over) before it can be taken over.
   */
  visibilitySeconds: number;
  /** Attempts within one pass before the message is put back on the queue for later. */
  attemptsPerPass: number;
  /** Attempts in all before the entry is given up as failed. */
  maxAttempts: number;
  /** First backoff (ms), doubled per attempt up to `maxBackoffMs`, with jitter. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long to wait when the queue is empty or the lease is elsewhere (ms). */
  idleMs: number;
}

export const DEFAULT_SENDER_OPTIONS: Omit<SenderOptions, 'instanceId'> = {
  concurrency: 16,
  visibilitySeconds: 120,
  attemptsPerPass: 5,
  maxAttempts: 12,
  backoffMs: 500,
  maxBackoffMs: 30_000,
  idleMs: 1000,
};

export interface SenderDeps {
  queue: WorkQueue<SendJob>;
  ledger: ReminderLedger;
  conversations: ConversationStore;
  messenger: Messenger;
  pacer: SendPacer;
  /** The card for an entry (src/teams/cards): composed at send time, in the person's language. */
  compose: (payload: ReminderPayload, conversation: StoredConversation) => OutgoingMessage;
  /** Only the holder sends, so instances together stay inside the app's limit. Absent: always send. */
  lease?: JobLease;
  /** The clock of the claims, the backoffs and the idle waits (tests move it by hand). */
  now?: () => Date;
  /** A timer on that clock; an aborted `signal` ends the wait at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** The longest a queue hides a message (Azure Storage: 7 days). */
const MAX_HIDDEN_SECONDS = 7 * 24 * 3600;

export type Outcome = 'sent' | 'failed' | 'retryLater' | 'duplicate' | 'orphan' | 'busy' | 'scheduled';

export interface SenderStats {
  sent: number;
  failed: number;
  retryLater: number;
  duplicate: number;
  orphan: number;
  busy: number;
  /** Put back until the send window opens (a reminder asked for outside it). */
  scheduled: number;
  throttled: number;
  retried: number;
  inFlight: number;
}

const PERMANENT = new Set([400, 403, 404, 410]);
/** Azure Queue Storage's most messages a receive. */
const RECEIVE_MAX = 32;

export class ReminderSender {
  readonly stats: SenderStats = { sent: 0, failed: 0, retryLater: 0, duplicate: 0, orphan: 0, busy: 0, scheduled: 0, throttled: 0, retried: 0, inFlight: 0 };
  private readonly options: SenderOptions;
  private stopping = false;
  private running?: Promise<void>;
  private readonly chats = new Map<string, StoredConversation>();
  /** Entries this process is delivering now: a second copy of their queue message waits for it. */
  private readonly delivering = new Map<string, Promise<Outcome>>();
  /** Other senders' claims as this one first saw them (ETag, when): a takeover waits a claim time from then. */
  private readonly sightings = new Map<string, { etag: string; at: number }>();
  private readonly now: () => Date;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly deps: SenderDeps,
    options: Partial<SenderOptions> & { instanceId: string },
  ) {
    this.options = { ...DEFAULT_SENDER_OPTIONS, ...options };
    this.now = deps.now ?? (() => new Date());
    this.sleep = deps.sleep ?? sleepFor;
    this.random = deps.random ?? Math.random;
  }

  /** Starts sending until stop(); resolves once started. */
  start(): void {
    this.stopping = false;
    this.running ??= this.pump(false).finally(() => (this.running = undefined));
  }

  /** Takes no new messages, finishes those in flight, releases the lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    await this.deps.lease?.release().catch(() => undefined);
  }

  /** Sends until the queue is empty (tests, the benchmark, a manual run). */
  async drain(): Promise<void> {
    await this.pump(true);
  }

  /**
   * Keeps `concurrency` messages in progress and the next ones at hand: it receives again as soon as
   * fewer than `concurrency` wait, not when the last message of a batch is done. (Batch by batch, the
   * slowest message of each — the last to get a slot, a backoff — left the others idle: 5–10% of the
   * app's 50 requests/s when Teams answers at once, a third of it when Teams takes 200 ms;
   * bench/README.md "Reminder fan-out".)
   * `untilEmpty` (drain): no lease, errors thrown, and it returns once the queue is empty.
   */
  private async pump(untilEmpty: boolean): Promise<void> {
    const { concurrency, visibilitySeconds, idleMs } = this.options;
    const waiting: Array<QueuedMessage<SendJob>> = [];
    const active = new Set<Promise<void>>();
    const fill = (): void => {
      while (active.size < concurrency && waiting.length > 0 && !this.stopping) {
        const p: Promise<void> = this.process(waiting.shift()!).finally(() => active.delete(p));
        active.add(p);
      }
    };
    try {
      while (!this.stopping) {
        try {
          if (waiting.length < concurrency) {
            if (!untilEmpty && this.deps.lease && !(await this.deps.lease.acquire())) {
              await (active.size > 0 ? Promise.race(active) : this.pause(idleMs * 5));
              continue;
            }
            const batch = await this.deps.queue.receive(RECEIVE_MAX, visibilitySeconds);
            waiting.push(...batch);
            fill();
            if (batch.length === 0) {
              if (active.size > 0) await Promise.race([...active, this.sleep(idleMs)]);
              else if (untilEmpty && waiting.length === 0 && (await this.deps.queue.approximateCount()) === 0) return;
              else await this.pause(idleMs);
              continue;
            }
          }
          fill();
          if (active.size > 0) await Promise.race(active);
        } catch (e) {
          if (untilEmpty) throw e;
          this.deps.log?.('error', 'reminder sender: a pass failed; trying again', { error: errorText(e) });
          await this.pause(idleMs * 5);
        }
      }
    } finally {
      // Messages not started (stopping, or an error in drain): visible again at once for the next sender.
      for (const message of waiting.splice(0)) await this.deps.queue.release(message, 0).catch(() => undefined);
      await Promise.all(active);
    }
  }

  /** Waits, but wakes early when stopping. */
  private async pause(ms: number): Promise<void> {
    const end = this.clock() + ms;
    while (!this.stopping && this.clock() < end) await this.sleep(Math.min(200, end - this.clock()));
  }

  private clock(): number {
    return this.now().getTime();
  }

  /** One received message, its outcome counted; a storage error leaves it to come back after its visibility timeout. */
  private async process(message: QueuedMessage<SendJob>): Promise<void> {
    this.stats.inFlight++;
    try {
      this.stats[await this.deliver(message)]++;
    } catch (e) {
      this.deps.log?.('error', 'reminder sender: a message failed; it will come back', { error: errorText(e), job: message.body });
    } finally {
      this.stats.inFlight--;
    }
  }

  /** One queue message, start to end. */
  async deliver(message: QueuedMessage<SendJob>): Promise<Outcome> {
    const key = entryKey(message.body.day, message.body.upn);
    for (let other = this.delivering.get(key); other; other = this.delivering.get(key)) await other.catch(() => undefined);
    const delivery = this.deliverOnce(message);
    this.delivering.set(key, delivery);
    try {
      return await delivery;
    } finally {
      this.delivering.delete(key);
    }
  }

  /**
   * Why a claim is kept alive and watched before a takeover (issue 15, finding 7; docs/bot.md "確保").
   * A claim used to be a time stamp alone: renewed before a send once it was half its time old, and
   * taken over by anyone whose clock said it was older than `visibilitySeconds`. Nothing bounded the
   * time from the check before a send to the "sent" record landing, and a storage stall filled it
   * (Azurite's queue GC stops the emulator for 2–10 s; an Azure partition that pauses or a frozen
   * process does the same). Found by stopping Azurite for 4 s (SIGSTOP) during the held-up test,
   * claims of 3 s, A held up by a Retry-After of 8 s:
   *
   *   A: claims E at t; its send gets 429 (Retry-After 8 s)       B: —
   *   A: t+8.8 s, wakes; E is 8.8 s old: renews it, claimedAt = t+8.8 s — the write waits in the stall
   *   A: t+12.8 s, the renewal lands; A sends at once (E already 4 s old by its own stamp) — Teams #1
   *   A: writes the person's sent summary, then E as sent (3 round trips, slow after the stall)
   *                                                               B: reads E: "sending", stamped 5 s ago
   *                                                               B: claims E (its ETag still matches)
   *   A: writes E as sent → 412 ("taken over"), deletes its message  B: sends E — Teams #2
   *
   * Every message in flight across such a stall can go twice (the CI run's 10 duplicates, seen only in
   * the full suite, where Azurite had run longer). Now:
   * - the holder sends only on a claim written less than a quarter of the claim time ago, by its own
   *   clock after the write returned (a renewal that landed late is renewed again), and renews it
   *   every quarter while Teams has not answered (`HeldClaim`);
   * - a takeover needs, besides an old stamp, this sender's own sighting of the claim unchanged for a
   *   whole claim time. A stall delays that sighting as it delays the holder's writes, so the
   *   holder's "sent" lands first; only a holder that has stopped writing for a claim time is
   *   replaced (crashed, frozen, or cut off from Storage while the others reach it).
   * tests/integration/reminder-delivery.test.ts replays these schedules step by step.
   */
  private async deliverOnce(message: QueuedMessage<SendJob>): Promise<Outcome> {
    const { day, upn } = message.body;
    const { queue, ledger } = this.deps;
    const key = entryKey(day, upn);
    const entry = await ledger.get(day, upn);
    if (!entry) {
      this.sightings.delete(key);
      await queue.delete(message);
      return 'orphan';
    }
    if (entry.state === 'sent' || entry.state === 'failed') {
      this.sightings.delete(key);
      await queue.delete(message);
      return 'duplicate';
    }
    const now = this.now();
    // A reminder asked for outside the send window waits for it: a message that became visible early
    // (the queue hides one for 7 days at most; the sweep puts planned ones back) goes back until then.
    const notBefore = entry.notBefore ? Date.parse(entry.notBefore) : NaN;
    if (notBefore > now.getTime()) {
      await queue.release(message, Math.min(Math.ceil((notBefore - now.getTime()) / 1000), MAX_HIDDEN_SECONDS));
      return 'scheduled';
    }
    const claimMs = this.options.visibilitySeconds * 1000;
    if (entry.state === 'sending') {
      // Someone's claim — another instance's, or an earlier process's of this one (a restart can
      // overlap the old process finishing its sends): ours only once it is old by its stamp and we
      // have seen it unchanged for a claim time ourselves.
      const wait = Math.max(claimMs - this.watched(key, entry, now.getTime()), entry.claimedAt ? claimMs - (now.getTime() - Date.parse(entry.claimedAt)) : 0);
      if (wait > 0) {
        await queue.release(message, Math.ceil(wait / 1000) + 1);
        return 'busy';
      }
    }
    this.sightings.delete(key);
    const first = await ledger.update(entry, { state: 'sending', claimedBy: this.options.instanceId, claimedAt: now.toISOString(), attempts: entry.attempts + 1 });
    if (!first) {
      await queue.release(message, 5);
      return 'busy';
    }
    const claim = new HeldClaim(first, ledger, this.now);
    const conversation = await this.personalChat(upn);
    if (!conversation) {
      return this.finish(message, claim, { state: 'failed', error: 'NO_CHAT: SkillSteps がこの人の個人チャットにインストールされていません' });
    }
    const payload = JSON.parse(entry.payload) as ReminderPayload;
    const outgoing = this.deps.compose(payload, conversation);
    outgoing.channelData = { ...outgoing.channelData, skillsteps: { key } };

    const renewEvery = claimMs / 4;
    const passStarted = this.clock();
    let lastError = '';
    for (let attempt = 0; attempt < this.options.attemptsPerPass; attempt++) {
      // Never hold a message past half its visibility: another sender could then take it over.
      if (attempt > 0 && this.clock() - passStarted > claimMs / 2) break;
      await takeSlot(this.deps.pacer, conversation.key, this.sleep);
      // The wait for a slot can outlast the claim (a Retry-After longer than the visibility timeout),
      // and another sender may have taken the entry over meanwhile and sent it: renew the claim
      // before sending, or leave the entry to whoever has it now. A renewal that took long to land
      // (a storage stall) is renewed again: the send starts on a claim fresh by our own clock.
      for (let tries = 0; claim.age() > renewEvery; tries++) {
        if (tries === 3) return this.putBack(message, claim, 'STATE.SLOW: 台帳への書き込みが遅く、確保を新しくできませんでした');
        if (!(await claim.renew())) return 'busy';
      }
      // Teams may take its time to answer (or this process may stall with the request out): the
      // claim is kept meanwhile, so no one takes over a message that may already have arrived.
      const keepAlive = claim.keepAlive(renewEvery, this.sleep, (e) => this.deps.log?.('warn', 'reminder sender: renewing a claim during a send failed; trying again', { error: errorText(e), key }));
      let answer: { id: string } | DeliveryFailure;
      try {
        answer = await this.deps.messenger.send(conversation, outgoing);
      } catch (e) {
        answer = asFailure(e);
      } finally {
        await keepAlive.stop();
      }
      if (!(answer instanceof Error)) return this.finish(message, claim, { state: 'sent', sentAt: this.now().toISOString(), activityId: answer.id, error: undefined });
      lastError = `${answer.status || 'NETWORK'}: ${answer.message}`;
      if (PERMANENT.has(answer.status)) return this.finish(message, claim, { state: 'failed', error: lastError });
      if (answer.status === 401) break; // credentials: not this message's fault; later
      this.stats.retried++;
      const backoff = this.backoff(attempt);
      if (answer.status === 429) {
        this.stats.throttled++;
        this.deps.pacer.pause(answer.retryAfterMs ?? backoff);
      } else {
        await this.sleep(answer.retryAfterMs ?? backoff);
      }
    }
    // Not this time: give it back to the queue for later, or give up after too many attempts.
    if (claim.entry.attempts >= this.options.maxAttempts) return this.finish(message, claim, { state: 'failed', error: lastError });
    return this.putBack(message, claim, lastError);
  }

  /**
   * How long (ms) this sender has seen an entry's current claim unchanged: 0 on the first sighting
   * of a claim (or of a renewal of it). Sightings of entries no one finishes are forgotten after a
   * while, so the map stays small.
   */
  private watched(key: string, entry: ReminderEntry, now: number): number {
    const seen = this.sightings.get(key);
    if (seen && seen.etag === entry.etag) return now - seen.at;
    if (this.sightings.size >= 10_000) {
      const stale = now - 10 * this.options.visibilitySeconds * 1000;
      for (const [k, v] of this.sightings) if (v.at < stale) this.sightings.delete(k);
    }
    this.sightings.set(key, { etag: entry.etag, at: now });
    return 0;
  }

  /** Back to "planned" and onto the queue after a backoff: another pass, by whoever receives it. */
  private async putBack(message: QueuedMessage<SendJob>, claim: HeldClaim, error: string): Promise<Outcome> {
    const back = await claim.write(() => ({ state: 'planned', error, claimedBy: undefined, claimedAt: undefined }));
    if (back) await this.deps.queue.release(message, Math.ceil(this.backoff(back.attempts) / 1000));
    return 'retryLater';
  }

  /** Records the end of an entry, then deletes its queue message. */
  private async finish(message: QueuedMessage<SendJob>, claim: HeldClaim, change: Partial<ReminderEntry>): Promise<Outcome> {
    let recorded = false;
    for (let i = 0; i < 3 && !recorded; i++) {
      try {
        recorded = (await claim.write(() => change)) !== false;
        if (!recorded) {
          // Someone took the entry over: only after our claim went unrenewed for a whole claim time
          // (this process stalled, or its writes did not reach Storage). If we sent it, it may go twice.
          this.deps.log?.('error', 'reminder sender: the claim was taken over before the outcome was recorded', { key: entryKey(claim.entry.day, claim.entry.upn), outcome: change.state });
          break;
        }
      } catch (e) {
        if (i === 2) throw e;
        await this.sleep(this.backoff(i));
      }
    }
    await this.deps.queue.delete(message).catch(() => undefined);
    return change.state === 'sent' ? 'sent' : 'failed';
  }

  private async personalChat(upn: string): Promise<StoredConversation | undefined> {
    const cached = this.chats.get(upn);
    if (cached) return cached;
    const found = await this.deps.conversations.personal(upn);
    if (found) this.chats.set(upn, found);
    return found;
  }

  /** Exponential backoff with full jitter. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** attempt);
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }
}

/**
 * A ledger entry this sender has claimed. Every write to it goes through here, one at a time and
 * each under the ETag of the one before, so a renewal and the final record never race; once a write
 * finds the entry changed by someone else, the claim is lost and nothing more is written.
 */
class HeldClaim {
  private writing: Promise<unknown> = Promise.resolve();
  private lost = false;

  constructor(
    public entry: ReminderEntry,
    private readonly ledger: ReminderLedger,
    private readonly now: () => Date,
  ) {}

  /** Milliseconds since the claim was last written (by the stamp we put on it). */
  age(): number {
    return this.now().getTime() - Date.parse(this.entry.claimedAt ?? '');
  }

  /** A change made when its turn comes (a renewal stamps the time of its own write). */
  write(change: () => Partial<Omit<ReminderEntry, 'day' | 'upn' | 'etag'>>): Promise<ReminderEntry | false> {
    const run = this.writing.then(async () => {
      if (this.lost) return false;
      const c = change();
      let next = await this.ledger.update(this.entry, c);
      // A write can land and still answer 412: the storage SDK sent it again after a timeout. If the
      // entry holds what we wrote, as ours, it was ours; treating it as taken would leave it
      // "sending" for someone else to send again.
      if (!next) next = await this.landed(c);
      if (next) this.entry = next;
      else this.lost = true;
      return next;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async landed(c: Partial<ReminderEntry>): Promise<ReminderEntry | false> {
    const stored = await this.ledger.get(this.entry.day, this.entry.upn);
    if (!stored) return false;
    const ours = 'claimedBy' in c || stored.claimedBy === this.entry.claimedBy;
    const same = (Object.keys(c) as Array<keyof ReminderEntry>).every((k) => stored[k] === c[k]);
    return ours && same && stored.attempts === this.entry.attempts ? stored : false;
  }

  async renew(): Promise<boolean> {
    return (await this.write(() => ({ claimedAt: this.now().toISOString() }))) !== false;
  }

  /**
   * Renews the claim whenever it is `everyMs` old until `stop()`, which waits for a renewal in
   * flight so the next write has the latest ETag. A renewal that fails for a storage error is tried
   * again at the next turn; one that finds the claim taken ends the keeping.
   */
  keepAlive(everyMs: number, sleep: (ms: number, signal?: AbortSignal) => Promise<void>, onError: (e: unknown) => void): { stop(): Promise<void> } {
    const stopped = new AbortController();
    void (async () => {
      let wait = everyMs - this.age();
      while (!this.lost) {
        await sleep(Math.max(1, wait), stopped.signal);
        if (stopped.signal.aborted) return;
        wait = everyMs - this.age();
        if (wait > 0) continue;
        try {
          await this.renew();
          wait = everyMs - this.age();
        } catch (e) {
          onError(e);
          wait = everyMs; // Storage refused: again a turn later, not at once
        }
      }
    })();
    return {
      stop: async () => {
        stopped.abort();
        await this.writing;
      },
    };
  }
}

/** A timer that an aborted signal ends early (the default `sleep`). */
function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function asFailure(e: unknown): DeliveryFailure {
  if (e instanceof Error && typeof (e as Partial<DeliveryFailure>).status === 'number') return e as DeliveryFailure;
  const err = (e instanceof Error ? e : new Error(String(e))) as DeliveryFailure;
  err.status = 0;
  return err;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
