/**
 * The year-end review (年度末点検): what the programme office pastes into the municipality's own
 * report for a 年度, computed once as plain facts and given two ways — the tab's printable summary
 * (YearEndView, JSON) and the rows of each sheet (the workbook and the CSVs are written from the same
 * rows at the edge). Everything is read on the year's one date (YearEvaluation: 3/31 for a past year,
 * today for the current one); a fact dated after it never counts.
 */
import { departmentOf } from '../domain/snapshot';
import { fiscalYearRange, type FiscalYear } from '../domain/fiscal-calendar';
import { formatFiscalYear, formatWareki } from '../domain/japanese-era';
import type { KpiResult } from '../domain/kpi-engine';
import type { Label } from '../domain/label';
import { LISTS, type ListName } from '../domain/lists';
import type { LocalDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import type { DataQualityIssue, IssueEffect } from '../domain/records';
import { sectionKey } from '../domain/units';
import { formatDateTime } from '../i18n/format';
import { pick, t, type ReportStringKey } from '../i18n/report';
import type { Evaluated, YearEvaluation } from './programme-service';
import { kpiCsvRows, stepDistribution, type StepDistribution } from './views';

/** The sheets of the workbook, in order; each is also a CSV (`?sheet=`). */
export const YEAR_END_SHEETS = ['summary', 'kpis', 'steps', 'certifications', 'placement', 'unplaced', 'courses', 'dataQuality'] as const;
export type YearEndSheetId = (typeof YEAR_END_SHEETS)[number];

const SHEET_NAME: Record<YearEndSheetId, ReportStringKey> = {
  summary: 'sheetSummary',
  kpis: 'sheetKpis',
  steps: 'sheetSteps',
  certifications: 'sheetCertifications',
  placement: 'sheetPlacement',
  unplaced: 'sheetUnplaced',
  courses: 'sheetCourses',
  dataQuality: 'sheetDataQuality',
};

/** A cell: text or a number; undefined is an empty cell. */
export type ReportCell = string | number | undefined;

export interface ReportSheet {
  id: YearEndSheetId;
  /** The sheet's Japanese name (the workbook's tab, the CSV's file name). */
  name: string;
  header: string[];
  rows: ReportCell[][];
}

/** A certification awarded in the year: a Roles row of a certification starting within it. */
export interface Award {
  certification: string;
  label: Label;
  upn: string;
  name: string;
  /** フリガナ, where the Staff list has it. */
  kana?: string;
  employeeNumber?: string;
  department: string;
  section: string;
  on: LocalDate;
  source?: string;
}

/** One section (or department) and the holders of a role with seats there. */
export interface Placement {
  department: string;
  /** Absent when the role's seats are counted per department. */
  section?: string;
  holders: Array<{ upn: string; name: string }>;
  min: number;
}

/** A role with seats (DX推進リーダー 「各課1名」): where it is placed, and where too few hold it. */
export interface RolePlacement {
  role: string;
  label: Label;
  per: 'section' | 'department';
  min: number;
  units: Placement[];
  /** Units with holders ≥ min. */
  placed: number;
}

/** A course's completions: people who finished it in the year (to its date), hours, and everyone by then. */
export interface CourseCompletion {
  course: string;
  label: Label;
  category?: string;
  completedInYear: number;
  hoursInYear: number;
  /** Active staff who had completed it by the year's date. */
  completedEver: number;
}

/** Everything the year-end review reads, for one 年度. */
export interface YearEndFacts {
  programme: { label: Label; municipality: Label };
  fiscalYear: FiscalYear;
  /** The date the year is read on (3/31 of a past year, today for the current one). */
  asOf: LocalDate;
  yearEnded: boolean;
  createdAt: string;
  syncedAt: string;
  people: number;
  kpis: KpiResult[];
  steps: StepDistribution[];
  awards: Award[];
  placements: RolePlacement[];
  courses: CourseCompletion[];
  dataQuality: DataQualityIssue[];
}

/** The year-end review's facts for a year (the same for the tab's summary, the workbook and the CSVs). */
export function yearEndFacts(programme: Programme, e: Evaluated, year: YearEvaluation, createdAt: string): YearEndFacts {
  const { start } = fiscalYearRange(year.fiscalYear);
  const asOf = year.asOf;
  const snapshot = e.snapshot;
  const inYear = (d: LocalDate | undefined): d is LocalDate => d !== undefined && d >= start && d <= asOf;

  // 認定: a Roles row of a certification (or of a role conferred by one) whose StartDate falls in the year.
  const certificationOf = new Map<string, string>(programme.certifications.map((c) => [c.id, c.id]));
  for (const r of programme.roles) if (r.assignment === 'certified' && r.certification) certificationOf.set(r.id, r.certification);
  const awards: Award[] = [];
  for (const r of snapshot.records.roles) {
    const certification = certificationOf.get(r.role);
    if (!certification || !inYear(r.start)) continue;
    const staff = snapshot.staffByUpn.get(r.upn);
    awards.push({
      certification,
      label: programme.certifications.find((c) => c.id === certification)!.label,
      upn: r.upn,
      name: staff?.name ?? r.upn,
      kana: staff?.kana,
      employeeNumber: staff?.employeeNumber,
      department: staff?.department ?? '',
      section: r.section ?? staff?.section ?? '',
      on: r.start,
      source: r.source,
    });
  }
  awards.sort((a, b) => programme.certifications.findIndex((c) => c.id === a.certification) - programme.certifications.findIndex((c) => c.id === b.certification) || (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) || byUnit(a, b));

  return {
    programme: { label: programme.label, municipality: programme.municipality },
    fiscalYear: year.fiscalYear,
    asOf,
    yearEnded: asOf === fiscalYearRange(year.fiscalYear).end,
    createdAt,
    syncedAt: e.syncedAt,
    people: year.people.length,
    kpis: year.kpis,
    steps: stepDistribution(programme, year.people),
    awards,
    placements: placementsOf(programme, e, year),
    courses: coursesOf(e, year, inYear),
    dataQuality: snapshot.issues,
  };
}

/**
 * Where each role with seats is held, per section (or department), counted as its coverage KPI counts:
 * a holder in the unit their Roles row names (a DX推進リーダー for another 課), else their own. A
 * coverage KPI of the role gives the minimum and the departments left out; else the seats' minimum (1).
 */
function placementsOf(programme: Programme, e: Evaluated, year: YearEvaluation): RolePlacement[] {
  const snapshot = e.snapshot;
  const out: RolePlacement[] = [];
  for (const role of programme.roles) {
    if (!role.seats) continue;
    const per = role.seats.per;
    const kpi = programme.kpis.map((k) => k.measure).find((m) => m.kind === 'coverage' && m.role === role.id && m.per === per);
    const coverage = kpi?.kind === 'coverage' ? kpi : undefined;
    const min = coverage?.min ?? role.seats.min ?? 1;
    const excluded = new Set(coverage?.excludeDepartments ?? []);
    const units = new Map<string, Placement>();
    for (const s of snapshot.staff) {
      if (!s.active || excluded.has(s.department)) continue;
      const key = per === 'section' ? sectionKey(s) : s.department;
      if (!units.has(key)) units.set(key, { department: s.department, section: per === 'section' ? s.section : undefined, holders: [], min });
    }
    for (const p of year.people) {
      const held = p.roles.find((r) => r.role === role.id);
      if (!held) continue;
      let { department, section } = p;
      const record = (snapshot.rolesByUpn.get(p.upn) ?? []).find((r) => r.role === role.id && r.start === held.since);
      if (record?.section) {
        section = record.section;
        department = departmentOf(snapshot, section, p.department) ?? p.department;
      }
      units.get(per === 'section' ? sectionKey({ department, section }) : department)?.holders.push({ upn: p.upn, name: p.name });
    }
    const list = [...units.values()].sort(byUnit);
    out.push({ role: role.id, label: role.label, per, min, units: list, placed: list.filter((u) => u.holders.length >= min).length });
  }
  return out;
}

/** Each course of the programme and the Courses list, with its completions in the year and by its date. */
function coursesOf(e: Evaluated, year: YearEvaluation, inYear: (d: LocalDate | undefined) => d is LocalDate): CourseCompletion[] {
  const snapshot = e.snapshot;
  const active = new Set(year.people.map((p) => p.upn));
  const out = new Map<string, CourseCompletion>();
  for (const c of snapshot.courses.values()) out.set(c.id, { course: c.id, label: c.label, category: c.category, completedInYear: 0, hoursInYear: 0, completedEver: 0 });
  for (const [upn, byCourse] of snapshot.completions) {
    for (const [courseId, list] of byCourse) {
      const row = out.get(courseId);
      if (!row) continue;
      const hours = snapshot.courses.get(courseId)?.hours;
      const these = list.filter((c) => inYear(c.completedOn));
      if (these.length > 0) row.completedInYear += 1;
      for (const c of these) row.hoursInYear += c.hours ?? hours ?? 0;
      if (active.has(upn) && list.some((c) => c.completedOn <= year.asOf)) row.completedEver += 1;
    }
  }
  return [...out.values()].map((c) => ({ ...c, hoursInYear: Math.round(c.hoursInYear * 10) / 10 }));
}

const EFFECT: Record<IssueEffect, ReportStringKey> = {
  rowSkipped: 'effectRowSkipped',
  valueIgnored: 'effectValueIgnored',
  listSkipped: 'effectListSkipped',
  note: 'effectNote',
};

/** The report's sheets, Japanese headers and 令和 dates, in workbook order. */
export function yearEndSheets(f: YearEndFacts): ReportSheet[] {
  const ja = (key: ReportStringKey, vars?: Record<string, string | number>): string => t('ja', key, vars);
  const fy = formatFiscalYear(f.fiscalYear, 'ja');
  const sheet = (id: YearEndSheetId, header: string[], rows: ReportCell[][]): ReportSheet => ({ id, name: ja(SHEET_NAME[id]), header, rows });
  const listLabel = (list: ListName): string => LISTS[list].label.ja;
  const kpis = kpiCsvRows(f.kpis, 'ja');
  const share = (n: number, of: number): number => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);

  return [
    sheet(
      'summary',
      [ja('item'), ja('colContent')],
      [
        [ja('sumMunicipality'), pick(f.programme.municipality, 'ja')],
        [ja('sumProgramme'), pick(f.programme.label, 'ja')],
        [ja('sumFiscalYear'), fy],
        [ja('sumAsOf'), ja(f.yearEnded ? 'sumAsOfYearEnd' : 'sumAsOfToday', { date: formatWareki(f.asOf) })],
        [ja('sumCreatedAt'), formatDateTime(f.createdAt, 'ja')],
        [ja('sumSyncedAt'), formatDateTime(f.syncedAt, 'ja')],
        [ja('sumPeople'), f.people],
        [ja('sumDataQuality'), f.dataQuality.length],
        [ja('sumStaffNote'), ja('sumStaffNoteText')],
      ],
    ),
    sheet('kpis', kpis.header, kpis.rows),
    sheet(
      'steps',
      [ja('fiscalYear'), ja('role'), ja('colHolders'), ja('colStepOrder'), ja('colStep'), ja('holders'), ja('colShare')],
      f.steps.flatMap((r) => [
        [fy, pick(r.label, 'ja'), r.holders, 0, ja('noStep'), r.none, share(r.none, r.holders)],
        ...r.steps.map((s, i): ReportCell[] => [fy, pick(r.label, 'ja'), r.holders, i + 1, pick(s.label, 'ja'), s.count, share(s.count, r.holders)]),
      ]),
    ),
    sheet(
      'certifications',
      [ja('fiscalYear'), ja('certifications'), ja('name'), ja('colKana'), ja('colEmployeeNumber'), ja('colUpn'), ja('department'), ja('sectionName'), ja('colAwardedOn'), ja('colSource')],
      f.awards.map((a) => [fy, pick(a.label, 'ja'), a.name, a.kana, a.employeeNumber, a.upn, a.department, a.section, formatWareki(a.on), a.source]),
    ),
    sheet(
      'placement',
      [ja('fiscalYear'), ja('role'), ja('department'), ja('sectionName'), ja('holders'), ja('colRequired'), ja('colPlacementState'), ja('colHolderNames')],
      f.placements.flatMap((r) =>
        r.units.map((u): ReportCell[] => [
          fy,
          pick(r.label, 'ja'),
          u.department,
          u.section ?? ja('wholeDepartment'),
          u.holders.length,
          u.min,
          ja(u.holders.length >= u.min ? 'placed' : u.holders.length === 0 ? 'unplaced' : 'short'),
          u.holders.map((h) => h.name).join(ja('listSeparator')),
        ]),
      ),
    ),
    sheet(
      'unplaced',
      [ja('fiscalYear'), ja('role'), ja('department'), ja('sectionName'), ja('holders'), ja('colRequired'), ja('colShort')],
      f.placements.flatMap((r) =>
        r.units.filter((u) => u.holders.length < u.min).map((u): ReportCell[] => [fy, pick(r.label, 'ja'), u.department, u.section ?? ja('wholeDepartment'), u.holders.length, u.min, u.min - u.holders.length]),
      ),
    ),
    sheet(
      'courses',
      [ja('fiscalYear'), ja('colCourseId'), ja('colCourse'), ja('colCategory'), ja('colCompletedInYear'), ja('colHoursInYear'), ja('colCompletedEver')],
      f.courses.map((c) => [fy, c.course, pick(c.label, 'ja'), c.category, c.completedInYear, c.hoursInYear, c.completedEver]),
    ),
    sheet(
      'dataQuality',
      [ja('dqList'), ja('dqRow'), ja('dqColumn'), ja('dqValue'), ja('dqReason'), ja('dqEffect'), ja('colCode')],
      f.dataQuality.map((i) => [
        listLabel(i.list),
        i.row !== undefined ? ja('dqRowN', { n: i.row }) : i.itemId !== undefined ? ja('dqItemN', { id: i.itemId }) : undefined,
        i.column,
        i.value,
        i.reason,
        ja(EFFECT[i.effect]),
        i.code,
      ]),
    ),
  ];
}

/** The name of a download: skillsteps-年度末点検-2025.xlsx, -指標.csv for one sheet. */
export function yearEndFileName(fiscalYear: FiscalYear, ext: 'xlsx' | 'csv', sheet?: ReportSheet): string {
  return `skillsteps-nendomatsu-${fiscalYear}${sheet ? `-${sheet.id}` : ''}.${ext}`;
}

/** GET /api/year-end: the printable one-page summary of a year and what the downloads hold. */
export interface YearEndView {
  fiscalYear: FiscalYear;
  fiscalYearLabel: Label;
  currentFiscalYear: FiscalYear;
  fiscalYears: FiscalYear[];
  asOf: LocalDate;
  yearEnded: boolean;
  /** When the server made it (its clock). */
  createdAt: string;
  municipality: Label;
  programme: Label;
  people: number;
  kpis: KpiResult[];
  steps: StepDistribution[];
  /** Certifications awarded in the year, per certification. */
  awards: Array<{ certification: string; label: Label; count: number }>;
  placements: Array<{ role: string; label: Label; per: 'section' | 'department'; min: number; units: number; placed: number; unplaced: Array<{ department: string; section?: string; count: number }> }>;
  courses: CourseCompletion[];
  dataQuality: { total: number; byList: Array<{ list: ListName; label: Label; count: number }> };
  /** The workbook's sheets and their rows (each also a CSV). */
  sheets: Array<{ id: YearEndSheetId; name: string; rows: number }>;
}

/** The summary the tab prints, from the same facts as the workbook. */
export function yearEndView(programme: Programme, e: Evaluated, f: YearEndFacts): YearEndView {
  const first = Math.min(programme.planStartFiscalYear, e.fiscalYear);
  const lists = new Map<ListName, number>();
  for (const i of f.dataQuality) lists.set(i.list, (lists.get(i.list) ?? 0) + 1);
  const awards = new Map<string, { certification: string; label: Label; count: number }>();
  for (const c of programme.certifications) awards.set(c.id, { certification: c.id, label: c.label, count: 0 });
  for (const a of f.awards) awards.get(a.certification)!.count += 1;
  return {
    fiscalYear: f.fiscalYear,
    fiscalYearLabel: { ja: formatFiscalYear(f.fiscalYear, 'ja'), en: formatFiscalYear(f.fiscalYear, 'en') },
    currentFiscalYear: e.fiscalYear,
    fiscalYears: Array.from({ length: e.fiscalYear - first + 1 }, (_, i) => first + i),
    asOf: f.asOf,
    yearEnded: f.yearEnded,
    createdAt: f.createdAt,
    municipality: f.programme.municipality,
    programme: f.programme.label,
    people: f.people,
    kpis: f.kpis,
    steps: f.steps,
    awards: [...awards.values()],
    placements: f.placements.map((r) => ({
      role: r.role,
      label: r.label,
      per: r.per,
      min: r.min,
      units: r.units.length,
      placed: r.placed,
      unplaced: r.units.filter((u) => u.holders.length < u.min).map((u) => ({ department: u.department, section: u.section, count: u.holders.length })),
    })),
    courses: f.courses,
    dataQuality: { total: f.dataQuality.length, byList: [...lists].map(([list, count]) => ({ list, label: LISTS[list].label, count })) },
    sheets: yearEndSheets(f).map((s) => ({ id: s.id, name: s.name, rows: s.rows.length })),
  };
}

/** Japanese collation, built once. */
const JA = new Intl.Collator('ja');

function byUnit(a: { department: string; section?: string }, b: { department: string; section?: string }): number {
  return JA.compare(a.department, b.department) || JA.compare(a.section ?? '', b.section ?? '');
}
