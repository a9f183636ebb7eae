import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Card,
  makeStyles,
  mergeClasses,
  tokens,
  type AccordionToggleEventHandler,
} from '@fluentui/react-components';
import { CheckmarkCircle20Filled, Circle20Regular, ArrowCircleRight20Filled } from '@fluentui/react-icons';
import { useState } from 'react';
import type { RoleProgress, StepResult } from '../../api/types';
import { useI18n, type I18n } from '../../i18n';

export type StepStatus = 'reached' | 'current' | 'next' | 'metWaiting' | 'later';

export interface RoleLadderState {
  role: RoleProgress;
  steps: Array<{ step: StepResult; status: StepStatus }>;
  openSteps: string[];
  onToggle: AccordionToggleEventHandler<string>;
  i18n: I18n;
}

/** Where each step stands: below the current one reached, the current one, the next one, or later. */
export function stepStatuses(role: RoleProgress): Array<{ step: StepResult; status: StepStatus }> {
  return role.steps.map((step) => ({
    step,
    status:
      step.id === role.currentStep
        ? 'current'
        : step.reached
          ? 'reached'
          : step.id === role.next?.step
            ? 'next'
            : step.met
              ? 'metWaiting'
              : 'later',
  }));
}

export function useRoleLadderState(role: RoleProgress): RoleLadderState {
  const i18n = useI18n();
  // The next step is open to begin with: it is the one with something to do.
  const [openSteps, setOpenSteps] = useState<string[]>(role.next ? [role.next.step] : []);
  return {
    role,
    steps: stepStatuses(role),
    openSteps,
    onToggle: (_e, data) => setOpenSteps(data.openItems),
    i18n,
  };
}

export const useRoleLadderStyles = makeStyles({
  card: { padding: tokens.spacingVerticalM, gap: tokens.spacingVerticalM },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: tokens.spacingHorizontalS },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  since: { color: tokens.colorNeutralForeground3 },
  ladder: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'stretch' },
  rung: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
  },
  reached: { backgroundColor: tokens.colorPaletteGreenBackground1, border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder1}` },
  current: { backgroundColor: tokens.colorPaletteGreenBackground2, border: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteGreenBorderActive}` },
  next: { border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}` },
  rungText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  rungLabel: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  rungStatus: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  iconMet: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  iconNext: { color: tokens.colorBrandForeground1, flexShrink: 0 },
  iconLater: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  complete: { color: tokens.colorPaletteGreenForeground1 },
});

const STATUS_KEY = { reached: 'stepReached', current: 'stepCurrent', next: 'stepNext', metWaiting: 'stepMetWaiting', later: 'stepLater' } as const;

/** One role: its step ladder Step1 → Step2 → Step3, then each step's requirements. */
export function renderRoleLadder(state: RoleLadderState, styles: ReturnType<typeof useRoleLadderStyles>, renderTree: (step: StepResult) => React.ReactNode) {
  const { role, steps, i18n } = state;
  const { t, label, date } = i18n;
  const roleName = label(role.label);
  return (
    <Card className={styles.card} aria-labelledby={`role-${role.role}`}>
      <div className={styles.header}>
        <h3 className={styles.title} id={`role-${role.role}`}>
          {roleName}
        </h3>
        {role.since && <span className={styles.since}>{t('roleSince', { date: date(role.since) })}</span>}
        {steps.length > 0 && !role.next && <span className={styles.complete}>{t('ladderComplete')}</span>}
      </div>
      {steps.length > 0 && (
        <ol className={styles.ladder} aria-label={t('stepLadder', { role: roleName })}>
          {steps.map(({ step, status }) => (
            <li
              key={step.id}
              className={mergeClasses(styles.rung, status === 'reached' && styles.reached, status === 'current' && styles.current, status === 'next' && styles.next)}
              aria-current={status === 'current' ? 'step' : undefined}
            >
              {status === 'reached' || status === 'current' ? (
                <CheckmarkCircle20Filled className={styles.iconMet} aria-hidden />
              ) : status === 'next' ? (
                <ArrowCircleRight20Filled className={styles.iconNext} aria-hidden />
              ) : (
                <Circle20Regular className={styles.iconLater} aria-hidden />
              )}
              <span className={styles.rungText}>
                <span className={styles.rungLabel}>{label(step.label)}</span>
                <span className={styles.rungStatus}>
                  {t(STATUS_KEY[status])}
                  {step.optional && ` · ${t('stepOptional')}`}
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
      {steps.length > 0 && (
        <Accordion multiple collapsible openItems={state.openSteps} onToggle={state.onToggle}>
          {steps.map(({ step, status }) => (
            <AccordionItem key={step.id} value={step.id}>
              <AccordionHeader size="small">
                {label(step.label)} — {t('requirements')}
                {(status === 'reached' || status === 'current') && (
                  <>
                    &nbsp;
                    <Badge color="success" size="small">
                      {t('stepReached')}
                    </Badge>
                  </>
                )}
              </AccordionHeader>
              <AccordionPanel>{renderTree(step)}</AccordionPanel>
            </AccordionItem>
          ))}
        </Accordion>
      )}
    </Card>
  );
}
