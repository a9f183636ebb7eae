import type { Label, Locale } from '../../domain/label';
import { formatOfficialDate } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { base, expand, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/channel-announcement.json';

/** An approval announced in the department's channel. */
export interface ChannelAnnouncementCardData {
  nominee: { name: string; section: string };
  role: Label;
  /** When it was approved (ISO instant or date). */
  approvedAt: string;
  /** The tab's deep link, when the channel's team has the tab. */
  tabUrl?: string;
}

interface ChannelAnnouncementTemplate extends TemplateBase {
  title: string;
  text: string;
  dateText: string;
  hasTab: boolean;
  tabUrl: string;
}

/** 「〇〇課の △△ さんが DX推進リーダーに承認されました」, with the formal date of the approval. */
export function channelAnnouncementCard(data: ChannelAnnouncementCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  const role = pick(data.role, locale);
  const text = t(locale, 'announceText', { section: data.nominee.section, name: data.nominee.name, role });
  return expand(template, {
    ...base(locale, text),
    title: t(locale, 'announceTitle', { role }),
    text,
    dateText: t(locale, 'approvedOn', { date: formatOfficialDate(data.approvedAt, locale) }),
    hasTab: !!data.tabUrl,
    tabUrl: data.tabUrl ?? '',
  } satisfies ChannelAnnouncementTemplate);
}
