import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { isLocalDate, jstDate, type LocalDate } from '../domain/local-date';
import type { ReminderEntry, ReminderLedger } from '../ports';
import { StateError, statusOf, toStateError } from './errors';
import { decodeKey, encodeKey, getText, normaliseUpn, optional, putText, readEntity, type Entity } from './table-values';

type State = ReminderEntry['state'];
const STATES: readonly State[] = ['planned', 'sending', 'sent', 'failed'];

/** Partitions of the people table: `sent-YYYY-MM` (what each person was sent that month) and `mute`. */
const SENT = 'sent-';
/** Just after every `sent-…` partition ('.' follows '-'). */
const SENT_END = 'sent.';
const MUTE = 'mute';

/**
 * The reminder ledger in two tables (docs/state.md):
 * - entries: PartitionKey = the day (YYYY-MM-DD), RowKey = the UPN; `plan` inserts (409 → false),
 *   `update` replaces under the entry's ETag (412 → false), so of two senders one claims an entry;
 * - people: partitions `sent-YYYY-MM` hold one row per person and month with the item keys sent
 *   (by day) and the last day a reminder reached them, written when an entry becomes sent, so
 *   `history` reads one or two small rows per person (a partition range) instead of every entry of
 *   every day; partition `mute` holds mutes.
 */
export class TableReminderLedger implements ReminderLedger {
  constructor(
    private readonly entries: TableClient,
    private readonly people: TableClient,
  ) {}

  async plan(entry: Omit<ReminderEntry, 'state' | 'attempts' | 'etag'>): Promise<boolean> {
    const row = toEntity({ ...entry, state: 'planned', attempts: 0 });
    try {
      await this.entries.createEntity(row);
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw toStateError(e, `${entry.day} の ${entry.upn} へのリマインドの記録`);
    }
  }

  async get(day: LocalDate, upn: string): Promise<ReminderEntry | undefined> {
    const row = await readEntity(this.entries, dayKey(day), encodeKey(normaliseUpn(upn)), `${day} の ${upn} へのリマインドの読み取り`);
    return row && fromEntity(row);
  }

  async update(entry: ReminderEntry, change: Partial<Omit<ReminderEntry, 'day' | 'upn' | 'etag'>>): Promise<ReminderEntry | false> {
    // A replace, not a merge: a field the change sets to undefined is cleared.
    const next: ReminderEntry = { ...entry, ...change, day: entry.day, upn: normaliseUpn(entry.upn) };
    // The summary first: if we stop between the two writes, the keys count as sent (they were) and
    // nothing is sent twice because of the summary; the other order could forget a sent reminder.
    if (next.state === 'sent' && entry.state !== 'sent') await this.recordSent(next);
    try {
      const r = await this.entries.updateEntity(toEntity(next), 'Replace', { etag: entry.etag });
      return { ...next, etag: r.etag ?? '' };
    } catch (e) {
      // 412: someone changed it since it was read; 404: it is gone (pruned).
      if (statusOf(e) === 412 || statusOf(e) === 404) return false;
      throw toStateError(e, `${entry.day} の ${entry.upn} へのリマインドの更新`);
    }
  }

  /** Entries of a day; `states` narrows them on the service (the re-queue asks only for planned ones). */
  async ofDay(day: LocalDate, states?: readonly State[]): Promise<ReminderEntry[]> {
    let filter = odata`PartitionKey eq ${dayKey(day)}`;
    if (states && states.length > 0) {
      for (const s of states) if (!STATES.includes(s)) throw new StateError('STATE.INVALID', `リマインドの状態ではありません: "${s}"`);
      filter += ` and (${states.map((s) => odata`State eq ${s}`).join(' or ')})`;
    }
    try {
      const out: ReminderEntry[] = [];
      for await (const row of this.entries.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) out.push(fromEntity(row));
      return out;
    } catch (e) {
      throw toStateError(e, `${day} のリマインドの一覧`);
    }
  }

  async history(since: LocalDate): Promise<{ sentKeys: Set<string>; lastSent: Map<string, LocalDate> }> {
    const sentKeys = new Set<string>();
    const lastSent = new Map<string, LocalDate>();
    // The months from since's on; within them, only rows whose last reminder is on or after since.
    const filter = odata`PartitionKey ge ${SENT + monthOf(dayKey(since))} and PartitionKey lt ${SENT_END} and LastSent ge ${since}`;
    try {
      for await (const row of this.people.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const upn = decodeKey(String(row.rowKey));
        const last = String(row.LastSent);
        if ((lastSent.get(upn) ?? '') < last) lastSent.set(upn, last);
        for (const [day, keys] of Object.entries(readSentKeys(row))) {
          if (day < since) continue;
          for (const k of keys) sentKeys.add(expandKey(upn, k));
        }
      }
    } catch (e) {
      throw toStateError(e, `${since} 以降のリマインドの履歴`);
    }
    return { sentKeys, lastSent };
  }

  async mute(upn: string, until: LocalDate): Promise<void> {
    const u = normaliseUpn(upn);
    try {
      await this.people.upsertEntity({ partitionKey: MUTE, rowKey: encodeKey(u), Until: dayKey(until) }, 'Replace');
    } catch (e) {
      throw toStateError(e, `${u} のリマインド停止`);
    }
  }

  async unmute(upn: string): Promise<void> {
    const u = normaliseUpn(upn);
    try {
      await this.people.deleteEntity(MUTE, encodeKey(u));
    } catch (e) {
      if (statusOf(e) !== 404) throw toStateError(e, `${u} のリマインド再開`);
    }
  }

  async mutes(): Promise<Map<string, LocalDate>> {
    const out = new Map<string, LocalDate>();
    try {
      for await (const row of this.people.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${MUTE}` } })) {
        out.set(decodeKey(String(row.rowKey)), String(row.Until));
      }
    } catch (e) {
      throw toStateError(e, 'リマインドを止めている人の一覧');
    }
    return out;
  }

  /**
   * Deletes the entries of days before `before`, and the monthly summaries of months wholly before
   * it (Tables keep rows forever; ~10,000 entries a working day add up). `history(since)` stays
   * complete for any `since` on or after `before`. Returns how many rows were deleted.
   */
  async prune(before: LocalDate): Promise<number> {
    const day = dayKey(before);
    try {
      const entries = await deleteAll(this.entries, odata`PartitionKey lt ${day}`);
      const summaries = await deleteAll(this.people, odata`PartitionKey ge ${SENT} and PartitionKey lt ${SENT + monthOf(day)}`);
      return entries + summaries;
    } catch (e) {
      throw toStateError(e, `${before} より前のリマインドの削除`);
    }
  }

  /** Adds an entry's item keys to its person's summary of the month (read, merge, replace under the ETag; again on 412). */
  private async recordSent(entry: ReminderEntry): Promise<void> {
    const upn = entry.upn;
    const partitionKey = SENT + monthOf(entry.day);
    const rowKey = encodeKey(upn);
    // The day it reached them (JST) may be after the day it was planned for (a backlog).
    const sentDay = entry.sentAt && !Number.isNaN(Date.parse(entry.sentAt)) ? jstDate(new Date(entry.sentAt)) : entry.day;
    const what = `${upn} に送ったリマインドの記録`;
    for (let attempt = 0; ; attempt++) {
      const row = await readEntity(this.people, partitionKey, rowKey, what);
      const byDay = row ? readSentKeys(row) : {};
      const keys = new Set(byDay[entry.day] ?? []);
      for (const k of entry.itemKeys) keys.add(shortenKey(upn, k));
      byDay[entry.day] = [...keys];
      const last = [row ? String(row.LastSent) : '', sentDay, entry.day].reduce((a, b) => (b > a ? b : a));
      const summary: Entity = { partitionKey, rowKey, LastSent: last };
      putText(summary, 'Keys', JSON.stringify(byDay));
      try {
        if (row) await this.people.updateEntity(summary, 'Replace', { etag: String(row.etag) });
        else await this.people.createEntity(summary);
        return;
      } catch (e) {
        const status = statusOf(e);
        if ((status === 412 || status === 409) && attempt < 10) continue;
        throw toStateError(e, what);
      }
    }
  }
}

/** Deletes every row a filter finds, 100 to a transaction (its limit; one partition each). */
async function deleteAll(table: TableClient, filter: string): Promise<number> {
  let deleted = 0;
  let batch: TransactionAction[] = [];
  let partition = '';
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await table.submitTransaction(batch);
    deleted += batch.length;
    batch = [];
  };
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
    if (String(row.partitionKey) !== partition || batch.length === 100) await flush();
    partition = String(row.partitionKey);
    batch.push(['delete', { partitionKey: partition, rowKey: String(row.rowKey) }]);
  }
  await flush();
  return deleted;
}

function monthOf(day: LocalDate): string {
  return day.slice(0, 7);
}

function dayKey(day: LocalDate): string {
  if (!isLocalDate(day)) throw new StateError('STATE.INVALID', `日付は YYYY-MM-DD で指定してください: "${day}"`);
  return day;
}

function toEntity(e: Omit<ReminderEntry, 'etag'>): Entity {
  const row: Entity = {
    partitionKey: dayKey(e.day),
    rowKey: encodeKey(normaliseUpn(e.upn)),
    State: e.state,
    PlannedAt: e.plannedAt,
    Attempts: e.attempts,
  };
  putText(row, 'ItemKeys', JSON.stringify(e.itemKeys));
  putText(row, 'Payload', e.payload);
  const optionalFields = { NotBefore: e.notBefore, ClaimedBy: e.claimedBy, ClaimedAt: e.claimedAt, SentAt: e.sentAt, ActivityId: e.activityId, Error: e.error };
  for (const [name, value] of Object.entries(optionalFields)) if (value !== undefined && value !== '') row[name] = value;
  return row;
}

function fromEntity(row: Record<string, unknown>): ReminderEntry {
  const e: ReminderEntry = {
    day: String(row.partitionKey),
    upn: decodeKey(String(row.rowKey)),
    state: row.State as State,
    itemKeys: JSON.parse(getText(row, 'ItemKeys') || '[]') as string[],
    payload: getText(row, 'Payload'),
    plannedAt: String(row.PlannedAt ?? ''),
    attempts: Number(row.Attempts ?? 0),
    etag: String(row.etag),
  };
  const fields = { notBefore: 'NotBefore', claimedBy: 'ClaimedBy', claimedAt: 'ClaimedAt', sentAt: 'SentAt', activityId: 'ActivityId', error: 'Error' } as const;
  for (const [field, property] of Object.entries(fields) as Array<[keyof typeof fields, string]>) {
    const v = optional(row, property);
    if (v !== undefined) e[field] = v;
  }
  return e;
}

function readSentKeys(row: Record<string, unknown>): Record<LocalDate, string[]> {
  return JSON.parse(getText(row, 'Keys') || '{}') as Record<LocalDate, string[]>;
}

/**
 * Item keys start with the person's UPN (`upn|course|due|lead-14`, reminder-planner.ts); in that
 * person's own summary the UPN is left out, which halves what `history` reads. A key that does not
 * start so is kept whole, marked with a leading `\` if it could be mistaken for a shortened one.
 */
function shortenKey(upn: string, key: string): string {
  if (key.startsWith(`${upn}|`)) return key.slice(upn.length);
  return key.startsWith('|') || key.startsWith('\\') ? `\\${key}` : key;
}

function expandKey(upn: string, stored: string): string {
  if (stored.startsWith('|')) return upn + stored;
  return stored.startsWith('\\') ? stored.slice(1) : stored;
}
