import type { Router } from 'express';
import type { EvaluationRequestOutcome } from '../../app/evaluation-notices';
import { answerRound, closeRound, openRound, roundFor, roundProjects, roundReminders, roundsView, type RoundOpened } from '../../app/evaluation-rounds';
import { sendOfficeReminders } from '../../app/office-lists';
import type { EvaluatorInput, RoundFinding } from '../../domain/evaluation-rounds';
import { ApiError, officeOnly, type RouteContext } from './context';

/**
 * Evaluation rounds (真岡市, issue 12): the office opens a round for a project (its evaluators by
 * perspective, staff or outside the tenant), sees who has answered, reminds those who have not, enters
 * outside evaluators' scores and closes the round (the Evaluations rows are written then); an evaluator
 * sees and answers their own part only.
 */
export function roundRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  const roundDeps = { service: deps.service, submissions: deps.submissions, clock: deps.clock };

  r.get('/api/rounds', route((_req, _res, scope) => roundsView(deps.service, scope)));

  r.get(
    '/api/rounds/projects',
    route((_req, _res, scope) => {
      officeOnly(scope);
      return roundProjects(deps.service);
    }),
  );

  r.post(
    '/api/rounds',
    route(async (req, res, scope) => {
      officeOnly(scope);
      const body = (req.body ?? {}) as { project?: unknown; evaluators?: unknown };
      if (typeof body.project !== 'string' || !Array.isArray(body.evaluators)) throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '案件（project）と評価者（evaluators）を指定してください');
      const evaluators = body.evaluators.map(evaluatorOf);
      const out = await openRound(roundDeps, { project: body.project, evaluators }, { upn: scope.caller.upn, office: scope.office });
      if (!out.ok) throw invalid(out.errors);
      deps.log.log('info', 'evaluation round opened', { round: out.round.id, project: body.project, evaluators: out.rows.length, by: scope.caller.upn });
      // Each staff evaluator asked in their chat; the office is told whom Teams did not reach, and why.
      let requested = 0;
      const notReached: RoundOpened['notReached'] = [];
      for (const e of out.round.evaluators) {
        const outcome = deps.bot ? await deps.bot.evaluationNotices.request(out.round.id, e.rowId).catch((): EvaluationRequestOutcome => 'notSent') : 'notSent';
        if (outcome === 'sent') requested++;
        else if (outcome !== 'external') notReached.push({ upn: e.upn, name: e.name, reason: outcome });
      }
      res.status(201);
      return { round: out.round, requested, notReached } satisfies RoundOpened;
    }),
  );

  r.post(
    '/api/rounds/:id/answer',
    route(async (req, _res, scope) => {
      const body = (req.body ?? {}) as { scores?: unknown; evaluatorUpn?: unknown };
      if (!Array.isArray(body.scores) || body.scores.length > 20) throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '評点（scores）を配列で指定してください');
      if (body.evaluatorUpn !== undefined && typeof body.evaluatorUpn !== 'string') throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '評価者（evaluatorUpn）は文字列で指定してください');
      const id = String(req.params.id);
      const out = await answerRound(roundDeps, id, { scores: body.scores, ...(body.evaluatorUpn ? { evaluatorUpn: body.evaluatorUpn as string } : {}) }, { upn: scope.caller.upn, office: scope.office });
      if (!out.ok) {
        deps.log.log('info', 'evaluation refused', { round: id, code: out.code, by: scope.caller.upn, via: 'tab' });
        if (out.code === 'INVALID') throw invalid(out.errors);
        const status = out.code === 'NOT_FOUND' ? 404 : out.code === 'NOT_EVALUATOR' ? 403 : 409;
        throw new ApiError(status, `ROUND.${out.code}`, out.errors[0]!.message.ja, { errors: out.errors });
      }
      deps.log.log('info', 'evaluation answered', { round: id, row: out.row.id, by: scope.caller.upn, via: 'tab' });
      if (deps.bot) await deps.bot.evaluationNotices.updateCopies(id, out.row.id, out.row.subjectUpn).catch(() => 0);
      return { round: out.round };
    }),
  );

  r.post(
    '/api/rounds/:id/remind',
    route(async (req, res, scope) => {
      officeOnly(scope);
      const id = String(req.params.id);
      const round = roundFor(deps.service, id, { upn: scope.caller.upn, office: true });
      if (!round) throw new ApiError(404, 'ROUND.NOT_FOUND', 'この評価ラウンドは見つかりません');
      if (!round.open) throw new ApiError(409, 'ROUND.CLOSED', 'この評価ラウンドは締め切られています');
      const bot = deps.bot;
      if (!bot) throw new ApiError(503, 'BOT.NOT_CONFIGURED', 'ボットが設定されていないため、リマインドを送れません（管理者: docs/deploy.md）');
      // Through the reminder ledger, as every reminder: one message a person a day, inside the send window.
      const result = await sendOfficeReminders(
        roundReminders(deps.service, id),
        (x) => bot.remindAbout(x.upn, x.items!, scope.caller.upn),
        (upn) => evaluated().snapshot.staffByUpn.get(upn)?.name ?? upn,
      );
      deps.log.log('info', 'evaluation round reminded', { round: id, recipients: result.recipients, sent: result.sent, scheduled: result.scheduled, by: scope.caller.upn });
      res.status(202);
      // Outside evaluators are not in Teams: the office asks them and enters their scores.
      return { ...result, outside: round.evaluators.filter((e) => e.external && !e.answered).length };
    }),
  );

  r.post(
    '/api/rounds/:id/close',
    route(async (req, _res, scope) => {
      officeOnly(scope);
      const id = String(req.params.id);
      const out = await closeRound(roundDeps, id, { upn: scope.caller.upn, office: scope.office });
      if (!out.ok) throw new ApiError(out.code === 'NOT_FOUND' ? 404 : 409, out.code === 'NOT_FOUND' ? 'ROUND.NOT_FOUND' : 'ROUND.CLOSED', out.errors[0]!.message.ja, { errors: out.errors });
      deps.log.log('info', 'evaluation round closed', { round: id, evaluations: out.evaluations, answered: out.answered, unanswered: out.unanswered, by: scope.caller.upn });
      if (deps.bot) {
        for (const e of out.round.evaluators) if (!e.external && out.rows.includes(e.rowId)) await deps.bot.evaluationNotices.updateCopies(id, e.rowId, e.upn).catch(() => 0);
      }
      return { round: out.round, evaluations: out.evaluations, answered: out.answered, unanswered: out.unanswered };
    }),
  );
}

/** An evaluator in the request: `{ upn, perspective, external?: { name, organisation? } }`, as typed. */
function evaluatorOf(raw: unknown): EvaluatorInput {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const ext = typeof o.external === 'object' && o.external !== null ? (o.external as Record<string, unknown>) : undefined;
  return {
    upn: typeof o.upn === 'string' ? o.upn : '',
    perspective: typeof o.perspective === 'string' ? o.perspective : '',
    ...(ext ? { external: { name: typeof ext.name === 'string' ? ext.name : '', ...(typeof ext.organisation === 'string' ? { organisation: ext.organisation } : {}) } } : {}),
  };
}

/** Refusals that name their fields: 422 with each finding (Japanese and English) in details. */
function invalid(errors: RoundFinding[]): ApiError {
  return new ApiError(422, 'ROUND.INVALID', `受け付けられません: ${errors.map((e) => e.message.ja).join(' / ')}`, { errors });
}
