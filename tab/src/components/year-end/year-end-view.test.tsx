import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meOffice, yearEndView } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import YearEndView from './year-end-view';

describe('年度末点検', () => {
  let saved: string[];
  let click: jest.SpyInstance;
  beforeEach(() => {
    saved = [];
    click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    Object.assign(URL, { createObjectURL: () => 'blob:file', revokeObjectURL: () => undefined });
  });
  afterEach(() => click.mockRestore());

  it('shows the one-page summary of the year as read on its 3/31', async () => {
    renderWithApi(<YearEndView />, { me: meOffice, yearEnd: yearEndView });
    const page = await screen.findByRole('article', { name: 'みどり市 DX人材育成 年度末点検（令和7年度）' });
    expect(page).toHaveTextContent('令和7年度末（2026/03/31 時点）・在職者 1,000 人・作成 2026/11/23 12:00');
    const kpis = within(page).getByRole('table', { name: '指標（KPI）' });
    expect(within(kpis).getAllByRole('row')[1]).toHaveTextContent('DXリテラシー研修 受講率82.5%（825/1,000）目標 80%（令和7年度）達成—');
    expect(within(kpis).getAllByRole('row')[2]).toHaveTextContent('Step2 到達率30%（300/1,000）目標 70%（令和9年度）遅れ40%');
    const leaders = within(page).getByRole('region', { name: 'DX推進リーダーの配置' });
    expect(leaders).toHaveTextContent('2/3 課（66.7%）');
    expect(leaders).toHaveTextContent('足りない: 総務部 庶務課（0 人）');
    expect(within(page).getByRole('region', { name: '年度内の認定' })).toHaveTextContent('DXアドバイザー 4 人、DXエキスパート 1 人');
    expect(within(within(page).getByRole('table', { name: '研修の修了' })).getAllByRole('row')[1]).toHaveTextContent('情報セキュリティ研修900 人900 人');
    expect(page).toHaveTextContent('データ品質: 読めなかった行・値 12 件');
    expect(within(page).getByRole('list', { name: '凡例' })).toBeInTheDocument();
  });

  it('downloads the workbook and any sheet as CSV for the year chosen, with the bearer token', async () => {
    const { fake } = renderWithApi(<YearEndView />, { me: meOffice, yearEnd: yearEndView });
    await screen.findByRole('article');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '年度' }), '令和6年度');
    await screen.findByRole('article', { name: /令和6年度|2024年度/ });
    await userEvent.click(screen.getByRole('button', { name: 'Excel をダウンロード（全シート）' }));
    await waitFor(() => expect(saved).toEqual(['skillsteps-nendomatsu-2024.xlsx']));
    const sheet = screen.getByRole('combobox', { name: 'CSV にするシート' });
    expect(within(sheet).getAllByRole('option').map((o) => o.textContent)).toContain('未配置の課（1 行）');
    await userEvent.selectOptions(sheet, '未配置の課（1 行）');
    await userEvent.click(screen.getByRole('button', { name: 'CSV をダウンロード' }));
    await waitFor(() => expect(saved).toEqual(['skillsteps-nendomatsu-2024.xlsx', 'skillsteps-nendomatsu-2024-unplaced.csv']));
    const xlsx = fake.calls.find((c) => c.path === '/api/year-end/report.xlsx')!;
    expect([xlsx.query.get('fiscalYear'), xlsx.authorization]).toEqual(['2024', 'Bearer test-token']);
    expect(fake.calls.find((c) => c.path === '/api/year-end/report.csv')!.query.get('sheet')).toBe('unplaced');
  });

  it('prints the summary', async () => {
    const print = jest.fn();
    Object.assign(window, { print });
    renderWithApi(<YearEndView />, { me: meOffice, yearEnd: yearEndView });
    await userEvent.click(await screen.findByRole('button', { name: '印刷（1 ページの要約）' }));
    expect(print).toHaveBeenCalled();
  });

  it("shows the server's refusal to someone not in the programme office", async () => {
    renderWithApi(<YearEndView />);
    expect(await screen.findByText('この画面はプログラム事務局（DX推進課・職員課）だけが見られます')).toBeInTheDocument();
  });
});
