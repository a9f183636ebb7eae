import { join } from 'node:path';
import { programmeFromFile, staffRow, world } from '../../tests/helpers/world';
import { evaluateProgramme } from '../domain/evaluation';
import { membersPage, type MembersQuery } from './views';

/** 所属 as a Japanese office reads it: あいうえお順 by フリガナ, found by kana of any width, no reading said so. */
describe('a section’s members by reading', () => {
  const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
  const u = (n: string): string => `${n}@city.example.jp`;
  const e = {
    ...evaluateProgramme(
      world(programme, {
        Staff: [
          staffRow(u('yamada'), { Title: '山田 花子', TitleKana: 'ヤマダ ハナコ' }),
          staffRow(u('abe'), { Title: '阿部 次郎', TitleKana: 'あべ じろう' }),
          staffRow(u('kato'), { Title: '加藤 誠' }),
          staffRow(u('ueda'), { Title: '上田 健', TitleKana: 'ｳｴﾀﾞ ｹﾝ' }),
          staffRow(u('ogawa'), { Title: '小川 直子', TitleKana: 'オガワ ナオコ' }),
          staffRow(u('ito'), { Title: '伊藤 美咲' }),
        ],
      }),
      '2026-11-23',
    ),
    syncedAt: '2026-11-23T03:00:00Z',
  };
  const page = (q: Partial<MembersQuery> = {}) => membersPage(e, { department: '総務部', section: '総務課' }, { sort: 'name', limit: 50, ...q });

  it('sorts by reading, whatever kana it was written in, and puts who has none last, counted', () => {
    const p = page();
    expect(p.items.map((r) => [r.name, r.kana])).toEqual([
      ['阿部 次郎', 'アベ ジロウ'],
      ['上田 健', 'ウエダ ケン'],
      ['小川 直子', 'オガワ ナオコ'],
      ['山田 花子', 'ヤマダ ハナコ'],
      ['伊藤 美咲', undefined],
      ['加藤 誠', undefined],
    ]);
    expect(p.withoutReading).toBe(2);
  });

  it('finds people by kanji, by reading in hiragana, katakana or half-width kana, and by UPN', () => {
    for (const q of ['小川', 'おがわ', 'オガワ', 'ｵｶﾞﾜ', 'おがわ なおこ', 'ogawa@']) expect([q, page({ q }).items.map((r) => r.name)]).toEqual([q, ['小川 直子']]);
    expect(page({ q: 'はな' }).items.map((r) => r.name)).toEqual(['山田 花子']);
    expect(page({ q: 'いとう' }).items).toEqual([]);
  });
});
