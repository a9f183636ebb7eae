import { MUTE_CHOICES } from './actions';
import { CARD_BUDGET_BYTES } from './render';
import { reasonText, reminderCard, REMINDER_MAX_ITEMS } from './reminder-card';
import { blocksWith, executeActions, expectValidCard, textOf } from './testing/card-check';
import { dueSoonLeaderProgress, leaderProgress, reminderOf, TAB_URL } from './testing/fixtures';

describe('reminder card', () => {
  it('says why each item is there, links the course, and offers mute buttons and the tab', () => {
    const reminder = reminderOf(dueSoonLeaderProgress());
    const card = reminderCard(reminder, TAB_URL);
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('小林 翔 さん、次の研修がまだ済んでいません。');
    expect(text).toContain('DX推進研修の受講');
    expect(text).toContain('期限まであと 14 日（2026年12月8日(火)）');
    expect(text).toContain('DX関連の動画・記事から3講座以上');
    expect(blocksWith(card, '未受講').map((b) => b.text)).toContain('未受講');
    expect(report.actions.find((a) => a.url === 'https://learning.example.jp/courses/dx-promotion')?.title).toBe('研修のページ');
    expect(executeActions(report, 'reminders.mute').map((a) => [a.title, a.data])).toEqual([
      ['1週間', { days: 7 }],
      ['30日', { days: 30 }],
      ['年度末まで', { days: 'fiscalYearEnd' }],
    ]);
    expect(executeActions(report, 'reminders.mute').map((a) => (a.data as { days: unknown }).days)).toEqual([...MUTE_CHOICES]);
    expect(report.actions.find((a) => a.type === 'Action.OpenUrl' && a.url === TAB_URL)?.title).toBe('タブを開く');
    expect(executeActions(report, 'pending.show')).toHaveLength(1);
  });

  it('marks overdue items in the attention colour with the days past', () => {
    const card = reminderCard(reminderOf(leaderProgress()), TAB_URL);
    expectValidCard(card);
    expect(blocksWith(card, '過ぎています').map((b) => [b.text, b.color])).toEqual([['期限を 84 日過ぎています（2026年9月1日(火)）', 'Attention']]);
  });

  it('warns on the last days before the due date', () => {
    // 12/7 (Mon) is the catch-up of the 3-day lead (12/5 is a Saturday).
    const card = reminderCard(reminderOf(dueSoonLeaderProgress(), '2026-12-07'), TAB_URL);
    expectValidCard(card);
    expect(blocksWith(card, '期限まで').map((b) => [b.text, b.color])).toEqual([['期限まであと 1 日（2026年12月8日(火)）', 'Warning']]);
  });

  it('speaks English', () => {
    const card = reminderCard(reminderOf(dueSoonLeaderProgress()), TAB_URL, 'en');
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('Training reminder');
    expect(text).toContain('14 days left (due Tue 8 Dec 2026)');
    expect(text).toContain('Not done yet');
    expect(executeActions(report, 'reminders.mute').map((a) => a.title)).toEqual(['1 week', '30 days', 'Until March 31']);
    expect(text).not.toMatch(/期限|未受講|研修のページ/);
    expect(textOf(expectValidCard(reminderCard(reminderOf(leaderProgress()), TAB_URL, 'en')))).toContain('Overdue by 84 days (due Tue 1 Sep 2026)');
  });

  it.each([
    [{ reason: 'dueSoon', due: '2026-12-08', daysLeft: 0 }, '今日が期限です（2026年12月8日(火)）', 'Due today (Tue 8 Dec 2026)'],
    [{ reason: 'dueSoon', due: '2026-12-08', daysLeft: 1 }, '期限まであと 1 日（2026年12月8日(火)）', '1 day left (due Tue 8 Dec 2026)'],
    [{ reason: 'overdue', due: '2026-12-08', daysLeft: -1 }, '期限を 1 日過ぎています（2026年12月8日(火)）', 'Overdue by 1 day (due Tue 8 Dec 2026)'],
    [{ reason: 'pending' }, '未受講', 'Not done yet'],
  ] as const)('words the reason %j', (item, ja, en) => {
    expect([reasonText(item, 'ja'), reasonText(item, 'en')]).toEqual([ja, en]);
  });

  it('cuts a long reminder with 「ほか N 件」 within the size budget', () => {
    const one = reminderOf(dueSoonLeaderProgress());
    const items = Array.from({ length: 50 }, (_, i) => ({ ...one.items[0]!, key: `k${i}`, label: { ja: `${'オープンデータとGIS活用の基礎講座'.repeat(6)}（${i + 1}）` } }));
    const report = expectValidCard(reminderCard({ ...one, items }, TAB_URL));
    expect(report.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const shown = report.actions.filter((a) => a.title === '研修のページ').length;
    expect(shown).toBeLessThanOrEqual(REMINDER_MAX_ITEMS);
    expect(textOf(report)).toContain(`ほか ${50 - shown} 件はタブで確認できます`);
  });
});
