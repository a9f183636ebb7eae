import { addDays, addMonths, dayOfWeek, daysBetween, daysInMonth, isLocalDate, jstDate, makeDate, maxDate, minDate, monthsBetween } from './local-date';

describe('makeDate and isLocalDate', () => {
  it('builds dates that exist and refuses those that do not', () => {
    expect(makeDate(2024, 4, 1)).toBe('2024-04-01');
    expect(makeDate(2024, 2, 29)).toBe('2024-02-29');
    expect([makeDate(2023, 2, 29), makeDate(2024, 2, 30), makeDate(2024, 13, 1), makeDate(2024, 0, 1), makeDate(2024, 4, 0), makeDate(2024, 4, 1.5)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('accepts only padded ISO dates that exist', () => {
    expect(['2024-02-29', '2024-04-01'].map(isLocalDate)).toEqual([true, true]);
    expect(['2023-02-29', '2024-4-1', '2024/04/01', '2024-04-01T00:00', ''].map(isLocalDate)).toEqual([false, false, false, false, false]);
  });

  it('knows month lengths, leap years included', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2023, 2), daysInMonth(2100, 2), daysInMonth(2000, 2), daysInMonth(2024, 4), daysInMonth(2024, 12)]).toEqual([29, 28, 28, 29, 30, 31]);
  });
});

describe('addDays and daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-04-01', -1)).toBe('2026-03-31');
  });

  it('counts days either way', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-12-25', '2026-12-11')).toBe(-14);
    expect(daysBetween('2026-04-01', '2026-04-01')).toBe(0);
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-01-15', -1, '2023-12-15'],
    ['2024-01-15', -13, '2022-12-15'],
    ['2026-04-01', 12, '2027-04-01'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-05-20', 0, '2024-05-20'],
  ])('%s + %i months = %s (clamped to the end of a shorter month)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('monthsBetween', () => {
  it.each([
    ['2024-01-15', '2024-02-14', 0],
    ['2024-01-15', '2024-02-15', 1],
    ['2024-04-01', '2025-03-31', 11],
    ['2024-04-01', '2025-04-01', 12],
    // A month that ends before the start day is reached is complete on its last day.
    ['2024-01-31', '2024-02-29', 1],
    ['2024-01-31', '2024-02-28', 0],
    ['2023-01-31', '2023-02-28', 1],
    ['2024-03-31', '2024-04-30', 1],
    ['2024-05-20', '2024-05-20', 0],
  ])('from %s to %s is %i whole months', (from, to, months) => {
    expect(monthsBetween(from, to)).toBe(months);
  });

  it.each([
    ['2024-02-15', '2024-01-15', -1],
    ['2024-02-15', '2024-01-20', 0],
    ['2025-04-01', '2024-04-02', -11],
    ['2024-03-31', '2024-02-29', -1],
  ])('from %s back to %s is %i, counted like the forward direction', (from, to, months) => {
    expect(monthsBetween(from, to)).toBe(months);
  });

  it('agrees with addMonths: n months after a date are n whole months away', () => {
    for (const start of ['2024-01-31', '2024-02-29', '2024-03-15', '2023-08-31']) {
      for (let n = 0; n <= 24; n++) expect(monthsBetween(start, addMonths(start, n))).toBe(n);
    }
  });
});

describe('dayOfWeek, minDate, maxDate, jstDate', () => {
  it('gives 0 for Sunday … 6 for Saturday', () => {
    expect([dayOfWeek('2026-11-22'), dayOfWeek('2026-11-23'), dayOfWeek('2026-11-28')]).toEqual([0, 1, 6]);
  });

  it('picks the earlier and the later date', () => {
    expect(minDate('2026-04-01', '2025-12-31')).toBe('2025-12-31');
    expect(maxDate('2026-04-01', '2025-12-31')).toBe('2026-04-01');
  });

  it('takes the calendar date of an instant in JST (UTC+9)', () => {
    expect(jstDate(new Date('2026-03-31T14:59:59Z'))).toBe('2026-03-31');
    expect(jstDate(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });
});
