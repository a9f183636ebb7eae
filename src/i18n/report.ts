/**
 * The strings of the office's downloads (the year-end workbook, its CSVs, the KPI CSV, the office's
 * lists): the shared terms, the tab's (a verdict reads the same in the tab and in the file) and the
 * report's own, bound to the one set of lookups (translate.ts).
 */
import { COMMON_STRINGS } from './strings/common';
import { REPORT_STRINGS } from './strings/report';
import { TAB_STRINGS } from './strings/tab';
import { stringTable } from './translate';

export { pick, type Label, type Locale, type Vars } from './translate';

const TABLE = { ...COMMON_STRINGS, ...TAB_STRINGS, ...REPORT_STRINGS };

/** A key of the report's strings. */
export type ReportStringKey = keyof typeof TABLE;

export const { t, label, stringsFor } = stringTable<ReportStringKey>(TABLE);
