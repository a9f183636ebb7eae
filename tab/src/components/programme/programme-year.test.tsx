import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KpiResult, ProgrammeView as ProgrammeData } from '../../api/types';
import { meOffice, programmeView } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import ProgrammeView from './programme-view';

const [literacy, step2, projects] = programmeView.kpis as [KpiResult, KpiResult, KpiResult];

/** 令和5年度 read at its end: DXリテラシー研修 has no figures by department that year, Step2 到達率 has. */
const r5: ProgrammeData = {
  ...programmeView,
  fiscalYear: 2023,
  fiscalYearLabel: { ja: '令和5年度', en: 'FY2023' },
  asOf: '2024-03-31',
  kpis: [projects, { ...literacy, fiscalYear: 2023, byDepartment: [], bySection: [] }, { ...step2, fiscalYear: 2023 }],
  steps: [{ ...programmeView.steps[0]!, none: 900, steps: programmeView.steps[0]!.steps.map((s, i) => ({ ...s, count: i === 0 ? 100 : 0 })) }],
};

describe('プログラム — the chosen 年度 throughout', () => {
  it('names the year and the date the step distribution and certifications are read on: today, or a past year’s 3/31', async () => {
    renderWithApi(<ProgrammeView />, { me: meOffice, programme: { ...programmeView, kpis: [projects, literacy, step2] }, programmeByYear: { 2023: r5 } });
    await screen.findByRole('heading', { name: 'ステップの分布 — 令和7年度（2026/01/15 時点）' });
    screen.getByRole('heading', { name: '認定 — 令和7年度（2026/01/15 時点）' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '年度' }), '令和5年度');
    await screen.findByRole('heading', { name: 'ステップの分布 — 令和5年度末（2024/03/31 時点）' });
    expect(within(screen.getByRole('table', { name: 'ステップの分布' })).getAllByRole('row')[1]).toHaveTextContent('全職員1,000900Step1 100、Step2 0、Step3 0');
  });

  it('keeps the KPI of 部ごとの実績 when the year changes, and says when that year has no figures by department', async () => {
    const r7 = { ...programmeView, kpis: [projects, literacy, step2] };
    renderWithApi(<ProgrammeView />, { me: meOffice, programme: r7, programmeByYear: { 2023: r5, 2025: r7 } });
    // DX案件数 has no departments: the first KPI with figures is shown first.
    const kpi = await screen.findByRole('combobox', { name: '指標' });
    expect(kpi).toHaveDisplayValue('DXリテラシー研修 受講率');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '年度' }), '令和5年度');
    await screen.findByRole('heading', { name: '指標（KPI） — 令和5年度' });
    expect(screen.getByRole('combobox', { name: '指標' })).toHaveDisplayValue('DXリテラシー研修 受講率');
    expect(screen.getByText('この年度の部ごとの実績はありません。')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Step2 到達率 — 部ごとの実績' })).not.toBeInTheDocument();
    // A KPI picked by hand stays picked too.
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '指標' }), 'Step2 到達率');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: '年度' }), '令和7年度');
    await screen.findByRole('heading', { name: '指標（KPI） — 令和7年度' });
    expect(screen.getByRole('combobox', { name: '指標' })).toHaveDisplayValue('Step2 到達率');
  });

  it('names each step in the chart’s legend, as the programme names it, in Japanese', async () => {
    const named: ProgrammeData = {
      ...programmeView,
      steps: [
        { role: 'dx-leader', label: { ja: 'DX推進リーダー' }, holders: 10, none: 2, steps: [{ step: 'step1', label: { ja: '①DXリテラシー研修' }, count: 5 }, { step: 'step2', label: { ja: '②DX推進研修' }, count: 3 }] },
        { role: 'all-staff', label: { ja: '全職員' }, holders: 100, none: 60, steps: [{ step: 'step1', label: { ja: 'DX関連の動画視聴・記事通読' }, count: 40 }] },
      ],
    };
    renderWithApi(<ProgrammeView />, { me: meOffice, programme: named });
    const legend = await screen.findByRole('list', { name: '凡例' });
    expect(within(legend).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['ステップ未達', '①DXリテラシー研修', '②DX推進研修', 'DX関連の動画視聴・記事通読']);
  });
});
