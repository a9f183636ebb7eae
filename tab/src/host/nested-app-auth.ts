/**
 * Nested app authentication (NAA) in Teams: MSAL.js asks the host, through the bridge Teams puts on
 * `window.nestedAppAuthBridge`, for the API's access token. Microsoft's recommended sign-in for tabs
 * (learn.microsoft.com/microsoftteams/platform/concepts/authentication/nested-authentication); the
 * tab falls back to `authentication.getAuthToken` where the host does not offer it (host/teams-token.ts).
 * Loaded only in Teams, and only when the host recommends NAA.
 */
import { AuthError, InteractionRequiredAuthError, createNestablePublicClientApplication, type IPublicClientApplication } from '@azure/msal-browser';
import { apiScopes, nestedConfiguration } from './msal-config';
import type { SignInSettings } from './sign-in-settings';

/** The host offers no NAA bridge (or it is disabled): use Teams SSO instead. */
export class NestedAppAuthUnavailable extends Error {
  constructor(detail: string) {
    super(`nested app authentication unavailable: ${detail}`);
    this.name = 'NestedAppAuthUnavailable';
  }
}

/** The bridge's "unavailable" and "disabled" answers, as MSAL maps them (ClientAuthErrorCodes). */
const UNAVAILABLE = new Set(['nested_app_auth_bridge_disabled']);

/**
 * A token source over NAA. Rejects with NestedAppAuthUnavailable when the bridge does not answer;
 * the source itself throws it when the host later says NAA is unavailable.
 */
export async function createNestedAppAuth(settings: SignInSettings): Promise<() => Promise<string>> {
  const pca: IPublicClientApplication = await createNestablePublicClientApplication(nestedConfiguration(settings), undefined, undefined, () => {
    // Without a bridge MSAL would make a standard client (popups and redirects inside Teams' frame): not here.
    throw new NestedAppAuthUnavailable('no window.nestedAppAuthBridge');
  });
  const scopes = apiScopes(settings);
  let interactive: Promise<string> | undefined;
  return async () => {
    try {
      const account = pca.getActiveAccount() ?? undefined;
      const result = await pca.acquireTokenSilent({ scopes, account });
      return result.accessToken;
    } catch (e) {
      if (e instanceof AuthError && UNAVAILABLE.has(e.errorCode)) throw new NestedAppAuthUnavailable(e.errorCode);
      if (!(e instanceof InteractionRequiredAuthError)) throw e;
    }
    // Consent or a Conditional Access step: the host shows its own dialog. One at a time, however many calls wait.
    interactive ??= pca
      .acquireTokenPopup({ scopes })
      .then((r) => {
        pca.setActiveAccount(r.account);
        return r.accessToken;
      })
      .finally(() => {
        interactive = undefined;
      });
    return interactive;
  };
}
