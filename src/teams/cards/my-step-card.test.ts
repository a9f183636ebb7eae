import type { MissingItem, PersonProgress } from '../../domain/progress';
import { myStepCard, MY_STEP_MAX_ITEMS } from './my-step-card';
import { CARD_BUDGET_BYTES } from './render';
import { blocksWith, executeActions, expectValidCard, textOf } from './testing/card-check';
import { dueSoonLeaderProgress, leaderProgress, mokaProgress, TAB_URL } from './testing/fixtures';

describe('my step card', () => {
  it('shows each role with its step, the next step and what is missing, overdue in the attention colour', () => {
    const card = myStepCard(leaderProgress(), TAB_URL);
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('高橋 美咲 さんのステップ');
    expect(text).toContain('総務部 総務課・主任');
    expect(text).toContain('DX推進リーダー');
    // The tab's form (未着手 with the progress), not 「Step 0 / 3：未着手」: no English in a Japanese card.
    expect(text).toContain('未着手（0/3）');
    expect(text).not.toContain('Step');
    expect(text).toContain('次のステップ：①DXリテラシー研修');
    expect(text).toContain('DXリテラシー研修（オンライン学習） 20時間以上');
    // The evidence keeps the progress; the due date has its own line with the weekday.
    expect(text).toContain('12時間／20時間');
    expect(text).not.toContain('期限 9/1');
    const overdue = blocksWith(card, '期限切れ');
    expect(overdue.map((b) => [b.text, b.color, b.weight])).toEqual([['期限切れ（期限 2026年9月1日(火)）', 'Attention', 'Bolder']]);
    expect(text).toContain('全職員');
    expect(report.actions.find((a) => a.type === 'Action.OpenUrl' && a.url === TAB_URL)?.title).toBe('タブで詳しく見る');
    expect(executeActions(report, 'pending.show')).toHaveLength(1);
  });

  it('shows the reached step, a due date in the default colour and the course link', () => {
    const card = myStepCard(dueSoonLeaderProgress(), TAB_URL);
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('①DXリテラシー研修（1/3）');
    expect(text).toContain('次のステップ：②DX推進研修');
    expect(blocksWith(card, '期限 2026年12月8日(火)').map((b) => b.color)).toEqual(['Default']);
    expect(text).not.toContain('期限切れ');
    const link = report.actions.find((a) => a.url === 'https://learning.example.jp/courses/dx-promotion');
    expect(link).toMatchObject({ type: 'Action.OpenUrl', title: '研修のページ' });
  });

  it('shows certifications: 認定済み, 認定待ち, 未達 (真岡市), and a finished ladder', () => {
    const card = myStepCard(mokaProgress(), TAB_URL);
    const text = textOf(expectValidCard(card));
    expect(text).toContain('認定');
    expect(text).toContain('DXアドバイザー：認定済み（2025年4月1日(火)）');
    expect(text).toContain('DXエキスパート：認定待ち');
    expect(text).toContain('DXスペシャリスト：未達（あと 1 件）');
    expect(blocksWith(card, '認定済み')[0]?.color).toBe('Good');
    expect(text).toContain('すべてのステップを達成しました');
  });

  it('speaks English', () => {
    const card = myStepCard(leaderProgress(), TAB_URL, 'en');
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain("高橋 美咲's steps");
    expect(text).toContain('DX leader');
    expect(text).toContain('Not started (0/3)');
    expect(text).toContain('Next step: 1: DX literacy training');
    expect(text).toContain('12 of 20 hours');
    expect(blocksWith(card, 'Overdue').map((b) => [b.text, b.color])).toEqual([['Overdue (due Tue 1 Sep 2026)', 'Attention']]);
    expect(text).not.toMatch(/期限|ステップ|タブ/);
    expect(textOf(expectValidCard(myStepCard(mokaProgress(), TAB_URL, 'en')))).toContain('DX expert: Qualifies, awaiting decision');
  });

  it('says so when a person has no roles', () => {
    const none: PersonProgress = { ...leaderProgress(), roles: [], certifications: [], nextActions: [] };
    expect(textOf(expectValidCard(myStepCard(none, TAB_URL)))).toContain('役割がありません。');
  });

  it('lists at most a few items per role and sends the rest to the tab, within the size budget', () => {
    const p = leaderProgress();
    const item = p.roles[0]!.next!.missing[0]!;
    // 真岡市-like long course names, 60 of them, each with a link.
    const many: MissingItem[] = Array.from({ length: 60 }, (_, i) => ({
      ...item,
      kind: 'course',
      label: { ja: `${'情報セキュリティと個人情報保護の実務研修'.repeat(4)} 第${i + 1}回`, en: `Information security in practice, part ${i + 1}` },
      url: `https://learning.example.jp/courses/security-${i + 1}`,
      due: '2026-12-25',
      overdue: false,
    }));
    const big: PersonProgress = { ...p, roles: p.roles.map((r) => ({ ...r, next: r.next && { ...r.next, missing: many } })) };
    const card = myStepCard(big, TAB_URL);
    const report = expectValidCard(card);
    expect(report.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(report.actions.filter((a) => a.title === '研修のページ')).toHaveLength(MY_STEP_MAX_ITEMS * big.roles.length);
    expect(textOf(report)).toContain(`ほか ${60 - MY_STEP_MAX_ITEMS} 件はタブで確認できます`);
  });
});
