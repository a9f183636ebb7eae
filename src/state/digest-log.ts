import { odata, type TableClient } from '@azure/data-tables';
import { isLocalDate, type LocalDate } from '../domain/local-date';
import type { DigestClaim, DigestEntry, DigestLog } from '../ports';
import { StateError, statusOf, toStateError } from './errors';
import { decodeKey, encodeKey, optional, readEntity, type Entity } from './table-values';

type State = DigestEntry['state'];
const STATES: readonly State[] = ['sending', 'sent', 'failed'];

/** Claims lost to another writer in a row before giving up (each loss means someone else moved on). */
const MAX_RACES = 5;

/**
 * The weekly digest log in one table, `<prefix>Digests` (docs/bot.md「週次ダイジェスト」):
 * PartitionKey = the week's Monday (YYYY-MM-DD), RowKey = the 部. A claim inserts the row (409: someone else did first, read it
 * again) or replaces it under the ETag it was read with (412: someone else changed it, read it
 * again), so of two instances one claims a 部's week. About 30 rows a week: nothing to prune.
 */
export class TableDigestLog implements DigestLog {
  constructor(private readonly table: TableClient) {}

  async claim(week: LocalDate, department: string, by: { instanceId: string; at: string; staleAfterMs: number }): Promise<DigestClaim> {
    const what = `${week} 週の ${department} のダイジェストの確保`;
    const partitionKey = weekKey(week);
    const rowKey = encodeKey(department);
    for (let race = 0; race < MAX_RACES; race++) {
      const row = await this.read(partitionKey, rowKey, what);
      const claimed: Entity = { partitionKey, rowKey, State: 'sending', ClaimedBy: by.instanceId, ClaimedAt: by.at, Attempts: 1 };
      try {
        if (!row) {
          await this.table.createEntity(claimed);
          return 'claimed';
        }
        const entry = fromEntity(row);
        if (entry.state === 'sent') return 'sent';
        if (entry.state === 'sending' && Date.parse(by.at) - Date.parse(entry.claimedAt ?? '') < by.staleAfterMs) return 'busy';
        // Failed, or a claim whose holder never came back: ours now, if nobody got there first.
        // A replace keeps the channel of the last attempt and drops its error.
        claimed.Attempts = entry.attempts + 1;
        if (entry.channel) claimed.Channel = entry.channel;
        await this.table.updateEntity(claimed, 'Replace', { etag: String(row.etag) });
        return 'claimed';
      } catch (e) {
        const status = statusOf(e);
        if (status === 409 || status === 412 || status === 404) continue;
        throw toStateError(e, what);
      }
    }
    return 'busy';
  }

  async markSent(week: LocalDate, department: string, sent: { sentAt: string; activityId: string; channel: string }): Promise<void> {
    const entity: Entity = {
      partitionKey: weekKey(week),
      rowKey: encodeKey(department),
      State: 'sent',
      SentAt: sent.sentAt,
      ActivityId: sent.activityId,
      Channel: sent.channel,
      // Merged: an empty Error clears a failure of an earlier attempt (optional() reads '' as none).
      Error: '',
    };
    try {
      await this.table.upsertEntity(entity, 'Merge');
    } catch (e) {
      throw toStateError(e, `${week} 週の ${department} のダイジェストの送信記録`);
    }
  }

  async markFailed(week: LocalDate, department: string, failure: { instanceId: string; error: string; channel: string }): Promise<boolean> {
    const what = `${week} 週の ${department} のダイジェストの失敗記録`;
    const partitionKey = weekKey(week);
    const rowKey = encodeKey(department);
    const row = await this.read(partitionKey, rowKey, what);
    if (!row) return false;
    const entry = fromEntity(row);
    // Only our own claim: a sent entry stays sent, and one taken over is the new holder's to record.
    if (entry.state !== 'sending' || entry.claimedBy !== failure.instanceId) return false;
    try {
      await this.table.updateEntity({ partitionKey, rowKey, State: 'failed', Error: failure.error.slice(0, 1000), Channel: failure.channel }, 'Merge', {
        etag: String(row.etag),
      });
      return true;
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return false;
      throw toStateError(e, what);
    }
  }

  async ofWeek(week: LocalDate): Promise<DigestEntry[]> {
    const out: DigestEntry[] = [];
    try {
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${weekKey(week)}` } })) {
        out.push(fromEntity(row));
      }
    } catch (e) {
      throw toStateError(e, `${week} 週のダイジェストの一覧`);
    }
    return out;
  }

  private read(partitionKey: string, rowKey: string, what: string): Promise<Record<string, unknown> | undefined> {
    return readEntity(this.table, partitionKey, rowKey, what);
  }
}

function weekKey(week: LocalDate): string {
  if (!isLocalDate(week)) throw new StateError('STATE.INVALID', `週は月曜日の日付（YYYY-MM-DD）で指定してください: "${week}"`);
  return week;
}

function fromEntity(row: Record<string, unknown>): DigestEntry {
  const state = String(row.State) as State;
  const e: DigestEntry = {
    week: String(row.partitionKey),
    department: decodeKey(String(row.rowKey)),
    state: STATES.includes(state) ? state : 'failed',
    attempts: Number(row.Attempts ?? 0),
  };
  const fields = { claimedBy: 'ClaimedBy', claimedAt: 'ClaimedAt', sentAt: 'SentAt', activityId: 'ActivityId', channel: 'Channel', error: 'Error' } as const;
  for (const [field, property] of Object.entries(fields) as Array<[keyof typeof fields, string]>) {
    const v = optional(row, property);
    if (v !== undefined) e[field] = v;
  }
  return e;
}
