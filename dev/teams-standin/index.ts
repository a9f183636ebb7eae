import type { ConversationReference } from 'botbuilder';
import { stableGuid } from '../local-tenant/ids';
import { handleAdmin, type StandInControl } from './admin-endpoints';
import { ConnectorService, RequestHold } from './connector-service';
import { ConversationRegistry, referenceFor, type ConversationInput } from './conversations';
import { Faults } from './faults';
import { StandInHttpServer } from './http-server';
import { Ledger } from './ledger';
import { WindowLimiter, type Scope } from './sliding-window';
import {
  TEAMS_RATE_LIMITS,
  type Delivery,
  type DuplicateKey,
  type StandInAccount,
  type StandInConversation,
  type TeamsFaultChange,
  type TeamsFaultSettings,
  type TeamsRateLimits,
  type TeamsStandInStats,
  type WindowLimit,
} from './types';

export { connectTeamsStandIn, type TeamsStandInClient } from './admin-client';
export type { ConversationInput } from './conversations';
export { conversationId, teamsUserId } from './conversations';
export { ledgerKey } from './ledger';
export * from './types';

export interface TeamsStandInOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /**
   * The service URL's path. Default `/jp/`, as Teams gives Japanese tenants
   * `https://smba.trafficmanager.net/jp/`: a client that drops the path gets 404.
   */
  basePath?: string;
  /** The tenant of conversations added without one. Default: the local tenant's (dev/local-tenant). */
  tenantId?: string;
  /** The bot's Microsoft App ID; its account id is `28:<botAppId>`. Default: a stable GUID. */
  botAppId?: string;
  /** Default 'SkillSteps'. */
  botName?: string;
  /** Default: Teams' documented limits (TEAMS_RATE_LIMITS). `[]` for a scope turns it off. */
  limits?: Partial<TeamsRateLimits>;
  faults?: TeamsFaultChange;
  /** Seed of the fault draws. Default 1. */
  randomSeed?: number;
  /** Require a bearer JWT with this issuer (read, not verified). Default: none; no token is fine. */
  expectedIssuer?: string;
  /**
   * Require a bearer JWT with this audience (the Bot Connector's, https://api.botframework.com) whose
   * `appid` is the bot's (botAppId), as a bot with an identity sends (read, not verified). Default: none.
   */
  expectedAudience?: string;
  /** Default 100 KB, measured as UTF-16 (Teams: "Format your bot messages"); 0 = no limit. */
  maxMessageBytes?: number;
  /** The clock of the limits, the storm and the records (epoch ms). Default Date.now; tests pass their own. */
  now?: () => number;
  /** Locale of the references handed out. Default 'ja-JP'. */
  locale?: string;
}

export interface DeliveryFilter {
  conversationId?: string;
  key?: string;
  /** Only deliveries after this sequence number. */
  sinceSeq?: number;
}

export interface TeamsStandIn {
  /** The serviceUrl for conversation references: `http://127.0.0.1:PORT/jp/`. */
  url: string;
  /** The control API: `http://127.0.0.1:PORT/_standin/`. */
  adminUrl: string;
  tenantId: string;
  botAppId: string;
  /** `{ id: '28:<botAppId>', name }` — the `bot` of every reference. */
  bot: StandInAccount;
  /** Registers a conversation (as if the bot had been installed there) and returns its reference. */
  addConversation(input?: ConversationInput): Partial<ConversationReference>;
  /** N personal chats with made-up people (`user-00001@teams-standin.local`, …), or one per input. */
  addConversations(what: number | ConversationInput[], opts?: { tenantId?: string }): Array<Partial<ConversationReference>>;
  /** The reference of a conversation the stand-in knows. */
  reference(conversationId: string): Partial<ConversationReference> | undefined;
  conversations(): StandInConversation[];
  /** The user blocked the bot: sends answer 403 ConversationBlockedByUser until unblocked. */
  blockConversation(conversationId: string, blocked?: boolean): void;
  deliveries(filter?: DeliveryFilter): Delivery[];
  duplicates(): DuplicateKey[];
  stats(): TeamsStandInStats;
  limits(): TeamsRateLimits;
  setLimits(change: Partial<TeamsRateLimits>): void;
  faults(): TeamsFaultSettings;
  setFaults(change: TeamsFaultChange): void;
  /** Every connector request answers 429 for `durationMs` (Retry-After: the time left, or the given seconds). */
  storm(durationMs: number, retryAfterSeconds?: number): void;
  /** Destroys the connection of every request in progress; those not yet recorded are not delivered. */
  dropConnections(): number;
  /**
   * Holds every connector request from now on after it is read, before it is served (before the
   * storm, the limits and the record), until `release()`: Teams answering late, at the step a test
   * chooses. `waiting()` says how many are held. Another `hold()` while one holds returns it.
   */
  hold(): { waiting(): number; release(): void };
  /** Forgets deliveries, stats and the rate windows, ends a storm and a hold, puts limits and faults back as at start; conversations (and blocks) stay. */
  reset(): void;
  stop(): Promise<void>;
}

const SCOPES: Record<keyof TeamsRateLimits, Scope> = { perAppPerTenant: 'app', perConversation: 'conversation', createConversation: 'create' };

/**
 * Starts a local stand-in for the Bot Connector service Teams bots post proactive messages to
 * (DESIGN.md "Reminders"; dev/README.md "The Teams stand-in"): the same wire contract, Teams'
 * rate limits with 429 and Retry-After, errors in the connector's shape, and switchable faults.
 */
export async function startTeamsStandIn(options: TeamsStandInOptions = {}): Promise<TeamsStandIn> {
  const now = options.now ?? Date.now;
  const hostname = options.hostname ?? '127.0.0.1';
  const basePath = normaliseBasePath(options.basePath ?? '/jp/');
  const tenantId = options.tenantId ?? stableGuid('tenant');
  const botAppId = options.botAppId ?? stableGuid('skillsteps-bot');
  const bot: StandInAccount = { id: `28:${botAppId}`, name: options.botName ?? 'SkillSteps', role: 'bot' };
  let limits = mergeLimits(TEAMS_RATE_LIMITS, options.limits ?? {});
  const initialFaults = options.faults ?? {};
  const randomSeed = options.randomSeed ?? 1;

  const conversations = new ConversationRegistry(tenantId, bot, now);
  const ledger = new Ledger();
  const limiter = new WindowLimiter(byScope(limits));
  const faults = new Faults(initialFaults, randomSeed, now);
  const service = new ConnectorService(conversations, ledger, limiter, faults, { expectedIssuer: options.expectedIssuer, expectedAudience: options.expectedAudience, expectedAppId: botAppId, maxMessageBytes: options.maxMessageBytes ?? 100 * 1024 }, now);

  let generated = 0;
  const ready: { control?: StandInControl } = {};
  const http = new StandInHttpServer({
    basePath,
    connector: (req, inFlight) => service.handle(req, inFlight),
    admin: (method, path, query, body) => handleAdmin(ready.control!, method, path, query, body),
    onKilled: () => ledger.fault('killed'),
  });
  const port = await http.listen(options.port ?? 0, hostname);
  const origin = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  const url = `${origin}${basePath}`;
  const reference = (c: StandInConversation): Partial<ConversationReference> => referenceFor(c, url, options.locale);

  const standIn: TeamsStandIn = {
    url,
    adminUrl: `${origin}/_standin/`,
    tenantId,
    botAppId,
    bot: { ...bot },
    addConversation: (input = {}) => {
      const person = input.upn || input.userId || input.aadObjectId || (input.conversationType ?? 'personal') !== 'personal' ? input : { ...input, upn: madeUpUpn(++generated) };
      return reference(conversations.add(person, 'registered'));
    },
    addConversations(what, opts = {}) {
      const inputs = typeof what === 'number' ? Array.from({ length: checkCount(what) }, () => ({ upn: madeUpUpn(++generated) })) : what;
      return inputs.map((input) => reference(conversations.add({ ...(opts.tenantId ? { tenantId: opts.tenantId } : {}), ...input }, 'registered')));
    },
    reference: (id) => {
      const c = conversations.get(id);
      return c ? reference(c) : undefined;
    },
    conversations: () => conversations.list(),
    blockConversation(id, blocked = true) {
      if (!conversations.setBlocked(id, blocked)) throw new TypeError(`no conversation ${id}`);
    },
    deliveries: (filter) => ledger.deliveries(filter),
    duplicates: () => ledger.duplicates(),
    stats: () => ledger.stats({ app: limiter.peakPerSecond('app'), conversation: limiter.peakPerSecond('conversation') }),
    limits: () => structuredClone(limits),
    setLimits(change) {
      limits = mergeLimits(limits, change);
      limiter.setLimits(byScope(limits));
    },
    faults: () => faults.settings,
    setFaults: (change) => faults.update(change),
    storm: (durationMs, retryAfterSeconds) => faults.update({ stormMs: durationMs, ...(retryAfterSeconds !== undefined ? { stormRetryAfterSeconds: retryAfterSeconds } : {}) }),
    dropConnections: () => http.dropConnections(),
    hold() {
      const h = (service.hold ??= new RequestHold());
      return {
        waiting: () => h.waiting,
        release: () => {
          if (service.hold === h) service.hold = undefined;
          h.release();
        },
      };
    },
    reset() {
      service.hold?.release();
      service.hold = undefined;
      limits = mergeLimits(TEAMS_RATE_LIMITS, options.limits ?? {});
      limiter.setLimits(byScope(limits));
      ledger.reset();
      limiter.reset();
      faults.reset(initialFaults);
    },
    stop: () => http.close(),
  };
  ready.control = standIn;
  return standIn;
}

function madeUpUpn(n: number): string {
  return `user-${String(n).padStart(5, '0')}@teams-standin.local`;
}

function checkCount(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new RangeError(`count must be an integer from 0 to 1,000,000, not ${n}`);
  return n;
}

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

function mergeLimits(base: TeamsRateLimits, change: Partial<TeamsRateLimits>): TeamsRateLimits {
  const out = structuredClone(base);
  for (const name of Object.keys(SCOPES) as Array<keyof TeamsRateLimits>) {
    const list = change[name];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new RangeError(`${name} must be a list of { windowMs, max }`);
    out[name] = list.map((l: WindowLimit) => {
      if (!(Number.isInteger(l?.windowMs) && l.windowMs > 0 && Number.isInteger(l.max) && l.max > 0)) {
        throw new RangeError(`${name}: ${JSON.stringify(l)} is not { windowMs: a positive integer, max: a positive integer }`);
      }
      return { windowMs: l.windowMs, max: l.max };
    });
  }
  for (const name of Object.keys(change)) if (!(name in SCOPES)) throw new RangeError(`unknown limit ${name} (perAppPerTenant, perConversation, createConversation)`);
  return out;
}

function byScope(limits: TeamsRateLimits): Record<Scope, WindowLimit[]> {
  return { app: limits.perAppPerTenant, conversation: limits.perConversation, create: limits.createConversation };
}
