import { i18nFor, localeOf } from './i18n';

describe('i18n', () => {
  const ja = i18nFor('ja');
  const en = i18nFor('en');

  it('writes dates the Japanese way, and ISO in English', () => {
    expect(ja.date('2026-12-25')).toBe('2026/12/25');
    expect(en.date('2026-12-25')).toBe('2026-12-25');
    // An instant is shown on its JST day.
    expect(ja.date('2026-03-31T16:00:00.000Z')).toBe('2026/04/01');
    expect(ja.dateTime('2026-01-15T00:30:00.000Z')).toBe('2026/01/15 9:30');
  });

  it('names fiscal years in 令和 (the era of their first day), FY in English', () => {
    expect(ja.fiscalYear(2025)).toBe('令和7年度');
    expect(ja.fiscalYear(2019)).toBe('平成31年度');
    expect(ja.fiscalYear(2020)).toBe('令和2年度');
    expect(en.fiscalYear(2025)).toBe('FY2025');
  });

  it('fills placeholders and falls back to Japanese labels', () => {
    expect(ja.t('due', { date: '2026/12/25' })).toBe('期限 2026/12/25');
    expect(en.t('due', { date: '2026-12-25' })).toBe('Due 2026-12-25');
    expect(en.label({ ja: '全職員' })).toBe('全職員');
    expect(en.label({ ja: '全職員', en: 'All staff' })).toBe('All staff');
  });

  it("follows Teams' locale: English for en-*, Japanese otherwise", () => {
    expect(['ja-jp', 'en-us', 'en-GB', 'en', 'fr-fr', undefined].map(localeOf)).toEqual(['ja', 'en', 'en', 'en', 'ja', 'ja']);
  });
});
