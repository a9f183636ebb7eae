import type { FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import type { Programme } from './programme';
import { parseFiscalYearKey, validateProgramme, type ProgrammeError } from './programme-schema';

/**
 * This year's targets and fill-in settings, as the programme office sets them (DESIGN.md "The
 * office's year"; the Settings list 設定). The preset stays the default: an override replaces one
 * value in the programme definition, and the result goes through the same validator as the YAML —
 * so a target of -5 or 120% is refused with the very message `skillsteps validate-programme` gives.
 *
 * Keys: `kpi:<kpi id>` for a KPI's target in that 年度, `setting:<setting id>` for a setting the
 * preset marks `fillIn` (真岡市's 報告会評価の基準点, the template's ○名).
 */

/** One change as the Settings list keeps it: every change is an item of its own, never overwritten. */
export interface SettingChange {
  fiscalYear: FiscalYear;
  key: string;
  /** As typed: "85", "~700" (約), or "" (back to the preset's value). */
  value: string;
  byUpn: string;
  at: string;
}

/** An override's problem: which key, where in the programme, and the validator's message. */
export interface OverrideError {
  key: string;
  path: string;
  message: string;
}

export type OverrideResult = { ok: true; programme: Programme } | { ok: false; errors: OverrideError[] };

const KPI = 'kpi:';
const SETTING = 'setting:';

/** The key of a KPI's target. */
export function kpiTargetKey(kpiId: string): string {
  return `${KPI}${kpiId}`;
}

/** The key of a fill-in setting. */
export function settingKey(settingId: string): string {
  return `${SETTING}${settingId}`;
}

/** What a key names in a programme, or why it names nothing the office may set. */
export function describeKey(programme: Programme, key: string): { kind: 'target'; label: Label } | { kind: 'setting'; label: Label } | { error: string } {
  if (key.startsWith(KPI)) {
    const kpi = programme.kpis.find((k) => k.id === key.slice(KPI.length));
    return kpi ? { kind: 'target', label: kpi.label } : { error: `unknown KPI "${key.slice(KPI.length)}"` };
  }
  if (key.startsWith(SETTING)) {
    const s = programme.settings.find((x) => x.id === key.slice(SETTING.length));
    if (!s) return { error: `unknown setting "${key.slice(SETTING.length)}"` };
    // Only what the seed leaves to the municipality: the rest is the policy itself.
    return s.fillIn ? { kind: 'setting', label: s.label } : { error: `setting "${s.id}" is not one the municipality fills in (fillIn: true)` };
  }
  return { error: `"${key}" is neither a KPI target (kpi:<id>) nor a setting (setting:<id>)` };
}

/**
 * The overrides in force for a fiscal year: the latest change of each key. A KPI's target counts in
 * its own 年度 only (a year without one has no target, never an old year's); a setting holds from
 * its 年度 on, until a later one changes it. An empty value puts the preset's back.
 */
export function overridesFor(changes: readonly SettingChange[], fiscalYear: FiscalYear): { targets: Map<string, Map<FiscalYear, string>>; settings: Map<string, string> } {
  const latest = new Map<string, SettingChange>();
  for (const c of changes) {
    const k = `${c.fiscalYear}\u0000${c.key}`;
    const seen = latest.get(k);
    if (!seen || c.at >= seen.at) latest.set(k, c);
  }
  const targets = new Map<string, Map<FiscalYear, string>>();
  const settings = new Map<string, { fy: FiscalYear; value: string }>();
  for (const c of latest.values()) {
    if (c.key.startsWith(KPI)) {
      const id = c.key.slice(KPI.length);
      if (!targets.has(id)) targets.set(id, new Map());
      targets.get(id)!.set(c.fiscalYear, c.value.trim());
    } else if (c.key.startsWith(SETTING) && c.fiscalYear <= fiscalYear) {
      const id = c.key.slice(SETTING.length);
      const seen = settings.get(id);
      if (!seen || c.fiscalYear > seen.fy) settings.set(id, { fy: c.fiscalYear, value: c.value.trim() });
    }
  }
  return { targets, settings: new Map([...settings].filter(([, v]) => v.value !== '').map(([id, v]) => [id, v.value])) };
}

/**
 * The programme definition (the parsed YAML) with the overrides in force for `fiscalYear`, read by
 * the programme validator; errors name the key they come from.
 */
export function applyOverrides(definition: unknown, changes: readonly SettingChange[], fiscalYear: FiscalYear): OverrideResult {
  const def = structuredClone(definition) as Record<string, unknown>;
  const { targets, settings } = overridesFor(changes, fiscalYear);
  const where = new Map<string, string>();
  const planStart = typeof def.planStartFiscalYear === 'number' ? def.planStartFiscalYear : parseFiscalYearKey(String(def.planStartFiscalYear ?? ''));
  const kpis = Array.isArray(def.kpis) ? (def.kpis as Array<Record<string, unknown>>) : [];
  for (const [id, years] of targets) {
    const index = kpis.findIndex((k) => k?.id === id);
    const kpi = kpis[index];
    if (!kpi) continue;
    const t = typeof kpi.targets === 'object' && kpi.targets !== null && !Array.isArray(kpi.targets) ? { ...(kpi.targets as Record<string, unknown>) } : {};
    for (const [fy, value] of years) {
      if (value === '') continue;
      // The preset may name the year R8, 令和8年度, 2026 or Y2: the override replaces whichever it is.
      for (const key of Object.keys(t)) if (yearOfKey(key, planStart) === fy) delete t[key];
      t[String(fy)] = value;
      where.set(`kpis[${index}].targets.${fy}`, kpiTargetKey(id));
    }
    kpi.targets = t;
  }
  const list = def.settings;
  for (const [id, value] of settings) {
    if (Array.isArray(list)) {
      const index = (list as Array<Record<string, unknown>>).findIndex((s) => s?.id === id);
      if (index < 0) continue;
      (list as Array<Record<string, unknown>>)[index] = { ...(list[index] as Record<string, unknown>), value };
      where.set(`settings[${index}].value`, settingKey(id));
    } else if (typeof list === 'object' && list !== null && Object.hasOwn(list, id)) {
      const m = list as Record<string, Record<string, unknown>>;
      m[id] = { ...m[id], value };
      where.set(`settings.${id}.value`, settingKey(id));
    }
  }
  const result = validateProgramme(def);
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map((e: ProgrammeError) => ({ key: where.get(e.path) ?? keyAround(where, e.path), path: e.path, message: e.message })) };
}

/** The key an error deeper than an override's own path belongs to (or '' for the definition itself). */
function keyAround(where: Map<string, string>, path: string): string {
  for (const [p, key] of where) if (path.startsWith(p)) return key;
  return '';
}

/** A targets key's fiscal year: 2026, R8, 令和8年度, or Y2 / 2年目 counted from the plan's start. */
function yearOfKey(key: string, planStart: number | undefined): FiscalYear | undefined {
  const plan = /^(?:Y|year)(\d{1,2})$|^(\d{1,2})年目$/i.exec(key.normalize('NFKC'));
  if (plan) return planStart === undefined ? undefined : planStart + Number(plan[1] ?? plan[2]) - 1;
  return parseFiscalYearKey(key);
}
