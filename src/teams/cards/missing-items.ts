/**
 * What a person still has to do, as the cards list it (my step, pending, the nominee's first step):
 * the label, the evidence, the due date (overdue in the attention colour, marked 期限切れ) and the
 * course link.
 */
import type { Label, Locale } from '../../domain/label';
import type { MissingItem } from '../../domain/progress';
import { pick, t } from '../../i18n/cards';
import { clip, formatDateWithWeekday } from '../../i18n/format';

/** One item as the templates read it. */
export interface MissingItemView {
  label: string;
  hasContext: boolean;
  context: string;
  hasEvidence: boolean;
  evidence: string;
  hasDue: boolean;
  dueText: string;
  dueColor: 'Attention' | 'Default';
  dueWeight: 'Bolder' | 'Default';
  hasOptions: boolean;
  optionsText: string;
  hasUrl: boolean;
  url: string;
}

/** Alternatives of an "any of" item shown before 「ほか N 件」. */
const MAX_OPTIONS = 3;
const MAX_LABEL = 200;

/** An item for a card; `context` (e.g. the role) is shown under the label when given. */
export function missingItemView(item: MissingItem, locale: Locale, context?: string): MissingItemView {
  const evidence = item.due ? withoutDueSuffix(pick(item.evidence, locale)) : pick(item.evidence, locale);
  const options = item.options ?? [];
  const shown = options.slice(0, MAX_OPTIONS).map((o) => clip(pick(o.label, locale), 80));
  if (options.length > MAX_OPTIONS) shown.push(t(locale, 'moreCount', { n: options.length - MAX_OPTIONS }));
  const url = item.url && isHttpUrl(item.url) ? item.url : '';
  return {
    label: clip(pick(item.label, locale), MAX_LABEL),
    hasContext: !!context,
    context: context ?? '',
    hasEvidence: evidence !== '',
    evidence: clip(evidence, MAX_LABEL),
    hasDue: !!item.due,
    dueText: item.due ? (item.overdue ? t(locale, 'overdueSince', { date: formatDateWithWeekday(item.due, locale) }) : t(locale, 'due', { date: formatDateWithWeekday(item.due, locale) })) : '',
    dueColor: item.overdue ? 'Attention' : 'Default',
    dueWeight: item.overdue ? 'Bolder' : 'Default',
    hasOptions: shown.length > 0,
    optionsText: shown.length > 0 ? t(locale, 'anyOf', { options: shown.join(t(locale, 'listSeparator')) }) : '',
    hasUrl: url !== '',
    url,
  };
}

/** Overdue first, then soonest due, then the undated ones; the order is otherwise kept. */
export function soonestFirst<T extends { due?: string; overdue: boolean }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => Number(b.item.overdue) - Number(a.item.overdue) || compareDue(a.item.due, b.item.due) || a.i - b.i)
    .map((x) => x.item);
}

/** ISO dates compare as text; undated last. */
function compareDue(a: string | undefined, b: string | undefined): number {
  const x = a ?? '9999';
  const y = b ?? '9999';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The label of a role by id, from the roles a person holds. */
export function roleLabelOf(roles: ReadonlyArray<{ role: string; label: Label }> | undefined, id: string | undefined, locale: Locale): string {
  if (!roles || !id) return '';
  const role = roles.find((r) => r.role === id);
  return role ? pick(role.label, locale) : '';
}

/**
 * The evidence text of an unmet requirement ends with its due date in short form
 * (「未受講 — 期限 12/25」, "Not completed — due 2026-12-25"; see notYet in requirement-engine). The
 * cards show the due date on its own line with the weekday, so the short form is taken off.
 */
export function withoutDueSuffix(evidence: string): string {
  return evidence.replace(/ — 期限 (\d{4}\/)?\d{1,2}\/\d{1,2}( を過ぎています)?$/, '').replace(/ — (overdue since|due) \d{4}-\d{2}-\d{2}$/, '');
}

/** Only http(s) links become buttons (the Courses list's Url column is read as https already). */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}
