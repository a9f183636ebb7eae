import type { MissingItem } from '../../domain/progress';
import { pendingCard, PENDING_MAX_ITEMS } from './pending-card';
import { CARD_BUDGET_BYTES } from './render';
import { blocksWith, executeActions, expectValidCard, textOf } from './testing/card-check';
import { dueSoonLeaderProgress, leaderProgress, managerProgress, TAB_URL } from './testing/fixtures';

/** The labels of the listed items, top to bottom (each item's first TextBlock). */
function listed(card: ReturnType<typeof pendingCard>): string[] {
  return (card.body as Array<Record<string, unknown>>)
    .filter((e) => e.type === 'Container')
    .map((c) => ((c.items as Array<Record<string, unknown>>)[0]!.text as string));
}

describe('pending card', () => {
  it('lists what is missing, overdue first and marked 期限切れ, with the count', () => {
    const p = managerProgress();
    const card = pendingCard(p.nextActions, { tabUrl: TAB_URL, roles: p.roles });
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(blocksWith(card, '件（').map((b) => [b.text, b.color])).toEqual([['2 件（うち期限切れ 1 件）', 'Attention']]);
    expect(listed(card)).toEqual(['DXマネジメント研修の受講', 'DX関連の動画・記事から3講座以上']);
    expect(blocksWith(card, '期限切れ（').map((b) => [b.text, b.color])).toEqual([['期限切れ（期限 2026年8月31日(月)）', 'Attention']]);
    expect(text).toContain('DXマネージャー');
    expect(text).toContain('0講座／3講座');
    expect(report.actions.find((a) => a.type === 'Action.OpenUrl')?.url).toBe(TAB_URL);
    expect(executeActions(report, 'mystep.show')).toHaveLength(1);
  });

  it('puts overdue items first, then the soonest due, then the undated, whatever order they come in', () => {
    const items: MissingItem[] = [...dueSoonLeaderProgress().nextActions, ...leaderProgress().nextActions].reverse();
    const card = pendingCard(items, { tabUrl: TAB_URL });
    expectValidCard(card);
    expect(listed(card)).toEqual([
      'DXリテラシー研修（オンライン学習） 20時間以上', // overdue since 9/1
      'DX推進研修の受講', // due 12/8
      'DX関連の動画・記事から3講座以上',
      'DX関連の動画・記事から3講座以上',
    ]);
    expect(blocksWith(card, '期限 2026年12月8日(火)').map((b) => b.color)).toEqual(['Default']);
  });

  it('says 「未受講の研修はありません」 when nothing is missing', () => {
    const card = pendingCard([], { tabUrl: TAB_URL });
    const text = textOf(expectValidCard(card));
    expect(text).toContain('未受講の研修はありません');
    expect(listed(card)).toEqual([]);
    expect(textOf(expectValidCard(pendingCard([], { tabUrl: TAB_URL }, 'en')))).toContain('No training pending');
  });

  it('speaks English', () => {
    const p = managerProgress();
    const card = pendingCard(p.nextActions, { tabUrl: TAB_URL, roles: p.roles }, 'en');
    const text = textOf(expectValidCard(card));
    expect(text).toContain('Training still to do');
    expect(text).toContain('2 to do, 1 overdue');
    expect(text).toContain('Overdue (due Mon 31 Aug 2026)');
    expect(text).toContain('DX manager');
    expect(text).not.toMatch(/期限|未受講/);
  });

  it('cuts a long list with 「ほか N 件」 and stays within the size budget', () => {
    const base = leaderProgress().nextActions[0]!;
    const items: MissingItem[] = Array.from({ length: 300 }, (_, i) => ({
      ...base,
      label: { ja: `${'自治体DX推進のためのデータ利活用とEBPM実践講座'.repeat(5)}（${i + 1}）` },
      due: `2027-0${1 + (i % 9)}-15`,
      overdue: false,
      url: `https://learning.example.jp/ebpm/${i}`,
    }));
    const report = expectValidCard(pendingCard(items, { tabUrl: TAB_URL }));
    expect(report.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const shown = report.actions.filter((a) => a.title === '研修のページ').length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(PENDING_MAX_ITEMS);
    expect(textOf(report)).toContain(`ほか ${300 - shown} 件はタブで確認できます`);
  });
});
