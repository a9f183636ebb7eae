import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { meOffice } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { DataQualityView } from './data-quality-view';

describe('データ品質', () => {
  it('lists each problem with list, row or item, column, value, reason and effect, a page at a time', async () => {
    const { fake } = renderWithApi(<DataQualityView pageSize={3} />, { me: meOffice });
    const table = await screen.findByRole('table', { name: 'データ品質' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('職員12 行目Upnyamada@UPN の形式ではありません行を除外');
    expect(rows[1]).toHaveTextContent('受講記録項目 88CompletedOn2025/13/01ありえない日付です行を除外');
    expect(rows[2]).toHaveTextContent('全角数字を読みました参考');
    expect(screen.getByRole('status')).toHaveTextContent('4 件中 3 件を表示');
    await userEvent.click(screen.getByRole('button', { name: 'さらに表示' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(5));
    expect(within(table).getAllByRole('row')[4]).toHaveTextContent('研修4 行目DueDate来年日付ではありません値を無視');
    expect(fake.log()).toEqual(['GET /api/data-quality?limit=3', 'GET /api/data-quality?cursor=3&limit=3']);
  });

  it('filters by list, with the count of each', async () => {
    const { fake } = renderWithApi(<DataQualityView />, { me: meOffice });
    const list = await screen.findByRole('combobox', { name: 'リスト' });
    await waitFor(() => expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['すべてのリスト（4 件）', '職員（1 件）', '受講記録（2 件）', '研修（1 件）']));
    await userEvent.selectOptions(list, '受講記録（2 件）');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'データ品質' })).getAllByRole('row')).toHaveLength(3));
    expect(fake.log()).toContain('GET /api/data-quality?list=Completions&limit=100');
  });

  it('says so when there is nothing to report', async () => {
    renderWithApi(<DataQualityView />, { me: meOffice, dataQuality: [] });
    expect(await screen.findByText('データ品質の問題はありません。')).toBeInTheDocument();
  });
});
