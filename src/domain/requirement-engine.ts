import { dateInFiscalYear, dueOnWorkingDay, fiscalYearOf, fiscalYearRange, formatFiscalYear, type DueCalendar, type FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import { addDays, addMonths, minDate, monthsBetween, parts, type LocalDate } from './local-date';
import { certificationHeldSince, heldRoles } from './held-roles';
import type { ProjectRequirement, Requirement } from './programme';
import { describeRequirement, perspectiveName } from './requirement-labels';
import type { CompletionRecord, ProjectMemberRecord, StaffRecord } from './records';
import type { EffectiveCourse, Snapshot } from './snapshot';

/** What a requirement came to for one person: met or not, what it asks, and what the records show. */
export interface RequirementResult {
  kind: Requirement['kind'];
  met: boolean;
  /** What is required: 「DXリテラシー研修の受講」. */
  label: Label;
  /** What the records show: 「受講済（2024/5/10）」「未受講 — 期限 12/25」. */
  evidence: Label;
  due?: LocalDate;
  overdue?: boolean;
  courseId?: string;
  url?: string;
  /** For a course: who runs it, where, and how to sign up (the Courses list), so the next step can be taken. */
  provider?: string;
  venue?: string;
  signUp?: string;
  progress?: { current: number; required: number };
  /** The parts of a combination, or the courses of a small group (`courses`), each met or not. */
  children?: RequirementResult[];
}

/** The person and moment a requirement is evaluated for. */
export interface EvaluationContext {
  snapshot: Snapshot;
  staff: StaffRecord;
  asOf: LocalDate;
  /** When the person took up the role whose step is evaluated (for due dates relative to it). */
  roleStart?: LocalDate;
  /** Certifications already evaluated for this person (memo, and guard against repeated work). */
  certificationMemo: Map<string, RequirementResult>;
  /**
   * Brief: a met requirement carries one shared evidence (「達成」) instead of its own text. For
   * evaluating everyone at once (KPIs, summaries, reminders), where only what is missing is read.
   */
  brief?: boolean;
  /**
   * Whether the person stands on a step of a role, from their evaluated progress: what a KPI's
   * `step` asks. Absent outside KPIs (the schema allows `step` in a KPI only), where it is never met.
   */
  reached?: (role: string, step: string) => boolean;
  /** Whether the person holds a role or certification, from their evaluated progress (a KPI's `holds`, without working it out again). */
  holding?: (id: string) => boolean;
}

/** Evaluates a requirement expression for one person as of a date. */
export function evaluateRequirement(req: Requirement, ctx: EvaluationContext): RequirementResult {
  switch (req.kind) {
    case 'allOf':
    case 'anyOf':
    case 'atLeast':
      return combine(req, ctx);
    case 'course':
      return course(req, ctx);
    case 'hours':
      return groupHours(req, ctx);
    case 'courses':
      return groupCourses(req, ctx);
    case 'qualification':
      return qualification(req, ctx);
    case 'project':
      return project(req, ctx);
    case 'contribution':
      return contribution(req, ctx);
    case 'certification':
      return certification(req, ctx);
    case 'skill':
      return skill(req, ctx);
    case 'roleHeld':
      return roleHeld(req, ctx);
    case 'holds':
      return holds(req, ctx);
    case 'step':
      return stepReached(req, ctx);
  }
}

type Req<K extends Requirement['kind']> = Extract<Requirement, { kind: K }>;

/** What a requirement asks, from the snapshot's table (worked out once) or, for ad-hoc ones, now. */
function labelOf(req: Requirement, ctx: EvaluationContext): Label {
  return ctx.snapshot.requirementLabels.get(req) ?? describeRequirement(req, ctx.snapshot.programme, ctx.snapshot.courses);
}

/** Whether the person holds a certification as of the date (held-roles.ts; exported here for the engines' readers). */
export { certificationHeldSince } from './held-roles';

/**
 * The due date of a course for a person, from the Courses list or the programme's rule, moved off
 * a weekend, holiday or closed day as `calendar.dueOnClosedDay` says (the working day before, by
 * default).
 */
export function courseDue(
  course: EffectiveCourse,
  asOf: LocalDate,
  roleStart: LocalDate | undefined,
  calendar: DueCalendar,
): LocalDate | undefined {
  const due = dueAsWritten(course, asOf, roleStart);
  return due === undefined ? undefined : dueOnWorkingDay(due, calendar);
}

function dueAsWritten(course: EffectiveCourse, asOf: LocalDate, roleStart: LocalDate | undefined): LocalDate | undefined {
  if (course.dueDate) return course.dueDate;
  const due = course.due;
  if (!due) return undefined;
  switch (due.kind) {
    case 'date':
      return due.date;
    case 'fiscalMonthDay': {
      // 2/29 in a non-leap year falls back to 2/28.
      const inYear = (fy: number): LocalDate => dateInFiscalYear(fy, due.month, due.day) ?? dateInFiscalYear(fy, due.month, due.day - 1)!;
      const due1 = inYear(fiscalYearOf(asOf));
      if (!roleStart || due1 >= roleStart) return due1;
      // Someone who took up the role after this year's date is due at the next one, not overdue at once.
      const due2 = inYear(fiscalYearOf(roleStart));
      return due2 >= roleStart ? due2 : inYear(fiscalYearOf(roleStart) + 1);
    }
    case 'afterRoleStart':
      return roleStart ? addMonths(roleStart, due.months) : undefined;
  }
}

// ---- leaves ---------------------------------------------------------------------------------------

function course(req: Req<'course'>, ctx: EvaluationContext): RequirementResult {
  const courseId = req.course;
  const c = ctx.snapshot.courses.get(courseId);
  const completed = latestCompletion(courseId, c, ctx);
  const label = labelOf(req, ctx);
  if (completed) {
    return result({ kind: 'course', met: true, label, evidence: ctx.brief ? MET : { ja: `受講済（${jaDate(completed)}）`, en: `Completed ${completed}` }, courseId, url: c?.url });
  }
  return missingCourse(courseId, c, label, ctx);
}

/** A course not yet taken: when it is due, and where and how to take it when the Courses list says. */
function missingCourse(courseId: string, c: EffectiveCourse | undefined, label: Label, ctx: EvaluationContext): RequirementResult {
  const due = c ? courseDue(c, ctx.asOf, ctx.roleStart, ctx.snapshot.dueCalendar) : undefined;
  return result({
    kind: 'course',
    met: false,
    label,
    // Where and how before the due date: the cards show the date on a line of its own and take it off the end.
    evidence: notYet(`未受講${whereAndHow(c, 'ja')}`, `Not completed${whereAndHow(c, 'en')}`, due, ctx.asOf),
    due,
    overdue: due !== undefined && due < ctx.asOf,
    courseId,
    url: c?.url,
    provider: c?.provider,
    venue: c?.venue,
    signUp: c?.signUp,
  });
}

/** 「 — 会場: 本庁舎5階 — 申込: 庁内ポータル」: the venue and sign-up the Courses list gives, if any. */
function whereAndHow(c: EffectiveCourse | undefined, locale: 'ja' | 'en'): string {
  let out = '';
  if (c?.venue) out += locale === 'ja' ? ` — 会場: ${c.venue}` : ` — venue: ${c.venue}`;
  if (c?.signUp) out += locale === 'ja' ? ` — 申込: ${c.signUp}` : ` — sign up: ${c.signUp}`;
  return out;
}

function latestCompletion(courseId: string, c: EffectiveCourse | undefined, ctx: EvaluationContext): LocalDate | undefined {
  return latestCompletionOn(ctx.snapshot, ctx.staff.upn, courseId, c?.renewsEveryFiscalYear ?? false, ctx.asOf);
}

/**
 * The latest completion of a course on or before a date; for a course retaken every 年度, only
 * one in that date's 年度 counts.
 */
export function latestCompletionOn(snapshot: Snapshot, upn: string, courseId: string, renewsEveryFiscalYear: boolean, asOf: LocalDate): LocalDate | undefined {
  const list = snapshot.completions.get(upn)?.get(courseId);
  if (!list) return undefined;
  const from = renewsEveryFiscalYear ? fiscalYearRange(fiscalYearOf(asOf)).start : '';
  // Oldest first: the first date from the end that is not after asOf is the latest.
  for (let i = list.length - 1; i >= 0; i--) {
    const d = list[i]!.completedOn;
    if (d <= asOf) return d >= from ? d : undefined;
  }
  return undefined;
}

function groupHours(req: Req<'hours'>, ctx: EvaluationContext): RequirementResult {
  const { snapshot } = ctx;
  const { min } = req;
  const ids = snapshot.groupCourses.get(req.group) ?? EMPTY_SET;
  const from = req.withinFiscalYear ? fiscalYearRange(fiscalYearOf(ctx.asOf)).start : '';
  let hours = 0;
  for (const [courseId, list] of snapshot.completions.get(ctx.staff.upn) ?? EMPTY_MAP) {
    if (!ids.has(courseId)) continue;
    for (const x of list) if (x.completedOn <= ctx.asOf && x.completedOn >= from) hours += x.hours ?? snapshot.courses.get(courseId)?.hours ?? 0;
  }
  hours = Math.round(hours * 10) / 10;
  const met = hours >= min;
  const due = met ? undefined : earliestDue(ids, ctx);
  return result({
    kind: 'hours',
    met,
    label: labelOf(req, ctx),
    evidence: met
      ? ctx.brief
        ? MET
        : { ja: `${hours}時間受講済`, en: `${hours} hours completed` }
      : notYet(`${hours}時間／${min}時間`, `${hours} of ${min} hours`, due, ctx.asOf),
    progress: { current: hours, required: min },
    due,
    overdue: due !== undefined && due < ctx.asOf,
  });
}

function groupCourses(req: Req<'courses'>, ctx: EvaluationContext): RequirementResult {
  const { snapshot } = ctx;
  const { min } = req;
  const ids = snapshot.groupCourses.get(req.group) ?? EMPTY_SET;
  const from = req.withinFiscalYear ? fiscalYearRange(fiscalYearOf(ctx.asOf)).start : '';
  const done = new Set<string>();
  for (const [courseId, list] of snapshot.completions.get(ctx.staff.upn) ?? EMPTY_MAP) {
    if (ids.has(courseId) && list.some((x) => x.completedOn <= ctx.asOf && x.completedOn >= from)) done.add(courseId);
  }
  const met = done.size >= min;
  const open = met ? [] : [...ids].filter((id) => !done.has(id));
  const due = met ? undefined : earliestDue(new Set(open), ctx);
  // A group small enough to name (「8回の講座のうち7回」): the courses still open are named in the
  // evidence and listed as the item's options, each with its own due date, link and sign-up.
  const named = !met && ids.size <= GROUP_MEMBERS_NAMED;
  const children = named ? [...ids].map((id) => groupMember(id, done.has(id), ctx)) : undefined;
  // Soonest due first, as the to-do list is; courses without a date keep the group's order.
  if (children) open.sort((a, b) => (children.find((c) => c.courseId === a)?.due ?? '9999').localeCompare(children.find((c) => c.courseId === b)?.due ?? '9999'));
  return result({
    kind: 'courses',
    met,
    label: labelOf(req, ctx),
    evidence: met
      ? ctx.brief
        ? MET
        : { ja: `${done.size}講座受講済`, en: `${done.size} courses completed` }
      : notYet(`${done.size}講座／${min}講座${named ? openCourses(open, snapshot) : ''}`, `${done.size} of ${min} courses${named ? openCoursesEn(open, snapshot) : ''}`, due, ctx.asOf),
    progress: { current: done.size, required: min },
    due,
    overdue: due !== undefined && due < ctx.asOf,
    children,
  });
}

/** Groups of up to this many courses have their open courses named (a catalogue of 200 e-learning titles does not). */
const GROUP_MEMBERS_NAMED = 12;
/** Open courses named in the evidence before 「ほか N 講座」. */
const OPEN_NAMED = 3;

function courseName(id: string, snapshot: Snapshot): Label {
  return snapshot.courses.get(id)?.label ?? { ja: id };
}

/** 「（未受講: 第7回、第8回）」 */
function openCourses(open: string[], snapshot: Snapshot): string {
  const names = open.slice(0, OPEN_NAMED).map((id) => courseName(id, snapshot).ja);
  return `（未受講: ${names.join('、')}${open.length > OPEN_NAMED ? ` ほか${open.length - OPEN_NAMED}講座` : ''}）`;
}

function openCoursesEn(open: string[], snapshot: Snapshot): string {
  const names = open.slice(0, OPEN_NAMED).map((id) => { const l = courseName(id, snapshot); return l.en ?? l.ja; });
  return ` (open: ${names.join(', ')}${open.length > OPEN_NAMED ? ` and ${open.length - OPEN_NAMED} more` : ''})`;
}

/** One course of a named group, as a course requirement's result (taken, or what it takes to take it). */
function groupMember(id: string, done: boolean, ctx: EvaluationContext): RequirementResult {
  const c = ctx.snapshot.courses.get(id);
  const name = courseName(id, ctx.snapshot);
  const label = { ja: `${name.ja}の受講`, en: `Complete ${name.en ?? name.ja}` };
  if (done) return result({ kind: 'course', met: true, label, evidence: MET, courseId: id, url: c?.url });
  return missingCourse(id, c, label, ctx);
}

function earliestDue(courseIds: ReadonlySet<string>, ctx: EvaluationContext): LocalDate | undefined {
  let due: LocalDate | undefined;
  for (const id of courseIds) {
    const c = ctx.snapshot.courses.get(id);
    const d = c ? courseDue(c, ctx.asOf, ctx.roleStart, ctx.snapshot.dueCalendar) : undefined;
    if (d && (!due || d < due)) due = d;
  }
  return due;
}

function qualification(req: Req<'qualification'>, ctx: EvaluationContext): RequirementResult {
  const ids = req.anyOf;
  const held = (ctx.snapshot.qualificationsByUpn.get(ctx.staff.upn) ?? EMPTY).find(
    (q) => ids.includes(q.qualification) && (!q.acquiredOn || q.acquiredOn <= ctx.asOf),
  );
  const heldName = held ? (ctx.snapshot.programme.qualifications.find((q) => q.id === held.qualification)?.label ?? { ja: held.qualification }) : undefined;
  return result({
    kind: 'qualification',
    met: !!held,
    label: labelOf(req, ctx),
    evidence:
      held && ctx.brief
        ? MET
        : held && heldName
        ? { ja: `${heldName.ja} 取得済${held.acquiredOn ? `（${jaDate(held.acquiredOn)}）` : ''}`, en: `${heldName.en ?? heldName.ja} held` }
        : NOT_HELD,
  });
}

interface Participation {
  member: ProjectMemberRecord;
  title: string;
  fiscalYear: FiscalYear;
  /** The period counted: from the start to the end, or to the evaluation date while it runs. */
  from: LocalDate;
  to: LocalDate;
  /** Why this participation does not count, when it does not. */
  failure?: Label;
}

function project(req: ProjectRequirement, ctx: EvaluationContext): RequirementResult {
  const { snapshot, asOf } = ctx;
  const programme = snapshot.programme;
  const participations: Participation[] = [];
  for (const m of snapshot.membershipsByUpn.get(ctx.staff.upn) ?? []) {
    if (req.as !== 'any' && m.projectRole !== req.as) continue;
    const p = snapshot.projects.get(m.projectId);
    if (!p) continue;
    const start = m.start ?? p.start ?? fiscalYearRange(p.fiscalYear).start;
    if (start > asOf) continue;
    const end = m.end ?? p.end;
    const part: Participation = { member: m, title: p.title, fiscalYear: p.fiscalYear, from: start, to: minDate(end ?? asOf, asOf) };
    const reasons: Label[] = [];
    if (req.completed && (!p.end || p.end > asOf)) reasons.push({ ja: '案件未終了', en: 'project not finished' });
    if (req.reportScore !== undefined) {
      if (p.reportScore === undefined) reasons.push({ ja: '報告会評価なし', en: 'no report-meeting score' });
      else if (p.reportScore < req.reportScore) {
        reasons.push({ ja: `報告会評価 ${p.reportScore}（基準 ${req.reportScore}）`, en: `report score ${p.reportScore} (needs ${req.reportScore})` });
      }
    }
    for (const [perspectiveId, min] of Object.entries(req.evaluations)) {
      const scores = (snapshot.evaluations.get(`${m.projectId}|${ctx.staff.upn}`) ?? [])
        .filter((e) => e.perspective === perspectiveId)
        .map((e) => e.score);
      const pl = perspectiveName(programme, perspectiveId);
      if (scores.length === 0) reasons.push({ ja: `${pl.ja}からの評価なし`, en: `no evaluation by ${pl.en ?? pl.ja}` });
      else {
        const avg = Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100;
        if (avg < min) reasons.push({ ja: `${pl.ja}評価 ${avg}（基準 ${min}）`, en: `${pl.en ?? pl.ja} score ${avg} (needs ${min})` });
      }
    }
    if (reasons.length > 0) {
      part.failure = { ja: reasons.map((r) => r.ja).join('、'), en: reasons.map((r) => r.en ?? r.ja).join(', ') };
    }
    participations.push(part);
  }
  const qualifying = participations.filter((x) => !x.failure);
  const count = new Set(qualifying.map((x) => x.member.projectId)).size;
  // Calendar time, not a sum: two projects led side by side for six months are six months of leading.
  const months = monthsCovered(qualifying.map((x) => [x.from, x.to] as const));
  const run = longestConsecutiveRun(qualifying.map((x) => x.fiscalYear));
  const met =
    count >= req.count &&
    (req.months === undefined || months >= req.months) &&
    (req.consecutiveFiscalYears === undefined || run >= req.consecutiveFiscalYears);

  return result({
    kind: 'project',
    met,
    label: labelOf(req, ctx),
    evidence: met && ctx.brief ? MET : projectEvidence(req, participations, count, months, run),
    progress: { current: req.consecutiveFiscalYears !== undefined ? run : count, required: req.consecutiveFiscalYears ?? req.count },
  });
}

/** What the records show for a participation requirement: each project and why it counted or not. */
function projectEvidence(req: ProjectRequirement, participations: Participation[], count: number, months: number, run: number): Label {
  if (participations.length === 0) {
    const roleJa = req.as === 'leader' ? 'リーダーとして' : req.as === 'member' ? 'メンバーとして' : '';
    const roleEn = req.as === 'leader' ? ' as leader' : req.as === 'member' ? ' as member' : '';
    return { ja: `${roleJa}参加した案件なし`, en: `No project${roleEn}` };
  }
  const shown = participations.slice(-4);
  const listJa = shown.map((x) => `${formatFiscalYear(x.fiscalYear)}「${x.title}」${x.failure ? `: ${x.failure.ja}` : ' ○'}`).join(' / ');
  const listEn = shown.map((x) => `FY${x.fiscalYear} "${x.title}"${x.failure ? `: ${x.failure.en}` : ' ok'}`).join(' / ');
  let summaryJa = `該当 ${count}件`;
  let summaryEn = `${count} qualifying`;
  if (req.months !== undefined) {
    summaryJa += `・通算${months}か月`;
    summaryEn += `, ${months} months`;
  }
  if (req.consecutiveFiscalYears !== undefined) {
    summaryJa += `・連続${run}年度`;
    summaryEn += `, ${run} consecutive years`;
  }
  return { ja: `${summaryJa} — ${listJa}`, en: `${summaryEn} — ${listEn}` };
}

/**
 * Whole months covered by a set of periods (end dates inclusive), overlaps counted once: the
 * periods are merged first — back-to-back ones join — then each stretch is measured in whole
 * months. A fiscal year (4/1–3/31) is 12 months.
 */
export function monthsCovered(periods: ReadonlyArray<readonly [LocalDate, LocalDate]>): number {
  const spans = periods
    .filter(([a, b]) => a <= b)
    .map(([a, b]) => [a, addDays(b, 1)] as [LocalDate, LocalDate])
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  let total = 0;
  let current: [LocalDate, LocalDate] | undefined;
  for (const [from, until] of spans) {
    if (current && from <= current[1]) {
      if (until > current[1]) current[1] = until;
    } else {
      if (current) total += monthsBetween(current[0], current[1]);
      current = [from, until];
    }
  }
  if (current) total += monthsBetween(current[0], current[1]);
  return total;
}

/** Length of the longest run of consecutive years in a list (duplicates allowed). */
export function longestConsecutiveRun(years: number[]): number {
  const set = [...new Set(years)].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < set.length; i++) {
    run = i > 0 && set[i] === set[i - 1]! + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

function contribution(req: Req<'contribution'>, ctx: EvaluationContext): RequirementResult {
  const { contribution: kind, min, withinMonths } = req;
  const from = withinMonths ? addMonths(ctx.asOf, -withinMonths) : '';
  let count = 0;
  let last: LocalDate | undefined;
  for (const c of ctx.snapshot.contributionsByUpn.get(ctx.staff.upn) ?? EMPTY) {
    if (c.kind !== kind || c.date > ctx.asOf || c.date <= from) continue;
    count++;
    if (!last || c.date > last) last = c.date;
  }
  const met = count >= min;
  return result({
    kind: 'contribution',
    met,
    label: labelOf(req, ctx),
    evidence:
      met && ctx.brief
        ? MET
        : {
            ja: `${count}回${last ? `（最近: ${jaDate(last)}）` : ''}${met ? '' : `／必要 ${min}回`}`,
            en: `${count} times${met ? '' : ` of ${min}`}`,
          },
    progress: { current: count, required: min },
  });
}

function certification(req: Req<'certification'>, ctx: EvaluationContext): RequirementResult {
  const { snapshot, staff, asOf } = ctx;
  const certId = req.certification;
  const label = labelOf(req, ctx);
  const since = certificationHeldSince(snapshot, staff.upn, certId, asOf);
  if (since) return result({ kind: 'certification', met: true, label, evidence: ctx.brief ? MET : { ja: `認定済（${jaDate(since)}）`, en: `Certified ${since}` } });
  // Not held: say whether the person already meets the criteria (then only the decision is missing).
  let criteria = ctx.certificationMemo.get(certId);
  const cert = criteria ? undefined : snapshot.programme.certifications.find((c) => c.id === certId);
  if (!criteria && cert) {
    criteria = evaluateRequirement(cert.requires, { ...ctx, roleStart: undefined });
    ctx.certificationMemo.set(certId, criteria);
  }
  return result({
    kind: 'certification',
    met: false,
    label,
    evidence: criteria?.met
      ? { ja: '未認定（認定基準は満たしています — 認定の決定待ち）', en: 'Not certified (criteria met — awaiting decision)' }
      : NOT_CERTIFIED,
  });
}

function skill(req: Req<'skill'>, ctx: EvaluationContext): RequirementResult {
  const { snapshot, staff, asOf } = ctx;
  const { skill: skillId, level, assessedBy } = req;
  const upn = staff.upn;
  let latest: { level: number; on?: LocalDate; self: boolean } | undefined;
  for (const s of snapshot.skillLevels.get(upn)?.get(skillId) ?? EMPTY) {
    if (s.assessedOn && s.assessedOn > asOf) continue;
    const self = !s.assessor || s.assessor === upn;
    if ((assessedBy === 'self' && !self) || (assessedBy === 'manager' && self)) continue;
    if (!latest || (s.assessedOn ?? '') >= (latest.on ?? '')) latest = { level: s.level, on: s.assessedOn, self };
  }
  const met = !!latest && latest.level >= level;
  return result({
    kind: 'skill',
    met,
    label: labelOf(req, ctx),
    evidence: met && ctx.brief
      ? MET
      : latest
      ? {
          ja: `レベル${latest.level}（${latest.self ? '自己評価' : '上司評価'}${latest.on ? ` ${jaDate(latest.on)}` : ''}）${met ? '' : `／必要 ${level}`}`,
          en: `Level ${latest.level}${met ? '' : ` of ${level}`}`,
        }
      : NOT_ASSESSED,
    progress: { current: latest?.level ?? 0, required: level },
  });
}

function roleHeld(req: Req<'roleHeld'>, ctx: EvaluationContext): RequirementResult {
  const { snapshot, staff, asOf } = ctx;
  const periods: Array<readonly [LocalDate, LocalDate]> = [];
  for (const r of snapshot.rolesByUpn.get(staff.upn) ?? EMPTY) {
    if (r.role === req.role && r.start <= asOf) periods.push([r.start, minDate(r.end ?? asOf, asOf)]);
  }
  const total = monthsCovered(periods);
  const met = total >= req.months;
  return result({
    kind: 'roleHeld',
    met,
    label: labelOf(req, ctx),
    evidence: met && ctx.brief ? MET : { ja: `通算${total}か月${met ? '' : `／必要 ${req.months}か月`}`, en: `${total} months${met ? '' : ` of ${req.months}`}` },
    progress: { current: total, required: req.months },
  });
}

// ---- combinators ----------------------------------------------------------------------------------

function combine(req: Extract<Requirement, { kind: 'allOf' | 'anyOf' | 'atLeast' }>, ctx: EvaluationContext): RequirementResult {
  const children = req.items.map((r) => evaluateRequirement(r, ctx));
  const done = children.filter((c) => c.met).length;
  const need = req.kind === 'allOf' ? children.length : req.kind === 'anyOf' ? 1 : req.n;
  const met = done >= need;
  let due: LocalDate | undefined;
  if (!met) for (const c of children) if (!c.met && c.due && (!due || c.due < due)) due = c.due;
  const label = labelOf(req, ctx);
  return result({
    kind: req.kind,
    met,
    label,
    evidence: met || req.kind === 'allOf' || done === 0 ? { ja: `${done}／${need} 達成`, en: `${done} of ${need} met` } : doneSoFar(children, done, need),
    due,
    overdue: due !== undefined && due < ctx.asOf,
    progress: { current: Math.min(done, need), required: need },
    children,
  });
}

/** 「1／2 達成（達成済: 実践講義）」: which members of an unmet "N of M" already count. */
function doneSoFar(children: RequirementResult[], done: number, need: number): Label {
  const met = children.filter((c) => c.met);
  const names = met.slice(0, OPEN_NAMED);
  const more = met.length - names.length;
  return {
    ja: `${done}／${need} 達成（達成済: ${names.map((c) => c.label.ja).join('、')}${more > 0 ? ` ほか${more}件` : ''}）`,
    en: `${done} of ${need} met (done: ${names.map((c) => c.label.en ?? c.label.ja).join(', ')}${more > 0 ? ` and ${more} more` : ''})`,
  };
}

// ---- roles and steps (KPIs) -----------------------------------------------------------------------

function holds(req: Req<'holds'>, ctx: EvaluationContext): RequirementResult {
  const { snapshot, staff, asOf } = ctx;
  // In a KPI the person's roles are known already (everyone is evaluated first).
  if (ctx.holding) {
    const met = req.of.some(ctx.holding);
    return result({ kind: 'holds', met, label: labelOf(req, ctx), evidence: met ? MET : NOT_HELD });
  }
  const ids = new Set(req.of);
  let since: LocalDate | undefined;
  let held = false;
  for (const h of heldRoles(snapshot, staff, asOf)) {
    if (!ids.has(h.role.id)) continue;
    held = true;
    if (h.since && (!since || h.since < since)) since = h.since;
  }
  for (const id of req.of) {
    const s = snapshot.programme.certifications.some((c) => c.id === id) ? certificationHeldSince(snapshot, staff.upn, id, asOf) : undefined;
    if (s) {
      held = true;
      if (!since || s < since) since = s;
    }
  }
  return result({
    kind: 'holds',
    met: held,
    label: labelOf(req, ctx),
    evidence: held ? (ctx.brief || !since ? MET : { ja: `${jaDate(since)}から`, en: `Since ${since}` }) : NOT_HELD,
  });
}

function stepReached(req: Req<'step'>, ctx: EvaluationContext): RequirementResult {
  const met = ctx.reached?.(req.role, req.step) ?? false;
  return result({ kind: 'step', met, label: labelOf(req, ctx), evidence: met ? MET : NOT_REACHED });
}

// ---- results --------------------------------------------------------------------------------------

/**
 * Every result has the same fields in the same order, so the code that walks results (ladders,
 * to-do lists, KPIs) sees one object shape, not one per requirement kind.
 */
function result(r: RequirementResult): RequirementResult {
  return {
    kind: r.kind,
    met: r.met,
    label: r.label,
    evidence: r.evidence,
    due: r.due,
    overdue: r.overdue ?? false,
    courseId: r.courseId,
    url: r.url,
    provider: r.provider,
    venue: r.venue,
    signUp: r.signUp,
    progress: r.progress,
    children: r.children,
  };
}

// ---- text -----------------------------------------------------------------------------------------

const EMPTY: readonly never[] = Object.freeze([]);
const EMPTY_SET: ReadonlySet<string> = new Set();
const EMPTY_MAP: ReadonlyMap<string, readonly CompletionRecord[]> = new Map();

/** 2024/5/10 */
function jaDate(date: LocalDate): string {
  // 2024-05-10 → 2024/5/10, without building a parts object: this runs for every evidence line.
  const m = date.charCodeAt(5) === 48 ? date.slice(6, 7) : date.slice(5, 7);
  const d = date.charCodeAt(8) === 48 ? date.slice(9, 10) : date.slice(8, 10);
  return `${date.slice(0, 4)}/${m}/${d}`;
}

// Evidence that is the same for everyone it applies to, shared rather than rebuilt per person.
const MET: Label = Object.freeze({ ja: '達成', en: 'Met' });
const NOT_HELD: Label = Object.freeze({ ja: '未取得', en: 'Not held' });
const NOT_CERTIFIED: Label = Object.freeze({ ja: '未認定', en: 'Not certified' });
const NOT_ASSESSED: Label = Object.freeze({ ja: '評価なし', en: 'Not assessed' });
const NOT_REACHED: Label = Object.freeze({ ja: '未到達', en: 'Not reached' });

function notYet(ja: string, en: string, due: LocalDate | undefined, asOf: LocalDate): Label {
  if (!due) return { ja, en };
  const { month, day, year } = parts(due);
  const sameYear = year === parts(asOf).year;
  const short = sameYear ? `${month}/${day}` : `${year}/${month}/${day}`;
  return due < asOf
    ? { ja: `${ja} — 期限 ${short} を過ぎています`, en: `${en} — overdue since ${due}` }
    : { ja: `${ja} — 期限 ${short}`, en: `${en} — due ${due}` };
}
