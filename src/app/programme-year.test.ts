import { join } from 'node:path';
import { programmeFromFile, rowsSource, staffRow } from '../../tests/helpers/world';
import { ProgrammeService } from './programme-service';
import { programmeView } from './views';

/**
 * プログラム for a chosen 年度: the KPIs, the step distribution and the certifications are all read
 * on one date — a past year's 3/31, the current year's today — never today's figures under a past
 * year's heading.
 */
describe('the programme view of a chosen fiscal year', () => {
  const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
  const u = (n: string): string => `${n}@city.example.jp`;
  // 全職員 Step1 needs DXリテラシー研修 and this 年度's 情報セキュリティ研修 (it renews every 4/1).
  const basics = (who: string, on: string) => [
    { Upn: u(who), CourseId: 'literacy', CompletedOn: on },
    { Upn: u(who), CourseId: 'security', CompletedOn: on },
  ];
  const rows = {
    Staff: ['a', 'b', 'c'].map((n) => staffRow(u(n))),
    // a: Step1 in 令和8年度 only; b and c: in 令和9年度.
    Completions: [...basics('a', '2026-05-01'), ...basics('b', '2027-05-01'), ...basics('c', '2027-05-20')],
    // An adviser certification awarded in 令和9年度 is not held at the end of 令和8年度.
    Roles: [{ Upn: u('b'), Role: 'adviser', StartDate: '2027-04-10', Source: '認定' }],
  };
  const today = '2027-06-01';
  const service = new ProgrammeService(programme, () => rowsSource(rows), { now: () => new Date(`${today}T03:00:00Z`), today: () => today });
  beforeAll(() => service.refresh());

  const view = (fy: number) => programmeView(programme, service.current()!, service.yearFor(fy)!);
  const allStaff = (fy: number) => view(fy).steps.find((r) => r.role === 'all-staff')!;

  it('counts a past year’s steps as of its 3/31, and the current year’s as of today', () => {
    expect(view(2026).asOf).toBe('2027-03-31');
    expect(view(2027).asOf).toBe(today);
    expect([allStaff(2026).none, allStaff(2026).steps[0]!.count]).toEqual([2, 1]);
    expect([allStaff(2027).none, allStaff(2027).steps[0]!.count]).toEqual([1, 2]);
  });

  it('counts certifications as of the same date', () => {
    expect(view(2026).certifications.find((c) => c.certification === 'adviser')!.held).toBe(0);
    expect(view(2027).certifications.find((c) => c.certification === 'adviser')!.held).toBe(1);
  });

  it('reads the KPIs, the steps and the certifications of a year from one evaluation, computed once per sync', () => {
    expect(service.yearFor(2026)).toBe(service.yearFor(2026));
    expect(view(2026).kpis).toBe(service.kpisFor(2026));
    expect(view(2026).kpis.every((k) => k.asOf === '2027-03-31')).toBe(true);
    expect([view(2026).currentFiscalYear, view(2026).fiscalYears]).toEqual([2027, [2026, 2027]]);
  });
});
