import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgrammeYaml } from '../app/programme-text';
import { applyOverrides, describeKey, kpiTargetKey, overridesFor, settingKey, type SettingChange } from './programme-overrides';
import { validateProgramme } from './programme-schema';
import type { Programme, Requirement } from './programme';

const preset = (id: string): { programme: Programme; definition: unknown } => {
  const r = parseProgrammeYaml(readFileSync(join(__dirname, '..', '..', 'presets', `${id}.yaml`), 'utf8'));
  if (!r.ok) throw new Error(`${id} does not load`);
  return r;
};
const change = (fiscalYear: number, key: string, value: string, at = '2026-05-01T00:00:00Z'): SettingChange => ({ fiscalYear, key, value, byUpn: 'office@city.example.jp', at });
const ok = (r: ReturnType<typeof applyOverrides>): Programme => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.programme;
};

/** Every reportScore a programme's requirements carry (the fill-in 基準点 ends up there). */
function reportScores(p: Programme): number[] {
  const out: number[] = [];
  const walk = (r: Requirement): void => {
    const o = r as unknown as Record<string, unknown>;
    for (const v of Object.values(o)) {
      if (Array.isArray(v)) v.forEach((x) => typeof x === 'object' && x !== null && walk(x as Requirement));
      else if (typeof v === 'object' && v !== null) walk(v as Requirement);
    }
    if (typeof o.reportScore === 'number') out.push(o.reportScore);
  };
  for (const c of p.certifications) walk(c.requires);
  return out;
}

describe('the office’s targets and fill-in settings over a preset', () => {
  const setagaya = preset('setagaya');
  const moka = preset('moka');

  it('sets a KPI’s target for a 年度 the preset has none for (世田谷区, 令和8年度), and only for that year', () => {
    const p = ok(applyOverrides(setagaya.definition, [change(2026, kpiTargetKey('dx-talent'), '~900')], 2026));
    expect(p.kpis.find((k) => k.id === 'dx-talent')!.targets).toEqual([
      { fiscalYear: 2022, value: 390, approximate: true },
      { fiscalYear: 2023, value: 700, approximate: true },
      { fiscalYear: 2026, value: 900, approximate: true },
    ]);
  });

  it('replaces the preset’s target of that year, whatever its key (R4 for 2022)', () => {
    const p = ok(applyOverrides(setagaya.definition, [change(2022, kpiTargetKey('dx-talent'), '400')], 2026));
    expect(p.kpis.find((k) => k.id === 'dx-talent')!.targets.filter((t) => t.fiscalYear === 2022)).toEqual([{ fiscalYear: 2022, value: 400, approximate: false }]);
  });

  it('refuses what the validator refuses, with the message validate-programme gives for the same value in the YAML', () => {
    const r = applyOverrides(setagaya.definition, [change(2026, kpiTargetKey('dx-talent'), '-5'), change(2026, kpiTargetKey('dx-managers'), 'たくさん')], 2026);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    // The same definition with the values written into the YAML's targets.
    const written = structuredClone(setagaya.definition) as { kpis: Array<{ id: string; targets: Record<string, unknown> }> };
    written.kpis.find((k) => k.id === 'dx-talent')!.targets['2026'] = '-5';
    written.kpis.find((k) => k.id === 'dx-managers')!.targets['2026'] = 'たくさん';
    const direct = validateProgramme(written);
    expect(direct.ok).toBe(false);
    expect(errors.map((e) => [e.path, e.message])).toEqual(direct.ok ? [] : direct.errors.map((e) => [e.path, e.message]));
    expect(errors.map((e) => [e.key, e.message])).toEqual([
      [kpiTargetKey('dx-talent'), 'must be at least 0, got -5'],
      [kpiTargetKey('dx-managers'), 'expected a number, got "たくさん"'],
    ]);
  });

  it('refuses a percentage over 100', () => {
    const tokyo = preset('tokyo-template');
    const rate = tokyo.programme.kpis.find((k) => k.unit === 'percent')!;
    const r = applyOverrides(tokyo.definition, [change(2026, kpiTargetKey(rate.id), '120')], 2026);
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(['a percentage target cannot exceed 100, got 120']);
  });

  it('sets a fill-in setting (真岡市 報告会評価の基準点) where the programme uses it, from its 年度 on', () => {
    expect(reportScores(moka.programme)).toContain(3);
    const changes = [change(2025, settingKey('reportMinScore'), '4')];
    const p2026 = ok(applyOverrides(moka.definition, changes, 2026));
    expect(p2026.settings.find((s) => s.id === 'reportMinScore')!.value).toBe(4);
    expect(reportScores(p2026)).toContain(4);
    // Not in a year before it was set.
    const p2024 = ok(applyOverrides(moka.definition, changes, 2024));
    expect(p2024.settings.find((s) => s.id === 'reportMinScore')!.value).toBe(3);
    // A later year's value takes over from then; an empty value puts the preset's back.
    const later = [...changes, change(2027, settingKey('reportMinScore'), '3.5'), change(2028, settingKey('reportMinScore'), '')];
    expect([2026, 2027, 2028].map((fy) => ok(applyOverrides(moka.definition, later, fy)).settings.find((s) => s.id === 'reportMinScore')!.value)).toEqual([4, 3.5, 3]);
  });

  it('takes the latest change of a key in a year', () => {
    const o = overridesFor([change(2026, kpiTargetKey('dx-talent'), '800', '2026-05-01T00:00:00Z'), change(2026, kpiTargetKey('dx-talent'), '850', '2026-06-01T00:00:00Z')], 2026);
    expect(o.targets.get('dx-talent')!.get(2026)).toBe('850');
  });

  it('names what may be set: a KPI, a fill-in setting — not a setting the policy itself fixes', () => {
    expect(describeKey(moka.programme, settingKey('reportMinScore'))).toEqual({ kind: 'setting', label: moka.programme.settings.find((s) => s.id === 'reportMinScore')!.label });
    expect(describeKey(moka.programme, kpiTargetKey('nope'))).toEqual({ error: 'unknown KPI "nope"' });
    const fixed = setagaya.programme.settings.find((s) => !s.fillIn);
    if (fixed) expect(describeKey(setagaya.programme, settingKey(fixed.id))).toEqual({ error: `setting "${fixed.id}" is not one the municipality fills in (fillIn: true)` });
    expect(describeKey(moka.programme, 'grades')).toEqual({ error: '"grades" is neither a KPI target (kpi:<id>) nor a setting (setting:<id>)' });
  });
});
