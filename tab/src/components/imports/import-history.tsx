import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  mergeClasses,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ImportView } from '../../api/types';
import type { I18n, StringKey } from '../../i18n';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

const STATUS: Record<ImportView['status'] | 'interrupted', { key: StringKey; color: 'informative' | 'success' | 'danger' | 'warning' | 'subtle' }> = {
  running: { key: 'opsRunning', color: 'informative' },
  done: { key: 'opsDone', color: 'success' },
  failed: { key: 'importStatusFailed', color: 'danger' },
  undoing: { key: 'importStatusUndoing', color: 'informative' },
  undone: { key: 'importStatusUndone', color: 'subtle' },
  interrupted: { key: 'importStatusInterrupted', color: 'warning' },
};

/** 取り込み履歴: who imported which file when, what it did, and 取り消す (after a confirmation). */
export function ImportHistory({ imports, i18n, onUndo, busy }: { imports: ImportView[]; i18n: I18n; onUndo: (entry: ImportView) => Promise<void>; busy: boolean }) {
  const { t, label, number, dateTime } = i18n;
  const table = useResponsiveTableStyles();
  const view = useViewStyles();
  const [confirm, setConfirm] = useState<ImportView | undefined>();
  const cols = {
    at: t('when'),
    file: t('file'),
    source: t('importSource'),
    list: t('importList'),
    by: t('importBy'),
    add: t('importAdd'),
    change: t('importChange'),
    unchanged: t('importUnchanged'),
    refused: t('importRefused'),
    status: t('status'),
    actions: t('actions'),
  };
  return (
    <section className={view.section} aria-label={t('importHistory')}>
      <h2 className={view.subheading}>{t('importHistory')}</h2>
      {imports.length === 0 ? (
        <span className={view.muted}>{t('importNoHistory')}</span>
      ) : (
        <div className={view.scroll}>
          <Table className={table.table} aria-label={t('importHistory')} size="small">
            <TableHeader className={table.header}>
              <TableRow>
                {Object.values(cols).map((c) => (
                  <TableHeaderCell key={c}>{c}</TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody className={table.body}>
              {imports.map((e) => {
                const s = STATUS[e.interrupted ? 'interrupted' : e.status];
                return (
                  <TableRow key={e.id} className={table.row}>
                    <TableCell className={table.cell} data-label={cols.at}>
                      {dateTime(e.at)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.file}>
                      {e.fileName}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.source}>
                      {e.source || t('notSet')}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.list}>
                      {label(e.listLabel)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.by}>
                      {e.byUpn}
                    </TableCell>
                    <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={cols.add}>
                      {number(e.added)}
                    </TableCell>
                    <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={cols.change}>
                      {number(e.changed)}
                    </TableCell>
                    <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={cols.unchanged}>
                      {number(e.unchanged)}
                    </TableCell>
                    <TableCell className={mergeClasses(table.cell, table.numeric)} data-label={cols.refused}>
                      {number(e.refused)}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.status}>
                      <Badge appearance="tint" color={s.color}>
                        {t(s.key)}
                      </Badge>
                      {e.undoneAt && <div className={view.muted}>{dateTime(e.undoneAt)}</div>}
                    </TableCell>
                    <TableCell className={table.cell} data-label={cols.actions}>
                      {e.canUndo && (
                        <Button size="small" disabled={busy} aria-label={t('importUndoOf', { file: e.fileName })} onClick={() => setConfirm(e)}>
                          {t('importUndo')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      <Dialog open={!!confirm} onOpenChange={(_e, d) => !d.open && setConfirm(undefined)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('importUndoTitle')}</DialogTitle>
            <DialogContent>{confirm && t('importUndoConfirm', { file: confirm.fileName, at: dateTime(confirm.at), n: number(confirm.added) })}</DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => {
                  const entry = confirm;
                  setConfirm(undefined);
                  if (entry) void onUndo(entry);
                }}
              >
                {t('importUndo')}
              </Button>
              <Button onClick={() => setConfirm(undefined)}>{t('cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
