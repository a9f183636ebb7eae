import type { ListName } from './lists';
import type { LocalDate } from './local-date';
import type { ProjectRole } from './programme';

/** A staff member (職員) as read from the Staff list. People are keyed by UPN. */
export interface StaffRecord {
  upn: string;
  name: string;
  /** How the name reads (フリガナ), full-width katakana; absent where the Staff list has none. */
  kana?: string;
  employeeNumber?: string;
  department: string;
  section: string;
  /** Grade id from the programme, when the Grade cell matched one. */
  grade?: string;
  /** The Grade cell as written. */
  gradeText: string;
  transferPlanned: boolean;
  /** Planned transfer date, when the cell held a date rather than yes/no. */
  transferDate?: LocalDate;
  active: boolean;
}

/** A role or certification held for a period (Roles list). */
export interface RoleRecord {
  upn: string;
  /** Role or certification id. */
  role: string;
  section?: string;
  start: LocalDate;
  /** The last day held: EndDate, or the day before a revocation (then possibly before `start`: never held). */
  end?: LocalDate;
  source?: string;
  /** SharePoint item id, when read from the list. */
  itemId?: string;
  /** Who recorded it (an award: who awarded it) and when. */
  confirmedByUpn?: string;
  confirmedAt?: string;
  /** An award's 認定証 serial number. */
  certificateNumber?: string;
  /** A revoked award (認定の取消): when, by whom, why. The row stays, as history. */
  revocation?: { at: string; byUpn?: string; reason?: string };
}

/** Operational course details from the Courses list (due dates and links change every year). */
export interface CourseRecord {
  courseId: string;
  title: string;
  category?: string;
  hours?: number;
  provider?: string;
  url?: string;
  dueDate?: LocalDate;
  /** Where the course takes place (会場), as the office writes it. */
  venue?: string;
  /** How to sign up (申込方法): a portal, a form, whom to tell. */
  signUp?: string;
}

export interface CompletionRecord {
  upn: string;
  courseId: string;
  completedOn: LocalDate;
  hours?: number;
}

export interface ProjectRecord {
  projectId: string;
  title: string;
  fiscalYear: number;
  section?: string;
  start?: LocalDate;
  end?: LocalDate;
  reportScore?: number;
}

export interface ProjectMemberRecord {
  projectId: string;
  upn: string;
  projectRole: ProjectRole;
  start?: LocalDate;
  end?: LocalDate;
}

export interface EvaluationRecord {
  projectId: string;
  upn: string;
  perspective: string;
  score: number;
  evaluatorUpn?: string;
}

export interface QualificationRecord {
  upn: string;
  qualification: string;
  acquiredOn?: LocalDate;
}

export interface ContributionRecord {
  upn: string;
  kind: string;
  date: LocalDate;
  title?: string;
}

export interface SkillLevelRecord {
  upn: string;
  skill: string;
  level: number;
  assessedOn?: LocalDate;
  /** UPN of the assessor; the person's own UPN (or empty) means a self-assessment. */
  assessor?: string;
}

export type NominationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface NominationRecord {
  /** SharePoint item id, when read from the list. */
  itemId?: string;
  nomineeUpn: string;
  role: string;
  section: string;
  nominatedByUpn: string;
  approverUpn: string;
  status: NominationStatus;
  reason?: string;
  decisionComment?: string;
  requestedAt: string;
  decidedAt?: string;
  /** A current holder the nominee replaces (交代); their role ends when the nomination is approved. */
  replacesUpn?: string;
  /** Each change of approver by the office, one line each: when, from whom to whom, by whom. */
  approverChanges?: string;
}

/** What staff may report themselves (issue 12): each becomes a fact in its own list once confirmed. */
export type ReportKind = 'qualification' | 'course' | 'contribution' | 'skill';

/**
 * What a Submissions item may hold: the reports above, and the kinds later features add (DESIGN.md:
 * an evaluation entered in a round, a self-declared role).
 */
export type SubmissionKind = ReportKind | 'evaluation' | 'role-declaration';

/** 確認待ち → 確認済み or 差し戻し; the reporter may withdraw (取下げ) while it waits. */
export type SubmissionStatus = 'pending' | 'confirmed' | 'returned' | 'withdrawn';

/** An evidence file in the site's document library. */
export interface EvidenceFile {
  /** The driveItem id (the server reads the file through Graph; people never need SharePoint access). */
  itemId: string;
  name: string;
  contentType: string;
  size: number;
}

/** The fact a report states, by kind (the Submissions item's Payload, as JSON). */
export type ReportFact =
  | { kind: 'qualification'; qualification: string; acquiredOn: LocalDate; certificateNumber?: string }
  | { kind: 'course'; course: string; completedOn: LocalDate; hours?: number }
  | { kind: 'contribution'; contribution: string; date: LocalDate; title: string }
  | { kind: 'skill'; skill: string; level: number; assessedOn: LocalDate };

/**
 * One evaluator's part in an evaluation round (真岡市: 報告会の多角的な評価): the round, the project, the
 * perspective they judge from, the people judged (the project's leaders when the round opened), and
 * their scores once they answer (one per person, in the same order). The round is the set of rows with
 * the same `round`; closing it writes the answered scores to the Evaluations list.
 */
export interface EvaluationFact {
  kind: 'evaluation';
  round: string;
  project: string;
  perspective: string;
  subjects: string[];
  /** An evaluator outside the tenant (委託業者), entered by the office: their name and organisation. */
  external?: { name: string; organisation?: string };
  scores?: number[];
  answeredAt?: string;
  /** Who entered the scores: the evaluator, or the office for an external evaluator. */
  answeredByUpn?: string;
}

/** A role declared by the person (assignment self, 手挙げ方式): the role, from when, for which section. */
export interface DeclarationFact {
  kind: 'role-declaration';
  role: string;
  date: LocalDate;
  section?: string;
}

/** What a Submissions item states: a report, an evaluator's part in a round, a declared role. */
export type SubmissionFact = ReportFact | EvaluationFact | DeclarationFact;

/** A report waiting in (or decided through) the Submissions list (申請). */
export interface SubmissionRecord {
  /** SharePoint item id, when read from the list. */
  itemId?: string;
  subjectUpn: string;
  fact: SubmissionFact;
  /** The reporter's note (evidence "note"), kept with the fact. */
  note?: string;
  evidence?: EvidenceFile;
  /** The evidence file's address in SharePoint, for the office. */
  evidenceUrl?: string;
  /** Who is asked to confirm; absent when nobody confirms (self-assessment). */
  confirmerUpn?: string;
  status: SubmissionStatus;
  /** The confirmer's comment (差し戻しの理由). */
  comment?: string;
  submittedAt: string;
  decidedAt?: string;
  decidedByUpn?: string;
}

/** Every list's records after parsing. */
export interface Records {
  staff: StaffRecord[];
  roles: RoleRecord[];
  courses: CourseRecord[];
  completions: CompletionRecord[];
  projects: ProjectRecord[];
  projectMembers: ProjectMemberRecord[];
  evaluations: EvaluationRecord[];
  qualifications: QualificationRecord[];
  contributions: ContributionRecord[];
  skillLevels: SkillLevelRecord[];
  nominations: NominationRecord[];
  submissions: SubmissionRecord[];
}

/** What happened to the row or file an issue is about. */
export type IssueEffect =
  /** The row was left out of the computation. */
  | 'rowSkipped'
  /** The row was kept; this one value was ignored. */
  | 'valueIgnored'
  /** The whole file or list was left out. */
  | 'listSkipped'
  /** Nothing was lost; worth knowing (a Shift_JIS file that was read, an unknown extra column). */
  | 'note';

/**
 * One data-quality finding: which list, which row (CSV line) or item (SharePoint id), which column,
 * why (Japanese, for the programme office) and under a stable code.
 */
export interface DataQualityIssue {
  list: ListName;
  /** Line number in the CSV file (the header is line 1). */
  row?: number;
  /** SharePoint list item id. */
  itemId?: string;
  column?: string;
  value?: string;
  code: string;
  reason: string;
  effect: IssueEffect;
  /**
   * How many rows the issue left out when that is not just the one row it names: every data row of
   * a file skipped whole (listSkipped), so a refused file never hides how much it held.
   */
  rows?: number;
}

/**
 * How the rows of one list were accounted for: every row the source holds was either read into a
 * record or refused with an issue, so `rows = read + refused` (blank rows hold nothing and are not
 * rows). Refused counts rows, not issues: a row with two unreadable cells is one row.
 */
export interface ListTally {
  list: ListName;
  rows: number;
  read: number;
  refused: number;
}

/** Where a raw row came from. */
export interface RowRef {
  row?: number;
  itemId?: string;
}

/** A row before parsing: cell values by internal column name (CSV text, or Graph's JSON values). */
export interface RawRow extends RowRef {
  fields: Record<string, unknown>;
}

/**
 * A list as read from its source, with any problems the source itself found (encoding, header).
 * `rows` may be produced lazily as they are read (a large CSV never holds them all), and reading
 * them may add row-level problems to `issues`; read `issues` again after the rows.
 */
export interface RawList {
  columns: string[];
  rows: Iterable<RawRow>;
  issues: DataQualityIssue[];
}

export type RawLists = Partial<Record<ListName, RawList>>;

/** Records with every list empty, to fill in. */
export function emptyRecords(): Records {
  return { staff: [], roles: [], courses: [], completions: [], projects: [], projectMembers: [], evaluations: [], qualifications: [], contributions: [], skillLevels: [], nominations: [], submissions: [] };
}
