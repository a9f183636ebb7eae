import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeCsv, formatCsv } from '../csv/csv-codec';
import { CsvFolderSource } from '../csv/csv-folder';
import { listHeader, recordRow } from '../csv/csv-records';
import { LIST_NAMES, type ListName } from '../domain/lists';
import type { LocalDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import { createRecordParser, type ListRecord } from '../domain/record-parser';
import type { DataQualityIssue, RawRow } from '../domain/records';
import type { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { toGraphFields, writeItems, type Fields, type WriteOp } from './graph-list-writer';
import { SP_LISTS, rowKey, titleIsData, type SpColumnType } from './list-schema';
import { listIds } from './provision';

export interface ImportListReport {
  list: ListName;
  /** Rows of the file that were read (and written or left alone). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows of the file refused (not uploaded): unreadable, an unknown person or course, a duplicate … */
  refused: number;
  /** The whole file was refused (unreadable, a required column missing): none of it was uploaded. */
  fileRefused: boolean;
  failed: Array<{ key: string; reason: string }>;
}

export interface ImportReport {
  lists: ImportListReport[];
  /** Rows and files of the folder that could not be read: reported, not uploaded. */
  dataQuality: DataQualityIssue[];
}

interface ExistingItem {
  id: string;
  eTag: string;
  fields: Record<string, unknown>;
}

/** The lists whose rows a list's rows refer to (record-parser.ts checks them). */
const REFERS_TO: Record<ListName, ListName[]> = {
  Staff: [],
  Roles: ['Staff'],
  Courses: [],
  Completions: ['Staff', 'Courses'],
  Projects: [],
  ProjectMembers: ['Staff', 'Projects'],
  Evaluations: ['Staff', 'Projects', 'ProjectMembers'],
  Qualifications: ['Staff'],
  Contributions: ['Staff'],
  SkillLevels: ['Staff'],
  Nominations: ['Staff'],
  Submissions: ['Staff', 'Courses'],
};

/**
 * Uploads a CSV folder into the site's lists. Rows are read with the programme exactly as an
 * evaluation reads them, and the people, courses and projects they name are checked against the
 * folder's own lists and the site's (a Completions.csv on its own is checked against the site's
 * Staff and Courses lists), so an unknown person or course is refused, not uploaded. A row that
 * cannot be read is reported and not uploaded. Each row is matched to an existing item by its
 * natural key (UPN + course + date for a completion …): new rows are created, changed ones updated
 * with If-Match, identical ones left alone — so running the import twice creates nothing the second time.
 */
export async function importCsvFolder(
  api: GraphApi,
  siteId: string,
  programme: Programme,
  dir: string,
  today: LocalDate,
  onProgress?: (list: ListName, done: number, total: number) => void,
): Promise<ImportReport> {
  const source = new CsvFolderSource(dir);
  const present = await source.files();
  const ids = await listIds(api, siteId);
  // The site's rows of every list the folder's lists refer to; their records are references only.
  const siteRows = new Map<ListName, RawRow[]>();
  for (const list of LIST_NAMES) {
    if (![...present.keys()].some((p) => REFERS_TO[p].includes(list))) continue;
    const rows: RawRow[] = [];
    for await (const item of allItems(api, siteId, ids[list], list)) rows.push({ itemId: item.id, fields: item.fields });
    siteRows.set(list, rows);
  }
  const uploads = new Map<ListName, ListRecord[]>();
  const parser = createRecordParser(programme, today, {
    onRow: (name, row, record) => {
      if (!record || row.itemId !== undefined) return;
      let out = uploads.get(name);
      if (!out) uploads.set(name, (out = []));
      out.push(record);
    },
  });
  const fileIssues: DataQualityIssue[] = [];
  let added = -1;
  const addSiteOnlyBefore = (index: number): void => {
    for (let i = added + 1; i < index; i++) {
      const list = LIST_NAMES[i]!;
      const rows = siteRows.get(list);
      if (rows) parser.add(list, { columns: [], rows, issues: [] });
    }
    added = Math.max(added, index - 1);
  };
  await source.readLists((name, file) => {
    const index = LIST_NAMES.indexOf(name);
    addSiteOnlyBefore(index);
    added = index;
    const site = siteRows.get(name) ?? [];
    // A file refused whole leaves the site's rows as the references (and is reported).
    if (file.issues.some((i) => i.effect === 'listSkipped')) {
      fileIssues.push(...file.issues);
      parser.add(name, { columns: [], rows: site, issues: [] });
      return;
    }
    parser.add(name, { ...file, rows: concat(file.rows, site) });
  });
  // Issues of the site's own rows are the data-quality report's, not this import's.
  const issues = [...fileIssues, ...parser.finish().issues.filter((i) => i.itemId === undefined)];
  const lists: ImportListReport[] = [];
  for (const list of LIST_NAMES) {
    if (!present.has(list)) continue;
    const header = listHeader(list);
    const toRow = recordRow(list);
    const rows = (uploads.get(list) ?? []).map((r) => {
      const cells = toRow(r);
      return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    });
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
    const mine = issues.filter((i) => i.list === list);
    lists.push({
      list,
      rows: rows.length,
      created: results.filter((r) => r.ok && r.op.kind === 'create').length,
      updated: results.filter((r) => r.ok && r.op.kind === 'update').length,
      unchanged,
      refused: refusedRows(mine),
      fileRefused: mine.some((i) => i.effect === 'listSkipped'),
      failed,
    });
  }
  return { lists, dataQuality: issues };
}

function* concat<T>(a: Iterable<T>, b: Iterable<T>): Generator<T> {
  yield* a;
  yield* b;
}

/** Rows refused in a file: each refused row once, however many of its cells were reported; a file refused whole, all its rows. */
function refusedRows(issues: DataQualityIssue[]): number {
  const rows = new Set<number>();
  let whole = 0;
  for (const i of issues) {
    if (i.effect === 'listSkipped') whole += i.rows ?? 0;
    else if (i.effect === 'rowSkipped' && i.row !== undefined) rows.add(i.row);
  }
  return rows.size + whole;
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
