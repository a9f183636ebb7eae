import type { Locale } from '../../domain/label';
import type { PlannedReminder, ReminderItem } from '../../domain/reminder-planner';
import { clip, formatDateWithWeekday } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { isHttpUrl, withoutDueSuffix } from './missing-items';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/reminder.json';

interface ReminderItemView {
  label: string;
  reasonText: string;
  reasonColor: 'Attention' | 'Warning' | 'Default';
  reasonWeight: 'Bolder' | 'Default';
  hasEvidence: boolean;
  evidence: string;
  hasUrl: boolean;
  url: string;
}

interface ReminderTemplate extends TemplateBase {
  greeting: string;
  items: ReminderItemView[];
  hasMore: boolean;
  moreText: string;
  tabUrl: string;
}

/** Items shown before 「ほか N 件」 (fewer when the card would be too big). */
export const REMINDER_MAX_ITEMS = 8;

/**
 * A reminder: each item with why it is in the message (期限まであと N 日 / 期限を N 日過ぎています /
 * 未受講) and its course link, buttons to mute reminders (1週間 / 30日 / 年度末まで), the tab and the
 * full pending list. Items stay in the planner's order (soonest first).
 */
export function reminderCard(reminder: PlannedReminder, tabUrl: string, locale: Locale = 'ja'): AdaptiveCardJson {
  const greeting = t(locale, 'reminderGreeting', { name: reminder.name });
  return fitToBudget((limit) => {
    const shown = reminder.items.slice(0, limit);
    return expand(template, {
      ...base(locale, `${t(locale, 'reminderTitle')}: ${greeting}`),
      greeting,
      items: shown.map((item) => itemView(item, locale)),
      hasMore: reminder.items.length > shown.length,
      moreText: reminder.items.length > shown.length ? t(locale, 'moreInTab', { n: reminder.items.length - shown.length }) : '',
      tabUrl,
    } satisfies ReminderTemplate);
  }, REMINDER_MAX_ITEMS);
}

/** Why an item is in a reminder, in words: 期限まであと 3 日（2026年12月22日(火)）. */
export function reasonText(item: Pick<ReminderItem, 'reason' | 'due' | 'daysLeft'>, locale: Locale): string {
  if (item.reason === 'pending' || item.due === undefined || item.daysLeft === undefined) return t(locale, 'reasonPending');
  const date = formatDateWithWeekday(item.due, locale);
  const n = Math.abs(item.daysLeft);
  if (item.daysLeft < 0) return t(locale, n === 1 ? 'reasonOverdueOne' : 'reasonOverdue', { n, date });
  if (item.daysLeft === 0) return t(locale, 'reasonDueToday', { date });
  return t(locale, n === 1 ? 'reasonDueSoonOne' : 'reasonDueSoon', { n, date });
}

function itemView(item: ReminderItem, locale: Locale): ReminderItemView {
  const overdue = item.daysLeft !== undefined && item.daysLeft < 0;
  const soon = item.daysLeft !== undefined && item.daysLeft >= 0 && item.daysLeft <= 3;
  const evidence = item.due ? withoutDueSuffix(pick(item.evidence, locale)) : pick(item.evidence, locale);
  const url = item.url && isHttpUrl(item.url) ? item.url : '';
  return {
    label: clip(pick(item.label, locale), 200),
    reasonText: reasonText(item, locale),
    reasonColor: overdue ? 'Attention' : soon ? 'Warning' : 'Default',
    reasonWeight: overdue || soon ? 'Bolder' : 'Default',
    // 「未受講」 twice says nothing: the evidence is left out when it repeats the reason.
    hasEvidence: evidence !== '' && evidence !== reasonText(item, locale),
    evidence: clip(evidence, 200),
    hasUrl: url !== '',
    url,
  };
}
