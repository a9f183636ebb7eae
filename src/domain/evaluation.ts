import { fiscalYearOf, type FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import type { LocalDate } from './local-date';
import { evaluateKpis, type KpiResult } from './kpi-engine';
import { evaluateEveryone, type PersonProgress } from './progress';
import type { DataQualityIssue, ListTally } from './records';
import type { Snapshot } from './snapshot';

/** A whole programme evaluated on one date: everyone's progress, the KPIs of that fiscal year, data quality. */
export interface ProgrammeEvaluation {
  programme: { id: string; version: string; label: Label; municipality: Label };
  asOf: LocalDate;
  fiscalYear: FiscalYear;
  people: PersonProgress[];
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
  return {
    programme: { id: programme.id, version: programme.version, label: programme.label, municipality: programme.municipality },
    asOf,
    fiscalYear,
    people,
    kpis: evaluateKpis(snapshot, people, fiscalYear, asOf),
    dataQuality: snapshot.issues,
    tallies: snapshot.tallies,
  };
}
