import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError } from '../../test/fake-api';
import { renderWithApi } from '../../test/render';
import { myProgress } from '../../test/fixtures';
import { MyStepView } from './my-step-view';

describe('マイステップ', () => {
  it('shows the step ladder with the current and next step', async () => {
    renderWithApi(<MyStepView />);
    const ladder = await screen.findByRole('list', { name: '全職員 のステップ' });
    const rungs = within(ladder).getAllByRole('listitem');
    expect(rungs.map((r) => r.textContent)).toEqual(['Step1現在のステップ', 'Step2次のステップ', 'Step3これから']);
    expect(rungs[0]).toHaveAttribute('aria-current', 'step');
    expect(rungs[1]).not.toHaveAttribute('aria-current');
  });

  it('puts what to do next at the top, soonest first, the overdue one in red with 期限切れ and a link to the course', async () => {
    renderWithApi(<MyStepView />);
    const next = await screen.findByRole('region', { name: '次にすること' });
    const items = within(next).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('データ活用基礎の受講');
    // The server's evidence carries the due date; the tab does not say it twice.
    expect(items[0]).toHaveTextContent('未受講 — 期限 12/25');
    expect(items[0]).not.toHaveTextContent('期限 2025/12/25');
    expect(within(items[0]!).getByText('期限切れ')).toBeInTheDocument();
    expect(within(items[0]!).getByRole('link', { name: '研修のページ' })).toHaveAttribute('href', 'https://learning.example.jp/data-basics');
    expect(items[1]).toHaveTextContent('未受講 — 期限 6/30');
    expect(items[1]).not.toHaveTextContent('期限 2026/06/30');
    expect(within(items[1]!).queryByText('期限切れ')).toBeNull();
  });

  it("opens the next step's requirements with met and unmet marks, and expands another step on request", async () => {
    renderWithApi(<MyStepView />);
    await screen.findByRole('list', { name: '全職員 のステップ' });
    // Step2 (the next one) is open: its two unmet courses are listed.
    const step2 = screen.getByRole('button', { name: /Step2 — 要件/ });
    expect(step2).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByRole('img', { name: '未達成' }).length).toBeGreaterThanOrEqual(3);
    // 「次のすべて」 counts its parts, so the tab gives its earliest due date; each course's evidence has its own.
    const ladder = screen.getByRole('region', { name: '役割とステップ' });
    expect(within(ladder).getAllByText(/期限 2025\/12\/25/)).toHaveLength(1);
    expect(within(ladder).getByText('未受講 — 期限 12/25')).toBeInTheDocument();
    // Step1 (reached) is closed until clicked.
    const step1 = screen.getByRole('button', { name: /Step1 — 要件/ });
    expect(step1).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(step1);
    expect(step1).toHaveAttribute('aria-expanded', 'true');
    const roles = screen.getByRole('region', { name: '役割とステップ' });
    expect(within(roles).getByText('DXリテラシー研修の受講')).toBeInTheDocument();
    expect(screen.getAllByRole('img', { name: '達成' }).length).toBeGreaterThanOrEqual(1);
  });

  it('shows certifications as 認定待ち or with what is still missing', async () => {
    renderWithApi(<MyStepView />);
    const certs = await screen.findByRole('region', { name: '認定' });
    const adviser = within(certs).getByRole('group', { name: 'DXアドバイザー' });
    expect(within(adviser).getByText('認定待ち')).toBeInTheDocument();
    const expert = within(certs).getByRole('group', { name: 'DXエキスパート' });
    expect(within(expert).getByText('未達')).toBeInTheDocument();
    expect(within(expert).getByRole('list', { name: 'DXエキスパート — 足りないもの' })).toHaveTextContent('実践研修 12時間以上');
  });

  it('shows the skill map with levels against what is expected', async () => {
    renderWithApi(<MyStepView />);
    const table = await screen.findByRole('table', { name: 'DXスキルマップ' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('データ活用');
    expect(rows[1]).toHaveTextContent('1 知っている');
    expect(rows[1]).toHaveTextContent('2 できる（DX推進リーダー）');
    expect(rows[1]).toHaveTextContent('期待に届いていません');
    expect(rows[2]).toHaveTextContent('未評価');
  });

  it('renders from one GET /api/me/progress with the bearer token', async () => {
    const { fake } = renderWithApi(<MyStepView />);
    await screen.findByRole('region', { name: '次にすること' });
    expect(fake.log()).toEqual(['GET /api/me/progress']);
    expect(fake.calls[0]!.authorization).toBe('Bearer test-token');
  });

  it("shows the server's Japanese message when the caller is not in the staff list, and reads again on request", async () => {
    const message = '職員リストに x@midori.example.jp がいません。職員課に登録を依頼してください';
    const { fake } = renderWithApi(<MyStepView />, { override: { 'GET /api/me/progress': apiError(404, 'PERSON.NOT_IN_STAFF_LIST', message) } });
    expect(await screen.findByText(message)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '再読み込み' }));
    await waitFor(() => expect(fake.log()).toEqual(['GET /api/me/progress', 'GET /api/me/progress']));
  });

  it('speaks English when the locale is en', async () => {
    renderWithApi(<MyStepView />, { locale: 'en' });
    const next = await screen.findByRole('region', { name: 'What to do next' });
    expect(next).toHaveTextContent('Not completed — due 12/25');
    expect(next).not.toHaveTextContent('Due 2025-12-25');
    expect(screen.getByRole('list', { name: 'All staff steps' })).toBeInTheDocument();
    expect(myProgress.progress.nextActions[0]!.overdue).toBe(true);
    expect(screen.getAllByText('Overdue').length).toBeGreaterThan(0);
  });
});
