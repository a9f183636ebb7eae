import { sectionKey, unitOfKey } from './units';
import { fiscalYearRange, type FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import { minDate, type LocalDate } from './local-date';
import type { Kpi, KpiUnit, Population } from './programme';
import type { PersonProgress } from './progress';
import { evaluateRequirement, latestCompletionOn } from './requirement-engine';
import { departmentOf, type Snapshot } from './snapshot';

export interface KpiBreakdown {
  department: string;
  section?: string;
  value: number;
  numerator: number;
  denominator?: number;
}

export interface KpiResult {
  id: string;
  label: Label;
  description?: Label;
  unit: KpiUnit;
  fiscalYear: FiscalYear;
  asOf: LocalDate;
  /** Percent (0–100, one decimal) for rates; a count otherwise. */
  value: number;
  numerator: number;
  denominator?: number;
  /** The target for this fiscal year, or the next later one (its year says which); none when neither exists (目標未設定). */
  target?: { value: number; fiscalYear: FiscalYear; approximate: boolean };
  /**
   * Against a target due this year or earlier; an approximate target (約700人) counts as met from
   * 95% of it. Null while the target lies in a later year, and when the programme sets none.
   */
  met: boolean | null;
  /**
   * While the target lies ahead: where a straight line from the previous target (or from zero at
   * the plan start) to it stands this year, and whether the value has reached that line.
   */
  trajectory?: number;
  onTrack: boolean | null;
  byDepartment: KpiBreakdown[];
  bySection: KpiBreakdown[];
}

/** The date a fiscal year's KPIs are measured at: its last day, or today while it is still running. */
export function kpiDate(fiscalYear: FiscalYear, today: LocalDate): LocalDate {
  return minDate(fiscalYearRange(fiscalYear).end, today);
}

/**
 * The target that applies to a fiscal year: its own, else the next later one (a plan's milestone,
 * with the straight line to it). Never an earlier year's: 世田谷区's targets end in 令和5年度, and
 * comparing 令和8年度 with them would say 未達 against a goal nobody set — such a year has no target
 * (目標未設定) until the office sets one.
 */
export function targetFor(kpi: Kpi, fiscalYear: FiscalYear): KpiResult['target'] {
  const exact = kpi.targets.find((t) => t.fiscalYear === fiscalYear);
  const later = kpi.targets.find((t) => t.fiscalYear > fiscalYear);
  const t = exact ?? later;
  return t ? { value: t.value, fiscalYear: t.fiscalYear, approximate: t.approximate } : undefined;
}

/**
 * Evaluates every KPI of the programme for a fiscal year, overall and per department and section,
 * from everyone's progress as of `asOf` (see kpiDate).
 */
export function evaluateKpis(snapshot: Snapshot, people: PersonProgress[], fiscalYear: FiscalYear, asOf: LocalDate): KpiResult[] {
  const units = unitsOf(people);
  return snapshot.programme.kpis.map((kpi) => evaluateKpi(snapshot, people, units, kpi, fiscalYear, asOf));
}

function evaluateKpi(snapshot: Snapshot, people: PersonProgress[], units: Units, kpi: Kpi, fiscalYear: FiscalYear, asOf: LocalDate): KpiResult {
  const m = kpi.measure;
  let counts: Counts;
  switch (m.kind) {
    case 'completionRate': {
      const population = m.population;
      if (m.course !== undefined) {
        const courseId = m.course;
        const renews = snapshot.courses.get(courseId)?.renewsEveryFiscalYear ?? false;
        counts = rate(people, units, (p) => inPopulation(p, population), (p) => latestCompletionOn(snapshot, p.upn, courseId, renews, asOf) !== undefined);
      } else {
        const req =
          m.minHours !== undefined
            ? ({ kind: 'hours', group: m.group!, min: m.minHours, withinFiscalYear: false } as const)
            : ({ kind: 'courses', group: m.group!, min: 1, withinFiscalYear: false } as const);
        counts = rate(
          people,
          units,
          (p) => inPopulation(p, population),
          (p) => evaluateRequirement(req, { snapshot, staff: snapshot.staffByUpn.get(p.upn)!, asOf, certificationMemo: new Map() }).met,
        );
      }
      break;
    }
    case 'stepRate': {
      const role = snapshot.programme.roles.find((r) => r.id === m.role);
      const stepIndex = role ? role.steps.findIndex((s) => s.id === m.step) : -1;
      const population = m.population ?? { kind: 'role', role: m.role };
      counts = rate(
        people,
        units,
        (p) => inPopulation(p, population),
        (p) => (p.roles.find((r) => r.role === m.role)?.stepsReached ?? 0) > stepIndex,
      );
      break;
    }
    case 'holders': {
      const of = new Set(m.of);
      counts = tally(
        people,
        units,
        (p) =>
          p.roles.some((r) => of.has(r.role) && (!m.step || r.steps.some((s) => s.id === m.step && s.reached))) ||
          p.certifications.some((c) => of.has(c.certification) && c.status === 'held'),
      );
      break;
    }
    case 'coverage':
      counts = coverage(snapshot, people, m.role, m.per, m.min, new Set(m.excludeDepartments));
      break;
    case 'projects': {
      // A project counts once it has started (its start, else its 年度's first day): one planned to
      // start after the evaluation date has not happened yet.
      const from = fiscalYearRange(fiscalYear).start;
      const projects = snapshot.records.projects.filter((p) => p.fiscalYear === fiscalYear && (p.start ?? from) <= asOf);
      counts = count(projects.map((p) => ({ section: p.section ?? '（課未設定）', department: departmentOf(snapshot, p.section ?? '') ?? '（部未設定）' })));
      break;
    }
  }
  const target = targetFor(kpi, fiscalYear);
  const value = kpi.unit === 'percent' ? counts.value : counts.numerator;
  const due = target !== undefined && target.fiscalYear <= fiscalYear;
  const met = target && due ? reaches(value, target) : null;
  const trajectory = target && !due ? trajectoryFor(kpi, target, fiscalYear, snapshot.programme.planStartFiscalYear) : undefined;
  return {
    id: kpi.id,
    label: kpi.label,
    description: kpi.description,
    unit: kpi.unit,
    fiscalYear,
    asOf,
    value,
    numerator: counts.numerator,
    denominator: counts.denominator,
    target,
    met,
    trajectory,
    onTrack: met !== null ? met : trajectory !== undefined ? value >= trajectory : null,
    byDepartment: counts.byDepartment,
    bySection: counts.bySection,
  };
}

/** A value reaches a target; 約 (approximate) targets from 95% of their value. */
function reaches(value: number, target: { value: number; approximate: boolean }): boolean {
  return value >= (target.approximate ? target.value * 0.95 : target.value);
}

/** The straight line from the previous target, or zero in the year before the plan starts, to `target`. */
function trajectoryFor(kpi: Kpi, target: { value: number; fiscalYear: FiscalYear }, fiscalYear: FiscalYear, planStart: FiscalYear): number | undefined {
  const previous = [...kpi.targets].reverse().find((t) => t.fiscalYear < fiscalYear) ?? { fiscalYear: planStart - 1, value: 0 };
  if (previous.fiscalYear >= target.fiscalYear || fiscalYear <= previous.fiscalYear) return undefined;
  const share = (fiscalYear - previous.fiscalYear) / (target.fiscalYear - previous.fiscalYear);
  return Math.round((previous.value + (target.value - previous.value) * share) * 10) / 10;
}

interface Counts {
  value: number;
  numerator: number;
  denominator?: number;
  byDepartment: KpiBreakdown[];
  bySection: KpiBreakdown[];
}

function inPopulation(p: PersonProgress, population: Population): boolean {
  switch (population.kind) {
    case 'allStaff':
      return true;
    case 'role':
      return p.roles.some((r) => r.role === population.role);
    case 'grades':
      return p.grade !== undefined && population.grades.includes(p.grade);
  }
}

interface Unit {
  department: string;
  section: string;
}

/**
 * The sections people work in, numbered once per evaluation in display order, so each KPI counts
 * into arrays instead of building a key string per person.
 */
interface Units {
  sections: Unit[];
  departments: string[];
  /** Section number of each person, aligned with `people`. */
  sectionOf: Int32Array;
  /** Department number of each section. */
  departmentOf: Int32Array;
}

function unitsOf(people: PersonProgress[]): Units {
  const byKey = new Map<string, Unit>();
  const keys: string[] = new Array(people.length);
  people.forEach((p, i) => {
    const key = sectionKey(p);
    keys[i] = key;
    if (!byKey.has(key)) byKey.set(key, { department: p.department, section: p.section });
  });
  const sections = [...byKey.values()].sort(byUnit);
  const index = new Map(sections.map((u, i) => [sectionKey(u), i]));
  const departments = [...new Set(sections.map((u) => u.department))];
  const deptIndex = new Map(departments.map((d, i) => [d, i]));
  return {
    sections,
    departments,
    sectionOf: Int32Array.from(keys, (k) => index.get(k)!),
    departmentOf: Int32Array.from(sections, (u) => deptIndex.get(u.department)!),
  };
}

/** Share of the people in a population who pass `test`, overall and per department and section. */
function rate(people: PersonProgress[], units: Units, include: (p: PersonProgress) => boolean, test: (p: PersonProgress) => boolean): Counts {
  const yes = new Int32Array(units.sections.length);
  const all = new Int32Array(units.sections.length);
  let passed = 0;
  let total = 0;
  for (let i = 0; i < people.length; i++) {
    const p = people[i]!;
    if (!include(p)) continue;
    const u = units.sectionOf[i]!;
    all[u]!++;
    total++;
    if (test(p)) {
      yes[u]!++;
      passed++;
    }
  }
  return { value: percent(passed, total), numerator: passed, denominator: total, ...breakdown(units, yes, all) };
}

/** How many people pass `test`, overall and per department and section. */
function tally(people: PersonProgress[], units: Units, test: (p: PersonProgress) => boolean): Counts {
  const yes = new Int32Array(units.sections.length);
  let passed = 0;
  for (let i = 0; i < people.length; i++) {
    if (!test(people[i]!)) continue;
    yes[units.sectionOf[i]!]!++;
    passed++;
  }
  return { value: passed, numerator: passed, ...breakdown(units, yes) };
}

/** Per-unit figures; units with nobody in the population are left out. */
function breakdown(units: Units, yes: Int32Array, all?: Int32Array): Pick<Counts, 'byDepartment' | 'bySection'> {
  const deptYes = new Int32Array(units.departments.length);
  const deptAll = new Int32Array(units.departments.length);
  const bySection: KpiBreakdown[] = [];
  units.sections.forEach((u, i) => {
    const n = yes[i]!;
    const d = all ? all[i]! : n;
    if (d === 0) return;
    deptYes[units.departmentOf[i]!]! += n;
    deptAll[units.departmentOf[i]!]! += d;
    bySection.push(all ? { department: u.department, section: u.section, value: percent(n, d), numerator: n, denominator: d } : { department: u.department, section: u.section, value: n, numerator: n });
  });
  const byDepartment: KpiBreakdown[] = [];
  units.departments.forEach((department, i) => {
    const n = deptYes[i]!;
    const d = deptAll[i]!;
    if (d === 0) return;
    byDepartment.push(all ? { department, value: percent(n, d), numerator: n, denominator: d } : { department, value: n, numerator: n });
  });
  return { byDepartment, bySection };
}

/** A count of things in units (projects per section), overall and per unit. */
function count(items: Unit[]): Counts {
  const dept = new Map<string, number>();
  const sect = new Map<string, number>();
  for (const u of items) {
    dept.set(u.department, (dept.get(u.department) ?? 0) + 1);
    const key = sectionKey(u);
    sect.set(key, (sect.get(key) ?? 0) + 1);
  }
  return {
    value: items.length,
    numerator: items.length,
    byDepartment: [...dept].map(([department, n]) => ({ department, value: n, numerator: n })).sort(byUnit),
    bySection: [...sect]
      .map(([key, n]) => {
        const { department, section } = unitOfKey(key);
        return { department, section, value: n, numerator: n };
      })
      .sort(byUnit),
  };
}

/** Share of sections (or departments) with at least `min` current holders of a role. */
function coverage(
  snapshot: Snapshot,
  people: PersonProgress[],
  roleId: string,
  per: 'section' | 'department',
  min: number,
  excluded: Set<string>,
): Counts {
  const units = new Map<string, Unit>();
  for (const s of snapshot.staff) {
    if (!s.active || excluded.has(s.department)) continue;
    const key = per === 'section' ? sectionKey(s) : s.department;
    if (!units.has(key)) units.set(key, { department: s.department, section: per === 'section' ? s.section : '' });
  }
  const holders = new Map<string, number>();
  for (const p of people) {
    const role = p.roles.find((r) => r.role === roleId);
    if (!role) continue;
    // The section a role serves may differ from the holder's own (Roles.Section), and wins when given.
    const record = (snapshot.rolesByUpn.get(p.upn) ?? []).find((r) => r.role === roleId && r.start === role.since);
    const section = record?.section ?? p.section;
    const department = record?.section ? (departmentOf(snapshot, section, p.department) ?? p.department) : p.department;
    const key = per === 'section' ? sectionKey({ department, section }) : department;
    holders.set(key, (holders.get(key) ?? 0) + 1);
  }
  const dept = new Map<string, [number, number]>();
  const bySection: KpiBreakdown[] = [];
  let covered = 0;
  for (const [key, unit] of units) {
    const ok = (holders.get(key) ?? 0) >= min ? 1 : 0;
    covered += ok;
    const d = dept.get(unit.department) ?? [0, 0];
    d[0] += ok;
    d[1] += 1;
    dept.set(unit.department, d);
    if (per === 'section') bySection.push({ department: unit.department, section: unit.section, value: holders.get(key) ?? 0, numerator: ok, denominator: 1 });
  }
  return {
    value: percent(covered, units.size),
    numerator: covered,
    denominator: units.size,
    byDepartment: [...dept].map(([department, [n, d]]) => ({ department, value: percent(n, d), numerator: n, denominator: d })).sort(byUnit),
    bySection: bySection.sort(byUnit),
  };
}

function percent(n: number, d: number): number {
  return d === 0 ? 0 : Math.round((n / d) * 1000) / 10;
}

/** Japanese collation, built once: localeCompare with a locale builds a collator on every call. */
const JA = new Intl.Collator('ja');

function byUnit(a: { department: string; section?: string }, b: { department: string; section?: string }): number {
  return JA.compare(a.department, b.department) || JA.compare(a.section ?? '', b.section ?? '');
}
