import type { Label, Locale } from '../../domain/label';
import type { NominationCheck } from '../../domain/nomination-rules';
import { clip } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/nomination-form.json';

/** A role the section can nominate for, with its seats. */
export interface NominationFormRole {
  id: string;
  label: Label;
  /** Seats taken: current holders and pending nominations. */
  seatsUsed: number;
  /** Seats per section; absent when the programme sets no limit. */
  seatsTotal?: number;
  /** Current holders, offered as "replaces" when the role is full. */
  holders?: ReadonlyArray<{ upn: string; name: string }>;
}

/** What the nomination form shows. */
export interface NominationFormData {
  /** The section the nomination is for (sent back with the submit). */
  section: string;
  roles: readonly NominationFormRole[];
  /** Staff who can be nominated, in the order to show them. */
  candidates: ReadonlyArray<{ upn: string; name: string; grade: string }>;
  /** The values of the last submit, kept when the form is shown again. */
  previous?: { nominee?: string; role?: string; reason?: string; replaces?: string };
  /** The findings of the last submit: errors at the top in the attention colour; warnings with a confirm button. */
  check?: Pick<NominationCheck, 'errors' | 'warnings'>;
  /** The tab's deep link (the tab can nominate anyone when the list here is cut). */
  tabUrl: string;
}

type Choice = { title: string; value: string };

interface NominationFormTemplate extends TemplateBase {
  title: string;
  section: string;
  hasErrors: boolean;
  errors: Array<{ text: string }>;
  hasWarnings: boolean;
  warnings: Array<{ text: string }>;
  roles: Choice[];
  roleValue: string;
  cannotNominate: boolean;
  cannotText: string;
  candidates: Choice[];
  nomineeValue: string;
  candidatesTruncated: boolean;
  truncatedText: string;
  hasReplaceChoices: boolean;
  replaceChoices: Choice[];
  replacesValue: string;
  reasonValue: string;
  canSubmit: boolean;
  canConfirm: boolean;
  /** "" leaves the default style: the confirm button is the primary one then. */
  submitStyle: 'positive' | '';
  tabUrl: string;
}

/** Candidates offered before the list is cut (fewer when the card would be too big). */
export const NOMINATION_MAX_CANDIDATES = 150;
/** The Reason column's length, and the input's. */
export const REASON_MAX_LENGTH = 1000;

/**
 * The form a manager nominates with: the role (with seats used/total), the candidate (a filtered
 * choice of name・grade), the reason, and whom the nominee replaces when a role is full. Shown again
 * after a submit with its errors at the top and the values kept; after warnings, with a
 * 「警告を確認して推薦する」 button that submits the same inputs with confirmWarnings.
 */
export function nominationFormCard(data: NominationFormData, locale: Locale = 'ja'): AdaptiveCardJson {
  const title = t(locale, 'nominateTitle', { section: data.section });
  const errors = data.check?.errors ?? [];
  const warnings = data.check?.warnings ?? [];
  const previous = data.previous ?? {};
  const roleValue = previous.role ?? (data.roles.length === 1 ? data.roles[0]!.id : '');
  const canSubmit = data.roles.length > 0 && data.candidates.length > 0;
  const canConfirm = canSubmit && warnings.length > 0 && errors.length === 0;
  const replaceChoices = replaceChoicesOf(data.roles, locale);
  return fitToBudget((limit) => {
    const shown = shownCandidates(data.candidates, previous.nominee, limit);
    return expand(template, {
      ...base(locale, title),
      title,
      section: data.section,
      hasErrors: errors.length > 0,
      errors: errors.map((e) => ({ text: pick(e.message, locale) })),
      hasWarnings: warnings.length > 0,
      warnings: warnings.map((w) => ({ text: pick(w.message, locale) })),
      roles: data.roles.map((r) => ({ title: roleTitle(r, locale), value: r.id })),
      roleValue,
      cannotNominate: !canSubmit,
      cannotText: data.roles.length === 0 ? t(locale, 'noNominatedRoles') : data.candidates.length === 0 ? t(locale, 'noCandidates') : '',
      candidates: shown.map((c) => ({ title: c.grade ? t(locale, 'nameGrade', { name: c.name, grade: c.grade }) : c.name, value: c.upn })),
      nomineeValue: previous.nominee ?? '',
      candidatesTruncated: shown.length < data.candidates.length,
      truncatedText: shown.length < data.candidates.length ? t(locale, 'candidatesTruncated', { total: data.candidates.length, shown: shown.length }) : '',
      hasReplaceChoices: replaceChoices.length > 0,
      replaceChoices,
      replacesValue: previous.replaces ?? '',
      reasonValue: clip(previous.reason ?? '', REASON_MAX_LENGTH),
      canSubmit,
      canConfirm,
      submitStyle: canConfirm ? '' : 'positive',
      tabUrl: data.tabUrl,
    } satisfies NominationFormTemplate);
    // At least one candidate stays, so a cut list never leaves a required input without choices.
  }, Math.min(NOMINATION_MAX_CANDIDATES, data.candidates.length) || 1);
}

function roleTitle(r: NominationFormRole, locale: Locale): string {
  const role = pick(r.label, locale);
  if (r.seatsTotal === undefined) return role;
  return t(locale, r.seatsUsed >= r.seatsTotal ? 'roleChoiceFull' : 'roleChoiceSeats', { role, used: r.seatsUsed, total: r.seatsTotal });
}

/** The holders of the full roles, once each. */
function replaceChoicesOf(roles: readonly NominationFormRole[], locale: Locale): Choice[] {
  const seen = new Set<string>();
  const out: Choice[] = [];
  for (const r of roles) {
    if (r.seatsTotal === undefined || r.seatsUsed < r.seatsTotal) continue;
    for (const h of r.holders ?? []) {
      if (seen.has(h.upn)) continue;
      seen.add(h.upn);
      out.push({ title: t(locale, 'replacesChoice', { name: h.name, role: pick(r.label, locale) }), value: h.upn });
    }
  }
  return out;
}

/** The first `limit` candidates (at least one), keeping the previously chosen one in the list. */
function shownCandidates<C extends { upn: string }>(candidates: readonly C[], previous: string | undefined, limit: number): C[] {
  const shown = candidates.slice(0, Math.max(1, limit));
  if (previous && !shown.some((c) => c.upn === previous)) {
    const chosen = candidates.find((c) => c.upn === previous);
    if (chosen) shown.splice(shown.length - 1, 1, chosen);
  }
  return shown;
}
