import type { ApiErrorBody } from './types';

/** An API call that did not succeed: the server's status, stable code and Japanese message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The network could not be reached (status 0); the tab shows its own message for it. */
export const NETWORK = 'NETWORK';

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** A multipart/form-data POST (a report with its evidence file); the browser sets the boundary. */
  postForm<T>(path: string, form: FormData): Promise<T>;
  /** A file download (CSV): the bytes and the name the server suggests. */
  download(path: string): Promise<{ blob: Blob; filename?: string }>;
  /** A file upload (the office's import): the file's bytes as the body, the JSON answer. */
  upload<T>(path: string, file: Blob): Promise<T>;
}

export interface ApiOptions {
  /** The bearer token for each call (Teams SSO, or the dev host's token). */
  token: () => Promise<string>;
  fetch: typeof fetch;
  /** Told of every 401, so the shell can ask the person to sign in again. */
  onUnauthorized?: (failure: ApiFailure) => void;
}

/** The tab's only way to the server: JSON over HTTP with `Authorization: Bearer` on every call. */
export function createApi(options: ApiOptions): Api {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> => {
    const token = await options.token();
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    const file = !form && typeof Blob !== 'undefined' && body instanceof Blob;
    if (body !== undefined && !form) headers['Content-Type'] = file ? 'application/octet-stream' : 'application/json';
    let res: Response;
    try {
      res = await options.fetch(path, { method, headers, body: body === undefined ? undefined : form || file ? (body as BodyInit) : JSON.stringify(body) });
    } catch (err) {
      throw new ApiFailure(0, NETWORK, err instanceof Error ? err.message : String(err));
    }
    if (res.ok) return res;
    const failure = await failureOf(res);
    if (failure.status === 401) options.onUnauthorized?.(failure);
    throw failure;
  };
  return {
    get: async <T>(path: string) => (await (await call('GET', path)).json()) as T,
    post: async <T>(path: string, body?: unknown) => (await (await call('POST', path, body ?? {})).json()) as T,
    postForm: async <T>(path: string, form: FormData) => (await (await call('POST', path, form)).json()) as T,
    upload: async <T>(path: string, file: Blob) => (await (await call('POST', path, file)).json()) as T,
    download: async (path: string) => {
      const res = await call('GET', path);
      const disposition = res.headers.get('Content-Disposition') ?? '';
      const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1];
      return { blob: await res.blob(), filename };
    },
  };
}

async function failureOf(res: Response): Promise<ApiFailure> {
  try {
    const body = (await res.json()) as Partial<ApiErrorBody>;
    if (body.error && typeof body.error.message === 'string') {
      return new ApiFailure(res.status, body.error.code ?? `HTTP.${res.status}`, body.error.message, body.error.details);
    }
  } catch {
    // Not JSON (a proxy's error page): fall through to a plain failure.
  }
  return new ApiFailure(res.status, `HTTP.${res.status}`, `サーバーがエラーを返しました（HTTP ${res.status}）`);
}

/** A path with query parameters, leaving out empty ones. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && v !== false) params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** A path segment: department and section names are Japanese and may hold anything. */
export const seg = (s: string): string => encodeURIComponent(s);
