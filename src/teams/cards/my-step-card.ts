import type { Locale } from '../../domain/label';
import type { CertificationStatus, PersonProgress, RoleProgress } from '../../domain/progress';
import { pick, t } from '../../i18n/cards';
import { formatDateWithWeekday } from '../../i18n/format';
import { missingItemView, soonestFirst, type MissingItemView } from './missing-items';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/my-step.json';

interface RoleView {
  label: string;
  stepLine: string;
  stepColor: 'Good' | 'Default';
  hasNextLine: boolean;
  nextLine: string;
  nextColor: 'Good' | 'Default';
  nothingMissing: boolean;
  missing: MissingItemView[];
  hasMore: boolean;
  moreText: string;
}

interface MyStepTemplate extends TemplateBase {
  title: string;
  unitLine: string;
  tabUrl: string;
  noRoles: boolean;
  roles: RoleView[];
  hasCertifications: boolean;
  certifications: Array<{ text: string; color: 'Good' | 'Accent' | 'Default' }>;
  canReport: boolean;
}

/** Missing items shown per role before 「ほか N 件」 (fewer when the card would be too big). */
export const MY_STEP_MAX_ITEMS = 6;

/**
 * A person's roles with their step (its label with the progress: 「Step1（1/3）」), the next step and what it still
 * needs (due dates, overdue in the attention colour, course links), the certifications, and a
 * button to the tab (`tabUrl`: the tab's deep link).
 */
export function myStepCard(progress: PersonProgress, tabUrl: string, locale: Locale = 'ja', opts: { canReport?: boolean } = {}): AdaptiveCardJson {
  const title = t(locale, 'myStepTitle', { name: progress.name });
  return fitToBudget(
    (limit) =>
      expand(template, {
        ...base(locale, title),
        title,
        unitLine: unitLine(progress, locale),
        tabUrl,
        noRoles: progress.roles.length === 0,
        roles: progress.roles.map((r) => roleView(r, locale, limit)),
        hasCertifications: progress.certifications.length > 0,
        certifications: progress.certifications.map((c) => certificationView(c, locale)),
        canReport: opts.canReport ?? false,
      } satisfies MyStepTemplate),
    MY_STEP_MAX_ITEMS,
  );
}

function unitLine(p: PersonProgress, locale: Locale): string {
  return p.gradeText ? t(locale, 'unitGradeLine', { department: p.department, section: p.section, grade: p.gradeText }) : t(locale, 'unitLine', { department: p.department, section: p.section });
}

function roleView(r: RoleProgress, locale: Locale, limit: number): RoleView {
  const total = r.steps.length;
  const complete = total > 0 && !r.next;
  // The tab's form (members table): the programme's own step label, or 未着手, with the progress.
  const reached = r.steps[r.stepsReached - 1];
  const stepLine =
    total === 0
      ? t(locale, 'noSteps')
      : t(locale, 'stepProgress', { step: reached ? pick(reached.label, locale) : t(locale, 'noStepYet'), reached: r.stepsReached, total });
  const missing = r.next ? soonestFirst(r.next.missing) : [];
  const shown = missing.slice(0, limit);
  const nextLine = r.next
    ? t(locale, 'nextStep', { step: pick(r.next.label, locale) + (r.next.optional ? t(locale, 'optionalStep') : '') })
    : complete
      ? t(locale, 'ladderComplete')
      : '';
  return {
    label: pick(r.label, locale),
    stepLine,
    stepColor: complete ? 'Good' : 'Default',
    hasNextLine: nextLine !== '',
    nextLine,
    nextColor: complete ? 'Good' : 'Default',
    nothingMissing: !!r.next && missing.length === 0,
    missing: shown.map((m) => missingItemView(m, locale)),
    hasMore: missing.length > shown.length,
    moreText: missing.length > shown.length ? t(locale, 'moreInTab', { n: missing.length - shown.length }) : '',
  };
}

function certificationView(c: CertificationStatus, locale: Locale): { text: string; color: 'Good' | 'Accent' | 'Default' } {
  const status =
    c.status === 'held'
      ? c.since
        ? t(locale, 'certHeldSince', { date: formatDateWithWeekday(c.since, locale) })
        : t(locale, 'certHeld')
      : c.status === 'qualifies'
        ? t(locale, 'certQualifies')
        : c.missing.length > 0
          ? t(locale, 'certNotYetMissing', { n: c.missing.length })
          : t(locale, 'certNotYet');
  return { text: t(locale, 'certLine', { label: pick(c.label, locale), status }), color: c.status === 'held' ? 'Good' : c.status === 'qualifies' ? 'Accent' : 'Default' };
}
