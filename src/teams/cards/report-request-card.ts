import type { ReportNotice, ReportRequestData, ReportResultData } from '../../app/report-notices';
import type { ReportView } from '../../app/report-views';
import type { Locale } from '../../domain/label';
import type { ProgressChange } from '../../domain/progress-changes';
import { clip, formatDate, formatDateTimeWithWeekday, formatNumber } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { base, expand, type AdaptiveCardJson, type TemplateBase } from './render';
import requestTemplate from './templates/report-request.json';
import resultTemplate from './templates/report-result.json';

type Style = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
type Color = 'Default' | 'Good' | 'Attention' | 'Warning' | 'Accent';

interface ReportRequestTemplate extends TemplateBase {
  reportId: string;
  heading: string;
  confirmerUserId: string;
  hasNotice: boolean;
  noticeText: string;
  summary: string;
  facts: Array<{ title: string; value: string }>;
  /** What the reporter typed (a note, a certificate number, what they did, a file's name): shown as plain text, never as markdown. */
  texts: Array<{ label: string; value: string }>;
  showStatus: boolean;
  statusStyle: Style;
  statusText: string;
  statusColor: Color;
  hasDecidedBy: boolean;
  decidedByText: string;
  hasComment: boolean;
  comment: string;
  canDecide: boolean;
  tabUrl: string;
}

/**
 * The request to confirm a report, for one viewer: who reported what and when, the details and the
 * note; while it waits, whoever may confirm it gets a comment box and 承認 / 差し戻し, anyone else its
 * state. The card refreshes for the confirmer (report.refresh), so an old copy never offers buttons
 * for a decided report. Everything the reporter typed goes in TextRuns (no markdown, no links).
 */
export function reportRequestCard(data: ReportRequestData, tabUrl: string, locale: Locale = 'ja'): AdaptiveCardJson {
  const r = data.report;
  const summary = reportRequestSummary(r, locale);
  const canDecide = r.status === 'pending' && r.canDecide;
  const comment = r.comment?.trim() ?? '';
  return expand(requestTemplate, {
    ...base(locale, summary),
    reportId: r.id,
    heading: t(locale, r.kind === 'role-declaration' ? 'declarationRequestTitle' : 'reportRequestTitle'),
    confirmerUserId: data.confirmerUserId,
    hasNotice: data.notice !== undefined,
    noticeText: noticeText(data.notice, locale),
    summary,
    facts: factsOf(r, locale),
    texts: textsOf(r, locale),
    showStatus: !canDecide,
    ...statusOf(r, locale),
    hasComment: comment !== '',
    comment: clip(comment, 1000),
    canDecide,
    tabUrl,
  } satisfies ReportRequestTemplate);
}

/**
 * What a request to confirm says in one line: who reported what — or, for a role someone volunteers
 * for (手挙げ方式), who offers to take which role.
 */
export function reportRequestSummary(r: ReportView, locale: Locale): string {
  if (r.kind === 'role-declaration') return t(locale, 'declarationSummary', { name: r.subject.name, role: pick(r.item.label, locale) });
  return t(locale, 'reportSummary', { name: r.subject.name, kind: pick(r.kindLabel, locale) });
}

/** The title of the reporter's news: their report, or their role declaration, confirmed or returned. */
export function reportResultTitle(r: ReportView, locale: Locale): string {
  const declared = r.kind === 'role-declaration';
  if (r.status === 'confirmed') return t(locale, declared ? 'declarationResultConfirmedTitle' : 'reportResultConfirmedTitle');
  return t(locale, declared ? 'declarationResultReturnedTitle' : 'reportResultReturnedTitle');
}

/** The reporter's news: confirmed or returned (with the comment), and what changed in their steps. */
export function reportResultCard(data: ReportResultData, tabUrl: string, locale: Locale = 'ja'): AdaptiveCardJson {
  const r = data.report;
  const confirmed = r.status === 'confirmed';
  const title = reportResultTitle(r, locale);
  const comment = r.comment?.trim() ?? '';
  const changes = confirmed ? data.changes.map((c) => changeLine(c, locale)) : [];
  return expand(resultTemplate, {
    ...base(locale, title),
    title,
    style: confirmed ? 'good' : 'attention',
    color: confirmed ? 'Good' : 'Attention',
    line: t(locale, 'reportResultLine', { item: pick(r.item.label, locale), date: formatDate(r.date, locale) }),
    hasComment: comment !== '',
    comment: clip(comment, 1000),
    changes: confirmed && changes.length === 0 ? [{ text: t(locale, 'changeNone'), color: 'Default' }] : changes,
    tabUrl,
  } satisfies TemplateBase & { title: string; style: Style; color: Color; line: string; hasComment: boolean; comment: string; changes: Array<{ text: string; color: Color }>; tabUrl: string });
}

/** One change in words: 「「DXアドバイザー」の Step 2（…）に到達しました」. */
export function changeLine(c: ProgressChange, locale: Locale): { text: string; color: Color } {
  switch (c.kind) {
    case 'stepReached':
      return { text: t(locale, 'changeStepReached', { role: pick(c.roleLabel, locale), n: c.stepNumber, step: pick(c.stepLabel, locale) }), color: 'Good' };
    case 'certificationQualifies':
      return { text: t(locale, 'changeQualifies', { certification: pick(c.label, locale) }), color: 'Good' };
    case 'stillMissing':
      return {
        text: t(locale, 'changeStillMissing', { role: pick(c.roleLabel, locale), step: pick(c.stepLabel, locale), missing: c.missing.map((m) => pick(m, locale)).join(t(locale, 'listSeparator')) }),
        color: 'Default',
      };
  }
}

function factsOf(r: ReportView, locale: Locale): Array<{ title: string; value: string }> {
  const unit = r.subject.department && r.subject.section ? `（${t(locale, 'unitLine', { department: r.subject.department, section: r.subject.section })}）` : '';
  // A role declaration names who volunteers, from when, and when they asked.
  const declared = r.kind === 'role-declaration';
  return [
    { title: t(locale, declared ? 'factDeclarer' : 'reporter'), value: `${r.subject.name}${unit}` },
    { title: t(locale, 'factKind'), value: pick(r.kindLabel, locale) },
    { title: t(locale, 'factItem'), value: pick(r.item.label, locale) },
    { title: t(locale, declared ? 'factFrom' : 'factDate'), value: formatDate(r.date, locale) },
    ...(r.hours !== undefined ? [{ title: t(locale, 'factHours'), value: formatNumber(r.hours, locale) }] : []),
    ...(r.level !== undefined ? [{ title: t(locale, 'level'), value: String(r.level) }] : []),
    { title: t(locale, declared ? 'factDeclaredAt' : 'factSubmittedAt'), value: formatDateTimeWithWeekday(r.submittedAt, locale) },
    ...(r.confirmer ? [{ title: t(locale, 'factConfirmer'), value: r.confirmer.name }] : []),
  ];
}

function textsOf(r: ReportView, locale: Locale): Array<{ label: string; value: string }> {
  return [
    ...(r.title ? [{ label: t(locale, 'reportTitleInput'), value: clip(r.title, 255) }] : []),
    ...(r.certificateNumber ? [{ label: t(locale, 'factCertificate'), value: clip(r.certificateNumber, 255) }] : []),
    ...(r.note ? [{ label: t(locale, 'note'), value: clip(r.note, 1000) }] : []),
    ...(r.evidence ? [{ label: t(locale, 'evidence'), value: t(locale, 'evidenceFile', { name: r.evidence.name, size: Math.max(1, Math.round(r.evidence.size / 1024)) }) }] : []),
  ];
}

function noticeText(notice: ReportNotice | undefined, locale: Locale): string {
  switch (notice) {
    case 'notPending':
      return t(locale, 'reportNoticeNotPending');
    case 'changed':
      return t(locale, 'reportNoticeChanged');
    case 'notConfirmer':
      return t(locale, 'reportNoticeNotConfirmer');
    case 'commentRequired':
      return t(locale, 'reportNoticeCommentRequired');
    default:
      return '';
  }
}

function statusOf(r: ReportView, locale: Locale): { statusStyle: Style; statusText: string; statusColor: Color; hasDecidedBy: boolean; decidedByText: string } {
  const when = r.decidedAt ? formatDateTimeWithWeekday(r.decidedAt, locale) : '';
  const by = when && r.decidedBy ? t(locale, 'decidedBy', { who: r.decidedBy.name, when }) : when;
  switch (r.status) {
    case 'pending':
      return {
        statusStyle: 'emphasis',
        statusText: r.confirmer ? t(locale, 'reportStatusPending', { confirmer: r.confirmer.name }) : t(locale, 'reportStatusPendingAny'),
        statusColor: 'Accent',
        hasDecidedBy: false,
        decidedByText: '',
      };
    case 'confirmed':
      return { statusStyle: 'good', statusText: t(locale, 'reportWasConfirmed'), statusColor: 'Good', hasDecidedBy: by !== '', decidedByText: by };
    case 'returned':
      return { statusStyle: 'attention', statusText: t(locale, 'reportWasReturned'), statusColor: 'Attention', hasDecidedBy: by !== '', decidedByText: by };
    case 'withdrawn':
      return { statusStyle: 'emphasis', statusText: t(locale, 'wasWithdrawn'), statusColor: 'Default', hasDecidedBy: by !== '', decidedByText: by };
  }
}
