import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { SENDER_LEASE, seedFanout, startSenderWorker, type SenderWorker, type SenderWorkerOptions } from '../../bench/reminder-sender-worker';
import { TeamsMessenger } from '../../src/teams/messenger';
import { reminderMessage } from '../../src/teams/reminder-message';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import { startTeamsStandIn, type TeamsStandIn } from '../../dev/teams-standin';
import { ReminderSender, type SenderOptions } from '../../src/app/reminder-sender';
import type { SendJob } from '../../src/app/reminders';
import { SendPacer, TEAMS_LIMITS } from '../../src/app/send-pacer';
import { openStateStorage, type StateStorage } from '../../src/state/storage';

/**
 * The reminder fan-out end to end over real HTTP (DESIGN.md "Reminders": Teams' limits, Retry-After,
 * and a crash never sends twice or loses one silently): the ledger, the send queue, the
 * conversations and the lease in Azurite; botbuilder's CloudAdapter through TeamsMessenger; the
 * reminder card; the Teams stand-in enforcing 50 requests/s per app and 7/s per conversation,
 * counting what each person received by the ledger key the sender puts in channelData. The crash
 * runs kill a sender process (bench/reminder-sender-worker.ts, built into dist/).
 */
jest.setTimeout(60_000);

const DAY = '2026-11-24';
const TAB_URL = 'https://teams.microsoft.com/l/entity/skillsteps/my-steps';

let azurite: RunningAzurite;
let teams: TeamsStandIn;
let runs = 0;

beforeAll(async () => {
  [azurite, teams] = await Promise.all([startAzurite(), startTeamsStandIn({ port: 0, randomSeed: 7 })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([azurite?.stop(), teams?.stop()]);
});
beforeEach(() => teams.reset());

/** Each case its own tables and queue. */
async function open(instanceId = 'test'): Promise<{ storage: StateStorage; prefix: string }> {
  const prefix = `rd${++runs}x${Date.now().toString(36)}`;
  return { storage: await openStateStorage({ connectionString: azurite.connectionString, prefix }, { instanceId }), prefix };
}

/** A sender in this process as the server wires it: its own adapter and pacer (one per instance). */
function sender(storage: StateStorage, instanceId: string, options: Partial<SenderOptions> & { lease?: boolean } = {}): ReminderSender {
  const { lease, ...rest } = options;
  return new ReminderSender(
    {
      queue: storage.queue<SendJob>(),
      ledger: storage.reminders,
      conversations: storage.conversations,
      messenger: new TeamsMessenger(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), ''),
      pacer: new SendPacer(TEAMS_LIMITS),
      compose: reminderMessage(TAB_URL),
      ...(lease ? { lease: storage.lease(SENDER_LEASE, { seconds: 15, instanceId }) } : {}),
    },
    { instanceId, visibilitySeconds: 5, idleMs: 100, ...rest },
  );
}

function worker(prefix: string, instanceId: string, options: Partial<SenderWorkerOptions> = {}): SenderWorker {
  return startSenderWorker({ connectionString: azurite.connectionString, prefix, instanceId, visibilitySeconds: 4, idleMs: 100, ...options });
}

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; stand-in: ${JSON.stringify(teams.stats())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every entry has left planned/sending and nothing is left on the queue. */
async function settled(storage: StateStorage): Promise<void> {
  await until('every entry is sent and the queue is empty', async () => (await storage.reminders.ofDay(DAY, ['planned', 'sending'])).length === 0 && (await storage.queue().approximateCount()) === 0);
}

/** Every key reached its person; returns how many arrived twice (and checks none arrived three times). */
function deliveredEveryKey(keys: string[]): number {
  const delivered = teams.deliveries();
  expect([...new Set(delivered.map((d) => d.key))].sort()).toEqual([...keys].sort());
  const duplicates = teams.duplicates();
  expect(duplicates.every((d) => d.count === 2)).toBe(true);
  expect(delivered).toHaveLength(keys.length + duplicates.length);
  return duplicates.length;
}

/** The ledger has every entry sent, with the id of the (last) message Teams accepted for it. */
async function ledgerAllSent(storage: StateStorage, keys: string[]): Promise<void> {
  const entries = await storage.reminders.ofDay(DAY);
  expect(entries).toHaveLength(keys.length);
  const lastId = new Map(teams.deliveries().map((d) => [d.key, d.activityId]));
  const wrong = entries.filter((e) => e.state !== 'sent' || e.activityId !== lastId.get(`${e.day}|${e.upn}`));
  expect(wrong.map((e) => [e.upn, e.state, e.activityId, e.error])).toEqual([]);
}

describe('reminder delivery through the Teams stand-in', () => {
  it('delivers every reminder exactly once through 429 storms and 412/5xx answers', async () => {
    const { storage } = await open();
    const keys = await seedFanout(storage, teams, { n: 300, day: DAY, tag: 'storm' });
    // 6% of requests answered 412/502/503/504 before anything is accepted (Teams under load).
    teams.setFaults({ faultRate: 0.06 });
    const s = sender(storage, 'instance-a');
    s.start();
    try {
      await until('60 delivered', () => teams.stats().accepted >= 60);
      teams.storm(2000); // Retry-After: the storm's time left
      await until('180 delivered', () => teams.stats().accepted >= 180);
      teams.storm(2500, 1); // Retry-After shorter than the storm: the sender meets it again
      await settled(storage);
    } finally {
      await s.stop();
    }
    const stats = teams.stats();
    expect(stats.throttledBy.storm).toBeGreaterThan(0);
    expect(stats.faulted).toBeGreaterThan(0);
    expect(deliveredEveryKey(keys)).toBe(0);
    await ledgerAllSent(storage, keys);
    expect(s.stats).toMatchObject({ sent: 300, failed: 0, inFlight: 0 });
    expect(s.stats.throttled).toBeGreaterThan(0);
    // Each delivery is the reminder card, addressed to the person whose entry it is.
    const [d] = teams.deliveries({ key: keys[0] });
    expect(d!.attachments).toMatchObject([{ contentType: 'application/vnd.microsoft.card.adaptive' }]);
    expect(teams.conversations().find((c) => c.id === d!.conversationId)?.user?.userPrincipalName).toBe('storm-00001@city.example.jp');
  });

  it('a sender killed mid-run (SIGKILL) and replaced loses nothing and sends at most its in-flight messages twice', async () => {
    const { storage, prefix } = await open();
    const keys = await seedFanout(storage, teams, { n: 300, day: DAY, tag: 'crash' });
    teams.setFaults({ latencyMs: 40 }); // Teams takes its time: sends are in flight when the kill lands
    const concurrency = 8;
    const first = worker(prefix, 'sender-1', { concurrency });
    await first.ready;
    await until('100 delivered', () => teams.stats().accepted >= 100);
    first.kill('SIGKILL');
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    // A request the process had written before it died is still answered (after the stand-in's latency).
    await new Promise((r) => setTimeout(r, 500));
    const atKill = teams.stats().accepted;
    expect(atKill).toBeLessThan(300);
    // Another instance takes over: the killed one's messages come back after their visibility timeout.
    const second = worker(prefix, 'sender-2', { concurrency });
    try {
      await settled(storage);
    } finally {
      second.kill('SIGTERM');
    }
    const { code, stats } = await second.exited;
    expect(code).toBe(0);
    const duplicates = deliveredEveryKey(keys);
    expect(duplicates).toBeLessThanOrEqual(concurrency);
    // What the second sent is the rest and the duplicates (the killed one's messages sent again).
    expect(stats!.sent).toBe(300 - atKill + duplicates);
    await ledgerAllSent(storage, keys);
  });

  it('a sender stopped gracefully (SIGTERM) mid-run and restarted sends nothing twice', async () => {
    const { storage, prefix } = await open();
    const keys = await seedFanout(storage, teams, { n: 300, day: DAY, tag: 'restart' });
    teams.setFaults({ latencyMs: 40 });
    const first = worker(prefix, 'sender-1', { concurrency: 8 });
    await first.ready;
    await until('100 delivered', () => teams.stats().accepted >= 100);
    first.kill('SIGTERM');
    const stopped = await first.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stats!.inFlight).toBe(0);
    // Everything it finished is in the ledger; what it had not started is back on the queue at once.
    expect(stopped.stats!.sent).toBe(teams.stats().accepted);
    expect(stopped.stats!.sent).toBeLessThan(300);
    const second = worker(prefix, 'sender-1', { concurrency: 8 });
    try {
      await settled(storage);
    } finally {
      second.kill('SIGTERM');
    }
    const restarted = await second.exited;
    expect(deliveredEveryKey(keys)).toBe(0);
    expect(stopped.stats!.sent + restarted.stats!.sent).toBe(300);
    expect(restarted.stats!.duplicate).toBe(0);
    await ledgerAllSent(storage, keys);
  });

  it.each([
    ['without the lease: both send, the ETag claims decide', false],
    ['with the lease: only the holder sends', true],
  ])('two instances on one queue and ledger, each job queued twice (%s)', async (_, lease) => {
    const { storage } = await open();
    // The sweep may queue a job again while the first copy waits: both instances get copies.
    const keys = await seedFanout(storage, teams, { n: 200, day: DAY, tag: lease ? 'lease' : 'twins', copies: 2 });
    const [a, b] = ['instance-a', 'instance-b'].map((id) => sender(storage, id, { visibilitySeconds: 3, lease }));
    a!.start();
    b!.start();
    try {
      await settled(storage);
    } finally {
      await Promise.all([a!.stop(), b!.stop()]);
    }
    expect(deliveredEveryKey(keys)).toBe(0);
    await ledgerAllSent(storage, keys);
    expect(a!.stats.sent + b!.stats.sent).toBe(200);
    // Every second copy was found already sent (or lost its claim) and was dropped, not sent.
    expect(a!.stats.duplicate + b!.stats.duplicate).toBeGreaterThanOrEqual(200);
    if (lease) expect([a!.stats.sent, b!.stats.sent].sort((x, y) => x - y)).toEqual([0, 200]);
    else expect(Math.min(a!.stats.sent, b!.stats.sent)).toBeGreaterThan(0);
  });

  it('an instance held up by a Retry-After longer than its claims sends nothing another instance took over meanwhile', async () => {
    const { storage } = await open();
    const keys = await seedFanout(storage, teams, { n: 200, day: DAY, tag: 'held' });
    const a = sender(storage, 'instance-a', { visibilitySeconds: 3 });
    const b = sender(storage, 'instance-b', { visibilitySeconds: 3 });
    a.start();
    try {
      await until('30 delivered', () => teams.stats().accepted >= 30);
      // a's claimed messages wait 8 s for their slot; their claims and visibility run out after 3 s.
      teams.storm(1500, 8);
      await until('a is throttled', () => a.stats.throttled > 0);
      await new Promise((r) => setTimeout(r, 2000));
      b.start(); // it comes up after the storm, and takes the entries over
      await settled(storage);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(deliveredEveryKey(keys)).toBe(0);
    await ledgerAllSent(storage, keys);
    // a found, when its slot came, that its claims had been taken over, and left those entries.
    expect(a.stats.busy).toBeGreaterThan(0);
    expect(b.stats.sent).toBeGreaterThan(0);
  });
});
