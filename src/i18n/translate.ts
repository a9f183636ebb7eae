/**
 * The one way SkillSteps turns its string table into text, for the bot's cards and the tab alike:
 * `{name}` placeholders filled by `fill`, a key in a locale by `t`, a key in both languages by
 * `label`, the whole table in a locale by `stringsFor` (what the card templates read as `t`), and a
 * label from the programme or the lists in a locale by `pick`. Each surface binds the table it shows
 * (src/i18n/cards.ts, src/i18n/tab.ts), so the tab's bundle carries no card-only text.
 */
import { text, type Label, type Locale } from '../domain/label';

export type { Label, Locale };

/** One entry of the table: Japanese first, English beside it. */
export interface Entry {
  readonly ja: string;
  readonly en: string;
}

/** Values for a string's `{placeholders}`. */
export type Vars = Readonly<Record<string, string | number>>;

/** `s` with its `{name}` placeholders filled from `vars`; a placeholder without a value is left as it is. */
export function fill(s: string, vars?: Vars): string {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m)) : s;
}

/** A label from the programme or the lists in a locale, falling back to Japanese ('' for none). */
export function pick(value: Label | undefined, locale: Locale): string {
  return value ? text(value, locale) : '';
}

/** `ja-jp`, `ja`, `en-us`, `en-GB` … (what Teams reports) → SkillSteps' locale: English for en-*, Japanese otherwise. */
export function localeOf(tag: string | undefined | null): Locale {
  return typeof tag === 'string' && /^en(-|_|$)/i.test(tag) ? 'en' : 'ja';
}

/** A string table bound to its lookups. */
export interface Strings<K extends string> {
  /** A string of the table in a locale, with its {placeholders} filled. */
  t(locale: Locale, key: K, vars?: Vars): string;
  /**
   * A string of the table in both languages (for a Label passed on, e.g. to a notice card). Values
   * that differ by language (a date) are given per locale: `label('noticeMutedText', (l) => ({ date:
   * formatDateWithWeekday(until, l) }))`.
   */
  label(key: K, vars?: Vars | ((locale: Locale) => Vars)): Label & { en: string };
  /** Every string of the table in a locale, placeholders left as they are. */
  stringsFor(locale: Locale): Readonly<Record<K, string>>;
}

/** The lookups over a table (the table is frozen: nothing a request does can change it). */
export function stringTable<K extends string>(table: Readonly<Record<K, Entry>>): Strings<K> {
  const keys = Object.keys(table) as K[];
  const inLocale = (locale: Locale): Readonly<Record<K, string>> => Object.freeze(Object.fromEntries(keys.map((k) => [k, table[k][locale]]))) as Record<K, string>;
  const byLocale: Readonly<Record<Locale, Readonly<Record<K, string>>>> = { ja: inLocale('ja'), en: inLocale('en') };
  return {
    t: (locale, key, vars) => fill(table[key][locale], vars),
    label: (key, vars) => {
      const of = (locale: Locale): Vars | undefined => (typeof vars === 'function' ? vars(locale) : vars);
      return { ja: fill(table[key].ja, of('ja')), en: fill(table[key].en, of('en')) };
    },
    stringsFor: (locale) => byLocale[locale],
  };
}
