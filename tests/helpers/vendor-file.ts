/**
 * Files as a course vendor's learning system or HR exports them: Japanese headers (職員番号・氏名・
 * メールアドレス・所属・講座名・受講日 …), courses by their title, dates with slashes, as CSV (UTF-8 with
 * BOM or Excel's Shift_JIS) or as an .xlsx built with exceljs. Used by the import's tests, the e2e
 * test and bench/import-bench.ts; nothing binary is committed.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Programme } from '../../src/domain/programme';
import type { StaffRecord } from '../../src/domain/records';
import { addDays, type LocalDate } from '../../src/domain/local-date';

export interface VendorRow {
  cells: Array<string | number | Date>;
}

export interface VendorFile {
  header: string[];
  rows: Array<Array<string | number>>;
}

/** The columns a typical e-learning system exports; `wide` adds what larger systems add. */
const LEAN = ['職員番号', '氏名', 'メールアドレス', '所属', '講座名', '受講日', '修了区分', '学習時間'];
const WIDE = ['受講者ID', '職員番号', '氏名', '氏名カナ', 'メールアドレス', '所属', '講座コード', '講座名', '受講開始日', '受講日', '進捗率', 'テスト得点', '修了区分', '学習時間'];

/**
 * `rows` completion rows over the staff and the programme's courses (by their Japanese title), each
 * a different person and course, dated on or before `today`: a file of new rows for the site.
 */
export function vendorCompletions(programme: Programme, staff: StaffRecord[], rows: number, today: LocalDate, opts: { wide?: boolean; offset?: number } = {}): VendorFile {
  const courses = programme.courses;
  const header = opts.wide ? WIDE : LEAN;
  const out: Array<Array<string | number>> = [];
  const offset = opts.offset ?? 0;
  for (let n = 0; n < rows; n++) {
    const i = n + offset;
    const s = staff[i % staff.length]!;
    const course = courses[Math.floor(i / staff.length) % courses.length]!;
    const date = addDays(today, -((i * 37) % 150) - 1).replace(/-/g, '/');
    const row: Record<string, string | number> = {
      受講者ID: `U${String(100000 + i)}`,
      職員番号: s.employeeNumber ?? '',
      氏名: s.name,
      氏名カナ: 'ヤマダ タロウ',
      メールアドレス: s.upn,
      所属: `${s.department}${s.section}`,
      講座コード: `C-${course.id}`,
      講座名: course.label.ja,
      受講開始日: date,
      受講日: date,
      進捗率: '100%',
      テスト得点: 80 + (i % 20),
      修了区分: '修了',
      学習時間: 1 + (i % 4) * 0.5,
    };
    out.push(header.map((h) => row[h]!));
  }
  return { header, rows: out };
}

/** CSV text with CRLF line ends, quoting what needs it. */
export function csvText(file: VendorFile): string {
  const q = (v: string | number): string => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [file.header, ...file.rows].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

/** As Excel on Japanese Windows saves 「CSV (コンマ区切り)」: Shift_JIS (CP932), no BOM. */
export function shiftJisCsv(file: VendorFile): Buffer {
  return iconv.encode(csvText(file), 'cp932');
}

/** As 「CSV UTF-8 (コンマ区切り)」: UTF-8 with a BOM. */
export function utf8Csv(file: VendorFile): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(file), 'utf8')]);
}

/**
 * An .xlsx as Excel saves it: a first sheet 受講実績 with the header and rows (dates as date cells
 * with a date format, numbers as numbers), and a second sheet of notes that the import does not read.
 * `formula` puts a formula cell into the first data row's 氏名 (a cached result, as Excel keeps it).
 */
export async function xlsxOf(file: VendorFile, opts: { formula?: { formula: string; result: string } } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('受講実績');
  ws.addRow(file.header);
  const dateColumns = new Set(file.header.flatMap((h, i) => (/日$/.test(h) ? [i] : [])));
  file.rows.forEach((r, n) => {
    const row = ws.addRow(
      r.map((v, i) => {
        if (dateColumns.has(i) && typeof v === 'string' && /^\d{4}\/\d{2}\/\d{2}$/.test(v)) return new Date(`${v.replace(/\//g, '-')}T00:00:00Z`);
        if (n === 0 && opts.formula && file.header[i] === '氏名') return { formula: opts.formula.formula, result: opts.formula.result };
        return v;
      }),
    );
    for (const i of dateColumns) row.getCell(i + 1).numFmt = 'yyyy/m/d';
  });
  wb.addWorksheet('備考').addRow(['このシートは読み込まれません']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
