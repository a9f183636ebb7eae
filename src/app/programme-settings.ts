import type { FiscalYear } from '../domain/fiscal-calendar';
import { fiscalYearOf } from '../domain/fiscal-calendar';
import { targetFor } from '../domain/kpi-engine';
import type { Label } from '../domain/label';
import type { KpiUnit, Programme } from '../domain/programme';
import { applyOverrides, describeKey, kpiTargetKey, overridesFor, settingKey, type OverrideError, type SettingChange } from '../domain/programme-overrides';
import type { Clock, SettingsStore } from '../ports';
import type { ProgrammeService } from './programme-service';

/**
 * This year's targets and fill-in settings (DESIGN.md "The office's year"): the office sees, for a
 * 年度, each KPI's target and each setting the preset leaves to the municipality, the preset's value
 * beside the one in force, and every change with who made it and when; a change is checked by the
 * programme validator — the same messages as `skillsteps validate-programme` — before it is kept,
 * and the evaluation takes it at once here and at the next refresh on every other instance.
 */

/** A value the office set, and who set it when. */
export interface SetValue {
  value: string;
  byUpn: string;
  at: string;
  /** The 年度 it was set for (a setting holds on into later years). */
  fiscalYear: FiscalYear;
}

export interface KpiTargetRow {
  key: string;
  id: string;
  label: Label;
  unit: KpiUnit;
  /** The preset's target for this very 年度 (none: the preset sets none for it). */
  preset?: { value: number; approximate: boolean };
  /** The office's, when it set one for this 年度. */
  set?: SetValue;
  /** What the evaluation compares with this 年度: its own target, else the next later one (a plan's), else none (目標未設定). */
  inForce?: { value: number; approximate: boolean; fiscalYear: FiscalYear };
}

export interface FillInRow {
  key: string;
  id: string;
  label: Label;
  note?: string;
  preset: number;
  set?: SetValue;
  inForce: number;
}

export interface HistoryRow extends SetValue {
  key: string;
  label: Label;
}

/** GET /api/settings?fiscalYear= */
export interface SettingsView {
  fiscalYear: FiscalYear;
  /** The 年度 the form offers: from the plan's start (or two years back) to four years ahead. */
  fiscalYears: FiscalYear[];
  kpis: KpiTargetRow[];
  settings: FillInRow[];
  /** Every change, newest first. */
  history: HistoryRow[];
  /** The Settings list could not be read or holds a value the validator refuses (the evaluation uses the last good values). */
  problem?: string;
}

/** A change the office asks for. */
export interface SettingInput {
  key: string;
  value: string;
}

/** Changes the validator refused: nothing was kept. */
export class SettingsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: OverrideError[],
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export class ProgrammeSettings {
  constructor(
    private readonly deps: {
      /** The programme definition as parsed from its YAML: the preset, the defaults. */
      definition: unknown;
      store: SettingsStore;
      service: ProgrammeService;
      clock: Clock;
    },
  ) {}

  /** The targets and fill-in settings of a 年度. */
  async view(fiscalYear: FiscalYear): Promise<SettingsView> {
    const changes = await this.deps.store.all();
    return this.viewOf(fiscalYear, changes);
  }

  /**
   * Keeps changes for a 年度 after the validator has read the programme with them; refuses them all,
   * with every error by key, if it does not. The evaluation is refreshed before the answer.
   */
  async save(fiscalYear: FiscalYear, inputs: SettingInput[], byUpn: string): Promise<SettingsView> {
    const preset = this.deps.service.preset;
    const errors: OverrideError[] = [];
    for (const i of inputs) {
      const d = describeKey(preset, i.key);
      if ('error' in d) errors.push({ key: i.key, path: i.key, message: d.error });
    }
    if (errors.length > 0) throw new SettingsError('SETTINGS.UNKNOWN_KEY', '設定できない項目があります', errors);
    const existing = await this.deps.store.all();
    const at = this.deps.clock.now().toISOString();
    const changes: SettingChange[] = inputs.map((i) => ({ fiscalYear, key: i.key, value: i.value.trim(), byUpn, at }));
    // The 年度 chosen, and today's (a setting changed for an earlier year holds today too).
    for (const fy of new Set([fiscalYear, fiscalYearOf(this.deps.clock.today())])) {
      const result = applyOverrides(this.deps.definition, [...existing, ...changes], fy);
      if (!result.ok) throw new SettingsError('SETTINGS.INVALID', 'プログラム定義の検査を通りません。値を直してください', result.errors);
    }
    await this.deps.store.add(changes);
    await this.deps.service.refreshAfterWrite();
    return this.viewOf(fiscalYear, [...existing, ...changes]);
  }

  private viewOf(fiscalYear: FiscalYear, changes: SettingChange[]): SettingsView {
    const preset = this.deps.service.preset;
    const applied = applyOverrides(this.deps.definition, changes, fiscalYear);
    const programme: Programme = applied.ok ? applied.programme : preset;
    const latest = latestSet(changes, fiscalYear);
    const kpis: KpiTargetRow[] = preset.kpis.map((k) => {
      const own = k.targets.find((t) => t.fiscalYear === fiscalYear);
      const inForce = targetFor(programme.kpis.find((x) => x.id === k.id) ?? k, fiscalYear);
      const key = kpiTargetKey(k.id);
      return {
        key,
        id: k.id,
        label: k.label,
        unit: k.unit,
        ...(own ? { preset: { value: own.value, approximate: own.approximate } } : {}),
        ...(latest.get(key) ? { set: latest.get(key) } : {}),
        ...(inForce ? { inForce } : {}),
      };
    });
    const settings: FillInRow[] = preset.settings
      .filter((s) => s.fillIn)
      .map((s) => {
        const key = settingKey(s.id);
        return {
          key,
          id: s.id,
          label: s.label,
          ...(s.note ? { note: s.note } : {}),
          preset: s.value,
          ...(latest.get(key) ? { set: latest.get(key) } : {}),
          inForce: programme.settings.find((x) => x.id === s.id)?.value ?? s.value,
        };
      });
    const labelOf = (key: string): Label => {
      const d = describeKey(preset, key);
      return 'error' in d ? { ja: key } : d.label;
    };
    const history = [...changes].sort((a, b) => b.at.localeCompare(a.at)).map((c) => ({ ...c, label: labelOf(c.key) }));
    const current = fiscalYearOf(this.deps.clock.today());
    const from = Math.min(preset.planStartFiscalYear || current - 2, current - 2);
    const fiscalYears = Array.from({ length: current + 4 - from + 1 }, (_, i) => from + i);
    const problem = applied.ok ? this.deps.service.status().settingsProblem : `設定リストの値がプログラム定義の検査を通りません: ${applied.errors.map((e) => `${e.key || e.path}: ${e.message}`).join('; ')}`;
    return { fiscalYear, fiscalYears, kpis, settings, history, ...(problem ? { problem } : {}) };
  }
}

/**
 * The office's value for each key in a 年度: a target set for that year; a setting set for that year
 * or the latest earlier one. An empty value (back to the preset's) is no value.
 */
function latestSet(changes: SettingChange[], fiscalYear: FiscalYear): Map<string, SetValue> {
  const { targets, settings } = overridesFor(changes, fiscalYear);
  const out = new Map<string, SetValue>();
  const newest = (key: string, fy: (c: SettingChange) => boolean): SettingChange | undefined =>
    changes.filter((c) => c.key === key && fy(c)).sort((a, b) => b.fiscalYear - a.fiscalYear || b.at.localeCompare(a.at))[0];
  for (const [id, years] of targets) {
    if (!years.get(fiscalYear)) continue;
    const c = newest(kpiTargetKey(id), (x) => x.fiscalYear === fiscalYear)!;
    out.set(c.key, { value: c.value, byUpn: c.byUpn, at: c.at, fiscalYear: c.fiscalYear });
  }
  for (const id of settings.keys()) {
    const c = newest(settingKey(id), (x) => x.fiscalYear <= fiscalYear)!;
    out.set(c.key, { value: c.value, byUpn: c.byUpn, at: c.at, fiscalYear: c.fiscalYear });
  }
  return out;
}
