/** A user-facing text in Japanese with an optional English alternative. */
export interface Label {
  ja: string;
  en?: string;
}

export type Locale = 'ja' | 'en';

/** The label in the requested locale, falling back to Japanese. */
export function text(label: Label, locale: Locale = 'ja'): string {
  return locale === 'en' && label.en ? label.en : label.ja;
}

/**
 * Normalises a free-text cell for matching against a vocabulary: NFKC (full-width → half-width
 * digits and Latin letters, half-width katakana → full-width), no spaces, lower case.
 */
export function matchKey(value: string): string {
  return value.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase();
}
