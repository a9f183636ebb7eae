import {
  Badge,
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
import type { AwardField, AwardFinding, AwardResults, AwardView, CertificationCandidatesView, MeView } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { RequirementTree } from '../my-step/requirement-tree';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';
import { CertificateLink } from './certificate-link';

const useStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'flex-end' },
  select: { width: '2.5em' },
  reason: { whiteSpace: 'pre-wrap', color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

/** The refusals a 422 carries in details.errors, by field. */
function findingsOf(err: ApiFailure | undefined): AwardFinding[] {
  const details = err?.details as { errors?: AwardFinding[] } | undefined;
  return Array.isArray(details?.errors) ? details.errors : [];
}

/**
 * 認定 (the programme office): 認定候補 of each certification — who meets the criteria and is not yet
 * certified — with the evidence the engine found; the chosen ones certified together after a
 * confirmation dialog (the date may be earlier, never later than today); the history of awards with
 * each 認定証 and 取り消す (a reason is required and stays in the history). The server checks every
 * person again and decides; the tab shows what it answered, field by field.
 */
export function AwardsView({ me }: { me: MeView }) {
  const { t, label, date } = useI18n();
  const view = useViewStyles();
  const table = useResponsiveTableStyles();
  const styles = useStyles();
  const { api, refreshAll } = useApiClient();
  const certifications = me.programme.certifications ?? [];
  const [certification, setCertification] = useState(certifications[0]?.id ?? '');
  const candidates = useApi<CertificationCandidatesView[]>(certification ? `/api/awards/candidates?certification=${encodeURIComponent(certification)}` : null);
  const history = useApi<AwardView[]>('/api/awards');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [asking, setAsking] = useState<'award' | AwardView | undefined>();
  const [awardDate, setAwardDate] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [done, setDone] = useState<string | undefined>();

  const current = candidates.data?.[0];
  const rows = current?.candidates ?? [];
  const chosen = rows.filter((c) => selected.has(c.upn));
  const certLabel = label(certifications.find((c) => c.id === certification)?.label ?? { ja: certification });
  const fieldError = (field: AwardField): string | undefined => {
    const found = findingsOf(error).filter((f) => f.field === field);
    return found.length > 0 ? found.map((f) => label(f.message)).join(' ') : undefined;
  };

  const finish = (message: string): void => {
    setBusy(false);
    setAsking(undefined);
    setSelected(new Set());
    setAwardDate('');
    setReason('');
    setError(undefined);
    setDone(message);
    refreshAll();
  };
  const failed = (err: unknown): void => {
    setBusy(false);
    setError(asFailure(err));
  };
  const award = (): void => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    api.post<AwardResults>('/api/awards', { certification, upns: chosen.map((c) => c.upn), ...(awardDate.trim() ? { date: awardDate.trim() } : {}) }).then((out) => {
      const refused = out.results.filter((x) => !x.ok);
      const reasons = refused.flatMap((x) => (x.errors ?? []).map((e) => label(e.message))).join(' / ');
      finish([t('awardDone', { n: out.awarded }), refused.length > 0 ? t('awardRefused', { n: out.refused, reasons }) : ''].filter(Boolean).join(' '));
    }, failed);
  };
  const revoke = (a: AwardView): void => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    api.post(`/api/awards/${encodeURIComponent(a.id)}/revoke`, { reason }).then(() => finish(t('revokeDone', { name: a.name, certification: label(a.certification.label) })), failed);
  };

  const cols = { select: '', name: t('name'), grade: t('grade'), evidence: t('awardEvidence') };
  const hcols = { name: t('name'), certification: t('certifications'), date: t('awardDate'), serial: t('awardSerial'), by: t('awardedBy'), status: t('status'), actions: t('actions') };

  return (
    <div className={view.view}>
      <section className={view.section} aria-labelledby="award-candidates">
        <h2 className={view.subheading} id="award-candidates">
          {t('awardCandidates')}
        </h2>
        <p className={view.muted}>{t('awardCandidatesIntro')}</p>
        <div className={styles.toolbar}>
          <Field label={t('certifications')}>
            <Select
              value={certification}
              onChange={(_e, d) => {
                setCertification(d.value);
                setSelected(new Set());
              }}
            >
              {certifications.map((c) => (
                <option key={c.id} value={c.id}>
                  {label(c.label)}
                </option>
              ))}
            </Select>
          </Field>
          <Button appearance="primary" disabled={chosen.length === 0 || busy} onClick={() => setAsking('award')}>
            {t('awardSelected', { n: chosen.length })}
          </Button>
          {current && <span className={view.muted}>{t('awardHolders', { n: current.holders })}</span>}
          <CertificateLink path="/api/awards/specimen" text={t('certificateSpecimenPdf')} />
        </div>
        {candidates.error && <ErrorBar error={candidates.error} onRetry={candidates.reload} />}
        {error && !asking && <ErrorBar error={error} />}
        {done && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
        {candidates.loading && !candidates.data && <Spinner size="small" label={t('loading')} />}
        {candidates.data && rows.length === 0 && (
          <MessageBar>
            <MessageBarBody>{t('noAwardCandidates')}</MessageBarBody>
          </MessageBar>
        )}
        {rows.length > 0 && (
          <div className={view.scroll}>
            <Table className={table.table} aria-labelledby="award-candidates" size="small">
              <TableHeader className={table.header}>
                <TableRow>
                  <TableHeaderCell className={styles.select}>
                    <Checkbox
                      aria-label={t('selectAllReports')}
                      checked={chosen.length === rows.length ? true : chosen.length > 0 ? 'mixed' : false}
                      onChange={(_e, d) => setSelected(new Set(d.checked ? rows.map((r) => r.upn) : []))}
                    />
                  </TableHeaderCell>
                  {(['name', 'grade', 'evidence'] as const).map((c) => (
                    <TableHeaderCell key={c}>{cols[c]}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody className={table.body}>
                {rows.map((c) => (
                  <TableRow key={c.upn} className={table.row} data-candidate={c.upn}>
                    <TableCell className={table.cell}>
                      <Checkbox
                        aria-label={t('selectCandidate', { name: c.name })}
                        checked={selected.has(c.upn)}
                        onChange={(_e, d) => {
                          const next = new Set(selected);
                          if (d.checked) next.add(c.upn);
                          else next.delete(c.upn);
                          setSelected(next);
                        }}
                      />
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.name}>
                      {c.name}（{c.department} {c.section}）
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.grade}>
                      {c.gradeText}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.evidence}>
                      <RequirementTree result={c.evidence} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>

      <section className={view.section} aria-labelledby="award-history">
        <h2 className={view.subheading} id="award-history">
          {t('awardHistory')}
        </h2>
        {history.error && <ErrorBar error={history.error} onRetry={history.reload} />}
        {history.data && history.data.length === 0 && <p className={view.muted}>{t('awardHistoryEmpty')}</p>}
        {history.data && history.data.length > 0 && (
          <div className={view.scroll}>
            <Table className={table.table} aria-labelledby="award-history" size="small">
              <TableHeader className={table.header}>
                <TableRow>
                  {(['name', 'certification', 'date', 'serial', 'by', 'status', 'actions'] as const).map((c) => (
                    <TableHeaderCell key={c}>{hcols[c]}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody className={table.body}>
                {history.data.map((a) => (
                  <TableRow key={a.id || `${a.upn}-${a.certification.id}-${a.date}`} className={table.row} data-award={a.id}>
                    <TableCell className={table.cell} data-label={hcols.name}>
                      {a.name}
                      {a.section ? `（${a.section}）` : ''}
                    </TableCell>
                    <TableCell className={table.cell} data-label={hcols.certification}>
                      {label(a.certification.label)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={hcols.date}>
                      {date(a.date)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={hcols.serial}>
                      {a.serial ?? ''}
                    </TableCell>
                    <TableCell className={table.cell} data-label={hcols.by}>
                      {a.awardedBy?.name ?? a.source ?? ''}
                    </TableCell>
                    <TableCell className={table.cell} data-label={hcols.status}>
                      {a.revoked ? (
                        <>
                          <Badge color="danger" appearance="tint">
                            {t('awardRevokedOn', { date: date(a.revoked.at), who: a.revoked.by?.name ?? '' })}
                          </Badge>
                          {a.revoked.reason && <div className={styles.reason}>{a.revoked.reason}</div>}
                        </>
                      ) : (
                        <Badge color={a.inForce ? 'success' : 'informative'} appearance="tint">
                          {t(a.inForce ? 'awardInForce' : 'awardEnded')}
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell className={table.cell} data-label={hcols.actions}>
                      {a.inForce && a.id && (
                        <div className={styles.actions}>
                          <CertificateLink award={a} />
                          <Button size="small" disabled={busy} onClick={() => setAsking(a)} aria-label={t('revokeWho', { name: a.name, certification: label(a.certification.label) })}>
                            {t('revoke')}
                          </Button>
                        </div>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>

      {asking && (
        <Dialog
          open
          onOpenChange={(_e, d) => {
            if (!d.open) {
              setAsking(undefined);
              setError(undefined);
            }
          }}
        >
          <DialogSurface>
            <DialogBody>
              <DialogTitle>
                {asking === 'award' ? t('awardConfirmTitle', { n: chosen.length, certification: certLabel }) : t('revokeWho', { name: asking.name, certification: label(asking.certification.label) })}
              </DialogTitle>
              <DialogContent>
                {asking === 'award' ? (
                  <>
                    <p>{t('awardConfirmText')}</p>
                    <ul>
                      {chosen.map((c) => (
                        <li key={c.upn}>{`${c.name}（${c.section}）`}</li>
                      ))}
                    </ul>
                    <Field label={t('awardDateInput')} validationState={fieldError('date') ? 'error' : 'none'} validationMessage={fieldError('date')}>
                      <Input value={awardDate} placeholder="2026-04-01" onChange={(_e, d) => setAwardDate(d.value)} />
                    </Field>
                  </>
                ) : (
                  <>
                    <p>{t('revokeText')}</p>
                    <Field label={t('awardRevocationReason')} required validationState={fieldError('reason') ? 'error' : 'none'} validationMessage={fieldError('reason')}>
                      <Textarea value={reason} maxLength={500} onChange={(_e, d) => setReason(d.value)} />
                    </Field>
                  </>
                )}
                {error && findingsOf(error).every((f) => f.field !== 'date' && f.field !== 'reason') && <ErrorBar error={error} />}
              </DialogContent>
              <DialogActions>
                {busy && <Spinner size="tiny" />}
                {asking === 'award' ? (
                  <Button appearance="primary" disabled={busy} onClick={award}>
                    {t('award')}
                  </Button>
                ) : (
                  <Button appearance="primary" disabled={busy} onClick={() => revoke(asking)}>
                    {t('revoke')}
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
