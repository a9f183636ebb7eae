import {
  Badge,
  Button,
  Field,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStaticStyles,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, Print20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { withQuery } from '../../api/client';
import type { YearEndSheetId, YearEndView as YearEndData } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { useDownload } from '../download';
import { ErrorBar } from '../error-bar';
import { kpiValue, kpiVerdict } from '../programme/kpi-format';
import { StepDistributionChart } from '../programme/programme-charts';
import { useViewStyles } from '../table-styles';

/** The summary is laid out as the page it prints on: A4 portrait less 10 mm margins is about 720 CSS px wide. */
const PAGE_WIDTH = '720px';

/**
 * Printing shows the summary alone, on one A4 page: the shell's header and navigation, the toolbar and
 * the tables behind 「表で見る」 stay off paper; colours (the chart's legend) print as on screen.
 */
const usePrintStyles = makeStaticStyles(`
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body * { visibility: hidden; }
  [data-print-page], [data-print-page] * { visibility: visible; }
  [data-print-page] { position: absolute; inset: 0 auto auto 0; width: 100%; max-width: none; margin: 0; padding: 0; border: none; box-shadow: none; }
  [data-print-page] details, [data-no-print] { display: none !important; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`);

const useStyles = makeStyles({
  page: {
    boxSizing: 'border-box',
    width: '100%',
    maxWidth: PAGE_WIDTH,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    fontSize: tokens.fontSizeBase200,
    '@media (max-width: 600px)': { padding: tokens.spacingHorizontalS },
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  meta: { margin: 0, color: tokens.colorNeutralForeground3 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalL },
  line: { margin: 0 },
  numeric: { textAlign: 'end' },
  hint: { margin: 0, color: tokens.colorNeutralForeground3 },
});

/** Courses and short sections shown on the page; the rest are on the workbook's sheets (the page must stay one page). */
const PAGE_COURSES = 5;
const PAGE_SHORT_UNITS = 6;

/**
 * 年度末点検 (programme office): a 年度's year-end review. The workbook (a sheet per view) and any
 * sheet as CSV come from the server; below them, the one-page summary that prints on A4 — KPIs
 * against targets, the step distribution, where each role with seats is placed and where it is short,
 * certifications awarded, course completion, data quality — each read on the year's date (3/31 of a
 * past year, today for this one). Loaded lazily with the charts.
 */
export default function YearEndView() {
  usePrintStyles();
  const i18n = useI18n();
  const { t, label, number, date } = i18n;
  const view = useViewStyles();
  const styles = useStyles();
  const [fy, setFy] = useState<number | undefined>();
  const [sheet, setSheet] = useState<YearEndSheetId>('kpis');
  const report = useApi<YearEndData>(withQuery('/api/year-end', { fiscalYear: fy }));
  const download = useDownload();

  if (report.error) return <ErrorBar error={report.error} onRetry={report.reload} />;
  if (!report.data) return <Spinner label={t('loading')} />;
  const r = report.data;
  const fyName = label(r.fiscalYearLabel);
  // 「世田谷区 DX人材育成」 names its municipality already; another programme's name may not.
  const programmeName = label(r.programme).startsWith(label(r.municipality)) ? label(r.programme) : `${label(r.municipality)} ${label(r.programme)}`;
  const asOf = t(r.yearEnded ? 'yearEndAsOf' : 'yearSoFarAsOf', { fy: fyName, date: date(r.asOf) });
  const percent = (n: number, of: number): number => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);
  const courses = [...r.courses].sort((a, b) => b.completedInYear - a.completedInYear || b.completedEver - a.completedEver).slice(0, PAGE_COURSES);

  return (
    <div className={view.view}>
      <div className={view.toolbar} data-no-print>
        <Field label={t('fiscalYear')}>
          <Select value={String(r.fiscalYear)} onChange={(_e, d) => setFy(Number(d.value))}>
            {r.fiscalYears.map((y) => (
              <option key={y} value={String(y)}>
                {i18n.fiscalYear(y)}
              </option>
            ))}
          </Select>
        </Field>
        <Button appearance="primary" icon={<ArrowDownload20Regular />} disabled={download.busy} onClick={() => download.start(withQuery('/api/year-end/report.xlsx', { fiscalYear: r.fiscalYear }), `skillsteps-nendomatsu-${r.fiscalYear}.xlsx`)}>
          {t('downloadXlsx')}
        </Button>
        <Field label={t('csvSheet')}>
          <Select value={sheet} onChange={(_e, d) => setSheet(d.value as YearEndSheetId)}>
            {r.sheets.map((s) => (
              <option key={s.id} value={s.id}>
                {t('sheetRows', { name: s.name, rows: number(s.rows) })}
              </option>
            ))}
          </Select>
        </Field>
        <Button icon={<ArrowDownload20Regular />} disabled={download.busy} onClick={() => download.start(withQuery('/api/year-end/report.csv', { fiscalYear: r.fiscalYear, sheet }), `skillsteps-nendomatsu-${r.fiscalYear}-${sheet}.csv`)}>
          {t('downloadCsv')}
        </Button>
        <Button icon={<Print20Regular />} onClick={() => window.print()}>
          {t('print')}
        </Button>
        {(download.busy || report.loading) && <Spinner size="tiny" />}
      </div>
      <p className={styles.hint} data-no-print>
        {t('printHint')}
      </p>
      {download.error && (
        <div data-no-print>
          <ErrorBar error={download.error} />
        </div>
      )}

      <article className={styles.page} data-print-page aria-labelledby="year-end-title">
        <h2 className={styles.title} id="year-end-title">
          {t('yearEndTitle', { programme: programmeName, fy: fyName })}
        </h2>
        <p className={styles.meta}>{t('yearEndMeta', { asOf, people: number(r.people), createdAt: i18n.dateTime(r.createdAt) })}</p>

        <section className={styles.block} aria-labelledby="year-end-kpis">
          <h3 className={styles.heading} id="year-end-kpis">
            {t('kpis')}
          </h3>
          <Table size="extra-small" aria-labelledby="year-end-kpis">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('chooseKpi')}</TableHeaderCell>
                <TableHeaderCell className={styles.numeric}>{t('value')}</TableHeaderCell>
                <TableHeaderCell>{t('colTarget')}</TableHeaderCell>
                <TableHeaderCell>{t('colVerdict')}</TableHeaderCell>
                <TableHeaderCell>{t('colTrajectory')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {r.kpis.map((k) => {
                const v = kpiVerdict(k);
                return (
                  <TableRow key={k.id}>
                    <TableCell>{label(k.label)}</TableCell>
                    <TableCell className={styles.numeric}>
                      {kpiValue(k.unit, k.value, i18n)}
                      {k.denominator !== undefined && k.unit === 'percent' ? `（${number(k.numerator)}/${number(k.denominator)}）` : ''}
                    </TableCell>
                    <TableCell>{k.target ? t(k.target.approximate ? 'kpiTargetApprox' : 'kpiTarget', { value: kpiValue(k.unit, k.target.value, i18n), fy: i18n.fiscalYear(k.target.fiscalYear) }) : t('notSet')}</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={v.color}>
                        {t(v.key)}
                      </Badge>
                    </TableCell>
                    <TableCell>{k.trajectory !== undefined ? kpiValue(k.unit, k.trajectory, i18n) : t('notSet')}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </section>

        {r.steps.length > 0 && (
          <section className={styles.block} aria-labelledby="year-end-steps">
            <h3 className={styles.heading} id="year-end-steps">
              {t('stepDistribution')}
            </h3>
            <StepDistributionChart steps={r.steps} height={200} />
          </section>
        )}

        <div className={styles.pair}>
          {r.placements.map((p) => {
            const short = p.unplaced.slice(0, PAGE_SHORT_UNITS).map((u) => t('coverageShortCount', { unit: u.section ? `${u.department} ${u.section}` : u.department, n: number(u.count) }));
            const more = p.unplaced.length - short.length;
            return (
              <section key={p.role} className={styles.block} aria-label={t('placementOf', { role: label(p.label) })}>
                <h3 className={styles.heading}>{t('placementOf', { role: label(p.label) })}</h3>
                <p className={styles.line}>{t(p.per === 'section' ? 'placementRate' : 'placementRateDepartments', { placed: number(p.placed), units: number(p.units), rate: number(percent(p.placed, p.units)) })}</p>
                <p className={styles.line}>
                  {short.length > 0 ? t('placementShort', { units: short.join(t('listSeparator')) }) : t(p.per === 'section' ? 'coverageAllMet' : 'coverageAllMetDepartments')}
                  {more > 0 && ` ${t('moreUnplaced', { n: number(more) })}`}
                </p>
              </section>
            );
          })}
          <section className={styles.block} aria-labelledby="year-end-awards">
            <h3 className={styles.heading} id="year-end-awards">
              {t('awardsInYear')}
            </h3>
            {r.awards.length === 0 || r.awards.every((a) => a.count === 0) ? (
              <p className={styles.line}>{t('noAwards')}</p>
            ) : (
              <p className={styles.line}>{r.awards.map((a) => t('awardCount', { certification: label(a.label), n: number(a.count) })).join(t('listSeparator'))}</p>
            )}
          </section>
        </div>

        {courses.length > 0 && (
          <section className={styles.block} aria-labelledby="year-end-courses">
            <h3 className={styles.heading} id="year-end-courses">
              {t('courseCompletion')}
            </h3>
            <Table size="extra-small" aria-labelledby="year-end-courses">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('course')}</TableHeaderCell>
                  <TableHeaderCell className={styles.numeric}>{t('completedInYear')}</TableHeaderCell>
                  <TableHeaderCell className={styles.numeric}>{t('completedEver')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {courses.map((c) => (
                  <TableRow key={c.course}>
                    <TableCell>{label(c.label)}</TableCell>
                    <TableCell className={mergeClasses(styles.numeric)}>{t('unitPeople', { n: number(c.completedInYear) })}</TableCell>
                    <TableCell className={mergeClasses(styles.numeric)}>{t('unitPeople', { n: number(c.completedEver) })}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {r.courses.length > courses.length && <p className={styles.meta}>{t('moreCourses', { n: number(r.courses.length - courses.length) })}</p>}
          </section>
        )}

        <p className={styles.line}>{t('dataQualityAtReport', { n: number(r.dataQuality.total) })}</p>
      </article>
    </div>
  );
}
