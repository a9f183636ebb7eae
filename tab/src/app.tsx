import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
  type Theme,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Api } from './api/client';
import { ApiContext } from './api/use-api';
import { Shell } from './components/shell';
import type { TabEnvironment, ThemeName } from './host/environment';
import { useSession, type SessionState } from './host/use-session';
import { LocaleContext, useI18n } from './i18n';

const THEMES: Record<ThemeName, Theme> = { light: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

// No class on FluentProvider itself: Fluent gives its classes to the portals' mount nodes too.
const useStyles = makeStyles({
  screen: { minHeight: '100vh', boxSizing: 'border-box', padding: tokens.spacingHorizontalXL, backgroundColor: tokens.colorNeutralBackground1 },
  message: { maxWidth: '40em' },
});

/** The tab: who it runs for (Teams SSO or the dev host's sign-in), its theme and locale, then the views. */
export function App({ env }: { env: TabEnvironment }) {
  const session = useSession(env);
  const styles = useStyles();
  useEffect(() => {
    document.documentElement.lang = session.locale === 'en' ? 'en' : 'ja';
  }, [session.locale]);
  const view = new URLSearchParams(env.location.search).get('view') ?? undefined;
  return (
    <LocaleContext.Provider value={session.locale}>
      <FluentProvider theme={THEMES[session.theme]}>
        {session.session.phase === 'ready' ? (
          <ApiProvider api={session.session.api}>
            <Shell initialView={view} onSignOut={session.session.host === 'browser' ? session.signOut : undefined} />
          </ApiProvider>
        ) : (
          <div className={styles.screen}>
            <div className={styles.message}>
              <SessionScreen state={session} />
            </div>
          </div>
        )}
      </FluentProvider>
    </LocaleContext.Provider>
  );
}

function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  const [dataVersion, setDataVersion] = useState(0);
  const value = useMemo(() => ({ api, dataVersion, refreshAll: () => setDataVersion((n) => n + 1) }), [api, dataVersion]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

/** Before the views: starting, leaving to sign in, signed out, or why the tab cannot start. */
function SessionScreen({ state }: { state: SessionState }) {
  const { t } = useI18n();
  const s = state.session;
  switch (s.phase) {
    case 'starting':
    case 'ready':
      return <Spinner label={t('loading')} />;
    case 'redirecting':
      return <Spinner label={t('redirecting')} />;
    case 'notInTeams':
      return (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('openInTeams')}</MessageBarTitle>
            {t('openInTeamsDetail')}
          </MessageBarBody>
        </MessageBar>
      );
    case 'signedOut':
      return (
        <MessageBar intent={s.reason === 'signedOut' ? 'info' : 'warning'} layout="multiline">
          <MessageBarBody>
            {s.reason === 'signedOut' ? t('signedOut') : s.reason === 'expired' ? t('sessionExpired') : t('badSignInReply')}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" onClick={state.signIn}>
              {s.reason === 'signedOut' ? t('signIn') : t('signInAgain')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      );
    case 'failed':
      return (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('error')}</MessageBarTitle>
            {s.reason === 'sso' ? t('ssoFailed', { reason: s.detail }) : `${t('networkError')} (${s.detail})`}
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={state.signIn}>{t('reload')}</Button>
          </MessageBarActions>
        </MessageBar>
      );
  }
}
