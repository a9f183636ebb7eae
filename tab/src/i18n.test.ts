import { formatDate, formatDateTime, formatFiscalYear, localeOf, pick, translate } from './i18n';

describe('i18n', () => {
  it('writes dates the Japanese way, and ISO in English', () => {
    expect(formatDate('2026-12-25', 'ja')).toBe('2026/12/25');
    expect(formatDate('2026-12-25', 'en')).toBe('2026-12-25');
    // An instant is shown on its JST day.
    expect(formatDate('2026-03-31T16:00:00.000Z', 'ja')).toBe('2026/04/01');
    expect(formatDateTime('2026-01-15T00:30:00.000Z', 'ja')).toBe('2026/01/15 9:30');
  });

  it('names fiscal years in 令和 (the era of their first day), FY in English', () => {
    expect(formatFiscalYear(2025, 'ja')).toBe('令和7年度');
    expect(formatFiscalYear(2019, 'ja')).toBe('平成31年度');
    expect(formatFiscalYear(2020, 'ja')).toBe('令和2年度');
    expect(formatFiscalYear(2025, 'en')).toBe('FY2025');
  });

  it('fills placeholders and falls back to Japanese labels', () => {
    expect(translate('ja', 'due', { date: '2026/12/25' })).toBe('期限 2026/12/25');
    expect(translate('en', 'due', { date: '2026-12-25' })).toBe('Due 2026-12-25');
    expect(pick({ ja: '全職員' }, 'en')).toBe('全職員');
    expect(pick({ ja: '全職員', en: 'All staff' }, 'en')).toBe('All staff');
  });

  it("follows Teams' locale: English for en-*, Japanese otherwise", () => {
    expect(['ja-jp', 'en-us', 'en-GB', 'en', 'fr-fr', undefined].map(localeOf)).toEqual(['ja', 'en', 'en', 'en', 'ja', 'ja']);
  });
});
