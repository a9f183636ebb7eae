/**
 * What the tab API returns: plain JSON views built from the evaluation, with labels in both
 * languages (the tab picks ja or en). Types here are the API's contract; tab/ imports them.
 */
import { searchKey } from '../domain/kana';
import { sectionKey, unitOfKey } from '../domain/units';
import { formatFiscalYear, workingDaysBetween, type FiscalYear } from '../domain/fiscal-calendar';
import { jstDate, type LocalDate } from '../domain/local-date';
import type { KpiResult } from '../domain/kpi-engine';
import type { Label, Locale } from '../domain/label';
import { LISTS, type ListName } from '../domain/lists';
import type { Programme } from '../domain/programme';
import { evaluatePerson, type MissingItem, type PersonProgress } from '../domain/progress';
import type { DataQualityIssue, NominationRecord, StaffRecord } from '../domain/records';
import type { Snapshot } from '../domain/snapshot';
import { canSeePerson, type Scope, type Unit } from './access';
import type { DigestEntry, JobRun, ReminderEntry } from '../ports';
import { pick, t as reportText, type ReportStringKey } from '../i18n/report';
import type { Evaluated, SyncStatus, YearEvaluation } from './programme-service';
import type { SenderStats } from './reminder-sender';

export interface MeView {
  upn: string;
  name: string;
  department?: string;
  section?: string;
  grade?: string;
  /** The programme office sees the whole programme. */
  office: boolean;
  /** Sections this person manages. */
  manages: Unit[];
  programme: {
    id: string;
    label: Label;
    municipality: Label;
    fiscalYear: FiscalYear;
    fiscalYearLabel: Label;
    hasSkillMap: boolean;
    nominatedRoles: Array<{ id: string; label: Label }>;
    /** The certifications the office awards (認定); empty when the programme has none. */
    certifications?: Array<{ id: string; label: Label }>;
  };
  asOf: string;
  syncedAt: string;
  /** Reports (issue 12): whether the programme takes any from staff, and whether this caller confirms some (the 確認 view). */
  reports?: { canReport: boolean; confirms: boolean; waiting: number };
  /** Evaluation rounds (issue 12, 真岡市): the programme's perspectives (none: no rounds), the caller's parts in rounds and those waiting for their answer. */
  evaluations?: { perspectives: Array<{ id: string; label: Label; aspect?: Label }>; mine: number; waiting: number };
  /** Self-declared roles (手挙げ方式): how many roles the programme opens to volunteers (マイステップ offers them). */
  declarations?: { roles: number };
}

export function meView(programme: Programme, e: Evaluated, scope: Scope): MeView {
  return {
    upn: scope.caller.upn,
    name: scope.staff?.name ?? scope.caller.name ?? scope.caller.upn,
    department: scope.staff?.department,
    section: scope.staff?.section,
    grade: scope.staff?.gradeText,
    office: scope.office,
    manages: scope.sections,
    programme: {
      id: programme.id,
      label: programme.label,
      municipality: programme.municipality,
      fiscalYear: e.fiscalYear,
      fiscalYearLabel: { ja: formatFiscalYear(e.fiscalYear, 'ja'), en: formatFiscalYear(e.fiscalYear, 'en') },
      hasSkillMap: programme.skillMap !== undefined,
      nominatedRoles: programme.roles.filter((r) => r.assignment === 'nominated').map((r) => ({ id: r.id, label: r.label })),
      certifications: programme.certifications.map((c) => ({ id: c.id, label: c.label })),
    },
    asOf: e.asOf,
    syncedAt: e.syncedAt,
  };
}

export interface SkillRow {
  skill: string;
  label: Label;
  category?: Label;
  /** The latest assessment, self or manager. */
  level?: number;
  assessedBy?: 'self' | 'manager';
  assessedOn?: string;
  /** The highest level a role or certification the person holds expects. */
  expected?: number;
  expectedBy?: Label;
}

export interface ProgressView {
  person: { upn: string; name: string; department: string; section: string; grade: string };
  progress: PersonProgress;
  skillMap?: { label: Label; levels: Array<{ level: number; label: Label }>; rows: SkillRow[] };
}

/** One person's progress in full detail (every requirement with its own evidence) and skill map. */
export function progressView(programme: Programme, snapshot: Snapshot, staff: StaffRecord, asOf: string): ProgressView {
  const progress = evaluatePerson(snapshot, staff, asOf);
  const view: ProgressView = {
    person: { upn: staff.upn, name: staff.name, department: staff.department, section: staff.section, grade: staff.gradeText },
    progress,
  };
  const map = programme.skillMap;
  if (map) {
    const held = new Set([...progress.roles.map((r) => r.role), ...progress.certifications.filter((c) => c.status === 'held').map((c) => c.certification)]);
    const levels = snapshot.skillLevels.get(staff.upn);
    view.skillMap = {
      label: map.label,
      levels: map.levels,
      rows: map.skills.map((skill) => {
        const row: SkillRow = { skill: skill.id, label: skill.label, category: skill.category };
        let latest: { level: number; on?: string; assessor?: string } | undefined;
        for (const s of levels?.get(skill.id) ?? []) {
          if (s.assessedOn && s.assessedOn > asOf) continue;
          if (!latest || (s.assessedOn ?? '') >= (latest.on ?? '')) latest = { level: s.level, on: s.assessedOn, assessor: s.assessor };
        }
        if (latest) {
          row.level = latest.level;
          row.assessedOn = latest.on;
          row.assessedBy = !latest.assessor || latest.assessor === staff.upn ? 'self' : 'manager';
        }
        for (const x of map.expectations) {
          if (x.skill !== skill.id || !held.has(x.holder) || (row.expected !== undefined && row.expected >= x.level)) continue;
          row.expected = x.level;
          row.expectedBy = programme.roles.find((r) => r.id === x.holder)?.label ?? programme.certifications.find((c) => c.id === x.holder)?.label;
        }
        return row;
      }),
    };
  }
  return view;
}

export interface MemberRow {
  upn: string;
  name: string;
  /** How the name reads (フリガナ), where the Staff list has it. */
  kana?: string;
  grade: string;
  roles: Array<{ role: string; label: Label; stepLabel?: Label; stepsReached: number; stepsTotal: number }>;
  pending: number;
  overdue: number;
  nextDue?: string;
}

export interface MembersPage {
  unit: Unit;
  total: number;
  items: MemberRow[];
  /** Of `total`, people the Staff list gives no reading for: listed after everyone else (see byReading). */
  withoutReading: number;
  /** Pass back as ?cursor= for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface MembersQuery {
  sort: 'name' | 'pending' | 'overdue' | 'step';
  /** Text in the name, its reading (kana of any width) or the UPN. */
  q?: string;
  /** Only people with something pending. */
  pendingOnly?: boolean;
  cursor?: string;
  limit: number;
}

const JA = new Intl.Collator('ja');

/**
 * People in あいうえお順: by reading (フリガナ), as a Japanese office lists them. Kanji sorted by code
 * point is no order anyone reads, so people without a reading come after everyone with one (the tab
 * says how many), among themselves by name.
 */
export function byReading(a: { name: string; kana?: string }, b: { name: string; kana?: string }): number {
  if (a.kana && b.kana) return JA.compare(a.kana, b.kana) || JA.compare(a.name, b.name);
  if (a.kana || b.kana) return a.kana ? -1 : 1;
  return JA.compare(a.name, b.name);
}

/** Whether a person matches a search: in the name, in the reading (hiragana, katakana, half-width alike) or in the UPN. */
export function matchesPerson(p: { name: string; kana?: string; upn: string }, q: string | undefined): boolean {
  if (!q) return true;
  const key = searchKey(q);
  return key === '' || searchKey(p.name).includes(key) || (p.kana !== undefined && searchKey(p.kana).includes(key)) || p.upn.includes(key);
}

/** A section's members with their steps and what is pending, filtered, sorted and paged. */
export function membersPage(e: Evaluated, unit: Unit, query: MembersQuery): MembersPage {
  const people = e.bySection.get(sectionKey(unit)) ?? [];
  const rows = people
    .map((p) => memberRow(p, e.snapshot.staffByUpn.get(p.upn)?.kana))
    .filter((r) => matchesPerson(r, query.q) && (!query.pendingOnly || r.pending > 0));
  const stepSum = (r: MemberRow): number => r.roles.reduce((n, x) => n + x.stepsReached, 0);
  rows.sort(
    query.sort === 'pending'
      ? (a, b) => b.pending - a.pending || byReading(a, b)
      : query.sort === 'overdue'
        ? (a, b) => b.overdue - a.overdue || byReading(a, b)
        : query.sort === 'step'
          ? (a, b) => stepSum(a) - stepSum(b) || byReading(a, b)
          : byReading,
  );
  const start = query.cursor ? Number(query.cursor) : 0;
  const items = rows.slice(start, start + query.limit);
  const next = start + items.length;
  return { unit, total: rows.length, items, withoutReading: rows.filter((r) => !r.kana).length, nextCursor: next < rows.length ? String(next) : undefined };
}

function memberRow(p: PersonProgress, kana: string | undefined): MemberRow {
  const due = p.nextActions.map((m) => m.due).filter((d): d is string => !!d).sort();
  return {
    upn: p.upn,
    name: p.name,
    ...(kana ? { kana } : {}),
    grade: p.gradeText,
    roles: p.roles.map((r) => ({
      role: r.role,
      label: r.label,
      stepLabel: r.stepsReached > 0 ? r.steps[r.stepsReached - 1]!.label : undefined,
      stepsReached: r.stepsReached,
      stepsTotal: r.steps.length,
    })),
    pending: p.nextActions.length,
    overdue: p.nextActions.filter((m: MissingItem) => m.overdue).length,
    nextDue: due[0],
  };
}

export interface SectionSummary extends Unit {
  people: number;
  pending: number;
  overdue: number;
}

/** The sections a scope covers, with head counts: all for the office, the managed ones otherwise. */
export function sectionsView(e: Evaluated, scope: Scope): SectionSummary[] {
  const out: SectionSummary[] = [];
  for (const [key, people] of e.bySection) {
    const { department, section } = unitOfKey(key);
    if (!scope.office && !scope.sections.some((s) => s.department === department && s.section === section)) continue;
    out.push({
      department,
      section,
      people: people.length,
      pending: people.reduce((n, p) => n + p.nextActions.length, 0),
      overdue: people.reduce((n, p) => n + p.nextActions.filter((m) => m.overdue).length, 0),
    });
  }
  return out.sort((a, b) => JA.compare(a.department, b.department) || JA.compare(a.section, b.section));
}

export interface ProgrammeView {
  fiscalYear: FiscalYear;
  fiscalYearLabel: Label;
  /** The date the year is read on: its last day (3/31) for a past year, today for the current one. */
  asOf: string;
  /** The current fiscal year (so the tab can tell a past year's end from today). */
  currentFiscalYear: FiscalYear;
  /** Fiscal years the office can pick (the plan's years up to this one). */
  fiscalYears: FiscalYear[];
  kpis: KpiResult[];
  /** People on each step of each role (those with steps), as of `asOf`. */
  steps: StepDistribution[];
  /** Holders of each certification and those who qualify, as of `asOf`. */
  certifications: Array<{ certification: string; label: Label; held: number; qualifies: number }>;
}

/** How many holders of a role stand on each of its steps (`none`: not on the first yet). */
export interface StepDistribution {
  role: string;
  label: Label;
  holders: number;
  none: number;
  steps: Array<{ step: string; label: Label; count: number }>;
}

/** People on each step of each role with steps, from one evaluation of them (the tab's chart, the digest, the year-end report). */
export function stepDistribution(programme: Programme, people: readonly PersonProgress[]): StepDistribution[] {
  return programme.roles
    .filter((r) => r.steps.length > 0)
    .map((role) => {
      const holders = people.map((p) => p.roles.find((r) => r.role === role.id)).filter((r) => r !== undefined);
      return {
        role: role.id,
        label: role.label,
        holders: holders.length,
        none: holders.filter((h) => h.stepsReached === 0).length,
        steps: role.steps.map((s, i) => ({ step: s.id, label: s.label, count: holders.filter((h) => h.stepsReached === i + 1).length })),
      };
    });
}

/**
 * The programme's KPIs for a fiscal year with its step distribution and certifications, all as of
 * the same date (YearEvaluation: a past year at its 3/31, the current one today).
 */
export function programmeView(programme: Programme, e: Evaluated, year: YearEvaluation): ProgrammeView {
  const first = Math.min(programme.planStartFiscalYear, e.fiscalYear);
  const { fiscalYear, people } = year;
  return {
    fiscalYear,
    fiscalYearLabel: { ja: formatFiscalYear(fiscalYear, 'ja'), en: formatFiscalYear(fiscalYear, 'en') },
    asOf: year.asOf,
    currentFiscalYear: e.fiscalYear,
    fiscalYears: Array.from({ length: e.fiscalYear - first + 1 }, (_, i) => first + i),
    kpis: year.kpis,
    steps: stepDistribution(programme, people),
    certifications: programme.certifications.map((c) => ({
      certification: c.id,
      label: c.label,
      held: people.filter((p) => p.certifications.some((x) => x.certification === c.id && x.status === 'held')).length,
      qualifies: people.filter((p) => p.certifications.some((x) => x.certification === c.id && x.status === 'qualifies')).length,
    })),
  };
}

/** A KPI's unit as the report writes it: %, 人, 所属, 件. */
const UNIT_NAME: Record<KpiResult['unit'], ReportStringKey> = {
  percent: 'unitPercentName',
  people: 'unitPeopleName',
  units: 'unitUnitsName',
  projects: 'unitProjectsName',
};

/** 達成 / 未達 against a target due this year, 順調 / 遅れ against this year's milestone, else 目標なし (as the tab's badge says). */
export function kpiVerdictText(k: Pick<KpiResult, 'met' | 'onTrack'>, locale: Locale = 'ja'): string {
  const key: ReportStringKey = k.met === null ? (k.onTrack === null ? 'kpiNoTarget' : k.onTrack ? 'kpiOnTrack' : 'kpiBehind') : k.met ? 'met' : 'kpiNotMet';
  return reportText(locale, key);
}

/**
 * The KPIs of a fiscal year as rows (overall, then each department followed by its sections), for
 * the year-end review: the KPI CSV and the workbook's 指標 sheet. 年度 and 目標年度 in 令和, units in
 * Japanese. A coverage KPI's section rows give the people found there (unit 人) and 達成 / 未達
 * against the minimum, so the sections that lack one can be filtered.
 */
export function kpiCsvRows(kpis: KpiResult[], locale: Locale = 'ja'): { header: string[]; rows: Array<Array<string | number | undefined>> } {
  const t = (key: ReportStringKey): string => reportText(locale, key);
  const header = [t('fiscalYear'), t('colKpiId'), t('chooseKpi'), t('department'), t('sectionName'), t('value'), t('colNumerator'), t('colDenominator'), t('colUnit'), t('colTarget'), t('colTargetYear'), t('colVerdict'), t('colTrajectory')];
  const fy = (y: FiscalYear | undefined): string | undefined => (y === undefined ? undefined : formatFiscalYear(y, locale));
  const rows: Array<Array<string | number | undefined>> = [];
  for (const k of kpis) {
    const year = fy(k.fiscalYear);
    const unit = t(UNIT_NAME[k.unit]);
    const name = pick(k.label, locale);
    rows.push([year, k.id, name, t('wholeProgramme'), undefined, k.value, k.numerator, k.denominator, unit, k.target?.value, fy(k.target?.fiscalYear), kpiVerdictText(k, locale), k.trajectory]);
    const sections = new Map<string, KpiResult['bySection']>();
    for (const s of k.bySection) sections.set(s.department, [...(sections.get(s.department) ?? []), s]);
    for (const d of k.byDepartment) {
      rows.push([year, k.id, name, d.department, t('wholeDepartment'), d.value, d.numerator, d.denominator, unit, undefined, undefined, undefined, undefined]);
      for (const s of sections.get(d.department) ?? []) {
        rows.push(
          k.coverage
            ? [year, k.id, name, s.department, s.section, s.value, s.numerator, s.denominator, t('unitPeopleName'), k.coverage.min, undefined, t(s.numerator > 0 ? 'met' : 'kpiNotMet'), undefined]
            : [year, k.id, name, s.department, s.section, s.value, s.numerator, s.denominator, unit, undefined, undefined, undefined, undefined],
        );
      }
    }
  }
  return { header, rows };
}

export interface NominationView {
  id?: string;
  nominee: { upn: string; name: string; department?: string; section?: string; grade?: string };
  role: { id: string; label: Label };
  section: string;
  nominatedBy: { upn: string; name: string };
  approver: { upn: string; name: string };
  status: NominationRecord['status'];
  reason?: string;
  decisionComment?: string;
  requestedAt: string;
  decidedAt?: string;
  /** Pending: working days since it was requested (the tab shows its age). */
  ageWorkingDays?: number;
  /** What the caller may do with it in the tab: the approver decides, the nominator withdraws, the office changes the approver. */
  canDecide?: boolean;
  canWithdraw?: boolean;
  canReassign?: boolean;
  /** Each change of approver by the office. */
  approverChanges?: string;
}

/** Nominations the scope may see: its own (as nominator, approver or nominee), its sections', or all for the office. */
export function nominationsView(programme: Programme, snapshot: Snapshot, scope: Scope, status: 'pending' | 'decided' | 'all', today?: LocalDate): NominationView[] {
  const me = scope.caller.upn.toLowerCase();
  const closed = new Set(programme.reminders.closedDays);
  return snapshot.records.nominations
    .filter((n) => (status === 'all' ? true : status === 'pending' ? n.status === 'pending' : n.status !== 'pending'))
    .filter((n) => {
      if (scope.office || n.nominatedByUpn === me || n.approverUpn === me || n.nomineeUpn === me) return true;
      const nominee = snapshot.staffByUpn.get(n.nomineeUpn);
      return nominee !== undefined && canSeePerson(scope, nominee);
    })
    .sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : -1))
    .map((n) => {
      const view = nominationView(programme, snapshot, { ...n, id: n.itemId });
      const pending = n.status === 'pending' && n.itemId !== undefined;
      return {
        ...view,
        ...(pending && today ? { ageWorkingDays: workingDaysBetween(jstDate(new Date(n.requestedAt)), today, closed) } : {}),
        canDecide: pending && n.approverUpn === me,
        canWithdraw: pending && n.nominatedByUpn === me,
        canReassign: pending && scope.office,
        ...(n.approverChanges ? { approverChanges: n.approverChanges } : {}),
      };
    });
}

/** One nomination with names and labels (from the list item as read, or a snapshot record). */
export function nominationView(
  programme: Programme,
  snapshot: Snapshot,
  n: Pick<NominationRecord, 'nomineeUpn' | 'role' | 'section' | 'nominatedByUpn' | 'approverUpn' | 'status' | 'reason' | 'decisionComment' | 'requestedAt' | 'decidedAt'> & { id?: string },
): NominationView {
  const name = (upn: string): string => snapshot.staffByUpn.get(upn)?.name ?? upn;
  const nominee = snapshot.staffByUpn.get(n.nomineeUpn);
  return {
    id: n.id,
    nominee: { upn: n.nomineeUpn, name: name(n.nomineeUpn), department: nominee?.department, section: nominee?.section, grade: nominee?.gradeText },
    role: { id: n.role, label: programme.roles.find((r) => r.id === n.role)?.label ?? { ja: n.role } },
    section: n.section,
    nominatedBy: { upn: n.nominatedByUpn, name: name(n.nominatedByUpn) },
    approver: { upn: n.approverUpn, name: name(n.approverUpn) },
    status: n.status,
    reason: n.reason,
    decisionComment: n.decisionComment,
    requestedAt: n.requestedAt,
    decidedAt: n.decidedAt,
  };
}

export interface DataQualityPage {
  total: number;
  byList: Array<{ list: ListName; label: Label; count: number }>;
  items: DataQualityIssue[];
  nextCursor?: string;
}

/** The data-quality report of the last sync, optionally for one list, paged. */
export function dataQualityPage(snapshot: Snapshot, query: { list?: ListName; cursor?: string; limit: number }): DataQualityPage {
  const counts = new Map<ListName, number>();
  for (const i of snapshot.issues) counts.set(i.list, (counts.get(i.list) ?? 0) + 1);
  const all = query.list ? snapshot.issues.filter((i) => i.list === query.list) : snapshot.issues;
  const start = query.cursor ? Number(query.cursor) : 0;
  const items = all.slice(start, start + query.limit);
  const next = start + items.length;
  return {
    total: all.length,
    byList: [...counts].map(([list, count]) => ({ list, label: LISTS[list].label, count })),
    items,
    nextCursor: next < all.length ? String(next) : undefined,
  };
}

export type SyncView = SyncStatus & { syncedAt?: string };

/** When a scheduled job runs: once per working day (until done), or every N minutes. */
export type JobSchedule = { kind: 'daily' } | { kind: 'every'; minutes: number };

/** A scheduled job as the office's job status shows it. */
export interface JobStatus {
  /** reminders-plan | reminders-requeue | channel-digest | nominations-reconcile */
  name: string;
  schedule: JobSchedule;
  /** The last run, finished or not. */
  last?: JobRun;
  /** The last run that did the period's work. */
  lastDone?: JobRun;
  running: boolean;
}

/**
 * GET /api/jobs (programme office only): the scheduled jobs, today's reminders and this week's
 * channel digests. Everything but `sender` comes from shared storage, so every instance answers alike.
 */
export interface JobsView {
  /** The server's clock when it answered (to age the heartbeat without trusting the browser's clock). */
  now: string;
  scheduler: {
    /** The instance that answered. */
    instanceId: string;
    /** The instance running the jobs, and its last tick (every 30 s). */
    holder?: { instanceId: string; at: string };
    /** A holder ticked within the last two minutes. */
    alive: boolean;
    jobs: JobStatus[];
  };
  /** The reminder sender on the answering instance only (another may hold the sender's lease). */
  sender: { instanceId: string; running: boolean; stats: SenderStats };
  /** Today's reminders by state (the ledger). */
  remindersToday: { day: string } & Record<ReminderEntry['state'], number>;
  /** Messages waiting in the send queue (approximate, as Azure Storage reports it). */
  queued: number;
  /** Reminders asked for outside the send window, waiting for it: how many, and when the first goes out. */
  remindersScheduled: { count: number; sendAt?: string };
  /** This week's channel digests, one entry per 部 tried. */
  digests: { week: string; entries: DigestEntry[] };
}
