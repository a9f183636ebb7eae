import { stringsFor as cardStrings } from './cards';
import { CARD_STRINGS } from './strings/cards';
import { REPORT_STRINGS } from './strings/report';
import { COMMON_STRINGS } from './strings/common';
import { TAB_STRINGS } from './strings/tab';
import { stringsFor as tabStrings } from './tab';
import { englishIn } from './testing/latin';
import { fill, localeOf, pick, stringTable, type Entry } from './translate';

// The one string table of SkillSteps, in four files: the shared terms, the cards' own, the tab's own, the downloads' own.

const FILES: Record<string, Readonly<Record<string, Entry>>> = { common: COMMON_STRINGS, cards: CARD_STRINGS, tab: TAB_STRINGS, report: REPORT_STRINGS };
const ALL = Object.entries(FILES).flatMap(([file, table]) => Object.entries(table).map(([key, entry]) => ({ file, key, ...entry })));
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('the string table', () => {
  it('defines each key in one file only (a surface cannot shadow a shared term)', () => {
    const files = new Map<string, string[]>();
    for (const { file, key } of ALL) files.set(key, [...(files.get(key) ?? []), file]);
    expect([...files].filter(([, f]) => f.length > 1)).toEqual([]);
  });

  it('defines a Japanese–English pair once: a term both surfaces show is one entry of common.ts', () => {
    const byPair = new Map<string, string[]>();
    for (const { file, key, ja, en } of ALL) byPair.set(`${ja} | ${en}`, [...(byPair.get(`${ja} | ${en}`) ?? []), `${file}.${key}`]);
    expect([...byPair].filter(([, keys]) => keys.length > 1)).toEqual([]);
  });

  it('has both languages for every key, with the same placeholders', () => {
    for (const { file, key, ja, en } of ALL) {
      expect([`${file}.${key}`, ja.trim() !== '', en.trim() !== '']).toEqual([`${file}.${key}`, true, true]);
      expect([`${file}.${key}`, placeholders(en)]).toEqual([`${file}.${key}`, placeholders(ja)]);
    }
  });

  it('writes no English in Japanese, beyond names and the abbreviations offices use', () => {
    expect(ALL.flatMap(({ file, key, ja }) => englishIn(ja).map((w) => `${file}.${key}: ${w}`))).toEqual([]);
  });

  it('gives each surface the shared terms and its own strings, and the tab none of the cards’', () => {
    const cards = cardStrings('ja');
    const tab = tabStrings('ja');
    for (const key of Object.keys(COMMON_STRINGS)) {
      expect(cards).toHaveProperty(key);
      expect(tab).toHaveProperty(key);
    }
    expect(Object.keys(CARD_STRINGS).filter((k) => k in tab)).toEqual([]);
    expect(Object.keys(TAB_STRINGS).filter((k) => k in cards)).toEqual([]);
    expect(cards.stepProgress).toBe(tab.stepProgress);
  });
});

describe('the lookups', () => {
  const table = stringTable({ greet: { ja: '{name} さん、こんにちは', en: 'Hello {name}' }, due: { ja: '期限 {date}', en: 'Due {date}' } });

  it('fill placeholders, leaving unknown ones as they are', () => {
    expect(table.t('ja', 'greet', { name: '高橋' })).toBe('高橋 さん、こんにちは');
    expect(table.t('en', 'greet')).toBe('Hello {name}');
    expect(fill('{a}{b}{constructor}', { a: 1 })).toBe('1{b}{constructor}');
  });

  it('give a label in both languages, with values per locale', () => {
    expect(table.label('due', (l) => ({ date: l === 'ja' ? '12月25日' : '25 Dec' }))).toEqual({ ja: '期限 12月25日', en: 'Due 25 Dec' });
  });

  it('give the table in a locale for the card templates, frozen', () => {
    expect(table.stringsFor('en')).toEqual({ greet: 'Hello {name}', due: 'Due {date}' });
    expect(Object.isFrozen(table.stringsFor('ja'))).toBe(true);
  });

  it('pick a label in a locale, falling back to Japanese', () => {
    expect(pick({ ja: '全職員' }, 'en')).toBe('全職員');
    expect(pick({ ja: '全職員', en: 'All staff' }, 'en')).toBe('All staff');
    expect(pick(undefined, 'ja')).toBe('');
  });

  it("follow Teams' locale: English for en-*, Japanese otherwise", () => {
    expect(['ja-jp', 'en-us', 'en-GB', 'en', 'fr-fr', 'english', undefined, null].map(localeOf)).toEqual(['ja', 'en', 'en', 'en', 'ja', 'ja', 'ja', 'ja']);
  });
});
