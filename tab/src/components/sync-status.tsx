import { Button, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSync20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { ApiFailure } from '../api/client';
import type { MeView, SyncView } from '../api/types';
import { asFailure, useApiClient } from '../api/use-api';
import { useI18n, type I18n } from '../i18n';

export interface SyncStatusProps {
  me: MeView;
  /** Poll interval while a sync runs. */
  intervalMs?: number;
}

export interface SyncStatusState {
  i18n: I18n;
  syncedAt: string;
  office: boolean;
  status?: SyncView;
  syncing: boolean;
  error?: ApiFailure;
  failed?: string;
  start: () => void;
}

/**
 * 「最終更新 …」 from me.syncedAt; for the office 「今すぐ更新」 (POST /api/sync), then GET /api/sync
 * every second while it says `syncing`, and every view reads again when it is done.
 */
export function useSyncStatusState({ me, intervalMs = 1000 }: SyncStatusProps): SyncStatusState {
  const { api, refreshAll } = useApiClient();
  const i18n = useI18n();
  const [status, setStatus] = useState<SyncView | undefined>();
  const [polling, setPolling] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();

  const settle = (s: SyncView): void => {
    setStatus(s);
    if (s.state === 'syncing') return;
    setPolling(false);
    if (!s.lastError) refreshAll();
  };

  useEffect(() => {
    if (!polling) return;
    let live = true;
    const timer = setInterval(() => {
      api.get<SyncView>('/api/sync').then(
        (s) => live && settle(s),
        (err: unknown) => {
          if (!live) return;
          setError(asFailure(err));
          setPolling(false);
        },
      );
    }, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // settle only uses setters and refreshAll, stable across renders.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, polling, intervalMs]);

  const start = (): void => {
    setError(undefined);
    setStatus(undefined);
    api.post<SyncView>('/api/sync').then(
      (s) => {
        if (s.state === 'syncing') {
          setStatus(s);
          setPolling(true);
        } else settle(s);
      },
      (err: unknown) => setError(asFailure(err)),
    );
  };

  return {
    i18n,
    syncedAt: status?.syncedAt ?? me.syncedAt,
    office: me.office,
    status,
    syncing: polling || status?.state === 'syncing',
    error,
    failed: status?.state === 'idle' ? status.lastError?.message : undefined,
    start,
  };
}

export const useSyncStatusStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS, minWidth: 0 },
  text: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  status: { display: 'contents' },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, width: '16em', maxWidth: '100%' },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
});

export function renderSyncStatus(state: SyncStatusState, styles: ReturnType<typeof useSyncStatusStyles>) {
  const { t, dateTime } = state.i18n;
  const p = state.status?.progress;
  return (
    <div className={styles.root}>
      <span className={styles.text}>{t('lastSynced', { at: dateTime(state.syncedAt) })}</span>
      {state.office && (
        <Button size="small" appearance="subtle" icon={<ArrowSync20Regular />} onClick={state.start} disabled={state.syncing}>
          {t('syncNow')}
        </Button>
      )}
      <span role="status" aria-live="polite" className={styles.status}>
        {state.syncing && (
          <span className={styles.progress}>
            <span className={styles.text}>
              {p ? t('syncProgress', { list: p.list, rows: state.i18n.number(p.rowsRead), done: p.listsDone, total: p.listsTotal }) : t('syncing')}
            </span>
            <ProgressBar value={p && p.listsTotal > 0 ? p.listsDone / p.listsTotal : undefined} aria-label={t('syncing')} />
          </span>
        )}
        {state.failed && <span className={styles.error}>{t('syncFailed', { message: state.failed })}</span>}
        {state.error && <span className={styles.error}>{t('syncFailed', { message: state.error.message })}</span>}
      </span>
    </div>
  );
}

export function SyncStatus(props: SyncStatusProps) {
  return renderSyncStatus(useSyncStatusState(props), useSyncStatusStyles());
}
