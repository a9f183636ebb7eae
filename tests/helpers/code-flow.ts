import { createHash, randomBytes } from 'node:crypto';
import { Agent, fetch } from 'undici';
import type { LocalTenant } from '../../dev/local-tenant';

/**
 * The authorization code flow with PKCE against the local tenant, over HTTPS, as MSAL.js runs it in
 * the tab's dev host — without a browser: the authorize request, the sign-in page's form post for a
 * person, the redirect back with the code, and its redemption from the tab's origin. For tests that
 * need the tokens a real sign-in gives (an ID token, an access token, a refresh token).
 */

/** Where the dev host runs; any port of localhost matches the tenant's SPA redirect URI. */
export const TAB_ORIGIN = 'http://localhost:3978';
export const TAB_REDIRECT = `${TAB_ORIGIN}/tab/`;

export interface CodeFlowOptions {
  /** Tick 「プログラム事務局として」. */
  office?: boolean;
  /** Default `api://localhost/<client id>/access_as_user openid profile offline_access`. */
  scope?: string;
  redirectUri?: string;
  /** The Origin header of the redemption; null sends none (not a browser). */
  origin?: string | null;
}

export interface TokenAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface CodeFlow {
  /** The authorize request's parameters (client_id, redirect_uri, scope, state, nonce, PKCE …). */
  params: URLSearchParams;
  verifier: string;
  /** The code and state from the redirect's fragment. */
  code: string;
  state: string;
  /** Redeems the code (or another) with this flow's verifier unless told otherwise. */
  redeem(overrides?: Record<string, string>, origin?: string | null): Promise<TokenAnswer>;
}

export class TenantClient {
  readonly dispatcher: Agent;

  constructor(readonly tenant: LocalTenant) {
    this.dispatcher = new Agent({ connect: { ca: tenant.caPem } });
  }

  get authorizeUrl(): string {
    return `${this.tenant.url}/${this.tenant.tenantId}/oauth2/v2.0/authorize`;
  }

  /** An authorize request's parameters as MSAL.js sends them (S256, fragment, state and nonce). */
  authorizeParams(opts: CodeFlowOptions = {}): { params: URLSearchParams; verifier: string } {
    const verifier = randomBytes(32).toString('base64url');
    const params = new URLSearchParams({
      client_id: this.tenant.clientId,
      scope: opts.scope ?? `api://localhost/${this.tenant.clientId}/access_as_user openid profile offline_access`,
      redirect_uri: opts.redirectUri ?? TAB_REDIRECT,
      response_mode: 'fragment',
      response_type: 'code',
      state: randomBytes(8).toString('hex'),
      nonce: randomBytes(8).toString('hex'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      client_info: '1',
    });
    return { params, verifier };
  }

  /** GET the authorize endpoint: the sign-in page, or a redirect with an error. */
  async authorize(params: URLSearchParams): Promise<{ status: number; location?: string; html: string }> {
    const res = await fetch(`${this.authorizeUrl}?${params}`, { redirect: 'manual', dispatcher: this.dispatcher });
    return { status: res.status, location: res.headers.get('location') ?? undefined, html: await res.text() };
  }

  /** The sign-in page's form post for a person; the redirect it answers. */
  async pick(params: URLSearchParams, upn: string, office = false): Promise<{ status: number; location?: string; html: string }> {
    const form = new URLSearchParams(params);
    form.set('upn', upn);
    if (office) form.set('office', 'on');
    const res = await fetch(this.authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
      dispatcher: this.dispatcher,
    });
    return { status: res.status, location: res.headers.get('location') ?? undefined, html: await res.text() };
  }

  /** POST the token endpoint with a form, from a browser origin (or none). */
  async token(form: Record<string, string>, origin: string | null = TAB_ORIGIN, extraHeaders: Record<string, string> = {}): Promise<TokenAnswer> {
    const res = await fetch(this.tenant.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}), ...extraHeaders },
      body: new URLSearchParams(form).toString(),
      dispatcher: this.dispatcher,
    });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: (await res.json()) as Record<string, unknown> };
  }

  /** Authorize, pick the person, read the code from the redirect's fragment. */
  async signIn(upn: string, opts: CodeFlowOptions = {}): Promise<CodeFlow> {
    const { params, verifier } = this.authorizeParams(opts);
    const page = await this.authorize(params);
    if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}: ${page.location ?? page.html}`);
    const back = await this.pick(params, upn, opts.office);
    if (back.status !== 302 || !back.location) throw new Error(`the sign-in did not redirect: ${back.status} ${back.html}`);
    const fragment = new URLSearchParams(new URL(back.location).hash.slice(1));
    const code = fragment.get('code');
    if (!code) throw new Error(`no code in ${back.location}`);
    return {
      params,
      verifier,
      code,
      state: fragment.get('state') ?? '',
      redeem: (overrides = {}, origin = opts.origin === undefined ? TAB_ORIGIN : opts.origin) =>
        this.token(
          {
            client_id: this.tenant.clientId,
            grant_type: 'authorization_code',
            code,
            redirect_uri: params.get('redirect_uri')!,
            code_verifier: verifier,
            scope: params.get('scope')!,
            client_info: '1',
            ...overrides,
          },
          origin,
        ),
    };
  }

  /** The whole flow: the tokens a sign-in gives. */
  async tokensFor(upn: string, opts: CodeFlowOptions = {}): Promise<{ accessToken: string; idToken: string; refreshToken: string; body: Record<string, unknown> }> {
    const flow = await this.signIn(upn, opts);
    const answer = await flow.redeem();
    if (answer.status !== 200) throw new Error(`the code was not redeemed: ${JSON.stringify(answer.body)}`);
    const b = answer.body;
    return { accessToken: String(b.access_token), idToken: String(b.id_token), refreshToken: String(b.refresh_token), body: b };
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

/** A JWT's payload, unverified (tests look at what the tenant issued). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
