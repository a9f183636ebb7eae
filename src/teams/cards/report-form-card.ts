import type { ReportFormView } from '../../app/report-views';
import type { Label, Locale } from '../../domain/label';
import type { ReportKind } from '../../domain/records';
import type { ReportFinding } from '../../domain/reports';
import { REPORT_DATE_LABEL, REPORT_ITEM_LABEL } from '../../domain/reports';
import { clip } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import chooseTemplate from './templates/report-choose.json';
import formTemplate from './templates/report-form.json';

type Choice = { title: string; value: string };

/** 「報告」: the kinds this programme takes reports of, one button each. */
export function reportChooseCard(form: ReportFormView, tabUrl: string, locale: Locale = 'ja'): AdaptiveCardJson {
  const title = t(locale, 'reportChooseTitle');
  return expand(chooseTemplate, {
    ...base(locale, title),
    canReport: form.kinds.length > 0,
    kinds: form.kinds.map((k) => ({ title: pick(k.label, locale), kind: k.kind })),
    tabUrl,
  } satisfies TemplateBase & { canReport: boolean; kinds: Array<{ title: string; kind: string }>; tabUrl: string });
}

/** What the report form shows for one kind. */
export interface ReportFormCardData {
  form: ReportFormView;
  kind: ReportKind;
  /** Today (the date input's maximum). */
  today: string;
  tabUrl: string;
  /** The values of the last submit, kept when the form comes back with its errors. */
  previous?: { item?: string; date?: string; certificate?: string; hours?: string; title?: string; level?: string; note?: string };
  errors?: readonly ReportFinding[];
}

interface ReportFormTemplate extends TemplateBase {
  title: string;
  kind: string;
  hasErrors: boolean;
  errors: Array<{ text: string }>;
  hasFileOnly: boolean;
  fileOnlyText: string;
  canSubmit: boolean;
  itemLabel: string;
  items: Choice[];
  itemValue: string;
  dateLabel: string;
  dateValue: string;
  today: string;
  isQualification: boolean;
  certificateValue: string;
  isCourse: boolean;
  hoursValue: string;
  isContribution: boolean;
  titleValue: string;
  isSkill: boolean;
  levels: Choice[];
  levelValue: string;
  noteLabel: string;
  noteValue: string;
  tabUrl: string;
}

/** Items offered before the list is cut (fewer when the card would be too big). */
export const REPORT_MAX_ITEMS = 100;

/**
 * The report form of one kind: what (a filtered choice), when (a date no later than today), what the
 * kind adds (a certificate number, hours, what was done, the level) and a note. What needs a file
 * (a certificate) is left to the tab, which can upload it: the form says so and offers the rest.
 * Shown again after a submit with its errors at the top and the values kept.
 */
export function reportFormCard(data: ReportFormCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  const kind = data.form.kinds.find((k) => k.kind === data.kind);
  const kindLabel = kind ? pick(kind.label, locale) : data.kind;
  const title = t(locale, 'reportFormTitle', { kind: kindLabel });
  const inChat = (kind?.items ?? []).filter((i) => i.evidence !== 'file');
  const fileOnly = (kind?.items ?? []).filter((i) => i.evidence === 'file');
  const noteRequired = inChat.some((i) => i.evidence === 'note');
  const previous = data.previous ?? {};
  const errors = data.errors ?? [];
  return fitToBudget((limit) => {
    const shown = inChat.slice(0, Math.max(1, limit));
    const chosen = inChat.find((i) => i.id === previous.item);
    if (chosen && !shown.includes(chosen)) shown.splice(shown.length - 1, 1, chosen);
    return expand(formTemplate, {
      ...base(locale, title),
      title,
      kind: data.kind,
      hasErrors: errors.length > 0,
      errors: errors.map((e) => ({ text: pick(e.message, locale) })),
      hasFileOnly: fileOnly.length > 0,
      fileOnlyText: fileOnly.length > 0 ? t(locale, 'reportFileInTab', { items: fileOnly.slice(0, 5).map((i) => pick(i.label, locale)).join(t(locale, 'listSeparator')) }) : '',
      canSubmit: inChat.length > 0,
      itemLabel: pick(REPORT_ITEM_LABEL[data.kind], locale),
      items: shown.map((i) => ({ title: pick(i.label, locale), value: i.id })),
      itemValue: previous.item ?? (inChat.length === 1 ? inChat[0]!.id : ''),
      dateLabel: pick(REPORT_DATE_LABEL[data.kind], locale),
      dateValue: previous.date ?? '',
      today: data.today,
      isQualification: data.kind === 'qualification',
      certificateValue: clip(previous.certificate ?? '', 255),
      isCourse: data.kind === 'course',
      hoursValue: previous.hours ?? '',
      isContribution: data.kind === 'contribution',
      titleValue: clip(previous.title ?? '', 255),
      isSkill: data.kind === 'skill',
      levels: data.form.levels.map((l) => ({ title: levelTitle(l.level, l.label, locale), value: String(l.level) })),
      levelValue: previous.level ?? '',
      noteLabel: t(locale, noteRequired ? 'note' : 'reportNoteOptional'),
      noteValue: clip(previous.note ?? '', 1000),
      tabUrl: data.tabUrl,
    } satisfies ReportFormTemplate);
  }, Math.min(REPORT_MAX_ITEMS, inChat.length) || 1);
}

function levelTitle(level: number, label: Label, locale: Locale): string {
  const name = pick(label, locale);
  return name.includes(String(level)) ? name : `${level}：${name}`;
}
