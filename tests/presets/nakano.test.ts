import { evaluateProgramme } from '../../src/domain/evaluation';
import { preset, progressOf, staffRow, world, type Rows } from '../helpers/world';

// 中野区「DX推進に資する人材の確保・育成等の考え方について」— seeds/004_db14f36a26df2917.txt
const programme = preset('nakano');
const TODAY = '2026-11-23';
const upn = (name: string): string => `${name}@city.nakano.example.jp`;

describe('中野区: the preset itself', () => {
  it.each(programme.settings.filter((s) => s.fillIn).map((s) => [s.id, s.note ?? ''] as const))(
    '方針が決めていない値 %s は、別紙の記述と既定値の理由を note に書いている',
    (_id, note) => {
      expect(note).toMatch(/別紙/);
      expect(note.length).toBeGreaterThan(40);
    },
  );

  it.each([
    ['adminKnowledgeCourses', 13],
    ['expertPracticeCourses', 2],
    ['dxLeaderSeatsPerSection', 1],
    ['dxLeaderTeachingMin', 1],
  ])('空欄の既定値 %s = %d', (id, value) => {
    const s = programme.settings.find((x) => x.id === id);
    expect([s?.value, s?.fillIn]).toEqual([value, true]);
  });

  it.each([
    ['情報政策官「【外部人材の獲得】○会計年度任用職員」', 'info-policy-officer', 'appointed', true],
    ['IT専門支援員「【外部人材の獲得】○会計年度任用職員」', 'it-support-specialist', 'appointed', true],
    ['任期付ICT専門職員「【外部人材の獲得】○任期付職員」', 'fixed-term-ict', 'appointed', true],
    ['各部課DXリーダー「【内部人材の育成】」、配置「各部課」', 'dx-leader', 'nominated', false],
    ['全職員', 'all-staff', 'all', false],
    ['管理職', 'managers', 'grade', false],
  ])('%s → %s (%s, external %s)', (_quote, id, assignment, external) => {
    const role = programme.roles.find((r) => r.id === id);
    expect([role?.assignment, role?.external]).toEqual([assignment, external]);
  });

  it('各部課DXリーダー are nominated one per section (fill-in), from 一般職員, approved by the 部長', () => {
    const rules = programme.roles.find((r) => r.id === 'dx-leader')?.nomination;
    expect([rules?.eligibleGrades, rules?.seatsPerSection, rules?.approver]).toEqual([['shuji', 'shunin', 'kakaricho'], 1, 'departmentManager']);
  });

  // 「情報関連資格の試験対策支援、資格取得資金の補助」
  it.each([
    ['it-passport', 'ITパスポート'],
    ['security-management', '情報セキュリティマネジメント'],
    ['fundamental-it', '基本情報技術者'],
    ['applied-it', '応用情報技術者'],
    ['it-strategist', 'ITストラテジスト'],
    ['security-specialist', '情報処理安全確保支援士'],
  ])('「情報関連資格の試験対策支援、資格取得資金の補助」: %s (%s) has exam preparation and a fee subsidy', (id, label) => {
    const q = programme.qualifications.find((x) => x.id === id);
    expect([q?.label.ja, q?.support?.examPreparation, q?.support?.feeSubsidy, q?.support?.note?.ja]).toEqual([
      label,
      true,
      true,
      '情報関連資格の試験対策支援、資格取得資金の補助',
    ]);
  });

  it('「行政事務等に関する知識の習得」lists the 13 subjects of 別紙', () => {
    const group = programme.courseGroups.find((g) => g.id === 'admin-knowledge');
    const labels = group?.courses.map((id) => programme.courses.find((c) => c.id === id)?.label.ja);
    expect(labels).toEqual([
      '地方自治制度',
      '特別区制度',
      '中野区政概要',
      '基本構想',
      '危機管理',
      'コンプライアンス',
      '財政の概要',
      '予算の仕組み',
      '契約',
      '会計',
      '文書・情報公開・個人情報保護',
      '区議会',
      '法務基礎',
    ]);
  });
});

describe('中野区 エキスパート職員認定制度', () => {
  const a = upn('a');
  const base = (qualifications: string[], courses: string[], roles: Array<Record<string, unknown>> = []): Rows => ({
    Staff: [staffRow(a, { Department: '区民部', Section: '区民サービス課', Grade: '主任主事' })],
    Roles: roles,
    Qualifications: qualifications.map((q) => ({ Upn: a, Qualification: q, AcquiredOn: '2025-11-01' })),
    Completions: courses.map((c) => ({ Upn: a, CourseId: c, CompletedOn: '2026-02-01' })),
  });
  const both = ['BI/RPAワークショップ', '統合型GIS活用（政策形成）研修'];

  it.each([
    ['基本情報技術者（表記ゆれ「基本情報技術者試験」）＋ BI/RPA ワークショップ・統合型GIS', ['基本情報技術者試験'], both, [], 'qualifies', []],
    ['応用情報技術者 ＋ 実践研修2講座', ['AP'], both, [], 'qualifies', []],
    ['ITパスポートは基本情報技術者に届かない', ['ITパスポート'], both, [], 'notYet', ['情報関連資格（基本情報技術者 以上）の取得']],
    ['基本情報技術者 ＋ BI/RPA ワークショップのみ', ['基本情報技術者'], ['m365-bi-rpa-workshop'], [], 'notYet', ['DXリーダー実践研修（BI/RPA・統合型GIS）から2講座以上']],
    ['区が認定した（役割リストに「エキスパート職員」）', [], [], [{ Upn: a, Role: 'エキスパート職員', StartDate: '2026-04-01', Source: '認定' }], 'held', []],
  ])('%s → %s', (_case, qualifications, courses, roles, status, missing) => {
    const cert = progressOf(world(programme, base(qualifications, courses, roles)), a, TODAY).certifications.find((c) => c.certification === 'expert-staff');
    expect([cert?.status, cert?.missing.map((m) => m.label.ja)]).toEqual([status, missing]);
  });

  it('counts certified エキスパート職員 (monitored, no target)', () => {
    const rows = base([], [], [{ Upn: a, Role: 'expert-staff', StartDate: '2026-04-01' }]);
    const k = evaluateProgramme(world(programme, rows), TODAY).kpis.find((x) => x.id === 'expert-staff');
    expect([k?.value, k?.target, k?.met]).toEqual([1, undefined, null]);
  });
});

describe('中野区 育成 (steps)', () => {
  const l = upn('leader');
  const leaderRows = (has: { courses?: boolean; lead?: boolean; teach?: number; secondment?: boolean }): Rows => ({
    Staff: [staffRow(l, { Department: '子ども教育部', Section: '子ども政策課', Grade: '主任主事' })],
    Roles: [{ Upn: l, Role: '各部課DXリーダー', Section: '子ども政策課', StartDate: '2025-04-01' }],
    Completions: has.courses ? ['m365-bi-rpa-workshop', 'gis-policy'].map((c) => ({ Upn: l, CourseId: c, CompletedOn: '2025-09-01' })) : [],
    Projects: [{ ProjectId: 'N1', Title: '保育園入所申請の電子化', FiscalYear: '2026', StartDate: '2026-05-01' }],
    ProjectMembers: has.lead ? [{ ProjectId: 'N1', Upn: l, ProjectRole: 'リーダー', StartDate: '2026-05-01' }] : [],
    Contributions: [
      ...Array.from({ length: has.teach ?? 0 }, (_, i) => ({ Upn: l, Kind: '操作説明会', Date: `2026-0${i + 6}-15`, Title: 'Teams の使い方' })),
      ...(has.secondment ? [{ Upn: l, Kind: '他組織派遣', Date: '2026-10-01', Title: 'デジタル庁' }] : []),
    ],
  });

  it.each([
    ['研修なし', {}, undefined, 'step1'],
    ['「BI/RPA 等を活用し、各課の課題解決を考えるワークショップ」と「統合型GISの活用による政策形成」', { courses: true }, 'step1', 'step2'],
    ['業務改善をリードしたが、他の職員への教授なし', { courses: true, lead: true }, 'step1', 'step2'],
    ['「周囲を巻き込みICTツールを活用した業務改善を提案・調整・推進」＋「ICTに関するスキルを他の職員に教授」', { courses: true, lead: true, teach: 1 }, 'step2', 'step3'],
    ['「他組織への人材派遣を通じて、ノウハウや文化等を区へ還元」', { courses: true, lead: true, teach: 1, secondment: true }, 'step3', undefined],
  ])('各部課DXリーダー: %s', (_case, has, current, next) => {
    const role = progressOf(world(programme, leaderRows(has)), l, TODAY).roles.find((r) => r.role === 'dx-leader');
    expect([role?.currentStep, role?.next?.step]).toEqual([current, next]);
  });

  it('各部課DXリーダー Step3 (派遣) is optional: shown as next, never in the to-do list', () => {
    const p = progressOf(world(programme, leaderRows({ courses: true, lead: true, teach: 1 })), l, TODAY);
    const role = p.roles.find((r) => r.role === 'dx-leader');
    expect([role?.next?.optional, p.nextActions.filter((m) => m.role === 'dx-leader')]).toEqual([true, []]);
  });

  it.each([
    ['部長', ['all-staff', 'managers']],
    ['統括課長', ['all-staff', 'managers']],
    ['統括係長', ['all-staff']],
    ['主任主事', ['all-staff']],
  ])('管理職 is held by grade: %s → %j', (grade, roles) => {
    const m = upn('m');
    const p = progressOf(world(programme, { Staff: [staffRow(m, { Grade: grade })] }), m, TODAY);
    expect(p.roles.map((r) => r.role)).toEqual(roles);
  });

  it.each([
    ['研修なし', [], undefined],
    ['「DX推進に向けた意識改革、思考改革」', ['manager-mindset'], 'step1'],
    ['＋「ICTツールを活用した事業推進事例」「データリテラシーの向上」', ['manager-mindset', 'manager-cases', 'manager-data-literacy'], 'step2'],
  ])('管理職: %s', (_case, courses, step) => {
    const m = upn('m');
    const rows: Rows = {
      Staff: [staffRow(m, { Grade: '課長' })],
      Completions: courses.map((c) => ({ Upn: m, CourseId: c, CompletedOn: '2026-06-01' })),
    };
    expect(progressOf(world(programme, rows), m, TODAY).roles.find((r) => r.role === 'managers')?.currentStep).toBe(step);
  });

  it.each([
    ['今年度受講', '2026-04-10', 'step1'],
    ['昨年度の受講は「定期的な研修」として数えない', '2026-03-10', undefined],
  ])('全職員「情報セキュリティを含むICTリテラシー…定期的な研修」: %s', (_case, on, step) => {
    const s = upn('s');
    const rows: Rows = { Staff: [staffRow(s)], Completions: [{ Upn: s, CourseId: 'ICTリテラシー研修', CompletedOn: on }] };
    expect(progressOf(world(programme, rows), s, TODAY).roles.find((r) => r.role === 'all-staff')?.currentStep).toBe(step);
  });

  it.each([
    ['情報政策官', 'info-policy-officer', 13, true, 'step2'],
    ['IT専門支援員', 'it-support-specialist', 13, true, 'step2'],
    ['任期付ICT専門職員', 'fixed-term-ict', 13, false, 'step1'],
    ['任期付ICT専門職員（行政事務研修が12講座）', 'fixed-term-ict', 12, true, undefined],
  ])('ICT高度専門人材 %s: 「行政事務等に関する知識の習得」「各部課の業務の理解」', (_label, role, courses, project, step) => {
    const x = upn('x');
    const group = programme.courseGroups.find((g) => g.id === 'admin-knowledge')?.courses ?? [];
    const rows: Rows = {
      Staff: [staffRow(x, { Department: '企画部', Section: 'DX推進室', Grade: '会計年度任用職員' })],
      Roles: [{ Upn: x, Role: role, StartDate: '2025-10-01' }],
      Completions: group.slice(0, courses).map((c) => ({ Upn: x, CourseId: c, CompletedOn: '2025-11-01' })),
      Projects: [{ ProjectId: 'S1', Title: '住民記録システムの標準化', FiscalYear: '2026', Section: '区民課' }],
      ProjectMembers: project ? [{ ProjectId: 'S1', Upn: x, ProjectRole: 'メンバー' }] : [],
    };
    const p = progressOf(world(programme, rows), x, TODAY);
    expect(p.roles.find((r) => r.role === role)?.currentStep).toBe(step);
    expect(p.roles.find((r) => r.role === 'managers')).toBeUndefined();
  });

  it('KPIs are monitored without targets: DXリーダー配置率 across sections, ICT高度専門人材 count', () => {
    const rows: Rows = {
      Staff: [
        staffRow(upn('a'), { Department: '区民部', Section: '区民課' }),
        staffRow(upn('b'), { Department: '区民部', Section: '税務課' }),
        staffRow(upn('c'), { Department: '企画部', Section: 'DX推進室', Grade: '会計年度任用職員' }),
      ],
      Roles: [
        { Upn: upn('a'), Role: 'dx-leader', Section: '区民課', StartDate: '2026-04-01' },
        { Upn: upn('c'), Role: 'info-policy-officer', StartDate: '2026-04-01' },
      ],
    };
    const kpis = Object.fromEntries(evaluateProgramme(world(programme, rows), TODAY).kpis.map((k) => [k.id, [k.value, k.met]]));
    expect([kpis['dx-leader-coverage'], kpis['dx-leaders'], kpis['ict-experts'], kpis['manager-mindset-rate']]).toEqual([
      [33.3, null],
      [1, null],
      [1, null],
      [0, null],
    ]);
  });

  it('「各部課」DXリーダー: at least one per section and at most the fill-in value; the sections without one are listed', () => {
    expect(programme.roles.find((r) => r.id === 'dx-leader')?.seats).toEqual({ per: 'section', min: 1, max: 1 });
    const rows: Rows = {
      Staff: [staffRow(upn('a'), { Department: '区民部', Section: '区民課' }), staffRow(upn('b'), { Department: '区民部', Section: '税務課' })],
      Roles: [{ Upn: upn('a'), Role: 'dx-leader', StartDate: '2026-04-01' }],
    };
    const k = evaluateProgramme(world(programme, rows), TODAY).kpis.find((x) => x.id === 'dx-leader-coverage')!;
    expect(k.coverage).toEqual({ per: 'section', min: 1, uncovered: [{ department: '区民部', section: '税務課', count: 0 }] });
  });

  it('「情報関連資格の試験対策支援、資格取得資金の補助」: holders of any IT qualification, and those who gained one this 年度', () => {
    const rows: Rows = {
      Staff: ['a', 'b', 'c', 'd'].map((x) => staffRow(upn(x))),
      Qualifications: [
        { Upn: upn('a'), Qualification: 'ITパスポート', AcquiredOn: '2024-07-01' },
        { Upn: upn('b'), Qualification: '基本情報技術者', AcquiredOn: '2026-06-01' },
        // Two this year, one person.
        { Upn: upn('c'), Qualification: 'ITパスポート', AcquiredOn: '2026-05-01' },
        { Upn: upn('c'), Qualification: '情報セキュリティマネジメント', AcquiredOn: '2026-09-01' },
      ],
    };
    const kpis = Object.fromEntries(evaluateProgramme(world(programme, rows), TODAY).kpis.map((k) => [k.id, [k.value, k.unit, k.met]]));
    expect([kpis['it-qualification-holders'], kpis['it-qualification-new']]).toEqual([
      [3, 'people', null],
      [2, 'people', null],
    ]);
    // Nobody is asked for it: a KPI is not a step, and nothing joins anyone's 次にすること.
    const d = progressOf(world(programme, rows), upn('d'), TODAY);
    expect(d.nextActions.some((m) => m.kind === 'qualification')).toBe(false);
  });
});
