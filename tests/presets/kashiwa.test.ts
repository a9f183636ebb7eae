import { evaluateProgramme } from '../../src/domain/evaluation';
import { preset, progressOf, staffRow, world, type Rows } from '../helpers/world';

// 柏市DX人材育成方針（令和7年4月）— seeds/002_1277f009a4c129fe.txt
const programme = preset('kashiwa');
const TODAY = '2026-11-23';
const SKILLS = ['dx-literacy', 'info-security', 'bpr', 'data-utilization', 'digital-tools'];
const PHASES = ['phase1-education', 'phase2-practice', 'phase3-knowledge'];

const upn = (name: string): string => `${name}@city.kashiwa.example.jp`;

/** This fiscal year's 全職員 courses (教育) for a person. */
const allStaffCourses = (who: string): Array<Record<string, unknown>> =>
  ['セキュリティe-ラーニング（J-LIS）', '情報セキュリティ研修', '生成AI庁内活用推進研修', 'オンライン申請ツール合同研修会'].map((c) => ({
    Upn: who,
    CourseId: c,
    CompletedOn: '2026-06-10',
  }));

const skillRows = (who: string, level: number): Array<Record<string, unknown>> =>
  SKILLS.map((s) => ({ Upn: who, Skill: s, Level: String(level), AssessedOn: '2026-09-01', Assessor: upn('kacho') }));

describe('柏市: the preset itself', () => {
  it.each(programme.settings.filter((s) => s.fillIn).map((s) => [s.id, s.note ?? ''] as const))(
    '方針が決めていない値 %s は、方針の記述と既定値の理由を note に書いている',
    (_id, note) => {
      expect(note).toMatch(/個別選択/);
      expect(note.length).toBeGreaterThan(40);
    },
  );

  it('has exactly one fill-in setting: the number of electives (「デジタル標準スキル項目を個別選択して学ぶ」)', () => {
    expect(programme.settings.map((s) => [s.id, s.value, s.fillIn])).toEqual([['promoterElectiveCourses', 2, true]]);
  });

  it.each([
    ['「庁内公募により選定された「DXスペシャリスト」としてDX推進課に所属する職員」', 'dx-specialist', 'DXスペシャリスト人材', 'appointed'],
    ['「DXを推進する職員（通常の異動でDX推進課に配属された職員等）」', 'dx-promoter', 'DX推進人材', 'appointed'],
    ['「「DXスペシャリスト人材」「DX推進人材」以外の職員」', 'all-staff', '全職員', 'all'],
  ])('区分 %s → %s', (_quote, id, label, assignment) => {
    const role = programme.roles.find((r) => r.id === id);
    expect([role?.label.ja, role?.assignment]).toEqual([label, assignment]);
  });

  it.each([
    ['dx-specialist', PHASES, ['フェーズ1 教育', 'フェーズ2 応用・実践', 'フェーズ3 ナレッジ共有・情報共有']],
    ['dx-promoter', PHASES, ['フェーズ1 教育', 'フェーズ2 応用・実践', 'フェーズ3 ナレッジ共有・情報共有']],
    ['all-staff', PHASES.slice(0, 2), ['フェーズ1 教育', 'フェーズ2 応用・実践']],
  ])('育成体系「フェーズ1 教育 → フェーズ2 応用・実践 → フェーズ3 ナレッジ共有」are the steps of %s', (id, steps, labels) => {
    const role = programme.roles.find((r) => r.id === id);
    expect(role?.steps.map((s) => s.id)).toEqual(steps);
    expect(role?.steps.map((s) => s.label.ja)).toEqual(labels);
  });

  // スキルマップの表: 人材別 × スキル内容。段（レベル）は 1 = 全職員、2 = DX推進人材、3 = DXスペシャリスト人材。
  it.each([
    ['dx-specialist', 'dx-literacy', 3, 'DXの理想的な姿を理解し、高度なDXスキルと最先端のデジタル技術を駆使して本市のDXをけん引する'],
    ['dx-specialist', 'info-security', 3, '本市の安定的なシステム運用を確保するため、業務システムや各種インフラの調達・管理等を円滑に行う'],
    ['dx-specialist', 'bpr', 3, '組織全体を対象とした業務フローの最適化・効率化を実現するため、改革のマネジメントや支援を行う'],
    ['dx-specialist', 'data-utilization', 3, 'データを戦略的に活用し, 組織の意思決定においてデータ駆動型のアプローチをリードする'],
    ['dx-specialist', 'digital-tools', 3, '最先端のデジタルツール情報に精通しており、専門的なデジタルツールを効果的に利活用し、展開・運用する'],
    ['dx-promoter', 'dx-literacy', 2, 'DXの基本概念を理解し, 標準的なDXスキルを駆使して本市のDXを推進する'],
    ['dx-promoter', 'info-security', 2, '日々の業務システム運用を行い,組織運営に関連する情報セキュリティ対策を行う'],
    ['dx-promoter', 'bpr', 2, '業務フローの課題を見つけ,見直しを行い,業務の効率化を図る'],
    ['dx-promoter', 'data-utilization', 2, 'データの収集・分析・クレンジングを行い, データに基づく意思決定を行う'],
    ['dx-promoter', 'digital-tools', 2, '専門的なデジタルツールを効果的に利活用し,展開・運用する'],
    ['all-staff', 'dx-literacy', 1, '情報セキュリティをはじめとする基本的なデジタル知識を理解し,業務においてデジタル技術を正しく使う'],
    ['all-staff', 'info-security', 1, '本市のセキュリティポリシーを遵守し,日々の業務おいて意識して行動する'],
    ['all-staff', 'bpr', 1, '業務改革の重要性を理解し,日々の業務において改善・改革を積極的にチャレンジする'],
    ['all-staff', 'data-utilization', 1, '基本的なデータの活用方法を理解し,公開されている情報データを業務に活かす'],
    ['all-staff', 'digital-tools', 1, '基本的なデジタルツールの使用方法を理解し,正しく使う'],
  ])('スキルマップ %s × %s = 段 %d「%s」', (holder, skill, level, description) => {
    const cells = (programme.skillMap?.expectations ?? []).filter((e) => e.holder === holder && e.skill === skill);
    expect(cells.map((c) => [c.level, c.description?.ja])).toEqual([[level, description]]);
  });

  it('スキルマップ has the five skills of the table, in order', () => {
    expect(programme.skillMap?.skills.map((s) => s.label.ja)).toEqual(['DXリテラシー', '情報セキュリティ', 'BPR・業務改善', 'データ利活用', 'デジタルツール']);
  });
});

describe('柏市 育成体系 (phases as steps)', () => {
  const a = upn('a');

  // The skill levels a person is assessed at place them on the tier of the skill map: 全職員 (1) / DX推進人材 (2) / DXスペシャリスト人材 (3).
  it.each([
    ['DX推進人材', 'dx-promoter', 1, true, false],
    ['DX推進人材', 'dx-promoter', 2, true, true],
    ['DXスペシャリスト人材', 'dx-specialist', 2, true, false],
    ['DXスペシャリスト人材', 'dx-specialist', 3, true, true],
    ['DXスペシャリスト人材', 'dx-specialist', 0, false, false],
  ])('%s assessed at level %d in all five skills: 全職員 応用・実践 %s, own 応用・実践 %s', (_label, role, level, allStaffMet, ownMet) => {
    const snap = world(programme, {
      Staff: [staffRow(a, { Department: '企画部', Section: 'DX推進課' })],
      Roles: [{ Upn: a, Role: role, Section: 'DX推進課', StartDate: '2025-04-01', Source: role === 'dx-specialist' ? '庁内公募' : '人事異動' }],
      Projects: [{ ProjectId: 'K1', Title: '窓口のオンライン化', FiscalYear: '2026', StartDate: '2026-04-01' }],
      ProjectMembers: [{ ProjectId: 'K1', Upn: a, ProjectRole: 'リーダー', StartDate: '2026-04-01' }],
      Contributions: [{ Upn: a, Kind: '講師', Date: '2026-07-01', Title: '生成AI庁内活用推進研修 講師' }],
      SkillLevels: skillRows(a, level),
    });
    const p = progressOf(snap, a, TODAY);
    const phase2 = (roleId: string): boolean | undefined => p.roles.find((r) => r.role === roleId)?.steps.find((s) => s.id === 'phase2-practice')?.met;
    expect([phase2('all-staff'), phase2(role)]).toEqual([allStaffMet, ownMet]);
  });

  it('DXスペシャリスト人材 応用・実践 needs the specialist tier (段3) in every skill: DXリテラシー at 段2 is named as missing', () => {
    const snap = world(programme, {
      Staff: [staffRow(a, { Section: 'DX推進課' })],
      Roles: [{ Upn: a, Role: 'dx-specialist', StartDate: '2025-04-01' }],
      Projects: [{ ProjectId: 'K1', Title: '窓口のオンライン化', FiscalYear: '2026', StartDate: '2026-04-01' }],
      ProjectMembers: [{ ProjectId: 'K1', Upn: a, ProjectRole: 'リーダー', StartDate: '2026-04-01' }],
      SkillLevels: skillRows(a, 3).map((r) => (r.Skill === 'dx-literacy' ? { ...r, Level: '2' } : r)),
    });
    const phase2 = progressOf(snap, a, TODAY).roles.find((r) => r.role === 'dx-specialist')?.steps.find((s) => s.id === 'phase2-practice');
    const unmet = phase2?.result.children?.filter((c) => !c.met).map((c) => [c.label.ja, c.evidence.ja]);
    expect(unmet).toEqual([['DXリテラシー レベル3以上', 'レベル2（上司評価 2026/9/1）／必要 3']]);
  });

  it.each([
    ['教育の研修なし', [], 0, undefined, ['セキュリティe-ラーニング（J-LIS）の受講', '情報セキュリティ研修の受講', '生成AI庁内活用推進研修の受講', 'オンライン申請ツール合同研修会の受講']],
    ['教育の研修を受講、スキル評価なし', 'courses', 0, 'phase1-education', ['DXリテラシー レベル1以上', '情報セキュリティ レベル1以上', 'BPR・業務改善 レベル1以上', 'データ利活用 レベル1以上', 'デジタルツール レベル1以上']],
    ['「日々の業務において改善・改革を積極的にチャレンジする」（全職員の段）', 'courses', 1, 'phase2-practice', []],
  ] as const)('全職員: %s', (_case, courses, level, step, missing) => {
    const rows: Rows = {
      Staff: [staffRow(a)],
      Completions: courses === 'courses' ? allStaffCourses(a) : [],
      SkillLevels: level > 0 ? skillRows(a, level) : [],
    };
    const role = progressOf(world(programme, rows), a, TODAY).roles.find((r) => r.role === 'all-staff');
    expect(role?.currentStep).toBe(step);
    expect(role?.next?.missing.map((m) => m.label.ja) ?? []).toEqual([...missing]);
  });

  it('全職員 教育: 新規採用職員研修 is not required of staff hired before this year, and last year\'s 情報セキュリティ研修 does not count', () => {
    const rows: Rows = {
      Staff: [staffRow(a)],
      Completions: [
        ...allStaffCourses(a).filter((c) => c.CourseId !== '情報セキュリティ研修'),
        { Upn: a, CourseId: 'security-training', CompletedOn: '2026-03-10' },
      ],
    };
    const role = progressOf(world(programme, rows), a, TODAY).roles.find((r) => r.role === 'all-staff');
    expect([role?.currentStep, role?.next?.missing.map((m) => m.label.ja)]).toEqual([undefined, ['情報セキュリティ研修の受講']]);
  });

  const specialist = (completions: string[], extraCourses: Array<Record<string, unknown>> = []): Rows => ({
    Staff: [staffRow(a, { Department: '企画部', Section: 'DX推進課' })],
    Roles: [{ Upn: a, Role: 'DXスペシャリスト人材', StartDate: '2025-04-01', Source: '庁内公募' }],
    Courses: extraCourses,
    Completions: completions.map((c) => ({ Upn: a, CourseId: c, CompletedOn: '2025-10-01' })),
  });

  it.each([
    ['DX推進人材と同様の研修（個別選択2講座）だけ', ['jlis-bpr', 'cyder'], false, ['DX人材育成研修（外部委託）— DX概論・マインド醸成／BPR・業務改善／ネットワーク・セキュリティ対策の受講', 'ビジネスアーキテクト研修（外部講師）の受講']],
    ['外部講師の研修は受けたが個別選択が1講座', ['jlis-bpr', 'dx-training-outsourced', 'business-architect'], false, ['デジタル標準スキル項目（個別選択）から2講座以上']],
    ['「DX推進人材と同様の研修に加え、外部講師による『ビジネスアーキテクト』」', ['jlis-bpr', 'jlis-data', 'dx-training-outsourced', 'business-architect'], true, []],
  ] as const)('DXスペシャリスト人材 教育: %s', (_case, done, met, missing) => {
    const role = progressOf(world(programme, specialist([...done])), a, TODAY).roles.find((r) => r.role === 'dx-specialist');
    expect(role?.steps[0]?.met).toBe(met);
    expect(role?.next?.step).toBe(met ? 'phase2-practice' : 'phase1-education');
    if (!met) expect(role?.next?.missing.map((m) => m.label.ja)).toEqual([...missing]);
  });

  it('J-LIS動画研修/ライブ研修「…等」: a J-LIS course added to the Courses list under the same category counts as an elective', () => {
    const extra = [{ CourseId: 'jlis-ai', Title: 'J-LIS研修 AI活用', Category: 'J-LIS動画研修/ライブ研修', Provider: 'J-LIS' }];
    const role = progressOf(world(programme, specialist(['jlis-ai', 'jlis-bpr', 'dx-training-outsourced', 'business-architect'], extra)), a, TODAY).roles.find(
      (r) => r.role === 'dx-specialist',
    );
    expect(role?.currentStep).toBe('phase1-education');
  });

  it.each([
    ['講師のみ', ['講師'], 'phase2-practice'],
    ['マニュアル作成（ナレッジ共有）のみ', ['マニュアル作成'], 'phase2-practice'],
    ['「研修やマニュアルによって内製化」— 講師とナレッジ共有', ['講師', 'ナレッジ共有'], 'phase3-knowledge'],
  ])('DXスペシャリスト人材 フェーズ3「培ってきたナレッジや情報をフェーズ1「教育」へ還元」: %s', (_case, kinds, step) => {
    const rows = specialist(['jlis-bpr', 'jlis-data', 'dx-training-outsourced', 'business-architect']);
    rows.Projects = [{ ProjectId: 'K1', Title: '全庁BPR', FiscalYear: '2025', StartDate: '2025-06-01' }];
    rows.ProjectMembers = [{ ProjectId: 'K1', Upn: a, ProjectRole: 'leader', StartDate: '2025-06-01' }];
    rows.SkillLevels = skillRows(a, 3);
    rows.Contributions = kinds.map((k, i) => ({ Upn: a, Kind: k, Date: `2026-0${i + 5}-01` }));
    expect(progressOf(world(programme, rows), a, TODAY).roles.find((r) => r.role === 'dx-specialist')?.currentStep).toBe(step);
  });

  it.each([
    ['業務改善の案件だけ', { project: true, lecture: false, knowledge: false }, 'phase1-education'],
    ['「業務改善・改革に加え、『全職員』のDXスキル習得を支援」（案件＋講師）', { project: true, lecture: true, knowledge: false }, 'phase2-practice'],
    ['さらにナレッジ共有', { project: true, lecture: true, knowledge: true }, 'phase3-knowledge'],
  ])('DX推進人材: %s', (_case, has, step) => {
    const rows: Rows = {
      Staff: [staffRow(a, { Section: 'DX推進課' })],
      Roles: [{ Upn: a, Role: 'dx-promoter', StartDate: '2025-04-01', Source: '人事異動' }],
      Completions: ['jlis-project-management', 'jlis-stakeholder'].map((c) => ({ Upn: a, CourseId: c, CompletedOn: '2025-08-01' })),
      Projects: [{ ProjectId: 'K2', Title: '申請書の電子化', FiscalYear: '2026' }],
      ProjectMembers: has.project ? [{ ProjectId: 'K2', Upn: a, ProjectRole: 'メンバー' }] : [],
      Contributions: [
        ...(has.lecture ? [{ Upn: a, Kind: '研修講師', Date: '2026-06-01', Title: 'オンライン申請ツール合同研修会' }] : []),
        ...(has.knowledge ? [{ Upn: a, Kind: 'ナレッジ共有', Date: '2026-09-01', Title: '操作マニュアル' }] : []),
      ],
      SkillLevels: skillRows(a, 2),
    };
    expect(progressOf(world(programme, rows), a, TODAY).roles.find((r) => r.role === 'dx-promoter')?.currentStep).toBe(step);
  });
});

describe('柏市 KPIs: 「一定の対象期間を定めることなく」— monitored, no numeric target', () => {
  it('computes the rates and counts, with no target and met = null', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(upn) as [string, string, string, string];
    const snap = world(programme, {
      Staff: [staffRow(a), staffRow(b), staffRow(c), staffRow(d, { Section: 'DX推進課' })],
      Roles: [{ Upn: d, Role: 'dx-specialist', StartDate: '2025-04-01' }],
      Completions: [...allStaffCourses(a), ...allStaffCourses(b), { Upn: c, CourseId: 'generative-ai', CompletedOn: '2026-05-01' }],
      SkillLevels: skillRows(a, 1),
    });
    const kpis = Object.fromEntries(evaluateProgramme(snap, TODAY).kpis.map((k) => [k.id, [k.value, k.target, k.met]]));
    expect(kpis).toEqual({
      'security-elearning-rate': [50, undefined, null],
      'security-training-rate': [50, undefined, null],
      'generative-ai-rate': [75, undefined, null],
      'all-staff-education-rate': [50, undefined, null],
      'all-staff-practice-rate': [25, undefined, null],
      specialists: [1, undefined, null],
      promoters: [0, undefined, null],
      'knowledge-sharers': [0, undefined, null],
    });
  });
});
