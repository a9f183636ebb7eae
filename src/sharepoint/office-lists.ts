/**
 * The programme office's lists (list-schema.ts OFFICE_LISTS): the import log (取り込み履歴), the
 * column mappings remembered per source (取り込みの列対応) and this year's targets and fill-in settings (設定).
 */
import type { ColumnMapping, ImportableList } from '../domain/import-mapping';
import type { SettingChange } from '../domain/programme-overrides';
import type { ImportLog, ImportLogEntry, ImportMappings, ImportStatus, SavedMapping, SettingsStore } from '../ports';
import { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { createItem, readItem, updateItem, type Fields } from './graph-list-writer';
import type { OfficeListName } from './list-schema';
import { officeListIds } from './provision';

interface GraphItem {
  id: string;
  eTag?: string;
  '@odata.etag'?: string;
  lastModifiedDateTime?: string;
  fields?: Record<string, unknown>;
}

/** The office's lists, found once per server (provisioning makes them; a site without them is told so). */
export class OfficeLists {
  private ids?: Promise<Record<OfficeListName, string>>;

  constructor(
    readonly api: GraphApi,
    readonly siteId: string,
  ) {}

  id(list: OfficeListName): Promise<string> {
    this.ids ??= officeListIds(this.api, this.siteId).catch((e: unknown) => {
      // Provisioning may run while the server does: look again next time.
      this.ids = undefined;
      throw e;
    });
    return this.ids.then((ids) => ids[list]);
  }

  /** Every item of an office list (each holds few: one per import, per source, per change). */
  async all(list: OfficeListName): Promise<GraphItem[]> {
    const listId = await this.id(list);
    const out: GraphItem[] = [];
    for (let url: string | undefined = `/sites/${this.siteId}/lists/${listId}/items?$expand=fields&$top=5000`; url; ) {
      const page: { value: GraphItem[]; '@odata.nextLink'?: string } = await this.api.get(url);
      out.push(...page.value);
      url = page['@odata.nextLink'];
    }
    return out;
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The ImportLog list (取り込み履歴): one item per import, updated as it goes so every instance can show it. */
export class GraphImportLog implements ImportLog {
  constructor(private readonly lists: OfficeLists) {}

  async create(entry: Omit<ImportLogEntry, 'id' | 'updatedAt'>): Promise<ImportLogEntry> {
    const listId = await this.lists.id('ImportLog');
    const written = await createItem(this.lists.api, this.lists.siteId, listId, toFields(entry));
    return (await this.get(written.id))!;
  }

  /**
   * Progress and results. The import that created the item is its only writer while it runs (a
   * second import of the list, or an undo, is refused until then — see transition), so these
   * writes go without If-Match.
   */
  async update(id: string, changes: Partial<Omit<ImportLogEntry, 'id' | 'importId' | 'updatedAt'>>): Promise<void> {
    const listId = await this.lists.id('ImportLog');
    await this.lists.api.patch(`/sites/${this.lists.siteId}/lists/${listId}/items/${id}/fields`, toFields(changes));
  }

  /**
   * Moves an import from one of `from` to a new status, only if nobody moved it in between (the
   * item's eTag with If-Match): two people pressing 取り消す at once undo it once.
   */
  async transition(id: string, from: readonly ImportStatus[], changes: Partial<Omit<ImportLogEntry, 'id' | 'importId' | 'updatedAt'>>): Promise<ImportLogEntry | undefined> {
    const listId = await this.lists.id('ImportLog');
    const item = await readItem(this.lists.api, this.lists.siteId, listId, id);
    const entry = toEntry(item);
    if (!from.includes(entry.status)) return undefined;
    try {
      await updateItem(this.lists.api, this.lists.siteId, listId, id, toFields(changes), item.eTag);
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.CONFLICT') return undefined;
      throw e;
    }
    return { ...entry, ...changes };
  }

  async get(id: string): Promise<ImportLogEntry | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    const listId = await this.lists.id('ImportLog');
    try {
      return toEntry(await readItem(this.lists.api, this.lists.siteId, listId, id));
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.NOT_FOUND') return undefined;
      throw e;
    }
  }

  async recent(limit: number): Promise<ImportLogEntry[]> {
    const items = await this.lists.all('ImportLog');
    return items
      .map(toEntry)
      .sort((a, b) => b.at.localeCompare(a.at) || Number(b.id) - Number(a.id))
      .slice(0, limit);
  }
}

function toFields(e: Partial<Omit<ImportLogEntry, 'id' | 'updatedAt'>>): Fields {
  const f: Fields = {};
  if (e.importId !== undefined) f.Title = e.importId;
  if (e.list !== undefined) f.List = e.list;
  if (e.fileName !== undefined) f.FileName = e.fileName.slice(0, 255);
  if (e.source !== undefined) f.Source = e.source.slice(0, 255);
  if (e.byUpn !== undefined) f.ByUpn = e.byUpn;
  if (e.at !== undefined) f.At = e.at;
  if (e.status !== undefined) f.Status = e.status;
  for (const [k, col] of [['total', 'Total'], ['processed', 'Processed'], ['added', 'Added'], ['changed', 'Changed'], ['unchanged', 'Unchanged'], ['refused', 'Refused']] as const) {
    if (e[k] !== undefined) f[col] = e[k];
  }
  if (e.undoneAt !== undefined) f.UndoneAt = e.undoneAt;
  if (e.message !== undefined) f.Message = e.message;
  return f;
}

function toEntry(item: GraphItem): ImportLogEntry {
  const f = item.fields ?? {};
  const entry: ImportLogEntry = {
    id: item.id,
    importId: str(f.Title),
    list: str(f.List) as ImportableList,
    fileName: str(f.FileName),
    source: str(f.Source),
    byUpn: str(f.ByUpn),
    at: str(f.At),
    status: (str(f.Status) || 'failed') as ImportStatus,
    total: num(f.Total),
    processed: num(f.Processed),
    added: num(f.Added),
    changed: num(f.Changed),
    unchanged: num(f.Unchanged),
    refused: num(f.Refused),
    updatedAt: item.lastModifiedDateTime ?? str(f.Modified) ?? str(f.At),
  };
  if (str(f.UndoneAt)) entry.undoneAt = str(f.UndoneAt);
  if (str(f.Message)) entry.message = str(f.Message);
  return entry;
}

/**
 * Column mappings remembered per source, in the ImportMappings list (取り込みの列対応), one item per
 * source. A list rather than a file in the document library: the app already reads and writes
 * lists with its Sites.Selected grant, an item carries who saved it and when, the office can see
 * (and fix) it in SharePoint, and an update is guarded by the item's eTag like every other write.
 */
export class GraphImportMappings implements ImportMappings {
  constructor(private readonly lists: OfficeLists) {}

  async all(): Promise<SavedMapping[]> {
    const out: SavedMapping[] = [];
    for (const item of await this.lists.all('ImportMappings')) {
      const m = toMapping(item);
      if (m) out.push(m);
    }
    return out;
  }

  async save(mapping: SavedMapping): Promise<void> {
    const listId = await this.lists.id('ImportMappings');
    const fields: Fields = {
      Title: mapping.source.slice(0, 255),
      Source: mapping.source.slice(0, 255),
      List: mapping.list,
      Mapping: JSON.stringify(mapping.columns),
      ByUpn: mapping.byUpn,
      At: mapping.at,
    };
    const existing = (await this.lists.all('ImportMappings')).find((i) => str(i.fields?.Source) === mapping.source);
    if (existing) await updateItem(this.lists.api, this.lists.siteId, listId, existing.id, fields, existing.eTag ?? existing['@odata.etag'] ?? '');
    else await createItem(this.lists.api, this.lists.siteId, listId, fields);
  }
}

function toMapping(item: GraphItem): SavedMapping | undefined {
  const f = item.fields ?? {};
  let columns: ColumnMapping[];
  try {
    const parsed = JSON.parse(str(f.Mapping)) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    columns = parsed.filter((c): c is ColumnMapping => typeof c === 'object' && c !== null && typeof (c as ColumnMapping).header === 'string');
  } catch {
    // Someone edited the item by hand: the mapping is suggested afresh.
    return undefined;
  }
  return { source: str(f.Source), list: str(f.List) as ImportableList, columns, byUpn: str(f.ByUpn), at: str(f.At) };
}

/** The Settings list (設定): one item per change, so every change keeps who made it and when. */
export class GraphSettingsStore implements SettingsStore {
  constructor(private readonly lists: OfficeLists) {}

  async all(): Promise<SettingChange[]> {
    const out: SettingChange[] = [];
    for (const item of await this.lists.all('Settings')) {
      const f = item.fields ?? {};
      const fiscalYear = typeof f.FiscalYear === 'number' ? f.FiscalYear : Number(f.FiscalYear);
      if (!Number.isInteger(fiscalYear) || !str(f.Key)) continue;
      out.push({ fiscalYear, key: str(f.Key), value: str(f.Value), byUpn: str(f.ByUpn), at: str(f.At) });
    }
    return out;
  }

  async add(changes: readonly SettingChange[]): Promise<void> {
    const listId = await this.lists.id('Settings');
    for (const c of changes) {
      await createItem(this.lists.api, this.lists.siteId, listId, {
        Title: `${c.fiscalYear} ${c.key}`.slice(0, 255),
        FiscalYear: c.fiscalYear,
        Key: c.key,
        Value: c.value.slice(0, 255),
        ByUpn: c.byUpn,
        At: c.at,
      });
    }
  }
}
