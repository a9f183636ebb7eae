import {
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
} from 'botbuilder';
import { scopeOf, type Caller, type Scope } from '../app/access';
import type { Evaluated } from '../app/programme-service';
import type { Locale } from '../domain/label';
import { localeOf } from '../i18n/translate';
import type { StoredConversation } from '../ports';
import { canNominate } from './answers/help';
import { notice } from './answers/notices';
import { ADAPTIVE_CARD_CONTENT_TYPE, helpCard, readCardAction, toAttachment } from './cards';
import { answerCommand } from './command-handlers';
import { parseCommand } from './commands';
import type { BotDeps, Identity, Reply, Turn } from './turn';
import { answerAction } from './verb-handlers';

export type { BotDeps, Identity } from './turn';

/**
 * The bot: commands in chat, Adaptive Card actions (Action.Execute), and the conversation
 * references proactive messages need. Every action reloads what it acts on and re-checks who
 * pressed it (the Teams user behind the activity, never the card's data).
 */
export class SkillStepsBot extends TeamsActivityHandler {
  private readonly identities = new Map<string, { identity: Identity; at: number }>();

  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.handleMessage(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const botId = ctx.activity.recipient.id;
      if ((ctx.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.installed(ctx, true);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.installed(ctx, false);
      await next();
    });
    this.onInstallationUpdateRemove(async (ctx, next) => {
      const key = this.keyOf(ctx, await this.identity(ctx));
      if (key) await deps.conversations.remove(key).catch((e: unknown) => deps.log.log('warn', 'conversation not removed', { key, error: errorText(e) }));
      await next();
    });
  }

  // ---- Messages -----------------------------------------------------------------------------

  private async handleMessage(ctx: TurnContext): Promise<void> {
    const locale = this.localeOf(ctx);
    try {
      const who = await this.identity(ctx);
      await this.remember(ctx, who);
      const card = await this.answerMessage(ctx, who, locale);
      await ctx.sendActivity({ attachments: [toAttachment(card)] });
    } catch (e) {
      this.deps.log.log('error', 'bot message failed', { error: errorText(e), conversation: ctx.activity.conversation?.id });
      await ctx.sendActivity({ attachments: [toAttachment(notice('error', 'noticeErrorTitle', 'noticeErrorText', locale))] });
    }
  }

  private async answerMessage(ctx: TurnContext, who: Identity | undefined, locale: Locale): Promise<Reply> {
    if (!who) return notice('warning', 'noticeUnknownUserTitle', 'noticeUnknownUserText', locale);
    const e = this.deps.service.current();
    if (!e) return notice('info', 'noticeNotSyncedTitle', 'noticeNotSyncedText', locale);
    return answerCommand(this.turn(ctx, e, who, locale), parseCommand(ctx.activity.text ?? ''));
  }

  // ---- Card actions (Action.Execute) ---------------------------------------------------------

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const locale = this.localeOf(ctx);
    const read = readCardAction(value.action);
    if (!read.ok) {
      this.deps.log.log('warn', 'card action refused', { reason: read.reason });
      return cardResponse(notice('error', 'noticeErrorTitle', 'noticeErrorText', locale));
    }
    try {
      const who = await this.identity(ctx);
      if (!who) return cardResponse(notice('warning', 'noticeUnknownUserTitle', 'noticeUnknownUserText', locale));
      await this.remember(ctx, who);
      const e = this.deps.service.current();
      if (!e) return cardResponse(notice('info', 'noticeNotSyncedTitle', 'noticeNotSyncedText', locale));
      return cardResponse(await answerAction(this.turn(ctx, e, who, locale), read.action));
    } catch (err) {
      this.deps.log.log('error', 'card action failed', { verb: read.action.verb, error: errorText(err) });
      return cardResponse(notice('error', 'noticeErrorTitle', 'noticeErrorText', locale));
    }
  }

  // ---- Who and where ------------------------------------------------------------------------

  private localeOf(ctx: TurnContext): Locale {
    const fixed = this.deps.locale;
    return fixed === 'ja' || fixed === 'en' ? fixed : localeOfActivity(ctx);
  }

  /** Everything a command or verb handler needs about this activity. */
  private turn(ctx: TurnContext, e: Evaluated, who: Identity, locale: Locale): Turn {
    return { deps: this.deps, ctx, e, who, scope: this.scope(e, who), locale, conversationKey: this.keyOf(ctx, who) };
  }

  private scope(e: Evaluated, who: Identity): Scope {
    const caller: Caller = { upn: who.upn, office: this.deps.officeUpns.has(who.upn), ...(who.aadObjectId ? { oid: who.aadObjectId } : {}), ...(who.name ? { name: who.name } : {}) };
    return scopeOf(this.deps.service.programme, e.snapshot, caller);
  }

  /** The sender's UPN from Teams (cached for an hour per Teams user id). */
  private async identity(ctx: TurnContext): Promise<Identity | undefined> {
    if (this.deps.identify) return this.deps.identify(ctx);
    const from = ctx.activity.from;
    if (!from?.id) return undefined;
    const cached = this.identities.get(from.id);
    if (cached && Date.now() - cached.at < 3_600_000) return cached.identity;
    try {
      const member = await TeamsInfo.getMember(ctx, from.id);
      const upn = (member.userPrincipalName ?? member.email ?? '').toLowerCase();
      if (!upn) return undefined;
      const identity: Identity = { upn, ...(member.aadObjectId ? { aadObjectId: member.aadObjectId } : {}), ...(member.name ? { name: member.name } : {}) };
      if (this.identities.size > 10_000) this.identities.clear();
      this.identities.set(from.id, { identity, at: Date.now() });
      return identity;
    } catch (e) {
      this.deps.log.log('warn', 'sender not identified', { error: errorText(e) });
      return undefined;
    }
  }

  /** The store key of the conversation an activity came from. */
  private keyOf(ctx: TurnContext, who: Pick<Identity, 'upn'> | undefined): string | undefined {
    const type = ctx.activity.conversation?.conversationType;
    if (type === 'channel') return `channel:${channelIdOf(ctx)}`;
    if (type === 'groupChat') return `chat:${ctx.activity.conversation.id}`;
    return who ? `user:${who.upn}` : undefined;
  }

  /** Stores or refreshes the conversation reference (every message and action keeps it current). */
  private async remember(ctx: TurnContext, who: Identity | undefined): Promise<StoredConversation | undefined> {
    const key = this.keyOf(ctx, who);
    if (!key) return undefined;
    const reference = TurnContext.getConversationReference(ctx.activity) as Partial<ConversationReference>;
    const type = ctx.activity.conversation?.conversationType;
    const kind: StoredConversation['kind'] = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
    if (kind === 'channel' && reference.conversation) reference.conversation = { ...reference.conversation, id: channelIdOf(ctx) };
    const channelData = (ctx.activity.channelData ?? {}) as { channel?: { name?: string }; team?: { name?: string } };
    const conversation: StoredConversation = {
      key,
      kind,
      reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
      updatedAt: this.deps.clock.now().toISOString(),
      ...(kind === 'personal' && who ? { upn: who.upn, teamsUserId: ctx.activity.from.id, ...(who.aadObjectId ? { aadObjectId: who.aadObjectId } : {}) } : {}),
      ...(kind !== 'personal' ? { name: [channelData.team?.name, channelData.channel?.name ?? ctx.activity.conversation.name].filter(Boolean).join(' / ') || undefined } : {}),
    };
    try {
      await this.deps.conversations.put(conversation);
    } catch (e) {
      this.deps.log.log('warn', 'conversation not stored', { key, error: errorText(e) });
    }
    return conversation;
  }

  private async installed(ctx: TurnContext, greet: boolean): Promise<void> {
    const type = ctx.activity.conversation?.conversationType;
    // In a team or chat the installer is not the audience: store the place, and greet only personal chats.
    const who = type === 'channel' || type === 'groupChat' ? undefined : await this.identity(ctx);
    const stored = await this.remember(ctx, who);
    this.deps.log.log('info', 'bot installed', { conversation: stored?.key, kind: stored?.kind });
    if (greet && stored?.kind === 'personal') {
      const e = this.deps.service.current();
      const scope = e && who ? this.scope(e, who) : undefined;
      await ctx.sendActivity({ attachments: [toAttachment(helpCard({ canNominate: scope ? canNominate(scope) : false, office: scope?.office ?? false }, this.localeOf(ctx)))] });
    }
  }
}

function cardResponse(card: Reply): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}

/** Teams gives the client's locale on every activity; English clients get English cards. */
export function localeOfActivity(ctx: TurnContext): Locale {
  return localeOf(ctx.activity.locale);
}

/** A channel's id without the thread (`19:…@thread.tacv2;messageid=…` → `19:…@thread.tacv2`). */
function channelIdOf(ctx: TurnContext): string {
  const data = (ctx.activity.channelData ?? {}) as { channel?: { id?: string } };
  return data.channel?.id ?? ctx.activity.conversation.id.split(';')[0]!;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
