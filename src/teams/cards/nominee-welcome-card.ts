import type { Label, Locale } from '../../domain/label';
import { missingItems, type MissingItem, type RoleProgress } from '../../domain/progress';
import { formatOfficialDate, jstDay } from '../../i18n/format';
import { pick, t } from '../../i18n/cards';
import { missingItemView, soonestFirst, type MissingItemView } from './missing-items';
import { base, expand, fitToBudget, type AdaptiveCardJson, type TemplateBase } from './render';
import template from './templates/nominee-welcome.json';

/** A role's first step and what it still needs. */
export interface FirstStep {
  label: Label;
  missing: readonly MissingItem[];
}

/** What the nominee is told after the approval. */
export interface NomineeWelcomeCardData {
  name: string;
  /** The section the role is for. */
  section: string;
  role: { id: string; label: Label };
  /** When it was approved (ISO instant or date). */
  approvedAt?: string;
  /** The role's first step for this person (see firstStepOf); absent when the role has no steps. */
  firstStep?: FirstStep;
  /** The tab's deep link. */
  tabUrl: string;
}

interface NomineeWelcomeTemplate extends TemplateBase {
  title: string;
  hasApprovedOn: boolean;
  approvedOn: string;
  intro: string;
  hasFirstStep: boolean;
  firstStepLine: string;
  firstStepDone: boolean;
  missing: MissingItemView[];
  hasMore: boolean;
  moreText: string;
  tabUrl: string;
}

/** Items of the first step shown before 「ほか N 件」 (fewer when the card would be too big). */
export const WELCOME_MAX_ITEMS = 8;

/** The first step of a role the person now holds (from their evaluated progress), for the welcome card. */
export function firstStepOf(role: RoleProgress): FirstStep | undefined {
  const step = role.steps[0];
  if (!step) return undefined;
  return { label: step.label, missing: missingItems(step.result, { role: role.role, step: step.id }) };
}

/** To the nominee after the approval: the new role and the training of its first step, with a link to the tab. */
export function nomineeWelcomeCard(data: NomineeWelcomeCardData, locale: Locale = 'ja'): AdaptiveCardJson {
  const role = pick(data.role.label, locale);
  const title = t(locale, 'welcomeTitle', { role });
  const approvedDay = jstDay(data.approvedAt);
  const missing = data.firstStep ? soonestFirst(data.firstStep.missing) : [];
  const vars = { name: data.name, section: data.section, role };
  return fitToBudget((limit) => {
    const shown = missing.slice(0, limit);
    return expand(template, {
      ...base(locale, title),
      title,
      hasApprovedOn: !!approvedDay,
      approvedOn: approvedDay ? t(locale, 'approvedOn', { date: formatOfficialDate(approvedDay, locale) }) : '',
      intro: t(locale, data.firstStep ? 'welcomeText' : 'welcomeTextNoSteps', vars),
      hasFirstStep: !!data.firstStep,
      firstStepLine: data.firstStep ? t(locale, 'firstStep', { step: pick(data.firstStep.label, locale) }) : '',
      firstStepDone: !!data.firstStep && missing.length === 0,
      missing: shown.map((m) => missingItemView(m, locale)),
      hasMore: missing.length > shown.length,
      moreText: missing.length > shown.length ? t(locale, 'moreInTab', { n: missing.length - shown.length }) : '',
      tabUrl: data.tabUrl,
    } satisfies NomineeWelcomeTemplate);
  }, WELCOME_MAX_ITEMS);
}
