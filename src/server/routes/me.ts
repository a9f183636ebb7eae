import type { Router } from 'express';
import { roundsOfMe } from '../../app/evaluation-rounds';
import { reportsView } from '../../app/report-views';
import { meView, progressView } from '../../app/views';
import { reportableKinds } from '../../domain/reports';
import { ApiError, type RouteContext } from './context';

/** The caller: who they are to the app (GET /api/me) and their own steps (GET /api/me/progress). */
export function meRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  r.get(
    '/api/me',
    route((_req, _res, scope) => {
      const programme = deps.service.programme;
      // The 確認 view: for managers and the office, and for whoever is asked to confirm (the office's confirmer).
      const waiting = reportsView(programme, evaluated().snapshot, scope, 'queue', 'pending').length;
      const confirms = scope.office || scope.sections.length > 0 || waiting > 0 || scope.caller.upn.toLowerCase() === deps.officeApproverUpn;
      return {
        ...meView(programme, evaluated(), scope),
        reports: { canReport: reportableKinds(programme).length > 0, confirms, waiting },
        evaluations: roundsOfMe(deps.service, scope.caller.upn),
        declarations: { roles: programme.roles.filter((x) => x.assignment === 'self').length },
      };
    }),
  );

  r.get(
    '/api/me/progress',
    route((_req, _res, scope) => {
      if (!scope.staff) throw new ApiError(404, 'PERSON.NOT_IN_STAFF_LIST', `職員リストに ${scope.caller.upn} がいません。職員課に登録を依頼してください`);
      return progressView(deps.service.programme, evaluated().snapshot, scope.staff, evaluated().asOf);
    }),
  );
}
