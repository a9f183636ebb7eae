import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AadEndpoints, AadReply } from './aad-endpoints';
import { handleAdmin, type TenantControl } from './admin-endpoints';
import { graphErrorBody } from './graph-error';
import { JsonText } from './graph-call';
import { safeDecode, type GraphService } from './graph-service';

/** Graph's JSON content type; clients only look at the application/json part. */
const GRAPH_JSON = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
/** A body larger than this is refused (a $batch of 20 writes is far smaller). */
const MAX_BODY = 16 * 1024 * 1024;

export interface ServerParts {
  graph: GraphService;
  aad: AadEndpoints;
  control: TenantControl;
  /** Latency added before every Graph response, read per request so setFaults() takes effect at once. */
  latencyMs(): number;
  /** Other services on this host (the Bot Framework's metadata): a reply, or undefined when not theirs. */
  others?: Array<(method: string, path: string) => Promise<AadReply | undefined>>;
  /** A file by its download token (driveitem-get-content's pre-authenticated URL). */
  download(token: string): { bytes: Buffer; contentType: string } | undefined;
}

/**
 * The tenant's one HTTPS endpoint: /v1.0/… is Graph, /{tenant}/… is Entra ID, /_local/… is control.
 * `parts` is read per request: the server starts listening (to learn its port) before they exist.
 */
export function createTenantServer(tls: { key: string; cert: string }, parts: () => ServerParts): Server {
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res, parts()).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, {}, json(graphErrorBody('generalException', `Local tenant error: ${String(e)}`, randomUUID(), randomUUID())));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, parts: ServerParts): Promise<void> {
  const raw = await readBody(req);
  if (raw === undefined) {
    send(res, 413, {}, json(graphErrorBody('requestTooLarge', `The request body exceeds ${MAX_BODY} bytes.`, randomUUID(), randomUUID())));
    return;
  }
  const body = raw.toString('utf8');
  const url = new URL(req.url ?? '/', 'https://local.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const path = url.pathname;

  if (path === '/v1.0' || path.startsWith('/v1.0/')) {
    const started = performance.now();
    const segments = path.slice('/v1.0'.length).split('/').filter(Boolean).map(safeDecode);
    const reply = await parts.graph.handle({ method, segments, query: url.searchParams, headers, body, raw });
    const payload = reply.body instanceof JsonText ? reply.body.parts : json(reply.body);
    // Time spent here (routing, filtering, rendering, serialising), before any injected latency: what the benchmark reports.
    const serverMs = performance.now() - started;
    const latency = parts.latencyMs();
    if (latency > 0) await sleep(latency);
    send(res, reply.status, { ...reply.headers, 'x-local-tenant-server-ms': serverMs.toFixed(1) }, payload, GRAPH_JSON);
    return;
  }
  if (path.startsWith('/beta/')) {
    send(res, 400, {}, json(graphErrorBody('BadRequest', 'The local tenant serves Graph v1.0 only.', randomUUID(), headers['client-request-id'] ?? '')));
    return;
  }
  // A pre-authenticated download URL (driveitem-get-content's 302): no token, the URL is the key.
  if (method === 'GET' && path.startsWith('/_download/')) {
    const file = parts.download(path.slice('/_download/'.length));
    if (!file) send(res, 404, {}, json(graphErrorBody('itemNotFound', 'The download URL is not valid or has expired.', randomUUID(), '')));
    else send(res, 200, {}, [file.bytes], file.contentType);
    return;
  }
  if (path.startsWith('/_local/')) {
    const reply = await handleAdmin(parts.control, method, path, headers, body);
    send(res, reply.status, {}, json(reply.body));
    return;
  }
  for (const other of parts.others ?? []) {
    const reply = await other(method, path);
    if (reply) return send(res, reply.status, reply.headers ?? {}, json(reply.body));
  }
  const aad = await parts.aad.handle(method, path, headers, body, url.searchParams);
  if (aad) {
    const html = (aad.body as { html?: string } | undefined)?.html;
    if (html !== undefined) send(res, aad.status, aad.headers ?? {}, [Buffer.from(html)], 'text/html; charset=utf-8');
    else send(res, aad.status, aad.headers ?? {}, json(aad.body));
    return;
  }
  send(res, 404, {}, json(graphErrorBody('itemNotFound', `${method} ${path} is not served by the local tenant (Graph is under /v1.0, Entra ID under /<tenant-id>).`, randomUUID(), '')));
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(body: unknown): Buffer[] | undefined {
  return body === undefined ? undefined : [Buffer.from(JSON.stringify(body))];
}

/** Writes a reply; a body in pieces (a page of items) is written piece by piece under one Content-Length. */
function send(res: ServerResponse, status: number, headers: Record<string, string>, parts: Buffer[] | undefined, contentType = 'application/json; charset=utf-8'): void {
  const out: Record<string, string | number> = { ...headers, 'Content-Length': (parts ?? []).reduce((n, p) => n + p.length, 0) };
  if (parts) out['Content-Type'] = contentType;
  res.writeHead(status, out);
  for (const p of parts ?? []) res.write(p);
  res.end();
}
