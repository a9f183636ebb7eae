import type { EvaluationNotice } from '../../app/evaluation-notices';
import { answerRound } from '../../app/evaluation-rounds';
import type { RoundFinding } from '../../domain/evaluation-rounds';
import { label } from '../../i18n/cards';
import { evaluationRequestCard, noticeCard, type ActionPayload } from '../cards';
import type { Reply, Turn } from '../turn';

/**
 * 評価を送る: the evaluator's answer, by the same use case as the tab (their own row re-read, the round
 * still open, one score per person on the programme's scale, written with If-Match). Refused, the card
 * comes back with the reason and the choices kept; taken, it says so, and every other copy follows.
 */
export async function submitEvaluation(turn: Turn, d: ActionPayload<'evaluation.submit'>): Promise<Reply> {
  const { deps, who, scope } = turn;
  const previous = [d.score1, d.score2, d.score3, d.score4, d.score5];
  const row = turn.e.snapshot.records.submissions.find((s) => s.itemId === d.rowId && s.fact.kind === 'evaluation');
  // The card's row must be the presser's own part: someone else's card (forwarded, or pressed in a shared chat) is refused.
  if (!row || row.fact.kind !== 'evaluation' || row.fact.round !== d.roundId || row.subjectUpn !== who.upn.toLowerCase()) {
    deps.log.log('info', 'evaluation refused', { row: d.rowId, code: 'NOT_EVALUATOR', by: who.upn });
    return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('evaluationNotEvaluatorText') }, turn.locale);
  }
  const result = await answerRound({ service: deps.service, submissions: deps.submissions, clock: deps.clock }, d.roundId, { scores: previous.slice(0, row.fact.subjects.length) }, { upn: who.upn, office: scope.office });
  const here = { conversationKey: turn.conversationKey ?? '', activityId: turn.ctx.activity.replyToId };
  if (!result.ok) {
    deps.log.log('info', 'evaluation refused', { row: d.rowId, code: result.code, by: who.upn });
    const notice: EvaluationNotice = result.code === 'CLOSED' ? 'closed' : result.code === 'CHANGED' ? 'changed' : result.code === 'INVALID' ? 'invalid' : 'notEvaluator';
    return card(turn, d.roundId, d.rowId, notice, result.code === 'INVALID' ? result.errors : undefined, previous);
  }
  deps.log.log('info', 'evaluation answered', { round: d.roundId, row: d.rowId, by: who.upn, via: 'bot' });
  await deps.evaluationNotices.updateCopies(d.roundId, d.rowId, who.upn, here);
  return card(turn, d.roundId, d.rowId, 'saved');
}

/** The card's refresh: the round as it is now for its evaluator. */
export async function refreshEvaluation(turn: Turn, d: ActionPayload<'evaluation.refresh'>): Promise<Reply> {
  return card(turn, d.roundId, d.rowId);
}

async function card(turn: Turn, roundId: string, rowId: string, notice?: EvaluationNotice, errors?: RoundFinding[], previous?: string[]): Promise<Reply> {
  const data = await turn.deps.evaluationNotices.requestFor(roundId, rowId, turn.who.upn, { ...(notice ? { notice } : {}), ...(errors ? { errors } : {}), ...(previous ? { previous } : {}) });
  if (!data || !data.round.evaluators.some((e) => e.rowId === rowId)) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('evaluationNotEvaluatorText') }, turn.locale);
  return evaluationRequestCard(data, turn.deps.tabUrl, turn.locale);
}
