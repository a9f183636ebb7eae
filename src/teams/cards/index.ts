/**
 * The bot's Adaptive Cards: JSON templates in templates/ (schema 1.5) expanded with typed data.
 * Every builder takes domain or app data and a locale ('ja' by default, 'en') and returns the card
 * JSON; toAttachment wraps it for botbuilder. The action contract is in actions.ts.
 */
export * from './actions';
export { helpCard, type HelpCardData } from './help-card';
export { myStepCard, MY_STEP_MAX_ITEMS } from './my-step-card';
export { pendingCard, PENDING_MAX_ITEMS, type PendingCardOptions } from './pending-card';
export { reminderCard, reasonText, REMINDER_MAX_ITEMS } from './reminder-card';
export { digestCard, DIGEST_MAX_ROLES, DIGEST_TOP_PENDING, type DigestCardData } from './digest-card';
export { nominationFormCard, NOMINATION_MAX_CANDIDATES, REASON_MAX_LENGTH, type NominationFormData, type NominationFormRole } from './nomination-form-card';
export { nominationRequestCard, type NominationNotice, type NominationRequestCardData } from './nomination-request-card';
export { firstStepOf, nomineeWelcomeCard, WELCOME_MAX_ITEMS, type FirstStep, type NomineeWelcomeCardData } from './nominee-welcome-card';
export { channelAnnouncementCard, type ChannelAnnouncementCardData } from './channel-announcement-card';
export { awardAnnouncementCard, awardNoticeCard } from './award-card';
export { evaluationRequestCard } from './evaluation-card';
export { channelSetupCard, CHANNEL_SETUP_MAX_DEPARTMENTS, type ChannelSetupCardData } from './channel-setup-card';
export { noticeCard, type NoticeCardData, type NoticeKind } from './notice-card';
export { reportChooseCard, reportFormCard, REPORT_MAX_ITEMS, type ReportFormCardData } from './report-form-card';
export { changeLine, reportRequestCard, reportRequestSummary, reportResultCard, reportResultTitle } from './report-request-card';
export {
  ADAPTIVE_CARD_CONTENT_TYPE,
  CARD_BUDGET_BYTES,
  CARD_VERSION,
  TEAMS_CARD_LIMIT_BYTES,
  cardBytes,
  toAttachment,
  type AdaptiveCardJson,
} from './render';
