import { programmeFromYaml, staffRow, world } from '../../tests/helpers/world';
import { evaluateProgramme } from './evaluation';

const programme = programmeFromYaml(`
id: kpi-city
label: 指標市
municipality: 指標市
source: 指標市DX方針
planStartFiscalYear: 2026
grades:
  - { id: shuji, label: 主事, rank: 1 }
courses:
  - { id: literacy, label: リテラシー研修 }
roles:
  - id: all-staff
    label: 全職員
    assignment: all
    steps:
      - { id: step1, label: Step1, requires: { course: literacy } }
  - id: promoter
    label: DX推進員
    assignment: appointed
    steps:
      - { id: step1, label: Step1, requires: { course: literacy } }
kpis:
  - id: literacy-rate
    label: 受講率
    measure: { completionRate: { course: literacy } }
    targets: { 2026: 40, Y5: 100 }
  - id: trained
    label: 育成数
    measure: { holders: { of: [all-staff], step: step1 } }
    targets: { 2026: "~20" }
  - id: coverage
    label: DX推進員配置率
    measure: { coverage: { role: promoter, per: section } }
`);

const TODAY = '2026-11-23';
const people = (n: number, over: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: n }, (_, i) => staffRow(`p${i}@city.example.jp`, over(i)));
const completions = (n: number) => Array.from({ length: n }, (_, i) => ({ Upn: `p${i}@city.example.jp`, CourseId: 'literacy', CompletedOn: '2026-05-01' }));
const kpi = (rows: Parameters<typeof world>[1], id: string, asOf = TODAY) => evaluateProgramme(world(programme, rows, asOf), asOf).kpis.find((k) => k.id === id)!;

describe('KPI targets', () => {
  it('judges a target due this year', () => {
    const k = kpi({ Staff: people(10), Completions: completions(4) }, 'literacy-rate');
    expect([k.value, k.target?.value, k.met, k.onTrack]).toEqual([40, 40, true, true]);
  });

  it('gives no verdict on a later target, but a straight line from the last target to it (Y5 = 令和12年度)', () => {
    const k = kpi({ Staff: people(10), Completions: completions(5) }, 'literacy-rate', '2027-11-23');
    // From 40% in 2026 to 100% in 2030: 55% in 2027.
    expect([k.value, k.target, k.met, k.trajectory, k.onTrack]).toEqual([50, { value: 100, fiscalYear: 2030, approximate: false }, null, 55, false]);
  });

  it.each([
    [19, true],
    [18, false],
  ])('counts an approximate target (約20人) as met from 95%%: %d people', (n, met) => {
    const k = kpi({ Staff: people(30), Completions: completions(n) }, 'trained');
    expect([k.value, k.met]).toEqual([n, met]);
  });

  it('has no target (目標未設定) in a year after the last one, rather than judging against an old year (世田谷区 in 令和8年度)', () => {
    const k = kpi({ Staff: people(30), Completions: completions(25) }, 'trained', '2028-06-01');
    expect([k.target, k.met, k.onTrack, k.trajectory]).toEqual([undefined, null, null, undefined]);
  });

  it('monitors a KPI without targets: met and onTrack are null', () => {
    const k = kpi({ Staff: people(2) }, 'coverage');
    expect([k.target, k.met, k.onTrack]).toEqual([undefined, null, null]);
  });
});

describe('coverage per section', () => {
  // 庶務課 exists in two departments; a section is (department, section).
  const staff = [
    staffRow('a@city.example.jp', { Department: '総務部', Section: '庶務課' }),
    staffRow('b@city.example.jp', { Department: '教育委員会事務局', Section: '庶務課' }),
    staffRow('c@city.example.jp', { Department: '総務部', Section: '人事課' }),
  ];

  it('credits the holder\'s own department when section names repeat', () => {
    const k = kpi({ Staff: staff, Roles: [{ Upn: 'b@city.example.jp', Role: 'promoter', StartDate: '2026-04-01' }] }, 'coverage');
    expect(k.bySection.map((s) => [s.department, s.section, s.numerator])).toEqual(
      expect.arrayContaining([
        ['教育委員会事務局', '庶務課', 1],
        ['総務部', '人事課', 0],
        ['総務部', '庶務課', 0],
      ]),
    );
    expect(k.bySection).toHaveLength(3);
    expect([k.numerator, k.denominator]).toEqual([1, 3]);
  });

  it('reports a Roles.Section the Staff list does not know, and counts the holder\'s own section instead', () => {
    const snap = world(programme, { Staff: staff, Roles: [{ Upn: 'c@city.example.jp', Role: 'promoter', Section: '存在しない課', StartDate: '2026-04-01' }] });
    expect(snap.issues).toEqual([
      expect.objectContaining({ list: 'Roles', row: 2, column: 'Section', code: 'REF.UNKNOWN_SECTION', effect: 'valueIgnored' }),
    ]);
    const k = evaluateProgramme(snap, TODAY).kpis.find((x) => x.id === 'coverage')!;
    expect(k.bySection.find((s) => s.section === '人事課')?.numerator).toBe(1);
  });
});
