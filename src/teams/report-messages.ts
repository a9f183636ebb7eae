import type { ReportComposer } from '../app/report-notices';
import { reportRequestCard, reportRequestSummary, reportResultCard, reportResultTitle, toAttachment } from './cards';

/** A report's messages as Adaptive Cards (ReportNotices' `compose`), each the card alone so it can be updated. */
export function reportMessages(tabUrl: string): ReportComposer {
  return {
    request: (data, locale) => ({
      attachments: [toAttachment(reportRequestCard(data, tabUrl, locale))],
      summary: reportRequestSummary(data.report, locale),
    }),
    result: (data, locale) => ({
      attachments: [toAttachment(reportResultCard(data, tabUrl, locale))],
      summary: reportResultTitle(data.report, locale),
    }),
  };
}
