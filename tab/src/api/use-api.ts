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

/** A page of a list the server pages with a cursor (members, data quality). */
export interface CursorPage<T> {
  items: T[];
  total: number;
  nextCursor?: string;
}

export interface PagedList<T, P extends CursorPage<T>> {
  /** The first page's answer as it came (for what it carries beside the items). */
  first?: P;
  items: T[];
  total: number;
  hasMore: boolean;
  loading: boolean;
  error?: ApiFailure;
  /** Reads the next page and appends its items. */
  loadMore: () => void;
  /** Reads from the first page again. */
  retry: () => void;
}

/**
 * A server-paged list: the first page of `pathFor()` whenever the path changes, after retry() and
 * when a sync finishes (an answer that arrives after the path changed is dropped), then more with
 * `pathFor(cursor)`. A failed first page empties the list.
 */
export function usePagedList<T, P extends CursorPage<T>>(pathFor: (cursor?: string) => string): PagedList<T, P> {
  const { api, dataVersion } = useApiClient();
  const [first, setFirst] = useState<P | undefined>();
  const [page, setPage] = useState<CursorPage<T>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiFailure | undefined>();
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(undefined);
    api.get<P>(pathFor()).then(
      (p) => {
        if (!live) return;
        setFirst(p);
        setPage({ items: p.items, total: p.total, nextCursor: p.nextCursor });
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setFirst(undefined);
        setPage({ items: [], total: 0 });
        setError(asFailure(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, pathFor, dataVersion, nonce]);

  const loadMore = useCallback(() => {
    if (!page.nextCursor) return;
    setLoading(true);
    api.get<P>(pathFor(page.nextCursor)).then(
      (p) => {
        setPage((prev) => ({ items: [...prev.items, ...p.items], total: p.total, nextCursor: p.nextCursor }));
        setLoading(false);
      },
      (err: unknown) => {
        setError(asFailure(err));
        setLoading(false);
      },
    );
  }, [api, pathFor, page.nextCursor]);

  return { first, items: page.items, total: page.total, hasMore: page.nextCursor !== undefined, loading, error, loadMore, retry: () => setNonce((n) => n + 1) };
}
