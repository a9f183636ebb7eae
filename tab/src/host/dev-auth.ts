/**
 * Sign-in outside Teams (the dev host, local development and tests): the OAuth 2.0 implicit grant
 * against the local tenant's sign-in page (dev/local-tenant/sign-in-page.ts). The token comes back
 * in the URL fragment; it is kept in sessionStorage for this tab only.
 */
import type { DevSignIn } from '../api/types';
import type { TabEnvironment } from './environment';

const TOKEN = 'skillsteps.token';
const STATE = 'skillsteps.signIn.state';
const SEARCH = 'skillsteps.signIn.search';
const SIGNED_OUT = 'skillsteps.signedOut';

/** Where the sign-in page sends the browser back: the tab itself. */
export function redirectUri(env: Pick<TabEnvironment, 'location'>): string {
  return `${env.location.origin}/tab/`;
}

/** The sign-in page's URL for this request. */
export function authorizeUrl(signIn: DevSignIn, redirect: string, state: string): string {
  const params = new URLSearchParams({
    client_id: signIn.clientId,
    response_type: 'token',
    redirect_uri: redirect,
    scope: signIn.scope,
    state,
  });
  return `${signIn.authorizeUrl}?${params.toString()}`;
}

/** Leaves for the sign-in page, remembering the state to check and the query (?lang, ?theme, ?view) to restore. */
export function startSignIn(env: TabEnvironment, signIn: DevSignIn): void {
  const state = env.random();
  env.storage.setItem(STATE, state);
  env.storage.setItem(SEARCH, env.location.search);
  env.storage.removeItem(SIGNED_OUT);
  env.navigate(authorizeUrl(signIn, redirectUri(env), state));
}

export type SignInReply = { kind: 'none' } | { kind: 'token'; token: string } | { kind: 'refused'; reason: 'state' | 'error'; detail?: string };

/**
 * Reads the sign-in page's answer from the fragment (#access_token=…&state=…), checks the state,
 * keeps the token, and clears the fragment (restoring the query the tab had before it left).
 */
export function readSignInReply(env: TabEnvironment): SignInReply {
  const hash = env.location.hash.replace(/^#/, '');
  if (!hash) return { kind: 'none' };
  const params = new URLSearchParams(hash);
  const token = params.get('access_token');
  const error = params.get('error');
  if (!token && !error) return { kind: 'none' };
  const expected = env.storage.getItem(STATE);
  const search = env.storage.getItem(SEARCH) ?? env.location.search;
  env.storage.removeItem(STATE);
  env.storage.removeItem(SEARCH);
  env.replaceUrl(`${env.location.pathname}${search}`);
  if (error) return { kind: 'refused', reason: 'error', detail: params.get('error_description') ?? error };
  if (!expected || params.get('state') !== expected) return { kind: 'refused', reason: 'state' };
  const expiresIn = Number(params.get('expires_in') ?? '3600');
  env.storage.setItem(TOKEN, JSON.stringify({ token, expiresAt: env.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000 }));
  return { kind: 'token', token: token! };
}

/** The kept token, unless it has expired (with a minute to spare). */
export function storedToken(env: TabEnvironment): string | undefined {
  const raw = env.storage.getItem(TOKEN);
  if (!raw) return undefined;
  try {
    const { token, expiresAt } = JSON.parse(raw) as { token: string; expiresAt: number };
    if (typeof token === 'string' && expiresAt - 60_000 > env.now()) return token;
  } catch {
    // A value from an older build: ignore it.
  }
  env.storage.removeItem(TOKEN);
  return undefined;
}

/** Forgets the token (a 401, or sign-out). */
export function forgetToken(env: TabEnvironment): void {
  env.storage.removeItem(TOKEN);
}

export function signOut(env: TabEnvironment): void {
  forgetToken(env);
  env.storage.setItem(SIGNED_OUT, '1');
}

export function hasSignedOut(env: TabEnvironment): boolean {
  return env.storage.getItem(SIGNED_OUT) === '1';
}
