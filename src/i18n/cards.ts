/**
 * The strings of the bot's cards: the shared terms and the cards' own, bound to the one set of
 * lookups (translate.ts). The Teams edge imports its strings from here, its formats from format.ts.
 */
import { CARD_STRINGS } from './strings/cards';
import { COMMON_STRINGS } from './strings/common';
import { stringTable } from './translate';

export { pick, type Label, type Locale, type Vars } from './translate';

const TABLE = { ...COMMON_STRINGS, ...CARD_STRINGS };

/** A key of the cards' strings. */
export type CardStringKey = keyof typeof TABLE;

export const { t, label, stringsFor } = stringTable<CardStringKey>(TABLE);
