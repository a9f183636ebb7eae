import type { Locale } from '../i18n';
import type { BrowserSignIn } from './browser-sign-in';
import { SIGN_IN, loadSignInSettings, type SignInSettings } from './sign-in-settings';
import type { TeamsConnection, ThemeName } from './teams-connection';

export type { TeamsConnection, ThemeName };

/**
 * Everything the tab takes from the page it runs in, in one place so tests can hand it a fake:
 * the URL, session storage, fetch, the colour scheme, Teams, and the dev host's sign-in.
 */
export interface TabEnvironment {
  location: { origin: string; pathname: string; search: string; hash: string };
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch: typeof fetch;
  prefersDark: () => boolean;
  /** Teams when the tab runs inside it, else undefined (quickly: the dev host must not wait). */
  connectTeams: () => Promise<TeamsConnection | undefined>;
  /** Outside Teams: MSAL.js against the server's authority (the local tenant), loaded when first needed. */
  browserSignIn: (settings: SignInSettings) => Promise<BrowserSignIn>;
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
  const fetchFn: typeof fetch = (input, init) => window.fetch(input, init);
  const msal = () => import('./msal-browser-sign-in');
  return {
    location: window.location,
    storage: window.sessionStorage,
    fetch: fetchFn,
    prefersDark: () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
    connectTeams: async () => {
      const { connectTeams } = await import('./teams');
      const teams = await connectTeams(async () => {
        const s = await loadSignInSettings(fetchFn, SIGN_IN);
        return typeof s === 'object' ? s : undefined;
      });
      // Outside Teams the dev host will need MSAL: fetch its chunk while the tab asks the server for the settings.
      if (!teams) void msal().catch(() => undefined);
      return teams;
    },
    browserSignIn: async (settings) => (await msal()).createMsalBrowserSignIn(settings, window.location.origin),
  };
}
