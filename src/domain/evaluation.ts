import { fiscalYearOf, type FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import type { LocalDate } from './local-date';
import { evaluateKpis, type KpiResult } from './kpi-engine';
import { evaluateEveryone, evaluatePerson, type PersonProgress } from './progress';
import type { DataQualityIssue, ListTally } from './records';
import type { Snapshot } from './snapshot';
import { sectionKey } from './units';

/**
 * A whole programme evaluated on one date: everyone's progress (indexed by person and by section),
 * the KPIs of that fiscal year, data quality. The one evaluation the CLI, the server and the bot read.
 */
export interface ProgrammeEvaluation {
  programme: { id: string; version: string; label: Label; municipality: Label };
  snapshot: Snapshot;
  asOf: LocalDate;
  fiscalYear: FiscalYear;
  people: PersonProgress[];
  /** Active staff by UPN (lower case). */
  byUpn: Map<string, PersonProgress>;
  /** Active staff by sectionKey (units.ts). */
  bySection: Map<string, PersonProgress[]>;
  kpis: KpiResult[];
  dataQuality: DataQualityIssue[];
  /** Per list: rows read and refused, adding up to the rows the source held. */
  tallies: ListTally[];
}

/** Evaluates every active staff member and the KPIs of the fiscal year `asOf` falls in. */
export function evaluateProgramme(snapshot: Snapshot, asOf: LocalDate): ProgrammeEvaluation {
  const { programme } = snapshot;
  const fiscalYear = fiscalYearOf(asOf);
  const people = evaluateEveryone(snapshot, asOf);
  const byUpn = new Map(people.map((p) => [p.upn, p]));
  const bySection = new Map<string, PersonProgress[]>();
  for (const p of people) {
    const key = sectionKey(p);
    const list = bySection.get(key);
    if (list) list.push(p);
    else bySection.set(key, [p]);
  }
  return {
    programme: { id: programme.id, version: programme.version, label: programme.label, municipality: programme.municipality },
    snapshot,
    asOf,
    fiscalYear,
    people,
    byUpn,
    bySection,
    kpis: evaluateKpis(snapshot, people, fiscalYear, asOf),
    dataQuality: snapshot.issues,
    tallies: snapshot.tallies,
  };
}

/**
 * The evaluation after a few people's records changed (a confirmed report, a decided nomination):
 * those people evaluated again on the same date, everyone else kept, the KPIs of the year measured
 * again. The snapshot is the changed one; `affected` names the people whose records changed.
 */
export function reevaluate(previous: ProgrammeEvaluation, snapshot: Snapshot, affected: ReadonlySet<string>): ProgrammeEvaluation {
  const people: PersonProgress[] = [];
  const seen = new Set<string>();
  for (const p of previous.people) {
    seen.add(p.upn);
    if (!affected.has(p.upn)) people.push(p);
    else {
      const staff = snapshot.staffByUpn.get(p.upn);
      if (staff?.active) people.push(evaluatePerson(snapshot, staff, previous.asOf, { brief: true }));
    }
  }
  // Someone the previous evaluation did not have (a row typed into the Staff list since is read by the next sync, not here).
  for (const upn of affected) {
    const staff = snapshot.staffByUpn.get(upn);
    if (!seen.has(upn) && staff?.active) people.push(evaluatePerson(snapshot, staff, previous.asOf, { brief: true }));
  }
  const byUpn = new Map(people.map((p) => [p.upn, p]));
  const bySection = new Map<string, PersonProgress[]>();
  for (const p of people) {
    const key = sectionKey(p);
    const list = bySection.get(key);
    if (list) list.push(p);
    else bySection.set(key, [p]);
  }
  return {
    ...previous,
    snapshot,
    people,
    byUpn,
    bySection,
    kpis: evaluateKpis(snapshot, people, previous.fiscalYear, previous.asOf),
    dataQuality: snapshot.issues,
    tallies: snapshot.tallies,
  };
}
