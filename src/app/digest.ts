/**
 * The weekly channel digest (DESIGN.md "Flows"): one card per 部 to the channel mapped to it, with
 * the 部's 受講率 and its change since last week, the step distribution of each role, the items
 * most people still miss, and a link to the tab. docs/bot.md「週次ダイジェスト」says it for people.
 */
import { fiscalYearOf, isWorkingDay, nextWorkingDay, type FiscalYear } from '../domain/fiscal-calendar';
import { evaluateKpis, type KpiResult } from '../domain/kpi-engine';
import type { Label } from '../domain/label';
import { addDays, dayOfWeek, jstDate, type LocalDate } from '../domain/local-date';
import type { DigestSchedule, Kpi, Programme, Requirement } from '../domain/programme';
import { evaluatePerson, type PersonProgress } from '../domain/progress';
import type { RequirementResult } from '../domain/requirement-engine';
import type { Clock, ConversationStore, DeliveryFailure, DigestLog, Messenger, OutgoingMessage, StoredConversation } from '../ports';
import type { Evaluated } from './programme-service';
import { takeSlot, type SendPacer } from './send-pacer';
import { stepDistribution } from './views';

/** A 部's week, as the card shows it (src/teams/cards' digestCard takes it as it is). */
export interface DigestData {
  department: string;
  /** The day the figures are for (the evaluation's date). */
  asOf: LocalDate;
  fiscalYear: FiscalYear;
  /** Active staff of the 部. */
  headcount: number;
  /** 受講率 now, in percent (0–100, one decimal), by `completionRule`. */
  completionRate: number;
  /** 受講率 seven days before asOf by the same rule; absent when that day is in the previous 年度. */
  previousCompletionRate?: number;
  /** People on each step of each role in the 部, counted as the tab's programme view counts them. */
  roles: Array<{ role: string; label: Label; holders: number; none: number; steps: Array<{ step: string; label: Label; count: number }> }>;
  /** What is missing most often, most people first: how many miss it, how many of them are overdue. */
  topPending: Array<{ label: Label; count: number; overdue: number }>;
  /**
   * The programme's coverage KPIs where the 部 falls short: its sections below the minimum (「DX推進
   * リーダーのいない課」), or the 部 itself for a coverage per department. Absent in digests built
   * before there were any (the card then shows none).
   */
  gaps?: CoverageGaps[];
  tabUrl: string;
}

/** One coverage KPI's shortfall in a 部. */
export interface CoverageGaps {
  kpi: string;
  label: Label;
  /** What a unit needs. */
  min: number;
  /** Sections below `min`, with how many they have (per section), fewest first. */
  sections: Array<{ section: string; count: number }>;
  /** Per department: how many the 部 has, when below `min`. */
  department?: number;
}

/** Pending items a digest lists (the card shows as many). */
export const DIGEST_TOP_PENDING = 5;

// ---- 受講率 -----------------------------------------------------------------------------------------

/**
 * What the digest calls 受講率, per programme:
 * - kpi: the programme's first KPI measuring completionRate over all staff (東京都テンプレート
 *   literacy-rate 基礎研修（リテラシー研修）受講率, 柏市 security-elearning-rate, 中野区
 *   ict-literacy-rate). A completionRate over a grade or a role (中野区 管理職の意識改革研修) is
 *   not the 部's 受講率: the card sets it beside the 部's headcount.
 * - requiredTraining, when there is no such KPI (世田谷区, 真岡市 have none): the share of the 部's
 *   active staff who have done every training (course, hours, courses in a group) that a
 *   non-optional step of a role they hold requires outright (not as one alternative of an any-of).
 *   Someone with no such training counts as done.
 */
export type CompletionRule = { kind: 'kpi'; kpi: Kpi } | { kind: 'requiredTraining' };

/** The rule the programme's 受講率 follows (see CompletionRule). */
export function completionRule(programme: Programme): CompletionRule {
  const kpi = programme.kpis.find((k) => k.measure.kind === 'completionRate' && k.measure.population.kind === 'allStaff');
  return kpi ? { kind: 'kpi', kpi } : { kind: 'requiredTraining' };
}

/** The 受講率 of a set of people as of a date, in percent with one decimal. */
export function completionRateOf(e: Pick<Evaluated, 'snapshot'>, rule: CompletionRule, people: PersonProgress[], asOf: LocalDate): number {
  if (rule.kind === 'kpi') {
    // The KPI engine itself, given only this KPI, so the digest and the tab's KPI agree exactly
    // (renewing courses count this 年度's completions only, hours add up the same way).
    const snapshot = { ...e.snapshot, programme: { ...e.snapshot.programme, kpis: [rule.kpi] } };
    return evaluateKpis(snapshot, people, fiscalYearOf(asOf), asOf)[0]!.value;
  }
  let done = 0;
  for (const p of people) if (requiredTrainingDone(p)) done++;
  return people.length === 0 ? 0 : Math.round((done / people.length) * 1000) / 10;
}

const TRAINING: ReadonlySet<Requirement['kind']> = new Set(['course', 'hours', 'courses']);

function requiredTrainingDone(p: PersonProgress): boolean {
  return p.roles.every((r) => r.steps.every((s) => s.optional || !trainingMissing(s.result)));
}

/** An unmet training leaf reached through all-of nodes only (an any-of offers other ways). */
function trainingMissing(r: RequirementResult): boolean {
  if (r.met) return false;
  if (TRAINING.has(r.kind)) return true;
  return r.kind === 'allOf' && (r.children ?? []).some(trainingMissing);
}

// ---- one 部's digest ----------------------------------------------------------------------------

export interface DigestOptions {
  tabUrl: string;
  /** Pending items listed (default DIGEST_TOP_PENDING). */
  topPending?: number;
}

/** The people of a 部 in an evaluation (active staff, as evaluated). */
export function peopleOf(e: Pick<Evaluated, 'people'>, department: string): PersonProgress[] {
  return e.people.filter((p) => p.department === department);
}

/** A 部's digest from the current evaluation. */
export function digestFor(e: Evaluated, department: string, options: DigestOptions): DigestData {
  const people = peopleOf(e, department);
  const rule = completionRule(e.snapshot.programme);
  const data: DigestData = {
    department,
    asOf: e.asOf,
    fiscalYear: e.fiscalYear,
    headcount: people.length,
    completionRate: completionRateOf(e, rule, people, e.asOf),
    // The 部's people only, counted as the tab's step distribution counts everyone.
    roles: stepDistribution(e.snapshot.programme, people),
    topPending: topPending(people, options.topPending ?? DIGEST_TOP_PENDING),
    gaps: coverageGaps(e.kpis, department),
    tabUrl: options.tabUrl,
  };
  // Last week's rate is worked out again from the same snapshot as of seven days earlier, not kept
  // from last week's digest: completions are dated (CompletedOn), so the figure is there to be had;
  // it compares the same people by the same rule (a transfer or a new hire does not show as
  // progress); a completion entered late or a list corrected since is counted on its own date; and
  // the first digest after install or after a missed week has a change to show, with no state to
  // keep. Across 4/1 there is no comparison: renewing courses start again and the rate with them.
  const earlier = addDays(e.asOf, -7);
  if (fiscalYearOf(earlier) === e.fiscalYear) {
    const staff = e.snapshot.staff.filter((s) => s.active && s.department === department);
    const then = staff.map((s) => evaluatePerson(e.snapshot, s, earlier, { brief: true }));
    data.previousCompletionRate = completionRateOf(e, rule, then, earlier);
  }
  return data;
}

/**
 * The items missing most often among the 部's next actions (what the tab counts as pending): each
 * person counted once per item (a course two roles ask for is one item), overdue if any of their
 * instances is. Most people first, then most overdue, then by name.
 */
function topPending(people: PersonProgress[], n: number): DigestData['topPending'] {
  const items = new Map<string, { label: Label; count: number; overdue: number }>();
  for (const p of people) {
    const mine = new Map<string, { label: Label; overdue: boolean }>();
    for (const m of p.nextActions) {
      const key = m.courseId ? `course:${m.courseId}` : `${m.kind}:${m.label.ja}`;
      const seen = mine.get(key);
      if (seen) seen.overdue ||= m.overdue;
      else mine.set(key, { label: m.label, overdue: m.overdue });
    }
    for (const [key, m] of mine) {
      const item = items.get(key) ?? { label: m.label, count: 0, overdue: 0 };
      item.count++;
      if (m.overdue) item.overdue++;
      items.set(key, item);
    }
  }
  return [...items.values()].sort((a, b) => b.count - a.count || b.overdue - a.overdue || JA.compare(a.label.ja, b.label.ja)).slice(0, n);
}

const JA = new Intl.Collator('ja');

/** The coverage KPIs of the year (as the tab shows them) where a 部 or its sections fall short. */
function coverageGaps(kpis: KpiResult[], department: string): CoverageGaps[] {
  const out: CoverageGaps[] = [];
  for (const k of kpis) {
    if (!k.coverage) continue;
    const mine = k.coverage.uncovered.filter((u) => u.department === department);
    if (mine.length === 0) continue;
    out.push(
      k.coverage.per === 'section'
        ? { kpi: k.id, label: k.label, min: k.coverage.min, sections: mine.map((u) => ({ section: u.section ?? '', count: u.count })).sort((a, b) => a.count - b.count || JA.compare(a.section, b.section)) }
        : { kpi: k.id, label: k.label, min: k.coverage.min, sections: [], department: mine[0]!.count },
    );
  }
  return out;
}

// ---- the week ------------------------------------------------------------------------------------

/** The week a day belongs to: the Monday (JST) of its ISO week. */
export function digestWeek(day: LocalDate): LocalDate {
  return addDays(day, -((dayOfWeek(day) + 6) % 7));
}

/**
 * The day a week's digest goes out: the programme's weekday, or the next working day when that is
 * a holiday (programme.ts DigestSchedule: 「moved to the next working day」; a channel post on a
 * closed day is read by nobody and buried by Monday). Undefined when no working day is left in the
 * week (年末年始 12/29–1/3, a Friday holiday): the week has no digest rather than two digests
 * landing on the next week's day.
 */
export function digestDay(week: LocalDate, schedule: Pick<DigestSchedule, 'weekday'>, closedDays: ReadonlySet<LocalDate> = new Set()): LocalDate | undefined {
  const day = nextWorkingDay(addDays(week, schedule.weekday - 1), closedDays);
  return day < addDays(week, 7) ? day : undefined;
}

/**
 * The week whose digest is due at an instant: from the digest day's time (JST) on, and on every
 * working day after it that week (so a failed channel is tried again); undefined otherwise.
 */
export function dueWeek(schedule: DigestSchedule, now: Date, closedDays: ReadonlySet<LocalDate> = new Set()): LocalDate | undefined {
  const today = jstDate(now);
  const week = digestWeek(today);
  const day = digestDay(week, schedule, closedDays);
  if (!day || today < day || !isWorkingDay(today, closedDays)) return undefined;
  if (today === day && jstTime(now) < schedule.time) return undefined;
  return week;
}

function jstTime(now: Date): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(11, 16);
}

// ---- posting -------------------------------------------------------------------------------------

export interface DigestDeps {
  service: { readonly programme: Programme; current(): Evaluated | undefined };
  conversations: Pick<ConversationStore, 'mappedChannels'>;
  digests: DigestLog;
  messenger: Messenger;
  clock: Clock;
  /** The card for a 部's digest (src/teams/digest-message.ts), in the channel's language. */
  compose: (data: DigestData, conversation: StoredConversation) => OutgoingMessage;
  /** Stable per instance: claims carry it. */
  instanceId: string;
  /** Shared with the reminder sender, so both together stay inside the app's limit. */
  pacer?: SendPacer;
  sleep?: (ms: number) => Promise<void>;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export interface PostDigestsOptions {
  tabUrl: string;
  /** Post now whatever the day (the office's manual run); still once per 部 per week. */
  force?: boolean;
  /** When the digest goes out (default: the programme's). */
  schedule?: DigestSchedule;
  /** A claim older than this is taken over: its instance died between claiming and recording (default 10 minutes). */
  claimTimeoutMs?: number;
  topPending?: number;
}

export type DepartmentOutcome =
  /** Posted now. */
  | 'sent'
  /** Posted earlier this week (by this or another instance). */
  | 'alreadySent'
  /** Another instance is posting it now. */
  | 'busy'
  /** Not posted: the next run this week tries again. */
  | 'failed'
  /** No active staff in the 部 (a mapping left after a reorganisation, a misspelt 部): nothing posted. */
  | 'noStaff';

export interface DepartmentDigestResult {
  department: string;
  /** The channel's conversation key and name. */
  channel: string;
  channelName?: string;
  outcome: DepartmentOutcome;
  activityId?: string;
  error?: string;
  completionRate?: number;
  previousCompletionRate?: number;
}

export interface DigestRunResult {
  /** The week posted for. */
  week?: LocalDate;
  /** Why nothing was posted: not the digest day (yet), no evaluation yet, or the evaluation is from before this week. */
  skipped?: 'notDue' | 'notSynced' | 'stale';
  departments: DepartmentDigestResult[];
  ms: number;
}

const DEFAULT_CLAIM_TIMEOUT_MS = 10 * 60_000;

/**
 * Posts the week's digest to every channel mapped to a 部, once per 部 per week across restarts
 * and instances: each 部 is claimed in the digest log before its send (insert-if-absent, then
 * ETag), recorded as sent after it, or as failed, which the next run of the week claims again.
 *
 * The one duplicate left is a process dying after Teams took the card and before the log recorded
 * it: after `claimTimeoutMs` another run posts it again. The other choice, never taking over a
 * claim, could lose a week's digest with no one told; a repeated card in a channel is seen and
 * harmless, a missing one is not.
 */
export async function postDigests(deps: DigestDeps, options: PostDigestsOptions): Promise<DigestRunResult> {
  const started = Date.now();
  const now = deps.clock.now();
  const programme = deps.service.programme;
  const closed = new Set(programme.reminders.closedDays);
  const week = options.force ? digestWeek(deps.clock.today()) : dueWeek(options.schedule ?? programme.digest, now, closed);
  const done = (r: Omit<DigestRunResult, 'ms'>): DigestRunResult => ({ ...r, ms: Date.now() - started });
  if (!week) return done({ skipped: 'notDue', departments: [] });
  const e = deps.service.current();
  if (!e) return done({ week, skipped: 'notSynced', departments: [] });
  // Last week's figures under this week's date would mislead: wait for a sync of this week.
  if (e.asOf < week) return done({ week, skipped: 'stale', departments: [] });

  const channels = await deps.conversations.mappedChannels();
  // One read of the week's log first: once every 部 is sent, a run (the scheduler may call every
  // few minutes all week) costs this read and builds no digest.
  const sent = new Set((await deps.digests.ofWeek(week)).filter((x) => x.state === 'sent').map((x) => x.department));
  const departments: DepartmentDigestResult[] = [];
  for (const channel of channels.sort((a, b) => JA.compare(a.department!, b.department!))) {
    const department = channel.department!;
    const base = { department, channel: channel.key, channelName: channel.name };
    if (sent.has(department)) {
      departments.push({ ...base, outcome: 'alreadySent' });
      continue;
    }
    try {
      departments.push({ ...base, ...(await postOne(deps, options, e, week, department, channel, now)) });
    } catch (err) {
      // The log could not be read or written: nothing was sent for this 部; the next run tries again.
      deps.log?.('error', 'digest: a department failed', { department, week, error: errorText(err) });
      departments.push({ ...base, outcome: 'failed', error: errorText(err) });
    }
  }
  return done({ week, departments });
}

async function postOne(
  deps: DigestDeps,
  options: PostDigestsOptions,
  e: Evaluated,
  week: LocalDate,
  department: string,
  channel: StoredConversation,
  now: Date,
): Promise<Omit<DepartmentDigestResult, 'department' | 'channel' | 'channelName'>> {
  if (!e.people.some((p) => p.department === department)) return { outcome: 'noStaff' };
  const data = digestFor(e, department, { tabUrl: options.tabUrl, topPending: options.topPending });
  const figures = { completionRate: data.completionRate, previousCompletionRate: data.previousCompletionRate };
  const claim = await deps.digests.claim(week, department, {
    instanceId: deps.instanceId,
    at: now.toISOString(),
    staleAfterMs: options.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS,
  });
  if (claim === 'sent') return { outcome: 'alreadySent', ...figures };
  if (claim === 'busy') return { outcome: 'busy', ...figures };

  const message = deps.compose(data, channel);
  message.channelData = { ...message.channelData, skillsteps: { key: `digest|${week}|${department}` } };
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let activityId: string;
  try {
    if (deps.pacer) await takeSlot(deps.pacer, channel.key, sleep);
    activityId = (await deps.messenger.send(channel, message)).id;
  } catch (err) {
    const failure = err as Partial<DeliveryFailure>;
    if (failure.status === 429) deps.pacer?.pause(failure.retryAfterMs ?? 1000);
    const error = `${failure.status || 'NETWORK'}: ${errorText(err)}`;
    deps.log?.('warn', 'digest: the channel send failed; the next run this week tries again', { department, week, channel: channel.key, error });
    await deps.digests.markFailed(week, department, { instanceId: deps.instanceId, error, channel: channel.key });
    return { outcome: 'failed', error, ...figures };
  }
  // The card is in the channel: record it, trying a little harder than usual, since an
  // unrecorded send is the one way to a duplicate.
  const sent = { sentAt: deps.clock.now().toISOString(), activityId, channel: channel.key };
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.digests.markSent(week, department, sent);
      break;
    } catch (err) {
      if (attempt === 2) {
        deps.log?.('error', 'digest: sent but not recorded; it may be posted again after the claim times out', { department, week, error: errorText(err) });
        return { outcome: 'sent', activityId, error: `送信済みですが記録できませんでした: ${errorText(err)}`, ...figures };
      }
      await sleep(500 * 2 ** attempt);
    }
  }
  return { outcome: 'sent', activityId, ...figures };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
