import { LISTS, type ListName } from '../domain/lists';
import { matchKey } from '../domain/label';
import type { DataQualityIssue, RawList, RawRow } from '../domain/records';

/** How a CSV file's bytes were read. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be';

export type DecodeResult = { ok: true; text: string; encoding: CsvEncoding } | { ok: false; reason: string };

const HOW_TO_SAVE_UTF8 =
  'Excel では「名前を付けて保存」→ ファイルの種類「CSV UTF-8 (コンマ区切り) (*.csv)」で保存し直してください。';

/**
 * Decodes a CSV file: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), or Excel's
 * Shift_JIS (CP932) export, which is read and noted. Anything else is refused with how to fix it.
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
    return { ok: false, reason: `文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）。${HOW_TO_SAVE_UTF8}` };
  }
  // EUC-JP (older HR and Unix systems) is valid Shift_JIS byte for byte, read as half-width katakana
  // (山田 → ｻｳﾅﾄ). Real Shift_JIS with kana or most kanji is not valid EUC-JP, so a file that is
  // both, and reads as half-width katakana, is EUC-JP.
  if (/[\uff61-\uff9f]/.test(text) && isEucJp(bytes)) {
    return { ok: false, reason: `文字コードが EUC-JP のようです（UTF-8 でも Shift_JIS でもありません）。${HOW_TO_SAVE_UTF8}` };
  }
  return { ok: true, text, encoding: 'shift_jis' };
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

export interface CsvParse {
  records: CsvRecord[];
  /** Set when the file ends inside a quoted field. */
  unterminatedQuoteAt?: number;
}

/**
 * RFC 4180 CSV: quoted fields with "" escapes and line breaks inside quotes, CRLF, LF or CR (Excel
 * for Mac's "CSV (Macintosh)"). Tab-separated text (Excel's Unicode export) is recognised by its
 * header. Blank lines are skipped.
 */
export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = [];
  const it = csvRecords(text);
  for (let r = it.next(); ; r = it.next()) {
    if (r.done) return r.value.unterminatedQuoteAt === undefined ? { records } : { records, unterminatedQuoteAt: r.value.unterminatedQuoteAt };
    records.push(r.value);
  }
}

/**
 * The records of a CSV text one by one, so a large file never holds all its rows at once. The
 * generator's return value says where an unterminated quote began, if one did.
 */
export function* csvRecords(text: string): Generator<CsvRecord, { unterminatedQuoteAt?: number }> {
  const firstLineEnd = text.search(/[\r\n]/);
  const header = firstLineEnd < 0 ? text : text.slice(0, firstLineEnd);
  const sep = header.includes('\t') && !header.includes(',') ? '\t' : ',';
  const n = text.length;
  const nextStop = stopFinder(text, sep);
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text.charCodeAt(i) === 34 /* " */) {
        // Quoted field.
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) return { unterminatedQuoteAt: startLine };
          value += text.slice(j, q);
          for (let k = j; k < q; k++) if (isLineBreak(text, k)) line++;
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the separator is kept, as Excel does.
        const stop = nextStop(i);
        value += text.slice(i, stop);
        cells.push(value);
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
    if (!(cells.length === 1 && cells[0] === '')) yield { line: startLine, cells };
  }
  return {};
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

/**
 * Reads one list's CSV file into raw rows. The header may use internal names (Upn) or Japanese
 * display names (氏名); a missing required column skips the list, an unknown column is noted.
 */
export function readListCsv(list: ListName, bytes: Uint8Array): RawList {
  const issues: DataQualityIssue[] = [];
  const empty: RawList = { columns: [], rows: [], issues };
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) {
    issues.push({ list, code: 'FILE.ENCODING', reason: decoded.reason, effect: 'listSkipped' });
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
  const records = csvRecords(decoded.text);
  const first = records.next();
  const head = first.done ? undefined : first.value;
  if (!head) {
    issues.push({ list, code: 'FILE.EMPTY', reason: 'ファイルが空です（見出し行がありません）', effect: 'listSkipped' });
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
      issues.push({ list, row: 1, column: h, code: 'FILE.UNKNOWN_COLUMN', reason: `不明な列「${h}」は読み飛ばしました（${i + 1}列目）`, effect: 'note' });
    }
    // Upn and UPN, or Title and 氏名, name the same column: the first one is read, not silently overwritten.
    const first = name ? columns.indexOf(name) : -1;
    if (name && first >= 0) {
      issues.push({
        list,
        row: 1,
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
    issues.push({
      list,
      row: 1,
      code: 'FILE.MISSING_COLUMN',
      reason: `必須の列がありません: ${missing.map((c) => `${c.name}（${c.label.ja}）`).join('、')}。このリストは読み込みませんでした`,
      effect: 'listSkipped',
    });
    return { columns: [], rows: [], issues };
  }
  return { columns: columns.filter((c): c is string => !!c), rows: listRows(list, records, head.cells.length, columns, issues), issues };
}

/**
 * The data rows of a list, made as they are read. Row-level problems (too many cells, an
 * unterminated quote) are added to `issues` as the rows go by.
 */
function* listRows(
  list: ListName,
  records: Generator<CsvRecord, { unterminatedQuoteAt?: number }>,
  width: number,
  columns: Array<string | undefined>,
  issues: DataQualityIssue[],
): Generator<RawRow> {
  for (let next = records.next(); ; next = records.next()) {
    if (next.done) {
      if (next.value.unterminatedQuoteAt !== undefined) {
        issues.push({
          list,
          row: next.value.unterminatedQuoteAt,
          code: 'ROW.UNTERMINATED_QUOTE',
          reason: '引用符 " が閉じられていないため、この行以降を読めませんでした',
          effect: 'rowSkipped',
        });
      }
      return;
    }
    const rec = next.value;
    // A row of empty cells (",,,," where Excel's used range once reached) holds nothing to lose.
    if (isEmptyRecord(rec.cells)) continue;
    // Extra cells are only a problem when they hold something (Excel pads rows with trailing commas).
    if (rec.cells.length > width && rec.cells.slice(width).some((c) => c.trim() !== '')) {
      issues.push({
        list,
        row: rec.line,
        code: 'ROW.COLUMN_COUNT',
        reason: `列の数（${rec.cells.length}）が見出し（${width}）より多いため読めません。カンマを含む値が引用符 " で囲まれていない可能性があります`,
        effect: 'rowSkipped',
      });
      continue;
    }
    const fields: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      const name = columns[c];
      if (name) fields[name] = rec.cells[c] ?? '';
    }
    yield { row: rec.line, fields };
  }
}

function isEmptyRecord(cells: string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
}

/** Writes rows as CSV text: every cell that needs it quoted, CRLF line ends (as Excel writes). */
export function formatCsv(header: string[], rows: Array<Array<string | number | boolean | undefined>>): string {
  const out: string[] = [header.map(quote).join(',')];
  for (const row of rows) out.push(row.map((v) => quote(v === undefined ? '' : String(v))).join(','));
  return out.join('\r\n') + '\r\n';
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
