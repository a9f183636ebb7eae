import type { EvaluationRequestData } from '../../app/evaluation-notices';
import type { Locale } from '../../domain/label';
import { formatFiscalYear } from '../../domain/japanese-era';
import { formatDateTimeWithWeekday } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { INPUT_IDS } from './actions';
import { base, expand, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/evaluation-request.json';

const SCORE_INPUTS = [INPUT_IDS.score1, INPUT_IDS.score2, INPUT_IDS.score3, INPUT_IDS.score4, INPUT_IDS.score5] as const;

interface EvaluationTemplate extends TemplateBase {
  roundId: string;
  rowId: string;
  evaluatorUserId: string;
  hasNotice: boolean;
  noticeStyle: 'good' | 'warning' | 'attention';
  noticeText: string;
  errors: Array<{ text: string }>;
  title: string;
  intro: string;
  facts: Array<{ title: string; value: string }>;
  canAnswer: boolean;
  inputs: Array<{ id: string; label: string; value: string; choices: Array<{ title: string; value: string }> }>;
  showStatus: boolean;
  statusStyle: 'good' | 'emphasis';
  statusText: string;
  tabUrl: string;
}

/**
 * The request to evaluate, for its evaluator: the project, the perspective and what it judges (its
 * aspect: 政策的観点 …), the programme's scale, and one choice per person judged; once answered it says
 * so (the answer can change until the round closes); once closed, no button. The card refreshes for
 * the evaluator, so an old copy never takes an answer for a closed round.
 */
export function evaluationRequestCard(data: EvaluationRequestData, tabUrl: string, locale: Locale = 'ja'): AdaptiveCardJson {
  const r = data.round;
  const mine = r.evaluators.find((e) => e.rowId === data.rowId);
  const perspective = mine ? pick(mine.perspective.label, locale) : '';
  const aspect = mine?.perspective.aspect ? pick(mine.perspective.aspect, locale) : '';
  const year = r.project.fiscalYear ? formatFiscalYear(r.project.fiscalYear, locale) : '';
  const title = t(locale, 'evaluationRequestTitle');
  const canAnswer = !!mine?.canAnswer;
  const scores = (i: number): string => data.previous?.[i] ?? (mine?.scores?.[i] !== undefined ? String(mine.scores[i]) : '');
  const steps = Array.from({ length: r.scale.max - r.scale.min + 1 }, (_, i) => String(r.scale.min + i));
  const notice = noticeOf(data, locale);
  return expand(template, {
    ...base(locale, title),
    roundId: r.id,
    rowId: data.rowId,
    evaluatorUserId: data.evaluatorUserId,
    hasNotice: notice !== undefined,
    noticeStyle: notice?.style ?? 'warning',
    noticeText: notice?.text ?? '',
    errors: (data.errors ?? []).map((e) => ({ text: pick(e.message, locale) })),
    title,
    intro: aspect
      ? t(locale, 'evaluationIntro', { project: r.project.title, year, perspective, aspect })
      : t(locale, 'evaluationIntroNoAspect', { project: r.project.title, year, perspective }),
    facts: [
      { title: t(locale, 'evaluationProject'), value: `${r.project.title}${year ? `（${year}）` : ''}` },
      { title: t(locale, 'evaluationScale'), value: t(locale, 'evaluationScaleText', { min: r.scale.min, max: r.scale.max }) },
    ],
    canAnswer,
    inputs: canAnswer
      ? r.subjects.slice(0, SCORE_INPUTS.length).map((s, i) => ({
          id: SCORE_INPUTS[i]!,
          label: t(locale, 'evaluationScoreFor', { name: s.name, section: s.section ?? '' }),
          value: scores(i),
          choices: steps.map((v) => ({ title: v, value: v })),
        }))
      : [],
    showStatus: !!mine && (!r.open || mine.answered),
    statusStyle: r.open ? 'good' : 'emphasis',
    statusText: !r.open ? t(locale, 'evaluationClosedText') : mine?.answeredAt ? t(locale, 'evaluationAnsweredText', { at: formatDateTimeWithWeekday(mine.answeredAt, locale) }) : '',
    tabUrl,
  } satisfies EvaluationTemplate);
}

function noticeOf(data: EvaluationRequestData, locale: Locale): { style: 'good' | 'warning' | 'attention'; text: string } | undefined {
  switch (data.notice) {
    case 'saved':
      return { style: 'good', text: t(locale, 'evaluationSavedText') };
    case 'closed':
      return { style: 'warning', text: t(locale, 'evaluationClosedText') };
    case 'changed':
      return { style: 'warning', text: t(locale, 'evaluationChangedText') };
    case 'notEvaluator':
      return { style: 'attention', text: t(locale, 'evaluationNotEvaluatorText') };
    case 'invalid':
      return { style: 'attention', text: t(locale, 'evaluationInvalidText') };
    default:
      return undefined;
  }
}
