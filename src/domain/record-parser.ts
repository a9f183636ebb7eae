import { parseFiscalYearKey } from './programme-schema';
import { cellText, isBlank, readBoolean, readDate, readExcelSerialDate, readInteger, readNumber, readUpn, type Cell } from './cell-values';
import { LIST_NAMES, LISTS, type ListName } from './lists';
import { normalizeReading } from './kana';
import { addDays, isLocalDate, jstDate, type LocalDate } from './local-date';
import { RECORDS_OF } from './row-tally';
import type { Programme, ProjectRole } from './programme';
import type {
  DataQualityIssue,
  IssueEffect,
  NominationRecord,
  NominationStatus,
  RawList,
  RawLists,
  RawRow,
  Records,
  RoleRecord,
  SubmissionFact,
  SubmissionKind,
  SubmissionRecord,
} from './records';
import { emptyRecords } from './records';
import { readSubmissionKind, readSubmissionPayload, readSubmissionStatus } from './submissions';
import { programmeVocabulary, type ProgrammeVocabulary, type Vocabulary } from './vocabulary';

/** Records every row that could be read, and a data-quality issue for every one that could not. */
export interface ParseResult {
  records: Records;
  issues: DataQualityIssue[];
}

const PROJECT_ROLES: Record<string, ProjectRole> = {
  leader: 'leader',
  lead: 'leader',
  pl: 'leader',
  リーダー: 'leader',
  責任者: 'leader',
  主担当: 'leader',
  member: 'member',
  メンバー: 'member',
  構成員: 'member',
  参加者: 'member',
};

const NOMINATION_STATUS: Record<string, NominationStatus> = {
  pending: 'pending',
  承認待ち: 'pending',
  審査中: 'pending',
  approved: 'approved',
  承認: 'approved',
  承認済: 'approved',
  rejected: 'rejected',
  却下: 'rejected',
  withdrawn: 'withdrawn',
  取下げ: 'withdrawn',
  取り下げ: 'withdrawn',
};

/**
 * Turns raw rows (CSV cells or Graph list-item fields) into typed records. A row that cannot be
 * read is reported with list, row or item, column and reason, and left out; a bad optional value
 * is reported and ignored; nothing is dropped silently. References (UPN, course, project, role,
 * perspective, skill …) are checked against the Staff list, the Courses list and the programme.
 */
export function parseRecords(programme: Programme, lists: RawLists, today: LocalDate): ParseResult {
  const parser = createRecordParser(programme, today);
  for (const name of LIST_NAMES) {
    const list = lists[name];
    if (list) parser.add(name, list);
  }
  return parser.finish();
}

/**
 * Parses lists one at a time, as a source reads them, so a list's raw rows can be dropped as soon
 * as it is parsed. Lists come in LIST_NAMES order, which puts every list after those it refers to
 * (Staff first; Courses before Completions; Projects before ProjectMembers before Evaluations).
 */
export interface RecordParser {
  add(name: ListName, list: RawList): void;
  finish(): ParseResult;
}

/**
 * What became of one row, as soon as it was read: the record it made, or none (the row was refused;
 * its issues are already in the report). An import uses it to write exactly the rows an evaluation
 * would keep; `keep: false` in the options lets those records go instead of collecting them.
 */
export type RowOutcome = (list: ListName, row: RawRow, record: ListRecord | undefined) => void;

/** A record of any list. */
export type ListRecord = Records[keyof Records][number];

export interface RecordParserOptions {
  onRow?: RowOutcome;
  /** Lists whose records are handed to onRow and not kept (the parser's duplicate checks still see them). */
  dropRecordsOf?: ReadonlySet<ListName>;
}

/** A record parser for one programme; see parseRecords for what it checks. */
export function createRecordParser(programme: Programme, today: LocalDate, options: RecordParserOptions = {}): RecordParser {
  const issues: DataQualityIssue[] = [];
  const notes = new ColumnNotes(issues);
  const each = (list: RawList, name: ListName, fn: (r: RowReader) => void): void => {
    const out: ListRecord[] = records[RECORDS_OF[name]];
    const drop = options.dropRecordsOf?.has(name) ?? false;
    for (const row of list.rows) {
      const before = out.length;
      fn(new RowReader(name, row, issues, notes));
      if (options.onRow) options.onRow(name, row, out.length > before ? out[out.length - 1] : undefined);
      if (drop) out.length = before;
    }
    notes.close();
  };
  // References are checked against a list only when it was read: a list skipped as a whole (missing
  // column, unreadable file) is reported once, not again as an unknown reference in every other row.
  const read = new Set<ListName>();
  const handlers: Partial<Record<ListName, (list: RawList) => void>> = {};
  const vocab = programmeVocabulary(programme);
  const records: Records = emptyRecords();
  const scales = programme.scales;

  // Staff first: every other list refers to people by UPN.
  /** Staff UPNs, each mapped to itself: the one string all records of that person share. */
  const staffUpns = new Map<string, string>();
  handlers.Staff = (list) => each(list, 'Staff', (r) => {
    const upn = r.required('Upn', readUpn);
    if (upn === undefined) return;
    if (staffUpns.has(upn)) return r.duplicate(`UPN "${upn}" が重複しています（先に出てきた行を使います）`, 'Upn', upn);
    const gradeText = r.optional('Grade', (v) => ok(cellText(v))) ?? '';
    let grade: string | undefined;
    if (gradeText) {
      grade = vocab.grades.resolve(gradeText);
      if (!grade) r.issue('Grade', gradeText, 'REF.UNKNOWN_GRADE', `プログラムに定義のない職層です: "${gradeText}"`, 'valueIgnored');
    } else r.issue('Grade', '', 'VALUE.REQUIRED', '職層が空欄です', 'valueIgnored');
    const department = r.optional('Department', readText);
    const section = r.optional('Section', readText);
    if (department === undefined) r.issue('Department', '', 'VALUE.REQUIRED', '部が空欄です', 'valueIgnored');
    if (section === undefined) r.issue('Section', '', 'VALUE.REQUIRED', '課が空欄です', 'valueIgnored');
    const name = r.optional('Title', readText);
    if (name === undefined) r.issue('Title', '', 'VALUE.REQUIRED', '氏名が空欄です', 'valueIgnored');
    const transfer = r.optional('TransferPlanned', readTransfer);
    const kana = r.optional('TitleKana', readReading);
    staffUpns.set(upn, upn);
    records.staff.push({
      upn,
      name: name ?? upn,
      kana,
      employeeNumber: r.optional('EmployeeNumber', readText),
      department: department ?? '（部未設定）',
      section: section ?? '（課未設定）',
      grade,
      gradeText,
      transferPlanned: transfer?.planned ?? false,
      transferDate: transfer?.date,
      active: r.optional('Active', readBoolean) ?? true,
    });
  });
  const checkStaff = (): boolean => read.has('Staff');
  const person = (r: RowReader, column: string): string | undefined => {
    // A cell that is exactly a known staff UPN needs no further reading (most rows of big lists),
    // and every record shares the Staff row's string rather than holding its own copy.
    const cell = r.ref.fields[column];
    const known = typeof cell === 'string' ? staffUpns.get(cell) : undefined;
    if (known !== undefined) return known;
    const upn = r.required(column, readUpn);
    if (upn === undefined) return undefined;
    const canonical = staffUpns.get(upn);
    if (canonical !== undefined) return canonical;
    if (checkStaff() && !staffUpns.has(upn)) {
      r.skip(column, upn, 'REF.UNKNOWN_UPN', `職員リストにない UPN です: "${upn}"`);
      return undefined;
    }
    return upn;
  };

  // Courses: operational details; ids not in the programme are extra courses (for category groups).
  const courseIds = new Set(programme.courses.map((c) => c.id));
  const seenCourses = new Set<string>();
  handlers.Courses = (list) => each(list, 'Courses', (r) => {
    const raw = r.required('CourseId', readText);
    if (raw === undefined) return;
    const courseId = vocab.courses.resolve(raw) ?? raw;
    if (seenCourses.has(courseId)) return r.duplicate(`研修ID "${raw}" が重複しています`, 'CourseId', raw);
    const title = r.required('Title', readText);
    if (title === undefined) return;
    seenCourses.add(courseId);
    courseIds.add(courseId);
    vocab.courses.add(courseId, title);
    records.courses.push({
      courseId,
      title,
      category: r.optional('Category', readText),
      hours: r.optional('Hours', nonNegative),
      provider: r.optional('Provider', readText),
      url: r.optional('Url', readHttpsUrl),
      dueDate: r.optional('DueDate', readCellDate),
      venue: r.optional('Venue', readText),
      signUp: r.optional('SignUp', readText),
    });
  });

  const projectIds = new Set<string>();
  /** Projects whose row was there but could not be read: their members are told so, not "unknown". */
  const unreadableProjects = new Set<string>();
  handlers.Projects = (list) => each(list, 'Projects', (r) => {
    const projectId = r.required('ProjectId', readText);
    if (projectId === undefined) return;
    if (projectIds.has(projectId)) return r.duplicate(`案件ID "${projectId}" が重複しています`, 'ProjectId', projectId);
    unreadableProjects.add(projectId);
    const title = r.required('Title', readText);
    const fiscalYear = r.required('FiscalYear', readFiscalYear);
    if (title === undefined || fiscalYear === undefined) return;
    const start = r.optional('StartDate', readCellDate);
    const end = r.optional('EndDate', readCellDate);
    if (start && end && end < start) return r.skip('EndDate', end, 'VALUE.DATE_ORDER', `終了日 ${end} が開始日 ${start} より前です`);
    unreadableProjects.delete(projectId);
    projectIds.add(projectId);
    records.projects.push({
      projectId,
      title,
      fiscalYear,
      section: r.optional('Section', readText),
      start,
      end,
      reportScore: r.optional('ReportScore', inRange(scales.report.min, scales.report.max, '報告会評価')),
    });
  });

  const seenRoles = new Set<string>();
  handlers.Roles = (list) => {
    // The section a role serves must be one the Staff list knows; otherwise the holder's own is used.
    const sections = new Set(records.staff.map((x) => x.section));
    const knownSection = (v: unknown): CodedCell<string> => {
      const text = typeof v === 'string' ? v.trim() : cellText(v);
      if (!checkStaff() || sections.has(text)) return ok(text);
      return { ok: false, reason: `職員リストにない課です: "${text}"（本人の所属課で集計します）`, code: 'REF.UNKNOWN_SECTION' };
    };
    each(list, 'Roles', (r) => {
      const record = readRoleRow(r, vocab, (column) => person(r, column), knownSection);
      if (!record) return;
      // A revoked award is history: a new award of the same day is not its duplicate.
      const key = `${record.upn}|${record.role}|${record.start}${record.revocation ? '|revoked' : ''}`;
      if (!record.revocation && seenRoles.has(key)) return r.duplicate(`同じ役割の行が重複しています（${record.upn}、${record.role}、${record.start}）`);
      seenRoles.add(key);
      records.roles.push(record);
    });
  };

  const seenCompletions = new Map<string, Set<string>>();
  const dates = new Map<string, string>();
  handlers.Completions = (list) => each(list, 'Completions', (r) => {
    const upn = person(r, 'Upn');
    const rawCourse = r.required('CourseId', readText);
    let courseId: string | undefined;
    if (rawCourse !== undefined) {
      courseId = vocab.courses.resolve(rawCourse);
      if (courseId === undefined || !courseIds.has(courseId)) {
        r.skip('CourseId', rawCourse, 'REF.UNKNOWN_COURSE', `研修リストにもプログラムにもない研修IDです: "${rawCourse}"`);
        courseId = undefined;
      }
    }
    const read = r.required('CompletedOn', notAfter(today, '受講日'));
    if (upn === undefined || courseId === undefined || read === undefined) return;
    // A few thousand distinct dates across hundreds of thousands of rows: share one string each.
    let completedOn = dates.get(read);
    if (completedOn === undefined) dates.set(read, (completedOn = read));
    // The largest list: keys per person stay short (course and date), not one long string per row.
    let seen = seenCompletions.get(upn);
    if (!seen) seenCompletions.set(upn, (seen = new Set()));
    const key = `${courseId}|${completedOn}`;
    if (seen.has(key)) return r.duplicate(`同じ受講記録が重複しています（${upn}、${courseId}、${completedOn}）`);
    seen.add(key);
    records.completions.push({ upn, courseId, completedOn, hours: r.optional('Hours', nonNegative) });
  });

  const projectRef = (v: unknown): CodedCell<string> => {
    const id = cellText(v);
    if (!read.has('Projects') || projectIds.has(id)) return ok(id);
    if (unreadableProjects.has(id)) {
      return { ok: false, reason: `DX案件リストの行が読めなかった案件です（先に DX案件リストの行を直してください）: "${id}"`, code: 'REF.UNKNOWN_PROJECT' };
    }
    return { ok: false, reason: `DX案件リストにない案件IDです: "${id}"`, code: 'REF.UNKNOWN_PROJECT' };
  };

  const seenMembers = new Set<string>();
  const memberOf = new Set<string>();
  handlers.ProjectMembers = (list) => each(list, 'ProjectMembers', (r) => {
    const projectId = r.required('ProjectId', projectRef);
    const upn = person(r, 'Upn');
    const projectRole = r.required('ProjectRole', readProjectRole);
    if (projectId === undefined || upn === undefined || projectRole === undefined) return;
    const start = r.optional('StartDate', readCellDate);
    const end = r.optional('EndDate', readCellDate);
    if (start && end && end < start) return r.skip('EndDate', end, 'VALUE.DATE_ORDER', `終了日 ${end} が開始日 ${start} より前です`);
    const key = `${projectId}|${upn}|${projectRole}`;
    if (seenMembers.has(key)) return r.duplicate(`同じ案件メンバーの行が重複しています（${projectId}、${upn}）`);
    seenMembers.add(key);
    memberOf.add(`${projectId}|${upn}`);
    records.projectMembers.push({ projectId, upn, projectRole, start, end });
  });

  const seenEvaluations = new Set<string>();
  handlers.Evaluations = (list) => each(list, 'Evaluations', (r) => {
    const projectId = r.required('ProjectId', projectRef);
    const upn = person(r, 'Upn');
    const perspective = r.required('Perspective', resolveWith(vocab.perspectives, 'REF.UNKNOWN_PERSPECTIVE', 'プログラムに定義のない評価の観点です'));
    const score = r.required('Score', inRange(scales.evaluation.min, scales.evaluation.max, '評点'));
    if (projectId === undefined || upn === undefined || perspective === undefined || score === undefined) return;
    if (read.has('ProjectMembers') && !memberOf.has(`${projectId}|${upn}`)) {
      return r.skip('Upn', upn, 'REF.NOT_A_MEMBER', `案件 ${projectId} のメンバーではない職員への評価です`);
    }
    // Evaluators may be external experts (専門家: 委託業者), so only the form of the UPN is checked.
    const evaluatorUpn = r.optional('EvaluatorUpn', readUpn);
    const key = `${projectId}|${upn}|${perspective}|${evaluatorUpn ?? ''}`;
    if (seenEvaluations.has(key)) return r.duplicate(`同じ評価者による同じ観点の評価が重複しています（${projectId}、${upn}）`);
    seenEvaluations.add(key);
    records.evaluations.push({ projectId, upn, perspective, score, evaluatorUpn });
  });

  const seenQualifications = new Set<string>();
  handlers.Qualifications = (list) => each(list, 'Qualifications', (r) => {
    const upn = person(r, 'Upn');
    const qualification = r.required('Qualification', resolveWith(vocab.qualifications, 'REF.UNKNOWN_QUALIFICATION', 'プログラムに定義のない資格です'));
    if (upn === undefined || qualification === undefined) return;
    // A qualification acquired after today is not held: the row is refused, never kept undated.
    const acquiredOn = r.optional('AcquiredOn', notAfter(today, '取得日'));
    if (r.refused) return;
    const key = `${upn}|${qualification}`;
    if (seenQualifications.has(key)) return r.duplicate(`同じ資格の行が重複しています（${upn}、${qualification}）`);
    seenQualifications.add(key);
    records.qualifications.push({ upn, qualification, acquiredOn });
  });

  const seenContributions = new Set<string>();
  handlers.Contributions = (list) => each(list, 'Contributions', (r) => {
    const upn = person(r, 'Upn');
    const kind = r.required('Kind', resolveWith(vocab.contributionKinds, 'REF.UNKNOWN_CONTRIBUTION_KIND', 'プログラムに定義のない貢献の種別です'));
    const date = r.required('Date', notAfter(today, '日付'));
    if (upn === undefined || kind === undefined || date === undefined) return;
    const title = r.optional('Title', readText);
    const key = `${upn}|${kind}|${date}|${title ?? ''}`;
    if (seenContributions.has(key)) return r.duplicate(`同じ貢献の行が重複しています（${upn}、${kind}、${date}）`);
    seenContributions.add(key);
    records.contributions.push({ upn, kind, date, title });
  });

  const seenSkills = new Set<string>();
  handlers.SkillLevels = (list) => each(list, 'SkillLevels', (r) => {
    const upn = person(r, 'Upn');
    const skill = r.required('Skill', resolveWith(vocab.skills, 'REF.UNKNOWN_SKILL', 'スキルマップにないスキルです'));
    const level = r.required('Level', integerInRange(scales.skillLevel.min, scales.skillLevel.max, 'レベル'));
    if (upn === undefined || skill === undefined || level === undefined) return;
    const assessedOn = r.optional('AssessedOn', notAfter(today, '評価日'));
    if (r.refused) return;
    const assessor = r.optional('Assessor', readUpn);
    const key = `${upn}|${skill}|${assessedOn ?? ''}|${assessor ?? ''}`;
    if (seenSkills.has(key)) return r.duplicate(`同じスキル評価の行が重複しています（${upn}、${skill}）`);
    seenSkills.add(key);
    records.skillLevels.push({ upn, skill, level, assessedOn, assessor });
  });

  handlers.Nominations = (list) => each(list, 'Nominations', (r) => {
    const nomination = readNominationRow(r, vocab, (column) => person(r, column));
    if (nomination) records.nominations.push(nomination);
  });

  handlers.Submissions = (list) => each(list, 'Submissions', (r) => {
    const submission = readSubmissionRow(r, programme, vocab, (id) => courseIds.has(id), (id) => !read.has('Projects') || projectIds.has(id), (column) => person(r, column));
    if (submission) records.submissions.push(submission);
  });

  let last = -1;
  return {
    add(name, list) {
      const index = LIST_NAMES.indexOf(name);
      if (index <= last) throw new Error(`lists must be added in LIST_NAMES order: ${name} came after ${LIST_NAMES[last]}`);
      last = index;
      if (readable(list)) read.add(name);
      // The source's own findings about this list come before its rows' (known only once read).
      const at = issues.length;
      handlers[name]?.(list);
      issues.splice(at, 0, ...list.issues);
    },
    finish: () => ({ records, issues }),
  };
}

// ---- row reading ----------------------------------------------------------------------------------

class RowReader {
  /** Set once an issue refuses the row: its record must not be kept. */
  refused = false;

  constructor(
    private readonly list: ListName,
    readonly ref: RawRow,
    private readonly issues: DataQualityIssue[],
    private readonly notes: ColumnNotes,
  ) {}

  /** A required cell: blank or unreadable skips the row. */
  required<T>(column: string, read: (v: unknown) => CodedCell<T>): T | undefined {
    const v = this.ref.fields[column];
    if (isBlank(v)) {
      this.issue(column, '', 'VALUE.REQUIRED', `必須項目「${columnLabel(this.list, column)}」（${column}）が空欄です`, 'rowSkipped');
      return undefined;
    }
    return this.read(column, v, read(v), 'rowSkipped');
  }

  /**
   * An optional cell: blank gives undefined, unreadable is reported and ignored — unless the read
   * says the row cannot stand without it (a fact dated after today), which refuses the row.
   */
  optional<T>(column: string, read: (v: unknown) => CodedCell<T>): T | undefined {
    const v = this.ref.fields[column];
    if (isBlank(v)) return undefined;
    return this.read(column, v, read(v), 'valueIgnored');
  }

  private read<T>(column: string, v: unknown, cell: CodedCell<T>, effect: IssueEffect): T | undefined {
    if (cell.note) this.notes.add(this.list, this.ref, column, cellText(v), cell.note);
    if (cell.ok) return cell.value;
    this.issue(column, cellText(v), codeOf(cell, column), cell.reason, cell.refusesRow ? 'rowSkipped' : effect);
    return undefined;
  }

  skip(column: string, value: string, code: string, reason: string): void {
    this.issue(column, value, code, reason, 'rowSkipped');
  }

  duplicate(reason: string, column?: string, value?: string): void {
    this.issue(column, value, 'DUPLICATE.ROW', reason, 'rowSkipped');
  }

  issue(column: string | undefined, value: string | undefined, code: string, reason: string, effect: IssueEffect): void {
    if (effect === 'rowSkipped') this.refused = true;
    this.issues.push(issueAt(this.list, this.ref, column, value, code, reason, effect));
  }
}

function issueAt(list: ListName, ref: RawRow, column: string | undefined, value: string | undefined, code: string, reason: string, effect: IssueEffect): DataQualityIssue {
  const issue: DataQualityIssue = { list, code, reason, effect };
  if (ref.row !== undefined) issue.row = ref.row;
  if (ref.itemId !== undefined) issue.itemId = ref.itemId;
  if (column !== undefined) issue.column = column;
  if (value) issue.value = value;
  return issue;
}

/**
 * Something worth knowing about how a cell was read (an Excel serial date), with what was read for
 * the message: "45017 → 2023-04-01".
 */
interface CellNote {
  code: string;
  shown: string;
}

/** The note's text for a column, given the column's name, how many rows had it and the first one. */
const NOTE_TEXT: Record<string, (column: string, rows: number, first: string) => string> = {
  'VALUE.EXCEL_SERIAL_DATE': (column, rows, first) =>
    `${rows > 1 ? `${column}の ${rows.toLocaleString('ja-JP')} 行` : column}が Excel の日付シリアル値でした（${first}${rows > 1 ? ' など' : ''}）。` +
    '日付として読みました。Excel で列の書式を「日付」に戻して保存し直してください',
};

/**
 * Notes about a column rather than a row: one issue per list, column and kind, at the first row
 * it was seen in, saying how many rows had it — a column that lost its date format in Excel is
 * one finding, not 10,000.
 */
class ColumnNotes {
  private readonly open = new Map<string, { issue: DataQualityIssue; rows: number; first: string; label: string }>();

  constructor(private readonly issues: DataQualityIssue[]) {}

  add(list: ListName, ref: RawRow, column: string, value: string, note: CellNote): void {
    const key = `${column}|${note.code}`;
    const seen = this.open.get(key);
    if (seen) {
      seen.rows++;
      return;
    }
    const issue = issueAt(list, ref, column, value, note.code, '', 'note');
    this.issues.push(issue);
    this.open.set(key, { issue, rows: 1, first: note.shown, label: `「${columnLabel(list, column)}」（${column}）` });
  }

  /** Writes each note's text, now that its count is known; called at the end of every list. */
  close(): void {
    for (const { issue, rows, first, label } of this.open.values()) issue.reason = NOTE_TEXT[issue.code]!(label, rows, first);
    this.open.clear();
  }
}

/** The Japanese display name of a column (受講日 for CompletedOn). */
function columnLabel(list: ListName, column: string): string {
  return LISTS[list].columns.find((c) => c.name === column)?.label.ja ?? column;
}

/** A list that was read: present and not skipped as a whole. */
function readable(list: RawList): boolean {
  return !list.issues.some((i) => i.effect === 'listSkipped');
}

/**
 * A Roles row: the one reading of the list's items, for the snapshot and for an award read afresh
 * (award-store.ts). A revocation (RevokedAt) ends the role the day before it, even when that is before
 * its start (revoked the day it was awarded: never held); the row stays, with who revoked it and why.
 */
function readRoleRow(
  r: RowReader,
  vocab: ProgrammeVocabulary,
  person: (column: string) => string | undefined,
  knownSection: (v: unknown) => CodedCell<string> = (v) => ok(cellText(v)),
): RoleRecord | undefined {
  const upn = person('Upn');
  const role = r.required('Role', resolveWith(vocab.rolesAndCertifications, 'REF.UNKNOWN_ROLE', 'プログラムに定義のない役割・認定です'));
  const start = r.required('StartDate', readCellDate);
  if (upn === undefined || role === undefined || start === undefined) return undefined;
  let end = r.optional('EndDate', readCellDate);
  if (end && end < start) return void r.skip('EndDate', end, 'VALUE.DATE_ORDER', `終了日 ${end} が開始日 ${start} より前です`);
  const record: RoleRecord = { upn, role, section: r.optional('Section', knownSection), start, end, source: r.optional('Source', readText) };
  if (r.ref.itemId) record.itemId = r.ref.itemId;
  const confirmedByUpn = r.optional('ConfirmedByUpn', readUpn);
  const confirmedAt = r.optional('ConfirmedAt', readDateTime);
  const certificateNumber = r.optional('CertificateNumber', readText);
  const revokedAt = r.optional('RevokedAt', readDateTime);
  if (confirmedByUpn) record.confirmedByUpn = confirmedByUpn;
  if (confirmedAt) record.confirmedAt = confirmedAt;
  if (certificateNumber) record.certificateNumber = certificateNumber;
  if (revokedAt) {
    const revokedByUpn = r.optional('RevokedByUpn', readUpn);
    const reason = r.optional('RevocationReason', readText);
    record.revocation = { at: revokedAt, ...(revokedByUpn ? { byUpn: revokedByUpn } : {}), ...(reason ? { reason } : {}) };
    const lastDay = addDays(jstDate(new Date(revokedAt)), -1);
    if (!end || lastDay < end) end = lastDay;
    record.end = end;
  }
  return record;
}

/** One Roles item read afresh (an award about to be revoked), by the same rules as the snapshot's reading. */
export function parseRoleItem(programme: Programme, item: { itemId: string; fields: Record<string, unknown> }): { role?: RoleRecord; issues: DataQualityIssue[] } {
  const issues: DataQualityIssue[] = [];
  const notes = new ColumnNotes(issues);
  const r = new RowReader('Roles', { itemId: item.itemId, fields: item.fields }, issues, notes);
  const role = readRoleRow(r, programmeVocabulary(programme), (column) => r.required(column, readUpn));
  notes.close();
  return { ...(role && !r.refused ? { role } : {}), issues };
}

/**
 * A Nominations row as a nomination: the one reading of the list's items, for the snapshot (every
 * row, the nominee checked against the Staff list) and for a decision (one item read afresh).
 * Status in English or Japanese (承認待ち, 審査中, 承認, 却下 …), the role by id, label or alias.
 */
function readNominationRow(r: RowReader, vocab: ProgrammeVocabulary, person: (column: string) => string | undefined): NominationRecord | undefined {
  const nomineeUpn = person('NomineeUpn');
  const role = r.required('Role', resolveWith(vocab.rolesAndCertifications, 'REF.UNKNOWN_ROLE', 'プログラムに定義のない役割です'));
  const section = r.required('Section', readText);
  const nominatedByUpn = r.required('NominatedByUpn', readUpn);
  const approverUpn = r.required('ApproverUpn', readUpn);
  const status = r.required('Status', readNominationStatus);
  const requestedAt = r.required('RequestedAt', readDateTime);
  if (!nomineeUpn || !role || !section || !nominatedByUpn || !approverUpn || !status || !requestedAt) return undefined;
  return {
    itemId: r.ref.itemId,
    nomineeUpn,
    role,
    section,
    nominatedByUpn,
    approverUpn,
    status,
    reason: r.optional('Reason', readText),
    decisionComment: r.optional('DecisionComment', readText),
    requestedAt,
    decidedAt: r.optional('DecidedAt', readDateTime),
    replacesUpn: r.optional('ReplacesUpn', readUpn),
    approverChanges: r.optional('ApproverChanges', readText),
  };
}

/**
 * One Nominations item read afresh (a decision acts on the list, not the snapshot), by the same
 * rules as the snapshot's reading; `issues` say why an unreadable item is not a nomination.
 */
export function parseNominationItem(programme: Programme, item: { itemId: string; fields: Record<string, unknown> }): { nomination?: NominationRecord; issues: DataQualityIssue[] } {
  const issues: DataQualityIssue[] = [];
  const notes = new ColumnNotes(issues);
  const r = new RowReader('Nominations', { itemId: item.itemId, fields: item.fields }, issues, notes);
  const nomination = readNominationRow(r, programmeVocabulary(programme), (column) => r.required(column, readUpn));
  notes.close();
  return { ...(nomination && !r.refused ? { nomination } : {}), issues };
}

/**
 * A Submissions row as a report: the one reading of the list's items, for the snapshot and for a
 * decision (one item read afresh). The Payload's ids are resolved by the programme's vocabularies
 * (a hand-typed "ITパスポート" is the qualification it names), levels checked against the scale.
 */
function readSubmissionRow(
  r: RowReader,
  programme: Programme,
  vocab: ProgrammeVocabulary,
  knownCourse: (id: string) => boolean,
  knownProject: (id: string) => boolean,
  person: (column: string) => string | undefined,
): SubmissionRecord | undefined {
  const kind = r.required('Kind', (v): CodedCell<SubmissionKind> => {
    const k = readSubmissionKind(cellText(v));
    return k ? ok(k) : { ok: false, reason: `申請の種別が読めません: "${cellText(v)}"（qualification / course / contribution / skill / evaluation / role-declaration）`, code: 'VALUE.INVALID' };
  });
  // An evaluator may be outside the tenant (委託業者, entered by the office): only the form of the UPN is checked.
  const subjectUpn = kind === 'evaluation' ? r.required('SubjectUpn', readUpn) : person('SubjectUpn');
  const status = r.required('Status', (v): CodedCell<NonNullable<ReturnType<typeof readSubmissionStatus>>> => {
    const st = readSubmissionStatus(cellText(v));
    return st ? ok(st) : { ok: false, reason: `申請の状態が読めません: "${cellText(v)}"（確認待ち・確認済み・差し戻し・取下げ）`, code: 'VALUE.INVALID' };
  });
  const submittedAt = r.required('SubmittedAt', readDateTime);
  const payloadText = r.required('Payload', readText);
  if (!subjectUpn || !kind || !status || !submittedAt || payloadText === undefined) return undefined;
  const payload = readSubmissionPayload(kind, payloadText);
  if (!payload.ok) return void r.skip('Payload', payloadText.slice(0, 80), 'VALUE.INVALID', payload.reason);
  const fact = resolveFact(payload.fact, programme, vocab, knownCourse, knownProject);
  if (typeof fact === 'string') return void r.skip('Payload', payloadText.slice(0, 80), 'REF.UNKNOWN_REPORTED', fact);
  const record: SubmissionRecord = { itemId: r.ref.itemId, subjectUpn, fact, status, submittedAt };
  if (payload.note) record.note = payload.note;
  if (payload.evidence) record.evidence = payload.evidence;
  const evidenceUrl = r.optional('EvidenceUrl', readHttpsUrl);
  const confirmerUpn = r.optional('ConfirmerUpn', readUpn);
  const comment = r.optional('Comment', readText);
  const decidedAt = r.optional('DecidedAt', readDateTime);
  const decidedByUpn = r.optional('DecidedByUpn', readUpn);
  if (evidenceUrl) record.evidenceUrl = evidenceUrl;
  if (confirmerUpn) record.confirmerUpn = confirmerUpn;
  if (comment) record.comment = comment;
  if (decidedAt) record.decidedAt = decidedAt;
  if (decidedByUpn) record.decidedByUpn = decidedByUpn;
  return record;
}

/** The fact with its ids resolved by the programme's vocabularies, or why it cannot be. */
function resolveFact(fact: SubmissionFact, programme: Programme, vocab: ProgrammeVocabulary, knownCourse: (id: string) => boolean, knownProject: (id: string) => boolean): SubmissionFact | string {
  const scales = programme.scales;
  switch (fact.kind) {
    case 'evaluation': {
      const perspective = vocab.perspectives.resolve(fact.perspective);
      if (!perspective) return `プログラムに定義のない評価の観点です: "${fact.perspective}"`;
      if (!knownProject(fact.project)) return `DX案件リストにない案件IDです: "${fact.project}"`;
      const { min, max } = scales.evaluation;
      const out = fact.scores?.find((x) => x < min || x > max);
      if (out !== undefined) return `評点が範囲外です: ${out}（${min}〜${max}）`;
      return { ...fact, perspective };
    }
    case 'role-declaration': {
      const id = vocab.rolesAndCertifications.resolve(fact.role);
      const role = programme.roles.find((x) => x.id === id);
      if (!role) return `プログラムに定義のない役割です: "${fact.role}"`;
      if (role.assignment !== 'self') return `自分で申し出る役割ではありません: "${fact.role}"`;
      return { ...fact, role: role.id };
    }
    case 'qualification': {
      const id = vocab.qualifications.resolve(fact.qualification);
      return id ? { ...fact, qualification: id } : `プログラムに定義のない資格です: "${fact.qualification}"`;
    }
    case 'course': {
      const id = vocab.courses.resolve(fact.course);
      return id && knownCourse(id) ? { ...fact, course: id } : `研修リストにもプログラムにもない研修です: "${fact.course}"`;
    }
    case 'contribution': {
      const id = vocab.contributionKinds.resolve(fact.contribution);
      return id ? { ...fact, contribution: id } : `プログラムに定義のない貢献の種別です: "${fact.contribution}"`;
    }
    case 'skill': {
      const id = vocab.skills.resolve(fact.skill);
      if (!id) return `スキルマップにないスキルです: "${fact.skill}"`;
      if (!Number.isInteger(fact.level) || fact.level < scales.skillLevel.min || fact.level > scales.skillLevel.max) {
        return `レベルが範囲外です: ${fact.level}（${scales.skillLevel.min}〜${scales.skillLevel.max}）`;
      }
      return { ...fact, skill: id };
    }
  }
}

/**
 * One Submissions item read afresh (a decision acts on the list, not the snapshot), by the same
 * rules as the snapshot's reading; `issues` say why an unreadable item is not a report.
 */
export function parseSubmissionItem(
  programme: Programme,
  item: { itemId: string; fields: Record<string, unknown> },
  extraCourses: Iterable<string> = [],
): { submission?: SubmissionRecord; issues: DataQualityIssue[] } {
  const issues: DataQualityIssue[] = [];
  const notes = new ColumnNotes(issues);
  const r = new RowReader('Submissions', { itemId: item.itemId, fields: item.fields }, issues, notes);
  const vocab = programmeVocabulary(programme);
  const extra = [...extraCourses];
  const courses = new Set([...programme.courses.map((c) => c.id), ...extra]);
  for (const id of extra) vocab.courses.add(id);
  const submission = readSubmissionRow(r, programme, vocab, (id) => courses.has(id), () => true, (column) => r.required(column, readUpn));
  notes.close();
  return { ...(submission && !r.refused ? { submission } : {}), issues };
}

/**
 * What a cell reader gives: a value (perhaps with a note), or a failure with its own stable code
 * (REF.UNKNOWN_…; plain failures get one from the column type) and whether it refuses the row even
 * where the cell is optional.
 */
type CodedCell<T> = { ok: true; value: T; note?: CellNote } | { ok: false; reason: string; code?: string; refusesRow?: boolean; note?: CellNote };

function codeOf(cell: { ok: false; reason: string; code?: string }, column: string): string {
  if (cell.code) return cell.code;
  if (/Date|On$/.test(column)) return 'VALUE.DATE';
  if (/Upn$/.test(column) || column === 'Assessor') return 'VALUE.UPN';
  return 'VALUE.INVALID';
}

/** A date as readDate reads it, or an Excel serial date (45017), read with a note. */
function readCellDate(v: unknown): CodedCell<LocalDate> {
  const d = readDate(v);
  if (d.ok) return d;
  const serial = readExcelSerialDate(v);
  if (serial !== undefined) return { ok: true, value: serial, note: { code: 'VALUE.EXCEL_SERIAL_DATE', shown: `${cellText(v)} → ${serial}` } };
  return { ...d, code: 'VALUE.DATE' };
}

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });

function readText(v: unknown): Cell<string> {
  const s = typeof v === 'string' ? v.trim() : cellText(v);
  return s ? ok(s) : { ok: false, reason: '空欄です' };
}

function nonNegative(v: unknown): CodedCell<number> {
  const n = readNumber(v);
  if (!n.ok) return { ...n, code: 'VALUE.NUMBER' };
  return n.value < 0 ? { ok: false, reason: `負の値です: ${n.value}`, code: 'VALUE.OUT_OF_RANGE' } : n;
}

function inRange(min: number, max: number, what: string) {
  return (v: unknown): CodedCell<number> => {
    const n = readNumber(v);
    if (!n.ok) return { ...n, code: 'VALUE.NUMBER' };
    if (n.value < min || n.value > max) {
      return { ok: false, reason: `${what}が範囲外です: ${n.value}（${min}〜${max}）`, code: 'VALUE.OUT_OF_RANGE' };
    }
    return n;
  };
}

function integerInRange(min: number, max: number, what: string) {
  return (v: unknown): CodedCell<number> => {
    const n = readInteger(v);
    if (!n.ok) return { ...n, code: 'VALUE.NUMBER' };
    if (n.value < min || n.value > max) {
      return { ok: false, reason: `${what}が範囲外です: ${n.value}（${min}〜${max}）`, code: 'VALUE.OUT_OF_RANGE' };
    }
    return n;
  };
}

/**
 * A fact's date: one after today is refused with the whole row, required or not — a completion,
 * qualification or assessment that has not happened yet counts nowhere (the engines also leave out
 * what is dated after the evaluation date, which may be earlier than today).
 */
function notAfter(today: LocalDate, what: string) {
  return (v: unknown): CodedCell<LocalDate> => {
    const d = readCellDate(v);
    if (d.ok && d.value > today) return { ok: false, reason: `${what}が未来の日付です: ${d.value}`, code: 'VALUE.FUTURE_DATE', refusesRow: true, note: d.note };
    return d;
  };
}

function resolveWith(vocab: Vocabulary, code: string, reason: string) {
  return (v: unknown): CodedCell<string> => {
    const text = cellText(v);
    const id = vocab.resolve(text);
    return id ? ok(id) : { ok: false, reason: `${reason}: "${text}"`, code };
  };
}

function readFiscalYear(v: unknown): CodedCell<number> {
  const fy = parseFiscalYearKey(cellText(v));
  if (fy !== undefined && fy >= 2000 && fy <= 2100) return ok(fy);
  return { ok: false, reason: `年度として読めません: "${cellText(v)}"（例: 2024、R6、令和6年度）`, code: 'VALUE.FISCAL_YEAR' };
}

function readProjectRole(v: unknown): CodedCell<ProjectRole> {
  const role = PROJECT_ROLES[cellText(v).toLowerCase()];
  return role
    ? ok(role)
    : { ok: false, reason: `案件での立場が読めません: "${cellText(v)}"（leader/リーダー または member/メンバー）`, code: 'REF.UNKNOWN_PROJECT_ROLE' };
}

function readNominationStatus(v: unknown): CodedCell<NominationStatus> {
  const s = NOMINATION_STATUS[cellText(v).toLowerCase()];
  return s ? ok(s) : { ok: false, reason: `推薦の状態が読めません: "${cellText(v)}"`, code: 'VALUE.INVALID' };
}

/**
 * An instant: ISO with Z or an offset (Graph), or a wall-clock time without one (a CSV typed in
 * Japan), which is JST; Date.parse would take it in the server's zone (UTC on App Service).
 */
function readDateTime(v: unknown): CodedCell<string> {
  const text = cellText(v);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2})(:\d{2}(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (m && isLocalDate(m[1]!) && Number(m[2] ?? 0) < 24) {
    const zone = m[5] ? m[5].toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : '+09:00';
    const t = Date.parse(`${m[1]}T${(m[2] ?? '0').padStart(2, '0')}:${m[3] ?? '00'}${m[4] ?? ':00'}${zone}`);
    if (!Number.isNaN(t)) return ok(new Date(t).toISOString());
  }
  return { ok: false, reason: `日時として読めません: "${text}"（例: 2026-04-01T09:00:00+09:00）`, code: 'VALUE.DATE' };
}

function readHttpsUrl(v: unknown): CodedCell<string> {
  const text = cellText(v);
  return /^https?:\/\/\S+$/.test(text) ? ok(text) : { ok: false, reason: `URL として読めません: "${text}"`, code: 'VALUE.INVALID' };
}

/** TransferPlanned holds yes/no or the planned date. */
/** フリガナ: kana of any width, kept as full-width katakana; anything else (kanji, letters) is not a reading. */
function readReading(v: unknown): CodedCell<string> {
  const text = cellText(v).trim();
  const reading = normalizeReading(text);
  return reading ? ok(reading) : { ok: false, reason: `フリガナがカナではありません: "${text}"（ひらがな・カタカナで書いてください）`, code: 'VALUE.NOT_KANA' };
}

function readTransfer(v: unknown): CodedCell<{ planned: boolean; date?: LocalDate }> {
  const b = readBoolean(v);
  if (b.ok) return ok({ planned: b.value });
  const d = readCellDate(v);
  if (d.ok) return { ok: true, value: { planned: true, date: d.value }, note: d.note };
  return { ok: false, reason: `異動予定が読めません: "${cellText(v)}"（はい/いいえ、または予定日）`, code: 'VALUE.INVALID' };
}
