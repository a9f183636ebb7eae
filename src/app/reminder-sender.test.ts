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

function setup(people: string[], options: Partial<SenderOptions> = {}) {
  const ledger = new MemoryLedger();
  const queue = new MemoryQueue<SendJob>();
  const conversations = new MemoryConversations();
  const messenger = new ScriptedMessenger();
  const pacer = new SendPacer({ perSecond: 10_000, perConversation: [] });
  const make = (instanceId: string, extra: Partial<SenderOptions> = {}) =>
    new ReminderSender(
      {
        queue,
        ledger,
        conversations,
        messenger,
        pacer,
        compose: (p: ReminderPayload) => ({ text: `${p.reminder.name}: ${p.reminder.items.length}` }),
        sleep: () => new Promise((r) => setImmediate(r)),
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

  it('leaves an entry another sender claimed a moment ago, and takes over a claim that ran out', async () => {
    const t = setup(['a@city.example.jp'], { visibilitySeconds: 60 });
    await t.conversations.put(personalChat('a@city.example.jp'));
    await t.plan('a@city.example.jp');
    const entry = (await t.ledger.get(DAY, 'a@city.example.jp'))!;
    const fresh = (await t.ledger.update(entry, { state: 'sending', claimedBy: 'b', claimedAt: new Date().toISOString(), attempts: 1 })) as typeof entry;
    const sender = t.make('a');
    const [m] = await t.queue.receive(1, 60);
    expect(await sender.deliver(m!)).toBe('busy');
    expect(t.messenger.delivered).toHaveLength(0);
    // b died: its claim is older than the visibility timeout.
    await t.ledger.update(fresh, { claimedAt: new Date(Date.now() - 61_000).toISOString() });
    t.queue.expireAll();
    await sender.drain();
    expect(t.messenger.delivered).toHaveLength(1);
    expect(await t.ledger.get(DAY, 'a@city.example.jp')).toMatchObject({ state: 'sent', claimedBy: 'a', attempts: 2 });
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
