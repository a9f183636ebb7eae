import type { Router } from 'express';
import { kpiCsvRows, programmeView } from '../../app/views';
import { encodeCsv, formatCsv } from '../../csv/csv-codec';
import { fiscalYearOfQuery, officeOnly, type RouteContext } from './context';

/** The programme office's view of a 年度: KPIs against targets, step distribution; the KPIs as CSV. */
export function programmeRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  r.get(
    '/api/programme',
    route((req, _res, scope) => {
      officeOnly(scope);
      const fy = fiscalYearOfQuery(req, evaluated());
      return programmeView(deps.service.programme, evaluated(), deps.service.yearFor(fy)!);
    }),
  );

  r.get(
    '/api/programme/kpis.csv',
    route((req, res, scope) => {
      officeOnly(scope);
      const fy = fiscalYearOfQuery(req, evaluated());
      const { header, rows } = kpiCsvRows(deps.service.kpisFor(fy)!);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="skillsteps-kpi-${fy}.csv"`);
      res.send(Buffer.from(encodeCsv(formatCsv(header, rows))));
    }),
  );
}
