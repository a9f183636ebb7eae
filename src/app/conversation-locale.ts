import type { Locale } from '../domain/label';
import { localeOf } from '../i18n/translate';
import type { StoredConversation } from '../ports';

/** The language of messages: 'auto' follows each conversation's client; 'ja' or 'en' fixes it (SKILLSTEPS_BOT_LOCALE). */
export type LocaleSetting = 'auto' | Locale;

/**
 * The language to write to a conversation in: the fixed one when set, else English where Teams said
 * the user's client is in English (the stored reference's locale), else Japanese.
 */
export function localeOfConversation(conversation: Pick<StoredConversation, 'reference'> | undefined, setting: LocaleSetting = 'auto'): Locale {
  if (setting !== 'auto') return setting;
  const locale = conversation?.reference.locale;
  return localeOf(typeof locale === 'string' ? locale : undefined);
}
