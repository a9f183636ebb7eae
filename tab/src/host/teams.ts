import type { SignInSettings } from './sign-in-settings';
import { themeOf, type TeamsConnection } from './teams-connection';
import { teamsTokenSource } from './teams-token';

/**
 * Connects to Teams when the page is hosted by it: an iframe (Teams web and desktop) or a mobile
 * webview. A page opened on its own (the dev host) is answered at once, without loading teams-js;
 * a frame that is not Teams gives up after the timeout. Teams is initialised before MSAL, as the NAA
 * documentation asks: teams-js puts the host's bridge on the window during app.initialize().
 */
export async function connectTeams(settings: () => Promise<SignInSettings | undefined>, timeoutMs = 4000): Promise<TeamsConnection | undefined> {
  const hosted = window.parent !== window || 'nativeInterface' in window;
  if (!hosted) return undefined;
  const { app, authentication, nestedAppAuth } = await import('@microsoft/teams-js');
  try {
    await withTimeout(app.initialize(), timeoutMs);
  } catch {
    return undefined;
  }
  const context = await app.getContext();
  app.notifySuccess();
  const source = await teamsTokenSource({
    naaRecommended: () => nestedAppAuth.isNAAChannelRecommended(),
    settings,
    nestedAppAuth: async (s) => (await import('./nested-app-auth')).createNestedAppAuth(s),
    getAuthToken: () => authentication.getAuthToken(),
    isUnavailable: (e) => e instanceof Error && e.name === 'NestedAppAuthUnavailable',
  });
  return {
    theme: themeOf(context.app.theme),
    locale: context.app.locale,
    getToken: source.get,
    tokenSource: source.kind,
    onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(themeOf(theme))),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
