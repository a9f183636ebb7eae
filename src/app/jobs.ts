import { nextWorkingDay } from '../domain/fiscal-calendar';
import { addDays } from '../domain/local-date';
import type { ReminderPolicy } from '../domain/programme';
import type { ConversationStore, DigestLog, JobRun, Logger, Messenger, NominationStore, OutgoingMessage, ReminderLedger, SentCardStore, StoredConversation, WorkQueue } from '../ports';
import { digestWeek, postDigests, type DigestData } from './digest';
import { reconcileApprovals } from './nomination-decisions';
import type { NominationNotices } from './nomination-notices';
import { remindApprovers } from './nomination-reminders';
import type { ProgrammeService } from './programme-service';
import { planToday, requeueStale, type SendJob } from './reminders';
import type { SenderStats } from './reminder-sender';
import { dailyJob, everyJob, type ScheduledJob, type Scheduler } from './scheduler';
import type { SendPacer } from './send-pacer';
import type { JobsView } from './views';

const JA = new Intl.Collator('ja');

export interface ProgrammeJobsDeps {
  service: ProgrammeService;
  nominations: NominationStore;
  ledger: ReminderLedger;
  queue: WorkQueue<SendJob>;
  conversations: ConversationStore;
  digests: DigestLog;
  messenger: Messenger;
  clock: { now(): Date; today(): string };
  /** The weekly digest's card (src/teams/digest-message.ts). */
  composeDigest: (data: DigestData, conversation: StoredConversation) => OutgoingMessage;
  /** Shared with the reminder sender: together inside Teams' limits. */
  pacer: SendPacer;
  instanceId: string;
  tabUrl: string;
  log: Logger;
  /** Approvers reminded of nominations that have waited this many working days (SKILLSTEPS_APPROVAL_REMINDER_DAYS). */
  approvals?: { days: number; notices: Pick<NominationNotices, 'requestApproval'>; cards: Pick<SentCardStore, 'notes' | 'putNotes'> };
}

/**
 * The programme's scheduled jobs (the scheduler runs them on one instance at a time): reminders
 * planned once per working day inside the send window, stale sends put back every 5 minutes, the
 * weekly channel digest (checked every 10 minutes; posted on the programme's day, once per 部),
 * approvals whose Roles item is missing repaired every 15 minutes, approvers of nominations that
 * have waited too long reminded once per working day.
 */
export function programmeJobs(deps: ProgrammeJobsDeps): ScheduledJob[] {
  const { service, clock } = deps;
  const planning = { service, ledger: deps.ledger, queue: deps.queue, clock };
  const log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void => deps.log.log(level, message, fields);
  return [
    dailyJob('reminders-plan', () => clock.today(), async () => {
      const r = await planToday(planning);
      // Outside the send window or before the first sync: try again on a later tick today.
      return { done: r.skipped !== 'outsideSendWindow' && r.skipped !== 'notSynced', summary: { ...r } };
    }),
    everyJob('reminders-requeue', 5, async () => ({ done: true, summary: { requeued: await requeueStale(planning) } })),
    // The programme's digest day and hour (programme.digest); postDigests checks them and the week's log itself.
    everyJob('channel-digest', 10, async () => {
      const r = await postDigests(
        { service, conversations: deps.conversations, digests: deps.digests, messenger: deps.messenger, clock, compose: deps.composeDigest, instanceId: deps.instanceId, pacer: deps.pacer, log },
        { tabUrl: deps.tabUrl },
      );
      const count = (o: string): number => r.departments.filter((d) => d.outcome === o).length;
      return { done: true, summary: { week: r.week, skipped: r.skipped, sent: count('sent'), failed: count('failed'), alreadySent: count('alreadySent') } };
    }),
    everyJob('nominations-reconcile', 15, async () => ({ done: true, summary: { added: await reconcileApprovals(service, deps.nominations, clock) } })),
    dailyJob('nominations-remind', () => clock.today(), async () => {
      const approvals = deps.approvals;
      if (!approvals) return { done: true, summary: { skipped: 'off' } };
      const r = await remindApprovers({ service, notices: approvals.notices, cards: approvals.cards, clock, days: approvals.days, log: deps.log });
      return { done: r.skipped !== 'notSynced', summary: { ...r } };
    }),
  ];
}

export interface JobsViewDeps {
  /** The programme's send window and closed days (a scheduled reminder waits for the next window). */
  reminders: ReminderPolicy;
  scheduler: Pick<Scheduler, 'view'>;
  sender: { instanceId: string; running(): boolean; stats: SenderStats };
  ledger: Pick<ReminderLedger, 'ofDay'>;
  queue: Pick<WorkQueue<SendJob>, 'approximateCount'>;
  digests: Pick<DigestLog, 'ofWeek'>;
  clock: { now(): Date; today(): string };
}

/** The office's job status (運用状況): the scheduler from the shared history, today's reminders, the queue, this week's digests. */
export async function jobsView(deps: JobsViewDeps): Promise<JobsView> {
  const day = deps.clock.today();
  const week = digestWeek(day);
  // Scheduled reminders are filed under the day they go out: today's (asked for before the window
  // opened) or the next working day's.
  const nextDay = nextWorkingDay(addDays(day, 1), new Set(deps.reminders.closedDays));
  const [view, entries, nextEntries, queued, digests] = await Promise.all([
    deps.scheduler.view(),
    deps.ledger.ofDay(day),
    deps.ledger.ofDay(nextDay, ['planned']),
    deps.queue.approximateCount(),
    deps.digests.ofWeek(week),
  ]);
  const counts = { planned: 0, sending: 0, sent: 0, failed: 0 };
  for (const e of entries) counts[e.state]++;
  const now = deps.clock.now().getTime();
  const waiting = [...entries, ...nextEntries].filter((e) => e.state === 'planned' && e.notBefore && Date.parse(e.notBefore) > now).map((e) => e.notBefore!).sort();
  return {
    now: deps.clock.now().toISOString(),
    scheduler: view,
    sender: { instanceId: deps.sender.instanceId, running: deps.sender.running(), stats: { ...deps.sender.stats } },
    remindersToday: { day, ...counts },
    queued,
    remindersScheduled: { count: waiting.length, ...(waiting[0] ? { sendAt: waiting[0] } : {}) },
    digests: { week, entries: digests.sort((a, b) => JA.compare(a.department, b.department)) },
  };
}

/** A job run on demand, by name (the office's tools, tests). */
export async function runJobNamed(scheduler: Pick<Scheduler, 'runJob'>, jobs: readonly ScheduledJob[], name: string): Promise<JobRun> {
  const job = jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no job named ${name}`);
  return scheduler.runJob(job);
}
