import { SignInRequired, type BrowserSignIn, type Resumed } from '../host/browser-sign-in';
import type { TabEnvironment, TeamsConnection } from '../host/environment';
import type { SignInSettings } from '../host/sign-in-settings';
import type { FakeApi } from './fake-api';

/** What the dev host's sign-in did, and what it answers (the MSAL side is exercised in Chromium: tests/e2e). */
export interface FakeBrowserSignIn extends BrowserSignIn {
  /** The settings the tab created it with (from GET /api/dev/sign-in). */
  settings?: SignInSettings;
  calls: Array<'resume' | 'signIn' | 'signOut' | 'token'>;
}

export interface FakeBrowserOptions {
  /** What resume() finds: default signedOut (nobody, no reply). */
  resume?: Resumed;
  /** The token a signed-in session gives; default test-token. */
  token?: string;
  /** token() needs the sign-in page (the refresh token is gone). */
  expired?: boolean;
}

export function fakeBrowserSignIn(options: FakeBrowserOptions = {}): FakeBrowserSignIn {
  const fake: FakeBrowserSignIn = {
    calls: [],
    resume: async () => {
      fake.calls.push('resume');
      return options.resume ?? { kind: 'signedOut' };
    },
    token: async () => {
      fake.calls.push('token');
      if (options.expired) throw new SignInRequired();
      return options.token ?? 'test-token';
    },
    signIn: async () => {
      fake.calls.push('signIn');
    },
    signOut: async () => {
      fake.calls.push('signOut');
    },
  };
  return fake;
}

export interface FakeEnv extends TabEnvironment {
  store: Map<string, string>;
  browser: FakeBrowserSignIn;
}

/** A page for the tab to run in: a URL, session storage, the fake API, and Teams or the dev host's sign-in. */
export function fakeEnv(options: { url: string; api: FakeApi; teams?: TeamsConnection; store?: Record<string, string>; browser?: FakeBrowserOptions }): FakeEnv {
  const url = new URL(options.url);
  const store = new Map(Object.entries(options.store ?? {}));
  const browser = fakeBrowserSignIn(options.browser);
  return {
    location: { origin: url.origin, pathname: url.pathname, search: url.search, hash: url.hash },
    store,
    browser,
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    fetch: options.api.fetch,
    prefersDark: () => false,
    connectTeams: async () => options.teams,
    browserSignIn: async (settings) => {
      browser.settings = settings;
      return browser;
    },
  };
}
