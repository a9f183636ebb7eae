import { isWorkingDay } from '../domain/fiscal-calendar';
import { addDays, daysBetween, jstDate, type LocalDate } from '../domain/local-date';
import { inSendWindow, nextSendTime, planReminders, type PlannedReminder, type ReminderItem } from '../domain/reminder-planner';
import type { Clock, ConversationStore, ReminderEntry, ReminderLedger, WorkQueue } from '../ports';
import type { ProgrammeService } from './programme-service';

/** What the send queue carries: which ledger entry to deliver. The entry holds the content. */
export interface SendJob {
  day: LocalDate;
  upn: string;
}

/** The ledger key of an entry, also put on the message (channelData) so deliveries can be traced. */
export const entryKey = (day: LocalDate, upn: string): string => `${day}|${upn}`;

export interface PlanningDeps {
  service: ProgrammeService;
  ledger: ReminderLedger;
  queue: WorkQueue<SendJob>;
  clock: Clock;
}

export interface PlanningResult {
  day: LocalDate;
  /** Why nothing was planned, when nothing was. */
  skipped?: 'closedDay' | 'outsideSendWindow' | 'notSynced';
  /** People the planner chose today. */
  planned: number;
  /** Of those, new ledger entries queued now (the rest were planned earlier today). */
  queued: number;
  /** Entries planned earlier that had not left the queue, put on it again by the sweep. */
  requeued: number;
  ms: number;
}

/**
 * The daily reminder job: plans who gets what today (domain/reminder-planner), records each
 * message in the ledger first and only then queues it. A second run the same day (another instance,
 * a restart) finds the entries there and queues nothing twice. A crash between recording and
 * queueing leaves an entry "planned" that is not on the queue: the sweep (`requeueStale`) puts it
 * back, so nothing is lost; the sender skips entries already sent, so a message queued twice is
 * delivered once.
 */
export async function planToday(deps: PlanningDeps, options: { concurrency?: number; requeueAfterMs?: number } = {}): Promise<PlanningResult> {
  const started = Date.now();
  const day = deps.clock.today();
  const policy = deps.service.programme.reminders;
  const base = { day, planned: 0, queued: 0, requeued: 0 };
  if (!isWorkingDay(day, new Set(policy.closedDays))) return { ...base, skipped: 'closedDay', ms: Date.now() - started };
  if (!inSendWindow(policy, deps.clock.now())) return { ...base, skipped: 'outsideSendWindow', ms: Date.now() - started };
  const e = deps.service.current();
  if (!e) return { ...base, skipped: 'notSynced', ms: Date.now() - started };

  // Everything the planner must not repeat lies within the longest interval of the policy.
  const lookback = Math.max(...policy.leadDays, policy.overdueEveryDays, policy.undatedEveryDays, policy.minIntervalDays) + 7;
  const [history, mutedUntil] = await Promise.all([deps.ledger.history(addDays(day, -lookback)), deps.ledger.mutes()]);
  const plan = planReminders(e.people, policy, day, { ...history, mutedUntil });
  const plannedAt = deps.clock.now().toISOString();
  let queued = 0;
  await forEachLimited(plan, options.concurrency ?? 16, async (p) => {
    if (await deps.ledger.plan(entryFor(day, p, plannedAt))) {
      await deps.queue.send({ day, upn: p.upn });
      queued++;
    }
  });
  const requeued = await requeueStale(deps, options.requeueAfterMs);
  return { day, planned: plan.length, queued, requeued, ms: Date.now() - started };
}

/**
 * Puts back on the queue today's entries still "planned" long after they were planned: their queue
 * message was never written (a crash) or gave up. Duplicates on the queue are harmless (the sender
 * claims the entry with its ETag and skips entries no longer planned).
 */
export async function requeueStale(deps: Omit<PlanningDeps, 'service'>, afterMs = 10 * 60_000): Promise<number> {
  const now = deps.clock.now().getTime();
  let n = 0;
  for (const entry of await deps.ledger.ofDay(deps.clock.today(), ['planned'])) {
    if (now - Date.parse(entry.plannedAt) < afterMs) continue;
    // Waiting for the send window: its message is hidden until then, nothing is stale.
    if (entry.notBefore && Date.parse(entry.notBefore) > now) continue;
    const touched = await deps.ledger.update(entry, { plannedAt: new Date(now).toISOString() });
    if (!touched) continue; // a sender claimed it meanwhile
    await deps.queue.send({ day: entry.day, upn: entry.upn });
    n++;
  }
  return n;
}

export type ManualReminderResult =
  /** `sendAt`: when it goes out — now inside the send window, else when the next window opens. */
  | { ok: true; day: LocalDate; items: number; sendAt: string; scheduled: boolean }
  | { ok: false; code: 'NOTHING_PENDING' | 'ALREADY_TODAY' | 'MUTED' | 'NOT_FOUND' | 'NOT_INSTALLED'; message: string };

/** A reminder from the tab also needs the person's chat: without the app installed there is nowhere to send it. */
export interface ManualReminderDeps extends PlanningDeps {
  conversations: Pick<ConversationStore, 'personal'>;
}

/**
 * A section manager (or the office) reminds one person now, from the tab: everything still missing
 * for them, as one message, through the same ledger and queue (so at most one reminder a day, and
 * nothing twice). Who may do it is checked by the caller (access.canSeePerson).
 */
export async function remindNow(deps: ManualReminderDeps, upn: string, requestedBy: string): Promise<ManualReminderResult> {
  const person = deps.service.current()?.byUpn.get(upn.toLowerCase());
  return remindAbout(
    deps,
    upn,
    (day) =>
      (person?.nextActions ?? []).map((m) => ({
        key: `${person!.upn}|manual|${day}|${m.role ?? m.certification ?? ''}/${m.step ?? ''}/${m.courseId ?? m.label.ja}`,
        reason: m.due && m.due < day ? 'overdue' : m.due ? 'dueSoon' : 'pending',
        label: m.label,
        evidence: m.evidence,
        due: m.due,
        daysLeft: m.due ? daysBetween(day, m.due) : undefined,
        courseId: m.courseId,
        url: m.url,
        role: m.role,
        step: m.step,
      })),
    requestedBy,
  );
}

/**
 * Reminds one person now about the items given (worked out for the day it goes out): their own
 * pending items (remindNow), or what the office asks of them — a successor to nominate, reports
 * waiting for their confirmation. The same ledger and queue as every reminder: at most one message a
 * person a day, never twice, never outside the send window, not to someone who muted reminders.
 */
export async function remindAbout(deps: ManualReminderDeps, upn: string, itemsFor: (day: LocalDate) => ReminderItem[], requestedBy: string): Promise<ManualReminderResult> {
  const e = deps.service.current();
  const person = e?.byUpn.get(upn.toLowerCase());
  if (!person) return { ok: false, code: 'NOT_FOUND', message: `${upn} は職員名簿にいません` };
  if (!(await deps.conversations.personal(person.upn))) {
    return { ok: false, code: 'NOT_INSTALLED', message: `${person.name} さんはまだ Teams で SkillSteps を追加していないため、リマインドを送れません` };
  }
  // Never outside the programme's send window (working days, working hours, not a holiday): a reminder
  // asked for at night goes out when the next window opens, and is counted on that day.
  const now = deps.clock.now();
  const sendAt = nextSendTime(deps.service.programme.reminders, now);
  const scheduled = sendAt.getTime() > now.getTime();
  const day = scheduled ? jstDate(sendAt) : deps.clock.today();
  const muted = (await deps.ledger.mutes()).get(person.upn);
  if (muted && muted >= day) return { ok: false, code: 'MUTED', message: `${person.name} さんは ${muted} までリマインドを止めています` };
  const items = itemsFor(day);
  if (items.length === 0) return { ok: false, code: 'NOTHING_PENDING', message: `${person.name} さんに未完了の研修はありません` };
  const reminder: PlannedReminder = { upn: person.upn, name: person.name, items };
  const entry = { ...entryFor(day, reminder, now.toISOString(), requestedBy), ...(scheduled ? { notBefore: sendAt.toISOString() } : {}) };
  if (!(await deps.ledger.plan(entry))) {
    const when = scheduled ? `${day} にはすでにリマインドを送る予定です` : '今日すでにリマインドを送りました';
    return { ok: false, code: 'ALREADY_TODAY', message: `${person.name} さんには${when}（1 日 1 回まで）` };
  }
  await deps.queue.send({ day, upn: person.upn }, scheduled ? { delaySeconds: (sendAt.getTime() - now.getTime()) / 1000 } : {});
  return { ok: true, day, items: items.length, sendAt: sendAt.toISOString(), scheduled };
}

/** What the ledger keeps of a planned reminder: the items as JSON, so the sender needs no evaluation. */
export interface ReminderPayload {
  reminder: PlannedReminder;
  /** Set when a manager sent it from the tab. */
  requestedBy?: string;
}

function entryFor(day: LocalDate, p: PlannedReminder, plannedAt: string, requestedBy?: string): Omit<ReminderEntry, 'state' | 'attempts' | 'etag'> {
  const payload: ReminderPayload = { reminder: p, requestedBy };
  return { day, upn: p.upn, itemKeys: p.items.map((i) => i.key), payload: JSON.stringify(payload), plannedAt };
}

/** Runs `work` over items with at most `limit` at a time. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
