/**
 * Readings of names (フリガナ, 読み): how a Japanese office sorts people (あいうえお順) and finds them
 * when it knows how a name sounds but not how it is written. HR exports write a reading in katakana,
 * hiragana or half-width katakana (ｶﾅ), with or without a space between family and given name; all
 * of them read the same here.
 */

/** Kana of any width, the long-vowel mark, the middle dot and spaces between the parts of a name. */
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー－‐゛゜ﾞﾟｰ・･\s\u3000]+$/u;

/** Whether a text is a reading: kana only (hiragana, katakana, half-width katakana), at least one. */
export function isKana(text: string): boolean {
  return KANA_ONLY.test(text) && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text);
}

/** Hiragana as katakana (ひらがな → ヒラガナ); anything else as it is. */
export function hiraganaToKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/**
 * A reading as the Staff list keeps it: full-width katakana (half-width joined with its voicing marks
 * by NFKC, hiragana turned to katakana), one space between the parts; undefined for a text that is not kana.
 */
export function normalizeReading(text: string): string | undefined {
  const s = hiraganaToKatakana(text.normalize('NFKC')).replace(/[\s\u3000]+/g, ' ').trim();
  return s && isKana(s) ? s : undefined;
}

/**
 * The form text is compared in when people search by name or reading: NFKC (half-width kana and
 * full-width letters folded), hiragana as katakana, no spaces, lower case. 「やまだ」「ﾔﾏﾀﾞ」「ヤマダ」 all match 山田 太郎's ヤマダ タロウ.
 */
export function searchKey(text: string): string {
  return hiraganaToKatakana(text.normalize('NFKC')).replace(/[\s\u3000]+/g, '').toLowerCase();
}
