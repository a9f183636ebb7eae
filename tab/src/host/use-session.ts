import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiFailure, createApi, type Api } from '../api/client';
import { localeOf, type Locale } from '../i18n';
import { SignInRequired, clearSignedOut, hasSignedOut, markSignedOut, type BrowserSignIn, type Resumed } from './browser-sign-in';
import { devHostPreferences, type TabEnvironment, type ThemeName } from './environment';
import { DEV_SIGN_IN, loadSignInSettings } from './sign-in-settings';

export type Session =
  | { phase: 'starting' }
  /** Leaving for the local tenant's sign-in page. */
  | { phase: 'redirecting' }
  | { phase: 'ready'; api: Api; host: 'teams' | 'browser' }
  /** Not signed in (dev host): after sign-out, a 401, or a sign-in reply that was refused. */
  | { phase: 'signedOut'; reason: 'signedOut' | 'expired' | 'badReply'; host: 'teams' | 'browser' }
  /** Outside Teams in production: the server offers no dev sign-in. */
  | { phase: 'notInTeams' }
  | { phase: 'failed'; reason: 'sso' | 'network'; detail: string };

export interface SessionState {
  session: Session;
  theme: ThemeName;
  locale: Locale;
  signIn: () => void;
  signOut: () => void;
}

type View = Omit<SessionState, 'signIn' | 'signOut'>;

/**
 * Who the tab runs for and how it reaches the API. In Teams: nested app authentication or Teams SSO
 * (host/teams-token.ts), theme and locale from the Teams context. Outside Teams: the dev host signs
 * in with MSAL.js against the local tenant (host/msal-browser-sign-in.ts), theme and locale from
 * ?theme= / ?lang= (else the system colour scheme, Japanese).
 */
export function useSession(env: TabEnvironment): SessionState {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<View>(() => ({
    session: { phase: 'starting' },
    ...devHostPreferences(env.location.search, env.prefersDark()),
  }));
  const browser = useRef<BrowserSignIn | undefined>(undefined);

  useEffect(() => {
    let live = true;
    const set = (patch: Partial<View>): void => {
      if (live) setState((s) => ({ ...s, ...patch }));
    };
    void (async () => {
      const teams = await env.connectTeams().catch(() => undefined);
      if (!live) return;
      if (teams) {
        set({ theme: teams.theme, locale: localeOf(teams.locale) });
        teams.onThemeChange((theme) => set({ theme }));
        try {
          await teams.getToken();
        } catch (err) {
          set({ session: { phase: 'failed', reason: 'sso', detail: messageOf(err) } });
          return;
        }
        const api = createApi({
          token: teams.getToken,
          fetch: env.fetch,
          onUnauthorized: () => set({ session: { phase: 'signedOut', reason: 'expired', host: 'teams' } }),
        });
        set({ session: { phase: 'ready', api, host: 'teams' } });
        return;
      }

      const settings = await loadSignInSettings(env.fetch, DEV_SIGN_IN);
      if (!live) return;
      if (settings === 'absent') return set({ session: { phase: 'notInTeams' } });
      if (typeof settings === 'string') return set({ session: { phase: 'failed', reason: 'network', detail: settings } });
      let auth: BrowserSignIn;
      let resumed: Resumed;
      try {
        auth = browser.current ?? (await env.browserSignIn(settings));
        browser.current = auth;
        resumed = await auth.resume();
      } catch (err) {
        return set({ session: { phase: 'failed', reason: 'network', detail: messageOf(err) } });
      }
      if (!live) return;
      if (resumed.kind === 'signedIn') {
        clearSignedOut(env.storage);
        const expired = (): void => set({ session: { phase: 'signedOut', reason: 'expired', host: 'browser' } });
        const api = createApi({
          token: async () => {
            try {
              return await auth.token();
            } catch (err) {
              if (!(err instanceof SignInRequired)) throw err;
              expired();
              throw new ApiFailure(401, 'AUTH.SIGN_IN_REQUIRED', err.message);
            }
          },
          fetch: env.fetch,
          // The server refused a token MSAL still held: forget it, so the next sign-in starts afresh.
          onUnauthorized: () => {
            void auth.signOut().finally(expired);
          },
        });
        return set({ session: { phase: 'ready', api, host: 'browser' } });
      }
      if (resumed.kind === 'refused') return set({ session: { phase: 'signedOut', reason: 'badReply', host: 'browser' } });
      if (resumed.kind === 'cancelled' || hasSignedOut(env.storage)) return set({ session: { phase: 'signedOut', reason: 'signedOut', host: 'browser' } });
      set({ session: { phase: 'redirecting' } });
      await auth.signIn().catch((err: unknown) => set({ session: { phase: 'failed', reason: 'network', detail: messageOf(err) } }));
    })();
    return () => {
      live = false;
    };
  }, [env, attempt]);

  const host = state.session.phase === 'ready' || state.session.phase === 'signedOut' ? state.session.host : 'browser';
  const doSignIn = useCallback(() => {
    const auth = browser.current;
    if (host === 'teams' || !auth) {
      // Teams renews its tokens itself; without a sign-in yet (a failure before it): start again.
      setState((s) => ({ ...s, session: { phase: 'starting' } }));
      setAttempt((n) => n + 1);
      return;
    }
    clearSignedOut(env.storage);
    setState((s) => ({ ...s, session: { phase: 'redirecting' } }));
    auth.signIn().catch((err: unknown) => setState((s) => ({ ...s, session: { phase: 'failed', reason: 'network', detail: messageOf(err) } })));
  }, [env, host]);
  const doSignOut = useCallback(() => {
    markSignedOut(env.storage);
    setState((s) => ({ ...s, session: { phase: 'signedOut', reason: 'signedOut', host: 'browser' } }));
    void browser.current?.signOut();
  }, [env]);

  return useMemo(() => ({ ...state, signIn: doSignIn, signOut: doSignOut }), [state, doSignIn, doSignOut]);
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return String(err);
}
