import { LISTS, type ListName } from '../domain/lists';
import { isFormulaLike } from '../domain/import-mapping';
import { matchKey } from '../domain/label';
import type { DataQualityIssue, RawList, RawRow } from '../domain/records';

/** How a CSV file's bytes were read. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be';

export type DecodeResult =
  | {
      ok: true;
      text: string;
      encoding: CsvEncoding;
      /** UTF-8 with a few byte sequences that are not UTF-8, each read as U+FFFD: the rows holding one are refused. */
      damagedBytes?: number;
    }
  | { ok: false; reason: string };

const HOW_TO_SAVE_UTF8 =
  'Excel では「名前を付けて保存」→ ファイルの種類「CSV UTF-8 (コンマ区切り) (*.csv)」で保存し直してください。';

/** U+FFFD, what a decoder puts where bytes are not text in its encoding. */
const REPLACEMENT = '\ufffd';

/**
 * Decodes a CSV file: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), or Excel's
 * Shift_JIS (CP932) export, which is read and noted. A UTF-8 file with a few damaged bytes (a
 * file cut short, a bad copy) is read with them marked, so only the rows holding them are lost.
 * Anything else is refused with how to fix it.
 */
export function decodeCsv(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3), 'utf-8-bom');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  // UTF-16 without a BOM: a header of ASCII names has a NUL after (LE) or before (BE) every byte.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  }
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  }
  const asUtf8 = utf8(bytes, 'utf-8');
  if (asUtf8.ok) return asUtf8;
  let text: string;
  try {
    // WHATWG shift_jis is Windows-31J, the code page Excel writes on Japanese Windows.
    text = new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
  } catch {
    return mostlyUtf8(bytes) ?? { ok: false, reason: `文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）。${HOW_TO_SAVE_UTF8}` };
  }
  // EUC-JP (older HR and Unix systems) is valid Shift_JIS byte for byte, read as half-width katakana
  // (山田 → ｻｳﾅﾄ). Real Shift_JIS with kana or most kanji is not valid EUC-JP, so a file that is
  // both, and reads as half-width katakana, is EUC-JP.
  if (/[\uff61-\uff9f]/.test(text) && isEucJp(bytes)) {
    return { ok: false, reason: `文字コードが EUC-JP のようです（UTF-8 でも Shift_JIS でもありません）。${HOW_TO_SAVE_UTF8}` };
  }
  return { ok: true, text, encoding: 'shift_jis' };
}

/**
 * UTF-8 with a few damaged bytes: at least ten good non-ASCII characters for every bad sequence.
 * Shift_JIS, EUC-JP and Latin-1 text is almost all bad sequences as UTF-8, so it never passes.
 */
function mostlyUtf8(bytes: Uint8Array): DecodeResult | undefined {
  const text = new TextDecoder('utf-8').decode(bytes);
  let bad = 0;
  let good = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) continue;
    if (c === 0xfffd) bad++;
    else good++;
  }
  return bad > 0 && good >= 10 * bad ? { ok: true, text, encoding: 'utf-8', damagedBytes: bad } : undefined;
}

function isEucJp(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('euc-jp', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function utf8(bytes: Uint8Array, encoding: CsvEncoding): DecodeResult {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding };
  } catch {
    return { ok: false, reason: 'UTF-8 として読めません' };
  }
}

/** One parsed CSV record with the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * A record that could not be read: a quote opened in it does not close where a value can end
 * (a hand-edit slip). Reading goes on at the next line, which is `resumedAt` unless the file ends.
 */
export interface CsvDamage {
  line: number;
  damaged: true;
  resumedAt?: number;
}

/** What the reader knows of a file's columns once its header is read (the scanner reads it on). */
export interface CsvShape {
  /** Cells in the header. */
  width?: number;
  /** Whether the cell at an index may hold a line break: free text may, a UPN, date or number may not. */
  mayBreak?: (cell: number) => boolean;
}

export interface CsvParse {
  records: CsvRecord[];
  /** Lines where a record could not be read (see CsvDamage); reading went on after each. */
  damaged: number[];
}

/**
 * RFC 4180 CSV: quoted fields with "" escapes and line breaks inside quotes, CRLF, LF or CR (Excel
 * for Mac's "CSV (Macintosh)"). Tab-separated text (Excel's Unicode export) is recognised by its
 * header, and Excel's `sep=;` first line names the separator. Blank lines are skipped.
 */
export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = [];
  const damaged: number[] = [];
  for (const r of csvRecords(text)) {
    if ('damaged' in r) damaged.push(r.line);
    else records.push(r);
  }
  return { records, damaged };
}

/**
 * The records of a CSV text one by one, so a large file never holds all its rows at once.
 *
 * A quote that opens and never closes where a value can end swallows the rest of the file, or
 * every line up to the next quote, and turns the quotes after it inside out. Such a record is
 * yielded as damage and reading starts again at the line after the one it began on, so one slip
 * costs one row. A record is damaged when its quote runs to the end of the file, or when a quoted
 * value spans lines and then is followed by more text before the separator, sits in a column that
 * cannot hold a line break (shape.mayBreak), or leaves the record with more cells than the header.
 * `shape` may be filled in by the caller after the header has been read.
 */
export function* csvRecords(text: string, shape: CsvShape = {}): Generator<CsvRecord | CsvDamage> {
  const n = text.length;
  let i = 0;
  let line = 1;
  let firstLineEnd = text.search(/[\r\n]/);
  if (firstLineEnd < 0) firstLineEnd = n;
  // Excel's separator hint: "sep=;" on a line of its own before the header.
  const hint = /^sep=([^\r\n])$/i.exec(text.slice(0, firstLineEnd));
  let sep: string;
  if (hint) {
    sep = hint[1]!;
    i = endOfLine(text, 0);
    line = 2;
  } else {
    const header = text.slice(0, firstLineEnd);
    sep = header.includes('\t') && !header.includes(',') ? '\t' : ',';
  }
  let nextStop = stopFinder(text, sep);
  while (i < n) {
    const start = i;
    const startLine = line;
    const cells: string[] = [];
    let damaged = false;
    let multiLine = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text.charCodeAt(i) === 34 /* " */) {
        // Quoted field.
        let value = '';
        let j = i + 1;
        let breaks = 0;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            damaged = true;
            break;
          }
          value += text.slice(j, q);
          for (let k = j; k < q; k++) if (isLineBreak(text, k)) breaks++;
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (damaged) break;
        // Anything between the closing quote and the separator is kept, as Excel does ("x" y) —
        // except after a value over several lines, where it means the quotes are out of step.
        const stop = nextStop(i);
        const after = text.slice(i, stop);
        if (breaks > 0) {
          if (after.trim() !== '' || (shape.mayBreak && !shape.mayBreak(cells.length))) {
            damaged = true;
            break;
          }
          multiLine = true;
          line += breaks;
        }
        cells.push(value + after);
        i = stop;
      } else {
        const stop = nextStop(i);
        cells.push(text.slice(i, stop));
        i = stop;
      }
      if (i >= n) endOfRecord = true;
      else if (text[i] === sep) i++;
      else {
        // Line break: \n or \r\n.
        if (text.charCodeAt(i) === 13) i++;
        if (text.charCodeAt(i) === 10) i++;
        line++;
        endOfRecord = true;
      }
    }
    if (!damaged && multiLine && shape.width !== undefined && hasExtraCells(cells, shape.width)) damaged = true;
    if (damaged) {
      i = endOfLine(text, start);
      line = startLine + 1;
      // The stop finder remembers positions ahead of where reading was; it starts afresh here.
      nextStop = stopFinder(text, sep);
      yield moreText(text, i) ? { line: startLine, damaged: true, resumedAt: line } : { line: startLine, damaged: true };
      continue;
    }
    if (!(cells.length === 1 && cells[0] === '')) yield { line: startLine, cells };
  }
}

/** Cells past the header that hold something (Excel pads rows with empty ones, which is harmless). */
function hasExtraCells(cells: string[], width: number): boolean {
  for (let c = width; c < cells.length; c++) if (cells[c]!.trim() !== '') return true;
  return false;
}

/** The position after the line break that ends the line `from` is on (or the end of the text). */
function endOfLine(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (lf < 0 && cr < 0) return text.length;
  if (cr >= 0 && (lf < 0 || cr < lf)) return text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
  return lf + 1;
}

/** Whether anything but white space follows a position. */
function moreText(text: string, from: number): boolean {
  const visible = /\S/g;
  visible.lastIndex = from;
  return visible.test(text);
}

/**
 * Finds the end of an unquoted cell: the next separator or line break. The next position of each
 * is remembered until passed, so a character that never occurs (no \r in an LF file) is searched
 * for once per file, not once per cell.
 */
function stopFinder(text: string, sep: string): (from: number) => number {
  const n = text.length;
  let nextSep = -1;
  let nextLf = -1;
  let nextCr = -1;
  const find = (ch: string, from: number): number => {
    const i = text.indexOf(ch, from);
    return i < 0 ? n : i;
  };
  return (from) => {
    if (nextSep < from) nextSep = find(sep, from);
    if (nextLf < from) nextLf = find('\n', from);
    if (nextCr < from) nextCr = find('\r', from);
    return Math.min(nextSep, nextLf, nextCr);
  };
}

/** True where a line ends: \n, or a \r not followed by \n (a \r\n counts once, at its \n). */
function isLineBreak(text: string, k: number): boolean {
  const ch = text.charCodeAt(k);
  return ch === 10 || (ch === 13 && text.charCodeAt(k + 1) !== 10);
}

/** The rows a file holds besides its header: lines with something on them (for a file refused whole). */
function dataLinesInBytes(bytes: Uint8Array): number {
  let lines = 0;
  let visible = false;
  for (let k = 0; k <= bytes.length; k++) {
    const b = k < bytes.length ? bytes[k]! : 0x0a;
    const lineEnd = b === 0x0a || (b === 0x0d && bytes[k + 1] !== 0x0a);
    if (lineEnd) {
      if (visible) lines++;
      visible = false;
    } else if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x2c && b !== 0x00) visible = true;
  }
  return Math.max(0, lines - 1);
}

/** Rows left in a scan: records holding something, and damaged records (each was a row). */
function rowsLeft(records: Generator<CsvRecord | CsvDamage>): number {
  let rows = 0;
  for (const r of records) if ('damaged' in r || !isEmptyRecord(r.cells)) rows++;
  return rows;
}

const num = (n: number): string => n.toLocaleString('ja-JP');

/**
 * Reads one list's CSV file into raw rows. The header may use internal names (Upn) or Japanese
 * display names (氏名); a missing required column skips the list, an unknown column is noted. A
 * file refused as a whole says how many data rows it held; a damaged row is refused on its own
 * and reading goes on after it.
 */
export function readListCsv(list: ListName, bytes: Uint8Array): RawList {
  const issues: DataQualityIssue[] = [];
  const empty: RawList = { columns: [], rows: [], issues };
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) {
    const rows = dataLinesInBytes(bytes);
    issues.push({ list, code: 'FILE.ENCODING', reason: `${decoded.reason}（このファイルのデータ ${num(rows)} 行は読み込んでいません）`, effect: 'listSkipped', rows });
    return empty;
  }
  if (decoded.encoding === 'shift_jis') {
    issues.push({
      list,
      code: 'FILE.SHIFT_JIS',
      reason: `Shift_JIS（Excel の「CSV (コンマ区切り)」）として読み込みました。機種依存文字の文字化けを防ぐため、UTF-8 での保存をお勧めします。${HOW_TO_SAVE_UTF8}`,
      effect: 'note',
    });
  }
  const shape: CsvShape = {};
  const records = csvRecords(decoded.text, shape);
  const first = records.next();
  const head = first.done ? undefined : first.value;
  if (!head) {
    issues.push({ list, code: 'FILE.EMPTY', reason: 'ファイルが空です（見出し行がありません）', effect: 'listSkipped' });
    return empty;
  }
  if ('damaged' in head) {
    const rows = rowsLeft(records);
    issues.push({
      list,
      row: head.line,
      code: 'FILE.HEADER_QUOTE',
      reason: `見出し行の引用符 " が閉じられていないため、列を判別できません。このファイルのデータ ${num(rows)} 行は読み込んでいません`,
      effect: 'listSkipped',
      rows,
    });
    return empty;
  }
  const def = LISTS[list];
  const byKey = new Map<string, string>();
  for (const col of def.columns) {
    byKey.set(matchKey(col.name), col.name);
    byKey.set(matchKey(col.label.ja), col.name);
  }
  const columns: Array<string | undefined> = [];
  head.cells.forEach((h, i) => {
    const name = byKey.get(matchKey(h));
    if (!name && h.trim()) {
      issues.push({ list, row: head.line, column: h, code: 'FILE.UNKNOWN_COLUMN', reason: `不明な列「${h}」は読み飛ばしました（${i + 1}列目）`, effect: 'note' });
    }
    // Upn and UPN, or Title and 氏名, name the same column: the first one is read, not silently overwritten.
    const first = name ? columns.indexOf(name) : -1;
    if (name && first >= 0) {
      issues.push({
        list,
        row: head.line,
        column: h,
        code: 'FILE.DUPLICATE_COLUMN',
        reason: `列「${h}」（${i + 1}列目）は${first + 1}列目と同じ列 ${name} を指すため読み飛ばしました`,
        effect: 'note',
      });
      columns.push(undefined);
    } else columns.push(name);
  });
  const missing = def.columns.filter((c) => c.required && !columns.includes(c.name));
  if (missing.length > 0) {
    const rows = rowsLeft(records);
    issues.push({
      list,
      row: head.line,
      code: 'FILE.MISSING_COLUMN',
      reason: `必須の列がありません: ${missing.map((c) => `${c.name}（${c.label.ja}）`).join('、')}。このリストは読み込みませんでした（データ ${num(rows)} 行）`,
      effect: 'listSkipped',
      rows,
    });
    return { columns: [], rows: [], issues };
  }
  // Only free text may run over several lines; a line break in a UPN, a date or a number means the
  // quotes are out of step. Columns the list does not know (備考) are free text.
  const types = columns.map((name) => (name ? def.columns.find((c) => c.name === name)!.type : 'text'));
  shape.width = head.cells.length;
  shape.mayBreak = (cell) => (types[cell] ?? 'text') === 'text';
  return {
    columns: columns.filter((c): c is string => !!c),
    rows: listRows(list, records, head.cells, columns, decoded.damagedBytes !== undefined, issues),
    issues,
  };
}

/**
 * The data rows of a list, made as they are read. Row-level problems (a damaged quote, too many
 * cells, damaged bytes, the header again) are added to `issues` as the rows go by; every row that
 * holds something is either yielded or reported.
 */
function* listRows(
  list: ListName,
  records: Generator<CsvRecord | CsvDamage>,
  header: string[],
  columns: Array<string | undefined>,
  damagedBytes: boolean,
  issues: DataQualityIssue[],
): Generator<RawRow> {
  for (const rec of checkedRows(list, records, header, damagedBytes, issues)) {
    const fields: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      const name = columns[c];
      if (name) fields[name] = rec.cells[c] ?? '';
    }
    yield { row: rec.line, fields };
  }
}

/**
 * The records after the header that hold data, with every row-level problem (a damaged quote, too
 * many cells, damaged bytes, the header again) reported to `issues` under `list` and left out. The
 * list reader and the office's import (which maps columns itself) read rows by these same rules.
 */
export function* checkedRows(
  list: ListName,
  records: Iterator<CsvRecord | CsvDamage>,
  header: string[],
  damagedBytes: boolean,
  issues: DataQualityIssue[],
): Generator<CsvRecord> {
  const width = header.length;
  const headerKeys = header.map(matchKey).join('\u0000');
  const first = header[0]!;
  for (let next = records.next(); !next.done; next = records.next()) {
    const rec = next.value;
    if ('damaged' in rec) {
      issues.push({
        list,
        row: rec.line,
        code: 'ROW.UNTERMINATED_QUOTE',
        reason: `引用符 " が閉じられていないため、この行を読めませんでした（値を " で囲むときは閉じる " も書き、値の中の " は "" と書きます）${rec.resumedAt ? `。${rec.resumedAt}行目から読み直しました` : ''}`,
        effect: 'rowSkipped',
      });
      continue;
    }
    // A row of empty cells (",,,," where Excel's used range once reached) holds nothing to lose.
    if (isEmptyRecord(rec.cells)) continue;
    if (damagedBytes && rec.cells.some((c) => c.includes(REPLACEMENT))) {
      issues.push({
        list,
        row: rec.line,
        code: 'ROW.ENCODING',
        reason: `UTF-8 として読めないバイト（文字化け）を含むため、この行を読めませんでした。元のファイルから${HOW_TO_SAVE_UTF8}`,
        effect: 'rowSkipped',
      });
      continue;
    }
    // Extra cells are only a problem when they hold something (Excel pads rows with trailing commas).
    if (rec.cells.length > width && hasExtraCells(rec.cells, width)) {
      issues.push({
        list,
        row: rec.line,
        code: 'ROW.COLUMN_COUNT',
        reason: `列の数（${rec.cells.length}）が見出し（${width}）より多いため読めません。カンマを含む値が引用符 " で囲まれていない可能性があります`,
        effect: 'rowSkipped',
      });
      continue;
    }
    // Two exports joined into one file repeat the header in the middle.
    // (The first cell is compared as written first, so ordinary rows cost one string comparison.)
    const c0 = rec.cells[0]!;
    if ((c0 === first || (c0.charCodeAt(0) === 0xfeff && c0.slice(1) === first)) && rec.cells.slice(0, width).map(matchKey).join('\u0000') === headerKeys) {
      issues.push({ list, row: rec.line, code: 'ROW.REPEATED_HEADER', reason: '見出し行と同じ行です（ファイルをつなげた跡のようです）。読み飛ばしました', effect: 'rowSkipped' });
      continue;
    }
    yield rec;
  }
}

function isEmptyRecord(cells: string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
}

/**
 * Writes rows as CSV text: every cell that needs it quoted, CRLF line ends (as Excel writes). A text
 * cell Excel would run as a formula (=HYPERLINK(…), @SUM(…), -2+3 …: someone typed it into a list)
 * is written behind a ' so that opening the file shows the text and runs nothing (OWASP, CSV
 * injection); numbers are written as they are.
 */
export function formatCsv(header: string[], rows: Array<Array<string | number | boolean | undefined>>): string {
  const out: string[] = [header.map((h) => quote(inertText(h))).join(',')];
  for (const row of rows) out.push(row.map((v) => quote(v === undefined ? '' : typeof v === 'string' ? inertText(v) : String(v))).join(','));
  return out.join('\r\n') + '\r\n';
}

/** Text a spreadsheet shows as it is: a formula-like value gets a leading ' (Excel's own mark for "text"). */
export function inertText(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** UTF-8 with BOM, so Excel on Japanese Windows opens the file as UTF-8. */
export function encodeCsv(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf], 0);
  out.set(body, 3);
  return out;
}
