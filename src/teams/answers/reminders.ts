import { fiscalYearOf, fiscalYearRange } from '../../domain/fiscal-calendar';
import { addDays } from '../../domain/local-date';
import { label } from '../../i18n/cards';
import { formatDateWithWeekday } from '../../i18n/format';
import { noticeCard, type MuteDays } from '../cards';
import type { Reply, Turn } from '../turn';
import { notice } from './notices';

/** Days of a mute typed without a number (「リマインド停止」). */
export const DEFAULT_MUTE_DAYS = 30;

/** 「リマインド停止」: no reminders for the sender until a day. */
export async function mute({ deps, who, locale }: Turn, days: MuteDays): Promise<Reply> {
  const today = deps.clock.today();
  // 「年度末まで」: to 3/31 of the current 年度 (April–March).
  const until = days === 'fiscalYearEnd' ? fiscalYearRange(fiscalYearOf(today)).end : addDays(today, days);
  await deps.ledger.mute(who.upn, until);
  deps.log.log('info', 'reminders muted', { upn: who.upn, until });
  return noticeCard({ kind: 'success', title: label('noticeMutedTitle'), text: label('noticeMutedText', (l) => ({ date: formatDateWithWeekday(until, l) })) }, locale);
}

/** 「再開」: reminders again. */
export async function unmute({ deps, who, locale }: Turn): Promise<Reply> {
  await deps.ledger.unmute(who.upn);
  return notice('success', 'noticeUnmutedTitle', 'noticeUnmutedText', locale);
}
