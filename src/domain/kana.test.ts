import { isKana, normalizeReading, searchKey } from './kana';

describe('readings (フリガナ)', () => {
  it.each([
    ['ヤマダ タロウ', 'ヤマダ タロウ'],
    ['やまだ　たろう', 'ヤマダ タロウ'],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'ヤマダ タロウ'],
    ['サイトウ・ジョー', 'サイトウ・ジョー'],
    ['  ヤマダ   タロウ ', 'ヤマダ タロウ'],
  ])('reads %j as %j', (text, reading) => expect(normalizeReading(text)).toBe(reading));

  it.each(['山田 太郎', 'Yamada', 'ヤマダ1', '', 'ー', '・'])('finds no reading in %j', (text) => expect(normalizeReading(text)).toBeUndefined());

  it('tells kana from anything else', () => {
    expect([isKana('ひらがな'), isKana('カタカナ'), isKana('ｶﾀｶﾅ'), isKana('漢字'), isKana('abc')]).toEqual([true, true, true, false, false]);
  });

  it('folds hiragana, katakana and half-width kana to one key for search, without spaces', () => {
    expect(new Set(['やまだ', 'ヤマダ', 'ﾔﾏﾀﾞ', 'ヤ マ ダ'].map(searchKey))).toEqual(new Set(['ヤマダ']));
    expect(searchKey('ＹＡＭＡＤＡ@City')).toBe('yamada@city');
  });
});
