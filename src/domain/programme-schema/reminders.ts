/** When reminders and the weekly digest are sent. */
import { isLocalDate } from '../local-date';
import type { DigestSchedule, ReminderPolicy } from '../programme';
import type { ReadContext } from './read-context';

/** Reads `reminders`; each field the file leaves out keeps its default. */
export function readReminders(ctx: ReadContext, value: unknown): ReminderPolicy {
  const defaults: ReminderPolicy = {
    leadDays: [14, 3],
    overdueEveryDays: 7,
    minIntervalDays: 3,
    undatedEveryDays: 28,
    sendFrom: '09:30',
    sendUntil: '17:00',
    closedDays: [],
    dueOnClosedDay: 'previousWorkingDay',
  };
  if (value === undefined) return defaults;
  const path = ['reminders'];
  const o = ctx.object(value, path);
  if (!o) return defaults;
  ctx.fields(o, path, ['leadDays', 'overdueEveryDays', 'minIntervalDays', 'undatedEveryDays', 'sendFrom', 'sendUntil', 'closedDays', 'dueOnClosedDay']);
  let leadDays = defaults.leadDays;
  if (o.leadDays !== undefined) {
    if (!Array.isArray(o.leadDays)) ctx.typeError([...path, 'leadDays'], 'a list of days', o.leadDays);
    else {
      leadDays = [];
      o.leadDays.forEach((d, i) => {
        if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) ctx.typeError([...path, 'leadDays', i], 'a whole number of days ≥ 0', d);
        else leadDays.push(d);
      });
      leadDays.sort((a, b) => b - a);
    }
  }
  const sendFrom = ctx.time(o, 'sendFrom', path) ?? defaults.sendFrom;
  const sendUntil = ctx.time(o, 'sendUntil', path) ?? defaults.sendUntil;
  if (sendFrom >= sendUntil) ctx.error([...path, 'sendUntil'], `must be later than sendFrom (${sendFrom})`);
  const closedDays = ctx.strings(o, 'closedDays', path).filter((d, i) => {
    if (isLocalDate(d)) return true;
    ctx.error([...path, 'closedDays', i], `expected a date like 2026-08-14, got "${d}"`);
    return false;
  });
  return {
    leadDays,
    overdueEveryDays:
      o.overdueEveryDays === undefined ? defaults.overdueEveryDays : (ctx.number(o, 'overdueEveryDays', path, { integer: true, min: 1 }) ?? 7),
    minIntervalDays:
      o.minIntervalDays === undefined ? defaults.minIntervalDays : (ctx.number(o, 'minIntervalDays', path, { integer: true, min: 0 }) ?? 3),
    undatedEveryDays:
      o.undatedEveryDays === undefined ? defaults.undatedEveryDays : (ctx.number(o, 'undatedEveryDays', path, { integer: true, min: 0 }) ?? 28),
    sendFrom,
    sendUntil,
    closedDays,
    dueOnClosedDay: ctx.oneOf(o, 'dueOnClosedDay', path, ['previousWorkingDay', 'nextWorkingDay', 'asWritten'] as const, { required: false }) ?? defaults.dueOnClosedDay,
  };
}

/** Reads `digest`: the weekday (Monday to Friday) and time of the weekly summary. */
export function readDigest(ctx: ReadContext, value: unknown): DigestSchedule {
  const defaults: DigestSchedule = { weekday: 1, time: '09:00' };
  if (value === undefined) return defaults;
  const path = ['digest'];
  const o = ctx.object(value, path);
  if (!o) return defaults;
  ctx.fields(o, path, ['weekday', 'time']);
  const weekday = o.weekday === undefined ? 1 : (ctx.number(o, 'weekday', path, { integer: true, min: 1, max: 5 }) ?? 1);
  return { weekday, time: ctx.time(o, 'time', path) ?? defaults.time };
}
