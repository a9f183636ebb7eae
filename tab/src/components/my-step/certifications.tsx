import { Badge, Card, makeStyles, tokens } from '@fluentui/react-components';
import type { AwardView, CertificationStatus, PersonProgress } from '../../api/types';
import { CertificateLink } from '../awards/certificate-link';
import { useI18n } from '../../i18n';
import { MissingList } from './missing-list';
import { RequirementTree } from './requirement-tree';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: tokens.spacingHorizontalM },
  card: { padding: tokens.spacingVerticalM },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3, margin: 0 },
});

const STATUS = {
  held: { key: 'certHeld', color: 'success' },
  qualifies: { key: 'certQualifies', color: 'warning' },
  notYet: { key: 'certNotYet', color: 'informative' },
} as const;

/** Each certification: held (since when), qualifies and waits for the decision (認定待ち), or what is still missing. */
export function Certifications({ items, progress, awards }: { items: CertificationStatus[]; progress: PersonProgress; awards?: AwardView[] }) {
  const styles = useStyles();
  const { t, label, date } = useI18n();
  return (
    <div className={styles.grid}>
      {items.map((c) => {
        const s = STATUS[c.status];
        const award = c.status === 'held' ? awards?.find((a) => a.certification.id === c.certification && a.inForce) : undefined;
        return (
          <Card key={c.certification} className={styles.card} aria-label={label(c.label)}>
            <div className={styles.header}>
              <h3 className={styles.title}>{label(c.label)}</h3>
              <Badge color={s.color} appearance="filled">
                {t(s.key)}
              </Badge>
              {c.since && <span className={styles.muted}>{t('roleSince', { date: date(c.since) })}</span>}
            </div>
            {c.status === 'notYet' && c.missing.length > 0 && (
              <>
                <p className={styles.muted}>{t('certMissing')}</p>
                <MissingList items={c.missing} progress={progress} label={`${label(c.label)} — ${t('certMissing')}`} />
              </>
            )}
            {c.status === 'qualifies' && <RequirementTree result={c.result} />}
            {award && (
              <p className={styles.muted}>
                {award.serial && `${t('awardSerial')} ${award.serial} · `}
                <CertificateLink award={award} />
              </p>
            )}
          </Card>
        );
      })}
    </div>
  );
}
