import {
  IMPORTABLE_LISTS,
  PERSON_KEY_JA,
  applyRememberedMapping,
  isFormulaLike,
  isPersonField,
  mappingProblems,
  suggestMapping,
  type ColumnMapping,
  type ImportableList,
} from '../domain/import-mapping';
import { cellText } from '../domain/cell-values';
import { matchKey, type Label } from '../domain/label';
import { LISTS, LIST_NAMES, type ListName } from '../domain/lists';
import { createRecordParser, type ListRecord } from '../domain/record-parser';
import { recordFields, recordRow } from '../domain/record-rows';
import type { DataQualityIssue, RawList, RawRow } from '../domain/records';
import { RECORDS_OF } from '../domain/row-tally';
import type { Snapshot } from '../domain/snapshot';
import type { Clock, ExistingItem, FieldChange, ImportLists, ImportLog, ImportLogEntry, ImportMappings, ImportTable, Logger, SavedMapping } from '../ports';
import type { ProgrammeService } from './programme-service';

/**
 * The office imports a vendor's or HR's file into a list (DESIGN.md "The office's year"): the
 * columns mapped to the list's fields, people named by UPN, e-mail or 職員番号, each row read by the
 * record parser exactly as an evaluation reads it, against the people, courses and projects of the
 * current evaluation — so a row the evaluation would refuse (an unknown person or course, a date in
 * the future, a duplicate) is refused at the preview and never written. A preview says what would
 * be added, changed, left alone and refused; the import writes through $batch, marks what it adds
 * (so undo removes exactly that), and keeps its progress in the ImportLog list, where every
 * instance of the server reads it.
 */

/** A failure the office can act on; the route answers it with `status`, `code` and the message. */
export class ImportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportRequest {
  table: ImportTable;
  list: ImportableList;
  /** Who sends files like this one (ベンダーA 月次): the mapping is remembered under it. */
  source: string;
  /** The mapping the office chose; absent: the one remembered for the source, else a suggestion. */
  mapping?: ColumnMapping[];
}

/** A field the file's columns may fill, for the mapping form. */
export interface ImportField {
  field: string;
  label: Label;
  required: boolean;
  /** For the person column: the ways a file may name a person. */
  personKeys?: Array<'upn' | 'email' | 'employeeNumber'>;
}

/** A row the import would add, as the list would hold it. */
export interface AddSample {
  row: number;
  values: Array<{ field: string; value: string }>;
}

/** A row the import would change: which fields, from what to what. */
export interface ChangeSample {
  row: number;
  key: string;
  changes: FieldChange[];
}

/**
 * What an import of the file would do, before anything is written. Every data row is counted once:
 * rows = add + change + unchanged + refused.
 */
export interface ImportPreview {
  fileName: string;
  format: 'csv' | 'xlsx';
  list: ImportableList;
  listLabel: Label;
  source: string;
  headers: string[];
  /** The first rows as written, to check the mapping against. */
  sample: string[][];
  mapping: ColumnMapping[];
  mappingFrom: 'given' | 'remembered' | 'suggested';
  /** What the mapping lacks; the counts are empty until it is fixed. */
  mappingProblems: string[];
  fields: ImportField[];
  /** Sources with a remembered mapping, for the form. */
  sources: string[];
  rows: number;
  add: number;
  change: number;
  unchanged: number;
  refused: number;
  /** Every problem of a refused row (row, column, reason), up to `ISSUE_LIMIT`. */
  refusedIssues: DataQualityIssue[];
  refusedIssuesTotal: number;
  /** Values ignored in rows that are imported, and notes about the file. */
  warnings: DataQualityIssue[];
  notes: DataQualityIssue[];
  addSamples: AddSample[];
  changeSamples: ChangeSample[];
}

/** An import as the tab shows it: the log entry, and whether it stopped without finishing. */
export interface ImportView extends ImportLogEntry {
  listLabel: Label;
  /** Running, but nothing has moved for a while: the server that ran it stopped. */
  interrupted: boolean;
  canUndo: boolean;
}

/** GET /api/imports: the lists one may import into (with their fields), the recent imports, the upload limit. */
export interface ImportsOverview {
  lists: Array<{ list: ImportableList; label: Label; fields: ImportField[] }>;
  imports: ImportView[];
  maxFileBytes: number;
}

export interface ImportDeps {
  service: ProgrammeService;
  lists: ImportLists;
  log: ImportLog;
  mappings: ImportMappings;
  clock: Clock;
  logger: Logger;
  /** Imports and previews one server works on at once (each holds a file of up to the upload limit). */
  maxConcurrent?: number;
}

const ISSUE_LIMIT = 500;
const SAMPLE_LIMIT = 10;
/** Writes per round: 20 $batch requests of 20; the log's progress is saved between rounds. */
const CHUNK = 400;
/** How often a running import saves its progress to the log. */
const PROGRESS_EVERY_MS = 2000;
/** How old the evaluation a preview reads people and courses from may be. */
const PREVIEW_MAX_AGE_MS = 60_000;
/** A running import whose log has not moved for this long was interrupted (its server stopped). */
const STALE_MS = 120_000;

/** What one row of the file became. */
type Outcome = { row: number; record: ListRecord; key: string };

interface Classified {
  rows: number;
  accepted: Outcome[];
  refusedRows: number;
  refusedIssues: DataQualityIssue[];
  warnings: DataQualityIssue[];
}

export class ImportService {
  private active = 0;
  private readonly max: number;

  constructor(private readonly deps: ImportDeps) {
    this.max = deps.maxConcurrent ?? 2;
  }

  /** What importing the file would do; nothing is written. */
  async preview(req: ImportRequest): Promise<ImportPreview> {
    return this.slot(async () => {
      const saved = await this.savedMappings();
      const { mapping, from } = chooseMapping(req, saved);
      const problems = mappingProblems(req.list, mapping);
      // A preview is asked again at each change of the mapping: it reads the lists afresh only when
      // the last read is older than a minute (a full re-evaluation each time would cost the server
      // its evaluation's memory twice over, again and again). The import itself always reads afresh.
      const snapshot = await this.freshSnapshot(PREVIEW_MAX_AGE_MS);
      const base: ImportPreview = {
        fileName: req.table.fileName,
        format: req.table.format,
        list: req.list,
        listLabel: LISTS[req.list].label,
        source: req.source,
        headers: req.table.header,
        sample: sampleRows(req.table),
        mapping,
        mappingFrom: from,
        mappingProblems: problems,
        fields: fieldsOf(req.list),
        sources: saved.map((s) => s.source),
        rows: 0,
        add: 0,
        change: 0,
        unchanged: 0,
        refused: 0,
        refusedIssues: [],
        refusedIssuesTotal: 0,
        warnings: [],
        notes: req.table.notes,
        addSamples: [],
        changeSamples: [],
      };
      if (problems.length > 0) return base;
      const c = this.classify(req, mapping, snapshot);
      const existing = await this.deps.lists.existing(req.list, new Set(c.accepted.map((o) => o.key)));
      let add = 0;
      let change = 0;
      const addSamples: AddSample[] = [];
      const changeSamples: ChangeSample[] = [];
      for (const o of c.accepted) {
        const item = existing.get(o.key);
        if (!item) {
          add++;
          if (addSamples.length < SAMPLE_LIMIT) addSamples.push({ row: o.row, values: shown(req.list, o.record) });
          continue;
        }
        const changes = this.deps.lists.changes(req.list, item, o.record);
        if (changes.length === 0) continue;
        change++;
        if (changeSamples.length < SAMPLE_LIMIT) changeSamples.push({ row: o.row, key: o.key.split('\u001f').join(' / '), changes });
      }
      return {
        ...base,
        rows: c.rows,
        add,
        change,
        unchanged: c.accepted.length - add - change,
        refused: c.refusedRows,
        refusedIssues: c.refusedIssues.slice(0, ISSUE_LIMIT),
        refusedIssuesTotal: c.refusedIssues.length,
        warnings: c.warnings.slice(0, ISSUE_LIMIT),
        addSamples,
        changeSamples,
      };
    });
  }

  /**
   * Starts an import: the log entry is made at once (and returned), the work goes on in the
   * background and saves its progress to the log. The mapping is remembered for the source.
   */
  async start(req: ImportRequest, byUpn: string): Promise<ImportLogEntry> {
    const saved = await this.savedMappings();
    const { mapping } = chooseMapping(req, saved);
    const problems = mappingProblems(req.list, mapping);
    if (problems.length > 0) throw new ImportError(400, 'IMPORT.MAPPING', `列の割り当てを直してください: ${problems.join(' / ')}`, { problems });
    const busy = (await this.deps.log.recent(50)).find((e) => e.list === req.list && (e.status === 'running' || e.status === 'undoing') && !this.stale(e));
    if (busy) throw new ImportError(409, 'IMPORT.BUSY', `${LISTS[req.list].label.ja}リストへの取り込み（${busy.fileName}）が実行中です。終わってからもう一度お試しください`);
    const release = this.take();
    try {
      const now = this.deps.clock.now();
      const entry = await this.deps.log.create({
        importId: importIdOf(now),
        list: req.list,
        fileName: req.table.fileName,
        source: req.source,
        byUpn,
        at: now.toISOString(),
        status: 'running',
        total: 0,
        processed: 0,
        added: 0,
        changed: 0,
        unchanged: 0,
        refused: 0,
      });
      if (req.source.trim()) {
        await this.deps.mappings.save({ source: req.source.trim(), list: req.list, columns: mapping, byUpn, at: now.toISOString() });
      }
      void this.run(entry, req, mapping).finally(release);
      return entry;
    } catch (e) {
      release();
      throw e;
    }
  }

  /** Starts removing what an import added (in the background, progress in the log). */
  async undo(id: string): Promise<ImportLogEntry> {
    const entry = await this.deps.log.get(id);
    if (!entry) throw new ImportError(404, 'IMPORT.NOT_FOUND', '取り込みの記録がありません');
    if (!this.canUndo(entry)) throw new ImportError(409, 'IMPORT.CANNOT_UNDO', undoRefusal(entry));
    const moved = await this.deps.log.transition(id, [entry.status], { status: 'undoing', processed: 0, total: entry.added });
    if (!moved) throw new ImportError(409, 'IMPORT.CANNOT_UNDO', 'ほかの人がこの取り込みを操作しました。画面を読み直してください');
    const release = this.take();
    void this.runUndo(moved).finally(release);
    return moved;
  }

  async get(id: string): Promise<ImportView | undefined> {
    const e = await this.deps.log.get(id);
    return e && this.view(e);
  }

  async recent(limit: number): Promise<ImportView[]> {
    return (await this.deps.log.recent(limit)).map((e) => this.view(e));
  }

  /** The fields of each importable list, for the form before a file is chosen. */
  listChoices(): ImportsOverview['lists'] {
    return IMPORTABLE_LISTS.map((list) => ({ list, label: LISTS[list].label, fields: fieldsOf(list) }));
  }

  private view(e: ImportLogEntry): ImportView {
    return { ...e, listLabel: LISTS[e.list]?.label ?? { ja: e.list }, interrupted: (e.status === 'running' || e.status === 'undoing') && this.stale(e), canUndo: this.canUndo(e) };
  }

  /**
   * Done with something added; failed or interrupted whatever the log counted (its counts lag the
   * writes by up to one progress save, the marks on the items do not).
   */
  private canUndo(e: ImportLogEntry): boolean {
    if (e.status === 'done') return e.added > 0;
    if (e.status === 'failed') return true;
    return (e.status === 'running' || e.status === 'undoing') && this.stale(e);
  }

  private stale(e: ImportLogEntry): boolean {
    const t = Date.parse(e.updatedAt);
    return Number.isFinite(t) && this.deps.clock.now().getTime() - t > STALE_MS;
  }

  private async savedMappings(): Promise<SavedMapping[]> {
    return this.deps.mappings.all();
  }

  /**
   * The evaluation with the lists as they are now (a delta read), or as of at most `maxAgeMs` ago: a
   * person added to the Staff list this morning is known.
   */
  private async freshSnapshot(maxAgeMs = 0): Promise<Snapshot> {
    const current = this.deps.service.current();
    if (current && maxAgeMs > 0 && this.deps.clock.now().getTime() - Date.parse(current.syncedAt) <= maxAgeMs) return current.snapshot;
    try {
      return (await this.deps.service.refresh()).snapshot;
    } catch (e) {
      const current = this.deps.service.current();
      if (!current) throw e;
      this.deps.logger.log('warn', 'import: could not refresh the lists, using the last sync', { error: e instanceof Error ? e.message : String(e) });
      return current.snapshot;
    }
  }

  /** Runs `work` in one of this server's import slots, or refuses when all are busy. */
  private async slot<T>(work: () => Promise<T>): Promise<T> {
    const release = this.take();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private take(): () => void {
    if (this.active >= this.max) throw new ImportError(503, 'IMPORT.BUSY', 'ほかの取り込みを処理しています。しばらくしてからもう一度お試しください');
    this.active++;
    let released = false;
    return () => {
      if (!released) this.active--;
      released = true;
    };
  }

  private async run(entry: ImportLogEntry, req: ImportRequest, mapping: ColumnMapping[]): Promise<void> {
    const { log, lists, logger } = this.deps;
    try {
      const snapshot = await this.freshSnapshot();
      const c = this.classify(req, mapping, snapshot);
      const existing = await lists.existing(req.list, new Set(c.accepted.map((o) => o.key)));
      const writes: Array<{ record: ListRecord; item?: ExistingItem }> = [];
      let unchanged = 0;
      for (const o of c.accepted) {
        const item = existing.get(o.key);
        if (item && lists.changes(req.list, item, o.record).length === 0) unchanged++;
        else writes.push(item ? { record: o.record, item } : { record: o.record });
      }
      await log.update(entry.id, { total: writes.length, unchanged, refused: c.refusedRows });
      let added = 0;
      let changed = 0;
      let failed = 0;
      let firstError: string | undefined;
      let saved = Date.now();
      for (let i = 0; i < writes.length; i += CHUNK) {
        const chunk = writes.slice(i, i + CHUNK);
        const results = await lists.write(req.list, chunk, entry.importId);
        results.forEach((r, k) => {
          if (!r.ok) {
            failed++;
            firstError ??= r.error;
          } else if (chunk[k]!.item) changed++;
          else added++;
        });
        if (Date.now() - saved >= PROGRESS_EVERY_MS && i + CHUNK < writes.length) {
          saved = Date.now();
          await log.update(entry.id, { processed: i + chunk.length, added, changed });
        }
      }
      // Re-read before saying done, so the tab's views show the import as soon as it reads "done".
      await this.afterWrite();
      await log.update(entry.id, {
        status: failed > 0 ? 'failed' : 'done',
        processed: writes.length,
        added,
        changed,
        // A row that could not be written is counted with the refused, so the counts still add up.
        refused: c.refusedRows + failed,
        ...(failed > 0 ? { message: `${failed.toLocaleString('ja-JP')} 行を書き込めませんでした（${firstError ?? ''}）。もう一度取り込むと、書き込めなかった行だけが追加されます` } : {}),
      });
      logger.log('info', 'import finished', { id: entry.id, list: req.list, rows: c.rows, added, changed, unchanged, refused: c.refusedRows, failed, byUpn: entry.byUpn });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      logger.log('error', 'import failed', { id: entry.id, list: req.list, error: message });
      await log.update(entry.id, { status: 'failed', message: `取り込みが途中で止まりました: ${message}` }).catch(() => undefined);
      await this.afterWrite();
    }
  }

  private async runUndo(entry: ImportLogEntry): Promise<void> {
    const { log, lists, logger, clock } = this.deps;
    let saved = Date.now();
    try {
      const r = await lists.removeImported(entry.list, entry.importId, (done, total) => {
        if (Date.now() - saved < PROGRESS_EVERY_MS) return;
        saved = Date.now();
        void log.update(entry.id, { processed: done, total }).catch(() => undefined);
      });
      await this.afterWrite();
      await log.update(entry.id, {
        status: r.failed > 0 ? 'failed' : 'undone',
        processed: r.removed,
        undoneAt: clock.now().toISOString(),
        ...(r.failed > 0 ? { message: `${r.failed} 件を削除できませんでした（${r.firstError ?? ''}）。もう一度取り消してください` } : {}),
      });
      logger.log('info', 'import undone', { id: entry.id, list: entry.list, removed: r.removed, failed: r.failed });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      logger.log('error', 'import undo failed', { id: entry.id, error: message });
      await log.update(entry.id, { status: 'failed', message: `取り消しが途中で止まりました: ${message}` }).catch(() => undefined);
      await this.afterWrite();
    }
  }

  /** The evaluation reads the lists again, so the tab shows what the import changed. */
  private async afterWrite(): Promise<void> {
    await this.deps.service.refreshAfterWrite().catch((e: unknown) => this.deps.logger.log('warn', 'sync after import failed', { error: String(e) }));
  }

  /**
   * Reads every row of the file into the target list's records: mapped, people resolved, formula-like
   * text refused, then through the record parser with the people, courses and projects of the
   * evaluation — so a row is refused exactly as the evaluation would refuse it.
   */
  private classify(req: ImportRequest, mapping: ColumnMapping[], snapshot: Snapshot): Classified {
    const list = req.list;
    const accepted: Outcome[] = [];
    const ownIssues: DataQualityIssue[] = [];
    let rows = 0;
    let refusedRows = 0;
    const parser = createRecordParser(snapshot.programme, this.deps.clock.today(), {
      dropRecordsOf: new Set([list]),
      onRow: (name, row, record) => {
        if (name !== list) return;
        if (record) accepted.push({ row: row.row!, record, key: this.deps.lists.keyOf(list, record) });
        else refusedRows++;
      },
    });
    // The lists the target refers to, as the evaluation has them (never the target itself: its
    // existing items are matched by key, not refused as duplicates).
    for (const ref of referencesOf(list)) parser.add(ref, snapshotList(snapshot, ref));
    const tableIssues: DataQualityIssue[] = [];
    const resolve = personResolver(snapshot);
    const columns = mapping.map((m, i) => ({ ...m, index: i })).filter((m) => m.field);
    const fileRows = function* (): Generator<RawRow> {
      for (const r of req.table.rows(tableIssues)) {
        rows++;
        const fields: Record<string, unknown> = {};
        let refused = false;
        for (const m of columns) {
          const v = r.cells[m.index];
          const text = typeof v === 'string' ? v : undefined;
          if (text !== undefined && isFormulaLike(text.trim())) {
            ownIssues.push({ list, row: r.line, column: m.field, value: text.slice(0, 100), code: 'VALUE.FORMULA', reason: `数式のような値（=、+、-、@ で始まる値）は取り込みません: 「${m.header}」列。値だけを入力し直してください`, effect: 'rowSkipped' });
            refused = true;
            continue;
          }
          if (m.by && m.by !== 'upn' && isPersonField(list, m.field!)) {
            const upn = resolve(m.by, v);
            if (!upn) {
              if (cellText(v) !== '') {
                ownIssues.push({ list, row: r.line, column: m.field, value: cellText(v), code: 'REF.UNKNOWN_PERSON', reason: `職員リストにない${PERSON_KEY_JA[m.by]}です: "${cellText(v)}"（「${m.header}」列）`, effect: 'rowSkipped' });
                refused = true;
              }
              continue;
            }
            fields[m.field!] = upn;
            continue;
          }
          fields[m.field!] = v;
        }
        if (refused) {
          refusedRows++;
          continue;
        }
        yield { row: r.line, fields };
      }
    };
    const target: RawList = { columns: columns.map((m) => m.field!), rows: fileRows(), issues: [] };
    parser.add(list, target);
    // Rows the file itself could not give (a quote that never closes) were rows too.
    const unreadable = new Set(tableIssues.filter((i) => i.effect === 'rowSkipped').map((i) => i.row));
    rows += unreadable.size;
    refusedRows += unreadable.size;
    const issues = [...tableIssues, ...ownIssues, ...parser.finish().issues.filter((i) => i.list === list)].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return {
      rows,
      accepted,
      refusedRows,
      refusedIssues: issues.filter((i) => i.effect === 'rowSkipped' || i.effect === 'listSkipped'),
      warnings: issues.filter((i) => i.effect === 'valueIgnored' || i.effect === 'note'),
    };
  }
}

/** The mapping to use: the office's, else the one remembered for the source (by header), else a suggestion. */
function chooseMapping(req: ImportRequest, saved: SavedMapping[]): { mapping: ColumnMapping[]; from: ImportPreview['mappingFrom'] } {
  const headers = req.table.header;
  if (req.mapping) {
    // Given by header, as the form sends it; headers the file does not have are ignored.
    const byHeader = new Map(req.mapping.map((m) => [m.header, m]));
    return { mapping: headers.map((h) => ({ ...byHeader.get(h), header: h })), from: 'given' };
  }
  const remembered = saved.find((s) => s.source === req.source.trim() && s.list === req.list);
  if (remembered) return { mapping: applyRememberedMapping(req.list, headers, remembered.columns), from: 'remembered' };
  return { mapping: suggestMapping(req.list, headers), from: 'suggested' };
}

/** Lists a list's rows refer to, in LIST_NAMES order (the parser's order). */
function referencesOf(list: ListName): ListName[] {
  const refs: ListName[] =
    list === 'Staff'
      ? []
      : list === 'Completions'
        ? ['Staff', 'Courses']
        : list === 'ProjectMembers'
          ? ['Staff', 'Projects']
          : list === 'Evaluations'
            ? ['Staff', 'Projects', 'ProjectMembers']
            : ['Staff'];
  return LIST_NAMES.filter((l) => refs.includes(l));
}

/** A list of the evaluation's records as rows again (the parser reads them as it read the site). */
function snapshotList(snapshot: Snapshot, list: ListName): RawList {
  const columns = LISTS[list].columns.map((c) => c.name);
  const records = snapshot.records[RECORDS_OF[list]] as ListRecord[];
  return {
    columns,
    rows: (function* () {
      for (const r of records) yield { itemId: 'site', fields: recordFields(list, columns, r) };
    })(),
    issues: [],
  };
}

/** Finds a staff member's UPN from their e-mail address or 職員番号. */
function personResolver(snapshot: Snapshot): (by: 'email' | 'employeeNumber', value: unknown) => string | undefined {
  let byNumber: Map<string, string> | undefined;
  return (by, value) => {
    const text = cellText(value);
    if (!text) return undefined;
    if (by === 'email') {
      // Municipal tenants give people their e-mail address as their UPN; the app has no directory
      // permission to look the address up otherwise (Sites.Selected only).
      return snapshot.staffByUpn.get(text.toLowerCase())?.upn;
    }
    byNumber ??= new Map(snapshot.staff.filter((s) => s.employeeNumber).map((s) => [matchKey(s.employeeNumber!), s.upn]));
    return byNumber.get(matchKey(text));
  };
}

function fieldsOf(list: ListName): ImportField[] {
  return LISTS[list].columns.map((c) => ({
    field: c.name,
    label: c.label,
    required: c.required,
    ...(isPersonField(list, c.name) ? { personKeys: ['upn', 'email', 'employeeNumber'] as Array<'upn' | 'email' | 'employeeNumber'> } : {}),
  }));
}

function sampleRows(table: ImportTable): string[][] {
  const out: string[][] = [];
  for (const r of table.rows([])) {
    out.push(table.header.map((_, i) => cellText(r.cells[i])));
    if (out.length >= 3) break;
  }
  return out;
}

function shown(list: ListName, record: ListRecord): AddSample['values'] {
  const row = recordRow(list)(record);
  return LISTS[list].columns.flatMap((c, i) => (row[i] === undefined || row[i] === '' ? [] : [{ field: c.name, value: String(row[i]) }]));
}

/** imp-20261123T093000-k3x9q2: when, and enough randomness that two imports in one second differ. */
function importIdOf(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `imp-${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

function undoRefusal(e: ImportLogEntry): string {
  if (e.status === 'undone') return 'この取り込みは取り消し済みです';
  if (e.status === 'undoing') return '取り消しの途中です';
  if (e.status === 'running') return '取り込みの途中です。終わってから取り消してください';
  return 'この取り込みで追加された行はありません';
}
