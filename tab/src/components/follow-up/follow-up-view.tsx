import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  Select,
  Spinner,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, Send20Regular } from '@fluentui/react-icons';
import { useEffect, useState, type ReactNode } from 'react';
import { withQuery, type ApiFailure } from '../../api/client';
import type { NotStartedRow, OfficeListId, OfficeListView, OfficeRemindResult, PersonRef, SectionSummary, TransferRow, WaitingReportRow } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n, type I18n, type StringKey } from '../../i18n';
import { useDownload } from '../download';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

const LISTS: Array<{ id: OfficeListId; key: StringKey }> = [
  { id: 'not-started', key: 'listNotStarted' },
  { id: 'transfers', key: 'listTransfers' },
  { id: 'waiting-reports', key: 'listWaitingReports' },
];

const NOT_SENT: Record<OfficeRemindResult['notSent'][number]['code'], StringKey> = {
  NOT_INSTALLED: 'remindNotInstalled',
  ALREADY_TODAY: 'remindAlready',
  MUTED: 'remindMuted',
  NOTHING_PENDING: 'remindNothing',
  NOT_FOUND: 'remindNotFound',
};

const REPLACEMENT: Record<TransferRow['replacement'], { key: StringKey; color: 'danger' | 'warning' | 'success' }> = {
  none: { key: 'replacementNone', color: 'danger' },
  nominated: { key: 'replacementNominated', color: 'warning' },
  successor: { key: 'replacementSuccessor', color: 'success' },
};

const useStyles = makeStyles({
  reading: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  hint: { margin: 0, color: tokens.colorNeutralForeground3 },
  days: { width: '6em' },
});

/**
 * フォローアップ (programme office): the everyday lists — who has not started anything this 年度,
 * leaders due to transfer and their section's successor, reports waiting for confirmation — each
 * filtered by 部, 課 and a name or reading, downloaded as CSV, and reminded in one click (the server
 * works the list out again from the filter and says what happened to each person).
 */
export function FollowUpView() {
  const i18n = useI18n();
  const { t } = i18n;
  const view = useViewStyles();
  const styles = useStyles();
  const { api } = useApiClient();
  const [list, setList] = useState<OfficeListId>('not-started');
  const [department, setDepartment] = useState('');
  const [section, setSection] = useState('');
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [days, setDays] = useState('5');
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<OfficeRemindResult | undefined>();
  const [sendError, setSendError] = useState<ApiFailure | undefined>();
  const download = useDownload();
  const sections = useApi<SectionSummary[]>('/api/sections');

  // Typing filters after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);

  const filter = { department: department || undefined, section: section || undefined, q: q || undefined, days: list === 'waiting-reports' ? days : undefined };
  const data = useApi<OfficeListView>(withQuery(`/api/office-lists/${list}`, filter));
  const departments = [...new Set((sections.data ?? []).map((s) => s.department))];
  const sectionsOf = (sections.data ?? []).filter((s) => !department || s.department === department);

  const remind = (): void => {
    setSending(true);
    setSent(undefined);
    setSendError(undefined);
    api.post<OfficeRemindResult>(`/api/office-lists/${list}/remind`, filter).then(
      (r) => {
        setSent(r);
        setSending(false);
      },
      (err: unknown) => {
        setSendError(asFailure(err));
        setSending(false);
      },
    );
  };
  const choose = (id: OfficeListId): void => {
    setList(id);
    setSent(undefined);
    setSendError(undefined);
  };

  const v = data.data;
  return (
    <div className={view.view}>
      <TabList selectedValue={list} onTabSelect={(_e, d) => choose(d.value as OfficeListId)} aria-label={t('tabFollowUp')}>
        {LISTS.map((l) => (
          <Tab key={l.id} value={l.id}>
            {t(l.key)}
          </Tab>
        ))}
      </TabList>
      {v && <p className={styles.hint}>{hintOf(v, i18n)}</p>}
      <div className={view.toolbar}>
        <Field label={t('department')}>
          <Select
            value={department}
            onChange={(_e, d) => {
              setDepartment(d.value);
              setSection('');
            }}
          >
            <option value="">{t('allDepartments')}</option>
            {departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('sectionName')}>
          <Select value={section} onChange={(_e, d) => setSection(d.value)}>
            <option value="">{t('allSections')}</option>
            {sectionsOf.map((s) => (
              <option key={`${s.department}/${s.section}`} value={s.section}>
                {s.section}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('filterPeople')} className={view.field}>
          <SearchBox value={query} onChange={(_e, d) => setQuery(d.value)} />
        </Field>
        {list === 'waiting-reports' && (
          <Field label={t('waitingDaysAtLeast')}>
            <Input className={styles.days} type="number" min={0} max={365} value={days} onChange={(_e, d) => setDays(d.value)} />
          </Field>
        )}
        <Button icon={<ArrowDownload20Regular />} disabled={download.busy || !v} onClick={() => download.start(withQuery(`/api/office-lists/${list}/rows.csv`, filter), `skillsteps-${list}.csv`)}>
          {t('downloadCsv')}
        </Button>
        <Button appearance="primary" icon={sending ? <Spinner size="extra-tiny" /> : <Send20Regular />} disabled={sending || !v || v.recipients === 0} onClick={remind}>
          {t('remindListed', { n: v?.recipients ?? 0 })}
        </Button>
        {(data.loading || download.busy) && <Spinner size="tiny" />}
      </div>
      {data.error && <ErrorBar error={data.error} onRetry={data.reload} />}
      {download.error && <ErrorBar error={download.error} />}
      {sendError && <ErrorBar error={sendError} />}
      {sent && <RemindOutcome result={sent} />}
      {v && (v.rows.length === 0 ? <p>{t('noRows')}</p> : <ListTable view={v} />)}
    </div>
  );
}

/** What the list is, in a sentence: the year, the transfer window, the days a report has waited. */
function hintOf(v: OfficeListView, { t, label, fiscalYear, date, number }: I18n): string {
  if (v.list === 'not-started') return t('listNotStartedHint', { fy: fiscalYear(v.fiscalYear) });
  if (v.list === 'transfers') {
    const w = v.windows ?? [];
    return t('listTransfersHint', { roles: w.map((x) => label(x.label)).join(t('listSeparator')), months: number(w[0]?.months ?? 0), until: date(w[0]?.until) });
  }
  return t('listWaitingReportsHint', { days: number(v.days ?? 0) });
}

/** What one click did: sent, scheduled for the next send window, and who was not reached and why. */
export function RemindOutcome({ result }: { result: OfficeRemindResult }) {
  const { t, number } = useI18n();
  return (
    <MessageBar intent={result.notSent.length === 0 ? 'success' : 'warning'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('remindListedDone', { recipients: number(result.recipients), sent: number(result.sent) })}</MessageBarTitle>
        {result.scheduled > 0 && <div>{t('remindListedScheduled', { n: number(result.scheduled) })}</div>}
        {result.notSent.map((g) => (
          <div key={g.code}>{t('remindNotSent', { reason: t(NOT_SENT[g.code]), n: number(g.count), names: g.names.join(t('listSeparator')) })}</div>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}

function ListTable({ view: v }: { view: OfficeListView }) {
  const i18n = useI18n();
  const { t, label, date, dateTime, number } = i18n;
  const table = useResponsiveTableStyles();
  const view = useViewStyles();
  const styles = useStyles();
  const person = (p: PersonRef): ReactNode => (
    <>
      {p.name}
      <span className={styles.reading}>{p.kana ?? t('noReading')}</span>
    </>
  );
  const columns: Array<{ head: string; cell: (row: never) => ReactNode; numeric?: boolean }> =
    v.list === 'not-started'
      ? [
          { head: t('name'), cell: (r: NotStartedRow) => person(r.person) },
          { head: t('sectionName'), cell: (r: NotStartedRow) => `${r.person.department} ${r.person.section}` },
          { head: t('grade'), cell: (r: NotStartedRow) => r.person.grade ?? t('notSet') },
          { head: t('pending'), cell: (r: NotStartedRow) => number(r.pending), numeric: true },
          { head: t('nextDue'), cell: (r: NotStartedRow) => date(r.nextDue) || t('notSet') },
          { head: t('colLastActivity'), cell: (r: NotStartedRow) => date(r.lastActivity) || t('notSet') },
        ]
      : v.list === 'transfers'
        ? [
            { head: t('name'), cell: (r: TransferRow) => person(r.leader) },
            { head: t('role'), cell: (r: TransferRow) => label(r.role.label) },
            { head: t('sectionName'), cell: (r: TransferRow) => `${r.department} ${r.section}` },
            { head: t('colTransferDate'), cell: (r: TransferRow) => date(r.transferDate) || t('transferDateUnknown') },
            {
              head: t('colReplacement'),
              cell: (r: TransferRow) => (
                <>
                  <Badge appearance="tint" color={REPLACEMENT[r.replacement].color}>
                    {t(REPLACEMENT[r.replacement].key)}
                  </Badge>{' '}
                  {r.replacementName ?? ''}
                </>
              ),
            },
            { head: t('colManager'), cell: (r: TransferRow) => r.manager?.name ?? t('notSet') },
          ]
        : [
            { head: t('name'), cell: (r: WaitingReportRow) => person(r.reporter) },
            { head: t('sectionName'), cell: (r: WaitingReportRow) => `${r.reporter.department} ${r.reporter.section}` },
            { head: t('colReportItem'), cell: (r: WaitingReportRow) => `${label(r.kind)}: ${label(r.item)}（${date(r.date)}）` },
            { head: t('colSubmittedAt'), cell: (r: WaitingReportRow) => dateTime(r.submittedAt) },
            { head: t('colWaitingDays'), cell: (r: WaitingReportRow) => number(r.waitingDays), numeric: true },
            { head: t('colConfirmer'), cell: (r: WaitingReportRow) => r.confirmer?.name ?? t('notSet') },
          ];
  const key = (r: OfficeListView['rows'][number]): string => ('person' in r ? r.person.upn : 'leader' in r ? `${r.leader.upn}/${r.role.id}` : r.id);
  const caption = t(LISTS.find((l) => l.id === v.list)!.key);
  return (
    <div className={view.section}>
      <span className={view.muted} role="status">
        {t('shownOf', { shown: number(v.rows.length), total: number(v.total) })}
      </span>
      <div className={view.scroll}>
        <Table className={table.table} aria-label={caption} size="small">
          <TableHeader className={table.header}>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell key={c.head}>{c.head}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody className={table.body}>
            {v.rows.map((r) => (
              <TableRow key={key(r)} className={table.row}>
                {columns.map((c) => (
                  <TableCell key={c.head} className={mergeClasses(table.cell, c.numeric && table.numeric)} data-label={c.head}>
                    {c.cell(r as never)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
