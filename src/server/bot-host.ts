import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Request, RequestHandler, Response } from 'express';
import { SkillStepsBot } from '../teams/handler';
import { TeamsMessenger } from '../teams/messenger';
import { NominationCards, type ApprovalRequest } from '../teams/nomination-cards';
import { digestMessage } from '../teams/digest-message';
import { reminderMessage } from '../teams/reminder-message';
import { digestWeek, postDigests } from '../app/digest';
import { reconcileApprovals } from '../app/nomination-decisions';
import type { ProgrammeService } from '../app/programme-service';
import type { JobsView } from '../app/views';
import { ReminderSender } from '../app/reminder-sender';
import { planToday, remindNow, requeueStale, type ManualReminderResult, type SendJob } from '../app/reminders';
import { SendPacer, TEAMS_LIMITS } from '../app/send-pacer';
import type { AppConfig } from '../config';
import type { NominationFinding } from '../domain/nomination-rules';
import type { Clock, NominationStore } from '../ports/index';
import type { StateStorage } from '../state/storage';
import type { Logger } from './log';
import { dailyJob, everyJob, Scheduler, type ScheduledJob } from './scheduler';

const JA = new Intl.Collator('ja');

export type RemindResult = ManualReminderResult | { ok: false; code: 'NOT_INSTALLED'; message: string };

/** The bot on the one server: its endpoint, its proactive sender and its scheduled jobs. */
export interface BotHost {
  /** POST /api/messages: botbuilder checks the Bot Framework's token (none in local mode). */
  messages: RequestHandler;
  /** A reminder from the tab (所属 → リマインドを送る). */
  remind(upn: string, requestedBy: string): Promise<RemindResult>;
  /** A nomination made in the tab: the approver gets the card in chat. */
  nominated(id: string, warnings: readonly NominationFinding[]): Promise<ApprovalRequest>;
  jobs(): Promise<JobsView>;
  /** The scheduler's jobs by name, to run one now (tests, the office). */
  runJob(name: string): Promise<unknown>;
  start(): void;
  stop(): Promise<void>;
}

export interface BotHostDeps {
  config: AppConfig;
  service: ProgrammeService;
  nominations: NominationStore;
  state: StateStorage;
  clock: Clock;
  log: Logger;
  /** Anonymous Bot Framework traffic is accepted only in local mode (the local tenant, the Playground, tests). */
  local: boolean;
}

/**
 * Composes the bot: CloudAdapter with the Bot Framework authentication of the configuration (the
 * managed identity in Azure; none in local mode), the handler, the messenger, the reminder sender
 * (on the instance holding the `sender` lease) and the scheduler (on the instance holding the
 * `scheduler` lease): reminders planned once per working day inside the send window, stale sends
 * put back every 5 minutes, the weekly channel digest (checked every 10 minutes; posted on the
 * programme's day, once per 部), approvals whose Roles item is missing repaired every 15 minutes.
 */
export function createBotHost(deps: BotHostDeps): BotHost {
  const { config, service, state, clock, log } = deps;
  const bot = config.bot;
  if (!bot.appId && !deps.local) throw new Error('SKILLSTEPS_BOT_APP_ID を設定してください（ボットの Microsoft App ID。Azure ではマネージド ID のクライアント ID）');
  const auth = new ConfigurationBotFrameworkAuthentication(
    bot.appId
      ? {
          MicrosoftAppId: bot.appId,
          MicrosoftAppType: bot.appType,
          MicrosoftAppTenantId: bot.tenantId,
          ...(bot.appPassword ? { MicrosoftAppPassword: bot.appPassword } : {}),
        }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx: TurnContext, error: Error) => {
    log.log('error', 'bot turn failed', { error: error.message, activity: ctx.activity.type });
  };
  const messenger = new TeamsMessenger(adapter, bot.appId ?? '');
  const nominationCards = new NominationCards({
    service,
    nominations: deps.nominations,
    conversations: state.conversations,
    cards: state.cards,
    messenger,
    log,
    tabUrl: bot.tabUrl,
    locale: bot.locale,
  });
  const handler = new SkillStepsBot({
    service,
    nominations: deps.nominations,
    conversations: state.conversations,
    ledger: state.reminders,
    nominationCards,
    clock,
    log,
    tabUrl: bot.tabUrl,
    officeUpns: new Set(bot.officeUpns),
    officeApproverUpn: config.server.officeApproverUpn,
    locale: bot.locale,
  });

  // One pacer for everything proactive (reminders and digests): together inside Teams' limits.
  const pacer = new SendPacer({
    ...TEAMS_LIMITS,
    perSecond: bot.limits.perAppPerSecond,
    perConversation: [{ count: bot.limits.perConversationPerSecond, seconds: 1 }, ...TEAMS_LIMITS.perConversation.slice(1)],
  });
  const queue = state.queue<SendJob>();
  const planning = { service, ledger: state.reminders, queue, clock };
  const sender = new ReminderSender(
    {
      queue,
      ledger: state.reminders,
      conversations: state.conversations,
      messenger,
      pacer,
      compose: reminderMessage(bot.tabUrl, bot.locale),
      lease: state.lease('sender'),
      log: (level, message, fields) => log.log(level, message, fields),
    },
    { instanceId: state.instanceId },
  );
  const jobs: ScheduledJob[] = [
    dailyJob('reminders-plan', () => clock.today(), async () => {
      const r = await planToday(planning);
      // Outside the send window or before the first sync: try again on a later tick today.
      return { done: r.skipped !== 'outsideSendWindow' && r.skipped !== 'notSynced', summary: { ...r } };
    }),
    everyJob('reminders-requeue', 5, async () => ({ done: true, summary: { requeued: await requeueStale(planning) } })),
    // The programme's digest day and hour (programme.digest); postDigests checks them and the week's log itself.
    everyJob('channel-digest', 10, async () => {
      const r = await postDigests(
        {
          service,
          conversations: state.conversations,
          digests: state.digests,
          messenger,
          clock,
          compose: digestMessage(bot.locale === 'auto' ? undefined : bot.locale),
          instanceId: state.instanceId,
          pacer,
          log: (level, message, fields) => log.log(level, message, fields),
        },
        { tabUrl: bot.tabUrl },
      );
      const count = (o: string): number => r.departments.filter((d) => d.outcome === o).length;
      return { done: true, summary: { week: r.week, skipped: r.skipped, sent: count('sent'), failed: count('failed'), alreadySent: count('alreadySent') } };
    }),
    everyJob('nominations-reconcile', 15, async () => ({ done: true, summary: { added: await reconcileApprovals(service, deps.nominations, clock) } })),
  ];
  const scheduler = new Scheduler({ lease: state.lease('scheduler', { seconds: 60 }), jobs, log, now: () => clock.now(), instanceId: state.instanceId, history: state.jobs });
  let started = false;

  return {
    messages: (req: Request, res: Response) => {
      adapter.process(req, res, (ctx) => handler.run(ctx)).catch((e: unknown) => {
        log.log('error', 'bot request failed', { error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) res.status(500).end();
      });
    },
    async remind(upn, requestedBy) {
      const person = service.current()?.snapshot.staffByUpn.get(upn.toLowerCase());
      if (person && !(await state.conversations.personal(person.upn))) {
        return { ok: false, code: 'NOT_INSTALLED', message: `${person.name} さんはまだ Teams で SkillSteps を追加していないため、リマインドを送れません` };
      }
      return remindNow(planning, upn, requestedBy);
    },
    nominated: (id, warnings) => nominationCards.requestApproval(id, warnings),
    async jobs() {
      const day = clock.today();
      const week = digestWeek(day);
      const [view, entries, queued, digests] = await Promise.all([scheduler.view(), state.reminders.ofDay(day), queue.approximateCount(), state.digests.ofWeek(week)]);
      const counts = { planned: 0, sending: 0, sent: 0, failed: 0 };
      for (const e of entries) counts[e.state]++;
      return {
        now: clock.now().toISOString(),
        scheduler: view,
        sender: { instanceId: state.instanceId, running: started, stats: { ...sender.stats } },
        remindersToday: { day, ...counts },
        queued,
        digests: { week, entries: digests.sort((a, b) => JA.compare(a.department, b.department)) },
      };
    },
    async runJob(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      return scheduler.runJob(job);
    },
    start() {
      if (started || !bot.jobs) return;
      started = true;
      sender.start();
      scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      if (started) await sender.stop();
      started = false;
    },
  };
}
