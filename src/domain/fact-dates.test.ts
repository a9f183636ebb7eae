import { programmeFromYaml, progressOf, staffRow, world, type Rows } from '../../tests/helpers/world';
import { evaluateProgramme } from './evaluation';
import { kpiDate } from './kpi-engine';

/**
 * A fact dated after the evaluation date never counts, in any list. The evaluation date may be
 * earlier than today (--as-of, last 年度's KPIs at 3/31), so the parser's "not after today" is not
 * enough: each engine leaves out what had not happened yet on the date it evaluates.
 */
const programme = programmeFromYaml(`
id: fact-city
label: 事実市
municipality: 事実市
source: 事実市DX方針
planStartFiscalYear: 2025
grades:
  - { id: shuji, label: 主事, rank: 1 }
courses:
  - { id: literacy, label: リテラシー研修, hours: 2, category: 基礎 }
courseGroups:
  - { id: basics, label: 基礎研修, categories: [基礎] }
qualifications:
  - { id: it-passport, label: ITパスポート }
contributionKinds:
  - { id: mentoring, label: 後進の指導 }
skillMap:
  label: スキル
  levels: [{ level: 1, label: 基礎 }]
  skills: [{ id: data, label: データ利活用 }]
roles:
  - { id: course, label: 受講, assignment: all, steps: [{ id: s, label: 受講, requires: { course: literacy } }] }
  - { id: hours, label: 時間, assignment: all, steps: [{ id: s, label: 時間, requires: { hours: { group: basics, min: 2 } } }] }
  - { id: qualification, label: 資格, assignment: all, steps: [{ id: s, label: 資格, requires: { qualification: it-passport } }] }
  - { id: skill, label: スキル, assignment: all, steps: [{ id: s, label: スキル, requires: { skill: { id: data, level: 1 } } }] }
  - { id: contribution, label: 貢献, assignment: all, steps: [{ id: s, label: 貢献, requires: { contribution: mentoring } }] }
  - { id: project, label: 案件, assignment: all, steps: [{ id: s, label: 案件, requires: { project: { as: any, completed: false } } }] }
  - { id: leader, label: リーダー, assignment: appointed }
  - { id: tenure, label: 在任, assignment: all, steps: [{ id: s, label: 在任, requires: { role: { id: leader, months: 1 } } }] }
  - { id: certified, label: 認定者, assignment: all, steps: [{ id: s, label: 認定, requires: { certification: adviser } }] }
certifications:
  - { id: adviser, label: アドバイザー, level: 1, requires: { course: literacy } }
kpis:
  - { id: trained, label: 受講率, measure: { completionRate: { course: literacy } } }
  - { id: projects, label: 案件数, measure: { projects: {} } }
  - { id: advisers, label: 認定者数, measure: { holders: { of: [adviser] } } }
`);

const A = 'a@city.example.jp';
const TODAY = '2026-11-23';
/** Last 年度's KPIs are measured on its last day, which lies before today. */
const LAST_YEAR_END = kpiDate(2025, TODAY);

/** Every kind of dated fact for one person, all on one date. */
function factsOn(date: string): Rows {
  return {
    Staff: [staffRow(A)],
    Roles: [
      { Upn: A, Role: 'leader', StartDate: date },
      { Upn: A, Role: 'adviser', StartDate: date, Source: '認定' },
    ],
    Completions: [{ Upn: A, CourseId: 'literacy', CompletedOn: date }],
    Projects: [{ ProjectId: 'P1', Title: '窓口DX', FiscalYear: '2025', StartDate: date }],
    ProjectMembers: [{ ProjectId: 'P1', Upn: A, ProjectRole: 'member' }],
    Qualifications: [{ Upn: A, Qualification: 'it-passport', AcquiredOn: date }],
    Contributions: [{ Upn: A, Kind: 'mentoring', Date: date }],
    SkillLevels: [{ Upn: A, Skill: 'data', Level: 1, AssessedOn: date }],
  };
}

const KINDS = ['course', 'hours', 'qualification', 'skill', 'contribution', 'project', 'tenure', 'certified'];

function met(rows: Rows, asOf: string): Record<string, boolean> {
  const p = progressOf(world(programme, rows, TODAY), A, asOf);
  return Object.fromEntries(KINDS.map((k) => [k, p.roles.find((r) => r.role === k)?.steps[0]?.met ?? false]));
}

describe('a fact dated after the evaluation date never counts', () => {
  it('counts every kind of fact dated on or before the evaluation date (the test can fail)', () => {
    expect(met(factsOn('2026-02-01'), LAST_YEAR_END)).toEqual(Object.fromEntries(KINDS.map((k) => [k, true])));
  });

  it.each(KINDS)('%s: a fact dated after the evaluation date but before today does not count', (kind) => {
    // 2026-06-01 is before today (read without an issue) and after 3/31 (not yet true then).
    const rows = factsOn('2026-06-01');
    expect(world(programme, rows, TODAY).issues).toEqual([]);
    expect(met(rows, LAST_YEAR_END)[kind]).toBe(false);
    expect(met(rows, TODAY)[kind]).toBe(true);
  });

  it('leaves such facts out of last 年度\'s KPIs, measured at its last day', () => {
    const kpis = (rows: Rows, asOf: string) => Object.fromEntries(evaluateProgramme(world(programme, rows, TODAY), asOf).kpis.map((k) => [k.id, k.value]));
    expect(kpis(factsOn('2026-03-01'), LAST_YEAR_END)).toEqual({ trained: 100, projects: 1, advisers: 1 });
    expect(kpis(factsOn('2026-06-01'), LAST_YEAR_END)).toEqual({ trained: 0, projects: 0, advisers: 0 });
  });

  it('counts a project of the 年度 from the day it starts, not before', () => {
    const rows: Rows = { Staff: [staffRow(A)], Projects: [{ ProjectId: 'P1', Title: '窓口DX', FiscalYear: '2026', StartDate: '2026-06-01' }] };
    const projects = (asOf: string) => evaluateProgramme(world(programme, rows, TODAY), asOf).kpis.find((k) => k.id === 'projects')!.value;
    expect([projects('2026-05-31'), projects('2026-06-01')]).toEqual([0, 1]);
  });

  it('counts a 年度\'s project without a start date from the 年度\'s first day', () => {
    const rows: Rows = { Staff: [staffRow(A)], Projects: [{ ProjectId: 'P1', Title: '窓口DX', FiscalYear: '2026' }] };
    const projects = (asOf: string) => evaluateProgramme(world(programme, rows, TODAY), asOf).kpis.find((k) => k.id === 'projects')!;
    expect(projects('2026-04-01').value).toBe(1);
    // A later 年度's KPIs measured before it began (a plan) count none of its projects.
    expect(evaluateProgramme(world(programme, { ...rows, Projects: [{ ProjectId: 'P2', Title: '次年度', FiscalYear: '2027' }] }, TODAY), TODAY).kpis.find((k) => k.id === 'projects')!.value).toBe(0);
  });
});

describe('a fact dated after today is refused when read, required date or not', () => {
  it.each([
    ['Completions', 'CompletedOn', '受講日', { Completions: [{ Upn: A, CourseId: 'literacy', CompletedOn: '2027-01-15' }] }],
    ['Qualifications', 'AcquiredOn', '取得日', { Qualifications: [{ Upn: A, Qualification: 'it-passport', AcquiredOn: '2027-01-15' }] }],
    ['SkillLevels', 'AssessedOn', '評価日', { SkillLevels: [{ Upn: A, Skill: 'data', Level: 1, AssessedOn: '2027-01-15' }] }],
    ['Contributions', 'Date', '日付', { Contributions: [{ Upn: A, Kind: 'mentoring', Date: '2027-01-15' }] }],
  ] as Array<[string, string, string, Rows]>)('%s.%s', (list, column, what, rows) => {
    const snap = world(programme, { Staff: [staffRow(A)], ...rows }, TODAY);
    expect(snap.issues).toEqual([
      { list, row: 2, column, value: '2027-01-15', code: 'VALUE.FUTURE_DATE', reason: `${what}が未来の日付です: 2027-01-15`, effect: 'rowSkipped' },
    ]);
    // Not counted on any date, not even one after it: the row is not in the records at all.
    const p = progressOf(snap, A, '2027-06-01');
    expect(KINDS.filter((k) => p.roles.find((r) => r.role === k)?.steps[0]?.met)).toEqual([]);
    expect(snap.tallies.find((t) => t.list === list)).toEqual({ list, rows: 1, read: 0, refused: 1 });
  });

  it('keeps a role, project or membership that starts after today: a plan, counted from its start', () => {
    const snap = world(programme, factsOn('2027-04-01'), TODAY);
    expect(snap.issues.filter((i) => ['Roles', 'Projects', 'ProjectMembers'].includes(i.list))).toEqual([]);
    expect([snap.records.roles.length, snap.records.projects.length, snap.records.projectMembers.length]).toEqual([2, 1, 1]);
    expect(met(factsOn('2027-04-01'), TODAY).project).toBe(false);
  });
});
