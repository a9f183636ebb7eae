import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConnectorError,
  activityNotFound,
  badArgument,
  blockedByUser,
  conversationNotFound,
  injectedFault,
  notImplemented,
  throttled,
  tooLarge,
  unauthorized,
} from './connector-error';
import { conversationId, type ConversationRegistry } from './conversations';
import type { Faults } from './faults';
import { Ledger } from './ledger';
import { limitLabel, retryAfterSeconds, type Slot, type WindowLimiter } from './sliding-window';
import type { Delivery, StandInConversation } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A connector request as the HTTP layer hands it over: the path below the service URL's base path. */
export interface ConnectorRequest {
  method: string;
  /** Decoded segments after the base path, e.g. ['v3', 'conversations', 'a:1…', 'activities']. */
  segments: string[];
  headers: Record<string, string>;
  body: string;
  /** The body was larger than the HTTP layer reads. */
  bodyTooLarge?: boolean;
  /** Set when the path is not below the service URL's path (which it names); `segments` are then the whole path. */
  outsideBasePath?: string;
}

/**
 * Requests held before they are served, until the test lets them go: Teams taking its time over a
 * request (or the sender's process frozen with its request out), at a step the test chooses.
 */
export class RequestHold {
  private opened = false;
  private open!: () => void;
  private readonly gate = new Promise<void>((r) => (this.open = r));
  /** Requests waiting now. */
  waiting = 0;

  async pass(): Promise<void> {
    if (this.opened) return;
    this.waiting++;
    await this.gate;
    this.waiting--;
  }

  release(): void {
    this.opened = true;
    this.open();
  }
}

/** How one request ends: an answer, or a connection destroyed without one. */
export type ConnectorOutcome = { kind: 'answer'; status: number; body?: unknown; headers?: Record<string, string> } | { kind: 'drop' };

export interface ServiceSettings {
  /** When set, a request needs a bearer JWT with this `iss` (read, not verified). */
  expectedIssuer?: string;
  /** When set, a request needs a bearer JWT with this `aud` (the Bot Connector's: https://api.botframework.com). */
  expectedAudience?: string;
  /** With expectedAudience: the app the token must be for (`appid` or `azp`): the bot's. */
  expectedAppId?: string;
  /** An activity larger than this (as UTF-16, as Teams measures) answers 413; 0 = no limit. */
  maxMessageBytes: number;
}

type Route =
  | { op: 'create' }
  | { op: 'send'; conversationId: string }
  | { op: 'reply'; conversationId: string; activityId: string }
  | { op: 'update'; conversationId: string; activityId: string }
  | { op: 'delete'; conversationId: string; activityId: string }
  | { op: 'member'; conversationId: string; memberId: string };

/** The application identity a request acts as: the token's app id, or (no token, local mode) the bot account's. */
interface Caller {
  appId: string;
}

/**
 * The Bot Connector operations a Teams bot uses for proactive messages, in the order Teams
 * would refuse a request: authentication, (latency, a hold), a storm, an injected failure, the request's
 * own faults (unknown conversation, bad activity, too large), the rate limits; only then is
 * it recorded. Everything after the latency runs without awaiting, so the check of the limits
 * and the recording of what passes are one step.
 */
export class ConnectorService {
  constructor(
    private readonly conversations: ConversationRegistry,
    private readonly ledger: Ledger,
    private readonly limiter: WindowLimiter,
    private readonly faults: Faults,
    private readonly settings: ServiceSettings,
    private readonly now: () => number,
  ) {}

  /** Set while requests are held (`TeamsStandIn.hold()`). */
  hold?: RequestHold;

  async handle(req: ConnectorRequest, inFlight: { killed: boolean }): Promise<ConnectorOutcome> {
    this.ledger.counts.requests++;
    let dropAfterAccept = false;
    try {
      if (req.outsideBasePath !== undefined) {
        throw new ConnectorError(404, 'NotFound', `${req.method} /${req.segments.join('/')} is outside the service URL (${req.outsideBasePath}): a client dropped its path?`);
      }
      if (req.bodyTooLarge) throw tooLarge();
      const route = this.route(req.method, req.segments);
      const caller = this.authenticate(req.headers);
      const latency = this.faults.settings.latencyMs;
      if (latency > 0) await sleep(latency);
      if (this.hold) await this.hold.pass();
      if (inFlight.killed) {
        // dropConnections() while the request waited: the service went away before it did anything.
        this.ledger.fault('killed');
        return { kind: 'drop' };
      }
      const now = this.now();
      const stormLeft = this.faults.stormLeft(now);
      if (stormLeft > 0) {
        const s = this.faults.settings.stormRetryAfterSeconds;
        throw throttled(s ?? retryAfterSeconds(stormLeft), 'The service is throttling every request (a storm).', 'storm');
      }
      const draw = this.faults.draw();
      if (draw.kind === 'status') {
        this.ledger.fault(String(draw.status));
        return answerError(injectedFault(draw.status, this.faults.settings.faultRetryAfterSeconds));
      }
      if (draw.kind === 'drop') {
        if (!draw.afterAccept) {
          this.ledger.fault('drop before accept');
          return { kind: 'drop' };
        }
        dropAfterAccept = true;
      }
      const answer = this.serve(route, caller, req, now);
      if (dropAfterAccept && answer.status < 300) {
        // Delivered, and the answer lost: the case that makes a retrying sender send twice.
        this.ledger.fault('drop after accept');
        return { kind: 'drop' };
      }
      return answer;
    } catch (e) {
      if (!(e instanceof ConnectorError)) throw e;
      if (e.status === 429) this.ledger.throttle(e.reason ?? 'limit');
      else this.ledger.counts.rejected++;
      return answerError(e);
    }
  }

  private route(method: string, segments: string[]): Route {
    const [v3, conversations, conversationId, activities, activityId, ...rest] = segments;
    const path = `/${segments.join('/')}`;
    if (v3 !== 'v3') throw new ConnectorError(404, 'NotFound', `${method} ${path} is not a Bot Connector operation (they are under {serviceUrl}/v3/).`);
    if (conversations !== 'conversations') throw notImplemented(`${method} ${path}`);
    if (conversationId === undefined) {
      if (method === 'POST') return { op: 'create' };
      throw notImplemented(`${method} /v3/conversations`);
    }
    // TeamsInfo.getMember: GET /v3/conversations/{id}/members/{memberId}.
    if (activities === 'members' && method === 'GET' && activityId !== undefined && rest.length === 0) return { op: 'member', conversationId, memberId: activityId };
    if (activities !== 'activities' || rest.length > 0) throw notImplemented(`${method} ${path}`);
    if (activityId === undefined) {
      if (method === 'POST') return { op: 'send', conversationId };
      throw notImplemented(`${method} /v3/conversations/{id}/activities`);
    }
    if (activityId === 'history') throw notImplemented('POST /v3/conversations/{id}/activities/history (send conversation history)');
    if (method === 'POST') return { op: 'reply', conversationId, activityId };
    if (method === 'PUT') return { op: 'update', conversationId, activityId };
    if (method === 'DELETE') return { op: 'delete', conversationId, activityId };
    throw notImplemented(`${method} /v3/conversations/{id}/activities/{activityId}`);
  }

  /**
   * A member as Teams describes one (TeamsChannelAccount). Teams user ids are tenant-wide, so the
   * stand-in looks for the user in every conversation it knows (the users of personal chats), and
   * answers for any known conversation, as Teams does for members of a team or chat.
   */
  private member(conversationId: string, memberId: string): Json {
    this.conversationFor(conversationId);
    const user = this.conversations.list().find((c) => c.user?.id === memberId)?.user;
    if (!user) throw new ConnectorError(404, 'MemberNotFoundInConversation', 'The specified user is not a member of this conversation.');
    const upn = user.userPrincipalName;
    return {
      id: user.id,
      name: user.name ?? '',
      ...(user.aadObjectId ? { aadObjectId: user.aadObjectId, objectId: user.aadObjectId } : {}),
      ...(upn ? { userPrincipalName: upn, email: upn, givenName: user.name ?? '', surname: '' } : {}),
      tenantId: this.conversations.get(conversationId)?.tenantId,
      userRole: 'user',
    };
  }

  /**
   * Local mode: botbuilder with no app id and password sends no Authorization header, and that is
   * accepted. A bearer token is read (not verified): its `appid`/`azp` names the app; it must not be
   * expired or not yet valid, and must have the expected issuer, audience and app when configured
   * (as the Bot Connector takes a bot's token: https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#bot-to-connector).
   */
  private authenticate(headers: Record<string, string>): Caller | undefined {
    const auth = headers['authorization'];
    const { expectedIssuer, expectedAudience, expectedAppId } = this.settings;
    if (auth === undefined) {
      if (expectedIssuer || expectedAudience) throw unauthorized('Authorization has been denied for this request: no bearer token.');
      return undefined;
    }
    const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]*)$/i.exec(auth.trim());
    let claims: Json | undefined;
    try {
      const parsed: unknown = m ? JSON.parse(Buffer.from(m[2]!, 'base64url').toString('utf8')) : undefined;
      if (isObject(parsed)) claims = parsed;
    } catch {
      claims = undefined;
    }
    if (!claims) throw unauthorized('Authorization has been denied for this request: the bearer token is not a JWT.');
    const now = Date.now();
    if (typeof claims.exp === 'number' && claims.exp * 1000 < now) throw unauthorized('Authorization has been denied for this request: the token has expired.');
    if (typeof claims.nbf === 'number' && claims.nbf * 1000 > now + 5 * 60_000) throw unauthorized('Authorization has been denied for this request: the token is not valid yet.');
    if (expectedIssuer && claims.iss !== expectedIssuer) {
      throw unauthorized(`Authorization has been denied for this request: the token's issuer is ${JSON.stringify(claims.iss)}, not ${expectedIssuer}.`);
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (expectedAudience && !audiences.some((a) => typeof a === 'string' && a.replace(/\/+$/, '') === expectedAudience)) {
      throw unauthorized(`Authorization has been denied for this request: the token's audience is ${JSON.stringify(claims.aud)}, not ${expectedAudience}.`);
    }
    const appId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
    if (expectedAudience && expectedAppId && appId?.toLowerCase() !== expectedAppId.toLowerCase()) {
      throw unauthorized(`Authorization has been denied for this request: the token is for app ${JSON.stringify(appId)}, not the bot ${expectedAppId}.`);
    }
    return appId ? { appId } : undefined;
  }

  private serve(route: Route, caller: Caller | undefined, req: ConnectorRequest, now: number): { kind: 'answer'; status: number; body?: unknown } {
    if (route.op === 'member') return { kind: 'answer', status: 200, body: this.member(route.conversationId, route.memberId) };
    const body = route.op === 'delete' ? undefined : this.parseBody(req, route.op !== 'create');
    if (route.op === 'create') return this.create(body!, caller, req, now);

    const conversation = this.conversationFor(route.conversationId);
    const appId = caller?.appId ?? appIdOf(body?.from) ?? appIdOf(conversation.bot) ?? 'anonymous';
    const slots: Slot[] = [
      { scope: 'app', key: `${appId}|${conversation.tenantId}` },
      { scope: 'conversation', key: `${appId}|${route.conversationId}` },
    ];
    if (route.op === 'update' || route.op === 'delete') {
      const target = this.ledger.find(route.conversationId, route.activityId);
      if (!target || target.deletedAt !== undefined) throw activityNotFound();
      this.admit(slots, now);
      if (route.op === 'update') {
        this.ledger.update(target, body!, now);
        return { kind: 'answer', status: 200, body: { id: target.activityId } };
      }
      this.ledger.remove(target, now);
      return { kind: 'answer', status: 200 };
    }
    this.admit(slots, now);
    const delivery = this.deliver(route.conversationId, route.op, body!, appId, conversation.tenantId, req, now, route.op === 'reply' ? route.activityId : undefined);
    return { kind: 'answer', status: 201, body: { id: delivery.activityId } };
  }

  /**
   * POST /v3/conversations: a personal chat with one member, in a tenant (`tenantId` or
   * `channelData.tenant.id`). The same bot and person get the chat they already have.
   */
  private create(params: Json, caller: Caller | undefined, req: ConnectorRequest, now: number): { kind: 'answer'; status: number; body?: unknown } {
    const members = Array.isArray(params.members) ? params.members : [];
    if (params.isGroup === true || members.length > 1) throw notImplemented('Creating a group chat or a channel thread (POST /v3/conversations with isGroup or several members)');
    const member = members[0];
    if (!isObject(member) || typeof member.id !== 'string' || member.id === '') throw badArgument('members must hold the one user to create a personal conversation with.');
    const channelData = isObject(params.channelData) ? params.channelData : {};
    const tenantId = typeof params.tenantId === 'string' ? params.tenantId : isObject(channelData.tenant) && typeof channelData.tenant.id === 'string' ? channelData.tenant.id : undefined;
    if (!tenantId) throw badArgument('A tenant id is required (tenantId or channelData.tenant.id).');
    const bot = isObject(params.bot) && typeof params.bot.id === 'string' ? { id: params.bot.id, ...(typeof params.bot.name === 'string' ? { name: params.bot.name } : {}), role: 'bot' } : this.conversations.bot;
    const appId = caller?.appId ?? appIdOf(bot) ?? 'anonymous';
    const activity = isObject(params.activity) ? params.activity : undefined;
    if (activity) this.checkActivity(activity, JSON.stringify(activity));

    // Teams takes a member by Teams user id or by Entra object id.
    const known = this.conversations.findUser(tenantId, member.id);
    const userId = known?.id ?? member.id;
    const existing = this.conversations.findPersonal(tenantId, bot.id, userId);
    if (existing?.blocked) throw blockedByUser();
    const id = existing?.id ?? conversationId('personal', tenantId, bot.id, userId);
    this.admit(
      [
        { scope: 'app', key: `${appId}|${tenantId}` },
        { scope: 'create', key: `${appId}|${tenantId}|${userId}` },
        // A first message counts in the chat's own windows too.
        ...(activity ? [{ scope: 'conversation' as const, key: `${appId}|${id}` }] : []),
      ],
      now,
    );
    const aadObjectId = typeof member.aadObjectId === 'string' ? member.aadObjectId : known?.aadObjectId;
    const name = typeof member.name === 'string' && member.name !== '' ? member.name : known?.name;
    const conversation =
      existing ?? this.conversations.add({ id, tenantId, userId, ...(aadObjectId ? { aadObjectId } : {}), ...(name ? { name } : {}) }, 'created', bot);
    this.ledger.counts.conversationsCreated++;
    if (!activity) return { kind: 'answer', status: 201, body: { id: conversation.id } };
    const delivery = this.deliver(conversation.id, 'create', activity, appId, tenantId, req, now);
    return { kind: 'answer', status: 201, body: { id: conversation.id, activityId: delivery.activityId } };
  }

  private deliver(conversationId: string, kind: Delivery['kind'], activity: Json, appId: string, tenantId: string, req: ConnectorRequest, now: number, replyToId?: string): Delivery {
    const clientRequestId = req.headers['x-ms-client-request-id'];
    return this.ledger.accept({
      conversationId,
      activityId: this.ledger.nextMessageId(now),
      at: now,
      kind,
      ...(replyToId !== undefined ? { replyToId } : {}),
      appId,
      tenantId,
      ...(clientRequestId ? { clientRequestId } : {}),
      activity,
    });
  }

  /** Over a limit: 429 with Retry-After, and nothing recorded. Otherwise the operation takes its places. */
  private admit(slots: Slot[], now: number): void {
    const refusal = this.limiter.check(slots, now);
    if (refusal) {
      const label = `${refusal.scope} ${limitLabel(refusal.limit)}`;
      throw throttled(retryAfterSeconds(refusal.retryAfterMs), `Over the ${label} limit.`, label);
    }
    this.limiter.commit(slots, now);
  }

  private conversationFor(id: string): StandInConversation {
    // A reply thread in a channel is `<channel id>;messageid=<root message id>`.
    const c = this.conversations.get(id) ?? this.conversations.get(id.split(';messageid=')[0]!);
    if (!c) throw conversationNotFound();
    if (c.blocked) throw blockedByUser();
    return c;
  }

  /** The JSON body; an activity (`isActivity`) also needs a type and a size Teams takes. */
  private parseBody(req: ConnectorRequest, isActivity: boolean): Json {
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      throw badArgument('The request body is not JSON.');
    }
    if (!isObject(body)) throw badArgument('The request body must be a JSON object.');
    if (isActivity) this.checkActivity(body, req.body);
    return body;
  }

  private checkActivity(activity: Json, text: string): void {
    if (typeof activity.type !== 'string' || activity.type === '') throw badArgument('The activity has no type.');
    // Teams measures a message as UTF-16: two bytes per UTF-16 code unit.
    const max = this.settings.maxMessageBytes;
    if (max > 0 && text.length * 2 > max) throw tooLarge();
  }
}

/** The app id in a bot account id: Teams' bot ids are `28:<app id>`. */
function appIdOf(account: unknown): string | undefined {
  if (!isObject(account) || typeof account.id !== 'string' || account.id === '') return undefined;
  return account.id.startsWith('28:') ? account.id.slice(3) : account.id;
}

function answerError(e: ConnectorError): ConnectorOutcome {
  return { kind: 'answer', status: e.status, body: e.body(), headers: e.headers };
}
