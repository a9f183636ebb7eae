import { evaluateProgramme, reevaluate, type ProgrammeEvaluation } from '../domain/evaluation';
import { fiscalYearOf, type FiscalYear } from '../domain/fiscal-calendar';
import { evaluateKpis, kpiDate, type KpiResult } from '../domain/kpi-engine';
import type { Programme } from '../domain/programme';
import type { LocalDate } from '../domain/local-date';
import { applyOverrides } from '../domain/programme-overrides';
import { evaluateEveryone, type PersonProgress } from '../domain/progress';
import { affectedBy, applyRecordWrites, type RecordWrite } from '../domain/record-writes';
import { buildSnapshot } from '../domain/snapshot';
import type { Clock, ListSource, Logger, ReadProgress, SettingsStore } from '../ports';
import { loadSnapshot } from './evaluate-programme';

/** The programme as last evaluated (everyone's progress today and this fiscal year's KPIs), and when its lists were read. */
export interface Evaluated extends ProgrammeEvaluation {
  syncedAt: string;
}

/**
 * A fiscal year as the office reads it: everyone's progress and the KPIs on one date — the year's
 * last day (3/31) for a past year, today for the current one (kpiDate). Every view of a year (KPIs,
 * step distribution, certifications, the year-end report) is computed from the same date.
 */
export interface YearEvaluation {
  fiscalYear: FiscalYear;
  asOf: LocalDate;
  people: PersonProgress[];
  kpis: KpiResult[];
}

export interface SyncStatus {
  state: 'idle' | 'syncing';
  startedAt?: string;
  progress?: ReadProgress;
  last?: { finishedAt: string; ms: number; people: number; dataQualityIssues: number };
  lastError?: { at: string; message: string };
  /** The Settings list could not be read or holds a value the validator refuses: the last good programme is used. */
  settingsProblem?: string;
}

/**
 * This year's targets and fill-in settings from the site (the Settings list), applied to the
 * programme definition at every refresh: a change made on any instance reaches every instance at
 * its next refresh, without a restart.
 */
export interface ProgrammeOverrides {
  /** The programme definition as parsed from its YAML (the preset): the defaults. */
  definition: unknown;
  settings: SettingsStore;
  log?: Logger;
}

/**
 * Keeps the programme's evaluation in memory and refreshes it from the lists: one sync at a time
 * (a request for a refresh while one runs joins it), the previous evaluation kept and served until
 * the new one is complete, so requests never wait on Graph.
 *
 * What the server itself writes (a confirmed report, a decided nomination) is applied at once
 * (`apply`): the written records go into the evaluation and the people they are about are evaluated
 * again, without reading the lists. Each applied write is kept in a journal until a sync that
 * *started after it* has landed, because a sync that was already reading when the write was made may
 * have read that list before it: when such a sync lands, the journal's writes are applied on top of
 * its result (applying a write the lists already show changes nothing), so no write is lost.
 */
export class ProgrammeService {
  private evaluated?: Evaluated;
  private running?: Promise<Evaluated>;
  private readonly yearCache = new Map<FiscalYear, YearEvaluation>();
  private readonly state: SyncStatus = { state: 'idle' };
  /** Writes applied since the syncs now running began, in order. */
  private journal: Array<{ seq: number; writes: readonly RecordWrite[] }> = [];
  private seq = 0;
  /** The programme with the site's overrides, as of the last refresh that could read them. */
  private effective?: Programme;

  constructor(
    private readonly base: Programme,
    private readonly source: () => ListSource,
    private readonly clock: Clock,
    private readonly overrides?: ProgrammeOverrides,
  ) {}

  /** The programme as evaluated: the preset with the office's targets and fill-in settings. */
  get programme(): Programme {
    return this.evaluated?.snapshot.programme ?? this.effective ?? this.base;
  }

  /** The preset, without the office's overrides (the defaults the settings form shows). */
  get preset(): Programme {
    return this.base;
  }

  /** The current evaluation, or undefined before the first sync has finished. */
  current(): Evaluated | undefined {
    return this.evaluated;
  }

  status(): SyncStatus {
    return { ...this.state };
  }

  /** Reads the lists again (deltas after the first time) and re-evaluates; joins a sync already running. */
  refresh(): Promise<Evaluated> {
    if (this.running) return this.running;
    const started = performance.now();
    this.state.state = 'syncing';
    this.state.startedAt = this.clock.now().toISOString();
    this.state.progress = undefined;
    // Writes up to here are in the lists before this sync reads them; later ones may not be.
    const startedAfter = this.seq;
    this.running = (async () => {
      try {
        const today = this.clock.today();
        const programme = await this.programmeFor(today);
        const { snapshot } = await loadSnapshot(programme, this.source(), today, (p) => {
          this.state.progress = p;
        });
        let evaluated: Evaluated = { ...evaluateProgramme(snapshot, today), syncedAt: this.clock.now().toISOString() };
        this.journal = this.journal.filter((j) => j.seq > startedAfter);
        if (this.journal.length > 0) evaluated = this.withWrites(evaluated, this.journal.flatMap((j) => j.writes));
        this.evaluated = evaluated;
        this.yearCache.clear();
        this.state.last = {
          finishedAt: evaluated.syncedAt,
          ms: Math.round(performance.now() - started),
          people: evaluated.people.length,
          dataQualityIssues: snapshot.issues.length,
        };
        this.state.lastError = undefined;
        return evaluated;
      } catch (e) {
        this.state.lastError = { at: this.clock.now().toISOString(), message: e instanceof Error ? e.message : String(e) };
        throw e;
      } finally {
        this.state.state = 'idle';
        this.state.progress = undefined;
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /**
   * Applies what the server has just written to the lists (confirmed facts, a decided nomination,
   * a report's new state): the people concerned are evaluated again now, and the KPIs. Returns the
   * new evaluation (undefined before the first sync: the first sync will read the writes).
   */
  apply(writes: readonly RecordWrite[]): Evaluated | undefined {
    if (writes.length === 0) return this.evaluated;
    this.journal.push({ seq: ++this.seq, writes });
    const e = this.evaluated;
    if (!e) return undefined;
    this.evaluated = this.withWrites(e, writes);
    this.yearCache.clear();
    return this.evaluated;
  }

  private withWrites(e: Evaluated, writes: readonly RecordWrite[]): Evaluated {
    const records = applyRecordWrites(e.snapshot.records, writes);
    const snapshot = buildSnapshot(this.programme, records, e.snapshot.issues);
    return { ...reevaluate(e, snapshot, new Set(writes.map(affectedBy))), syncedAt: e.syncedAt };
  }

  /**
   * The programme for today's 年度 with the Settings list's overrides. Read afresh at every refresh
   * (one small list); if it cannot be read, or holds a value the validator refuses (typed into
   * SharePoint by hand), the last good programme stays and the status says why.
   */
  private async programmeFor(today: string): Promise<Programme> {
    if (!this.overrides) return this.base;
    const { definition, settings, log } = this.overrides;
    try {
      const result = applyOverrides(definition, await settings.all(), fiscalYearOf(today));
      if (result.ok) {
        this.effective = result.programme;
        this.state.settingsProblem = undefined;
      } else {
        this.state.settingsProblem = `設定リストの値がプログラム定義の検査を通りません: ${result.errors.map((e) => `${e.key || e.path}: ${e.message}`).join('; ')}`;
        log?.log('warn', 'settings refused by the programme validator', { errors: result.errors });
      }
    } catch (e) {
      this.state.settingsProblem = `設定リストを読めません: ${e instanceof Error ? e.message : String(e)}`;
      log?.log('warn', 'settings list not read', { error: e instanceof Error ? e.message : String(e) });
    }
    return this.effective ?? this.base;
  }

  /**
   * Reads the lists again after this server wrote to them (an import, a setting): a sync already
   * running may have read them before the write, so it is waited for and a new one started.
   */
  async refreshAfterWrite(): Promise<Evaluated> {
    await this.running?.catch(() => undefined);
    return this.refresh();
  }

  /** KPIs of a fiscal year, measured at its end (or today while it runs); computed once per sync. */
  kpisFor(fiscalYear: FiscalYear): KpiResult[] | undefined {
    return this.yearFor(fiscalYear)?.kpis;
  }

  /**
   * A fiscal year evaluated at its end (or today while it runs): everyone's progress on that date and
   * the KPIs from it; computed once per sync. The Staff list has no history, so a past year counts the
   * people active in it today.
   */
  yearFor(fiscalYear: FiscalYear): YearEvaluation | undefined {
    const e = this.evaluated;
    if (!e) return undefined;
    if (fiscalYear === e.fiscalYear) return { fiscalYear, asOf: e.asOf, people: e.people, kpis: e.kpis };
    let cached = this.yearCache.get(fiscalYear);
    if (!cached) {
      const asOf = kpiDate(fiscalYear, e.asOf);
      const people = evaluateEveryone(e.snapshot, asOf);
      cached = { fiscalYear, asOf, people, kpis: evaluateKpis(e.snapshot, people, fiscalYear, asOf) };
      this.yearCache.set(fiscalYear, cached);
    }
    return cached;
  }
}
