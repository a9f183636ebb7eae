import { localeOfConversation, type LocaleSetting } from '../app/conversation-locale';
import type { ReminderPayload } from '../app/reminders';
import type { OutgoingMessage, StoredConversation } from '../ports';
import { t } from '../i18n/cards';
import { reminderCard, toAttachment } from './cards';

/**
 * The reminder as the sender delivers it (ReminderSender's `compose`): the card alone, no text
 * beside it (Teams gives no activity id for text and a card together), and a summary for the
 * notification.
 */
export function reminderMessage(tabUrl: string, setting: LocaleSetting = 'auto'): (payload: ReminderPayload, conversation: StoredConversation) => OutgoingMessage {
  return (payload, conversation) => {
    const locale = localeOfConversation(conversation, setting);
    return {
      summary: `${t(locale, 'reminderTitle')}: ${t(locale, 'reminderGreeting', { name: payload.reminder.name })}`,
      attachments: [toAttachment(reminderCard(payload.reminder, tabUrl, locale))],
    };
  };
}
