import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SyncView } from '../api/types';
import { meOffice, meStaff } from '../test/fixtures';
import { renderWithApi } from '../test/render';
import { SyncStatus } from './sync-status';

const progress = (list: string, rowsRead: number, listsDone: number): SyncView => ({
  state: 'syncing',
  startedAt: '2026-01-15T01:00:00.000Z',
  progress: { list, rowsRead, listsDone, listsTotal: 11, listDone: false },
  syncedAt: meOffice.syncedAt,
});

describe('sync status', () => {
  afterEach(() => jest.useRealTimers());

  it('shows when the data was last read, in JST', async () => {
    renderWithApi(<SyncStatus me={meStaff} />);
    expect(screen.getByText('最終更新 2026/01/15 9:30')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '今すぐ更新' })).toBeNull();
  });

  it('lets the office start a sync, shows the list and rows read while it runs, then refreshes every view', async () => {
    // The clock moves only when the test says: each poll's answer is on screen until the next tick
    // (with real timers a loaded machine could skip a 20 ms frame before the assertion looked).
    jest.useFakeTimers();
    const user = userEvent.setup({ advanceTimers: (ms) => jest.advanceTimersByTime(ms) });
    const tick = async () => {
      await act(async () => {
        await jest.advanceTimersByTimeAsync(20);
      });
    };
    const refreshAll = jest.fn();
    const { fake } = renderWithApi(<SyncStatus me={meOffice} intervalMs={20} />, {
      me: meOffice,
      refreshAll,
      sync: [
        progress('Staff', 0, 0),
        progress('Staff', 1200, 0),
        progress('Completions', 48000, 3),
        { state: 'idle', syncedAt: '2026-01-15T02:00:00.000Z', last: { finishedAt: '2026-01-15T02:00:00.000Z', ms: 5000, people: 1200, dataQualityIssues: 4 } },
      ],
    });
    await user.click(screen.getByRole('button', { name: '今すぐ更新' }));
    expect(await screen.findByText(/Staff を読み込み中（\d[\d,]* 行、0\/11 リスト）/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '今すぐ更新' })).toBeDisabled();
    for (let i = 0; i < 5 && !screen.queryByText('Completions を読み込み中（48,000 行、3/11 リスト）'); i++) await tick();
    expect(screen.getByText('Completions を読み込み中（48,000 行、3/11 リスト）')).toBeInTheDocument();
    for (let i = 0; i < 5 && refreshAll.mock.calls.length === 0; i++) await tick();
    expect(refreshAll).toHaveBeenCalledTimes(1);
    expect(screen.getByText('最終更新 2026/01/15 11:00')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '今すぐ更新' })).toBeEnabled();
    expect(fake.log()[0]).toBe('POST /api/sync');
    expect(fake.log().slice(1).every((l) => l === 'GET /api/sync')).toBe(true);
  });

  it('says why a sync failed', async () => {
    const refreshAll = jest.fn();
    renderWithApi(<SyncStatus me={meOffice} intervalMs={20} />, {
      me: meOffice,
      refreshAll,
      sync: [progress('Staff', 0, 0), { state: 'idle', syncedAt: meOffice.syncedAt, lastError: { at: '2026-01-15T01:01:00.000Z', message: 'SharePoint が混み合っています' } }],
    });
    await userEvent.click(screen.getByRole('button', { name: '今すぐ更新' }));
    expect(await screen.findByText('更新に失敗しました: SharePoint が混み合っています')).toBeInTheDocument();
    expect(refreshAll).not.toHaveBeenCalled();
  });
});
