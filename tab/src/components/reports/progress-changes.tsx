import type { ProgressChange } from '../../api/types';
import { useI18n } from '../../i18n';

/** What a recorded fact changed in the person's steps: a step reached, a certification in reach, or what is still missing. */
export function ProgressChanges({ changes }: { changes: ProgressChange[] }) {
  const { t, label } = useI18n();
  if (changes.length === 0) return <div>{t('changeNone')}</div>;
  return (
    <ul aria-label={t('myRoles')}>
      {changes.map((c, i) => (
        <li key={i}>
          {c.kind === 'stepReached'
            ? t('changeStepReached', { role: label(c.roleLabel), n: c.stepNumber, step: label(c.stepLabel) })
            : c.kind === 'certificationQualifies'
              ? t('changeQualifies', { certification: label(c.label) })
              : t('changeStillMissing', { role: label(c.roleLabel), step: label(c.stepLabel), missing: c.missing.map((m) => label(m)).join('、') })}
        </li>
      ))}
    </ul>
  );
}
