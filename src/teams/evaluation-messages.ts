import type { EvaluationComposer } from '../app/evaluation-notices';
import { t } from '../i18n/cards';
import { evaluationRequestCard, toAttachment } from './cards';

/** An evaluation round's request as an Adaptive Card (EvaluationNotices' `compose`), the card alone so it can be updated. */
export function evaluationMessages(tabUrl: string): EvaluationComposer {
  return {
    request: (data, locale) => ({
      attachments: [toAttachment(evaluationRequestCard(data, tabUrl, locale))],
      summary: t(locale, 'evaluationRequestTitle'),
    }),
  };
}
