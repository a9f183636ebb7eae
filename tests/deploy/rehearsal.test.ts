/**
 * The deploy rehearsal (issue 11, item 3): the artifact `npm run build:deploy` makes, unpacked alone
 * into an empty folder, started with infra/azure.bicep's startup command and app settings, in
 * production mode, against the local tenant (Graph, Entra ID, the Bot Framework's keys, App
 * Service's managed identity endpoint), Azurite with Entra ID tokens over HTTPS, and the Teams
 * stand-in checking the bot's tokens. It fails if the startup command does not serve, if the
 * server needs a dev dependency at run time, or if the bot takes a request without a valid Bot
 * Framework token. Prints the artifact's size and the start-to-healthy times (bench/README.md).
 */
import { generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationReference } from 'botbuilder';
import { DEV_ACCOUNT, startAzurite, type RunningAzurite } from '../../dev/azurite';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import type { ManagedIdentityEndpoint } from '../../dev/local-tenant/managed-identity';
import { makeCertificate } from '../../dev/local-tenant/tls-certificate';
import { startTeamsStandIn, type TeamsStandIn } from '../../dev/teams-standin';
import { ProgrammeService, type Evaluated } from '../../src/app/programme-service';
import { entryKey } from '../../src/app/reminders';
import { isWorkingDay } from '../../src/domain/fiscal-calendar';
import { jstDate } from '../../src/domain/local-date';
import { checkNomination } from '../../src/domain/nomination-rules';
import type { Programme } from '../../src/domain/programme';
import { inSendWindow, planReminders } from '../../src/domain/reminder-planner';
import type { StaffRecord } from '../../src/domain/records';
import { GraphListSource } from '../../src/sharepoint/graph-list-reader';
import { MemorySyncStore } from '../../src/sharepoint/memory-sync-store';
import { stateNames } from '../../src/state/storage';
import { pickPeople, programmeOf } from '../e2e/harness';
import { graphApiOf } from '../helpers/tenant';
import { parseBicep } from './bicep-text';
import { buildArtifact, deploymentOf, filesUnder, freePort, holdLease, mb, nodeModulesAbove, REPO, startApp, workFolder, type Artifact, type BicepDeployment, type RunningApp } from './rehearsal-world';

jest.setTimeout(120_000);

/** The object id of the programme office's Entra group (the OFFICE_GROUP_ID parameter). */
const OFFICE_GROUP_ID = '5f0c7c1e-7a4e-4b8e-9c55-0d2f3b7a1e42';
const OFFICE_ROLE = 'ProgrammeOffice';
/** Dev-only packages a production dependency requires inside a try (works without them). */
const OPTIONAL_REQUIRES = new Set(['supports-color']);

/**
 * What a real deployment supplies for each parameter (infra/azure.parameters.json) and resource
 * property (Azure, at deployment) that infra/azure.bicep's app settings and startup command use,
 * and the local stand-in for it. Parameters with a default the Bicep gives (botLocale, officeUpns,
 * teamsAppId, allowedTenants = aadAppTenantId …) take it. A reference missing here fails the test
 * with its name; an entry nothing uses fails it too.
 */
function bicepValues(w: { tenant: LocalTenant; identity: ManagedIdentityEndpoint; port: number }): Record<string, string> {
  return {
    programme: 'setagaya',
    sharePointSite: w.tenant.siteUrl,
    officeGroupId: OFFICE_GROUP_ID,
    aadAppClientId: w.tenant.clientId,
    aadAppTenantId: w.tenant.tenantId,
    aadAppClientSecret: w.tenant.clientSecret,
    // The user-assigned identity: the local tenant's managed identity endpoint knows it.
    'identity.properties.clientId': w.identity.clientId,
    'identity.properties.tenantId': w.tenant.tenantId,
    // App Service's host name; here the server itself on PORT (no TLS front end, so links say https but nothing follows them).
    'site.properties.defaultHostName': `127.0.0.1:${w.port}`,
    // Azurite's account, reached at the endpoints below.
    'storage.name': DEV_ACCOUNT,
    // Read by App Service's Application Insights agent, which is not here; the server does not read it.
    'insights.properties.ConnectionString': 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/',
  };
}

/**
 * Settings the rehearsal adds to the Bicep's, each because a stand-in is not where the public cloud is.
 */
function standInSettings(w: { tenant: LocalTenant; azurite: RunningAzurite }): Record<string, string> {
  const account = (url: string): string => `${url}/${DEV_ACCOUNT}`;
  return {
    // Microsoft Graph and Entra ID are the local tenant (graph.microsoft.com, login.microsoftonline.com in Azure).
    SKILLSTEPS_GRAPH_BASE_URL: w.tenant.url,
    SKILLSTEPS_AUTHORITY_HOST: w.tenant.url,
    // Azure Storage is Azurite (https://<account>.<service>.core.windows.net in Azure).
    SKILLSTEPS_STORAGE_BLOB_ENDPOINT: account(w.azurite.endpoints.blob),
    SKILLSTEPS_STORAGE_QUEUE_ENDPOINT: account(w.azurite.endpoints.queue),
    SKILLSTEPS_STORAGE_TABLE_ENDPOINT: account(w.azurite.endpoints.table),
    // The Bot Framework's keys are the local tenant's (login.botframework.com in Azure).
    SKILLSTEPS_BOT_OPENID_METADATA: w.tenant.botFramework.openIdMetadataUrl,
    // App Service's front end is the only way in there; here loopback keeps this machine's network out.
    SKILLSTEPS_HOST: '127.0.0.1',
  };
}

/** What App Service itself gives the process (the platform, not the app's settings). */
function platformSettings(w: { identity: ManagedIdentityEndpoint; port: number; caFile: string; home: string }): Record<string, string> {
  return {
    // The port App Service forwards to, and this instance's name (job leases are taken for it).
    PORT: String(w.port),
    WEBSITE_INSTANCE_ID: 'a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7f809',
    // The managed identity's local token service, as App Service sets them for an app with an identity.
    IDENTITY_ENDPOINT: w.identity.url,
    IDENTITY_HEADER: w.identity.header,
    // Node's own trust store extended by the stand-ins' self-signed certificates, as a corporate CA is
    // (never SKILLSTEPS_LOCAL_CA_FILE, the local-mode switch production refuses).
    NODE_EXTRA_CA_CERTS: w.caFile,
    // The runtime on PATH, a home folder; nothing else of this machine's environment.
    PATH: `${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin`,
    HOME: w.home,
  };
}

interface People {
  manager: StaffRecord;
  nominee: StaffRecord;
  approver: StaffRecord;
  /** Signs in with the programme office's app role: reminds anyone, sees the jobs. */
  office: string;
  a: StaffRecord;
  b: StaffRecord;
  role: string;
}

interface World {
  programme: Programme;
  tenant: LocalTenant;
  identity: ManagedIdentityEndpoint;
  azurite: RunningAzurite;
  teams: TeamsStandIn;
  artifact: Artifact;
  deployment: BicepDeployment;
  env: Record<string, string>;
  caFile: string;
  work: string;
  evaluated: Evaluated;
  /** Inside the programme's send window on a working day, now (JST). */
  windowOpen: boolean;
}

let w: World;
const healthyTimes: number[] = [];
const stopTimes: number[] = [];
const running: RunningApp[] = [];

/** What beforeAll started, stopped in afterAll even when beforeAll failed half-way. */
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  const work = workFolder();
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const programme = await programmeOf('setagaya');
  const today = jstDate(new Date());
  const tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 200, seed: 5, today } });
  cleanups.push(() => tenant.close());
  const [artifact, azuriteTls] = await Promise.all([
    buildArtifact(work),
    // A subject of its own: OpenSSL finds an issuer by name, and the tenant's certificate is CN=localhost.
    makeCertificate('127.0.0.1'),
  ]);
  const azurite = await startAzurite({ oauth: { certPem: azuriteTls.cert, keyPem: azuriteTls.key } });
  cleanups.push(() => azurite.stop());
  const identity = await tenant.startManagedIdentity();
  // The Bot Connector as it takes a bot's token: Entra ID's v1 token for the Bot Framework, issued to the bot's identity.
  const teams = await startTeamsStandIn({
    tenantId: tenant.tenantId,
    botAppId: identity.clientId,
    expectedIssuer: `https://sts.windows.net/${tenant.tenantId}/`,
    expectedAudience: 'https://api.botframework.com',
  });
  cleanups.push(() => teams.stop());
  const caFile = join(work, 'extra-ca.pem');
  writeFileSync(caFile, `${tenant.caPem.trim()}\n${azuriteTls.cert.trim()}\n`);
  const home = join(work, 'home');
  const port = await freePort();
  const deployment = deploymentOf(parseBicep(readFileSync(join(REPO, 'infra', 'azure.bicep'), 'utf8')), bicepValues({ tenant, identity, port }));
  const env = { ...deployment.appSettings, ...standInSettings({ tenant, azurite }), ...platformSettings({ identity, port, caFile, home }) };

  // The test's own reading of the lists (as the server will read them), to choose people.
  const graph = graphApiOf(tenant);
  const clock = { now: () => new Date(), today: () => jstDate(new Date()) };
  const evaluated = await new ProgrammeService(programme, () => new GraphListSource(graph.api, tenant.siteId, new MemorySyncStore(), 5000), clock).refresh();
  graph.close();
  const policy = programme.reminders;
  const windowOpen = isWorkingDay(today, new Set(policy.closedDays)) && inSendWindow(policy, new Date());
  w = { programme, tenant, identity, azurite, teams, artifact, deployment, env, caFile, work, evaluated, windowOpen };
}, 120_000);

afterAll(async () => {
  for (const app of running) await app.stop('SIGKILL', 2000);
  for (const cleanup of cleanups.reverse()) await cleanup();
  if (w) {
    process.stdout.write(
      `\n[rehearsal] artifact: ${mb(w.artifact.zipBytes)} zip, ${mb(w.artifact.unpackedBytes)} unpacked, ${w.artifact.files} files (built in ${(w.artifact.buildMs / 1000).toFixed(1)} s); ` +
        `start to healthy: ${healthyTimes.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}; SIGTERM to exit: ${stopTimes.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}\n`,
    );
  }
});

/** Starts the unpacked artifact with the Bicep's command and the settings; waits until healthy. */
async function start(): Promise<RunningApp> {
  const app = await startApp(w.deployment.startupCommand, w.artifact.dir, w.env);
  running.push(app);
  healthyTimes.push(app.healthyMs);
  return app;
}

async function stop(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const how = await app.stop(signal);
  running.splice(running.indexOf(app), 1);
  stopTimes.push(how.ms);
  return how;
}

// ---------------------------------------------------------------------------------------------
// Requests as Teams and the tab make them

/** A tab token (Teams SSO) for a person; `office` adds the programme office's app role. */
function tabToken(upn: string, office = false): Promise<string> {
  return w.tenant.issueUserToken(upn, w.tenant.clientId, office ? { roles: [OFFICE_ROLE] } : undefined);
}

async function api(app: RunningApp, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}

interface Chat {
  upn: string;
  reference: Partial<ConversationReference>;
  conversationId: string;
}

/** A personal chat with the bot, registered in the stand-in (not yet told to the bot). */
function chatWith(person: StaffRecord): Chat {
  const reference = w.teams.addConversation({ upn: person.upn, name: person.name });
  return { upn: person.upn, reference, conversationId: reference.conversation!.id };
}

/** The bot added to a personal chat, as Teams posts it (conversationUpdate). */
function installActivity(chat: Chat): Record<string, unknown> {
  const r = chat.reference;
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: r.serviceUrl,
    from: { id: r.user!.id, name: r.user!.name, aadObjectId: (r.user as { aadObjectId?: string }).aadObjectId },
    recipient: r.bot,
    conversation: r.conversation,
    channelData: { tenant: { id: w.tenant.tenantId } },
    membersAdded: [{ id: r.bot!.id }],
    locale: 'ja-JP',
  };
}

async function postActivity(app: RunningApp, activity: Record<string, unknown>, authorization?: string): Promise<number> {
  const res = await fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
  await res.text();
  return res.status;
}

/** A channel token as the Bot Connector sends it for this activity. */
function channelToken(chat: Chat, over: { appId?: string; serviceUrl?: string; signedFor?: 'msteams' | 'webchat'; lifetimeSeconds?: number } = {}): Promise<string> {
  return w.tenant.botFramework.channelToken({ appId: over.appId ?? w.identity.clientId, serviceUrl: over.serviceUrl ?? chat.reference.serviceUrl!, ...over });
}

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reminders delivered to a person today (the ledger key the sender puts on each). */
function remindersTo(upn: string): number {
  const key = entryKey(jstDate(new Date()), upn);
  return w.teams.deliveries().filter((d) => d.key === key).length;
}

// ---------------------------------------------------------------------------------------------

test('the artifact stands alone: no node_modules, no repository, the startup command the Bicep gives', () => {
  const files = filesUnder(w.artifact.dir);
  expect(files).toContain('dist/src/server/run.js');
  expect(files.filter((f) => /(^|\/)(node_modules|src\/.*\.ts|dev|tests)(\/|$)/.test(f))).toEqual([]);
  expect(nodeModulesAbove(w.artifact.dir)).toBeUndefined();
  // A dev-only package the server requires is left out of the bundle; only optional ones may be
  // (debug's supports-color, required inside a try). Any other fails the start below as well.
  expect(w.artifact.devOnlyImports.filter((p) => !OPTIONAL_REQUIRES.has(p))).toEqual([]);
  // The command App Service runs is the one the artifact means (its package.json start script).
  expect(w.deployment.startupCommand).toBe(w.artifact.startScript);
  // Production mode as the Bicep sets it, the managed identity, no local-mode switch.
  expect(w.env).toMatchObject({ NODE_ENV: 'production', SKILLSTEPS_MANAGED_IDENTITY: 'true', SKILLSTEPS_BOT_APP_TYPE: 'UserAssignedMSI', SKILLSTEPS_STORAGE_ACCOUNT: DEV_ACCOUNT });
  for (const name of ['SKILLSTEPS_LOCAL_MODE', 'SKILLSTEPS_LOCAL_CA_FILE', 'SKILLSTEPS_STORAGE_CONNECTION_STRING', 'NODE_OPTIONS', 'NODE_PATH']) expect(w.env[name]).toBeUndefined();
  // Every local value stands for something the Bicep uses.
  expect(Object.keys(bicepValues({ tenant: w.tenant, identity: w.identity, port: 0 })).filter((k) => !w.deployment.used.has(k))).toEqual([]);
});

describe('started as App Service starts it, in production mode', () => {
  let app: RunningApp;
  let people: People;
  const chats = new Map<string, Chat>();

  beforeAll(async () => {
    app = await start();
    people = choosePeople(w.programme, w.evaluated, w.windowOpen);
  });

  test('/api/health answers 200 and the server names no local mode', async () => {
    expect((await api(app, '/api/health')).status).toBe(200);
    expect(app.log.find((l) => l.message === 'server listening')).toBeDefined();
    expect(app.log.filter((l) => /LOCAL MODE/.test(String(l.message)))).toEqual([]);
    expect(app.log.filter((l) => l.level === 'error')).toEqual([]);
    // Graph, Storage and the bot each asked the managed identity, with its client id.
    const asked = new Set(w.identity.requests().filter((r) => r.status === 200).map((r) => r.resource));
    expect(asked).toEqual(new Set(['https://graph.microsoft.com', 'https://storage.azure.com']));
    expect(w.identity.requests().every((r) => r.clientId === w.identity.clientId)).toBe(true);
  });

  test('the first sync runs with V8’s default heap growth; the heap grows slowly from when it has finished', async () => {
    // run.ts sets --optimize-for-size only then: the first sync builds the live set from nothing and
    // under the flag spent most of its time in the collector (issue 16, bench/README.md).
    const messages = (): string[] => app.log.map((l) => String(l.message));
    for (const until = Date.now() + 20_000; !messages().includes('heap set to grow slowly after the first sync') && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    const m = messages();
    expect(m.indexOf('sync finished')).toBeGreaterThan(-1);
    expect(m.indexOf('heap set to grow slowly after the first sync')).toBeGreaterThan(m.indexOf('sync finished'));
    expect(m.filter((x) => x === 'heap set to grow slowly after the first sync')).toHaveLength(1);
  });

  test('the tab loads: its page and the script it names', async () => {
    const page = await fetch(`${app.url}/tab/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(new URL(script!, `${app.url}/tab/`));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  test('a 認定証 comes out of the artifact: the font file it reads beside the bundle is there, embedded as a subset', async () => {
    // The specimen goes through the same renderer and font as an award's (this preset has no certifications to award).
    const res = await fetch(`${app.url}/api/awards/specimen`, { headers: { authorization: `Bearer ${await tabToken(people.office, true)}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A subset of a 7.6 MB font: a page's glyphs, not the file.
    expect(pdf.length).toBeLessThan(100_000);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifJP/);
    expect(app.log.filter((l) => l.level === 'error')).toEqual([]);
  });

  test('the tab API refuses a missing or foreign token (401) and serves a valid one', async () => {
    expect((await api(app, '/api/me')).status).toBe(401);
    expect((await api(app, '/api/me', { token: 'not-a-token' })).status).toBe(401);
    const wrongAudience = await w.tenant.issueUserToken(people.manager.upn, 'api://someone-else');
    expect((await api(app, '/api/me', { token: wrongAudience })).status).toBe(401);
    const me = await api(app, '/api/me', { token: await tabToken(people.manager.upn) });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).toContain(people.manager.upn);
    expect((await api(app, '/api/me/progress', { token: await tabToken(people.a.upn) })).status).toBe(200);
  });

  test('the bot takes only Bot Framework tokens, checked as in production (401 otherwise)', async () => {
    const chat = chatWith(people.a);
    const install = installActivity(chat);
    const refused = async (authorization?: string): Promise<number> => postActivity(app, install, authorization);
    expect(await refused()).toBe(401);
    expect(await refused('Bearer not-a-token')).toBe(401);
    // Right claims, signed with a key of our own: unknown kid, and the published kid copied.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = (kid: string): Promise<string> =>
      new SignJWT({ serviceurl: chat.reference.serviceUrl })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer('https://api.botframework.com')
        .setAudience(w.identity.clientId)
        .setNotBefore(Math.floor(Date.now() / 1000) - 60)
        .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
        .sign(privateKey);
    expect(await refused(`Bearer ${await forged('forged-key')}`)).toBe(401);
    const genuine = await channelToken(chat);
    const publishedKid = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString('utf8')).kid as string;
    expect(await refused(`Bearer ${await forged(publishedKid)}`)).toBe(401);
    // Genuine signatures, wrong in one respect each: another bot, another service URL, expired, a key not endorsed for Teams.
    expect(await refused(`Bearer ${await channelToken(chat, { appId: randomUUID() })}`)).toBe(401);
    expect(await refused(`Bearer ${await channelToken(chat, { serviceUrl: 'https://smba.trafficmanager.net/jp/' })}`)).toBe(401);
    expect(await refused(`Bearer ${await channelToken(chat, { lifetimeSeconds: -3600 })}`)).toBe(401);
    expect(await refused(`Bearer ${await channelToken(chat, { signedFor: 'webchat' })}`)).toBe(401);
    expect(w.teams.deliveries({ conversationId: chat.conversationId })).toEqual([]);
    expect(app.log.filter((l) => l.message === 'bot installed')).toEqual([]);
    // Each refused for its own reason (botbuilder's words), logged without the token.
    // (No token at all is refused before botbuilder, by the HTTP edge: src/server/http.ts.)
    const refusals = app.log.filter((l) => l.message === 'bot request refused');
    expect(refusals.map((l) => String(l.reason))).toEqual([
      expect.stringMatching(/No valid identity/),
      expect.stringMatching(/Signing Key could not be retrieved/),
      expect.stringMatching(/invalid signature/),
      expect.stringMatching(/Invalid AppId/),
      expect.stringMatching(/ServiceUrl claim do not match/),
      expect.stringMatching(/expired/),
      expect.stringMatching(/endorsement/),
    ]);
    expect(JSON.stringify(app.log)).not.toMatch(/eyJ[\w-]{10,}\./);

    // Teams' token: the bot is installed and greets the person, through the Bot Connector with its managed identity.
    expect(await postActivity(app, install, `Bearer ${genuine}`)).toBe(200);
    const greeting = w.teams.deliveries({ conversationId: chat.conversationId });
    expect(greeting).toHaveLength(1);
    expect(greeting[0]).toMatchObject({ appId: w.identity.clientId, tenantId: w.tenant.tenantId });
    chats.set(people.a.upn, chat);
    for (const person of [people.b, people.approver]) {
      const c = chatWith(person);
      expect(await postActivity(app, installActivity(c), `Bearer ${await channelToken(c)}`)).toBe(200);
      chats.set(person.upn, c);
    }
    expect(w.identity.requests().some((r) => r.resource === 'https://api.botframework.com' && r.status === 200)).toBe(true);
  });

  test('a nomination asks its approver in chat at once (a proactive card through the stand-in)', async () => {
    const approverChat = chats.get(people.approver.upn)!;
    const before = w.teams.deliveries({ conversationId: approverChat.conversationId }).length;
    const r = await api(app, '/api/nominations', {
      method: 'POST',
      token: await tabToken(people.manager.upn),
      body: { nomineeUpn: people.nominee.upn, role: people.role, reason: 'デプロイのリハーサル', confirmWarnings: true },
    });
    expect(r).toMatchObject({ status: 201, body: { approverUpn: people.approver.upn, approverNotified: true } });
    const cards = w.teams.deliveries({ conversationId: approverChat.conversationId }).slice(before);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.attachments)).toContain('nomination.approve');
  });

  test('SIGTERM with a reminder in flight: it is delivered once, then the server stops cleanly', async () => {
    // The Bot Connector holds its answer: the send is in flight when App Service scales in.
    w.teams.setFaults({ latencyMs: 3000 });
    const requests = w.teams.stats().requests;
    const r = await api(app, `/api/people/${encodeURIComponent(people.b.upn)}/remind`, { method: 'POST', token: await tabToken(people.office, true) });
    expect(r.status).toBe(202);
    const sent = await until('the reminder reaches the stand-in', () => w.teams.stats().requests > requests, 8000).then(
      () => true,
      () => false,
    );
    // Inside the send window the reminder goes at once. Outside it today's server still sends a manual
    // reminder at once (src/app/reminders.ts remindNow queues it, the sender sends at any hour); once
    // manual reminders wait for the window (a change under way) it stays queued, and is not lost (next test).
    // Whichever branch the hour picks, the other runs on a fixed clock in src/app/reminders.test.ts
    // (planned and queued in the window; nothing outside it or on a holiday) and
    // tests/integration/reminder-delivery.test.ts (the sender delivers what is queued).
    if (w.windowOpen) expect(sent).toBe(true);
    const how = await stop(app);
    expect(how).toMatchObject({ code: 0, signal: null });
    expect(how.ms).toBeLessThan(10_000);
    expect(app.log.map((l) => l.message)).toEqual(expect.arrayContaining(['server stopping', 'server stopped']));
    expect(app.log.filter((l) => l.level === 'error')).toEqual([]);
    w.teams.setFaults({ latencyMs: 0 });
    // In flight at SIGTERM: finished before the exit, once. Not yet sent (outside the window, once reminders wait for it): still queued (next test).
    expect(remindersTo(people.b.upn)).toBe(sent ? 1 : 0);
  });

  test('SIGTERM with a reminder queued: it stays queued, and a restarted server delivers it', async () => {
    // Another instance holds the sender's lease: this one queues the reminder and cannot send it.
    const names = stateNames(w.env.SKILLSTEPS_STORAGE_PREFIX ?? 'skillsteps');
    const holder = await holdLease(w.env.SKILLSTEPS_STORAGE_BLOB_ENDPOINT!, names.container, 'leases/sender', w.caFile);
    let released = false;
    try {
      const second = await start();
      const office = await tabToken(people.office, true);
      expect((await api(second, `/api/people/${encodeURIComponent(people.a.upn)}/remind`, { method: 'POST', token: office })).status).toBe(202);
      const jobs = async (at: RunningApp): Promise<{ remindersToday: Record<string, number>; queued: number }> => (await api(at, '/api/jobs', { token: office })).body as never;
      expect(await jobs(second)).toMatchObject({ remindersToday: { sending: 0 }, queued: expect.any(Number) });
      expect((await jobs(second)).queued).toBeGreaterThanOrEqual(1);
      const how = await stop(second);
      expect(how).toMatchObject({ code: 0, signal: null });
      expect(how.ms).toBeLessThan(5000);
      expect(second.log.map((l) => l.message)).toContain('server stopped');
      expect(remindersTo(people.a.upn)).toBe(0);

      // Restarted: the entry and the queue message are still there, claimed by no one.
      const third = await start();
      const after = await jobs(third);
      expect(after.queued).toBeGreaterThanOrEqual(1);
      expect(after.remindersToday.planned).toBeGreaterThanOrEqual(1);
      expect(after.remindersToday.sending).toBe(0);
      const again = await api(third, `/api/people/${encodeURIComponent(people.a.upn)}/remind`, { method: 'POST', token: office });
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'REMINDER.ALREADY_TODAY' } } });

      // The other instance lets go: this one's sender takes the lease and delivers.
      await holder.release();
      released = true;
      const delivered = await until('the queued reminder is delivered', () => remindersTo(people.a.upn) === 1, 20_000).then(
        () => true,
        () => false,
      );
      // Inside the window it must go; outside it, it may wait for the window: still planned, never failed or lost.
      if (w.windowOpen) expect(delivered).toBe(true);
      if (!delivered) expect((await jobs(third)).remindersToday.planned).toBeGreaterThanOrEqual(1);
      // Nothing went twice: the reminder in flight at the first SIGTERM is not sent again.
      expect(remindersTo(people.b.upn)).toBeLessThanOrEqual(1);
      expect(w.teams.duplicates()).toEqual([]);
      const how3 = await stop(third);
      expect(how3).toMatchObject({ code: 0, signal: null });
    } finally {
      if (!released) await holder.release();
    }
  });
});

/**
 * The people the rehearsal acts as, from the same lists the server reads: a section manager with a
 * free seat, a nominee the rules accept and the approver they name, the programme office, and two
 * people with something to do whom the daily plan does not remind today (so a manual reminder is theirs).
 */
function choosePeople(programme: Programme, e: Evaluated, windowOpen: boolean): People {
  const picked = pickPeople(programme, e);
  const manager = e.snapshot.staffByUpn.get(picked.manager.upn)!;
  const role = programme.roles.find((r) => r.assignment === 'nominated')!;
  const managing = new Set(programme.grades.filter((g) => g.manages).map((g) => g.id));
  const members = e.snapshot.staff.filter((s) => s.active && s.department === manager.department && s.section === manager.section && !managing.has(s.grade ?? ''));
  const checked = (m: StaffRecord) => checkNomination(programme, e.snapshot, { nominatorUpn: manager.upn, nominatorIsOffice: false, nomineeUpn: m.upn, role: role.id, asOf: e.asOf });
  const nominee = members.find((m) => checked(m).ok);
  if (!nominee) throw new Error(`no nominee the rules accept in ${manager.section}`);
  const approver = e.snapshot.staffByUpn.get(checked(nominee).approverUpn!.toLowerCase())!;
  const planned = new Set(
    windowOpen ? planReminders(e.people, programme.reminders, e.asOf, { sentKeys: new Set(), lastSent: new Map(), mutedUntil: new Map() }).map((p) => p.upn) : [],
  );
  const taken = new Set([manager.upn, nominee.upn, approver.upn, picked.office.upn]);
  const remindable = e.snapshot.staff.filter((s) => s.active && !taken.has(s.upn) && !planned.has(s.upn) && (e.byUpn.get(s.upn)?.nextActions.length ?? 0) > 0);
  if (remindable.length < 2) throw new Error('fewer than two people with something to do whom today\'s plan leaves out');
  return { manager, nominee, approver, office: picked.office.upn, a: remindable[0]!, b: remindable[1]!, role: role.id };
}
