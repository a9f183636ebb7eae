/**
 * Dates and numbers as the cards show them. Japanese: 2026年12月22日(火) for due dates (people plan
 * by the weekday), 令和8年12月22日 for the formal date of an approval, 令和8年度 for fiscal years, times
 * in JST. English: Tue 22 Dec 2026, FY2026. The tab's conventions (tab/src/i18n.ts) are kept: dates
 * are calendar dates, instants are shown in JST, the fiscal year is named by the era of its first day.
 */
import { formatFiscalYear, formatWareki, type FiscalYear } from '../../domain/fiscal-calendar';
import type { Locale } from '../../domain/label';
import { dayOfWeek, isLocalDate, parts, type LocalDate } from '../../domain/local-date';

const JA_WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A calendar date with its weekday: 2026年12月22日(火) / Tue 22 Dec 2026. Anything else is returned as it is. */
export function formatDate(date: LocalDate, locale: Locale): string {
  if (!isLocalDate(date)) return date;
  const { year, month, day } = parts(date);
  const dow = dayOfWeek(date);
  return locale === 'en' ? `${EN_WEEKDAYS[dow]} ${day} ${EN_MONTHS[month - 1]} ${year}` : `${year}年${month}月${day}日(${JA_WEEKDAYS[dow]})`;
}

/** The formal date of a decision: 令和8年12月22日 (ja) / 22 Dec 2026 (en). */
export function formatOfficialDate(date: LocalDate, locale: Locale): string {
  if (!isLocalDate(date)) return date;
  if (locale === 'en') {
    const { year, month, day } = parts(date);
    return `${day} ${EN_MONTHS[month - 1]} ${year}`;
  }
  return formatWareki(date);
}

/**
 * An ISO instant (2026-11-24T00:30:00Z) as a date and time in JST: 2026年11月24日(火) 9:30 /
 * Tue 24 Nov 2026, 09:30 JST. A plain date is shown as a date; anything unreadable as it is.
 */
export function formatInstant(value: string, locale: Locale): string {
  if (isLocalDate(value)) return formatDate(value, locale);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const jst = new Date(ms + 9 * 3_600_000);
  const day = jst.toISOString().slice(0, 10);
  const h = jst.getUTCHours();
  const m = String(jst.getUTCMinutes()).padStart(2, '0');
  return locale === 'en' ? `${formatDate(day, locale)}, ${String(h).padStart(2, '0')}:${m} JST` : `${formatDate(day, locale)} ${h}:${m}`;
}

/** The calendar date (JST) of an ISO instant or date, for the formal date of a decision. */
export function jstDate(value: string): LocalDate | undefined {
  if (isLocalDate(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** 令和8年度 / FY2026. */
export function fiscalYearName(fy: FiscalYear, locale: Locale): string {
  return formatFiscalYear(fy, locale);
}

/** A percentage with at most one decimal: 72.5, 80. */
export function formatPercent(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** A count with the locale's digit grouping: 12,345. */
export function formatCount(n: number, locale: Locale): string {
  return n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US');
}

/** Text cut to at most `max` characters (code points), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
