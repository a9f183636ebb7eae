import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SettingsView } from '../../api/types';
import { apiError } from '../../test/fake-api';
import { meOffice } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { YearSettingsView } from './year-settings-view';

const view: SettingsView = {
  fiscalYear: 2026,
  fiscalYears: [2024, 2025, 2026, 2027],
  kpis: [
    { key: 'kpi:dx-talent', id: 'dx-talent', label: { ja: 'DX人材育成数', en: 'DX talent' }, unit: 'people' },
    {
      key: 'kpi:literacy',
      id: 'literacy',
      label: { ja: '受講率', en: 'Completion rate' },
      unit: 'percent',
      preset: { value: 70, approximate: false },
      inForce: { value: 70, approximate: false, fiscalYear: 2026 },
    },
  ],
  settings: [{ key: 'setting:reportMinScore', id: 'reportMinScore', label: { ja: '報告会評価の基準点', en: 'Minimum report score' }, note: '5段階で3以上', preset: 3, inForce: 3 }],
  history: [],
};

const saved: SettingsView = {
  ...view,
  kpis: [
    { ...view.kpis[0]!, set: { value: '~900', byUpn: 'jimukyoku@midori.example.jp', at: '2026-11-23T03:00:00Z', fiscalYear: 2026 }, inForce: { value: 900, approximate: true, fiscalYear: 2026 } },
    view.kpis[1]!,
  ],
  history: [{ key: 'kpi:dx-talent', label: { ja: 'DX人材育成数' }, value: '~900', byUpn: 'jimukyoku@midori.example.jp', at: '2026-11-23T03:00:00Z', fiscalYear: 2026 }],
};

describe('年度の設定', () => {
  it('shows each KPI’s target for the 年度 (目標未設定 where there is none), saves a change and its history, and every view reads again', async () => {
    const refreshAll = jest.fn();
    const { fake } = renderWithApi(<YearSettingsView />, { me: meOffice, refreshAll, replies: { 'GET /api/settings': [{ status: 200, body: view }], 'POST /api/settings': [{ status: 200, body: saved }] } });
    const kpis = await screen.findByRole('table', { name: 'KPI の目標' });
    const rows = within(kpis).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('DX人材育成数—目標未設定');
    expect(rows[1]).toHaveTextContent('受講率70%70%（令和8年度）');
    expect(screen.getByText('まだ変更はありません（すべてプリセットの値です）。')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '保存する' })).toBeDisabled();

    await userEvent.type(screen.getByRole('textbox', { name: '「DX人材育成数」の令和8年度の目標' }), '~900');
    await userEvent.click(screen.getByRole('button', { name: '保存する' }));
    expect(await screen.findByText('保存しました。KPI と評価に反映しました。')).toBeInTheDocument();
    expect(fake.calls.find((c) => c.method === 'POST')!.body).toEqual({ fiscalYear: 2026, changes: [{ key: 'kpi:dx-talent', value: '~900' }] });
    expect(within(screen.getByRole('table', { name: 'KPI の目標' })).getAllByRole('row')[1]).toHaveTextContent('約900 人（令和8年度）');
    expect(within(screen.getByRole('table', { name: '変更の履歴' })).getAllByRole('row')[1]).toHaveTextContent('令和8年度DX人材育成数~900jimukyoku@midori.example.jp');
    expect(refreshAll).toHaveBeenCalled();
  });

  it('shows the validator’s message at the field it is about and keeps what was typed', async () => {
    renderWithApi(<YearSettingsView />, {
      me: meOffice,
      replies: {
        'GET /api/settings': [{ status: 200, body: view }],
        'POST /api/settings': [
          apiError(400, 'SETTINGS.INVALID', 'プログラム定義の検査を通りません。値を直してください', {
            errors: [{ key: 'setting:reportMinScore', path: 'settings.reportMinScore.value', message: 'expected a number, got "高い"' }],
          }),
        ],
      },
    });
    const input = await screen.findByRole('textbox', { name: '「報告会評価の基準点」の令和8年度からの値' });
    await userEvent.type(input, '高い');
    await userEvent.click(screen.getByRole('button', { name: '保存する' }));
    expect(await screen.findByText('settings.reportMinScore.value: expected a number, got "高い"')).toBeInTheDocument();
    expect(screen.getByText('プログラム定義の検査を通りません。値を直してください（何も保存していません）。')).toBeInTheDocument();
    expect(input).toHaveValue('高い');
  });

  it('reads another 年度 when one is chosen', async () => {
    const { fake } = renderWithApi(<YearSettingsView />, { me: meOffice, replies: { 'GET /api/settings': [{ status: 200, body: view }, { status: 200, body: { ...view, fiscalYear: 2027 } }] } });
    await screen.findByRole('option', { name: '令和9年度' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '年度' }), '令和9年度');
    await waitFor(() => expect(fake.log()).toContain('GET /api/settings?fiscalYear=2027'));
  });
});
