/**
 * Tokens end to end over real HTTP: the local tenant's authorization code flow with PKCE (what the
 * tab's dev host runs through MSAL.js) issues ID and access tokens shaped as Entra's v2 endpoint
 * issues them, and the server (started against that tenant) takes only an access token for its API
 * with the `access_as_user` scope — checked after the signature, so an unsigned token learns nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { fetch as tlsFetch } from 'undici';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { claimsOf, TAB_ORIGIN, TAB_REDIRECT, TenantClient } from '../helpers/code-flow';
import { preset } from '../helpers/world';

const TODAY = '2026-11-23';
const programme = preset('setagaya');
const OTHER_TENANT = '11111111-2222-3333-4444-555555555555';

describe('tokens: the local tenant issues them as Entra does, the API takes only its access tokens', () => {
  let dir: string;
  let tenant: LocalTenant;
  let server: RunningServer;
  let client: TenantClient;
  let upn: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-auth-'));
    tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 40, seed: 3, today: TODAY } });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    server = await startServer(
      { PORT: '0', SKILLSTEPS_PROGRAMME: 'setagaya', ...localTenantEnv(tenant, join(dir, 'ca.pem')) },
      { log: memoryLogger(), clock: { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY } },
    );
    await server.service.refresh();
    client = new TenantClient(tenant);
    upn = generateMunicipality(programme, { staff: 40, seed: 3, today: TODAY, defects: 0 }).staff.find((s) => s.active)!.upn;
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await server?.close();
    await tenant?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const me = async (authorization?: string) => {
    const res = await fetch(`${server.url}/api/me`, { headers: authorization === undefined ? {} : { authorization } });
    return { status: res.status, body: (await res.json()) as { upn?: string; error?: { code: string; message: string } } };
  };
  const now = () => Math.floor(Date.now() / 1000);
  /** A v2 access token for the API, every claim as Entra sets it, then changed by `change` and signed by the tenant's key. */
  const signed = (change: (c: JWTPayload) => JWTPayload = (c) => c) =>
    tenant.signClaims(
      change({
        aud: tenant.clientId,
        iss: tenant.issuer,
        iat: now() - 10,
        nbf: now() - 10,
        exp: now() + 3600,
        azp: tenant.clientId,
        azpacr: '0',
        name: '試験 太郎',
        oid: '00000000-0000-4000-8000-000000000009',
        preferred_username: upn,
        scp: 'access_as_user',
        sub: 'x',
        tid: tenant.tenantId,
        ver: '2.0',
      }),
    );

  describe('the authorization code flow with PKCE (dev host sign-in)', () => {
    it('gives an ID token for the app and an access token for its API, with the claims of Entra v2 tokens', async () => {
      const flow = await client.signIn(upn, { office: true });
      const answer = await flow.redeem();
      expect(answer.status).toBe(200);
      // Entra answers a SPA redirect URI's origin (CORS), never caches tokens.
      expect(answer.headers['access-control-allow-origin']).toBe(TAB_ORIGIN);
      expect(answer.headers['cache-control']).toContain('no-store');
      const body = answer.body;
      expect(body).toEqual(
        expect.objectContaining({ token_type: 'Bearer', scope: `api://localhost/${tenant.clientId}/access_as_user`, expires_in: 3600, refresh_token: expect.any(String), client_info: expect.any(String) }),
      );
      const id = claimsOf(String(body.id_token));
      const access = claimsOf(String(body.access_token));
      const common = { iss: tenant.issuer, tid: tenant.tenantId, ver: '2.0', preferred_username: upn, oid: expect.any(String), sub: expect.any(String), name: expect.any(String), roles: ['ProgrammeOffice'] };
      // learn.microsoft.com/entra/identity-platform/id-token-claims-reference: aud = the client, the request's nonce, no scp.
      expect(id).toEqual(expect.objectContaining({ ...common, aud: tenant.clientId, nonce: flow.params.get('nonce') }));
      expect(id.scp).toBeUndefined();
      // …/access-token-claims-reference: aud = the API's client id (v2), scp, azp = the SPA, azpacr 0 (public client).
      expect(access).toEqual(expect.objectContaining({ ...common, aud: tenant.clientId, scp: 'access_as_user', azp: tenant.clientId, azpacr: '0', idtyp: 'user' }));
      expect(access.nonce).toBeUndefined();
      expect(access.upn).toBeUndefined();
      for (const t of [id, access]) {
        expect([typeof t.iat, typeof t.nbf, typeof t.exp]).toEqual(['number', 'number', 'number']);
        expect((t.exp as number) - (t.iat as number)).toBe(3600);
      }
      expect(id.oid).toBe(access.oid);
      expect(JSON.parse(Buffer.from(String(body.client_info), 'base64url').toString())).toEqual({ uid: access.oid, utid: tenant.tenantId });
      expect(flow.state).toBe(flow.params.get('state'));
    });

    it('redeems a code once: a second time is invalid_grant 54005 and revokes the refresh token the first gave', async () => {
      const flow = await client.signIn(upn);
      const first = await flow.redeem();
      expect(first.status).toBe(200);
      const again = await flow.redeem();
      expect([again.status, again.body.error, again.body.error_codes]).toEqual([400, 'invalid_grant', [54005]]);
      const refresh = await client.token({ client_id: tenant.clientId, grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
      expect([refresh.status, refresh.body.error]).toEqual([400, 'invalid_grant']);
    });

    it('checks the PKCE verifier, the redirect URI and the client of the code', async () => {
      const wrongVerifier = await (await client.signIn(upn)).redeem({ code_verifier: 'a'.repeat(43) });
      expect([wrongVerifier.status, wrongVerifier.body.error_codes]).toEqual([400, [501481]]);
      const otherRedirect = await (await client.signIn(upn)).redeem({ redirect_uri: 'http://localhost:3978/tab/other' });
      expect(otherRedirect.status).toBe(400);
      const otherClient = await (await client.signIn(upn)).redeem({ client_id: '99999999-0000-4000-8000-000000000000' });
      expect([otherClient.status, otherClient.body.error]).toEqual([400, 'unauthorized_client']);
      const withSecret = await (await client.signIn(upn)).redeem({ client_secret: tenant.clientSecret });
      expect([withSecret.status, withSecret.body.error_codes]).toEqual([401, [700025]]);
    });

    it('redeems only from the browser of a SPA redirect URI: no Origin is 9002327, another origin gets no CORS and 9002326', async () => {
      const noOrigin = await (await client.signIn(upn)).redeem({}, null);
      expect([noOrigin.status, noOrigin.body.error_codes]).toEqual([400, [9002327]]);
      const foreign = await (await client.signIn(upn)).redeem({}, 'https://evil.example');
      expect([foreign.status, foreign.body.error_codes]).toEqual([400, [9002326]]);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      // Client credentials are refused in the presence of an Origin header.
      const secretFromBrowser = await client.token({ client_id: tenant.clientId, client_secret: tenant.clientSecret, grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' });
      expect([secretFromBrowser.status, secretFromBrowser.body.error_codes]).toEqual([400, [700025]]);
    });

    it('answers the CORS preflight of the token endpoint for the SPA origin only, and the metadata for any origin', async () => {
      const preflight = (origin: string) =>
        tlsFetch(tenant.tokenEndpoint, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-anchormailbox' },
          dispatcher: client.dispatcher,
        });
      const ok = await preflight('http://localhost:41234');
      expect([ok.status, ok.headers.get('access-control-allow-origin'), ok.headers.get('access-control-allow-headers')]).toEqual([204, 'http://localhost:41234', 'content-type,x-anchormailbox']);
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
      const metadata = await tlsFetch(`${tenant.url}/${tenant.tenantId}/v2.0/.well-known/openid-configuration`, { headers: { origin: TAB_ORIGIN }, dispatcher: client.dispatcher });
      expect(metadata.headers.get('access-control-allow-origin')).toBe('*');
      expect(((await metadata.json()) as { response_types_supported: string[] }).response_types_supported).toEqual(['code']);
    });

    it('refreshes with the refresh token (24 hours for a SPA, carried over), keeping the scopes granted', async () => {
      const tokens = await client.tokensFor(upn);
      const refreshed = await client.token({
        client_id: tenant.clientId,
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken,
        scope: `api://localhost/${tenant.clientId}/access_as_user openid profile offline_access`,
        client_info: '1',
      });
      expect(refreshed.status).toBe(200);
      expect(claimsOf(String(refreshed.body.access_token))).toEqual(expect.objectContaining({ aud: tenant.clientId, scp: 'access_as_user' }));
      expect(refreshed.body.refresh_token_expires_in).toBeLessThanOrEqual(tokens.body.refresh_token_expires_in as number);
      expect(refreshed.body.refresh_token_expires_in).toBeGreaterThan(24 * 3600 - 60);
      const widened = await client.token({ client_id: tenant.clientId, grant_type: 'refresh_token', refresh_token: tokens.refreshToken, scope: 'https://graph.microsoft.com/User.Read' });
      expect([widened.status, widened.body.error]).toEqual([400, 'invalid_scope']);
      const noOrigin = await client.token({ client_id: tenant.clientId, grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, null);
      expect(noOrigin.body.error_codes).toEqual([9002327]);
    });

    it('refuses on the page what cannot be sent back (unknown client, unregistered redirect URI), and sends back the rest as error', async () => {
      const { params } = client.authorizeParams();
      const unknownClient = new URLSearchParams(params);
      unknownClient.set('client_id', '99999999-0000-4000-8000-000000000000');
      expect((await client.authorize(unknownClient)).html).toContain('AADSTS700016');
      const foreignRedirect = new URLSearchParams(params);
      foreignRedirect.set('redirect_uri', 'https://evil.example/tab/');
      const page = await client.authorize(foreignRedirect);
      expect([page.status, page.location]).toEqual([400, undefined]);
      expect(page.html).toContain('AADSTS50011');

      const errorOf = async (change: (p: URLSearchParams) => void) => {
        const p = new URLSearchParams(params);
        change(p);
        const r = await client.authorize(p);
        expect(r.status).toBe(302);
        const back = new URL(r.location!);
        expect(`${back.origin}${back.pathname}`).toBe(TAB_REDIRECT);
        const f = new URLSearchParams(back.hash.slice(1));
        return [f.get('error'), f.get('error_description')?.split(':')[0], f.get('state')];
      };
      const state = params.get('state');
      expect(await errorOf((p) => p.delete('code_challenge'))).toEqual(['invalid_request', 'AADSTS9002325', state]);
      expect(await errorOf((p) => p.set('response_type', 'token'))).toEqual(['unsupported_response_type', 'AADSTS700054', state]);
      expect(await errorOf((p) => p.set('scope', 'openid profile'))).toEqual(['invalid_scope', 'AADSTS70011', state]);
      expect(await errorOf((p) => p.set('scope', `api://localhost/${tenant.clientId}/write_everything`))).toEqual(['invalid_scope', 'AADSTS70011', state]);
      expect(await errorOf((p) => p.set('prompt', 'none'))).toEqual(['login_required', 'AADSTS50058', state]);
      // Any port of localhost is the registered http://localhost/tab/.
      const otherPort = new URLSearchParams(params);
      otherPort.set('redirect_uri', 'http://localhost:5173/tab/');
      expect((await client.authorize(otherPort)).status).toBe(200);
    });
  });

  describe('the API', () => {
    it('takes the access token of a sign-in', async () => {
      const { accessToken } = await client.tokensFor(upn);
      expect(await me(`Bearer ${accessToken}`)).toEqual({ status: 200, body: expect.objectContaining({ upn }) });
      // The scheme is case-insensitive (RFC 7235); the rest is not.
      expect((await me(`bearer ${accessToken}`)).status).toBe(200);
    });

    it('refuses the ID token of the same sign-in: it has the same audience but is not an access token (no scp)', async () => {
      const { idToken } = await client.tokensFor(upn);
      const r = await me(`Bearer ${idToken}`);
      expect([r.status, r.body.error?.code]).toEqual([401, 'AUTH.WRONG_SCOPE']);
    });

    it.each([
      ['another scope of the API', (c: JWTPayload) => ({ ...c, scp: 'something_else' })],
      ['an app-only token (roles, no scp)', (c: JWTPayload) => ({ ...c, scp: undefined, roles: ['ProgrammeOffice'], idtyp: 'app' })],
      ['a scope that only starts like it', (c: JWTPayload) => ({ ...c, scp: 'access_as_user_admin' })],
    ])('refuses an access token for the API without access_as_user: %s (401 AUTH.WRONG_SCOPE)', async (_name, change) => {
      const r = await me(`Bearer ${await signed(change)}`);
      expect([r.status, r.body.error?.code]).toEqual([401, 'AUTH.WRONG_SCOPE']);
    });

    it('refuses a v1 token (ver 1.0, issuer sts.windows.net): the API asks Entra for v2 tokens only', async () => {
      const v1 = await signed((c) => ({ ...c, ver: '1.0', iss: `https://sts.windows.net/${tenant.tenantId}/`, aud: `api://localhost/${tenant.clientId}`, upn, appid: c.azp, azp: undefined }));
      const r = await me(`Bearer ${v1}`);
      expect([r.status, r.body.error?.code]).toEqual([401, 'AUTH.WRONG_VERSION']);
    });

    it('refuses a token without exp, or without iat', async () => {
      for (const drop of ['exp', 'iat']) {
        const r = await me(`Bearer ${await signed((c) => ({ ...c, [drop]: undefined }))}`);
        expect([drop, r.status, r.body.error?.code]).toEqual([drop, 401, 'AUTH.MISSING_CLAIM']);
      }
    });

    it('refuses a token issued in the future (iat, or nbf, beyond a minute of skew), and takes one within it', async () => {
      const future = await me(`Bearer ${await signed((c) => ({ ...c, iat: now() + 600 }))}`);
      expect([future.status, future.body.error?.code]).toEqual([401, 'AUTH.NOT_YET_VALID']);
      const notBefore = await me(`Bearer ${await signed((c) => ({ ...c, nbf: now() + 600 }))}`);
      expect([notBefore.status, notBefore.body.error?.code]).toEqual([401, 'AUTH.NOT_YET_VALID']);
      expect((await me(`Bearer ${await signed((c) => ({ ...c, iat: now() + 20, nbf: now() + 20 }))}`)).status).toBe(200);
      const expired = await me(`Bearer ${await signed((c) => ({ ...c, exp: now() - 120 }))}`);
      expect([expired.status, expired.body.error?.code]).toEqual([401, 'AUTH.EXPIRED']);
    });

    it('refuses an Authorization header that is not "Bearer" and one space: two spaces, a tab, a trailing word', async () => {
      const token = await signed();
      expect((await me(`Bearer ${token}`)).status).toBe(200);
      for (const header of [`Bearer  ${token}`, `Bearer\t${token}`, `Bearer ${token} x`, `Bearer${token}`]) {
        const r = await me(header);
        expect([JSON.stringify(header.slice(0, 8)), r.status, r.body.error?.code]).toEqual([JSON.stringify(header.slice(0, 8)), 401, 'AUTH.MALFORMED']);
      }
    });

    it('tells a forged token the same whatever its tid: the signature is checked before any claim', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forge = async (tid: string) => {
        const claims = claimsOf(await signed((c) => ({ ...c, tid, iss: `${tenant.url}/${tid}/v2.0` })));
        return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'forged' }).sign(privateKey);
      };
      const right = await me(`Bearer ${await forge(tenant.tenantId)}`);
      const wrong = await me(`Bearer ${await forge(OTHER_TENANT)}`);
      expect(right).toEqual({ status: 401, body: { error: { code: 'AUTH.BAD_SIGNATURE', message: expect.any(String) } } });
      expect(wrong).toEqual(right);
      // Unsigned (alg none) too.
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify(claimsOf(await signed()))).toString('base64url');
      expect(await me(`Bearer ${header}.${payload}.`)).toEqual(right);
    });

    it('tells a validly signed token from another tenant so (only after its signature)', async () => {
      const r = await me(`Bearer ${await signed((c) => ({ ...c, tid: OTHER_TENANT, iss: `${tenant.url}/${OTHER_TENANT}/v2.0` }))}`);
      expect([r.status, r.body.error?.code]).toEqual([401, 'AUTH.WRONG_TENANT']);
    });
  });
});
