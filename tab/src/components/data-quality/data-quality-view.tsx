import {
  Badge,
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { withQuery } from '../../api/client';
import type { DataQualityIssue, DataQualityPage, IssueEffect } from '../../api/types';
import { usePagedList, type PagedList } from '../../api/use-api';
import { useI18n, type I18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

const EFFECT = {
  rowSkipped: { key: 'effectRowSkipped', color: 'danger' },
  valueIgnored: { key: 'effectValueIgnored', color: 'warning' },
  listSkipped: { key: 'effectListSkipped', color: 'severe' },
  note: { key: 'effectNote', color: 'informative' },
} as const satisfies Record<IssueEffect, unknown>;

export interface DataQualityState extends Omit<PagedList<DataQualityIssue, DataQualityPage>, 'first'> {
  i18n: I18n;
  list: string;
  setList: (l: string) => void;
  byList: DataQualityPage['byList'];
  allCount: number;
}

/** The data-quality report of the last sync (GET /api/data-quality?list=&cursor=&limit=), paged. */
export function useDataQualityState(pageSize = 100): DataQualityState {
  const i18n = useI18n();
  const [list, setList] = useState('');
  const pathFor = useCallback((cursor?: string) => withQuery('/api/data-quality', { list, cursor, limit: pageSize }), [list, pageSize]);
  const { first, ...paged } = usePagedList<DataQualityIssue, DataQualityPage>(pathFor);
  const byList = first?.byList ?? [];
  return { ...paged, i18n, list, setList, byList, allCount: byList.reduce((n, b) => n + b.count, 0) };
}

export const useDataQualityStyles = makeStyles({
  footer: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground3 },
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  // Column widths (the table lays out fixed): the reason gets the room, short codes little.
  colList: { width: '7em' },
  colRow: { width: '9em' },
  colColumn: { width: '9em' },
  colValue: { width: '16em' },
  colEffect: { width: '7em' },
});

export function renderDataQuality(
  state: DataQualityState,
  styles: ReturnType<typeof useDataQualityStyles>,
  table: ReturnType<typeof useResponsiveTableStyles>,
  view: ReturnType<typeof useViewStyles>,
) {
  const { t, label } = state.i18n;
  const listLabel = (name: string): string => {
    const b = state.byList.find((x) => x.list === name);
    return b ? label(b.label) : name;
  };
  const cols = { list: t('dqList'), row: t('dqRow'), column: t('dqColumn'), value: t('dqValue'), reason: t('dqReason'), effect: t('dqEffect') };
  return (
    <div className={view.view}>
      <div className={view.toolbar}>
        <Field label={t('dqList')} className={view.field}>
          <Select value={state.list} onChange={(_e, d) => state.setList(d.value)}>
            <option value="">{t('dqAllLists', { n: state.allCount })}</option>
            {state.byList.map((b) => (
              <option key={b.list} value={b.list}>
                {t('dqListOption', { label: label(b.label), n: b.count })}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {state.error && <ErrorBar error={state.error} onRetry={state.retry} />}
      {!state.loading && !state.error && state.items.length === 0 && (
        <MessageBar intent="success">
          <MessageBarBody>{t('dqNone')}</MessageBarBody>
        </MessageBar>
      )}
      {state.items.length > 0 && (
        <div className={view.scroll}>
          <Table className={table.table} aria-label={t('dataQuality')} size="small">
            <TableHeader className={table.header}>
              <TableRow>
                <TableHeaderCell className={styles.colList}>{cols.list}</TableHeaderCell>
                <TableHeaderCell className={styles.colRow}>{cols.row}</TableHeaderCell>
                <TableHeaderCell className={styles.colColumn}>{cols.column}</TableHeaderCell>
                <TableHeaderCell className={styles.colValue}>{cols.value}</TableHeaderCell>
                <TableHeaderCell>{cols.reason}</TableHeaderCell>
                <TableHeaderCell className={styles.colEffect}>{cols.effect}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {state.items.map((i, n) => {
                const e = EFFECT[i.effect];
                return (
                  <TableRow key={n} className={table.row}>
                    <TableCell className={table.cell} data-label={cols.list}>
                      {listLabel(i.list)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.row}>
                      {[i.row !== undefined ? t('dqRowN', { n: i.row }) : '', i.itemId ? t('dqItemN', { id: i.itemId }) : ''].filter(Boolean).join(' / ') ||
                        t('notSet')}
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
                    <TableCell className={table.cell} data-label={cols.effect}>
                      <Badge color={e.color} appearance="tint">
                        {t(e.key)}
                      </Badge>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      <div className={styles.footer}>
        {state.items.length > 0 && (
          <span className={styles.muted} role="status">
            {t('shownOf', { shown: state.items.length, total: state.total })}
          </span>
        )}
        {state.loading && <Spinner size="tiny" label={t('loading')} />}
        {state.hasMore && !state.loading && <Button onClick={state.loadMore}>{t('showMore')}</Button>}
      </div>
    </div>
  );
}

/** データ品質 (programme office): what the last sync could not read, by list, row, column and reason. */
export function DataQualityView({ pageSize }: { pageSize?: number }) {
  return renderDataQuality(useDataQualityState(pageSize), useDataQualityStyles(), useResponsiveTableStyles(), useViewStyles());
}
