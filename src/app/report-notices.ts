import type { Locale } from '../domain/label';
import type { ProgressChange } from '../domain/progress-changes';
import type { ConversationStore, Logger, Messenger, OutgoingMessage, SentCardStore, StoredConversation, ConfirmableSubmission, SubmissionStore } from '../ports';
import { localeOfConversation, type LocaleSetting } from './conversation-locale';
import type { ProgrammeService } from './programme-service';
import { reportView, type ReportView } from './report-views';
import { isConfirmable } from '../domain/submissions';

/** A stale press, a write that lost to another at the same moment, a press by someone who may not confirm, 差し戻し without a reason. */
export type ReportNotice = 'notPending' | 'changed' | 'notConfirmer' | 'commentRequired';

/** The request to confirm a report, as one viewer should see it now. */
export interface ReportRequestData {
  report: ReportView;
  /** The confirmer's Teams user id (29:…): the card refreshes for them. */
  confirmerUserId: string;
  notice?: ReportNotice;
}

/** What the reporter is told once their report is decided: the decision and what changed in their steps. */
export interface ReportResultData {
  report: ReportView;
  changes: ProgressChange[];
}

/** How the notices look in Teams (src/teams/report-messages.ts: Adaptive Cards). */
export interface ReportComposer {
  request(data: ReportRequestData, locale: Locale): OutgoingMessage;
  result(data: ReportResultData, locale: Locale): OutgoingMessage;
}

export interface ReportNoticesDeps {
  service: ProgrammeService;
  submissions: SubmissionStore;
  conversations: ConversationStore;
  cards: SentCardStore;
  messenger: Messenger;
  compose: ReportComposer;
  log: Logger;
  locale?: LocaleSetting;
  /** The programme office in chat (SKILLSTEPS_OFFICE_UPNS): they may confirm any report. */
  officeUpns: ReadonlySet<string>;
}

/** The subject of a report's cards in the SentCardStore. */
export const reportSubject = (id: string): string => `report:${id}`;

/** What requestConfirmation did. */
export type ConfirmationRequest = { sent: true; conversationKey: string; activityId: string } | { sent: false; reason: 'confirmerNotInstalled' | 'notFound' | 'nobodyConfirms' };

/**
 * Who hears of a report, and every copy of its card kept current: the request in the confirmer's
 * personal chat, the reporter's copy (the chat form it replaced), each rendered for its viewer (only
 * someone who may confirm gets 承認 / 差し戻し, and only while it waits); after a decision every copy is
 * updated and the reporter is told what changed in their steps. Used by the chat and the tab's API alike.
 */
export class ReportNotices {
  constructor(private readonly deps: ReportNoticesDeps) {}

  /** Sends the request to the confirmer's personal chat and records the copy. */
  async requestConfirmation(id: string): Promise<ConfirmationRequest> {
    const found = await this.deps.submissions.get(id);
    const stored = found && isConfirmable(found) ? found : undefined;
    if (!stored) return { sent: false, reason: 'notFound' };
    if (!stored.confirmerUpn) return { sent: false, reason: 'nobodyConfirms' };
    const chat = await this.deps.conversations.personal(stored.confirmerUpn);
    if (!chat) return { sent: false, reason: 'confirmerNotInstalled' };
    const data = this.dataOf(stored, stored.confirmerUpn, chat.teamsUserId);
    const { id: activityId } = await this.deps.messenger.send(chat, this.deps.compose.request(data, this.localeFor(chat)));
    await this.deps.cards.add(reportSubject(id), { conversationKey: chat.key, activityId, viewerUpn: stored.confirmerUpn, sentAt: new Date().toISOString() });
    this.deps.log.log('info', 'report confirmation requested', { report: id, conversation: chat.key });
    return { sent: true, conversationKey: chat.key, activityId };
  }

  /** Records a copy shown in a conversation (an invoke's answer replaced a card there). */
  async recordCopy(id: string, conversationKey: string, activityId: string | undefined, viewerUpn: string): Promise<void> {
    if (!activityId) return;
    await this.deps.cards.add(reportSubject(id), { conversationKey, activityId, viewerUpn, sentAt: new Date().toISOString() });
  }

  /** The card as `viewerUpn` should see it now. */
  async requestFor(stored: ConfirmableSubmission, opts: { viewerUpn: string; notice?: ReportNotice }): Promise<ReportRequestData> {
    const confirmer = stored.confirmerUpn ? await this.deps.conversations.personal(stored.confirmerUpn) : undefined;
    return { ...this.dataOf(stored, opts.viewerUpn, confirmer?.teamsUserId), ...(opts.notice ? { notice: opts.notice } : {}) };
  }

  /** Updates every recorded copy but the one being answered, each for its viewer; a copy that cannot be updated is logged and left. */
  async updateCopies(stored: ConfirmableSubmission, except?: { conversationKey: string; activityId?: string }): Promise<number> {
    const copies = await this.deps.cards.of(reportSubject(stored.id));
    const confirmer = stored.confirmerUpn ? await this.deps.conversations.personal(stored.confirmerUpn) : undefined;
    let updated = 0;
    for (const copy of copies) {
      if (except && copy.conversationKey === except.conversationKey && copy.activityId === except.activityId) continue;
      try {
        const conversation = await this.deps.conversations.get(copy.conversationKey);
        if (!conversation) continue;
        const data = this.dataOf(stored, copy.viewerUpn ?? '', confirmer?.teamsUserId);
        await this.deps.messenger.update(conversation, copy.activityId, this.deps.compose.request(data, this.localeFor(conversation)));
        updated++;
      } catch (e) {
        this.deps.log.log('warn', 'report card not updated', { report: stored.id, conversation: copy.conversationKey, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return updated;
  }

  /** Tells the reporter the decision and what changed in their steps (when they have the app). */
  async tellSubject(stored: ConfirmableSubmission, changes: ProgressChange[]): Promise<boolean> {
    const chat = await this.deps.conversations.personal(stored.subjectUpn);
    if (!chat) return false;
    try {
      await this.deps.messenger.send(chat, this.deps.compose.result({ report: this.viewOf(stored, stored.subjectUpn), changes }, this.localeFor(chat)));
      return true;
    } catch (e) {
      this.deps.log.log('warn', 'report result not sent', { report: stored.id, error: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }

  private viewOf(stored: ConfirmableSubmission, viewerUpn: string): ReportView {
    const e = this.deps.service.current();
    if (!e) throw new Error('the programme has not been read yet');
    const viewer = viewerUpn.toLowerCase();
    return reportView(this.deps.service.programme, e.snapshot, stored, { upn: viewer, office: this.deps.officeUpns.has(viewer) });
  }

  private dataOf(stored: ConfirmableSubmission, viewerUpn: string, confirmerUserId: string | undefined): ReportRequestData {
    // Without the confirmer's chat there is nobody to refresh for: a made-up id matches no one.
    return { report: this.viewOf(stored, viewerUpn), confirmerUserId: confirmerUserId ?? `unknown:${stored.confirmerUpn ?? 'none'}` };
  }

  private localeFor(conversation: StoredConversation): Locale {
    return localeOfConversation(conversation, this.deps.locale);
  }
}
