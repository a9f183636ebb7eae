import { COMMAND_WORDS, normalise, parseCommand } from './commands';

describe('bot commands', () => {
  it.each([
    ['ステップ', 'myStep'],
    ['ｽﾃｯﾌﾟ', 'myStep'],
    ['  ステップ　', 'myStep'],
    ['ステップ。', 'myStep'],
    ['My Step', 'myStep'],
    ['ＭＹ　ＳＴＥＰ', 'myStep'],
    ['mystep', 'myStep'],
    ['未受講', 'pending'],
    ['PENDING', 'pending'],
    ['推薦', 'nominate'],
    ['nominate', 'nominate'],
    ['ヘルプ', 'help'],
    ['help!', 'help'],
    ['？', 'help'],
    ['<at>SkillSteps</at> ステップ', 'myStep'],
    ['リマインド再開', 'unmute'],
    ['unmute', 'unmute'],
  ])('reads %j as %s', (text, kind) => {
    expect(parseCommand(text).kind).toBe(kind);
  });

  it.each(Object.entries(COMMAND_WORDS))('accepts both words the help card shows for %s', (kind, words) => {
    expect([parseCommand(words.ja).kind, parseCommand(words.en).kind]).toEqual([kind, kind]);
  });

  it('reads mute with and without a period, in either language and width', () => {
    expect(parseCommand('リマインド停止')).toEqual({ kind: 'mute' });
    expect(parseCommand('リマインド停止 ７日')).toEqual({ kind: 'mute', days: 7 });
    expect(parseCommand('リマインドを止める 30日間')).toEqual({ kind: 'mute', days: 30 });
    expect(parseCommand('mute 14 days')).toEqual({ kind: 'mute', days: 14 });
    expect(parseCommand('Mute')).toEqual({ kind: 'mute' });
  });

  it('reads a channel mapping with the 部 in it', () => {
    expect(parseCommand('このチャネルを 総務部 に設定')).toEqual({ kind: 'mapChannel', department: '総務部' });
    expect(parseCommand('<at>SkillSteps</at> このチャンネルを総務部に設定')).toEqual({ kind: 'mapChannel', department: '総務部' });
    expect(parseCommand('set channel to 区民部')).toEqual({ kind: 'mapChannel', department: '区民部' });
  });

  it('answers anything else as unknown, with the original text', () => {
    expect(parseCommand('こんにちは')).toEqual({ kind: 'unknown', text: 'こんにちは' });
    expect(parseCommand('')).toEqual({ kind: 'unknown', text: '' });
    expect(parseCommand('ステップを教えて').kind).toBe('unknown');
  });

  it('normalises full-width spaces and letters', () => {
    expect(normalise('　Ａｂｃ　　ｄ　')).toBe('abc d');
  });
});
