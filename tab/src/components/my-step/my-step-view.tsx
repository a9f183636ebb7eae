import { Button, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentAdd20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useApi, useApiClient } from '../../api/use-api';
import type { AwardView, MeView, ProgressView, ReportFormView } from '../../api/types';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { MyReports } from '../reports/my-reports';
import { ReportDialog, type ReportPrefill } from '../reports/report-dialog';
import { ProgressPanel } from './progress-panel';
import { RoleDeclarations } from './role-declarations';

const useStyles = makeStyles({
  toolbar: { display: 'flex', justifyContent: 'flex-end', marginBottom: tokens.spacingVerticalS },
  reports: { marginTop: tokens.spacingVerticalXL },
});

/**
 * マイステップ: the caller's own progress, from one GET /api/me/progress; where the programme takes
 * reports, 「報告する」 (at the top, and beside each missing item that a report can meet) and the
 * caller's own reports.
 */
export function MyStepView({ me }: { me?: MeView }) {
  const { t } = useI18n();
  const styles = useStyles();
  const { refreshAll } = useApiClient();
  const progress = useApi<ProgressView>('/api/me/progress');
  const [reporting, setReporting] = useState<ReportPrefill | undefined>();
  const canReport = me?.reports?.canReport ?? false;
  // 役割の申し出: where the programme opens a role to volunteers; a declaration is listed with the reports.
  const canDeclare = (me?.declarations?.roles ?? 0) > 0;
  // Which missing items a report can meet: the kind is taken, and the course is one staff may report.
  const form = useApi<ReportFormView>(canReport ? '/api/reports/form' : null);
  // The caller's awards: each certification held links its 認定証.
  const awards = useApi<AwardView[]>((me?.programme.certifications?.length ?? 0) > 0 ? '/api/me/awards' : null);
  const reportable = (p: ReportPrefill): boolean => {
    const kind = form.data?.kinds.find((k) => k.kind === p.kind);
    return !!kind && (p.item ? kind.items.some((i) => i.id === p.item) : kind.items.length > 0);
  };
  if (progress.error) return <ErrorBar error={progress.error} onRetry={progress.reload} />;
  if (!progress.data) return <Spinner label={t('loading')} />;
  return (
    <>
      {canReport && (
        <div className={styles.toolbar}>
          <Button appearance="primary" icon={<DocumentAdd20Regular />} onClick={() => setReporting({})}>
            {t('reportButton')}
          </Button>
        </div>
      )}
      <ProgressPanel view={progress.data} onReport={canReport && form.data ? setReporting : undefined} reportable={reportable} awards={awards.data} />
      {canDeclare && (
        <div className={styles.reports}>
          <RoleDeclarations />
        </div>
      )}
      {(canReport || canDeclare) && (
        <div className={styles.reports}>
          <MyReports />
        </div>
      )}
      {reporting && <ReportDialog prefill={reporting} onClose={() => setReporting(undefined)} onDone={() => refreshAll()} />}
    </>
  );
}

/** Someone's progress (所属): GET /api/people/:upn/progress, shown the same way. */
export function PersonProgressView({ upn }: { upn: string }) {
  const { t } = useI18n();
  const progress = useApi<ProgressView>(`/api/people/${encodeURIComponent(upn)}/progress`);
  if (progress.error) return <ErrorBar error={progress.error} onRetry={progress.reload} />;
  if (!progress.data) return <Spinner label={t('loading')} />;
  return <ProgressPanel view={progress.data} showPerson />;
}
