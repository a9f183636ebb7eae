import type { Router } from 'express';
import { meView, progressView } from '../../app/views';
import { ApiError, type RouteContext } from './context';

/** The caller: who they are to the app (GET /api/me) and their own steps (GET /api/me/progress). */
export function meRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  r.get('/api/me', route((_req, _res, scope) => meView(deps.service.programme, evaluated(), scope)));

  r.get(
    '/api/me/progress',
    route((_req, _res, scope) => {
      if (!scope.staff) throw new ApiError(404, 'PERSON.NOT_IN_STAFF_LIST', `職員リストに ${scope.caller.upn} がいません。職員課に登録を依頼してください`);
      return progressView(deps.service.programme, evaluated().snapshot, scope.staff, evaluated().asOf);
    }),
  );
}
