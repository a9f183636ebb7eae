/** KPIs: what each measures, over whom, and its targets per fiscal year. */
import type { FiscalYear } from '../fiscal-calendar';
import type { Kpi, KpiMeasure, KpiPeriod, KpiUnit, Population, Requirement } from '../programme';
import { parseFiscalYearKey } from './fiscal-year-key';
import type { Obj, Path, ReadContext } from './read-context';
import { readRequirement } from './requirements';
import { suggest } from './suggest';

/** Reads one KPI: its measure, unit, and targets per fiscal year (2025, R7, or Y5 for the fifth year of the plan). */
export function readKpi(ctx: ReadContext, o: Obj, path: Path): Kpi {
  ctx.fields(o, path, ['id', 'label', 'description', 'measure', 'unit', 'targets']);
  const measure = readKpiMeasure(ctx, o.measure, [...path, 'measure']);
  const defaultUnit: KpiUnit =
    measure?.kind === 'completionRate' || measure?.kind === 'stepRate' || measure?.kind === 'coverage' || measure?.kind === 'rate'
      ? 'percent'
      : measure?.kind === 'projects'
        ? 'projects'
        : 'people';
  const unit = ctx.oneOf(o, 'unit', path, ['percent', 'people', 'units', 'projects'] as const, { required: false }) ?? defaultUnit;
  const targets: Kpi['targets'] = [];
  const keyOfYear = new Map<FiscalYear, string>();
  if (o.targets !== undefined) {
    const tp = [...path, 'targets'];
    const t = ctx.object(o.targets, tp);
    if (t) {
      for (const key of Object.keys(t)) {
        // Y5 / 5年目: the fifth year of the plan (東京都テンプレート「5年以内」), from planStartFiscalYear.
        const planYear = /^(?:Y|year)(\d{1,2})$|^(\d{1,2})年目$/i.exec(key.normalize('NFKC'));
        const fy = planYear ? ctx.planStart + Number(planYear[1] ?? planYear[2]) - 1 : parseFiscalYearKey(key);
        if (fy === undefined || (planYear && Number(planYear[1] ?? planYear[2]) < 1)) {
          ctx.error([...tp, key], `"${key}" is not a fiscal year (write 2025, R7, 令和7, or Y5 for the fifth year of the plan)`);
          continue;
        }
        // 2026 and R8 are the same 年度: two targets for it leave the KPI ambiguous.
        const first = keyOfYear.get(fy);
        if (first !== undefined) {
          ctx.error([...tp, key], `fiscal year ${fy} has two targets ("${first}" and "${key}")`);
          continue;
        }
        keyOfYear.set(fy, key);
        const raw = t[key];
        let approximate = false;
        let v: number | undefined;
        if (typeof raw === 'string' && raw.startsWith('~')) {
          approximate = true;
          v = ctx.numberValue(raw.slice(1).trim(), [...tp, key]);
        } else v = ctx.number(t, key, tp, { min: 0 });
        if (v === undefined) continue;
        if (v < 0) {
          ctx.error([...tp, key], `must be at least 0, got ${v}`);
          continue;
        }
        if (unit === 'percent' && v > 100) ctx.error([...tp, key], `a percentage target cannot exceed 100, got ${v}`);
        targets.push({ fiscalYear: fy, value: v, approximate });
      }
      targets.sort((a, b) => a.fiscalYear - b.fiscalYear);
    }
  }
  return {
    id: ctx.id(o, 'id', path) ?? '',
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    description: o.description === undefined ? undefined : ctx.label(o, 'description', path),
    measure: measure ?? { kind: 'projects' },
    unit,
    targets,
  };
}

/** Reads the body of one kind of measure; `p` is where the body is. */
type MeasureReader = (ctx: ReadContext, body: unknown, p: Path) => KpiMeasure | undefined;

/** One reader per kind of measure, keyed by its name in the file; messages list them in this order. */
const MEASURE_READERS: Record<string, MeasureReader> = {
  completionRate: readCompletionRate,
  stepRate: readStepRate,
  holders: readHolders,
  coverage: readCoverage,
  projects: (ctx, body, p) => {
    if (body !== null && body !== true && !(typeof body === 'object' && Object.keys(body as object).length === 0)) {
      ctx.error(p, 'takes no options (write "projects: {}")');
    }
    return { kind: 'projects' };
  },
  count: (ctx, body, p) => readPeopleMeeting(ctx, 'count', body, p),
  rate: (ctx, body, p) => readPeopleMeeting(ctx, 'rate', body, p),
};

/**
 * How each measure is written, for the message that follows a mistake in one (validate-programme
 * prints it under the errors of that measure). Keys as MEASURE_READERS.
 */
export const MEASURE_FORMS: Record<string, string> = {
  completionRate: 'completionRate: { course: <course> | group: <course group> [, minHours: <n>] [, population] }',
  stepRate: 'stepRate: { role: <role>, step: <step of the role> [, population] }',
  holders: 'holders: { of: [<roles or certifications>] [, step: <step>] }',
  coverage: 'coverage: { role: <role> [, step: <step>] | who: <requirement>, per: section | department, min: <n>, excludeDepartments: [<departments>] }',
  projects: 'projects: {}',
  count: 'count: { who: <requirement> [, population] [, period: cumulative | fiscalYear] }',
  rate: 'rate: { who: <requirement> [, population] [, period: cumulative | fiscalYear] }',
};

/**
 * What to say under the errors of a measure: how that kind is written, and — for the measures tied
 * to roles — that count / rate / coverage take any requirement (a qualification, a skill level, a
 * course, a step of a role, a certification, allOf / anyOf of them).
 */
export function measureFormsHint(kind: string | undefined): string {
  const own = kind !== undefined && Object.hasOwn(MEASURE_FORMS, kind) ? MEASURE_FORMS[kind] : undefined;
  if (!own) return `a measure is written as one of: ${Object.values(MEASURE_FORMS).join('; ')}`;
  if (kind === 'count' || kind === 'rate' || kind === 'projects') return `written as ${own}`;
  return `written as ${own}; people who meet any requirement (a qualification, a skill level, a course, a step of a role, a certification, allOf / anyOf of them) are counted with count, rate or coverage: { who: <requirement> }`;
}

/** Reads a KPI's measure: exactly one of the kinds of MEASURE_READERS. */
function readKpiMeasure(ctx: ReadContext, value: unknown, path: Path): KpiMeasure | undefined {
  const o = ctx.object(value, path);
  if (!o) return undefined;
  const kinds = Object.keys(o);
  const known = Object.keys(MEASURE_READERS);
  if (kinds.length !== 1) {
    ctx.error(path, `a measure has exactly one of: ${known.join(', ')}`);
    return undefined;
  }
  const kind = kinds[0]!;
  const p = [...path, kind];
  const body = o[kind];
  // Own keys only: a file's "toString" is an unknown measure, not Object.prototype's.
  const read = Object.hasOwn(MEASURE_READERS, kind) ? MEASURE_READERS[kind] : undefined;
  if (!read) {
    ctx.error(path, `unknown measure "${kind}"${suggest(kind, known)} (expected one of ${known.join(', ')})`);
    return undefined;
  }
  ctx.readingKpi = true;
  try {
    return read(ctx, body, p);
  } finally {
    ctx.readingKpi = false;
  }
}

/** completionRate: the share of a population that completed a course, or hours of a course group. */
function readCompletionRate(ctx: ReadContext, body: unknown, p: Path): KpiMeasure | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['course', 'group', 'minHours', 'population']);
  const course = ctx.string(b, 'course', p, { required: false });
  const group = ctx.string(b, 'group', p, { required: false });
  if (!!course === !!group) ctx.error(p, 'give exactly one of course or group');
  if (course) ctx.ref([...p, 'course'], 'course', course);
  if (group) ctx.ref([...p, 'group'], 'course group', group);
  const minHours = b.minHours === undefined ? undefined : ctx.number(b, 'minHours', p, { min: 0 });
  if (minHours !== undefined && !group) ctx.error([...p, 'minHours'], 'minHours applies to a course group');
  return { kind: 'completionRate', course, group, minHours, population: readPopulation(ctx, b.population, [...p, 'population']) };
}

/** stepRate: the share of a role's holders who reached a step (the step is checked in cross-checks.ts). */
function readStepRate(ctx: ReadContext, body: unknown, p: Path): KpiMeasure | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['role', 'step', 'population']);
  const role = ctx.string(b, 'role', p) ?? '';
  if (role) ctx.ref([...p, 'role'], 'role', role);
  return {
    kind: 'stepRate',
    role,
    step: ctx.string(b, 'step', p) ?? '',
    population: b.population === undefined ? undefined : readPopulation(ctx, b.population, [...p, 'population']),
  };
}

/** holders: how many hold one of some roles or certifications, optionally at a step (for anything else, count). */
function readHolders(ctx: ReadContext, body: unknown, p: Path): KpiMeasure | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['of', 'step']);
  const of = typeof b.of === 'string' ? [b.of] : ctx.strings(b, 'of', p);
  if (of.length === 0) ctx.error([...p, 'of'], 'required');
  of.forEach((x, i) => ctx.ref(typeof b.of === 'string' ? [...p, 'of'] : [...p, 'of', i], 'role or certification', x));
  const step = ctx.string(b, 'step', p, { required: false });
  return { kind: 'holders', of, step };
}

/**
 * coverage: the share of sections or departments with at least `min` people who hold a role (at a
 * step), or who meet any requirement (`who`). Without `per` and `min`, a role with seats takes its
 * seats' (cross-checks.ts applySeatDefaults): 「各課1〜2名」 covers a section from 1.
 */
function readCoverage(ctx: ReadContext, body: unknown, p: Path): KpiMeasure | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['role', 'step', 'who', 'per', 'min', 'excludeDepartments']);
  if ((b.role === undefined) === (b.who === undefined)) {
    ctx.error(p, 'give exactly one of role (holders of a role, optionally at a step) or who (people meeting a requirement)');
    return undefined;
  }
  const role = b.role === undefined ? undefined : ctx.string(b, 'role', p);
  if (role) ctx.ref([...p, 'role'], 'role', role);
  const step = ctx.string(b, 'step', p, { required: false });
  if (step !== undefined && role === undefined) ctx.error([...p, 'step'], 'step applies to a role (for who, write who: { step: { role, step } })');
  if (role && step) ctx.steps.push({ path: [...p, 'step'], role, step });
  const who: Requirement | undefined =
    b.who !== undefined ? readRequirement(ctx, b.who, [...p, 'who']) : role ? (step ? { kind: 'step', role, step } : { kind: 'holds', of: [role] }) : undefined;
  if (!who) return undefined;
  const measure: KpiMeasure = {
    kind: 'coverage',
    who,
    role,
    per: ctx.oneOf(b, 'per', p, ['section', 'department'] as const, { required: false }) ?? 'section',
    min: b.min === undefined ? 1 : (ctx.number(b, 'min', p, { integer: true, min: 1 }) ?? 1),
    excludeDepartments: ctx.strings(b, 'excludeDepartments', p),
  };
  if (role && b.per === undefined && b.min === undefined) ctx.seatDefaults.push({ measure, role });
  return measure;
}

/** count / rate: people (of a population) who meet a requirement, on the day or newly this 年度. */
function readPeopleMeeting(ctx: ReadContext, kind: 'count' | 'rate', body: unknown, p: Path): KpiMeasure | undefined {
  const b = ctx.object(body, p);
  if (!b) return undefined;
  ctx.fields(b, p, ['who', 'population', 'period']);
  const who = readRequirement(ctx, b.who, [...p, 'who']);
  const population = readPopulation(ctx, b.population, [...p, 'population']);
  const period: KpiPeriod = ctx.oneOf(b, 'period', p, ['cumulative', 'fiscalYear'] as const, { required: false }) ?? 'cumulative';
  return who ? { kind, who, population, period } : undefined;
}

/** Reads whom a rate is taken over: allStaff (the default), a role, or grades. */
function readPopulation(ctx: ReadContext, value: unknown, path: Path): Population {
  if (value === undefined || value === 'allStaff') return { kind: 'allStaff' };
  const o = ctx.object(value, path);
  if (!o) return { kind: 'allStaff' };
  ctx.fields(o, path, ['role', 'grades']);
  if (o.role !== undefined && o.grades !== undefined) {
    ctx.error(path, 'give either role or grades, not both');
  }
  if (o.role !== undefined) {
    const role = ctx.string(o, 'role', path) ?? '';
    if (role) ctx.ref([...path, 'role'], 'role', role);
    return { kind: 'role', role };
  }
  const grades = ctx.strings(o, 'grades', path);
  grades.forEach((g, i) => ctx.ref([...path, 'grades', i], 'grade', g));
  if (grades.length === 0) ctx.error(path, 'give allStaff, { role: … } or { grades: [...] }');
  return { kind: 'grades', grades };
}
