import { isWorkingDay, workingDaysBetween } from '../domain/fiscal-calendar';
import { jstDate } from '../domain/local-date';
import type { Clock, Logger, SentCardStore } from '../ports';
import type { NominationNotices } from './nomination-notices';
import type { ProgrammeService } from './programme-service';

export interface ApprovalReminderDeps {
  service: ProgrammeService;
  notices: Pick<NominationNotices, 'requestApproval'>;
  /** Where the last reminder of each nomination is kept (its notes), so one is sent every `days`, not every run. */
  cards: Pick<SentCardStore, 'notes' | 'putNotes'>;
  clock: Clock;
  /** Working days a nomination waits before its approver is reminded (and between reminders); 0: never. */
  days: number;
  log: Logger;
}

/** The key of a nomination's last reminder in the SentCardStore's notes. */
const reminderKey = (id: string): string => `approval-reminder:${id}`;

/**
 * Approvers of nominations that have waited `days` working days (counted as the programme counts
 * them: weekends, holidays and its closed days left out) get the request card again in their chat,
 * saying how long it has waited — on working days only, and again only after another `days` working
 * days. The card is a copy like any other: a decision updates it.
 */
export async function remindApprovers(deps: ApprovalReminderDeps): Promise<{ checked: number; reminded: number; notReached: number; skipped?: string }> {
  const e = deps.service.current();
  if (!e) return { checked: 0, reminded: 0, notReached: 0, skipped: 'notSynced' };
  if (deps.days <= 0) return { checked: 0, reminded: 0, notReached: 0, skipped: 'off' };
  const today = deps.clock.today();
  const closed = new Set(deps.service.programme.reminders.closedDays);
  if (!isWorkingDay(today, closed)) return { checked: 0, reminded: 0, notReached: 0, skipped: 'closedDay' };
  let checked = 0;
  let reminded = 0;
  let notReached = 0;
  for (const n of e.snapshot.records.nominations) {
    if (n.status !== 'pending' || !n.itemId) continue;
    const waited = workingDaysBetween(jstDate(new Date(n.requestedAt)), today, closed);
    if (waited < deps.days) continue;
    checked++;
    const last = await deps.cards.notes(reminderKey(n.itemId));
    if (last && workingDaysBetween(last, today, closed) < deps.days) continue;
    const sent = await deps.notices.requestApproval(n.itemId, undefined, { waitingDays: waited, onlyPending: true }).catch((err: unknown) => {
      deps.log.log('warn', 'approval reminder not sent', { nomination: n.itemId, error: err instanceof Error ? err.message : String(err) });
      return { sent: false as const };
    });
    if (sent.sent) {
      await deps.cards.putNotes(reminderKey(n.itemId), today);
      reminded++;
    } else notReached++;
  }
  return { checked, reminded, notReached };
}
