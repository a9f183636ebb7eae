import type { Server } from 'node:http';
import { join } from 'node:path';
import { ProgrammeService } from '../app/programme-service';
import { loadConfig, storageProblems } from '../config';
import { jstDate } from '../domain/local-date';
import type { Clock } from '../ports/index';
import { loadProgramme, packageRoot } from '../presets/presets';
import { appCredential, localCa } from '../sharepoint/credentials';
import { createGraphApi } from '../sharepoint/graph-client';
import { GraphListSource } from '../sharepoint/graph-list-reader';
import { MemorySyncStore } from '../sharepoint/memory-sync-store';
import { GraphNominationStore } from '../sharepoint/nomination-store';
import { resolveSite } from '../sharepoint/provision';
import { openStateStorage, type StateStorage } from '../state/storage';
import type { SyncStateStore } from '../ports/index';
import { createApp } from './app';
import { createTokenValidator } from './auth';
import { createBotHost, type BotHost } from './bot-host';
import { jsonLogger, type Logger } from './log';

export interface RunningServer {
  url: string;
  service: ProgrammeService;
  /** The bot, when the state storage is configured. */
  bot?: BotHost;
  state?: StateStorage;
  close(): Promise<void>;
}

/**
 * The composition root: configuration, the programme, Graph, the evaluation service, the token
 * validator and the HTTP app, in one readable page. Nothing else reads the environment.
 */
export async function startServer(env: Readonly<Record<string, string | undefined>>, opts: { log?: Logger; clock?: Clock } = {}): Promise<RunningServer> {
  const log = opts.log ?? jsonLogger();
  const clock: Clock = opts.clock ?? { now: () => new Date(), today: () => jstDate(new Date()) };
  const config = loadConfig(env);
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
  const local = caPem !== undefined;
  const state = storageProblems(config.storage).length === 0 ? await openStateStorage(config.storage) : undefined;
  if (!state) log.log('warn', 'state storage not configured: the bot and its jobs are off', { need: storageProblems(config.storage) });
  // Delta links survive restarts and are shared by instances in Blob storage; in memory otherwise.
  const store: SyncStateStore = state ? state.syncStates(site.id) : new MemorySyncStore();
  const service = new ProgrammeService(programme, () => new GraphListSource(api, site.id, store, config.graph.pageSize), clock);
  const validate = createTokenValidator({
    ...config.server.auth,
    authorityHost: config.graph.authorityHost,
    keysTenantId: config.graph.tenantId,
    caPem,
  });
  const nominations = new GraphNominationStore(api, site.id);
  let bot: BotHost | undefined;
  if (state) {
    try {
      bot = createBotHost({ config, service, nominations, state, clock, log, local });
    } catch (e) {
      log.log('error', 'bot not started', { error: e instanceof Error ? e.message : String(e) });
    }
  }
  const app = createApp({
    bot,
    service,
    validate,
    nominations,
    clock,
    log,
    officeApproverUpn: config.server.officeApproverUpn,
    tabDir: join(packageRoot(), 'tab', 'dist'),
    // Outside Teams (local mode only) the tab signs in at the local tenant's page.
    devSignIn: caPem
      ? {
          authorizeUrl: `${config.graph.authorityHost}/${config.graph.tenantId}/oauth2/v2.0/authorize`,
          clientId: config.graph.clientId,
          scope: `api://localhost/${config.graph.clientId}/access_as_user`,
        }
      : undefined,
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.server.port, () => resolve(s));
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

  return {
    url,
    service,
    bot,
    state,
    close: async () => {
      clearInterval(timer);
      // A graceful stop: the sender finishes what is in flight, so nothing is sent twice.
      await bot?.stop();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections?.();
      });
    },
  };
}
