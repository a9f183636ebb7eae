import { evaluateProgramme, type ProgrammeEvaluation } from '../domain/evaluation';
import type { LocalDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import { createRecordParser } from '../domain/record-parser';
import { buildSnapshot, type Snapshot } from '../domain/snapshot';
import type { ListSource, ReadProgress } from '../ports';

/** Timings of a load, for benchmarks and the sync status. */
export interface LoadTimings {
  /** Reading and parsing together: each list is parsed as soon as it is read. */
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
  const parser = createRecordParser(programme, today);
  let parseMs = 0;
  const t0 = performance.now();
  await source.readLists((name, list) => {
    const t = performance.now();
    parser.add(name, list);
    parseMs += performance.now() - t;
  }, onProgress);
  const { records, issues } = parser.finish();
  const t1 = performance.now();
  const snapshot = buildSnapshot(programme, records, issues);
  const t2 = performance.now();
  return { snapshot, timings: { readMs: t1 - t0 - parseMs, parseMs, indexMs: t2 - t1 } };
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
