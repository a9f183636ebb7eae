import { canSeeSection, type Unit } from '../../app/access';
import { decideNomination } from '../../app/nomination-decisions';
import { nominationOptions } from '../../app/nomination-options';
import { nominate } from '../../app/nominations';
import type { NominationFinding } from '../../domain/nomination-rules';
import type { StoredNomination } from '../../ports';
import type { NominationNotice } from '../../app/nomination-notices';
import { label } from '../../i18n/cards';
import { nominationFormCard, nominationRequestCard, noticeCard, REASON_MAX_LENGTH } from '../cards';
import type { Reply, Turn } from '../turn';
import { notice } from './notices';

interface FormState {
  values: { nominee?: string; role?: string; reason?: string; replaces?: string };
  check: { errors: NominationFinding[]; warnings: NominationFinding[] };
}

/** What the nomination form sends (nomination.submit): the section and the inputs. */
export interface NominationSubmission {
  section: string;
  confirmWarnings: boolean;
  nominee: string;
  role: string;
  reason: string;
  replaces: string;
}

/** The section a caller may nominate in: the one asked for (if they may), else their own. */
function unitFor({ e, scope }: Turn, section: string | undefined): Unit | undefined {
  if (section) {
    const member = e.snapshot.staff.find((s) => s.section === section);
    const unit = scope.sections.find((s) => s.section === section) ?? (member ? { department: member.department, section } : undefined);
    return unit && canSeeSection(scope, unit) ? unit : undefined;
  }
  if (scope.sections.length > 0) return scope.sections[0];
  if (scope.office && scope.staff) return { department: scope.staff.department, section: scope.staff.section };
  return undefined;
}

/** 「推薦」: the form for a section the caller may nominate in. */
export function nominationForm(turn: Turn, section: string | undefined, previous?: FormState): Reply {
  const unit = unitFor(turn, section);
  if (!unit) return notice('warning', 'nominationRefused', 'noticeNotManagerText', turn.locale);
  const options = nominationOptions(turn.deps.service.programme, turn.e, unit);
  return nominationFormCard(
    {
      section: unit.section,
      roles: options.roles,
      candidates: options.candidates,
      tabUrl: turn.deps.tabUrl,
      ...(previous ? { previous: previous.values, check: previous.check } : {}),
    },
    turn.locale,
  );
}

/**
 * The form sent: the rules checked (the form comes back with what is wrong, or the warnings to
 * confirm), the nomination recorded, the approver asked in chat, and the form becomes the
 * nominator's copy of the request.
 */
export async function submitNomination(turn: Turn, data: NominationSubmission): Promise<Reply> {
  const { deps, scope, locale } = turn;
  const values = { nominee: data.nominee, role: data.role, reason: data.reason.slice(0, REASON_MAX_LENGTH), replaces: data.replaces };
  const missing: NominationFinding[] = [];
  if (!data.nominee) missing.push({ code: 'NOMINATION.NOMINEE_UNKNOWN', message: label('noticeChooseNomineeText') });
  if (!data.role) missing.push({ code: 'NOMINATION.ROLE_NOT_NOMINATED', message: label('chooseRole') });
  if (missing.length > 0) return nominationForm(turn, data.section, { values, check: { errors: missing, warnings: [] } });
  const unit = unitFor(turn, data.section);
  if (!unit) return notice('warning', 'nominationRefused', 'noticeNotManagerText', locale);

  const result = await nominate(
    deps.service,
    deps.nominations,
    scope,
    { nomineeUpn: data.nominee, role: data.role, section: unit.section, replacesUpn: data.replaces || undefined, reason: values.reason, confirmWarnings: data.confirmWarnings },
    deps.clock.now(),
    deps.officeApproverUpn,
  );
  const latest: Turn = { ...turn, e: deps.service.current() ?? turn.e };
  if (!result.check.ok || result.needsConfirmation) {
    return nominationForm(latest, unit.section, { values, check: { errors: result.check.errors, warnings: result.check.warnings } });
  }
  const id = result.created!.id;
  deps.log.log('info', 'nomination created', { id, role: data.role, by: scope.caller.upn, via: 'bot' });
  const request = await deps.notices.requestApproval(id, result.check.warnings);
  const stored = await deps.nominations.get(id);
  if (!request.sent || !stored) {
    const approver = latest.e.snapshot.staffByUpn.get(result.check.approverUpn ?? '')?.name ?? result.check.approverUpn ?? '';
    return noticeCard({ kind: 'warning', title: label('noticeNominatedTitle'), text: label('noticeApproverUnreachableText', { approver }) }, locale);
  }
  // The form becomes the nominator's copy of the request: it follows the decision from here on.
  if (turn.conversationKey) await deps.notices.recordCopy(id, turn.conversationKey, turn.ctx.activity.replyToId, scope.caller.upn);
  return requestCard(turn, stored);
}

/**
 * 承認 / 却下: decided by the use case (re-read, the presser checked against the approver, If-Match),
 * every other copy updated, and on approval the nominee and the channel told.
 */
export async function decide(turn: Turn, nominationId: string, decision: 'approve' | 'reject', comment: string): Promise<Reply> {
  const { deps, who, locale } = turn;
  const result = await decideNomination(deps.service, deps.nominations, deps.clock, { nominationId, decision, comment, deciderUpn: who.upn });
  const here = { conversationKey: turn.conversationKey ?? '', activityId: turn.ctx.activity.replyToId };
  if (!result.ok) {
    deps.log.log('info', 'nomination decision refused', { id: nominationId, code: result.code, by: who.upn });
    if (!result.nomination) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('noticeNominationNotFoundText') }, locale);
    if (result.code === 'NOT_PENDING') await deps.notices.updateCopies(result.nomination, here);
    const noticeKind = result.code === 'NOT_APPROVER' ? 'notApprover' : result.nomination.status === 'pending' ? 'changed' : 'notPending';
    return requestCard(turn, result.nomination, noticeKind);
  }
  const stored = result.nomination;
  deps.log.log('info', 'nomination decided', { id: stored.id, status: stored.status, by: who.upn, roleItem: result.roleItemId });
  await deps.notices.updateCopies(stored, here);
  if (stored.status === 'approved') await deps.notices.announceApproval(stored);
  return requestCard(turn, stored);
}

/** The card's refresh (the approver's copy, and 「最新の状態を表示」): the item as it is now. */
export async function refresh(turn: Turn, nominationId: string): Promise<Reply> {
  const stored = await turn.deps.nominations.get(nominationId);
  if (!stored) return noticeCard({ kind: 'warning', title: label('noticeErrorTitle'), text: label('noticeNominationNotFoundText') }, turn.locale);
  return requestCard(turn, stored);
}

async function requestCard(turn: Turn, stored: StoredNomination, notice?: NominationNotice): Promise<Reply> {
  const data = await turn.deps.notices.requestFor(stored, { viewerUpn: turn.who.upn, ...(notice ? { notice } : {}) });
  return nominationRequestCard(data, turn.locale);
}
