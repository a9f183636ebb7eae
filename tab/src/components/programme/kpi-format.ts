import type { KpiResult } from '../../api/types';
import type { I18n, StringKey } from '../../i18n';

/** A KPI value with its unit: 45.2%, 120 人, 12 所属, 8 件. */
export function kpiValue(unit: KpiResult['unit'], value: number, i18n: I18n): string {
  const n = i18n.number(value);
  switch (unit) {
    case 'percent':
      return `${n}%`;
    case 'people':
      return i18n.t('unitPeople', { n });
    case 'units':
      return i18n.t('unitUnits', { n });
    case 'projects':
      return i18n.t('unitProjects', { n });
  }
}

export type Verdict = { key: StringKey; color: 'success' | 'danger' | 'warning' | 'informative' };

/**
 * Against a target due this year: 達成 / 未達. While the target lies ahead: 順調 / 遅れ against this
 * year's milestone (trajectory). Without a target for the year (or a later one): 目標未設定, never an earlier year's. (The CSV's 判定 column says the same.)
 */
export function kpiVerdict(k: Pick<KpiResult, 'met' | 'onTrack'>): Verdict {
  if (k.met !== null) return k.met ? { key: 'met', color: 'success' } : { key: 'kpiNotMet', color: 'danger' };
  if (k.onTrack !== null) return k.onTrack ? { key: 'kpiOnTrack', color: 'success' } : { key: 'kpiBehind', color: 'warning' };
  return { key: 'kpiNoTarget', color: 'informative' };
}
