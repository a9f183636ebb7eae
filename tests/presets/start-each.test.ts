/**
 * Every preset starts the way `npm start` starts it (dev/local-stack.ts: the local tenant seeded with
 * a sample municipality, a first server telling who is who, the server with the office configured),
 * shows マイステップ in the tab's API and answers ステップ in the bot, and the start-up guide offers the
 * nomination flow only where the programme has a nomination to show. Azurite is shared, as npm start
 * shares .local/azurite between data sets: a second data set must not see the first one's state.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import { startLocalStack, startupGuide, type LocalStack } from '../../dev/local-stack';
import { startTeamsStandIn, type TeamsStandIn } from '../../dev/teams-standin';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import { memoryLogger } from '../../src/server/log';
import type { PresetId } from '../../src/presets/presets';
import { cardOf, cardText } from '../helpers/bot-world';

const TODAY = '2026-11-24';
const STAFF = 200;
const SEED = 5;

jest.setTimeout(60_000);

let azurite: RunningAzurite;
let teams: TeamsStandIn;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'skillsteps-start-'));
  [azurite, teams] = await Promise.all([startAzurite(), startTeamsStandIn()]);
});

afterAll(async () => {
  await teams?.stop();
  await azurite?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A port free now, so two data sets in turn can use the same tenant address (as npm start's 8443). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function start(programme: string, tenantPort = 0, staff = STAFF, seed = SEED): Promise<LocalStack> {
  return startLocalStack({ programme, staff, seed, root, tenantPort, storageConnectionString: azurite.connectionString, today: TODAY, port: '0', log: memoryLogger() });
}

/** The caller's steps as the tab reads them (GET /api/me/progress with a token from the tenant). */
async function mySteps(stack: LocalStack, upn: string): Promise<{ status: number; roles: Array<{ role: string; label: { ja: string } }> }> {
  const token = await stack.tenant.issueUserToken(upn, `api://localhost/${stack.tenant.clientId}`);
  const res = await fetch(`${stack.server.url}/api/me/progress`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { progress?: { roles: Array<{ role: string; label: { ja: string } }> } };
  return { status: res.status, roles: body.progress?.roles ?? [] };
}

/** What the bot answers a person who types `text` in a personal chat (the Teams stand-in takes the reply). */
async function say(stack: LocalStack, person: { upn: string; name: string }, text: string): Promise<string> {
  const r = teams.addConversation({ upn: person.upn, name: person.name, tenantId: stack.tenant.tenantId });
  const conversationId = r.conversation!.id;
  const post = async (activity: Record<string, unknown>): Promise<number> => {
    const res = await fetch(`${stack.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await res.text();
    return res.status;
  };
  const activity = (extra: Record<string, unknown>) => ({
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: r.serviceUrl,
    from: r.user,
    recipient: r.bot,
    conversation: r.conversation,
    channelData: { tenant: { id: stack.tenant.tenantId } },
    locale: 'ja-JP',
    ...extra,
  });
  expect(await post(activity({ type: 'conversationUpdate', membersAdded: [{ id: r.bot!.id }] }))).toBeLessThan(300);
  const before = teams.deliveries({ conversationId }).length;
  expect(await post(activity({ type: 'message', text }))).toBeLessThan(300);
  const replies = teams.deliveries({ conversationId }).slice(before);
  expect(replies.length).toBeGreaterThan(0);
  return replies.map((d) => (d.attachments.length > 0 ? cardText(cardOf(d)) : (d.text ?? ''))).join('\n');
}

describe('each preset starts as npm start starts it', () => {
  it.each<[PresetId, boolean]>([
    ['setagaya', true],
    ['moka', false],
    ['kashiwa', false],
    ['tokyo-template', true],
    ['nakano', true],
  ])('%s: マイステップ in the tab, ステップ in the bot, the nomination in the guide: %s', async (id, nomination) => {
    const stack = await start(id);
    try {
      const { cast, programme } = stack;
      const guide = startupGuide(stack, { playgrounds: ['http://localhost:56150', 'http://localhost:56151'], azurite: 'BlobEndpoint=…' });
      expect(guide).toContain(`${stack.server.url}/tab/`);
      expect(guide).toContain(`${cast.manager.name}（${cast.manager.section}`);
      expect(Boolean(cast.nomination)).toBe(nomination);
      if (nomination) {
        expect(guide).toContain(`「推薦」と送り、${cast.nomination!.nominee.name} さんを`);
        expect(guide).toContain('http://localhost:56151');
      } else {
        expect(guide).not.toContain('「推薦」と送り');
        expect(guide).not.toContain('http://localhost:56151');
        expect(guide).toContain('推薦で選ぶ役割がありません');
      }
      // 東京都テンプレート: DX推進員 is decided by the office, whose approver npm start configures.
      if (id === 'tokyo-template') expect(stack.env.SKILLSTEPS_OFFICE_APPROVER_UPN).toBe(cast.nomination!.approver.upn);

      const mine = await mySteps(stack, cast.manager.upn);
      expect(mine.status).toBe(200);
      const roles = mine.roles;
      expect(roles.length).toBeGreaterThan(0);
      const labels = roles.map((r) => r.label.ja);
      expect(labels.every((l) => programme.roles.some((r) => r.label.ja === l))).toBe(true);

      const answer = await say(stack, cast.manager, 'ステップ');
      // The bot's ステップ names the same roles as マイステップ.
      for (const l of labels) expect(answer).toContain(l);
    } finally {
      await stack.stop();
    }
  });
});

describe('switching data sets in local mode', () => {
  it('never shows one data set the state another saved under the same site id', async () => {
    const port = await freePort();
    // Data sets of their own (seed 6): the ones above saved delta links to tenants on other ports.
    const first = await start('setagaya', port, STAFF, 6);
    const firstRoles = new Set(first.server.service.current()!.snapshot.records.roles.map((r) => r.role));
    await first.stop();
    // Same tenant address, same (stable) site id, same Azurite: only the data set differs.
    const second = await start('moka', port, 120, 6);
    try {
      const seen = second.server.service.current()!.snapshot;
      const generated = generateMunicipality(second.programme, { staff: 120, seed: 6, today: TODAY, defects: 0 });
      expect(seen.staff).toHaveLength(generated.staff.length);
      expect(seen.records.roles.map((r) => `${r.upn} ${r.role}`).sort()).toEqual(generated.roles.map((r) => `${r.upn.toLowerCase()} ${r.role}`).sort());
      // setagaya's dx-leader rows would be unknown roles here: none is read, none is reported.
      expect(firstRoles.has('dx-leader')).toBe(true);
      expect(seen.issues.filter((i) => i.list === 'Roles')).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});
