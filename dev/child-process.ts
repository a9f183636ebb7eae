import { request } from 'node:http';

/** Calls `onLine` for each line a child process writes (the last, unfinished one when it ends). */
export function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) onLine(p.trimEnd());
  });
}

/**
 * Resolves when an HTTP GET to `url` gets an answer `accept` takes (the service is up, not just
 * its port); fails with `「<name>（url）が応答しません」` after `timeoutMs`.
 */
export async function waitUntilAnswers(url: string, name: string, timeoutMs: number, accept: (status: number) => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((done) => {
      const req = request(url, { method: 'GET', timeout: 2000 }, (res) => {
        res.resume();
        done(accept(res.statusCode ?? 0));
      });
      req.on('error', () => done(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${name}（${url}）が応答しません`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
