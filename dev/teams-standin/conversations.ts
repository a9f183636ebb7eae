import { createHash } from 'node:crypto';
import type { ConversationAccount, ConversationReference } from 'botbuilder';
import { stableGuid, userObjectId } from '../local-tenant/ids';
import type { StandInAccount, StandInConversation } from './types';

/** A conversation to register: a personal chat with a person (by UPN or ids), or a group chat or channel. */
export interface ConversationInput {
  /** The person's UPN: their aadObjectId is then the local tenant's object id for them. */
  upn?: string;
  name?: string;
  /** Teams user id (`29:…`); derived from the UPN or aadObjectId when absent. */
  userId?: string;
  aadObjectId?: string;
  /** Default: the stand-in's tenant (the local tenant's). */
  tenantId?: string;
  /** Default 'personal'. */
  conversationType?: StandInConversation['conversationType'];
  /** An explicit conversation id; derived otherwise. */
  id?: string;
}

const hash = (text: string): string => createHash('sha256').update(`skillsteps-teams-standin:${text}`).digest('base64url');

/** A Teams-looking user id: `29:1` and an opaque base64url string, as Teams gives. */
export function teamsUserId(tenantId: string, aadObjectId: string): string {
  return `29:1${hash(`user|${tenantId}|${aadObjectId}`).slice(0, 40)}`;
}

/**
 * A Teams-looking conversation id, the same for the same tenant, bot and user — Teams answers
 * POST /v3/conversations for a person the bot already has a 1:1 chat with with that chat's id.
 * Personal chats are `a:1…` (long, with `-` and `_`); group chats `19:…@thread.v2`; channels
 * `19:…@thread.tacv2` — ids a client must URL-encode.
 */
export function conversationId(type: StandInConversation['conversationType'], tenantId: string, botId: string, memberId: string): string {
  const h = hash(`${type}|${tenantId}|${botId}|${memberId}`);
  if (type === 'personal') return `a:1${h}${hash(h)}`;
  const hex = Buffer.from(h, 'base64url').toString('hex').slice(0, 32);
  return type === 'channel' ? `19:${hex}@thread.tacv2` : `19:${hex}@thread.v2`;
}

/** The conversations that exist: installed-into (registered) and created by the bot. */
export class ConversationRegistry {
  private readonly byId = new Map<string, StandInConversation>();
  private created = 0;

  constructor(
    readonly defaultTenantId: string,
    readonly bot: StandInAccount,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StandInConversation | undefined {
    return this.byId.get(id);
  }

  list(): StandInConversation[] {
    return [...this.byId.values()].map((c) => ({ ...c, ...(c.user ? { user: { ...c.user } } : {}), bot: { ...c.bot } }));
  }

  /** Registers a conversation (idempotent: the same person, tenant and bot give the same one). */
  add(input: ConversationInput, origin: StandInConversation['origin'], bot: StandInAccount = this.bot): StandInConversation {
    const tenantId = input.tenantId ?? this.defaultTenantId;
    const type = input.conversationType ?? 'personal';
    let user: StandInConversation['user'];
    if (type === 'personal') {
      const aadObjectId = input.aadObjectId ?? (input.upn ? userObjectId(tenantId, input.upn) : input.userId ? stableGuid(`teams-user:${input.userId}`) : undefined);
      if (!aadObjectId) throw new TypeError('a personal conversation needs a person: upn, aadObjectId or userId');
      user = {
        id: input.userId ?? teamsUserId(tenantId, aadObjectId),
        name: input.name ?? input.upn ?? aadObjectId,
        aadObjectId,
        ...(input.upn ? { userPrincipalName: input.upn } : {}),
        role: 'user',
      };
    }
    const id = input.id ?? conversationId(type, tenantId, bot.id, user?.id ?? `${origin}-${++this.created}`);
    const existing = this.byId.get(id);
    if (existing) return existing;
    const conversation: StandInConversation = { id, tenantId, conversationType: type, ...(user ? { user } : {}), bot: { ...bot }, origin, createdAt: this.now(), blocked: false };
    this.byId.set(id, conversation);
    return conversation;
  }

  /** The personal chat of this bot with this user in this tenant, if there is one. */
  findPersonal(tenantId: string, botId: string, userId: string): StandInConversation | undefined {
    const c = this.byId.get(conversationId('personal', tenantId, botId, userId));
    if (c) return c;
    for (const candidate of this.byId.values()) {
      if (candidate.conversationType === 'personal' && candidate.tenantId === tenantId && candidate.bot.id === botId && candidate.user?.id === userId) return candidate;
    }
    return undefined;
  }

  /** A person the stand-in knows in this tenant, by Teams user id or Entra object id. */
  findUser(tenantId: string, idOrObjectId: string): StandInConversation['user'] | undefined {
    for (const c of this.byId.values()) {
      if (c.tenantId === tenantId && c.user && (c.user.id === idOrObjectId || c.user.aadObjectId === idOrObjectId)) return { ...c.user };
    }
    return undefined;
  }

  setBlocked(id: string, blocked: boolean): boolean {
    const c = this.byId.get(id);
    if (!c) return false;
    c.blocked = blocked;
    return true;
  }
}

/**
 * What a bot stores from Teams' installationUpdate / conversationUpdate for a conversation
 * (`TurnContext.getConversationReference(activity)`), pointing at the stand-in: the input of
 * `CloudAdapter.continueConversationAsync(botAppId, reference, logic)`.
 */
export function referenceFor(c: StandInConversation, serviceUrl: string, locale = 'ja-JP'): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl,
    locale,
    // Teams sends a conversation without name or isGroup for personal chats; the schema type wants both.
    conversation: {
      id: c.id,
      tenantId: c.tenantId,
      conversationType: c.conversationType,
      ...(c.conversationType === 'personal' ? {} : { isGroup: true }),
    } as ConversationAccount,
    ...(c.user ? { user: { id: c.user.id, name: c.user.name ?? '', aadObjectId: c.user.aadObjectId, role: 'user' } } : {}),
    bot: { id: c.bot.id, name: c.bot.name ?? '', role: 'bot' },
  };
}
