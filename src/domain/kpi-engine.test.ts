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

describe('measures over any requirement (count, rate, coverage of who)', () => {
  const measures = programmeFromYaml(`
id: any-city
label: 要件市
municipality: 要件市
source: 要件市DX方針
planStartFiscalYear: 2026
grades:
  - { id: kacho, label: 課長, rank: 6, manages: section }
  - { id: shuji, label: 主事, rank: 1 }
courses:
  - { id: literacy, label: リテラシー研修 }
  - { id: practice, label: 実践研修 }
qualifications:
  - { id: it-passport, label: ITパスポート }
roles:
  - id: all-staff
    label: 全職員
    assignment: all
    steps:
      - { id: step1, label: Step1, requires: { course: literacy } }
      - { id: step2, label: Step2, requires: { course: practice } }
  - id: leader
    label: リーダー
    assignment: appointed
    steps:
      - { id: step1, label: Step1, requires: { course: practice } }
kpis:
  - id: step2-people
    label: Step2 到達者数
    measure: { count: { who: { step: { role: all-staff, step: step2 } } } }
  - id: step2-new
    label: 今年度 Step2 に到達した人
    measure: { count: { who: { step: { role: all-staff, step: step2 } }, period: fiscalYear } }
  - id: passport-among-managers
    label: 課長のITパスポート保有率
    measure: { rate: { who: { qualification: it-passport }, population: { grades: [kacho] } } }
  - id: either
    label: ITパスポートか実践研修
    measure: { count: { who: { anyOf: [{ qualification: it-passport }, { course: practice }] } } }
  - id: leader-step1-coverage
    label: Step1 のリーダーがいる課
    measure: { coverage: { role: leader, step: step1 } }
  - id: department-coverage
    label: ITパスポート保有者が2人以上いる部
    measure: { coverage: { who: { qualification: it-passport }, per: department, min: 2 } }
`);
  const rows = {
    Staff: [
      staffRow('a@city.example.jp', { Grade: '課長' }),
      staffRow('b@city.example.jp', { Grade: '課長', Section: '人事課' }),
      staffRow('c@city.example.jp', { Section: '人事課' }),
      staffRow('d@city.example.jp', { Department: '企画部', Section: '企画課' }),
    ],
    Completions: [
      { Upn: 'a@city.example.jp', CourseId: 'literacy', CompletedOn: '2025-05-01' },
      { Upn: 'a@city.example.jp', CourseId: 'practice', CompletedOn: '2025-09-01' },
      { Upn: 'c@city.example.jp', CourseId: 'literacy', CompletedOn: '2026-05-01' },
      { Upn: 'c@city.example.jp', CourseId: 'practice', CompletedOn: '2026-06-01' },
      // d takes the practice course without literacy: not on Step2 (the ladder), but practice counts for `either`.
      { Upn: 'd@city.example.jp', CourseId: 'practice', CompletedOn: '2026-06-01' },
    ],
    Qualifications: [
      { Upn: 'a@city.example.jp', Qualification: 'it-passport', AcquiredOn: '2024-01-01' },
      { Upn: 'c@city.example.jp', Qualification: 'it-passport', AcquiredOn: '2026-07-01' },
    ],
    // c (人事課) serves 総務課 as leader (Roles.Section); b leads without the practice course.
    Roles: [
      { Upn: 'c@city.example.jp', Role: 'leader', Section: '総務課', StartDate: '2026-04-01' },
      { Upn: 'b@city.example.jp', Role: 'leader', StartDate: '2026-04-01' },
    ],
  };
  const all = () => Object.fromEntries(evaluateProgramme(world(measures, rows), TODAY).kpis.map((k) => [k.id, k]));

  it('counts people on a step, and those who reached it this 年度 (a reached it last year)', () => {
    const k = all();
    expect([k['step2-people']!.value, k['step2-people']!.unit]).toEqual([2, 'people']);
    expect(k['step2-new']!.value).toBe(1);
    expect(k['step2-new']!.bySection.map((s) => [s.section, s.value])).toEqual([['人事課', 1]]);
  });

  it('takes a rate over a population, and any-of requirements', () => {
    const k = all();
    expect([k['passport-among-managers']!.value, k['passport-among-managers']!.numerator, k['passport-among-managers']!.denominator, k['passport-among-managers']!.unit]).toEqual([50, 1, 2, 'percent']);
    // a and c hold the qualification, d has the practice course; b neither.
    expect(k.either!.value).toBe(3);
  });

  it('covers a section with a role holder at a step, counted where the role serves; b holds it without the step', () => {
    const k = all()['leader-step1-coverage']!;
    expect(k.bySection.map((s) => [s.department, s.section, s.value, s.numerator])).toEqual([
      ['企画部', '企画課', 0, 0],
      ['総務部', '人事課', 0, 0],
      ['総務部', '総務課', 1, 1],
    ]);
    expect(k.coverage?.uncovered.map((g) => g.section)).toEqual(['企画課', '人事課']);
  });

  it('covers departments: 総務部 has two holders, 企画部 none', () => {
    const k = all()['department-coverage']!;
    expect([k.value, k.bySection, k.coverage]).toEqual([50, [], { per: 'department', min: 2, uncovered: [{ department: '企画部', count: 0 }] }]);
  });
});
