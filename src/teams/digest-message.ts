import type { DigestData } from '../app/digest';
import type { OutgoingMessage, StoredConversation } from '../ports/index';
import { digestCard, t, toAttachment } from './cards';
import { formatPercent } from './cards/format';
import type { Locale } from './cards/strings';
import { localeOf } from './reminder-message';

/**
 * The weekly digest as postDigests delivers it (its `compose`): the card alone, no text beside it
 * (Teams gives no activity id for text and a card together), and a summary for the notification
 * and the channel's list — 「総務部 週次ダイジェスト: 受講率 72.5%」. `locale` fixes the language;
 * without it, the language Teams reported for the channel (Japanese unless English).
 */
export function digestMessage(locale?: Locale): (data: DigestData, conversation: StoredConversation) => OutgoingMessage {
  return (data, conversation) => {
    const l = locale ?? localeOf(conversation);
    return {
      summary: `${t(l, 'digestTitle', { department: data.department })}: ${t(l, 'completionRate')} ${t(l, 'percent', { value: formatPercent(data.completionRate) })}`,
      attachments: [toAttachment(digestCard(data, l))],
    };
  };
}
