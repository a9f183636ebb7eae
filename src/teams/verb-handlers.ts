import { mapChannel } from './answers/channels';
import { refreshEvaluation, submitEvaluation } from './answers/evaluations';
import { help } from './answers/help';
import { myStep, pending } from './answers/my-step';
import { decide, nominationForm, refresh, submitNomination } from './answers/nominations';
import { mute, unmute } from './answers/reminders';
import { decideReportAnswer, refreshReport, reportStart, submitReportAnswer } from './answers/reports';
import type { ActionPayload, CardAction, Verb } from './cards';
import type { Reply, Turn } from './turn';

type VerbHandler<V extends Verb> = (turn: Turn, data: ActionPayload<V>) => Reply | Promise<Reply>;

/**
 * One handler per card verb (Action.Execute; cards/actions.ts is the contract of each verb's data).
 * Every handler works from the sender Teams names and the state it reloads, never from the card.
 */
export const VERB_HANDLERS: { readonly [V in Verb]: VerbHandler<V> } = {
  'mystep.show': (turn) => myStep(turn),
  'pending.show': (turn) => pending(turn),
  'help.show': (turn) => help(turn),
  'reminders.mute': (turn, d) => mute(turn, d.days),
  'reminders.unmute': (turn) => unmute(turn),
  'nomination.start': (turn, d) => nominationForm(turn, d.section),
  'nomination.submit': (turn, d) => submitNomination(turn, d),
  'nomination.approve': (turn, d) => decide(turn, d.nominationId, 'approve', d.comment),
  'nomination.reject': (turn, d) => decide(turn, d.nominationId, 'reject', d.comment),
  'nomination.refresh': (turn, d) => refresh(turn, d.nominationId),
  'channel.map': (turn, d) => mapChannel(turn, d.department),
  'report.start': (turn, d) => reportStart(turn, d.kind),
  'report.submit': (turn, d) => submitReportAnswer(turn, d),
  'report.confirm': (turn, d) => decideReportAnswer(turn, d.reportId, 'confirm', d.comment),
  'report.return': (turn, d) => decideReportAnswer(turn, d.reportId, 'return', d.comment),
  'report.refresh': (turn, d) => refreshReport(turn, d.reportId),
  'evaluation.submit': (turn, d) => submitEvaluation(turn, d),
  'evaluation.refresh': (turn, d) => refreshEvaluation(turn, d),
};

/** Runs the handler of a card action. */
export function answerAction(turn: Turn, action: CardAction): Reply | Promise<Reply> {
  return (VERB_HANDLERS[action.verb] as VerbHandler<Verb>)(turn, action.data as ActionPayload<Verb>);
}
