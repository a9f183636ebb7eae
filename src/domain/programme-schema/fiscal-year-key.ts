/** Fiscal-year keys as municipalities write them (西暦 or 令和), shared with the record parser. */
import type { FiscalYear } from '../fiscal-calendar';

/** Reads a fiscal-year key: 2025, "2025", "2025年度", "FY2025", "R7", "令和7", "令和7年度". */
export function parseFiscalYearKey(key: string): FiscalYear | undefined {
  const s = key.normalize('NFKC').trim();
  const y = /^(?:FY)?(\d{4})(?:年度?)?$/i.exec(s);
  if (y) return Number(y[1]);
  const m = /^(?:R|令和)(\d{1,2}|元)(?:年度?)?$/i.exec(s);
  if (m) return 2018 + (m[1] === '元' ? 1 : Number(m[1]));
  return undefined;
}
