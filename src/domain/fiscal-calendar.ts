import holidayJp from '@holiday-jp/holiday_jp';
import type { FiscalYear } from './japanese-era';
import type { Locale } from './label';
import { addDays, dayOfWeek, makeDate, parts, type LocalDate } from './local-date';

// The era names live in japanese-era.ts, without the holiday table, so the tab (through src/i18n)
// names fiscal years the same way without carrying the holidays; importers here keep finding them.
export { formatFiscalYear, formatWareki, type FiscalYear } from './japanese-era';

/** Holidays of the maintained @holiday-jp/holiday_jp data set (national holidays, 振替休日, 国民の休日). */
const NATIONAL_HOLIDAYS = holidayJp.holidays as unknown as Readonly<Record<string, { name: string; name_en: string }>>;

/**
 * Where a due date on a closed day goes. previousWorkingDay: the working day before (a 12/25 due
 * date on a Saturday is shown as 12/24), so nobody has to finish training on a day the office is
 * shut. nextWorkingDay: the working day after, as 地方自治法第4条の2第4項 extends a period whose last
 * day is a holiday. asWritten: not moved.
 */
export type DueOnClosedDay = 'previousWorkingDay' | 'nextWorkingDay' | 'asWritten';

/** The fiscal year a date falls in. */
export function fiscalYearOf(date: LocalDate): FiscalYear {
  const { year, month } = parts(date);
  return month >= 4 ? year : year - 1;
}

/** First and last day of a fiscal year. */
export function fiscalYearRange(fy: FiscalYear): { start: LocalDate; end: LocalDate } {
  return { start: `${fy}-04-01`, end: `${fy + 1}-03-31` };
}

/** The date within fiscal year `fy` with the given month and day (months 1–3 fall in the next calendar year). */
export function dateInFiscalYear(fy: FiscalYear, month: number, day: number): LocalDate | undefined {
  return makeDate(month >= 4 ? fy : fy + 1, month, day);
}

/** The fiscal quarter (1–4) of a date: Q1 = April–June. */
export function fiscalQuarterOf(date: LocalDate): 1 | 2 | 3 | 4 {
  const { month } = parts(date);
  return (Math.floor(((month + 8) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
}

/** Short month/day for evidence text: 12/25. */
export function formatMonthDay(date: LocalDate): string {
  const { month, day } = parts(date);
  return `${month}/${day}`;
}

/** A national holiday's name, or undefined on other days. */
export function holidayName(date: LocalDate, locale: Locale = 'ja'): string | undefined {
  const h = NATIONAL_HOLIDAYS[date];
  return h ? (locale === 'en' ? h.name_en : h.name) : undefined;
}

/** True on a national holiday (including substitute holidays). */
export function isNationalHoliday(date: LocalDate): boolean {
  return NATIONAL_HOLIDAYS[date] !== undefined;
}

/**
 * True on the office's year-end closure: municipal offices close 12/29–1/3
 * (地方自治法第4条の2 and each municipality's 休日条例).
 */
export function isYearEndClosure(date: LocalDate): boolean {
  const { month, day } = parts(date);
  return (month === 12 && day >= 29) || (month === 1 && day <= 3);
}

/** A working day: not Saturday, Sunday, a national holiday or the year-end closure. */
export function isWorkingDay(date: LocalDate, extraClosedDays: ReadonlySet<LocalDate> = EMPTY): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !isNationalHoliday(date) && !isYearEndClosure(date) && !extraClosedDays.has(date);
}

/** The first working day on or after `date`. */
export function nextWorkingDay(date: LocalDate, extraClosedDays: ReadonlySet<LocalDate> = EMPTY): LocalDate {
  let d = date;
  while (!isWorkingDay(d, extraClosedDays)) d = addDays(d, 1);
  return d;
}

/** The last working day on or before `date`. */
export function previousWorkingDay(date: LocalDate, extraClosedDays: ReadonlySet<LocalDate> = EMPTY): LocalDate {
  let d = date;
  while (!isWorkingDay(d, extraClosedDays)) d = addDays(d, -1);
  return d;
}

/** The programme's rule for due dates on closed days, with its extra closed days (reminders.closedDays). */
export interface DueCalendar {
  dueOnClosedDay: DueOnClosedDay;
  closedDays: ReadonlySet<LocalDate>;
}

/** A due date moved off a closed day as the programme says (reminders.dueOnClosedDay). */
export function dueOnWorkingDay(date: LocalDate, calendar: DueCalendar): LocalDate {
  if (calendar.dueOnClosedDay === 'asWritten') return date;
  return calendar.dueOnClosedDay === 'previousWorkingDay' ? previousWorkingDay(date, calendar.closedDays) : nextWorkingDay(date, calendar.closedDays);
}

/** Working days in the half-open range [from, to). */
export function workingDaysBetween(from: LocalDate, to: LocalDate, extraClosedDays: ReadonlySet<LocalDate> = EMPTY): number {
  let n = 0;
  for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d, extraClosedDays)) n++;
  return n;
}

/** The date `n` working days after `date` (n ≥ 0; 0 gives the next working day on or after it). */
export function addWorkingDays(date: LocalDate, n: number, extraClosedDays: ReadonlySet<LocalDate> = EMPTY): LocalDate {
  let d = nextWorkingDay(date, extraClosedDays);
  for (let i = 0; i < n; i++) d = nextWorkingDay(addDays(d, 1), extraClosedDays);
  return d;
}

const EMPTY: ReadonlySet<LocalDate> = new Set();
