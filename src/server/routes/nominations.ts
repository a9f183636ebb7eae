import type { Router } from 'express';
import { decideNomination, reassignApprover, withdrawNomination } from '../../app/nomination-decisions';
import { nominate, type NominateInput } from '../../app/nominations';
import { nominationsView } from '../../app/views';
import { ApiError, type RouteContext } from './context';

/**
 * Nominations the caller may see (with the age of each pending one), a new one (the approver is asked
 * in chat, as from the bot), and in the tab what the chat card does: the approver's decision, the
 * nominator's withdrawal, the office's change of approver — each through the chat's use case, every
 * card copy updated.
 */
export function nominationRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  r.get(
    '/api/nominations',
    route((req, _res, scope) => {
      const status = String(req.query.status ?? 'all');
      if (!['pending', 'decided', 'all'].includes(status)) throw new ApiError(400, 'REQUEST.BAD_STATUS', `状態の指定が正しくありません: ${status}`);
      return nominationsView(deps.service.programme, evaluated().snapshot, scope, status as 'pending' | 'decided' | 'all', deps.clock.today());
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

  r.post(
    '/api/nominations/:id/decision',
    route(async (req, _res, scope) => {
      const body = (req.body ?? {}) as { decision?: unknown; comment?: unknown };
      if (body.decision !== 'approve' && body.decision !== 'reject') throw new ApiError(400, 'REQUEST.BAD_DECISION', '判断（decision）は approve（承認）か reject（却下）で指定してください');
      const comment = typeof body.comment === 'string' ? body.comment : undefined;
      const result = await decideNomination(deps.service, deps.nominations, deps.clock, { nominationId: String(req.params.id), decision: body.decision, ...(comment ? { comment } : {}), deciderUpn: scope.caller.upn });
      if (!result.ok) {
        deps.log.log('info', 'nomination decision refused', { id: req.params.id, code: result.code, by: scope.caller.upn, via: 'tab' });
        if (result.code === 'NOT_PENDING' && result.nomination && deps.bot) await deps.bot.notices.updateCopies(result.nomination).catch(() => 0);
        throw new ApiError(result.code === 'NOT_FOUND' ? 404 : result.code === 'NOT_APPROVER' ? 403 : 409, `NOMINATION.${result.code}`, result.message);
      }
      const stored = result.nomination;
      deps.log.log('info', 'nomination decided', { id: stored.id, status: stored.status, by: scope.caller.upn, roleItem: result.roleItemId, via: 'tab' });
      if (deps.bot) {
        await deps.bot.notices.updateCopies(stored).catch(() => 0);
        if (stored.status === 'approved') await deps.bot.notices.announceApproval(stored).catch(() => undefined);
      }
      return view(stored.id, scope);
    }),
  );

  r.post(
    '/api/nominations/:id/withdraw',
    route(async (req, _res, scope) => {
      const result = await withdrawNomination(deps.service, deps.nominations, deps.clock, { nominationId: String(req.params.id), actorUpn: scope.caller.upn });
      if (!result.ok) throw new ApiError(result.code === 'NOT_FOUND' ? 404 : result.code === 'NOT_NOMINATOR' ? 403 : 409, `NOMINATION.${result.code}`, result.message);
      deps.log.log('info', 'nomination withdrawn', { id: result.nomination.id, by: scope.caller.upn });
      if (deps.bot) await deps.bot.notices.updateCopies(result.nomination).catch(() => 0);
      return view(result.nomination.id, scope);
    }),
  );

  r.post(
    '/api/nominations/:id/approver',
    route(async (req, _res, scope) => {
      const body = (req.body ?? {}) as { approverUpn?: unknown };
      if (typeof body.approverUpn !== 'string' || body.approverUpn.trim() === '') throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '新しい承認者（approverUpn）を指定してください');
      const result = await reassignApprover(deps.service, deps.nominations, deps.clock, {
        nominationId: String(req.params.id),
        approverUpn: body.approverUpn,
        actor: { upn: scope.caller.upn, office: scope.office },
        ...(deps.officeApproverUpn ? { officeApproverUpn: deps.officeApproverUpn } : {}),
      });
      if (!result.ok) {
        const status = result.code === 'NOT_FOUND' ? 404 : result.code === 'NOT_OFFICE' ? 403 : result.code === 'BAD_APPROVER' ? 422 : 409;
        throw new ApiError(status, `NOMINATION.${result.code}`, result.message);
      }
      deps.log.log('info', 'nomination approver changed', { id: result.nomination.id, from: result.previousApproverUpn, to: result.nomination.approverUpn, by: scope.caller.upn });
      // The old approver's card loses its buttons; the new approver is asked in chat, with the warnings kept.
      let approverNotified = false;
      if (deps.bot) {
        await deps.bot.notices.updateCopies(result.nomination).catch(() => 0);
        approverNotified = await deps.bot.notices.requestApproval(result.nomination.id).then((x) => x.sent, () => false);
      }
      return { ...view(result.nomination.id, scope), approverNotified };
    }),
  );

  /** A nomination as the caller sees it now (the evaluation has the write applied). */
  function view(id: string, scope: Parameters<typeof nominationsView>[2]) {
    const found = nominationsView(deps.service.programme, evaluated().snapshot, scope, 'all', deps.clock.today()).find((n) => n.id === id);
    if (!found) throw new ApiError(404, 'NOMINATION.NOT_FOUND', 'この推薦は見つかりません');
    return found;
  }
}
