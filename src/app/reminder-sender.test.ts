import { ManualClock, until } from '../../tests/helpers/manual-clock';
import { MemoryConversations, MemoryLedger, MemoryQueue, personalChat } from '../../tests/helpers/memory-state';
import type { DeliveryFailure, Messenger, OutgoingMessage, StoredConversation } from '../ports';
import { ReminderSender, type SenderOptions } from './reminder-sender';
import type { ReminderPayload, SendJob } from './reminders';
import { SendPacer } from './send-pacer';

const DAY = '2026-11-24';

/** A messenger that records deliveries and answers from a script of failures. */
class ScriptedMessenger implements Messenger {
  readonly delivered: Array<{ conversation: string; message: OutgoingMessage }> = [];
  /** Failures to answer, in order, before succeeding (per conversation key or '*' for any). */
  readonly failures = new Map<string, Array<{ status: number; retryAfterMs?: number }>>();
  calls = 0;

  async send(conversation: StoredConversation, message: OutgoingMessage): Promise<{ id: string }> {
    this.calls++;
    const queue = this.failures.get(conversation.key) ?? this.failures.get('*');
    const f = queue?.shift();
    if (f) throw Object.assign(new Error(`HTTP ${f.status}`), f) as DeliveryFailure;
    this.delivered.push({ conversation: conversation.key, message });
    return { id: `act-${this.delivered.length}` };
  }

  async update(): Promise<void> {}
}

/** `clock`: the queue, the sender and its pacer on a clock the test moves; otherwise real time, every wait a turn of the event loop. */
function setup(people: string[], options: Partial<SenderOptions> = {}, clock?: ManualClock) {
  const ledger = new MemoryLedger();
  const queue = new MemoryQueue<SendJob>(clock?.now);
  const conversations = new MemoryConversations();
  const messenger = new ScriptedMessenger();
  const pacer = new SendPacer({ perSecond: 10_000, perConversation: [] }, clock?.now);
  const make = (instanceId: string, extra: Partial<SenderOptions> = {}) =>
    new ReminderSender(
      {
        queue,
        ledger,
        conversations,
        messenger,
        pacer,
        compose: (p: ReminderPayload) => ({ text: `${p.reminder.name}: ${p.reminder.items.length}` }),
        ...(clock ? { now: clock.date, sleep: clock.sleep } : { sleep: () => new Promise<void>((r) => setImmediate(r)) }),
      },
      { instanceId, backoffMs: 1, maxBackoffMs: 2, idleMs: 1, ...options, ...extra },
    );
  const plan = async (upn: string) => {
    const payload: ReminderPayload = {
      reminder: { upn, name: upn, items: [{ key: `${upn}|x`, reason: 'pending', label: { ja: 'DX基礎' }, evidence: { ja: '未受講' } }] },
    };
    await ledger.plan({ day: DAY, upn, itemKeys: [`${upn}|x`], payload: JSON.stringify(payload), plannedAt: '2026-11-24T00:30:00Z' });
    await queue.send({ day: DAY, upn });
  };
  return { ledger, queue, conversations, messenger, make, plan, people };
}

const upns = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@city.example.jp`);

describe('reminder sender', () => {
  it('puts back a reminder asked for outside the send window until the window opens, then sends it', async () => {
    const upn = 'a@city.example.jp';
    const t = setup([upn]);
    await t.conversations.put(personalChat(upn));
    const payload: ReminderPayload = { reminder: { upn, name: upn, items: [{ key: `${upn}|x`, reason: 'pending', label: { ja: 'DX基礎' }, evidence: { ja: '未受講' } }] }, requestedBy: 'kacho@city.example.jp' };
    // Asked for at 0:25 JST on 11/25 for the 9:30 window; its message became visible early (the sweep, or a 7-day cap).
    await t.ledger.plan({ day: '2026-11-25', upn, itemKeys: [`${upn}|x`], payload: JSON.stringify(payload), plannedAt: '2026-11-24T15:25:00Z', notBefore: '2026-11-25T00:30:00.000Z' });
    await t.queue.send({ day: '2026-11-25', upn });
    let now = new Date('2026-11-24T15:25:00Z');
    const sender = new ReminderSender(
      { queue: t.queue, ledger: t.ledger, conversations: t.conversations, messenger: t.messenger, pacer: new SendPacer({ perSecond: 10_000, perConversation: [] }), compose: () => ({ text: 'x' }), now: () => now, sleep: () => new Promise<void>((r) => setImmediate(r)) },
      { instanceId: 'a', backoffMs: 1, maxBackoffMs: 2, idleMs: 1 },
    );
    const [early] = await t.queue.receive(1, 30);
    expect(await sender.deliver(early!)).toBe('scheduled');
    expect(t.messenger.delivered).toHaveLength(0);
    expect((await t.ledger.get('2026-11-25', upn))?.state).toBe('planned');
    // Back on the queue, hidden until the window opens.
    expect(await t.queue.receive(1, 30)).toEqual([]);
    expect(await t.queue.approximateCount()).toBe(1);
    // 9:30 JST: the window opens, the message is visible again, and it goes.
    now = new Date('2026-11-25T00:30:00Z');
    t.queue.expireAll();
    const [due] = await t.queue.receive(1, 30);
    expect(await sender.deliver(due!)).toBe('sent');
    expect(t.messenger.delivered).toHaveLength(1);
    expect((await t.ledger.get('2026-11-25', upn))?.state).toBe('sent');
  });

  it('delivers each planned reminder once, marks it sent with the activity id, and empties the queue', async () => {
    const t = setup(upns(40));
    for (const u of t.people) {
      await t.conversations.put(personalChat(u));
      await t.plan(u);
    }
    const sender = t.make('a');
    await sender.drain();
    expect(t.messenger.delivered).toHaveLength(40);
    expect(new Set(t.messenger.delivered.map((d) => d.conversation)).size).toBe(40);
    expect(t.messenger.delivered[0]!.message.channelData).toEqual({ skillsteps: { key: `${DAY}|user0@city.example.jp` } });
    const entries = await t.ledger.ofDay(DAY);
    expect(entries.every((e) => e.state === 'sent' && e.activityId?.startsWith('act-') && e.attempts === 1)).toBe(true);
    expect(await t.queue.approximateCount()).toBe(0);
    expect(sender.stats).toMatchObject({ sent: 40, failed: 0, duplicate: 0 });
  });

  it('waits out a 429 for its Retry-After and then delivers', async () => {
    const t = setup(['a@city.example.jp']);
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    t.messenger.failures.set('*', [{ status: 429, retryAfterMs: 30 }, { status: 429, retryAfterMs: 30 }]);
    const sender = t.make('a');
    const started = Date.now();
    await sender.drain();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(t.messenger.delivered).toHaveLength(1);
    expect(sender.stats).toMatchObject({ sent: 1, throttled: 2 });
  });

  it('retries 412 and 5xx, and gives an entry back to the queue after a bad pass', async () => {
    const t = setup(['a@city.example.jp'], { attemptsPerPass: 3 });
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    t.messenger.failures.set('*', [{ status: 503 }, { status: 502 }, { status: 412 }, { status: 504 }]);
    const sender = t.make('a');
    const first = (await t.queue.receive(1, 60))[0]!;
    expect(await sender.deliver(first)).toBe('retryLater');
    const entry = await t.ledger.get(DAY, 'a@city.example.jp');
    expect(entry).toMatchObject({ state: 'planned', attempts: 1, error: '412: HTTP 412' });
    expect(await t.queue.receive(1, 60)).toEqual([]); // hidden for the backoff
    t.queue.expireAll();
    await sender.drain();
    expect(t.messenger.delivered).toHaveLength(1);
    expect(await t.ledger.get(DAY, 'a@city.example.jp')).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('gives up after maxAttempts and records why', async () => {
    const t = setup(['a@city.example.jp'], { attemptsPerPass: 1, maxAttempts: 3 });
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    t.messenger.failures.set('*', Array.from({ length: 10 }, () => ({ status: 503 })));
    const sender = t.make('a');
    for (let i = 0; i < 3; i++) {
      t.queue.expireAll();
      const [m] = await t.queue.receive(1, 60);
      await sender.deliver(m!);
    }
    expect(await t.ledger.get(DAY, 'a@city.example.jp')).toMatchObject({ state: 'failed', attempts: 3, error: '503: HTTP 503' });
    expect(await t.queue.approximateCount()).toBe(0);
  });

  it('fails at once, with the reason, when Teams says the chat is gone (403/404) or there is no chat', async () => {
    const t = setup(['gone@city.example.jp', 'never@city.example.jp']);
    await t.conversations.put(personalChat('gone@city.example.jp'));
    await t.plan('gone@city.example.jp');
    await t.plan('never@city.example.jp');
    t.messenger.failures.set('user:gone@city.example.jp', [{ status: 403 }]);
    await t.make('a').drain();
    expect(await t.ledger.get(DAY, 'gone@city.example.jp')).toMatchObject({ state: 'failed', error: '403: HTTP 403' });
    expect((await t.ledger.get(DAY, 'never@city.example.jp'))?.error).toMatch(/^NO_CHAT: .*インストールされていません/);
    expect(t.messenger.calls).toBe(1);
  });

  it('delivers a message queued twice only once', async () => {
    const t = setup(['a@city.example.jp']);
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    await t.queue.send({ day: DAY, upn: 'a@city.example.jp' });
    const sender = t.make('a');
    await sender.drain();
    expect(t.messenger.delivered).toHaveLength(1);
    expect(sender.stats.duplicate + sender.stats.busy).toBeGreaterThanOrEqual(1);
  });

  it('leaves an entry another sender claimed, and takes it over only after watching the claim go unrenewed for a claim time', async () => {
    const clock = new ManualClock();
    const t = setup(['a@city.example.jp'], { visibilitySeconds: 60 }, clock);
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    const entry = (await t.ledger.get(DAY, 'a@city.example.jp'))!;
    // b claimed it long ago by its stamp (b's clock may be behind, or it stalled): not a's on that alone.
    const claimed = (await t.ledger.update(entry, { state: 'sending', claimedBy: 'b', claimedAt: new Date(clock.now() - 61_000).toISOString(), attempts: 1 })) as typeof entry;
    const sender = t.make('a');
    const look = async (): Promise<string> => {
      t.queue.expireAll();
      const [m] = await t.queue.receive(1, 60);
      return sender.deliver(m!);
    };
    expect(await look()).toBe('busy');
    // b renews it 40 s later: a's watch starts again.
    await clock.advance(40_000);
    const renewed = (await t.ledger.update(claimed, { claimedAt: clock.date().toISOString() })) as typeof entry;
    expect(await look()).toBe('busy');
    await clock.advance(59_000);
    expect(await look()).toBe('busy');
    expect(t.messenger.delivered).toHaveLength(0);
    // b died: a has seen the same claim, unchanged, for 60 s, and its stamp is 60 s old too.
    await clock.advance(1000);
    expect(await look()).toBe('sent');
    expect(t.messenger.delivered).toHaveLength(1);
    expect(await t.ledger.get(DAY, 'a@city.example.jp')).toMatchObject({ state: 'sent', claimedBy: 'a', attempts: 2 });
    expect(renewed.claimedBy).toBe('b');
  });

  it('does not take over at once the claim of another process of the same instance (an old one still finishing while a new one starts)', async () => {
    const clock = new ManualClock();
    const t = setup(['a@city.example.jp'], { visibilitySeconds: 60 }, clock);
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    const entry = (await t.ledger.get(DAY, 'a@city.example.jp'))!;
    await t.ledger.update(entry, { state: 'sending', claimedBy: 'a', claimedAt: clock.date().toISOString(), attempts: 1 });
    const restarted = t.make('a');
    t.queue.expireAll();
    const [m] = await t.queue.receive(1, 60);
    expect(await restarted.deliver(m!)).toBe('busy');
    expect(t.messenger.delivered).toHaveLength(0);
  });

  it('keeps its claim while Teams has not answered, and records the outcome under the latest renewal', async () => {
    const clock = new ManualClock();
    const t = setup(['a@city.example.jp'], { visibilitySeconds: 8 }, clock);
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    let answer!: () => void;
    const send = t.messenger.send.bind(t.messenger);
    t.messenger.send = async (c, msg) => {
      await new Promise<void>((r) => (answer = r));
      return send(c, msg);
    };
    const [m] = await t.queue.receive(1, 8);
    const outcome = t.make('a').deliver(m!);
    await until('the send is out', () => answer !== undefined);
    const stamps: string[] = [];
    for (let i = 1; i <= 4; i++) {
      await clock.advance(2000);
      await until(`renewal ${i}`, async () => (await t.ledger.get(DAY, 'a@city.example.jp'))!.claimedAt === clock.date().toISOString());
      stamps.push((await t.ledger.get(DAY, 'a@city.example.jp'))!.claimedAt!);
    }
    expect(new Set(stamps).size).toBe(4); // every 2 s (a quarter of 8), while Teams took 8 s
    answer();
    expect(await outcome).toBe('sent');
    expect(clock.pending()).toBe(0); // the keeping stopped with the answer
    expect(await t.ledger.get(DAY, 'a@city.example.jp')).toMatchObject({ state: 'sent', claimedAt: stamps[3] });
  });

  it('a renewal that landed but answered 412 (the storage SDK sent it again after a timeout) is still its own: it sends and records once', async () => {
    const clock = new ManualClock();
    const t = setup(['a@city.example.jp'], { visibilitySeconds: 60 }, clock);
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    t.messenger.failures.set('*', [{ status: 429, retryAfterMs: 30_000 }]);
    const [m] = await t.queue.receive(1, 60);
    const outcome = t.make('a').deliver(m!);
    await until('it waits out the Retry-After', () => clock.pending() === 1 && clock.nextAt() === clock.now() + 30_000);
    // Its claim is 30 s old when the slot comes: it renews it, and this write lands, answering 412.
    const update = t.ledger.update.bind(t.ledger);
    t.ledger.update = async (entry, change) => {
      t.ledger.update = update;
      await update(entry, change);
      return false;
    };
    await clock.advance(30_000);
    expect(await outcome).toBe('sent');
    expect(t.messenger.delivered).toHaveLength(1);
    expect(await t.ledger.get(DAY, 'a@city.example.jp')).toMatchObject({ state: 'sent', claimedBy: 'a' });
  });

  it('stops gracefully: finishes what is in flight, leaves the rest for the next sender, nothing twice', async () => {
    const t = setup(upns(200), { concurrency: 4 });
    for (const u of t.people) {
      await t.conversations.put(personalChat(u));
      await t.plan(u);
    }
    const first = t.make('a');
    first.start();
    while (first.stats.sent < 20) await new Promise((r) => setTimeout(r, 1));
    await first.stop();
    const half = t.messenger.delivered.length;
    expect(half).toBeLessThan(200);
    const entries = await t.ledger.ofDay(DAY);
    expect(entries.filter((e) => e.state === 'sending')).toEqual([]);
    await t.make('a').drain();
    expect(t.messenger.delivered).toHaveLength(200);
    expect(new Set(t.messenger.delivered.map((d) => d.conversation)).size).toBe(200);
  });
});
