import { useState } from 'react';
import type { ApiFailure } from '../api/client';
import { asFailure, useApiClient } from '../api/use-api';

/** Hands a downloaded file to the browser. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface Download {
  /** Fetches the path with the caller's token and saves it under the server's name (or `fallback`). */
  start(path: string, fallback: string): void;
  busy: boolean;
  error?: ApiFailure;
}

/** A file the server makes (CSV, the workbook): one at a time, its failure kept to show. */
export function useDownload(): Download {
  const { api } = useApiClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const start = (path: string, fallback: string): void => {
    setBusy(true);
    setError(undefined);
    api.download(path).then(
      ({ blob, filename }) => {
        saveBlob(blob, filename ?? fallback);
        setBusy(false);
      },
      (err: unknown) => {
        setError(asFailure(err));
        setBusy(false);
      },
    );
  };
  return { start, busy, error };
}
