import { INPUT_IDS } from './actions';
import { nominationFormCard, NOMINATION_MAX_CANDIDATES, type NominationFormData } from './nomination-form-card';
import { CARD_BUDGET_BYTES } from './render';
import { blocksWith, containersWith, executeActions, expectValidCard, textOf } from './testing/card-check';
import { formFor, nominationCheck, TAB_URL, u } from './testing/fixtures';

const form = (over: Partial<NominationFormData> = {}): NominationFormData => ({ section: '総務課', ...formFor(), tabUrl: TAB_URL, ...over });

describe('nomination form card', () => {
  it('offers the role with its seats, the candidates by name・grade, whom to replace when full, and the reason', () => {
    const card = nominationFormCard(form());
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('推薦（総務課）');
    expect(report.inputs.map((i) => i.id).sort()).toEqual([INPUT_IDS.nominee, INPUT_IDS.reason, INPUT_IDS.replaces, INPUT_IDS.role].sort());
    const role = report.inputs.find((i) => i.id === 'role')!;
    expect(role).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, value: 'dx-leader', choices: [{ title: 'DX推進リーダー（1/1 名・定員）', value: 'dx-leader' }] });
    const nominee = report.inputs.find((i) => i.id === 'nominee')!;
    expect(nominee).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', isRequired: true });
    expect(nominee.value).toBeUndefined();
    expect(nominee.choices).toContainEqual({ title: '田中 健太・主事', value: u('shuji') });
    expect(nominee.choices).toHaveLength(7);
    const replaces = report.inputs.find((i) => i.id === 'replaces')!;
    expect(replaces).toMatchObject({ isRequired: false, choices: [{ title: '高橋 美咲（DX推進リーダー）', value: u('leader') }] });
    expect(text).toContain('交代する人（任意）');
    expect(report.inputs.find((i) => i.id === 'reason')).toMatchObject({ type: 'Input.Text' });
    expect(executeActions(report, 'nomination.submit').map((a) => [a.title, a.data, a.style])).toEqual([['推薦する', { section: '総務課', confirmWarnings: false }, 'positive']]);
    expect(text).not.toContain('推薦できません');
  });

  it('leaves out "replaces" while a seat is free', () => {
    const data = form();
    const report = expectValidCard(nominationFormCard({ ...data, roles: data.roles.map((r) => ({ ...r, seatsUsed: 0, holders: [] })) }));
    expect(report.inputs.map((i) => i.id).sort()).toEqual(['nominee', 'reason', 'role']);
    expect(report.inputs.find((i) => i.id === 'role')!.choices).toEqual([{ title: 'DX推進リーダー（0/1 名）', value: 'dx-leader' }]);
  });

  it('shows the errors of a failed submit at the top in the attention colour and keeps the values', () => {
    const previous = { nominee: u('shuji'), role: 'dx-leader', reason: '庁内の RPA 導入を進めてくれました。', replaces: '' };
    const card = nominationFormCard(form({ previous, check: nominationCheck(u('shuji')) }));
    const report = expectValidCard(card);
    const [errors] = containersWith(card, '推薦できません');
    expect(errors).toMatchObject({ style: 'attention' });
    const json = JSON.stringify(card);
    expect(json.indexOf('推薦できません')).toBeLessThan(json.indexOf('"Input.'));
    expect(blocksWith(card, '定員 1 名に達しています').map((b) => b.color)).toEqual(['Attention']);
    expect(report.inputs.find((i) => i.id === 'nominee')!.value).toBe(u('shuji'));
    expect(report.inputs.find((i) => i.id === 'role')!.value).toBe('dx-leader');
    expect(report.inputs.find((i) => i.id === 'reason')!.value).toBe('庁内の RPA 導入を進めてくれました。');
    // Errors stop it: no way to confirm past them.
    expect(executeActions(report, 'nomination.submit').map((a) => a.data)).toEqual([{ section: '総務課', confirmWarnings: false }]);
  });

  it('after warnings only, shows them with 「警告を確認して推薦する」, which sends the same inputs with confirmWarnings', () => {
    const previous = { nominee: u('shuji'), role: 'dx-leader', reason: '意欲があります', replaces: u('leader') };
    const check = nominationCheck(u('shuji'), u('leader'));
    expect([check.ok, check.warnings.length]).toEqual([true, 1]);
    const card = nominationFormCard(form({ previous, check }));
    const report = expectValidCard(card);
    expect(containersWith(card, '確認してください')[0]).toMatchObject({ style: 'warning' });
    expect(textOf(report)).toContain('原則として副係長・主任が対象です（田中 健太 さん: 主事）');
    expect(report.inputs.find((i) => i.id === 'replaces')!.value).toBe(u('leader'));
    expect(executeActions(report, 'nomination.submit').map((a) => [a.title, a.data, a.style])).toEqual([
      ['推薦する', { section: '総務課', confirmWarnings: false }, undefined],
      ['警告を確認して推薦する', { section: '総務課', confirmWarnings: true }, 'positive'],
    ]);
  });

  it('speaks English', () => {
    const card = nominationFormCard(form({ check: nominationCheck(u('shuji')) }), 'en');
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('Nominate (総務課)');
    expect(text).toContain('Cannot nominate');
    expect(text).toContain('総務課 already has 1 DX leader (高橋 美咲); choose whom the nominee replaces');
    expect(text).toContain('DX leader (1 of 1, full)');
    expect(text).toContain('田中 健太 · 主事');
    expect(text).toContain('Replaces (optional)');
    expect(text).not.toMatch(/推薦|交代|定員/);
  });

  it('says so when there is no one to nominate or no role to nominate for, without inputs or a submit button', () => {
    const noOne = expectValidCard(nominationFormCard(form({ candidates: [] })));
    expect(textOf(noOne)).toContain('推薦できる職員がいません。');
    expect(executeActions(noOne, 'nomination.submit')).toEqual([]);
    expect(noOne.inputs).toEqual([]);
    const noRole = expectValidCard(nominationFormCard(form({ roles: [] }), 'en'));
    expect(textOf(noRole)).toContain('No role here is filled by nomination.');
    expect(noRole.inputs).toEqual([]);
  });

  it('cuts a department-sized candidate list to the size budget, keeping the previous choice', () => {
    const candidates = Array.from({ length: 3000 }, (_, i) => ({ upn: u(`staff${String(i).padStart(5, '0')}`), name: `職員 ${i}号 さくらこ`, grade: '主任主事' }));
    const last = candidates[candidates.length - 1]!.upn;
    const report = expectValidCard(nominationFormCard(form({ candidates, previous: { nominee: last } })));
    expect(report.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const shown = report.inputs.find((i) => i.id === 'nominee')!.choices!;
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.length).toBeLessThanOrEqual(NOMINATION_MAX_CANDIDATES);
    expect(shown.map((c) => c.value)).toContain(last);
    expect(textOf(report)).toContain(`候補 3000 人のうち ${shown.length} 人を表示しています。`);
  });
});
