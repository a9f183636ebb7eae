import { fiscalYearOf, fiscalYearRange, isWorkingDay, nextWorkingDay } from './fiscal-calendar';
import type { Label } from './label';
import { addDays, daysBetween, jstDate, type LocalDate } from './local-date';
import type { ReminderPolicy } from './programme';
import type { MissingItem, PersonProgress } from './progress';

/** Why an item is in a reminder. */
export type ReminderReason = 'dueSoon' | 'overdue' | 'pending';

export interface ReminderItem {
  /** Stable per person and item and reminder occasion: what the ledger dedupes on. */
  key: string;
  reason: ReminderReason;
  label: Label;
  evidence: Label;
  /** Absent for items with no due date (reason 'pending'). */
  due?: LocalDate;
  /** Days until due (negative when overdue); absent when there is no due date. */
  daysLeft?: number;
  courseId?: string;
  url?: string;
  role?: string;
  step?: string;
}

/** One message to one person today, with every item it is about. */
export interface PlannedReminder {
  upn: string;
  name: string;
  items: ReminderItem[];
}

/** What was sent before, and who asked for quiet. */
export interface ReminderHistory {
  /** Keys of reminder items already sent (the ledger). */
  sentKeys: ReadonlySet<string>;
  /** The last day each person got a reminder. */
  lastSent: ReadonlyMap<string, LocalDate>;
  /** People who muted reminders, until (and including) a date. */
  mutedUntil: ReadonlyMap<string, LocalDate>;
}

/**
 * Who gets a reminder today, and about what. Nothing on weekends, national holidays, 12/29–1/3 or
 * the programme's closed days. An item is due soon on each of the policy's lead days before its
 * due date (14 and 3 days by default; a lead day that fell on a closed day is caught up on the next
 * working day), and overdue every `overdueEveryDays` after it; an item with no due date (most 全職員
 * steps) gets a nudge once in each `undatedEveryDays` period counted from 4/1. Each occasion has its own key, so
 * the ledger sends it once; a person gets at most one message a day, none within
 * `minIntervalDays` of the last one, none while muted; optional steps (希望者のみ) are never
 * reminded about (they are not in nextActions).
 */
export function planReminders(people: PersonProgress[], policy: ReminderPolicy, today: LocalDate, history: ReminderHistory): PlannedReminder[] {
  const closed = new Set(policy.closedDays);
  if (!isWorkingDay(today, closed)) return [];
  const leads = [...policy.leadDays].sort((a, b) => b - a);
  const out: PlannedReminder[] = [];
  for (const person of people) {
    const muted = history.mutedUntil.get(person.upn);
    if (muted && muted >= today) continue;
    const last = history.lastSent.get(person.upn);
    if (last && daysBetween(last, today) < Math.max(1, policy.minIntervalDays)) continue;
    const items: ReminderItem[] = [];
    for (const m of person.nextActions) {
      const item = occasion(person.upn, m, leads, policy, today);
      if (item && !history.sentKeys.has(item.key)) items.push(item);
    }
    if (items.length > 0) out.push({ upn: person.upn, name: person.name, items: items.sort(soonestFirst) });
  }
  return out;
}

/** The reminder occasion an item is at today, if any. */
function occasion(upn: string, m: MissingItem, leads: number[], policy: ReminderPolicy, today: LocalDate): ReminderItem | undefined {
  const id = itemId(m);
  const what = { label: m.label, evidence: m.evidence, courseId: m.courseId, url: m.url, role: m.role, step: m.step };
  if (!m.due) {
    if (policy.undatedEveryDays <= 0) return undefined;
    const fy = fiscalYearOf(today);
    const round = Math.floor(daysBetween(fiscalYearRange(fy).start, today) / policy.undatedEveryDays);
    return { ...what, key: `${upn}|${id}|FY${fy}|pending-${round}`, reason: 'pending' };
  }
  const daysLeft = daysBetween(today, m.due);
  const base = { ...what, due: m.due, daysLeft };
  if (daysLeft < 0) {
    // Overdue: once on the first working day after the due date, then every `overdueEveryDays`.
    const round = Math.floor((-daysLeft - 1) / Math.max(1, policy.overdueEveryDays));
    return { ...base, key: `${upn}|${id}|${m.due}|overdue-${round}`, reason: 'overdue' };
  }
  // Due soon: the closest lead day already reached (a lead day on a holiday is caught up later).
  const lead = [...leads].reverse().find((l) => daysLeft <= l);
  if (lead === undefined) return undefined;
  return { ...base, key: `${upn}|${id}|${m.due}|lead-${lead}`, reason: 'dueSoon' };
}

/** Dated items by days left; undated ones last. */
function soonestFirst(a: ReminderItem, b: ReminderItem): number {
  return (a.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.daysLeft ?? Number.MAX_SAFE_INTEGER);
}

function itemId(m: MissingItem): string {
  return `${m.role ?? m.certification ?? ''}/${m.step ?? ''}/${m.courseId ?? m.label.ja}`;
}

/**
 * The first moment from `now` at which a reminder may go out: now, when it is a working day inside
 * the send window; else the window's start on this day (before the window) or the next working day
 * (after it, or on a weekend, a holiday, the year-end closure or a closed day of the programme).
 */
export function nextSendTime(policy: ReminderPolicy, now: Date): Date {
  const closed = new Set(policy.closedDays);
  const today = jstDate(now);
  if (isWorkingDay(today, closed) && inSendWindow(policy, now)) return now;
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  const hhmm = `${String(jst.getUTCHours()).padStart(2, '0')}:${String(jst.getUTCMinutes()).padStart(2, '0')}`;
  const day = isWorkingDay(today, closed) && hhmm < policy.sendFrom ? today : nextWorkingDay(addDays(today, 1), closed);
  return new Date(`${day}T${policy.sendFrom}:00+09:00`);
}

/** Whether a moment (UTC instant) is inside the policy's send window in Japan. */
export function inSendWindow(policy: ReminderPolicy, now: Date): boolean {
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  const hhmm = `${String(jst.getUTCHours()).padStart(2, '0')}:${String(jst.getUTCMinutes()).padStart(2, '0')}`;
  return hhmm >= policy.sendFrom && hhmm < policy.sendUntil;
}
