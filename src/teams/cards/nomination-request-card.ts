import type { NominationNotice, NominationRequestData } from '../../app/nomination-notices';
import type { NominationView } from '../../app/views';
import type { Locale } from '../../domain/label';
import { clip, formatDateTimeWithWeekday } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { REASON_MAX_LENGTH } from './nomination-form-card';
import { base, expand, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/nomination-request.json';

/** The approver's card for one nomination, for one viewer (the data NominationNotices prepares). */
export type NominationRequestCardData = NominationRequestData;
export type { NominationNotice };

type Style = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
type Color = 'Default' | 'Good' | 'Attention' | 'Warning' | 'Accent';

interface NominationRequestTemplate extends TemplateBase {
  nominationId: string;
  approverUserId: string;
  hasNotice: boolean;
  noticeText: string;
  summary: string;
  facts: Array<{ title: string; value: string }>;
  reason: string;
  reasonMissing: boolean;
  hasWarnings: boolean;
  warnings: Array<{ text: string }>;
  showStatus: boolean;
  statusStyle: Style;
  statusText: string;
  statusColor: Color;
  hasDecidedBy: boolean;
  decidedByText: string;
  hasComment: boolean;
  comment: string;
  canDecide: boolean;
}

/**
 * The approval request: nominee (name, grade, 部/課), role, who nominated, the reason, when, and the
 * warnings. Pending: the approver sees a comment box and 承認 / 却下; anyone else 「承認待ち（承認者: …）」.
 * Decided: who decided, when, and the comment. The card refreshes for the approver (Action.Execute
 * nomination.refresh) so an old copy never offers buttons for a decided nomination.
 */
export function nominationRequestCard(data: NominationRequestCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  const n = data.nomination;
  if (!data.approverUserId) throw new Error('nominationRequestCard: approverUserId is required for the refresh');
  if (!n.id) throw new Error('nominationRequestCard: the nomination has no id');
  const role = pick(n.role.label, locale);
  const summary = t(locale, 'requestSummary', { nominee: n.nominee.name, role });
  const isApprover = !!data.viewerUpn && data.viewerUpn.toLowerCase() === n.approver.upn.toLowerCase();
  const canDecide = n.status === 'pending' && isApprover;
  const status = statusOf(n, locale);
  const warnings = (data.warnings ?? []).map((w) => ({ text: pick(w.message, locale) }));
  const reason = n.reason?.trim() ?? '';
  const comment = n.decisionComment?.trim() ?? '';
  const facts: Array<{ title: string; value: string }> = [
    { title: t(locale, 'factNominee'), value: n.nominee.grade ? t(locale, 'nameGrade', { name: n.nominee.name, grade: n.nominee.grade }) : n.nominee.name },
    { title: t(locale, 'section'), value: n.nominee.department ? t(locale, 'unitLine', { department: n.nominee.department, section: n.section }) : n.section },
    { title: t(locale, 'role'), value: role },
    ...(data.replaces ? [{ title: t(locale, 'factReplaces'), value: data.replaces.name }] : []),
    { title: t(locale, 'nominatedBy'), value: n.nominatedBy.name },
    { title: t(locale, 'requestedAt'), value: formatDateTimeWithWeekday(n.requestedAt, locale) },
    { title: t(locale, 'approver'), value: n.approver.name },
  ];
  return expand(template, {
    ...base(locale, summary),
    nominationId: n.id,
    approverUserId: data.approverUserId,
    hasNotice: data.notice !== undefined,
    noticeText: noticeText(data.notice, n.approver.name, locale, data.waitingDays),
    summary,
    facts,
    reason: reason ? clip(reason, REASON_MAX_LENGTH) : t(locale, 'noReason'),
    reasonMissing: !reason,
    hasWarnings: warnings.length > 0,
    warnings,
    showStatus: !canDecide,
    ...status,
    hasComment: comment !== '',
    comment: clip(comment, REASON_MAX_LENGTH),
    canDecide,
  } satisfies NominationRequestTemplate);
}

function noticeText(notice: NominationNotice | undefined, approver: string, locale: Locale, waitingDays = 0): string {
  switch (notice) {
    case 'waiting':
      return t(locale, 'noticeWaiting', { n: waitingDays });
    case 'notPending':
      return t(locale, 'noticeNotPending');
    case 'changed':
      return t(locale, 'noticeChanged');
    case 'notApprover':
      return t(locale, 'noticeNotApproverText', { approver });
    default:
      return '';
  }
}

function statusOf(
  n: NominationView,
  locale: Locale,
): { statusStyle: Style; statusText: string; statusColor: Color; hasDecidedBy: boolean; decidedByText: string } {
  const when = n.decidedAt ? formatDateTimeWithWeekday(n.decidedAt, locale) : '';
  const by = when ? t(locale, 'decidedBy', { who: n.approver.name, when }) : '';
  switch (n.status) {
    case 'pending':
      return { statusStyle: 'emphasis', statusText: t(locale, 'statusPendingOther', { approver: n.approver.name }), statusColor: 'Accent', hasDecidedBy: false, decidedByText: '' };
    case 'approved':
      return { statusStyle: 'good', statusText: t(locale, 'wasApproved'), statusColor: 'Good', hasDecidedBy: by !== '', decidedByText: by };
    case 'rejected':
      return { statusStyle: 'attention', statusText: t(locale, 'wasRejected'), statusColor: 'Attention', hasDecidedBy: by !== '', decidedByText: by };
    case 'withdrawn':
      return { statusStyle: 'emphasis', statusText: t(locale, 'wasWithdrawn'), statusColor: 'Default', hasDecidedBy: when !== '', decidedByText: when };
  }
}
