import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeCsv, formatCsv } from '../csv/csv-codec';
import { CsvFolderSource } from '../csv/csv-folder';
import { listHeader, listRows } from '../csv/csv-records';
import { LIST_NAMES, type ListName } from '../domain/lists';
import type { LocalDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import { createRecordParser } from '../domain/record-parser';
import type { DataQualityIssue } from '../domain/records';
import type { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { toGraphFields, writeItems, type Fields, type WriteOp } from './graph-list-writer';
import { SP_LISTS, rowKey, titleIsData, type SpColumnType } from './list-schema';
import { listIds } from './provision';

export interface ImportListReport {
  list: ListName;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: Array<{ key: string; reason: string }>;
}

export interface ImportReport {
  lists: ImportListReport[];
  /** Rows of the CSV files that could not be read: reported, not uploaded. */
  dataQuality: DataQualityIssue[];
}

interface ExistingItem {
  id: string;
  eTag: string;
  fields: Record<string, unknown>;
}

/**
 * Uploads a CSV folder into the site's lists. Rows are read with the programme exactly as an
 * evaluation reads them; a row that cannot be read is reported and not uploaded. Each row is
 * matched to an existing item by its natural key (UPN + course + date for a completion …): new rows
 * are created, changed ones updated with If-Match, identical ones left alone — so running the
 * import twice creates nothing the second time.
 */
export async function importCsvFolder(
  api: GraphApi,
  siteId: string,
  programme: Programme,
  dir: string,
  today: LocalDate,
  onProgress?: (list: ListName, done: number, total: number) => void,
): Promise<ImportReport> {
  const parser = createRecordParser(programme, today);
  const source = new CsvFolderSource(dir);
  const present = await source.files();
  await source.readLists((name, list) => parser.add(name, list));
  const { records, issues } = parser.finish();
  const ids = await listIds(api, siteId);
  const lists: ImportListReport[] = [];
  for (const list of LIST_NAMES) {
    if (!present.has(list)) continue;
    const header = listHeader(list);
    const rows = listRows(list, records).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
    const existing = await readExisting(api, siteId, ids[list], list);
    const ops: WriteOp[] = [];
    const keys: string[] = [];
    let unchanged = 0;
    for (const row of rows) {
      if (!titleIsData(list)) row.Title = readableKey(list, row);
      const key = rowKey(list, row);
      const fields = toGraphFields(list, row);
      const have = existing.get(key);
      if (!have) {
        ops.push({ kind: 'create', fields });
        keys.push(key);
      } else if (!sameFields(list, fields, have.fields)) {
        ops.push({ kind: 'update', itemId: have.id, eTag: have.eTag, fields: toGraphFields(list, row, true) });
        keys.push(key);
      } else unchanged++;
    }
    const results = await writeItems(api, siteId, ids[list], ops, { onProgress: (done, total) => onProgress?.(list, done, total) });
    const failed = results.flatMap((r, i) => (r.ok ? [] : [{ key: keys[i]!.split('\u001f').join(' / '), reason: (r.error as SharePointError).message }]));
    lists.push({
      list,
      rows: rows.length,
      created: results.filter((r) => r.ok && r.op.kind === 'create').length,
      updated: results.filter((r) => r.ok && r.op.kind === 'update').length,
      unchanged,
      failed,
    });
  }
  return { lists, dataQuality: issues };
}

/** Every item of a list with its eTag, by natural key (the first one wins if the list already has duplicates). */
async function readExisting(api: GraphApi, siteId: string, listId: string, list: ListName): Promise<Map<string, ExistingItem>> {
  const out = new Map<string, ExistingItem>();
  for await (const item of allItems(api, siteId, listId, list)) {
    const key = rowKey(list, item.fields);
    if (!out.has(key)) out.set(key, item);
  }
  return out;
}

async function* allItems(api: GraphApi, siteId: string, listId: string, list: ListName): AsyncGenerator<ExistingItem> {
  const select = ['Title', ...SP_LISTS[list].columns.map((c) => c.name)].join(',');
  let url: string | undefined = `/sites/${siteId}/lists/${listId}/items?$expand=fields($select=${select})&$top=5000`;
  while (url) {
    const page: { value: Array<{ id: string; eTag?: string; '@odata.etag'?: string; fields?: Record<string, unknown> }>; '@odata.nextLink'?: string } =
      await api.get(url);
    for (const i of page.value) yield { id: i.id, eTag: i.eTag ?? i['@odata.etag'] ?? '', fields: i.fields ?? {} };
    url = page['@odata.nextLink'];
  }
}

/** Whether an item already holds these values (compared as SharePoint stores them). */
function sameFields(list: ListName, want: Fields, have: Record<string, unknown>): boolean {
  const types = new Map<string, SpColumnType>(SP_LISTS[list].columns.map((c) => [c.name, c.type]));
  types.set('Title', 'text');
  for (const [name, type] of types) {
    if (norm(want[name], type) !== norm(have[name], type)) return false;
  }
  return true;
}

/** A field value as SharePoint stores it, for comparing a row with an item. */
export function norm(v: unknown, type: SpColumnType): string {
  if (v === undefined || v === null || v === '') return '';
  if (type === 'dateOnly' || type === 'dateTime') return new Date(String(v)).toISOString();
  if (type === 'number') return String(Number(v));
  return String(v);
}

/** A readable Title for lists whose Title holds no data of its own: a@x.jp / literacy / 2026-05-10. */
export function readableKey(list: ListName, row: Record<string, unknown>): string {
  return SP_LISTS[list].key
    .map((k) => row[k])
    .filter((v) => v !== undefined && v !== '')
    .join(' / ')
    .slice(0, 255);
}

/**
 * Writes every list of the site as CSV (the import format: one file per list, internal column
 * names as header, UTF-8 with BOM). Values are written as they are in SharePoint, unparsed, so an
 * export never loses a row the programme would refuse.
 */
export async function exportToCsvFolder(api: GraphApi, siteId: string, dir: string): Promise<Record<string, number>> {
  const ids = await listIds(api, siteId);
  await mkdir(dir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const list of LIST_NAMES) {
    const header = listHeader(list);
    const types = new Map<string, SpColumnType>(SP_LISTS[list].columns.map((c) => [c.name, c.type]));
    const rows: string[][] = [];
    for await (const item of allItems(api, siteId, ids[list], list)) {
      rows.push(header.map((h) => (h === 'Title' && !titleIsData(list) ? '' : cellOf(item.fields[h], types.get(h) ?? 'text'))));
    }
    await writeFile(join(dir, `${list}.csv`), encodeCsv(formatCsv(header, rows)));
    counts[list] = rows.length;
  }
  return counts;
}

/** An item's value as a CSV cell (and as the tab shows it): a date-only column as its JST date. */
export function cellOf(v: unknown, type: SpColumnType): string {
  if (v === undefined || v === null) return '';
  if (type === 'dateOnly' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    return new Date(Date.parse(v) + 9 * 3_600_000).toISOString().slice(0, 10);
  }
  if (type === 'boolean') return v === true ? 'TRUE' : 'FALSE';
  return String(v);
}
