import {
  addWorkingDays,
  dateInFiscalYear,
  dueOnWorkingDay,
  fiscalQuarterOf,
  fiscalYearOf,
  fiscalYearRange,
  formatFiscalYear,
  formatMonthDay,
  formatWareki,
  holidayName,
  isNationalHoliday,
  isWorkingDay,
  isYearEndClosure,
  nextWorkingDay,
  previousWorkingDay,
  workingDaysBetween,
  type DueOnClosedDay,
} from './fiscal-calendar';

describe('fiscal year (年度, April–March)', () => {
  it('changes between 3/31 and 4/1', () => {
    expect(fiscalYearOf('2025-03-31')).toBe(2024);
    expect(fiscalYearOf('2025-04-01')).toBe(2025);
    expect(fiscalYearOf('2025-12-31')).toBe(2025);
    expect(fiscalYearOf('2026-01-01')).toBe(2025);
  });

  it('runs from 4/1 to 3/31 of the next calendar year', () => {
    expect(fiscalYearRange(2025)).toEqual({ start: '2025-04-01', end: '2026-03-31' });
  });

  it('places January–March in the next calendar year', () => {
    expect(dateInFiscalYear(2025, 12, 25)).toBe('2025-12-25');
    expect(dateInFiscalYear(2025, 3, 31)).toBe('2026-03-31');
    expect(dateInFiscalYear(2023, 2, 29)).toBe('2024-02-29');
    expect(dateInFiscalYear(2024, 2, 29)).toBeUndefined();
  });

  it('counts quarters from April', () => {
    expect(['2026-04-01', '2026-06-30', '2026-07-01', '2026-12-31', '2027-01-01', '2027-03-31'].map(fiscalQuarterOf)).toEqual([1, 1, 2, 3, 4, 4]);
  });
});

describe('formatFiscalYear and formatWareki', () => {
  it('names a fiscal year in 令和 (era via Intl), or FY in English', () => {
    expect(formatFiscalYear(2025)).toBe('令和7年度');
    expect(formatFiscalYear(2020)).toBe('令和2年度');
    expect(formatFiscalYear(2025, 'en')).toBe('FY2025');
  });

  it('names 2019年度 平成31年度, the era of its first day (4/1, before 令和 began on 5/1)', () => {
    // Intl gives 平成31年 for 2019-04-01. We keep it: the national budget and municipal budgets
    // for that year are titled 平成31年度, and programme documents from then use the same name.
    expect(formatFiscalYear(2019)).toBe('平成31年度');
    expect(formatFiscalYear(2018)).toBe('平成30年度');
    expect(formatFiscalYear(1989)).toBe('平成元年度');
  });

  it('writes dates in 和暦 across the era change', () => {
    expect(formatWareki('2019-04-30')).toBe('平成31年4月30日');
    expect(formatWareki('2019-05-01')).toBe('令和元年5月1日');
    expect(formatWareki('2025-04-01')).toBe('令和7年4月1日');
  });

  it('writes month and day for evidence text without padding', () => {
    expect(formatMonthDay('2026-12-05')).toBe('12/5');
  });
});

describe('holidays (@holiday-jp/holiday_jp)', () => {
  it.each([
    ['2026-11-23', '勤労感謝の日', 'Labor Thanksgiving Day'],
    ['2026-01-12', '成人の日', 'Coming of Age Day'],
    ['2026-05-03', '憲法記念日', 'Constitution Memorial Day'],
    ['2026-05-06', 'こどもの日 振替休日', 'Holiday in lieu'],
    ['2025-11-24', '勤労感謝の日 振替休日', 'Holiday in lieu'],
    // 国民の休日: a weekday between two holidays.
    ['2026-09-22', '休日', "Citizen's Holiday"],
  ])('knows %s as %s', (date, ja, en) => {
    expect(isNationalHoliday(date)).toBe(true);
    expect(holidayName(date)).toBe(ja);
    expect(holidayName(date, 'en')).toBe(en);
  });

  it('has no name for an ordinary day', () => {
    expect(isNationalHoliday('2026-11-24')).toBe(false);
    expect(holidayName('2026-11-24')).toBeUndefined();
  });
});

describe('working days', () => {
  it('closes the office 12/29–1/3 and opens it on 12/28 and 1/4', () => {
    expect(['2026-12-28', '2026-12-29', '2026-12-31', '2027-01-01', '2027-01-03', '2027-01-04'].map(isYearEndClosure)).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    // 2026-12-29 is a Tuesday and no national holiday: closed only by the year-end rule.
    expect(isWorkingDay('2026-12-29')).toBe(false);
    expect(isWorkingDay('2026-12-28')).toBe(true);
    expect(isWorkingDay('2027-01-04')).toBe(true);
  });

  it('is closed on Saturdays, Sundays and national holidays', () => {
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-23')).toBe(false); // 勤労感謝の日 (Monday)
    expect(isWorkingDay('2026-11-24')).toBe(true);
  });

  it('honours the programme\'s extra closed days', () => {
    const closed = new Set(['2026-08-14']);
    expect(isWorkingDay('2026-08-14')).toBe(true);
    expect(isWorkingDay('2026-08-14', closed)).toBe(false);
    expect(nextWorkingDay('2026-08-14', closed)).toBe('2026-08-17');
  });

  it('moves to the next working day across the year-end closure', () => {
    expect(nextWorkingDay('2026-12-29')).toBe('2027-01-04');
    expect(nextWorkingDay('2026-11-24')).toBe('2026-11-24');
  });

  it('adds working days across Golden Week', () => {
    // 2026: 4/29 Wed 昭和の日; 5/2 Sat, 5/3 Sun, 5/4–5/5 holidays, 5/6 振替休日.
    expect(addWorkingDays('2026-04-30', 1)).toBe('2026-05-01');
    expect(addWorkingDays('2026-05-01', 1)).toBe('2026-05-07');
    expect(addWorkingDays('2026-04-28', 2)).toBe('2026-05-01');
    expect(addWorkingDays('2026-05-02', 0)).toBe('2026-05-07');
    expect(addWorkingDays('2026-04-27', 5)).toBe('2026-05-08');
  });

  it('moves back to the previous working day across a weekend, a holiday and the year-end closure', () => {
    expect(previousWorkingDay('2026-11-24')).toBe('2026-11-24');
    // 2026-11-23 Mon 勤労感謝の日, after the weekend.
    expect(previousWorkingDay('2026-11-23')).toBe('2026-11-20');
    expect(previousWorkingDay('2027-01-03')).toBe('2026-12-28');
    expect(previousWorkingDay('2026-08-14', new Set(['2026-08-14']))).toBe('2026-08-13');
  });

  it.each([
    // 2026-12-26 Sat; 2027-01-11 Mon 成人の日; 2026-12-31 in the year-end closure; 2026-12-25 Fri made a closed day.
    ['2026-12-26', 'previousWorkingDay', '2026-12-24'],
    ['2026-12-26', 'nextWorkingDay', '2026-12-28'],
    ['2026-12-26', 'asWritten', '2026-12-26'],
    ['2027-01-11', 'previousWorkingDay', '2027-01-08'],
    ['2027-01-11', 'nextWorkingDay', '2027-01-12'],
    ['2026-12-31', 'previousWorkingDay', '2026-12-28'],
    ['2026-12-31', 'nextWorkingDay', '2027-01-04'],
    ['2026-12-25', 'previousWorkingDay', '2026-12-24'],
    ['2026-12-25', 'nextWorkingDay', '2026-12-28'],
    ['2026-12-24', 'previousWorkingDay', '2026-12-24'],
  ] as Array<[string, DueOnClosedDay, string]>)('moves a due date on %s (%s) to %s', (date, rule, moved) => {
    expect(dueOnWorkingDay(date, { dueOnClosedDay: rule, closedDays: new Set(['2026-12-25']) })).toBe(moved);
  });

  it('counts working days in a half-open range', () => {
    // 4/27 Mon … 5/10 Sun: 4/27, 4/28, 4/30, 5/1, 5/7, 5/8.
    expect(workingDaysBetween('2026-04-27', '2026-05-11')).toBe(6);
    expect(workingDaysBetween('2026-05-07', '2026-05-07')).toBe(0);
  });
});
