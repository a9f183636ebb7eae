import { MessageBar, MessageBarBody, MessageBarTitle, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { ColumnMapping, ImportPreview, PersonKey } from '../../api/types';
import type { I18n, StringKey } from '../../i18n';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

const PERSON_KEY_LABEL: Record<PersonKey, StringKey> = { upn: 'personByUpn', email: 'personByEmail', employeeNumber: 'personByEmployeeNumber' };

const useStyles = makeStyles({
  sample: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  select: { minWidth: '12em' },
});

/** 列の対応: one row per column of the file, with example values, the field it fills and, for the person, how the file names them. */
export function MappingTable({ preview, setMapping, i18n }: { preview: ImportPreview; setMapping: (index: number, change: Partial<ColumnMapping>) => void; i18n: I18n }) {
  const { t, label } = i18n;
  const styles = useStyles();
  const table = useResponsiveTableStyles();
  const view = useViewStyles();
  const from =
    preview.mappingFrom === 'remembered' ? t('importMappingRemembered', { source: preview.source }) : preview.mappingFrom === 'suggested' ? t('importMappingSuggested') : t('importMappingGiven');
  const cols = { column: t('importColumn'), sample: t('importSampleValues'), field: t('importField'), by: t('importPersonBy') };
  return (
    <section className={view.section} aria-label={t('importMapping')}>
      <h2 className={view.subheading}>{t('importMapping')}</h2>
      <span className={view.muted}>{from}</span>
      <div className={view.scroll}>
        <Table className={table.table} aria-label={t('importMapping')} size="small">
          <TableHeader className={table.header}>
            <TableRow>
              <TableHeaderCell>{cols.column}</TableHeaderCell>
              <TableHeaderCell>{cols.sample}</TableHeaderCell>
              <TableHeaderCell>{cols.field}</TableHeaderCell>
              <TableHeaderCell>{cols.by}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody className={table.body}>
            {preview.mapping.map((m, i) => {
              const field = preview.fields.find((f) => f.field === m.field);
              return (
                <TableRow key={m.header} className={table.row}>
                  <TableCell className={table.cell} data-label={cols.column}>
                    {m.header}
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.sample}>
                    <span className={styles.sample}>
                      {preview.sample
                        .map((r) => r[i] ?? '')
                        .filter(Boolean)
                        .slice(0, 2)
                        .join(' / ')}
                    </span>
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.field}>
                    <Select className={styles.select} aria-label={t('importFieldOf', { header: m.header })} value={m.field ?? ''} onChange={(_e, d) => setMapping(i, { field: d.value || undefined, by: undefined })}>
                      <option value="">{t('importSkip')}</option>
                      {preview.fields.map((f) => (
                        <option key={f.field} value={f.field}>
                          {f.required ? t('importRequired', { label: label(f.label) }) : label(f.label)}
                        </option>
                      ))}
                    </Select>
                  </TableCell>
                  <TableCell className={table.cell} data-label={cols.by}>
                    {field?.personKeys && (
                      <Select className={styles.select} aria-label={t('importPersonByOf', { header: m.header })} value={m.by ?? 'upn'} onChange={(_e, d) => setMapping(i, { by: d.value as PersonKey })}>
                        {field.personKeys.map((k) => (
                          <option key={k} value={k}>
                            {t(PERSON_KEY_LABEL[k])}
                          </option>
                        ))}
                      </Select>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {preview.mappingProblems.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('importMappingProblems')}</MessageBarTitle>
            {preview.mappingProblems.join(' ')}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
