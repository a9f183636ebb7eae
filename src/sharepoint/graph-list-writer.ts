import type { ListName } from '../domain/lists';
import { SharePointError } from './errors';
import { batchError, sendInBatches, type BatchItem } from './graph-batch';
import type { GraphApi } from './graph-client';
import { SP_LISTS, type SpColumnType } from './list-schema';

export type FieldValue = string | number | boolean | null;
export type Fields = Record<string, FieldValue>;

/** A created or updated item: its id and the eTag to send with the next update. */
export interface WrittenItem {
  id: string;
  eTag: string;
}

/**
 * Values as SharePoint's column types want them: numbers as numbers, yes/no as booleans, a
 * date-only value as the UTC instant of midnight in Japan (what SharePoint stores for a JST site).
 * Blank cells are left out on create and cleared (null) on update.
 */
export function toGraphFields(list: ListName, cells: Record<string, string | number | boolean | undefined>, forUpdate = false): Fields {
  const out: Fields = {};
  const types = new Map<string, SpColumnType>(SP_LISTS[list].columns.map((c) => [c.name, c.type]));
  types.set('Title', 'text');
  for (const [name, raw] of Object.entries(cells)) {
    const type = types.get(name);
    if (!type) continue;
    if (raw === undefined || raw === '') {
      if (forUpdate) out[name] = null;
      continue;
    }
    switch (type) {
      case 'number':
        out[name] = typeof raw === 'number' ? raw : Number(raw);
        break;
      case 'boolean':
        out[name] = typeof raw === 'boolean' ? raw : /^(true|1|yes|はい)$/i.test(String(raw));
        break;
      case 'dateOnly':
        out[name] = jstMidnightUtc(String(raw));
        break;
      case 'dateTime':
        out[name] = new Date(String(raw)).toISOString();
        break;
      default:
        out[name] = String(raw);
    }
  }
  return out;
}

/** 2024-04-01 → 2024-03-31T15:00:00Z */
export function jstMidnightUtc(date: string): string {
  return new Date(`${date.slice(0, 10)}T00:00:00+09:00`).toISOString().replace('.000Z', 'Z');
}

interface GraphItem {
  id: string;
  eTag?: string;
  '@odata.etag'?: string;
  fields?: Record<string, unknown>;
}

/** Creates one item. */
export async function createItem(api: GraphApi, siteId: string, listId: string, fields: Fields): Promise<WrittenItem> {
  const item = await api.post<GraphItem>(`/sites/${siteId}/lists/${listId}/items`, { fields });
  return { id: item.id, eTag: item.eTag ?? item['@odata.etag'] ?? '' };
}

/**
 * Updates an item's fields only if it is still the version the caller read (If-Match). Someone
 * else's change in between answers 412, which becomes a SHAREPOINT.CONFLICT error and changes
 * nothing; callers reload and decide.
 */
export async function updateItem(api: GraphApi, siteId: string, listId: string, itemId: string, fields: Fields, eTag: string): Promise<WrittenItem> {
  const path = `/sites/${siteId}/lists/${listId}/items/${itemId}/fields`;
  const res = await api.patch<Record<string, unknown> | undefined>(path, fields, { 'If-Match': eTag });
  const answered = res?.['@odata.etag'];
  if (typeof answered === 'string' && answered !== '') return { id: itemId, eTag: answered };
  // listitem-update answers the item's fieldValueSet, and its example carries no eTag: read the
  // item's. A write by someone else in the instant between would give their version's eTag, so the
  // caller's next If-Match could pass over it; the window is one round trip, the alternative an
  // eTag that is always stale.
  const item = await api.get<GraphItem>(`/sites/${siteId}/lists/${listId}/items/${itemId}`);
  return { id: itemId, eTag: item.eTag ?? item['@odata.etag'] ?? '' };
}

/** Reads an item with its eTag (to update it safely afterwards). */
export async function readItem(api: GraphApi, siteId: string, listId: string, itemId: string): Promise<GraphItem & { eTag: string }> {
  const item = await api.get<GraphItem>(`/sites/${siteId}/lists/${listId}/items/${itemId}?$expand=fields`);
  return { ...item, eTag: item.eTag ?? item['@odata.etag'] ?? '' };
}

export type WriteOp = { kind: 'create'; fields: Fields } | { kind: 'update'; itemId: string; fields: Fields; eTag?: string };

export interface WriteResult {
  op: WriteOp;
  ok: boolean;
  item?: WrittenItem;
  error?: SharePointError;
}

/**
 * Writes many items through JSON $batch (sendInBatches: 20 a batch, throttled inner requests sent
 * again after their Retry-After). Each request is judged on its own status: a failure is reported
 * for that item and the rest goes on.
 */
export async function writeItems(
  api: GraphApi,
  siteId: string,
  listId: string,
  ops: WriteOp[],
  opts: { maxAttempts?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<WriteResult[]> {
  const responses = await sendInBatches(api, ops.map((op) => toRequest(siteId, listId, op)), opts);
  return responses.map((r, i) => {
    const op = ops[i]!;
    if (r instanceof SharePointError) return { op, ok: false, error: r };
    if (r.status < 200 || r.status >= 300) return { op, ok: false, error: batchError(r, 'batch request') };
    const body = (r.body ?? {}) as GraphItem & Record<string, unknown>;
    // An update's reply is the item's fields, which carry no eTag (listitem-update): '' then, as
    // nothing here reuses it — a caller that does re-reads the item (readItem).
    const id = op.kind === 'update' ? op.itemId : body.id;
    return { op, ok: true, item: { id, eTag: (body.eTag ?? body['@odata.etag'] ?? '') as string } };
  });
}

function toRequest(siteId: string, listId: string, op: WriteOp): BatchItem {
  if (op.kind === 'create') {
    return { method: 'POST', url: `/sites/${siteId}/lists/${listId}/items`, headers: { 'Content-Type': 'application/json' }, body: { fields: op.fields } };
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (op.eTag) headers['If-Match'] = op.eTag;
  return { method: 'PATCH', url: `/sites/${siteId}/lists/${listId}/items/${op.itemId}/fields`, headers, body: op.fields };
}

/**
 * Items whose indexed column equals a value (the nomination card finds a person's pending
 * nominations this way). Only indexed columns may be filtered on: Graph refuses the others on
 * large lists, so this refuses them before asking.
 */
export async function findItems(
  api: GraphApi,
  siteId: string,
  listId: string,
  list: ListName,
  column: string,
  value: string | number,
): Promise<Array<{ id: string; eTag: string; fields: Record<string, unknown> }>> {
  const col = SP_LISTS[list].columns.find((c) => c.name === column);
  if (!col?.indexed) throw new Error(`${list}.${column} is not an indexed column; filtering on it is not allowed`);
  const literal = typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
  const out: Array<{ id: string; eTag: string; fields: Record<string, unknown> }> = [];
  let url: string | undefined = `/sites/${siteId}/lists/${listId}/items?$expand=fields&$filter=${encodeURIComponent(`fields/${column} eq ${literal}`)}&$top=5000`;
  while (url) {
    const page: { value: GraphItem[]; '@odata.nextLink'?: string } = await api.get(url);
    for (const i of page.value) out.push({ id: i.id, eTag: i.eTag ?? i['@odata.etag'] ?? '', fields: i.fields ?? {} });
    url = page['@odata.nextLink'];
  }
  return out;
}
