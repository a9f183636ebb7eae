import type { ReportComposer } from '../app/report-notices';
import { pick, t } from '../i18n/cards';
import { reportRequestCard, reportResultCard, toAttachment } from './cards';

/** A report's messages as Adaptive Cards (ReportNotices' `compose`), each the card alone so it can be updated. */
export function reportMessages(tabUrl: string): ReportComposer {
  return {
    request: (data, locale) => ({
      attachments: [toAttachment(reportRequestCard(data, tabUrl, locale))],
      summary: t(locale, 'reportSummary', { name: data.report.subject.name, kind: pick(data.report.kindLabel, locale) }),
    }),
    result: (data, locale) => ({
      attachments: [toAttachment(reportResultCard(data, tabUrl, locale))],
      summary: t(locale, data.report.status === 'confirmed' ? 'reportResultConfirmedTitle' : 'reportResultReturnedTitle'),
    }),
  };
}
