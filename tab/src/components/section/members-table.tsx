import {
  Badge,
  Button,
  Field,
  Link,
  SearchBox,
  Select,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Toast,
  ToastBody,
  ToastTitle,
  ToastTrigger,
  Toaster,
  makeStyles,
  mergeClasses,
  tokens,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { PersonAdd20Regular, Send20Regular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { NETWORK, seg, withQuery, type ApiFailure } from '../../api/client';
import type { MemberRow, MembersPage, MembersQuery, ReminderSent, Unit } from '../../api/types';
import { asFailure, useApiClient, usePagedList, type PagedList } from '../../api/use-api';
import { useI18n, type I18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

export type MemberSort = MembersQuery['sort'];
export const SORTS: MemberSort[] = ['name', 'pending', 'overdue', 'step'];
const SORT_KEY = { name: 'sortReading', pending: 'sortPending', overdue: 'sortOverdue', step: 'sortStep' } as const;

export interface MembersTableProps {
  unit: Unit;
  onOpenPerson: (member: MemberRow) => void;
  onNominate: (member: MemberRow) => void;
  /** Rows per page (the server's default is 50). */
  pageSize?: number;
}

export interface MembersTableState extends Omit<PagedList<MemberRow, MembersPage>, 'first'> {
  i18n: I18n;
  query: string;
  setQuery: (q: string) => void;
  sort: MemberSort;
  setSort: (s: MemberSort) => void;
  pendingOnly: boolean;
  setPendingOnly: (v: boolean) => void;
  onOpenPerson: (m: MemberRow) => void;
  onNominate: (m: MemberRow) => void;
  /** The members a reminder is being sent to (their buttons wait with a spinner). */
  reminding: ReadonlySet<string>;
  remind: (m: MemberRow) => void;
  /** Where the outcome of a reminder shows (a toast: the row may be far down the page). */
  toasterId: string;
  /** Of the people listed, those without a reading (フリガナ): after everyone else, and the list says so. */
  withoutReading: number;
}

/**
 * A section's members, sorted, filtered and paged by the server
 * (GET /api/sections/:department/:section/members?sort=&q=&pendingOnly=&cursor=&limit=).
 */
export function useMembersTableState(props: MembersTableProps): MembersTableState {
  const { api } = useApiClient();
  const i18n = useI18n();
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<MemberSort>('name');
  const [pendingOnly, setPendingOnly] = useState(false);
  const [reminding, setReminding] = useState<ReadonlySet<string>>(new Set());
  const toasterId = useId('remind-toaster');
  const { dispatchToast } = useToastController(toasterId);
  const limit = props.pageSize ?? 50;

  // Typing filters after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);

  const pathFor = useCallback(
    (cursor?: string) =>
      withQuery(`/api/sections/${seg(props.unit.department)}/${seg(props.unit.section)}/members`, { sort, q, pendingOnly, cursor, limit }),
    [props.unit.department, props.unit.section, sort, q, pendingOnly, limit],
  );

  const { first, ...paged } = usePagedList<MemberRow, MembersPage>(pathFor);

  // POST /api/people/:upn/remind: the server checks who may send and whether anything is due;
  // a refusal (already today, muted, nothing pending, app not added) comes back as its message.
  const remind = useCallback(
    (m: MemberRow) => {
      setReminding((s) => new Set(s).add(m.upn));
      api
        .post<ReminderSent>(`/api/people/${seg(m.upn)}/remind`)
        .then(
          (sent) => dispatchToast(remindToast(i18n, m, { sent }), { intent: 'success', pauseOnHover: true }),
          (err: unknown) => {
            const failure = asFailure(err);
            // 409 is the server saying "not now" for a reason the caller can act on; anything else failed.
            dispatchToast(remindToast(i18n, m, { failure }), { intent: failure.status === 409 ? 'warning' : 'error', timeout: 10_000, pauseOnHover: true });
          },
        )
        .finally(() =>
          setReminding((s) => {
            const next = new Set(s);
            next.delete(m.upn);
            return next;
          }),
        );
    },
    [api, dispatchToast, i18n],
  );

  return {
    ...paged,
    i18n,
    query,
    setQuery,
    sort,
    setSort,
    pendingOnly,
    setPendingOnly,
    onOpenPerson: props.onOpenPerson,
    onNominate: props.onNominate,
    reminding,
    remind,
    toasterId,
    withoutReading: first?.withoutReading ?? 0,
  };
}

/** The outcome of a reminder: how many items went, or the server's reason it did not. */
function remindToast({ t, dateTime }: I18n, m: MemberRow, outcome: { sent: ReminderSent } | { failure: ApiFailure }) {
  if ('sent' in outcome) {
    const { sent } = outcome;
    return (
      <Toast>
        <ToastTitle>{sent.scheduled ? t('remindScheduled', { name: m.name, items: sent.items, at: dateTime(sent.sendAt) }) : t('remindSent', { name: m.name, items: sent.items })}</ToastTitle>
      </Toast>
    );
  }
  const { failure } = outcome;
  return (
    <Toast>
      <ToastTitle
        action={
          <ToastTrigger>
            <Link>{t('close')}</Link>
          </ToastTrigger>
        }
      >
        {t('remindFailed', { name: m.name })}
      </ToastTitle>
      <ToastBody>{failure.code === NETWORK ? t('networkError') : failure.message}</ToastBody>
    </Toast>
  );
}

export const useMembersTableStyles = makeStyles({
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  roles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  footer: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground3 },
  nameCell: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start' },
  reading: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  // Column widths (the table lays out fixed): room for the roles, little for the numbers.
  colName: { width: '9em' },
  colGrade: { width: '7em' },
  colNumber: { width: '5.5em' },
  // The numbers are right-aligned; so are their column names, or each sits a column's width from its figures.
  numberHeader: { justifyContent: 'flex-end' },
  colDue: { width: '7.5em' },
  // 「推薦する」 and 「リマインドを送る」 side by side.
  colActions: { width: '19em' },
});

export function renderMembersTable(
  state: MembersTableState,
  styles: ReturnType<typeof useMembersTableStyles>,
  table: ReturnType<typeof useResponsiveTableStyles>,
  view: ReturnType<typeof useViewStyles>,
) {
  const { t, label, date } = state.i18n;
  const cols = { name: t('name'), grade: t('grade'), roles: t('rolesAndSteps'), pending: t('pending'), overdue: t('overdue'), due: t('nextDue'), actions: t('actions') };
  const ariaSort = (s: MemberSort): 'ascending' | 'descending' | undefined =>
    state.sort === s ? (s === 'name' || s === 'step' ? 'ascending' : 'descending') : undefined;
  return (
    <div className={view.section}>
      <Toaster toasterId={state.toasterId} position="bottom-end" />
      <div className={view.toolbar}>
        <Field label={t('filterMembers')} className={view.field}>
          <SearchBox value={state.query} onChange={(_e, d) => state.setQuery(d.value)} />
        </Field>
        <Field label={t('sortBy')}>
          <Select value={state.sort} onChange={(_e, d) => state.setSort(d.value as MemberSort)}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(SORT_KEY[s])}
              </option>
            ))}
          </Select>
        </Field>
        <Switch label={t('pendingOnly')} checked={state.pendingOnly} onChange={(_e, d) => state.setPendingOnly(d.checked)} />
      </div>
      {state.error && <ErrorBar error={state.error} onRetry={state.retry} />}
      {state.withoutReading > 0 && <p className={styles.muted}>{t('withoutReadingNote', { n: state.withoutReading })}</p>}
      <div className={view.scroll}>
        <Table className={table.table} aria-label={t('members')} size="small">
          <TableHeader className={table.header}>
            <TableRow>
              <TableHeaderCell className={styles.colName} aria-sort={ariaSort('name')}>
                {cols.name}
              </TableHeaderCell>
              <TableHeaderCell className={styles.colGrade}>{cols.grade}</TableHeaderCell>
              <TableHeaderCell aria-sort={ariaSort('step')}>{cols.roles}</TableHeaderCell>
              <TableHeaderCell className={styles.colNumber} button={{ className: styles.numberHeader }} aria-sort={ariaSort('pending')}>
                {cols.pending}
              </TableHeaderCell>
              <TableHeaderCell className={styles.colNumber} button={{ className: styles.numberHeader }} aria-sort={ariaSort('overdue')}>
                {cols.overdue}
              </TableHeaderCell>
              <TableHeaderCell className={styles.colDue}>{cols.due}</TableHeaderCell>
              <TableHeaderCell className={styles.colActions}>{cols.actions}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody className={table.body}>
            {state.items.map((m) => (
              <TableRow key={m.upn} className={table.row}>
                <TableCell className={table.cell} data-label={cols.name}>
                  <span className={styles.nameCell}>
                    <Link as="button" onClick={() => state.onOpenPerson(m)} aria-label={t('showProgress', { name: m.name })}>
                      {m.name}
                    </Link>
                    <span className={styles.reading} lang="ja">
                      {m.kana ?? t('noReading')}
                    </span>
                  </span>
                </TableCell>
                <TableCell className={table.cell} data-label={cols.grade}>
                  {m.grade}
                </TableCell>
                <TableCell className={table.cell} data-label={cols.roles}>
                  <span className={styles.roles}>
                    {m.roles.map((r) => (
                      <span key={r.role}>
                        {label(r.label)}:{' '}
                        {r.stepLabel
                          ? t('stepProgress', { step: label(r.stepLabel), reached: r.stepsReached, total: r.stepsTotal })
                          : r.stepsTotal > 0
                            ? t('stepProgress', { step: t('noStepYet'), reached: 0, total: r.stepsTotal })
                            : t('notSet')}
                      </span>
                    ))}
                  </span>
                </TableCell>
                <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={cols.pending}>
                  {m.pending}
                </TableCell>
                <TableCell className={mergeClasses(table.cell, table.numeric, m.overdue > 0 && styles.overdue)} data-label={cols.overdue}>
                  {m.overdue > 0 ? (
                    <Badge color="danger" aria-label={`${t('overdue')} ${m.overdue}`}>
                      {m.overdue}
                    </Badge>
                  ) : (
                    0
                  )}
                </TableCell>
                <TableCell className={table.cell} data-label={cols.due}>
                  {date(m.nextDue) || t('notSet')}
                </TableCell>
                <TableCell className={table.cell} data-label={cols.actions}>
                  <span className={styles.actions}>
                    <Button size="small" icon={<PersonAdd20Regular />} onClick={() => state.onNominate(m)} aria-label={t('nominateWho', { name: m.name })}>
                      {t('nominate')}
                    </Button>
                    <Button
                      size="small"
                      icon={state.reminding.has(m.upn) ? <Spinner size="extra-tiny" /> : <Send20Regular />}
                      // Focusable while it waits, so the keyboard stays on the row it pressed.
                      disabledFocusable={state.reminding.has(m.upn)}
                      onClick={() => state.remind(m)}
                      aria-label={t('remindWho', { name: m.name })}
                    >
                      {t('remind')}
                    </Button>
                  </span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {!state.loading && !state.error && state.items.length === 0 && <p>{t('noMembers')}</p>}
      <div className={styles.footer}>
        {state.items.length > 0 && (
          <span className={styles.muted} role="status">
            {t('shownOf', { shown: state.items.length, total: state.total })}
          </span>
        )}
        {state.loading && <Spinner size="tiny" label={t('loading')} />}
        {state.hasMore && !state.loading && (
          <Button onClick={state.loadMore}>{t('showMore')}</Button>
        )}
      </div>
    </div>
  );
}

export function MembersTable(props: MembersTableProps) {
  return renderMembersTable(useMembersTableState(props), useMembersTableStyles(), useResponsiveTableStyles(), useViewStyles());
}
