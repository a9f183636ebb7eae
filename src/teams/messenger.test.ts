import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { startTeamsStandIn, type TeamsStandIn } from '../../dev/teams-standin';
import type { DeliveryFailure, StoredConversation } from '../ports';
import { TeamsMessenger } from './messenger';

/** The messenger through the real CloudAdapter to the Teams stand-in: one request per send, failures typed. */
describe('Teams messenger', () => {
  let s: TeamsStandIn;
  let messenger: TeamsMessenger;
  const chat = (): StoredConversation => {
    const reference = s.addConversation() as Record<string, unknown>;
    return { key: `chat:${String((reference.conversation as { id: string }).id)}`, kind: 'personal', reference, updatedAt: '' };
  };

  beforeAll(async () => {
    s = await startTeamsStandIn({ port: 0 });
    messenger = new TeamsMessenger(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');
  });
  afterAll(() => s.stop());
  beforeEach(() => s.reset());

  it('sends as a plain message (not a reply), returns its id, and updates it', async () => {
    const c = chat();
    const { id } = await messenger.send(c, { text: 'こんにちは', channelData: { skillsteps: { key: 'k1' } } });
    expect(id).not.toBe('');
    const [d] = s.deliveries();
    expect(d).toMatchObject({ activityId: id, key: 'k1', text: 'こんにちは' });
    await messenger.update(c, id, { text: '更新しました' });
    expect(s.stats()).toMatchObject({ requests: 2, accepted: 1, updates: 1 });
  });

  it('answers a 429 with its Retry-After after one request, without botbuilder retrying', async () => {
    const c = chat();
    s.storm(30_000, 7);
    const started = Date.now();
    const err = (await messenger.send(c, { text: 'x' }).catch((e: unknown) => e)) as DeliveryFailure;
    expect(err).toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(s.stats().requests).toBe(1);
  });

  it('reports a 5xx, a blocked chat and a lost connection by status, one request each', async () => {
    const c = chat();
    s.setFaults({ faultRate: 1, faultStatuses: [503] });
    expect(await messenger.send(c, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ status: 503 });
    s.setFaults({ faultRate: 0, dropRate: 1, dropAfterAccept: false });
    expect(await messenger.send(c, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ status: 0 });
    s.setFaults({ dropRate: 0 });
    const blocked = chat();
    s.blockConversation(String((blocked.reference.conversation as { id: string }).id));
    expect(await messenger.send(blocked, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ status: 403 });
    expect(s.stats().requests).toBe(3);
    expect(s.deliveries()).toEqual([]);
  });
});
