import type { SpColumnType } from '../../src/sharepoint/list-schema';
import { invalidRequest } from './graph-error';

/** A stored field value: text, number, yes/no, or a date/time as the normalised instant Graph returns. */
export type FieldValue = string | number | boolean;

/** SharePoint's limit for a single line of text. */
export const TEXT_MAX = 255;

const JST_MS = 9 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Dates repeat (200,000 completions fall on a few thousand days), so the normalised strings are
 * shared: one string per distinct date instead of one per item. A memo of a pure function, so
 * sharing it between tenants and requests changes no answer.
 */
const dateOnlyCache = new Map<string, string | null>();

/**
 * A date-only value as SharePoint stores it on a JST site: the calendar date in JST, returned as the
 * UTC instant of JST midnight (2024-04-01 → 2024-03-31T15:00:00Z). Accepts YYYY-MM-DD or an instant.
 * Undefined when the text is neither or names a date that does not exist.
 */
export function normaliseDateOnly(text: string): string | undefined {
  const cached = dateOnlyCache.get(text);
  if (cached !== undefined) return cached ?? undefined;
  let result: string | null = null;
  const d = DATE.exec(text);
  if (d) {
    const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    if (new Date(ms).toISOString().slice(0, 10) === text) result = isoSeconds(ms - JST_MS);
  } else if (INSTANT.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) {
      const jst = new Date(ms + JST_MS);
      result = isoSeconds(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate()) - JST_MS);
    }
  }
  if (dateOnlyCache.size < 100_000) dateOnlyCache.set(text, result);
  return result ?? undefined;
}

/** A date-and-time value: an ISO instant with a zone, returned as Graph does, to the second with Z. */
export function normaliseDateTime(text: string): string | undefined {
  if (!INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : isoSeconds(ms);
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/**
 * Checks a value written to a column and returns it as stored; null means "clear the field".
 * Throws Graph's 400 for the wrong JSON type, text over 255 characters or an unreadable date.
 * Stricter than SharePoint, which also takes numbers and yes/no as strings: the adapter should send
 * typed JSON, and a test against this tenant should catch it when it does not.
 */
export function storedValue(column: { name: string; type: SpColumnType }, value: unknown): FieldValue | null {
  if (value === null) return null;
  const wrong = (expected: string): Error =>
    invalidRequest(`The value ${JSON.stringify(value)} for field '${column.name}' is not valid: expected ${expected}.`);
  switch (column.type) {
    case 'text':
      if (typeof value !== 'string') throw wrong('a string');
      if (value.length > TEXT_MAX) throw invalidRequest(`The value for field '${column.name}' is too long: ${value.length} characters, at most ${TEXT_MAX}.`);
      return value;
    case 'note':
      if (typeof value !== 'string') throw wrong('a string');
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('true or false');
      return value;
    case 'dateOnly': {
      const v = typeof value === 'string' ? normaliseDateOnly(value) : undefined;
      if (v === undefined) throw wrong('a date (YYYY-MM-DD) or an ISO 8601 instant');
      return v;
    }
    case 'dateTime': {
      const v = typeof value === 'string' ? normaliseDateTime(value) : undefined;
      if (v === undefined) throw wrong('an ISO 8601 instant with a zone (2024-04-01T09:00:00+09:00)');
      return v;
    }
  }
}
