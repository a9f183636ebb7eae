import { Spinner } from '@fluentui/react-components';
import { useApi } from '../../api/use-api';
import type { ProgressView } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { ProgressPanel } from './progress-panel';

/** マイステップ: the caller's own progress, from one GET /api/me/progress. */
export function MyStepView() {
  const { t } = useI18n();
  const progress = useApi<ProgressView>('/api/me/progress');
  if (progress.error) return <ErrorBar error={progress.error} onRetry={progress.reload} />;
  if (!progress.data) return <Spinner label={t('loading')} />;
  return <ProgressPanel view={progress.data} />;
}

/** Someone's progress (所属): GET /api/people/:upn/progress, shown the same way. */
export function PersonProgressView({ upn }: { upn: string }) {
  const { t } = useI18n();
  const progress = useApi<ProgressView>(`/api/people/${encodeURIComponent(upn)}/progress`);
  if (progress.error) return <ErrorBar error={progress.error} onRetry={progress.reload} />;
  if (!progress.data) return <Spinner label={t('loading')} />;
  return <ProgressPanel view={progress.data} showPerson />;
}
