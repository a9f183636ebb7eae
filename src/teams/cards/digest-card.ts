import { DIGEST_TOP_PENDING as APP_TOP_PENDING, type DigestData } from '../../app/digest';
import type { Locale } from '../../domain/label';
import { clip, formatDateWithWeekday, formatFiscalYear, formatNumber, formatPercent } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/digest.json';

/** A department's week, for the card posted to the channel mapped to it: the app's digest (src/app/digest.ts). */
export type DigestCardData = DigestData;

interface DigestTemplate extends TemplateBase {
  title: string;
  asOfLine: string;
  rateText: string;
  changeText: string;
  changeColor: 'Good' | 'Attention' | 'Default';
  headcountText: string;
  hasRoles: boolean;
  roles: Array<{ heading: string; distribution: string }>;
  hasMoreRoles: boolean;
  moreRolesText: string;
  noPending: boolean;
  topPending: Array<{ text: string }>;
  hasGaps: boolean;
  gaps: Array<{ text: string }>;
  tabUrl: string;
}

/** Pending items listed. */
export const DIGEST_TOP_PENDING = APP_TOP_PENDING;
/** Roles listed before 「ほか N 役割」 (fewer when the card would be too big). */
export const DIGEST_MAX_ROLES = 8;
/** Sections named per coverage KPI before 「ほか N 課」. */
export const DIGEST_GAP_SECTIONS = 6;

/**
 * The weekly digest of a department: 受講率 with the change since last week (▲/▼ points), the
 * headcount, the step distribution of each role in one line, the five items most people still
 * miss, and a link to the tab.
 */
export function digestCard(data: DigestCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  const title = t(locale, 'digestTitle', { department: data.department });
  const rate = formatPercent(data.completionRate, locale);
  const change = changeOf(data.completionRate, data.previousCompletionRate, locale);
  const roles = data.roles.filter((r) => r.holders > 0);
  const top = [...data.topPending]
    .filter((p) => p.count > 0)
    .sort((a, b) => b.count - a.count || b.overdue - a.overdue)
    .slice(0, DIGEST_TOP_PENDING);
  return fitToBudget((limit) => {
    const shown = roles.slice(0, limit);
    return expand(template, {
      ...base(locale, `${title}: ${t(locale, 'completionRate')} ${rate}`),
      title,
      asOfLine: t(locale, 'digestAsOf', { date: formatDateWithWeekday(data.asOf, locale), fiscalYear: formatFiscalYear(data.fiscalYear, locale) }),
      rateText: rate,
      changeText: change.text,
      changeColor: change.color,
      headcountText: t(locale, 'headcount', { n: formatNumber(data.headcount, locale) }),
      hasRoles: shown.length > 0,
      roles: shown.map((r) => ({
        heading: t(locale, 'roleHolders', { role: pick(r.label, locale), n: formatNumber(r.holders, locale) }),
        distribution: [
          t(locale, 'stepCount', { step: t(locale, 'noStep'), count: formatNumber(r.none, locale) }),
          ...r.steps.map((s, i) => t(locale, 'stepCount', { step: t(locale, 'stepN', { n: i + 1 }), count: formatNumber(s.count, locale) })),
        ].join(t(locale, 'distributionSeparator')),
      })),
      hasMoreRoles: roles.length > shown.length,
      moreRolesText: roles.length > shown.length ? t(locale, 'rolesMore', { n: roles.length - shown.length }) : '',
      noPending: top.length === 0,
      topPending: top.map((p) => ({
        text:
          p.overdue > 0
            ? t(locale, 'pendingItemOverdue', { label: clip(pick(p.label, locale), 80), n: formatNumber(p.count, locale), m: formatNumber(p.overdue, locale) })
            : t(locale, 'pendingItem', { label: clip(pick(p.label, locale), 80), n: formatNumber(p.count, locale) }),
      })),
      hasGaps: (data.gaps ?? []).length > 0,
      gaps: (data.gaps ?? []).map((g) => ({ text: gapLine(g, locale) })),
      tabUrl: data.tabUrl,
    } satisfies DigestTemplate);
  }, DIGEST_MAX_ROLES);
}

/** 「DX推進リーダー配置率（各課 1 人以上）：庶務課 0人、人事課 0人 ほか 2 課」, or the 部's own count per department. */
function gapLine(g: NonNullable<DigestData['gaps']>[number], locale: Locale): string {
  const label = clip(pick(g.label, locale), 60);
  const min = formatNumber(g.min, locale);
  if (g.department !== undefined) return t(locale, 'coverageGapDepartment', { label, min, count: formatNumber(g.department, locale) });
  const shown = g.sections.slice(0, DIGEST_GAP_SECTIONS).map((s) => t(locale, 'coverageGapSection', { section: clip(s.section, 30), count: formatNumber(s.count, locale) }));
  const more = g.sections.length - shown.length;
  const sections = shown.join(t(locale, 'listSeparator')) + (more > 0 ? ` ${t(locale, 'coverageGapMore', { n: formatNumber(more, locale) })}` : '');
  return t(locale, 'coverageGapSections', { label, min, sections });
}

/** The change of the rate in points, rounded as it is shown: ▲2.5 / ▼1 / no change. */
function changeOf(now: number, before: number | undefined, locale: Locale): { text: string; color: 'Good' | 'Attention' | 'Default' } {
  if (before === undefined) return { text: t(locale, 'changeUnknown'), color: 'Default' };
  const diff = Math.round((now - before) * 10) / 10;
  if (diff > 0) return { text: t(locale, 'changeUp', { n: formatNumber(diff, locale) }), color: 'Good' };
  if (diff < 0) return { text: t(locale, 'changeDown', { n: formatNumber(-diff, locale) }), color: 'Attention' };
  return { text: t(locale, 'changeFlat'), color: 'Default' };
}
