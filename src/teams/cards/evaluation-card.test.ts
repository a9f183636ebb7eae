import type { EvaluationRequestData } from '../../app/evaluation-notices';
import type { RoundView } from '../../app/evaluation-rounds';
import { evaluationRequestCard } from './evaluation-card';
import { expectValidCard, textOf } from './testing/card-check';
import { TAB_URL } from './testing/fixtures';

describe('the evaluation request card (評価ラウンド, 真岡市)', () => {
  const round: RoundView = {
    id: 'P-7.20261124T030000Z',
    project: { id: 'P-7', title: '窓口予約のオンライン化', fiscalYear: 2026 },
    open: true,
    openedAt: '2026-11-24T03:00:00Z',
    scale: { min: 1, max: 5 },
    subjects: [
      { upn: 'lead1@moka.example.jp', name: '加藤 さくら', section: '市民課' },
      { upn: 'lead2@moka.example.jp', name: '佐藤 一郎', section: '税務課' },
    ],
    evaluators: [
      {
        rowId: '31',
        upn: 'member@moka.example.jp',
        name: '山本 花子',
        external: false,
        perspective: { id: 'member', label: { ja: 'メンバー', en: 'Members' }, aspect: { ja: 'リーダーシップ', en: 'Leadership' } },
        answered: false,
        mine: true,
        canAnswer: true,
      },
    ],
    answered: 0,
    total: 3,
  };
  const data: EvaluationRequestData = { round, rowId: '31', evaluatorUserId: 'user-31' };

  it('asks for one score a leader on the programme’s scale, from the perspective’s aspect, and refreshes for the evaluator only', () => {
    const built = evaluationRequestCard(data, TAB_URL);
    const card = expectValidCard(built);
    const text = textOf(card);
    expect(text).toContain('窓口予約のオンライン化（令和8年度）の報告会について、メンバーとして「リーダーシップ」の観点から評価してください。');
    expect(text).toContain('1〜5（5 が最高）');
    expect(text).toContain('加藤 さくら さん（市民課・リーダー）の評点');
    expect(text).toContain('佐藤 一郎 さん（税務課・リーダー）の評点');
    expect(JSON.stringify(built)).toContain('"userIds":["user-31"]');
    expect(card.actions.filter((a) => a.path !== 'refresh.action').map((a) => [a.type, (a as { verb?: string }).verb])).toEqual([
      ['Action.Execute', 'evaluation.submit'],
      ['Action.OpenUrl', undefined],
    ]);
    expect(textOf(expectValidCard(evaluationRequestCard(data, TAB_URL, 'en')))).toContain('Please evaluate the report meeting of 窓口予約のオンライン化');
  });

  it('once the round closes: says so and takes no answer', () => {
    const closed = { ...round, open: false, evaluators: [{ ...round.evaluators[0]!, answered: true, canAnswer: false, scores: [4, 3], answeredAt: '2026-11-25T01:00:00Z' }] };
    const card = expectValidCard(evaluationRequestCard({ ...data, round: closed }, TAB_URL));
    expect(textOf(card)).toContain('この評価ラウンドは締め切られました。');
    expect(card.actions.filter((a) => a.path !== 'refresh.action').map((a) => a.type)).toEqual(['Action.OpenUrl']);
  });

  it('names a refused score as plain text (what was sent is echoed: no markdown, no binding)', () => {
    const typed = '**9** [x](https://evil.example)';
    const errors = [{ field: 'scores.0' as const, code: 'ROUND.SCORE_OUT_OF_RANGE' as const, message: { ja: `「加藤 さくら さんの評点」は 1〜5 で入れてください: "${typed}"` } }];
    const card = evaluationRequestCard({ ...data, notice: 'invalid', errors, previous: ['9', '3'] }, TAB_URL);
    expect(textOf(expectValidCard(card))).toContain('評点を確かめてください');
    expect(JSON.stringify(card)).toContain(JSON.stringify({ type: 'TextRun', text: errors[0]!.message.ja, color: 'Attention' }).slice(1, -1));
  });
});
