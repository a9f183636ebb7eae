import { digestCard, DIGEST_TOP_PENDING } from './digest-card';
import { blocksWith, expectValidCard, textOf } from './testing/card-check';
import { digestOf, TAB_URL } from './testing/fixtures';

describe('digest card', () => {
  it('shows 受講率 with the change since last week, the headcount, the steps per role and the top pending items', () => {
    const card = digestCard(digestOf('総務部', 7.5));
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('総務部 週次レポート');
    expect(text).toContain('2026年11月24日(火) 時点・令和8年度');
    expect(text).toContain('受講率');
    expect(text).toContain('10%');
    expect(blocksWith(card, '先週から').map((b) => [b.text, b.color])).toEqual([['先週から ▲2.5 ポイント', 'Good']]);
    expect(text).toContain('対象 10 人');
    expect(text).toContain('DX推進リーダー（2 人）');
    expect(text).toContain('ステップ未達 1人・ステップ1 1人・ステップ2 0人・ステップ3 0人');
    expect(text).not.toContain('Step');
    expect(text).toContain('全職員（10 人）');
    // A role nobody in the department holds is left out.
    expect(text).not.toContain('DXアドバイザー');
    const top = blocksWith(card, '人').filter((b) => String(b.text).includes('：')).map((b) => b.text);
    expect(top).toEqual([
      'DX関連の動画・記事から3講座以上：9 人',
      'DXマネジメント研修の受講：2 人（期限切れ 2 人）',
      'DXリテラシー研修（オンライン学習） 20時間以上：1 人（期限切れ 1 人）',
      'DX推進研修の受講：1 人',
    ]);
    expect(report.actions.map((a) => [a.type, a.url])).toEqual([['Action.OpenUrl', TAB_URL]]);
    expect(report.inputs).toEqual([]);
  });

  it('shows a drop with ▼ in the attention colour, and no change or no figure plainly', () => {
    expect(blocksWith(digestCard(digestOf('総務部', 12.5)), '先週から').map((b) => [b.text, b.color])).toEqual([['先週から ▼2.5 ポイント', 'Attention']]);
    expect(textOf(expectValidCard(digestCard(digestOf('総務部', 10))))).toContain('先週から変わりません');
    expect(textOf(expectValidCard(digestCard(digestOf('総務部'))))).toContain('先週の記録はありません');
  });

  it('lists the top five pending items only, most first', () => {
    const data = digestOf('総務部', 7.5);
    const more = Array.from({ length: 12 }, (_, i) => ({ label: { ja: `課題研修${i + 1}` }, count: i + 1, overdue: 0 }));
    const card = digestCard({ ...data, topPending: [...data.topPending, ...more] });
    expectValidCard(card);
    const top = blocksWith(card, '：').map((b) => String(b.text));
    expect(top).toHaveLength(DIGEST_TOP_PENDING);
    expect(top[0]).toBe('課題研修12：12 人');
    expect(top[1]).toBe('課題研修11：11 人');
  });

  it('names the sections a coverage KPI finds short, six at most, and the 部 itself for a coverage per department', () => {
    const sections = ['庶務課', '人事課', '財政課', '契約課', '税務課', '収納課', '市民課', '戸籍課'].map((section) => ({ section, count: 0 }));
    const data = {
      ...digestOf('総務部', 7.5),
      gaps: [
        { kpi: 'leader-coverage', label: { ja: 'DX推進リーダー配置率', en: 'Sections with a DX leader' }, min: 1, sections },
        { kpi: 'office-coverage', label: { ja: '部ごとのDX推進員', en: 'DX promoters per department' }, min: 3, sections: [], department: 2 },
      ],
    };
    const card = digestCard(data);
    const text = textOf(expectValidCard(card));
    expect(text).toContain('人数が足りない課');
    expect(blocksWith(card, 'DX推進リーダー配置率').map((b) => b.text)).toEqual([
      'DX推進リーダー配置率（各課 1 人以上）：庶務課 0人、人事課 0人、財政課 0人、契約課 0人、税務課 0人、収納課 0人 ほか 2 課',
    ]);
    expect(text).toContain('部ごとのDX推進員（3 人以上）：この部は 2 人');
    const english = textOf(expectValidCard(digestCard(data, 'en')));
    expect(english).toContain('Sections with a DX leader (at least 1 per section): 庶務課: 0, 人事課: 0');
    expect(english).toContain('2 more');
    // Without any gap the part is not there.
    expect(textOf(expectValidCard(digestCard(digestOf('総務部', 7.5))))).not.toContain('人数が足りない課');
  });

  it('speaks English', () => {
    const card = digestCard(digestOf('総務部', 7.5), 'en');
    const text = textOf(expectValidCard(card));
    expect(text).toContain('Weekly report: 総務部');
    expect(text).toContain('As of Tue 24 Nov 2026 · FY2026');
    expect(text).toContain('Completion rate');
    expect(text).toContain('▲ 2.5 points since last week');
    expect(text).toContain('10 staff');
    expect(text).toContain('DX leader (2)');
    expect(text).toContain('No step yet: 1 · Step 1: 1 · Step 2: 0 · Step 3: 0');
    expect(text).toContain('Complete DX management training: 2 (2 overdue)');
    expect(text).not.toMatch(/受講率|週次|人）/);
  });
});
