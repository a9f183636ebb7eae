import { HorizontalBarChartWithAxis, VerticalStackedBarChart, getNextColor, type VerticalStackedChartProps } from '@fluentui/react-charts';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { KpiResult, ProgrammeView } from '../../api/types';
import { useI18n } from '../../i18n';
import { useResponsiveTableStyles } from '../table-styles';
import { kpiValue } from './kpi-format';

const useStyles = makeStyles({
  chart: { width: '100%', minWidth: 0 },
  details: { marginTop: tokens.spacingVerticalS },
  legend: { display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, listStyleType: 'none', margin: 0, padding: 0 },
  legendItem: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  swatch: { flexShrink: 0, width: '12px', height: '12px', borderRadius: tokens.borderRadiusSmall, forcedColorAdjust: 'none' },
});

/** Pixels for a bar chart of `rows` departments: room for each name, and the axis. */
const chartHeight = (rows: number): number => Math.max(160, 60 + rows * 30);

/** A KPI's value in each department, as bars, with the same figures as a table for screen readers and export. */
export function DepartmentChart({ kpi }: { kpi: KpiResult }) {
  const styles = useStyles();
  const table = useResponsiveTableStyles();
  const i18n = useI18n();
  const { t, label } = i18n;
  const rows = kpi.byDepartment;
  const data = rows.map((d) => ({
    x: d.value,
    y: d.department,
    legend: d.department,
    color: getNextColor(0),
    barLabel: kpiValue(kpi.unit, d.value, i18n),
    xAxisCalloutData: d.department,
    yAxisCalloutData: kpiValue(kpi.unit, d.value, i18n),
  }));
  return (
    <div className={styles.chart}>
      {rows.length > 0 && (
        // The chart fills its container's height (its own height prop sizes nothing): a row per department.
        <div style={{ height: `${chartHeight(rows.length)}px` }}>
          <HorizontalBarChartWithAxis
            data={data}
            chartTitle={`${label(kpi.label)} — ${t('byDepartment')}`}
            height={chartHeight(rows.length)}
            hideLegend
            useSingleColor
            showYAxisLables
            xMaxValue={kpi.unit === 'percent' ? 100 : undefined}
            // Counts: whole-number ticks while the numbers are small.
            xAxis={kpi.unit !== 'percent' && Math.max(...rows.map((d) => d.value)) <= 10 ? { tickStep: 1 } : undefined}
          />
        </div>
      )}
      <details className={styles.details}>
        <summary>{t('showTable')}</summary>
        <Table className={table.table} aria-label={`${label(kpi.label)} — ${t('byDepartment')}`} size="small">
          <TableHeader className={table.header}>
            <TableRow>
              <TableHeaderCell>{t('department')}</TableHeaderCell>
              <TableHeaderCell>{t('value')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody className={table.body}>
            {rows.map((d) => (
              <TableRow key={d.department} className={table.row}>
                <TableCell className={table.cell} data-label={t('department')}>
                  {d.department}
                </TableCell>
                <TableCell className={table.cell} data-label={t('value')}>
                  {kpiValue(kpi.unit, d.value, i18n)}
                  {d.denominator !== undefined && kpi.unit === 'percent' ? `（${d.numerator}/${d.denominator}）` : ''}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </div>
  );
}

/**
 * People on each step of each role, one stacked bar per role: ステップ未達 first, then the steps in
 * order, each named in the legend as the programme names it (roles name their steps differently, so
 * each name has its own colour). The legend is a list of our own below the chart: it wraps on a
 * narrow pane, where the chart's own would hide names behind an English 「+N more」 or squeeze the bars.
 */
export function StepDistributionChart({ steps, height = 320 }: { steps: ProgrammeView['steps']; /** Pixels for the bars (the year-end page prints smaller). */ height?: number }) {
  const styles = useStyles();
  const table = useResponsiveTableStyles();
  const { t, label, number } = useI18n();
  // Shares of each role's holders, so a role of 12 reads as well as one of 2,000; counts in the callouts.
  const share = (n: number, of: number): number => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);
  const names = [t('noStep'), ...new Set(steps.flatMap((r) => r.steps.map((s) => label(s.label))))];
  const color = (name: string): string => getNextColor(names.indexOf(name));
  const data: VerticalStackedChartProps[] = steps.map((r) => ({
    xAxisPoint: label(r.label),
    xAxisCalloutData: `${label(r.label)}（${t('unitPeople', { n: number(r.holders) })}）`,
    chartData: [
      { legend: t('noStep'), data: share(r.none, r.holders), color: color(t('noStep')), yAxisCalloutData: `${t('unitPeople', { n: number(r.none) })}（${share(r.none, r.holders)}%）` },
      ...r.steps.map((s) => ({
        legend: label(s.label),
        data: share(s.count, r.holders),
        color: color(label(s.label)),
        yAxisCalloutData: `${t('unitPeople', { n: number(s.count) })}（${share(s.count, r.holders)}%）`,
      })),
    ],
  }));
  return (
    <div className={styles.chart}>
      <div style={{ height: `${height}px` }}>
        <VerticalStackedBarChart
          data={data}
          chartTitle={t('stepDistribution')}
          height={height}
          wrapXAxisLables
          barWidth="auto"
          maxBarWidth={64}
          yMaxValue={100}
          yAxis={{ tick0: 0, tickStep: 25 }}
          hideLabels
          yAxisTickFormat={(v: number) => `${v}%`}
          hideLegend
        />
      </div>
      <ul className={styles.legend} aria-label={t('chartLegend')}>
        {names.map((name) => (
          <li key={name} className={styles.legendItem}>
            <span className={styles.swatch} style={{ backgroundColor: color(name) }} aria-hidden />
            {name}
          </li>
        ))}
      </ul>
      <details className={styles.details}>
        <summary>{t('showTable')}</summary>
        <Table className={table.table} aria-label={t('stepDistribution')} size="small">
          <TableHeader className={table.header}>
            <TableRow>
              <TableHeaderCell>{t('role')}</TableHeaderCell>
              <TableHeaderCell>{t('holders')}</TableHeaderCell>
              <TableHeaderCell>{t('noStep')}</TableHeaderCell>
              <TableHeaderCell>{t('stepDistribution')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody className={table.body}>
            {steps.map((r) => (
              <TableRow key={r.role} className={table.row}>
                <TableCell className={table.cell} data-label={t('role')}>
                  {label(r.label)}
                </TableCell>
                <TableCell className={table.cell} data-label={t('holders')}>
                  {number(r.holders)}
                </TableCell>
                <TableCell className={table.cell} data-label={t('noStep')}>
                  {number(r.none)}
                </TableCell>
                <TableCell className={table.cell} data-label={t('stepDistribution')}>
                  {r.steps.map((s) => `${label(s.label)} ${number(s.count)}`).join('、')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </div>
  );
}
