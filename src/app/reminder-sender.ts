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
 * A crash before 3 leaves the queue message to reappear after its visibility timeout and the
 * entry "sending": the next sender takes it over once the claim is older than the timeout and sends
 * it again. That is the one case of a duplicate: a message that had reached Teams when the process
 * died, before its entry was marked — at most one per message in flight (`concurrency`). A graceful
 * stop (`stop()`) takes no new messages and finishes those in flight, so a planned restart sends
 * nothing twice. Nothing is lost: an entry leaves "planned"/"sending" only as "sent" or "failed".
 */
export interface SenderOptions {
  /** Stable per instance (the lease and the claims carry it). */
  instanceId: string;
  /** Messages sent at once; enough to keep the pacer busy over Teams' latency. */
  concurrency: number;
  /** Seconds a received message stays hidden from other senders; claims expire after the same time. */
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
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export type Outcome = 'sent' | 'failed' | 'retryLater' | 'duplicate' | 'orphan' | 'busy';

export interface SenderStats {
  sent: number;
  failed: number;
  retryLater: number;
  duplicate: number;
  orphan: number;
  busy: number;
  throttled: number;
  retried: number;
  inFlight: number;
}

const PERMANENT = new Set([400, 403, 404, 410]);
/** Azure Queue Storage's most messages a receive. */
const RECEIVE_MAX = 32;

export class ReminderSender {
  readonly stats: SenderStats = { sent: 0, failed: 0, retryLater: 0, duplicate: 0, orphan: 0, busy: 0, throttled: 0, retried: 0, inFlight: 0 };
  private readonly options: SenderOptions;
  private stopping = false;
  private running?: Promise<void>;
  private readonly chats = new Map<string, StoredConversation>();
  /** Entries this process is delivering now: a second copy of their queue message waits for it. */
  private readonly delivering = new Map<string, Promise<Outcome>>();
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly deps: SenderDeps,
    options: Partial<SenderOptions> & { instanceId: string },
  ) {
    this.options = { ...DEFAULT_SENDER_OPTIONS, ...options };
    this.now = deps.now ?? (() => new Date());
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
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
    const end = Date.now() + ms;
    while (!this.stopping && Date.now() < end) await this.sleep(Math.min(200, end - Date.now()));
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

  private async deliverOnce(message: QueuedMessage<SendJob>): Promise<Outcome> {
    const { day, upn } = message.body;
    const { queue, ledger } = this.deps;
    const entry = await ledger.get(day, upn);
    if (!entry) {
      await queue.delete(message);
      return 'orphan';
    }
    if (entry.state === 'sent' || entry.state === 'failed') {
      await queue.delete(message);
      return 'duplicate';
    }
    const now = this.now();
    const claimMs = this.options.visibilitySeconds * 1000;
    if (entry.state === 'sending' && entry.claimedBy !== this.options.instanceId && entry.claimedAt && now.getTime() - Date.parse(entry.claimedAt) < claimMs) {
      // Another sender is on it; look again when its claim would have run out.
      await queue.release(message, Math.ceil((claimMs - (now.getTime() - Date.parse(entry.claimedAt))) / 1000) + 1);
      return 'busy';
    }
    let claimed = await ledger.update(entry, { state: 'sending', claimedBy: this.options.instanceId, claimedAt: now.toISOString(), attempts: entry.attempts + 1 });
    if (!claimed) {
      await queue.release(message, 5);
      return 'busy';
    }
    const conversation = await this.personalChat(upn);
    if (!conversation) {
      return this.finish(message, claimed, { state: 'failed', error: 'NO_CHAT: SkillSteps がこの人の個人チャットにインストールされていません' });
    }
    const payload = JSON.parse(entry.payload) as ReminderPayload;
    const outgoing = this.deps.compose(payload, conversation);
    outgoing.channelData = { ...outgoing.channelData, skillsteps: { key: entryKey(day, upn) } };

    const passStarted = Date.now();
    let lastError = '';
    for (let attempt = 0; attempt < this.options.attemptsPerPass; attempt++) {
      // Never hold a message past half its visibility: another sender could then take it over.
      if (attempt > 0 && Date.now() - passStarted > claimMs / 2) break;
      await takeSlot(this.deps.pacer, conversation.key, this.sleep);
      // The wait for a slot can outlast the claim (a Retry-After longer than the visibility timeout),
      // and another sender may have taken the entry over meanwhile and sent it: renew the claim
      // before sending, or leave the entry to whoever has it now.
      if (this.now().getTime() - Date.parse(claimed.claimedAt ?? now.toISOString()) > claimMs / 2) {
        const renewed = await ledger.update(claimed, { claimedAt: this.now().toISOString() });
        if (!renewed) return 'busy';
        claimed = renewed;
      }
      try {
        const { id } = await this.deps.messenger.send(conversation, outgoing);
        return this.finish(message, claimed, { state: 'sent', sentAt: this.now().toISOString(), activityId: id, error: undefined });
      } catch (e) {
        const failure = asFailure(e);
        lastError = `${failure.status || 'NETWORK'}: ${failure.message}`;
        if (PERMANENT.has(failure.status)) return this.finish(message, claimed, { state: 'failed', error: lastError });
        if (failure.status === 401) break; // credentials: not this message's fault; later
        this.stats.retried++;
        const backoff = this.backoff(attempt);
        if (failure.status === 429) {
          this.stats.throttled++;
          this.deps.pacer.pause(failure.retryAfterMs ?? backoff);
        } else {
          await this.sleep(failure.retryAfterMs ?? backoff);
        }
      }
    }
    // Not this time: give it back to the queue for later, or give up after too many attempts.
    if (claimed.attempts >= this.options.maxAttempts) return this.finish(message, claimed, { state: 'failed', error: lastError });
    const back = await ledger.update(claimed, { state: 'planned', error: lastError, claimedBy: undefined, claimedAt: undefined });
    if (back) await queue.release(message, Math.ceil(this.backoff(claimed.attempts) / 1000));
    return 'retryLater';
  }

  /** Records the end of an entry, then deletes its queue message. */
  private async finish(message: QueuedMessage<SendJob>, claimed: ReminderEntry, change: Partial<ReminderEntry>): Promise<Outcome> {
    let recorded = false;
    for (let i = 0; i < 3 && !recorded; i++) {
      try {
        recorded = (await this.deps.ledger.update(claimed, change)) !== false;
        if (!recorded) break; // someone took the entry over after our claim ran out: theirs now
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

function asFailure(e: unknown): DeliveryFailure {
  if (e instanceof Error && typeof (e as Partial<DeliveryFailure>).status === 'number') return e as DeliveryFailure;
  const err = (e instanceof Error ? e : new Error(String(e))) as DeliveryFailure;
  err.status = 0;
  return err;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
