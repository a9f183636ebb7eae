import { t, type CardStringKey, type Locale } from '../../i18n/cards';
import { clip } from '../../i18n/format';
import { COMMAND_WORDS, type CommandWord } from '../commands';
import { base, expand, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/help.json';

/** Who asks for help, so the card lists only what they can do. */
export interface HelpCardData {
  /** A section manager or the programme office: may nominate. */
  canNominate: boolean;
  /** The programme office: may map channels to departments. */
  office: boolean;
  /** What the person typed when it was not a command (unknown input gets help, not silence). */
  unknownInput?: string;
}

interface HelpTemplate extends TemplateBase {
  hasUnknown: boolean;
  unknownText: string;
  commands: Array<{ words: string; description: string }>;
  office: boolean;
  canNominate: boolean;
}

const DESCRIPTIONS: ReadonlyArray<[CommandWord, CardStringKey]> = [
  ['myStep', 'helpMyStep'],
  ['pending', 'helpPending'],
  ['nominate', 'helpNominate'],
  ['report', 'helpReport'],
  ['mute', 'helpMute'],
  ['unmute', 'helpUnmute'],
  ['help', 'helpHelp'],
];

/** The commands in both languages, with buttons for ステップ and 未受講 (and 推薦 for those who may nominate). */
export function helpCard(data: HelpCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  const unknown = data.unknownInput?.trim() ?? '';
  const commands = DESCRIPTIONS.filter(([command]) => command !== 'nominate' || data.canNominate).map(([command, key]) => ({
    words: t(locale, 'commandPair', COMMAND_WORDS[command]),
    description: t(locale, key),
  }));
  const view: HelpTemplate = {
    ...base(locale, t(locale, 'helpTitle')),
    hasUnknown: unknown !== '',
    unknownText: unknown !== '' ? t(locale, 'helpUnknown', { input: clip(unknown, 60) }) : '',
    commands,
    office: data.office,
    canNominate: data.canNominate,
  };
  return expand(template, view);
}
