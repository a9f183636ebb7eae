import { programmeFromYaml, progressOf, staffRow, world } from '../../tests/helpers/world';

const programme = programmeFromYaml(`
id: ladder-city
label: 梯子市
municipality: 梯子市
source: 梯子市DX方針
planStartFiscalYear: 2026
grades:
  - { id: kacho, label: 課長, rank: 6, manages: section }
  - { id: shunin, label: 主任, rank: 3 }
  - { id: shuji, label: 主事, rank: 1 }
courses:
  - { id: basics, label: 基礎研修 }
  - { id: seminar, label: 外部セミナー }
  - { id: advanced, label: 応用研修, due: { fiscalMonthDay: "12-28" } }
  - { id: video-a, label: 動画A, hours: 2, category: 動画 }
  - { id: video-b, label: 動画B, hours: 2, category: 動画 }
courseGroups:
  - { id: videos, label: 動画, categories: [動画] }
qualifications:
  - { id: it-passport, label: ITパスポート }
roles:
  - id: all-staff
    label: 全職員
    assignment: all
    excludeRoles: [specialist]
    steps:
      - { id: step1, label: Step1, requires: { course: basics } }
      - { id: step2, label: Step2 推奨, optional: true, requires: { course: seminar } }
      - { id: step3, label: Step3, requires: { qualification: it-passport } }
      - { id: step4, label: Step4 毎年の動画, requires: { hours: { group: videos, min: 4, withinFiscalYear: true } } }
  - id: leader
    label: DX推進リーダー
    aliases: [DXリーダー]
    assignment: appointed
    steps:
      - { id: step1, label: Step1, requires: { course: advanced } }
      - { id: step2, label: Step2, requires: { project: { as: leader, months: 12 } } }
  - id: specialist
    label: DXスペシャリスト
    assignment: appointed
    steps:
      - { id: step1, label: Step1, requires: { course: advanced } }
`);

const A = 'a@city.example.jp';
const TODAY = '2026-11-23';

describe('the step ladder', () => {
  it('does not let an optional step (推奨) block the steps after it, and points "next" at the required step', () => {
    const snap = world(programme, {
      Staff: [staffRow(A)],
      Completions: [{ Upn: A, CourseId: 'basics', CompletedOn: '2026-05-01' }],
      Qualifications: [{ Upn: A, Qualification: 'ITパスポート', AcquiredOn: '2025-08-01' }],
    });
    const all = progressOf(snap, A, TODAY).roles.find((r) => r.role === 'all-staff')!;
    expect(all.steps.map((s) => [s.id, s.met, s.reached])).toEqual([
      ['step1', true, true],
      ['step2', false, false],
      ['step3', true, true],
      ['step4', false, false],
    ]);
    expect([all.currentStep, all.stepsReached, all.next?.step]).toEqual(['step3', 3, 'step4']);
  });

  it('still stops at an unmet required step', () => {
    const snap = world(programme, {
      Staff: [staffRow(A)],
      Qualifications: [{ Upn: A, Qualification: 'it-passport' }],
    });
    const all = progressOf(snap, A, TODAY).roles.find((r) => r.role === 'all-staff')!;
    expect([all.currentStep, all.steps[2]!.met, all.steps[2]!.reached, all.next?.step]).toEqual([undefined, true, false, 'step1']);
  });

  it('counts only this fiscal year for withinFiscalYear hours', () => {
    const snap = world(programme, {
      Staff: [staffRow(A)],
      Completions: [
        { Upn: A, CourseId: 'video-a', CompletedOn: '2026-03-30' },
        { Upn: A, CourseId: 'video-b', CompletedOn: '2026-04-02' },
      ],
    });
    const step4 = progressOf(snap, A, TODAY).roles[0]!.steps[3]!;
    expect([step4.met, step4.result.evidence.ja]).toEqual([false, '2時間／4時間']);
  });
});

describe('roles', () => {
  it('keeps people holding an excluded role out of a role open to all (柏市: 全職員 = その他の職員)', () => {
    const snap = world(programme, {
      Staff: [staffRow(A), staffRow('b@city.example.jp')],
      Roles: [{ Upn: A, Role: 'specialist', StartDate: '2025-04-01' }],
    });
    expect(progressOf(snap, A, TODAY).roles.map((r) => r.role)).toEqual(['specialist']);
    expect(progressOf(snap, 'b@city.example.jp', TODAY).roles.map((r) => r.role)).toEqual(['all-staff']);
  });

  it('reads a role written by its alias in the Roles list', () => {
    const snap = world(programme, { Staff: [staffRow(A)], Roles: [{ Upn: A, Role: 'DXリーダー', StartDate: '2025-04-01' }] });
    expect(snap.issues).toEqual([]);
    expect(progressOf(snap, A, TODAY).roles.map((r) => r.role)).toEqual(['all-staff', 'leader']);
  });
});

describe('due dates', () => {
  it.each([
    ['a leader since 2025 is due on this 年度 date', '2025-06-01', '2026-12-28', false],
    ['a leader who started after this 年度 date is due next 年度, not overdue at once', '2027-01-10', '2027-12-28', false],
    ['a leader since 2026-04 is overdue after 12/28', '2026-04-01', '2026-12-28', true],
  ])('%s', (_name, start, due, overdue) => {
    const asOf = overdue ? '2027-01-15' : start > TODAY ? '2027-01-20' : TODAY;
    const snap = world(programme, { Staff: [staffRow(A)], Roles: [{ Upn: A, Role: 'leader', StartDate: start }] }, asOf);
    const missing = progressOf(snap, A, asOf).roles.find((r) => r.role === 'leader')!.next!.missing[0]!;
    expect([missing.due, missing.overdue]).toEqual([due, overdue]);
  });
});

describe('a due date on a weekend, holiday or closed day', () => {
  const dueOn = (date: string, reminders = '', courseRow?: Record<string, unknown>) => {
    const p = programmeFromYaml(`
id: due-city
label: 期限市
municipality: 期限市
source: 期限市DX方針
planStartFiscalYear: 2026
grades: [{ id: shuji, label: 主事, rank: 1 }]
courses: [{ id: basics, label: 基礎研修, due: { date: ${date} } }]
roles: [{ id: all-staff, label: 全職員, assignment: all, steps: [{ id: step1, label: Step1, requires: { course: basics } }] }]
${reminders}`);
    const snap = world(p, { Staff: [staffRow(A)], ...(courseRow ? { Courses: [courseRow] } : {}) });
    const m = progressOf(snap, A, TODAY).nextActions[0]!;
    return [m.due, m.evidence.ja];
  };

  it.each([
    ['a Saturday is shown as the Friday before', '2026-12-26', '', ['2026-12-25', '未受講 — 期限 12/25']],
    ['a Monday holiday (成人の日) as the Friday before', '2027-01-11', '', ['2027-01-08', '未受講 — 期限 2027/1/8']],
    ['a day of the year-end closure as 12/28', '2026-12-30', '', ['2026-12-28', '未受講 — 期限 12/28']],
    ['a closed day of the programme as the working day before', '2026-12-24', 'reminders: { closedDays: [2026-12-24] }', ['2026-12-23', '未受講 — 期限 12/23']],
    ['a working day as it is', '2026-12-24', '', ['2026-12-24', '未受講 — 期限 12/24']],
    ['a Saturday as the Monday after with nextWorkingDay', '2026-12-26', 'reminders: { dueOnClosedDay: nextWorkingDay }', ['2026-12-28', '未受講 — 期限 12/28']],
    ['a Saturday as written with asWritten', '2026-12-26', 'reminders: { dueOnClosedDay: asWritten }', ['2026-12-26', '未受講 — 期限 12/26']],
  ])('%s', (_name, date, reminders, expected) => {
    expect(dueOn(date, reminders)).toEqual(expected);
  });

  it('moves a due date from the Courses list too', () => {
    expect(dueOn('2026-12-24', '', { CourseId: 'basics', Title: '基礎研修', DueDate: '2026-12-27' })).toEqual(['2026-12-25', '未受講 — 期限 12/25']);
  });
});

describe('project months', () => {
  const leader = (projects: Array<[string, string, string]>) =>
    world(programme, {
      Staff: [staffRow(A)],
      Roles: [{ Upn: A, Role: 'leader', StartDate: '2024-04-01' }],
      Completions: [{ Upn: A, CourseId: 'advanced', CompletedOn: '2024-06-01' }],
      Projects: projects.map(([id, start, end]) => ({ ProjectId: id, Title: id, FiscalYear: '2025', StartDate: start, EndDate: end })),
      ProjectMembers: projects.map(([id]) => ({ ProjectId: id, Upn: A, ProjectRole: 'leader' })),
    });

  it.each([
    ['one fiscal year (4/1–3/31) is 12 months', [['P1', '2025-04-01', '2026-03-31']], 12, true],
    ['two projects side by side for six months are six months, not twelve', [['P1', '2025-04-01', '2025-09-30'], ['P2', '2025-04-01', '2025-09-30']], 6, false],
    ['back-to-back halves join into 12 months', [['P1', '2025-04-01', '2025-09-30'], ['P2', '2025-10-01', '2026-03-31']], 12, true],
    ['overlapping by three months: 4/1–12/31 and 10/1–3/31 are 12 months', [['P1', '2025-04-01', '2025-12-31'], ['P2', '2025-10-01', '2026-03-31']], 12, true],
  ] as Array<[string, Array<[string, string, string]>, number, boolean]>)('%s', (_name, projects, months, met) => {
    const step2 = progressOf(leader(projects), A, TODAY).roles.find((r) => r.role === 'leader')!.steps[1]!;
    expect([step2.met, step2.result.evidence.ja]).toEqual([met, expect.stringContaining(`通算${months}か月`)]);
  });
});

describe('an "N of M" says which members count and which are done', () => {
  const nOfM = programmeFromYaml(`
id: n-of-m-city
label: 選択市
municipality: 選択市
source: 選択市DX方針
planStartFiscalYear: 2026
grades:
  - { id: shuji, label: 主事, rank: 1 }
courses:
  - { id: a, label: 講座A }
  - { id: b, label: 講座B }
  - { id: c, label: 講座C }
qualifications:
  - { id: it-passport, label: ITパスポート }
roles:
  - id: all-staff
    label: 全職員
    assignment: all
    steps:
      - id: step1
        label: 3つのうち2つ
        requires: { atLeast: { n: 2, of: [{ course: a }, { course: b }, { qualification: it-passport }] } }
      - id: step2
        label: 全職員であること
        requires: { holds: all-staff }
`);

  it('names the member done in the evidence and offers the others as options', () => {
    const snap = world(nOfM, { Staff: [staffRow('p@city.example.jp')], Completions: [{ Upn: 'p@city.example.jp', CourseId: 'a', CompletedOn: '2026-05-01' }] });
    const [item] = progressOf(snap, 'p@city.example.jp', '2026-11-23').nextActions;
    expect(item!.evidence).toEqual({ ja: '1／2 達成（達成済: 講座Aの受講）', en: '1 of 2 met (done: Complete 講座A)' });
    expect(item!.options?.map((o) => o.label.ja)).toEqual(['講座Bの受講', 'ITパスポートの取得']);
  });

  it('holds: a role open to all is held by every active member', () => {
    const snap = world(nOfM, { Staff: [staffRow('p@city.example.jp')], Completions: ['a', 'b'].map((c) => ({ Upn: 'p@city.example.jp', CourseId: c, CompletedOn: '2026-05-01' })) });
    const role = progressOf(snap, 'p@city.example.jp', '2026-11-23').roles[0]!;
    expect([role.currentStep, role.steps[1]!.result.evidence.ja]).toEqual(['step2', '達成']);
  });
});
