import {
  Badge,
  Button,
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
import { PersonAdd20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { MeView, NominationStatus, NominationView } from '../../api/types';
import type { ApiFailure } from '../../api/client';
import { asFailure, useApi, useApiClient, type Loaded } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';
import { NominationDialog } from './nomination-dialog';

const STATUS = {
  pending: { key: 'statusPending', color: 'warning' },
  approved: { key: 'statusApproved', color: 'success' },
  rejected: { key: 'statusRejected', color: 'danger' },
  withdrawn: { key: 'statusWithdrawn', color: 'subtle' },
} as const satisfies Record<NominationStatus, unknown>;

/** Working days a nomination may wait before the tab marks it (the server reminds the approver after SKILLSTEPS_APPROVAL_REMINDER_DAYS). */
const LONG_WAIT = 5;

type Acting = { kind: 'decide' | 'withdraw' | 'reassign'; nomination: NominationView };

/**
 * 推薦: pending and decided nominations the caller may see, and 「推薦する」. A pending one shows how
 * long it has waited; its approver decides here as on the chat card (承認 / 却下 with a comment),
 * its nominator may withdraw it, the office may give it another approver. The server checks each.
 */
export function NominationsView({ me }: { me: MeView }) {
  const { t } = useI18n();
  const styles = useViewStyles();
  const pending = useApi<NominationView[]>('/api/nominations?status=pending');
  const decided = useApi<NominationView[]>('/api/nominations?status=decided');
  const [open, setOpen] = useState(false);
  const [acting, setActing] = useState<Acting | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const { refreshAll } = useApiClient();
  const canNominate = me.office || me.manages.length > 0;
  return (
    <div className={styles.view}>
      {canNominate && (
        <div className={styles.toolbar}>
          <Button appearance="primary" icon={<PersonAdd20Regular />} onClick={() => setOpen(true)}>
            {t('nominate')}
          </Button>
        </div>
      )}
      {done && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      <NominationList title={t('nominationsPending')} id="nominations-pending" loaded={pending} decided={false} onAct={setActing} />
      <NominationList title={t('nominationsDecided')} id="nominations-decided" loaded={decided} decided />
      {acting && (
        <ActDialog
          acting={acting}
          onClose={() => setActing(undefined)}
          onDone={(message) => {
            setActing(undefined);
            setDone(message);
            refreshAll();
          }}
        />
      )}
      {open && (
        <NominationDialog
          me={me}
          onClose={() => setOpen(false)}
          onCreated={() => {
            pending.reload();
          }}
        />
      )}
    </div>
  );
}

// Column widths (the table lays out fixed): what is short stays narrow, the reason or comment takes the rest.
const useColumnStyles = makeStyles({
  nominee: { width: '10em' },
  role: { width: '9em' },
  section: { width: '12em' },
  by: { width: '7em' },
  approver: { width: '7em' },
  status: { width: '5.5em' },
  at: { width: '7em' },
  age: { width: '6em' },
  note: {},
  actions: { width: '9em' },
});

const useActStyles = makeStyles({
  long: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  history: { whiteSpace: 'pre-wrap', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

function NominationList({ title, id, loaded, decided, onAct }: { title: string; id: string; loaded: Loaded<NominationView[]>; decided: boolean; onAct?: (a: Acting) => void }) {
  const { t, label, date } = useI18n();
  const styles = useViewStyles();
  const table = useResponsiveTableStyles();
  const widths = useColumnStyles();
  const act = useActStyles();
  const cols = {
    nominee: t('nominee'),
    role: t('role'),
    section: t('section'),
    by: t('nominatedBy'),
    approver: t('approver'),
    status: t('status'),
    at: decided ? t('decidedAt') : t('requestedOn'),
    ...(decided ? {} : { age: t('age') }),
    note: decided ? t('decisionComment') : t('reason'),
    ...(onAct ? { actions: t('actions') } : {}),
  };
  return (
    <section className={styles.section} aria-labelledby={id}>
      <h2 className={styles.subheading} id={id}>
        {title}
      </h2>
      {loaded.error && <ErrorBar error={loaded.error} onRetry={loaded.reload} />}
      {loaded.loading && !loaded.data && <Spinner size="small" label={t('loading')} />}
      {loaded.data && loaded.data.length === 0 && (
        <MessageBar>
          <MessageBarBody>{t('noNominations')}</MessageBarBody>
        </MessageBar>
      )}
      {loaded.data && loaded.data.length > 0 && (
        <div className={styles.scroll}>
          <Table className={table.table} aria-labelledby={id} size="small">
            <TableHeader className={table.header}>
              <TableRow>
                {(Object.keys(cols) as Array<keyof typeof cols>).map((c) => (
                  <TableHeaderCell key={c} className={widths[c as keyof typeof widths]}>
                    {cols[c]}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {loaded.data.map((n, i) => {
                const s = STATUS[n.status];
                return (
                  <TableRow key={n.id ?? `${n.nominee.upn}-${n.role.id}-${i}`} className={table.row}>
                    <TableCell className={table.cell} data-label={cols.nominee}>
                      {n.nominee.name}
                      {n.nominee.grade ? `（${n.nominee.grade}）` : ''}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.role}>
                      {label(n.role.label)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.section}>
                      {[n.nominee.department, n.section].filter(Boolean).join(' ')}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.by}>
                      {n.nominatedBy.name}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.approver}>
                      {n.approver.name}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.status}>
                      <Badge color={s.color}>{t(s.key)}</Badge>
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.at}>
                      {date(decided ? (n.decidedAt ?? n.requestedAt) : n.requestedAt)}
                    </TableCell>
                    {!decided && (
                      <TableCell className={table.cell} data-label={cols.age}>
                        {n.ageWorkingDays !== undefined && (
                          <span className={n.ageWorkingDays >= LONG_WAIT ? act.long : undefined} title={n.ageWorkingDays >= LONG_WAIT ? t('overdueApproval', { n: LONG_WAIT }) : undefined}>
                            {t('ageWorkingDays', { n: n.ageWorkingDays })}
                          </span>
                        )}
                      </TableCell>
                    )}
                    <TableCell className={table.cell} data-label={cols.note}>
                      {(decided ? n.decisionComment : n.reason) ?? ''}
                      {n.approverChanges && <div className={act.history}>{n.approverChanges}</div>}
                    </TableCell>
                    {onAct && (
                      <TableCell className={table.cell} data-label={cols.actions}>
                        <div className={act.buttons}>
                          {n.canDecide && (
                            <Button size="small" appearance="primary" aria-label={t('decideNomination', { name: n.nominee.name })} onClick={() => onAct({ kind: 'decide', nomination: n })}>
                              {t('decide')}
                            </Button>
                          )}
                          {n.canWithdraw && (
                            <Button size="small" aria-label={t('withdrawNomination', { name: n.nominee.name })} onClick={() => onAct({ kind: 'withdraw', nomination: n })}>
                              {t('withdraw')}
                            </Button>
                          )}
                          {n.canReassign && (
                            <Button size="small" appearance="subtle" onClick={() => onAct({ kind: 'reassign', nomination: n })}>
                              {t('reassignApprover')}
                            </Button>
                          )}
                        </div>
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

/** 判断する (comment, 承認 / 却下), 取り下げる (a confirmation) or 承認者を変更 (the new approver's UPN), sent to the server. */
function ActDialog({ acting, onClose, onDone }: { acting: Acting; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const { api } = useApiClient();
  const [comment, setComment] = useState('');
  const [upn, setUpn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const n = acting.nomination;
  const send = (path: string, body: unknown, message: (answer: NominationView) => string): void => {
    setBusy(true);
    setError(undefined);
    api.post<NominationView>(`/api/nominations/${encodeURIComponent(n.id ?? '')}/${path}`, body).then(
      (answer) => onDone(message(answer)),
      (err: unknown) => {
        setBusy(false);
        setError(asFailure(err));
      },
    );
  };
  const title = acting.kind === 'decide' ? t('decideNomination', { name: n.nominee.name }) : acting.kind === 'withdraw' ? t('withdrawConfirm', { name: n.nominee.name }) : t('reassignTitle', { name: n.nominee.name });
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            {acting.kind === 'decide' && (
              <Field label={t('commentInput')}>
                <Textarea value={comment} maxLength={1000} onChange={(_e, d) => setComment(d.value)} />
              </Field>
            )}
            {acting.kind === 'reassign' && (
              <Field label={t('newApprover')} required>
                <Input value={upn} onChange={(_e, d) => setUpn(d.value)} />
              </Field>
            )}
            {error && <ErrorBar error={error} />}
          </DialogContent>
          <DialogActions>
            {busy && <Spinner size="tiny" />}
            {acting.kind === 'decide' && (
              <>
                <Button appearance="primary" disabled={busy} onClick={() => send('decision', { decision: 'approve', comment }, () => t('nominationDecided', { decision: t('approve') }))}>
                  {t('approve')}
                </Button>
                <Button disabled={busy} onClick={() => send('decision', { decision: 'reject', comment }, () => t('nominationDecided', { decision: t('reject') }))}>
                  {t('reject')}
                </Button>
              </>
            )}
            {acting.kind === 'withdraw' && (
              <Button appearance="primary" disabled={busy} onClick={() => send('withdraw', {}, () => t('statusWithdrawn'))}>
                {t('withdraw')}
              </Button>
            )}
            {acting.kind === 'reassign' && (
              <Button appearance="primary" disabled={busy || upn.trim() === ''} onClick={() => send('approver', { approverUpn: upn.trim() }, (a) => t('approverChanged', { name: a.approver.name }))}>
                {t('reassignApprover')}
              </Button>
            )}
            <Button onClick={onClose}>{t('cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
