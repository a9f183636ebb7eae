import { join } from 'node:path';
import { programmeFromFile, staffRow, world } from '../../tests/helpers/world';
import { evaluateProgramme } from '../domain/evaluation';
import { kpiCsvRows } from './views';

describe('the KPI CSV for the year-end review', () => {
  const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
  const rows = {
    Staff: [
      staffRow('a@city.example.jp', { Section: '総務課', Grade: '係長' }),
      staffRow('b@city.example.jp', { Section: '人事課' }),
      staffRow('c@city.example.jp', { Department: '企画部', Section: '企画課' }),
    ],
    Roles: [{ Upn: 'a@city.example.jp', Role: 'dx-leader', StartDate: '2026-04-01' }],
    Completions: [{ Upn: 'b@city.example.jp', CourseId: 'literacy', CompletedOn: '2026-05-01' }],
  };
  const { header, rows: csv } = kpiCsvRows(evaluateProgramme(world(programme, rows), '2026-11-23').kpis);
  const of = (id: string) => csv.filter((r) => r[1] === id).map((r) => [r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[11]]);
  const first = csv.find((r) => r[1] === 'literacy-rate')!;

  it('has a 課 column after 部', () => {
    expect(header).toEqual(['年度', '指標ID', '指標', '部', '課', '実績', '分子', '分母', '単位', '目標', '目標年度', '判定', '今年度の目安']);
  });

  it('names the 年度 and the target’s 年度 in 令和, and the unit in Japanese', () => {
    expect([first[0], first[8], first[10]]).toEqual(['令和8年度', '%', '令和8年度']);
    expect(csv.filter((r) => r[0] !== '令和8年度')).toEqual([]);
    expect(new Set(csv.map((r) => r[8]))).toEqual(new Set(['%', '人']));
  });

  it('gives the whole, then each 部 followed by its 課', () => {
    expect(of('literacy-rate')).toEqual([
      ['（全体）', undefined, 33.3, 1, 3, '%', 50, '未達'],
      ['企画部', '（部全体）', 0, 0, 1, '%', undefined, undefined],
      ['企画部', '企画課', 0, 0, 1, '%', undefined, undefined],
      ['総務部', '（部全体）', 50, 1, 2, '%', undefined, undefined],
      ['総務部', '人事課', 100, 1, 1, '%', undefined, undefined],
      ['総務部', '総務課', 0, 0, 1, '%', undefined, undefined],
    ]);
  });

  it('gives a coverage KPI per 課 the people found, the minimum as the target and 達成 / 未達', () => {
    expect(of('leader-coverage')).toEqual([
      ['（全体）', undefined, 33.3, 1, 3, '%', 100, '遅れ'],
      ['企画部', '（部全体）', 0, 0, 1, '%', undefined, undefined],
      ['企画部', '企画課', 0, 0, 1, '人', 1, '未達'],
      ['総務部', '（部全体）', 50, 1, 2, '%', undefined, undefined],
      ['総務部', '人事課', 0, 0, 1, '人', 1, '未達'],
      ['総務部', '総務課', 1, 1, 1, '人', 1, '達成'],
    ]);
  });
});
