import { helpCard } from './help-card';
import { executeActions, expectValidCard, textOf } from './testing/card-check';

describe('help card', () => {
  it('lists every command in both languages for the office, with the channel mapping and the two buttons', () => {
    const card = helpCard({ canNominate: true, office: true });
    const report = expectValidCard(card);
    const text = textOf(report);
    for (const words of ['ステップ ／ my step', '未受講 ／ pending', '推薦 ／ nominate', 'リマインド停止 ／ mute', '再開 ／ unmute', 'ヘルプ ／ help']) {
      expect(text).toContain(words);
    }
    expect(text).toContain('このチャネルを ＜部＞ に設定');
    expect(text).toContain('事務局向け');
    expect(executeActions(report, 'mystep.show').map((a) => [a.title, a.data])).toEqual([['ステップを見る', {}]]);
    expect(executeActions(report, 'pending.show').map((a) => [a.title, a.data])).toEqual([['未受講を見る', {}]]);
    expect(executeActions(report, 'nomination.start').map((a) => [a.title, a.data])).toEqual([['推薦する', {}]]);
    expect(report.inputs).toEqual([]);
  });

  it('leaves out nominating and the channel mapping for staff who cannot use them', () => {
    const report = expectValidCard(helpCard({ canNominate: false, office: false }));
    const text = textOf(report);
    expect(executeActions(report, 'nomination.start')).toEqual([]);
    expect(text).not.toContain('推薦');
    expect(text).not.toContain('nominate');
    expect(text).not.toContain('このチャネルを');
    expect(text).toContain('ステップ ／ my step');
  });

  it('shows a manager how to nominate without the office part', () => {
    const text = textOf(expectValidCard(helpCard({ canNominate: true, office: false })));
    expect(text).toContain('推薦 ／ nominate');
    expect(text).not.toContain('このチャネルを');
  });

  it('answers unknown input with help, quoting it', () => {
    expect(textOf(expectValidCard(helpCard({ canNominate: false, office: false, unknownInput: ' すてっぷ？ ' })))).toContain('「すてっぷ？」は分かりませんでした。');
    expect(textOf(expectValidCard(helpCard({ canNominate: false, office: false, unknownInput: 'stpe' }, 'en')))).toContain('Sorry, I did not understand "stpe".');
  });

  it('speaks English, still naming the Japanese commands', () => {
    const report = expectValidCard(helpCard({ canNominate: true, office: true }, 'en'));
    const text = textOf(report);
    expect(text).toContain('How to use SkillSteps');
    expect(text).toContain('my step / ステップ');
    expect(text).toContain('For the programme office');
    expect(text).not.toContain('使い方');
    expect(report.actions.map((a) => a.title)).toEqual(['My steps', 'Pending training', 'Nominate']);
  });
});
