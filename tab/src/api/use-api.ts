import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { ApiFailure, type Api } from './client';

export interface ApiContextValue {
  api: Api;
  /** Bumped after a sync finishes, so every view reads again. */
  dataVersion: number;
  /** Makes every view read again (after a sync). */
  refreshAll: () => void;
}

export const ApiContext = createContext<ApiContextValue | undefined>(undefined);

/** The API of the signed-in session. */
export function useApiClient(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApiClient outside ApiContext');
  return value;
}

export interface Loaded<T> {
  data?: T;
  error?: ApiFailure;
  loading: boolean;
  reload: () => void;
}

/**
 * GET a path and keep the answer; null waits. Reads again when the path changes, after reload(),
 * and when a sync finishes. An answer that arrives after the path changed is dropped.
 */
export function useApi<T>(path: string | null): Loaded<T> {
  const { api, dataVersion } = useApiClient();
  const [state, setState] = useState<{ path: string | null; data?: T; error?: ApiFailure; loading: boolean }>({ path, loading: path !== null });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ path, data: s.path === path ? s.data : undefined, loading: true }));
    api.get<T>(path).then(
      (data) => live && setState({ path, data, loading: false }),
      (err: unknown) => live && setState({ path, error: asFailure(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [api, path, nonce, dataVersion]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.path === path;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: path !== null && (!current || state.loading), reload };
}

/** Any thrown value as an ApiFailure (a bug in the tab shows as one too, never a blank screen). */
export function asFailure(err: unknown): ApiFailure {
  if (err instanceof ApiFailure) return err;
  return new ApiFailure(-1, 'TAB.ERROR', err instanceof Error ? err.message : String(err));
}
