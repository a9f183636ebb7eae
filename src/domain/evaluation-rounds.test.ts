import { preset, staffRow, world, type Rows } from '../../tests/helpers/world';
import { checkRoundOpening, checkScores, roundId, roundsOf } from './evaluation-rounds';

// 真岡市: 幹部職員（政策的観点）・メンバー（リーダーシップ）・専門家（技術的観点）, 5段階.
const moka = preset('moka');
const TODAY = '2026-11-24';

const rows = (extra: Rows = {}): Rows => ({
  Staff: [
    staffRow('lead@moka.jp', { Title: '田中 一郎' }),
    staffRow('mem@moka.jp', { Title: '鈴木 花子' }),
    staffRow('boss@moka.jp', { Title: '佐藤 課長', Grade: '課長' }),
    staffRow('gone@moka.jp', { Active: 'FALSE' }),
  ],
  Projects: [
    { ProjectId: 'P1', Title: '窓口のオンライン化', FiscalYear: 2026, StartDate: '2026-05-01', EndDate: '2026-10-31', ReportScore: 4 },
    { ProjectId: 'P2', Title: '来年度の案件', FiscalYear: 2027, StartDate: '2027-04-01' },
  ],
  ProjectMembers: [
    { ProjectId: 'P1', Upn: 'lead@moka.jp', ProjectRole: 'leader' },
    { ProjectId: 'P1', Upn: 'mem@moka.jp', ProjectRole: 'member' },
  ],
  ...extra,
});

const evaluation = (over: Record<string, unknown> = {}, row: Record<string, unknown> = {}): Record<string, unknown> => ({
  Kind: 'evaluation',
  SubjectUpn: 'mem@moka.jp',
  Payload: JSON.stringify({ round: 'P1.20261120T010000Z', project: 'P1', perspective: 'member', subjects: ['lead@moka.jp'], ...over }),
  ConfirmerUpn: 'boss@moka.jp',
  Status: 'pending',
  SubmittedAt: '2026-11-20T10:00:00+09:00',
  ...row,
});

describe('Submissions rows of an evaluation round and of a declared role', () => {
  it('are read (an outside evaluator by the form of their address, a perspective by its alias); a score off the scale or an unknown project is reported and left out', () => {
    const s = world(moka, rows({
      Submissions: [
        evaluation({ scores: [4], answeredAt: '2026-11-21T01:00:00Z' }),
        evaluation({ perspective: '委託業者', external: { name: '山田 一郎', organisation: '総研' } }, { SubjectUpn: 'yamada@consult.example.jp' }),
        evaluation({ scores: [9] }, { SubjectUpn: 'boss@moka.jp' }),
        evaluation({ project: 'P9' }, { SubjectUpn: 'boss@moka.jp' }),
        { Kind: '申し出', SubjectUpn: 'mem@moka.jp', Payload: JSON.stringify({ role: 'executive', date: '2026-11-01' }), Status: '確認待ち', SubmittedAt: '2026-11-01T09:00:00+09:00' },
      ],
    }), TODAY);
    expect(s.records.submissions.map((x) => x.fact)).toEqual([
      expect.objectContaining({ kind: 'evaluation', perspective: 'member', scores: [4] }),
      expect.objectContaining({ kind: 'evaluation', perspective: 'expert', external: { name: '山田 一郎', organisation: '総研' } }),
    ]);
    expect(s.issues.filter((i) => i.list === 'Submissions').map((i) => [i.row, i.reason])).toEqual([
      [4, '評点が範囲外です: 9（1〜5）'],
      [5, 'DX案件リストにない案件IDです: "P9"'],
      // 幹部職員 is held by grade in 真岡市: not a role anyone declares.
      [6, '自分で申し出る役割ではありません: "executive"'],
    ]);
  });

  it('make a round: open while a row waits, closed (with who and when) once none does', () => {
    const s = world(moka, rows({ Submissions: [evaluation({ scores: [4] }, { Status: 'confirmed', DecidedAt: '2026-11-22T09:00:00+09:00', DecidedByUpn: 'boss@moka.jp' }), evaluation({}, { SubjectUpn: 'boss@moka.jp', Status: 'withdrawn', DecidedAt: '2026-11-22T09:00:00+09:00', DecidedByUpn: 'boss@moka.jp' })] }), TODAY);
    const [round] = roundsOf(s.records.submissions);
    expect(round).toMatchObject({ id: 'P1.20261120T010000Z', project: 'P1', open: false, closedByUpn: 'boss@moka.jp', subjects: ['lead@moka.jp'] });
    expect(roundId('P1', '2026-11-24T03:00:00.000Z')).toBe('P1.20261124T030000Z');
  });
});

describe('opening a round', () => {
  const s = world(moka, rows(), TODAY);

  it('takes staff and an outside evaluator by perspective', () => {
    expect(checkRoundOpening(moka, s, { project: 'P1', evaluators: [{ upn: 'mem@moka.jp', perspective: 'member' }, { upn: 'boss@moka.jp', perspective: 'executive' }, { upn: 'yamada@consult.example.jp', perspective: 'expert', external: { name: '山田 一郎' } }] }, TODAY)).toEqual([]);
  });

  it('refuses the project’s own leader as its evaluator, and names every other problem by its field', () => {
    const found = checkRoundOpening(moka, s, { project: 'P1', evaluators: [{ upn: 'lead@moka.jp', perspective: 'member' }, { upn: 'gone@moka.jp', perspective: 'executive' }, { upn: 'mem@moka.jp', perspective: 'member' }, { upn: 'mem@moka.jp', perspective: 'expert' }] }, TODAY);
    expect(found.map((f) => [f.field, f.code])).toEqual([
      ['evaluators.0', 'ROUND.OWN_PROJECT'],
      ['evaluators.1', 'ROUND.EVALUATOR_UNKNOWN'],
      ['evaluators.3', 'ROUND.EVALUATOR_DUPLICATE'],
    ]);
    expect(checkRoundOpening(moka, s, { project: 'P2', evaluators: [] }, TODAY).map((f) => f.code)).toEqual(['ROUND.PROJECT_NOT_STARTED', 'ROUND.NO_SUBJECTS', 'ROUND.NO_EVALUATORS']);
    const long = checkRoundOpening(moka, s, { project: 'P1', evaluators: [{ upn: 'yamada@consult.example.jp', perspective: 'expert', external: { name: '山田 一郎', organisation: '総'.repeat(101) } }] }, TODAY);
    expect(long.map((f) => [f.field, f.code, f.message.ja])).toEqual([['evaluators.0', 'ROUND.EXTERNAL_INVALID', '「評価者 1」: 氏名と所属は 100 文字までです']]);
    const open = world(moka, rows({ Submissions: [evaluation()] }), TODAY);
    expect(checkRoundOpening(moka, open, { project: 'P1', evaluators: [{ upn: 'boss@moka.jp', perspective: 'executive' }] }, TODAY).map((f) => f.code)).toEqual(['ROUND.ALREADY_OPEN']);
  });
});

describe('an evaluator’s scores', () => {
  const s = world(moka, rows(), TODAY);
  it('are one per person judged, on the programme’s scale (half points as the Evaluations list holds them)', () => {
    expect(checkScores(moka, s, ['lead@moka.jp'], ['4.5'])).toEqual({ ok: true, scores: [4.5] });
    expect(checkScores(moka, s, ['lead@moka.jp', 'mem@moka.jp'], [6, ''])).toMatchObject({
      ok: false,
      errors: [
        { field: 'scores.0', code: 'ROUND.SCORE_OUT_OF_RANGE', message: { ja: '「田中 一郎 さんの評点」は 1〜5 で入れてください: "6"' } },
        { field: 'scores.1', code: 'ROUND.SCORE_REQUIRED' },
      ],
    });
    expect(checkScores(moka, s, ['lead@moka.jp'], ['3.3'])).toMatchObject({ ok: false });
  });
});
