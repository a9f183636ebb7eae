import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectorOutcome, ConnectorRequest } from './connector-service';

/** A body larger than this is refused before it is read to the end (Teams' own limit is 100 KB). */
const MAX_BODY = 4 * 1024 * 1024;

export interface ServerHandlers {
  /** The service URL's path, `/` or e.g. `/jp/`: connector requests are below it. */
  basePath: string;
  connector(req: ConnectorRequest, inFlight: { killed: boolean }): Promise<ConnectorOutcome>;
  /** Requests under /_standin/: the control API. */
  admin(method: string, path: string, query: URLSearchParams, body: string): Promise<{ status: number; body?: unknown }>;
  /** A connection dropped by dropConnections() before its request reached the service. */
  onKilled(): void;
}

interface InFlight {
  killed: boolean;
  socket: Socket;
}

/** The stand-in's HTTP side: plain HTTP (a bot uses serviceUrl as given), connector and control routes. */
export class StandInHttpServer {
  readonly server: Server;
  private readonly inFlight = new Set<InFlight>();

  constructor(private readonly handlers: ServerHandlers) {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://standin.invalid');
      const work = url.pathname.startsWith('/_standin/') ? this.handleAdmin(req, res, url) : this.handleConnector(req, res, url);
      work.catch((e: unknown) => {
        if (!res.headersSent && !res.destroyed) answer(res, 500, { error: { code: 'ServiceError', message: `Teams stand-in error: ${String(e)}` } });
        else res.destroy();
      });
    });
    // Longer than clients keep idle sockets (Node's agent: 5 s), so a client never reuses a socket the server is closing.
    this.server.keepAliveTimeout = 30_000;
  }

  /** Destroys the connection of every request being served now; those not yet recorded are not delivered. */
  dropConnections(): number {
    let n = 0;
    for (const entry of this.inFlight) {
      entry.killed = true;
      entry.socket.destroy();
      n++;
    }
    return n;
  }

  async listen(port: number, hostname: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, hostname, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the Teams stand-in has no TCP address');
    return address.port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    if (body === 'aborted') return;
    if (body === 'too large') return answer(res, 413, { error: { code: 'BadArgument', message: `The body exceeds ${MAX_BODY} bytes.` } });
    const reply = await this.handlers.admin((req.method ?? 'GET').toUpperCase(), url.pathname, url.searchParams, body);
    answer(res, reply.status, reply.body);
  }

  /** A connector request, tracked while it is served so dropConnections() can cut it. */
  private async handleConnector(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const entry: InFlight = { killed: false, socket: req.socket };
    this.inFlight.add(entry);
    res.on('close', () => this.inFlight.delete(entry));
    const body = await readBody(req);
    if (body === 'aborted') {
      if (entry.killed) this.handlers.onKilled();
      return;
    }
    const { basePath } = this.handlers;
    const inside = url.pathname.startsWith(basePath);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const outcome = await this.handlers.connector(
      {
        method: (req.method ?? 'GET').toUpperCase(),
        segments: (inside ? url.pathname.slice(basePath.length) : url.pathname).split('/').filter(Boolean).map(safeDecode),
        ...(inside ? {} : { outsideBasePath: basePath }),
        headers,
        body: body === 'too large' ? '' : body,
        bodyTooLarge: body === 'too large',
      },
      entry,
    );
    if (outcome.kind === 'drop') {
      res.destroy();
      return;
    }
    answer(res, outcome.status, outcome.body, { 'X-Correlating-OperationId': randomUUID(), ...outcome.headers });
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(req: IncomingMessage): Promise<string | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? 'too large' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => {
      if (!req.complete) resolve('aborted');
    });
  });
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}), 'Content-Length': text?.length ?? 0 });
  res.end(text);
}
