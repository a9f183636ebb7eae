import type { Label, Locale } from '../domain/label';
import type { NominationFinding } from '../domain/nomination-rules';
import type { RoleProgress } from '../domain/progress';
import type { ConversationStore, Logger, Messenger, NominationStore, OutgoingMessage, SentCardStore, StoredConversation, StoredNomination } from '../ports';
import { localeOfConversation, type LocaleSetting } from './conversation-locale';
import type { ProgrammeService } from './programme-service';
import { nominationView, type NominationView } from './views';

/**
 * A stale press ("no longer pending"), a conflicting write ("changed by someone else"), a press by
 * someone who is not the approver, or a reminder that it has waited (waitingDays working days).
 */
export type NominationNotice = 'notPending' | 'changed' | 'notApprover' | 'waiting';

/** The request for approval, as one viewer should see it now. */
export interface NominationRequestData {
  /** The nomination as it is now (re-read from the list). */
  nomination: NominationView & { id: string };
  /** The warnings the nominator confirmed (a grade outside 「原則」, a planned transfer). */
  warnings?: ReadonlyArray<{ message: Label }>;
  /** Whom this rendering is for: the approver gets the comment and the buttons while it is pending. Absent: the card everyone sees. */
  viewerUpn?: string;
  /** The approver's Teams user id (29:…): the card refreshes for them, so they always see the current state. */
  approverUserId: string;
  /** The current holder the nominee replaces (交代). */
  replaces?: { upn: string; name: string };
  notice?: NominationNotice;
  /** With the 'waiting' notice: for how many working days it has waited. */
  waitingDays?: number;
}

/** What the nominee is told after the approval. */
export interface NomineeWelcomeData {
  name: string;
  /** The section the role is for. */
  section: string;
  role: { id: string; label: Label };
  /** When it was approved (ISO instant or date). */
  approvedAt?: string;
  /** The nominee's progress in the role (its first step is what they start with); absent before it is evaluated. */
  progress?: RoleProgress;
}

/** An approval announced in the department's channel. */
export interface ChannelAnnouncementData {
  nominee: { name: string; section: string };
  role: Label;
  /** When it was approved (ISO instant or date). */
  approvedAt: string;
}

/** How the notices look in Teams (src/teams/nomination-messages.ts: Adaptive Cards). */
export interface NominationComposer {
  request(data: NominationRequestData, locale: Locale): OutgoingMessage;
  welcome(data: NomineeWelcomeData, locale: Locale): OutgoingMessage;
  announcement(data: ChannelAnnouncementData, locale: Locale): OutgoingMessage;
}

export interface NominationNoticesDeps {
  service: ProgrammeService;
  nominations: NominationStore;
  conversations: ConversationStore;
  cards: SentCardStore;
  messenger: Messenger;
  compose: NominationComposer;
  log: Logger;
  /** The messages' language: 'auto' follows each chat's stored locale. */
  locale?: LocaleSetting;
}

/** What requestApproval did. */
export type ApprovalRequest = { sent: true; conversationKey: string; activityId: string } | { sent: false; reason: 'approverNotInstalled' | 'notFound' | 'notPending' };

/** The subject of a nomination's cards in the SentCardStore. */
export const nominationSubject = (id: string): string => `nomination:${id}`;

interface Notes {
  warnings: Label[];
}

interface RenderContext {
  /** The approver's Teams user id: the card refreshes for them. */
  approverUserId?: string;
  notes: Notes;
}

/**
 * Who hears of a nomination, and every copy of its request kept current: the request in the
 * approver's personal chat, the nominator's copy, the nominee's welcome and the department
 * channel's announcement. Every copy sent is recorded (SentCardStore) so a decision updates all of
 * them; each copy is rendered for its viewer (only the approver's has the buttons, and only while
 * the item is pending). Used by the chat (src/teams) and by the tab's API alike: a nomination made
 * in the tab reaches the approver in chat too.
 */
export class NominationNotices {
  constructor(private readonly deps: NominationNoticesDeps) {}

  /**
   * Sends the approval request to the approver's personal chat. The warnings the nominator
   * confirmed are kept with the cards (the list does not hold them) so every later rendering shows
   * them; without `warnings` (a new approver, a reminder) the ones kept are shown. `waitingDays`
   * makes it a reminder: the card says how long the nomination has waited.
   */
  async requestApproval(nominationId: string, warnings?: readonly NominationFinding[], opts: { waitingDays?: number; onlyPending?: boolean } = {}): Promise<ApprovalRequest> {
    const subject = nominationSubject(nominationId);
    if (warnings) {
      const notes: Notes = { warnings: warnings.map((w) => w.message) };
      await this.deps.cards.putNotes(subject, JSON.stringify(notes));
    }
    const stored = await this.deps.nominations.get(nominationId);
    if (!stored) return { sent: false, reason: 'notFound' };
    if (opts.onlyPending && stored.status !== 'pending') return { sent: false, reason: 'notPending' };
    const approver = await this.deps.conversations.personal(stored.approverUpn);
    if (!approver) return { sent: false, reason: 'approverNotInstalled' };
    const data = {
      ...this.dataWith(await this.contextOf(stored, approver), stored, { viewerUpn: stored.approverUpn }),
      ...(opts.waitingDays !== undefined ? { notice: 'waiting' as const, waitingDays: opts.waitingDays } : {}),
    };
    const { id } = await this.deps.messenger.send(approver, this.deps.compose.request(data, this.localeFor(approver)));
    await this.deps.cards.add(subject, { conversationKey: approver.key, activityId: id, viewerUpn: stored.approverUpn, sentAt: new Date().toISOString() });
    this.deps.log.log('info', 'nomination request sent', { nomination: stored.id, conversation: approver.key });
    return { sent: true, conversationKey: approver.key, activityId: id };
  }

  /** Records a copy shown in a conversation (an invoke's answer replaced a card there). */
  async recordCopy(nominationId: string, conversationKey: string, activityId: string | undefined, viewerUpn: string): Promise<void> {
    if (!activityId) return;
    await this.deps.cards.add(nominationSubject(nominationId), { conversationKey, activityId, viewerUpn, sentAt: new Date().toISOString() });
  }

  /** The request as `viewerUpn` should see it now. */
  async requestFor(stored: StoredNomination, opts: { viewerUpn?: string; notice?: NominationNotice } = {}): Promise<NominationRequestData> {
    return this.dataWith(await this.contextOf(stored), stored, opts);
  }

  /**
   * Updates every recorded copy but the one being answered (its invoke response replaces it):
   * each rendered for its viewer. A copy that cannot be updated (the chat gone) is logged and left.
   */
  async updateCopies(stored: StoredNomination, except?: { conversationKey: string; activityId?: string }): Promise<number> {
    const copies = await this.deps.cards.of(nominationSubject(stored.id));
    const ctx = await this.contextOf(stored);
    let updated = 0;
    for (const copy of copies) {
      if (except && copy.conversationKey === except.conversationKey && copy.activityId === except.activityId) continue;
      try {
        const conversation = await this.deps.conversations.get(copy.conversationKey);
        if (!conversation) continue;
        const data = this.dataWith(ctx, stored, { viewerUpn: copy.viewerUpn });
        await this.deps.messenger.update(conversation, copy.activityId, this.deps.compose.request(data, this.localeFor(conversation)));
        updated++;
      } catch (e) {
        this.deps.log.log('warn', 'nomination card not updated', { nomination: stored.id, conversation: copy.conversationKey, error: errorText(e) });
      }
    }
    return updated;
  }

  /**
   * After an approval: the nominee is welcomed with their first training steps, and the
   * department's channel hears of it. Either may be missing (the app not installed, no channel
   * mapped); what was sent is returned.
   */
  async announceApproval(stored: StoredNomination): Promise<{ nominee: boolean; channel: boolean }> {
    const e = this.deps.service.current();
    const out = { nominee: false, channel: false };
    if (!e) return out;
    const nominee = e.snapshot.staffByUpn.get(stored.nomineeUpn);
    const role = this.deps.service.programme.roles.find((r) => r.id === stored.role);
    if (!nominee || !role) return out;
    const chat = await this.deps.conversations.personal(stored.nomineeUpn);
    if (chat) {
      const progress = e.byUpn.get(stored.nomineeUpn)?.roles.find((r) => r.role === stored.role);
      const message = this.deps.compose.welcome(
        { name: nominee.name, section: stored.section, role: { id: role.id, label: role.label }, ...(stored.decidedAt ? { approvedAt: stored.decidedAt } : {}), ...(progress ? { progress } : {}) },
        this.localeFor(chat),
      );
      out.nominee = await this.trySend(chat, message, stored.id);
    }
    const channel = await this.deps.conversations.channelOf(nominee.department);
    if (channel) {
      // Channels are read by the whole 部: Japanese, whatever one member's client says.
      const message = this.deps.compose.announcement({ nominee: { name: nominee.name, section: stored.section }, role: role.label, approvedAt: stored.decidedAt ?? new Date().toISOString() }, 'ja');
      out.channel = await this.trySend(channel, message, stored.id);
    }
    return out;
  }

  /** What every rendering of a nomination needs besides the item: read once per answer, not per copy. */
  private async contextOf(stored: StoredNomination, approverChat?: StoredConversation): Promise<RenderContext> {
    const approver = approverChat ?? (await this.deps.conversations.personal(stored.approverUpn));
    return { approverUserId: approver?.teamsUserId, notes: await this.notesOf(stored.id) };
  }

  private dataWith(ctx: RenderContext, stored: StoredNomination, opts: { viewerUpn?: string; notice?: NominationNotice }): NominationRequestData {
    const e = this.deps.service.current();
    if (!e) throw new Error('the programme has not been read yet');
    const replaces = stored.replacesUpn ? { upn: stored.replacesUpn, name: e.snapshot.staffByUpn.get(stored.replacesUpn)?.name ?? stored.replacesUpn } : undefined;
    return {
      nomination: { ...nominationView(this.deps.service.programme, e.snapshot, stored), id: stored.id },
      warnings: ctx.notes.warnings.map((message) => ({ message })),
      viewerUpn: opts.viewerUpn,
      // Without the approver's chat there is nobody to refresh for: a made-up id matches no one.
      approverUserId: ctx.approverUserId ?? `unknown:${stored.approverUpn}`,
      ...(replaces ? { replaces } : {}),
      ...(opts.notice ? { notice: opts.notice } : {}),
    };
  }

  private localeFor(conversation: StoredConversation): Locale {
    return localeOfConversation(conversation, this.deps.locale);
  }

  private async trySend(conversation: StoredConversation, message: OutgoingMessage, nomination: string): Promise<boolean> {
    try {
      await this.deps.messenger.send(conversation, message);
      return true;
    } catch (e) {
      this.deps.log.log('warn', 'nomination announcement not sent', { nomination, conversation: conversation.key, error: errorText(e) });
      return false;
    }
  }

  private async notesOf(id: string): Promise<Notes> {
    const raw = await this.deps.cards.notes(nominationSubject(id));
    if (!raw) return { warnings: [] };
    try {
      const parsed = JSON.parse(raw) as Partial<Notes>;
      return { warnings: Array.isArray(parsed.warnings) ? parsed.warnings : [] };
    } catch {
      return { warnings: [] };
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
