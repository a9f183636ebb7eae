import type { NominationComposer } from '../app/nomination-notices';
import { pick, t } from '../i18n/cards';
import { channelAnnouncementCard, firstStepOf, nominationRequestCard, nomineeWelcomeCard, toAttachment } from './cards';

/**
 * A nomination's messages as Adaptive Cards (NominationNotices' `compose`): each the card alone
 * (Teams gives no activity id to update when text and a card go together) with a summary for the
 * notification.
 */
export function nominationMessages(tabUrl: string): NominationComposer {
  return {
    request: (data, locale) => ({
      attachments: [toAttachment(nominationRequestCard(data, locale))],
      // The chat list's line stays Japanese, as the request's own title.
      summary: t('ja', 'requestSummary', { nominee: data.nomination.nominee.name, role: pick(data.nomination.role.label, 'ja') }),
    }),
    welcome: (data, locale) => {
      const firstStep = data.progress ? firstStepOf(data.progress) : undefined;
      const card = nomineeWelcomeCard(
        { name: data.name, section: data.section, role: data.role, ...(data.approvedAt ? { approvedAt: data.approvedAt } : {}), ...(firstStep ? { firstStep } : {}), tabUrl },
        locale,
      );
      return { attachments: [toAttachment(card)], summary: pick(data.role.label, locale) };
    },
    announcement: (data, locale) => ({
      attachments: [toAttachment(channelAnnouncementCard({ ...data, tabUrl }, locale))],
      summary: pick(data.role, locale),
    }),
  };
}
