/**
 * The tab's strings and formats in React: the locale in a context, `useI18n()` for a component.
 * The strings and formats themselves are SkillSteps' one set (src/i18n), shared with the bot's cards;
 * this file only binds them to the tab's locale.
 */
import { createContext, useContext, useMemo } from 'react';
import { formatDate, formatDateTime, formatFiscalYear, formatNumber } from '../../src/i18n/format';
import { localeOf, pick, t, type Label, type Locale, type TabStringKey, type Vars } from '../../src/i18n/tab';

export { localeOf };
export type { Label, Locale, Vars };
export type StringKey = TabStringKey;

export interface I18n {
  locale: Locale;
  t: (key: StringKey, vars?: Vars) => string;
  label: (label: Label | undefined) => string;
  date: (value: string | undefined) => string;
  dateTime: (value: string | undefined) => string;
  fiscalYear: (fy: number) => string;
  number: (n: number) => string;
}

export const LocaleContext = createContext<Locale>('ja');

/** The strings and formats of the tab's locale. */
export function useI18n(): I18n {
  const locale = useContext(LocaleContext);
  return useMemo(() => i18nFor(locale), [locale]);
}

/** The same, outside React (and for tests). */
export function i18nFor(locale: Locale): I18n {
  return {
    locale,
    t: (key, vars) => t(locale, key, vars),
    label: (l) => pick(l, locale),
    date: (v) => formatDate(v, locale),
    dateTime: (v) => formatDateTime(v, locale),
    fiscalYear: (fy) => formatFiscalYear(fy, locale),
    number: (n) => formatNumber(n, locale),
  };
}
