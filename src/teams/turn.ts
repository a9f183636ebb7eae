import type { TurnContext } from 'botbuilder';
import type { Scope } from '../app/access';
import type { LocaleSetting } from '../app/conversation-locale';
import type { NominationNotices } from '../app/nomination-notices';
import type { EvaluationNotices } from '../app/evaluation-notices';
import type { ReportNotices } from '../app/report-notices';
import type { Evaluated, ProgrammeService } from '../app/programme-service';
import type { Locale } from '../domain/label';
import type { Clock, ConversationStore, EvidenceStore, Logger, NominationStore, ReminderLedger, SubmissionStore } from '../ports';
import type { AdaptiveCardJson } from './cards';

/** Who sent an activity, as Teams says (TeamsInfo.getMember): the UPN is what the lists key people by. */
export interface Identity {
  upn: string;
  aadObjectId?: string;
  name?: string;
}

/** What the bot works with; the composition root (src/server/main.ts) builds it. */
export interface BotDeps {
  service: ProgrammeService;
  nominations: NominationStore;
  conversations: ConversationStore;
  ledger: ReminderLedger;
  notices: NominationNotices;
  /** Reports by staff: where they are kept, the evidence files, and who hears of them. */
  submissions: SubmissionStore;
  evidence: EvidenceStore;
  reportNotices: ReportNotices;
  /** Evaluation rounds: the evaluators' cards. */
  evaluationNotices: EvaluationNotices;
  clock: Clock;
  log: Logger;
  /** Where cards link to (the personal tab). */
  tabUrl: string;
  /** The programme office in chat (SKILLSTEPS_OFFICE_UPNS): may map channels, nominate anywhere. */
  officeUpns: ReadonlySet<string>;
  officeApproverUpn?: string;
  /** The cards' language: 'auto' follows the activity's locale. */
  locale?: LocaleSetting;
  /** How the sender is identified; default TeamsInfo.getMember, cached per Teams user id. */
  identify?: (ctx: TurnContext) => Promise<Identity | undefined>;
}

/**
 * One message or card action, as every command and verb handler sees it: the sender (from Teams,
 * never from the card), what they may see, the programme as last evaluated, and their language.
 */
export interface Turn {
  deps: BotDeps;
  ctx: TurnContext;
  e: Evaluated;
  who: Identity;
  scope: Scope;
  locale: Locale;
  /** The store key of the conversation the activity came from (`user:<upn>`, `channel:…`, `chat:…`). */
  conversationKey?: string;
}

/** What a handler answers with: the card that replies to the message or replaces the pressed card. */
export type Reply = AdaptiveCardJson;
