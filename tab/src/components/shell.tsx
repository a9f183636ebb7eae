import { Link, Spinner, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useState } from 'react';
import type { MeView } from '../api/types';
import { useApi } from '../api/use-api';
import { useI18n, type I18n, type StringKey } from '../i18n';
import { DataQualityView } from './data-quality/data-quality-view';
import { ErrorBar } from './error-bar';
import { FollowUpView } from './follow-up/follow-up-view';
import { MyStepView } from './my-step/my-step-view';
import { NominationsView } from './nominations/nominations-view';
import { OperationsView } from './operations/operations-view';
import { AwardsView } from './awards/awards-view';
import { ConfirmView } from './reports/confirm-view';
import { SectionView } from './section/section-view';
import { SyncStatus } from './sync-status';

// The programme dashboard and its charts load only when the office opens it.
const ProgrammeView = lazy(() => import('./programme/programme-view'));
const YearEndView = lazy(() => import('./year-end/year-end-view'));
// So do the office's import (取り込み) and this year's targets and settings (年度の設定).
const ImportsView = lazy(() => import('./imports/imports-view'));
const YearSettingsView = lazy(() => import('./year-settings/year-settings-view'));
// 評価ラウンド: for the office and the evaluators of a round only.
const RoundsView = lazy(() => import('./rounds/rounds-view'));

export type ViewId = 'my-steps' | 'section' | 'confirm' | 'programme' | 'year-end' | 'follow-up' | 'nominations' | 'rounds' | 'awards' | 'data-quality' | 'imports' | 'year-settings' | 'operations';

const VIEW_LABEL: Record<ViewId, StringKey> = {
  'my-steps': 'tabMyStep',
  section: 'tabSection',
  confirm: 'tabConfirm',
  programme: 'tabProgramme',
  'year-end': 'tabYearEnd',
  'follow-up': 'tabFollowUp',
  nominations: 'tabNominations',
  rounds: 'tabRounds',
  awards: 'certifications',
  'data-quality': 'dataQuality',
  imports: 'tabImports',
  'year-settings': 'tabYearSettings',
  operations: 'tabOperations',
};

/** The views a caller may use: 所属 and 推薦 for managers and the office, プログラム, 年度末点検, フォローアップ, データ品質, 取り込み, 年度の設定 and 運用状況 for the office. */
export function viewsFor(me: MeView): ViewId[] {
  const manages = me.office || me.manages.length > 0;
  const views: ViewId[] = ['my-steps'];
  if (manages) views.push('section');
  // 確認: whoever confirms reports (managers, the office, the office's confirmer).
  if (me.reports?.confirms) views.push('confirm');
  if (me.office) views.push('programme', 'year-end', 'follow-up');
  if (manages) views.push('nominations');
  // 評価ラウンド (真岡市): the office runs them; an evaluator answers their part.
  if ((me.evaluations?.perspectives.length ?? 0) > 0 && (me.office || (me.evaluations?.mine ?? 0) > 0)) views.push('rounds');
  // 認定: the office awards the programme's certifications (真岡市, 中野区).
  if (me.office && (me.programme.certifications?.length ?? 0) > 0) views.push('awards');
  if (me.office) views.push('data-quality', 'imports', 'year-settings', 'operations');
  return views;
}

export interface ShellProps {
  /** From the tab's URL (?view=, as the manifest's contentUrl sets it). */
  initialView?: string;
  onSignOut?: () => void;
}

export interface ShellState {
  i18n: I18n;
  me?: MeView;
  meError?: ReturnType<typeof useApi<MeView>>['error'];
  reloadMe: () => void;
  views: ViewId[];
  view: ViewId;
  setView: (v: ViewId) => void;
  onSignOut?: () => void;
}

export function useShellState(props: ShellProps): ShellState {
  const i18n = useI18n();
  const me = useApi<MeView>('/api/me');
  const [chosen, setView] = useState<ViewId>((props.initialView as ViewId | undefined) ?? 'my-steps');
  const views = me.data ? viewsFor(me.data) : ['my-steps' as const];
  // A view the caller may not use (an old link) falls back to マイステップ.
  const view = views.includes(chosen) ? chosen : 'my-steps';
  return { i18n, me: me.data, meError: me.error, reloadMe: me.reload, views, view, setView, onSignOut: props.onSignOut };
}

export const useShellStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1 },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  titleBlock: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  subtitle: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  user: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM, minWidth: 0 },
  nav: { overflowX: 'auto', padding: `0 ${tokens.spacingHorizontalS}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  main: { padding: tokens.spacingHorizontalL, flexGrow: 1, minWidth: 0, '@media (max-width: 600px)': { padding: tokens.spacingHorizontalS } },
});

export function renderShell(state: ShellState, styles: ReturnType<typeof useShellStyles>) {
  const { t, label } = state.i18n;
  const me = state.me;
  const loading = <Spinner label={t('loading')} />;
  const main = (): React.ReactNode => {
    if (state.view === 'my-steps') return <MyStepView me={me} />;
    if (!me) return loading;
    switch (state.view) {
      case 'section':
        return <SectionView me={me} />;
      case 'programme':
        return (
          <Suspense fallback={loading}>
            <ProgrammeView />
          </Suspense>
        );
      case 'year-end':
        return (
          <Suspense fallback={loading}>
            <YearEndView />
          </Suspense>
        );
      case 'confirm':
        return <ConfirmView />;
      case 'follow-up':
        return <FollowUpView />;
      case 'nominations':
        return <NominationsView me={me} />;
      case 'rounds':
        return (
          <Suspense fallback={loading}>
            <RoundsView me={me} />
          </Suspense>
        );
      case 'awards':
        return <AwardsView me={me} />;
      case 'data-quality':
        return <DataQualityView />;
      case 'imports':
        return (
          <Suspense fallback={loading}>
            <ImportsView />
          </Suspense>
        );
      case 'year-settings':
        return (
          <Suspense fallback={loading}>
            <YearSettingsView />
          </Suspense>
        );
      case 'operations':
        return <OperationsView />;
    }
  };
  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <div className={styles.titleBlock}>
          <h1 className={styles.title}>{me ? `${label(me.programme.label)}` : t('appName')}</h1>
          {me && (
            <span className={styles.subtitle}>
              {label(me.programme.municipality)} · {label(me.programme.fiscalYearLabel)}
            </span>
          )}
        </div>
        <div className={styles.user}>
          {me && <SyncStatus me={me} />}
          {me && <span>{[me.name, me.section, me.grade].filter(Boolean).join(' · ')}</span>}
          {state.onSignOut && (
            <Link as="button" onClick={state.onSignOut}>
              {t('signOut')}
            </Link>
          )}
        </div>
      </header>
      {state.meError && <ErrorBar error={state.meError} onRetry={state.reloadMe} />}
      {state.views.length > 1 && (
        <nav className={styles.nav} aria-label={t('navLabel')}>
          <TabList selectedValue={state.view} onTabSelect={(_e, d) => state.setView(d.value as ViewId)}>
            {state.views.map((v) => (
              <Tab key={v} value={v} data-view={v}>
                {t(VIEW_LABEL[v])}
              </Tab>
            ))}
          </TabList>
        </nav>
      )}
      <main className={styles.main}>{main()}</main>
    </div>
  );
}

/** The signed-in tab: header (programme, sync status, who), navigation, and the chosen view. */
export function Shell(props: ShellProps) {
  return renderShell(useShellState(props), useShellStyles());
}
