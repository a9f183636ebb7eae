/**
 * The strings of the tab: the shared terms and the tab's own, bound to the one set of lookups
 * (translate.ts). tab/src/i18n.ts puts them behind React (LocaleContext, useI18n).
 */
import { COMMON_STRINGS } from './strings/common';
import { TAB_STRINGS } from './strings/tab';
import { stringTable } from './translate';

export { localeOf, pick, type Label, type Locale, type Vars } from './translate';

const TABLE = { ...COMMON_STRINGS, ...TAB_STRINGS };

/** A key of the tab's strings. */
export type TabStringKey = keyof typeof TABLE;

export const { t, label, stringsFor } = stringTable<TabStringKey>(TABLE);
