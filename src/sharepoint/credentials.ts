import { readFileSync } from 'node:fs';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { ConfigError, graphCredentialProblems, type GraphConfig } from '../config';
import { trustingDispatcher } from './tls';

/**
 * The app-only credential for jobs and commands (sync, import, reminders), from configuration:
 * a managed identity on Azure, a certificate or a client secret with @azure/identity — or, in local
 * mode, the local tenant's client credentials over its self-signed HTTPS.
 */
export function appCredential(g: GraphConfig): TokenCredential {
  const problems = graphCredentialProblems(g);
  if (problems.length > 0) throw new ConfigError(problems);
  if (g.localCaFile) return new LocalTenantCredential(g, readFileSync(g.localCaFile, 'utf8'));
  // Loaded only when used: the identity library and MSAL cost a command ~20 MB it may not need.
  const { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
  if (g.managedIdentity) {
    return g.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: g.managedIdentityClientId }) : new ManagedIdentityCredential();
  }
  // Instance discovery asks Entra ID about the authority; an authority it does not know (the local
  // tenant, run without SKILLSTEPS_LOCAL_CA_FILE but trusted through NODE_EXTRA_CA_CERTS) skips it.
  const options = { authorityHost: g.authorityHost, disableInstanceDiscovery: !ENTRA_HOSTS.has(new URL(g.authorityHost).host) };
  if (g.certificatePath) return new ClientCertificateCredential(g.tenantId!, g.clientId!, { certificatePath: g.certificatePath }, options);
  return new ClientSecretCredential(g.tenantId!, g.clientId!, g.clientSecret!, options);
}

const ENTRA_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

/** The CA to trust in local mode (undefined in production). */
export function localCa(g: GraphConfig): string | undefined {
  return g.localCaFile ? readFileSync(g.localCaFile, 'utf8') : undefined;
}

/**
 * Client credentials against the local tenant's token endpoint (the same OAuth 2.0 request the
 * identity library makes to Entra ID), trusting only the local tenant's certificate.
 */
class LocalTenantCredential implements TokenCredential {
  private cached?: AccessToken;
  private readonly dispatcher: unknown;

  constructor(
    private readonly g: GraphConfig,
    caPem: string,
  ) {
    this.dispatcher = trustingDispatcher(caPem);
  }

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    if (this.cached && this.cached.expiresOnTimestamp - Date.now() > 60_000) return this.cached;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.g.clientId!,
      client_secret: this.g.clientSecret!,
      scope: Array.isArray(scopes) ? scopes.join(' ') : scopes,
    });
    const res = await fetch(`${this.g.authorityHost}/${this.g.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      dispatcher: this.dispatcher,
    } as RequestInit);
    const json = (await res.json()) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!res.ok || !json.access_token) {
      throw new Error(`トークンを取得できませんでした（${res.status} ${json.error ?? ''}）: ${json.error_description ?? ''}`);
    }
    this.cached = { token: json.access_token, expiresOnTimestamp: Date.now() + (json.expires_in ?? 3600) * 1000 };
    return this.cached;
  }
}
