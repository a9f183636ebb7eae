import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meOffice } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import ProgrammeView from './programme-view';

describe('プログラム', () => {
  it('shows each KPI against its target: 達成, 遅れ against this year’s milestone, 目標未設定', async () => {
    renderWithApi(<ProgrammeView />, { me: meOffice });
    const cards = await screen.findByRole('list', { name: '指標（KPI）' });
    const literacy = within(cards).getByRole('group', { name: 'DXリテラシー研修 受講率' });
    expect(literacy).toHaveTextContent('82.5%');
    expect(literacy).toHaveTextContent('825/1,000');
    expect(literacy).toHaveTextContent('達成');
    expect(literacy).toHaveTextContent('目標 80%（令和7年度）');
    const step2 = within(cards).getByRole('group', { name: 'Step2 到達率' });
    expect(step2).toHaveTextContent('遅れ');
    expect(step2).toHaveTextContent('目標 70%（令和9年度）');
    expect(step2).toHaveTextContent('今年度の目安 40%');
    const projects = within(cards).getByRole('group', { name: 'DX案件数' });
    expect(projects).toHaveTextContent('8 件');
    expect(projects).toHaveTextContent('目標未設定');
  });
});

describe('プログラム — years, departments and export', () => {
  it('reads another fiscal year when picked, named in 令和', async () => {
    const { fake } = renderWithApi(<ProgrammeView />, { me: meOffice });
    const year = await screen.findByRole('combobox', { name: '年度' });
    expect(within(year).getAllByRole('option').map((o) => o.textContent)).toEqual(['令和5年度', '令和6年度', '令和7年度']);
    expect(year).toHaveDisplayValue('令和7年度');
    await userEvent.selectOptions(year, '令和5年度');
    await waitFor(() => expect(fake.log()).toContain('GET /api/programme?fiscalYear=2023'));
  });

  it('shows a KPI per department, for the KPI chosen', async () => {
    renderWithApi(<ProgrammeView />, { me: meOffice });
    const table = await screen.findByRole('table', { name: 'DXリテラシー研修 受講率 — 部ごとの実績' });
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual(['部実績', '総務部90%（90/100）', '福祉部75%（150/200）']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '指標' }), 'Step2 到達率');
    const step2 = await screen.findByRole('table', { name: 'Step2 到達率 — 部ごとの実績' });
    expect(within(step2).getAllByRole('row')).toHaveLength(2);
  });

  it('shows the step distribution and certifications', async () => {
    renderWithApi(<ProgrammeView />, { me: meOffice });
    const steps = await screen.findByRole('table', { name: 'ステップの分布' });
    expect(within(steps).getAllByRole('row')[1]).toHaveTextContent('全職員1,000400Step1 300、Step2 200、Step3 100');
    const certs = screen.getByRole('table', { name: '認定' });
    expect(within(certs).getAllByRole('row')[1]).toHaveTextContent('DXアドバイザー123');
  });

  it('downloads the KPI CSV with the bearer token', async () => {
    const created: Blob[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('skillsteps-kpi-2025.csv');
    });
    Object.assign(URL, { createObjectURL: (b: Blob) => (created.push(b), 'blob:csv'), revokeObjectURL: () => undefined });
    const { fake } = renderWithApi(<ProgrammeView />, { me: meOffice });
    await userEvent.click(await screen.findByRole('button', { name: 'CSV をダウンロード' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const call = fake.calls.find((c) => c.path === '/api/programme/kpis.csv')!;
    expect(call.query.get('fiscalYear')).toBe('2025');
    expect(call.authorization).toBe('Bearer test-token');
    expect(created).toHaveLength(1);
    click.mockRestore();
  });

  it("shows the server's refusal to someone not in the programme office", async () => {
    renderWithApi(<ProgrammeView />);
    expect(await screen.findByText('この画面はプログラム事務局（DX推進課・職員課）だけが見られます')).toBeInTheDocument();
  });
});
