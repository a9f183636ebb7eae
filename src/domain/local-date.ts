/**
 * Calendar dates without time or zone, as ISO strings `YYYY-MM-DD`. Lexical order is date order,
 * which keeps comparisons cheap over hundreds of thousands of records.
 */
export type LocalDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Builds a LocalDate from numbers, or undefined when the date does not exist (2024-02-30). */
export function makeDate(year: number, month: number, day: number): LocalDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** True when the string is a valid ISO calendar date. */
export function isLocalDate(value: string): boolean {
  const m = ISO.exec(value);
  return !!m && makeDate(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** Year, month and day of a LocalDate. */
export function parts(date: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** Number of days in a Gregorian month. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The date `days` days later (negative for earlier). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parts(date);
  return fromUtc(new Date(Date.UTC(year, month - 1, day + days)));
}

/** The same day `months` months later, clamped to the end of a shorter month (1/31 + 1 → 2/28). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${y}-${pad2(m)}-${pad2(Math.min(day, daysInMonth(y, m)))}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / 86_400_000);
}

/**
 * Whole months from `from` to `to`, counting a month only when its day has been reached (negative,
 * counted the same way, when `to` is earlier: 2/15 → 1/20 is not yet a month back).
 */
export function monthsBetween(from: LocalDate, to: LocalDate): number {
  if (to < from) return -monthsBetween(to, from) || 0;
  const a = parts(from);
  const b = parts(to);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (b.day < a.day && b.day < daysInMonth(b.year, b.month)) months -= 1;
  return months;
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** The earlier of two dates. */
export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

/** The later of two dates. */
export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/** The calendar date of an instant in Japan Standard Time (UTC+9, no daylight saving). */
export function jstDate(instant: Date): LocalDate {
  return fromUtc(new Date(instant.getTime() + 9 * 3_600_000));
}

function toUtcMs(date: LocalDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtc(d: Date): LocalDate {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
