import type { TableClient } from '@azure/data-tables';
import { StateError, statusOf, toStateError } from './errors';

/**
 * Azure Tables refuses `/ \ # ?` and control characters (U+0000–U+001F, U+007F–U+009F) in a
 * PartitionKey or RowKey. UPNs (`o'brien+dx@city.example.jp`) and Teams conversation ids
 * (`19:abc@thread.tacv2;messageid=123`, sometimes with `/`) are kept readable: only those
 * characters, and `%` itself, become `%XX`, so the encoding is reversible and Storage Explorer
 * still shows the UPN.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const UNSAFE = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;

/** Longest key we write (Azure: 1 KiB per key). */
const MAX_KEY = 512;

/** A string made safe for a PartitionKey or RowKey (reversible with decodeKey). */
export function encodeKey(value: string): string {
  if (!value) throw new StateError('STATE.INVALID', 'キーが空です');
  const key = value.replace(UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (key.length > MAX_KEY) throw new StateError('STATE.INVALID', `キーが長すぎます（${key.length} 文字、上限 ${MAX_KEY}）: "${value.slice(0, 40)}…"`);
  return key;
}

/** The string a key was made from. */
export function decodeKey(key: string): string {
  return key.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** UPNs are case-insensitive: the state keys them in lower case, as the record parser does. */
export function normaliseUpn(upn: string): string {
  const u = upn.trim().toLowerCase();
  if (!u) throw new StateError('STATE.INVALID', 'UPN が空です');
  return u;
}

/**
 * A string property holds at most 64 KiB of UTF-16 (32,768 characters); longer text (a reminder
 * payload, a conversation reference, the keys a person was sent) is split over `Name`, `Name2`, …
 * with the count in `NameParts`. The count is always written, so a merge that shortens the text
 * leaves no stale part behind that a reader would take.
 */
const PART_CHARS = 30_000;
/** An entity holds at most 1 MiB; this keeps one long text well inside it. */
const MAX_PARTS = 15;

export type EntityProps = Record<string, string | number | boolean>;
/** A row to write: its keys and typed properties. */
export type Entity = EntityProps & { partitionKey: string; rowKey: string };

/** Writes `text` into `entity` as `name` (and more parts when long). */
export function putText(entity: EntityProps, name: string, text: string): void {
  const parts: string[] = [];
  for (let start = 0; start < text.length || parts.length === 0; ) {
    let end = Math.min(text.length, start + PART_CHARS);
    // Never split a surrogate pair: half a character is not valid UTF-16 on the wire.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  if (parts.length > MAX_PARTS) {
    throw new StateError('STATE.TOO_LARGE', `${name} が ${text.length} 文字あります（上限 ${PART_CHARS * MAX_PARTS} 文字）`);
  }
  parts.forEach((p, i) => {
    entity[i === 0 ? name : `${name}${i + 1}`] = p;
  });
  entity[`${name}Parts`] = parts.length;
}

/** Reads a text written by putText (a missing property reads as ''). */
export function getText(entity: Record<string, unknown>, name: string): string {
  const parts = Number(entity[`${name}Parts`] ?? 1);
  let text = '';
  for (let i = 0; i < parts; i++) {
    const v = entity[i === 0 ? name : `${name}${i + 1}`];
    text += typeof v === 'string' ? v : '';
  }
  return text;
}

/** An optional string property: absent or '' reads as undefined. */
export function optional(entity: Record<string, unknown>, name: string): string | undefined {
  const v = entity[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A row, or undefined when there is none (404); any other failure as a StateError saying `what`. */
export async function readEntity(table: TableClient, partitionKey: string, rowKey: string, what: string): Promise<Record<string, unknown> | undefined> {
  try {
    return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw toStateError(e, what);
  }
}
