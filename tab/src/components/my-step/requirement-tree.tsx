import { Badge, Link, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, Circle20Regular } from '@fluentui/react-icons';
import type { RequirementResult } from '../../api/types';
import { useI18n } from '../../i18n';
import { showsDueDate } from './due-date';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, paddingLeft: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  nested: { paddingLeft: tokens.spacingHorizontalXL, marginTop: tokens.spacingVerticalXS },
  item: { display: 'grid', gridTemplateColumns: '20px 1fr', columnGap: tokens.spacingHorizontalS, alignItems: 'start' },
  met: { color: tokens.colorPaletteGreenForeground1 },
  unmet: { color: tokens.colorNeutralForeground3 },
  body: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS, alignItems: 'baseline', minWidth: 0 },
  label: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  evidence: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  children: { gridColumn: '1 / span 2' },
});

/** What a step or certification asks, met or not, with what the records show, nested as the programme combines it. */
export function RequirementTree({ result }: { result: RequirementResult }) {
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      <RequirementNode result={result} />
    </ul>
  );
}

function RequirementNode({ result }: { result: RequirementResult }) {
  const styles = useStyles();
  const { t, label, date } = useI18n();
  const children = result.children ?? [];
  return (
    <li className={styles.item}>
      {result.met ? (
        <CheckmarkCircle20Filled className={styles.met} role="img" aria-label={t('met')} />
      ) : (
        <Circle20Regular className={styles.unmet} role="img" aria-label={t('unmet')} />
      )}
      <span className={styles.body}>
        <span className={styles.label}>{label(result.label)}</span>
        <span className={styles.evidence}>{label(result.evidence)}</span>
        {result.progress && !result.met && (
          <Badge appearance="outline" size="small">
            {t('progressOf', result.progress)}
          </Badge>
        )}
        {!result.met && result.due && (result.overdue || showsDueDate(result.kind)) && (
          <span className={mergeClasses(result.overdue && styles.overdue)}>
            {showsDueDate(result.kind) && t('due', { date: date(result.due) })}
            {result.overdue && (
              <>
                {showsDueDate(result.kind) && ' '}
                <Badge color="danger" size="small">
                  {t('overdue')}
                </Badge>
              </>
            )}
          </span>
        )}
        {result.url && (
          <Link href={result.url} target="_blank" rel="noreferrer">
            {t('courseLink')}
          </Link>
        )}
      </span>
      {children.length > 0 && (
        <ul className={mergeClasses(styles.list, styles.nested, styles.children)}>
          {children.map((c, i) => (
            <RequirementNode key={i} result={c} />
          ))}
        </ul>
      )}
    </li>
  );
}
