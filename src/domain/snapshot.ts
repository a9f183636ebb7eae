import type { DueCalendar } from './fiscal-calendar';
import type { Label } from './label';
import type { LocalDate } from './local-date';
import type { CourseDue, Programme, Requirement } from './programme';
import { describeAllRequirements } from './requirement-labels';
import { tallyRows } from './row-tally';
import type {
  CompletionRecord,
  ContributionRecord,
  DataQualityIssue,
  EvaluationRecord,
  ListTally,
  ProjectMemberRecord,
  ProjectRecord,
  QualificationRecord,
  Records,
  RoleRecord,
  SkillLevelRecord,
  StaffRecord,
} from './records';

/** A course as the engines see it: the programme's definition overlaid with this year's Courses list row. */
export interface EffectiveCourse {
  id: string;
  label: Label;
  category?: string;
  hours?: number;
  provider?: string;
  url?: string;
  due?: CourseDue;
  /** A fixed due date from the Courses list; it wins over the programme's rule. */
  dueDate?: LocalDate;
  /** Where it takes place and how to sign up, from the Courses list. */
  venue?: string;
  signUp?: string;
  renewsEveryFiscalYear: boolean;
}

/**
 * Everything the engines read, indexed by person: built once per sync from parsed records, then
 * evaluated many times (every person, every fiscal year) without touching the lists again.
 */
export interface Snapshot {
  programme: Programme;
  staff: StaffRecord[];
  staffByUpn: Map<string, StaffRecord>;
  rolesByUpn: Map<string, RoleRecord[]>;
  courses: Map<string, EffectiveCourse>;
  /** Course ids in each course group (named courses plus courses of the group's categories). */
  groupCourses: Map<string, Set<string>>;
  /** Each person's completions per course, oldest first. */
  completions: Map<string, Map<string, CompletionRecord[]>>;
  projects: Map<string, ProjectRecord>;
  membershipsByUpn: Map<string, ProjectMemberRecord[]>;
  /** Evaluations of a person in a project, keyed `projectId|upn`. */
  evaluations: Map<string, EvaluationRecord[]>;
  qualificationsByUpn: Map<string, QualificationRecord[]>;
  contributionsByUpn: Map<string, ContributionRecord[]>;
  /** Each person's skill assessments per skill. */
  skillLevels: Map<string, Map<string, SkillLevelRecord[]>>;
  /** What each requirement of the programme asks, in words (worked out once, not per person). */
  requirementLabels: Map<Requirement, Label>;
  /**
   * The departments a section name occurs in, from the Staff list. Names repeat across
   * departments (庶務課 in 総務部 and in 教育委員会事務局), so a section is (department, section).
   */
  departmentsOfSection: Map<string, string[]>;
  /** How due dates are moved off closed days: the programme's rule and its extra closed days. */
  dueCalendar: DueCalendar;
  records: Records;
  issues: DataQualityIssue[];
  /** Per list: rows read and refused, adding up to the rows the source held. */
  tallies: ListTally[];
}

/** Indexes parsed records for evaluation. */
export function buildSnapshot(programme: Programme, records: Records, issues: DataQualityIssue[]): Snapshot {
  const courses = new Map<string, EffectiveCourse>();
  for (const c of programme.courses) {
    courses.set(c.id, {
      id: c.id,
      label: c.label,
      category: c.category,
      hours: c.hours,
      provider: c.provider,
      url: c.url,
      due: c.due,
      renewsEveryFiscalYear: c.renewsEveryFiscalYear,
    });
  }
  for (const row of records.courses) {
    const base = courses.get(row.courseId);
    courses.set(row.courseId, {
      id: row.courseId,
      label: base?.label ?? { ja: row.title },
      category: row.category ?? base?.category,
      hours: row.hours ?? base?.hours,
      provider: row.provider ?? base?.provider,
      url: row.url ?? base?.url,
      due: base?.due,
      dueDate: row.dueDate,
      venue: row.venue,
      signUp: row.signUp,
      renewsEveryFiscalYear: base?.renewsEveryFiscalYear ?? false,
    });
  }

  const groupCourses = new Map<string, Set<string>>();
  for (const g of programme.courseGroups) {
    const ids = new Set(g.courses);
    if (g.categories.length > 0) {
      const cats = new Set(g.categories);
      for (const c of courses.values()) if (c.category && cats.has(c.category)) ids.add(c.id);
    }
    groupCourses.set(g.id, ids);
  }

  const completions = new Map<string, Map<string, CompletionRecord[]>>();
  for (const c of records.completions) {
    let byCourse = completions.get(c.upn);
    if (!byCourse) completions.set(c.upn, (byCourse = new Map()));
    const list = byCourse.get(c.courseId);
    if (list) list.push(c);
    else byCourse.set(c.courseId, [c]);
  }
  for (const byCourse of completions.values()) {
    for (const list of byCourse.values()) if (list.length > 1) list.sort((a, b) => (a.completedOn < b.completedOn ? -1 : a.completedOn > b.completedOn ? 1 : 0));
  }
  const skillLevels = new Map<string, Map<string, SkillLevelRecord[]>>();
  for (const [upn, list] of groupBy(records.skillLevels, (x) => x.upn)) skillLevels.set(upn, groupBy(list, (x) => x.skill));

  const departmentsOfSection = new Map<string, string[]>();
  for (const s of records.staff) {
    const list = departmentsOfSection.get(s.section);
    if (!list) departmentsOfSection.set(s.section, [s.department]);
    else if (!list.includes(s.department)) list.push(s.department);
  }

  return {
    programme,
    staff: records.staff,
    staffByUpn: new Map(records.staff.map((s) => [s.upn, s])),
    rolesByUpn: groupBy(records.roles, (r) => r.upn),
    courses,
    groupCourses,
    completions,
    projects: new Map(records.projects.map((p) => [p.projectId, p])),
    membershipsByUpn: groupBy(records.projectMembers, (m) => m.upn),
    evaluations: groupBy(records.evaluations, (e) => `${e.projectId}|${e.upn}`),
    qualificationsByUpn: groupBy(records.qualifications, (q) => q.upn),
    contributionsByUpn: groupBy(records.contributions, (c) => c.upn),
    skillLevels,
    requirementLabels: describeAllRequirements(programme, courses),
    departmentsOfSection,
    dueCalendar: { dueOnClosedDay: programme.reminders.dueOnClosedDay, closedDays: new Set(programme.reminders.closedDays) },
    records,
    issues,
    tallies: tallyRows(records, issues),
  };
}

/**
 * The department a section belongs to, seen from a person: their own department when it has a
 * section of that name, else the first department that has one.
 */
export function departmentOf(snapshot: Snapshot, section: string, preferred?: string): string | undefined {
  const departments = snapshot.departmentsOfSection.get(section);
  if (!departments) return undefined;
  return preferred && departments.includes(preferred) ? preferred : departments[0];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
