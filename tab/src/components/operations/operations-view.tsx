import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
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
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import type { ApiFailure } from '../../api/client';
import type { DigestEntry, JobsView } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useI18n, type I18n, type StringKey } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';
import { jobLabel, jobResult, scheduleText, summaryText } from './job-text';

export interface OperationsState {
  i18n: I18n;
  jobs?: JobsView;
  loading: boolean;
  /** The server runs without the bot and its state storage (503 BOT.NOT_CONFIGURED): the server's message. */
  notConfigured?: string;
  error?: ApiFailure;
  reload: () => void;
}

/** The scheduled jobs' status (GET /api/jobs, programme office only), read again on 「再読み込み」. */
export function useOperationsState(): OperationsState {
  const i18n = useI18n();
  const jobs = useApi<JobsView>('/api/jobs');
  // A server without the bot is a setup, not a failure: it is told apart from errors.
  const notConfigured = jobs.error?.status === 503 && jobs.error.code === 'BOT.NOT_CONFIGURED' ? jobs.error.message : undefined;
  return {
    i18n,
    jobs: jobs.data,
    loading: jobs.loading,
    notConfigured,
    error: notConfigured === undefined ? jobs.error : undefined,
    reload: jobs.reload,
  };
}

export const useOperationsStyles = makeStyles({
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  jobName: { fontWeight: tokens.fontWeightSemibold },
  hint: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  result: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: tokens.spacingHorizontalXS, rowGap: tokens.spacingVerticalXXS },
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, margin: 0 },
  count: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: '5.5em',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  countLabel: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  countValue: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  // Column widths (the table lays out fixed): the job's description and the run's details get the room.
  colJob: { width: '16em' },
  colSchedule: { width: '6.5em' },
  colLast: { width: '8.5em' },
  colResult: { width: '12em' },
  colLastDone: { width: '8.5em' },
  colDepartment: { width: '10em' },
});

type Styles = ReturnType<typeof useOperationsStyles>;
type TableStyles = ReturnType<typeof useResponsiveTableStyles>;
type ViewStyles = ReturnType<typeof useViewStyles>;

const REMINDER_STATES = [
  ['planned', 'remindersPlanned'],
  ['sending', 'sending'],
  ['sent', 'remindersSent'],
  ['failed', 'failed'],
] as const satisfies ReadonlyArray<readonly [keyof Omit<JobsView['remindersToday'], 'day'>, StringKey]>;

export function renderOperations(state: OperationsState, styles: Styles, table: TableStyles, view: ViewStyles) {
  const { t, dateTime } = state.i18n;
  const data = state.jobs;
  return (
    <div className={view.view}>
      {!state.error && (
        <div className={styles.header}>
          <Button icon={<ArrowClockwise20Regular />} onClick={state.reload} disabled={state.loading}>
            {t('reload')}
          </Button>
          {data && <span className={view.muted}>{t('opsAsOf', { at: dateTime(data.now) })}</span>}
          {state.loading && <Spinner size="tiny" label={t('loading')} />}
        </div>
      )}
      {state.error && <ErrorBar error={state.error} onRetry={state.reload} />}
      {state.notConfigured !== undefined && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('opsNotConfigured')}</MessageBarTitle>
            {state.notConfigured}
          </MessageBarBody>
        </MessageBar>
      )}
      {data && (
        <>
          {renderScheduler(state.i18n, data.scheduler)}
          {renderJobs(state.i18n, data.scheduler.jobs, styles, table, view)}
          {renderReminders(state.i18n, data, styles, view)}
          {renderDigests(state.i18n, data.digests, styles, table, view)}
        </>
      )}
    </div>
  );
}

/** Whether an instance is running the jobs (it ticks every 30 s; alive means within two minutes). */
function renderScheduler({ t, dateTime }: I18n, scheduler: JobsView['scheduler']) {
  const holder = scheduler.holder;
  if (scheduler.alive) {
    return (
      <MessageBar intent="success">
        <MessageBarBody>{t('opsAlive', { instanceId: holder?.instanceId ?? scheduler.instanceId, at: holder ? dateTime(holder.at) : t('notSet') })}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('opsStopped')}</MessageBarTitle>
        {holder ? t('opsStoppedSince', { at: dateTime(holder.at), instanceId: holder.instanceId }) : t('opsNeverRan')}
        {t('opsCheckLogs')}
      </MessageBarBody>
    </MessageBar>
  );
}

function renderJobs(i18n: I18n, jobs: JobsView['scheduler']['jobs'], styles: Styles, table: TableStyles, view: ViewStyles) {
  const { t, dateTime } = i18n;
  const cols = { job: t('opsJob'), schedule: t('opsSchedule'), last: t('opsLastRun'), result: t('opsResult'), summary: t('opsSummary'), lastDone: t('opsLastDone') };
  return (
    <section className={view.section} aria-labelledby="ops-jobs">
      <h2 className={view.subheading} id="ops-jobs">
        {t('opsJobs')}
      </h2>
      <div className={view.scroll}>
        <Table className={table.table} aria-labelledby="ops-jobs" size="small">
          <TableHeader className={table.header}>
            <TableRow>
              <TableHeaderCell className={styles.colJob}>{cols.job}</TableHeaderCell>
              <TableHeaderCell className={styles.colSchedule}>{cols.schedule}</TableHeaderCell>
              <TableHeaderCell className={styles.colLast}>{cols.last}</TableHeaderCell>
              <TableHeaderCell className={styles.colResult}>{cols.result}</TableHeaderCell>
              <TableHeaderCell>{cols.summary}</TableHeaderCell>
              <TableHeaderCell className={styles.colLastDone}>{cols.lastDone}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody className={table.body}>
            {jobs.map((job) => {
              const name = jobLabel(job.name, i18n);
              const result = jobResult(job, i18n);
              return (
                <TableRow key={job.name} className={table.row}>
                  <TableCell className={table.cell} data-label={cols.job}>
                    <div>
                      <span className={styles.jobName}>{name.name}</span>
                      {name.hint && <span className={styles.hint}>{name.hint}</span>}
                    </div>
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.schedule}>
                    {scheduleText(job.schedule, i18n)}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.last}>
                    {job.last ? dateTime(job.last.startedAt) : t('opsNeverRun')}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.result}>
                    {result ? (
                      <span className={styles.result}>
                        <Badge color={result.color} appearance="tint">
                          {t(result.key)}
                        </Badge>
                        {result.note && <span className={result.color === 'danger' ? view.danger : undefined}>{result.note}</span>}
                      </span>
                    ) : (
                      t('notSet')
                    )}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.summary}>
                    {summaryText(job.name, job.last?.summary, i18n) || t('notSet')}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.lastDone}>
                    {job.lastDone?.finishedAt ? dateTime(job.lastDone.finishedAt) : t('notSet')}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

/** Today's reminders by state (the ledger, the same on every instance) and the send queue. */
function renderReminders({ t, date, dateTime, number }: I18n, data: JobsView, styles: Styles, view: ViewStyles) {
  const today = data.remindersToday;
  return (
    <section className={view.section} aria-labelledby="ops-reminders">
      <h2 className={view.subheading} id="ops-reminders">
        {t('opsRemindersToday', { day: date(today.day) })}
      </h2>
      <dl className={styles.counts}>
        {REMINDER_STATES.map(([s, key]) => (
          <div key={s} className={styles.count}>
            <dt className={styles.countLabel}>{t(key)}</dt>
            <dd className={styles.countValue}>{number(today[s])}</dd>
          </div>
        ))}
      </dl>
      <span className={view.muted}>{t('opsQueued', { queued: number(data.queued) })}</span>
      {data.remindersScheduled.count > 0 && data.remindersScheduled.sendAt ? (
        <span className={view.muted}>{t('opsRemindersScheduled', { count: number(data.remindersScheduled.count), at: dateTime(data.remindersScheduled.sendAt) })}</span>
      ) : null}
    </section>
  );
}

/** This week's channel digests, one row per 部 tried. */
function renderDigests(i18n: I18n, digests: JobsView['digests'], styles: Styles, table: TableStyles, view: ViewStyles) {
  const { t, date } = i18n;
  const cols = { department: t('department'), state: t('status') };
  return (
    <section className={view.section} aria-labelledby="ops-digests">
      <h2 className={view.subheading} id="ops-digests">
        {t('opsDigests', { week: date(digests.week) })}
      </h2>
      {digests.entries.length === 0 ? (
        <span className={view.muted}>{t('digestNone')}</span>
      ) : (
        <div className={view.scroll}>
          <Table className={table.table} aria-labelledby="ops-digests" size="small">
            <TableHeader className={table.header}>
              <TableRow>
                <TableHeaderCell className={styles.colDepartment}>{cols.department}</TableHeaderCell>
                <TableHeaderCell>{cols.state}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {digests.entries.map((e) => (
                <TableRow key={e.department} className={table.row}>
                  <TableCell className={table.cell} data-label={cols.department}>
                    {e.department}
                  </TableCell>
                  <TableCell className={mergeClasses(table.cell, e.state === 'failed' && view.danger)} data-label={cols.state}>
                    {digestText(e, i18n)}
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

function digestText(e: DigestEntry, { t, dateTime }: I18n): string {
  switch (e.state) {
    case 'sent':
      return t('digestSent', { at: e.sentAt ? dateTime(e.sentAt) : '' }).trim();
    case 'sending':
      return t('sending');
    case 'failed':
      return t('digestFailed', { error: e.error ?? t('notSet'), attempts: e.attempts });
  }
}

/** 運用状況 (programme office): whether the scheduled jobs run, each job's last run, today's reminders and this week's channel posts. */
export function OperationsView() {
  return renderOperations(useOperationsState(), useOperationsStyles(), useResponsiveTableStyles(), useViewStyles());
}
