import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Select, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiFailure, withQuery } from '../../api/client';
import type { ColumnMapping, ImportPreview, ImportsOverview, ImportView, PersonKey } from '../../api/types';
import { asFailure, useApi, useApiClient } from '../../api/use-api';
import { useI18n, type I18n } from '../../i18n';
import { ErrorBar } from '../error-bar';
import { useViewStyles } from '../table-styles';
import { ImportHistory } from './import-history';
import { MappingTable } from './mapping-table';
import { PreviewPanel } from './preview-panel';

/** How often a running import's progress is asked for (GET /api/imports/:id reads it from the ImportLog list). */
const POLL_MS = 1000;

export interface ImportsState {
  i18n: I18n;
  overview?: ImportsOverview;
  overviewError?: ApiFailure;
  reloadOverview: () => void;
  list: string;
  setList: (list: string) => void;
  source: string;
  setSource: (source: string) => void;
  file?: File;
  chooseFile: (file: File | undefined) => void;
  /** A problem found before asking the server (the file is over the limit). */
  fileProblem?: string;
  preview?: ImportPreview;
  previewing: boolean;
  previewError?: ApiFailure;
  setMapping: (index: number, change: Partial<ColumnMapping>) => void;
  start: () => void;
  starting: boolean;
  /** The import or undo being followed, as last read. */
  job?: ImportView;
  jobError?: ApiFailure;
  undo: (entry: ImportView) => Promise<void>;
}

/**
 * 取り込み (programme office): choose the list, the source and the file; the server previews it
 * (POST /api/imports/preview, the file as the body) with the mapping it remembers or suggests; a
 * changed mapping is previewed again; 取り込む starts the import (202) and its progress is read every
 * second from GET /api/imports/:id until it is done; the history below can undo an import.
 */
export function useImportsState(): ImportsState {
  const i18n = useI18n();
  const { api, refreshAll } = useApiClient();
  const overview = useApi<ImportsOverview>('/api/imports');
  const [list, setListState] = useState('Completions');
  const [source, setSource] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const [preview, setPreview] = useState<ImportPreview | undefined>();
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<ApiFailure | undefined>();
  const [starting, setStarting] = useState(false);
  const [job, setJob] = useState<ImportView | undefined>();
  const [jobError, setJobError] = useState<ApiFailure | undefined>();
  // Only the answer to the latest preview counts (the mapping may change while one is on its way).
  const latest = useRef(0);

  const runPreview = useCallback(
    (f: File, targetList: string, src: string, mapping?: ColumnMapping[]) => {
      const n = ++latest.current;
      setPreviewing(true);
      setPreviewError(undefined);
      const path = withQuery('/api/imports/preview', { list: targetList, source: src, fileName: f.name, mapping: mapping ? JSON.stringify(mapping) : undefined });
      api.upload<ImportPreview>(path, f).then(
        (p) => {
          if (n !== latest.current) return;
          setPreview(p);
          setPreviewing(false);
        },
        (err: unknown) => {
          if (n !== latest.current) return;
          setPreview(undefined);
          setPreviewError(asFailure(err));
          setPreviewing(false);
        },
      );
    },
    [api],
  );

  const chooseFile = (f: File | undefined): void => {
    setFile(f);
    setPreview(undefined);
    setPreviewError(undefined);
    setFileProblem(undefined);
    setJob(undefined);
    if (!f) return;
    const max = overview.data?.maxFileBytes;
    // Not sent at all: the server would refuse it (413) after the upload.
    if (max !== undefined && f.size > max) {
      const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
      setFileProblem(i18n.t('importTooLarge', { size: mb(f.size), mb: mb(max) }));
      return;
    }
    runPreview(f, list, source);
  };

  const setList = (l: string): void => {
    setListState(l);
    if (file && !fileProblem) runPreview(file, l, source);
  };

  const setMapping = (index: number, change: Partial<ColumnMapping>): void => {
    if (!preview || !file) return;
    const mapping = preview.mapping.map((m, i) => {
      if (i !== index) return m;
      const next: ColumnMapping = { header: m.header, ...(m.field ? { field: m.field } : {}), ...(m.by ? { by: m.by } : {}), ...change };
      if (!next.field) return { header: m.header };
      const personKeys = preview.fields.find((f) => f.field === next.field)?.personKeys;
      // A person column defaults to UPN; other fields have no "by".
      if (personKeys) return { ...next, by: (next.by ?? 'upn') as PersonKey };
      return { header: next.header, field: next.field };
    });
    setPreview({ ...preview, mapping });
    runPreview(file, preview.list, source, mapping);
  };

  const start = (): void => {
    if (!file || !preview) return;
    setStarting(true);
    setJobError(undefined);
    const path = withQuery('/api/imports', { list: preview.list, source, fileName: file.name, mapping: JSON.stringify(preview.mapping) });
    api.upload<ImportView>(path, file).then(
      (entry) => {
        setJob(entry);
        setStarting(false);
      },
      (err: unknown) => {
        setJobError(asFailure(err));
        setStarting(false);
      },
    );
  };

  const undo = async (entry: ImportView): Promise<void> => {
    setJobError(undefined);
    try {
      setJob(await api.post<ImportView>(`/api/imports/${encodeURIComponent(entry.id)}/undo`));
    } catch (err) {
      setJobError(asFailure(err));
    }
  };

  // Follows a running import or undo until it ends; then every view reads again.
  const jobId = job?.id;
  const moving = job?.status === 'running' || job?.status === 'undoing';
  const reloadOverview = overview.reload;
  useEffect(() => {
    if (!jobId || !moving) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One read at a time: the next is asked for a second after the last answer, so a slow answer
    // never overlaps a later one (two answers at once could report the job twice).
    const next = (): void => {
      timer = setTimeout(() => {
        api.get<ImportView>(`/api/imports/${encodeURIComponent(jobId)}`).then(
          (v) => {
            if (!live) return;
            setJob(v);
            if ((v.status !== 'running' && v.status !== 'undoing') || v.interrupted) {
              live = false;
              reloadOverview();
              refreshAll();
            } else next();
          },
          (err: unknown) => {
            if (!live) return;
            setJobError(asFailure(err));
            next();
          },
        );
      }, POLL_MS);
    };
    next();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, jobId, moving, reloadOverview, refreshAll]);

  return {
    i18n,
    overview: overview.data,
    overviewError: overview.error,
    reloadOverview,
    list,
    setList,
    source,
    setSource,
    file,
    chooseFile,
    fileProblem,
    preview,
    previewing,
    previewError,
    setMapping,
    start,
    starting,
    job,
    jobError,
    undo,
  };
}

export const useImportsStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: tokens.spacingHorizontalL },
  fileInput: { fontSize: tokens.fontSizeBase300, maxWidth: '100%' },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, maxWidth: '40em' },
});

export function renderImports(state: ImportsState, styles: ReturnType<typeof useImportsStyles>, view: ReturnType<typeof useViewStyles>, fileInputId: string) {
  const { t, label } = state.i18n;
  const lists = state.overview?.lists ?? [];
  const mb = state.overview ? Math.round(state.overview.maxFileBytes / 1024 / 1024) : 16;
  const job = state.job;
  const moving = job && (job.status === 'running' || job.status === 'undoing') && !job.interrupted;
  const p = state.preview;
  return (
    <div className={view.view}>
      <p className={view.muted}>{t('importIntro')}</p>
      {state.overviewError && <ErrorBar error={state.overviewError} onRetry={state.reloadOverview} />}
      <div className={styles.form}>
        <Field label={t('importList')} className={view.field}>
          <Select value={state.list} onChange={(_e, d) => state.setList(d.value)}>
            {lists.map((l) => (
              <option key={l.list} value={l.list}>
                {label(l.label)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('importSource')} hint={t('importSourceHint')} className={view.field}>
          <Input value={state.source} onChange={(_e, d) => state.setSource(d.value)} list="skillsteps-import-sources" maxLength={100} />
        </Field>
        <datalist id="skillsteps-import-sources">
          {(p?.sources ?? []).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <Field label={{ children: t('importFile', { mb }), htmlFor: fileInputId }} className={view.field}>
          <input
            id={fileInputId}
            type="file"
            className={styles.fileInput}
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => state.chooseFile(e.currentTarget.files?.[0])}
          />
        </Field>
      </div>
      {state.fileProblem && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{state.fileProblem}</MessageBarBody>
        </MessageBar>
      )}
      {state.previewError && <ErrorBar error={state.previewError} />}
      {state.previewing && <Spinner size="small" label={t('importReading')} />}
      {p && <MappingTable preview={p} setMapping={state.setMapping} i18n={state.i18n} />}
      {p && p.mappingProblems.length === 0 && (
        <PreviewPanel preview={p} i18n={state.i18n}>
          {!job && (
            <div>
              {p.add + p.change > 0 ? (
                <Button appearance="primary" disabled={state.starting || state.previewing} onClick={state.start}>
                  {t('importRun', { add: p.add, change: p.change })}
                </Button>
              ) : (
                <MessageBar intent="info">
                  <MessageBarBody>{t('importNothing')}</MessageBarBody>
                </MessageBar>
              )}
            </div>
          )}
        </PreviewPanel>
      )}
      {state.starting && <Spinner size="small" label={t('importPreparing')} />}
      {state.jobError && <ErrorBar error={state.jobError} />}
      {job && moving && (
        <div className={styles.progress} role="status">
          <span>
            {job.total === 0
              ? t('importPreparing')
              : t(job.status === 'undoing' ? 'importUndoProgress' : 'importProgress', { done: job.processed, total: job.total })}
          </span>
          <ProgressBar value={job.total > 0 ? job.processed / job.total : undefined} aria-label={t('opsRunning')} />
        </div>
      )}
      {job && !moving && <JobResult job={job} i18n={state.i18n} />}
      <ImportHistory imports={state.overview?.imports ?? []} i18n={state.i18n} onUndo={state.undo} busy={!!moving} />
    </div>
  );
}

function JobResult({ job, i18n }: { job: ImportView; i18n: I18n }) {
  const { t } = i18n;
  if (job.status === 'done') {
    return (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>{t('importDone', { added: job.added, changed: job.changed, unchanged: job.unchanged, refused: job.refused })}</MessageBarBody>
      </MessageBar>
    );
  }
  if (job.status === 'undone') {
    return (
      <MessageBar intent="success">
        <MessageBarBody>{t('importUndoneResult', { n: job.processed })}</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t(job.interrupted ? 'importStatusInterrupted' : 'importStatusFailed')}</MessageBarTitle>
        {job.message ?? ''}
      </MessageBarBody>
    </MessageBar>
  );
}

/** 取り込み (programme office): vendor and HR files into the lists, with a preview, progress and undo. */
export function ImportsView() {
  return renderImports(useImportsState(), useImportsStyles(), useViewStyles(), useId());
}

export default ImportsView;
