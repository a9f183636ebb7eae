/**
 * docs/programme-format.md's cookbook, as it is written: every block marked `<!-- cookbook:… -->` is
 * read from the document, added to a small programme and validated, then evaluated against a few
 * staff to check what the text under it promises. A block that stops validating or starts counting
 * differently fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { checkDeclaration } from '../src/domain/declaration-rules';
import { evaluateProgramme } from '../src/domain/evaluation';
import { checkNomination } from '../src/domain/nomination-rules';
import type { Programme } from '../src/domain/programme';
import { programmeFromYaml, progressOf, staffRow, world, type Rows } from './helpers/world';

const DOC = readFileSync(join(__dirname, '..', 'docs', 'programme-format.md'), 'utf8');

/** The cookbook's blocks by id, as YAML text. */
function recipes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of DOC.matchAll(/<!-- cookbook:([a-z0-9-]+) -->\s*```yaml\n([\s\S]*?)```/g)) out.set(m[1]!, m[2]!);
  return out;
}

/** What a municipality's file has besides the recipe: who it is, its grades. */
const BASE = {
  id: 'cookbook-city',
  label: '料理帳市 DX人材育成',
  municipality: '料理帳市',
  source: '料理帳市DX人材育成方針',
  planStartFiscalYear: 2026,
  grades: [
    { id: 'kacho', label: '課長', rank: 6, manages: 'section' },
    { id: 'kakaricho', label: '係長', rank: 4, manages: 'section' },
    { id: 'shunin', label: '主任', rank: 3 },
    { id: 'shuji', label: '主事', rank: 1 },
  ],
  roles: [] as unknown[],
};

/** The recipe added to the base file: its lists appended, its mappings set. */
function programmeWith(id: string): Programme {
  const text = recipes().get(id);
  if (!text) throw new Error(`docs/programme-format.md has no cookbook block "${id}"`);
  const file: Record<string, unknown> = structuredClone(BASE);
  for (const [key, value] of Object.entries(parse(text) as Record<string, unknown>)) {
    file[key] = Array.isArray(value) ? [...((file[key] as unknown[] | undefined) ?? []), ...value] : value;
  }
  return programmeFromYaml(stringify(file));
}

const TODAY = '2026-11-24';
const u = (n: string) => `${n}@city.example.jp`;

describe('the cookbook in docs/programme-format.md', () => {
  it('has the six patterns, each a block this test reads', () => {
    expect([...recipes().keys()]).toEqual([
      'sessions-and-presentation',
      'project-months-and-score',
      'qualification-holders',
      'coverage-of-a-skill',
      'one-or-two-per-section',
      'self-declared-role',
    ]);
  });

  it('N of the M sessions plus a presentation: names the open sessions with date, venue, sign-up and link, and the presentation', () => {
    const programme = programmeWith('sessions-and-presentation');
    const done = (n: number) => Array.from({ length: n }, (_, i) => ({ Upn: u('a'), CourseId: `dx-basic-${i + 1}`, CompletedOn: '2026-06-01' }));
    const rows: Rows = {
      Staff: [staffRow(u('a'))],
      Roles: [{ Upn: u('a'), Role: 'dx-leader', StartDate: '2026-04-01' }],
      Courses: [
        { CourseId: 'dx-basic-7', Title: 'DX基礎講座 第7回', DueDate: '2026-12-10', Venue: '本庁舎5階 大会議室', SignUp: '庁内ポータルの研修申込', Url: 'https://learning.example.jp/dx-basic-7' },
        { CourseId: 'dx-basic-8', Title: 'DX基礎講座 第8回', DueDate: '2027-01-14', Venue: 'オンライン（Teams）', SignUp: 'DX推進課へメール' },
      ],
      Completions: done(6),
    };
    const six = progressOf(world(programme, rows, TODAY), u('a'), TODAY).nextActions;
    expect(six.map((m) => [m.kind, m.label.ja])).toEqual([
      ['courses', 'DX基礎講座 8回のうち7回以上'],
      ['contribution', '成果発表 1回以上'],
    ]);
    const sessions = six[0]!;
    expect(sessions.evidence.ja).toBe('6講座／7講座（未受講: DX基礎講座 第7回、DX基礎講座 第8回） — 期限 12/10');
    expect(sessions.options?.map((o) => [o.label.ja, o.due, o.venue, o.signUp, o.url])).toEqual([
      ['DX基礎講座 第7回の受講', '2026-12-10', '本庁舎5階 大会議室', '庁内ポータルの研修申込', 'https://learning.example.jp/dx-basic-7'],
      ['DX基礎講座 第8回の受講', '2027-01-14', 'オンライン（Teams）', 'DX推進課へメール', undefined],
    ]);
    expect(sessions.options?.[0]?.evidence.ja).toBe('未受講 — 会場: 本庁舎5階 大会議室 — 申込: 庁内ポータルの研修申込 — 期限 12/10');
    // Seven sessions: only the presentation is left; with it, Step1 is reached.
    const seven = { ...rows, Completions: done(7) };
    expect(progressOf(world(programme, seven, TODAY), u('a'), TODAY).nextActions.map((m) => m.kind)).toEqual(['contribution']);
    const presented = { ...seven, Contributions: [{ Upn: u('a'), Kind: '成果発表会', Date: '2026-11-20', Title: '窓口改善の報告' }] };
    expect(progressOf(world(programme, presented, TODAY), u('a'), TODAY).roles.find((r) => r.role === 'dx-leader')?.currentStep).toBe('step1');
  });

  it.each([
    ['a four-month project', '2026-04-01', '2026-07-31', '4', false, '通算4か月'],
    ['seven months with 3 at the report meeting', '2026-04-01', '2026-10-31', '3', false, '報告会評価 3（基準 3.5）'],
    ['seven months with 4', '2026-04-01', '2026-10-31', '4', true, '該当 1件・通算7か月'],
  ])('a project of at least N months with a report score: %s', (_name, start, end, score, met, evidence) => {
    const programme = programmeWith('project-months-and-score');
    expect(programme.settings.find((s) => s.id === 'reportMinScore')).toMatchObject({ value: 3.5, fillIn: true });
    const rows: Rows = {
      Staff: [staffRow(u('a'))],
      Roles: [{ Upn: u('a'), Role: 'dx-practitioner', StartDate: '2026-04-01' }],
      Projects: [{ ProjectId: 'P1', Title: '窓口BPR', FiscalYear: '2026', StartDate: start, EndDate: end, ReportScore: score }],
      ProjectMembers: [{ ProjectId: 'P1', Upn: u('a'), ProjectRole: 'メンバー' }],
    };
    const step = progressOf(world(programme, rows, TODAY), u('a'), TODAY).roles[0]!.steps[0]!;
    expect(step.met).toBe(met);
    expect(step.result.evidence.ja).toContain(evidence);
  });

  it('qualification holders: cumulative and new this 年度 against yearly targets, and nobody is asked for it', () => {
    const programme = programmeWith('qualification-holders');
    const rows: Rows = {
      Staff: ['a', 'b', 'c', 'd'].map((n) => staffRow(u(n))),
      Qualifications: [
        { Upn: u('a'), Qualification: 'ITパスポート', AcquiredOn: '2025-11-01' },
        { Upn: u('b'), Qualification: 'iパス', AcquiredOn: '2026-06-01' },
        { Upn: u('c'), Qualification: 'ITパスポート試験', AcquiredOn: '2026-10-15' },
      ],
    };
    const kpis = (asOf: string) => Object.fromEntries(evaluateProgramme(world(programme, rows, asOf), asOf).kpis.map((k) => [k.id, [k.value, k.target?.value, k.met]]));
    expect(kpis(TODAY)).toEqual({ 'it-passport-holders': [3, 30, false], 'it-passport-new': [2, 30, false] });
    // At the end of 令和7年度 only a held it; the 令和8年度 target (30) is the next one, not yet due.
    expect(kpis('2026-03-31')).toEqual({ 'it-passport-holders': [1, 30, null], 'it-passport-new': [1, 30, null] });
    expect(progressOf(world(programme, rows, TODAY), u('d'), TODAY).nextActions).toEqual([]);
  });

  it('every 課 has someone at a skill level, or at Step2: two thirds, not everyone, and the 課 without one named', () => {
    const programme = programmeWith('coverage-of-a-skill');
    const rows: Rows = {
      Staff: [
        staffRow(u('a'), { Section: '総務課' }),
        staffRow(u('b'), { Section: '人事課' }),
        staffRow(u('c'), { Section: '財政課' }),
        staffRow(u('d'), { Section: '財政課' }),
      ],
      Completions: ['a', 'b', 'c'].map((n) => ({ Upn: u(n), CourseId: 'literacy', CompletedOn: '2026-05-01' })),
      SkillLevels: [
        { Upn: u('a'), Skill: 'data', Level: '3', AssessedOn: '2026-09-01' },
        { Upn: u('b'), Skill: 'data', Level: '3', AssessedOn: '2026-09-01' },
        { Upn: u('c'), Skill: 'data', Level: '2', AssessedOn: '2026-09-01' },
      ],
    };
    const kpis = evaluateProgramme(world(programme, rows, TODAY), TODAY).kpis;
    const data = kpis.find((k) => k.id === 'data-lead-coverage')!;
    expect([data.value, data.numerator, data.denominator]).toEqual([66.7, 2, 3]);
    expect(data.coverage?.uncovered).toEqual([{ department: '総務部', section: '財政課', count: 0 }]);
    const step2 = kpis.find((k) => k.id === 'step2-coverage')!;
    expect([step2.value, step2.coverage?.uncovered]).toEqual([100, []]);
    // The approximation the format had before (a role's holders, whatever their step) said 100% for data too.
    const holdersOnly = programmeFromYaml(stringify({ ...BASE, ...parse(recipes().get('coverage-of-a-skill')!), kpis: [{ id: 'x', label: 'x', measure: { coverage: { role: 'all-staff', per: 'section' } } }] }));
    expect(evaluateProgramme(world(holdersOnly, rows, TODAY), TODAY).kpis[0]!.value).toBe(100);
  });

  it('a role of 1–2 per 課: a third nomination is refused, and the 課 with none are listed', () => {
    const programme = programmeWith('one-or-two-per-section');
    const rows: Rows = {
      Staff: [
        staffRow(u('boss'), { Grade: '課長' }),
        staffRow(u('chief'), { Grade: '係長' }),
        ...['a', 'b', 'c'].map((n) => staffRow(u(n))),
        staffRow(u('x'), { Section: '人事課' }),
      ],
      Roles: ['a', 'b'].map((n) => ({ Upn: u(n), Role: 'dx-promoter', StartDate: '2026-04-01' })),
    };
    const snap = world(programme, rows, TODAY);
    const third = checkNomination(programme, snap, { nominatorUpn: u('chief'), nominatorIsOffice: false, nomineeUpn: u('c'), role: 'dx-promoter', asOf: TODAY });
    expect(third.errors.map((e) => e.code)).toEqual(['NOMINATION.SEAT_TAKEN']);
    expect(third.errors[0]!.message.ja).toContain('定員 2 名に達しています');
    const k = evaluateProgramme(snap, TODAY).kpis.find((x) => x.id === 'promoter-coverage')!;
    expect([k.value, k.target?.value, k.coverage]).toEqual([50, 100, { per: 'section', min: 1, uncovered: [{ department: '総務部', section: '人事課', count: 0 }] }]);
  });

  it('a self-declared role: confirmed by the section manager, held once recorded, a fourth in a 課 refused', () => {
    const programme = programmeWith('self-declared-role');
    const staff = [staffRow(u('boss'), { Grade: '課長' }), staffRow(u('chief'), { Grade: '係長' }), ...['a', 'b', 'c', 'd'].map((n) => staffRow(u(n)))];
    const empty = world(programme, { Staff: staff }, TODAY);
    const first = checkDeclaration(programme, empty, { upn: u('a'), role: 'dx-supporter', asOf: TODAY });
    expect([first.ok, first.confirmerUpn, first.selfConfirmed]).toEqual([true, u('boss'), false]);
    const chief = checkDeclaration(programme, empty, { upn: u('chief'), role: 'dx-supporter', asOf: TODAY });
    expect([chief.ok, chief.warnings.map((w) => w.code)]).toEqual([true, ['DECLARATION.GRADE_NOT_ELIGIBLE']]);

    const declared = world(programme, { Staff: staff, Roles: ['a', 'b', 'c'].map((n) => ({ Upn: u(n), Role: 'dx-supporter', StartDate: '2026-10-01', Source: '自己申告' })) }, TODAY);
    const a = progressOf(declared, u('a'), TODAY);
    expect(a.roles.map((r) => [r.role, r.assignment, r.source])).toEqual([['dx-supporter', 'self', '自己申告']]);
    expect(a.nextActions.map((m) => m.label.ja)).toEqual(['DXサポーター研修の受講']);
    const fourth = checkDeclaration(programme, declared, { upn: u('d'), role: 'dx-supporter', asOf: TODAY });
    expect(fourth.errors.map((e) => [e.code, e.message.ja])).toEqual([['DECLARATION.SEAT_FULL', '総務課のDXサポーターは定員 3 名に達しています']]);
    expect(evaluateProgramme(declared, TODAY).kpis.find((k) => k.id === 'supporters')?.value).toBe(3);
  });
});
