/**
 * The year-end workbook (年度末点検), written at the edge from the report's rows (src/app/year-end-report.ts)
 * with exceljs: one worksheet per sheet, the Japanese header row bold and frozen with a filter, widths
 * to fit Japanese text, numbers as numbers.
 *
 * Formula-looking text (isFormulaLike: = @ first, or + - before anything but a number) is written as
 * text: a string cell (never a formula; exceljs writes a formula only from a `{ formula }` value) with
 * Excel's Text number format `@`, so Excel shows the characters as they are and keeps them text even
 * when someone edits the cell. Nothing is added to the text itself (the CSVs, which have no cell
 * types, get a leading apostrophe instead: csv-codec.ts formatCsv).
 */
import type { ReportCell, ReportSheet } from '../app/year-end-report';
import { isFormulaLike } from '../domain/import-mapping';
import { excel } from '../csv/excel';

/** What the workbook says about itself (File → Info in Excel). */
export interface WorkbookInfo {
  title: string;
  /** The municipality, as the workbook's company. */
  company: string;
  created: Date;
}

/** The workbook's bytes (.xlsx). */
export async function reportWorkbook(sheets: ReportSheet[], info: WorkbookInfo): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'SkillSteps';
  wb.title = info.title;
  wb.company = info.company;
  wb.created = info.created;
  wb.modified = info.created;
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = ws.addRow(sheet.header);
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    for (const row of sheet.rows) {
      const added = ws.addRow(row.map((v) => v ?? null));
      row.forEach((v, i) => {
        if (typeof v === 'string' && isFormulaLike(v)) added.getCell(i + 1).numFmt = '@';
      });
    }
    ws.columns.forEach((column, i) => {
      column.width = Math.min(60, Math.max(8, ...[sheet.header[i], ...sheet.rows.map((r) => r[i])].map(displayWidth)) + 2);
    });
    if (sheet.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.header.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}


/** Columns of a cell's text: wide characters (kana, kanji) count two. */
function displayWidth(v: ReportCell): number {
  if (v === undefined) return 0;
  let n = 0;
  for (const ch of String(v)) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}
