import type { Router } from 'express';
import { nominate, type NominateInput } from '../../app/nominations';
import { nominationsView } from '../../app/views';
import { ApiError, type RouteContext } from './context';

/** Nominations the caller may see, and a new one (the approver is asked in chat, as from the bot). */
export function nominationRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  r.get(
    '/api/nominations',
    route((req, _res, scope) => {
      const status = String(req.query.status ?? 'all');
      if (!['pending', 'decided', 'all'].includes(status)) throw new ApiError(400, 'REQUEST.BAD_STATUS', `状態の指定が正しくありません: ${status}`);
      return nominationsView(deps.service.programme, evaluated().snapshot, scope, status as 'pending' | 'decided' | 'all');
    }),
  );

  r.post(
    '/api/nominations',
    route(async (req, res, scope) => {
      const body = (req.body ?? {}) as Partial<NominateInput>;
      if (typeof body.nomineeUpn !== 'string' || typeof body.role !== 'string') {
        throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '推薦する人（nomineeUpn）と役割（role）を指定してください');
      }
      const result = await nominate(
        deps.service,
        deps.nominations,
        scope,
        {
          nomineeUpn: body.nomineeUpn,
          role: body.role,
          section: typeof body.section === 'string' ? body.section : undefined,
          replacesUpn: typeof body.replacesUpn === 'string' && body.replacesUpn ? body.replacesUpn : undefined,
          reason: typeof body.reason === 'string' ? body.reason.slice(0, 2000) : undefined,
          confirmWarnings: body.confirmWarnings === true,
        },
        deps.clock.now(),
        deps.officeApproverUpn,
      );
      if (!result.check.ok) throw new ApiError(422, 'NOMINATION.RULES', '推薦できません', { errors: result.check.errors, warnings: result.check.warnings });
      if (result.needsConfirmation) throw new ApiError(409, 'NOMINATION.CONFIRM', '確認が必要です', { warnings: result.check.warnings });
      deps.log.log('info', 'nomination created', { id: result.created!.id, role: body.role, via: 'tab' });
      // The approver is asked in chat as when the nomination is made there; the nomination stands even if that fails.
      let approverNotified = false;
      if (deps.bot) {
        approverNotified = await deps.bot.notices
          .requestApproval(result.created!.id, result.check.warnings)
          .then((r) => r.sent)
          .catch((err: unknown) => {
            deps.log.log('warn', 'approval request not sent', { id: result.created!.id, error: err instanceof Error ? err.message : String(err) });
            return false;
          });
      }
      res.status(201);
      const approverUpn = result.check.approverUpn;
      // The tab names the approver; the office approver (SKILLSTEPS_OFFICE_APPROVER) may not be on the Staff list.
      const approverName = approverUpn ? evaluated().snapshot.staffByUpn.get(approverUpn.toLowerCase())?.name : undefined;
      return { id: result.created!.id, approverUpn, approverName, warnings: result.check.warnings, approverNotified };
    }),
  );
}
