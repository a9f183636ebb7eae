import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiFailure } from '../../api/client';
import type { ReportDecisions, ReportView } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';
import { reportDetail } from './report-status';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  note: { whiteSpace: 'pre-wrap', color: tokens.colorNeutralForeground2 },
  select: { width: '2.5em' },
});

/**
 * 確認: the reports the caller may confirm (their section's, the office's), filtered by name or kind;
 * 承認 or 差し戻し (with its reason) one at a time, or 承認 of the selected ones after a confirmation
 * dialog. Each decision goes to the server, which re-reads and re-checks every report on its own.
 */
export function ConfirmView() {
  const { t, label, date } = useI18n();
  const view = useViewStyles();
  const table = useResponsiveTableStyles();
  const styles = useStyles();
  const { api, refreshAll } = useApiClient();
  const queue = useApi<ReportView[]>('/api/reports?scope=queue&status=pending');
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [asking, setAsking] = useState<'bulk' | ReportView | undefined>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [done, setDone] = useState<string | undefined>();

  const f = filter.normalize('NFKC').trim().toLowerCase();
  const rows = (queue.data ?? []).filter(
    (r) => (!kind || r.kind === kind) && (!f || `${r.subject.name} ${r.subject.upn} ${label(r.item.label)} ${label(r.kindLabel)}`.normalize('NFKC').toLowerCase().includes(f)),
  );
  const chosen = rows.filter((r) => selected.has(r.id));
  const kinds = [...new Map((queue.data ?? []).map((r) => [r.kind, r.kindLabel])).entries()];

  const finish = (message: string): void => {
    setBusy(false);
    setAsking(undefined);
    setComment('');
    setSelected(new Set());
    setDone(message);
    refreshAll();
  };
  const decideOne = (r: ReportView, decision: 'confirm' | 'return', why?: string): void => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    api.post(`/api/reports/${encodeURIComponent(r.id)}/decision`, { decision, comment: why ?? '' }).then(
      () => finish(t('reportDecided', { name: r.subject.name, decision: t(decision === 'confirm' ? 'reportConfirm' : 'reportReturn') })),
      (err: unknown) => {
        setBusy(false);
        setError(asFailure(err));
        queue.reload();
      },
    );
  };
  const confirmChosen = (): void => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    api.post<ReportDecisions>('/api/reports/decisions', { ids: chosen.map((r) => r.id), decision: 'confirm' }).then(
      (out) => {
        const refused = out.results.filter((x) => !x.ok);
        finish(
          [t('bulkDone', { decided: out.decided }), refused.length > 0 ? t('bulkRefused', { refused: out.refused, reasons: refused.map((x) => x.message).join(' / ') }) : ''].filter(Boolean).join(' '),
        );
      },
      (err: unknown) => {
        setBusy(false);
        setError(asFailure(err));
      },
    );
  };
  const cols = { select: '', who: t('reporter'), what: t('reportItemColumn'), note: t('note'), at: t('reportedOn'), actions: t('actions') };

  return (
    <div className={view.view}>
      <section className={view.section} aria-labelledby="reports-to-confirm">
        <h2 className={view.subheading} id="reports-to-confirm">
          {t('reportsToConfirm')}
        </h2>
        <div className={styles.filters}>
          <Field label={t('filterReports')}>
            <Input value={filter} onChange={(_e, d) => setFilter(d.value)} />
          </Field>
          <Field label={t('reportWhat')}>
            <Select value={kind} onChange={(_e, d) => setKind(d.value)}>
              <option value="">{t('allKinds')}</option>
              {kinds.map(([k, l]) => (
                <option key={k} value={k}>
                  {label(l)}
                </option>
              ))}
            </Select>
          </Field>
          <Button appearance="primary" disabled={chosen.length === 0 || busy} onClick={() => setAsking('bulk')}>
            {t('confirmSelected', { n: chosen.length })}
          </Button>
        </div>
        {queue.error && <ErrorBar error={queue.error} onRetry={queue.reload} />}
        {error && <ErrorBar error={error} />}
        {done && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
        {queue.loading && !queue.data && <Spinner size="small" label={t('loading')} />}
        {queue.data && rows.length === 0 && (
          <MessageBar>
            <MessageBarBody>{t('noReportsToConfirm')}</MessageBarBody>
          </MessageBar>
        )}
        {rows.length > 0 && (
          <div className={view.scroll}>
            <Table className={table.table} aria-labelledby="reports-to-confirm" size="small">
              <TableHeader className={table.header}>
                <TableRow>
                  <TableHeaderCell className={styles.select}>
                    <Checkbox
                      aria-label={t('selectAllReports')}
                      checked={chosen.length === rows.length ? true : chosen.length > 0 ? 'mixed' : false}
                      onChange={(_e, d) => setSelected(new Set(d.checked ? rows.map((r) => r.id) : []))}
                    />
                  </TableHeaderCell>
                  {(['who', 'what', 'note', 'at', 'actions'] as const).map((c) => (
                    <TableHeaderCell key={c}>{cols[c]}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody className={table.body}>
                {rows.map((r) => (
                  <TableRow key={r.id} className={table.row}>
                    <TableCell className={table.cell}>
                      <Checkbox
                        aria-label={t('selectReport', { name: r.subject.name })}
                        checked={selected.has(r.id)}
                        onChange={(_e, d) => {
                          const next = new Set(selected);
                          if (d.checked) next.add(r.id);
                          else next.delete(r.id);
                          setSelected(next);
                        }}
                      />
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.who}>
                      {r.subject.name}
                      {r.subject.section ? `（${r.subject.section}）` : ''}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.what}>
                      {`${label(r.kindLabel)}：${label(r.item.label)}`}
                      {reportDetail(r, date)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.note}>
                      <span className={styles.note}>{r.note ?? ''}</span>
                      {r.evidence && (
                        <div>
                          <EvidenceLink report={r} />
                        </div>
                      )}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.at}>
                      {date(r.submittedAt)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.actions}>
                      <div className={styles.actions}>
                        <Button size="small" appearance="primary" disabled={busy || !r.canDecide} onClick={() => decideOne(r, 'confirm')}>
                          {t('reportConfirm')}
                        </Button>
                        <Button size="small" disabled={busy || !r.canDecide} onClick={() => setAsking(r)}>
                          {t('reportReturn')}
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
      {asking && (
        <Dialog open onOpenChange={(_e, d) => !d.open && setAsking(undefined)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{asking === 'bulk' ? t('confirmBulkTitle', { n: chosen.length }) : t('returnReason')}</DialogTitle>
              <DialogContent>
                {asking === 'bulk' ? (
                  <>
                    <p>{t('confirmBulkText')}</p>
                    <ul>
                      {chosen.map((r) => (
                        <li key={r.id}>{`${r.subject.name}：${label(r.item.label)}`}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <Field label={t('returnReason')} required>
                    <Textarea value={comment} maxLength={1000} onChange={(_e, d) => setComment(d.value)} />
                  </Field>
                )}
              </DialogContent>
              <DialogActions>
                {busy && <Spinner size="tiny" />}
                {asking === 'bulk' ? (
                  <Button appearance="primary" disabled={busy} onClick={confirmChosen}>
                    {t('reportConfirm')}
                  </Button>
                ) : (
                  <Button appearance="primary" disabled={busy || comment.trim() === ''} onClick={() => decideOne(asking, 'return', comment)}>
                    {t('reportReturn')}
                  </Button>
                )}
                <Button onClick={() => setAsking(undefined)}>{t('cancel')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}

/** The evidence file, fetched with the caller's token (the server checks who may see it) and opened from memory. */
function EvidenceLink({ report }: { report: ReportView }) {
  const { t } = useI18n();
  const { api } = useApiClient();
  const [error, setError] = useState<ApiFailure | undefined>();
  const open = (): void => {
    api.download(`/api/reports/${encodeURIComponent(report.id)}/evidence`).then(
      ({ blob }) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = report.evidence?.name ?? 'evidence';
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      },
      (err: unknown) => setError(asFailure(err)),
    );
  };
  return (
    <>
      <Link as="button" onClick={open}>
        {`${t('evidence')}: ${report.evidence?.name ?? ''}`}
      </Link>
      {error && <ErrorBar error={error} />}
    </>
  );
}
