import type { JobSchedule, JobStatus } from '../../api/types';
import type { I18n, StringKey } from '../../i18n';

/** The jobs the server schedules (src/server/bot-host.ts), by name: a Japanese name and what it does. */
const JOBS = new Map<string, { name: StringKey; hint: StringKey }>([
  ['reminders-plan', { name: 'jobRemindersPlan', hint: 'jobRemindersPlanHint' }],
  ['reminders-requeue', { name: 'jobRemindersRequeue', hint: 'jobRemindersRequeueHint' }],
  ['channel-digest', { name: 'jobChannelDigest', hint: 'jobChannelDigestHint' }],
  ['nominations-reconcile', { name: 'jobNominationsReconcile', hint: 'jobNominationsReconcileHint' }],
  ['nominations-remind', { name: 'jobNominationsRemind', hint: 'jobNominationsRemindHint' }],
]);

/** Why a run did nothing (the `skipped` of its summary). */
const SKIPPED = new Map<unknown, StringKey>([
  ['closedDay', 'sumClosedDay'],
  ['outsideSendWindow', 'sumOutsideSendWindow'],
  ['notSynced', 'sumNotSynced'],
  ['notDue', 'sumNotDue'],
  ['stale', 'sumStale'],
  ['off', 'sumOff'],
]);

/** A job's name for people, and what it does; a name the tab does not know shows as it is. */
export function jobLabel(name: string, i18n: I18n): { name: string; hint?: string } {
  const known = JOBS.get(name);
  return known ? { name: i18n.t(known.name), hint: i18n.t(known.hint) } : { name };
}

/** 毎日 / 5 分ごと. */
export function scheduleText(schedule: JobSchedule, i18n: I18n): string {
  return schedule.kind === 'daily' ? i18n.t('opsDaily') : i18n.t('opsEvery', { minutes: schedule.minutes });
}

export type JobResult = { key: StringKey; color: 'brand' | 'danger' | 'informative' | 'success'; note?: string };

/**
 * 実行中 while a run goes on; else the last run's outcome: 失敗 (with its error), 待機 (it ended
 * well but did not do the period's work, e.g. outside the send window, so it runs again), 完了.
 */
export function jobResult(job: JobStatus, i18n: I18n): JobResult | undefined {
  if (job.running) return { key: 'opsRunning', color: 'brand' };
  const last = job.last;
  if (!last) return undefined;
  if (!last.ok) return { key: 'failed', color: 'danger', note: last.error };
  if (!last.done) {
    const reason = skippedText(last.summary?.skipped, i18n);
    return { key: 'opsWaiting', color: 'informative', note: reason ? i18n.t('opsWaitingWhy', { reason }) : i18n.t('opsWaitingLater') };
  }
  return { key: 'opsDone', color: 'success' };
}

/** What a run's summary says, in words for the known jobs; other summaries as key=value pairs. */
export function summaryText(name: string, summary: Record<string, unknown> | undefined, i18n: I18n): string {
  if (!summary) return '';
  const { t, number } = i18n;
  const n = (key: string): number | undefined => (typeof summary[key] === 'number' ? (summary[key] as number) : undefined);
  const skipped = summary.skipped;
  switch (name) {
    case 'reminders-plan': {
      if (skipped !== undefined) return skippedText(skipped, i18n) ?? pairs(summary);
      const planned = n('planned');
      const queued = n('queued');
      if (planned !== undefined && queued !== undefined) return t('sumPlanned', { planned: number(planned), queued: number(queued) });
      break;
    }
    case 'reminders-requeue': {
      const requeued = n('requeued');
      if (requeued !== undefined) return t('sumRequeued', { requeued: number(requeued) });
      break;
    }
    case 'channel-digest': {
      if (skipped !== undefined) return skippedText(skipped, i18n) ?? pairs(summary);
      const [sent, failed, alreadySent] = [n('sent'), n('failed'), n('alreadySent')];
      if (sent !== undefined && failed !== undefined && alreadySent !== undefined) {
        return t('sumDigest', { sent: number(sent), failed: number(failed), alreadySent: number(alreadySent) });
      }
      break;
    }
    case 'nominations-reconcile': {
      const added = n('added');
      if (added !== undefined) return t('sumAdded', { added: number(added) });
      break;
    }
    case 'nominations-remind': {
      if (skipped !== undefined) return skippedText(skipped, i18n) ?? pairs(summary);
      const reminded = n('reminded');
      if (reminded !== undefined) return t('sumReminded', { reminded: number(reminded) });
      break;
    }
  }
  return pairs(summary);
}

function skippedText(skipped: unknown, i18n: I18n): string | undefined {
  const key = SKIPPED.get(skipped);
  return key ? i18n.t(key) : undefined;
}

/** A summary the tab has no words for: planned=3, skipped=notDue. */
function pairs(summary: Record<string, unknown>): string {
  return Object.entries(summary)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}
