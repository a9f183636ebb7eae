import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ApiFailure } from '../../api/client';
import type { ReportCreated, ReportField, ReportFinding, ReportFormView, ReportKind } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n, type I18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { ProgressChanges } from './progress-changes';

/** What a 「報告する」 next to a missing item fills in: the kind, and the course when it names one. */
export interface ReportPrefill {
  kind?: ReportKind;
  item?: string;
}

export interface ReportDialogProps {
  prefill?: ReportPrefill;
  onClose: () => void;
  /** After a report was recorded (201): read the views again. */
  onDone?: (created: ReportCreated) => void;
}

type Outcome = { kind: 'refused'; errors: ReportFinding[] } | { kind: 'done'; created: ReportCreated } | { kind: 'failed'; error: ApiFailure };

interface Values {
  kind: string;
  item: string;
  date: string;
  certificateNumber: string;
  hours: string;
  title: string;
  level: string;
  note: string;
}

export interface ReportDialogState {
  i18n: I18n;
  form?: ReportFormView;
  formError?: ApiFailure;
  values: Values;
  set: (key: keyof Values, value: string) => void;
  file?: File;
  setFile: (f: File | undefined) => void;
  /** The chosen item's rule (evidence, confirmer). */
  rule?: { evidence: 'none' | 'note' | 'file'; confirmer: 'none' | 'sectionManager' | 'office' };
  /** Each field's message from the server (or the size check here). */
  errorOf: (field: ReportField) => string | undefined;
  submitting: boolean;
  outcome?: Outcome;
  canSubmit: boolean;
  submit: () => void;
  onClose: () => void;
}

/**
 * 報告する: what (the kinds and items the programme takes, GET /api/reports/form), when, what the kind
 * adds, a note, and the evidence file — sent to POST /api/reports (multipart with the file). The
 * server checks everything and answers 422 with each field's reason, shown under that field; a file
 * over the limit is refused here first, before it is sent.
 */
export function useReportDialogState(props: ReportDialogProps): ReportDialogState {
  const i18n = useI18n();
  const { api } = useApiClient();
  const form = useApi<ReportFormView>('/api/reports/form');
  const firstKind = props.prefill?.kind && form.data?.kinds.some((k) => k.kind === props.prefill?.kind) ? props.prefill.kind : (form.data?.kinds[0]?.kind ?? '');
  const [values, setValues] = useState<Values>({ kind: '', item: props.prefill?.item ?? '', date: '', certificateNumber: '', hours: '', title: '', level: '', note: '' });
  const [file, setFileState] = useState<File | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const kind = values.kind || firstKind;
  const kindForm = form.data?.kinds.find((k) => k.kind === kind);
  const item = kindForm?.items.find((i) => i.id === values.item);
  const tooLarge = file && form.data && file.size > form.data.files.maxBytes;

  const set = (key: keyof Values, value: string): void => {
    setValues((v) => ({ ...v, ...(key === 'kind' ? { item: '' } : {}), [key]: value }));
    if (outcome?.kind !== 'done') setOutcome(undefined);
  };
  const errorOf = (field: ReportField): string | undefined => {
    if (field === 'file' && tooLarge && form.data) return i18n.t('reportFileHint', { types: typesText(form.data), mb: megabytes(form.data.files.maxBytes) });
    const found = outcome?.kind === 'refused' ? outcome.errors.filter((e) => e.field === field) : [];
    return found.length > 0 ? found.map((e) => i18n.label(e.message)).join(' ') : undefined;
  };
  const submit = (): void => {
    if (submitting || tooLarge || !kind) return;
    const report = { ...values, kind };
    setSubmitting(true);
    const body = new FormData();
    body.set('report', JSON.stringify(report));
    if (file) body.set('file', file, file.name);
    api.postForm<ReportCreated>('/api/reports', body).then(
      (created) => {
        setSubmitting(false);
        setOutcome({ kind: 'done', created });
        props.onDone?.(created);
      },
      (err: unknown) => {
        setSubmitting(false);
        const failure = asFailure(err);
        const details = (failure.details ?? {}) as { errors?: ReportFinding[] };
        if ((failure.status === 422 || failure.status === 403) && details.errors) setOutcome({ kind: 'refused', errors: details.errors });
        else setOutcome({ kind: 'failed', error: failure });
      },
    );
  };
  return {
    i18n,
    form: form.data,
    formError: form.error,
    values: { ...values, kind },
    set,
    file,
    setFile: (f) => {
      setFileState(f);
      if (outcome?.kind !== 'done') setOutcome(undefined);
    },
    rule: item ? { evidence: item.evidence, confirmer: item.confirmer } : undefined,
    errorOf,
    submitting,
    outcome,
    canSubmit: !!kind && !!values.item && !!values.date && !submitting && !tooLarge && outcome?.kind !== 'done',
    submit,
    onClose: props.onClose,
  };
}

export const useReportDialogStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  surface: { maxWidth: 'min(600px, calc(100vw - 24px))' },
  findings: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export function renderReportDialog(state: ReportDialogState, styles: ReturnType<typeof useReportDialogStyles>) {
  const { t, label } = state.i18n;
  const f = state.form;
  const kindForm = f?.kinds.find((k) => k.kind === state.values.kind);
  const v = state.values;
  const o = state.outcome;
  const confirmerText = state.rule ? t(state.rule.confirmer === 'none' ? 'confirmerNone' : state.rule.confirmer === 'office' ? 'confirmerOffice' : 'confirmerSectionManager') : undefined;
  const unplaced = o?.kind === 'refused' ? o.errors.filter((e) => e.field === 'kind' || e.field === 'subject') : [];
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && state.onClose()}>
      <DialogSurface className={styles.surface}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            state.submit();
          }}
        >
          <DialogBody>
            <DialogTitle>{t('reportButton')}</DialogTitle>
            <DialogContent className={styles.form}>
              {state.formError && <ErrorBar error={state.formError} />}
              {!f && !state.formError && <Spinner size="small" label={t('loading')} />}
              {f && (
                <>
                  <Field label={t('reportWhat')} required>
                    <Select value={v.kind} onChange={(_e, d) => state.set('kind', d.value)}>
                      {f.kinds.map((k) => (
                        <option key={k.kind} value={k.kind}>
                          {label(k.label)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                  {kindForm && (
                    <>
                      <Field label={label(kindForm.itemLabel)} required validationMessage={state.errorOf('item')} hint={confirmerText}>
                        <Select value={v.item} onChange={(_e, d) => state.set('item', d.value)}>
                          <option value="">{t('pickOne')}</option>
                          {kindForm.items.map((i) => (
                            <option key={i.id} value={i.id}>
                              {label(i.label)}
                            </option>
                          ))}
                        </Select>
                      </Field>
                      <Field label={label(kindForm.dateLabel)} required validationMessage={state.errorOf('date')}>
                        <Input type="date" value={v.date} onChange={(_e, d) => state.set('date', d.value)} />
                      </Field>
                      {v.kind === 'qualification' && (
                        <Field label={t('reportCertificateInput')} validationMessage={state.errorOf('certificateNumber')}>
                          <Input value={v.certificateNumber} maxLength={255} onChange={(_e, d) => state.set('certificateNumber', d.value)} />
                        </Field>
                      )}
                      {v.kind === 'course' && (
                        <Field label={t('reportHoursInput')} validationMessage={state.errorOf('hours')}>
                          <Input type="number" min={0} max={1000} step="0.5" value={v.hours} onChange={(_e, d) => state.set('hours', d.value)} />
                        </Field>
                      )}
                      {v.kind === 'contribution' && (
                        <Field label={t('reportTitleInput')} required validationMessage={state.errorOf('title')}>
                          <Input value={v.title} maxLength={255} placeholder={t('reportTitlePlaceholder')} onChange={(_e, d) => state.set('title', d.value)} />
                        </Field>
                      )}
                      {v.kind === 'skill' && (
                        <Field label={t('level')} required validationMessage={state.errorOf('level')}>
                          <Select value={v.level} onChange={(_e, d) => state.set('level', d.value)}>
                            <option value="">{t('pickOne')}</option>
                            {f.levels.map((l) => (
                              <option key={l.level} value={String(l.level)}>
                                {`${l.level}：${label(l.label)}`}
                              </option>
                            ))}
                          </Select>
                        </Field>
                      )}
                      <Field label={t('note')} required={state.rule?.evidence === 'note'} validationMessage={state.errorOf('note')}>
                        <Textarea value={v.note} maxLength={1000} resize="vertical" placeholder={t('reportNotePlaceholder')} onChange={(_e, d) => state.set('note', d.value)} />
                      </Field>
                      <Field
                        label={t('file')}
                        required={state.rule?.evidence === 'file'}
                        validationMessage={state.errorOf('file')}
                        hint={t(state.rule?.evidence === 'file' ? 'reportFileRequired' : 'reportFileHint', { types: typesText(f), mb: megabytes(f.files.maxBytes) })}
                      >
                        <input type="file" accept={f.files.types.map((x) => (x === 'pdf' ? 'application/pdf' : `image/${x}`)).join(',')} onChange={(e) => state.setFile(e.target.files?.[0])} />
                      </Field>
                    </>
                  )}
                </>
              )}
              {unplaced.length > 0 && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{t('reportRefused')}</MessageBarTitle>
                    <ul className={styles.findings}>
                      {unplaced.map((e, i) => (
                        <li key={i}>{label(e.message)}</li>
                      ))}
                    </ul>
                  </MessageBarBody>
                </MessageBar>
              )}
              {o?.kind === 'refused' && unplaced.length === 0 && (
                <MessageBar intent="error">
                  <MessageBarBody>{t('reportRefused')}</MessageBarBody>
                </MessageBar>
              )}
              {o?.kind === 'done' && (
                <MessageBar intent="success" layout="multiline">
                  <MessageBarBody>
                    {o.created.confirmedAtOnce ? (
                      <>
                        <div>{t('reportRecordedTab')}</div>
                        <ProgressChanges changes={o.created.changes} />
                      </>
                    ) : (
                      <>
                        <div>{t('reportSentTab', { confirmer: o.created.report.confirmer?.name ?? t('notSet') })}</div>
                        {!o.created.confirmerNotified && <div>{t('confirmerNotNotified')}</div>}
                      </>
                    )}
                  </MessageBarBody>
                </MessageBar>
              )}
              {o?.kind === 'failed' && <ErrorBar error={o.error} />}
            </DialogContent>
            <DialogActions>
              {state.submitting && <Spinner size="tiny" />}
              {o?.kind !== 'done' && (
                <Button appearance="primary" type="submit" disabled={!state.canSubmit}>
                  {t('reportButton')}
                </Button>
              )}
              <Button onClick={state.onClose}>{o?.kind === 'done' ? t('close') : t('cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

export function ReportDialog(props: ReportDialogProps) {
  return renderReportDialog(useReportDialogState(props), useReportDialogStyles());
}

function typesText(form: ReportFormView): string {
  return form.files.types.map((x) => x.toUpperCase()).join('・');
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
}
