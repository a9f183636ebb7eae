/** Teams, as the tab sees it: its theme names and what a connection gives (host/teams.ts connects). */
export type ThemeName = 'light' | 'dark' | 'contrast';

/** What the tab learns from Teams when it runs inside it. */
export interface TeamsConnection {
  theme: ThemeName;
  /** Teams' locale tag, e.g. ja-jp, en-us. */
  locale: string;
  /** The access token for the tab's API: nested app authentication, or Teams SSO (authentication.getAuthToken). */
  getToken: () => Promise<string>;
  /** Which of the two (host/teams-token.ts). */
  tokenSource?: 'naa' | 'sso';
  onThemeChange: (handler: (theme: ThemeName) => void) => void;
}

/** Teams' theme names to the tab's. */
export function themeOf(name: string | undefined): ThemeName {
  return name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'light';
}
