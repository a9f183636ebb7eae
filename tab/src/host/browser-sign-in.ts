/**
 * Sign-in outside Teams (the dev host, local development and tests), as the session sees it: MSAL.js
 * against the local tenant (host/msal-browser-sign-in.ts) in the browser, a fake in component tests.
 */

/** What a page load finds: a completed or kept sign-in, nobody, or a sign-in reply it refused. */
export type Resumed = { kind: 'signedIn' } | { kind: 'signedOut' } | { kind: 'cancelled' } | { kind: 'refused'; detail: string };

export interface BrowserSignIn {
  /** Completes the redirect back from the sign-in page, if this load is one; then whether someone is signed in. */
  resume(): Promise<Resumed>;
  /** The API's access token, from MSAL's cache or its refresh token; SignInRequired when only the sign-in page can help. */
  token(): Promise<string>;
  /** Leaves for the sign-in page (returns to this URL, query included). */
  signIn(): Promise<void>;
  /** Forgets the account and its tokens in this browser tab (the sign-in page keeps no session to end). */
  signOut(): Promise<void>;
}

/** The cached sign-in can no longer give a token without the sign-in page. */
export class SignInRequired extends Error {
  constructor(message = 'sign-in required') {
    super(message);
    this.name = 'SignInRequired';
  }
}

const SIGNED_OUT = 'skillsteps.signedOut';

/** Remembered for this browser tab: after サインアウト, a reload does not sign in again by itself. */
export function markSignedOut(storage: Pick<Storage, 'setItem'>): void {
  storage.setItem(SIGNED_OUT, '1');
}

export function clearSignedOut(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(SIGNED_OUT);
}

export function hasSignedOut(storage: Pick<Storage, 'getItem'>): boolean {
  return storage.getItem(SIGNED_OUT) === '1';
}
