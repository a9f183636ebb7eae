import { dateInFiscalYear, fiscalYearOf, fiscalYearRange, formatFiscalYear, type FiscalYear } from './fiscal-calendar';
import type { Label } from './label';
import { addMonths, minDate, monthsBetween, parts, type LocalDate } from './local-date';
import type { Programme, ProjectRequirement, Requirement } from './programme';
import type { ProjectMemberRecord, StaffRecord } from './records';
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
  progress?: { current: number; required: number };
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
}

/** Evaluates a requirement expression for one person as of a date. */
export function evaluateRequirement(req: Requirement, ctx: EvaluationContext): RequirementResult {
  switch (req.kind) {
    case 'allOf':
    case 'anyOf':
    case 'atLeast':
      return combine(req, ctx);
    case 'course':
      return course(req.course, req.label, ctx);
    case 'hours':
      return groupHours(req.group, req.min, req.label, ctx);
    case 'courses':
      return groupCourses(req.group, req.min, req.label, ctx);
    case 'qualification':
      return qualification(req.anyOf, req.label, ctx);
    case 'project':
      return project(req, ctx);
    case 'contribution':
      return contribution(req.contribution, req.min, req.withinMonths, req.label, ctx);
    case 'certification':
      return certification(req.certification, req.label, ctx);
    case 'skill':
      return skill(req.skill, req.level, req.assessedBy, req.label, ctx);
    case 'roleHeld':
      return roleHeld(req.role, req.months, req.label, ctx);
  }
}

/** Whether the person holds a certification as of the date (recorded in the Roles list), and since when. */
export function certificationHeldSince(snapshot: Snapshot, upn: string, certificationId: string, asOf: LocalDate): LocalDate | undefined {
  let since: LocalDate | undefined;
  for (const r of snapshot.rolesByUpn.get(upn) ?? []) {
    if (r.role === certificationId && r.start <= asOf && (!r.end || r.end >= asOf) && (!since || r.start < since)) since = r.start;
  }
  return since;
}

/** The due date of a course for a person, from the Courses list or the programme's rule. */
export function courseDue(course: EffectiveCourse, asOf: LocalDate, roleStart: LocalDate | undefined): LocalDate | undefined {
  if (course.dueDate) return course.dueDate;
  const due = course.due;
  if (!due) return undefined;
  switch (due.kind) {
    case 'date':
      return due.date;
    case 'fiscalMonthDay': {
      const fy = fiscalYearOf(asOf);
      // 2/29 in a non-leap year falls back to 2/28.
      return dateInFiscalYear(fy, due.month, due.day) ?? dateInFiscalYear(fy, due.month, due.day - 1);
    }
    case 'afterRoleStart':
      return roleStart ? addMonths(roleStart, due.months) : undefined;
  }
}

// ---- leaves ---------------------------------------------------------------------------------------

function course(courseId: string, label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const c = ctx.snapshot.courses.get(courseId);
  const name = c?.label ?? { ja: courseId };
  const completed = latestCompletion(courseId, c, ctx);
  const base = { kind: 'course' as const, label: label ?? { ja: `${name.ja}の受講`, en: `Complete ${name.en ?? name.ja}` }, courseId, url: c?.url };
  if (completed) {
    return { ...base, met: true, evidence: { ja: `受講済（${jaDate(completed)}）`, en: `Completed ${completed}` } };
  }
  const due = c ? courseDue(c, ctx.asOf, ctx.roleStart) : undefined;
  return { ...base, met: false, due, overdue: due !== undefined && due < ctx.asOf, evidence: notYet('未受講', 'Not completed', due, ctx.asOf) };
}

function latestCompletion(courseId: string, c: EffectiveCourse | undefined, ctx: EvaluationContext): LocalDate | undefined {
  const from = c?.renewsEveryFiscalYear ? fiscalYearRange(fiscalYearOf(ctx.asOf)).start : '';
  let latest: LocalDate | undefined;
  for (const x of ctx.snapshot.completionsByUpn.get(ctx.staff.upn) ?? []) {
    if (x.courseId === courseId && x.completedOn <= ctx.asOf && x.completedOn >= from) latest = x.completedOn;
  }
  return latest;
}

function groupHours(groupId: string, min: number, label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const { snapshot } = ctx;
  const ids = snapshot.groupCourses.get(groupId) ?? new Set<string>();
  const name = groupLabel(snapshot.programme, groupId);
  let hours = 0;
  for (const x of snapshot.completionsByUpn.get(ctx.staff.upn) ?? []) {
    if (x.completedOn <= ctx.asOf && ids.has(x.courseId)) hours += x.hours ?? snapshot.courses.get(x.courseId)?.hours ?? 0;
  }
  hours = Math.round(hours * 10) / 10;
  const met = hours >= min;
  const due = met ? undefined : earliestDue(ids, ctx);
  return {
    kind: 'hours',
    met,
    label: label ?? { ja: `${name.ja} ${min}時間以上`, en: `${min}+ hours of ${name.en ?? name.ja}` },
    evidence: met
      ? { ja: `${hours}時間受講済`, en: `${hours} hours completed` }
      : notYet(`${hours}時間／${min}時間`, `${hours} of ${min} hours`, due, ctx.asOf),
    progress: { current: hours, required: min },
    due,
    overdue: due !== undefined && due < ctx.asOf,
  };
}

function groupCourses(groupId: string, min: number, label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const { snapshot } = ctx;
  const ids = snapshot.groupCourses.get(groupId) ?? new Set<string>();
  const name = groupLabel(snapshot.programme, groupId);
  const done = new Set<string>();
  for (const x of snapshot.completionsByUpn.get(ctx.staff.upn) ?? []) {
    if (x.completedOn <= ctx.asOf && ids.has(x.courseId)) done.add(x.courseId);
  }
  const met = done.size >= min;
  const due = met ? undefined : earliestDue(new Set([...ids].filter((id) => !done.has(id))), ctx);
  return {
    kind: 'courses',
    met,
    label: label ?? { ja: `${name.ja}から${min}講座以上`, en: `${min}+ courses from ${name.en ?? name.ja}` },
    evidence: met
      ? { ja: `${done.size}講座受講済`, en: `${done.size} courses completed` }
      : notYet(`${done.size}講座／${min}講座`, `${done.size} of ${min} courses`, due, ctx.asOf),
    progress: { current: done.size, required: min },
    due,
    overdue: due !== undefined && due < ctx.asOf,
  };
}

function earliestDue(courseIds: Set<string>, ctx: EvaluationContext): LocalDate | undefined {
  let due: LocalDate | undefined;
  for (const id of courseIds) {
    const c = ctx.snapshot.courses.get(id);
    const d = c ? courseDue(c, ctx.asOf, ctx.roleStart) : undefined;
    if (d && (!due || d < due)) due = d;
  }
  return due;
}

function qualification(ids: string[], label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const { programme } = ctx.snapshot;
  const names = ids.map((id) => programme.qualifications.find((q) => q.id === id)?.label ?? { ja: id });
  const held = (ctx.snapshot.qualificationsByUpn.get(ctx.staff.upn) ?? []).find(
    (q) => ids.includes(q.qualification) && (!q.acquiredOn || q.acquiredOn <= ctx.asOf),
  );
  const ja = names.map((n) => n.ja).join('・');
  const en = names.map((n) => n.en ?? n.ja).join(' / ');
  const heldName = held ? (names[ids.indexOf(held.qualification)] ?? { ja: held.qualification }) : undefined;
  return {
    kind: 'qualification',
    met: !!held,
    label: label ?? (ids.length > 1 ? { ja: `資格（${ja} のいずれか）`, en: `Qualification: one of ${en}` } : { ja: `${ja}の取得`, en: `Hold ${en}` }),
    evidence:
      held && heldName
        ? { ja: `${heldName.ja} 取得済${held.acquiredOn ? `（${jaDate(held.acquiredOn)}）` : ''}`, en: `${heldName.en ?? heldName.ja} held` }
        : { ja: '未取得', en: 'Not held' },
  };
}

interface Participation {
  member: ProjectMemberRecord;
  title: string;
  fiscalYear: FiscalYear;
  months: number;
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
    const months = Math.max(0, monthsBetween(start, minDate(end ?? asOf, asOf)));
    const part: Participation = { member: m, title: p.title, fiscalYear: p.fiscalYear, months };
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
      const pl = programme.perspectives.find((x) => x.id === perspectiveId)?.label ?? { ja: perspectiveId };
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
  const months = qualifying.reduce((a, x) => a + x.months, 0);
  const run = longestConsecutiveRun(qualifying.map((x) => x.fiscalYear));
  const met =
    count >= req.count &&
    (req.months === undefined || months >= req.months) &&
    (req.consecutiveFiscalYears === undefined || run >= req.consecutiveFiscalYears);

  const roleJa = req.as === 'leader' ? 'リーダーとして' : req.as === 'member' ? 'メンバーとして' : '';
  const roleEn = req.as === 'leader' ? ' as leader' : req.as === 'member' ? ' as member' : '';
  const conditionsJa: string[] = [];
  const conditionsEn: string[] = [];
  if (req.count > 1) {
    conditionsJa.push(`${req.count}件以上`);
    conditionsEn.push(`${req.count}+ projects`);
  }
  if (req.months !== undefined) {
    conditionsJa.push(`通算${req.months}か月以上`);
    conditionsEn.push(`${req.months}+ months in total`);
  }
  if (req.consecutiveFiscalYears !== undefined) {
    conditionsJa.push(`${req.consecutiveFiscalYears}年度以上連続`);
    conditionsEn.push(`${req.consecutiveFiscalYears}+ consecutive fiscal years`);
  }
  if (req.reportScore !== undefined) {
    conditionsJa.push(`報告会評価 ${req.reportScore}以上`);
    conditionsEn.push(`report score ≥ ${req.reportScore}`);
  }
  for (const [pid, min] of Object.entries(req.evaluations)) {
    const pl = programme.perspectives.find((x) => x.id === pid)?.label ?? { ja: pid };
    conditionsJa.push(`${pl.ja}評価 ${min}以上`);
    conditionsEn.push(`${pl.en ?? pl.ja} score ≥ ${min}`);
  }
  const label = req.label ?? {
    ja: `DX案件に${roleJa}参加${conditionsJa.length ? `（${conditionsJa.join('、')}）` : ''}`,
    en: `Take part in a DX project${roleEn}${conditionsEn.length ? ` (${conditionsEn.join(', ')})` : ''}`,
  };

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
  return {
    kind: 'project',
    met,
    label,
    evidence: participations.length
      ? { ja: `${summaryJa} — ${listJa}`, en: `${summaryEn} — ${listEn}` }
      : { ja: `${roleJa}参加した案件なし`, en: `No project${roleEn}` },
    progress: { current: req.consecutiveFiscalYears !== undefined ? run : count, required: req.consecutiveFiscalYears ?? req.count },
  };
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

function contribution(kind: string, min: number, withinMonths: number | undefined, label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const name = ctx.snapshot.programme.contributionKinds.find((k) => k.id === kind)?.label ?? { ja: kind };
  const from = withinMonths ? addMonths(ctx.asOf, -withinMonths) : '';
  const found = (ctx.snapshot.contributionsByUpn.get(ctx.staff.upn) ?? []).filter((c) => c.kind === kind && c.date <= ctx.asOf && c.date > from);
  const met = found.length >= min;
  const within = withinMonths ? { ja: `直近${withinMonths}か月に`, en: ` in the last ${withinMonths} months` } : { ja: '', en: '' };
  const last = found.reduce<LocalDate | undefined>((a, c) => (!a || c.date > a ? c.date : a), undefined);
  return {
    kind: 'contribution',
    met,
    label: label ?? { ja: `${within.ja}${name.ja} ${min}回以上`, en: `${name.en ?? name.ja} ${min}+ times${within.en}` },
    evidence: {
      ja: `${found.length}回${last ? `（最近: ${jaDate(last)}）` : ''}${met ? '' : `／必要 ${min}回`}`,
      en: `${found.length} times${met ? '' : ` of ${min}`}`,
    },
    progress: { current: found.length, required: min },
  };
}

function certification(certId: string, label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const { snapshot, staff, asOf } = ctx;
  const cert = snapshot.programme.certifications.find((c) => c.id === certId);
  const name = cert?.label ?? { ja: certId };
  const base = { kind: 'certification' as const, label: label ?? { ja: `${name.ja}の認定`, en: `Certified as ${name.en ?? name.ja}` } };
  const since = certificationHeldSince(snapshot, staff.upn, certId, asOf);
  if (since) return { ...base, met: true, evidence: { ja: `認定済（${jaDate(since)}）`, en: `Certified ${since}` } };
  // Not held: say whether the person already meets the criteria (then only the decision is missing).
  let criteria = ctx.certificationMemo.get(certId);
  if (!criteria && cert) {
    criteria = evaluateRequirement(cert.requires, { ...ctx, roleStart: undefined });
    ctx.certificationMemo.set(certId, criteria);
  }
  return {
    ...base,
    met: false,
    evidence: criteria?.met
      ? { ja: '未認定（認定基準は満たしています — 認定の決定待ち）', en: 'Not certified (criteria met — awaiting decision)' }
      : { ja: '未認定', en: 'Not certified' },
  };
}

function skill(skillId: string, level: number, assessedBy: 'self' | 'manager' | 'any', label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const { snapshot, staff, asOf } = ctx;
  const name = snapshot.programme.skillMap?.skills.find((s) => s.id === skillId)?.label ?? { ja: skillId };
  const upn = staff.upn;
  let latest: { level: number; on?: LocalDate; self: boolean } | undefined;
  for (const s of snapshot.skillLevelsByUpn.get(upn) ?? []) {
    if (s.skill !== skillId || (s.assessedOn && s.assessedOn > asOf)) continue;
    const self = !s.assessor || s.assessor === upn;
    if ((assessedBy === 'self' && !self) || (assessedBy === 'manager' && self)) continue;
    if (!latest || (s.assessedOn ?? '') >= (latest.on ?? '')) latest = { level: s.level, on: s.assessedOn, self };
  }
  const byJa = assessedBy === 'manager' ? '（上司評価）' : assessedBy === 'self' ? '（自己評価）' : '';
  const byEn = assessedBy === 'manager' ? ' (manager-assessed)' : assessedBy === 'self' ? ' (self-assessed)' : '';
  const met = !!latest && latest.level >= level;
  return {
    kind: 'skill',
    met,
    label: label ?? { ja: `${name.ja} レベル${level}以上${byJa}`, en: `${name.en ?? name.ja} level ${level}+${byEn}` },
    evidence: latest
      ? {
          ja: `レベル${latest.level}（${latest.self ? '自己評価' : '上司評価'}${latest.on ? ` ${jaDate(latest.on)}` : ''}）${met ? '' : `／必要 ${level}`}`,
          en: `Level ${latest.level}${met ? '' : ` of ${level}`}`,
        }
      : { ja: '評価なし', en: 'Not assessed' },
    progress: { current: latest?.level ?? 0, required: level },
  };
}

function roleHeld(roleId: string, months: number, label: Label | undefined, ctx: EvaluationContext): RequirementResult {
  const { snapshot, staff, asOf } = ctx;
  const name = snapshot.programme.roles.find((r) => r.id === roleId)?.label ?? { ja: roleId };
  let total = 0;
  for (const r of snapshot.rolesByUpn.get(staff.upn) ?? []) {
    if (r.role !== roleId || r.start > asOf) continue;
    total += Math.max(0, monthsBetween(r.start, minDate(r.end ?? asOf, asOf)));
  }
  const met = total >= months;
  return {
    kind: 'roleHeld',
    met,
    label: label ?? { ja: `${name.ja}を通算${months}か月以上`, en: `${name.en ?? name.ja} for ${months}+ months` },
    evidence: { ja: `通算${total}か月${met ? '' : `／必要 ${months}か月`}`, en: `${total} months${met ? '' : ` of ${months}`}` },
    progress: { current: total, required: months },
  };
}

// ---- combinators ----------------------------------------------------------------------------------

function combine(req: Extract<Requirement, { kind: 'allOf' | 'anyOf' | 'atLeast' }>, ctx: EvaluationContext): RequirementResult {
  const children = req.items.map((r) => evaluateRequirement(r, ctx));
  const done = children.filter((c) => c.met).length;
  const need = req.kind === 'allOf' ? children.length : req.kind === 'anyOf' ? 1 : req.n;
  const met = done >= need;
  let due: LocalDate | undefined;
  if (!met) for (const c of children) if (!c.met && c.due && (!due || c.due < due)) due = c.due;
  const label: Label =
    req.label ??
    (req.kind === 'allOf'
      ? { ja: `次のすべて（${children.length}項目）`, en: `All of ${children.length}` }
      : req.kind === 'anyOf'
        ? { ja: '次のいずれか', en: 'Any one of' }
        : { ja: `次のうち${req.n}つ以上`, en: `At least ${req.n} of` });
  return {
    kind: req.kind,
    met,
    label,
    evidence: { ja: `${done}／${need} 達成`, en: `${done} of ${need} met` },
    due,
    overdue: due !== undefined && due < ctx.asOf,
    progress: { current: Math.min(done, need), required: need },
    children,
  };
}

// ---- text -----------------------------------------------------------------------------------------

function groupLabel(programme: Programme, groupId: string): Label {
  return programme.courseGroups.find((g) => g.id === groupId)?.label ?? { ja: groupId };
}

/** 2024/5/10 */
function jaDate(date: LocalDate): string {
  const { year, month, day } = parts(date);
  return `${year}/${month}/${day}`;
}

function notYet(ja: string, en: string, due: LocalDate | undefined, asOf: LocalDate): Label {
  if (!due) return { ja, en };
  const { month, day, year } = parts(due);
  const sameYear = year === parts(asOf).year;
  const short = sameYear ? `${month}/${day}` : `${year}/${month}/${day}`;
  return due < asOf
    ? { ja: `${ja} — 期限 ${short} を過ぎています`, en: `${en} — overdue since ${due}` }
    : { ja: `${ja} — 期限 ${short}`, en: `${en} — due ${due}` };
}
