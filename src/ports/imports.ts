import type { ColumnMapping, ImportableList } from '../domain/import-mapping';
import type { ListName } from '../domain/lists';
import type { ListRecord } from '../domain/record-parser';
import type { DataQualityIssue } from '../domain/records';

/** One data row of an uploaded file: where it is (its line or spreadsheet row) and its cells. */
export interface TableRow {
  line: number;
  cells: unknown[];
}

/**
 * A file the office uploaded (CSV or .xlsx), opened: its header and its rows, read again on each
 * call so a large file is never held as parsed rows (it is read once to compare and once to write).
 */
export interface ImportTable {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** What is worth knowing about how it was read (Shift_JIS, formula cells read as their values). */
  notes: DataQualityIssue[];
  header: string[];
  /** The data rows; problems of a row that cannot be read at all (a damaged quote) go to `issues`. */
  rows(issues: DataQualityIssue[]): Iterable<TableRow>;
}

/** An item already in the list, with what the import needs to update it safely. */
export interface ExistingItem {
  itemId: string;
  eTag: string;
  fields: Record<string, unknown>;
}

/** A field an import would change: as the list holds it, and as the file has it. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface ImportWrite {
  record: ListRecord;
  /** The item to update; absent for a new item. */
  item?: ExistingItem;
}

/** The SharePoint side of an import: natural keys, existing items, $batch writes marked with the import. */
export interface ImportLists {
  /** The natural key of a record (UPN + course + date for a completion): the same row imported twice is one item. */
  keyOf(list: ListName, record: ListRecord): string;
  /** The list's items whose natural key is one of `keys` (only those are kept, however long the list). */
  existing(list: ListName, keys: ReadonlySet<string>): Promise<Map<string, ExistingItem>>;
  /** What writing the record over the item would change (nothing: the row is left alone). */
  changes(list: ListName, item: ExistingItem, record: ListRecord): FieldChange[];
  /** Creates (marked with `importId`) and updates (If-Match) in $batch; one result per write, in order. */
  write(list: ListName, writes: ImportWrite[], importId: string): Promise<Array<{ ok: boolean; error?: string }>>;
  /** Removes the items an import created (those marked with its id); updates it made stay. */
  removeImported(list: ListName, importId: string, onProgress?: (done: number, total: number) => void): Promise<{ removed: number; failed: number; firstError?: string }>;
}

export type ImportStatus = 'running' | 'done' | 'failed' | 'undoing' | 'undone';

/** One import as the ImportLog list (取り込み履歴) keeps it: who, when, which file, what it did. */
export interface ImportLogEntry {
  /** The log item's id. */
  id: string;
  /** The mark on every item this import created (the log item's Title). */
  importId: string;
  list: ImportableList;
  fileName: string;
  source: string;
  byUpn: string;
  at: string;
  status: ImportStatus;
  /** Rows to write (added + changed) and how many are written so far. */
  total: number;
  processed: number;
  added: number;
  changed: number;
  unchanged: number;
  refused: number;
  undoneAt?: string;
  /** A failure's reason, or how many writes failed. */
  message?: string;
  /** When the log item last changed: a running import that stopped moving was interrupted. */
  updatedAt: string;
}

/** The ImportLog list: written at the start of an import and as it goes, so every instance can show its progress. */
export interface ImportLog {
  create(entry: Omit<ImportLogEntry, 'id' | 'updatedAt'>): Promise<ImportLogEntry>;
  update(id: string, changes: Partial<Omit<ImportLogEntry, 'id' | 'importId' | 'updatedAt'>>): Promise<void>;
  /** Moves an entry on only if its status is one of `from` and nobody changed it meanwhile; undefined otherwise. */
  transition(id: string, from: readonly ImportStatus[], changes: Partial<Omit<ImportLogEntry, 'id' | 'importId' | 'updatedAt'>>): Promise<ImportLogEntry | undefined>;
  get(id: string): Promise<ImportLogEntry | undefined>;
  /** The latest imports, newest first. */
  recent(limit: number): Promise<ImportLogEntry[]>;
}

/** A column mapping remembered for a source (a vendor's monthly file), with who saved it and when. */
export interface SavedMapping {
  source: string;
  list: ImportableList;
  columns: ColumnMapping[];
  byUpn: string;
  at: string;
}

/** Where mappings are remembered, one per source. */
export interface ImportMappings {
  all(): Promise<SavedMapping[]>;
  save(mapping: SavedMapping): Promise<void>;
}
