import type { Request, Router } from 'express';
import { DEFAULT_WAITING_DAYS, OFFICE_LISTS, officeList, officeListCsv, officeReminders, sendOfficeReminders, type OfficeListFilter, type OfficeListId } from '../../app/office-lists';
import { encodeCsv, formatCsv } from '../../csv/csv-codec';
import { ApiError, officeOnly, type RouteContext } from './context';

/**
 * The programme office's everyday lists (GET /api/office-lists/:list), each as CSV
 * (…/:list/rows.csv) and with one reminder to the people concerned (POST …/:list/remind, the same
 * filter in the body). Office only.
 */
export function officeListRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  const listOf = (req: Request): OfficeListId => {
    const list = String(req.params.list);
    if (!(OFFICE_LISTS as readonly string[]).includes(list)) {
      throw new ApiError(400, 'REQUEST.BAD_OFFICE_LIST', `一覧の指定が正しくありません: "${list}"。${OFFICE_LISTS.join('、')} のいずれかを指定してください`);
    }
    return list as OfficeListId;
  };

  r.get(
    '/api/office-lists/:list',
    route((req, _res, scope) => {
      officeOnly(scope);
      return officeList(deps.service.programme, evaluated(), listOf(req), filterOf(req.query));
    }),
  );

  r.get(
    '/api/office-lists/:list/rows.csv',
    route((req, res, scope) => {
      officeOnly(scope);
      const view = officeList(deps.service.programme, evaluated(), listOf(req), filterOf(req.query));
      const { header, rows } = officeListCsv(view);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="skillsteps-${view.list}-${view.asOf}.csv"`);
      res.send(Buffer.from(encodeCsv(formatCsv(header, rows))));
    }),
  );

  r.post(
    '/api/office-lists/:list/remind',
    route(async (req, res, scope) => {
      officeOnly(scope);
      const list = listOf(req);
      const bot = deps.bot;
      if (!bot) throw new ApiError(503, 'BOT.NOT_CONFIGURED', 'ボットが設定されていないため、リマインドを送れません（管理者: docs/deploy.md）');
      const e = evaluated();
      // The list is worked out again from the filter, on the server: the body names no one.
      const view = officeList(deps.service.programme, e, list, filterOf((req.body ?? {}) as Record<string, unknown>));
      const result = await sendOfficeReminders(
        officeReminders(view),
        (x) => (x.own ? bot.remind(x.upn, scope.caller.upn) : bot.remindAbout(x.upn, x.items!, scope.caller.upn)),
        (upn) => e.snapshot.staffByUpn.get(upn)?.name ?? upn,
      );
      deps.log.log('info', 'office reminders requested', { list, by: scope.caller.upn, recipients: result.recipients, sent: result.sent, scheduled: result.scheduled });
      res.status(202);
      return result;
    }),
  );
}

/** The filter, from the query or the body: text bounded, days a whole number of working days. */
function filterOf(source: Record<string, unknown>): OfficeListFilter {
  const text = (name: string, max: number): string | undefined => {
    const v = source[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || v.length > max) throw new ApiError(400, 'REQUEST.BAD_FILTER', `絞り込みの「${name}」が正しくありません（${max} 文字までの文字列）`);
    return v.trim() || undefined;
  };
  const filter: OfficeListFilter = { department: text('department', 200), section: text('section', 200), q: text('q', 100) };
  const days = source.days;
  if (days !== undefined && days !== '') {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 0 || n > 365) throw new ApiError(400, 'REQUEST.BAD_DAYS', `日数（days）は 0〜365 の整数で指定してください: ${String(days)}`);
    filter.days = n;
  } else filter.days = DEFAULT_WAITING_DAYS;
  return filter;
}
