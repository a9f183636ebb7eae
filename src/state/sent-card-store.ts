import { odata, type TableClient } from '@azure/data-tables';
import type { SentCard, SentCardStore } from '../ports';
import { toStateError } from './errors';
import { encodeKey, getText, optional, putText, readEntity, type Entity } from './table-values';

/**
 * Copies of cards the bot sent, in the conversations table (partition `card`): one row per copy
 * keyed `<subject>|c|<conversation>`, and one row `<subject>|n` with the subject's notes. A copy
 * is recorded after Teams accepted it; one lost to a crash in between is simply not updated later
 * (its refresh still shows the current state to the approver).
 */
export class TableSentCardStore implements SentCardStore {
  constructor(private readonly table: TableClient) {}

  async add(subject: string, card: SentCard): Promise<void> {
    const entity: Entity = {
      partitionKey: 'card',
      rowKey: `${encodeKey(subject)}|c|${encodeKey(card.conversationKey)}|${encodeKey(card.activityId)}`,
      ConversationKey: card.conversationKey,
      ActivityId: card.activityId,
      ViewerUpn: card.viewerUpn ?? '',
      SentAt: card.sentAt,
    };
    await this.call(`カード ${subject} の記録`, () => this.table.upsertEntity(entity, 'Replace'));
  }

  async of(subject: string): Promise<SentCard[]> {
    const from = `${encodeKey(subject)}|c|`;
    const filter = odata`PartitionKey eq 'card' and RowKey ge ${from} and RowKey lt ${`${encodeKey(subject)}|c}`}`;
    return this.call(`カード ${subject} の一覧`, async () => {
      const out: SentCard[] = [];
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const viewerUpn = optional(row, 'ViewerUpn');
        out.push({ conversationKey: String(row.ConversationKey), activityId: String(row.ActivityId), sentAt: String(row.SentAt ?? ''), ...(viewerUpn ? { viewerUpn } : {}) });
      }
      return out;
    });
  }

  async putNotes(subject: string, notes: string): Promise<void> {
    const entity: Entity = { partitionKey: 'card', rowKey: `${encodeKey(subject)}|n` };
    putText(entity, 'Notes', notes);
    await this.call(`カード ${subject} の注記の保存`, () => this.table.upsertEntity(entity, 'Replace'));
  }

  async notes(subject: string): Promise<string | undefined> {
    const row = await readEntity(this.table, 'card', `${encodeKey(subject)}|n`, `カード ${subject} の注記の読み取り`);
    return (row && getText(row, 'Notes')) || undefined;
  }

  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw toStateError(e, what);
    }
  }
}
