import type { ProgrammeEvaluation } from '../domain/evaluation';
import { formatFiscalYear } from '../domain/fiscal-calendar';
import type { KpiResult } from '../domain/kpi-engine';
import { text, type Locale } from '../domain/label';
import type { MissingItem, PersonProgress } from '../domain/progress';
import type { DataQualityIssue, ListTally } from '../domain/records';

export interface MissingJson {
  label: string;
  evidence: string;
  due: string | null;
  overdue: boolean;
  courseId?: string;
  url?: string;
  /** For a course: who runs it, where, and how to sign up (the Courses list). */
  provider?: string;
  venue?: string;
  signUp?: string;
  options?: MissingJson[];
}

export interface PersonJson {
  upn: string;
  name: string;
  department: string;
  section: string;
  grade: string;
  roles: Array<{
    role: string;
    label: string;
    since: string | null;
    step: string | null;
    stepLabel: string | null;
    stepsReached: number;
    stepsTotal: number;
    next: { step: string; label: string; optional: boolean } | null;
    missing: MissingJson[];
  }>;
  certifications: Array<{ certification: string; label: string; status: string; since: string | null; missing: MissingJson[] }>;
}

export interface KpiJson {
  id: string;
  label: string;
  unit: string;
  value: number;
  numerator: number;
  denominator: number | null;
  target: number | null;
  targetFiscalYear: number | null;
  approximate: boolean;
  met: boolean | null;
  trajectory: number | null;
  onTrack: boolean | null;
  byDepartment: KpiResult['byDepartment'];
  /** Per section (部 + 課): which 課 lack one. For a coverage KPI per section, value = people found, numerator 1 when covered. */
  bySection: KpiResult['bySection'];
  /** For a coverage KPI: what each unit needs and the units below it. */
  coverage?: KpiResult['coverage'];
}

/** The evaluation as one JSON document: programme, asOf, fiscalYear, people, kpis, dataQuality. */
export interface EvaluationJson {
  programme: { id: string; version: string; label: string; municipality: string };
  asOf: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  /**
   * rows = rowsRead + rowsSkipped, over every list read; `lists` has the same per list. Skipped
   * counts rows (a row with two bad cells is one; a file refused whole counts all its rows), not issues.
   */
  summary: { people: number; dataQualityIssues: number; rows: number; rowsRead: number; rowsSkipped: number; lists: ListTally[] };
  people: PersonJson[];
  kpis: KpiJson[];
  dataQuality: DataQualityIssue[];
}

/** Projects an evaluation onto its JSON form, with texts in one locale. */
export function evaluationJson(e: ProgrammeEvaluation, locale: Locale = 'ja'): EvaluationJson {
  return {
    programme: { id: e.programme.id, version: e.programme.version, label: text(e.programme.label, locale), municipality: text(e.programme.municipality, locale) },
    asOf: e.asOf,
    fiscalYear: e.fiscalYear,
    fiscalYearLabel: formatFiscalYear(e.fiscalYear, locale),
    summary: {
      people: e.people.length,
      dataQualityIssues: e.dataQuality.length,
      rows: sum(e.tallies, 'rows'),
      rowsRead: sum(e.tallies, 'read'),
      rowsSkipped: sum(e.tallies, 'refused'),
      lists: e.tallies,
    },
    people: e.people.map((p) => personJson(p, locale)),
    kpis: e.kpis.map((k) => kpiJson(k, locale)),
    dataQuality: e.dataQuality,
  };
}

/**
 * The same document as evaluationJson, as text in pieces: people are turned into JSON one at a
 * time, so a 20,000-person evaluation is never held as one big object or string.
 */
export function* evaluationJsonChunks(e: ProgrammeEvaluation, locale: Locale = 'ja'): Generator<string> {
  const { people: _people, kpis, dataQuality, ...head } = evaluationJson({ ...e, people: [] }, locale);
  // Key order as in evaluationJson: programme … summary, people, kpis, dataQuality.
  yield `${JSON.stringify({ ...head, summary: { ...head.summary, people: e.people.length } }).slice(0, -1)},"people":[`;
  let chunk = '';
  for (let i = 0; i < e.people.length; i++) {
    chunk += (i > 0 ? ',' : '') + JSON.stringify(personJson(e.people[i]!, locale));
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}],"kpis":${JSON.stringify(kpis)},"dataQuality":${JSON.stringify(dataQuality)}}`;
}

function sum(tallies: ListTally[], key: 'rows' | 'read' | 'refused'): number {
  let n = 0;
  for (const t of tallies) n += t[key];
  return n;
}

/** One person's progress as JSON. */
export function personJson(p: PersonProgress, locale: Locale = 'ja'): PersonJson {
  return {
    upn: p.upn,
    name: p.name,
    department: p.department,
    section: p.section,
    grade: p.gradeText,
    roles: p.roles.map((r) => {
      const current = r.stepsReached > 0 ? r.steps[r.stepsReached - 1] : undefined;
      return {
        role: r.role,
        label: text(r.label, locale),
        since: r.since ?? null,
        step: current?.id ?? null,
        stepLabel: current ? text(current.label, locale) : null,
        stepsReached: r.stepsReached,
        stepsTotal: r.steps.length,
        next: r.next ? { step: r.next.step, label: text(r.next.label, locale), optional: r.next.optional } : null,
        missing: (r.next?.missing ?? []).map((m) => missingJson(m, locale)),
      };
    }),
    certifications: p.certifications.map((c) => ({
      certification: c.certification,
      label: text(c.label, locale),
      status: c.status,
      since: c.since ?? null,
      missing: c.missing.map((m) => missingJson(m, locale)),
    })),
  };
}

function missingJson(m: MissingItem, locale: Locale): MissingJson {
  const out: MissingJson = { label: text(m.label, locale), evidence: text(m.evidence, locale), due: m.due ?? null, overdue: m.overdue };
  if (m.courseId) out.courseId = m.courseId;
  if (m.url) out.url = m.url;
  if (m.provider) out.provider = m.provider;
  if (m.venue) out.venue = m.venue;
  if (m.signUp) out.signUp = m.signUp;
  if (m.options) out.options = m.options.map((o) => missingJson(o, locale));
  return out;
}

function kpiJson(k: KpiResult, locale: Locale): KpiJson {
  return {
    id: k.id,
    label: text(k.label, locale),
    unit: k.unit,
    value: k.value,
    numerator: k.numerator,
    denominator: k.denominator ?? null,
    target: k.target?.value ?? null,
    targetFiscalYear: k.target?.fiscalYear ?? null,
    approximate: k.target?.approximate ?? false,
    met: k.met,
    trajectory: k.trajectory ?? null,
    onTrack: k.onTrack,
    byDepartment: k.byDepartment,
    bySection: k.bySection,
    ...(k.coverage ? { coverage: k.coverage } : {}),
  };
}
