import { evaluateProgramme, type ProgrammeEvaluation } from '../domain/evaluation';
import type { LocalDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import { parseRecords } from '../domain/record-parser';
import { buildSnapshot, type Snapshot } from '../domain/snapshot';
import type { ListSource, ReadProgress } from '../ports';

/** Timings of a load, for benchmarks and the sync status. */
export interface LoadTimings {
  readMs: number;
  parseMs: number;
  indexMs: number;
}

/** Reads every list from a source and builds the snapshot the engines evaluate. */
export async function loadSnapshot(
  programme: Programme,
  source: ListSource,
  today: LocalDate,
  onProgress?: (p: ReadProgress) => void,
): Promise<{ snapshot: Snapshot; timings: LoadTimings }> {
  const t0 = performance.now();
  const raw = await source.readLists(onProgress);
  const t1 = performance.now();
  const { records, issues } = parseRecords(programme, raw, today);
  const t2 = performance.now();
  const snapshot = buildSnapshot(programme, records, issues);
  const t3 = performance.now();
  return { snapshot, timings: { readMs: t1 - t0, parseMs: t2 - t1, indexMs: t3 - t2 } };
}

/** Loads and evaluates in one go. */
export async function evaluateFromSource(
  programme: Programme,
  source: ListSource,
  asOf: LocalDate,
  today: LocalDate,
): Promise<{ evaluation: ProgrammeEvaluation; timings: LoadTimings & { evaluateMs: number } }> {
  const { snapshot, timings } = await loadSnapshot(programme, source, today);
  const t0 = performance.now();
  const evaluation = evaluateProgramme(snapshot, asOf);
  return { evaluation, timings: { ...timings, evaluateMs: performance.now() - t0 } };
}
