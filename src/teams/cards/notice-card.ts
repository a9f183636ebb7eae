import type { Label, Locale } from '../../domain/label';
import { clip } from '../../i18n/format';
import { pick } from '../../i18n/cards';
import { base, expand, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/notice.json';

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

/** A short message: 「承認者ではありません」, 「リマインドを止めました」, an error. */
export interface NoticeCardData {
  kind: NoticeKind;
  /** Both languages; src/i18n/cards.ts `label()` gives the table's notices (noticeNotApproverTitle …). */
  title: Label;
  text?: Label;
}

interface NoticeTemplate extends TemplateBase {
  style: 'emphasis' | 'good' | 'warning' | 'attention';
  color: 'Default' | 'Good' | 'Warning' | 'Attention';
  title: string;
  hasText: boolean;
  text: string;
}

const LOOK: Record<NoticeKind, Pick<NoticeTemplate, 'style' | 'color'>> = {
  info: { style: 'emphasis', color: 'Default' },
  success: { style: 'good', color: 'Good' },
  warning: { style: 'warning', color: 'Warning' },
  error: { style: 'attention', color: 'Attention' },
};

/** A small card for an info, success, warning or error message with a title and a text. */
export function noticeCard(data: NoticeCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  const title = clip(pick(data.title, locale), 200);
  const text = data.text ? clip(pick(data.text, locale), 2000) : '';
  return expand(template, {
    ...base(locale, text ? `${title}: ${text}` : title),
    ...LOOK[data.kind],
    title,
    hasText: text !== '',
    text,
  } satisfies NoticeTemplate);
}
