import { join } from 'node:path';
import { programmeFromFile, rowsSource, staffRow } from '../../tests/helpers/world';
import { ProgrammeService } from './programme-service';
import { YEAR_END_SHEETS, yearEndFacts, yearEndSheets, yearEndView, type ReportSheet } from './year-end-report';

/**
 * The year-end review's rows (年度末点検): one set of rows per sheet, Japanese headers and 令和 dates,
 * for 令和8年度 read on its 3/31 from a server whose today is in 令和9年度.
 */
describe('the year-end report of a fiscal year', () => {
  const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
  const u = (n: string): string => `${n}@city.example.jp`;
  const rows = {
    Staff: [
      staffRow(u('a'), { Title: '山田 太郎', TitleKana: 'ヤマダ タロウ', EmployeeNumber: '1001' }),
      staffRow(u('b'), { Title: '佐藤 花子', TitleKana: 'サトウ ハナコ', Grade: '係長' }),
      staffRow(u('c'), { Title: '鈴木 一郎' }),
      staffRow(u('d'), { Title: '高橋 次郎', Department: '企画部', Section: '企画課' }),
    ],
    Roles: [
      { Upn: u('a'), Role: 'dx-leader', StartDate: '2026-04-01' },
      // Awarded in 令和8年度; the second in 令和9年度 (after the year's 3/31: not in this report).
      { Upn: u('b'), Role: 'adviser', StartDate: '2026-10-01', Source: '認定' },
      { Upn: u('c'), Role: 'adviser', StartDate: '2027-04-10', Source: '認定' },
    ],
    Completions: [
      { Upn: u('a'), CourseId: 'literacy', CompletedOn: '2026-05-01' },
      { Upn: u('b'), CourseId: 'literacy', CompletedOn: '2025-05-01' },
      { Upn: u('d'), CourseId: 'literacy', CompletedOn: '2027-04-05' },
      { Upn: u('a'), CourseId: 'bpr-workshop', CompletedOn: '2026-07-01', Hours: 6.5 },
      // Not a course: reported in データ品質 and left out.
      { Upn: u('c'), CourseId: 'no-such-course', CompletedOn: '2026-06-01' },
    ],
  };
  const today = '2027-06-01';
  const service = new ProgrammeService(programme, () => rowsSource(rows), { now: () => new Date(`${today}T03:00:00Z`), today: () => today });
  let sheets: ReportSheet[];
  const sheet = (id: ReportSheet['id']): ReportSheet => sheets.find((s) => s.id === id)!;
  const table = (id: ReportSheet['id']) => [sheet(id).header, ...sheet(id).rows];

  beforeAll(async () => {
    const e = await service.refresh();
    sheets = yearEndSheets(yearEndFacts(programme, e, service.yearFor(2026)!, '2027-06-01T01:30:00Z'));
  });

  it('has one sheet per view, named in Japanese, in order', () => {
    expect(sheets.map((s) => s.id)).toEqual([...YEAR_END_SHEETS]);
    expect(sheets.map((s) => s.name)).toEqual(['概要', '指標', 'ステップ分布', '年度内の認定', '課ごとの配置', '未配置の課', '研修の修了', 'データ品質']);
  });

  it('says on the summary sheet which year, read on which date (令和), and when it was made', () => {
    expect(table('summary')).toEqual([
      ['項目', '内容'],
      ['自治体', '例示市'],
      ['プログラム', '例示市 DX人材育成'],
      ['対象年度', '令和8年度'],
      ['基準日', '令和9年3月31日（年度末）'],
      ['作成日時', '2027/06/01 10:30'],
      ['リストの読み込み', '2027/06/01 12:00'],
      ['在職者数', 4],
      ['データ品質の問題（作成時点）', 1],
      ['注記', '職員リストには履歴がないため、過去の年度も現在の在職者について数えています。'],
    ]);
  });

  it('gives the KPIs against their targets with the 目安, in 令和 and Japanese units, as the KPI CSV does', () => {
    const [header, first] = table('kpis');
    expect(header).toEqual(['年度', '指標ID', '指標', '部', '課', '実績', '分子', '分母', '単位', '目標', '目標年度', '判定', '今年度の目安']);
    // DXリテラシー研修 by 3/31: a and b of four (d finished it in 令和9年度).
    expect(first).toEqual(['令和8年度', 'literacy-rate', 'DXリテラシー研修 受講率', '（全体）', undefined, 50, 2, 4, '%', 50, '令和8年度', '達成', undefined]);
  });

  it('gives the step distribution per role, ステップ未達 first, with shares', () => {
    expect(table('steps').slice(0, 3)).toEqual([
      ['年度', '役割', '対象者数', 'ステップ順', 'ステップ', '人数', '割合（%）'],
      ['令和8年度', '全職員', 4, 0, 'ステップ未達', 4, 100],
      ['令和8年度', '全職員', 4, 1, 'Step1 基礎', 0, 0],
    ]);
  });

  it('lists the certifications awarded in the year, with the date in 令和 and the reading', () => {
    expect(table('certifications')).toEqual([
      ['年度', '認定', '氏名', 'フリガナ', '職員番号', 'UPN', '部', '課', '認定日', '根拠'],
      ['令和8年度', 'DXアドバイザー認定', '佐藤 花子', 'サトウ ハナコ', undefined, u('b'), '総務部', '総務課', '令和8年10月1日', '認定'],
    ]);
  });

  it('gives each section’s leaders and the sections without one', () => {
    expect(table('placement')).toEqual([
      ['年度', '役割', '部', '課', '人数', '必要数', '配置', '配置されている人'],
      ['令和8年度', 'DX推進リーダー', '企画部', '企画課', 0, 1, '未配置', ''],
      ['令和8年度', 'DX推進リーダー', '総務部', '総務課', 1, 1, '配置あり', '山田 太郎'],
    ]);
    expect(table('unplaced')).toEqual([
      ['年度', '役割', '部', '課', '人数', '必要数', '不足'],
      ['令和8年度', 'DX推進リーダー', '企画部', '企画課', 0, 1, 1],
    ]);
  });

  it('gives each course’s completions in the year and by its end', () => {
    const courses = table('courses');
    expect(courses[0]).toEqual(['年度', '研修ID', '研修名', '区分', '年度内の修了者数', '年度内の受講時間', '累計の修了者数（在職者）']);
    expect(courses.find((r) => r[1] === 'literacy')).toEqual(['令和8年度', 'literacy', 'DXリテラシー研修', undefined, 1, 2, 2]);
    expect(courses.find((r) => r[1] === 'bpr-workshop')).toEqual(['令和8年度', 'bpr-workshop', 'BPRワークショップ', '実践', 1, 6.5, 1]);
  });

  it('lists the data-quality issues of the lists as read for the report', () => {
    expect(table('dataQuality')).toEqual([
      ['リスト', '行・項目', '列', '値', '理由', '影響', 'コード'],
      ['受講記録', '6 行目', 'CourseId', 'no-such-course', '研修リストにもプログラムにもない研修IDです: "no-such-course"', '行を除外', 'REF.UNKNOWN_COURSE'],
    ]);
  });

  it('summarises the same facts for the tab’s printable page, with each sheet’s row count', async () => {
    const e = service.current()!;
    const view = yearEndView(programme, e, yearEndFacts(programme, e, service.yearFor(2026)!, '2027-06-01T01:30:00Z'));
    expect(view).toMatchObject({ fiscalYear: 2026, asOf: '2027-03-31', yearEnded: true, people: 4 });
    expect(view.awards.map((a) => [a.certification, a.count])).toEqual([
      ['adviser', 1],
      ['expert', 0],
    ]);
    expect(view.placements).toEqual([{ role: 'dx-leader', label: { ja: 'DX推進リーダー', en: 'DX leader' }, per: 'section', min: 1, units: 2, placed: 1, unplaced: [{ department: '企画部', section: '企画課', count: 0 }] }]);
    expect(view.sheets.map((s) => [s.id, s.rows])).toEqual(sheets.map((s) => [s.id, s.rows.length]));
  });
});
