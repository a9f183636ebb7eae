import { recordRow } from '../domain/record-rows';
import { LISTS, type ListName } from '../domain/lists';
import type { ListRecord } from '../domain/record-parser';
import type { ExistingItem, FieldChange, ImportLists, ImportWrite } from '../ports';
import { cellOf, norm, readableKey } from './csv-transfer';
import { SharePointError } from './errors';
import { batchError, sendInBatches } from './graph-batch';
import type { GraphApi } from './graph-client';
import { toGraphFields, writeItems, type WriteOp } from './graph-list-writer';
import { IMPORT_MARK, SP_LISTS, rowKey, titleIsData, type SpColumnType } from './list-schema';
import { listIds } from './provision';

/** At most this many values of one key column are read by filter; more, and the list is read whole. */
const MAX_FILTERS = 30;

interface GraphItem {
  id: string;
  eTag?: string;
  '@odata.etag'?: string;
  fields?: Record<string, unknown>;
}

interface Page {
  value: GraphItem[];
  '@odata.nextLink'?: string;
}

/**
 * The office's import on the site's lists (DESIGN.md "The office's year"). Rows are matched to
 * items by the list's natural key (list-schema.ts), so the same file twice adds nothing. New items
 * carry the import's id in ImportId, so undoing an import deletes exactly the items it created.
 * Writes go through JSON $batch (graph-batch.ts: 20 a batch, throttled requests sent again);
 * updates carry the item's eTag (If-Match), so a change someone made since the preview is not
 * overwritten: it fails that row, which the import reports.
 */
export class GraphImportLists implements ImportLists {
  private ids?: Promise<Record<ListName, string>>;

  constructor(
    private readonly api: GraphApi,
    private readonly siteId: string,
  ) {}

  private listId(list: ListName): Promise<string> {
    this.ids ??= listIds(this.api, this.siteId).catch((e: unknown) => {
      this.ids = undefined;
      throw e;
    });
    return this.ids.then((ids) => ids[list]);
  }

  keyOf(list: ListName, record: ListRecord): string {
    return rowKey(list, this.cells(list, record));
  }

  /**
   * Only items whose key is among `keys` are kept, so memory follows the file, not the list. When
   * the keys share few values of an indexed key column (a vendor's file names a handful of courses),
   * only those items are read, one filter per value — one indexed column per filter, as Graph allows.
   */
  async existing(list: ListName, keys: ReadonlySet<string>): Promise<Map<string, ExistingItem>> {
    const out = new Map<string, ExistingItem>();
    if (keys.size === 0) return out;
    const listId = await this.listId(list);
    const select = ['Title', ...SP_LISTS[list].columns.map((c) => c.name)].join(',');
    const base = `/sites/${this.siteId}/lists/${listId}/items?$expand=fields($select=${select})&$top=5000`;
    const narrow = narrowing(list, keys);
    const urls = narrow ? narrow.values.map((v) => `${base}&$filter=${encodeURIComponent(`fields/${narrow.column} eq ${literal(v, narrow.type)}`)}`) : [base];
    for (const first of urls) {
      for (let url: string | undefined = first; url; ) {
        const page: Page = await this.api.get(url);
        for (const i of page.value) {
          const fields = i.fields ?? {};
          const key = rowKey(list, fields);
          if (keys.has(key) && !out.has(key)) out.set(key, { itemId: i.id, eTag: i.eTag ?? i['@odata.etag'] ?? '', fields });
        }
        url = page['@odata.nextLink'];
      }
    }
    return out;
  }

  changes(list: ListName, item: ExistingItem, record: ListRecord): FieldChange[] {
    const want = toGraphFields(list, this.cells(list, record));
    const out: FieldChange[] = [];
    for (const c of SP_LISTS[list].columns) this.compare(out, c.name, c.type, want[c.name], item.fields[c.name]);
    // Title: compared where it holds data (氏名, 研修名); elsewhere it only spells out the key.
    if (titleIsData(list)) this.compare(out, 'Title', 'text', want.Title, item.fields.Title);
    return out;
  }

  private compare(out: FieldChange[], field: string, type: SpColumnType, want: unknown, have: unknown): void {
    if (norm(want, type) !== norm(have, type)) out.push({ field, from: cellOf(have, type), to: cellOf(want, type) });
  }

  async write(list: ListName, writes: ImportWrite[], importId: string): Promise<Array<{ ok: boolean; error?: string }>> {
    const listId = await this.listId(list);
    const ops: WriteOp[] = writes.map((w) => {
      const cells = this.cells(list, w.record);
      if (w.item) return { kind: 'update', itemId: w.item.itemId, eTag: w.item.eTag, fields: toGraphFields(list, cells, true) };
      const fields = toGraphFields(list, titleIsData(list) ? cells : { ...cells, Title: readableKey(list, cells) });
      return { kind: 'create', fields: { ...fields, [IMPORT_MARK.name]: importId } };
    });
    const results = await writeItems(this.api, this.siteId, listId, ops);
    return results.map((r) => (r.ok ? { ok: true } : { ok: false, error: r.error?.message ?? '書き込めませんでした' }));
  }

  async removeImported(list: ListName, importId: string, onProgress?: (done: number, total: number) => void): Promise<{ removed: number; failed: number; firstError?: string }> {
    const listId = await this.listId(list);
    const marked: Array<{ id: string; eTag: string }> = [];
    const filter = encodeURIComponent(`fields/${IMPORT_MARK.name} eq ${literal(importId, 'text')}`);
    for (let url: string | undefined = `/sites/${this.siteId}/lists/${listId}/items?$expand=fields($select=${IMPORT_MARK.name})&$filter=${filter}&$top=5000`; url; ) {
      const page: Page = await this.api.get(url);
      for (const i of page.value) if (i.fields?.[IMPORT_MARK.name] === importId) marked.push({ id: i.id, eTag: i.eTag ?? i['@odata.etag'] ?? '' });
      url = page['@odata.nextLink'];
    }
    onProgress?.(0, marked.length);
    const responses = await sendInBatches(
      this.api,
      marked.map((m) => ({ method: 'DELETE' as const, url: `/sites/${this.siteId}/lists/${listId}/items/${m.id}`, headers: m.eTag ? { 'If-Match': m.eTag } : undefined })),
      { onProgress },
    );
    let removed = 0;
    let firstError: string | undefined;
    for (const r of responses) {
      // Gone already (someone deleted it by hand) is as good as removed.
      if (!(r instanceof SharePointError) && ((r.status >= 200 && r.status < 300) || r.status === 404)) removed++;
      else firstError ??= (r instanceof SharePointError ? r : batchError(r, 'DELETE item')).message;
    }
    return { removed, failed: marked.length - removed, firstError };
  }

  /** A record as the list's cells by column name (the CSV header). */
  private cells(list: ListName, record: ListRecord): Record<string, string | number | boolean | undefined> {
    const row = recordRow(list)(record);
    return Object.fromEntries(LISTS[list].columns.map((c, i) => [c.name, row[i]]));
  }
}

/** The indexed key column whose values the keys share fewest of, when they are few enough to filter on. */
function narrowing(list: ListName, keys: ReadonlySet<string>): { column: string; type: SpColumnType; values: string[] } | undefined {
  const def = SP_LISTS[list];
  let best: { column: string; type: SpColumnType; values: string[] } | undefined;
  def.key.forEach((column, position) => {
    const c = def.columns.find((x) => x.name === column);
    if (!c?.indexed || (c.type !== 'text' && c.type !== 'number')) return;
    const values = new Set<string>();
    for (const k of keys) {
      const v = k.split('\u001f')[position] ?? '';
      if (v === '') return;
      values.add(v);
      if (values.size > MAX_FILTERS) return;
    }
    if (!best || values.size < best.values.length) best = { column, type: c.type, values: [...values] };
  });
  return best;
}

function literal(v: string, type: SpColumnType): string {
  return type === 'number' ? String(Number(v)) : `'${v.replace(/'/g, "''")}'`;
}
