import { LISTS, type ListName } from '../domain/lists';
import type { Records } from '../domain/records';
import { submissionPayload } from '../domain/submissions';

type Cell = string | number | boolean | undefined;

/** The rows of one list as CSV cells, in the list's column order. */
export function listRows(list: ListName, records: Records): Cell[][] {
  switch (list) {
    case 'Staff':
      return records.staff.map((s) => [
        s.name,
        s.kana,
        s.upn,
        s.employeeNumber,
        s.department,
        s.section,
        s.gradeText,
        s.transferDate ?? (s.transferPlanned ? 'TRUE' : 'FALSE'),
        s.active ? 'TRUE' : 'FALSE',
      ]);
    case 'Roles':
      return records.roles.map((r) => [r.upn, r.role, r.section, r.start, r.end, r.source]);
    case 'Courses':
      return records.courses.map((c) => [c.courseId, c.title, c.category, c.hours, c.provider, c.url, c.dueDate]);
    case 'Completions':
      return records.completions.map((c) => [c.upn, c.courseId, c.completedOn, c.hours]);
    case 'Projects':
      return records.projects.map((p) => [p.projectId, p.title, p.fiscalYear, p.section, p.start, p.end, p.reportScore]);
    case 'ProjectMembers':
      return records.projectMembers.map((m) => [m.projectId, m.upn, m.projectRole, m.start, m.end]);
    case 'Evaluations':
      return records.evaluations.map((e) => [e.projectId, e.upn, e.perspective, e.score, e.evaluatorUpn]);
    case 'Qualifications':
      return records.qualifications.map((q) => [q.upn, q.qualification, q.acquiredOn]);
    case 'Contributions':
      return records.contributions.map((c) => [c.upn, c.kind, c.date, c.title]);
    case 'SkillLevels':
      return records.skillLevels.map((s) => [s.upn, s.skill, s.level, s.assessedOn, s.assessor]);
    case 'Nominations':
      return records.nominations.map((n) => [
        n.nomineeUpn,
        n.role,
        n.section,
        n.nominatedByUpn,
        n.approverUpn,
        n.status,
        n.reason,
        n.decisionComment,
        n.requestedAt,
        n.decidedAt,
        n.replacesUpn,
        n.approverChanges,
      ]);
    case 'Submissions':
      return records.submissions.map((x) => [
        x.fact.kind,
        x.subjectUpn,
        submissionPayload(x),
        x.evidenceUrl,
        x.confirmerUpn,
        x.status,
        x.comment,
        x.submittedAt,
        x.decidedAt,
        x.decidedByUpn,
      ]);
  }
}

/** The CSV header of a list: its internal column names. */
export function listHeader(list: ListName): string[] {
  return LISTS[list].columns.map((c) => c.name);
}
