import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * A Node program (for `node -e`) that runs another Node CLI as if started directly (`node -e
 * LIFELINE -- <bin> <args…>`: the CLI reads process.argv as usual) and exits when the parent's pipe
 * on its stdin closes, so a parent that dies, even by SIGKILL, takes it along.
 */
export const LIFELINE = `
const [bin, ...args] = process.argv.slice(1);
process.argv = [process.argv[0], bin, ...args];
const bye = () => process.exit(0);
process.stdin.on('end', bye);
process.stdin.on('close', bye);
process.stdin.on('error', bye);
process.stdin.resume();
require(bin);
`;

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
 * its port); fails with `「<name>（url）が応答しません」` after `timeoutMs`. An https URL is trusted
 * with `ca` (a self-signed certificate) besides the usual roots.
 */
export async function waitUntilAnswers(url: string, name: string, timeoutMs: number, accept: (status: number) => boolean = () => true, ca?: string): Promise<void> {
  const get = url.startsWith('https:') ? httpsRequest : request;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((done) => {
      const req = get(url, { method: 'GET', timeout: 2000, ...(ca ? { ca } : {}) }, (res) => {
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
