import type { TabEnvironment, TeamsConnection } from '../host/environment';
import type { FakeApi } from './fake-api';

export interface FakeEnv extends TabEnvironment {
  navigated: string[];
  replaced: string[];
  store: Map<string, string>;
}

/** A page for the tab to run in: a URL, session storage, navigation that is recorded, and the fake API. */
export function fakeEnv(options: { url: string; api: FakeApi; teams?: TeamsConnection; store?: Record<string, string>; now?: number }): FakeEnv {
  const url = new URL(options.url);
  const location = { origin: url.origin, pathname: url.pathname, search: url.search, hash: url.hash };
  const store = new Map(Object.entries(options.store ?? {}));
  const env: FakeEnv = {
    location,
    navigated: [],
    replaced: [],
    store,
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    replaceUrl: (to) => {
      env.replaced.push(to);
      const u = new URL(to, location.origin);
      location.pathname = u.pathname;
      location.search = u.search;
      location.hash = u.hash;
    },
    navigate: (to) => void env.navigated.push(to),
    fetch: options.api.fetch,
    prefersDark: () => false,
    connectTeams: async () => options.teams,
    random: () => 'state-1234',
    now: () => options.now ?? Date.UTC(2026, 0, 15, 1, 0, 0),
  };
  return env;
}
