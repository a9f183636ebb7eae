import { channelSetupCard } from './channel-setup-card';
import { CARD_BUDGET_BYTES } from './render';
import { executeActions, expectValidCard, textOf } from './testing/card-check';
import { setagaya } from './testing/fixtures';

describe('channel setup card', () => {
  const departments = [...new Set(setagaya().snapshot.staff.map((s) => s.department))];

  it('offers the departments and shows the current mapping', () => {
    const report = expectValidCard(channelSetupCard({ departments: [...departments, '区民部', '総務部'], current: '総務部' }));
    const text = textOf(report);
    expect(text).toContain('チャネルの設定');
    expect(text).toContain('現在の設定：総務部');
    const input = report.inputs.find((i) => i.id === 'department')!;
    expect(input).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, value: '総務部' });
    expect(input.style).toBeUndefined();
    expect(input.choices).toEqual([
      { title: '総務部', value: '総務部' },
      { title: '区民部', value: '区民部' },
    ]);
    expect(executeActions(report, 'channel.map').map((a) => [a.title, a.data])).toEqual([['この部に設定', {}]]);
  });

  it('says when the channel has no department yet, and lets a long list be searched', () => {
    const many = Array.from({ length: 24 }, (_, i) => `第${i + 1}部`);
    const report = expectValidCard(channelSetupCard({ departments: many }));
    expect(textOf(report)).toContain('このチャネルはまだどの部にも設定されていません。');
    const input = report.inputs.find((i) => i.id === 'department')!;
    expect(input.style).toBe('filtered');
    expect(input.value).toBeUndefined();
    expect(input.choices).toHaveLength(24);
  });

  it('cuts an impossibly long list to the size budget and says how to map the others', () => {
    const departments = Array.from({ length: 500 }, (_, i) => `第${i + 1}地域振興・まちづくり推進部`);
    const report = expectValidCard(channelSetupCard({ departments }));
    expect(report.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const shown = report.inputs.find((i) => i.id === 'department')!.choices!.length;
    expect(shown).toBeLessThan(500);
    expect(textOf(report)).toContain(`500 部のうち ${shown} 部を表示しています。ほかの部は「このチャネルを ＜部＞ に設定」と送って設定できます。`);
  });

  it('speaks English', () => {
    const report = expectValidCard(channelSetupCard({ departments, current: '総務部' }, 'en'));
    expect(textOf(report)).toContain('Currently: 総務部');
    expect(report.actions.map((a) => a.title)).toEqual(['Map to this department']);
  });

  it('refuses to offer an empty choice', () => {
    expect(() => channelSetupCard({ departments: [] })).toThrow(/no departments/);
  });
});
