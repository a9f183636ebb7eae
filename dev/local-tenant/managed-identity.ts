import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, generateKeyPair, type KeyLike } from 'jose';
import { stableGuid } from './ids';
import { GRAPH_APP_ID, GRAPH_RESOURCE, TOKEN_LIFETIME_SECONDS, type TokenIssuer } from './token-issuer';

/** Azure Storage's resource (its tokens' `aud`), and the Bot Framework's (the Bot Connector's). */
export const STORAGE_RESOURCE = 'https://storage.azure.com';
export const BOT_FRAMEWORK_RESOURCE = 'https://api.botframework.com';
/** The API version App Service's token service takes (and msal-node's App Service source sends). */
export const MANAGED_IDENTITY_API_VERSION = '2019-08-01';

export interface ManagedIdentityOptions {
  /** The user-assigned identity's client id; default a stable GUID. */
  clientId?: string;
  /** Default 127.0.0.1 (App Service's endpoint is local to the instance). */
  hostname?: string;
}

/** A token request as it reached the endpoint, for tests. */
export interface ManagedIdentityRequest {
  resource: string;
  clientId?: string;
  status: number;
}

/** App Service's local token service: the IDENTITY_ENDPOINT and IDENTITY_HEADER the platform sets. */
export interface ManagedIdentityEndpoint {
  /** http://127.0.0.1:PORT/msi/token (IDENTITY_ENDPOINT). */
  url: string;
  /** The SSRF header's value (IDENTITY_HEADER): a request without it is refused. */
  header: string;
  /** The user-assigned identity's client id (SKILLSTEPS_MANAGED_IDENTITY_CLIENT_ID, the bot's app id). */
  clientId: string;
  /** Its service principal's object id (a token's `oid`). */
  principalId: string;
  tenantId: string;
  /** What was asked, in order. */
  requests(): ManagedIdentityRequest[];
  close(): Promise<void>;
}

type Reply = { status: number; body: Record<string, unknown> };

/**
 * The managed identity endpoint App Service gives an app with an identity, on plain HTTP on the
 * instance (https://learn.microsoft.com/azure/app-service/overview-managed-identity, "REST endpoint
 * reference"): `GET {IDENTITY_ENDPOINT}?resource=…&api-version=2019-08-01&client_id=…` with the
 * `X-IDENTITY-HEADER` header, answered with `access_token`, `expires_on` (seconds, as a string),
 * `not_before`, `resource`, `token_type` and `client_id`. It knows one user-assigned identity and
 * three resources: Microsoft Graph (a token this tenant's Graph takes, as its client-credentials
 * tokens), Azure Storage and the Bot Framework (v1 tokens as Entra ID issues for them: `iss`
 * https://sts.windows.net/{tid}/, `aud` the resource, `appid` the identity, `ver` 1.0). A wrong or
 * missing header, an unknown identity, an unknown resource, another API version: refused.
 */
export async function startManagedIdentityEndpoint(tokens: TokenIssuer, options: ManagedIdentityOptions = {}): Promise<ManagedIdentityEndpoint> {
  const tenantId = tokens.tenantId;
  const clientId = options.clientId ?? stableGuid('managed-identity');
  const principalId = stableGuid(`managed-identity-principal:${clientId}`);
  const header = randomBytes(24).toString('hex');
  // Entra signs v1 tokens with the same keys as v2 ones; the receivers here (Azurite, the Teams
  // stand-in) read the claims without checking the signature, so a key of its own does.
  const { privateKey } = await generateKeyPair('RS256');
  const requests: ManagedIdentityRequest[] = [];

  const answer = async (req: IncomingMessage): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://managed-identity.invalid');
    const resource = url.searchParams.get('resource') ?? '';
    const asked = url.searchParams.get('client_id') ?? undefined;
    const fail = (status: number, error: string, description: string): Reply => ({ status, body: { error, error_description: description, correlation_id: randomUUID() } });
    const record = (reply: Reply): Reply => {
      requests.push({ resource, ...(asked ? { clientId: asked } : {}), status: reply.status });
      return reply;
    };
    if (req.method !== 'GET' || url.pathname !== '/msi/token') return record(fail(404, 'not_found', `${req.method} ${url.pathname}: the token service answers GET /msi/token only.`));
    // The header mitigates server-side request forgery: without the platform's value, nothing.
    if (!sameSecret(String(req.headers['x-identity-header'] ?? ''), header)) return record(fail(401, 'unauthorized', 'The X-IDENTITY-HEADER header is missing or does not hold IDENTITY_HEADER.'));
    if (url.searchParams.get('api-version') !== MANAGED_IDENTITY_API_VERSION) {
      return record(fail(400, 'invalid_request', `api-version must be ${MANAGED_IDENTITY_API_VERSION} (got ${url.searchParams.get('api-version') ?? 'none'}).`));
    }
    if (!resource) return record(fail(400, 'invalid_request', 'The resource query parameter is required.'));
    for (const other of ['principal_id', 'object_id', 'mi_res_id']) {
      if (url.searchParams.has(other)) return record(fail(400, 'invalid_request', `The local token service knows its identity by client_id only, not by ${other}.`));
    }
    // Without an id the system-assigned identity is meant; the app has only a user-assigned one (infra/azure.bicep).
    if (!asked) return record(fail(400, 'invalid_request', 'No system-assigned identity: give client_id of the user-assigned identity.'));
    if (asked.toLowerCase() !== clientId.toLowerCase()) return record(fail(400, 'invalid_request', `No user-assigned identity with client_id ${asked} is assigned to this app.`));
    const r = resource.replace(/\/+$/, '').toLowerCase();
    let access: string;
    if (r === GRAPH_RESOURCE || r === GRAPH_APP_ID) access = await tokens.appGraphToken(clientId, 'SkillSteps managed identity');
    else if (r === STORAGE_RESOURCE || r === BOT_FRAMEWORK_RESOURCE) access = await v1Token(r);
    else return record(fail(400, 'invalid_resource', `AADSTS500011: The resource principal named ${resource} was not found in the tenant ${tenantId}. The local token service issues tokens for Graph, Storage and the Bot Framework.`));
    const now = Math.floor(Date.now() / 1000);
    return record({
      status: 200,
      body: { access_token: access, expires_on: String(now + TOKEN_LIFETIME_SECONDS), not_before: String(now), resource, token_type: 'Bearer', client_id: clientId },
    });
  };

  const v1Token = (audience: string): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ appid: clientId, appidacr: '2', idp: `https://sts.windows.net/${tenantId}/`, idtyp: 'app', oid: principalId, sub: principalId, tid: tenantId, uti: randomBytes(16).toString('base64url'), ver: '1.0' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(`https://sts.windows.net/${tenantId}/`)
      .setAudience(audience)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(privateKey as KeyLike);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    answer(req).then(
      (reply) => send(res, reply),
      (e: unknown) => send(res, { status: 500, body: { error: 'server_error', error_description: String(e) } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.hostname ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.hostname ?? '127.0.0.1'}:${port}/msi/token`,
    header,
    clientId,
    principalId,
    tenantId,
    requests: () => requests.map((r) => ({ ...r })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  const text = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': text.length });
  res.end(text);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
