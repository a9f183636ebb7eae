import type { Request, Router } from 'express';
import { decideReport } from '../../app/report-decisions';
import { reportFormView, reportsView, reportView, type ReportView } from '../../app/report-views';
import { submitReport, withdrawReport } from '../../app/reports';
import { mayConfirm, type ReportInput } from '../../domain/reports';
import type { ConfirmableSubmission } from '../../ports';
import type { FormPart } from '../bodies';
import { ApiError, askConfirmer, type RouteContext } from './context';

/** Reports that a bulk decision takes at once (the tab's 「まとめて承認」). */
const BULK_MAX = 100;

/**
 * Reports by staff (issue 12): the form (what may be reported), a new report (JSON, or
 * multipart/form-data with the evidence file), the caller's own reports and their queue to confirm,
 * a decision (one or many), a withdrawal, and the evidence file. Every route checks on the server
 * who the caller is to the report: only the reporter reports and withdraws their own, only those who
 * may confirm decide, and the file is given to the reporter and those who may confirm only.
 */
export function reportRoutes(r: Router, { route, deps, evaluated }: RouteContext): void {
  // A file up to the programme's limit, and then some, so a file a little too large gets the field's own message.
  const uploadLimit = (): number => deps.service.programme.reporting.files.maxBytes * 2 + 128 * 1024;

  r.get('/api/reports/form', route(() => reportFormView(deps.service.programme, evaluated().snapshot)));

  r.get(
    '/api/reports',
    route((req, _res, scope) => {
      const which = String(req.query.scope ?? 'mine');
      const status = String(req.query.status ?? 'all');
      if (which !== 'mine' && which !== 'queue') throw new ApiError(400, 'REQUEST.BAD_SCOPE', `範囲の指定が正しくありません: ${which}（mine または queue）`);
      if (!['pending', 'decided', 'all'].includes(status)) throw new ApiError(400, 'REQUEST.BAD_STATUS', `状態の指定が正しくありません: ${status}`);
      return reportsView(deps.service.programme, evaluated().snapshot, scope, which, status as 'pending' | 'decided' | 'all');
    }),
  );

  r.post(
    '/api/reports',
    route(
      async (req, res, scope) => {
        const input = reportInputOf(req);
        const result = await submitReport(
          { service: deps.service, submissions: deps.submissions, evidence: deps.evidence, clock: deps.clock, ...(deps.officeApproverUpn ? { officeConfirmerUpn: deps.officeApproverUpn } : {}) },
          scope,
          input,
        );
        if (!result.ok) {
          const self = result.errors.find((e) => e.code === 'REPORT.NOT_SELF');
          if (self) throw new ApiError(403, 'REPORT.NOT_SELF', self.message.ja, { errors: result.errors });
          throw new ApiError(422, 'REPORT.INVALID', `報告を受け付けられません: ${result.errors.map((e) => e.message.ja).join(' / ')}`, { errors: result.errors });
        }
        const s = result.submission;
        deps.log.log('info', 'report submitted', { id: s.id, kind: s.fact.kind, by: scope.caller.upn, via: 'tab', atOnce: result.confirmedAtOnce });
        // The confirmer is asked in chat as when the report is made there.
        const confirmerNotified = result.confirmedAtOnce ? false : await askConfirmer(deps, s.id, 'report');
        res.status(201);
        return { report: viewFor(s, scope), confirmedAtOnce: result.confirmedAtOnce, changes: result.changes, confirmerNotified };
      },
      { multipart: uploadLimit },
    ),
  );

  r.post(
    '/api/reports/:id/decision',
    route(async (req, _res, scope) => {
      const body = (req.body ?? {}) as { decision?: unknown; comment?: unknown };
      if (body.decision !== 'confirm' && body.decision !== 'return') throw new ApiError(400, 'REQUEST.BAD_DECISION', '判断（decision）は confirm（承認）か return（差し戻し）で指定してください');
      const out = await decideOne(String(req.params.id), body.decision, typeof body.comment === 'string' ? body.comment : undefined, scope);
      if (!out.ok) throw refusal(out.code, out.message);
      return { report: out.report, changes: out.changes };
    }),
  );

  r.post(
    '/api/reports/decisions',
    route(async (req, _res, scope) => {
      const body = (req.body ?? {}) as { ids?: unknown; decision?: unknown; comment?: unknown };
      if (body.decision !== 'confirm' && body.decision !== 'return') throw new ApiError(400, 'REQUEST.BAD_DECISION', '判断（decision）は confirm（承認）か return（差し戻し）で指定してください');
      if (!Array.isArray(body.ids) || body.ids.length === 0 || body.ids.length > BULK_MAX || body.ids.some((id) => typeof id !== 'string')) {
        throw new ApiError(400, 'REQUEST.BAD_IDS', `報告の ID（ids）を 1〜${BULK_MAX} 件の配列で指定してください`);
      }
      const ids = [...new Set(body.ids as string[])];
      // One at a time: each is re-read and written with If-Match, and reported on its own.
      const results: Array<{ id: string; ok: boolean; code?: string; message?: string }> = [];
      for (const id of ids) {
        const out = await decideOne(id, body.decision, typeof body.comment === 'string' ? body.comment : undefined, scope);
        results.push(out.ok ? { id, ok: true } : { id, ok: false, code: `REPORT.${out.code}`, message: out.message });
      }
      const done = results.filter((x) => x.ok).length;
      return { results, decided: done, refused: results.length - done };
    }),
  );

  r.post(
    '/api/reports/:id/withdraw',
    route(async (req, _res, scope) => {
      const out = await withdrawReport(deps, String(req.params.id), scope.caller.upn);
      if (!out.ok) throw refusal(out.code === 'NOT_REPORTER' ? 'NOT_REPORTER' : out.code, out.message);
      deps.log.log('info', 'report withdrawn', { id: out.submission.id, by: scope.caller.upn });
      if (deps.bot) await deps.bot.reportNotices.updateCopies(out.submission).catch(() => 0);
      return { report: viewFor(out.submission, scope) };
    }),
  );

  r.get(
    '/api/reports/:id/evidence',
    route(async (req, res, scope) => {
      const id = String(req.params.id);
      const s = evaluated().snapshot.records.submissions.find((x) => x.itemId === id);
      const me = { upn: scope.caller.upn.toLowerCase(), office: scope.office };
      // The same answer whether the report exists or not, for anyone who may not see it.
      if (!s || (s.subjectUpn !== me.upn && !mayConfirm(deps.service.programme, evaluated().snapshot, s, me))) throw new ApiError(404, 'REPORT.NOT_FOUND', 'この報告の証跡は見つかりません');
      if (!s.evidence) throw new ApiError(404, 'REPORT.NO_EVIDENCE', 'この報告にはファイルがありません');
      const file = await deps.evidence.read(s.evidence.itemId);
      if (!file) throw new ApiError(404, 'REPORT.EVIDENCE_GONE', '証跡のファイルが文書ライブラリに見つかりません（削除された可能性があります）');
      res.setHeader('Content-Type', s.evidence.contentType);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Disposition', `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent(s.evidence.name)}`);
      res.send(Buffer.from(file.bytes));
    }),
  );

  /** One decision, as the chat makes it: the copies in chat updated, the reporter told. */
  async function decideOne(
    id: string,
    decision: 'confirm' | 'return',
    comment: string | undefined,
    scope: Parameters<typeof viewFor>[1],
  ): Promise<{ ok: true; report: ReportView; changes: unknown[] } | { ok: false; code: string; message: string }> {
    const result = await decideReport(deps.service, deps.submissions, deps.clock, { submissionId: id, decision, ...(comment ? { comment } : {}), actor: { upn: scope.caller.upn, office: scope.office } });
    if (!result.ok) {
      deps.log.log('info', 'report decision refused', { id, code: result.code, by: scope.caller.upn, via: 'tab' });
      if (result.code === 'NOT_PENDING' && result.submission && deps.bot) await deps.bot.reportNotices.updateCopies(result.submission).catch(() => 0);
      return { ok: false, code: result.code, message: result.message };
    }
    deps.log.log('info', 'report decided', { id, status: result.submission.status, by: scope.caller.upn, via: 'tab' });
    if (deps.bot) {
      await deps.bot.reportNotices.updateCopies(result.submission).catch(() => 0);
      await deps.bot.reportNotices.tellSubject(result.submission, result.changes).catch(() => false);
    }
    return { ok: true, report: viewFor(result.submission, scope), changes: result.changes };
  }

  function viewFor(s: ConfirmableSubmission | (Parameters<typeof reportView>[2] & { id: string }), scope: { caller: { upn: string }; office: boolean }): ReportView {
    return reportView(deps.service.programme, evaluated().snapshot, { ...s, itemId: s.id }, { upn: scope.caller.upn.toLowerCase(), office: scope.office });
  }
}

/** A refusal of the use case as the API's error: 404, 403 or 409 with the code and the message. */
function refusal(code: string, message: string): ApiError {
  const status = code === 'NOT_FOUND' ? 404 : code === 'NOT_CONFIRMER' || code === 'NOT_REPORTER' ? 403 : code === 'COMMENT_REQUIRED' ? 422 : 409;
  return new ApiError(status, `REPORT.${code}`, message);
}

/** The report in the request: a JSON body, or the multipart form's `report` part (JSON) and its `file`. */
function reportInputOf(req: Request): ReportInput & { subjectUpn?: string } {
  let fields: Record<string, unknown>;
  let file: ReportInput['file'];
  if (Array.isArray(req.body)) {
    const parts = req.body as FormPart[];
    const report = parts.find((p) => p.name === 'report');
    if (!report) throw new ApiError(400, 'REQUEST.MISSING_FIELDS', '報告の内容（report）がありません');
    try {
      fields = JSON.parse(report.data.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new ApiError(400, 'REQUEST.BAD_JSON', '報告の内容（report）が JSON として読めません');
    }
    const f = parts.find((p) => p.name === 'file');
    if (f && f.data.length > 0) file = { name: f.filename ?? 'evidence', size: f.data.length, bytes: new Uint8Array(f.data.buffer, f.data.byteOffset, f.data.length) };
  } else fields = (req.body ?? {}) as Record<string, unknown>;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw new ApiError(400, 'REQUEST.BAD_JSON', '報告の内容が JSON のオブジェクトではありません');
  const text = (k: string): string | undefined => (typeof fields[k] === 'string' ? (fields[k] as string) : typeof fields[k] === 'number' ? String(fields[k]) : undefined);
  return {
    kind: text('kind') ?? '',
    item: text('item') ?? '',
    date: text('date') ?? '',
    ...(text('certificateNumber') !== undefined ? { certificateNumber: text('certificateNumber') } : {}),
    ...(text('hours') !== undefined ? { hours: text('hours') } : {}),
    ...(text('title') !== undefined ? { title: text('title') } : {}),
    ...(text('level') !== undefined ? { level: text('level') } : {}),
    ...(text('note') !== undefined ? { note: text('note') } : {}),
    ...(text('subjectUpn') !== undefined ? { subjectUpn: text('subjectUpn') } : {}),
    ...(file ? { file } : {}),
  };
}
