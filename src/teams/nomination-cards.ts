import type { ProgrammeService } from '../app/programme-service';
import { nominationView } from '../app/views';
import type { Label } from '../domain/label';
import type { NominationFinding } from '../domain/nomination-rules';
import type { ConversationStore, Messenger, NominationStore, SentCardStore, StoredConversation, StoredNomination } from '../ports/index';
import type { Logger } from '../ports';
import {
  channelAnnouncementCard,
  firstStepOf,
  nominationRequestCard,
  nomineeWelcomeCard,
  pick,
  t,
  toAttachment,
  type AdaptiveCardJson,
  type NominationNotice,
} from './cards';
import { localeOf } from './reminder-message';

export interface NominationCardsDeps {
  service: ProgrammeService;
  nominations: NominationStore;
  conversations: ConversationStore;
  cards: SentCardStore;
  messenger: Messenger;
  log: Logger;
  tabUrl: string;
  /** The cards' language: 'auto' follows each chat's stored locale. */
  locale?: 'auto' | 'ja' | 'en';
}

/** What requestApproval did. */
export type ApprovalRequest = { sent: true; conversationKey: string; activityId: string } | { sent: false; reason: 'approverNotInstalled' | 'notFound' };

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
 * The cards of a nomination, wherever they are: the request in the approver's personal chat, the
 * nominator's copy, the nominee's welcome and the department channel's announcement. Every copy sent
 * is recorded (SentCardStore) so a decision updates all of them; each copy is rendered for its
 * viewer (only the approver's has the buttons, and only while the item is pending). Used by the
 * bot's handler and by the tab's API (a nomination made in the tab also reaches the approver in chat).
 */
export class NominationCards {
  constructor(private readonly deps: NominationCardsDeps) {}

  /**
   * Sends the approval request to the approver's personal chat. The warnings the nominator
   * confirmed are kept with the cards (the list does not hold them) so every later rendering shows them.
   */
  async requestApproval(nominationId: string, warnings: readonly NominationFinding[]): Promise<ApprovalRequest> {
    const subject = nominationSubject(nominationId);
    const notes: Notes = { warnings: warnings.map((w) => w.message) };
    await this.deps.cards.putNotes(subject, JSON.stringify(notes));
    const stored = await this.deps.nominations.get(nominationId);
    if (!stored) return { sent: false, reason: 'notFound' };
    const approver = await this.deps.conversations.personal(stored.approverUpn);
    if (!approver) return { sent: false, reason: 'approverNotInstalled' };
    const card = this.renderWith(await this.contextOf(stored, approver), stored, { viewerUpn: stored.approverUpn, locale: this.localeFor(approver) });
    const { id } = await this.deps.messenger.send(approver, this.message(card, stored));
    await this.deps.cards.add(subject, { conversationKey: approver.key, activityId: id, viewerUpn: stored.approverUpn, sentAt: new Date().toISOString() });
    this.deps.log.log('info', 'nomination request sent', { nomination: stored.id, conversation: approver.key });
    return { sent: true, conversationKey: approver.key, activityId: id };
  }

  /** Records a copy the bot showed in a conversation (an invoke's answer replaced a card there). */
  async recordCopy(nominationId: string, conversationKey: string, activityId: string | undefined, viewerUpn: string): Promise<void> {
    if (!activityId) return;
    await this.deps.cards.add(nominationSubject(nominationId), { conversationKey, activityId, viewerUpn, sentAt: new Date().toISOString() });
  }

  /** The request card as `viewerUpn` should see it now. */
  async render(stored: StoredNomination, opts: { viewerUpn?: string; notice?: NominationNotice; locale?: 'ja' | 'en' } = {}): Promise<AdaptiveCardJson> {
    return this.renderWith(await this.contextOf(stored), stored, opts);
  }

  /** What every rendering of a nomination needs besides the item: read once per answer, not per copy. */
  private async contextOf(stored: StoredNomination, approverChat?: StoredConversation): Promise<RenderContext> {
    const approver = approverChat ?? (await this.deps.conversations.personal(stored.approverUpn));
    return { approverUserId: approver?.teamsUserId, notes: await this.notesOf(stored.id) };
  }

  private renderWith(ctx: RenderContext, stored: StoredNomination, opts: { viewerUpn?: string; notice?: NominationNotice; locale?: 'ja' | 'en' }): AdaptiveCardJson {
    const e = this.deps.service.current();
    if (!e) throw new Error('the programme has not been read yet');
    const replaces = stored.replacesUpn ? { upn: stored.replacesUpn, name: e.snapshot.staffByUpn.get(stored.replacesUpn)?.name ?? stored.replacesUpn } : undefined;
    return nominationRequestCard(
      {
        nomination: { ...nominationView(this.deps.service.programme, e.snapshot, stored), id: stored.id },
        warnings: ctx.notes.warnings.map((message) => ({ message })),
        viewerUpn: opts.viewerUpn,
        // Without the approver's chat there is nobody to refresh for: a made-up id matches no one.
        approverUserId: ctx.approverUserId ?? `unknown:${stored.approverUpn}`,
        ...(replaces ? { replaces } : {}),
        ...(opts.notice ? { notice: opts.notice } : {}),
      },
      opts.locale ?? 'ja',
    );
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
        const card = this.renderWith(ctx, stored, { viewerUpn: copy.viewerUpn, locale: this.localeFor(conversation) });
        await this.deps.messenger.update(conversation, copy.activityId, this.message(card, stored));
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
    const progress = e.byUpn.get(stored.nomineeUpn)?.roles.find((r) => r.role === stored.role);
    const chat = await this.deps.conversations.personal(stored.nomineeUpn);
    if (chat) {
      const locale = this.localeFor(chat);
      const card = nomineeWelcomeCard(
        {
          name: nominee.name,
          section: stored.section,
          role: { id: role.id, label: role.label },
          ...(stored.decidedAt ? { approvedAt: stored.decidedAt } : {}),
          ...(progress && firstStepOf(progress) ? { firstStep: firstStepOf(progress)! } : {}),
          tabUrl: this.deps.tabUrl,
        },
        locale,
      );
      out.nominee = await this.trySend(chat, { attachments: [toAttachment(card)], summary: pick(role.label, locale) }, stored.id);
    }
    const channel = await this.deps.conversations.channelOf(nominee.department);
    if (channel) {
      const card = channelAnnouncementCard(
        { nominee: { name: nominee.name, section: stored.section }, role: role.label, approvedAt: stored.decidedAt ?? new Date().toISOString(), tabUrl: this.deps.tabUrl },
        'ja',
      );
      out.channel = await this.trySend(channel, { attachments: [toAttachment(card)], summary: pick(role.label, 'ja') }, stored.id);
    }
    return out;
  }

  private localeFor(conversation: StoredConversation): 'ja' | 'en' {
    const fixed = this.deps.locale;
    return fixed === 'ja' || fixed === 'en' ? fixed : localeOf(conversation);
  }

  private async trySend(conversation: StoredConversation, message: Parameters<Messenger['send']>[1], nomination: string): Promise<boolean> {
    try {
      await this.deps.messenger.send(conversation, message);
      return true;
    } catch (e) {
      this.deps.log.log('warn', 'nomination announcement not sent', { nomination, conversation: conversation.key, error: errorText(e) });
      return false;
    }
  }

  private message(card: AdaptiveCardJson, stored: StoredNomination): Parameters<Messenger['send']>[1] {
    // The card alone: Teams gives no activity id to update when text and a card go together.
    const e = this.deps.service.current();
    const name = e?.snapshot.staffByUpn.get(stored.nomineeUpn)?.name ?? stored.nomineeUpn;
    return { attachments: [toAttachment(card)], summary: t('ja', 'requestSummary', { nominee: name, role: pick(this.roleLabel(stored.role), 'ja') }) };
  }

  private roleLabel(role: string): Label {
    return this.deps.service.programme.roles.find((r) => r.id === role)?.label ?? { ja: role };
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

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
