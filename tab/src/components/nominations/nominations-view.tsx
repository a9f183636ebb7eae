import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import { PersonAdd20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { MeView, NominationStatus, NominationView } from '../../api/types';
import { useApi, type Loaded } from '../../api/use-api';
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

/** 推薦: pending and decided nominations the caller may see, and 「推薦する」. */
export function NominationsView({ me }: { me: MeView }) {
  const { t } = useI18n();
  const styles = useViewStyles();
  const pending = useApi<NominationView[]>('/api/nominations?status=pending');
  const decided = useApi<NominationView[]>('/api/nominations?status=decided');
  const [open, setOpen] = useState(false);
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
      <NominationList title={t('nominationsPending')} id="nominations-pending" loaded={pending} decided={false} />
      <NominationList title={t('nominationsDecided')} id="nominations-decided" loaded={decided} decided />
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
  note: {},
});

function NominationList({ title, id, loaded, decided }: { title: string; id: string; loaded: Loaded<NominationView[]>; decided: boolean }) {
  const { t, label, date } = useI18n();
  const styles = useViewStyles();
  const table = useResponsiveTableStyles();
  const widths = useColumnStyles();
  const cols = {
    nominee: t('nominee'),
    role: t('role'),
    section: t('section'),
    by: t('nominatedBy'),
    approver: t('approver'),
    status: t('status'),
    at: decided ? t('decidedAt') : t('requestedOn'),
    note: decided ? t('decisionComment') : t('reason'),
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
                  <TableHeaderCell key={c} className={widths[c]}>
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
                    <TableCell className={table.cell} data-label={cols.note}>
                      {(decided ? n.decisionComment : n.reason) ?? ''}
                    </TableCell>
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
