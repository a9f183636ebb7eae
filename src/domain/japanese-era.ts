import type { Locale } from './label';
import { parts, type LocalDate } from './local-date';

/**
 * 年度 (FiscalYear): the Japanese public-sector fiscal year, April to March, named by the calendar
 * year it starts in (2025 = 令和7年度 = 2025-04-01 … 2026-03-31).
 */
export type FiscalYear = number;

const eraYearFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'UTC' });
const eraDateFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { dateStyle: 'long', timeZone: 'UTC' });

/**
 * Era names of fiscal years, worked out once through Intl: the era of a fiscal year is the era of
 * its first day (2019年度 = 平成31年度, as the national budget names it).
 */
const ERA_FISCAL_YEARS: ReadonlyMap<FiscalYear, string> = new Map(
  Array.from({ length: 131 }, (_, i) => 1970 + i).map((fy) => [fy, `${eraYearFormat.format(utc(`${fy}-04-01`))}度`]),
);

/** The fiscal year as people write it: 令和7年度 (ja, era via Intl) or FY2025 (en). */
export function formatFiscalYear(fy: FiscalYear, locale: Locale = 'ja'): string {
  if (locale === 'en') return `FY${fy}`;
  return ERA_FISCAL_YEARS.get(fy) ?? `${eraYearFormat.format(utc(`${fy}-04-01`))}度`;
}

/** A date in the Japanese calendar: 令和7年4月1日. */
export function formatWareki(date: LocalDate): string {
  return eraDateFormat.format(utc(date));
}

function utc(date: LocalDate): Date {
  const { year, month, day } = parts(date);
  return new Date(Date.UTC(year, month - 1, day));
}
