import { Badge, Link, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Warning16Filled } from '@fluentui/react-icons';
import type { MissingItem, PersonProgress, ReportKind } from '../../api/types';
import type { ReportPrefill } from '../reports/report-dialog';
import { useI18n } from '../../i18n';
import { showsDueDate } from './due-date';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { overflowWrap: 'anywhere' },
  line: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS, alignItems: 'baseline' },
  label: { fontWeight: tokens.fontWeightSemibold },
  where: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  evidence: { color: tokens.colorNeutralForeground2 },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold, display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  options: { marginTop: tokens.spacingVerticalXS },
});

/**
 * What is still missing, soonest due first (the server's order): the requirement, what the records
 * show with the due date (red with 「期限切れ」 when past) and the course page.
 */
export function MissingList({
  items,
  progress,
  label: listLabel,
  onReport,
  reportable,
}: {
  items: MissingItem[];
  progress?: PersonProgress;
  label?: string;
  onReport?: (prefill: ReportPrefill) => void;
  reportable?: (prefill: ReportPrefill) => boolean;
}) {
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label={listLabel}>
      {items.map((m, i) => (
        <MissingEntry key={i} item={m} progress={progress} onReport={onReport} reportable={reportable} />
      ))}
    </ol>
  );
}

/** The report that can meet a missing item: its kind, and the course when the item names one. */
const REPORTED_AS: Partial<Record<MissingItem['kind'], ReportKind>> = {
  course: 'course',
  courses: 'course',
  hours: 'course',
  qualification: 'qualification',
  contribution: 'contribution',
  skill: 'skill',
};

function MissingEntry({
  item,
  progress,
  onReport,
  reportable,
}: {
  item: MissingItem;
  progress?: PersonProgress;
  onReport?: (prefill: ReportPrefill) => void;
  reportable?: (prefill: ReportPrefill) => boolean;
}) {
  const styles = useStyles();
  const { t, label, date } = useI18n();
  const role = item.role ? progress?.roles.find((r) => r.role === item.role) : undefined;
  const step = role && item.step ? role.steps.find((s) => s.id === item.step) : undefined;
  const where = [role && label(role.label), step && label(step.label)].filter(Boolean).join(' · ');
  const kind = REPORTED_AS[item.kind];
  const prefill: ReportPrefill | undefined = kind ? { kind, ...(item.courseId ? { item: item.courseId } : {}) } : undefined;
  return (
    <li className={styles.item}>
      <span className={styles.line}>
        <span className={styles.label}>{label(item.label)}</span>
        {where && <span className={styles.where}>{where}</span>}
      </span>
      <span className={styles.line}>
        <span className={styles.evidence}>{label(item.evidence)}</span>
        {item.due && (item.overdue || showsDueDate(item.kind)) && (
          <span className={mergeClasses(item.overdue && styles.overdue)}>
            {item.overdue && <Warning16Filled aria-hidden />}
            {showsDueDate(item.kind) && t('due', { date: date(item.due) })}
            {item.overdue && (
              <Badge color="danger" size="small">
                {t('overdue')}
              </Badge>
            )}
          </span>
        )}
        {item.url && (
          <Link href={item.url} target="_blank" rel="noreferrer">
            {t('courseLink')}
          </Link>
        )}
        {onReport && prefill && (reportable?.(prefill) ?? true) && (
          <Link as="button" onClick={() => onReport(prefill)}>
            {t('reportButton')}
          </Link>
        )}
      </span>
      {item.options && item.options.length > 0 && (
        <div className={styles.options}>
          <span className={styles.where}>{t('anyOfThese')}</span>
          <MissingList items={item.options} progress={progress} onReport={onReport} reportable={reportable} />
        </div>
      )}
    </li>
  );
}
