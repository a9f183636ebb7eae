/**
 * What the server says about signing in (src/server/auth.ts `TabSignIn`): the app's client id, the
 * tenant's authorize endpoint and the API's scope. Two answers: GET /api/dev/sign-in (local mode
 * only; its presence lets the dev host sign in with a browser redirect) and GET /api/sign-in (every
 * mode; what nested app authentication needs in Teams).
 */
import type { DevSignIn } from '../api/types';

export type SignInSettings = DevSignIn;

export const DEV_SIGN_IN = '/api/dev/sign-in';
export const SIGN_IN = '/api/sign-in';

/** The settings, 'absent' (404), or why they could not be read. */
export async function loadSignInSettings(fetchFn: typeof fetch, path: string): Promise<SignInSettings | 'absent' | string> {
  try {
    const res = await fetchFn(path, { headers: { Accept: 'application/json' } });
    if (res.status === 404) return 'absent';
    if (!res.ok) return `HTTP ${res.status}`;
    const body = (await res.json()) as Partial<SignInSettings>;
    if (typeof body.authorizeUrl !== 'string' || typeof body.clientId !== 'string' || typeof body.scope !== 'string') return `${path}: unexpected answer`;
    return { authorizeUrl: body.authorizeUrl, clientId: body.clientId, scope: body.scope };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
