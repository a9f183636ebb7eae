import { label, type CardStringKey, type Locale } from '../../i18n/cards';
import { noticeCard, type NoticeCardData } from '../cards';
import type { Identity, Reply } from '../turn';

/** A notice card from two strings of the table (title and text). */
export function notice(kind: NoticeCardData['kind'], title: CardStringKey, text: CardStringKey, locale: Locale): Reply {
  return noticeCard({ kind, title: label(title), text: label(text) }, locale);
}

/** The sender is not on the Staff list. */
export function notStaff(who: Identity, locale: Locale): Reply {
  return noticeCard({ kind: 'warning', title: label('noticeNotStaffTitle'), text: label('noticeNotStaffText', { upn: who.upn }) }, locale);
}
