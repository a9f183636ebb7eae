import { firstStepOf, nomineeWelcomeCard } from './nominee-welcome-card';
import { blocksWith, executeActions, expectValidCard, textOf } from './testing/card-check';
import { afterApproval, dueSoonLeaderProgress, leaderProgress, TAB_URL } from './testing/fixtures';

describe('nominee welcome card', () => {
  const { progress, approvedAt } = afterApproval();
  const role = progress.roles.find((r) => r.role === 'dx-leader')!;
  const welcome = { name: progress.name, section: '人事課', role: { id: role.role, label: role.label }, approvedAt, firstStep: firstStepOf(role), tabUrl: TAB_URL };

  it('tells the nominee their new role and the training of its first step, with the tab', () => {
    const card = nomineeWelcomeCard(welcome);
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('DX推進リーダーに選ばれました');
    expect(text).toContain('令和8年11月25日 承認');
    expect(text).toContain('加藤 さくら さん、人事課のDX推進リーダーとして、よろしくお願いします。');
    expect(text).toContain('最初のステップ：①DXリテラシー研修');
    expect(text).toContain('DXリテラシー研修（オンライン学習） 20時間以上');
    expect(text).toContain('0時間／20時間');
    // Three months after the appointment (世田谷区 preset: literacyDueMonths).
    expect(blocksWith(card, '期限').map((b) => [b.text, b.color])).toEqual([['期限 2027年2月25日(木)', 'Default']]);
    expect(report.actions.find((a) => a.type === 'Action.OpenUrl')?.url).toBe(TAB_URL);
    expect(executeActions(report, 'mystep.show')).toHaveLength(1);
  });

  it('says when the first step is already reached', () => {
    const leader = dueSoonLeaderProgress().roles.find((r) => r.role === 'dx-leader')!;
    const text = textOf(expectValidCard(nomineeWelcomeCard({ ...welcome, firstStep: firstStepOf(leader) })));
    expect(text).toContain('最初のステップはもう達成しています。');
  });

  it('shows an overdue first step in the attention colour', () => {
    const leader = leaderProgress().roles.find((r) => r.role === 'dx-leader')!;
    const card = nomineeWelcomeCard({ ...welcome, firstStep: firstStepOf(leader) });
    expectValidCard(card);
    expect(blocksWith(card, '期限切れ').map((b) => b.color)).toEqual(['Attention']);
  });

  it('welcomes to a role without steps without promising any', () => {
    const text = textOf(expectValidCard(nomineeWelcomeCard({ ...welcome, firstStep: undefined, approvedAt: undefined })));
    expect(text).toContain('加藤 さくら さん、人事課のDX推進リーダーとして、よろしくお願いします。');
    expect(text).not.toContain('最初のステップ');
    expect(text).not.toContain('次のステップから');
    expect(text).not.toContain('承認');
  });

  it('speaks English', () => {
    const text = textOf(expectValidCard(nomineeWelcomeCard(welcome, 'en')));
    expect(text).toContain('You are now DX leader');
    expect(text).toContain('Approved on 25 Nov 2026');
    expect(text).toContain('First step: 1: DX literacy training');
    expect(text).toContain('Due Thu 25 Feb 2027');
    expect(text).not.toMatch(/選ばれました|期限|承認/);
  });
});
