import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
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
import { useRef, useState } from 'react';
import { ApiFailure, withQuery } from '../../api/client';
import type { OverrideError, SettingInput, SettingsView } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n, type I18n } from '../../i18n';
import { kpiValue } from '../programme/kpi-format';
import { ErrorBar } from '../error-bar';
import { useResponsiveTableStyles, useViewStyles } from '../table-styles';

export interface YearSettingsState {
  i18n: I18n;
  fiscalYear?: number;
  /** The 年度 to choose from (kept while another year loads). */
  fiscalYears: number[];
  setFiscalYear: (fy: number) => void;
  view?: SettingsView;
  loading: boolean;
  error?: ApiFailure;
  reload: () => void;
  /** What the office typed and has not saved, by key. */
  drafts: Record<string, string>;
  setDraft: (key: string, value: string) => void;
  /** The validator's messages for the last save, by key. */
  errors: Record<string, string[]>;
  saving: boolean;
  saved: boolean;
  saveError?: ApiFailure;
  save: () => void;
}

/**
 * 年度の設定 (programme office): GET /api/settings?fiscalYear= for the form and the history; 保存する
 * posts the changed fields (POST /api/settings). A refusal carries the validator's errors by key and
 * keeps what was typed; a success redraws the form from the answer and every view reads again.
 */
export function useYearSettingsState(): YearSettingsState {
  const i18n = useI18n();
  const { api, refreshAll } = useApiClient();
  const [fiscalYear, setFy] = useState<number | undefined>();
  const loaded = useApi<SettingsView>(withQuery('/api/settings', { fiscalYear }));
  const [saved, setSaved] = useState<SettingsView | undefined>();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [saveError, setSaveError] = useState<ApiFailure | undefined>();
  const view = saved && saved.fiscalYear === loaded.data?.fiscalYear ? saved : loaded.data;
  const years = useRef<number[]>([]);
  if (view) years.current = view.fiscalYears;

  const setFiscalYear = (fy: number): void => {
    setFy(fy);
    setSaved(undefined);
    setDrafts({});
    setErrors({});
    setJustSaved(false);
  };
  const setDraft = (key: string, value: string): void => {
    setDrafts((d) => ({ ...d, [key]: value }));
    setJustSaved(false);
  };
  const save = (): void => {
    if (!view) return;
    const current = (key: string): string => [...view.kpis, ...view.settings].find((r) => r.key === key)?.set?.value ?? '';
    const changes: SettingInput[] = Object.entries(drafts)
      .filter(([key, value]) => value.trim() !== current(key))
      .map(([key, value]) => ({ key, value: value.trim() }));
    if (changes.length === 0) return;
    setSaving(true);
    setSaveError(undefined);
    setErrors({});
    api.post<SettingsView>('/api/settings', { fiscalYear: view.fiscalYear, changes }).then(
      (v) => {
        setSaved(v);
        setDrafts({});
        setSaving(false);
        setJustSaved(true);
        refreshAll();
      },
      (err: unknown) => {
        const failure = asFailure(err);
        const list = (failure.details as { errors?: OverrideError[] } | undefined)?.errors ?? [];
        const byKey: Record<string, string[]> = {};
        for (const e of list) (byKey[e.key || ''] ??= []).push(e.path && e.path !== e.key ? `${e.path}: ${e.message}` : e.message);
        setErrors(byKey);
        setSaveError(failure);
        setSaving(false);
      },
    );
  };
  return {
    i18n,
    fiscalYear: fiscalYear ?? view?.fiscalYear,
    fiscalYears: years.current,
    setFiscalYear,
    view,
    loading: loaded.loading,
    error: loaded.error,
    reload: loaded.reload,
    drafts,
    setDraft,
    errors,
    saving,
    saved: justSaved,
    saveError,
    save,
  };
}

export const useYearSettingsStyles = makeStyles({
  input: { minWidth: '8em', maxWidth: '12em' },
  note: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export function renderYearSettings(state: YearSettingsState, styles: ReturnType<typeof useYearSettingsStyles>, table: ReturnType<typeof useResponsiveTableStyles>, view: ReturnType<typeof useViewStyles>) {
  const { t, label, fiscalYear, dateTime, number } = state.i18n;
  const v = state.view;
  const fy = v ? fiscalYear(v.fiscalYear) : '';
  const lastChange = (set?: { byUpn: string; at: string; fiscalYear: number }): string => (set ? t('settingsChangedBy', { by: set.byUpn, at: dateTime(set.at) }) : t('notSet'));
  const valueOf = (key: string, set?: { value: string }): string => state.drafts[key] ?? set?.value ?? '';
  const messages = (key: string): string | undefined => state.errors[key]?.join(' / ');
  const dirty = Object.keys(state.drafts).length > 0;
  const k = { kpi: t('chooseKpi'), preset: t('settingsPresetTarget'), inForce: t('settingsInForce'), year: t('settingsThisYear'), last: t('settingsLastChange') };
  const f = { item: t('item'), preset: t('settingsPresetValue'), inUse: t('settingsInUse'), from: t('settingsValueFrom'), last: t('settingsLastChange') };
  const h = { when: t('when'), fy: t('fiscalYear'), item: t('item'), value: t('dqValue'), by: t('settingsBy') };
  return (
    <div className={view.view}>
      <p className={view.muted}>{t('settingsIntro')}</p>
      <div className={view.toolbar}>
        <Field label={t('fiscalYear')} className={view.field}>
          <Select value={state.fiscalYear === undefined ? '' : String(state.fiscalYear)} onChange={(_e, d) => state.setFiscalYear(Number(d.value))}>
            {state.fiscalYears.map((y) => (
              <option key={y} value={String(y)}>
                {fiscalYear(y)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {state.error && <ErrorBar error={state.error} onRetry={state.reload} />}
      {state.loading && !v && <Spinner label={t('loading')} />}
      {v?.problem && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('settingsProblem')}</MessageBarTitle>
            {v.problem}
          </MessageBarBody>
        </MessageBar>
      )}
      {v && (
        <>
          <section className={view.section} aria-label={t('settingsKpis')}>
            <h2 className={view.subheading}>{t('settingsKpis')}</h2>
            <div className={view.scroll}>
              <Table className={table.table} aria-label={t('settingsKpis')} size="small">
                <TableHeader className={table.header}>
                  <TableRow>
                    {Object.values(k).map((c) => (
                      <TableHeaderCell key={c}>{c}</TableHeaderCell>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody className={table.body}>
                  {v.kpis.map((row) => (
                    <TableRow key={row.key} className={table.row}>
                      <TableCell className={table.cell} data-label={k.kpi}>
                        {label(row.label)}
                      </TableCell>
                      <TableCell className={table.cell} data-label={k.preset}>
                        {row.preset ? targetText(row.unit, row.preset.value, row.preset.approximate, state.i18n) : t('notSet')}
                      </TableCell>
                      <TableCell className={table.cell} data-label={k.inForce}>
                        {row.inForce
                          ? t('settingsTargetIn', { value: targetText(row.unit, row.inForce.value, row.inForce.approximate, state.i18n), fy: fiscalYear(row.inForce.fiscalYear) })
                          : t('kpiNoTarget')}
                      </TableCell>
                      <TableCell className={table.cell} data-label={k.year}>
                        <Field validationMessage={messages(row.key)} validationState={messages(row.key) ? 'error' : 'none'}>
                          <Input
                            className={styles.input}
                            aria-label={t('settingsTargetOf', { label: label(row.label), fy })}
                            placeholder={row.preset ? String(row.preset.approximate ? `~${row.preset.value}` : row.preset.value) : ''}
                            value={valueOf(row.key, row.set)}
                            onChange={(_e, d) => state.setDraft(row.key, d.value)}
                          />
                        </Field>
                      </TableCell>
                      <TableCell className={table.cell} data-label={k.last}>
                        {lastChange(row.set)}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            <span className={styles.note}>{t('settingsTargetHint')}</span>
          </section>
          {v.settings.length > 0 && (
            <section className={view.section} aria-label={t('settingsFillIns')}>
              <h2 className={view.subheading}>{t('settingsFillIns')}</h2>
              <div className={view.scroll}>
                <Table className={table.table} aria-label={t('settingsFillIns')} size="small">
                  <TableHeader className={table.header}>
                    <TableRow>
                      {Object.values(f).map((c) => (
                        <TableHeaderCell key={c}>{c}</TableHeaderCell>
                      ))}
                    </TableRow>
                  </TableHeader>
                  <TableBody className={table.body}>
                    {v.settings.map((row) => (
                      <TableRow key={row.key} className={table.row}>
                        <TableCell className={table.cell} data-label={f.item}>
                          {label(row.label)}
                          {row.note && <span className={styles.note}>{row.note}</span>}
                        </TableCell>
                        <TableCell className={table.cell} data-label={f.preset}>
                          {number(row.preset)}
                        </TableCell>
                        <TableCell className={table.cell} data-label={f.inUse}>
                          {number(row.inForce)}
                        </TableCell>
                        <TableCell className={table.cell} data-label={f.from}>
                          <Field validationMessage={messages(row.key)} validationState={messages(row.key) ? 'error' : 'none'}>
                            <Input
                              className={styles.input}
                              aria-label={t('settingsValueOf', { label: label(row.label), fy })}
                              placeholder={String(row.preset)}
                              value={valueOf(row.key, row.set && row.set.fiscalYear === v.fiscalYear ? row.set : undefined)}
                              onChange={(_e, d) => state.setDraft(row.key, d.value)}
                            />
                          </Field>
                        </TableCell>
                        <TableCell className={table.cell} data-label={f.last}>
                          {lastChange(row.set)}
                          {row.set && row.set.fiscalYear !== v.fiscalYear && <span className={styles.note}>{t('settingsSetIn', { fy: fiscalYear(row.set.fiscalYear) })}</span>}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            </section>
          )}
          {state.saveError && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                {state.saveError.code === 'SETTINGS.INVALID' ? t('settingsInvalid') : state.saveError.message}
                {state.errors[''] && <div>{state.errors[''].join(' / ')}</div>}
              </MessageBarBody>
            </MessageBar>
          )}
          {state.saved && (
            <MessageBar intent="success">
              <MessageBarBody>{t('settingsSaved')}</MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" disabled={!dirty || state.saving} onClick={state.save}>
              {t('settingsSave')}
            </Button>
            {state.saving && <Spinner size="tiny" />}
          </div>
          <section className={view.section} aria-label={t('settingsHistory')}>
            <h2 className={view.subheading}>{t('settingsHistory')}</h2>
            {v.history.length === 0 ? (
              <span className={view.muted}>{t('settingsNoHistory')}</span>
            ) : (
              <Table className={table.table} aria-label={t('settingsHistory')} size="small">
                <TableHeader className={table.header}>
                  <TableRow>
                    {Object.values(h).map((c) => (
                      <TableHeaderCell key={c}>{c}</TableHeaderCell>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody className={table.body}>
                  {v.history.map((c, n) => (
                    <TableRow key={n} className={table.row}>
                      <TableCell className={table.cell} data-label={h.when}>
                        {dateTime(c.at)}
                      </TableCell>
                      <TableCell className={table.cell} data-label={h.fy}>
                        {fiscalYear(c.fiscalYear)}
                      </TableCell>
                      <TableCell className={table.cell} data-label={h.item}>
                        {label(c.label)}
                      </TableCell>
                      <TableCell className={table.cell} data-label={h.value}>
                        {c.value === '' ? t('settingsBackToPreset') : c.value}
                      </TableCell>
                      <TableCell className={table.cell} data-label={h.by}>
                        {c.byUpn}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </section>
        </>
      )}
    </div>
  );
}

/** A target as the cards write it: 約700 人, 100%. */
function targetText(unit: Parameters<typeof kpiValue>[0], value: number, approximate: boolean, i18n: I18n): string {
  return `${approximate ? (i18n.locale === 'ja' ? '約' : '~') : ''}${kpiValue(unit, value, i18n)}`;
}

/** 年度の設定 (programme office): each KPI's target for a 年度 and the values the programme leaves to the municipality, with their history. */
export function YearSettingsView() {
  return renderYearSettings(useYearSettingsState(), useYearSettingsStyles(), useResponsiveTableStyles(), useViewStyles());
}

export default YearSettingsView;
