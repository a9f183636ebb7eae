import { Badge, Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { KpiResult } from '../../api/types';
import { useI18n } from '../../i18n';
import { useResponsiveTableStyles } from '../table-styles';
import { kpiValue } from './kpi-format';

const useStyles = makeStyles({
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM },
  field: { maxWidth: '320px' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

/**
 * A KPI's drill-down from a department to its sections (課): pick a 部, read each 課's figure. For a
 * coverage KPI ("every 課 has at least one …"), the sections below the minimum are listed first,
 * grouped by 部, so "which 課 lack one" is answered without opening anything.
 */
export function SectionDrillDown({ kpi }: { kpi: KpiResult }) {
  const styles = useStyles();
  const table = useResponsiveTableStyles();
  const i18n = useI18n();
  const { t, label, number } = i18n;
  const departments = kpi.byDepartment.map((d) => d.department).filter((d) => kpi.bySection.some((s) => s.department === d));
  const short = kpi.coverage?.uncovered ?? [];
  // Start where something is missing, else at the first 部.
  const [chosen, setChosen] = useState<string | undefined>();
  const department = chosen !== undefined && departments.includes(chosen) ? chosen : (departments.find((d) => short.some((u) => u.department === d)) ?? departments[0]);
  const sections = kpi.bySection.filter((s) => s.department === department);
  const kpiName = label(kpi.label);

  return (
    <>
      {kpi.coverage && <CoverageShortList coverage={kpi.coverage} />}
      {department !== undefined && (
        <div className={styles.block}>
          <h3 className={styles.heading}>{t('bySection')}</h3>
          <Field label={t('department')} className={styles.field}>
            <Select value={department} onChange={(_e, d) => setChosen(d.value)}>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </Select>
          </Field>
          <Table className={table.table} aria-label={t('sectionsOf', { kpi: kpiName, department })} size="small">
            <TableHeader className={table.header}>
              <TableRow>
                <TableHeaderCell>{t('sectionName')}</TableHeaderCell>
                <TableHeaderCell>{kpi.coverage ? t('holders') : t('value')}</TableHeaderCell>
                {kpi.coverage && <TableHeaderCell>{t('status')}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {sections.map((s) => (
                <TableRow key={s.section} className={table.row}>
                  <TableCell className={table.cell} data-label={t('sectionName')}>
                    {s.section}
                  </TableCell>
                  {kpi.coverage ? (
                    <>
                      <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={t('holders')}>
                        {t('unitPeople', { n: number(s.value) })}
                      </TableCell>
                      <TableCell className={table.cell} data-label={t('status')}>
                        <Badge appearance="tint" color={s.numerator > 0 ? 'success' : 'danger'}>
                          {t(s.numerator > 0 ? 'met' : 'kpiNotMet')}
                        </Badge>
                      </TableCell>
                    </>
                  ) : (
                    <TableCell className={table.cell} data-label={t('value')}>
                      {kpiValue(kpi.unit, s.value, i18n)}
                      {s.denominator !== undefined && kpi.unit === 'percent' ? `（${s.numerator}/${s.denominator}）` : ''}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}

/** The units below a coverage KPI's minimum, grouped by 部: 「総務部: 庶務課（0 人）、人事課（1 人）」. */
function CoverageShortList({ coverage }: { coverage: NonNullable<KpiResult['coverage']> }) {
  const styles = useStyles();
  const { t, number } = useI18n();
  const perSection = coverage.per === 'section';
  const heading = t(perSection ? 'coverageShortSections' : 'coverageShortDepartments', { min: number(coverage.min) });
  const byDepartment = new Map<string, typeof coverage.uncovered>();
  for (const u of coverage.uncovered) byDepartment.set(u.department, [...(byDepartment.get(u.department) ?? []), u]);
  return (
    <section className={styles.block} aria-label={heading}>
      <h3 className={styles.heading}>{heading}</h3>
      {coverage.uncovered.length === 0 ? (
        <p>{t(perSection ? 'coverageAllMet' : 'coverageAllMetDepartments')}</p>
      ) : (
        <ul className={styles.list}>
          {[...byDepartment].map(([department, units]) => (
            <li key={department}>
              {perSection
                ? `${department}: ${units.map((u) => t('coverageShortCount', { unit: u.section ?? '', n: number(u.count) })).join(t('listSeparator'))}`
                : t('coverageShortCount', { unit: department, n: number(units[0]!.count) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
