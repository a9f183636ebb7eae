import type { Locale } from '../i18n';
import type { TeamsConnection, ThemeName } from './teams-connection';

export type { TeamsConnection, ThemeName };

/**
 * Everything the tab takes from the page it runs in, in one place so tests can hand it a fake:
 * the URL, session storage, navigation, fetch, the colour scheme and Teams.
 */
export interface TabEnvironment {
  location: { origin: string; pathname: string; search: string; hash: string };
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Changes the URL without a reload (history.replaceState). */
  replaceUrl: (url: string) => void;
  /** Leaves the page (location.assign). */
  navigate: (url: string) => void;
  fetch: typeof fetch;
  prefersDark: () => boolean;
  /** Teams when the tab runs inside it, else undefined (quickly: the dev host must not wait). */
  connectTeams: () => Promise<TeamsConnection | undefined>;
  /** An unguessable value for the sign-in state. */
  random: () => string;
  now: () => number;
}

/** The dev host's choices from its URL: ?theme=dark|contrast and ?lang=en. */
export function devHostPreferences(search: string, prefersDark: boolean): { theme: ThemeName; locale: Locale } {
  const q = new URLSearchParams(search);
  const theme = q.get('theme');
  const lang = q.get('lang');
  return {
    theme: theme === 'dark' || theme === 'contrast' || theme === 'light' ? theme : prefersDark ? 'dark' : 'light',
    locale: lang && /^en/i.test(lang) ? 'en' : 'ja',
  };
}

/** The real browser. */
export function browserEnvironment(): TabEnvironment {
  return {
    location: window.location,
    storage: window.sessionStorage,
    replaceUrl: (url) => window.history.replaceState(null, '', url),
    navigate: (url) => window.location.assign(url),
    fetch: (input, init) => window.fetch(input, init),
    prefersDark: () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
    connectTeams: async () => (await import('./teams')).connectTeams(),
    random: () => {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    },
    now: () => Date.now(),
  };
}
