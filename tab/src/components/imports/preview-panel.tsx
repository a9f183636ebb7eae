import { Button, MessageBar, MessageBarBody, MessageBarTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import type { DataQualityIssue, ImportPreview } from '../../api/types';
import type { I18n } from '../../i18n';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

/** Refused rows shown at first; more on さらに表示 (the server sends up to 500). */
const PAGE = 50;

const useStyles = makeStyles({
  counts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL, margin: 0 },
  count: { display: 'flex', flexDirection: 'column', margin: 0 },
  number: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  refused: { color: tokens.colorPaletteRedForeground1 },
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  colRow: { width: '7em' },
  colColumn: { width: '9em' },
  colValue: { width: '14em' },
});

/** 取り込みの確認: what the import would do, row by row where it matters — before anything is written. */
export function PreviewPanel({ preview, i18n, children }: { preview: ImportPreview; i18n: I18n; children?: ReactNode }) {
  const { t, number } = i18n;
  const styles = useStyles();
  const table = useResponsiveTableStyles();
  const view = useViewStyles();
  const [shown, setShown] = useState(PAGE);
  const p = preview;
  const counts: Array<[string, number, string?]> = [
    [t('importAdd'), p.add],
    [t('importChange'), p.change],
    [t('importUnchanged'), p.unchanged],
    [t('importRefused'), p.refused, styles.refused],
  ];
  const cols = { row: t('dqRow'), column: t('dqColumn'), value: t('dqValue'), reason: t('dqReason') };
  return (
    <section className={view.section} aria-label={t('importPreview')}>
      <h2 className={view.subheading}>{t('importPreview')}</h2>
      {p.notes.length > 0 && <Notes title={t('importNotes')} issues={p.notes} />}
      <span className={view.muted}>{t('importCounts', { rows: number(p.rows) })}</span>
      <dl className={styles.counts} aria-label={t('importPreview')}>
        {counts.map(([name, n, cls]) => (
          <div key={name} className={styles.count}>
            <dt>{name}</dt>
            <dd className={mergeClasses(styles.number, cls)}>{t('importRowsN', { n: number(n) })}</dd>
          </div>
        ))}
      </dl>
      {children}
      {p.refusedIssues.length > 0 && (
        <>
          <h3 className={view.subheading}>{t('importRefusedTable')}</h3>
          <div className={view.scroll}>
            <Table className={table.table} aria-label={t('importRefusedTable')} size="small">
              <TableHeader className={table.header}>
                <TableRow>
                  <TableHeaderCell className={styles.colRow}>{cols.row}</TableHeaderCell>
                  <TableHeaderCell className={styles.colColumn}>{cols.column}</TableHeaderCell>
                  <TableHeaderCell className={styles.colValue}>{cols.value}</TableHeaderCell>
                  <TableHeaderCell>{cols.reason}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody className={table.body}>
                {p.refusedIssues.slice(0, shown).map((i, n) => (
                  <TableRow key={n} className={table.row}>
                    <TableCell className={table.cell} data-label={cols.row}>
                      {i.row !== undefined ? t('dqRowN', { n: i.row }) : t('notSet')}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.column}>
                      {i.column ?? t('notSet')}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.value}>
                      <span className={styles.value}>{i.value ?? ''}</span>
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.reason}>
                      {i.reason}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <span className={view.muted}>{t('importRefusedShown', { shown: Math.min(shown, p.refusedIssues.length), total: p.refusedIssuesTotal })}</span>
          {shown < p.refusedIssues.length && (
            <div>
              <Button onClick={() => setShown((s) => s + PAGE)}>{t('showMore')}</Button>
            </div>
          )}
        </>
      )}
      {p.warnings.length > 0 && <Notes title={t('importWarnings')} issues={p.warnings} />}
      {p.changeSamples.length > 0 && (
        <>
          <h3 className={view.subheading}>{t('importChangedTable', { n: p.changeSamples.length })}</h3>
          <Table className={table.table} aria-label={t('importChangedTable', { n: p.changeSamples.length })} size="small">
            <TableHeader className={table.header}>
              <TableRow>
                <TableHeaderCell className={styles.colRow}>{t('importKey')}</TableHeaderCell>
                <TableHeaderCell>{t('importChanges')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {p.changeSamples.map((c) => (
                <TableRow key={c.row} className={table.row}>
                  <TableCell className={table.cell} data-label={t('importKey')}>
                    {t('dqRowN', { n: c.row })}
                  </TableCell>
                  <TableCell className={table.cell} data-label={t('importChanges')}>
                    {c.changes.map((x) => t('importChangeText', { field: x.field, from: x.from || t('notSet'), to: x.to || t('notSet') })).join('、')}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      {p.addSamples.length > 0 && (
        <>
          <h3 className={view.subheading}>{t('importAddedTable', { n: p.addSamples.length })}</h3>
          <Table className={table.table} aria-label={t('importAddedTable', { n: p.addSamples.length })} size="small">
            <TableHeader className={table.header}>
              <TableRow>
                <TableHeaderCell className={styles.colRow}>{t('importKey')}</TableHeaderCell>
                <TableHeaderCell>{t('importValues')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {p.addSamples.map((a) => (
                <TableRow key={a.row} className={table.row}>
                  <TableCell className={table.cell} data-label={t('importKey')}>
                    {t('dqRowN', { n: a.row })}
                  </TableCell>
                  <TableCell className={table.cell} data-label={t('importValues')}>
                    <span className={styles.value}>{a.values.map((v) => `${v.field}=${v.value}`).join('  ')}</span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}

function Notes({ title, issues }: { title: string; issues: DataQualityIssue[] }) {
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {issues.slice(0, 10).map((i, n) => (
          <div key={n}>{[i.row !== undefined ? `${i.row}:` : '', i.column ?? '', i.reason].filter(Boolean).join(' ')}</div>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}
