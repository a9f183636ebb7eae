import type { Label, Locale } from '../domain/label';
import type { LocalDate } from '../domain/local-date';
import type { ProgressChange } from '../domain/progress-changes';
import type { ConversationStore, Logger, Messenger, OutgoingMessage, StoredConversation } from '../ports';
import type { AwardView } from './awards';
import { localeOfConversation, type LocaleSetting } from './conversation-locale';

/** What the person hears of their award, or of its revocation. */
export interface AwardNoticeData {
  name: string;
  certification: Label;
  date: LocalDate;
  serial?: string;
  /** What the award changed in their steps (a role the certification confers). */
  changes: ProgressChange[];
  /** Set for a revocation: when, and the office's reason (shown as plain text). */
  revoked?: { at: string; reason: string };
}

/** An award announced in the person's department channel. */
export interface AwardAnnouncementData {
  person: { name: string; section: string };
  certification: Label;
  date: LocalDate;
}

/** How the notices look in Teams (src/teams/award-messages.ts: Adaptive Cards). */
export interface AwardComposer {
  notice(data: AwardNoticeData, locale: Locale): OutgoingMessage;
  announcement(data: AwardAnnouncementData, locale: Locale): OutgoingMessage;
}

export interface AwardNoticesDeps {
  conversations: ConversationStore;
  messenger: Messenger;
  compose: AwardComposer;
  log: Logger;
  locale?: LocaleSetting;
}

/**
 * Who hears of an award: the person in their personal chat (with what it changed in their steps), and
 * their department's channel; of a revocation, the person only. Either may be missing (the app not
 * installed, no channel mapped): the award stands, and what was sent is returned.
 */
export class AwardNotices {
  constructor(private readonly deps: AwardNoticesDeps) {}

  async awarded(award: AwardView, changes: ProgressChange[]): Promise<{ person: boolean; channel: boolean }> {
    const out = { person: false, channel: false };
    const chat = await this.deps.conversations.personal(award.upn);
    if (chat) {
      const data: AwardNoticeData = { name: award.name, certification: award.certification.label, date: award.date, ...(award.serial ? { serial: award.serial } : {}), changes };
      out.person = await this.trySend(chat, this.deps.compose.notice(data, this.localeFor(chat)), award.id);
    }
    const channel = award.department ? await this.deps.conversations.channelOf(award.department) : undefined;
    if (channel) {
      // Channels are read by the whole 部: Japanese, whatever one member's client says.
      out.channel = await this.trySend(channel, this.deps.compose.announcement({ person: { name: award.name, section: award.section ?? '' }, certification: award.certification.label, date: award.date }, 'ja'), award.id);
    }
    return out;
  }

  async revoked(award: AwardView): Promise<boolean> {
    const chat = await this.deps.conversations.personal(award.upn);
    if (!chat || !award.revoked) return false;
    const data: AwardNoticeData = {
      name: award.name,
      certification: award.certification.label,
      date: award.date,
      ...(award.serial ? { serial: award.serial } : {}),
      changes: [],
      revoked: { at: award.revoked.at, reason: award.revoked.reason ?? '' },
    };
    return this.trySend(chat, this.deps.compose.notice(data, this.localeFor(chat)), award.id);
  }

  private localeFor(conversation: StoredConversation): Locale {
    return localeOfConversation(conversation, this.deps.locale);
  }

  private async trySend(conversation: StoredConversation, message: OutgoingMessage, award: string): Promise<boolean> {
    try {
      await this.deps.messenger.send(conversation, message);
      return true;
    } catch (e) {
      this.deps.log.log('warn', 'award notice not sent', { award, conversation: conversation.key, error: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }
}
