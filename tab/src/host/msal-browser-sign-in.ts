/**
 * The dev host's sign-in with MSAL.js (`@azure/msal-browser`), the library the tab uses in Teams too:
 * a PublicClientApplication against the server's authority (the local tenant) with the authorization
 * code flow and PKCE, by redirect. Loaded only when the tab runs outside Teams.
 */
import { AuthError, CacheLookupPolicy, InteractionRequiredAuthError, PublicClientApplication, type AccountInfo } from '@azure/msal-browser';
import { SignInRequired, type BrowserSignIn, type Resumed } from './browser-sign-in';
import { apiScopes, browserConfiguration } from './msal-config';
import type { SignInSettings } from './sign-in-settings';

/** MSAL's answers that mean "only the sign-in page can help" (its refresh token is gone, expired or refused). */
const SIGN_IN_NEEDED = new Set(['invalid_grant', 'no_tokens_found', 'refresh_token_expired', 'no_account_found', 'no_account_error']);

export async function createMsalBrowserSignIn(settings: SignInSettings, origin: string): Promise<BrowserSignIn> {
  const pca = new PublicClientApplication(browserConfiguration(settings, origin));
  await pca.initialize();
  const scopes = apiScopes(settings);
  const account = (): AccountInfo | null => pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;

  const token = async (): Promise<string> => {
    const who = account();
    if (!who) throw new SignInRequired();
    try {
      // Cache, then the refresh token; never a hidden iframe: the sign-in page keeps no session an
      // iframe could use (and browsers without third-party cookies would not send one).
      const result = await pca.acquireTokenSilent({ scopes, account: who, cacheLookupPolicy: CacheLookupPolicy.AccessTokenAndRefreshToken });
      return result.accessToken;
    } catch (e) {
      if (e instanceof InteractionRequiredAuthError || (e instanceof AuthError && SIGN_IN_NEEDED.has(e.errorCode))) throw new SignInRequired(e.message);
      throw e;
    }
  };

  return {
    async resume(): Promise<Resumed> {
      try {
        // The reply in the URL (#code=…&state=…): checked against the request MSAL kept, redeemed with
        // the PKCE verifier. MSAL first goes back to the page the sign-in started from (?lang=, ?view=).
        const result = await pca.handleRedirectPromise();
        if (result?.account) pca.setActiveAccount(result.account);
      } catch (e) {
        if (e instanceof AuthError && e.errorCode === 'access_denied') return { kind: 'cancelled' };
        return { kind: 'refused', detail: e instanceof AuthError ? `${e.errorCode}: ${e.errorMessage}` : String(e) };
      }
      const who = account();
      if (!who) return { kind: 'signedOut' };
      pca.setActiveAccount(who);
      try {
        await token();
        return { kind: 'signedIn' };
      } catch (e) {
        if (e instanceof SignInRequired) return { kind: 'signedOut' };
        throw e;
      }
    },
    token,
    async signIn(): Promise<void> {
      await pca.acquireTokenRedirect({ scopes, prompt: 'select_account' });
    },
    async signOut(): Promise<void> {
      await pca.clearCache();
      pca.setActiveAccount(null);
    },
  };
}
