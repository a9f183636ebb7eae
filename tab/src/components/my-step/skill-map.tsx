import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ProgressView } from '../../api/types';
import { useI18n } from '../../i18n';
import { useResponsiveTableStyles } from '../table-styles';

const useStyles = makeStyles({
  below: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  hint: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
});

/** The skill map: each skill's latest level (self or manager assessed) against what the person's roles expect. */
export function SkillMap({ map }: { map: NonNullable<ProgressView['skillMap']> }) {
  const styles = useStyles();
  const table = useResponsiveTableStyles();
  const { t, label, date } = useI18n();
  const levelName = (n: number | undefined): string => {
    if (n === undefined) return t('notSet');
    const l = map.levels.find((x) => x.level === n);
    return l ? `${n} ${label(l.label)}` : String(n);
  };
  const cols = [t('skill'), t('category'), t('level'), t('expected'), t('assessed')] as const;
  return (
    <Table className={table.table} aria-label={label(map.label)} size="small">
      <TableHeader className={table.header}>
        <TableRow>
          {cols.map((c) => (
            <TableHeaderCell key={c}>{c}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody className={table.body}>
        {map.rows.map((r) => {
          const below = r.expected !== undefined && (r.level ?? 0) < r.expected;
          return (
            <TableRow key={r.skill} className={table.row}>
              <TableCell className={table.cell} data-label={cols[0]}>
                {label(r.label)}
              </TableCell>
              <TableCell className={table.cell} data-label={cols[1]}>
                {label(r.category) || t('notSet')}
              </TableCell>
              <TableCell className={mergeClasses(table.cell, below && styles.below)} data-label={cols[2]}>
                {r.level === undefined ? t('notAssessed') : levelName(r.level)}
                {below && <span className={styles.hint}> — {t('belowExpected')}</span>}
              </TableCell>
              <TableCell className={table.cell} data-label={cols[3]}>
                {r.expected === undefined ? t('notSet') : `${levelName(r.expected)}${r.expectedBy ? `（${label(r.expectedBy)}）` : ''}`}
              </TableCell>
              <TableCell className={table.cell} data-label={cols[4]}>
                {r.level === undefined ? '' : t(r.assessedBy === 'manager' ? 'assessedManager' : 'assessedSelf', { date: date(r.assessedOn) })}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
