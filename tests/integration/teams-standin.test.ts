import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference, type TurnContext } from 'botbuilder';
import { TEAMS_RATE_LIMITS, connectTeamsStandIn, startTeamsStandIn, type TeamsStandIn, type TeamsStandInOptions } from '../../dev/teams-standin';
import { CliExit, runTeamsStandInCli } from '../../dev/teams-standin/main';

/**
 * The Teams stand-in's contract over real HTTP: the Bot Connector routes and error shape with
 * plain fetch, Teams' rate limits at their documented thresholds (on a clock the test moves), the
 * faults, and the real botbuilder CloudAdapter posting proactively to it — which also records what
 * botbuilder itself does on 429, 5xx and a lost answer (it retries; dev/README.md).
 */

// The connector's JSON, read by property and checked with expect.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const activities = (s: TeamsStandIn, conversationId: string, activityId?: string): string =>
  `${s.url}v3/conversations/${encodeURIComponent(conversationId)}/activities${activityId === undefined ? '' : `/${encodeURIComponent(activityId)}`}`;

const message = (text: string, key?: string): Json => ({ type: 'message', text, ...(key ? { channelData: { skillsteps: { key } } } : {}) });

const conversationOf = (ref: Partial<ConversationReference>): string => ref.conversation!.id;

/** An unsigned JWT (the stand-in reads tokens, it does not verify them). */
const jwt = (claims: Record<string, unknown>): string =>
  `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

/** A stand-in on a clock the test moves. */
async function onClock(options: TeamsStandInOptions = {}): Promise<{ s: TeamsStandIn; clock: { t: number } }> {
  const clock = { t: Date.UTC(2026, 10, 24, 0, 30) };
  const s = await startTeamsStandIn({ port: 0, now: () => clock.t, ...options });
  return { s, clock };
}

describe('the Bot Connector contract (plain HTTP)', () => {
  let s: TeamsStandIn;
  let clock: { t: number };
  let ref: Partial<ConversationReference>;
  let upn: string;

  beforeAll(async () => ({ s, clock } = await onClock()));
  afterAll(() => s.stop());
  beforeEach(() => {
    s.reset();
    clock.t += 3_600_000;
    upn = `staff-${clock.t}@city.example.jp`;
    ref = s.addConversation({ upn, name: '世田谷 花子' });
  });

  it('hands out references Teams would have given the bot', () => {
    expect(ref).toMatchObject({
      channelId: 'msteams',
      serviceUrl: s.url,
      locale: 'ja-JP',
      conversation: { conversationType: 'personal', tenantId: s.tenantId },
      user: { name: '世田谷 花子', role: 'user' },
      bot: { id: `28:${s.botAppId}`, name: 'SkillSteps' },
    });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jp\/$/);
    expect(conversationOf(ref)).toMatch(/^a:1[\w-]{60,}$/);
    expect(ref.user!.id).toMatch(/^29:1[\w-]+$/);
    expect(ref.user!.aadObjectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The same person is the same chat.
    expect(s.addConversation({ upn })).toEqual(ref);
    expect(s.addConversations(3).map(conversationOf)).toHaveLength(3);
  });

  it('sends: 201 with a Teams message id, recorded with text, attachments and the ledger key', async () => {
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '未受講の研修があります' }] } };
    const r = await call('POST', activities(s, conversationOf(ref)), { ...message('DXリテラシー研修 未受講 — 期限 12/25', 'rem:2026-11-24:a@x.jp'), attachments: [card] }, { 'x-ms-client-request-id': 'req-1' });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: String(clock.t) });
    expect(r.headers.get('x-correlating-operationid')).toMatch(/^[0-9a-f-]{36}$/);
    const [d, ...rest] = s.deliveries();
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      seq: 1,
      conversationId: conversationOf(ref),
      activityId: String(clock.t),
      at: clock.t,
      kind: 'send',
      type: 'message',
      text: 'DXリテラシー研修 未受講 — 期限 12/25',
      attachments: [card],
      key: 'rem:2026-11-24:a@x.jp',
      tenantId: s.tenantId,
      clientRequestId: 'req-1',
    });
    // Message ids stay unique within one millisecond.
    const again = await call('POST', activities(s, conversationOf(ref)), { type: 'message', entities: [{ type: 'skillsteps', key: 'from-an-entity' }] });
    expect(again.body.id).toBe(String(clock.t + 1));
    expect(s.deliveries({ key: 'from-an-entity' })).toHaveLength(1);
    expect(s.stats()).toMatchObject({ requests: 2, accepted: 2, keyed: 2, duplicateKeys: 0, throttled: 0, rejected: 0 });
  });

  it('replies, updates with history and deletes', async () => {
    const reply = await call('POST', activities(s, conversationOf(ref), 'f1e2'), message('一通目'));
    expect(reply.status).toBe(201);
    const id = reply.body.id as string;
    expect(s.deliveries()[0]).toMatchObject({ kind: 'reply', replyToId: 'f1e2' });

    clock.t += 10;
    const update = await call('PUT', activities(s, conversationOf(ref), id), { type: 'message', text: '承認されました', attachments: [{ contentType: 'text/plain', content: 'x' }] });
    expect(update).toMatchObject({ status: 200, body: { id } });
    const [d] = s.deliveries();
    expect(d).toMatchObject({ text: '承認されました', attachments: [{ contentType: 'text/plain' }] });
    expect(d!.versions.map((v) => [v.at - clock.t, v.text])).toEqual([
      [-10, '一通目'],
      [0, '承認されました'],
    ]);
    expect(s.stats()).toMatchObject({ accepted: 1, updates: 1 });

    const missing = await call('PUT', activities(s, conversationOf(ref), '123'), message('x'));
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'ActivityNotFoundInConversation' } } });
    expect((await call('DELETE', activities(s, conversationOf(ref), id))).status).toBe(200);
    expect(s.deliveries()[0]!.deletedAt).toBe(clock.t);
    expect((await call('PUT', activities(s, conversationOf(ref), id), message('y'))).status).toBe(404);
    expect(s.stats()).toMatchObject({ deletes: 1, rejected: 2 });
  });

  it('answers what the request earned in the connector error shape, and records nothing', async () => {
    const cases: Array<[Promise<Reply>, number, string]> = [
      [call('POST', activities(s, 'a:nobody'), message('x')), 404, 'ConversationNotFound'],
      [call('POST', activities(s, conversationOf(ref)), '{not json'), 400, 'BadArgument'],
      [call('POST', activities(s, conversationOf(ref)), { text: 'no type' }), 400, 'BadArgument'],
      // Teams' limit is about 100 KB measured as UTF-16: 60,000 characters are 120,000 bytes.
      [call('POST', activities(s, conversationOf(ref)), message('研'.repeat(60_000))), 413, 'MessageSizeTooBig'],
      [call('GET', `${s.url}v3/conversations/${encodeURIComponent(conversationOf(ref))}/members`), 501, 'NotImplemented'],
      // A client that drops the service URL's path.
      [call('POST', `${s.url.replace('/jp/', '/')}v3/conversations/${encodeURIComponent(conversationOf(ref))}/activities`, message('x')), 404, 'NotFound'],
    ];
    for (const [reply, status, code] of cases) {
      const r = await reply;
      expect([r.status, r.body.error.code]).toEqual([status, code]);
      expect(typeof r.body.error.message).toBe('string');
    }
    s.blockConversation(conversationOf(ref));
    const blocked = await call('POST', activities(s, conversationOf(ref)), message('x'));
    expect(blocked).toMatchObject({ status: 403, body: { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } } });
    s.blockConversation(conversationOf(ref), false);
    expect(s.deliveries()).toEqual([]);
    expect(s.stats()).toMatchObject({ requests: 7, accepted: 0, rejected: 7 });
  });

  it('creates a personal conversation: the same one for the same person, with a first message when asked', async () => {
    const params = { bot: s.bot, members: [{ id: ref.user!.aadObjectId }], channelData: { tenant: { id: s.tenantId } } };
    const created = await call('POST', `${s.url}v3/conversations`, params);
    expect(created).toMatchObject({ status: 201, body: { id: conversationOf(ref) } });

    const stranger = await call('POST', `${s.url}v3/conversations`, { ...params, members: [{ id: '29:1newperson', name: '新人' }], activity: message('ようこそ', 'welcome:new') });
    expect(stranger.status).toBe(201);
    expect(stranger.body.id).toMatch(/^a:1/);
    expect(s.deliveries({ conversationId: stranger.body.id })).toMatchObject([{ kind: 'create', activityId: stranger.body.activityId, text: 'ようこそ', key: 'welcome:new' }]);
    expect(s.reference(stranger.body.id)).toMatchObject({ user: { id: '29:1newperson', name: '新人' } });
    // And it can be written to at once.
    expect((await call('POST', activities(s, stranger.body.id), message('続き'))).status).toBe(201);

    const noTenant = await call('POST', `${s.url}v3/conversations`, { bot: s.bot, members: [{ id: '29:1x' }] });
    expect(noTenant).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
    const group = await call('POST', `${s.url}v3/conversations`, { ...params, isGroup: true });
    expect(group.status).toBe(501);
    expect(s.stats()).toMatchObject({ conversationsCreated: 2, accepted: 2 });
  });

  it('takes no token (local mode) but a token must be a JWT, unexpired, and of the expected issuer when one is set', async () => {
    const withIssuer = await startTeamsStandIn({ port: 0, expectedIssuer: 'https://api.botframework.com' });
    try {
      const r = withIssuer.addConversation({ upn: 'a@x.jp' });
      const send = (auth?: string) => call('POST', activities(withIssuer, conversationOf(r)), message('x'), auth ? { Authorization: auth } : {});
      expect(await send()).toMatchObject({ status: 401, body: { error: { code: 'Unauthorized' } } });
      expect((await send('Bearer not-a-token')).status).toBe(401);
      expect((await send(`Bearer ${jwt({ iss: 'https://login.microsoftonline.com/x/v2.0', appid: 'app-1' })}`)).status).toBe(401);
      expect((await send(`Bearer ${jwt({ iss: 'https://api.botframework.com', appid: 'app-1', exp: 1 })}`)).status).toBe(401);
      expect((await send(`Bearer ${jwt({ iss: 'https://api.botframework.com', appid: 'app-1' })}`)).status).toBe(201);
      expect(withIssuer.deliveries()).toMatchObject([{ appId: 'app-1' }]);
    } finally {
      await withIssuer.stop();
    }
    // Without an expected issuer: no token at all is local mode; the app is the bot account's id.
    expect((await call('POST', activities(s, conversationOf(ref)), message('x'))).status).toBe(201);
    expect(s.deliveries()).toMatchObject([{ appId: s.botAppId }]);
  });
});

describe("Teams' rate limits, at the documented thresholds", () => {
  let s: TeamsStandIn;
  let clock: { t: number };

  beforeAll(async () => ({ s, clock } = await onClock()));
  afterAll(() => s.stop());
  beforeEach(() => {
    s.reset();
    clock.t += 7_200_000;
  });

  const sendAt = (ref: Partial<ConversationReference>, text: string, headers: Record<string, string> = {}) => call('POST', activities(s, conversationOf(ref)), message(text, text), headers);

  it('7 per second per conversation; the 8th is 429 Throttled with Retry-After, and is not recorded', async () => {
    const [ref] = s.addConversations(1);
    const replies = [];
    for (let i = 0; i < 9; i++) replies.push(await sendAt(ref!, `m${i}`));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201, 201, 429, 429]);
    const refused = replies[7]!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toEqual({ error: { code: 'Throttled', message: 'Too many requests. Over the conversation 7/1s limit.' } });
    expect(s.deliveries().map((d) => d.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(s.stats()).toMatchObject({ requests: 9, accepted: 7, throttled: 2, throttledBy: { 'conversation 7/1s': 2 }, maxAcceptedPerSecond: { conversation: 7 } });

    // One second on, 8 in 2 s lets one more through, then says when the first two seconds end.
    clock.t += 1000;
    expect((await sendAt(ref!, 'm7')).status).toBe(201);
    const over = await sendAt(ref!, 'm8');
    expect([over.status, over.headers.get('retry-after'), over.body.error.message]).toEqual([429, '1', 'Too many requests. Over the conversation 8/2s limit.']);
    clock.t += 1000;
    expect((await sendAt(ref!, 'm8')).status).toBe(201);
  });

  it('60 per 30 s and 1800 per hour per conversation, with Retry-After until a place frees', async () => {
    const [ref] = s.addConversations(1);
    const start = clock.t;
    // Four a second stays inside 7/1s and 8/2s.
    for (let i = 0; i < 60; i++) {
      clock.t = start + i * 250;
      expect((await sendAt(ref!, `a${i}`)).status).toBe(201);
    }
    clock.t = start + 15_000;
    const over = await sendAt(ref!, 'a60');
    expect([over.status, over.headers.get('retry-after')]).toEqual([429, '15']);
    expect(over.body.error.message).toContain('60/30s');
    clock.t = start + 30_000;
    expect((await sendAt(ref!, 'a60')).status).toBe(201);

    s.reset();
    const [hourly] = s.addConversations(1);
    const h0 = clock.t + 10_000;
    // Two a second stays inside 60/30s; 1800 of them take 15 minutes.
    for (let i = 0; i < 1800; i++) {
      clock.t = h0 + i * 500;
      const r = await sendAt(hourly!, `h${i}`);
      if (r.status !== 201) throw new Error(`send ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    clock.t = h0 + 900_000;
    const capped = await sendAt(hourly!, 'h1800');
    expect([capped.status, capped.headers.get('retry-after')]).toEqual([429, '2700']);
    expect(capped.body.error.message).toContain('1800/3600s');
    expect(s.stats()).toMatchObject({ accepted: 1800, throttledBy: { 'conversation 1800/3600s': 1 } });
  }, 60_000);

  it('50 requests per second per app per tenant, across conversations; other tenants and apps have their own', async () => {
    const refs = s.addConversations(51);
    const statuses = [];
    for (const [i, ref] of refs.entries()) statuses.push((await sendAt(ref, `p${i}`)).status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(50);
    expect(statuses[50]).toBe(429);
    expect(s.stats()).toMatchObject({ accepted: 50, throttledBy: { 'app 50/1s': 1 }, maxAcceptedPerSecond: { app: 50, conversation: 1 } });

    const [elsewhere] = s.addConversations(1, { tenantId: 'another-tenant' });
    expect((await sendAt(elsewhere!, 'other tenant')).status).toBe(201);
    const otherApp = `Bearer ${jwt({ iss: 'https://api.botframework.com', appid: 'another-app' })}`;
    expect((await sendAt(refs[50]!, 'other app', { Authorization: otherApp })).status).toBe(201);
    // Updates count against the same 50.
    const first = s.deliveries()[0]!;
    expect((await call('PUT', activities(s, first.conversationId, first.activityId), message('edit'))).status).toBe(429);
    clock.t += 1000;
    expect((await call('PUT', activities(s, first.conversationId, first.activityId), message('edit'))).status).toBe(200);
  });

  it('creating conversations: 7 per second per user', async () => {
    const create = () => call('POST', `${s.url}v3/conversations`, { bot: s.bot, members: [{ id: '29:1samePerson' }], tenantId: s.tenantId });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await create()).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    expect(s.stats().throttledBy).toEqual({ 'create 7/1s': 1 });
  });

  it('limits can be changed or turned off at runtime', async () => {
    s.setLimits({ perConversation: [{ windowMs: 1000, max: 2 }] });
    const [ref] = s.addConversations(1);
    expect([(await sendAt(ref!, 'x')).status, (await sendAt(ref!, 'y')).status, (await sendAt(ref!, 'z')).status]).toEqual([201, 201, 429]);
    s.setLimits({ perConversation: [], perAppPerTenant: [] });
    for (let i = 0; i < 100; i++) expect((await sendAt(ref!, `free${i}`)).status).toBe(201);
    expect(() => s.setLimits({ perConversation: [{ windowMs: 0, max: 1 }] })).toThrow(RangeError);
    s.reset();
    expect(s.limits()).toEqual(TEAMS_RATE_LIMITS);
  });
});

describe('faults', () => {
  let s: TeamsStandIn;
  let clock: { t: number };
  let ref: Partial<ConversationReference>;

  beforeAll(async () => ({ s, clock } = await onClock({ randomSeed: 7 })));
  afterAll(() => s.stop());
  beforeEach(() => {
    s.reset();
    clock.t += 7_200_000;
    ref = s.addConversation();
  });
  const send = (text = 'x') => call('POST', activities(s, conversationOf(ref)), message(text, text));

  it('a storm answers every request 429 until it ends, Retry-After its remaining time (or a fixed value)', async () => {
    s.storm(1500);
    const r = await send();
    expect([r.status, r.headers.get('retry-after'), r.body.error.code]).toEqual([429, '2', 'Throttled']);
    clock.t += 1000;
    expect((await send()).headers.get('retry-after')).toBe('1');
    clock.t += 500;
    expect((await send()).status).toBe(201);
    s.storm(60_000, 5);
    expect((await send()).headers.get('retry-after')).toBe('5');
    s.setFaults({ stormMs: 0 });
    expect((await send()).status).toBe(201);
    expect(s.stats()).toMatchObject({ accepted: 2, throttled: 3, throttledBy: { storm: 3 } });
  });

  it('injects 412/502/503/504 at the rate asked, in the connector shape, the same way for the same seed', async () => {
    s.setFaults({ faultRate: 0.5 });
    const run = async () => {
      const statuses = [];
      for (let i = 0; i < 200; i++) {
        clock.t += 1000; // one a second: inside every limit
        statuses.push((await send(`f${i}`)).status);
      }
      return statuses;
    };
    const first = await run();
    const failures = first.filter((x) => x !== 201);
    expect(failures.length).toBeGreaterThan(70);
    expect(failures.length).toBeLessThan(130);
    expect(new Set(failures)).toEqual(new Set([412, 502, 503, 504]));
    expect(s.stats().accepted).toBe(200 - failures.length);
    expect(s.stats().faulted).toBe(failures.length);
    s.reset(); // the draws start again; the faults go back to those given at start (none)
    expect(s.faults().faultRate).toBe(0);
    s.setFaults({ faultRate: 0.5 });
    expect(await run()).toEqual(first);

    s.setFaults({ faultRate: 1, faultStatuses: [412], faultRetryAfterSeconds: 2 });
    const r = await send();
    expect([r.status, r.headers.get('retry-after'), r.body.error]).toEqual([412, '2', { code: 'PreconditionFailed', message: 'Precondition failed, please try again.' }]);
    s.setFaults({ faultStatuses: [502], faultRetryAfterSeconds: undefined });
    const bad = await send();
    expect([bad.status, bad.headers.get('retry-after'), bad.body.error.code]).toEqual([502, null, 'ServiceError']);
    expect(() => s.setFaults({ faultRate: 1.5 })).toThrow(RangeError);
  }, 30_000);

  it('adds latency before the answer', async () => {
    s.setFaults({ latencyMs: 250 });
    const t0 = performance.now();
    expect((await send()).status).toBe(201);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('drops connections: before accepting (not delivered) or after (delivered, the answer lost)', async () => {
    s.setFaults({ dropRate: 1 });
    await expect(send('lost')).rejects.toThrow();
    expect(s.deliveries()).toEqual([]);
    s.setFaults({ dropAfterAccept: true });
    await expect(send('delivered')).rejects.toThrow();
    expect(s.deliveries().map((d) => d.text)).toEqual(['delivered']);
    expect(s.stats()).toMatchObject({ accepted: 1, faulted: 2, faultedBy: { 'drop before accept': 1, 'drop after accept': 1 } });
  });

  it('hold() keeps requests unserved and unrecorded until released; they are then judged at that moment (a storm that ended lets them through)', async () => {
    s.storm(1000);
    const h = s.hold();
    const answers = [send('a'), send('b')].map((p) => p.then((r) => r.status));
    while (h.waiting() < 2) await sleep(5);
    expect(s.hold().waiting()).toBe(2); // hold() while one holds is that hold
    expect(s.stats()).toMatchObject({ requests: 2, accepted: 0, throttled: 0 });
    clock.t += 1000; // the storm is over by the time Teams gets to them
    h.release();
    expect(await Promise.all(answers)).toEqual([201, 201]);
    expect(s.deliveries().map((d) => d.text).sort()).toEqual(['a', 'b']);
    expect((await send('c')).status).toBe(201); // released: no longer held
    const again = s.hold();
    const pending = send('d');
    while (again.waiting() < 1) await sleep(5);
    s.reset(); // a reset lets held requests go
    expect((await pending).status).toBe(201);
  });

  it('dropConnections() kills the requests in progress; they are not delivered', async () => {
    s.setFaults({ latencyMs: 400 });
    const pending = send('in flight');
    const outcome = pending.then(
      () => 'answered',
      () => 'dropped',
    );
    while (s.stats().requests === 0) await sleep(5); // the service has it, and waits out the latency
    expect(s.dropConnections()).toBe(1);
    expect(await outcome).toBe('dropped');
    await sleep(450); // the service wakes from its latency and finds the request killed
    expect(s.deliveries()).toEqual([]);
    expect(s.stats().faultedBy).toEqual({ killed: 1 });
    s.setFaults({ latencyMs: 0 });
    expect((await send('after')).status).toBe(201);
  });
});

/** What a TurnContext's sendActivity throws: botbuilder's RestError (@azure/core-rest-pipeline). */
interface RestErrorShape {
  name: string;
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { status: number; headers: { get(name: string): string | undefined }; bodyAsText?: string };
}

describe('botbuilder CloudAdapter posting proactively (local mode: no app id, no token)', () => {
  let s: TeamsStandIn;
  let adapter: CloudAdapter;

  beforeAll(async () => {
    s = await startTeamsStandIn({ port: 0 });
    // Local mode: no MicrosoftAppId/Password, so botbuilder's credentials are MicrosoftAppCredentials.Empty and it signs nothing.
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  });
  afterAll(() => s.stop());
  beforeEach(() => s.reset());

  /** continueConversationAsync with an empty bot app id, as a local bot calls it. */
  const proactive = (ref: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>) => adapter.continueConversationAsync('', ref, logic);

  /** Sends one activity proactively; resolves to the answered id or the error it threw. */
  const sendOne = async (ref: Partial<ConversationReference>, activity: Json, before?: (ctx: TurnContext) => void): Promise<{ id?: string; error?: RestErrorShape; ms: number }> => {
    const t0 = performance.now();
    let out: { id?: string; error?: RestErrorShape } = {};
    await proactive(ref, async (ctx) => {
      before?.(ctx);
      try {
        out = { id: (await ctx.sendActivity(activity))?.id };
      } catch (e) {
        out = { error: e as RestErrorShape };
      }
    });
    return { ...out, ms: performance.now() - t0 };
  };

  it('a send arrives with its ledger key; continueConversationAsync makes it a reply to the continuation event', async () => {
    const [ref] = s.addConversations(1);
    const r = await sendOne(ref!, { type: 'message', text: '研修のお知らせ', channelData: { skillsteps: { key: 'rem:1' } }, entities: [{ type: 'skillsteps', key: 'ent:1' }] });
    expect(r.error).toBeUndefined();
    const [d] = s.deliveries();
    expect(d).toMatchObject({ activityId: r.id, kind: 'reply', text: '研修のお知らせ', key: 'rem:1', appId: s.botAppId, conversationId: conversationOf(ref!) });
    // The continuation event's random id becomes replyToId: botbuilder POSTs …/activities/{that id}.
    expect(d!.replyToId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    expect(d!.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(d!.activity).toMatchObject({ from: { id: s.bot.id }, recipient: { id: ref!.user!.id }, conversation: { id: conversationOf(ref!) }, entities: [{ type: 'skillsteps' }] });

    // Without the continuation id (the logic removes it) it is a plain send to the conversation.
    await sendOne(ref!, { type: 'message', text: 'plain' }, (ctx) => delete (ctx.activity as { id?: string }).id);
    expect(s.deliveries()[1]).toMatchObject({ kind: 'send', text: 'plain' });
    expect(s.deliveries()[1]!.replyToId).toBeUndefined();
  });

  it('with an audience, takes only a bot token as the Bot Connector does: Entra ID\'s issuer, the Bot Framework\'s audience, the bot\'s app id', async () => {
    const tid = '0b4c2d6e-1111-2222-3333-444455556666';
    const strict = await startTeamsStandIn({ port: 0, botAppId: 'bot-app', expectedIssuer: `https://sts.windows.net/${tid}/`, expectedAudience: 'https://api.botframework.com' });
    try {
      const r = strict.addConversation({ upn: 'a@x.jp' });
      const send = (claims?: Record<string, unknown>) => call('POST', activities(strict, conversationOf(r)), message('x'), claims ? { Authorization: `Bearer ${jwt(claims)}` } : {});
      const good = { iss: `https://sts.windows.net/${tid}/`, aud: 'https://api.botframework.com', appid: 'bot-app', nbf: Math.floor(Date.now() / 1000) - 60, exp: Math.floor(Date.now() / 1000) + 3600 };
      expect((await send()).status).toBe(401);
      expect((await send({ ...good, aud: 'https://graph.microsoft.com' })).body).toMatchObject({ error: { code: 'Unauthorized', message: expect.stringContaining('audience') } });
      expect((await send({ ...good, appid: 'another-app' })).body).toMatchObject({ error: { code: 'Unauthorized', message: expect.stringContaining('another-app') } });
      expect((await send({ ...good, iss: 'https://api.botframework.com' })).status).toBe(401);
      expect((await send({ ...good, nbf: Math.floor(Date.now() / 1000) + 3600 })).status).toBe(401);
      expect((await send(good)).status).toBe(201);
      expect(strict.deliveries()).toMatchObject([{ appId: 'bot-app' }]);
    } finally {
      await strict.stop();
    }
  });

  it('sends no token in local mode (a stand-in that wants one says 401)', async () => {
    const strict = await startTeamsStandIn({ port: 0, expectedIssuer: 'https://api.botframework.com' });
    try {
      const [ref] = strict.addConversations(1);
      const r = await sendOne(ref!, { type: 'message', text: 'x' });
      expect(r.error).toMatchObject({ name: 'RestError', statusCode: 401, code: 'Unauthorized' });
      expect(strict.stats()).toMatchObject({ requests: 1, rejected: 1 });
    } finally {
      await strict.stop();
    }
  });

  it('an update replaces the message', async () => {
    const [ref] = s.addConversations(1);
    await proactive(ref!, async (ctx) => {
      const sent = await ctx.sendActivity({ type: 'message', text: '承認待ち', channelData: { skillsteps: { key: 'nom:1' } } });
      await ctx.updateActivity({ type: 'message', id: sent!.id, text: '承認されました' });
    });
    const [d, ...others] = s.deliveries();
    expect(others).toEqual([]);
    expect(d).toMatchObject({ text: '承認されました', key: 'nom:1' });
    expect(d!.versions.map((v) => v.text)).toEqual(['承認待ち', '承認されました']);
    expect(s.stats()).toMatchObject({ accepted: 1, updates: 1 });
  });

  it('createConversationAsync gets the personal chat the person already has', async () => {
    const [ref] = s.addConversations(1);
    let created: string | undefined;
    await adapter.createConversationAsync('', 'msteams', s.url, '', { isGroup: false, bot: ref!.bot!, members: [{ id: ref!.user!.aadObjectId!, name: '' }], tenantId: s.tenantId, channelData: { tenant: { id: s.tenantId } } }, async (ctx) => {
      created = ctx.activity.conversation.id;
      await ctx.sendActivity('はじめまして');
    });
    expect(created).toBe(conversationOf(ref!));
    expect(s.deliveries()).toMatchObject([{ conversationId: conversationOf(ref!), text: 'はじめまして' }]);
    expect(s.stats().conversationsCreated).toBe(1);
  });

  // The findings the sender is built on: botbuilder 4.23's connector client (botbuilder-stdlib's
  // ServiceClientContext over @azure/core-client) has @azure/core-rest-pipeline's defaultRetryPolicy:
  // up to 3 retries of the same request, on 429/503 after Retry-After, on other 5xx (not 501/505),
  // 408 and ECONNRESET-like errors with exponential backoff (1 s base, jittered). Not on 412, nor on
  // a 429 without Retry-After. Neither ConnectorClientOptions nor the adapter can turn it off.

  it('retries a 429 itself after Retry-After: over the conversation limit, every send still arrives', async () => {
    const [ref] = s.addConversations(1);
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => sendOne(ref!, { type: 'message', text: `burst ${i}`, channelData: { skillsteps: { key: `b${i}` } } })));
    expect(results.map((r) => r.error)).toEqual(Array(10).fill(undefined));
    const stats = s.stats();
    expect(stats.accepted).toBe(10);
    expect(stats.duplicateKeys).toBe(0);
    expect(stats.throttled).toBeGreaterThanOrEqual(3);
    // Every request beyond the ten was botbuilder retrying a 429 on its own.
    expect(stats.requests).toBe(10 + stats.throttled);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
  }, 20_000);

  it('gives up after 3 retries of a 429 and throws a RestError with the status, the code and Retry-After', async () => {
    const [ref] = s.addConversations(1);
    s.storm(30_000, 1);
    const r = await sendOne(ref!, { type: 'message', text: 'x' });
    expect(r.error).toMatchObject({ name: 'RestError', statusCode: 429, code: 'Throttled', details: { error: { code: 'Throttled' } } });
    expect(r.error!.response!.status).toBe(429);
    expect(r.error!.response!.headers.get('retry-after')).toBe('1');
    expect(s.stats()).toMatchObject({ requests: 4, throttled: 4, accepted: 0 });
    expect(r.ms).toBeGreaterThanOrEqual(3000);
  }, 20_000);

  it('does not retry a 429 without Retry-After, nor a 412', async () => {
    const [ref] = s.addConversations(1);
    s.setFaults({ faultRate: 1, faultStatuses: [429] });
    const noRetryAfter = await sendOne(ref!, { type: 'message', text: 'x' });
    expect(noRetryAfter.error).toMatchObject({ statusCode: 429 });
    expect(noRetryAfter.error!.response!.headers.get('retry-after')).toBeUndefined();
    s.setFaults({ faultStatuses: [412] });
    const precondition = await sendOne(ref!, { type: 'message', text: 'x' });
    expect(precondition.error).toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    expect(s.stats()).toMatchObject({ requests: 2, faulted: 2 });
  });

  it('retries a 502 three times with exponential backoff before throwing', async () => {
    const [ref] = s.addConversations(1);
    s.setFaults({ faultRate: 1, faultStatuses: [502] });
    const r = await sendOne(ref!, { type: 'message', text: 'x' });
    expect(r.error).toMatchObject({ statusCode: 502, code: 'ServiceError' });
    expect(s.stats()).toMatchObject({ requests: 4, faultedBy: { '502': 4 } });
    // Waits of 0.5–1 s, 1–2 s and 2–4 s.
    expect(r.ms).toBeGreaterThanOrEqual(3500);
  }, 20_000);

  it('retries a POST whose answer was lost: the message arrives twice under one client request id', async () => {
    const [ref] = s.addConversations(1);
    s.setFaults({ dropRate: 1, dropAfterAccept: true });
    const sending = sendOne(ref!, { type: 'message', text: 'once?', channelData: { skillsteps: { key: 'rem:dup' } } });
    while (s.deliveries().length === 0) await sleep(5);
    s.setFaults({ dropRate: 0 }); // botbuilder's retry (after about a second) is answered
    const r = await sending;
    expect(r.error).toBeUndefined();
    const dup = s.duplicates();
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ key: 'rem:dup', count: 2 });
    expect(dup[0]!.deliveries[0]!.clientRequestId).toBe(dup[0]!.deliveries[1]!.clientRequestId);
    expect(r.id).toBe(dup[0]!.deliveries[1]!.activityId);
    expect(s.stats()).toMatchObject({ accepted: 2, duplicateKeys: 1, duplicateDeliveries: 1, faultedBy: { 'drop after accept': 1 } });
  }, 20_000);

  it('a sender can remove botbuilder’s retry policy from the connector client (a private field: this test guards it)', async () => {
    const [ref] = s.addConversations(1);
    s.storm(30_000, 1);
    const r = await sendOne(ref!, { type: 'message', text: 'x' }, (ctx) => {
      const connector = ctx.turnState.get(adapter.ConnectorClientKey) as { client: { pipeline: { removePolicy(p: { name: string }): unknown } } };
      connector.client.pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    });
    expect(r.error).toMatchObject({ statusCode: 429 });
    expect(s.stats().requests).toBe(1);
    expect(r.ms).toBeLessThan(2000); // no wait for Retry-After (three of them would be 3 s)
  });
});

describe('the stand-in as a process, driven over its control API', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-teams-standin-'));
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in-process from its arguments, and refuses bad ones', async () => {
    let out = '';
    const refs = join(dir, 'refs.json');
    const standIn = await runTeamsStandInCli(['--port', '0', '--conversations', '3', '--references', refs, '--app-limit', '20'], (t) => (out += t));
    try {
      expect(out).toContain(`TEAMS_STANDIN_URL=${standIn.url}\n`);
      expect(out).toContain(`TEAMS_STANDIN_ADMIN_URL=${standIn.adminUrl}\n`);
      expect(out).toMatch(/Ctrl\+C/);
      const written = JSON.parse(readFileSync(refs, 'utf8')) as Array<Partial<ConversationReference>>;
      expect(written.map(conversationOf)).toEqual(standIn.conversations().map((c) => c.id));
      expect(standIn.limits().perAppPerTenant).toEqual([{ windowMs: 1000, max: 20 }]);
    } finally {
      await standIn.stop();
    }
    await expect(runTeamsStandInCli(['--port', 'x'], () => undefined)).rejects.toMatchObject({ code: 2 });
    await expect(runTeamsStandInCli(['--what'], () => undefined)).rejects.toBeInstanceOf(CliExit);
  });

  it('serves another process: admin client, sends, a storm, a reset, and stops on SIGTERM', async () => {
    // The CLI as built into dist/ (npm test builds it first), started as the benchmark starts it.
    const cli = join(__dirname, '..', '..', 'dist', 'dev', 'teams-standin', 'main.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run node scripts/setup.js (it builds dist/)`);
    child = spawn(process.execPath, [cli, '--port', '0', '--conversations', '2']);
    let out = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child!.stdout.on('data', (t: string) => {
        out += t;
        if (out.includes('Ctrl+C')) resolve();
      });
      child!.once('exit', (code) => reject(new Error(`the stand-in exited (${code}): ${out}`)));
    });
    const env = Object.fromEntries(out.split('\n').filter((l) => l.startsWith('TEAMS_STANDIN_')).map((l) => l.split('=') as [string, string]));
    const admin = connectTeamsStandIn(env.TEAMS_STANDIN_ADMIN_URL!);
    expect((await admin.info()).url).toBe(env.TEAMS_STANDIN_URL);
    const [ref] = await admin.addConversations([{ upn: 'someone@city.example.jp' }]);
    expect(await admin.conversations()).toHaveLength(3);
    const url = `${env.TEAMS_STANDIN_URL}v3/conversations/${encodeURIComponent(conversationOf(ref!))}/activities`;
    expect((await call('POST', url, message('hello', 'k1'))).status).toBe(201);
    expect((await call('POST', url, message('hello again', 'k1'))).status).toBe(201);
    expect(await admin.duplicates()).toMatchObject([{ key: 'k1', count: 2 }]);
    expect(await admin.deliveries({ key: 'k1', sinceSeq: 1 })).toMatchObject([{ seq: 2, text: 'hello again' }]);

    expect(await admin.setFaults({ stormMs: 60_000, stormRetryAfterSeconds: 3 })).toMatchObject({ stormRetryAfterSeconds: 3 });
    const stormy = await call('POST', url, message('x'));
    expect([stormy.status, stormy.headers.get('retry-after')]).toEqual([429, '3']);
    await expect(admin.setFaults({ faultRate: 2 })).rejects.toThrow(/400/);
    await admin.setLimits({ perAppPerTenant: [{ windowMs: 1000, max: 5 }] });
    await admin.blockConversation(conversationOf(ref!));
    expect(await admin.dropConnections()).toBe(0);
    expect(await admin.stats()).toMatchObject({ accepted: 2, throttled: 1, duplicateKeys: 1 });

    await admin.reset();
    expect(await admin.stats()).toMatchObject({ requests: 0, accepted: 0 });
    expect((await call('POST', url, message('x'))).status).toBe(403); // still blocked: conversations outlive a reset
    await admin.blockConversation(conversationOf(ref!), false);
    expect((await call('POST', url, message('x'))).status).toBe(201);
    expect(await call('GET', `${env.TEAMS_STANDIN_ADMIN_URL}nothing`)).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
