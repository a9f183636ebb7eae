import { decideReport } from '../../app/report-decisions';
import type { ReportNotice } from '../../app/report-notices';
import { reportFormView } from '../../app/report-views';
import { submitReport } from '../../app/reports';
import type { ReportKind } from '../../domain/records';
import { factSubject, REPORT_KIND_IDS } from '../../domain/submissions';
import { formatDate } from '../../i18n/format';
import { label, pick } from '../../i18n/cards';
import { isConfirmable } from '../../domain/submissions';
import type { ConfirmableSubmission } from '../../ports';
import { noticeCard, reportChooseCard, reportFormCard, reportRequestCard, type ActionPayload } from '../cards';
import type { Reply, Turn } from '../turn';
import { notStaff } from './notices';

/** 「報告」 and the step card's 「報告する」: the kinds to choose from, or the form of one. */
export function reportStart(turn: Turn, kind: string | undefined): Reply {
  const { e, who, deps, locale } = turn;
  if (!e.snapshot.staffByUpn.get(who.upn)) return notStaff(who, locale);
  const form = reportFormView(deps.service.programme, e.snapshot);
  const known = form.kinds.find((k) => k.kind === kind);
  if (!known) return reportChooseCard(form, deps.tabUrl, locale);
  return reportFormCard({ form, kind: known.kind, today: deps.clock.today(), tabUrl: deps.tabUrl }, locale);
}

/**
 * The form sent: checked by the same use case as the tab (nothing is written on any error; the form
 * comes back with each error and the values kept), recorded, and the confirmer asked in chat; the
 * form becomes the reporter's copy of the request, or, where nobody confirms, says it is recorded.
 */
export async function submitReportAnswer(turn: Turn, d: ActionPayload<'report.submit'>): Promise<Reply> {
  const { deps, scope, locale, who } = turn;
  const kind = (REPORT_KIND_IDS as readonly string[]).includes(d.kind) ? (d.kind as ReportKind) : undefined;
  const previous = { item: d.reportItem, date: d.reportDate, certificate: d.reportCertificate, hours: d.reportHours, title: d.reportTitle, level: d.reportLevel, note: d.reportNote };
  const result = await submitReport(
    { service: deps.service, submissions: deps.submissions, evidence: deps.evidence, clock: deps.clock, ...(deps.officeApproverUpn ? { officeConfirmerUpn: deps.officeApproverUpn } : {}) },
    scope,
    { kind: d.kind, item: d.reportItem, date: d.reportDate, certificateNumber: d.reportCertificate, hours: d.reportHours, title: d.reportTitle, level: d.reportLevel, note: d.reportNote },
  );
  const e = deps.service.current() ?? turn.e;
  if (!result.ok) {
    deps.log.log('info', 'report refused', { by: who.upn, codes: result.errors.map((x) => x.code).join(','), via: 'bot' });
    if (!kind) return noticeCard({ kind: 'warning', title: label('reportRefused'), text: result.errors[0]!.message }, locale);
    return reportFormCard({ form: reportFormView(deps.service.programme, e.snapshot), kind, today: deps.clock.today(), tabUrl: deps.tabUrl, previous, errors: result.errors }, locale);
  }
  const s = result.submission;
  deps.log.log('info', 'report submitted', { id: s.id, kind: s.fact.kind, by: who.upn, via: 'bot' });
  if (result.confirmedAtOnce) {
    const item = reportFormView(deps.service.programme, e.snapshot).kinds.flatMap((k) => k.items).find((i) => i.id === factSubject(s.fact));
    return noticeCard(
      {
        kind: 'success',
        title: label('reportRecordedTitle'),
        text: label('reportRecordedText', { item: item ? pick(item.label, locale) : factSubject(s.fact), date: formatDate(d.reportDate, locale) }),
      },
      locale,
    );
  }
  const request = await deps.reportNotices.requestConfirmation(s.id).catch((err: unknown) => {
    deps.log.log('warn', 'report confirmation not requested', { id: s.id, error: err instanceof Error ? err.message : String(err) });
    return { sent: false as const };
  });
  const found = await deps.submissions.get(s.id);
  const stored = found && isConfirmable(found) ? found : undefined;
  if (!stored) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('reportNotFoundText') }, locale);
  if (!request.sent) {
    const confirmer = stored.confirmerUpn ? (e.snapshot.staffByUpn.get(stored.confirmerUpn)?.name ?? stored.confirmerUpn) : '';
    return noticeCard({ kind: 'warning', title: label('reportSentTitle'), text: label('reportConfirmerUnreachableText', { confirmer }) }, locale);
  }
  // The form becomes the reporter's copy: it follows the decision from here on.
  if (turn.conversationKey) await deps.reportNotices.recordCopy(s.id, turn.conversationKey, turn.ctx.activity.replyToId, who.upn);
  return requestCard(turn, stored);
}

/**
 * 承認 / 差し戻し: decided by the use case (re-read, the presser checked, If-Match), every other copy
 * updated, and the reporter told the decision and what changed in their steps.
 */
export async function decideReportAnswer(turn: Turn, id: string, decision: 'confirm' | 'return', comment: string): Promise<Reply> {
  const { deps, who, scope } = turn;
  const result = await decideReport(deps.service, deps.submissions, deps.clock, { submissionId: id, decision, comment, actor: { upn: who.upn, office: scope.office } });
  const here = { conversationKey: turn.conversationKey ?? '', activityId: turn.ctx.activity.replyToId };
  if (!result.ok) {
    deps.log.log('info', 'report decision refused', { id, code: result.code, by: who.upn });
    if (!result.submission) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('reportNotFoundText') }, turn.locale);
    if (result.code === 'NOT_PENDING') await deps.reportNotices.updateCopies(result.submission, here);
    if (result.code === 'DECLARATION_REFUSED') return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: { ja: result.message } }, turn.locale);
    const notice: ReportNotice =
      result.code === 'NOT_CONFIRMER' ? 'notConfirmer' : result.code === 'COMMENT_REQUIRED' ? 'commentRequired' : result.submission.status === 'pending' ? 'changed' : 'notPending';
    return requestCard(turn, result.submission, notice);
  }
  deps.log.log('info', 'report decided', { id, status: result.submission.status, by: who.upn, via: 'bot' });
  await deps.reportNotices.updateCopies(result.submission, here);
  await deps.reportNotices.tellSubject(result.submission, result.changes);
  return requestCard(turn, result.submission);
}

/** The card's refresh: the report as it is now. */
export async function refreshReport(turn: Turn, id: string): Promise<Reply> {
  const found = await turn.deps.submissions.get(id);
  const stored = found && isConfirmable(found) ? found : undefined;
  if (!stored) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('reportNotFoundText') }, turn.locale);
  return requestCard(turn, stored);
}

async function requestCard(turn: Turn, stored: ConfirmableSubmission, notice?: ReportNotice): Promise<Reply> {
  const data = await turn.deps.reportNotices.requestFor(stored, { viewerUpn: turn.who.upn, ...(notice ? { notice } : {}) });
  return reportRequestCard(data, turn.deps.tabUrl, turn.locale);
}

