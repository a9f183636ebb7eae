import type { ReminderPayload } from '../app/reminders';
import type { OutgoingMessage, StoredConversation } from '../ports/index';
import { reminderCard, t, toAttachment } from './cards';
import type { Locale } from './cards/strings';

/** The language of a conversation: English where Teams says the user's client is in English, else Japanese. */
export function localeOf(conversation: Pick<StoredConversation, 'reference'> | undefined): Locale {
  const locale = conversation?.reference.locale;
  return typeof locale === 'string' && locale.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

/**
 * The reminder as the sender delivers it (ReminderSender's `compose`): the card alone, no text
 * beside it (Teams gives no activity id for text and a card together), and a summary for the
 * notification.
 */
export function reminderMessage(tabUrl: string, fixed: 'auto' | Locale = 'auto'): (payload: ReminderPayload, conversation: StoredConversation) => OutgoingMessage {
  return (payload, conversation) => {
    const locale = fixed === 'auto' ? localeOf(conversation) : fixed;
    return {
      summary: `${t(locale, 'reminderTitle')}: ${t(locale, 'reminderGreeting', { name: payload.reminder.name })}`,
      attachments: [toAttachment(reminderCard(payload.reminder, tabUrl, locale))],
    };
  };
}
