import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KpiResult, ProgrammeView as ProgrammeData } from '../../api/types';
import { meOffice, programmeView } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import ProgrammeView from './programme-view';

/** A coverage KPI per section over two 部: 総務部 has 庶務課 without anyone, 福祉部 is covered. */
const coverage: KpiResult = {
  id: 'leader-coverage',
  label: { ja: 'DX推進リーダー配置率', en: 'Sections with a DX leader' },
  unit: 'percent',
  fiscalYear: 2025,
  asOf: '2026-01-15',
  value: 66.7,
  numerator: 2,
  denominator: 3,
  met: false,
  onTrack: false,
  target: { value: 100, fiscalYear: 2025, approximate: false },
  byDepartment: [
    { department: '総務部', value: 50, numerator: 1, denominator: 2 },
    { department: '福祉部', value: 100, numerator: 1, denominator: 1 },
  ],
  bySection: [
    { department: '総務部', section: '人事課', value: 2, numerator: 1, denominator: 1 },
    { department: '総務部', section: '庶務課', value: 0, numerator: 0, denominator: 1 },
    { department: '福祉部', section: '福祉課', value: 1, numerator: 1, denominator: 1 },
  ],
  coverage: { per: 'section', min: 1, uncovered: [{ department: '総務部', section: '庶務課', count: 0 }] },
};

const rate: KpiResult = {
  ...programmeView.kpis[0]!,
  bySection: [
    { department: '総務部', section: '人事課', value: 95, numerator: 57, denominator: 60 },
    { department: '総務部', section: '庶務課', value: 82.5, numerator: 33, denominator: 40 },
    { department: '福祉部', section: '福祉課', value: 75, numerator: 150, denominator: 200 },
  ],
};

const view = (kpis: KpiResult[]): ProgrammeData => ({ ...programmeView, kpis });

describe('プログラム — from a department down to its sections', () => {
  it('lists the sections below a coverage KPI’s minimum, and each section of the 部 with where it stands', async () => {
    renderWithApi(<ProgrammeView />, { me: meOffice, programme: view([coverage]) });
    const short = await screen.findByRole('region', { name: '足りない課（1 人未満）' });
    expect(within(short).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['総務部: 庶務課（0 人）']);
    // The drill-down opens where something is missing.
    const department = screen.getByRole('combobox', { name: '部' });
    expect(department).toHaveDisplayValue('総務部');
    const sections = screen.getByRole('table', { name: 'DX推進リーダー配置率 — 総務部の課ごとの実績' });
    expect(within(sections).getAllByRole('row').map((r) => r.textContent)).toEqual(['課人数状態', '人事課2 人達成', '庶務課0 人未達']);
    await userEvent.selectOptions(department, '福祉部');
    const welfare = screen.getByRole('table', { name: 'DX推進リーダー配置率 — 福祉部の課ごとの実績' });
    expect(within(welfare).getAllByRole('row').map((r) => r.textContent)).toEqual(['課人数状態', '福祉課1 人達成']);
  });

  it('says so when every section meets the minimum', async () => {
    const all: KpiResult = { ...coverage, coverage: { per: 'section', min: 2, uncovered: [] } };
    renderWithApi(<ProgrammeView />, { me: meOffice, programme: view([all]) });
    const short = await screen.findByRole('region', { name: '足りない課（2 人未満）' });
    expect(short).toHaveTextContent('すべての課が満たしています。');
  });

  it('drills a rate down to the sections of the department chosen, with each fraction', async () => {
    renderWithApi(<ProgrammeView />, { me: meOffice, programme: view([rate]) });
    const department = await screen.findByRole('combobox', { name: '部' });
    expect(screen.queryByRole('region', { name: /足りない課/ })).not.toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'DXリテラシー研修 受講率 — 総務部の課ごとの実績' })).getAllByRole('row').map((r) => r.textContent)).toEqual([
      '課実績',
      '人事課95%（57/60）',
      '庶務課82.5%（33/40）',
    ]);
    await userEvent.selectOptions(department, '福祉部');
    expect(within(screen.getByRole('table', { name: 'DXリテラシー研修 受講率 — 福祉部の課ごとの実績' })).getAllByRole('row')).toHaveLength(2);
  });

  it('offers no drill-down for a KPI without sections (projects, an older server)', async () => {
    renderWithApi(<ProgrammeView />, { me: meOffice });
    await screen.findByRole('combobox', { name: '指標' });
    expect(screen.queryByRole('combobox', { name: '部' })).not.toBeInTheDocument();
  });
});
