/**
 * Configuration, parsed once at start from the environment. A missing or malformed value stops
 * start-up with a message naming the variable and what it should look like (STYLE.md). Nothing
 * else reads the environment: entry points pass it in.
 */

export interface GraphConfig {
  /** https://graph.microsoft.com, or the local tenant's URL. */
  baseUrl: string;
  /** https://login.microsoftonline.com, or the local tenant's URL. */
  authorityHost: string;
  tenantId?: string;
  clientId?: string;
  /** SECRET: never logged, never written to git (env/.env.*.user, Key Vault, App Service settings). */
  clientSecret?: string;
  certificatePath?: string;
  managedIdentity: boolean;
  managedIdentityClientId?: string;
  /**
   * PEM of the local tenant's self-signed certificate. Set only in local mode: the Graph client
   * and token requests then trust exactly this certificate, and nothing else changes.
   */
  localCaFile?: string;
  /** Requests in flight at once (our limiter; the SDK's RetryHandler does the retrying). */
  concurrency: number;
  /** Retries of a throttled or unavailable request (429/503/504), honouring Retry-After. */
  maxRetries: number;
  /** Items per page when reading lists (Graph caps list items at 5,000). */
  pageSize: number;
  /** Ranges a full read of a list longer than a page is split into, read at once (1: one chain of pages; the reader's default when unset). */
  readPartitions?: number;
}

/**
 * How the tab API checks who is calling (Teams SSO and nested-app-authentication tokens, or the
 * local tenant's in local mode): src/server/auth.ts, docs/security.md.
 */
export interface AuthConfig {
  /**
   * Audiences an access token may carry. The API asks Entra for v2 tokens (aad.manifest.json,
   * `requestedAccessTokenVersion: 2`), whose `aud` is always the API's client id, so that is the default.
   */
  audiences: string[];
  /**
   * The API's Application ID URI, `api://<host of SKILLSTEPS_PUBLIC_URL>/<client id>` as aad.manifest.json
   * declares it: the tab asks for `<this>/access_as_user`. Undefined without a client id.
   */
  applicationIdUri?: string;
  /** Tenants whose users may call; a token from any other is refused. */
  allowedTenants: string[];
  /** Members of this Entra group (groups claim) are the programme office. */
  officeGroupId?: string;
  /** Holders of this app role (roles claim) are the programme office. */
  officeRole: string;
}

/**
 * Local mode (SKILLSTEPS_LOCAL_MODE): the switches that only make sense on a developer's machine —
 * trusting the local tenant's self-signed certificate (SKILLSTEPS_LOCAL_CA_FILE), the bot taking
 * anonymous Bot Framework traffic (the Agents Playground, tests) when no bot app id is set, and the
 * dev host's sign-in page. Off unless set explicitly; `loopback` also makes the server listen on
 * 127.0.0.1 only, `network` (deliberately) on every interface. Logged loudly at start.
 */
export type LocalMode = 'off' | 'loopback' | 'network';

export interface ServerConfig {
  port: number;
  /** The address to listen on: every interface (App Service) unless set; 127.0.0.1 in local mode `loopback`. */
  host?: string;
  localMode: LocalMode;
  /** Where people reach the app (links in cards and messages). */
  publicUrl: string;
  /** Preset id or YAML file of the programme this install runs. */
  programme: string;
  auth: AuthConfig;
  /** Who approves nominations whose approver is the programme office. */
  officeApproverUpn?: string;
  /** Minutes between syncs of the lists (deltas). */
  syncIntervalMinutes: number;
}

/**
 * Where the bot's operational state lives (src/state, docs/state.md): an Azure Storage account
 * reached with the managed identity in production, Azurite through a connection string locally.
 */
export interface StorageConfig {
  /**
   * SECRET when it carries a key: local and test only (Azurite: `UseDevelopmentStorage=true` or its
   * explicit form). Production names the account instead and holds no key anywhere.
   */
  connectionString?: string;
  /** The storage account (production), reached with a TokenCredential: the managed identity. */
  accountName?: string;
  /**
   * With an account name: service endpoints other than the public cloud's
   * `https://<account>.<service>.core.windows.net` (a sovereign cloud, Azure Stack Hub, the deploy
   * rehearsal's Azurite). Each one absent takes the public cloud's.
   */
  endpoints?: { blob?: string; queue?: string; table?: string };
  /** The user-assigned managed identity to use (the same one as for Graph). */
  managedIdentityClientId?: string;
  /** Start of every table, queue and container name, so installs may share an account. */
  prefix: string;
  /** This server instance, stable across restarts (App Service's WEBSITE_INSTANCE_ID); job leases are keyed by it. */
  instanceId?: string;
}

/**
 * The bot (src/teams/, DESIGN.md "Flows"): its identity towards the Bot Framework, who the programme
 * office is in chat, where links point, and the scheduled jobs.
 */
export interface BotConfig {
  /** The bot's Microsoft App ID (the managed identity's client id in Azure). Absent: the bot is off. */
  appId?: string;
  /**
   * Where the Bot Framework's signing keys for the channels' tokens are published (botbuilder's
   * BotOpenIdMetadata). Absent: the public cloud's, https://login.botframework.com/v1/.well-known/openidconfiguration.
   */
  openIdMetadataUrl?: string;
  /** How the bot authenticates to the Bot Framework: UserAssignedMSI in Azure, SingleTenant with a password elsewhere. */
  appType: 'UserAssignedMSI' | 'SingleTenant' | 'MultiTenant';
  tenantId?: string;
  /** SECRET (SingleTenant/MultiTenant only): never logged, never in git. */
  appPassword?: string;
  /** The Teams app id (manifest id): links in cards open the tab inside Teams. */
  teamsAppId?: string;
  /** Where cards link to: the personal tab in Teams, or the served tab outside Teams. */
  tabUrl: string;
  /** UPNs (lower case) who may map channels in chat: the programme office. */
  officeUpns: string[];
  /** Teams' proactive limits the sender keeps inside (DESIGN.md "Reminders"). */
  limits: { perAppPerSecond: number; perConversationPerSecond: number };
  /** The cards' language: 'auto' follows each activity's locale (Teams sends the client's); 'ja' or 'en' fixes it (the Playground always says en-US). */
  locale: 'auto' | 'ja' | 'en';
  /** Scheduled jobs on: reminders, the sweep, the weekly digest (its day and hour are the programme's). Off in tests that drive the jobs themselves. */
  jobs: boolean;
  /** A nomination waiting this many working days is put before its approver again (and again every as many); 0: never. */
  approvalReminderDays: number;
}

export interface AppConfig {
  graph: GraphConfig;
  server: ServerConfig;
  storage: StorageConfig;
  bot: BotConfig;
  /** Default SharePoint site for CLI commands (URL or Graph site id). */
  site?: string;
  /** Where sync keeps each list's delta link and last state between runs. */
  syncCacheDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`設定に誤りがあります:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the configuration from an environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const url = (name: string, fallback: string): string => {
    const v = env[name]?.trim() || fallback;
    if (!/^https:\/\/[^\s/]+(:\d+)?(\/.*)?$/.test(v)) problems.push(`${name} は https:// で始まる URL にしてください（例: ${fallback}）。今の値: "${v}"`);
    return v.replace(/\/+$/, '');
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} は ${min}〜${max} の整数にしてください。今の値: "${raw}"`);
    return Number.isInteger(n) ? n : fallback;
  };
  const bool = (name: string): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return false;
    if (['1', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    problems.push(`${name} は true か false にしてください。今の値: "${env[name]}"`);
    return false;
  };
  const opt = (name: string): string | undefined => env[name]?.trim() || undefined;
  const list = (name: string): string[] | undefined => {
    const v = opt(name);
    return v ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
  };

  const graph: GraphConfig = {
    baseUrl: url('SKILLSTEPS_GRAPH_BASE_URL', 'https://graph.microsoft.com'),
    authorityHost: url('SKILLSTEPS_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
    tenantId: opt('SKILLSTEPS_TENANT_ID'),
    clientId: opt('SKILLSTEPS_CLIENT_ID'),
    clientSecret: opt('SKILLSTEPS_CLIENT_SECRET'),
    certificatePath: opt('SKILLSTEPS_CLIENT_CERTIFICATE_PATH'),
    managedIdentity: bool('SKILLSTEPS_MANAGED_IDENTITY'),
    managedIdentityClientId: opt('SKILLSTEPS_MANAGED_IDENTITY_CLIENT_ID'),
    localCaFile: opt('SKILLSTEPS_LOCAL_CA_FILE'),
    concurrency: int('SKILLSTEPS_GRAPH_CONCURRENCY', 4, 1, 32),
    maxRetries: int('SKILLSTEPS_GRAPH_MAX_RETRIES', 8, 0, 10),
    pageSize: int('SKILLSTEPS_GRAPH_PAGE_SIZE', 5000, 1, 5000),
    readPartitions: int('SKILLSTEPS_GRAPH_READ_PARTITIONS', 8, 1, 64),
  };
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (graph.tenantId && !guid.test(graph.tenantId) && !/^[a-z0-9.-]+$/i.test(graph.tenantId)) {
    problems.push(`SKILLSTEPS_TENANT_ID はテナント ID（GUID）か既定のドメイン名にしてください。今の値: "${graph.tenantId}"`);
  }
  // A managed identity may sit beside the secret: it signs app-only Graph calls, and the secret is
  // then used only for on-behalf-of (which a managed identity cannot do). Secret and certificate
  // are two ways of the same app registration: one of them.
  if (graph.clientSecret && graph.certificatePath) {
    problems.push('SKILLSTEPS_CLIENT_SECRET と SKILLSTEPS_CLIENT_CERTIFICATE_PATH はどちらか 1 つだけを設定してください');
  }
  // 0 asks the system for a free port (tests).
  const port = int('PORT', 3978, 0, 65535);
  const localMode = localModeOf(opt('SKILLSTEPS_LOCAL_MODE'), opt('SKILLSTEPS_HOST'), problems);
  if (graph.localCaFile && localMode === 'off') {
    problems.push('SKILLSTEPS_LOCAL_CA_FILE はローカルモードでだけ使えます（ローカルテナントの自己署名証明書を信頼する設定です）。開発機では SKILLSTEPS_LOCAL_MODE=loopback を設定し、本番ではこの変数を消してください');
  }
  const clientId = graph.clientId;
  const publicUrl = (opt('SKILLSTEPS_PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  let publicHost = 'localhost';
  try {
    publicHost = new URL(publicUrl).hostname;
  } catch {
    problems.push(`SKILLSTEPS_PUBLIC_URL は https://skillsteps.example.jp のような URL にしてください。今の値: "${publicUrl}"`);
  }
  const server: ServerConfig = {
    port,
    host: opt('SKILLSTEPS_HOST') ?? (localMode === 'loopback' ? '127.0.0.1' : undefined),
    localMode,
    publicUrl,
    programme: opt('SKILLSTEPS_PROGRAMME') ?? 'setagaya',
    auth: {
      // v2 access tokens (the only ones Entra issues for this API) carry the client id as `aud`.
      audiences: list('SKILLSTEPS_AUTH_AUDIENCE') ?? (clientId ? [clientId] : []),
      applicationIdUri: clientId ? `api://${publicHost}/${clientId}` : undefined,
      allowedTenants: list('SKILLSTEPS_ALLOWED_TENANTS') ?? (graph.tenantId ? [graph.tenantId] : []),
      officeGroupId: opt('SKILLSTEPS_OFFICE_GROUP_ID'),
      officeRole: opt('SKILLSTEPS_OFFICE_ROLE') ?? 'ProgrammeOffice',
    },
    officeApproverUpn: opt('SKILLSTEPS_OFFICE_APPROVER_UPN')?.toLowerCase(),
    syncIntervalMinutes: int('SKILLSTEPS_SYNC_INTERVAL_MINUTES', 15, 1, 24 * 60),
  };
  const storage = storageSection(env, opt, problems);
  const appType = opt('SKILLSTEPS_BOT_APP_TYPE') ?? 'SingleTenant';
  if (!['UserAssignedMSI', 'SingleTenant', 'MultiTenant'].includes(appType)) {
    problems.push(`SKILLSTEPS_BOT_APP_TYPE は UserAssignedMSI、SingleTenant、MultiTenant のいずれかにしてください。今の値: "${appType}"`);
  }
  const teamsAppId = opt('SKILLSTEPS_TEAMS_APP_ID');
  const openIdMetadata = opt('SKILLSTEPS_BOT_OPENID_METADATA');
  const bot: BotConfig = {
    appId: opt('SKILLSTEPS_BOT_APP_ID'),
    ...(openIdMetadata ? { openIdMetadataUrl: url('SKILLSTEPS_BOT_OPENID_METADATA', 'https://login.botframework.com/v1/.well-known/openidconfiguration') } : {}),
    appType: appType as BotConfig['appType'],
    tenantId: opt('SKILLSTEPS_BOT_TENANT_ID') ?? graph.tenantId,
    appPassword: opt('SKILLSTEPS_BOT_APP_PASSWORD'),
    teamsAppId,
    // The personal tab's entityId in appPackage/manifest.json is "my-steps".
    tabUrl: teamsAppId ? `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/my-steps` : `${publicUrl}/tab/`,
    officeUpns: (list('SKILLSTEPS_OFFICE_UPNS') ?? []).map((u) => u.toLowerCase()),
    limits: {
      perAppPerSecond: int('SKILLSTEPS_BOT_MAX_PER_SECOND', 50, 1, 1000),
      perConversationPerSecond: int('SKILLSTEPS_BOT_MAX_PER_CONVERSATION_PER_SECOND', 7, 1, 100),
    },
    locale: (['auto', 'ja', 'en'] as const).find((l) => l === (opt('SKILLSTEPS_BOT_LOCALE') ?? 'auto')) ?? (problems.push(`SKILLSTEPS_BOT_LOCALE は auto、ja、en のいずれかにしてください。今の値: "${opt('SKILLSTEPS_BOT_LOCALE')}"`), 'auto'),
    // Unset or empty (the Bicep's default): on.
    jobs: opt('SKILLSTEPS_JOBS') === undefined ? true : bool('SKILLSTEPS_JOBS'),
    approvalReminderDays: int('SKILLSTEPS_APPROVAL_REMINDER_DAYS', 5, 0, 60),
  };
  for (const upn of [...bot.officeUpns, ...(server.officeApproverUpn ? [server.officeApproverUpn] : [])]) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(upn)) problems.push(`SKILLSTEPS_OFFICE_UPNS と SKILLSTEPS_OFFICE_APPROVER_UPN には UPN（例: dx-office@city.example.lg.jp）を書いてください（複数はカンマ区切り）。今の値: "${upn}"`);
  }
  if (bot.appType !== 'UserAssignedMSI' && bot.appId && !bot.appPassword && localMode === 'off') {
    problems.push('SKILLSTEPS_BOT_APP_PASSWORD（ボットのクライアント シークレット）を設定するか、SKILLSTEPS_BOT_APP_TYPE=UserAssignedMSI にしてください');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    graph,
    server,
    storage,
    bot,
    site: opt('SKILLSTEPS_SITE'),
    syncCacheDir: opt('SKILLSTEPS_SYNC_CACHE_DIR') ?? '.local/sync-cache',
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** SKILLSTEPS_LOCAL_MODE: off unless set; `loopback` refuses a non-loopback SKILLSTEPS_HOST. */
function localModeOf(raw: string | undefined, host: string | undefined, problems: string[]): LocalMode {
  const v = (raw ?? 'off').toLowerCase();
  if (v !== 'off' && v !== 'loopback' && v !== 'network') {
    problems.push(`SKILLSTEPS_LOCAL_MODE は off、loopback（この機械の中だけ）、network（ネットワークにも公開。開発用の VM などで意図して使う場合のみ）のいずれかにしてください。今の値: "${raw}"`);
    return 'off';
  }
  if (v === 'loopback' && host && !LOOPBACK.has(host.toLowerCase())) {
    problems.push(`SKILLSTEPS_LOCAL_MODE=loopback では SKILLSTEPS_HOST に 127.0.0.1・::1・localhost 以外（"${host}"）を指定できません。ローカルモードをネットワークに公開するなら SKILLSTEPS_LOCAL_MODE=network を明示してください`);
  }
  return v;
}

const STORAGE_CONNECTION = 'SKILLSTEPS_STORAGE_CONNECTION_STRING';
const STORAGE_ACCOUNT = 'SKILLSTEPS_STORAGE_ACCOUNT';
const STORAGE_ENDPOINTS = [
  ['blob', 'SKILLSTEPS_STORAGE_BLOB_ENDPOINT'],
  ['queue', 'SKILLSTEPS_STORAGE_QUEUE_ENDPOINT'],
  ['table', 'SKILLSTEPS_STORAGE_TABLE_ENDPOINT'],
] as const;

/** The storage section; a connection string is a secret, so its problems never repeat its value. */
function storageSection(env: Env, opt: (name: string) => string | undefined, problems: string[]): StorageConfig {
  const connectionString = opt(STORAGE_CONNECTION);
  const accountName = opt(STORAGE_ACCOUNT);
  if (connectionString && accountName) {
    problems.push(`${STORAGE_CONNECTION} と ${STORAGE_ACCOUNT} はどちらか 1 つだけを設定してください`);
  }
  if (accountName && !/^[a-z0-9]{3,24}$/.test(accountName)) {
    problems.push(`${STORAGE_ACCOUNT} はストレージ アカウント名（小文字の英数字 3〜24 文字。例: stskillstepsdev）にしてください。今の値: "${accountName}"`);
  }
  if (connectionString) {
    const parts = new Map<string, string>();
    let wellFormed = true;
    for (const segment of connectionString.split(';')) {
      if (!segment.trim()) continue;
      const eq = segment.indexOf('=');
      if (eq <= 0) wellFormed = false;
      else parts.set(segment.slice(0, eq).trim().toLowerCase(), segment.slice(eq + 1).trim());
    }
    const dev = parts.get('usedevelopmentstorage')?.toLowerCase() === 'true';
    const endpoints = ['blobendpoint', 'queueendpoint', 'tableendpoint'].filter((k) => parts.has(k));
    const signed = parts.has('accountkey') || parts.has('sharedaccesssignature');
    const complete = dev || (signed && (parts.has('accountname') || endpoints.length === 3) && (endpoints.length === 0 || endpoints.length === 3));
    if (!wellFormed || !complete) {
      problems.push(
        `${STORAGE_CONNECTION} は "UseDevelopmentStorage=true" か、"AccountName=…;AccountKey=…;BlobEndpoint=…;QueueEndpoint=…;TableEndpoint=…"（Azurite）の形の接続文字列にしてください（Blob・Queue・Table の 3 つを使います。値は秘密を含みうるため表示しません）`,
      );
    } else if (signed && env.NODE_ENV?.trim() === 'production') {
      // Production reaches Storage with the managed identity; the account refuses keys (Bicep: allowSharedKeyAccess false).
      problems.push(`${STORAGE_CONNECTION} にアカウント キーや SAS を含めないでください。本番では ${STORAGE_ACCOUNT} にアカウント名を設定し、マネージド ID で接続します`);
    }
  }
  // Bearer tokens travel only over HTTPS (the Storage SDKs refuse them over http): the endpoints are https URLs.
  const endpoints: NonNullable<StorageConfig['endpoints']> = {};
  for (const [service, name] of STORAGE_ENDPOINTS) {
    const v = opt(name);
    if (v === undefined) continue;
    if (!accountName) problems.push(`${name} は ${STORAGE_ACCOUNT} と一緒に設定してください（接続文字列を使う場合はエンドポイントを接続文字列に書きます）`);
    if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v)) problems.push(`${name} は https:// で始まる URL にしてください（例: https://${accountName ?? 'stskillsteps'}.${service}.core.windows.net）。今の値: "${v}"`);
    endpoints[service] = v.replace(/\/+$/, '');
  }
  const prefix = opt('SKILLSTEPS_STORAGE_PREFIX') ?? 'skillsteps';
  if (!/^[a-z][a-z0-9]{2,29}$/.test(prefix)) {
    problems.push(`SKILLSTEPS_STORAGE_PREFIX は英小文字で始まる英小文字・数字 3〜30 文字にしてください（テーブル・キュー・コンテナーの名前の頭に付きます）。今の値: "${prefix}"`);
  }
  // App Service names each instance (WEBSITE_INSTANCE_ID); elsewhere the host name stands in (src/state).
  const instanceVar = opt('SKILLSTEPS_INSTANCE_ID') ? 'SKILLSTEPS_INSTANCE_ID' : 'WEBSITE_INSTANCE_ID';
  const instanceId = opt(instanceVar);
  if (instanceId && (instanceId.length > 200 || [...instanceId].some((c) => c.charCodeAt(0) < 0x20))) {
    problems.push(`${instanceVar} は 200 文字以内の 1 行の文字列にしてください（サーバーのインスタンスごとに異なる値）`);
  }
  return {
    connectionString,
    accountName,
    ...(Object.keys(endpoints).length > 0 ? { endpoints } : {}),
    managedIdentityClientId: opt('SKILLSTEPS_MANAGED_IDENTITY_CLIENT_ID'),
    prefix,
    instanceId,
  };
}

/** What is missing to reach the state storage at all (asked by the bot's composition root). */
export function storageProblems(s: StorageConfig): string[] {
  return s.connectionString || s.accountName ? [] : [`${STORAGE_CONNECTION}（ローカルでは UseDevelopmentStorage=true）か ${STORAGE_ACCOUNT}（本番）を設定してください`];
}

/** What is missing to reach Graph at all (asked only by the commands that need it). */
export function graphCredentialProblems(g: GraphConfig): string[] {
  const problems: string[] = [];
  if (g.managedIdentity) return problems;
  if (!g.tenantId) problems.push('SKILLSTEPS_TENANT_ID（テナント ID）が設定されていません');
  if (!g.clientId) problems.push('SKILLSTEPS_CLIENT_ID（アプリ登録のクライアント ID）が設定されていません');
  if (!g.clientSecret && !g.certificatePath) {
    problems.push('SKILLSTEPS_CLIENT_SECRET、SKILLSTEPS_CLIENT_CERTIFICATE_PATH、SKILLSTEPS_MANAGED_IDENTITY=true のいずれかを設定してください');
  }
  return problems;
}
