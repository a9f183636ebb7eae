import type { RecordWrite } from '../domain/record-writes';
import type { SubmissionRecord } from '../domain/records';
import { isConfirmable, type ConfirmableFact } from '../domain/submissions';
import { checkReport, confirmedFact, confirmerFor, evidenceOf, type ReportFinding, type ReportInput } from '../domain/reports';
import { progressChanges, type ProgressChange } from '../domain/progress-changes';
import type { Clock, ConfirmableSubmission, EvidenceStore, StoredSubmission, SubmissionStore } from '../ports';
import type { ConfirmedFact } from '../domain/reports';
import type { Scope } from './access';
import type { ProgrammeService } from './programme-service';

export interface ReportDeps {
  service: ProgrammeService;
  submissions: SubmissionStore;
  evidence: EvidenceStore;
  clock: Clock;
  /** Who confirms for the office (SKILLSTEPS_OFFICE_APPROVER_UPN). */
  officeConfirmerUpn?: string;
}

export type SubmitResult =
  | { ok: true; submission: StoredSubmissionLike; confirmedAtOnce: boolean; changes: ProgressChange[] }
  | { ok: false; errors: ReportFinding[] };

/** A report as just written: its id, and what the list now holds. */
export type StoredSubmissionLike = SubmissionRecord & { id: string; itemId: string; fact: ConfirmableFact };

/**
 * A staff member reports a fact about themselves (tab or bot): it is checked in full against the
 * programme and the current lists (nothing is written on any error), the evidence file is stored,
 * and the report waits in Submissions for the person the programme names — or, where nobody
 * confirms (a self-assessment), the fact is written at once. Either way the evaluation shows it
 * at once. Only ever about the caller: a report for someone else is refused.
 */
export async function submitReport(deps: ReportDeps, scope: Scope, input: ReportInput & { subjectUpn?: string }): Promise<SubmitResult> {
  const { service, clock } = deps;
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const me = scope.caller.upn.toLowerCase();
  if (input.subjectUpn !== undefined && input.subjectUpn.trim().toLowerCase() !== me) {
    return { ok: false, errors: [{ field: 'subject', code: 'REPORT.NOT_SELF', message: { ja: '報告できるのは自分のことだけです（ほかの人の分は本人が報告します）', en: 'You can report only about yourself' } }] };
  }
  const subject = scope.staff;
  const check = checkReport(service.programme, e.snapshot, subject, input, clock.today());
  if (!check.ok) return check;
  const { fact, rule, note, file } = check.report;
  const confirmer = confirmerFor(service.programme, e.snapshot, subject!, rule, deps.officeConfirmerUpn);
  if (rule.confirmer !== 'none' && !confirmer) {
    return {
      ok: false,
      errors: [
        {
          field: 'subject',
          code: 'REPORT.NO_CONFIRMER',
          message: rule.confirmer === 'office'
            ? { ja: '確認するプログラム事務局の担当者が設定されていないため、いまは報告できません。事務局に連絡してください', en: 'No one in the programme office is set up to confirm this; contact the office' }
            : { ja: '確認する人（所属の管理職）が職員リストに見つからないため、いまは報告できません。職員課に連絡してください', en: 'No manager of your section is on the Staff list to confirm this; contact HR' },
        },
      ],
    };
  }
  // Everything is checked: the file first (a report never points at a file that is not there).
  const stored = file ? await deps.evidence.upload({ name: file.name, contentType: file.contentType, bytes: file.bytes }) : undefined;
  const recorded = await recordSubmission(deps, subject!.upn, {
    fact,
    ...(note ? { note } : {}),
    ...(stored && file ? { evidence: evidenceOf(file, stored.itemId), ...(stored.webUrl ? { evidenceUrl: stored.webUrl } : {}) } : {}),
    ...(confirmer ? { confirmerUpn: confirmer } : {}),
  });
  return { ok: true, ...recorded };
}

/**
 * Writes a checked report or declaration about `subjectUpn` into Submissions: waiting for its
 * confirmer, or — where nobody confirms — confirmed by the person's own word, the fact written to
 * its list at once (ConfirmedByUpn is the person). Either way the evaluation has it at once.
 */
export async function recordSubmission(
  deps: Pick<ReportDeps, 'service' | 'submissions' | 'clock'>,
  subjectUpn: string,
  what: Pick<SubmissionRecord, 'note' | 'evidence' | 'evidenceUrl' | 'confirmerUpn'> & { fact: ConfirmableFact },
): Promise<{ submission: StoredSubmissionLike; confirmedAtOnce: boolean; changes: ProgressChange[] }> {
  const { service, clock } = deps;
  const atOnce = what.confirmerUpn === undefined;
  const now = clock.now().toISOString();
  const record: SubmissionRecord & { fact: ConfirmableFact } = {
    subjectUpn,
    ...what,
    status: atOnce ? 'confirmed' : 'pending',
    submittedAt: now,
    ...(atOnce ? { decidedAt: now, decidedByUpn: subjectUpn } : {}),
  };
  const created = await deps.submissions.create({ ...record, status: record.status as 'pending' | 'confirmed' });
  const submission: StoredSubmissionLike = { ...record, id: created.id, itemId: created.id };
  const writes: RecordWrite[] = [{ list: 'Submissions', record: submission }];
  if (atOnce) {
    const row = confirmedFact(subjectUpn, what.fact);
    await deps.submissions.writeFact(row, subjectUpn, now);
    writes.push(factWrite(row));
  }
  const before = service.current()?.byUpn.get(subjectUpn);
  const after = service.apply(writes)?.byUpn.get(subjectUpn);
  return { submission, confirmedAtOnce: atOnce, changes: atOnce ? progressChanges(before, after) : [] };
}

/** The record a confirmed fact becomes in the evaluation (what the list row reads as). */
export function factWrite(row: ConfirmedFact): RecordWrite {
  const f = row.fields;
  switch (row.list) {
    case 'Qualifications':
      return { list: 'Qualifications', record: { upn: f.Upn, qualification: row.fields.Qualification, acquiredOn: row.fields.AcquiredOn } };
    case 'Completions':
      return { list: 'Completions', record: { upn: f.Upn, courseId: row.fields.CourseId, completedOn: row.fields.CompletedOn, ...(row.fields.Hours !== undefined ? { hours: row.fields.Hours } : {}) } };
    case 'Contributions':
      return { list: 'Contributions', record: { upn: f.Upn, kind: row.fields.Kind, date: row.fields.Date, title: row.fields.Title } };
    case 'SkillLevels':
      return { list: 'SkillLevels', record: { upn: f.Upn, skill: row.fields.Skill, level: row.fields.Level, assessedOn: row.fields.AssessedOn, assessor: row.fields.Assessor } };
    case 'Evaluations':
      return { list: 'Evaluations', record: { projectId: row.fields.ProjectId, upn: f.Upn, perspective: row.fields.Perspective, score: row.fields.Score, evaluatorUpn: row.fields.EvaluatorUpn } };
    case 'Roles':
      return { list: 'Roles', record: { upn: f.Upn, role: row.fields.Role, ...(row.fields.Section ? { section: row.fields.Section } : {}), start: row.fields.StartDate, source: row.fields.Source } };
  }
}

export type WithdrawResult = { ok: true; submission: ConfirmableSubmission } | { ok: false; code: 'NOT_FOUND' | 'NOT_REPORTER' | 'NOT_PENDING'; message: string; submission?: ConfirmableSubmission };

/** The reporter withdraws a report that still waits: re-read, checked, written with If-Match. */
export async function withdrawReport(deps: Pick<ReportDeps, 'service' | 'submissions' | 'clock'>, id: string, actorUpn: string): Promise<WithdrawResult> {
  const current = await deps.submissions.get(id);
  if (!current || !isConfirmable(current)) return { ok: false, code: 'NOT_FOUND', message: 'この報告は見つかりません（削除された可能性があります）' };
  if (current.subjectUpn !== actorUpn.toLowerCase()) return { ok: false, code: 'NOT_REPORTER', message: '取り下げられるのは報告した本人だけです', submission: current };
  if (current.status !== 'pending') return { ok: false, code: 'NOT_PENDING', message: 'この報告はもう確認待ちではありません', submission: current };
  const written = await deps.submissions.decide(current, { status: 'withdrawn', decidedAt: deps.clock.now().toISOString(), decidedByUpn: current.subjectUpn });
  if (written === 'conflict') {
    const now = await deps.submissions.get(id);
    return { ok: false, code: 'NOT_PENDING', message: 'この報告は同時に変更されました。画面を更新してください', ...(now && isConfirmable(now) ? { submission: now } : {}) };
  }
  deps.service.apply([submissionWrite(written)]);
  return { ok: true, submission: written as ConfirmableSubmission };
}

/** A report as the list now holds it, for the evaluation. */
export function submissionWrite(s: StoredSubmission): RecordWrite {
  const { etag: _etag, id: _id, ...record } = s;
  return { list: 'Submissions', record };
}
