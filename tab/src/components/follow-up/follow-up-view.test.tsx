import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError } from '../../test/fake-api';
import { meOffice, sections } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { FollowUpView } from './follow-up-view';

// `hidden: true` skips jsdom's slow visibility check on each poll.
const rowsOf = (name: string): string[] =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row', { hidden: true })
    .slice(1)
    .map((r) => r.textContent ?? '');

const withWelfare = [...sections, { department: '福祉部', section: '福祉課', people: 20, pending: 5, overdue: 1 }];

describe('フォローアップ', () => {
  it('lists who has not started this 年度, with their reading or 「読み未登録」, filtered by 部 and 課', async () => {
    const { fake } = renderWithApi(<FollowUpView />, { me: meOffice, sections: withWelfare });
    await screen.findByRole('table', { name: '今年度まだ何もしていない人' });
    expect(screen.getByText(/令和7年度（4\/1 から今日まで）に記録/)).toBeInTheDocument();
    expect(rowsOf('今年度まだ何もしていない人')).toEqual([
      '阿部 次郎アベ ジロウ総務部 総務課主事22026/02/10—',
      '加藤 誠読み未登録総務部 総務課主事1—2024/06/01',
      '田中 一郎タナカ イチロウ福祉部 福祉課主事3——',
    ]);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '部' }), '福祉部');
    await waitFor(() => expect(rowsOf('今年度まだ何もしていない人')).toHaveLength(1));
    expect(fake.log()).toContain('GET /api/office-lists/not-started?department=%E7%A6%8F%E7%A5%89%E9%83%A8');
    expect(within(screen.getByRole('combobox', { name: '課' })).getAllByRole('option').map((o) => o.textContent)).toEqual(['すべての課', '福祉課']);
    expect(screen.getByRole('button', { name: 'リマインドを送る（1 人）' })).toBeEnabled();
  });

  it('finds people by reading', async () => {
    renderWithApi(<FollowUpView />, { me: meOffice });
    await screen.findByRole('table', { name: '今年度まだ何もしていない人' });
    await userEvent.type(screen.getByRole('searchbox', { name: '氏名・フリガナ・UPN' }), 'タナカ');
    await waitFor(() => expect(rowsOf('今年度まだ何もしていない人')).toHaveLength(1), { timeout: 3000 });
    expect(rowsOf('今年度まだ何もしていない人')[0]).toContain('田中 一郎');
  });

  it('shows leaders due to transfer with their section’s successor, and reminds only the managers of sections without one', async () => {
    const { fake } = renderWithApi(<FollowUpView />, { me: meOffice, officeRemind: { status: 202, body: { recipients: 1, sent: 1, scheduled: 0, notSent: [] } } });
    await userEvent.click(await screen.findByRole('tab', { name: '異動予定のリーダー' }));
    await screen.findByRole('table', { name: '異動予定のリーダー' });
    expect(screen.getByText('DX推進リーダーで、異動の予定が今日から 6 か月以内（2026/07/15 まで）か日付未定の人と、その課の後任の状況です。')).toBeInTheDocument();
    expect(rowsOf('異動予定のリーダー')).toEqual([
      '上田 健ウエダ ケンDX推進リーダー総務部 総務課2026/04/01未定 佐藤 課長',
      '江藤 翼エトウ ツバサDX推進リーダー福祉部 福祉課未定推薦中 小川 直子鈴木 課長',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'リマインドを送る（1 人）' }));
    expect(await screen.findByText('1 人のうち 1 人に送りました。')).toBeInTheDocument();
    const post = fake.calls.find((c) => c.method === 'POST')!;
    expect([post.path, post.authorization]).toEqual(['/api/office-lists/transfers/remind', 'Bearer test-token']);
  });

  it('lists reports waiting N working days, asks the server again when N changes, and says who a reminder did not reach and why', async () => {
    const { fake } = renderWithApi(<FollowUpView />, {
      me: meOffice,
      officeRemind: {
        status: 202,
        body: { recipients: 3, sent: 1, scheduled: 0, notSent: [{ code: 'NOT_INSTALLED', count: 1, names: ['佐藤 課長'] }, { code: 'ALREADY_TODAY', count: 1, names: ['鈴木 課長'] }] },
      },
    });
    await userEvent.click(await screen.findByRole('tab', { name: '確認待ちの報告' }));
    await screen.findByRole('table', { name: '確認待ちの報告' });
    expect(rowsOf('確認待ちの報告')).toEqual(['山田 花子ヤマダ ハナコ総務部 総務課研修の受講: DXリテラシー研修（2025/12/20）2025/12/22 10:0012佐藤 課長']);
    const days = screen.getByRole('spinbutton', { name: '待っている日数（営業日）' });
    await userEvent.clear(days);
    await userEvent.type(days, '10');
    await waitFor(() => expect(fake.log()).toContain('GET /api/office-lists/waiting-reports?days=10'));
    await userEvent.click(screen.getByRole('button', { name: 'リマインドを送る（1 人）' }));
    const outcome = await screen.findByText('3 人のうち 1 人に送りました。');
    const bar = outcome.closest('.fui-MessageBar') as HTMLElement;
    expect(bar).toHaveTextContent('Teams でアプリ未追加: 1 人（佐藤 課長）');
    expect(bar).toHaveTextContent('今日すでに送信済み: 1 人（鈴木 課長）');
    expect(fake.calls.find((c) => c.method === 'POST')!.body).toEqual({ days: '10' });
  });

  it('downloads the list as CSV with the filter, and shows the server’s refusal when no bot can send', async () => {
    const saved: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    Object.assign(URL, { createObjectURL: () => 'blob:csv', revokeObjectURL: () => undefined });
    const { fake } = renderWithApi(<FollowUpView />, {
      me: meOffice,
      officeRemind: apiError(503, 'BOT.NOT_CONFIGURED', 'ボットが設定されていないため、リマインドを送れません（管理者: docs/deploy.md）'),
    });
    await screen.findByRole('table', { name: '今年度まだ何もしていない人' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '課' }), '総務課');
    await userEvent.click(screen.getByRole('button', { name: 'CSV をダウンロード' }));
    await waitFor(() => expect(saved).toEqual(['skillsteps-not-started-2026-01-15.csv']));
    expect(fake.calls.find((c) => c.path.endsWith('/rows.csv'))!.query.get('section')).toBe('総務課');
    await userEvent.click(screen.getByRole('button', { name: /^リマインドを送る/ }));
    expect(await screen.findByText('ボットが設定されていないため、リマインドを送れません（管理者: docs/deploy.md）')).toBeInTheDocument();
    click.mockRestore();
  });

  it("shows the server's refusal to someone not in the programme office", async () => {
    renderWithApi(<FollowUpView />);
    expect(await screen.findByText('この画面はプログラム事務局（DX推進課・職員課）だけが見られます')).toBeInTheDocument();
  });
});
