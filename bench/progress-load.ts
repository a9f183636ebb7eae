/**
 * The tab's hottest request under load, for the benchmarks: `concurrency` clients on keep-alive
 * connections, each sending its next `GET /api/me/progress` as soon as the last answer is read,
 * round-robin over the staff tokens given; latency from sending to having read the body, percentiles
 * by nearest rank. Runs in its own process when forked (`runInChild`), so a benchmark's other work —
 * the local tenant answering Graph, say — never delays the clients and inflates the figures.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'undici';

export interface LoadOptions {
  concurrency: number;
  /** Stop after this many requests (after the warm-up)… */
  requests?: number;
  /** …or when the parent says stop (runInChild). */
  untilStopped?: boolean;
  /** Requests sent first and not counted. Default 200. */
  warmup?: number;
}

export interface LoadResult {
  requests: number;
  ms: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers that were not 200… */
  failures: number;
  /** …by status. */
  failureStatuses: Record<number, number>;
}

/** Runs the load in this process; `stopped` ends an open-ended one. */
export async function progressLoad(url: string, tokens: string[], o: LoadOptions, stopped: () => boolean = () => false): Promise<LoadResult> {
  const agent = new Agent({ connections: o.concurrency, pipelining: 1 });
  const call = async (token: string): Promise<number> => {
    const r = await request(`${url}/api/me/progress`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` } });
    await r.body.arrayBuffer();
    return r.statusCode;
  };
  for (let i = 0; i < (o.warmup ?? 200) && !stopped(); i++) await call(tokens[i % tokens.length]!);
  const latencies: number[] = [];
  const failureStatuses: Record<number, number> = {};
  let next = 0;
  const total = o.untilStopped ? Number.POSITIVE_INFINITY : (o.requests ?? 1000);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      for (let i = next++; i < total && !stopped(); i = next++) {
        const t = performance.now();
        const status = await call(tokens[i % tokens.length]!);
        if (status !== 200) failureStatuses[status] = (failureStatuses[status] ?? 0) + 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const ms = performance.now() - started;
  await agent.close();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  const failures = Object.values(failureStatuses).reduce((a, n) => a + n, 0);
  return { requests: sorted.length, ms, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? Number.NaN, failures, failureStatuses };
}

/** An open-ended load in a child process: call `stop()` to end it and get its figures. */
export function runInChild(url: string, tokens: string[], concurrency: number): { stop: () => Promise<LoadResult> } {
  const child = fork(__filename, ['--load-child']);
  const result = new Promise<LoadResult>((resolve, reject) => {
    // A load stopped before it measured anything has no percentiles: NaN, which the message carries as null.
    child.once('message', (m) => {
      const r = m as LoadResult;
      resolve({ ...r, p50: r.p50 ?? Number.NaN, p95: r.p95 ?? Number.NaN, p99: r.p99 ?? Number.NaN, max: r.max ?? Number.NaN });
    });
    child.once('exit', (code) => reject(new Error(`the load process stopped (exit ${code})`)));
  });
  child.send({ url, tokens, concurrency });
  return {
    stop: async () => {
      child.send('stop');
      const r = await result;
      child.kill();
      return r;
    },
  };
}

if (require.main === module && process.argv.includes('--load-child')) {
  let stop = false;
  process.on('message', (m: unknown) => {
    if (m === 'stop') {
      stop = true;
      return;
    }
    const { url, tokens, concurrency } = m as { url: string; tokens: string[]; concurrency: number };
    void progressLoad(url, tokens, { concurrency, untilStopped: true }, () => stop).then((r) => process.send!(r));
  });
}
