import { fiscalYearOf } from '../../src/domain/fiscal-calendar';
import { evaluateProgramme } from '../../src/domain/evaluation';
import type { LocalDate } from '../../src/domain/local-date';
import type { CertificationStatus } from '../../src/domain/progress';
import { preset, progressOf, staffRow, world, type Rows } from '../helpers/world';

// 真岡市「真岡市職員DX人材育成方針」（令和5年3月 総務部デジタル戦略課）: ../shared/seeds/001_86c2fd666358458a.txt
const programme = preset('moka');

const ME = 'taro@city.moka.example.jp';
const MANAGER = 'kacho@city.moka.example.jp';
const VENDOR = 'facilitator@vendor.example.com';

type Role = 'リーダー' | 'メンバー';

interface ProjectSpec {
  id: string;
  fy: number;
  as: Role;
  /** 報告会 score; undefined = not yet scored. */
  report?: number;
  /** Scores given to the person by project members (メンバー). */
  members?: number[];
  /** Finished by 12/20 of its year unless false. */
  ended?: boolean;
}

/** Staff ME (and an evaluator), their projects, and the certifications they already hold. */
function rowsFor(projects: ProjectSpec[], held: Array<{ cert: string; on: LocalDate }> = []): Rows {
  return {
    Staff: [staffRow(ME, { Grade: '主任', Department: '市民生活部', Section: '市民課' }), staffRow(MANAGER, { Grade: '課長', Section: '市民課' })],
    Projects: projects.map((p) => ({
      ProjectId: p.id,
      Title: `BPR ${p.id}`,
      FiscalYear: p.fy,
      Section: '市民課',
      StartDate: `${p.fy}-06-01`,
      EndDate: p.ended === false ? undefined : `${p.fy}-12-20`,
      ReportScore: p.report,
    })),
    ProjectMembers: projects.map((p) => ({ ProjectId: p.id, Upn: ME, ProjectRole: p.as })),
    Evaluations: projects.flatMap((p) =>
      (p.members ?? []).map((score, i) => ({
        ProjectId: p.id,
        Upn: ME,
        // Written as HR and the seed write it: 一般職員 / プロジェクトメンバー both mean the member perspective.
        Perspective: i % 2 === 0 ? '一般職員' : 'プロジェクトメンバー',
        Score: score,
        EvaluatorUpn: `member${i}@city.moka.example.jp`,
      })),
    ),
    Roles: held.map((h) => ({ Upn: ME, Role: h.cert, StartDate: h.on, Source: '認定' })),
  };
}

function certification(rows: Rows, id: string, asOf: LocalDate): CertificationStatus {
  const snap = world(programme, rows, asOf);
  expect(snap.issues).toEqual([]);
  return progressOf(snap, ME, asOf).certifications.find((c) => c.certification === id)!;
}

const missingText = (c: CertificationStatus) => c.missing.map((m) => `${m.label.ja}: ${m.evidence.ja}`);

describe('真岡市 preset', () => {
  it('validates, starts in 令和5年度 and has the three-level DX人材認定制度', () => {
    expect([programme.id, programme.planStartFiscalYear]).toEqual(['moka', 2023]);
    expect(programme.certifications.map((c) => [c.id, c.label.ja, c.level])).toEqual([
      ['dx-adviser', 'DXアドバイザー', 1],
      ['dx-expert', 'DXエキスパート', 2],
      ['dx-specialist', 'DXスペシャリスト', 3],
    ]);
  });

  it('evaluates from 「政策的観点(幹部職員)、リーダーシップ(同一所属職員、プロジェクトメンバー)、技術的観点(委託業者等専門家)」', () => {
    expect(programme.perspectives.map((p) => [p.id, p.label.ja, p.aspect?.ja])).toEqual([
      ['executive', '幹部職員', '政策的観点'],
      ['member', 'メンバー', 'リーダーシップ'],
      ['expert', '専門家', '技術的観点'],
    ]);
  });

  describe('DXアドバイザー「プロジェクトにメンバーとして参加し、報告会において一定以上の評価を得る。」', () => {
    it.each<[string, ProjectSpec[], CertificationStatus['status'], string[]]>([
      ['メンバーとして参加し報告会で4 → 認定基準を満たす', [{ id: 'B-01', fy: 2023, as: 'メンバー', report: 4 }], 'qualifies', []],
      ['報告会で基準点ちょうどの3 → 満たす', [{ id: 'B-01', fy: 2023, as: 'メンバー', report: 3 }], 'qualifies', []],
      [
        '報告会で2 → 満たさない（評価と基準を示す）',
        [{ id: 'B-01', fy: 2023, as: 'メンバー', report: 2 }],
        'notYet',
        ['DX案件にメンバーとして参加（報告会評価 3以上）: 該当 0件 — 令和5年度「BPR B-01」: 報告会評価 2（基準 3）'],
      ],
      [
        '報告会がまだ（案件未終了・評価なし）→ 満たさない',
        [{ id: 'B-01', fy: 2023, as: 'メンバー', ended: false }],
        'notYet',
        ['DX案件にメンバーとして参加（報告会評価 3以上）: 該当 0件 — 令和5年度「BPR B-01」: 案件未終了、報告会評価なし'],
      ],
      [
        'リーダーとしての参加は「メンバーとして参加」に当たらない',
        [{ id: 'B-01', fy: 2023, as: 'リーダー', report: 5 }],
        'notYet',
        ['DX案件にメンバーとして参加（報告会評価 3以上）: メンバーとして参加した案件なし'],
      ],
    ])('%s', (_name, projects, status, missing) => {
      const c = certification(rowsFor(projects), 'dx-adviser', '2024-02-01');
      expect(c.status).toBe(status);
      expect(missingText(c)).toEqual(missing);
    });

    it('an adviser certification recorded in the Roles list (Source 認定) is held', () => {
      const c = certification(rowsFor([], [{ cert: 'DXアドバイザー', on: '2024-03-15' }]), 'dx-adviser', '2024-04-01');
      expect([c.status, c.since]).toEqual(['held', '2024-03-15']);
    });
  });

  describe('DXエキスパート「DXアドバイザーに認定された上でプロジェクトにリーダーとして参加し、報告会において一定以上の評価を得る。プロジェクト終了後、メンバーから一定以上の評価を得る。」', () => {
    const leader2024: ProjectSpec = { id: 'B-11', fy: 2024, as: 'リーダー', report: 4, members: [4, 4] };
    it.each<[string, ProjectSpec[], Array<{ cert: string; on: LocalDate }>, CertificationStatus['status'], string[]]>([
      [
        'アドバイザー未認定のリーダー → 満たさない（アドバイザー認定がないと示す）',
        [leader2024],
        [],
        'notYet',
        ['DXアドバイザーの認定: 未認定'],
      ],
      [
        'アドバイザーの基準は満たすが未認定 → 認定の決定待ちと示す',
        [{ id: 'B-01', fy: 2023, as: 'メンバー', report: 4 }, leader2024],
        [],
        'notYet',
        ['DXアドバイザーの認定: 未認定（認定基準は満たしています — 認定の決定待ち）'],
      ],
      ['アドバイザー認定済＋報告会4＋メンバー評価4 → 満たす', [leader2024], [{ cert: 'dx-adviser', on: '2024-03-15' }], 'qualifies', []],
      [
        'メンバー評価が平均2.5 → 満たさない',
        [{ ...leader2024, members: [3, 2] }],
        [{ cert: 'dx-adviser', on: '2024-03-15' }],
        'notYet',
        ['DX案件にリーダーとして参加（報告会評価 3以上、メンバー評価 3以上）: 該当 0件 — 令和6年度「BPR B-11」: メンバー評価 2.5（基準 3）'],
      ],
      [
        'メンバーからの評価がまだない → 満たさない',
        [{ ...leader2024, members: [] }],
        [{ cert: 'dx-adviser', on: '2024-03-15' }],
        'notYet',
        ['DX案件にリーダーとして参加（報告会評価 3以上、メンバー評価 3以上）: 該当 0件 — 令和6年度「BPR B-11」: メンバーからの評価なし'],
      ],
    ])('%s', (_name, projects, held, status, missing) => {
      const c = certification(rowsFor(projects, held), 'dx-expert', '2025-02-01');
      expect(c.status).toBe(status);
      expect(missingText(c)).toEqual(missing);
    });
  });

  describe('DXスペシャリスト「2年以上連続してプロジェクトにリーダーとして参加し、報告会において一定以上の評価を得る。プロジェクト終了後、メンバーから一定以上の評価を得る。」', () => {
    const lead = (id: string, fy: number, report = 4): ProjectSpec => ({ id, fy, as: 'リーダー', report, members: [4, 5] });
    it.each<[string, ProjectSpec[], CertificationStatus['status'], string]>([
      ['令和5・6年度に連続してリーダー → 満たす', [lead('B-01', 2023), lead('B-11', 2024)], 'qualifies', '該当 2件・連続2年度'],
      ['令和5・6・7年度（3年連続）→ 満たす', [lead('B-01', 2023), lead('B-11', 2024), lead('B-21', 2025)], 'qualifies', '該当 3件・連続3年度'],
      ['1年度だけ（同じ年度に2件）→ 満たさない', [lead('B-11', 2024), lead('B-12', 2024)], 'notYet', '該当 2件・連続1年度'],
      ['令和5年度と令和7年度（連続していない）→ 満たさない', [lead('B-01', 2023), lead('B-21', 2025)], 'notYet', '該当 2件・連続1年度'],
      ['連続2年度だが一方の報告会評価が2 → 満たさない', [lead('B-01', 2023, 2), lead('B-11', 2024)], 'notYet', '該当 1件・連続1年度'],
    ])('%s', (_name, projects, status, evidence) => {
      const c = certification(rowsFor(projects), 'dx-specialist', '2026-03-01');
      expect(c.status).toBe(status);
      expect(c.result.evidence.ja.split(' — ')[0]).toBe(evidence);
    });
  });

  describe('デジタル人材認定目標人数（令和5年度 / 令和6年度 / 令和7年度 / DX計画上の目標人数）', () => {
    const people = ['a', 'b', 'c', 'd'].map((x) => `${x}@city.moka.example.jp`);
    const rows: Rows = {
      Staff: people.map((u) => staffRow(u)),
      Roles: [
        { Upn: people[0], Role: 'DXアドバイザー', StartDate: '2024-03-15', Source: '認定' },
        { Upn: people[1], Role: 'DXアドバイザー', StartDate: '2024-03-15', Source: '認定' },
        // Retired: no longer counted after the end date.
        { Upn: people[2], Role: 'DXアドバイザー', StartDate: '2024-03-15', EndDate: '2025-03-31', Source: '認定' },
        { Upn: people[0], Role: 'DXエキスパート', StartDate: '2025-03-10', Source: '認定' },
      ],
    };
    it.each<[LocalDate, string, number, { value: number; fiscalYear: number }]>([
      ['2023-10-01', 'certified-advisers', 0, { value: 20, fiscalYear: 2023 }],
      ['2024-10-01', 'certified-advisers', 3, { value: 30, fiscalYear: 2024 }],
      ['2025-10-01', 'certified-advisers', 2, { value: 40, fiscalYear: 2025 }],
      ['2026-10-01', 'certified-advisers', 2, { value: 60, fiscalYear: 2026 }],
      // 「–」 in 令和5年度: measured against the next year that has a target.
      ['2023-10-01', 'certified-experts', 0, { value: 10, fiscalYear: 2024 }],
      ['2024-10-01', 'certified-experts', 0, { value: 10, fiscalYear: 2024 }],
      // Certified on 2025-03-10, still 令和6年度.
      ['2025-03-31', 'certified-experts', 1, { value: 10, fiscalYear: 2024 }],
      ['2025-10-01', 'certified-experts', 1, { value: 20, fiscalYear: 2025 }],
      ['2026-10-01', 'certified-experts', 1, { value: 30, fiscalYear: 2026 }],
      ['2023-10-01', 'certified-specialists', 0, { value: 3, fiscalYear: 2025 }],
      ['2025-10-01', 'certified-specialists', 0, { value: 3, fiscalYear: 2025 }],
      ['2026-10-01', 'certified-specialists', 0, { value: 10, fiscalYear: 2026 }],
    ])('%s %s: %d against %o', (asOf, id, value, target) => {
      const snap = world(programme, rows, asOf);
      expect(snap.issues).toEqual([]);
      const k = evaluateProgramme(snap, asOf).kpis.find((x) => x.id === id)!;
      // A target of a later year is not yet due (met null); this year's or an earlier one is judged.
      const due = target.fiscalYear <= fiscalYearOf(asOf);
      expect([k.value, k.target?.value, k.target?.fiscalYear, k.met]).toEqual([value, target.value, target.fiscalYear, due ? false : null]);
    });
  });

  it('「情報処理関連資格取得促進」: the ITパスポート holders are counted for the year-end review, with no target', () => {
    const rows: Rows = {
      Staff: [staffRow(ME), staffRow(MANAGER, { Grade: '課長' })],
      Qualifications: [{ Upn: ME, Qualification: 'iパス', AcquiredOn: '2025-08-01' }],
    };
    const k = evaluateProgramme(world(programme, rows, '2026-10-01'), '2026-10-01').kpis.find((x) => x.id === 'it-qualification-holders')!;
    expect([k.value, k.unit, k.target, k.met]).toEqual([1, 'people', undefined, null]);
  });

  describe('デジタル人材とスキルマップのイメージ', () => {
    it('marks AI/RPA・UI/UX for アドバイザー, リーダーシップ・データ利活用 for エキスパート, and (inferred) マネジメント for スペシャリスト', () => {
      const cells = programme.skillMap!.expectations.map((e) => [e.holder, programme.skillMap!.skills.find((s) => s.id === e.skill)!.label.ja]);
      expect(cells).toEqual([
        ['dx-adviser', 'AI/RPA'],
        ['dx-adviser', 'UI/UX'],
        ['dx-expert', 'リーダーシップ'],
        ['dx-expert', 'データ利活用'],
        ['dx-specialist', 'マネジメント'],
      ]);
      expect(programme.skillMap!.skills.map((s) => s.label.ja)).toEqual(['マネジメント', 'リーダーシップ', 'AI/RPA', 'データ利活用', 'UI/UX']);
    });
  });

  describe('(2)職員研修 and 幹部職員への意識改革研修', () => {
    it.each<[string, string, Rows['Completions'], Rows['Qualifications'], Array<[string, string | undefined, string | undefined]>]>([
      [
        '「市独自情報リテラシー研修の実施」: 未受講の主事はStep1が次',
        '主事',
        [],
        [],
        [
          ['all-staff', undefined, 'step1'],
          ['bpr', undefined, 'step1'],
        ],
      ],
      [
        '「J-Lis等外部研修の積極活用」「情報処理関連資格取得促進」: 受講・取得（iパス）で推奨の段階も達成',
        '主任',
        [
          { Upn: ME, CourseId: 'moka-literacy', CompletedOn: '2023-07-01' },
          { Upn: ME, CourseId: '自治体DX入門セミナー', CompletedOn: '2023-08-01' },
        ],
        [{ Upn: ME, Qualification: 'iパス', AcquiredOn: '2023-09-01' }],
        [
          ['all-staff', 'step3', undefined],
          ['bpr', undefined, 'step1'],
        ],
      ],
      [
        '「幹部職員への意識改革研修」: 課長は幹部職員として意識改革研修が次',
        '課長',
        [{ Upn: ME, CourseId: 'moka-literacy', CompletedOn: '2023-07-01' }],
        [],
        [
          ['all-staff', 'step1', 'step2'],
          ['bpr', undefined, 'step1'],
          ['executive', undefined, 'step1'],
        ],
      ],
    ])('%s', (_name, grade, completions, qualifications, expected) => {
      const snap = world(programme, { Staff: [staffRow(ME, { Grade: grade })], Completions: completions, Qualifications: qualifications }, '2023-10-01');
      expect(snap.issues).toEqual([]);
      const p = progressOf(snap, ME, '2023-10-01');
      expect(p.roles.map((r) => [r.role, r.currentStep, r.next?.step])).toEqual(expected);
    });

    it('only required steps are reminded: 外部研修・資格・BPRプロジェクト are encouraged, not required', () => {
      const snap = world(programme, { Staff: [staffRow(ME, { Grade: '課長' })] }, '2023-10-01');
      const p = progressOf(snap, ME, '2023-10-01');
      expect(p.nextActions.map((a) => [a.role, a.label.ja])).toEqual([
        ['all-staff', '市独自情報リテラシー研修の受講'],
        ['executive', '幹部職員 意識改革研修の受講'],
      ]);
    });

    it('「BPRプロジェクトの実施」: a project member reaches the BPR step while the project runs', () => {
      const snap = world(programme, rowsFor([{ id: 'B-01', fy: 2023, as: 'メンバー', ended: false }]), '2023-10-01');
      const p = progressOf(snap, ME, '2023-10-01');
      expect(p.roles.find((r) => r.role === 'bpr')!.currentStep).toBe('step1');
    });
  });

  it('every value the seed leaves open (「一定以上の評価」) is a fillIn setting with a note saying why', () => {
    expect(programme.settings.map((s) => [s.id, s.value, s.fillIn])).toEqual([
      ['reportMinScore', 3, true],
      ['memberMinScore', 3, true],
    ]);
    for (const s of programme.settings.filter((x) => x.fillIn)) expect(s.note ?? '').toContain('一定以上の評価');
  });

  it('the evaluator may be an external expert (委託業者) not on the Staff list', () => {
    const rows = rowsFor([{ id: 'B-01', fy: 2023, as: 'メンバー', report: 4 }]);
    rows.Evaluations = [{ ProjectId: 'B-01', Upn: ME, Perspective: '委託業者', Score: 4, EvaluatorUpn: VENDOR }];
    const snap = world(programme, rows, '2024-02-01');
    expect(snap.issues).toEqual([]);
    expect(snap.records.evaluations.map((e) => [e.perspective, e.evaluatorUpn])).toEqual([['expert', VENDOR]]);
  });
});
