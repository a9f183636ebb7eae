import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { LocalDate } from '../../src/domain/local-date';
import type { Programme } from '../../src/domain/programme';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import type { JWTPayload } from 'jose';
import { AadEndpoints } from './aad-endpoints';
import type { AppRegistration } from './aad-types';
import { AuthGrants } from './auth-grants';
import { BotFrameworkChannel } from './bot-framework';
import { startManagedIdentityEndpoint, type ManagedIdentityEndpoint, type ManagedIdentityOptions } from './managed-identity';
import { SignInPage } from './sign-in-page';
import { DeltaTokens } from './delta-tokens';
import { Faults, RequestStats, type FaultChanges } from './faults';
import { GraphService } from './graph-service';
import { createTenantServer, type ServerParts } from './https-server';
import { stableGuid } from './ids';
import type { ListStore } from './list-store';
import { Persistence } from './persistence';
import { graphNow, type RouteContext } from './route-context';
import { provisionLists, seedItems } from './seed-site';
import { SiteStore, defaultSiteIdentity } from './site-store';
import { makeCertificate } from './tls-certificate';
import { TEAMS_CLIENT_ID, TokenIssuer } from './token-issuer';

export interface SeedOptions {
  programme: Programme;
  staff: number;
  seed: number;
  today: LocalDate;
  defects?: number;
}

export interface LocalTenantOptions {
  /** 0 = a random free port (tests). Default 0. */
  port?: number;
  /** Default 'localhost'. */
  hostname?: string;
  /** Persist here (meta.json and a JSON file per list); loaded when present, otherwise seeded. Default: memory only. */
  dataDir?: string;
  /** Seed from the sample municipality generator; false or absent = a site with no lists. */
  seed?: SeedOptions | false;
  latencyMs?: number;
  faultRate?: number;
  retryAfterSeconds?: number;
  /** Default [429, 503]. */
  faultStatuses?: number[];
  /** Delta tokens older than this answer 410. Default 7 days. */
  deltaTokenTtlMs?: number;
  /** Seed of the fault generator. Default 1. */
  randomSeed?: number;
  /**
   * The app registration's single-page-application redirect URIs (the tab's dev host). Default
   * `http://localhost/tab/`: any port of localhost, as Entra matches localhost.
   */
  spaRedirectUris?: string[];
}

/** Options of a person's access token from `issueUserToken`. */
export interface UserTokenOptions {
  /** App roles (ProgrammeOffice). */
  roles?: string[];
  /** A negative lifetime makes it expired (tests). */
  lifetimeSeconds?: number;
  /** Granted scopes (`scp`); default the API's `access_as_user`. */
  scopes?: string[];
  /** The client that obtained it (`azp`); default Teams, as for a tab's SSO token. */
  azp?: string;
}

export interface LocalTenant {
  /** https://localhost:PORT — the Graph base URL (the SDK appends /v1.0). */
  url: string;
  /** The self-signed certificate made at start (PEM); clients trust only this. */
  caPem: string;
  tenantId: string;
  siteId: string;
  /** https://localhost:PORT/sites/skillsteps */
  siteUrl: string;
  clientId: string;
  /** Random per start. */
  clientSecret: string;
  /** `${url}/${tenantId}/oauth2/v2.0/token` */
  tokenEndpoint: string;
  /** Faults and switches; `deltaLinksWithoutQuery: true` makes deltaLinks carry only their token. */
  setFaults(f: FaultChanges): void;
  /** Every delta token issued so far now answers 410. */
  expireDeltaTokens(): void;
  /** Graph requests (each $batch and each request in it), not token or control requests. */
  stats(): { requests: number; faults: number; byRoute: Record<string, number> };
  resetStats(): void;
  /** Back to the seeded state (and persisted so); delta tokens expire and the fault sequence starts again. */
  reset(): Promise<void>;
  /**
   * A person's v2 access token for an API, as Teams SSO gives the tab (the input to on-behalf-of
   * too). `audience` names the API as a client asks for it — the app's client id or one of its
   * Application ID URIs, and the token's `aud` is then the client id, as Entra's v2 tokens have it;
   * anything else is used as `aud` as it is (a token for another API).
   */
  issueUserToken(upn: string, audience: string, opts?: UserTokenOptions): Promise<string>;
  /** An ID token for the app, as the sign-in gives it (tests: an ID token must not call the API). */
  issueIdToken(upn: string, opts?: { nonce?: string; roles?: string[] }): Promise<string>;
  /** Exactly these claims, signed with the tenant's key (tests: what a validator must refuse although Entra's key signed it). */
  signClaims(claims: JWTPayload): Promise<string>;
  /** The issuer of this tenant's tokens: `${url}/${tenantId}/v2.0`. */
  issuer: string;
  /** The Bot Framework's OpenID metadata and keys, served under /botframework, and channel tokens (dev/README.md). */
  botFramework: Pick<BotFrameworkChannel, 'openIdMetadataUrl' | 'channelToken'>;
  /** Starts App Service's managed identity endpoint (IDENTITY_ENDPOINT) for this tenant; closed with it. */
  startManagedIdentity(options?: ManagedIdentityOptions): Promise<ManagedIdentityEndpoint>;
  /** Stops serving and writes the data to dataDir. */
  close(): Promise<void>;
}

/** The app registration's display name, shown as the application on items it writes. */
const APP_NAME = 'SkillSteps';

/**
 * Starts the local Microsoft 365 stand-in (DESIGN.md "Local tenant"): a Graph v1.0 subset and an
 * Entra ID token issuer over HTTPS with a certificate made now, holding one SharePoint site with
 * the SkillSteps lists, seeded from the sample municipality generator or loaded from disk.
 */
export async function startLocalTenant(options: LocalTenantOptions = {}): Promise<LocalTenant> {
  const hostname = options.hostname ?? 'localhost';
  const tls = await makeCertificate(hostname);
  const faults = new Faults(
    {
      latencyMs: options.latencyMs ?? 0,
      faultRate: options.faultRate ?? 0,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
      faultStatuses: options.faultStatuses ?? [429, 503],
    },
    options.randomSeed ?? 1,
  );
  const stats = new RequestStats();
  const delta = new DeltaTokens(options.deltaTokenTtlMs);
  const persistence = options.dataDir ? new Persistence(options.dataDir) : undefined;
  const onChange = (list: ListStore | undefined): void => persistence?.markDirty(list);
  const onDriveChange = (): void => persistence?.markDriveDirty();

  // The server listens first (to learn its port, which every URL and token names); its parts come after.
  const ready: { parts?: ServerParts } = {};
  const server = createTenantServer(tls, () => {
    if (!ready.parts) throw new Error('the local tenant is still starting');
    return ready.parts;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${hostname}:${port}`;

  const fresh = (): SiteStore => {
    const store = new SiteStore(defaultSiteIdentity(hostname), stableGuid('client'), onChange, onDriveChange);
    seed(store, options.seed ?? false);
    return store;
  };
  let store: SiteStore;
  if (persistence?.exists()) {
    store = (await persistence.load(onChange, onDriveChange)).store;
  } else {
    store = fresh();
  }
  persistence?.attach(store);
  if (persistence && !persistence.exists()) {
    persistence.markAllDirty();
    await persistence.flush();
  }

  const identity = store.identity;
  const siteUrl = `${url}${identity.path}`;
  const tokens = await TokenIssuer.create(`${url}/${identity.tenantId}/v2.0`, identity.tenantId);
  const app: AppRegistration = {
    clientId: store.clientId,
    clientSecret: randomBytes(24).toString('base64url'),
    displayName: APP_NAME,
    // aad.manifest.json: api://${{TAB_DOMAIN}}/<client id>; locally the tab is on localhost. api://<client id> is Entra's default.
    identifierUris: [`api://localhost/${store.clientId}`, `api://${store.clientId}`],
    scopes: ['access_as_user'],
    spaRedirectUris: options.spaRedirectUris ?? ['http://localhost/tab/'],
  };
  const grants = new AuthGrants();
  const apiAudience = (audience: string): string => (audience === app.clientId || app.identifierUris.includes(audience) ? app.clientId : audience);
  const userOf = (upn: string) => ({ upn, name: ctx.store.findUser(upn)?.displayName ?? upn });
  const ctx: RouteContext = { store, baseUrl: url, siteUrl, delta, now: graphNow };
  const botFramework = new BotFrameworkChannel(url);
  const identities: ManagedIdentityEndpoint[] = [];

  const tenant: LocalTenant = {
    url,
    caPem: tls.cert,
    tenantId: identity.tenantId,
    siteId: identity.siteId,
    siteUrl,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    tokenEndpoint: `${url}/${identity.tenantId}/oauth2/v2.0/token`,
    setFaults(f) {
      faults.update(f);
      if (f.deltaTokenTtlMs !== undefined) delta.ttlMs = f.deltaTokenTtlMs;
      if (f.deltaLinksWithoutQuery !== undefined) delta.linksWithoutQuery = f.deltaLinksWithoutQuery;
    },
    expireDeltaTokens: () => delta.expireAll(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    async reset() {
      const next = fresh();
      ctx.store = next;
      persistence?.attach(next);
      // What clients hold no longer describes this data: their delta tokens must start again.
      delta.expireAll();
      // And the injected faults come in the same order as after start, for tests that reset between cases.
      faults.reseed();
      if (persistence) {
        persistence.markAllDirty();
        await persistence.flush();
      }
    },
    issueUserToken: (upn, audience, opts) =>
      tokens.accessToken(userOf(upn), {
        audience: apiAudience(audience),
        scopes: opts?.scopes ?? app.scopes,
        azp: opts?.azp ?? TEAMS_CLIENT_ID,
        roles: opts?.roles,
        lifetimeSeconds: opts?.lifetimeSeconds,
      }),
    issueIdToken: (upn, opts) => tokens.idToken(app.clientId, userOf(upn), opts),
    signClaims: (claims) => tokens.signClaims(claims),
    issuer: tokens.issuer,
    botFramework,
    async startManagedIdentity(opts) {
      const endpoint = await startManagedIdentityEndpoint(tokens, opts);
      identities.push(endpoint);
      return endpoint;
    },
    async close() {
      await Promise.all(identities.splice(0).map((i) => i.close()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await persistence?.close();
    },
  };

  ready.parts = {
    graph: new GraphService(ctx, tokens, faults, stats),
    aad: new AadEndpoints(
      tokens,
      url,
      app,
      (upn) => ctx.store.findUser(upn)?.displayName,
      grants,
      new SignInPage(app, grants, () => ctx.store.staffDirectory()),
    ),
    control: tenant,
    latencyMs: () => faults.settings.latencyMs,
    others: [(method, path) => botFramework.handle(method, path)],
    download: (token) => {
      const file = ctx.store.drive.download(token);
      return file?.bytes ? { bytes: file.bytes, contentType: file.mimeType ?? 'application/octet-stream' } : undefined;
    },
  };
  return tenant;
}

/** Provisions the lists and fills them from the generator, or leaves the site empty. */
function seed(store: SiteStore, options: SeedOptions | false): void {
  if (!options) return;
  const now = graphNow();
  const records = generateMunicipality(options.programme, { staff: options.staff, seed: options.seed, today: options.today, defects: options.defects ?? 0 });
  const lists = provisionLists(store, now);
  const actor = store.actorFor({ kind: 'app', appId: store.clientId, oid: stableGuid(`service-principal:${store.clientId}`), name: APP_NAME });
  seedItems(store, lists, records, actor, now);
}

/**
 * The settings that point SkillSteps at this tenant — what `skillsteps local-tenant` prints, and what
 * `npm start` and the tests give the server. `caFile` must hold `tenant.caPem` (the one extra
 * certificate the app then trusts).
 */
export function localTenantEnv(tenant: Pick<LocalTenant, 'url' | 'tenantId' | 'clientId' | 'clientSecret' | 'siteId'>, caFile: string): Record<string, string> {
  return {
    SKILLSTEPS_GRAPH_BASE_URL: tenant.url,
    SKILLSTEPS_AUTHORITY_HOST: tenant.url,
    SKILLSTEPS_TENANT_ID: tenant.tenantId,
    SKILLSTEPS_CLIENT_ID: tenant.clientId,
    SKILLSTEPS_CLIENT_SECRET: tenant.clientSecret,
    SKILLSTEPS_LOCAL_CA_FILE: caFile,
    // The CA file is a local-only switch: the server and the CLI refuse it unless local mode says so.
    SKILLSTEPS_LOCAL_MODE: 'loopback',
    SKILLSTEPS_SITE: tenant.siteId,
  };
}
