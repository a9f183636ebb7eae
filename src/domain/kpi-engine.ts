import { sectionKey, unitOfKey } from './units';
import { fiscalYearRange, type FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import { addDays, minDate, type LocalDate } from './local-date';
import type { Kpi, KpiMeasure, KpiPeriod, KpiUnit, Population, Requirement } from './programme';
import { evaluatePerson, type PersonProgress } from './progress';
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
  /**
   * Per section (department + section). For a coverage KPI per section: value = the people found
   * there, numerator 1 when that reaches the minimum, denominator 1.
   */
  bySection: KpiBreakdown[];
  /** For a coverage KPI: what a unit needs (`min` per section or department) and the units below it. */
  coverage?: { per: 'section' | 'department'; min: number; uncovered: CoverageGap[] };
}

/** A section (or, per department, a department) below a coverage KPI's minimum, and how many it has. */
export interface CoverageGap {
  department: string;
  section?: string;
  count: number;
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
  const measure = kpi.measure;
  const counts = (MEASURES[measure.kind] as MeasureCounter<typeof measure.kind>)({ snapshot, people, units, fiscalYear, asOf }, measure);
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
    ...(counts.coverage ? { coverage: counts.coverage } : {}),
  };
}

/** What every measure is counted from. */
interface MeasureInput {
  snapshot: Snapshot;
  people: PersonProgress[];
  units: Units;
  fiscalYear: FiscalYear;
  asOf: LocalDate;
}

type MeasureCounter<K extends KpiMeasure['kind']> = (input: MeasureInput, measure: Extract<KpiMeasure, { kind: K }>) => Counts;

/** How each kind of measure is counted, keyed by kind (programme.ts KpiMeasure). */
const MEASURES: { [K in KpiMeasure['kind']]: MeasureCounter<K> } = {
  completionRate: ({ snapshot, people, units, asOf }, m) => {
    const population = m.population;
    if (m.course !== undefined) {
      const courseId = m.course;
      const renews = snapshot.courses.get(courseId)?.renewsEveryFiscalYear ?? false;
      return rate(people, units, (p) => inPopulation(p, population), (p) => latestCompletionOn(snapshot, p.upn, courseId, renews, asOf) !== undefined);
    }
    const req =
      m.minHours !== undefined
        ? ({ kind: 'hours', group: m.group!, min: m.minHours, withinFiscalYear: false } as const)
        : ({ kind: 'courses', group: m.group!, min: 1, withinFiscalYear: false } as const);
    return rate(
      people,
      units,
      (p) => inPopulation(p, population),
      (p) => evaluateRequirement(req, { snapshot, staff: snapshot.staffByUpn.get(p.upn)!, asOf, certificationMemo: new Map(), brief: true }).met,
    );
  },
  stepRate: ({ snapshot, people, units }, m) => {
    const role = snapshot.programme.roles.find((r) => r.id === m.role);
    const stepIndex = role ? role.steps.findIndex((s) => s.id === m.step) : -1;
    const population = m.population ?? { kind: 'role', role: m.role };
    return rate(
      people,
      units,
      (p) => inPopulation(p, population),
      (p) => (p.roles.find((r) => r.role === m.role)?.stepsReached ?? 0) > stepIndex,
    );
  },
  holders: ({ people, units }, m) => {
    const of = new Set(m.of);
    return tally(
      people,
      units,
      (p) =>
        p.roles.some((r) => of.has(r.role) && (!m.step || r.steps.some((s) => s.id === m.step && s.reached))) ||
        p.certifications.some((c) => of.has(c.certification) && c.status === 'held'),
    );
  },
  coverage: (input, m) => coverage(input, m),
  projects: ({ snapshot, fiscalYear, asOf }) => {
    // A project counts once it has started (its start, else its 年度's first day): one planned to
    // start after the evaluation date has not happened yet.
    const from = fiscalYearRange(fiscalYear).start;
    const projects = snapshot.records.projects.filter((p) => p.fiscalYear === fiscalYear && (p.start ?? from) <= asOf);
    return count(projects.map((p) => ({ section: p.section ?? '（課未設定）', department: departmentOf(snapshot, p.section ?? '') ?? '（部未設定）' })));
  },
  count: (input, m) => {
    const meets = meetsFor(input, m.who, m.period);
    return tally(input.people, input.units, (p) => inPopulation(p, m.population) && meets(p));
  },
  rate: (input, m) => {
    const meets = meetsFor(input, m.who, m.period);
    return rate(input.people, input.units, (p) => inPopulation(p, m.population), meets);
  },
};

/**
 * Whether a person meets a KPI's requirement (`who`) on the evaluation date; for `period: fiscalYear`,
 * also that they did not on the day before the 年度 began (they came to meet it during the year).
 * A `step` is answered from the person's progress, worked out again for that earlier day if needed.
 */
function meetsFor(input: MeasureInput, who: Requirement, period: KpiPeriod = 'cumulative'): (p: PersonProgress) => boolean {
  const { snapshot, asOf, fiscalYear } = input;
  const on = (p: PersonProgress, date: LocalDate, progress: PersonProgress): boolean =>
    evaluateRequirement(who, {
      snapshot,
      staff: snapshot.staffByUpn.get(p.upn)!,
      asOf: date,
      certificationMemo: new Map(),
      brief: true,
      reached: (role, step) => stands(progress, role, step),
      holding: (id) => progress.roles.some((r) => r.role === id) || progress.certifications.some((c) => c.certification === id && c.status === 'held'),
    }).met;
  if (period === 'cumulative') return (p) => on(p, asOf, p);
  const before = addDays(fiscalYearRange(fiscalYear).start, -1);
  const needsProgress = usesProgress(who);
  return (p) => {
    if (!on(p, asOf, p)) return false;
    const then = needsProgress ? evaluatePerson(snapshot, snapshot.staffByUpn.get(p.upn)!, before, { brief: true }) : p;
    return !on(p, before, then);
  };
}

/** Whether a person stands on a step of a role (has reached it; beyond a required step, it stays reached). */
function stands(p: PersonProgress, role: string, step: string): boolean {
  return p.roles.some((r) => r.role === role && r.steps.some((s) => s.id === step && s.reached));
}

/** Whether a requirement is answered from the person's progress (a step, a role held), which another day needs worked out again. */
function usesProgress(req: Requirement): boolean {
  if (req.kind === 'step' || req.kind === 'holds') return true;
  return (req.kind === 'allOf' || req.kind === 'anyOf' || req.kind === 'atLeast') && req.items.some(usesProgress);
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
  coverage?: KpiResult['coverage'];
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

/**
 * Share of sections (or departments) with at least `min` people who meet the measure's `who`, and
 * the units below it. With a `role`, each person counts in the unit the role serves: the Roles row's
 * Section when it names one (a DX推進リーダー for another 課), else their own.
 */
function coverage(input: MeasureInput, m: Extract<KpiMeasure, { kind: 'coverage' }>): Counts {
  const { snapshot, people } = input;
  const excluded = new Set(m.excludeDepartments);
  const per = m.per;
  const units = new Map<string, Unit>();
  for (const s of snapshot.staff) {
    if (!s.active || excluded.has(s.department)) continue;
    const key = per === 'section' ? sectionKey(s) : s.department;
    if (!units.has(key)) units.set(key, { department: s.department, section: per === 'section' ? s.section : '' });
  }
  const meets = meetsFor(input, m.who);
  const found = new Map<string, number>();
  for (const p of people) {
    if (!meets(p)) continue;
    let section = p.section;
    let department = p.department;
    const held = m.role ? p.roles.find((r) => r.role === m.role) : undefined;
    if (held) {
      const record = (snapshot.rolesByUpn.get(p.upn) ?? []).find((r) => r.role === m.role && r.start === held.since);
      if (record?.section) {
        section = record.section;
        department = departmentOf(snapshot, section, p.department) ?? p.department;
      }
    }
    const key = per === 'section' ? sectionKey({ department, section }) : department;
    found.set(key, (found.get(key) ?? 0) + 1);
  }
  const dept = new Map<string, [number, number]>();
  const bySection: KpiBreakdown[] = [];
  const uncovered: CoverageGap[] = [];
  let covered = 0;
  for (const [key, unit] of units) {
    const n = found.get(key) ?? 0;
    const ok = n >= m.min ? 1 : 0;
    covered += ok;
    if (!ok) uncovered.push(per === 'section' ? { department: unit.department, section: unit.section, count: n } : { department: unit.department, count: n });
    const d = dept.get(unit.department) ?? [0, 0];
    d[0] += ok;
    d[1] += 1;
    dept.set(unit.department, d);
    if (per === 'section') bySection.push({ department: unit.department, section: unit.section, value: n, numerator: ok, denominator: 1 });
  }
  return {
    value: percent(covered, units.size),
    numerator: covered,
    denominator: units.size,
    byDepartment: [...dept].map(([department, [n, d]]) => ({ department, value: percent(n, d), numerator: n, denominator: d })).sort(byUnit),
    bySection: bySection.sort(byUnit),
    coverage: { per, min: m.min, uncovered: uncovered.sort(byUnit) },
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
