/**
 * What the local tenant serves for the deploy rehearsal (dev/README.md): App Service's managed
 * identity endpoint (https://learn.microsoft.com/azure/app-service/overview-managed-identity,
 * "REST endpoint reference") and the Bot Framework's OpenID metadata, keys and channel tokens
 * (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication),
 * over the wire, refusals included. tests/deploy/rehearsal.test.ts drives both with the SDKs.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWK } from 'jose';
import { Agent } from 'undici';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import type { ManagedIdentityEndpoint } from '../../dev/local-tenant/managed-identity';

let tenant: LocalTenant;
let identity: ManagedIdentityEndpoint;
let trust: Agent;

beforeAll(async () => {
  tenant = await startLocalTenant({ port: 0 });
  identity = await tenant.startManagedIdentity();
  trust = new Agent({ connect: { ca: tenant.caPem } });
});
afterAll(async () => {
  await tenant.close();
  await trust.close();
});

/** A token request; `header` null sends none. */
async function token(query: Record<string, string>, header: string | null = identity.header): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${identity.url}?${new URLSearchParams(query)}`, { headers: header === null ? {} : { 'X-IDENTITY-HEADER': header } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function tenantGet(url: string, bearer?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, dispatcher: trust } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('App Service managed identity endpoint', () => {
  const ask = (resource: string, over: Record<string, string> = {}) => ({ resource, 'api-version': '2019-08-01', client_id: identity.clientId, ...over });

  it('answers as the REST reference documents, with a Graph token the tenant\'s Graph takes', async () => {
    expect(identity.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    const r = await token(ask('https://graph.microsoft.com'));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      access_token: expect.any(String),
      expires_on: expect.stringMatching(/^\d{10}$/),
      not_before: expect.stringMatching(/^\d{10}$/),
      resource: 'https://graph.microsoft.com',
      token_type: 'Bearer',
      client_id: identity.clientId,
    });
    expect(Number(r.body.expires_on) - Date.now() / 1000).toBeGreaterThan(3000);
    expect(decodeJwt(String(r.body.access_token))).toMatchObject({ aud: 'https://graph.microsoft.com', appid: identity.clientId, tid: tenant.tenantId, roles: ['Sites.Selected'] });
    expect((await tenantGet(`${tenant.url}/v1.0/sites/${tenant.siteId}`, String(r.body.access_token))).status).toBe(200);
  });

  it('issues v1 tokens for Storage and the Bot Framework, as Entra ID does for them', async () => {
    for (const resource of ['https://storage.azure.com', 'https://api.botframework.com']) {
      const r = await token(ask(resource));
      expect(r.status).toBe(200);
      const claims = decodeJwt(String(r.body.access_token));
      expect(claims).toMatchObject({ aud: resource, iss: `https://sts.windows.net/${tenant.tenantId}/`, ver: '1.0', appid: identity.clientId, oid: identity.principalId, tid: tenant.tenantId });
      expect(claims.exp! - claims.nbf!).toBeGreaterThan(3000);
    }
  });

  it('refuses a missing or wrong X-IDENTITY-HEADER (401), another API version, an unknown identity or resource (400)', async () => {
    expect((await token(ask('https://graph.microsoft.com'), null)).status).toBe(401);
    expect((await token(ask('https://graph.microsoft.com'), 'guessed')).status).toBe(401);
    expect((await token(ask('https://graph.microsoft.com', { 'api-version': '2017-09-01' }))).body).toMatchObject({ error: 'invalid_request' });
    const { client_id: _omitted, ...systemAssigned } = ask('https://graph.microsoft.com');
    void _omitted;
    expect((await token(systemAssigned)).body).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('system-assigned') });
    expect((await token(ask('https://graph.microsoft.com', { client_id: '00000000-0000-0000-0000-000000000000' }))).status).toBe(400);
    expect((await token(ask('https://vault.azure.net'))).body).toMatchObject({ error: 'invalid_resource' });
    expect((await token({ 'api-version': '2019-08-01', client_id: identity.clientId })).status).toBe(400);
    expect(identity.requests().filter((q) => q.status === 200)).toHaveLength(3);
  });
});

describe('Bot Framework metadata, keys and channel tokens', () => {
  it('publishes the metadata document and keys endorsed per channel; a channel token verifies against them', async () => {
    const metadata = await tenantGet(tenant.botFramework.openIdMetadataUrl);
    expect(metadata).toMatchObject({ status: 200, body: { issuer: 'https://api.botframework.com', id_token_signing_alg_values_supported: ['RS256'], jwks_uri: `${tenant.url}/botframework/v1/.well-known/keys` } });
    const keys = (await tenantGet(String(metadata.body.jwks_uri))).body as unknown as { keys: Array<JWK & { kid: string; endorsements: string[] }> };
    expect(keys.keys.map((k) => k.endorsements)).toEqual([['msteams'], ['webchat']]);

    const serviceUrl = 'http://127.0.0.1:3980/jp/';
    const channelToken = await tenant.botFramework.channelToken({ appId: 'bot-app', serviceUrl });
    expect(decodeProtectedHeader(channelToken).kid).toBe(keys.keys[0]!.kid);
    const { payload } = await jwtVerify(channelToken, createLocalJWKSet(keys as JSONWebKeySet), { issuer: 'https://api.botframework.com', audience: 'bot-app' });
    expect(payload.serviceurl).toBe(serviceUrl);
    const webchat = await tenant.botFramework.channelToken({ appId: 'bot-app', serviceUrl, signedFor: 'webchat' });
    expect(decodeProtectedHeader(webchat).kid).toBe(keys.keys[1]!.kid);
  });

  it('serves GET only, and nothing else under its path', async () => {
    const post = await fetch(tenant.botFramework.openIdMetadataUrl, { method: 'POST', dispatcher: trust } as RequestInit);
    expect(post.status).toBe(405);
    expect((await tenantGet(`${tenant.url}/botframework/v1/.well-known/other`)).status).toBe(404);
  });
});
