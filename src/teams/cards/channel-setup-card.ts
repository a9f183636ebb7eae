import type { Locale } from '../../domain/label';
import { t } from '../../i18n/cards';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/channel-setup.json';

/** The office maps a team channel to a department (部). */
export interface ChannelSetupCardData {
  /** The departments of the Staff list. */
  departments: readonly string[];
  /** The department this channel is mapped to now. */
  current?: string;
}

interface ChannelSetupTemplate extends TemplateBase {
  currentText: string;
  currentColor: 'Good' | 'Warning';
  current: string;
  /** "" leaves the default (compact) style. */
  choiceStyle: '' | 'filtered';
  departments: Array<{ title: string; value: string }>;
  truncated: boolean;
  truncatedText: string;
}

/** Above this many departments the choice can be searched. */
const FILTER_FROM = 8;
/** Departments offered (a municipality has a few dozen; the budget cuts further if it must). */
export const CHANNEL_SETUP_MAX_DEPARTMENTS = 300;

/** Pick a 部 for this channel; shows the current mapping. */
export function channelSetupCard(data: ChannelSetupCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  if (data.departments.length === 0) throw new Error('channelSetupCard: no departments to choose from');
  const departments = [...new Set(data.departments)];
  const currentText = data.current ? t(locale, 'channelCurrent', { department: data.current }) : t(locale, 'channelNone');
  return fitToBudget((limit) => {
    const shown = departments.slice(0, Math.max(1, limit));
    return expand(template, {
      ...base(locale, `${t(locale, 'channelSetupTitle')}: ${currentText}`),
      currentText,
      currentColor: data.current ? 'Good' : 'Warning',
      current: data.current ?? '',
      choiceStyle: departments.length > FILTER_FROM ? 'filtered' : '',
      departments: shown.map((d) => ({ title: d, value: d })),
      truncated: shown.length < departments.length,
      truncatedText: shown.length < departments.length ? t(locale, 'departmentsTruncated', { total: departments.length, shown: shown.length }) : '',
    } satisfies ChannelSetupTemplate);
  }, CHANNEL_SETUP_MAX_DEPARTMENTS);
}
