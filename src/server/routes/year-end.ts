import type { Request, Router } from 'express';
import { YEAR_END_SHEETS, yearEndFacts, yearEndFileName, yearEndSheets, yearEndView, type YearEndFacts, type YearEndSheetId } from '../../app/year-end-report';
import { encodeCsv, formatCsv } from '../../csv/csv-codec';
import { formatFiscalYear } from '../../domain/japanese-era';
import { reportWorkbook } from '../report-workbook';
import { ApiError, fiscalYearOfQuery, officeOnly, type RouteContext } from './context';

/**
 * The year-end review (年度末点検), programme office only: the printable summary of a 年度 (JSON for
 * the tab), the workbook with one sheet per view, and any one sheet as CSV — all from the same rows.
 */
export function yearEndRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  const factsOf = (req: Request): YearEndFacts => {
    const e = evaluated();
    const fy = fiscalYearOfQuery(req, e);
    return yearEndFacts(deps.service.programme, e, deps.service.yearFor(fy)!, deps.clock.now().toISOString());
  };

  r.get(
    '/api/year-end',
    route((req, _res, scope) => {
      officeOnly(scope);
      return yearEndView(deps.service.programme, evaluated(), factsOf(req));
    }),
  );

  r.get(
    '/api/year-end/report.xlsx',
    route(async (req, res, scope) => {
      officeOnly(scope);
      const facts = factsOf(req);
      const programme = deps.service.programme;
      const body = await reportWorkbook(yearEndSheets(facts), {
        title: `${programme.label.ja} 年度末点検 ${formatFiscalYear(facts.fiscalYear, 'ja')}`,
        company: programme.municipality.ja,
        created: new Date(facts.createdAt),
      });
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${yearEndFileName(facts.fiscalYear, 'xlsx')}"`);
      res.send(body);
    }),
  );

  r.get(
    '/api/year-end/report.csv',
    route((req, res, scope) => {
      officeOnly(scope);
      const id = String(req.query.sheet ?? '');
      if (!(YEAR_END_SHEETS as readonly string[]).includes(id)) {
        throw new ApiError(400, 'REQUEST.BAD_SHEET', `シート（sheet）の指定が正しくありません: "${id}"。${YEAR_END_SHEETS.join('、')} のいずれかを指定してください`);
      }
      const facts = factsOf(req);
      const sheet = yearEndSheets(facts).find((s) => s.id === (id as YearEndSheetId))!;
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${yearEndFileName(facts.fiscalYear, 'csv', sheet)}"`);
      res.send(Buffer.from(encodeCsv(formatCsv(sheet.header, sheet.rows))));
    }),
  );
}
