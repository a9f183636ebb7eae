import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { ConversationStore, StoredConversation } from '../ports';
import { StateError, statusOf, toStateError } from './errors';
import { decodeKey, encodeKey, getText, normaliseUpn, optional, putText, readEntity, type Entity } from './table-values';

/** Where a conversation key lives: `user:` → personal chats, `chat:` → group chats, `channel:` → channels. */
const KINDS = {
  user: { partition: 'user', kind: 'personal' },
  chat: { partition: 'chat', kind: 'groupChat' },
  channel: { partition: 'channel', kind: 'channel' },
} as const;

/** Channel rows and the 部 index share the channel partition, so a mapping changes in one transaction. */
const CHANNEL_ROW = 'c|';
const DEPARTMENT_ROW = 'd|';

interface Address {
  partitionKey: string;
  rowKey: string;
  /** The key as stored (UPNs in lower case). */
  key: string;
  kind: StoredConversation['kind'];
}

/**
 * Conversation references in one table (docs/state.md): personal chats in partition `user` keyed
 * by UPN, group chats in `chat`, channels in `channel` beside the index `d|<部>` → channel that
 * keeps one channel per 部. `put` never changes a channel's 部: only `mapChannel` does.
 */
export class TableConversationStore implements ConversationStore {
  constructor(private readonly table: TableClient) {}

  async put(c: StoredConversation): Promise<void> {
    const at = address(c.key);
    if (at.kind !== c.kind) throw new StateError('STATE.INVALID', `会話の種類 ${c.kind} とキー "${c.key}" が合いません`);
    const entity: Entity = {
      partitionKey: at.partitionKey,
      rowKey: at.rowKey,
      Kind: c.kind,
      // Absent fields are written empty, so a merge clears what an earlier put had.
      Upn: c.upn ? normaliseUpn(c.upn) : '',
      AadObjectId: c.aadObjectId ?? '',
      TeamsUserId: c.teamsUserId ?? '',
      Name: c.name ?? '',
      UpdatedAt: c.updatedAt,
    };
    putText(entity, 'Reference', JSON.stringify(c.reference));
    await this.call(`会話 ${at.key} の保存`, () => this.table.upsertEntity(entity, 'Merge'));
  }

  async get(key: string): Promise<StoredConversation | undefined> {
    const at = address(key);
    const row = await this.read(at.partitionKey, at.rowKey, `会話 ${at.key} の読み取り`);
    return row && toConversation(row);
  }

  async personal(upn: string): Promise<StoredConversation | undefined> {
    return this.get(`user:${normaliseUpn(upn)}`);
  }

  async channelOf(department: string): Promise<StoredConversation | undefined> {
    const index = await this.read('channel', departmentRow(department), `部 ${department} のチャネルの読み取り`);
    const key = index && optional(index, 'ChannelKey');
    return key ? this.get(key) : undefined;
  }

  async mappedChannels(): Promise<StoredConversation[]> {
    const filter = odata`PartitionKey eq 'channel' and RowKey ge ${CHANNEL_ROW} and RowKey lt ${'c}'} and Department gt ''`;
    return this.call('部に設定されたチャネルの一覧', async () => {
      const out: StoredConversation[] = [];
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) out.push(toConversation(row));
      return out;
    });
  }

  async mapChannel(key: string, department: string): Promise<void> {
    const at = address(key);
    const dept = department.trim();
    if (at.kind !== 'channel') throw new StateError('STATE.INVALID', `部に設定できるのはチャネルだけです: "${key}"`);
    if (!dept) throw new StateError('STATE.INVALID', '部の名前が空です');
    // Read, then change the channel, the index and the channel that had the 部 in one transaction
    // guarded by their ETags; a concurrent change fails it (412/409) and we read again.
    for (let attempt = 0; ; attempt++) {
      const what = `チャネル ${at.key} を部 ${dept} に設定`;
      const channel = await this.read(at.partitionKey, at.rowKey, what);
      if (!channel) throw new StateError('STATE.NOT_FOUND', `このチャネルにはアプリが追加されていません（${at.key}）`, 404);
      const before = optional(channel, 'Department');
      const index = await this.read('channel', departmentRow(dept), what);
      const holder = index && optional(index, 'ChannelKey');
      const actions: TransactionAction[] = [];
      if (before !== dept) {
        actions.push(['update', { partitionKey: at.partitionKey, rowKey: at.rowKey, Department: dept }, 'Merge', { etag: etagOf(channel) }]);
        if (before) {
          const old = await this.read('channel', departmentRow(before), what);
          if (old && optional(old, 'ChannelKey') === at.key) actions.push(['delete', { partitionKey: 'channel', rowKey: departmentRow(before), etag: etagOf(old) }]);
        }
      }
      if (holder !== at.key) {
        const indexRow = { partitionKey: 'channel', rowKey: departmentRow(dept), ChannelKey: at.key, Department: dept };
        if (index) actions.push(['update', indexRow, 'Replace', { etag: etagOf(index) }]);
        else actions.push(['create', indexRow]);
        if (holder) {
          const other = address(holder);
          const previous = await this.read(other.partitionKey, other.rowKey, what);
          if (previous && optional(previous, 'Department') === dept) {
            actions.push(['update', { partitionKey: other.partitionKey, rowKey: other.rowKey, Department: '' }, 'Merge', { etag: etagOf(previous) }]);
          }
        }
      }
      if (actions.length === 0) return;
      try {
        await this.table.submitTransaction(actions);
        return;
      } catch (e) {
        const status = statusOf(e);
        if ((status === 409 || status === 412 || status === 404) && attempt < 5) continue;
        throw toStateError(e, what);
      }
    }
  }

  async remove(key: string): Promise<void> {
    const at = address(key);
    const what = `会話 ${at.key} の削除`;
    for (let attempt = 0; ; attempt++) {
      const row = await this.read(at.partitionKey, at.rowKey, what);
      if (!row) return;
      const actions: TransactionAction[] = [['delete', { partitionKey: at.partitionKey, rowKey: at.rowKey, etag: etagOf(row) }]];
      const dept = optional(row, 'Department');
      if (dept) {
        const index = await this.read('channel', departmentRow(dept), what);
        if (index && optional(index, 'ChannelKey') === at.key) actions.push(['delete', { partitionKey: 'channel', rowKey: departmentRow(dept), etag: etagOf(index) }]);
      }
      try {
        await this.table.submitTransaction(actions);
        return;
      } catch (e) {
        const status = statusOf(e);
        if ((status === 404 || status === 412) && attempt < 5) continue;
        throw toStateError(e, what);
      }
    }
  }

  private read(partitionKey: string, rowKey: string, what: string): Promise<Record<string, unknown> | undefined> {
    return readEntity(this.table, partitionKey, rowKey, what);
  }

  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      throw toStateError(e, what);
    }
  }
}

function address(key: string): Address {
  const colon = key.indexOf(':');
  const prefix = colon > 0 ? key.slice(0, colon) : '';
  const rest = key.slice(colon + 1);
  if (!(prefix in KINDS) || !rest) {
    throw new StateError('STATE.INVALID', `会話のキーは user:<UPN>、channel:<会話 ID>、chat:<会話 ID> のいずれかです: "${key}"`);
  }
  const { partition, kind } = KINDS[prefix as keyof typeof KINDS];
  if (prefix === 'user') {
    const upn = normaliseUpn(rest);
    return { partitionKey: partition, rowKey: encodeKey(upn), key: `user:${upn}`, kind };
  }
  return { partitionKey: partition, rowKey: (prefix === 'channel' ? CHANNEL_ROW : '') + encodeKey(rest), key, kind };
}

function departmentRow(department: string): string {
  return DEPARTMENT_ROW + encodeKey(department.trim());
}

function keyOf(row: Record<string, unknown>): string {
  const pk = String(row.partitionKey);
  const rk = String(row.rowKey);
  return pk === 'channel' ? `channel:${decodeKey(rk.slice(CHANNEL_ROW.length))}` : `${pk}:${decodeKey(rk)}`;
}

function toConversation(row: Record<string, unknown>): StoredConversation {
  const c: StoredConversation = {
    key: keyOf(row),
    kind: row.Kind as StoredConversation['kind'],
    reference: JSON.parse(getText(row, 'Reference') || '{}') as Record<string, unknown>,
    updatedAt: String(row.UpdatedAt ?? ''),
  };
  const fields = { upn: 'Upn', aadObjectId: 'AadObjectId', teamsUserId: 'TeamsUserId', department: 'Department', name: 'Name' } as const;
  for (const [field, property] of Object.entries(fields) as Array<[keyof typeof fields, string]>) {
    const v = optional(row, property);
    if (v !== undefined) c[field] = v;
  }
  return c;
}

function etagOf(row: Record<string, unknown>): string {
  return String(row.etag);
}
