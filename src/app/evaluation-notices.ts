import type { RoundFinding } from '../domain/evaluation-rounds';
import type { Locale } from '../domain/label';
import type { ConversationStore, Logger, Messenger, OutgoingMessage, SentCardStore, StoredConversation } from '../ports';
import { localeOfConversation, type LocaleSetting } from './conversation-locale';
import { roundFor, type RoundView } from './evaluation-rounds';
import type { ProgrammeService } from './programme-service';

/** A press on a closed round, a write that lost to another, a press by someone else, scores refused, scores saved. */
export type EvaluationNotice = 'closed' | 'changed' | 'notEvaluator' | 'invalid' | 'saved';

/** The request to evaluate, as one evaluator sees it now. */
export interface EvaluationRequestData {
  /** The round, as the evaluator sees it: their own part only. */
  round: RoundView;
  /** The evaluator's row (the card's buttons carry its id only). */
  rowId: string;
  /** The evaluator's Teams user id: the card refreshes for them. */
  evaluatorUserId: string;
  notice?: EvaluationNotice;
  errors?: RoundFinding[];
  /** What they chose before a refusal, kept in the form. */
  previous?: string[];
}

/** How the request looks in Teams (src/teams/evaluation-messages.ts). */
export interface EvaluationComposer {
  request(data: EvaluationRequestData, locale: Locale): OutgoingMessage;
}

export interface EvaluationNoticesDeps {
  service: ProgrammeService;
  conversations: ConversationStore;
  cards: SentCardStore;
  messenger: Messenger;
  compose: EvaluationComposer;
  log: Logger;
  locale?: LocaleSetting;
}

/** What became of an evaluation request: sent to the evaluator's chat, or why not. */
export type EvaluationRequestOutcome = 'sent' | 'external' | 'notInstalled' | 'notSent';

/** The subject of an evaluator's cards in the SentCardStore. */
export const evaluationSubject = (rowId: string): string => `evaluation:${rowId}`;

/**
 * Who hears of an evaluation round: each staff evaluator gets the request in their personal chat (with
 * the programme's scale and the perspective's aspect), again as a reminder while they have not
 * answered; every copy is kept current (answered, closed); the reminder is the ledger's (roundReminders). Outside evaluators have no chat: the office
 * enters their scores in the tab.
 */
export class EvaluationNotices {
  constructor(private readonly deps: EvaluationNoticesDeps) {}

  /**
   * Sends the request to the evaluator's chat and records the copy. Says why not otherwise: an outside
   * evaluator has no chat (the office enters their scores), a staff evaluator without a chat with the
   * bot has not added SkillSteps in Teams (the office contacts them; the reminder goes through the
   * ledger: evaluation-rounds' roundReminders), and a send Teams refused is logged.
   */
  async request(roundId: string, rowId: string): Promise<EvaluationRequestOutcome> {
    const e = this.deps.service.current();
    const row = e?.snapshot.records.submissions.find((s) => s.itemId === rowId && s.fact.kind === 'evaluation');
    if (!row || row.fact.kind !== 'evaluation') return 'notSent';
    if (row.fact.external) return 'external';
    const chat = await this.deps.conversations.personal(row.subjectUpn);
    if (!chat) return 'notInstalled';
    const round = roundFor(this.deps.service, roundId, { upn: row.subjectUpn, office: false });
    if (!round) return 'notSent';
    const message = this.deps.compose.request({ round, rowId, evaluatorUserId: chat.teamsUserId ?? `unknown:${row.subjectUpn}` }, this.localeFor(chat));
    try {
      const { id } = await this.deps.messenger.send(chat, message);
      await this.deps.cards.add(evaluationSubject(rowId), { conversationKey: chat.key, activityId: id, viewerUpn: row.subjectUpn, sentAt: new Date().toISOString() });
      this.deps.log.log('info', 'evaluation requested', { round: roundId, row: rowId });
      return 'sent';
    } catch (err) {
      this.deps.log.log('warn', 'evaluation request not sent', { round: roundId, row: rowId, error: err instanceof Error ? err.message : String(err) });
      return 'notSent';
    }
  }

  /** The card as the evaluator of `rowId` should see it now. */
  async requestFor(roundId: string, rowId: string, evaluatorUpn: string, extra: Pick<EvaluationRequestData, 'notice' | 'errors' | 'previous'> = {}): Promise<EvaluationRequestData | undefined> {
    const round = roundFor(this.deps.service, roundId, { upn: evaluatorUpn.toLowerCase(), office: false });
    if (!round) return undefined;
    const chat = await this.deps.conversations.personal(evaluatorUpn);
    return { round, rowId, evaluatorUserId: chat?.teamsUserId ?? `unknown:${evaluatorUpn}`, ...extra };
  }

  /** Updates every recorded copy of an evaluator's card but the one being answered; a copy that cannot be updated is logged and left. */
  async updateCopies(roundId: string, rowId: string, evaluatorUpn: string, except?: { conversationKey: string; activityId?: string }): Promise<number> {
    const copies = await this.deps.cards.of(evaluationSubject(rowId));
    const data = await this.requestFor(roundId, rowId, evaluatorUpn);
    if (!data) return 0;
    let updated = 0;
    for (const copy of copies) {
      if (except && copy.conversationKey === except.conversationKey && copy.activityId === except.activityId) continue;
      try {
        const conversation = await this.deps.conversations.get(copy.conversationKey);
        if (!conversation) continue;
        await this.deps.messenger.update(conversation, copy.activityId, this.deps.compose.request(data, this.localeFor(conversation)));
        updated++;
      } catch (err) {
        this.deps.log.log('warn', 'evaluation card not updated', { row: rowId, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return updated;
  }

  private localeFor(conversation: StoredConversation): Locale {
    return localeOfConversation(conversation, this.deps.locale);
  }
}
