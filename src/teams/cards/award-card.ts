import type { AwardAnnouncementData, AwardNoticeData } from '../../app/award-notices';
import type { Locale } from '../../domain/label';
import { clip, formatOfficialDate } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { changeLine } from './report-request-card';
import { base, expand, type AdaptiveCardJson, type TemplateBase } from './render';
import announcementTemplate from './templates/channel-announcement.json';
import template from './templates/award-notice.json';

interface AwardNoticeTemplate extends TemplateBase {
  style: 'good' | 'attention';
  color: 'Good' | 'Attention';
  title: string;
  text: string;
  facts: Array<{ title: string; value: string }>;
  hasReason: boolean;
  /** The office's reason for a revocation: typed by a person, so a TextRun (no markdown, no links). */
  reason: string;
  changes: Array<{ text: string; color: string }>;
  tabUrl: string;
}

/** The person's news: certified (with the date, the 認定証's number and what changed in their steps), or the certification revoked with the reason. */
export function awardNoticeCard(data: AwardNoticeData, tabUrl: string, locale: Locale = 'ja'): AdaptiveCardJson {
  const certification = pick(data.certification, locale);
  const revoked = data.revoked;
  const title = t(locale, revoked ? 'awardRevokedTitle' : 'awardTitle', { certification });
  const text = revoked
    ? t(locale, 'awardRevokedText', { date: formatOfficialDate(data.date, locale), revokedOn: formatOfficialDate(revoked.at, locale) })
    : t(locale, 'awardText', { name: data.name });
  return expand(template, {
    ...base(locale, title),
    style: revoked ? 'attention' : 'good',
    color: revoked ? 'Attention' : 'Good',
    title,
    text,
    facts: [{ title: t(locale, 'awardDate'), value: formatOfficialDate(data.date, locale) }, ...(data.serial ? [{ title: t(locale, 'awardSerial'), value: data.serial }] : [])],
    hasReason: !!revoked && revoked.reason.trim() !== '',
    reason: clip(revoked?.reason.trim() ?? '', 500),
    changes: revoked ? [] : data.changes.map((c) => changeLine(c, locale)),
    tabUrl,
  } satisfies AwardNoticeTemplate);
}

/** 「〇〇課の △△ さんが DXアドバイザーに認定されました」 in the department's channel, with the formal date. */
export function awardAnnouncementCard(data: AwardAnnouncementData & { tabUrl?: string }, locale: Locale = 'ja'): AdaptiveCardJson {
  const certification = pick(data.certification, locale);
  const text = t(locale, 'announceAwardText', { section: data.person.section, name: data.person.name, certification });
  return expand(announcementTemplate, {
    ...base(locale, text),
    title: t(locale, 'announceAwardTitle', { certification }),
    text,
    dateText: `${t(locale, 'awardDate')}: ${formatOfficialDate(data.date, locale)}`,
    hasTab: !!data.tabUrl,
    tabUrl: data.tabUrl ?? '',
  });
}
