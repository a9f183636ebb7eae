import { checkDeclaration } from '../domain/declarations';
import { jstDate } from '../domain/local-date';
import { progressChanges, type ProgressChange } from '../domain/progress-changes';
import { confirmedFact, mayConfirm, NOTE_MAX } from '../domain/reports';
import { isConfirmable } from '../domain/submissions';
import type { Clock, ConfirmableSubmission, SubmissionStore } from '../ports';
import type { ProgrammeService } from './programme-service';
import { factWrite, submissionWrite } from './reports';

export type ReportRefusal =
  /** The item is gone, or the id is not a report. */
  | 'NOT_FOUND'
  /** The person who pressed may not confirm it (not asked, not the section's manager, not the office; or the reporter). */
  | 'NOT_CONFIRMER'
  /** Already decided or withdrawn (a stale card, or another confirmer first). */
  | 'NOT_PENDING'
  /** 差し戻し without saying why. */
  | 'COMMENT_REQUIRED'
  /** A declared role that can no longer be confirmed (its seats filled meanwhile, held already, the person gone). */
  | 'DECLARATION_REFUSED';

export type ReportDecisionResult =
  | { ok: true; submission: ConfirmableSubmission; changes: ProgressChange[] }
  | { ok: false; code: ReportRefusal; message: string; submission?: ConfirmableSubmission };

export interface ReportDecisionInput {
  submissionId: string;
  decision: 'confirm' | 'return';
  comment?: string;
  /** Who pressed, from the Teams activity or the token (never from a card's data). */
  actor: { upn: string; office: boolean };
}

/**
 * A confirmer decides a report (承認 / 差し戻し), from a card or the tab. The report is read again
 * from the list, the person who pressed must be allowed to confirm it (mayConfirm: the person asked,
 * a manager of the reporter's section where the section confirms, the office — never the reporter),
 * and it must still wait; the decision is written with If-Match, so of two confirmers at the same
 * moment one decides and the other is told. On 承認 the fact is written to its list with who
 * confirmed it and when, and the reporter's steps are evaluated again at once.
 */
export async function decideReport(service: ProgrammeService, store: SubmissionStore, clock: Clock, input: ReportDecisionInput): Promise<ReportDecisionResult> {
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const found = await store.get(input.submissionId);
  // An evaluator's part in a round is not a report: the office closes the round (evaluation-rounds.ts).
  const current = found && isConfirmable(found) ? found : undefined;
  if (!current) return { ok: false, code: 'NOT_FOUND', message: 'この報告は見つかりません（削除された可能性があります）' };
  const actor = { upn: input.actor.upn.toLowerCase(), office: input.actor.office };
  if (!mayConfirm(service.programme, e.snapshot, current, actor)) {
    const message =
      actor.upn === current.subjectUpn
        ? '自分の報告は確認できません'
        : `この報告を確認できるのは${current.confirmerUpn ? `確認者（${nameOf(service, current.confirmerUpn)}）、` : ''}所属の管理職またはプログラム事務局です`;
    return { ok: false, code: 'NOT_CONFIRMER', message, submission: current };
  }
  if (current.status !== 'pending') return notPending(service, current);
  const comment = input.comment?.trim().slice(0, NOTE_MAX) || undefined;
  if (input.decision === 'return' && !comment) return { ok: false, code: 'COMMENT_REQUIRED', message: '差し戻す理由をコメントに書いてください', submission: current };
  if (input.decision === 'confirm' && current.fact.kind === 'role-declaration') {
    // Checked again as it stands now: a seat may have been filled since it was declared.
    const again = checkDeclaration(service.programme, e.snapshot, e.snapshot.staffByUpn.get(current.subjectUpn), { role: current.fact.role, date: current.fact.date }, clock.today(), current.id);
    if (!again.ok) return { ok: false, code: 'DECLARATION_REFUSED', message: `この申し出はいま承認できません（差し戻してください）: ${again.errors.map((x) => x.message.ja).join(' / ')}`, submission: current };
  }

  const now = clock.now().toISOString();
  const written = await store.decide(current, { status: input.decision === 'confirm' ? 'confirmed' : 'returned', comment, decidedAt: now, decidedByUpn: actor.upn });
  if (written === 'conflict') {
    const read = await store.get(input.submissionId);
    const fresh = read && isConfirmable(read) ? read : undefined;
    if (fresh && fresh.status !== 'pending') return notPending(service, fresh);
    return { ok: false, code: 'NOT_PENDING', message: 'この報告は同時に変更されました。最新の状態を表示してもう一度操作してください', ...(fresh ? { submission: fresh } : {}) };
  }
  const decided = written as ConfirmableSubmission;
  if (decided.status !== 'confirmed') {
    service.apply([submissionWrite(decided)]);
    return { ok: true, submission: decided, changes: [] };
  }
  const row = confirmedFact(decided.subjectUpn, decided.fact);
  await store.writeFact(row, actor.upn, now);
  const before = e.byUpn.get(decided.subjectUpn);
  const after = service.apply([submissionWrite(decided), factWrite(row)])?.byUpn.get(decided.subjectUpn);
  return { ok: true, submission: decided, changes: progressChanges(before, after) };
}

function notPending(service: ProgrammeService, s: ConfirmableSubmission): ReportDecisionResult {
  const what = s.status === 'confirmed' ? '確認済み' : s.status === 'returned' ? '差し戻し済み' : '取り下げ済み';
  const who = s.decidedByUpn ? `（${nameOf(service, s.decidedByUpn)}${s.decidedAt ? `、${jstDate(new Date(s.decidedAt))}` : ''}）` : '';
  return { ok: false, code: 'NOT_PENDING', message: `この報告はすでに${what}です${who}`, submission: s };
}

function nameOf(service: ProgrammeService, upn: string): string {
  return service.current()?.snapshot.staffByUpn.get(upn)?.name ?? upn;
}
