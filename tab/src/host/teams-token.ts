/**
 * Which way the tab gets its token in Teams. Nested app authentication when the host recommends it
 * (teams-js `nestedAppAuth.isNAAChannelRecommended()`, the documented check) and the server says
 * which app and tenant to ask for; otherwise, or when the host turns out not to offer it, Teams SSO
 * (`authentication.getAuthToken`), which needs nothing but the manifest's webApplicationInfo.
 */
import type { SignInSettings } from './sign-in-settings';

export interface TeamsTokenSource {
  kind: 'naa' | 'sso';
  get: () => Promise<string>;
}

export interface TeamsTokenDeps {
  naaRecommended: () => boolean;
  /** GET /api/sign-in: undefined when the server does not say (then NAA cannot be asked). */
  settings: () => Promise<SignInSettings | undefined>;
  /** host/nested-app-auth.ts, loaded when used. */
  nestedAppAuth: (settings: SignInSettings) => Promise<() => Promise<string>>;
  getAuthToken: () => Promise<string>;
  /** Is this error the host saying NAA is not available (NestedAppAuthUnavailable)? */
  isUnavailable: (e: unknown) => boolean;
}

export async function teamsTokenSource(deps: TeamsTokenDeps): Promise<TeamsTokenSource> {
  const sso: TeamsTokenSource = { kind: 'sso', get: deps.getAuthToken };
  if (!safely(deps.naaRecommended)) return sso;
  const settings = await deps.settings().catch(() => undefined);
  if (!settings) return sso;
  let naa: () => Promise<string>;
  try {
    naa = await deps.nestedAppAuth(settings);
  } catch (e) {
    if (deps.isUnavailable(e)) return sso;
    throw e;
  }
  let fallenBack = false;
  return {
    kind: 'naa',
    get: async () => {
      if (fallenBack) return deps.getAuthToken();
      try {
        return await naa();
      } catch (e) {
        if (!deps.isUnavailable(e)) throw e;
        fallenBack = true;
        return deps.getAuthToken();
      }
    },
  };
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
