import { Button, MessageBar, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiFailure } from '../../api/client';
import type { ReportView } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';
import { ReportStatus, reportDetail } from './report-status';

/** 自分の報告: the caller's reports with their state, the confirmer's comment, and 取り下げる while they wait. */
export function MyReports() {
  const { t, label, date } = useI18n();
  const styles = useViewStyles();
  const table = useResponsiveTableStyles();
  const { api, refreshAll } = useApiClient();
  const reports = useApi<ReportView[]>('/api/reports?scope=mine');
  const [error, setError] = useState<ApiFailure | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const withdraw = (r: ReportView): void => {
    setBusy(r.id);
    setError(undefined);
    api.post(`/api/reports/${encodeURIComponent(r.id)}/withdraw`).then(
      () => {
        setBusy(undefined);
        refreshAll();
      },
      (err: unknown) => {
        setBusy(undefined);
        setError(asFailure(err));
      },
    );
  };
  const cols = { what: t('reportItemColumn'), date: t('reportedOn'), status: t('status'), comment: t('decisionComment'), actions: t('actions') };
  return (
    <section className={styles.section} aria-labelledby="my-reports">
      <h2 className={styles.subheading} id="my-reports">
        {t('myReports')}
      </h2>
      {reports.error && <ErrorBar error={reports.error} onRetry={reports.reload} />}
      {error && <ErrorBar error={error} />}
      {reports.loading && !reports.data && <Spinner size="small" label={t('loading')} />}
      {reports.data && reports.data.length === 0 && (
        <MessageBar>
          <MessageBarBody>{t('noReports')}</MessageBarBody>
        </MessageBar>
      )}
      {reports.data && reports.data.length > 0 && (
        <div className={styles.scroll}>
          <Table className={table.table} aria-labelledby="my-reports" size="small">
            <TableHeader className={table.header}>
              <TableRow>
                {Object.values(cols).map((c) => (
                  <TableHeaderCell key={c}>{c}</TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {reports.data.map((r) => (
                <TableRow key={r.id} className={table.row}>
                  <TableCell className={table.cell} data-label={cols.what}>
                    {`${label(r.kindLabel)}：${label(r.item.label)}`}
                    {reportDetail(r, date)}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.date}>
                    {date(r.submittedAt)}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.status}>
                    <ReportStatus report={r} />
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.comment}>
                    {r.comment ?? ''}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.actions}>
                    {r.canWithdraw && (
                      <Button size="small" disabled={busy === r.id} onClick={() => withdraw(r)}>
                        {t('withdraw')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

