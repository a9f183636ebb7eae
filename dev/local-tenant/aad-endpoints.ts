import { randomUUID, randomBytes, timingSafeEqual } from 'node:crypto';
import { userObjectId } from './ids';
import type { AadReply, AppRegistration } from './aad-types';
import type { SignInPage } from './sign-in-page';
import { GRAPH_APP_ID, GRAPH_RESOURCE, TOKEN_LIFETIME_SECONDS, type TokenIssuer } from './token-issuer';

/**
 * The Entra ID (AAD v2) endpoints the app and MSAL Node use: token (client credentials and
 * on-behalf-of), OpenID configuration, JWKS and instance discovery. Errors in Entra's shape
 * `{ error, error_description, error_codes, timestamp, trace_id, correlation_id }`.
 */

export type { AadReply, AppRegistration } from './aad-types';

/** Delegated Graph permissions a `.default` on-behalf-of request receives (what admin consent would grant SkillSteps). */
const DEFAULT_DELEGATED = ['Sites.ReadWrite.All', 'User.Read', 'User.ReadBasic.All'];
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function aadError(status: number, error: string, code: number, description: string, correlationId: string = randomUUID()): AadReply {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export class AadEndpoints {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly baseUrl: string,
    private readonly app: AppRegistration,
    /** The display name of a person, from the Staff list, for tokens that name them. */
    private readonly displayNameOf: (upn: string) => string | undefined,
    /** The development sign-in page (implicit grant for the tab's dev host). */
    private readonly signIn?: SignInPage,
  ) {}

  private get tenantId(): string {
    return this.tokens.tenantId;
  }

  /** Handles `/{tenant}/…` and `/common/discovery/instance`; undefined when the path is not one of them. */
  async handle(method: string, path: string, headers: Record<string, string>, body: string, query?: URLSearchParams): Promise<AadReply | undefined> {
    const t = this.tenantId;
    const tenantPrefix = new RegExp(`^/(${t}|common|organizations)(/.*)$`, 'i');
    const m = tenantPrefix.exec(path);
    if (!m) return undefined;
    const [, tenant, rest] = m;
    if (rest === '/discovery/instance' && method === 'GET') return this.instanceDiscovery();
    if (tenant!.toLowerCase() !== t) {
      return aadError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. The local tenant serves only '${t}'.`);
    }
    if ((rest === '/v2.0/.well-known/openid-configuration' || rest === '/.well-known/openid-configuration') && method === 'GET') {
      return { status: 200, body: this.openIdConfiguration() };
    }
    if (rest === '/discovery/v2.0/keys' && method === 'GET') return { status: 200, body: this.tokens.jwks() };
    if (rest === '/oauth2/v2.0/token' && method === 'POST') return this.token(new URLSearchParams(body), headers);
    if (rest === '/oauth2/v2.0/authorize' && this.signIn) return this.signIn.handle(method, query ?? new URLSearchParams(), body);
    return aadError(404, 'invalid_request', 900561, `The endpoint ${method} ${path} is not served by the local tenant.`);
  }

  openIdConfiguration(): Record<string, unknown> {
    const base = `${this.baseUrl}/${this.tenantId}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.tokens.issuer,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'preferred_username', 'tid', 'upn', 'ver'],
      tenant_region_scope: 'AS',
      cloud_instance_name: new URL(this.baseUrl).host,
      msgraph_host: new URL(this.baseUrl).host,
    };
  }

  /** What MSAL asks the cloud when the authority is not in knownAuthorities: this host is its own cloud. */
  private instanceDiscovery(): AadReply {
    const host = new URL(this.baseUrl).host;
    return {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${this.baseUrl}/${this.tenantId}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }

  private async token(form: URLSearchParams, headers: Record<string, string>): Promise<AadReply> {
    const correlationId = headers['client-request-id'] ?? randomUUID();
    const fail = (status: number, error: string, code: number, description: string): AadReply => aadError(status, error, code, description, correlationId);
    const grant = form.get('grant_type');
    if (!grant) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");

    // Client authentication: client_secret_post, or client_secret_basic in the Authorization header.
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? '');
    if (basic) {
      const [id, s] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent);
      clientId ??= id ?? null;
      secret ??= s ?? null;
    }
    if (!clientId) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId !== this.app.clientId) {
      return fail(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.tenantId}'.`);
    }
    if (!secret) return fail(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    if (!sameSecret(secret, this.app.clientSecret)) {
      return fail(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }

    const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (grant === 'client_credentials') {
      if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) {
        return fail(400, 'invalid_scope', 1002012, `The provided value for scope ${scopes.join(' ') || '(none)'} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
      }
      const resource = scopes[0]!.slice(0, -'/.default'.length);
      if (!isGraph(resource)) return fail(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${this.tenantId}. The local tenant issues tokens for Microsoft Graph only.`);
      return this.tokenReply(await this.tokens.appGraphToken(clientId, this.app.displayName), scopes.join(' '));
    }
    if (grant === JWT_BEARER) return this.onBehalfOf(form, scopes, clientId, fail);
    return fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
  }

  /** On-behalf-of (v2-oauth2-on-behalf-of-flow): a user's token for this app, exchanged for a delegated Graph token. */
  private async onBehalfOf(form: URLSearchParams, scopes: string[], clientId: string, fail: (s: number, e: string, c: number, d: string) => AadReply): Promise<AadReply> {
    if (form.get('requested_token_use') !== 'on_behalf_of') {
      return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'requested_token_use' (on_behalf_of).");
    }
    const assertion = form.get('assertion');
    if (!assertion) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'assertion'.");
    let claims;
    try {
      claims = await this.tokens.verify(assertion);
    } catch (e) {
      const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return expired
        ? fail(400, 'invalid_grant', 500133, 'Assertion is not within its valid time range.')
        : fail(400, 'invalid_grant', 50013, 'Assertion failed signature validation.');
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((a) => a === clientId || a === `api://${clientId}`)) {
      return fail(400, 'invalid_grant', 50013, 'Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was ' +
        `'${audiences.join(', ')}' and the expected audience is '${clientId}' or one of the Application Id URIs of this application.`);
    }
    const upn = typeof claims.upn === 'string' ? claims.upn : typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined;
    if (!upn) return fail(400, 'invalid_grant', 50013, 'The assertion does not name a user (no upn or preferred_username).');
    const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
    if (resourceScopes.length === 0) return fail(400, 'invalid_scope', 70011, "The provided value for the input parameter 'scope' is not valid: no Microsoft Graph scope was requested.");
    const granted: string[] = [];
    for (const s of resourceScopes) {
      const m = /^(.*)\/([^/]+)$/.exec(s);
      const [resource, name] = m ? [m[1]!, m[2]!] : [GRAPH_RESOURCE, s];
      if (!isGraph(resource)) return fail(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant. The local tenant issues tokens for Microsoft Graph only.`);
      granted.push(...(name === '.default' ? DEFAULT_DELEGATED : [name]));
    }
    const scp = [...new Set(granted)];
    const user = { oid: userObjectId(this.tenantId, upn), upn, name: typeof claims.name === 'string' ? claims.name : (this.displayNameOf(upn) ?? upn) };
    const reply = this.tokenReply(await this.tokens.oboGraphToken(clientId, this.app.displayName, user, scp), scp.map((s) => `${GRAPH_RESOURCE}/${s}`).join(' '));
    const body = reply.body as Record<string, unknown>;
    const asked = new Set(scopes.map((s) => s.toLowerCase()));
    if (asked.has('openid')) body.id_token = await this.tokens.idToken(clientId, user);
    if (asked.has('offline_access')) body.refresh_token = randomBytes(48).toString('base64url');
    if (form.get('client_info') === '1') body.client_info = Buffer.from(JSON.stringify({ uid: user.oid, utid: this.tenantId })).toString('base64url');
    return reply;
  }

  private tokenReply(accessToken: string, scope: string): AadReply {
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
      body: { token_type: 'Bearer', scope, expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: accessToken },
    };
  }
}

function isGraph(resource: string): boolean {
  const r = resource.replace(/\/+$/, '').toLowerCase();
  return r === GRAPH_RESOURCE || r === GRAPH_APP_ID || r === 'https://graph.microsoft.com/';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
