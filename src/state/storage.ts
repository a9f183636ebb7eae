import { hostname } from 'node:os';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { QueueServiceClient, type QueueClient, type StoragePipelineOptions as QueuePipelineOptions } from '@azure/storage-queue';
import { ConfigError, storageProblems, type StorageConfig } from '../config';
import { BlobSyncStore } from './blob-sync-store';
import { TableConversationStore } from './conversation-store';
import { TableDigestLog } from './digest-log';
import { StateError, toStateError } from './errors';
import { TableJobHistory } from './job-history';
import { BlobJobLease } from './job-lease';
import { TableReminderLedger } from './reminder-ledger';
import { TableSentCardStore } from './sent-card-store';
import { StorageWorkQueue, type WorkQueueOptions } from './work-queue';

/** The names of everything the state keeps in the account, from the configured prefix. */
export interface StateNames {
  conversationsTable: string;
  remindersTable: string;
  reminderPeopleTable: string;
  /** The scheduled jobs' last runs and the scheduler's heartbeat. */
  jobsTable: string;
  /** The queue of reminder sends. */
  sendQueue: string;
  /** Job leases (`leases/…`) and sync states (`sync/…`). */
  container: string;
}

/** The send queue's short name; `queue()` without a name is this one. */
export const SEND_QUEUE = 'sends';

export function stateNames(prefix: string): StateNames {
  return {
    conversationsTable: `${prefix}Conversations`,
    remindersTable: `${prefix}Reminders`,
    reminderPeopleTable: `${prefix}ReminderPeople`,
    jobsTable: `${prefix}Jobs`,
    sendQueue: `${prefix}-${SEND_QUEUE}`,
    container: `${prefix}-state`,
  };
}

/** The service endpoints of a storage account in the public Azure cloud. */
export function accountEndpoints(accountName: string): { blob: string; queue: string; table: string } {
  return {
    blob: `https://${accountName}.blob.core.windows.net`,
    queue: `https://${accountName}.queue.core.windows.net`,
    table: `https://${accountName}.table.core.windows.net`,
  };
}

export interface StateStorageOptions {
  /** With an account name: the credential to use (default: the managed identity, loaded only then). */
  credential?: TokenCredential;
  /** This instance, for job leases (default: config.instanceId, else the host name). */
  instanceId?: string;
  queue?: WorkQueueOptions;
}

/** The bot's operational state (docs/state.md): one object per server process. */
export interface StateStorage {
  readonly names: StateNames;
  /** The instance id job leases are taken for. */
  readonly instanceId: string;
  readonly conversations: TableConversationStore;
  readonly reminders: TableReminderLedger;
  /** The weekly channel digests sent, per week and 部 (table `<prefix>Digests`). */
  readonly digests: TableDigestLog;
  /** Copies of cards sent about a subject (nomination requests), in the conversations table. */
  readonly cards: TableSentCardStore;
  /** The scheduled jobs' history (table `<prefix>Jobs`): the same job status on every instance. */
  readonly jobs: TableJobHistory;
  /** The send queue, or another queue `<prefix>-<name>` (made on first use). */
  queue<T>(name?: string): StorageWorkQueue<T>;
  /** The lease of a named job for this instance (or another instance id: tests, tools). */
  lease(job: string, options?: { seconds?: number; instanceId?: string }): BlobJobLease;
  /** List sync states of a SharePoint site, in the container. */
  syncStates(siteId: string): BlobSyncStore;
  /** Where the state is, for logs and messages (never a key). */
  describe(): string;
}

/**
 * Opens the state storage from configuration: a connection string (Azurite, tests), or an account
 * name reached with a TokenCredential (the managed identity in production; no key anywhere). Creates
 * the tables, the send queue and the container when missing (idempotent: the Bicep does not).
 */
export async function openStateStorage(config: StorageConfig, options: StateStorageOptions = {}): Promise<StateStorage> {
  const problems = storageProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const names = stateNames(config.prefix);
  const clients = connect(config, options.credential);
  const tables = {
    conversations: clients.table(names.conversationsTable),
    reminders: clients.table(names.remindersTable),
    people: clients.table(names.reminderPeopleTable),
    digests: clients.table(`${config.prefix}Digests`),
    jobs: clients.table(names.jobsTable),
  };
  const container = clients.blobs.getContainerClient(names.container);
  const queues = new Map<string, StorageWorkQueue<unknown>>();
  const queue = <T>(name: string = SEND_QUEUE): StorageWorkQueue<T> => {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || name.length > 40) {
      throw new StateError('STATE.INVALID', `キューの名前は英小文字・数字・ハイフン 40 文字までです: "${name}"`);
    }
    let q = queues.get(name);
    if (!q) {
      const client = clients.queues.getQueueClient(`${config.prefix}-${name}`);
      q = new StorageWorkQueue<unknown>(client, clients.queues.getQueueClient(`${config.prefix}-${name}-poison`), once(() => ensureQueue(client)), options.queue);
      queues.set(name, q);
    }
    return q as StorageWorkQueue<T>;
  };

  try {
    await Promise.all([
      ...Object.values(tables).map((t) => t.createTable()),
      container.createIfNotExists(),
      clients.queues.getQueueClient(names.sendQueue).createIfNotExists(),
    ]);
  } catch (e) {
    throw toStateError(e, `${clients.where}の準備（テーブル・キュー・コンテナーの作成）`);
  }

  const instanceId = options.instanceId ?? config.instanceId ?? hostname();
  return {
    names,
    instanceId,
    conversations: new TableConversationStore(tables.conversations),
    reminders: new TableReminderLedger(tables.reminders, tables.people),
    digests: new TableDigestLog(tables.digests),
    cards: new TableSentCardStore(tables.conversations),
    jobs: new TableJobHistory(tables.jobs),
    queue,
    lease: (job, o = {}) => {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(job)) throw new StateError('STATE.INVALID', `ジョブの名前は英小文字・数字・ハイフンです: "${job}"`);
      return new BlobJobLease(container.getBlockBlobClient(`leases/${job}`), o.instanceId ?? instanceId, job, o.seconds);
    },
    syncStates: (siteId) => new BlobSyncStore(container, siteId),
    describe: () => clients.where,
  };
}

interface Clients {
  table(name: string): TableClient;
  queues: QueueServiceClient;
  blobs: BlobServiceClient;
  where: string;
}

function connect(config: StorageConfig, credential: TokenCredential | undefined): Clients {
  // Fail fast when the storage cannot be reached: a few quick retries, not the SDKs' minute of them.
  const storageOptions: StoragePipelineOptions & QueuePipelineOptions = {
    retryOptions: { maxTries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 4000, tryTimeoutInMs: 60_000 },
  };
  const tableOptions: TableServiceClientOptions = { retryOptions: { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 4000 } };
  if (config.connectionString) {
    const cs = config.connectionString;
    const blobs = BlobServiceClient.fromConnectionString(cs, storageOptions);
    const queues = QueueServiceClient.fromConnectionString(cs, storageOptions);
    // The Tables SDK refuses http unless told; Azurite speaks http, and a connection string naming
    // an http endpoint says so explicitly (UseDevelopmentStorage=true is allowed by the SDK itself).
    const insecure = /(^|;)\s*(TableEndpoint\s*=\s*http:|DefaultEndpointsProtocol\s*=\s*http(;|$))/i.test(cs);
    const table = (name: string) => TableClient.fromConnectionString(cs, name, { ...tableOptions, allowInsecureConnection: insecure });
    return { table, queues, blobs, where: `Azure Storage（${new URL(blobs.url).origin}${new URL(blobs.url).pathname.replace(/\/$/, '')}）` };
  }
  const account = config.accountName!;
  const cred = credential ?? managedIdentity(config.managedIdentityClientId);
  // The public cloud's endpoints unless the configuration names others (SKILLSTEPS_STORAGE_*_ENDPOINT).
  const urls = { ...accountEndpoints(account), ...config.endpoints };
  return {
    table: (name) => new TableClient(urls.table, name, cred, tableOptions),
    queues: new QueueServiceClient(urls.queue, cred, storageOptions),
    blobs: new BlobServiceClient(urls.blob, cred, storageOptions),
    where: config.endpoints ? `Azure Storage アカウント ${account}（${urls.blob}）` : `Azure Storage アカウント ${account}`,
  };
}

/** The App Service's managed identity (user-assigned when a client id is given). */
function managedIdentity(clientId: string | undefined): TokenCredential {
  // Loaded only when used, as for Graph (src/sharepoint/credentials.ts): the identity library costs ~20 MB.
  const { ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
}

async function ensureQueue(client: QueueClient): Promise<void> {
  try {
    await client.createIfNotExists();
  } catch (e) {
    throw toStateError(e, `キュー ${client.name} の作成`);
  }
}

/** A promise made once and shared; made again after a failure (the next call retries). */
function once(f: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => {
    p ??= f().catch((e: unknown) => {
      p = undefined;
      throw e;
    });
    return p;
  };
}
