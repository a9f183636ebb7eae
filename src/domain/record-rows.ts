import type { ListName } from './lists';
import type { ListRecord } from './record-parser';
import type {
  CompletionRecord,
  ContributionRecord,
  CourseRecord,
  EvaluationRecord,
  NominationRecord,
  ProjectMemberRecord,
  ProjectRecord,
  QualificationRecord,
  RoleRecord,
  SkillLevelRecord,
  StaffRecord,
  SubmissionRecord,
} from './records';
import { submissionPayload } from './submissions';

/** A cell of a list row: what a CSV file holds and the record parser reads. */
export type Cell = string | number | boolean | undefined;

/** The record each list's rows become. */
interface RecordOf {
  Staff: StaffRecord;
  Roles: RoleRecord;
  Courses: CourseRecord;
  Completions: CompletionRecord;
  Projects: ProjectRecord;
  ProjectMembers: ProjectMemberRecord;
  Evaluations: EvaluationRecord;
  Qualifications: QualificationRecord;
  Contributions: ContributionRecord;
  SkillLevels: SkillLevelRecord;
  Nominations: NominationRecord;
  Submissions: SubmissionRecord;
}

/**
 * How one record of a list is written as a row (the CSV format, SharePoint's fields), in the list's
 * column order (lists.ts); reading that row back gives the same record.
 */
export function recordRow(list: ListName): (record: ListRecord) => Cell[] {
  return ROW_OF[list] as (record: ListRecord) => Cell[];
}

/** A record as a row's fields by column name, as the record parser reads them. */
export function recordFields(list: ListName, columns: readonly string[], record: ListRecord): Record<string, Cell> {
  const row = recordRow(list)(record);
  const out: Record<string, Cell> = {};
  columns.forEach((c, i) => {
    if (row[i] !== undefined) out[c] = row[i];
  });
  return out;
}

const ROW_OF: { [L in ListName]: (r: RecordOf[L]) => Cell[] } = {
  Staff: (s) => [s.name, s.kana, s.upn, s.employeeNumber, s.department, s.section, s.gradeText, s.transferDate ?? (s.transferPlanned ? 'TRUE' : 'FALSE'), s.active ? 'TRUE' : 'FALSE'],
  Roles: (r) => [r.upn, r.role, r.section, r.start, r.end, r.source],
  Courses: (c) => [c.courseId, c.title, c.category, c.hours, c.provider, c.url, c.dueDate],
  Completions: (c) => [c.upn, c.courseId, c.completedOn, c.hours],
  Projects: (p) => [p.projectId, p.title, p.fiscalYear, p.section, p.start, p.end, p.reportScore],
  ProjectMembers: (m) => [m.projectId, m.upn, m.projectRole, m.start, m.end],
  Evaluations: (e) => [e.projectId, e.upn, e.perspective, e.score, e.evaluatorUpn],
  Qualifications: (q) => [q.upn, q.qualification, q.acquiredOn],
  Contributions: (c) => [c.upn, c.kind, c.date, c.title],
  SkillLevels: (s) => [s.upn, s.skill, s.level, s.assessedOn, s.assessor],
  Nominations: (n) => [n.nomineeUpn, n.role, n.section, n.nominatedByUpn, n.approverUpn, n.status, n.reason, n.decisionComment, n.requestedAt, n.decidedAt, n.replacesUpn, n.approverChanges],
  Submissions: (x) => [x.fact.kind, x.subjectUpn, submissionPayload(x), x.evidenceUrl, x.confirmerUpn, x.status, x.comment, x.submittedAt, x.decidedAt, x.decidedByUpn],
};
