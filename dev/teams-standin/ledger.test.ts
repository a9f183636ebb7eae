import { Ledger, ledgerKey } from './ledger';

describe('ledgerKey: where the bot puts the reminder ledger key', () => {
  it.each([
    ['channelData.skillsteps.key', { type: 'message', channelData: { skillsteps: { key: 'rem:1' } } }, 'rem:1'],
    ['an entity of type skillsteps', { type: 'message', entities: [{ type: 'clientInfo' }, { type: 'skillsteps', key: 'rem:2' }] }, 'rem:2'],
    ['an entity carrying skillsteps', { type: 'message', entities: [{ type: 'x', skillsteps: { key: 'rem:3' } }] }, 'rem:3'],
    ['channelData before entities', { type: 'message', channelData: { skillsteps: { key: 'a' } }, entities: [{ type: 'skillsteps', key: 'b' }] }, 'a'],
    ['none', { type: 'message', channelData: { tenant: { id: 't' } } }, undefined],
    ['an empty or non-string key', { type: 'message', channelData: { skillsteps: { key: '' } }, entities: [{ type: 'skillsteps', key: 7 }] }, undefined],
  ])('%s', (_case, activity, key) => expect(ledgerKey(activity)).toBe(key));
});

describe('Ledger', () => {
  const accept = (l: Ledger, key: string, at: number, clientRequestId?: string) =>
    l.accept({ conversationId: 'a:1', activityId: l.nextMessageId(at), at, kind: 'send', appId: 'app', tenantId: 't', ...(clientRequestId ? { clientRequestId } : {}), activity: { type: 'message', text: key, channelData: { skillsteps: { key } } } });

  it('counts a key delivered twice, whoever sent it twice', () => {
    const l = new Ledger();
    accept(l, 'k1', 1000, 'r1');
    accept(l, 'k1', 1000, 'r1');
    accept(l, 'k2', 1001);
    expect(l.duplicates()).toEqual([
      {
        key: 'k1',
        count: 2,
        deliveries: [
          { seq: 1, conversationId: 'a:1', activityId: '1000', at: 1000, clientRequestId: 'r1' },
          { seq: 2, conversationId: 'a:1', activityId: '1001', at: 1000, clientRequestId: 'r1' },
        ],
      },
    ]);
    expect(l.stats({ app: 0, conversation: 0 })).toMatchObject({ accepted: 3, keyed: 3, duplicateKeys: 1, duplicateDeliveries: 1 });
  });

  it('keeps the delivered key through an update, and every version', () => {
    const l = new Ledger();
    const d = accept(l, 'k1', 5);
    l.update(d, { type: 'message', text: 'edited' }, 9);
    const [after] = l.deliveries();
    expect(after).toMatchObject({ key: 'k1', text: 'edited' });
    expect(after!.versions.map((v) => [v.at, v.text, v.key])).toEqual([
      [5, 'k1', 'k1'],
      [9, 'edited', undefined],
    ]);
    // A copy: changing it changes nothing recorded.
    after!.versions.pop();
    expect(l.deliveries()[0]!.versions).toHaveLength(2);
  });

  it('never answers a message id twice, across a reset too', () => {
    const l = new Ledger();
    const ids = [l.nextMessageId(100), l.nextMessageId(100), l.nextMessageId(50)];
    l.reset();
    ids.push(l.nextMessageId(100));
    expect(ids).toEqual(['100', '101', '102', '103']);
  });
});
