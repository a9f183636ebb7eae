import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MeView, RoundView } from '../../api/types';
import { apiError } from '../../test/fake-api';
import { meOffice, meStaff } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { viewsFor } from '../shell';
import RoundsView from './rounds-view';

// 真岡市's perspectives (presets/moka.yaml).
const perspectives = [
  { id: 'executive', label: { ja: '幹部職員', en: 'Executives' }, aspect: { ja: '政策的観点', en: 'Policy' } },
  { id: 'member', label: { ja: 'メンバー', en: 'Members' }, aspect: { ja: 'リーダーシップ', en: 'Leadership' } },
  { id: 'expert', label: { ja: '専門家', en: 'Experts' }, aspect: { ja: '技術的観点', en: 'Technical' } },
];
const office: MeView = { ...meOffice, evaluations: { perspectives, mine: 0, waiting: 0 } };
const evaluator: MeView = { ...meStaff, evaluations: { perspectives, mine: 1, waiting: 1 } };

const round: RoundView = {
  id: 'P-7.20260110T010000Z',
  project: { id: 'P-7', title: '窓口予約のオンライン化', fiscalYear: 2025 },
  open: true,
  openedAt: '2026-01-10T01:00:00Z',
  openedBy: { upn: meOffice.upn, name: meOffice.name },
  scale: { min: 1, max: 5 },
  subjects: [{ upn: 'lead@midori.example.jp', name: '加藤 さくら', section: '市民課' }],
  evaluators: [
    { rowId: '11', upn: meStaff.upn, name: meStaff.name, external: false, perspective: perspectives[1]!, answered: true, answeredAt: '2026-01-11T02:00:00Z', scores: [4], mine: false, canAnswer: false },
    { rowId: '12', upn: 'bucho@midori.example.jp', name: '高橋 部長', external: false, perspective: perspectives[0]!, answered: false, mine: false, canAnswer: false },
    { rowId: '13', upn: 'yamada@consult.example.jp', name: '山田 一郎', organisation: '株式会社まちづくり総研', external: true, perspective: perspectives[2]!, answered: false, mine: false, canAnswer: true },
  ],
  answered: 1,
  total: 3,
};
const projects = [{ id: 'P-9', title: '電子申請の拡充', fiscalYear: 2025, leaders: [{ upn: 'lead9@midori.example.jp', name: '森 健' }], members: [{ upn: 'm9@midori.example.jp', name: '石井 実' }] }];

const rowsOf = (table: HTMLElement): string[] =>
  within(table)
    .getAllByRole('row', { hidden: true })
    .slice(1)
    .map((r) => r.textContent ?? '');

describe('評価ラウンド', () => {
  it('is a view for the office and for an evaluator with a part in a round, only where the programme has perspectives', () => {
    expect(viewsFor(office)).toContain('rounds');
    expect(viewsFor(evaluator)).toContain('rounds');
    expect(viewsFor({ ...meStaff, evaluations: { perspectives, mine: 0, waiting: 0 } })).not.toContain('rounds');
    expect(viewsFor({ ...meOffice, evaluations: { perspectives: [], mine: 0, waiting: 0 } })).not.toContain('rounds');
  });

  it('shows the office who has answered, enters an outside evaluator’s scores (a refusal shown at its field), reminds the others and closes the round after a confirmation', async () => {
    const refreshAll = jest.fn();
    const { fake } = renderWithApi(<RoundsView me={office} />, {
      me: office,
      refreshAll,
      override: {
        'GET /api/rounds': { status: 200, body: [round] },
        'GET /api/rounds/projects': { status: 200, body: projects },
        'POST /api/rounds/P-7.20260110T010000Z/remind': { status: 202, body: { recipients: 1, sent: 0, scheduled: 0, notSent: [{ code: 'NOT_INSTALLED', count: 1, names: ['高橋 部長'] }], outside: 1 } },
        'POST /api/rounds/P-7.20260110T010000Z/close': { status: 200, body: { round: { ...round, open: false }, evaluations: 1, answered: 1, unanswered: 2 } },
      },
      replies: {
        'POST /api/rounds/P-7.20260110T010000Z/answer': [
          apiError(422, 'ROUND.INVALID', '受け付けられません', { errors: [{ field: 'scores.0', code: 'ROUND.SCORE_OUT_OF_RANGE', message: { ja: '「加藤 さくら さんの評点」は 1〜5 で入れてください: "6"' } }] }),
          { status: 200, body: { round } },
        ],
      },
    });
    const table = await screen.findByRole('table', { name: /窓口予約のオンライン化/ });
    expect(screen.getByText(/回答 1 \/ 3 人/)).toBeInTheDocument();
    const rows = rowsOf(table);
    expect(rows[0]).toContain('山田 花子メンバー（リーダーシップ）回答済み');
    expect(rows[0]).toContain('4');
    expect(rows[1]).toContain('高橋 部長幹部職員（政策的観点）未回答');
    expect(rows[2]).toContain('山田 一郎（株式会社まちづくり総研・外部の評価者（庁外））専門家（技術的観点）未回答');

    // The outside evaluator's scores: only that row has a form.
    expect(within(table).getAllByRole('combobox')).toHaveLength(1);
    await userEvent.selectOptions(within(table).getByRole('combobox', { name: '加藤 さくら さんの評点' }), '5');
    await userEvent.click(within(table).getByRole('button', { name: '評点を送る（山田 一郎）' }));
    expect(await within(table).findByText('「加藤 さくら さんの評点」は 1〜5 で入れてください: "6"')).toBeInTheDocument();
    await userEvent.click(within(table).getByRole('button', { name: '評点を送る（山田 一郎）' }));
    expect(await within(table).findByText('評点を受け付けました。')).toBeInTheDocument();
    const answers = fake.calls.filter((c) => c.path.endsWith('/answer'));
    expect(answers.map((c) => c.body)).toEqual([
      { scores: ['5'], evaluatorUpn: 'yamada@consult.example.jp' },
      { scores: ['5'], evaluatorUpn: 'yamada@consult.example.jp' },
    ]);

    await userEvent.click(screen.getByRole('button', { name: '未回答の人にリマインド' }));
    expect(await screen.findByText('1 人のうち 0 人に送りました。')).toBeInTheDocument();
    expect(screen.getByText('Teams でアプリ未追加: 1 人（高橋 部長）')).toBeInTheDocument();
    expect(screen.getByText(/外部の評価者 1 人は未回答です/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: '締め切る' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('窓口予約のオンライン化 の評価ラウンドを締め切りますか？');
    expect(dialog).toHaveTextContent('未回答の 2 人の分は取り下げになり');
    expect(fake.calls.some((c) => c.path.endsWith('/close'))).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: '締め切る' }));
    expect(await screen.findByText('締め切りました。評価 1 件を記録しました。')).toBeInTheDocument();
    expect(refreshAll).toHaveBeenCalled();
  });

  it('opens a round: the project’s leaders shown, evaluators by perspective, an outside one with a name; each refusal at its evaluator', async () => {
    const { fake } = renderWithApi(<RoundsView me={office} />, {
      me: office,
      override: { 'GET /api/rounds': { status: 200, body: [] }, 'GET /api/rounds/projects': { status: 200, body: projects } },
      replies: {
        'POST /api/rounds': [
          apiError(422, 'ROUND.INVALID', '受け付けられません', {
            errors: [{ field: 'evaluators.0', code: 'ROUND.OWN_PROJECT', message: { ja: '「評価者 1」: 森 健 さんはこの案件のリーダー（評価される人）なので、評価者にはなれません' } }],
          }),
          { status: 201, body: { round, requested: 0, notReached: [{ upn: 'm9@midori.example.jp', name: '松田 九郎', reason: 'notInstalled' }] } },
        ],
      },
    });
    expect(await screen.findByText('評価ラウンドはまだありません。')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '評価する案件' }), 'P-9');
    expect(screen.getByText('評価される人（リーダー）: 森 健')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '評価者を追加' }));
    await userEvent.click(screen.getByRole('button', { name: '評価者を追加' }));
    const first = screen.getByRole('group', { name: '評価者 1' });
    await userEvent.selectOptions(within(first).getByRole('combobox', { name: '評価の観点' }), 'member');
    await userEvent.type(within(first).getByRole('textbox', { name: 'UPN（メールアドレス）' }), 'lead9@midori.example.jp');
    const second = screen.getByRole('group', { name: '評価者 2' });
    await userEvent.selectOptions(within(second).getByRole('combobox', { name: '評価の観点' }), 'expert');
    await userEvent.type(within(second).getByRole('textbox', { name: 'UPN（メールアドレス）' }), 'yamada@consult.example.jp');
    await userEvent.click(within(second).getByRole('checkbox', { name: '外部の評価者（庁外）' }));
    await userEvent.type(within(second).getByRole('textbox', { name: /氏名/ }), '山田 一郎');

    await userEvent.click(screen.getByRole('button', { name: '評価ラウンドを開く（2 人）' }));
    expect(await within(first).findByText(/森 健 さんはこの案件のリーダー/)).toBeInTheDocument();
    expect(within(second).queryByText(/なれません/)).toBeNull();
    await userEvent.clear(within(first).getByRole('textbox', { name: 'UPN（メールアドレス）' }));
    await userEvent.type(within(first).getByRole('textbox', { name: 'UPN（メールアドレス）' }), 'm9@midori.example.jp');
    await userEvent.click(screen.getByRole('button', { name: '評価ラウンドを開く（2 人）' }));
    expect(await screen.findByText('評価ラウンドを開きました。0 人に Teams で依頼を送りました。')).toBeInTheDocument();
    // Whom Teams did not reach, and why: the office contacts them.
    expect(screen.getByText('Teams で依頼が届かなかった評価者がいます。直接連絡してください（この画面から回答できます）: 松田 九郎（Teams に SkillSteps を追加していません）')).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.method === 'POST').map((c) => c.body)[1]).toEqual({
      project: 'P-9',
      evaluators: [
        { upn: 'm9@midori.example.jp', perspective: 'member' },
        { upn: 'yamada@consult.example.jp', perspective: 'expert', external: { name: '山田 一郎' } },
      ],
    });
  });

  it('shows an evaluator their own part and takes their scores', async () => {
    const mine: RoundView = {
      ...round,
      evaluators: [{ ...round.evaluators[0]!, answered: false, answeredAt: undefined, scores: undefined, mine: true, canAnswer: true }],
    };
    const { fake } = renderWithApi(<RoundsView me={evaluator} />, {
      me: evaluator,
      override: { 'GET /api/rounds': { status: 200, body: [mine] }, 'POST /api/rounds/P-7.20260110T010000Z/answer': { status: 200, body: { round: mine } } },
    });
    expect(await screen.findByRole('heading', { name: 'あなたへの評価の依頼' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: '評価ラウンドを開く' })).toBeNull();
    expect(screen.queryByRole('button', { name: '締め切る' })).toBeNull();
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: '加藤 さくら さんの評点' }), '3');
    await userEvent.click(screen.getByRole('button', { name: '評点を送る（山田 花子）' }));
    await waitFor(() => expect(fake.calls.find((c) => c.path.endsWith('/answer'))?.body).toEqual({ scores: ['3'] }));
    expect(fake.calls.some((c) => c.path === '/api/rounds/projects')).toBe(false);
  });
});
