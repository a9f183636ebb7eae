import type { Router } from 'express';
import { declarationsView, declareRole } from '../../app/declarations';
import { reportView } from '../../app/report-views';
import { ApiError, askConfirmer, type RouteContext } from './context';

/**
 * Self-declared roles (手挙げ方式, issue 12 part 5): the roles the caller may declare, with what stands
 * in the way of each now (GET /api/me/declarations), and a declaration of the caller's own (POST):
 * it then waits in the report queue for its confirmer (decided through /api/reports/:id/decision and
 * the chat's card, as a report is), or is recorded at once where the role's rules say nobody confirms.
 */
export function declarationRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  r.get('/api/me/declarations', route((_req, _res, scope) => declarationsView(deps.service, scope)));

  r.post(
    '/api/me/declarations',
    route(async (req, res, scope) => {
      const body = (req.body ?? {}) as { role?: unknown; date?: unknown };
      const result = await declareRole(
        { service: deps.service, submissions: deps.submissions, clock: deps.clock, ...(deps.officeApproverUpn ? { officeConfirmerUpn: deps.officeApproverUpn } : {}) },
        scope,
        { role: body.role, date: body.date },
      );
      if (!result.ok) throw new ApiError(422, 'DECLARATION.INVALID', `申し出を受け付けられません: ${result.errors.map((e) => e.message.ja).join(' / ')}`, { errors: result.errors });
      const s = result.submission;
      deps.log.log('info', 'role declared', { id: s.id, role: s.fact.kind === 'role-declaration' ? s.fact.role : '', by: scope.caller.upn, atOnce: result.confirmedAtOnce });
      // The confirmer is asked in chat as for a report.
      const confirmerNotified = result.confirmedAtOnce ? false : await askConfirmer(deps, s.id, 'declaration');
      res.status(201);
      const report = reportView(deps.service.programme, evaluated().snapshot, s, { upn: scope.caller.upn.toLowerCase(), office: scope.office });
      return { report, confirmedAtOnce: result.confirmedAtOnce, changes: result.changes, warnings: result.warnings, confirmerNotified };
    }),
  );
}
