import { Readable } from 'node:stream';
import { matchKey } from '../domain/label';
import type { ListName } from '../domain/lists';
import type { DataQualityIssue } from '../domain/records';
import type { ImportTable, TableRow } from '../ports';
import { checkedRows, csvRecords, decodeCsv, type CsvRecord } from './csv-codec';
import { excel } from './excel';

/**
 * Opens a file the programme office uploads — a CSV (UTF-8 with or without BOM, Shift_JIS, UTF-16)
 * or an Excel workbook (.xlsx) — as a table of a header and rows, or refuses it with a message that
 * says what it is and what to do: empty, not a spreadsheet, a password-protected or old-format
 * (.xls) workbook, more rows than an import takes.
 *
 * Workbooks are read with exceljs (MIT, maintained, and already the app's writer of workbooks):
 * its streaming reader goes through the zip entry by entry and the sheet row by row, so only the
 * first sheet's cells are kept — as plain values, not exceljs's cell objects. SheetJS's npm release
 * (0.18.5) is years behind its own CDN and carries published advisories, so it is not used.
 */

/** A file the import cannot read, with the reason in Japanese (the route answers 422 with it). */
export class SpreadsheetError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** More data rows than one import takes: 100,000 (a vendor's month is tens of thousands). */
export const MAX_IMPORT_ROWS = 100_000;

const SAVE_AS = 'Excel の「名前を付けて保存」で「Excel ブック (*.xlsx)」か「CSV UTF-8 (コンマ区切り) (*.csv)」を選んで保存し直してください。';

/** Opens an uploaded file for an import into `list` (its rows' problems are reported under that list). */
export async function openSpreadsheet(bytes: Uint8Array, fileName: string, list: ListName): Promise<ImportTable> {
  if (bytes.length === 0) throw new SpreadsheetError('IMPORT.EMPTY_FILE', `ファイル「${fileName}」は空です（0 バイト）。`);
  const kind = sniff(bytes);
  switch (kind) {
    case 'zip':
      return openXlsx(bytes, fileName, list);
    case 'cfb': {
      const names = compoundFileNames(bytes);
      if (names.has('encryptedpackage') || names.has('encryptioninfo')) {
        throw new SpreadsheetError(
          'IMPORT.PASSWORD_PROTECTED',
          `「${fileName}」はパスワードで保護された Excel ブックのため読めません。Excel でファイルを開き、「ファイル」→「情報」→「ブックの保護」→「パスワードを使用して暗号化」でパスワードを消してから保存し直してください。`,
        );
      }
      if (names.has('workbook') || names.has('book')) {
        throw new SpreadsheetError('IMPORT.OLD_EXCEL', `「${fileName}」は古い形式の Excel ブック（.xls）のため読めません。${SAVE_AS}`);
      }
      throw new SpreadsheetError('IMPORT.NOT_SPREADSHEET', `「${fileName}」は Office の文書ですが、Excel ブックではありません。${SAVE_AS}`);
    }
    case 'binary':
      throw new SpreadsheetError('IMPORT.NOT_SPREADSHEET', `「${fileName}」は CSV でも Excel ブック（.xlsx）でもありません（画像や PDF などのようです）。${SAVE_AS}`);
    case 'text':
      return openCsv(bytes, fileName, list);
  }
}

type Kind = 'zip' | 'cfb' | 'binary' | 'text';

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** What a file is, from its first bytes: a zip (.xlsx), a compound file (.xls, an encrypted .xlsx), other binary, or text. */
function sniff(bytes: Uint8Array): Kind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  if (CFB_SIGNATURE.every((b, i) => bytes[i] === b)) return 'cfb';
  // UTF-16 text has a NUL in every other byte: decodeCsv recognises it. Other NULs mean binary.
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  const utf16 =
    (b0 === 0xff && b1 === 0xfe) ||
    (bytes.length >= 4 && b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) ||
    (bytes.length >= 4 && b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0);
  if (utf16) return 'text';
  const head = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of head) {
    if (b === 0) return 'binary';
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  return controls > head.length / 100 ? 'binary' : 'text';
}

/**
 * The names of the streams and storages in a compound file (MS-CFB), lower-cased: Excel writes a
 * password-protected workbook as one holding EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO
 * 2.3.4), an .xls as one holding Workbook. The directory is read by following its sector chain
 * through the FAT, as the format says; a file too damaged for that gives no names.
 */
export function compoundFileNames(bytes: Uint8Array): Set<string> {
  const names = new Set<string>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 512) return names;
  const sectorShift = view.getUint16(0x1e, true);
  if (sectorShift !== 9 && sectorShift !== 12) return names;
  const sectorSize = 1 << sectorShift;
  const offsetOf = (sector: number): number => (sector + 1) * sectorSize;
  // The FAT's sectors: the first 109 are listed in the header (DIFAT); enough for files up to ~7 MB
  // with 512-byte sectors and far beyond with 4,096 — and the directory comes early in Excel's files.
  const fatSectors: number[] = [];
  const fatCount = view.getUint32(0x2c, true);
  for (let i = 0; i < Math.min(fatCount, 109); i++) fatSectors.push(view.getUint32(0x4c + i * 4, true));
  const perFatSector = sectorSize / 4;
  const next = (sector: number): number | undefined => {
    const fat = fatSectors[Math.floor(sector / perFatSector)];
    if (fat === undefined) return undefined;
    const at = offsetOf(fat) + (sector % perFatSector) * 4;
    return at + 4 <= bytes.length ? view.getUint32(at, true) : undefined;
  };
  let sector: number | undefined = view.getUint32(0x30, true);
  const seen = new Set<number>();
  while (sector !== undefined && sector < 0xfffffffa && !seen.has(sector)) {
    seen.add(sector);
    const start = offsetOf(sector);
    if (start + sectorSize > bytes.length) break;
    for (let e = start; e < start + sectorSize; e += 128) {
      const nameBytes = view.getUint16(e + 0x40, true);
      if (nameBytes < 2 || nameBytes > 64) continue;
      let name = '';
      for (let k = 0; k < nameBytes - 2; k += 2) name += String.fromCharCode(view.getUint16(e + k, true));
      names.add(name.toLowerCase());
    }
    sector = next(sector);
  }
  return names;
}

/** Header cells as names: trimmed, an empty one called 列3, a repeated one 受講日 (2). */
function headerNames(cells: unknown[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let name = cellString(c).replace(/^\ufeff/, '').trim() || `列${i + 1}`;
    const key = matchKey(name);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) name = `${name} (${n})`;
    return name;
  });
}

function cellString(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function tooMany(fileName: string): SpreadsheetError {
  return new SpreadsheetError('IMPORT.TOO_MANY_ROWS', `「${fileName}」は ${MAX_IMPORT_ROWS.toLocaleString('ja-JP')} 行を超えています。ファイルを分けて取り込んでください。`);
}

// ---- CSV -------------------------------------------------------------------------------------------

function openCsv(bytes: Uint8Array, fileName: string, list: ListName): ImportTable {
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) throw new SpreadsheetError('IMPORT.ENCODING', `「${fileName}」を読めません: ${decoded.reason}`);
  const notes: DataQualityIssue[] = [];
  if (decoded.encoding === 'shift_jis') {
    notes.push({ list, code: 'FILE.SHIFT_JIS', reason: 'Shift_JIS（Excel の「CSV (コンマ区切り)」）として読み込みました。', effect: 'note' });
  }
  const text = decoded.text;
  const records = csvRecords(text);
  const first = records.next();
  if (first.done) throw new SpreadsheetError('IMPORT.EMPTY_FILE', `「${fileName}」にはデータがありません（見出し行もありません）。`);
  const head = first.value;
  if ('damaged' in head) throw new SpreadsheetError('IMPORT.HEADER_QUOTE', `「${fileName}」の見出し行の引用符 " が閉じられていないため、列を判別できません。`);
  const header = headerNames(head.cells);
  const damaged = decoded.damagedBytes !== undefined;
  // Counted once, before anything is compared: a file over the limit is refused whole.
  let count = 0;
  for (const rec of checkedRows(list, skipFirst(text), head.cells, damaged, [])) {
    void rec;
    if (++count > MAX_IMPORT_ROWS) throw tooMany(fileName);
  }
  return {
    fileName,
    format: 'csv',
    notes,
    header,
    rows: (issues) => csvTableRows(checkedRows(list, skipFirst(text), head.cells, damaged, issues)),
  };
}

/** The records after the header (the first record), read afresh. */
function skipFirst(text: string): Generator<CsvRecord | { line: number; damaged: true; resumedAt?: number }> {
  const records = csvRecords(text);
  records.next();
  return records;
}

function* csvTableRows(records: Generator<CsvRecord>): Generator<TableRow> {
  for (const r of records) yield { line: r.line, cells: r.cells };
}

// ---- Excel -----------------------------------------------------------------------------------------

/** A cell as the parser reads it: text, a number, a date as YYYY-MM-DD (HH:mm), a formula's result. */
type Plain = string | number | boolean;

async function openXlsx(bytes: Uint8Array, fileName: string, list: ListName): Promise<ImportTable> {
  const rows: TableRow[] = [];
  let header: unknown[] | undefined;
  let headerLine = 0;
  let formulas = 0;
  let firstFormula = '';
  try {
    const reader = new (excel().stream.xlsx.WorkbookReader)(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      // Styles say which numbers are dates.
      styles: 'cache',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1).map((v, i) => {
          const p = plain(v);
          if (p.formula) {
            formulas++;
            if (!firstFormula) firstFormula = `${columnLetter(i)}${row.number}: =${p.formula}`;
          }
          return p.value;
        });
        if (values.every((v) => v === '' || (typeof v === 'string' && v.trim() === ''))) continue;
        if (!header) {
          header = values;
          headerLine = row.number;
          continue;
        }
        if (rows.length >= MAX_IMPORT_ROWS) throw tooMany(fileName);
        rows.push({ line: row.number, cells: values });
      }
      // The first sheet is the table; the others (notes, lookups) are not read.
      break;
    }
  } catch (e) {
    if (e instanceof SpreadsheetError) throw e;
    throw new SpreadsheetError('IMPORT.NOT_SPREADSHEET', `「${fileName}」を Excel ブック（.xlsx）として読めません（${e instanceof Error ? e.message.slice(0, 120) : String(e)}）。${SAVE_AS}`);
  }
  if (!header) throw new SpreadsheetError('IMPORT.EMPTY_FILE', `「${fileName}」の最初のシートにデータがありません。`);
  const notes: DataQualityIssue[] = [];
  if (formulas > 0) {
    notes.push({
      list,
      code: 'FILE.FORMULA_CELLS',
      reason: `数式のセル ${formulas.toLocaleString('ja-JP')} 個は、数式ではなく Excel が表示する計算結果の値を読みました（${firstFormula}${formulas > 1 ? ' など' : ''}）。`,
      effect: 'note',
    });
  }
  const width = header.length;
  const names = headerNames(header);
  void headerLine;
  return {
    fileName,
    format: 'xlsx',
    notes,
    header: names,
    rows: (issues) => xlsxRows(rows, width, list, issues),
  };
}

function* xlsxRows(rows: TableRow[], width: number, list: ListName, issues: DataQualityIssue[]): Generator<TableRow> {
  for (const r of rows) {
    const extra = r.cells.slice(width).some((c) => c !== '' && !(typeof c === 'string' && c.trim() === ''));
    if (extra) {
      issues.push({ list, row: r.line, code: 'ROW.COLUMN_COUNT', reason: `見出しのない列（${columnLetter(width)}列より右）に値があるため、この行を読めませんでした`, effect: 'rowSkipped' });
      continue;
    }
    yield r;
  }
}

/** A: 0, B: 1 … AA: 26. */
function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * An exceljs cell value as plain data. A date cell becomes its calendar date (Excel keeps no time
 * zone: exceljs gives the wall-clock time as UTC), a formula its cached result (the value Excel
 * shows; the formula itself is never taken), rich text and hyperlinks their text.
 */
function plain(v: unknown): { value: Plain; formula?: string } {
  if (v === undefined || v === null) return { value: '' };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: v };
  if (v instanceof Date) return { value: excelDate(v) };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      const result = plain(o.result).value;
      return { value: result, formula: String(o.formula ?? o.sharedFormula ?? '') };
    }
    if (Array.isArray(o.richText)) return { value: (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('') };
    if ('text' in o) return plain(o.text);
    // #N/A and the like: shown as written, so the row is refused with the cell's own text.
    if ('error' in o) return { value: String(o.error) };
  }
  return { value: String(v) };
}

function excelDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}
