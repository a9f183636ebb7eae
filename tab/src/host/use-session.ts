import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createApi, type Api } from '../api/client';
import type { DevSignIn } from '../api/types';
import { localeOf, type Locale } from '../i18n';
import { forgetToken, hasSignedOut, readSignInReply, signOut, startSignIn, storedToken } from './dev-auth';
import { devHostPreferences, type TabEnvironment, type ThemeName } from './environment';

export type Session =
  | { phase: 'starting' }
  /** Leaving for the local tenant's sign-in page. */
  | { phase: 'redirecting' }
  | { phase: 'ready'; api: Api; host: 'teams' | 'browser' }
  /** Not signed in (dev host): after sign-out, a 401, or a sign-in reply that did not match. */
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

/**
 * Who the tab runs for and how it reaches the API. In Teams: SSO through getAuthToken, theme and
 * locale from the Teams context. Outside Teams: the dev host's implicit-grant sign-in, theme and
 * locale from ?theme= / ?lang= (else the system colour scheme, Japanese).
 */
export function useSession(env: TabEnvironment): SessionState {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<SessionState, 'signIn' | 'signOut'>>(() => ({
    session: { phase: 'starting' },
    ...devHostPreferences(env.location.search, env.prefersDark()),
  }));
  const signInConfig = useRef<DevSignIn | undefined>(undefined);

  useEffect(() => {
    let live = true;
    const set = (patch: Partial<Omit<SessionState, 'signIn' | 'signOut'>>): void => {
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

      const reply = readSignInReply(env);
      // The reply restored the query the tab had before it left (?lang=, ?theme=).
      if (reply.kind !== 'none') set(devHostPreferences(env.location.search, env.prefersDark()));
      const token = reply.kind === 'refused' ? undefined : storedToken(env);
      if (token) {
        const api = createApi({
          token: async () => storedToken(env) ?? '',
          fetch: env.fetch,
          onUnauthorized: () => {
            forgetToken(env);
            set({ session: { phase: 'signedOut', reason: 'expired', host: 'browser' } });
          },
        });
        set({ session: { phase: 'ready', api, host: 'browser' } });
        return;
      }
      const config = await loadSignIn(env);
      if (!live) return;
      if (config === 'absent') return set({ session: { phase: 'notInTeams' } });
      if (typeof config === 'string') return set({ session: { phase: 'failed', reason: 'network', detail: config } });
      signInConfig.current = config;
      if (reply.kind === 'refused') return set({ session: { phase: 'signedOut', reason: 'badReply', host: 'browser' } });
      if (hasSignedOut(env)) return set({ session: { phase: 'signedOut', reason: 'signedOut', host: 'browser' } });
      set({ session: { phase: 'redirecting' } });
      startSignIn(env, config);
    })();
    return () => {
      live = false;
    };
  }, [env, attempt]);

  const host = state.session.phase === 'ready' || state.session.phase === 'signedOut' ? state.session.host : 'browser';
  const doSignIn = useCallback(() => {
    if (host === 'teams') {
      // Teams renews its SSO token itself: start again.
      setState((s) => ({ ...s, session: { phase: 'starting' } }));
      setAttempt((n) => n + 1);
      return;
    }
    void (async () => {
      const config = signInConfig.current ?? (await loadSignIn(env));
      if (typeof config !== 'object') {
        setAttempt((n) => n + 1);
        return;
      }
      setState((s) => ({ ...s, session: { phase: 'redirecting' } }));
      startSignIn(env, config);
    })();
  }, [env, host]);
  const doSignOut = useCallback(() => {
    signOut(env);
    setState((s) => ({ ...s, session: { phase: 'signedOut', reason: 'signedOut', host: 'browser' } }));
  }, [env]);

  return useMemo(() => ({ ...state, signIn: doSignIn, signOut: doSignOut }), [state, doSignIn, doSignOut]);
}

/** GET /api/dev/sign-in: the config, 'absent' (404: production, open in Teams), or a failure text. */
async function loadSignIn(env: TabEnvironment): Promise<DevSignIn | 'absent' | string> {
  try {
    const res = await env.fetch('/api/dev/sign-in', { headers: { Accept: 'application/json' } });
    if (res.status === 404) return 'absent';
    if (!res.ok) return `HTTP ${res.status}`;
    return (await res.json()) as DevSignIn;
  } catch (err) {
    return messageOf(err);
  }
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return String(err);
}
