/**
 * The bot over real HTTP, as Teams drives it: Azurite for the state, the local tenant for the
 * lists, the Teams stand-in as the Bot Connector (serviceUrl), and the one server with the bot at
 * /api/messages. Activities are posted the way Teams posts them (JSON, no token in local mode);
 * replies and proactive messages land in the stand-in, where the test reads them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationReference } from 'botbuilder';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { startTeamsStandIn, type Delivery, type TeamsStandIn } from '../../dev/teams-standin';
import type { Evaluated } from '../../src/app/programme-service';
import { jstDate } from '../../src/domain/local-date';
import type { Programme } from '../../src/domain/programme';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { programmeOf, serverEnv } from '../e2e/harness';

export interface Person {
  upn: string;
  name: string;
}

export interface Chat {
  person?: Person;
  reference: Partial<ConversationReference>;
  conversationId: string;
}

export interface InvokeAnswer {
  status: number;
  card: AdaptiveCard;
}

export interface AdaptiveCard {
  type: string;
  body?: unknown[];
  actions?: unknown[];
  refresh?: { userIds?: string[]; action?: { verb?: string } };
  [k: string]: unknown;
}

export interface BotWorld {
  programme: Programme;
  today: string;
  tenant: LocalTenant;
  teams: TeamsStandIn;
  azurite: RunningAzurite;
  server: RunningServer;
  /** What the server logged (JSON lines as objects). */
  log: Array<Record<string, unknown>>;
  evaluated(): Evaluated;
  /** Registers a personal chat in the stand-in and sends the install (conversationUpdate) to the bot. */
  install(person: Person): Promise<Chat>;
  /** A team channel with the bot in it; `from` is who is shown as installing it. */
  installChannel(from: Chat, name: string): Promise<Chat>;
  /** The user types in a chat (a channel message mentions the bot). */
  say(chat: Chat, text: string, from?: Chat): Promise<Delivery[]>;
  /** The user presses an Action.Execute button of the card `cardActivityId`. */
  invoke(chat: Chat, verb: string, data: Record<string, unknown>, cardActivityId?: string, from?: Chat): Promise<InvokeAnswer>;
  deliveries(chat: Chat): Delivery[];
  /** Moves the server's clock (JST "today" follows it); undefined: back to noon on the world's day. */
  setTime(at: Date | undefined): void;
  close(): Promise<void>;
}

/** The first Adaptive Card of a delivery (its last version). */
export function cardOf(d: Delivery | undefined): AdaptiveCard {
  const attachments = d?.versions[d.versions.length - 1]?.attachments ?? d?.attachments ?? [];
  const a = attachments[0] as { contentType?: string; content?: AdaptiveCard } | undefined;
  if (!a?.content) throw new Error(`no Adaptive Card in delivery ${JSON.stringify(d?.activity).slice(0, 300)}`);
  return a.content;
}

/** All text of a card (TextBlocks, FactSets, choices), for assertions on what a person reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) if (typeof o[key] === 'string') out.push(o[key]);
    for (const [k, child] of Object.entries(o)) if (k !== 'data' && typeof child === 'object') walk(child);
  };
  walk(card);
  return out.join('\n');
}

/** The Action.Execute verbs a card offers (buttons, including those inside containers). */
export function verbsOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string' && key !== 'refresh') out.push(o.verb);
    for (const [k, child] of Object.entries(o)) walk(child, k === 'action' && key === 'refresh' ? 'refresh' : k);
  };
  walk(card);
  return out;
}

export async function startBotWorld(
  opts: {
    programme?: string;
    staff?: number;
    seed?: number;
    today?: string;
    office?: (e: Evaluated) => string[];
    env?: Record<string, string>;
    /** Settings that name people (SKILLSTEPS_OFFICE_APPROVER_UPN), chosen from the first evaluation. */
    envFrom?: (e: Evaluated) => Record<string, string>;
  } = {},
): Promise<BotWorld> {
  const ref = opts.programme ?? 'setagaya';
  const today = opts.today ?? '2026-11-24';
  const programme = await programmeOf(ref);
  const dir = mkdtempSync(join(tmpdir(), 'skillsteps-bot-'));
  const [azurite, tenant] = await Promise.all([startAzurite(), startLocalTenant({ port: 0, seed: { programme, staff: opts.staff ?? 200, seed: opts.seed ?? 5, today } })]);
  const teams = await startTeamsStandIn({ tenantId: tenant.tenantId });
  let server: RunningServer | undefined;
  try {
    const env = {
      ...serverEnv(tenant, ref, join(dir, 'ca.pem')),
      SKILLSTEPS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      SKILLSTEPS_STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      SKILLSTEPS_JOBS: 'false',
      ...opts.env,
    };
    // A first server tells who is who; the office is configured from it (as an admin would).
    const log = memoryLogger();
    const clock = clockOf(today);
    server = await startServer(env, { log: memoryLogger(), clock });
    let evaluated = await server.service.refresh();
    const office = opts.office?.(evaluated) ?? [];
    const more = opts.envFrom?.(evaluated) ?? {};
    if (office.length > 0 || Object.keys(more).length > 0) {
      await server.close();
      server = await startServer({ ...env, ...more, ...(office.length > 0 ? { SKILLSTEPS_OFFICE_UPNS: office.join(',') } : {}) }, { log, clock });
      evaluated = await server.service.refresh();
    }
    const running = server;
    const post = async (activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> => {
      const res = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    };
    const activityOf = (chat: Chat, from: Chat, extra: Record<string, unknown>): Record<string, unknown> => {
      const r = chat.reference;
      const user = from.reference.user!;
      return {
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl: r.serviceUrl,
        from: { id: user.id, name: user.name, aadObjectId: (user as { aadObjectId?: string }).aadObjectId },
        recipient: r.bot,
        conversation: r.conversation,
        channelData: { tenant: { id: tenant.tenantId }, ...((r.conversation as { conversationType?: string }).conversationType === 'channel' ? { channel: { id: r.conversation!.id }, team: { id: r.conversation!.id, name: 'DX' } } : {}) },
        locale: 'ja-JP',
        ...extra,
      };
    };
    const since = (chat: Chat, seq: number): Delivery[] => teams.deliveries({ conversationId: chat.conversationId }).filter((d) => d.seq > seq);
    const lastSeq = (): number => teams.deliveries().reduce((m, d) => Math.max(m, d.seq), 0);
    const world: BotWorld = {
      programme,
      today,
      tenant,
      teams,
      azurite,
      server: running,
      log: log.lines,
      evaluated: () => running.service.current()!,
      async install(person) {
        const reference = teams.addConversation({ upn: person.upn, name: person.name });
        const chat: Chat = { person, reference, conversationId: reference.conversation!.id };
        const r = await post(activityOf(chat, chat, { type: 'conversationUpdate', membersAdded: [{ id: reference.bot!.id }] }));
        if (r.status >= 300) throw new Error(`install answered ${r.status}`);
        return chat;
      },
      async installChannel(from, name) {
        const reference = teams.addConversation({ conversationType: 'channel' });
        const chat: Chat = { reference: { ...reference, conversation: { ...reference.conversation!, name } }, conversationId: reference.conversation!.id };
        const r = await post(activityOf(chat, from, { type: 'conversationUpdate', membersAdded: [{ id: reference.bot!.id }] }));
        if (r.status >= 300) throw new Error(`channel install answered ${r.status}`);
        return chat;
      },
      async say(chat, text, from = chat) {
        const before = lastSeq();
        const r = await post(activityOf(chat, from, { type: 'message', text }));
        if (r.status >= 300) throw new Error(`message answered ${r.status}: ${JSON.stringify(r.body)}`);
        return since(chat, before);
      },
      async invoke(chat, verb, data, cardActivityId, from = chat) {
        const r = await post(
          activityOf(chat, from, {
            type: 'invoke',
            name: 'adaptiveCard/action',
            ...(cardActivityId ? { replyToId: cardActivityId } : {}),
            value: { action: { type: 'Action.Execute', verb, data }, trigger: verb === 'nomination.refresh' ? 'automatic' : 'manual' },
          }),
        );
        const body = r.body as { statusCode?: number; type?: string; value?: AdaptiveCard } | undefined;
        if (r.status !== 200 || !body?.value) throw new Error(`invoke ${verb} answered ${r.status}: ${JSON.stringify(r.body)}`);
        return { status: body.statusCode ?? 0, card: body.value };
      },
      deliveries: (chat) => teams.deliveries({ conversationId: chat.conversationId }),
      setTime: (at) => clock.set(at),
      async close() {
        await running.close();
        await teams.stop();
        await tenant.close();
        await azurite.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return world;
  } catch (e) {
    await server?.close();
    await teams.stop();
    await tenant.close();
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Noon in Japan on `today`, inside the send window, until a test moves it (`BotWorld.setTime`). */
function clockOf(today: string): { now: () => Date; today: () => string; set(at: Date | undefined): void } {
  const noon = new Date(`${today}T03:00:00Z`);
  let at = noon;
  return { now: () => at, today: () => jstDate(at), set: (d) => (at = d ?? noon) };
}
