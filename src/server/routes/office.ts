import type { Router } from 'express';
import { dataQualityPage } from '../../app/views';
import { LIST_NAMES, type ListName } from '../../domain/lists';
import { ApiError, limitOf, officeOnly, type RouteContext } from './context';

/** The programme office's operations: data quality of the lists, the scheduled jobs, the sync. */
export function officeRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  const { service, log } = deps;

  r.get(
    '/api/data-quality',
    route((req, _res, scope) => {
      officeOnly(scope);
      const list = typeof req.query.list === 'string' ? req.query.list : undefined;
      if (list !== undefined && !(LIST_NAMES as readonly string[]).includes(list)) throw new ApiError(400, 'REQUEST.BAD_LIST', `リストの指定が正しくありません: ${list}`);
      return dataQualityPage(evaluated().snapshot, {
        list: list as ListName | undefined,
        cursor: typeof req.query.cursor === 'string' ? req.query.cursor : undefined,
        limit: limitOf(req.query.limit, 100, 500),
      });
    }),
  );

  r.get(
    '/api/jobs',
    route(async (_req, _res, scope) => {
      officeOnly(scope);
      if (!deps.bot) throw new ApiError(503, 'BOT.NOT_CONFIGURED', 'ボットとジョブは設定されていません（SKILLSTEPS_STORAGE_* が未設定）');
      return deps.bot.jobs();
    }),
  );

  r.get('/api/sync', route(() => ({ ...service.status(), syncedAt: evaluated().syncedAt })));

  r.post(
    '/api/sync',
    route((_req, res, scope) => {
      officeOnly(scope);
      // Started, not awaited: the tab polls GET /api/sync for progress.
      service.refresh().catch((err: unknown) => log.log('error', 'sync failed', { error: String(err) }));
      res.status(202);
      return service.status();
    }),
  );
}
