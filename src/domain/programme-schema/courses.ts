/** Courses (研修), their due rules, and course groups. */
import { makeDate } from '../local-date';
import type { Course, CourseDue, CourseGroup } from '../programme';
import type { Obj, Path, ReadContext } from './read-context';
import { show } from './suggest';

/** Reads one course (研修): hours, provider, address, due rule, yearly renewal. */
export function readCourse(ctx: ReadContext, o: Obj, path: Path): Course {
  ctx.fields(o, path, ['id', 'label', 'category', 'hours', 'provider', 'url', 'due', 'renewsEveryFiscalYear', 'aliases']);
  return {
    id: ctx.id(o, 'id', path) ?? '',
    label: ctx.label(o, 'label', path) ?? { ja: '' },
    category: ctx.string(o, 'category', path, { required: false }),
    hours: o.hours === undefined ? undefined : ctx.number(o, 'hours', path, { min: 0 }),
    provider: ctx.string(o, 'provider', path, { required: false }),
    url: ctx.url(o, 'url', path),
    due: o.due === undefined ? undefined : readDue(ctx, o.due, [...path, 'due']),
    renewsEveryFiscalYear: ctx.boolean(o, 'renewsEveryFiscalYear', path, false),
    aliases: ctx.strings(o, 'aliases', path),
  };
}

/** Reads a course's due rule: exactly one of date, fiscalMonthDay or monthsAfterRoleStart. */
function readDue(ctx: ReadContext, value: unknown, path: Path): CourseDue | undefined {
  const o = ctx.object(value, path);
  if (!o) return undefined;
  ctx.fields(o, path, ['date', 'fiscalMonthDay', 'monthsAfterRoleStart']);
  const keys = ['date', 'fiscalMonthDay', 'monthsAfterRoleStart'].filter((k) => o[k] !== undefined);
  if (keys.length !== 1) {
    ctx.error(path, 'give exactly one of date, fiscalMonthDay or monthsAfterRoleStart');
    return undefined;
  }
  if (o.date !== undefined) {
    const date = ctx.date(o, 'date', path);
    return date ? { kind: 'date', date } : undefined;
  }
  if (o.fiscalMonthDay !== undefined) {
    const raw = o.fiscalMonthDay;
    const p = [...path, 'fiscalMonthDay'];
    let month: number | undefined;
    let day: number | undefined;
    if (typeof raw === 'string') {
      const m = /^(\d{1,2})-(\d{1,2})$/.exec(raw);
      if (m) [month, day] = [Number(m[1]), Number(m[2])];
    } else if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      // { month: 12, day: $dueDay }: the mapping form takes settings (「12月頃」 left to the municipality).
      const md = raw as Obj;
      ctx.fields(md, p, ['month', 'day']);
      month = ctx.number(md, 'month', p, { integer: true });
      day = ctx.number(md, 'day', p, { integer: true });
      if (month === undefined || day === undefined) return undefined;
    }
    // Any leap year accepts 02-29; the engine clamps it in other years.
    if (month === undefined || day === undefined || !makeDate(2024, month, day)) {
      ctx.error(p, `expected a month and day like "12-25" or { month: 12, day: 25 }, got ${show(raw)}`);
      return undefined;
    }
    return { kind: 'fiscalMonthDay', month, day };
  }
  const months = ctx.number(o, 'monthsAfterRoleStart', path, { integer: true, min: 1 });
  return months === undefined ? undefined : { kind: 'afterRoleStart', months };
}

/** Reads one course group (named courses, categories or both), recording its course references. */
export function readCourseGroup(ctx: ReadContext, o: Obj, path: Path): CourseGroup {
  ctx.fields(o, path, ['id', 'label', 'courses', 'categories']);
  const courses = ctx.strings(o, 'courses', path);
  courses.forEach((c, i) => ctx.ref([...path, 'courses', i], 'course', c));
  const categories = ctx.strings(o, 'categories', path);
  if (courses.length === 0 && categories.length === 0) {
    ctx.error(path, 'a course group needs courses, categories or both');
  }
  return { id: ctx.id(o, 'id', path) ?? '', label: ctx.label(o, 'label', path) ?? { ja: '' }, courses, categories };
}
