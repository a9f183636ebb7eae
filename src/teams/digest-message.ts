import { localeOfConversation, type LocaleSetting } from '../app/conversation-locale';
import type { DigestData } from '../app/digest';
import type { OutgoingMessage, StoredConversation } from '../ports';
import { t } from '../i18n/cards';
import { formatPercent } from '../i18n/format';
import { digestCard, toAttachment } from './cards';

/**
 * The weekly digest as postDigests delivers it (its `compose`): the card alone, no text beside it
 * (Teams gives no activity id for text and a card together), and a summary for the notification
 * and the channel's list — 「総務部 週次ダイジェスト: 受講率 72.5%」. The language is the setting's,
 * or the one Teams reported for the channel (Japanese unless English).
 */
export function digestMessage(setting: LocaleSetting = 'auto'): (data: DigestData, conversation: StoredConversation) => OutgoingMessage {
  return (data, conversation) => {
    const l = localeOfConversation(conversation, setting);
    return {
      summary: `${t(l, 'digestTitle', { department: data.department })}: ${t(l, 'completionRate')} ${formatPercent(data.completionRate, l)}`,
      attachments: [toAttachment(digestCard(data, l))],
    };
  };
}
