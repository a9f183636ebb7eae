import { createFakeApi } from '../test/fake-api';
import { fakeEnv } from '../test/fake-env';
import { authorizeUrl, readSignInReply, signOut, storedToken } from './dev-auth';
import { devHostPreferences } from './environment';
import { themeOf } from './teams-connection';

const NOW = Date.UTC(2026, 0, 15, 1, 0, 0);
const env = (url: string, store: Record<string, string> = {}) => fakeEnv({ url, api: createFakeApi(), store, now: NOW });

describe('dev host sign-in', () => {
  it('builds the implicit-grant URL of the local tenant', () => {
    const url = new URL(
      authorizeUrl({ authorizeUrl: 'https://localhost:8443/t/oauth2/v2.0/authorize', clientId: 'c', scope: 'api://localhost/c/access_as_user' }, 'http://localhost:3978/tab/', 's1'),
    );
    expect(url.pathname).toBe('/t/oauth2/v2.0/authorize');
    expect([...url.searchParams]).toEqual([
      ['client_id', 'c'],
      ['response_type', 'token'],
      ['redirect_uri', 'http://localhost:3978/tab/'],
      ['scope', 'api://localhost/c/access_as_user'],
      ['state', 's1'],
    ]);
  });

  it('keeps the token of a reply with the right state until it expires', () => {
    const e = env('http://localhost:3978/tab/#access_token=t1&token_type=Bearer&expires_in=600&state=s1', { 'skillsteps.signIn.state': 's1' });
    expect(readSignInReply(e)).toEqual({ kind: 'token', token: 't1' });
    expect(e.replaced).toEqual(['/tab/']);
    expect(e.store.has('skillsteps.signIn.state')).toBe(false);
    expect(storedToken(e)).toBe('t1');
    // Within a minute of expiry it is no longer used.
    const later = { ...e, now: () => NOW + 541_000 };
    expect(storedToken(later)).toBeUndefined();
    expect(e.store.has('skillsteps.token')).toBe(false);
  });

  it('refuses a reply without the state it sent, or with an error', () => {
    expect(readSignInReply(env('http://localhost:3978/tab/#access_token=t1&state=s1'))).toEqual({ kind: 'refused', reason: 'state' });
    expect(readSignInReply(env('http://localhost:3978/tab/#access_token=t1&state=x', { 'skillsteps.signIn.state': 's1' }))).toEqual({ kind: 'refused', reason: 'state' });
    expect(readSignInReply(env('http://localhost:3978/tab/#error=access_denied&error_description=no', { 'skillsteps.signIn.state': 's1' }))).toEqual({
      kind: 'refused',
      reason: 'error',
      detail: 'no',
    });
    expect(readSignInReply(env('http://localhost:3978/tab/#section-2'))).toEqual({ kind: 'none' });
  });

  it('forgets the token on sign-out', () => {
    const e = env('http://localhost:3978/tab/', { 'skillsteps.token': JSON.stringify({ token: 't', expiresAt: NOW + 3_600_000 }) });
    expect(storedToken(e)).toBe('t');
    signOut(e);
    expect(storedToken(e)).toBeUndefined();
    expect(e.store.get('skillsteps.signedOut')).toBe('1');
  });
});

describe('theme and locale', () => {
  it("maps Teams' theme names", () => {
    expect(['default', 'dark', 'contrast', undefined].map(themeOf)).toEqual(['light', 'dark', 'contrast', 'light']);
  });

  it('takes the dev host theme and language from the URL, else the system colour scheme and Japanese', () => {
    expect(devHostPreferences('?theme=contrast&lang=en', false)).toEqual({ theme: 'contrast', locale: 'en' });
    expect(devHostPreferences('?theme=dark', false)).toEqual({ theme: 'dark', locale: 'ja' });
    expect(devHostPreferences('', true)).toEqual({ theme: 'dark', locale: 'ja' });
    expect(devHostPreferences('?theme=purple&lang=fr', false)).toEqual({ theme: 'light', locale: 'ja' });
  });
});
