/**
 * Reports as the tab API and the cards show them: names and labels resolved, both languages
 * (the tab and the cards pick one). Types here are the API's contract; tab/ imports them.
 */
import type { Label } from '../domain/label';
import type { Confirmer, EvidenceRequirement, Programme } from '../domain/programme';
import type { ReportKind, SubmissionRecord, SubmissionStatus } from '../domain/records';
import { confirmableItemLabel, confirmableKindLabel, confirmerRuleOf, mayConfirm, REPORT_DATE_LABEL, REPORT_ITEM_LABEL, REPORT_KIND_LABEL, reportableKinds, reportRule } from '../domain/reports';
import type { Snapshot } from '../domain/snapshot';
import { factDate, factSubject, isConfirmable, type ConfirmableFact } from '../domain/submissions';
import type { Scope } from './access';

export type { ProgressChange } from '../domain/progress-changes';

export interface ReportView {
  id: string;
  subject: { upn: string; name: string; department?: string; section?: string };
  /** A report's kind, or a declared role (role-declaration, 手挙げ方式). */
  kind: ReportKind | 'role-declaration';
  kindLabel: Label;
  item: { id: string; label: Label };
  /** The day it happened (取得日, 受講日 …). */
  date: string;
  certificateNumber?: string;
  hours?: number;
  title?: string;
  level?: number;
  note?: string;
  evidence?: { name: string; contentType: string; size: number };
  status: SubmissionStatus;
  confirmer?: { upn: string; name: string };
  /** Who confirms, by the programme's rule (a declared role may name the department's head). */
  confirmedBy: Confirmer | 'departmentManager';
  comment?: string;
  submittedAt: string;
  decidedAt?: string;
  decidedBy?: { upn: string; name: string };
  /** Whether the caller may confirm or return it now (pending, and they may confirm it). */
  canDecide: boolean;
  /** Whether the caller may withdraw it (their own, pending). */
  canWithdraw: boolean;
}

/** One report for one viewer. */
export function reportView(programme: Programme, snapshot: Snapshot, s: SubmissionRecord & { itemId: string; fact: ConfirmableFact }, viewer?: { upn: string; office: boolean }): ReportView {
  const name = (upn: string): string => snapshot.staffByUpn.get(upn)?.name ?? upn;
  const subject = snapshot.staffByUpn.get(s.subjectUpn);
  const fact = s.fact;
  const itemId = factSubject(fact);
  const pending = s.status === 'pending';
  return {
    id: s.itemId,
    subject: { upn: s.subjectUpn, name: name(s.subjectUpn), department: subject?.department, section: subject?.section },
    kind: fact.kind,
    kindLabel: confirmableKindLabel(fact.kind),
    item: { id: itemId, label: confirmableItemLabel(programme, snapshot, fact) },
    date: factDate(fact),
    ...(fact.kind === 'qualification' && fact.certificateNumber ? { certificateNumber: fact.certificateNumber } : {}),
    ...(fact.kind === 'course' && fact.hours !== undefined ? { hours: fact.hours } : {}),
    ...(fact.kind === 'contribution' ? { title: fact.title } : {}),
    ...(fact.kind === 'skill' ? { level: fact.level } : {}),
    ...(s.note ? { note: s.note } : {}),
    ...(s.evidence ? { evidence: { name: s.evidence.name, contentType: s.evidence.contentType, size: s.evidence.size } } : {}),
    status: s.status,
    ...(s.confirmerUpn ? { confirmer: { upn: s.confirmerUpn, name: name(s.confirmerUpn) } } : {}),
    confirmedBy: confirmerRuleOf(programme, fact),
    ...(s.comment ? { comment: s.comment } : {}),
    submittedAt: s.submittedAt,
    ...(s.decidedAt ? { decidedAt: s.decidedAt } : {}),
    ...(s.decidedByUpn ? { decidedBy: { upn: s.decidedByUpn, name: name(s.decidedByUpn) } } : {}),
    canDecide: pending && !!viewer && mayConfirm(programme, snapshot, s, viewer),
    canWithdraw: pending && !!viewer && viewer.upn.toLowerCase() === s.subjectUpn,
  };
}

/** Which reports: the caller's own, or those they may confirm (their queue). */
export type ReportsScope = 'mine' | 'queue';

/**
 * Reports the caller may see, newest first: their own (`mine`), or the ones they may confirm
 * (`queue`: the person asked, the section's managers, the office) — never anyone else's.
 */
export function reportsView(programme: Programme, snapshot: Snapshot, scope: Scope, which: ReportsScope, status: 'pending' | 'decided' | 'all'): ReportView[] {
  const me = { upn: scope.caller.upn.toLowerCase(), office: scope.office };
  return snapshot.records.submissions
    .filter((s): s is SubmissionRecord & { itemId: string; fact: ConfirmableFact } => s.itemId !== undefined && isConfirmable(s))
    .filter((s) => (status === 'all' ? true : status === 'pending' ? s.status === 'pending' : s.status !== 'pending'))
    .filter((s) => (which === 'mine' ? s.subjectUpn === me.upn : s.subjectUpn !== me.upn && mayConfirm(programme, snapshot, s, me)))
    .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0))
    .map((s) => reportView(programme, snapshot, s, me));
}

/** One kind in the report form: its items with what each needs. */
export interface ReportFormKind {
  kind: ReportKind;
  label: Label;
  /** What the item is called for this kind (資格, 研修 …). */
  itemLabel: Label;
  /** What the date is called for this kind (取得日, 受講日 …). */
  dateLabel: Label;
  items: Array<{ id: string; label: Label; evidence: EvidenceRequirement; confirmer: Confirmer }>;
}

/** What the report form offers (GET /api/reports/form): the kinds and items staff may report, the file rules, the skill levels. */
export interface ReportFormView {
  kinds: ReportFormKind[];
  files: { maxBytes: number; types: string[] };
  levels: Array<{ level: number; label: Label }>;
}

/** The report form for a programme and the current Courses list. */
export function reportFormView(programme: Programme, snapshot: Snapshot): ReportFormView {
  const itemsOf = (kind: ReportKind): Array<{ id: string; label: Label }> => {
    switch (kind) {
      case 'qualification':
        return programme.qualifications.map((q) => ({ id: q.id, label: q.label }));
      case 'course':
        return [...snapshot.courses.values()].map((c) => ({ id: c.id, label: c.label }));
      case 'contribution':
        return programme.contributionKinds.map((c) => ({ id: c.id, label: c.label }));
      case 'skill':
        return (programme.skillMap?.skills ?? []).map((s) => ({ id: s.id, label: s.label }));
    }
  };
  const scale = programme.scales.skillLevel;
  const named = new Map((programme.skillMap?.levels ?? []).map((l) => [l.level, l.label]));
  return {
    kinds: reportableKinds(programme).map((kind) => ({
      kind,
      label: REPORT_KIND_LABEL[kind],
      itemLabel: REPORT_ITEM_LABEL[kind],
      dateLabel: REPORT_DATE_LABEL[kind],
      items: itemsOf(kind)
        .map((i) => ({ ...i, rule: reportRule(programme, kind, i.id) }))
        .filter((i) => i.rule.allowed)
        .map((i) => ({ id: i.id, label: i.label, evidence: i.rule.evidence, confirmer: i.rule.confirmer })),
    })),
    files: { maxBytes: programme.reporting.files.maxBytes, types: programme.reporting.files.types },
    levels: Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i).map((level) => ({ level, label: named.get(level) ?? { ja: `レベル${level}`, en: `Level ${level}` } })),
  };
}
