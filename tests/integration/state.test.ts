import { createServer } from 'node:net';
import { TableServiceClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import type { StorageConfig } from '../../src/config';
import type { ListSyncState, ReminderEntry, StoredConversation } from '../../src/ports';
import { StateError } from '../../src/state/errors';
import { openStateStorage, type StateStorage } from '../../src/state/storage';
import { memoryLogger } from '../../src/server/log';
import { dailyJob, everyJob, Scheduler, type ScheduledJob } from '../../src/app/scheduler';

/**
 * The state adapters against Azurite over real HTTP (the same SDK calls as against Azure Storage).
 * Each block opens the storage under its own name prefix, so they share one Azurite.
 */
let azurite: RunningAzurite;
let prefixes = 0;

beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

function config(prefix = `t${++prefixes}x${Date.now().toString(36)}`): StorageConfig {
  return { connectionString: azurite.connectionString, prefix };
}

async function open(instanceId = 'instance-a', c = config()): Promise<StateStorage> {
  return openStateStorage(c, { instanceId });
}

async function rejection(p: Promise<unknown>): Promise<StateError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StateError);
    return e as StateError;
  }
  throw new Error('expected a StateError');
}

const AWKWARD_UPN = "o'brien+dx@city.example.jp";

describe('opening the state storage', () => {
  it('creates the tables, the send queue and the container, and opening again changes nothing', async () => {
    const c = config();
    const first = await openStateStorage(c);
    await first.conversations.put(chat('user:someone@city.example.jp', 'personal'));
    const again = await openStateStorage(c);
    expect(await again.conversations.personal('someone@city.example.jp')).toBeDefined();

    const tables: string[] = [];
    for await (const t of TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true }).listTables()) tables.push(t.name!);
    expect(tables).toEqual(expect.arrayContaining([first.names.conversationsTable, first.names.remindersTable, first.names.reminderPeopleTable]));
    expect(await QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(first.names.sendQueue).exists()).toBe(true);
    expect(await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(first.names.container).exists()).toBe(true);
    expect(first.describe()).toMatch(/^Azure Storage（http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1）$/);
    expect(first.describe()).not.toContain('AccountKey');
  });

  it('says in Japanese that the storage cannot be reached, naming where, without the key', async () => {
    const port = await closedPort();
    const cs = azurite.connectionString.replace(/:\d+\/devstoreaccount1/g, `:${port}/devstoreaccount1`);
    const e = await rejection(openStateStorage({ connectionString: cs, prefix: 'unreachable' }));
    expect(e.code).toBe('STATE.UNREACHABLE');
    expect(e.message).toMatch(new RegExp(`^状態ストレージ（Azure Storage）に接続できません: Azure Storage（http://127.0.0.1:${port}/devstoreaccount1）の準備`));
    expect(e.message).not.toContain('Eby8');
  }, 30_000);

  it('calls a wrong account key an authentication failure, not a missing role', async () => {
    const cs = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.from('not the key').toString('base64')}`);
    const e = await rejection(openStateStorage({ connectionString: cs, prefix: 'wrongkey' }));
    expect([e.code, e.status]).toEqual(['STATE.UNAUTHORIZED', 403]);
    expect(e.message).toMatch(/^状態ストレージ（Azure Storage）の認証に失敗しました/);
  });

  it('refuses to open without a connection string or an account, naming both variables', async () => {
    await expect(openStateStorage({ prefix: 'skillsteps' })).rejects.toThrow('SKILLSTEPS_STORAGE_CONNECTION_STRING（ローカルでは UseDevelopmentStorage=true）か SKILLSTEPS_STORAGE_ACCOUNT（本番）');
  });
});

describe('conversations', () => {
  let s: StateStorage;
  beforeAll(async () => {
    s = await open();
  });

  it('keeps a personal chat by UPN, whatever its case and however awkward its characters', async () => {
    const c = chat(`user:${AWKWARD_UPN.toUpperCase()}`, 'personal', { upn: AWKWARD_UPN.toUpperCase(), teamsUserId: '29:1AbC_dEf-xyz' });
    c.reference = { conversation: { id: 'a:1AbC_dEf-xyz' }, serviceUrl: 'https://smba.trafficmanager.net/jp/' };
    await s.conversations.put(c);
    const got = await s.conversations.personal(AWKWARD_UPN);
    expect(got).toEqual({ ...c, key: `user:${AWKWARD_UPN}`, upn: AWKWARD_UPN });
    expect(await s.conversations.get(`user:${AWKWARD_UPN}`)).toEqual(got);
    expect(await s.conversations.personal('nobody@city.example.jp')).toBeUndefined();
  });

  it('keeps group chats and channels under their Teams ids, including "/" and ";messageid="', async () => {
    const ids = ['chat:19:abc@thread.tacv2;messageid=123', 'channel:19:a/b\\c#d?e%41@thread.skype', 'channel:19:abc@thread.tacv2;messageid=123'];
    for (const key of ids) await s.conversations.put(chat(key, key.startsWith('chat') ? 'groupChat' : 'channel', { name: `名前 ${key}` }));
    for (const key of ids) expect(await s.conversations.get(key)).toMatchObject({ key, name: `名前 ${key}` });
    expect(await s.conversations.get('chat:19:abc@thread.tacv2')).toBeUndefined();
  });

  it('stores a long reference over several properties and a shorter one after it', async () => {
    const key = 'chat:19:long@thread.v2';
    const long = chat(key, 'groupChat');
    // ASCII: Azurite 3.35 garbles multi-byte characters anywhere in a Table request body over 64 KiB
    // (Azure/Azurite#2670; Azure Storage does not). Japanese text is tested in smaller rows.
    long.reference = { blob: 'x'.repeat(70_000) };
    await s.conversations.put(long);
    expect((await s.conversations.get(key))?.reference).toEqual(long.reference);
    await s.conversations.put({ ...long, reference: { blob: 'short' }, name: undefined });
    const got = await s.conversations.get(key);
    expect(got?.reference).toEqual({ blob: 'short' });
    expect(got).not.toHaveProperty('name');
  });

  it('maps one channel per 部: a new mapping moves the 部, a refresh keeps it, removing the channel ends it', async () => {
    const a = 'channel:19:soumu-a@thread.tacv2';
    const b = 'channel:19:soumu-b@thread.tacv2';
    await s.conversations.put(chat(a, 'channel'));
    await s.conversations.put(chat(b, 'channel'));
    await s.conversations.mapChannel(a, '総務部');
    expect((await s.conversations.channelOf('総務部'))?.key).toBe(a);
    expect((await s.conversations.get(a))?.department).toBe('総務部');

    await s.conversations.mapChannel(b, '総務部');
    expect((await s.conversations.channelOf('総務部'))?.key).toBe(b);
    expect((await s.conversations.get(a))?.department).toBeUndefined();
    expect((await s.conversations.mappedChannels()).map((c) => [c.key, c.department])).toEqual([[b, '総務部']]);

    await s.conversations.mapChannel(b, '税務部');
    expect(await s.conversations.channelOf('総務部')).toBeUndefined();
    // The bot refreshes the reference on every message; the 部 stays.
    await s.conversations.put(chat(b, 'channel', { name: '新しい名前' }));
    expect(await s.conversations.get(b)).toMatchObject({ department: '税務部', name: '新しい名前' });
    expect((await s.conversations.channelOf('税務部'))?.key).toBe(b);

    await s.conversations.remove(b);
    expect(await s.conversations.get(b)).toBeUndefined();
    expect(await s.conversations.channelOf('税務部')).toBeUndefined();
    expect(await s.conversations.mappedChannels()).toEqual([]);
    await s.conversations.remove(b); // gone already: nothing to do
  });

  it('keeps one channel per 部 when two people map two channels to it at the same moment', async () => {
    const keys = ['channel:19:race-1@thread.tacv2', 'channel:19:race-2@thread.tacv2'];
    for (const k of keys) await s.conversations.put(chat(k, 'channel'));
    await Promise.all(keys.map((k) => s.conversations.mapChannel(k, '財務部')));
    const holder = (await s.conversations.channelOf('財務部'))?.key;
    expect(keys).toContain(holder);
    const departments = await Promise.all(keys.map(async (k) => (await s.conversations.get(k))?.department));
    expect(departments.filter((d) => d === '財務部')).toHaveLength(1);
    expect((await s.conversations.get(holder!))?.department).toBe('財務部');
  });

  it('refuses to map a channel the app is not in, a chat, or a key of no known kind', async () => {
    expect((await rejection(s.conversations.mapChannel('channel:19:unknown@thread.tacv2', '総務部'))).code).toBe('STATE.NOT_FOUND');
    expect((await rejection(s.conversations.mapChannel(`user:${AWKWARD_UPN}`, '総務部'))).code).toBe('STATE.INVALID');
    expect((await rejection(s.conversations.get('team:19:x'))).code).toBe('STATE.INVALID');
    expect((await rejection(s.conversations.put(chat('chat:19:x@thread.v2', 'personal')))).code).toBe('STATE.INVALID');
  });
});

describe('the reminder ledger', () => {
  let s: StateStorage;
  beforeAll(async () => {
    s = await open();
  });

  const planned = (day: string, upn: string, keys: string[] = [`${upn}|course/x|${day}|lead-3`]): Omit<ReminderEntry, 'state' | 'attempts' | 'etag'> => ({
    day,
    upn,
    itemKeys: keys,
    payload: JSON.stringify({ reminder: { upn, items: keys } }),
    plannedAt: `${day}T00:30:00.000Z`,
  });

  it('records a plan once: a second plan for the same person and day is refused', async () => {
    expect(await s.reminders.plan(planned('2026-12-01', AWKWARD_UPN))).toBe(true);
    expect(await s.reminders.plan({ ...planned('2026-12-01', AWKWARD_UPN.toUpperCase()), payload: 'other' })).toBe(false);
    const e = await s.reminders.get('2026-12-01', AWKWARD_UPN);
    expect(e).toMatchObject({ ...planned('2026-12-01', AWKWARD_UPN), state: 'planned', attempts: 0 });
    expect(e?.etag).toBeTruthy();
    expect(await s.reminders.get('2026-12-02', AWKWARD_UPN)).toBeUndefined();
  });

  it('lets exactly one of two concurrent claims of an entry win', async () => {
    await s.reminders.plan(planned('2026-12-02', 'claim@city.example.jp'));
    const entry = (await s.reminders.get('2026-12-02', 'claim@city.example.jp'))!;
    const claim = (who: string) => s.reminders.update(entry, { state: 'sending', claimedBy: who, claimedAt: '2026-12-02T01:00:00.000Z', attempts: entry.attempts + 1 });
    const results = await Promise.all([claim('sender-1'), claim('sender-2')]);
    const winners = results.filter((r): r is ReminderEntry => r !== false);
    expect(winners).toHaveLength(1);
    const stored = await s.reminders.get('2026-12-02', 'claim@city.example.jp');
    expect(stored).toEqual(winners[0]);
    expect(stored).toMatchObject({ state: 'sending', attempts: 1 });
    // The loser's copy is stale: any later change through it is refused too.
    expect(await s.reminders.update(entry, { state: 'failed' })).toBe(false);
  });

  it('clears what a change sets to undefined, and keeps a large payload whole', async () => {
    const upn = 'payload@city.example.jp';
    // Over three properties of 32K characters; ASCII, as a row this large with Japanese in it is
    // garbled by Azurite (Azure/Azurite#2670), not by Azure Storage.
    const big = { ...planned('2026-12-03', upn), payload: JSON.stringify({ text: 'pending training; '.repeat(4000) }) };
    await s.reminders.plan(big);
    const e = (await s.reminders.get('2026-12-03', upn))!;
    expect(e.payload.length).toBe(big.payload.length);
    expect(e.payload === big.payload).toBe(true);
    const claimed = await s.reminders.update(e, { state: 'sending', claimedBy: 'sender-1', claimedAt: '2026-12-03T01:00:00.000Z', error: 'x' });
    const back = await s.reminders.update(claimed as ReminderEntry, { state: 'planned', claimedBy: undefined, claimedAt: undefined, error: '429: later' });
    const stored = await s.reminders.get('2026-12-03', upn);
    expect(stored).toEqual(back);
    expect(stored).not.toHaveProperty('claimedBy');
    expect(stored).toMatchObject({ state: 'planned', error: '429: later' });
    expect(stored?.payload === big.payload).toBe(true);
  });

  it('keeps a Japanese payload as it was', async () => {
    const upn = 'japanese@city.example.jp';
    const payload = JSON.stringify({ reminder: { name: '山田 太郎', items: [{ label: 'DXリテラシー研修 未受講 — 期限 12/25', evidence: '全職員 Step1' }] }, text: '未受講の研修があります。'.repeat(1200) });
    await s.reminders.plan({ ...planned('2026-12-03', upn), payload });
    expect((await s.reminders.get('2026-12-03', upn))?.payload === payload).toBe(true);
  });

  it('lists the entries of a day, or only those in some states', async () => {
    const day = '2026-12-04';
    for (const u of ['a', 'b', 'c']) await s.reminders.plan(planned(day, `${u}@city.example.jp`));
    const b = (await s.reminders.get(day, 'b@city.example.jp'))!;
    await s.reminders.update(b, { state: 'sent', sentAt: `${day}T01:00:00.000Z` });
    expect((await s.reminders.ofDay(day)).map((e) => [e.upn, e.state])).toEqual([
      ['a@city.example.jp', 'planned'],
      ['b@city.example.jp', 'sent'],
      ['c@city.example.jp', 'planned'],
    ]);
    expect((await s.reminders.ofDay(day, ['planned'])).map((e) => e.upn)).toEqual(['a@city.example.jp', 'c@city.example.jp']);
    expect(await s.reminders.ofDay('2026-12-05')).toEqual([]);
    expect((await rejection(s.reminders.ofDay('2026-12-32'))).code).toBe('STATE.INVALID');
  });

  it('answers history from the per-person summaries: keys sent since a day and the last day each person got one', async () => {
    const t = await open();
    const send = async (day: string, upn: string, keys: string[], sentAt = `${day}T01:00:00.000Z`) => {
      await t.reminders.plan(planned(day, upn, keys));
      const e = (await t.reminders.get(day, upn))!;
      expect(await t.reminders.update(e, { state: 'sent', sentAt, activityId: 'act-1' })).not.toBe(false);
    };
    await send('2026-11-02', 'alice@city.example.jp', ['alice@city.example.jp|c1|2026-11-16|lead-14']);
    await send('2026-11-13', 'alice@city.example.jp', ['alice@city.example.jp|c1|2026-11-16|lead-3', '|odd|key', 'someone-else|x']);
    // Sent late (the next JST day): the person's last reminder is the day it reached them.
    await send('2026-11-12', 'bob@city.example.jp', ['bob@city.example.jp|c2|FY2026|pending-1'], '2026-11-13T00:10:00.000Z');
    await send('2026-10-01', 'carol@city.example.jp', ['carol@city.example.jp|c3|2026-10-14|lead-14']);
    // Planned but failed: not sent, not in the history.
    await t.reminders.plan(planned('2026-11-13', 'dave@city.example.jp'));
    const d = (await t.reminders.get('2026-11-13', 'dave@city.example.jp'))!;
    await t.reminders.update(d, { state: 'failed', error: 'NO_CHAT' });

    const h = await t.reminders.history('2026-11-10');
    // Keys are kept without the person's UPN in their own row, and given back whole.
    expect([...h.sentKeys].sort()).toEqual(['|odd|key', 'alice@city.example.jp|c1|2026-11-16|lead-3', 'bob@city.example.jp|c2|FY2026|pending-1', 'someone-else|x'].sort());
    expect(h.lastSent).toEqual(new Map([
      ['alice@city.example.jp', '2026-11-13'],
      ['bob@city.example.jp', '2026-11-13'],
    ]));
    const all = await t.reminders.history('2026-01-01');
    expect(all.sentKeys.has('alice@city.example.jp|c1|2026-11-16|lead-14')).toBe(true);
    expect(all.lastSent.get('carol@city.example.jp')).toBe('2026-10-01');

    // A second "sent" through a stale copy (a sender whose claim was taken over) changes no entry,
    // and records the keys it did send once, not twice.
    await t.reminders.plan(planned('2026-11-14', 'frank@city.example.jp', ['frank@city.example.jp|k']));
    const stale = (await t.reminders.get('2026-11-14', 'frank@city.example.jp'))!;
    await t.reminders.update(stale, { state: 'sent', sentAt: '2026-11-14T01:00:00.000Z' });
    expect(await t.reminders.update(stale, { state: 'sent', sentAt: '2026-11-14T01:00:05.000Z' })).toBe(false);
    const after = await t.reminders.history('2026-11-10');
    expect(after.sentKeys.size).toBe(5);
    expect(after.lastSent.get('frank@city.example.jp')).toBe('2026-11-14');
  });

  it('reads history by month: keys of the months since a day, across a month boundary', async () => {
    const t = await open();
    for (const [day, key] of [['2026-09-30', 'k-sep'], ['2026-10-30', 'k-oct'], ['2026-11-02', 'k-nov']] as const) {
      await t.reminders.plan(planned(day, 'erin@city.example.jp', [key]));
      await t.reminders.update((await t.reminders.get(day, 'erin@city.example.jp'))!, { state: 'sent', sentAt: `${day}T01:00:00.000Z` });
    }
    expect([...(await t.reminders.history('2026-10-15')).sentKeys].sort()).toEqual(['k-nov', 'k-oct']);
    expect([...(await t.reminders.history('2026-11-01')).sentKeys]).toEqual(['k-nov']);
    expect((await t.reminders.history('2026-11-03')).lastSent.size).toBe(0);
    // Pruning before November drops September's and October's summaries, nothing history('2026-11-01') needs.
    expect(await t.reminders.prune('2026-11-01')).toBe(4);
    expect([...(await t.reminders.history('2026-01-01')).sentKeys]).toEqual(['k-nov']);
  });

  it('keeps mutes per person until unmuted', async () => {
    await s.reminders.mute(AWKWARD_UPN, '2026-12-31');
    await s.reminders.mute('b@city.example.jp', '2027-01-15');
    await s.reminders.mute('b@city.example.jp', '2027-01-20');
    expect(await s.reminders.mutes()).toEqual(new Map([
      [AWKWARD_UPN, '2026-12-31'],
      ['b@city.example.jp', '2027-01-20'],
    ]));
    await s.reminders.unmute('b@city.example.jp');
    await s.reminders.unmute('never-muted@city.example.jp');
    expect([...(await s.reminders.mutes()).keys()]).toEqual([AWKWARD_UPN]);
  });

  it('prunes entries of days before a date and keeps the history', async () => {
    const t = await open();
    for (let i = 0; i < 105; i++) await t.reminders.plan(planned('2026-10-01', `p${i}@city.example.jp`));
    await t.reminders.plan(planned('2026-10-02', 'q@city.example.jp'));
    const sent = (await t.reminders.get('2026-10-02', 'q@city.example.jp'))!;
    await t.reminders.update(sent, { state: 'sent', sentAt: '2026-10-02T01:00:00.000Z' });
    await t.reminders.plan(planned('2026-10-05', 'r@city.example.jp'));
    expect(await t.reminders.prune('2026-10-05')).toBe(106);
    expect(await t.reminders.ofDay('2026-10-01')).toEqual([]);
    expect(await t.reminders.ofDay('2026-10-05')).toHaveLength(1);
    expect((await t.reminders.history('2026-10-01')).lastSent.get('q@city.example.jp')).toBe('2026-10-02');
  });
});

describe('the work queue', () => {
  let s: StateStorage;
  beforeAll(async () => {
    s = await open();
  });

  it('carries JSON bodies; a received message is hidden from a second receiver until released; delete removes it', async () => {
    const q = s.queue<{ day: string; upn: string; note?: string }>('visibility');
    const body = { day: '2026-12-01', upn: AWKWARD_UPN, note: '<&> 日本語 \uffff' };
    await q.send(body);
    expect(await q.approximateCount()).toBe(1);

    const [first] = await q.receive(32, 30);
    expect(first).toMatchObject({ body, dequeueCount: 1 });
    expect(await q.receive(32, 30)).toEqual([]);

    const released = await q.release(first!, 0);
    expect(released.popReceipt).not.toBe(first!.popReceipt);
    const [second] = await q.receive(1, 30);
    expect(second).toMatchObject({ id: first!.id, body, dequeueCount: 2 });
    // The first receiver's receipt is no longer good: it cannot delete what another now holds.
    expect((await rejection(q.delete(first!))).code).toBe('STATE.MESSAGE_GONE');
    expect((await rejection(q.release(released, 5))).code).toBe('STATE.MESSAGE_GONE');

    await q.delete(second!);
    expect(await q.approximateCount()).toBe(0);
    expect(await q.receive(32, 1)).toEqual([]);
  });

  it('shows a message again when its visibility timeout runs out', async () => {
    const q = s.queue<number>('timeout');
    await q.send(7);
    const [m] = await q.receive(1, 1);
    expect(await q.receive(1, 1)).toEqual([]);
    await new Promise((r) => setTimeout(r, 2000));
    const [again] = await q.receive(1, 30);
    expect(again).toMatchObject({ id: m!.id, body: 7, dequeueCount: 2 });
  });

  it('gives at most 32 messages a receive, and refuses to be asked for more', async () => {
    const q = s.queue<number>('batch');
    await Promise.all(Array.from({ length: 40 }, (_, i) => q.send(i)));
    const a = await q.receive(32, 30);
    const b = await q.receive(32, 30);
    expect([a.length, b.length]).toEqual([32, 8]);
    expect([...a, ...b].map((m) => m.body).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await rejection(q.receive(33, 30))).code).toBe('STATE.INVALID');
  });

  it('refuses a body over 64 KiB before sending it, and sends one at the limit', async () => {
    const q = s.queue<{ s: string }>('size');
    const room = 64 * 1024 - Buffer.byteLength(JSON.stringify({ s: '' }));
    await q.send({ s: 'a'.repeat(room) });
    const e = await rejection(q.send({ s: 'a'.repeat(room + 1) }));
    expect(e.code).toBe('STATE.TOO_LARGE');
    expect(e.message).toContain('65537 バイト');
    expect(await q.approximateCount()).toBe(1);
    expect((await q.receive(1, 30))[0]?.body.s.length).toBe(room);
  });

  it('moves a message that is not JSON to the poison queue instead of blocking the queue, and reads base64 JSON', async () => {
    const q = s.queue<{ n: number }>('poison-test');
    await q.send({ n: 1 });
    const raw = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(q.name);
    await raw.sendMessage('this is not json');
    await raw.sendMessage(Buffer.from('{"n":2}').toString('base64'));
    const got = await q.receive(32, 30);
    expect(got.map((m) => m.body.n).sort()).toEqual([1, 2]);
    expect(await q.approximateCount()).toBe(2);
    const poison = await QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(`${q.name}-poison`).peekMessages();
    expect(poison.peekedMessageItems.map((m) => m.messageText)).toEqual(['this is not json']);
  });
});

describe('job leases', () => {
  it('exclude a second instance; the holder renews; a restart on the same instance takes its lease back at once', async () => {
    const c = config();
    const a = (await open('instance-a', c)).lease('scheduler', { seconds: 15 });
    const b = (await open('instance-b', c)).lease('scheduler', { seconds: 15 });
    expect(await a.acquire()).toBe(true);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    // The same instance after a restart: a new process, a new object, the same lease id.
    const restarted = (await open('instance-a', c)).lease('scheduler', { seconds: 15 });
    expect(restarted.leaseId).toBe(a.leaseId);
    expect(await restarted.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    // Another job is another lease.
    expect(await (await open('instance-b', c)).lease('sender', { seconds: 15 }).acquire()).toBe(true);

    await b.release(); // not the holder: nothing happens
    expect(await b.acquire()).toBe(false);
    await restarted.release();
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    await b.release();
  });

  it('passes to another instance when the holder stops renewing and its lease runs out', async () => {
    const c = config();
    const a = (await open('instance-a', c)).lease('scheduler', { seconds: 15 });
    const b = (await open('instance-b', c)).lease('scheduler', { seconds: 15 });
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    await new Promise((r) => setTimeout(r, 15_500));
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
  }, 30_000);

  it('refuses a duration outside 15–60 seconds and a job name that is not a blob name', async () => {
    const s = await open();
    expect(() => s.lease('scheduler', { seconds: 10 })).toThrow(expect.objectContaining({ code: 'STATE.INVALID' }));
    expect(() => s.lease('scheduler', { seconds: 61 })).toThrow(expect.objectContaining({ code: 'STATE.INVALID' }));
    expect(() => s.lease('../scheduler')).toThrow(expect.objectContaining({ code: 'STATE.INVALID' }));
  });
});

describe('the scheduled jobs\' history', () => {
  it('keeps each job\'s last run and last done run, and the holder\'s tick, for every instance to read', async () => {
    const c = config();
    const a = await open('instance-a', c);
    expect(await a.jobs.read()).toEqual({ jobs: new Map() });
    await a.jobs.record({ job: 'reminders-plan', instanceId: 'instance-a', startedAt: '2026-11-24T00:00:00.000Z', ok: false, done: false });
    await a.jobs.record({ job: 'reminders-plan', instanceId: 'instance-a', startedAt: '2026-11-24T00:00:00.000Z', finishedAt: '2026-11-24T00:00:02.000Z', ok: true, done: true, summary: { planned: 12, 備考: '全角も' } });
    // A later run that was not the period's work leaves the last done run as it was.
    await a.jobs.record({ job: 'reminders-plan', instanceId: 'instance-a', startedAt: '2026-11-25T22:00:00.000Z', finishedAt: '2026-11-25T22:00:00.100Z', ok: true, done: false, summary: { skipped: 'outsideSendWindow' } });
    await a.jobs.record({ job: 'channel-digest', instanceId: 'instance-a', startedAt: '2026-11-25T22:00:01.000Z', finishedAt: '2026-11-25T22:00:01.500Z', ok: false, done: false, error: 'Teams が 403 を返しました' });
    await a.jobs.heartbeat('instance-a', '2026-11-25T22:00:30.000Z');

    const b = await open('instance-b', c);
    const read = await b.jobs.read();
    expect(read.holder).toEqual({ instanceId: 'instance-a', at: '2026-11-25T22:00:30.000Z' });
    expect(read.jobs.get('reminders-plan')?.last).toMatchObject({ done: false, summary: { skipped: 'outsideSendWindow' } });
    expect(read.jobs.get('reminders-plan')?.lastDone).toMatchObject({ startedAt: '2026-11-24T00:00:00.000Z', summary: { planned: 12, 備考: '全角も' } });
    expect(read.jobs.get('channel-digest')).toEqual({ last: expect.objectContaining({ ok: false, error: 'Teams が 403 を返しました' }), lastDone: undefined });
  });

  it('shows the jobs alike from every instance; a new holder does not repeat a daily job done today; a holder that stops is shown as stopped', async () => {
    const c = config();
    let now = new Date('2026-11-24T01:00:00.000Z'); // 10:00 JST
    const runs: string[] = [];
    const jobs = (instance: string): ScheduledJob[] => [
      dailyJob('plan', () => '2026-11-24', async () => (runs.push(`plan@${instance}`), { done: true, summary: { planned: 3 } })),
      everyJob('requeue', 5, async () => (runs.push(`requeue@${instance}`), { done: true, summary: { requeued: 0 } })),
    ];
    const scheduler = async (instance: string) => {
      const s = await open(instance, c);
      return new Scheduler({ lease: s.lease('scheduler', { seconds: 15 }), jobs: jobs(instance), log: memoryLogger(), now: () => now, instanceId: instance, history: s.jobs });
    };
    const a = await scheduler('instance-a');
    const b = await scheduler('instance-b');
    await a.tick();
    await b.tick(); // not the holder: runs nothing
    expect(runs).toEqual(['plan@instance-a', 'requeue@instance-a']);

    const fromB = await b.view();
    expect(fromB.instanceId).toBe('instance-b');
    expect(fromB.holder).toEqual({ instanceId: 'instance-a', at: now.toISOString() });
    expect(fromB.alive).toBe(true);
    expect(fromB.jobs).toEqual([
      expect.objectContaining({ name: 'plan', schedule: { kind: 'daily' }, running: false, last: expect.objectContaining({ instanceId: 'instance-a', ok: true, done: true, summary: { planned: 3 } }) }),
      expect.objectContaining({ name: 'requeue', schedule: { kind: 'every', minutes: 5 }, lastDone: expect.objectContaining({ instanceId: 'instance-a' }) }),
    ]);

    // instance-a stops; six minutes later instance-b holds the jobs: the daily job was done today, the 5-minute one is due.
    await a.stop();
    now = new Date(now.getTime() + 6 * 60_000);
    await b.tick();
    expect(runs).toEqual(['plan@instance-a', 'requeue@instance-a', 'requeue@instance-b']);
    const fromA = await a.view();
    expect(fromA.holder?.instanceId).toBe('instance-b');
    expect(fromA.jobs.find((j) => j.name === 'plan')?.last?.instanceId).toBe('instance-a');
    expect(fromA.jobs.find((j) => j.name === 'requeue')?.last?.instanceId).toBe('instance-b');

    // Nobody ticks for three minutes: stopped.
    now = new Date(now.getTime() + 3 * 60_000);
    expect((await a.view()).alive).toBe(false);
    await b.stop();
  });

  it('shows a run that is going on, and not one whose instance died during it', async () => {
    const c = config();
    const s = await open('instance-a', c);
    const now = new Date('2026-11-24T01:00:00.000Z');
    let finish!: () => void;
    const slow: ScheduledJob = everyJob('slow', 5, () => new Promise((resolve) => (finish = () => resolve({ done: true, summary: {} }))));
    const a = new Scheduler({ lease: s.lease('scheduler', { seconds: 15 }), jobs: [slow], log: memoryLogger(), now: () => now, instanceId: 'instance-a', history: s.jobs });
    const b = new Scheduler({ lease: (await open('instance-b', c)).lease('scheduler', { seconds: 15 }), jobs: [slow], log: memoryLogger(), now: () => now, instanceId: 'instance-b', history: s.jobs });
    const ticking = a.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect((await b.view()).jobs[0]).toMatchObject({ running: true, last: { instanceId: 'instance-a' } });
    finish();
    await ticking;
    expect((await b.view()).jobs[0]).toMatchObject({ running: false, last: { finishedAt: now.toISOString() } });

    // A run recorded as started by an instance that is not the holder any more is not "running".
    await s.jobs.record({ job: 'slow', instanceId: 'gone', startedAt: now.toISOString(), ok: false, done: false });
    expect((await b.view()).jobs[0]?.running).toBe(false);
    await a.stop();
  });
});

describe('sync states in Blob storage', () => {
  const items = (n: number, tag = ''): Map<string, Record<string, unknown>> =>
    new Map(Array.from({ length: n }, (_, i) => [String(i + 1), { Upn: `user${i}@city.example.jp`, Title: `職員 ${i}${tag}`, Hours: i % 7, Active: i % 3 !== 0 }]));

  it('round-trips 20,000 items and the delta link, streamed', async () => {
    const s = await open();
    const store = s.syncStates('site-1');
    expect(await store.load('Staff')).toBeUndefined();
    const state: ListSyncState = { listId: 'list-staff', deltaLink: 'https://graph/delta?token=abc', syncedAt: '2026-11-23T00:00:00Z', items: items(20_000) };
    await store.save('Staff', state);
    const loaded = await s.syncStates('site-1').load('Staff');
    expect(loaded).toEqual({ listId: 'list-staff', deltaLink: 'https://graph/delta?token=abc', syncedAt: '2026-11-23T00:00:00Z', items: state.items });
    // Another site is another set of blobs.
    expect(await s.syncStates('site-2').load('Staff')).toBeUndefined();
  }, 30_000);

  it('rewrites only the header when a sync found no change, and the items when it did', async () => {
    const s = await open();
    const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(s.names.container);
    const itemsEtag = async () => {
      for await (const b of blobs.listBlobsFlat({ prefix: 'sync/' })) if (b.name.endsWith('Courses.jsonl.gz')) return b.properties.etag;
      return undefined;
    };
    await s.syncStates('site').save('Courses', { listId: 'l', deltaLink: 'd1', syncedAt: 't1', items: items(50) });
    const before = await itemsEtag();

    const store = s.syncStates('site');
    const loaded = (await store.load('Courses'))!;
    await store.save('Courses', { ...loaded, deltaLink: 'd2', syncedAt: 't2', changed: false });
    expect(await itemsEtag()).toBe(before);
    expect(await s.syncStates('site').load('Courses')).toMatchObject({ deltaLink: 'd2', syncedAt: 't2' });

    await store.save('Courses', { ...loaded, deltaLink: 'd3', syncedAt: 't3', items: items(50, ' 改'), changed: true });
    expect(await itemsEtag()).not.toBe(before);
    expect((await s.syncStates('site').load('Courses'))?.items.get('1')).toMatchObject({ Title: '職員 0 改' });
  });

  it('does not trust items written by another save than the header (a crash between the two), nor damaged ones', async () => {
    const s = await open();
    const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(s.names.container);
    await s.syncStates('site').save('Roles', { listId: 'l', deltaLink: 'd', syncedAt: 't', items: items(10) });
    let name = '';
    for await (const b of blobs.listBlobsFlat({ prefix: 'sync/' })) if (b.name.endsWith('Roles.jsonl.gz')) name = b.name;
    await blobs.getBlockBlobClient(name).upload('not gzip', 8);
    expect(await s.syncStates('site').load('Roles')).toBeUndefined();
  });

  it('clears one site and leaves the others', async () => {
    const s = await open();
    await s.syncStates('a').save('Staff', { listId: 'l', deltaLink: 'd', syncedAt: 't', items: items(3) });
    await s.syncStates('b').save('Staff', { listId: 'l', deltaLink: 'd', syncedAt: 't', items: items(3) });
    await s.syncStates('a').clear();
    expect(await s.syncStates('a').load('Staff')).toBeUndefined();
    expect((await s.syncStates('b').load('Staff'))?.items.size).toBe(3);
  });
});

function chat(key: string, kind: StoredConversation['kind'], extra: Partial<StoredConversation> = {}): StoredConversation {
  return {
    key,
    kind,
    reference: { serviceUrl: 'https://smba.trafficmanager.net/jp/', channelId: 'msteams', conversation: { id: key.slice(key.indexOf(':') + 1) } },
    updatedAt: '2026-11-23T00:00:00.000Z',
    ...extra,
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
