import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ProgressView, RoleProgress } from '../../api/types';
import type { ReportPrefill } from '../reports/report-dialog';
import { useI18n, type I18n } from '../../i18n';
import { useViewStyles } from '../table-styles';
import { Certifications } from './certifications';
import { MissingList } from './missing-list';
import { RequirementTree } from './requirement-tree';
import { renderRoleLadder, useRoleLadderState, useRoleLadderStyles } from './role-ladder';
import { SkillMap } from './skill-map';

export interface ProgressPanelProps {
  view: ProgressView;
  /** Someone else's progress (所属): their name heads the panel. */
  showPerson?: boolean;
  /** マイステップ where the programme takes reports: 「報告する」 beside what a report can meet. */
  onReport?: (prefill: ReportPrefill) => void;
  /** Whether a report of this kind (and course) is taken. */
  reportable?: (prefill: ReportPrefill) => boolean;
}

export interface ProgressPanelState {
  view: ProgressView;
  showPerson: boolean;
  i18n: I18n;
  onReport?: (prefill: ReportPrefill) => void;
  reportable?: (prefill: ReportPrefill) => boolean;
}

export function useProgressPanelState(props: ProgressPanelProps): ProgressPanelState {
  return { view: props.view, showPerson: props.showPerson ?? false, i18n: useI18n(), onReport: props.onReport, reportable: props.reportable };
}

export const useProgressPanelStyles = makeStyles({
  roles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  next: {
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorBrandStroke1}`,
  },
});

/** マイステップ (and a member's progress in 所属): next actions, each role's ladder, certifications, the skill map. */
export function renderProgressPanel(state: ProgressPanelState, styles: ReturnType<typeof useProgressPanelStyles>, view: ReturnType<typeof useViewStyles>) {
  const { t, label } = state.i18n;
  const { person, progress, skillMap } = state.view;
  return (
    <div className={view.view}>
      {state.showPerson && (
        <h2 className={view.heading}>{t('personHeading', { name: person.name, section: person.section, grade: person.grade })}</h2>
      )}
      <section className={mergeClasses(view.section, styles.next)} aria-labelledby="next-actions">
        <h2 className={view.subheading} id="next-actions">
          {t('nextToDo')}
        </h2>
        {progress.nextActions.length === 0 ? <p>{t('nothingToDo')}</p> : <MissingList items={progress.nextActions} progress={progress} onReport={state.onReport} reportable={state.reportable} />}
      </section>
      <section className={view.section} aria-labelledby="roles">
        <h2 className={view.subheading} id="roles">
          {t('myRoles')}
        </h2>
        {progress.roles.length === 0 ? (
          <p>{t('noRoles')}</p>
        ) : (
          <div className={styles.roles}>
            {progress.roles.map((r) => (
              <RoleLadder key={r.role} role={r} />
            ))}
          </div>
        )}
      </section>
      {progress.certifications.length > 0 && (
        <section className={view.section} aria-labelledby="certifications">
          <h2 className={view.subheading} id="certifications">
            {t('certifications')}
          </h2>
          <Certifications items={progress.certifications} progress={progress} />
        </section>
      )}
      {skillMap && (
        <section className={view.section} aria-labelledby="skill-map">
          <h2 className={view.subheading} id="skill-map">
            {label(skillMap.label) || t('skillMap')}
          </h2>
          <div className={view.scroll}>
            <SkillMap map={skillMap} />
          </div>
        </section>
      )}
    </div>
  );
}

export function ProgressPanel(props: ProgressPanelProps) {
  return renderProgressPanel(useProgressPanelState(props), useProgressPanelStyles(), useViewStyles());
}

function RoleLadder({ role }: { role: RoleProgress }) {
  return renderRoleLadder(useRoleLadderState(role), useRoleLadderStyles(), (step) => <RequirementTree result={step.result} />);
}
