import type { ListName } from '../domain/lists';
import { SharePointError, toSharePointError } from './errors';
import type { BatchRequest, BatchResponse, GraphApi } from './graph-client';
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
  const res = await api.patch<Record<string, unknown>>(path, fields, { 'If-Match': eTag });
  return { id: itemId, eTag: (res['@odata.etag'] as string | undefined) ?? '' };
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
 * Writes many items through JSON $batch, 20 requests a batch, several batches in flight (the
 * Graph client's limiter). Each inner request is judged on its own status: a throttled or
 * unavailable one (429/503/504) is sent again in a later batch after its Retry-After, up to
 * `maxAttempts` times — the SDK's RetryHandler cannot do this, as the batch itself answered 200;
 * any other failure is reported for that item and the rest goes on.
 */
export async function writeItems(
  api: GraphApi,
  siteId: string,
  listId: string,
  ops: WriteOp[],
  opts: { maxAttempts?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<WriteResult[]> {
  const maxAttempts = opts.maxAttempts ?? 8;
  const results: Array<WriteResult | undefined> = new Array(ops.length);
  let pending = ops.map((_, i) => i);
  let done = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const retry: number[] = [];
    let waitSeconds = 0;
    const batches: number[][] = [];
    for (let i = 0; i < pending.length; i += 20) batches.push(pending.slice(i, i + 20));
    await Promise.all(
      batches.map(async (indexes) => {
        const requests = indexes.map((i) => toRequest(siteId, listId, ops[i]!, String(i)));
        let responses: BatchResponse[];
        try {
          responses = await api.batch(requests);
        } catch (e) {
          const error = toSharePointError(e, '$batch');
          for (const i of indexes) results[i] = { op: ops[i]!, ok: false, error };
          done += indexes.length;
          return;
        }
        for (const r of responses) {
          const i = Number(r.id);
          if (isRetryable(r.status) && attempt < maxAttempts) {
            retry.push(i);
            waitSeconds = Math.max(waitSeconds, retryAfter(r));
            continue;
          }
          done++;
          if (r.status >= 200 && r.status < 300) {
            const body = (r.body ?? {}) as GraphItem & Record<string, unknown>;
            const op = ops[i]!;
            const id = op.kind === 'update' ? op.itemId : body.id;
            results[i] = { op, ok: true, item: { id, eTag: (body.eTag ?? body['@odata.etag'] ?? '') as string } };
          } else {
            const body = r.body as { error?: { code?: string; message?: string } } | undefined;
            results[i] = {
              op: ops[i]!,
              ok: false,
              error: toSharePointError({ statusCode: r.status, code: body?.error?.code, message: body?.error?.message }, 'batch request'),
            };
          }
        }
      }),
    );
    opts.onProgress?.(done, ops.length);
    pending = retry.sort((a, b) => a - b);
    if (pending.length > 0 && waitSeconds > 0) await new Promise((r) => setTimeout(r, waitSeconds * 1000));
  }
  return results.map((r, i) => r ?? { op: ops[i]!, ok: false, error: new SharePointError('SHAREPOINT.NETWORK', 'no answer') });
}

function toRequest(siteId: string, listId: string, op: WriteOp, id: string): BatchRequest {
  if (op.kind === 'create') {
    return { id, method: 'POST', url: `/sites/${siteId}/lists/${listId}/items`, headers: { 'Content-Type': 'application/json' }, body: { fields: op.fields } };
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (op.eTag) headers['If-Match'] = op.eTag;
  return { id, method: 'PATCH', url: `/sites/${siteId}/lists/${listId}/items/${op.itemId}/fields`, headers, body: op.fields };
}

function isRetryable(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

function retryAfter(r: BatchResponse): number {
  const h = r.headers ?? {};
  const v = h['Retry-After'] ?? h['retry-after'];
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 60) : 2;
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
