import {
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
} from 'botbuilder';
import { canSeeSection, scopeOf, type Caller, type Scope, type Unit } from '../app/access';
import { decideNomination } from '../app/nomination-decisions';
import { nominationOptions } from '../app/nomination-options';
import { nominate } from '../app/nominations';
import type { Evaluated, ProgrammeService } from '../app/programme-service';
import { fiscalYearOf, fiscalYearRange } from '../domain/fiscal-calendar';
import { addDays } from '../domain/local-date';
import type { NominationFinding } from '../domain/nomination-rules';
import type { Clock, ConversationStore, NominationStore, ReminderLedger, StoredConversation } from '../ports/index';
import type { Logger } from '../ports';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  channelSetupCard,
  formatDate,
  helpCard,
  label,
  myStepCard,
  nominationFormCard,
  noticeCard,
  pendingCard,
  readCardAction,
  REASON_MAX_LENGTH,
  toAttachment,
  type AdaptiveCardJson,
  type CardAction,
  type MuteDays,
  type NoticeCardData,
} from './cards';
import type { Locale } from './cards/strings';
import { parseCommand, type Command } from './commands';
import { errorText, NominationCards } from './nomination-cards';

/** Who sent an activity, as Teams says (TeamsInfo.getMember): the UPN is what the lists key people by. */
export interface Identity {
  upn: string;
  aadObjectId?: string;
  name?: string;
}

export interface BotDeps {
  service: ProgrammeService;
  nominations: NominationStore;
  conversations: ConversationStore;
  ledger: ReminderLedger;
  nominationCards: NominationCards;
  clock: Clock;
  log: Logger;
  /** Where cards link to (the personal tab). */
  tabUrl: string;
  /** The programme office in chat (SKILLSTEPS_OFFICE_UPNS): may map channels, nominate anywhere. */
  officeUpns: ReadonlySet<string>;
  officeApproverUpn?: string;
  /** The cards' language: 'auto' follows the activity's locale. */
  locale?: 'auto' | Locale;
  /** How the sender is identified; default TeamsInfo.getMember, cached per Teams user id. */
  identify?: (ctx: TurnContext) => Promise<Identity | undefined>;
}

/** Days of a mute typed without a number (「リマインド停止」). */
export const DEFAULT_MUTE_DAYS = 30;

type Reply = AdaptiveCardJson;

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
      const card = await this.answerCommand(ctx, parseCommand(ctx.activity.text ?? ''), who, locale);
      await ctx.sendActivity({ attachments: [toAttachment(card)] });
    } catch (e) {
      this.deps.log.log('error', 'bot message failed', { error: errorText(e), conversation: ctx.activity.conversation?.id });
      await ctx.sendActivity({ attachments: [toAttachment(notice('error', 'noticeErrorTitle', 'noticeErrorText', locale))] });
    }
  }

  private async answerCommand(ctx: TurnContext, command: Command, who: Identity | undefined, locale: Locale): Promise<Reply> {
    if (!who) return notice('warning', 'noticeUnknownUserTitle', 'noticeUnknownUserText', locale);
    const e = this.deps.service.current();
    if (!e) return notice('info', 'noticeNotSyncedTitle', 'noticeNotSyncedText', locale);
    const scope = this.scope(e, who);
    switch (command.kind) {
      case 'myStep':
        return this.myStep(e, who, locale);
      case 'pending':
        return this.pending(e, who, locale);
      case 'nominate':
        return this.nominationForm(e, scope, undefined, locale);
      case 'help':
        return this.help(scope, locale);
      case 'unknown':
        return this.help(scope, locale, command.text);
      case 'mute':
        return this.mute(who, command.days ?? DEFAULT_MUTE_DAYS, locale);
      case 'unmute':
        return this.unmute(who, locale);
      case 'mapChannel':
        return this.mapChannel(ctx, e, scope, command.department, locale);
    }
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
      return cardResponse(await this.act(ctx, read.action, e, who, locale));
    } catch (err) {
      this.deps.log.log('error', 'card action failed', { verb: read.action.verb, error: errorText(err) });
      return cardResponse(notice('error', 'noticeErrorTitle', 'noticeErrorText', locale));
    }
  }

  private async act(ctx: TurnContext, action: CardAction, e: Evaluated, who: Identity, locale: Locale): Promise<Reply> {
    const scope = this.scope(e, who);
    switch (action.verb) {
      case 'mystep.show':
        return this.myStep(e, who, locale);
      case 'pending.show':
        return this.pending(e, who, locale);
      case 'help.show':
        return this.help(scope, locale);
      case 'reminders.mute':
        return this.mute(who, action.data.days, locale);
      case 'reminders.unmute':
        return this.unmute(who, locale);
      case 'nomination.start':
        return this.nominationForm(e, scope, action.data.section, locale);
      case 'nomination.submit':
        return this.submitNomination(ctx, e, scope, action.data, locale);
      case 'nomination.approve':
      case 'nomination.reject':
        return this.decide(ctx, who, action.data.nominationId, action.verb === 'nomination.approve' ? 'approve' : 'reject', action.data.comment, locale);
      case 'nomination.refresh':
        return this.refresh(who, action.data.nominationId, locale);
      case 'channel.map':
        return this.mapChannel(ctx, e, scope, action.data.department, locale);
    }
  }

  // ---- What each command or action answers ----------------------------------------------------

  private myStep(e: Evaluated, who: Identity, locale: Locale): Reply {
    const progress = e.byUpn.get(who.upn);
    if (!progress) return notStaff(who, locale);
    return myStepCard(progress, this.deps.tabUrl, locale);
  }

  private pending(e: Evaluated, who: Identity, locale: Locale): Reply {
    const progress = e.byUpn.get(who.upn);
    if (!progress) return notStaff(who, locale);
    return pendingCard(progress.nextActions, { tabUrl: this.deps.tabUrl, roles: progress.roles }, locale);
  }

  private help(scope: Scope, locale: Locale, unknownInput?: string): Reply {
    return helpCard({ canNominate: canNominate(scope), office: scope.office, ...(unknownInput ? { unknownInput } : {}) }, locale);
  }

  private async mute(who: Identity, days: MuteDays, locale: Locale): Promise<Reply> {
    const today = this.deps.clock.today();
    // 「年度末まで」: to 3/31 of the current 年度 (April–March).
    const until = days === 'fiscalYearEnd' ? fiscalYearRange(fiscalYearOf(today)).end : addDays(today, days);
    await this.deps.ledger.mute(who.upn, until);
    this.deps.log.log('info', 'reminders muted', { upn: who.upn, until });
    return noticeCard({ kind: 'success', title: label('noticeMutedTitle'), text: label('noticeMutedText', (l) => ({ date: formatDate(until, l) })) }, locale);
  }

  private async unmute(who: Identity, locale: Locale): Promise<Reply> {
    await this.deps.ledger.unmute(who.upn);
    return notice('success', 'noticeUnmutedTitle', 'noticeUnmutedText', locale);
  }

  /** The form for a section the caller may nominate in: the one asked for, else their own. */
  private nominationForm(e: Evaluated, scope: Scope, section: string | undefined, locale: Locale, previous?: FormState): Reply {
    const unit = this.unitFor(e, scope, section);
    if (!unit) return notice('warning', 'noticeNotManagerTitle', 'noticeNotManagerText', locale);
    const options = nominationOptions(this.deps.service.programme, e, unit);
    return nominationFormCard(
      {
        section: unit.section,
        roles: options.roles,
        candidates: options.candidates,
        tabUrl: this.deps.tabUrl,
        ...(previous ? { previous: previous.values, check: previous.check } : {}),
      },
      locale,
    );
  }

  private async submitNomination(
    ctx: TurnContext,
    e: Evaluated,
    scope: Scope,
    data: { section: string; confirmWarnings: boolean; nominee: string; role: string; reason: string; replaces: string },
    locale: Locale,
  ): Promise<Reply> {
    const values = { nominee: data.nominee, role: data.role, reason: data.reason.slice(0, REASON_MAX_LENGTH), replaces: data.replaces };
    const missing: NominationFinding[] = [];
    if (!data.nominee) missing.push({ code: 'NOMINATION.NOMINEE_UNKNOWN', message: label('noticeChooseNomineeText') });
    if (!data.role) missing.push({ code: 'NOMINATION.ROLE_NOT_NOMINATED', message: label('noticeChooseRoleText') });
    if (missing.length > 0) return this.nominationForm(e, scope, data.section, locale, { values, check: { errors: missing, warnings: [] } });
    const unit = this.unitFor(e, scope, data.section);
    if (!unit) return notice('warning', 'noticeNotManagerTitle', 'noticeNotManagerText', locale);

    const result = await nominate(
      this.deps.service,
      this.deps.nominations,
      scope,
      { nomineeUpn: data.nominee, role: data.role, section: unit.section, replacesUpn: data.replaces || undefined, reason: values.reason, confirmWarnings: data.confirmWarnings },
      this.deps.clock.now(),
      this.deps.officeApproverUpn,
    );
    const latest = this.deps.service.current() ?? e;
    if (!result.check.ok || result.needsConfirmation) {
      return this.nominationForm(latest, scope, unit.section, locale, { values, check: { errors: result.check.errors, warnings: result.check.warnings } });
    }
    const id = result.created!.id;
    this.deps.log.log('info', 'nomination created', { id, role: data.role, by: scope.caller.upn, via: 'bot' });
    const request = await this.deps.nominationCards.requestApproval(id, result.check.warnings);
    const stored = await this.deps.nominations.get(id);
    if (!request.sent || !stored) {
      const approver = latest.snapshot.staffByUpn.get(result.check.approverUpn ?? '')?.name ?? result.check.approverUpn ?? '';
      return noticeCard({ kind: 'warning', title: label('noticeNominatedTitle'), text: label('noticeApproverUnreachableText', { approver }) }, locale);
    }
    // The form becomes the nominator's copy of the request: it follows the decision from here on.
    const conversationKey = this.keyOf(ctx, { upn: scope.caller.upn });
    if (conversationKey) await this.deps.nominationCards.recordCopy(id, conversationKey, ctx.activity.replyToId, scope.caller.upn);
    return this.deps.nominationCards.render(stored, { viewerUpn: scope.caller.upn, locale });
  }

  private async decide(ctx: TurnContext, who: Identity, nominationId: string, decision: 'approve' | 'reject', comment: string, locale: Locale): Promise<Reply> {
    const result = await decideNomination(this.deps.service, this.deps.nominations, this.deps.clock, { nominationId, decision, comment, deciderUpn: who.upn });
    const cards = this.deps.nominationCards;
    const here = { conversationKey: this.keyOf(ctx, who) ?? '', activityId: ctx.activity.replyToId };
    if (!result.ok) {
      this.deps.log.log('info', 'nomination decision refused', { id: nominationId, code: result.code, by: who.upn });
      if (!result.nomination) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('noticeNominationNotFoundText') }, locale);
      if (result.code === 'NOT_PENDING') await cards.updateCopies(result.nomination, here);
      const noticeKind = result.code === 'NOT_APPROVER' ? 'notApprover' : result.nomination.status === 'pending' ? 'changed' : 'notPending';
      return cards.render(result.nomination, { viewerUpn: who.upn, notice: noticeKind, locale });
    }
    const stored = result.nomination;
    this.deps.log.log('info', 'nomination decided', { id: stored.id, status: stored.status, by: who.upn, roleItem: result.roleItemId });
    await cards.updateCopies(stored, here);
    if (stored.status === 'approved') await cards.announceApproval(stored);
    return cards.render(stored, { viewerUpn: who.upn, locale });
  }

  private async refresh(who: Identity, nominationId: string, locale: Locale): Promise<Reply> {
    const stored = await this.deps.nominations.get(nominationId);
    if (!stored) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('noticeNominationNotFoundText') }, locale);
    return this.deps.nominationCards.render(stored, { viewerUpn: who.upn, locale });
  }

  /** Maps this channel to a 部 (programme office only, in a channel only; the 部 must be in the Staff list). */
  private async mapChannel(ctx: TurnContext, e: Evaluated, scope: Scope, department: string, locale: Locale): Promise<Reply> {
    if (!scope.office) return notice('warning', 'noticeNotOfficeTitle', 'noticeNotOfficeText', locale);
    if (ctx.activity.conversation?.conversationType !== 'channel') return notice('info', 'noticeChannelOnlyTitle', 'noticeChannelOnlyText', locale);
    const key = this.keyOf(ctx, { upn: scope.caller.upn });
    const current = key ? (await this.deps.conversations.get(key))?.department : undefined;
    const departments = [...new Set(e.snapshot.staff.filter((s) => s.active).map((s) => s.department))].sort((a, b) => a.localeCompare(b, 'ja'));
    const wanted = department.normalize('NFKC').trim();
    const match = departments.find((d) => d.normalize('NFKC') === wanted);
    if (!match || !key) {
      const setup = channelSetupCard({ departments, ...(current ? { current } : {}) }, locale);
      if (!wanted) return setup;
      // An unknown 部: say so, and offer the list.
      await ctx.sendActivity({ attachments: [toAttachment(noticeCard({ kind: 'warning', title: label('noticeUnknownDepartmentTitle'), text: label('noticeUnknownDepartmentText', { department: wanted }) }, locale))] });
      return setup;
    }
    await this.deps.conversations.mapChannel(key, match);
    this.deps.log.log('info', 'channel mapped', { channel: key, department: match, by: scope.caller.upn });
    return noticeCard({ kind: 'success', title: label('noticeChannelMappedTitle'), text: label('noticeChannelMappedText', { department: match }) }, locale);
  }

  // ---- Who and where ------------------------------------------------------------------------

  private localeOf(ctx: TurnContext): Locale {
    const fixed = this.deps.locale;
    return fixed === 'ja' || fixed === 'en' ? fixed : localeOfActivity(ctx);
  }

  private scope(e: Evaluated, who: Identity): Scope {
    const caller: Caller = { upn: who.upn, office: this.deps.officeUpns.has(who.upn), ...(who.aadObjectId ? { oid: who.aadObjectId } : {}), ...(who.name ? { name: who.name } : {}) };
    return scopeOf(this.deps.service.programme, e.snapshot, caller);
  }

  private unitFor(e: Evaluated, scope: Scope, section: string | undefined): Unit | undefined {
    if (section) {
      const member = e.snapshot.staff.find((s) => s.section === section);
      const unit = scope.sections.find((s) => s.section === section) ?? (member ? { department: member.department, section } : undefined);
      return unit && canSeeSection(scope, unit) ? unit : undefined;
    }
    if (scope.sections.length > 0) return scope.sections[0];
    if (scope.office && scope.staff) return { department: scope.staff.department, section: scope.staff.section };
    return undefined;
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

interface FormState {
  values: { nominee?: string; role?: string; reason?: string; replaces?: string };
  check: { errors: NominationFinding[]; warnings: NominationFinding[] };
}

function canNominate(scope: Scope): boolean {
  return scope.office || scope.sections.length > 0;
}

function notice(kind: NoticeCardData['kind'], title: Parameters<typeof label>[0], text: Parameters<typeof label>[0], locale: Locale): Reply {
  return noticeCard({ kind, title: label(title), text: label(text) }, locale);
}

function notStaff(who: Identity, locale: Locale): Reply {
  return noticeCard({ kind: 'warning', title: label('noticeNotStaffTitle'), text: label('noticeNotStaffText', { upn: who.upn }) }, locale);
}

function cardResponse(card: Reply): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}

/** Teams gives the client's locale on every activity; English clients get English cards. */
export function localeOfActivity(ctx: TurnContext): Locale {
  const l = ctx.activity.locale;
  return typeof l === 'string' && l.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

/** A channel's id without the thread (`19:…@thread.tacv2;messageid=…` → `19:…@thread.tacv2`). */
function channelIdOf(ctx: TurnContext): string {
  const data = (ctx.activity.channelData ?? {}) as { channel?: { id?: string } };
  return data.channel?.id ?? ctx.activity.conversation.id.split(';')[0]!;
}
