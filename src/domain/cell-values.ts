import { addDays, jstDate, makeDate, type LocalDate } from './local-date';

/**
 * Readers for the cells HR and course providers actually send: full-width digits, 令和 dates,
 * slashes, "2.5時間". Each returns a value or a Japanese reason.
 */
export type Cell<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = (reason: string): Cell<never> => ({ ok: false, reason });

/** Japanese eras by first Gregorian year, for 令和5年4月1日 / R5.4.1 / H31/4/30. */
const ERAS: Record<string, number> = { 令和: 2018, R: 2018, 平成: 1988, H: 1988, 昭和: 1925, S: 1925 };
const ERA_START: Record<number, LocalDate> = { 2018: '2019-05-01', 1988: '1989-01-08', 1925: '1926-12-25' };

/** Printable ASCII with no space at either end: already what NFKC and trimming would give. */
const PLAIN_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** True when a cell holds nothing (undefined, null, blank text). */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'string') return false;
  // Fast path for the common case, a cell starting with a visible ASCII character.
  const c = value.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return value.normalize('NFKC').trim() === '';
}

/** Cell text after NFKC (full-width digits and letters become half-width) and trimming. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  return PLAIN_ASCII.test(s) ? s : s.normalize('NFKC').trim();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Dashes NFKC leaves alone: the Japanese IME's ー (typed for "-" in full-width mode), −, ‐, –, —.
 * In a date they can only mean the separator.
 */
const DASHES = /[\u2010-\u2015\u2212\u30fc]/g;

/**
 * Reads a date: 2024-04-01, 2024/4/1, 2024.4.1, 20240401, 2024年4月1日, 令和5年4月1日, 令和元年5月1日,
 * R5.4.1, H31/4/30, or an ISO timestamp (SharePoint returns date columns as UTC instants; the
 * calendar date is taken in JST). A wall-clock time after the date (Excel writes "2024/4/1 9:00"
 * for a cell with a time) is JST already, so the date is taken as written.
 */
export function readDate(value: unknown): Cell<LocalDate> {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? fail('日付として読めません') : ok(jstDate(value));
  const raw = cellText(value);
  if (!raw) return fail('空欄です');
  // Fast path: what SkillSteps itself writes and most systems export.
  if (raw.length === 10 && ISO_DATE.test(raw)) return checked(Number(raw.slice(0, 4)), Number(raw.slice(5, 7)), Number(raw.slice(8, 10)), raw);
  // A weekday after the date, as Japanese calendars write it: 2024年4月1日(月), 2024/4/1（月）.
  const s = raw.replace(DASHES, '-').replace(/\s*[(（][月火水木金土日](?:曜日?)?[)）]$/, '');
  let m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (m) {
    const instant = new Date(s);
    return Number.isNaN(instant.getTime()) ? fail(`日付として読めません: "${raw}"`) : ok(jstDate(instant));
  }
  m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(令和|平成|昭和|[RHS])\s*(\d{1,2}|元)\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$/i.exec(s);
  if (m) {
    const base = ERAS[m[1]!.toUpperCase()] ?? ERAS[m[1]!]!;
    const eraYear = m[2] === '元' ? 1 : Number(m[2]);
    if (eraYear < 1) return fail(`日付として読めません: "${raw}"`);
    const result = checked(base + eraYear, Number(m[3]), Number(m[4]), raw);
    if (result.ok && result.value < ERA_START[base]!) return fail(`元号の期間外の日付です: "${raw}"`);
    return result;
  }
  return fail(`日付として読めません: "${raw}"（例: 2024-04-01、令和6年4月1日）`);
}

/** Five digits, optionally with the fraction Excel uses for a time of day (45017.375 = 9:00). */
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;

/**
 * Reads an Excel serial date: the number Excel writes for a date once the column has lost its
 * date format (45017 = 2023-04-01). Only five-digit serials (1927-05-18 … 2173-10-13) are taken:
 * shorter numbers are not plausible dates for these lists. Excel's 1900 date system counts a
 * 1900-02-29 that never was, so serials from 61 on are days since 1899-12-30; a time of day is
 * dropped. Undefined for anything else.
 */
export function readExcelSerialDate(value: unknown): LocalDate | undefined {
  const raw = cellText(value);
  if (!EXCEL_SERIAL.test(raw)) return undefined;
  return addDays('1899-12-30', Math.floor(Number(raw)));
}

function checked(y: number, mo: number, d: number, raw: string): Cell<LocalDate> {
  const date = makeDate(y, mo, d);
  return date ? ok(date) : fail(`存在しない日付です: "${raw}"`);
}

/** Reads a number: 12, １２, 1,200, 2.5時間, 2.5h. */
export function readNumber(value: unknown): Cell<number> {
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail('数値として読めません');
  const raw = cellText(value);
  if (!raw) return fail('空欄です');
  const s = raw.replace(/,/g, '').replace(/(時間|h|hours?|点|名)$/i, '').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return fail(`数値として読めません: "${raw}"`);
  return ok(Number(s));
}

/** Reads a whole number. */
export function readInteger(value: unknown): Cell<number> {
  const n = readNumber(value);
  if (!n.ok) return n;
  return Number.isInteger(n.value) ? n : fail(`整数ではありません: "${cellText(value)}"`);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'はい', '有', 'あり', '在職', '○', '◯', '〇', '✓']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'いいえ', '無', 'なし', '退職', '×', '-', '－']);

/** Reads yes/no: TRUE/FALSE, はい/いいえ, 1/0, 有/無, ○/×. */
export function readBoolean(value: unknown): Cell<boolean> {
  if (typeof value === 'boolean') return ok(value);
  const raw = cellText(value).toLowerCase();
  if (!raw) return fail('空欄です');
  if (TRUE_WORDS.has(raw)) return ok(true);
  if (FALSE_WORDS.has(raw)) return ok(false);
  return fail(`はい/いいえとして読めません: "${cellText(value)}"（TRUE/FALSE、はい/いいえ、1/0 のいずれか）`);
}

/**
 * Entra ID's UPN: a prefix of letters, digits and ' . - _ ! # ^ ~ (no leading, trailing or double dot),
 * @, and a domain of dot-separated labels. A stray comma, semicolon or bracket from a copied address
 * list would otherwise become a person nobody can sign in as.
 */
const UPN = /^[a-z0-9'_!#^~-]+(\.[a-z0-9'_!#^~-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** Reads a user principal name; case-insensitive, so it is lower-cased. */
export function readUpn(value: unknown): Cell<string> {
  const raw = cellText(value);
  if (!raw) return fail('空欄です');
  const upn = raw.toLowerCase();
  return UPN.test(upn) ? ok(upn) : fail(`UPN（メールアドレス形式）として読めません: "${raw}"`);
}
