import { formatFiscalYear as domainFiscalYear } from '../domain/fiscal-calendar';
import {
  clip,
  formatDate,
  formatDateTime,
  formatDateTimeWithWeekday,
  formatDateWithWeekday,
  formatFiscalYear,
  formatNumber,
  formatOfficialDate,
  formatPercent,
  jstDay,
} from './format';

// The formats of the cards and of the tab, one file (they were two and wrote 令和 twice).

describe('dates', () => {
  it.each([
    ['2026-12-22', '2026年12月22日(火)', 'Tue 22 Dec 2026'],
    ['2027-03-31', '2027年3月31日(水)', 'Wed 31 Mar 2027'],
    ['2026-08-31', '2026年8月31日(月)', 'Mon 31 Aug 2026'],
  ])('writes %s with its weekday for the cards', (date, ja, en) => {
    expect([formatDateWithWeekday(date, 'ja'), formatDateWithWeekday(date, 'en')]).toEqual([ja, en]);
  });

  it('writes dates the Japanese way in the tab, and ISO in English', () => {
    expect(formatDate('2026-12-25', 'ja')).toBe('2026/12/25');
    expect(formatDate('2026-12-25', 'en')).toBe('2026-12-25');
    expect(formatDate(undefined, 'ja')).toBe('');
  });

  it('shows an instant on its JST day, across midnight, in either form', () => {
    expect(formatDate('2026-03-31T16:00:00.000Z', 'ja')).toBe('2026/04/01');
    expect(formatDateWithWeekday('2026-03-31T16:00:00.000Z', 'ja')).toBe('2026年4月1日(水)');
    expect(jstDay('2026-11-24T15:05:00Z')).toBe('2026-11-25');
    expect(jstDay('2026-11-24')).toBe('2026-11-24');
    expect(jstDay('not a date')).toBeUndefined();
  });

  it('writes the formal date of a decision in the Japanese era', () => {
    expect(formatOfficialDate('2026-12-22', 'ja')).toBe('令和8年12月22日');
    expect(formatOfficialDate('2019-04-30', 'ja')).toBe('平成31年4月30日');
    expect(formatOfficialDate('2026-12-22', 'en')).toBe('22 Dec 2026');
    // An approval's instant: its day in JST.
    expect(formatOfficialDate('2026-11-24T15:05:00Z', 'ja')).toBe('令和8年11月25日');
  });

  it('shows instants with their time in JST', () => {
    expect(formatDateTime('2026-01-15T00:30:00.000Z', 'ja')).toBe('2026/01/15 9:30');
    expect(formatDateTime('2026-01-15T00:30:00.000Z', 'en')).toBe('2026-01-15 9:30');
    expect(formatDateTimeWithWeekday('2026-11-24T01:30:00Z', 'ja')).toBe('2026年11月24日(火) 10:30');
    expect(formatDateTimeWithWeekday('2026-11-24T15:05:00.000Z', 'ja')).toBe('2026年11月25日(水) 0:05');
    expect(formatDateTimeWithWeekday('2026-11-24T15:05:00.000Z', 'en')).toBe('Wed 25 Nov 2026, 00:05 JST');
    expect(formatDateTimeWithWeekday('2026-11-24', 'ja')).toBe('2026年11月24日(火)');
  });

  it('shows what is not a date as it is, rather than a wrong date or nothing', () => {
    for (const f of [formatDate, formatDateWithWeekday, formatOfficialDate, formatDateTime, formatDateTimeWithWeekday]) {
      expect(f('not a date', 'ja')).toBe('not a date');
      expect(f('2026-02-30', 'en')).toBe('2026-02-30');
    }
  });
});

describe('fiscal years', () => {
  it('are named by the domain: 令和 (the era of their first day), FY in English', () => {
    expect(formatFiscalYear).toBe(domainFiscalYear);
    expect([formatFiscalYear(2026, 'ja'), formatFiscalYear(2019, 'ja'), formatFiscalYear(2020, 'ja'), formatFiscalYear(2026, 'en')]).toEqual(['令和8年度', '平成31年度', '令和2年度', 'FY2026']);
  });
});

describe('numbers', () => {
  it('group digits and keep at most one decimal', () => {
    expect([formatNumber(12345, 'ja'), formatNumber(12345, 'en'), formatNumber(72.54, 'ja'), formatNumber(80, 'en')]).toEqual(['12,345', '12,345', '72.5', '80']);
  });

  it('write percentages with the sign', () => {
    expect([formatPercent(72.54, 'ja'), formatPercent(80, 'ja'), formatPercent(0.04, 'en')]).toEqual(['72.5%', '80%', '0%']);
  });

  it('clip text by characters, with an ellipsis', () => {
    expect(clip('推薦の理由です', 4)).toBe('推薦の…');
    expect(clip('短い', 4)).toBe('短い');
    expect(clip('👍👍👍', 2)).toBe('👍…');
  });
});
