/**
 * Dates, times, fiscal years and numbers as SkillSteps shows them, in the bot's cards and in the tab.
 * Calendar dates are ISO `YYYY-MM-DD`; an instant (ISO date-time) is shown on its day and time in
 * JST, the office's time, wherever the server or the browser runs.
 *
 *   date (tables, the tab)          2026/12/25              2026-12-25
 *   date with weekday (the cards)   2026年12月25日(金)      Fri 25 Dec 2026     people plan by the weekday
 *   official date (a decision)      令和8年12月25日         25 Dec 2026
 *   date-time (the tab)             2026/12/25 9:30         2026-12-25 9:30
 *   date-time with weekday (cards)  2026年12月25日(金) 9:30 Fri 25 Dec 2026, 09:30 JST
 *   fiscal year                     令和8年度               FY2026              the domain's formatFiscalYear
 *
 * Anything that is not a date is shown as it is: a wrong cell stays visible rather than blank.
 */
import { formatFiscalYear, formatWareki } from '../domain/japanese-era';
import type { Locale } from '../domain/label';
import { dayOfWeek, isLocalDate, jstDate, parts, type LocalDate } from '../domain/local-date';

export { formatFiscalYear };

const JA_WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const JST_MS = 9 * 3_600_000;

/** The calendar date of an ISO date (as it is) or instant (its day in JST); undefined for anything else. */
export function jstDay(value: string | undefined): LocalDate | undefined {
  if (!value) return undefined;
  if (isLocalDate(value)) return value;
  const ms = instantMs(value);
  return ms === undefined ? undefined : jstDate(new Date(ms));
}

/** A date or an instant's JST day: 2026/12/25 (ja) or 2026-12-25 (en). */
export function formatDate(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const day = jstDay(value);
  if (!day) return value;
  return locale === 'ja' ? day.replace(/-/g, '/') : day;
}

/** A date or an instant's JST day with its weekday: 2026年12月22日(火) / Tue 22 Dec 2026. */
export function formatDateWithWeekday(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const day = jstDay(value);
  if (!day) return value;
  const { year, month, day: d } = parts(day);
  const dow = dayOfWeek(day);
  return locale === 'en' ? `${EN_WEEKDAYS[dow]} ${d} ${EN_MONTHS[month - 1]} ${year}` : `${year}年${month}月${d}日(${JA_WEEKDAYS[dow]})`;
}

/** The formal date of a decision, of a date or an instant's JST day: 令和8年12月22日 / 22 Dec 2026. */
export function formatOfficialDate(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const day = jstDay(value);
  if (!day) return value;
  if (locale === 'ja') return formatWareki(day);
  const { year, month, day: d } = parts(day);
  return `${d} ${EN_MONTHS[month - 1]} ${year}`;
}

/** An instant as its JST date and time: 2026/01/15 9:30 (en: 2026-01-15 9:30). A plain date is shown as a date. */
export function formatDateTime(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  if (isLocalDate(value)) return formatDate(value, locale);
  const time = jstTime(value);
  return time ? `${formatDate(time.day, locale)} ${time.hour}:${time.minute}` : value;
}

/**
 * An instant as its JST date, with the weekday, and time: 2026年11月24日(火) 9:30 / Tue 24 Nov 2026,
 * 09:30 JST (English readers are told the zone). A plain date is shown as a date.
 */
export function formatDateTimeWithWeekday(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  if (isLocalDate(value)) return formatDateWithWeekday(value, locale);
  const time = jstTime(value);
  if (!time) return value;
  const date = formatDateWithWeekday(time.day, locale);
  return locale === 'en' ? `${date}, ${String(time.hour).padStart(2, '0')}:${time.minute} JST` : `${date} ${time.hour}:${time.minute}`;
}

/** A number with the locale's digit grouping and at most one decimal: 12,345 · 72.5. */
export function formatNumber(n: number, locale: Locale): string {
  return n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 1 });
}

/** A percentage with at most one decimal: 72.5%, 80%. */
export function formatPercent(value: number, locale: Locale): string {
  return `${formatNumber(value, locale)}%`;
}

/** Text cut to at most `max` characters (code points, so a kanji or an emoji is never split), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function instantMs(value: string): number | undefined {
  // Date.parse reads many shapes; only ISO date-times are instants here.
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function jstTime(value: string): { day: LocalDate; hour: number; minute: string } | undefined {
  const ms = instantMs(value);
  if (ms === undefined) return undefined;
  const jst = new Date(ms + JST_MS);
  return { day: jstDate(new Date(ms)), hour: jst.getUTCHours(), minute: String(jst.getUTCMinutes()).padStart(2, '0') };
}
