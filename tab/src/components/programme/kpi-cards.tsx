import { Badge, Card, makeStyles, tokens } from '@fluentui/react-components';
import type { KpiResult } from '../../api/types';
import { useI18n } from '../../i18n';
import { kpiValue, kpiVerdict } from './kpi-format';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  card: { padding: tokens.spacingVerticalM, gap: tokens.spacingVerticalXS },
  title: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  value: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  line: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground2 },
  description: { margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** One card per KPI: the value against the target, and 達成/未達, 順調/遅れ or 目標未設定. */
export function KpiCards({ kpis }: { kpis: KpiResult[] }) {
  const styles = useStyles();
  const i18n = useI18n();
  const { t, label, number, fiscalYear } = i18n;
  return (
    <ul className={styles.grid} style={{ listStyleType: 'none', margin: 0, padding: 0 }} aria-label={t('kpis')}>
      {kpis.map((k) => {
        const v = kpiVerdict(k);
        const target = k.target
          ? t(k.target.approximate ? 'kpiTargetApprox' : 'kpiTarget', { value: kpiValue(k.unit, k.target.value, i18n), fy: fiscalYear(k.target.fiscalYear) })
          : undefined;
        return (
          <li key={k.id}>
            <Card className={styles.card} aria-label={label(k.label)}>
              <h3 className={styles.title}>{label(k.label)}</h3>
              <span className={styles.value}>{kpiValue(k.unit, k.value, i18n)}</span>
              {k.denominator !== undefined && k.unit === 'percent' && (
                <span className={styles.line}>{t('kpiFraction', { numerator: number(k.numerator), denominator: number(k.denominator) })}</span>
              )}
              <span className={styles.line}>
                <Badge color={v.color} appearance="filled">
                  {t(v.key)}
                </Badge>
                {target}
              </span>
              {k.trajectory !== undefined && <span className={styles.line}>{t('kpiTrajectory', { value: kpiValue(k.unit, k.trajectory, i18n) })}</span>}
              {k.description && <p className={styles.description}>{label(k.description)}</p>}
            </Card>
          </li>
        );
      })}
    </ul>
  );
}
