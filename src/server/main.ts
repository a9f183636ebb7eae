import type { Server } from 'node:http';
import { join } from 'node:path';
import { jobsView, programmeJobs, runJobNamed } from '../app/jobs';
import { AwardNotices } from '../app/award-notices';
import { EvaluationNotices } from '../app/evaluation-notices';
import { ImportService } from '../app/imports';
import { NominationNotices } from '../app/nomination-notices';
import { ReportNotices } from '../app/report-notices';
import { ProgrammeService } from '../app/programme-service';
import { ProgrammeSettings } from '../app/programme-settings';
import { ReminderSender } from '../app/reminder-sender';
import { remindAbout, remindNow, type SendJob } from '../app/reminders';
import { Scheduler } from '../app/scheduler';
import { SendPacer, TEAMS_LIMITS } from '../app/send-pacer';
import type { JobsView } from '../app/views';
import { loadConfig, storageProblems, type AppConfig } from '../config';
import { jstDate } from '../domain/local-date';
import type { Clock, EvidenceStore, JobRun, Logger, NominationStore, SubmissionStore, SyncStateStore } from '../ports';
import { certificateFontPath, certificatePdf } from '../pdf/certificate-pdf';
import { loadProgramme, packageRoot } from '../presets/presets';
import { appCredential, localCa } from '../sharepoint/credentials';
import { createGraphApi } from '../sharepoint/graph-client';
import { DEFAULT_PARTITIONS, GraphListSource } from '../sharepoint/graph-list-reader';
import { MemorySyncStore } from '../sharepoint/memory-sync-store';
import { GraphAwardStore } from '../sharepoint/award-store';
import { GraphEvidenceStore } from '../sharepoint/evidence-store';
import { GraphImportLists } from '../sharepoint/import-lists';
import { GraphImportLog, GraphImportMappings, GraphSettingsStore, OfficeLists } from '../sharepoint/office-lists';
import { GraphNominationStore } from '../sharepoint/nomination-store';
import { GraphSubmissionStore } from '../sharepoint/submission-store';
import { resolveSite } from '../sharepoint/provision';
import { openStateStorage, type StateStorage } from '../state/storage';
import { connectTeams } from '../teams/adapter';
import { awardMessages } from '../teams/award-messages';
import { evaluationMessages } from '../teams/evaluation-messages';
import { SkillStepsBot } from '../teams/bot';
import { digestMessage } from '../teams/digest-message';
import { nominationMessages } from '../teams/nomination-messages';
import { reportMessages } from '../teams/report-messages';
import { reminderMessage } from '../teams/reminder-message';
import { createTokenValidator, tabSignIn } from './auth';
import { createApp, type HttpDeps } from './http';
import { jsonLogger } from './log';

export interface RunningServer {
  url: string;
  service: ProgrammeService;
  state?: StateStorage;
  /** The scheduled jobs, when the bot runs (the state storage is configured). */
  jobs?: { run(name: string): Promise<JobRun>; view(): Promise<JobsView> };
  close(): Promise<void>;
}

/**
 * The composition root: configuration, the programme, Graph, the evaluation service, the token
 * validator, the bot with its sender and jobs, and the HTTP app, in one readable page. Nothing
 * else reads the environment, and nothing else wires parts together.
 */
export async function startServer(env: Readonly<Record<string, string | undefined>>, opts: { log?: Logger; clock?: Clock } = {}): Promise<RunningServer> {
  const log = opts.log ?? jsonLogger();
  const clock: Clock = opts.clock ?? { now: () => new Date(), today: () => jstDate(new Date()) };
  const config = loadConfig(env);
  const local = config.server.localMode !== 'off';
  if (local) {
    log.log('warn', '*** LOCAL MODE *** — development only: the local tenant\'s certificate is trusted, the bot takes anonymous traffic without an app id, and the dev sign-in page is on. Never in production (unset SKILLSTEPS_LOCAL_MODE).', {
      localMode: config.server.localMode,
      host: config.server.host ?? '(every interface)',
    });
  }
  const load = await loadProgramme(config.server.programme, packageRoot());
  if (!load.ok) {
    const detail = 'notFound' in load ? load.notFound : load.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new Error(`SKILLSTEPS_PROGRAMME "${config.server.programme}" を読み込めません: ${detail}`);
  }
  const programme = load.programme;
  // A role whose nominations the office decides (東京都テンプレート DX推進員) needs the office's approver configured.
  const officeDecides = programme.roles.filter((r) => r.nomination?.approver === 'programmeOffice').map((r) => r.label.ja);
  if (officeDecides.length > 0 && !config.server.officeApproverUpn) {
    log.log('warn', 'SKILLSTEPS_OFFICE_APPROVER_UPN not set: nominations decided by the programme office will be refused', { roles: officeDecides });
  }
  if (!config.site) throw new Error('SKILLSTEPS_SITE（SharePoint サイトの URL または ID）を設定してください');
  if (!config.graph.tenantId || !config.graph.clientId) throw new Error('SKILLSTEPS_TENANT_ID と SKILLSTEPS_CLIENT_ID を設定してください');

  // Graph and the lists.
  const caPem = localCa(config.graph);
  const api = createGraphApi({
    baseUrl: config.graph.baseUrl,
    credential: appCredential(config.graph),
    caPem,
    concurrency: config.graph.concurrency,
    maxRetries: config.graph.maxRetries,
  });
  const site = await resolveSite(api, config.site);
  // The bot's state (and the lists' delta links) in Azure Storage; without it the tab runs alone.
  const state = storageProblems(config.storage).length === 0 ? await openStateStorage(config.storage) : undefined;
  if (!state) log.log('warn', 'state storage not configured: the bot and its jobs are off', { need: storageProblems(config.storage) });
  // Delta links survive restarts and are shared by instances in Blob storage; in memory otherwise.
  const store: SyncStateStore = state ? state.syncStates(site.id) : new MemorySyncStore();
  // The office's lists: imports' log and mappings, this year's targets and fill-in settings.
  const officeLists = new OfficeLists(api, site.id);
  const settingsStore = new GraphSettingsStore(officeLists);
  // The evaluation reads the Settings list at every refresh: the office's changes reach every instance.
  const service = new ProgrammeService(programme, () => new GraphListSource(api, site.id, store, config.graph.pageSize, log, { partitions: config.graph.readPartitions ?? DEFAULT_PARTITIONS }), clock, {
    definition: load.definition,
    settings: settingsStore,
    log,
  });
  const nominations = new GraphNominationStore(api, site.id, programme);
  // Reports name courses of the Courses list too: read as the current evaluation knows them.
  const submissions = new GraphSubmissionStore(api, site.id, programme, () => service.current()?.snapshot.courses.keys() ?? []);
  const evidence = new GraphEvidenceStore(api, site.id);
  const awards = new GraphAwardStore(api, site.id, programme);
  // The 認定証's Japanese font: fonts/ in the deploy artifact, the npm package in a clone.
  const fontPath = certificateFontPath(packageRoot());
  if (!fontPath && programme.certifications.length > 0) log.log('error', 'the 認定証 font is missing: certificates will be refused', { looked: packageRoot() });
  const settings = new ProgrammeSettings({ definition: load.definition, store: settingsStore, service, clock });
  // The office's imports: the lists written through $batch, the log and the mappings in the office's lists.
  const imports = new ImportService({
    service,
    lists: new GraphImportLists(api, site.id),
    log: new GraphImportLog(officeLists),
    mappings: new GraphImportMappings(officeLists),
    clock,
    logger: log,
  });

  // The bot, its proactive sender and the scheduled jobs (with the state storage only).
  let bot: BotParts | undefined;
  if (state) {
    try {
      bot = composeBot({ config, service, nominations, submissions, evidence, state, clock, log, local });
    } catch (e) {
      log.log('error', 'bot not started', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  // The HTTP app: the tab's API, the bot's endpoint, the tab.
  const validate = createTokenValidator({
    ...config.server.auth,
    authorityHost: config.graph.authorityHost,
    keysTenantId: config.graph.tenantId,
    caPem,
  });
  const app = createApp({
    service,
    validate,
    nominations,
    submissions,
    evidence,
    awards,
    ...(fontPath ? { certificates: certificatePdf(fontPath) } : {}),
    imports,
    settings,
    clock,
    log,
    officeApproverUpn: config.server.officeApproverUpn,
    tabDir: join(packageRoot(), 'tab', 'dist'),
    bot: bot?.http,
    signIn: tabSignIn(config),
    // Outside Teams (local mode only) the tab signs in at the local tenant's page.
    devSignIn: local ? tabSignIn(config) : undefined,
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = config.server.host ? app.listen(config.server.port, config.server.host) : app.listen(config.server.port);
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://localhost:${port}`;
  log.log('info', 'server listening', { url, programme: programme.id, site: site.id });

  const sync = (): void => {
    const started = Date.now();
    service
      .refresh()
      .then((e) => {
        log.log('info', 'sync finished', { ms: Date.now() - started, people: e.people.length, dataQualityIssues: e.snapshot.issues.length });
        // The jobs start once there is data to plan from.
        bot?.start();
      })
      .catch((err: unknown) => log.log('error', 'sync failed', { error: err instanceof Error ? err.message : String(err) }));
  };
  sync();
  const timer = setInterval(sync, config.server.syncIntervalMinutes * 60_000);
  timer.unref();
  let closing: Promise<void> | undefined;

  return {
    url,
    service,
    state,
    ...(bot ? { jobs: bot.jobs } : {}),
    // Once, however often it is asked (a signal and the caller's own shutdown may both ask).
    close: () =>
      (closing ??= (async () => {
        clearInterval(timer);
        // A graceful stop: the sender finishes what is in flight, so nothing is sent twice.
        await bot?.stop();
        await new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections?.();
        });
      })()),
  };
}

interface BotParts {
  http: NonNullable<HttpDeps['bot']>;
  jobs: NonNullable<RunningServer['jobs']>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The bot: the Teams connection (CloudAdapter with the Bot Framework authentication of the
 * configuration: the managed identity in Azure, none in local mode), the handler, the nomination
 * notices, the reminder sender (on the instance holding the `sender` lease) and the scheduler (on
 * the instance holding the `scheduler` lease) with the programme's jobs (src/app/jobs.ts).
 */
function composeBot(deps: {
  config: AppConfig;
  service: ProgrammeService;
  nominations: NominationStore;
  submissions: SubmissionStore;
  evidence: EvidenceStore;
  state: StateStorage;
  clock: Clock;
  log: Logger;
  local: boolean;
}): BotParts {
  const { config, service, nominations, submissions, evidence, state, clock, log } = deps;
  const settings = config.bot;
  if (!settings.appId && !deps.local) throw new Error('SKILLSTEPS_BOT_APP_ID を設定してください（ボットの Microsoft App ID。Azure ではマネージド ID のクライアント ID）');
  const teams = connectTeams(settings, log);
  const notices = new NominationNotices({
    service,
    nominations,
    conversations: state.conversations,
    cards: state.cards,
    messenger: teams.messenger,
    compose: nominationMessages(settings.tabUrl),
    log,
    locale: settings.locale,
  });
  const reportNotices = new ReportNotices({
    service,
    submissions,
    conversations: state.conversations,
    cards: state.cards,
    messenger: teams.messenger,
    compose: reportMessages(settings.tabUrl),
    log,
    locale: settings.locale,
    officeUpns: new Set(settings.officeUpns),
  });
  const evaluationNotices = new EvaluationNotices({
    service,
    conversations: state.conversations,
    cards: state.cards,
    messenger: teams.messenger,
    compose: evaluationMessages(settings.tabUrl),
    log,
    locale: settings.locale,
  });
  const bot = new SkillStepsBot({
    service,
    nominations,
    submissions,
    evidence,
    reportNotices,
    evaluationNotices,
    conversations: state.conversations,
    ledger: state.reminders,
    notices,
    clock,
    log,
    tabUrl: settings.tabUrl,
    officeUpns: new Set(settings.officeUpns),
    officeApproverUpn: config.server.officeApproverUpn,
    locale: settings.locale,
  });

  // One pacer for everything proactive (reminders and digests): together inside Teams' limits.
  const pacer = new SendPacer({
    ...TEAMS_LIMITS,
    perSecond: settings.limits.perAppPerSecond,
    perConversation: [{ count: settings.limits.perConversationPerSecond, seconds: 1 }, ...TEAMS_LIMITS.perConversation.slice(1)],
  });
  const queue = state.queue<SendJob>();
  const sender = new ReminderSender(
    {
      queue,
      ledger: state.reminders,
      conversations: state.conversations,
      messenger: teams.messenger,
      pacer,
      compose: reminderMessage(settings.tabUrl, settings.locale),
      lease: state.lease('sender'),
      log: (level, message, fields) => log.log(level, message, fields),
    },
    { instanceId: state.instanceId },
  );
  const jobs = programmeJobs({
    service,
    nominations,
    ledger: state.reminders,
    queue,
    conversations: state.conversations,
    digests: state.digests,
    messenger: teams.messenger,
    clock,
    composeDigest: digestMessage(settings.locale),
    pacer,
    instanceId: state.instanceId,
    tabUrl: settings.tabUrl,
    log,
    approvals: { days: settings.approvalReminderDays, notices, cards: state.cards },
  });
  const scheduler = new Scheduler({ lease: state.lease('scheduler', { seconds: 60 }), jobs, log, now: () => clock.now(), instanceId: state.instanceId, history: state.jobs });
  let started = false;
  const view = (): Promise<JobsView> =>
    jobsView({ reminders: service.programme.reminders, scheduler, sender: { instanceId: state.instanceId, running: () => started, stats: sender.stats }, ledger: state.reminders, queue, digests: state.digests, clock });

  return {
    http: {
      endpoint: teams.endpoint(bot),
      anonymous: !settings.appId,
      remind: (upn, requestedBy) => remindNow({ service, ledger: state.reminders, queue, clock, conversations: state.conversations }, upn, requestedBy),
      remindAbout: (upn, items, requestedBy) => remindAbout({ service, ledger: state.reminders, queue, clock, conversations: state.conversations }, upn, items, requestedBy),
      notices,
      reportNotices,
      evaluationNotices,
      awardNotices: new AwardNotices({ conversations: state.conversations, messenger: teams.messenger, compose: awardMessages(settings.tabUrl), log, locale: settings.locale }),
      jobs: view,
    },
    jobs: { run: (name) => runJobNamed(scheduler, jobs, name), view },
    start() {
      if (started || !settings.jobs) return;
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
