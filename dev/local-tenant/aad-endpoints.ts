import { randomUUID, randomBytes, timingSafeEqual } from 'node:crypto';
import { userObjectId } from './ids';
import type { AadReply, AppRegistration } from './aad-types';
import { SPA_REFRESH_LIFETIME_MS, isPkceVerifier, isSpaOrigin, matchSpaRedirect, pkceMatches, resolveScopes, type AuthGrants, type Grant } from './auth-grants';
import type { SignInPage } from './sign-in-page';
import { GRAPH_APP_ID, GRAPH_RESOURCE, TOKEN_LIFETIME_SECONDS, type TokenIssuer } from './token-issuer';

/**
 * The Entra ID (AAD v2) endpoints the app, MSAL Node and MSAL.js use: authorize (the sign-in page),
 * token (authorization code with PKCE and refresh tokens for the single-page app; client credentials
 * and on-behalf-of for the server), OpenID configuration, JWKS and instance discovery. Errors in
 * Entra's shape `{ error, error_description, error_codes, timestamp, trace_id, correlation_id }`.
 * CORS as Entra does it for an app's SPA redirect URIs: the token endpoint answers their origins
 * (preflight included); the metadata and keys answer any origin.
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
    /** Codes and refresh tokens of the authorization code flow (shared with the sign-in page). */
    private readonly grants: AuthGrants,
    /** The development sign-in page: the authorize endpoint for the tab's dev host. */
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
    // Public metadata: MSAL.js reads the OpenID configuration from the browser, cross-origin.
    if ((rest === '/v2.0/.well-known/openid-configuration' || rest === '/.well-known/openid-configuration') && method === 'GET') {
      return { status: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: this.openIdConfiguration() };
    }
    if (rest === '/discovery/v2.0/keys' && method === 'GET') return { status: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: this.tokens.jwks() };
    if (rest === '/oauth2/v2.0/token' && method === 'OPTIONS') return this.preflight(headers);
    if (rest === '/oauth2/v2.0/token' && method === 'POST') return this.withCors(headers, await this.token(new URLSearchParams(body), headers));
    if (rest === '/oauth2/v2.0/authorize' && this.signIn) return this.signIn.handle(method, query ?? new URLSearchParams(), body);
    return aadError(404, 'invalid_request', 900561, `The endpoint ${method} ${path} is not served by the local tenant.`);
  }

  openIdConfiguration(): Record<string, unknown> {
    const base = `${this.baseUrl}/${this.tenantId}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      // What this tenant implements (Entra lists more: form_post, the implicit and hybrid flows, logout).
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.tokens.issuer,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'nonce', 'oid', 'preferred_username', 'roles', 'tid', 'ver'],
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
    // The single-page app's grants: a public client, no secret, from the browser.
    if (grant === 'authorization_code') return this.redeemCode(form, headers, fail);
    if (grant === 'refresh_token') return this.refresh(form, headers, fail);
    // "The Microsoft identity platform also prevents the use of client credentials in all flows in the presence of an Origin header."
    if (headers.origin) return fail(400, 'invalid_request', 700025, 'Client credentials are not accepted from a browser (the request has an Origin header): a public client presents neither client_assertion nor client_secret.');

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
  private async onBehalfOf(form: URLSearchParams, scopes: string[], clientId: string, fail: Fail): Promise<AadReply> {
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
    if (!audiences.some((a) => a === clientId || this.app.identifierUris.includes(String(a)))) {
      return fail(400, 'invalid_grant', 50013, 'Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was ' +
        `'${audiences.join(', ')}' and the expected audience is '${clientId}' or one of the Application Id URIs of this application.`);
    }
    // "The access token that was sent to the middle-tier API": an ID token (no scp) is not one.
    if (typeof claims.scp !== 'string') return fail(400, 'invalid_grant', 50013, 'The assertion is not a delegated access token for this application (it has no scp claim).');
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
    if (form.get('client_info') === '1') body.client_info = clientInfo(user.oid, this.tenantId);
    return reply;
  }

  /**
   * `grant_type=authorization_code` for the SPA: the code once, within its lifetime, for the client
   * and redirect URI it was issued to, with the PKCE verifier of its challenge, from the browser.
   */
  private async redeemCode(form: URLSearchParams, headers: Record<string, string>, fail: Fail): Promise<AadReply> {
    const spa = this.publicClient(form, headers, fail);
    if ('status' in spa) return spa;
    const code = form.get('code');
    if (!code) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'code'.");
    const redirectUri = form.get('redirect_uri');
    if (!redirectUri) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'redirect_uri'.");
    const redeemed = this.grants.redeemCode(code);
    if (!redeemed.ok) {
      if (redeemed.reason === 'used') return fail(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
      if (redeemed.reason === 'expired') return fail(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
      return fail(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    }
    const g = redeemed.grant;
    if (g.clientId !== spa.clientId) return fail(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed: the code was issued to another client.');
    if (g.redirectUri !== redirectUri) return fail(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed: redirect_uri is not the one the code was issued for.');
    const verifier = form.get('code_verifier') ?? '';
    if (!isPkceVerifier(verifier) || !pkceMatches(verifier, g.codeChallenge, g.codeChallengeMethod)) {
      return fail(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
    }
    const asked = this.narrowed(g, form.get('scope'));
    if ('status' in asked) return asked;
    return this.userTokens(asked, g.nonce, form, Date.now() + SPA_REFRESH_LIFETIME_MS, code);
  }

  /** `grant_type=refresh_token` for the SPA: a refresh token this tenant issued, not expired, for the same client. */
  private async refresh(form: URLSearchParams, headers: Record<string, string>, fail: Fail): Promise<AadReply> {
    const spa = this.publicClient(form, headers, fail);
    if ('status' in spa) return spa;
    const token = form.get('refresh_token');
    if (!token) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'refresh_token'.");
    const redeemed = this.grants.redeemRefreshToken(token);
    if (!redeemed.ok) {
      return redeemed.reason === 'expired'
        ? fail(400, 'invalid_grant', 700084, 'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.')
        : fail(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the refresh token is not one this tenant issued.');
    }
    if (redeemed.grant.clientId !== spa.clientId) return fail(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed: the refresh token was issued to another client.');
    const asked = this.narrowed(redeemed.grant, form.get('scope'));
    if ('status' in asked) return asked;
    // A new refresh token carries over the first one's expiry.
    return this.userTokens(asked, undefined, form, redeemed.grant.expiresAt);
  }

  /** The client of a browser grant: the app, and a request from the origin of one of its SPA redirect URIs. */
  private publicClient(form: URLSearchParams, headers: Record<string, string>, fail: Fail): { clientId: string } | AadReply {
    const clientId = form.get('client_id');
    if (!clientId) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId !== this.app.clientId) return fail(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.tenantId}'.`);
    if (form.has('client_secret') || form.has('client_assertion')) {
      return fail(401, 'invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
    }
    // Codes and refresh tokens issued to a SPA redirect URI are redeemed by the browser only.
    const origin = headers.origin;
    if (!origin) return fail(400, 'invalid_request', 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.");
    if (!isSpaOrigin(this.app.spaRedirectUris, origin)) return fail(400, 'invalid_request', 9002326, "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.");
    const redirectUri = form.get('redirect_uri');
    if (redirectUri && !matchSpaRedirect(this.app.spaRedirectUris, redirectUri)) {
      return fail(400, 'invalid_request', 9002326, "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type.");
    }
    return { clientId };
  }

  /** The token request's optional `scope`: the granted scopes or a subset of them (plus OpenID Connect scopes). */
  private narrowed(grant: Grant, scope: string | null): Grant | AadReply {
    if (!scope) return grant;
    const asked = resolveScopes(this.app, scope);
    const fail = (d: string): AadReply => aadError(400, 'invalid_scope', 70011, d);
    if (!asked.ok) return fail(asked.description);
    if (!asked.scp.every((s) => grant.scp.includes(s))) return fail(`The provided value for the input parameter 'scope' is not valid. The scopes asked for must be those of the original request or a subset of them (${grant.resourceScopes.join(' ')}).`);
    return { ...grant, resourceScopes: asked.resourceScopes, scp: asked.scp, oidcScopes: asked.oidcScopes };
  }

  /** The access token for the app's API, and the ID token, refresh token and client_info as the scopes and MSAL ask. */
  private async userTokens(grant: Grant, nonce: string | undefined, form: URLSearchParams, refreshExpiresAt: number, fromCode?: string): Promise<AadReply> {
    const user = { upn: grant.user.upn, name: grant.user.name };
    const access = await this.tokens.accessToken(user, { audience: this.app.clientId, scopes: grant.scp, azp: grant.clientId, roles: grant.user.roles });
    const reply = this.tokenReply(access, grant.resourceScopes.join(' '));
    const body = reply.body as Record<string, unknown>;
    if (grant.oidcScopes.includes('openid')) body.id_token = await this.tokens.idToken(grant.clientId, user, { nonce, roles: grant.user.roles });
    if (grant.oidcScopes.includes('offline_access')) {
      body.refresh_token = this.grants.issueRefreshToken(grant, refreshExpiresAt, fromCode);
      body.refresh_token_expires_in = Math.max(0, Math.floor((refreshExpiresAt - Date.now()) / 1000));
    }
    if (form.get('client_info') === '1') body.client_info = clientInfo(userObjectId(this.tenantId, user.upn), this.tenantId);
    return reply;
  }

  /** CORS preflight of the token endpoint: allowed for the origins of the app's SPA redirect URIs. */
  private preflight(headers: Record<string, string>): AadReply {
    const origin = headers.origin;
    if (!origin || !isSpaOrigin(this.app.spaRedirectUris, origin)) return { status: 204, headers: { Vary: 'Origin' }, body: undefined };
    return {
      status: 204,
      headers: {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': headers['access-control-request-headers'] ?? 'Content-Type',
        'Access-Control-Max-Age': '86400',
        Vary: 'Origin',
      },
      body: undefined,
    };
  }

  /** The token endpoint's answer, readable by the browser when it comes from a SPA redirect URI's origin. */
  private withCors(headers: Record<string, string>, reply: AadReply): AadReply {
    const origin = headers.origin;
    if (!origin || !isSpaOrigin(this.app.spaRedirectUris, origin)) return reply;
    return { ...reply, headers: { ...reply.headers, 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } };
  }

  private tokenReply(accessToken: string, scope: string): AadReply {
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
      body: { token_type: 'Bearer', scope, expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: accessToken },
    };
  }
}

type Fail = (status: number, error: string, code: number, description: string) => AadReply;

/** `client_info`, as Entra returns it when MSAL asks (`client_info=1`): base64url of `{ uid, utid }`. */
function clientInfo(oid: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: oid, utid: tenantId })).toString('base64url');
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
