/**
 * exceljs, loaded the first time a workbook is read (an import) or written (the year-end report)
 * rather than at start: it costs about 8 MB of heap and 30 MB of RSS, held from start to stop by a
 * server that may never open a workbook (bench/README.md, issue 16).
 */
export function excel(): typeof import('exceljs') {
  return require('exceljs') as typeof import('exceljs');
}
