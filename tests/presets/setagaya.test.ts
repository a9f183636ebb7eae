import { evaluateProgramme } from '../../src/domain/evaluation';
import type { LocalDate } from '../../src/domain/local-date';
import { preset, progressOf, staffRow, world, type Rows } from '../helpers/world';

// 世田谷区「DX人材育成の基本的な考え方について」（令和4年6月20日）: ../shared/seeds/000_6436a40194c22320.txt
const programme = preset('setagaya');

const LEADER = 'leader@city.setagaya.example.jp';

/** A 主任 in 総務課 nominated DX推進リーダー on 2022-07-01, plus whatever else the case adds. */
function leaderWorld(extra: Rows): Rows {
  return {
    Staff: [staffRow(LEADER, { Grade: '主任', Department: '総務部', Section: '総務課' })],
    Roles: [{ Upn: LEADER, Role: 'DX推進リーダー', Section: '総務課', StartDate: '2022-07-01', Source: '推薦' }],
    ...extra,
  };
}

describe('世田谷区 preset', () => {
  it('validates and carries the seed\'s plan start (未来つながるプラン2022-2023)', () => {
    expect(programme.id).toBe('setagaya');
    expect(programme.planStartFiscalYear).toBe(2022);
    expect(programme.roles.map((r) => [r.id, r.label.ja, r.assignment])).toEqual([
      ['dx-manager', 'DXマネージャー', 'grade'],
      ['dx-adviser', 'DXアドバイザー', 'appointed'],
      ['dx-leader', 'DX推進リーダー', 'nominated'],
      ['all-staff', '全職員', 'all'],
    ]);
  });

  it('nominates 「各課で選任されたDX推進リーダー（※原則、副係長または主任）」 one per section, 原則 = not strict', () => {
    const leader = programme.roles.find((r) => r.id === 'dx-leader')!;
    expect(leader.nomination).toMatchObject({
      eligibleGrades: ['fukukakaricho', 'shunin'],
      gradeRuleStrict: false,
      seatsPerSection: 1,
      approver: 'sectionManager',
    });
  });

  describe('DX推進リーダー ①DXリテラシー研修「オンライン学習サービスを利用し講座（20時間程度）を受講」「通年（四半期ごとに受講期分け）」', () => {
    it.each<[string, Rows, LocalDate, string | undefined, Array<{ label: string; evidence: string; due?: string }>]>([
      [
        '20時間程度を受講した主任のDX推進リーダーは①を終え、②DX推進研修「12月頃」が次',
        { Completions: [{ Upn: LEADER, CourseId: 'dx-literacy', CompletedOn: '2022-09-10' }] },
        '2022-09-15',
        'step1',
        [{ label: 'DX推進研修の受講', evidence: '未受講 — 期限 12/28', due: '2022-12-28' }],
      ],
      [
        'オンライン学習の個別講座（研修リストの区分「DXリテラシー」）の時間も合算して20時間',
        {
          Courses: [
            { CourseId: 'elearn-dx-basics', Title: 'DXの基礎', Category: 'DXリテラシー', Hours: 12 },
            { CourseId: 'elearn-data', Title: 'データ活用入門', Category: 'DXリテラシー', Hours: 8 },
          ],
          Completions: [
            { Upn: LEADER, CourseId: 'elearn-dx-basics', CompletedOn: '2022-07-20' },
            { Upn: LEADER, CourseId: 'elearn-data', CompletedOn: '2022-08-30' },
          ],
        },
        '2022-09-15',
        'step1',
        [{ label: 'DX推進研修の受講', evidence: '未受講 — 期限 12/28', due: '2022-12-28' }],
      ],
      [
        // 選任から3か月は 2022-10-01（土）: 期限は前の開庁日 9/30 と示す（reminders.dueOnClosedDay の既定）。
        '12時間しか受講していなければ①は未了で、時間と受講期の期限（選任から3か月、土日なら前の開庁日）を示す',
        {
          Completions: [
            { Upn: LEADER, CourseId: 'dx-literacy', CompletedOn: '2022-07-29', Hours: 8 },
            { Upn: LEADER, CourseId: 'dx-literacy', CompletedOn: '2022-08-26', Hours: 4 },
          ],
        },
        '2022-09-15',
        undefined,
        [{ label: 'DXリテラシー研修（オンライン学習） 20時間以上', evidence: '12時間／20時間 — 期限 9/30', due: '2022-09-30' }],
      ],
      [
        '受講期を過ぎても19.5時間なら期限超過と示す',
        { Completions: [{ Upn: LEADER, CourseId: 'dx-literacy', CompletedOn: '2022-09-30', Hours: 19.5 }] },
        '2022-10-12',
        undefined,
        [{ label: 'DXリテラシー研修（オンライン学習） 20時間以上', evidence: '19.5時間／20時間 — 期限 9/30 を過ぎています', due: '2022-09-30' }],
      ],
    ])('%s', (_name, extra, asOf, currentStep, missing) => {
      const snap = world(programme, leaderWorld(extra));
      expect(snap.issues).toEqual([]);
      const p = progressOf(snap, LEADER, asOf);
      const leader = p.roles.find((r) => r.role === 'dx-leader')!;
      expect(leader.currentStep).toBe(currentStep);
      expect(leader.next!.missing.map((m) => ({ label: m.label.ja, evidence: m.evidence.ja, ...(m.due ? { due: m.due } : {}) }))).toEqual(missing);
    });

    it('「希望者を対象に…実践的な講義」は任意の段階で、次の行動（リマインド対象）に入らない', () => {
      const p = progressOf(
        world(
          programme,
          leaderWorld({
            Completions: [
              { Upn: LEADER, CourseId: 'dx-literacy', CompletedOn: '2022-09-10' },
              { Upn: LEADER, CourseId: 'dx-promotion', CompletedOn: '2022-12-15' },
            ],
          }),
        ),
        LEADER,
        '2023-01-10',
      );
      const leader = p.roles.find((r) => r.role === 'dx-leader')!;
      expect([leader.currentStep, leader.next?.step, leader.next?.optional]).toEqual(['step2', 'step3', true]);
      expect(p.nextActions.filter((a) => a.role === 'dx-leader')).toEqual([]);
    });
  });

  describe('DXマネージャー「対象：課長級および部長級職員」— held by grade', () => {
    it.each<[string, boolean]>([
      ['課長', true],
      ['課長級', true],
      ['副参事', true],
      ['部長', true],
      ['参事', true],
      ['係長', false],
      ['副係長', false],
      ['主任', false],
    ])('職層「%s」→ DXマネージャー %s', (grade, holds) => {
      const upn = 'm@city.setagaya.example.jp';
      const p = progressOf(world(programme, { Staff: [staffRow(upn, { Grade: grade })] }), upn, '2022-07-01');
      expect(p.roles.some((r) => r.role === 'dx-manager')).toBe(holds);
    });

    it('a 課長 who has not taken DXマネジメント研修「時期：8月頃」is told the 8/31 deadline', () => {
      const upn = 'kacho@city.setagaya.example.jp';
      const p = progressOf(world(programme, { Staff: [staffRow(upn, { Grade: '課長' })] }), upn, '2022-07-01');
      const manager = p.roles.find((r) => r.role === 'dx-manager')!;
      expect(manager.currentStep).toBeUndefined();
      expect(manager.next!.missing.map((m) => [m.label.ja, m.evidence.ja, m.due])).toEqual([
        ['DXマネジメント研修の受講', '未受講 — 期限 8/31', '2022-08-31'],
      ]);
    });
  });

  describe('DXアドバイザー「DXリテラシー講座・ICT専門講座の受講、DX相談対応・伴走支援」', () => {
    const ADV = 'adv@city.setagaya.example.jp';
    const base: Rows = {
      Staff: [staffRow(ADV, { Grade: '主事', Section: '情報政策課', Department: '政策経営部' })],
      Roles: [{ Upn: ADV, Role: 'DXアドバイザー', StartDate: '2022-05-01', Source: '指定' }],
    };
    it.each<[string, Rows['Completions'], Rows['Contributions'], string | undefined, string[]]>([
      [
        'DXリテラシー講座20時間だけではICT専門講座が足りない',
        [{ Upn: ADV, CourseId: 'dx-literacy', CompletedOn: '2022-06-30' }],
        [],
        undefined,
        ['ICT専門講座 10時間以上: 0時間／10時間'],
      ],
      [
        '両講座を受講し、相談対応2回では「日頃の業務の中で…相談に対応」にまだ足りない',
        [
          { Upn: ADV, CourseId: 'dx-literacy', CompletedOn: '2022-06-30' },
          { Upn: ADV, CourseId: 'ict-specialist', CompletedOn: '2022-07-30', Hours: 10 },
        ],
        [
          { Upn: ADV, Kind: 'DX相談対応', Date: '2022-08-10', Title: '保育課 申請フォームの相談' },
          { Upn: ADV, Kind: '伴走支援', Date: '2022-09-05', Title: '総務課 RPA導入の伴走' },
        ],
        'step1',
        ['直近12か月にDX相談対応・伴走支援 3回以上: 2回（最近: 2022/9/5）／必要 3回'],
      ],
      [
        '相談対応・伴走支援3回で両段階を達成',
        [
          { Upn: ADV, CourseId: 'dx-literacy', CompletedOn: '2022-06-30' },
          { Upn: ADV, CourseId: 'ict-specialist', CompletedOn: '2022-07-30', Hours: 10 },
        ],
        [
          { Upn: ADV, Kind: 'DX相談対応', Date: '2022-08-10' },
          { Upn: ADV, Kind: '伴走支援', Date: '2022-09-05' },
          { Upn: ADV, Kind: 'DX相談対応・伴走支援', Date: '2022-10-03' },
        ],
        'step2',
        [],
      ],
    ])('%s', (_name, completions, contributions, currentStep, missing) => {
      const p = progressOf(world(programme, { ...base, Completions: completions, Contributions: contributions }), ADV, '2022-10-20');
      const adviser = p.roles.find((r) => r.role === 'dx-adviser')!;
      expect(adviser.currentStep).toBe(currentStep);
      expect((adviser.next?.missing ?? []).map((m) => `${m.label.ja}: ${m.evidence.ja}`)).toEqual(missing);
    });
  });

  describe('全職員「DX推進担当課から随時紹介されるDX関連の動画等を視聴する」', () => {
    const STAFF = 'staff@city.setagaya.example.jp';
    it.each<[string, string[], string | undefined]>([
      ['動画・記事2本では未了', ['video-dx-management', 'article-dx-trends'], undefined],
      ['録画と記事の3本で達成', ['video-dx-management', 'video-dx-promotion', 'article-dx-trends'], 'step1'],
    ])('%s', (_name, courseIds, currentStep) => {
      const p = progressOf(
        world(programme, {
          Staff: [staffRow(STAFF)],
          // 「国や都、民間企業等のDX推進…の動向や先行事例を把握する」: an article the office introduced.
          Courses: [{ CourseId: 'article-dx-trends', Title: '国・都のDX推進の動向', Category: 'DX関連記事' }],
          Completions: courseIds.map((c, i) => ({ Upn: STAFF, CourseId: c, CompletedOn: `2022-10-0${i + 1}` })),
        }),
        STAFF,
        '2022-11-01',
      );
      const all = p.roles.find((r) => r.role === 'all-staff')!;
      expect(all.currentStep).toBe(currentStep);
      expect(all.steps[0]!.result.progress).toEqual({ current: courseIds.length, required: 3 });
    });
  });

  describe('KPIs', () => {
    // Six people in three sections of two departments.
    const rows: Rows = {
      Staff: [
        staffRow('kacho@x.jp', { Grade: '課長', Department: '総務部', Section: '総務課' }),
        staffRow('bucho@x.jp', { Grade: '部長', Department: '総務部', Section: '総務課' }),
        staffRow('adv1@x.jp', { Grade: '主事', Department: '総務部', Section: '財政課' }),
        staffRow('adv2@x.jp', { Grade: '主任', Department: '総務部', Section: '財政課' }),
        staffRow('lead1@x.jp', { Grade: '主任', Department: '子ども・若者部', Section: '保育課' }),
        staffRow('lead2@x.jp', { Grade: '係長', Department: '総務部', Section: '総務課' }),
      ],
      Roles: [
        // 課長 who is also an appointed adviser: still one person for the 700.
        { Upn: 'kacho@x.jp', Role: 'dx-adviser', StartDate: '2022-05-01', Source: '指定' },
        { Upn: 'adv1@x.jp', Role: 'dx-adviser', StartDate: '2022-05-01', Source: '指定' },
        { Upn: 'adv2@x.jp', Role: 'dx-adviser', StartDate: '2022-05-01', Source: '指定' },
        { Upn: 'lead1@x.jp', Role: 'dx-leader', Section: '保育課', StartDate: '2022-07-01', Source: '推薦' },
        // A 係長 nominated for another section (原則 is not strict): counts for the section served.
        { Upn: 'lead2@x.jp', Role: 'dx-leader', Section: '財政課', StartDate: '2022-07-01', Source: '推薦' },
      ],
      Completions: [
        { Upn: 'kacho@x.jp', CourseId: 'dx-management', CompletedOn: '2022-08-25' },
        { Upn: 'kacho@x.jp', CourseId: 'dx-literacy', CompletedOn: '2022-09-01' },
        { Upn: 'kacho@x.jp', CourseId: 'ict-specialist', CompletedOn: '2022-09-02', Hours: 10 },
        // 部長 did not attend: not developed yet.
        { Upn: 'adv1@x.jp', CourseId: 'dx-literacy', CompletedOn: '2022-09-01' },
        { Upn: 'adv1@x.jp', CourseId: 'ict-specialist', CompletedOn: '2022-09-02', Hours: 12 },
        // adv2 has the literacy hours only.
        { Upn: 'adv2@x.jp', CourseId: 'dx-literacy', CompletedOn: '2022-09-01' },
        { Upn: 'lead1@x.jp', CourseId: 'dx-literacy', CompletedOn: '2022-09-20' },
        { Upn: 'lead2@x.jp', CourseId: 'dx-literacy', CompletedOn: '2022-09-20', Hours: 15 },
      ],
      Projects: [
        { ProjectId: 'K-01', Title: '保育園入園申請のオンライン化', FiscalYear: 'R4', Section: '保育課' },
        { ProjectId: 'K-02', Title: '会議録作成の効率化', FiscalYear: 2022, Section: '総務課' },
        { ProjectId: 'K-03', Title: '庁内照会のフォーム化', FiscalYear: '令和5年度', Section: '総務課' },
      ],
    };
    const kpis = (asOf: LocalDate) => evaluateProgramme(world(programme, rows), asOf).kpis;

    it('reads every row (grades, roles by id, 年度 as R4 / 2022 / 令和5年度)', () => {
      expect(world(programme, rows).issues).toEqual([]);
    });

    it('「約700人育成」counts each developed person once, whatever their DX role', () => {
      const k = kpis('2023-06-01').find((x) => x.id === 'dx-talent')!;
      // 課長 (DXマネージャー and DXアドバイザー), adv1, lead1; not 部長 (no training), adv2 (no ICT), lead2 (15 hours).
      expect(k.bySection.map((s) => [s.section, s.numerator])).toEqual([
        ['保育課', 1],
        ['財政課', 1],
        ['総務課', 1],
      ]);
    });

    it.each<[string, string, LocalDate, number, { value: number; fiscalYear: number; approximate: boolean }]>([
      // 課長(manager step1 + adviser step1), adv1, lead1 = 3 people; 部長, adv2, lead2 not yet developed.
      ['「2年間で、約700人育成」令和5年度', 'dx-talent', '2023-06-01', 3, { value: 700, fiscalYear: 2023, approximate: true }],
      ['令和4年度は表の合計（約200＋約40＋約150）', 'dx-talent', '2022-12-01', 3, { value: 390, fiscalYear: 2022, approximate: true }],
      ['「DXマネージャー 約200人」', 'dx-managers', '2022-12-01', 1, { value: 200, fiscalYear: 2022, approximate: true }],
      ['「DXアドバイザー 約40人」', 'dx-advisers', '2022-12-01', 2, { value: 40, fiscalYear: 2022, approximate: true }],
      ['「DX推進リーダー 約150人」', 'dx-leaders', '2022-12-01', 1, { value: 150, fiscalYear: 2022, approximate: true }],
      ['「業務改善の取組み 20業務」令和4年度の案件', 'improvement-projects', '2022-12-01', 2, { value: 20, fiscalYear: 2022, approximate: false }],
    ])('%s', (_name, id, asOf, value, target) => {
      const k = kpis(asOf).find((x) => x.id === id)!;
      expect([k.value, k.target, k.met]).toEqual([value, target, false]);
    });

    it('「※対象各課に1名」: leader coverage per section, by the section each leader serves', () => {
      const k = kpis('2022-12-01').find((x) => x.id === 'leader-coverage')!;
      // 保育課 (lead1) and 財政課 (lead2 serves it); 総務課 has none.
      expect([k.value, k.numerator, k.denominator, k.target?.value]).toEqual([66.7, 2, 3, 100]);
      expect(k.bySection.map((s) => [s.section, s.numerator])).toEqual([
        ['保育課', 1],
        ['財政課', 1],
        ['総務課', 0],
      ]);
      // 「各課に1名」 is the role's seats: one at most, one at least; 総務課 lacks one.
      expect(programme.roles.find((r) => r.id === 'dx-leader')?.seats).toEqual({ per: 'section', min: 1, max: 1 });
      expect(k.coverage).toEqual({ per: 'section', min: 1, uncovered: [expect.objectContaining({ section: '総務課', count: 0 })] });
    });
  });

  it('every value the seed leaves open is a fillIn setting with a note saying why', () => {
    expect(programme.settings.map((s) => [s.id, s.value, s.fillIn])).toEqual([
      ['literacyDueMonths', 3, true],
      ['adviserLiteracyHours', 20, true],
      ['adviserIctHours', 10, true],
      ['adviserConsultations', 3, true],
      ['allStaffMinItems', 3, true],
    ]);
    for (const s of programme.settings.filter((x) => x.fillIn)) expect(s.note ?? '').toMatch(/方針は.*/);
  });
});
