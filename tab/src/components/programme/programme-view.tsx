import {
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
  mergeClasses,
} from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { withQuery, type ApiFailure } from '../../api/client';
import type { ProgrammeView as ProgrammeData } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n } from '../../i18n';
import { saveBlob } from '../download';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';
import { KpiCards } from './kpi-cards';
import { DepartmentChart, StepDistributionChart } from './programme-charts';
import { SectionDrillDown } from './section-drill-down';

/**
 * プログラム (programme office): a fiscal year's KPIs against the targets, a KPI per department and
 * down to its sections (課; a coverage KPI lists the sections below its minimum),
 * the step distribution of each role, certifications, and the KPI CSV for the year-end review.
 * Loaded lazily (React.lazy) with the charts, so the other views start small.
 */
export default function ProgrammeView() {
  const i18n = useI18n();
  const { t, label, number, fiscalYear: fyName } = i18n;
  const styles = useViewStyles();
  const table = useResponsiveTableStyles();
  const { api } = useApiClient();
  const [fy, setFy] = useState<number | undefined>();
  const [kpiId, setKpiId] = useState<string | undefined>();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<ApiFailure | undefined>();
  const programme = useApi<ProgrammeData>(withQuery('/api/programme', { fiscalYear: fy }));

  if (programme.error) return <ErrorBar error={programme.error} onRetry={programme.reload} />;
  if (!programme.data) return <Spinner label={t('loading')} />;
  const p = programme.data;
  // The KPI chosen stays chosen across years: the first one shown is fixed on the first answer (the
  // first with figures by department), not worked out again for each year, where another may come first.
  const chosenId = kpiId ?? (p.kpis.find((k) => k.byDepartment.length > 0) ?? p.kpis[0])?.id;
  if (kpiId === undefined && chosenId !== undefined) setKpiId(chosenId);
  const kpi = p.kpis.find((k) => k.id === chosenId) ?? p.kpis[0];
  // Every figure of the year is read on one date: a past year's 3/31, the current one's today.
  const when = t(p.fiscalYear < p.currentFiscalYear ? 'yearEndAsOf' : 'yearSoFarAsOf', { fy: label(p.fiscalYearLabel), date: i18n.date(p.asOf) });

  const download = (): void => {
    setDownloading(true);
    setDownloadError(undefined);
    api.download(withQuery('/api/programme/kpis.csv', { fiscalYear: p.fiscalYear })).then(
      ({ blob, filename }) => {
        saveBlob(blob, filename ?? `skillsteps-kpi-${p.fiscalYear}.csv`);
        setDownloading(false);
      },
      (err: unknown) => {
        setDownloadError(asFailure(err));
        setDownloading(false);
      },
    );
  };

  return (
    <div className={styles.view}>
      <div className={styles.toolbar}>
        <Field label={t('fiscalYear')}>
          <Select value={String(p.fiscalYear)} onChange={(_e, d) => setFy(Number(d.value))}>
            {p.fiscalYears.map((y) => (
              <option key={y} value={String(y)}>
                {y === p.fiscalYear ? label(p.fiscalYearLabel) : fyName(y)}
              </option>
            ))}
          </Select>
        </Field>
        <Button icon={<ArrowDownload20Regular />} onClick={download} disabled={downloading}>
          {t('downloadCsv')}
        </Button>
        {(downloading || programme.loading) && <Spinner size="tiny" />}
      </div>
      {downloadError && <ErrorBar error={downloadError} />}

      <section className={styles.section} aria-labelledby="kpis">
        <h2 className={styles.subheading} id="kpis">
          {t('kpis')} — {label(p.fiscalYearLabel)}
        </h2>
        <KpiCards kpis={p.kpis} />
      </section>

      {kpi && (
        <section className={styles.section} aria-labelledby="by-department">
          <h2 className={styles.subheading} id="by-department">
            {t('byDepartment')}
          </h2>
          <Field label={t('chooseKpi')} className={styles.field}>
            <Select value={kpi.id} onChange={(_e, d) => setKpiId(d.value)}>
              {p.kpis.map((k) => (
                <option key={k.id} value={k.id}>
                  {label(k.label)}
                </option>
              ))}
            </Select>
          </Field>
          {kpi.byDepartment.length > 0 ? (
            <>
              <DepartmentChart kpi={kpi} />
              <SectionDrillDown kpi={kpi} />
            </>
          ) : (
            <p>{t('noDepartmentFigures')}</p>
          )}
        </section>
      )}

      {p.steps.length > 0 && (
        <section className={styles.section} aria-labelledby="step-distribution">
          <h2 className={styles.subheading} id="step-distribution">
            {t('stepDistribution')} — {when}
          </h2>
          <StepDistributionChart steps={p.steps} />
        </section>
      )}

      {p.certifications.length > 0 && (
        <section className={styles.section} aria-labelledby="programme-certifications">
          <h2 className={styles.subheading} id="programme-certifications">
            {t('certifications')} — {when}
          </h2>
          <Table className={table.table} aria-label={t('certifications')} size="small">
            <TableHeader className={table.header}>
              <TableRow>
                <TableHeaderCell>{t('certifications')}</TableHeaderCell>
                <TableHeaderCell>{t('certHeld')}</TableHeaderCell>
                <TableHeaderCell>{t('certQualifies')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {p.certifications.map((c) => (
                <TableRow key={c.certification} className={table.row}>
                  <TableCell className={table.cell} data-label={t('certifications')}>
                    {label(c.label)}
                  </TableCell>
                  <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={t('certHeld')}>
                    {number(c.held)}
                  </TableCell>
                  <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={t('certQualifies')}>
                    {number(c.qualifies)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      )}
    </div>
  );
}
