import { SharePointError, toSharePointError } from './errors';
import type { BatchResponse, GraphApi } from './graph-client';

/** One request to send in a $batch (the id is given when it is sent). */
export interface BatchItem {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Sends many requests through JSON $batch, 20 a batch, several batches in flight (the Graph
 * client's limiter), and answers each request's final response in the order given. An inner
 * request answered 429/503/504 is sent again in a later batch after its Retry-After, up to
 * `maxAttempts` times — the SDK's RetryHandler cannot do this, as the batch itself answered 200. A
 * batch that fails as a whole gives its error to every request in it.
 */
export async function sendInBatches(
  api: GraphApi,
  items: BatchItem[],
  opts: { maxAttempts?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<Array<BatchResponse | SharePointError>> {
  const maxAttempts = opts.maxAttempts ?? 8;
  const results: Array<BatchResponse | SharePointError | undefined> = new Array(items.length);
  let pending = items.map((_, i) => i);
  let done = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const retry: number[] = [];
    let waitSeconds = 0;
    const batches: number[][] = [];
    for (let i = 0; i < pending.length; i += 20) batches.push(pending.slice(i, i + 20));
    await Promise.all(
      batches.map(async (indexes) => {
        let responses: BatchResponse[];
        try {
          responses = await api.batch(indexes.map((i) => ({ id: String(i), ...items[i]! })));
        } catch (e) {
          const error = toSharePointError(e, '$batch');
          for (const i of indexes) results[i] = error;
          done += indexes.length;
          return;
        }
        for (const r of responses) {
          const i = Number(r.id);
          if (isRetryable(r.status) && attempt < maxAttempts) {
            retry.push(i);
            waitSeconds = Math.max(waitSeconds, retryAfter(r));
            continue;
          }
          done++;
          results[i] = r;
        }
      }),
    );
    opts.onProgress?.(done, items.length);
    pending = retry.sort((a, b) => a - b);
    if (pending.length > 0 && waitSeconds > 0) await new Promise((r) => setTimeout(r, waitSeconds * 1000));
  }
  return results.map((r) => r ?? new SharePointError('SHAREPOINT.NETWORK', 'no answer in the $batch'));
}

/** A failed inner response as a SharePointError, from its status and Graph's error body. */
export function batchError(r: BatchResponse, what: string): SharePointError {
  const body = r.body as { error?: { code?: string; message?: string } } | undefined;
  return toSharePointError({ statusCode: r.status, code: body?.error?.code, message: body?.error?.message }, what);
}

function isRetryable(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

function retryAfter(r: BatchResponse): number {
  const h = r.headers ?? {};
  const v = h['Retry-After'] ?? h['retry-after'];
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 60) : 2;
}
