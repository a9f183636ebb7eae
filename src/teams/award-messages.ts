import type { AwardComposer } from '../app/award-notices';
import { pick, t } from '../i18n/cards';
import { awardAnnouncementCard, awardNoticeCard, toAttachment } from './cards';

/** An award's messages as Adaptive Cards (AwardNotices' `compose`). */
export function awardMessages(tabUrl: string): AwardComposer {
  return {
    notice: (data, locale) => ({
      attachments: [toAttachment(awardNoticeCard(data, tabUrl, locale))],
      summary: t(locale, data.revoked ? 'awardRevokedTitle' : 'awardTitle', { certification: pick(data.certification, locale) }),
    }),
    announcement: (data, locale) => ({
      attachments: [toAttachment(awardAnnouncementCard({ ...data, tabUrl }, locale))],
      summary: t(locale, 'announceAwardTitle', { certification: pick(data.certification, locale) }),
    }),
  };
}
