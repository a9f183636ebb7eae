import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { JobsView } from '../../api/types';
import { apiError } from '../../test/fake-api';
import { jobsView, meOffice, meStaff } from '../../test/fixtures';
import { renderWithApi } from '../../test/render';
import { OperationsView } from './operations-view';

/** Each body row of a table as its cells' texts. */
const rowsOf = (table: HTMLElement): string[][] =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent ?? ''));

const withScheduler = (scheduler: Partial<JobsView['scheduler']>): JobsView => ({ ...jobsView, scheduler: { ...jobsView.scheduler, ...scheduler } });

describe('運用状況', () => {
  it('shows each job: what it does, how often, its last run, the result, what it did and when it last finished its work (JST)', async () => {
    renderWithApi(<OperationsView />, { me: meOffice });
    const table = await screen.findByRole('table', { name: 'スケジュールされたジョブ' });
    expect(rowsOf(table)).toEqual([
      [
        'リマインダーの計画その日のリマインダーを決めて送信キューに入れます（稼働日の送信時間内に 1 日 1 回）',
        '毎日',
        '2026/01/19 9:25',
        '待機送信時間外。あとでもう一度動きます',
        '送信時間外',
        '2026/01/16 9:30',
      ],
      ['送信の再試行止まった送信をキューに戻します', '5 分ごと', '2026/01/19 9:21', '完了', '1 件を戻しました', '2026/01/19 9:21'],
      ['チャネルの週次進捗部署のチャネルに週 1 回、進捗を投稿します', '10 分ごと', '2026/01/19 9:20', '完了', '投稿 0・失敗 1・投稿済み 1', '2026/01/19 9:20'],
      ['推薦の整合承認済みの推薦の役割の登録漏れを直します', '15 分ごと', '2026/01/19 9:15', '失敗SharePoint が混み合っています（HTTP 429）', '—', '2026/01/19 9:00'],
    ]);
    expect(screen.getByText('2026/01/19 9:25 時点')).toBeInTheDocument();
    expect(screen.getByText('ジョブはインスタンス skillsteps-a1 で動いています（最終確認 2026/01/19 9:25）')).toBeInTheDocument();
    expect(screen.queryByText('ジョブが止まっています')).toBeNull();
  });

  it("shows today's reminders by state, the send queue, and this week's channel posts per 部", async () => {
    renderWithApi(<OperationsView />, { me: meOffice });
    const reminders = await screen.findByRole('region', { name: '今日のリマインダー（2026/01/19）' });
    const counts = within(reminders)
      .getAllByRole('term')
      .map((dt) => `${dt.textContent} ${dt.nextElementSibling?.textContent}`);
    expect(counts).toEqual(['予定 1', '送信中 1', '送信済み 3', '失敗 1']);
    expect(within(reminders).getByText('送信キュー 1 件')).toBeInTheDocument();
    expect(within(reminders).getByText('送信時間待ちのリマインド 1 件（最初は 2026/01/20 9:30）')).toBeInTheDocument();
    const digests = screen.getByRole('table', { name: '今週のチャネル投稿（2026/01/19 の週）' });
    expect(rowsOf(digests)).toEqual([
      ['総務部', '投稿済み 2026/01/19 9:00'],
      ['企画部', '失敗: チャネルが見つかりません（HTTP 404）（再試行 3 回目）'],
    ]);
  });

  it('says when nothing was posted this week, and shows a run in progress, a job never run and a job it does not know', async () => {
    const view: JobsView = {
      ...withScheduler({
        jobs: [
          { ...jobsView.scheduler.jobs[0]!, running: true },
          { name: 'channel-digest', schedule: { kind: 'every', minutes: 10 }, running: false },
          {
            name: 'archive-logs',
            schedule: { kind: 'daily' },
            running: false,
            last: { job: 'archive-logs', startedAt: '2026-01-19T00:10:00.000Z', finishedAt: '2026-01-19T00:10:02.000Z', ok: true, done: true, summary: { files: 3, target: 'cold' } },
          },
        ],
      }),
      digests: { week: '2026-01-19', entries: [] },
    };
    renderWithApi(<OperationsView />, { me: meOffice, jobs: view });
    const table = await screen.findByRole('table', { name: 'スケジュールされたジョブ' });
    const rows = rowsOf(table);
    expect(rows[0]![3]).toBe('実行中');
    expect(rows[1]!.slice(2)).toEqual(['未実行', '—', '—', '—']);
    expect(rows[2]).toEqual(['archive-logs', '毎日', '2026/01/19 9:10', '完了', 'files=3, target=cold', '—']);
    expect(screen.getByText('今週はまだ投稿していません')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: /今週のチャネル投稿/ })).toBeNull();
  });

  it('warns when no instance runs the jobs, with the last time one did', async () => {
    renderWithApi(<OperationsView />, { me: meOffice, jobs: withScheduler({ alive: false, holder: { instanceId: 'skillsteps-a1', at: '2026-01-18T22:10:00.000Z' } }) });
    expect(await screen.findByText('ジョブが止まっています')).toBeInTheDocument();
    expect(screen.getByText(/最後の確認は 2026\/01\/19 7:10（インスタンス skillsteps-a1）です。システム管理者（情報政策課）にお知らせください/)).toBeInTheDocument();
    expect(screen.queryByText(/で動いています/)).toBeNull();
    // The last runs still show.
    expect(screen.getByRole('table', { name: 'スケジュールされたジョブ' })).toBeInTheDocument();
  });

  it('says when the jobs have never run', async () => {
    renderWithApi(<OperationsView />, { me: meOffice, jobs: withScheduler({ alive: false, holder: undefined }) });
    expect(await screen.findByText('ジョブが止まっています')).toBeInTheDocument();
    expect(screen.getByText(/まだ一度も動いていません。システム管理者（情報政策課）にお知らせください/)).toBeInTheDocument();
  });

  it('explains a server without the bot (503 BOT.NOT_CONFIGURED) as information, not an error', async () => {
    const message = 'ボットとジョブは設定されていません（SKILLSTEPS_STORAGE_* が未設定）';
    renderWithApi(<OperationsView />, { me: meOffice, jobs: apiError(503, 'BOT.NOT_CONFIGURED', message) });
    expect(await screen.findByText('このサーバーではボットとジョブが設定されていません')).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByText('エラー')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows other failures with a retry, as the server words them', async () => {
    const { fake } = renderWithApi(<OperationsView />, { me: meOffice, jobs: apiError(500, 'STORAGE.UNAVAILABLE', 'ジョブの履歴を読めません') });
    expect(await screen.findByText('ジョブの履歴を読めません')).toBeInTheDocument();
    expect(screen.getByText('エラー')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '再読み込み' }));
    await waitFor(() => expect(fake.log()).toEqual(['GET /api/jobs', 'GET /api/jobs']));
  });

  it('is for the programme office only: others see the refusal', async () => {
    renderWithApi(<OperationsView />, { me: meStaff });
    expect(await screen.findByText('この画面はプログラム事務局（DX推進課・職員課）だけが見られます')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('reads again on 再読み込み', async () => {
    const { fake } = renderWithApi(<OperationsView />, { me: meOffice });
    await screen.findByRole('table', { name: 'スケジュールされたジョブ' });
    const reload = screen.getByRole('button', { name: '再読み込み' });
    await userEvent.click(reload);
    await waitFor(() => expect(fake.log()).toEqual(['GET /api/jobs', 'GET /api/jobs']));
    await waitFor(() => expect(reload).toBeEnabled());
    expect(screen.getByRole('table', { name: 'スケジュールされたジョブ' })).toBeInTheDocument();
  });

  it('speaks English when Teams does', async () => {
    renderWithApi(<OperationsView />, { me: meOffice, locale: 'en' });
    const table = await screen.findByRole('table', { name: 'Scheduled jobs' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Job', 'Interval', 'Last run', 'Result', 'Details', 'Last completed']);
    const rows = rowsOf(table);
    expect(rows.map((r) => r[0])).toEqual([
      "Reminder planningDecides the day's reminders and puts them on the send queue (once a working day, within the send window)",
      'Send retriesPuts stalled sends back on the queue',
      "Weekly channel digestPosts progress to each department's channel once a week",
      'Nomination repairAdds the roles missing for approved nominations',
    ]);
    expect(rows[0]!.slice(1)).toEqual(['Daily', '2026-01-19 9:25', 'WaitingOutside the send window. It will run again later.', 'Outside the send window', '2026-01-16 9:30']);
    expect(rows[1]!.slice(1, 5)).toEqual(['Every 5 min', '2026-01-19 9:21', 'Done', '1 put back']);
    expect(rows[2]![4]).toBe('Posted 0, failed 1, already posted 1');
    expect(rows[3]![3]).toBe('FailedSharePoint が混み合っています（HTTP 429）');
    expect(screen.getByText('The jobs are running on instance skillsteps-a1 (last checked 2026-01-19 9:25)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: "Today's reminders (2026-01-19)" })).toHaveTextContent('1 in the send queue');
    expect(rowsOf(screen.getByRole('table', { name: "This week's channel posts (week of 2026-01-19)" }))).toEqual([
      ['総務部', 'Posted 2026-01-19 9:00'],
      ['企画部', 'Failed: チャネルが見つかりません（HTTP 404） (attempt 3)'],
    ]);
  });
});
