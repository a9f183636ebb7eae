/**
 * MSAL.js configuration from the server's sign-in settings (types only here, so the first paint does
 * not wait for MSAL: host/msal-browser-sign-in.ts and host/nested-app-auth.ts load it when needed).
 */
import type { Configuration } from '@azure/msal-browser';
import type { SignInSettings } from './sign-in-settings';

const AUTHORIZE_PATH = '/oauth2/v2.0/authorize';
/** The hosts MSAL knows as Microsoft's cloud (it reads their metadata through instance discovery). */
const ENTRA_HOSTS = new Set(['login.microsoftonline.com']);

/** The MSAL authority: the tenant's authorize endpoint is `{authority}/oauth2/v2.0/authorize`. */
export function authorityOf(settings: SignInSettings): string {
  if (!settings.authorizeUrl.endsWith(AUTHORIZE_PATH)) throw new Error(`authorizeUrl does not end with ${AUTHORIZE_PATH}: ${settings.authorizeUrl}`);
  return settings.authorizeUrl.slice(0, -AUTHORIZE_PATH.length);
}

/** The scopes the tab asks for: the API's `access_as_user` (MSAL adds openid, profile and offline_access). */
export function apiScopes(settings: SignInSettings): string[] {
  return [settings.scope];
}

/**
 * The dev host's PublicClientApplication: the authorization code flow with PKCE, redirecting back
 * to the tab (a SPA redirect URI of the app registration), tokens in sessionStorage (this browser
 * tab only). An authority that is not Entra's (the local tenant) is declared in `knownAuthorities`,
 * as MSAL documents for authorities it cannot discover: MSAL then reads its OpenID configuration
 * (`{authority}/v2.0/.well-known/openid-configuration`) as it reads Entra's, with the same protocol
 * mode (AAD).
 */
export function browserConfiguration(settings: SignInSettings, origin: string): Configuration {
  const authority = authorityOf(settings);
  const host = new URL(authority).host;
  return {
    auth: {
      clientId: settings.clientId,
      authority,
      knownAuthorities: ENTRA_HOSTS.has(host) ? [] : [host],
      redirectUri: `${origin}/tab/`,
    },
    cache: { cacheLocation: 'sessionStorage' },
  };
}

/** Nested app authentication in Teams: the host brokers the tokens; MSAL needs the client and the tenant. */
export function nestedConfiguration(settings: SignInSettings): Configuration {
  return { auth: { clientId: settings.clientId, authority: authorityOf(settings) } };
}
