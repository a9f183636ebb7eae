import { clip, fiscalYearName, formatCount, formatDate, formatInstant, formatOfficialDate, formatPercent, jstDate } from './format';
import { withoutDueSuffix } from './missing-items';

describe('card formats', () => {
  it.each([
    ['2026-12-22', '2026年12月22日(火)', 'Tue 22 Dec 2026'],
    ['2027-03-31', '2027年3月31日(水)', 'Wed 31 Mar 2027'],
    ['2026-08-31', '2026年8月31日(月)', 'Mon 31 Aug 2026'],
  ])('writes %s with its weekday', (date, ja, en) => {
    expect([formatDate(date, 'ja'), formatDate(date, 'en')]).toEqual([ja, en]);
  });

  it('writes the formal date of a decision in the Japanese era', () => {
    expect(formatOfficialDate('2026-12-22', 'ja')).toBe('令和8年12月22日');
    expect(formatOfficialDate('2019-04-30', 'ja')).toBe('平成31年4月30日');
    expect(formatOfficialDate('2026-12-22', 'en')).toBe('22 Dec 2026');
  });

  it('shows instants in JST, across midnight', () => {
    expect(formatInstant('2026-11-24T01:30:00Z', 'ja')).toBe('2026年11月24日(火) 10:30');
    expect(formatInstant('2026-11-24T15:05:00.000Z', 'ja')).toBe('2026年11月25日(水) 0:05');
    expect(formatInstant('2026-11-24T15:05:00.000Z', 'en')).toBe('Wed 25 Nov 2026, 00:05 JST');
    expect(formatInstant('2026-11-24', 'ja')).toBe('2026年11月24日(火)');
    expect(formatInstant('not a date', 'ja')).toBe('not a date');
    expect(jstDate('2026-11-24T15:05:00Z')).toBe('2026-11-25');
  });

  it('names fiscal years as the tab does', () => {
    expect([fiscalYearName(2026, 'ja'), fiscalYearName(2019, 'ja'), fiscalYearName(2026, 'en')]).toEqual(['令和8年度', '平成31年度', 'FY2026']);
  });

  it('formats numbers', () => {
    expect([formatPercent(72.54), formatPercent(80), formatPercent(0.04)]).toEqual(['72.5', '80', '0']);
    expect([formatCount(12345, 'ja'), formatCount(12345, 'en')]).toEqual(['12,345', '12,345']);
    expect(clip('推薦の理由です', 4)).toBe('推薦の…');
    expect(clip('短い', 4)).toBe('短い');
  });

  it.each([
    ['未受講 — 期限 12/25', '未受講'],
    ['12時間／20時間 — 期限 9/1 を過ぎています', '12時間／20時間'],
    ['0時間／20時間 — 期限 2027/2/25', '0時間／20時間'],
    ['Not completed — due 2026-12-25', 'Not completed'],
    ['12 of 20 hours — overdue since 2026-09-01', '12 of 20 hours'],
    ['該当 1件・連続1年度 — 令和7年度「窓口業務のBPR」 ○', '該当 1件・連続1年度 — 令和7年度「窓口業務のBPR」 ○'],
  ])('takes the short due date off the evidence %s', (evidence, expected) => {
    expect(withoutDueSuffix(evidence)).toBe(expected);
  });
});
