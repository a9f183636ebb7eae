/**
 * The programme office's everyday lists (事務局のフォローアップ): who has not started anything this
 * 年度, leaders whose transfer falls in the programme's window and whether their section has a
 * successor, and reports waiting for confirmation longer than N working days. Each is filtered the
 * same way (部, 課, a name or reading), shown in the tab, downloaded as CSV, and followed by one click
 * that reminds the people concerned through the reminder ledger (one message a person a day, never twice).
 */
import { fiscalYearRange, workingDaysBetween } from '../domain/fiscal-calendar';
import { formatFiscalYear, formatWareki } from '../domain/japanese-era';
import type { Label } from '../domain/label';
import { addMonths, daysBetween, jstDate, type LocalDate } from '../domain/local-date';
import { sectionApproverOf } from '../domain/nomination-rules';
import type { Programme } from '../domain/programme';
import type { PersonProgress } from '../domain/progress';
import type { StaffRecord } from '../domain/records';
import type { ReminderItem } from '../domain/reminder-planner';
import { confirmableItemLabel, confirmableKindLabel } from '../domain/reports';
import { departmentOf, type Snapshot } from '../domain/snapshot';
import { factDate, isConfirmable } from '../domain/submissions';
import { formatDate, formatDateTime } from '../i18n/format';
import { pick, t, type ReportStringKey } from '../i18n/report';
import type { Evaluated } from './programme-service';
import type { ManualReminderResult } from './reminders';
import { byReading, matchesPerson } from './views';

export const OFFICE_LISTS = ['not-started', 'transfers', 'waiting-reports'] as const;
export type OfficeListId = (typeof OFFICE_LISTS)[number];

/** Reports wait this many working days before the list shows them, unless the office asks for another number. */
export const DEFAULT_WAITING_DAYS = 5;

export interface OfficeListFilter {
  department?: string;
  section?: string;
  /** A name, its reading (kana of any width) or a UPN. */
  q?: string;
  /** waiting-reports: working days a report has waited, at least. */
  days?: number;
}

/** Someone on a list, as the office reads them. */
export interface PersonRef {
  upn: string;
  name: string;
  kana?: string;
  department: string;
  section: string;
  grade?: string;
}

export interface NotStartedRow {
  person: PersonRef;
  /** Things still to do (the next steps' requirements), and the soonest due date. */
  pending: number;
  nextDue?: LocalDate;
  /** The latest thing on record for them before this 年度, if any. */
  lastActivity?: LocalDate;
}

/** How a leader's section stands for after the transfer. */
export type Replacement = 'nominated' | 'successor' | 'none';

export interface TransferRow {
  leader: PersonRef;
  role: { id: string; label: Label };
  /** The section the leader serves (a Roles row may name another than their own). */
  department: string;
  section: string;
  /** Absent when the Staff list says only that a transfer is planned. */
  transferDate?: LocalDate;
  replacement: Replacement;
  /** The nominee (nominated) or the other holder (successor). */
  replacementName?: string;
  /** Who is reminded: the section's manager (who nominates the successor). */
  manager?: { upn: string; name: string };
}

export interface WaitingReportRow {
  id: string;
  reporter: PersonRef;
  kind: Label;
  item: Label;
  /** The day the reported thing happened (取得日, 受講日 …). */
  date: string;
  submittedAt: string;
  /** Working days since it was sent (the programme's closed days left out). */
  waitingDays: number;
  confirmer?: { upn: string; name: string };
}

export type OfficeListRow = NotStartedRow | TransferRow | WaitingReportRow;

/** GET /api/office-lists/:list — the rows after the filter, and what the office needs to read them. */
export interface OfficeListView<R extends OfficeListRow = OfficeListRow> {
  list: OfficeListId;
  /** The 年度 the list is about (not-started), and the date it is read on. */
  fiscalYear: number;
  asOf: LocalDate;
  /** The window leaders' transfers are looked for in, per role (transfers). */
  windows?: Array<{ role: string; label: Label; months: number; until: LocalDate }>;
  /** The working days used (waiting-reports). */
  days?: number;
  total: number;
  rows: R[];
  /** People a reminder would go to (rows that need one, one message per person). */
  recipients: number;
}

/** The rows of one list for a filter, as of the evaluation's day. */
export function officeList(programme: Programme, e: Evaluated, list: OfficeListId, filter: OfficeListFilter): OfficeListView {
  const rows = LISTS[list](programme, e, filter);
  const view: OfficeListView = { list, fiscalYear: e.fiscalYear, asOf: e.asOf, total: rows.length, rows, recipients: officeReminders({ list, rows }).length };
  if (list === 'transfers') view.windows = transferWindows(programme, e.asOf);
  if (list === 'waiting-reports') view.days = filter.days ?? DEFAULT_WAITING_DAYS;
  return view;
}

const LISTS: Record<OfficeListId, (programme: Programme, e: Evaluated, f: OfficeListFilter) => OfficeListRow[]> = {
  'not-started': notStarted,
  transfers,
  'waiting-reports': waitingReports,
};

function personRef(s: Pick<StaffRecord, 'upn' | 'name' | 'kana' | 'department' | 'section' | 'gradeText'>): PersonRef {
  return { upn: s.upn, name: s.name, ...(s.kana ? { kana: s.kana } : {}), department: s.department, section: s.section, ...(s.gradeText ? { grade: s.gradeText } : {}) };
}

function inUnit(p: { department: string; section: string }, f: OfficeListFilter): boolean {
  return (!f.department || p.department === f.department) && (!f.section || p.section === f.section);
}

/**
 * Active staff with something still to do and nothing on record this 年度 (1 April to today): no
 * completion, qualification, contribution, skill assessment, project membership running in it, nor a
 * report sent. Sorted by 部, 課, then reading.
 */
function notStarted(_programme: Programme, e: Evaluated, f: OfficeListFilter): NotStartedRow[] {
  const { start } = fiscalYearRange(e.fiscalYear);
  const today = e.asOf;
  const reported = new Map<string, LocalDate>();
  for (const s of e.snapshot.records.submissions) {
    const day = jstDate(new Date(s.submittedAt));
    if (day <= today && (reported.get(s.subjectUpn) ?? '') < day) reported.set(s.subjectUpn, day);
  }
  const rows: NotStartedRow[] = [];
  for (const p of e.people) {
    if (p.nextActions.length === 0 || !inUnit(p, f)) continue;
    const staff = e.snapshot.staffByUpn.get(p.upn)!;
    if (!matchesPerson(staff, f.q)) continue;
    const last = lastActivity(e.snapshot, p.upn, today, reported.get(p.upn));
    if (last !== undefined && last >= start) continue;
    const due = p.nextActions.map((m) => m.due).filter((d): d is LocalDate => !!d).sort()[0];
    rows.push({ person: personRef(staff), pending: p.nextActions.length, ...(due ? { nextDue: due } : {}), ...(last ? { lastActivity: last } : {}) });
  }
  return rows.sort((a, b) => byUnitThenReading(a.person, b.person));
}

/** The latest day anything of a person's is on record, up to today (a fact dated later never counts). */
function lastActivity(snapshot: Snapshot, upn: string, today: LocalDate, reportedOn: LocalDate | undefined): LocalDate | undefined {
  let last = reportedOn;
  const see = (d: LocalDate | undefined): void => {
    if (d && d <= today && (last === undefined || d > last)) last = d;
  };
  for (const list of snapshot.completions.get(upn)?.values() ?? []) for (const c of list) see(c.completedOn);
  for (const q of snapshot.qualificationsByUpn.get(upn) ?? []) see(q.acquiredOn);
  for (const c of snapshot.contributionsByUpn.get(upn) ?? []) see(c.date);
  for (const list of snapshot.skillLevels.get(upn)?.values() ?? []) for (const s of list) see(s.assessedOn);
  for (const m of snapshot.membershipsByUpn.get(upn) ?? []) {
    const project = snapshot.projects.get(m.projectId);
    const from = m.start ?? project?.start;
    const to = m.end ?? project?.end;
    // A membership counts on the last day it ran up to today.
    if (from && from <= today) see(to && to < today ? to : today);
    else if (!from && project) see(fiscalYearRange(project.fiscalYear).start);
  }
  return last;
}

/** Each nominated role's transfer window (the programme's nomination rule): today to today + N months. */
function transferWindows(programme: Programme, today: LocalDate): NonNullable<OfficeListView['windows']> {
  return programme.roles
    .filter((r) => r.nomination)
    .map((r) => ({ role: r.id, label: r.label, months: r.nomination!.transferWindowMonths, until: addMonths(today, r.nomination!.transferWindowMonths) }));
}

/**
 * Holders of a nominated role (DX推進リーダー) whose transfer is planned within the role's window —
 * as the nomination rules judge a nominee (東京都テンプレート: 異動時期を考慮) — and how their section
 * stands: a nomination waiting (推薦中), another holder there (後任あり), or nothing (未定).
 */
function transfers(programme: Programme, e: Evaluated, f: OfficeListFilter): TransferRow[] {
  const snapshot = e.snapshot;
  const rows: TransferRow[] = [];
  const windows = new Map(transferWindows(programme, e.asOf).map((w) => [w.role, w]));
  const holders = new Map<string, Array<{ p: PersonProgress; department: string; section: string }>>();
  for (const p of e.people) {
    for (const r of p.roles) {
      if (!windows.has(r.role)) continue;
      const record = (snapshot.rolesByUpn.get(p.upn) ?? []).find((x) => x.role === r.role && x.start === r.since);
      // The unit the role serves: the Roles row's Section when it names one (as the coverage KPI counts), else their own.
      const section = record?.section ?? p.section;
      const department = record?.section ? (departmentOf(snapshot, section, p.department) ?? p.department) : p.department;
      const key = `${r.role}\u0000${department}\u0000${section}`;
      holders.set(key, [...(holders.get(key) ?? []), { p, department, section }]);
    }
  }
  for (const [key, list] of holders) {
    const [roleId, department, section] = key.split('\u0000') as [string, string, string];
    const window = windows.get(roleId)!;
    for (const { p } of list) {
      const staff = snapshot.staffByUpn.get(p.upn)!;
      if (!staff.transferPlanned || (staff.transferDate && staff.transferDate > window.until)) continue;
      if (!inUnit({ department, section }, f) || !matchesPerson(staff, f.q)) continue;
      const nomination = snapshot.records.nominations.find((n) => n.role === roleId && n.section === section && n.status === 'pending' && n.nomineeUpn !== p.upn);
      const other = list.find((h) => h.p.upn !== p.upn && !snapshot.staffByUpn.get(h.p.upn)?.transferPlanned);
      const replacement: Replacement = nomination ? 'nominated' : other ? 'successor' : 'none';
      const managerUpn = sectionApproverOf(programme, snapshot, department, section, p.upn);
      const manager = managerUpn ? snapshot.staffByUpn.get(managerUpn) : undefined;
      rows.push({
        leader: personRef(staff),
        role: { id: roleId, label: window.label },
        department,
        section,
        ...(staff.transferDate ? { transferDate: staff.transferDate } : {}),
        replacement,
        ...(nomination ? { replacementName: snapshot.staffByUpn.get(nomination.nomineeUpn)?.name ?? nomination.nomineeUpn } : other ? { replacementName: other.p.name } : {}),
        ...(manager ? { manager: { upn: manager.upn, name: manager.name } } : {}),
      });
    }
  }
  const order: Record<Replacement, number> = { none: 0, nominated: 1, successor: 2 };
  // 未定 first: the sections the office has to act on.
  return rows.sort((a, b) => order[a.replacement] - order[b.replacement] || byUnitThenReading({ ...a.leader, department: a.department, section: a.section }, { ...b.leader, department: b.department, section: b.section }));
}

/** Reports still waiting for their confirmer after `days` working days (or more), longest first. */
function waitingReports(programme: Programme, e: Evaluated, f: OfficeListFilter): WaitingReportRow[] {
  const snapshot = e.snapshot;
  const days = f.days ?? DEFAULT_WAITING_DAYS;
  const closed = new Set(programme.reminders.closedDays);
  const rows: WaitingReportRow[] = [];
  for (const s of snapshot.records.submissions) {
    // An evaluator's part in a round waits for the round's close, not for a confirmer.
    if (s.status !== 'pending' || !s.itemId || !s.confirmerUpn || !isConfirmable(s)) continue;
    const reporter = snapshot.staffByUpn.get(s.subjectUpn);
    if (!reporter || !inUnit(reporter, f) || !matchesPerson(reporter, f.q)) continue;
    const waited = workingDaysBetween(jstDate(new Date(s.submittedAt)), e.asOf, closed);
    if (waited < days) continue;
    const confirmer = snapshot.staffByUpn.get(s.confirmerUpn);
    rows.push({
      id: s.itemId,
      reporter: personRef(reporter),
      kind: confirmableKindLabel(s.fact.kind),
      item: confirmableItemLabel(programme, snapshot, s.fact),
      date: factDate(s.fact),
      submittedAt: s.submittedAt,
      waitingDays: waited,
      confirmer: { upn: s.confirmerUpn, name: confirmer?.name ?? s.confirmerUpn },
    });
  }
  return rows.sort((a, b) => b.waitingDays - a.waitingDays || byUnitThenReading(a.reporter, b.reporter));
}

const JA = new Intl.Collator('ja');

function byUnitThenReading(a: PersonRef, b: PersonRef): number {
  return JA.compare(a.department, b.department) || JA.compare(a.section, b.section) || byReading(a, b);
}

// ---- reminders --------------------------------------------------------------------------------------

/** One message for one person: what the office reminds them of, worked out for the day it goes. */
export interface OfficeReminder {
  upn: string;
  /** Their own pending items (not-started): remindNow's. */
  own?: true;
  items?: (day: LocalDate) => ReminderItem[];
}

/**
 * Who a list's reminder goes to, one message each: the people who have not started (their own
 * pending items); the managers of sections whose leader leaves without a successor (one item per
 * section); the confirmers of reports waiting (one item per report).
 */
export function officeReminders(view: Pick<OfficeListView, 'list' | 'rows'>): OfficeReminder[] {
  const out = new Map<string, { upn: string; own?: true; make: Array<(day: LocalDate) => ReminderItem> }>();
  const add = (upn: string, make?: (day: LocalDate) => ReminderItem): void => {
    const entry = out.get(upn) ?? { upn, make: [] };
    if (make) entry.make.push(make);
    else entry.own = true;
    out.set(upn, entry);
  };
  if (view.list === 'not-started') for (const r of view.rows as NotStartedRow[]) add(r.person.upn);
  if (view.list === 'transfers') {
    for (const r of view.rows as TransferRow[]) {
      if (r.replacement !== 'none' || !r.manager) continue;
      add(r.manager.upn, (day) => successorItem(r, day));
    }
  }
  if (view.list === 'waiting-reports') {
    for (const r of view.rows as WaitingReportRow[]) if (r.confirmer) add(r.confirmer.upn, () => confirmItem(r));
  }
  return [...out.values()].map((x) => (x.own ? { upn: x.upn, own: true } : { upn: x.upn, items: (day: LocalDate) => x.make.map((m) => m(day)) }));
}

/** 「DX推進リーダーの後任の推薦（総務課）」 — 山田 太郎 さんが 2027/04/01 に異動の予定です. */
function successorItem(r: TransferRow, day: LocalDate): ReminderItem {
  const date = (l: 'ja' | 'en'): string => (r.transferDate ? formatDate(r.transferDate, l) : l === 'ja' ? '（日付未定）' : '(date not set)');
  return {
    key: `office|successor|${r.role.id}|${r.department}|${r.section}|${r.leader.upn}`,
    reason: r.transferDate && r.transferDate < day ? 'overdue' : 'pending',
    label: { ja: `${r.role.label.ja}の後任の推薦（${r.section}）`, en: `Nominate a successor ${pick(r.role.label, 'en')} (${r.section})` },
    evidence: { ja: `${r.leader.name} さんが${date('ja')}に異動の予定です。後任が決まっていません`, en: `${r.leader.name} is to transfer ${date('en')}; no successor yet` },
    ...(r.transferDate ? { due: r.transferDate, daysLeft: daysBetween(day, r.transferDate) } : {}),
    role: r.role.id,
  };
}

/** 「報告の確認: 山田 太郎 さん — 研修の受講 DXリテラシー研修」 — 2026/11/10 から 9 営業日. */
function confirmItem(r: WaitingReportRow): ReminderItem {
  return {
    key: `office|confirm|${r.id}`,
    reason: 'pending',
    label: { ja: `報告の確認: ${r.reporter.name} さん — ${r.kind.ja} ${r.item.ja}`, en: `Confirm ${r.reporter.name}'s report: ${pick(r.kind, 'en')} ${pick(r.item, 'en')}` },
    evidence: {
      ja: `${formatDateTime(r.submittedAt, 'ja')} から ${r.waitingDays} 営業日、確認を待っています`,
      en: `Waiting ${r.waitingDays} working days since ${formatDateTime(r.submittedAt, 'en')}`,
    },
  };
}

/** What one click on 「リマインドを送る」 did: every recipient counted once, by outcome, adding up. */
export interface OfficeRemindResult {
  recipients: number;
  sent: number;
  /** Asked outside the send window: they go when it opens. */
  scheduled: number;
  notSent: Array<{ code: Exclude<ManualReminderResult, { ok: true }>['code']; count: number; names: string[] }>;
}

/** Sends a list's reminders, one person at a time, and counts what happened to each. */
export async function sendOfficeReminders(
  reminders: OfficeReminder[],
  send: (r: OfficeReminder) => Promise<ManualReminderResult>,
  nameOf: (upn: string) => string,
): Promise<OfficeRemindResult> {
  const result: OfficeRemindResult = { recipients: reminders.length, sent: 0, scheduled: 0, notSent: [] };
  for (const r of reminders) {
    const outcome = await send(r);
    if (outcome.ok) {
      if (outcome.scheduled) result.scheduled++;
      else result.sent++;
      continue;
    }
    let group = result.notSent.find((g) => g.code === outcome.code);
    if (!group) result.notSent.push((group = { code: outcome.code, count: 0, names: [] }));
    group.count++;
    group.names.push(nameOf(r.upn));
  }
  return result;
}

// ---- CSV ------------------------------------------------------------------------------------------

const REPLACEMENT: Record<Replacement, ReportStringKey> = { nominated: 'replacementNominated', successor: 'replacementSuccessor', none: 'replacementNone' };

/** A list as CSV rows: Japanese headers, dates in 令和 where a report wants them. */
export function officeListCsv(view: OfficeListView): { header: string[]; rows: Array<Array<string | number | undefined>> } {
  const ja = (key: ReportStringKey): string => t('ja', key);
  const person = (p: PersonRef): Array<string | undefined> => [p.name, p.kana, p.upn, p.department, p.section, p.grade];
  const personHeader = [ja('name'), ja('colKana'), ja('colUpn'), ja('department'), ja('sectionName'), ja('grade')];
  if (view.list === 'not-started') {
    return {
      header: [ja('fiscalYear'), ...personHeader, ja('pending'), ja('nextDue'), ja('colLastActivity')],
      rows: (view.rows as NotStartedRow[]).map((r) => [formatFiscalYear(view.fiscalYear), ...person(r.person), r.pending, r.nextDue && formatWareki(r.nextDue), r.lastActivity && formatWareki(r.lastActivity)]),
    };
  }
  if (view.list === 'transfers') {
    return {
      header: [ja('role'), ja('name'), ja('colKana'), ja('colUpn'), ja('department'), ja('sectionName'), ja('colTransferDate'), ja('colReplacement'), ja('colReplacementName'), ja('colManager')],
      rows: (view.rows as TransferRow[]).map((r) => [
        pick(r.role.label, 'ja'),
        r.leader.name,
        r.leader.kana,
        r.leader.upn,
        r.department,
        r.section,
        r.transferDate ? formatWareki(r.transferDate) : ja('transferDateUnknown'),
        ja(REPLACEMENT[r.replacement]),
        r.replacementName,
        r.manager?.name,
      ]),
    };
  }
  return {
    header: [...personHeader, ja('colReportKind'), ja('colReportItem'), ja('colReportDate'), ja('colSubmittedAt'), ja('colWaitingDays'), ja('colConfirmer')],
    rows: (view.rows as WaitingReportRow[]).map((r) => [...person(r.reporter), pick(r.kind, 'ja'), pick(r.item, 'ja'), formatWareki(r.date), formatDateTime(r.submittedAt, 'ja'), r.waitingDays, r.confirmer?.name]),
  };
}
