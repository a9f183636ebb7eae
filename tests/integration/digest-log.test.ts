import { TableServiceClient } from '@azure/data-tables';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import { StateError } from '../../src/state/errors';
import { openStateStorage, type StateStorage } from '../../src/state/storage';

/** The digest log against Azurite over real HTTP (the same SDK calls as against Azure Storage). */
let azurite: RunningAzurite;
let prefixes = 0;

beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

let lastPrefix = '';

async function open(): Promise<StateStorage> {
  lastPrefix = `d${++prefixes}x${Date.now().toString(36)}`;
  return openStateStorage({ connectionString: azurite.connectionString, prefix: lastPrefix }, { instanceId: 'instance-a' });
}

const WEEK = '2026-11-30';
const TEN_MINUTES = 600_000;
const by = (instanceId: string, at = '2026-11-30T01:00:00.000Z') => ({ instanceId, at, staleAfterMs: TEN_MINUTES });
// Names Tables refuses in a key unless escaped, and a long one.
const AWKWARD = ['総務部', '教育委員会事務局/学校教育部', '区民部 #2?', 'A\\B%20'];

describe('the digest log', () => {
  let state: StateStorage;
  beforeAll(async () => {
    state = await open();
  });

  it('is a table of its own, made when the storage opens', async () => {
    const tables: string[] = [];
    for await (const t of TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true }).listTables()) tables.push(t.name!);
    expect(tables).toContain(`${lastPrefix}Digests`);
  });

  it('gives a 部 of a week to one claimant; sent, it stays sent, for any instance', async () => {
    const log = state.digests;
    expect(await log.claim(WEEK, '総務部', by('a'))).toBe('claimed');
    expect(await log.claim(WEEK, '総務部', by('b'))).toBe('busy');
    expect(await log.claim(WEEK, '総務部', by('a'))).toBe('busy');
    await log.markSent(WEEK, '総務部', { sentAt: '2026-11-30T01:00:02.000Z', activityId: '1:abc', channel: 'channel:19:soumu' });
    expect(await log.claim(WEEK, '総務部', by('b', '2026-12-01T01:00:00.000Z'))).toBe('sent');
    // A failure reported late (a claim taken over and sent by another) does not undo the send.
    expect(await log.markFailed(WEEK, '総務部', { instanceId: 'a', error: 'late', channel: 'channel:19:soumu' })).toBe(false);
    // Another week is another entry.
    expect(await log.claim('2026-12-07', '総務部', by('b'))).toBe('claimed');
    const [entry] = (await log.ofWeek(WEEK)).filter((e) => e.department === '総務部');
    expect(entry).toEqual({
      week: WEEK,
      department: '総務部',
      state: 'sent',
      attempts: 1,
      claimedBy: 'a',
      claimedAt: '2026-11-30T01:00:00.000Z',
      sentAt: '2026-11-30T01:00:02.000Z',
      activityId: '1:abc',
      channel: 'channel:19:soumu',
    });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((i) => state.digests.claim(WEEK, '企画部', by(i))));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'busy')).toHaveLength(5);
  });

  it('records a failure of its own claim, and a later claim takes it again and clears the error', async () => {
    const log = state.digests;
    expect(await log.claim(WEEK, '区民部', by('a'))).toBe('claimed');
    expect(await log.markFailed(WEEK, '区民部', { instanceId: 'b', error: 'not mine', channel: 'channel:19:k' })).toBe(false);
    expect(await log.markFailed(WEEK, '区民部', { instanceId: 'a', error: '403: Forbidden', channel: 'channel:19:k' })).toBe(true);
    expect((await log.ofWeek(WEEK)).find((e) => e.department === '区民部')).toMatchObject({ state: 'failed', error: '403: Forbidden', attempts: 1 });

    expect(await log.claim(WEEK, '区民部', by('b', '2026-11-30T02:00:00.000Z'))).toBe('claimed');
    const again = (await log.ofWeek(WEEK)).find((e) => e.department === '区民部')!;
    expect(again).toMatchObject({ state: 'sending', attempts: 2, claimedBy: 'b', channel: 'channel:19:k' });
    expect(again.error).toBeUndefined();
  });

  it('takes over a claim once it is older than the timeout (its instance died mid-send)', async () => {
    const log = state.digests;
    expect(await log.claim(WEEK, '福祉部', by('dead', '2026-11-30T01:00:00.000Z'))).toBe('claimed');
    expect(await log.claim(WEEK, '福祉部', by('b', '2026-11-30T01:09:59.000Z'))).toBe('busy');
    expect(await log.claim(WEEK, '福祉部', by('b', '2026-11-30T01:10:00.000Z'))).toBe('claimed');
    // Its former holder can no longer mark it failed.
    expect(await log.markFailed(WEEK, '福祉部', { instanceId: 'dead', error: 'x', channel: 'c' })).toBe(false);
  });

  it('keeps 部 names with characters keys refuse, and lists a week', async () => {
    const s = await open();
    for (const d of AWKWARD) expect(await s.digests.claim(WEEK, d, by('a'))).toBe('claimed');
    await s.digests.markSent(WEEK, AWKWARD[1]!, { sentAt: '2026-11-30T01:00:01.000Z', activityId: 'x', channel: 'channel:19:x/y' });
    const week = await s.digests.ofWeek(WEEK);
    expect(week.map((e) => e.department).sort()).toEqual([...AWKWARD].sort());
    expect(week.find((e) => e.department === AWKWARD[1])).toMatchObject({ state: 'sent', channel: 'channel:19:x/y' });
    expect(await s.digests.ofWeek('2026-12-07')).toEqual([]);
  });

  it('refuses a week that is not a date', async () => {
    await expect(state.digests.claim('2026-W49', '総務部', by('a'))).rejects.toBeInstanceOf(StateError);
  });
});
