import type { AccessToken, TokenCredential } from '@azure/identity';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import type { GraphConfig } from '../config';
import { trustingDispatcher } from './tls';

/**
 * On-behalf-of for tab requests where delegated access is configured: the tab's SSO token (for
 * the app's own API) is exchanged with MSAL for a Graph token of the signed-in user, so SharePoint
 * applies that user's own permissions. One MSAL application per process; its token cache keeps a
 * user's Graph token until it expires.
 */
export class OnBehalfOf {
  private readonly msal: ConfidentialClientApplication;

  constructor(g: GraphConfig, caPem?: string) {
    if (!g.tenantId || !g.clientId || !g.clientSecret) {
      throw new Error('on-behalf-of needs SKILLSTEPS_TENANT_ID, SKILLSTEPS_CLIENT_ID and SKILLSTEPS_CLIENT_SECRET');
    }
    const authority = `${g.authorityHost}/${g.tenantId}`;
    const host = new URL(g.authorityHost).host;
    this.msal = new ConfidentialClientApplication({
      auth: {
        clientId: g.clientId,
        clientSecret: g.clientSecret,
        authority,
        // Entra ID is known to MSAL; the local tenant is declared so MSAL skips instance discovery.
        knownAuthorities: host === 'login.microsoftonline.com' ? [] : [host],
      },
      system: caPem ? { networkClient: new TrustingNetworkClient(caPem) } : undefined,
    });
  }

  /** A credential for Graph acting as the user whose SSO token this is. */
  forUser(ssoToken: string): TokenCredential {
    return {
      getToken: async (scopes: string | string[]): Promise<AccessToken | null> => {
        const result = await this.msal.acquireTokenOnBehalfOf({
          oboAssertion: ssoToken,
          scopes: Array.isArray(scopes) ? scopes : [scopes],
        });
        if (!result) return null;
        return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
      },
    };
  }
}

/** MSAL's HTTP, trusting exactly one certificate (the local tenant's); used in local mode only. */
class TrustingNetworkClient implements INetworkModule {
  private readonly dispatcher: unknown;

  constructor(caPem: string) {
    this.dispatcher = trustingDispatcher(caPem);
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(url: string, method: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const res = await fetch(url, { method, headers: options?.headers, body: options?.body, dispatcher: this.dispatcher } as RequestInit);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const text = await res.text();
    return { status: res.status, headers, body: (text ? JSON.parse(text) : {}) as T };
  }
}
