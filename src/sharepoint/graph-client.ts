import type { TokenCredential } from '@azure/identity';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { toSharePointError } from './errors';
import { trustingDispatcher } from './tls';

/** One request of a JSON $batch (Graph takes at most 20 per batch). */
export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root: /sites/{id}/lists/{id}/items */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Requests actually sent over the wire, retries included (for progress, benchmarks and tests). */
export interface GraphStats {
  requests: number;
  retried: number;
}

/**
 * The Graph calls SkillSteps makes, through the SDK. Who does what about throttling:
 * - the SDK's RetryHandler retries a 429/503/504 answer, sleeping for its Retry-After (bounded by
 *   maxRetries) — per request, transparently;
 * - our limiter here caps how many requests are in flight at once, so a sync of eleven lists does
 *   not itself cause a throttling storm;
 * - inner requests of a $batch are not seen by the RetryHandler (the batch itself answers 200),
 *   so the batch writer retries those itself (graph-list-writer.ts).
 */
export interface GraphApi {
  get<T>(path: string, headers?: Record<string, string>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T>;
  delete(path: string, headers?: Record<string, string>): Promise<void>;
  /** A PUT with a binary body (driveitem-put-content). */
  putBytes<T>(path: string, bytes: Uint8Array, contentType: string): Promise<T>;
  /** A binary GET (driveitem-get-content: a 302 to a download URL, followed): the bytes and their type. */
  getBytes(path: string): Promise<{ bytes: Uint8Array; contentType: string }>;
  batch(requests: BatchRequest[]): Promise<BatchResponse[]>;
  /** The SDK client itself (the naive-read benchmark uses its PageIterator). */
  readonly client: Client;
  readonly stats: GraphStats;
}

export interface GraphApiOptions {
  /** https://graph.microsoft.com or the local tenant. */
  baseUrl: string;
  credential: TokenCredential;
  /** Local mode only: trust exactly this certificate (the local tenant's). */
  caPem?: string;
  concurrency: number;
  maxRetries: number;
}

/** A Graph client with authentication, the SDK's retry handling, request counting and a concurrency limit. */
export function createGraphApi(opts: GraphApiOptions): GraphApi {
  const stats: GraphStats = { requests: 0, retried: 0 };
  const base = new URL(opts.baseUrl);
  // Tokens are for Graph in both modes: the local tenant issues them with Graph's audience.
  const scopes = ['https://graph.microsoft.com/.default'];
  const auth = new AuthenticationHandler(new TokenCredentialAuthenticationProvider(opts.credential, { scopes }));
  const retry = new RetryHandler(new RetryHandlerOptions(3, opts.maxRetries, () => {
    stats.retried++;
    return true;
  }));
  const counter: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      stats.requests++;
      await counter.next!.execute(context);
    },
    setNext(next: Middleware) {
      counter.next = next;
    },
  };
  auth.setNext(retry);
  retry.setNext(counter);
  counter.setNext!(new HTTPMessageHandler());
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${base.origin}/`,
    defaultVersion: 'v1.0',
    // The token is only attached for Graph's own hosts, or these: the local tenant in local mode.
    customHosts: base.hostname === 'graph.microsoft.com' ? undefined : new Set([base.hostname]),
    // Node's fetch takes an undici dispatcher; with a CA it trusts the local tenant and nothing else changes.
    fetchOptions: opts.caPem ? ({ dispatcher: trustingDispatcher(opts.caPem) } as unknown as RequestInit) : undefined,
  });
  const limit = limiter(opts.concurrency);

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await limit(fn);
    } catch (e) {
      throw toSharePointError(e, what);
    }
  };
  return {
    client,
    stats,
    // The answer's bytes are read while the request holds its place among those in flight; the JSON is
    // parsed after it has given the place up and the next request has gone out, so a page of 5,000
    // items is parsed while the next page is on its way (bench/README.md, issue 16).
    get: async <T>(path: string, headers?: Record<string, string>) => {
      const what = `GET ${shortPath(path)}`;
      const text = await call(what, async () => {
        const res = (await client.api(path).headers(headers ?? {}).responseType(ResponseType.RAW).get()) as Response;
        const body = await res.text();
        if (!res.ok) throw graphErrorOf(res, body);
        return body;
      });
      await nextTurn();
      try {
        return (text === '' ? undefined : JSON.parse(text)) as T;
      } catch (e) {
        throw toSharePointError(e, `${what}: 応答が JSON ではありません`);
      }
    },
    post: (path, body) => call(`POST ${shortPath(path)}`, () => client.api(path).post(body)),
    patch: (path, body, headers) => call(`PATCH ${shortPath(path)}`, () => client.api(path).headers(headers ?? {}).patch(body)),
    delete: (path, headers) => call(`DELETE ${shortPath(path)}`, () => client.api(path).headers(headers ?? {}).delete()),
    // A Buffer goes out as it is (the SDK would copy a Uint8Array's whole underlying ArrayBuffer).
    putBytes: (path, bytes, contentType) => call(`PUT ${shortPath(path)}`, () => client.api(path).header('Content-Type', contentType).put(Buffer.from(bytes))),
    getBytes: (path) =>
      call(`GET ${shortPath(path)}`, async () => {
        const res = (await client.api(path).responseType(ResponseType.RAW).get()) as Response;
        if (!res.ok) throw graphErrorOf(res, await res.text());
        return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
      }),
    batch: async (requests) => {
      if (requests.length > 20) throw new Error(`a $batch takes at most 20 requests, got ${requests.length}`);
      const res = await call<{ responses: BatchResponse[] }>('POST $batch', () => client.api('/$batch').post({ requests }));
      return res.responses;
    },
  };
}

function shortPath(path: string): string {
  const p = path.replace(/^https?:\/\/[^/]+/, '');
  return p.length > 120 ? `${p.slice(0, 117)}...` : p;
}

/**
 * Runs at most `n` tasks at once, in the order they arrive. A task's place is given to the next one
 * before its caller hears the result, so what the caller then does (parse a page) does not keep a
 * request from going out.
 */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  const next = (): void => {
    if (active >= n) return;
    const start = queue.shift();
    if (start) start();
  };
  const done = (): void => {
    active--;
    next();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        active++;
        task().then(
          (v) => {
            done();
            resolve(v);
          },
          (e: unknown) => {
            done();
            reject(e);
          },
        );
      });
      next();
    });
}

/**
 * A Graph error answer read raw (get, getBytes) as the SDK would have thrown it: the status, and the
 * code and message of its JSON error body (`{ "error": { "code", "message" } }`) when it has one.
 */
function graphErrorOf(res: Response, body: string): GraphError {
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  const e = new GraphError(res.status, typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`);
  if (typeof error?.code === 'string') e.code = error.code;
  e.body = body;
  e.headers = res.headers;
  return e;
}
