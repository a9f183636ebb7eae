/**
 * Nested app authentication through the real MSAL.js, with the host's side stubbed at its boundary:
 * `window.nestedAppAuthBridge`, the object Teams (teams-js, during app.initialize) puts on the page
 * and MSAL talks to (msal-browser src/naa/BridgeProxy.ts: JSON envelopes `NestedAppAuthRequest` with
 * GetInitContext / GetToken / GetTokenPopup, answered by `NestedAppAuthResponse` on "message").
 * Exercised: MSAL's NAA controller, its request and response mapping, its cache, its error mapping,
 * and this tab's use of them. Not exercised: Teams itself (teams-js's host protocol and
 * isNAAChannelRecommended, covered by teams-token.test.ts's choice) and Entra behind the host.
 */
import { createNestedAppAuth, NestedAppAuthUnavailable } from './nested-app-auth';

// jsdom lacks two browser APIs MSAL.js uses, TextEncoder and WebCrypto's subtle: Node's are the same standard ones.
declare const require: (id: string) => Record<string, unknown>;
Object.assign(globalThis, { TextEncoder: require('node:util').TextEncoder, TextDecoder: require('node:util').TextDecoder });
Object.defineProperty(globalThis, 'crypto', { value: require('node:crypto').webcrypto, configurable: true });

const TENANT = '11111111-2222-3333-4444-555555555555';
const OID = '99999999-8888-4777-8666-555555555555';
const settings = { authorizeUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`, clientId: 'c0ffee00-0000-4000-8000-000000000001', scope: 'api://city.example.jp/c0ffee00-0000-4000-8000-000000000001/access_as_user' };

interface BridgeRequest {
  messageType: string;
  method: 'GetInitContext' | 'GetToken' | 'GetTokenPopup';
  requestId: string;
  tokenParams?: { clientId: string; scope: string; authority?: string; correlationId: string };
}
type BridgeAnswer = { success: true; [k: string]: unknown } | { success: false; error: { status: string; code?: string; description?: string } };

const base64url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
/** An ID token's shape (MSAL reads its claims; the host, not the tab, checks signatures). */
const jwt = (claims: Record<string, unknown>): string => `${[{ alg: 'RS256', typ: 'JWT' }, claims].map((p) => base64url(JSON.stringify(p))).join('.')}.sig`;
const now = () => Math.floor(Date.now() / 1000);
const idToken = jwt({ aud: settings.clientId, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, oid: OID, preferred_username: 'hanako@city.example.jp', name: '山田 花子', iat: now(), nbf: now(), exp: now() + 3600, ver: '2.0' });
const tokenAnswer = (accessToken: string): BridgeAnswer => ({
  success: true,
  token: { access_token: accessToken, expires_in: 3600, id_token: idToken, properties: null, scope: settings.scope },
  account: { environment: 'login.microsoftonline.com', homeAccountId: `${OID}.${TENANT}`, tenantId: TENANT, localAccountId: OID, username: 'hanako@city.example.jp', name: '山田 花子' },
});

/** Installs a host bridge that answers each request with `answer` (asynchronously, as a host does) and records them. */
function installBridge(answer: (req: BridgeRequest) => BridgeAnswer): BridgeRequest[] {
  const seen: BridgeRequest[] = [];
  const listeners = new Set<(response: string) => void>();
  (window as unknown as { nestedAppAuthBridge: unknown }).nestedAppAuthBridge = {
    addEventListener: (_event: string, listener: (response: string) => void) => listeners.add(listener),
    removeEventListener: (_event: string, listener: (response: string) => void) => listeners.delete(listener),
    postMessage: (message: string) => {
      const req = JSON.parse(message) as BridgeRequest;
      seen.push(req);
      const reply = JSON.stringify({ messageType: 'NestedAppAuthResponse', requestId: req.requestId, ...answer(req) });
      setTimeout(() => listeners.forEach((l) => l(reply)), 0);
    },
  };
  return seen;
}

const initContext: BridgeAnswer = { success: true, initContext: { sdkName: 'teams-host-stub', sdkVersion: '1.0.0', capabilities: { queryAccount: false } } };

afterEach(() => {
  delete (window as unknown as { nestedAppAuthBridge?: unknown }).nestedAppAuthBridge;
  window.sessionStorage.clear();
  window.localStorage.clear();
});

describe('nested app authentication (MSAL.js, host bridge stubbed)', () => {
  it("asks the host for the API's access_as_user token with the app's client id, then answers from MSAL's cache", async () => {
    const seen = installBridge((req) => (req.method === 'GetInitContext' ? initContext : tokenAnswer('naa-access-token')));
    const get = await createNestedAppAuth(settings);
    expect(await get()).toBe('naa-access-token');
    expect(seen.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken']);
    expect(seen[1]!.tokenParams).toEqual(expect.objectContaining({ clientId: settings.clientId, scope: settings.scope, correlationId: expect.any(String) }));
    // The second call: MSAL's cache for the account the host named, no round trip to the host.
    expect(await get()).toBe('naa-access-token');
    expect(seen.map((r) => r.method)).toEqual(['GetInitContext', 'GetToken']);
  });

  it('asks the host interactively (GetTokenPopup: consent, MFA) when it says interaction is required, once for calls waiting together', async () => {
    const seen = installBridge((req) => {
      if (req.method === 'GetInitContext') return initContext;
      if (req.method === 'GetToken') return { success: false, error: { status: 'USER_INTERACTION_REQUIRED', code: 'consent_required', description: 'AADSTS65001: consent' } };
      return tokenAnswer('after-consent');
    });
    const get = await createNestedAppAuth(settings);
    expect(await Promise.all([get(), get()])).toEqual(['after-consent', 'after-consent']);
    expect(seen.filter((r) => r.method === 'GetTokenPopup')).toHaveLength(1);
  });

  it('says NAA is unavailable when the page has no bridge, or when the host answers NESTED_APP_AUTH_UNAVAILABLE', async () => {
    await expect(createNestedAppAuth(settings)).rejects.toBeInstanceOf(NestedAppAuthUnavailable);

    installBridge((req) => (req.method === 'GetInitContext' ? initContext : { success: false, error: { status: 'NESTED_APP_AUTH_UNAVAILABLE' } }));
    const get = await createNestedAppAuth(settings);
    await expect(get()).rejects.toBeInstanceOf(NestedAppAuthUnavailable);
  });

  it('passes on other failures (the person cancelled the host dialog)', async () => {
    installBridge((req) => {
      if (req.method === 'GetInitContext') return initContext;
      if (req.method === 'GetToken') return { success: false, error: { status: 'USER_INTERACTION_REQUIRED' } };
      return { success: false, error: { status: 'USER_CANCEL' } };
    });
    const get = await createNestedAppAuth(settings);
    await expect(get()).rejects.toMatchObject({ errorCode: 'user_canceled' });
  });
});
