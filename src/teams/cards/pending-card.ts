import type { Label, Locale } from '../../domain/label';
import type { MissingItem } from '../../domain/progress';
import { t } from '../../i18n/cards';
import { missingItemView, roleLabelOf, soonestFirst, type MissingItemView } from './missing-items';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/pending.json';

export interface PendingCardOptions {
  /** The tab's deep link. */
  tabUrl: string;
  /** The person's roles (PersonProgress.roles will do): each item is shown with its role's name. */
  roles?: ReadonlyArray<{ role: string; label: Label }>;
}

interface PendingTemplate extends TemplateBase {
  empty: boolean;
  hasItems: boolean;
  countText: string;
  countColor: 'Attention' | 'Default';
  items: MissingItemView[];
  hasMore: boolean;
  moreText: string;
  tabUrl: string;
}

/** Items shown before 「ほか N 件」 (fewer when the card would be too big). */
export const PENDING_MAX_ITEMS = 10;

/**
 * What is still missing (PersonProgress.nextActions): overdue first and marked 期限切れ, then the
 * soonest due, then the undated; 「未受講の研修はありません」 when there is nothing.
 */
export function pendingCard(items: readonly MissingItem[], opts: PendingCardOptions, locale: Locale = 'ja'): AdaptiveCardJson {
  const sorted = soonestFirst(items);
  const overdue = sorted.filter((m) => m.overdue).length;
  const countText = overdue > 0 ? t(locale, 'pendingCountOverdue', { n: sorted.length, m: overdue }) : t(locale, 'pendingCount', { n: sorted.length });
  const fallback = sorted.length === 0 ? t(locale, 'pendingNone') : `${t(locale, 'pendingTitle')}: ${countText}`;
  return fitToBudget((limit) => {
    const shown = sorted.slice(0, limit);
    return expand(template, {
      ...base(locale, fallback),
      empty: sorted.length === 0,
      hasItems: sorted.length > 0,
      countText,
      countColor: overdue > 0 ? 'Attention' : 'Default',
      items: shown.map((m) => missingItemView(m, locale, roleLabelOf(opts.roles, m.role, locale))),
      hasMore: sorted.length > shown.length,
      moreText: sorted.length > shown.length ? t(locale, 'moreInTab', { n: sorted.length - shown.length }) : '',
      tabUrl: opts.tabUrl,
    } satisfies PendingTemplate);
  }, PENDING_MAX_ITEMS);
}
