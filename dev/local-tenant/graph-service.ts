import { randomUUID } from 'node:crypto';
import type { Faults, RequestStats } from './faults';
import type { Caller, GraphCall, GraphReply } from './graph-call';
import { GraphError, badRequest, graphErrorBody } from './graph-error';
import { matchRoute, type MatchedRoute } from './graph-router';
import type { RouteContext } from './route-context';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type TokenIssuer } from './token-issuer';

/** An HTTP request to /v1.0, before authentication. */
export interface GraphHttpRequest {
  method: string;
  /** Decoded path segments below /v1.0. */
  segments: string[];
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The raw request body ('' when none). */
  body: string;
  /** The body's bytes (an upload's content is binary, not JSON). */
  raw?: Buffer;
}

/** JSON batching's limit (json-batching: "up to 20"). */
export const BATCH_LIMIT = 20;

/**
 * The Graph side of the tenant: checks the bearer token, counts the request, maybe injects a
 * fault, routes it, and turns any failure into Graph's error shape. $batch runs every inner
 * request through the same steps, so throttling shows up per request inside a batch, as Graph
 * evaluates batched requests against its limits one by one.
 */
export class GraphService {
  private readonly verified = new Map<string, { caller: Caller; exp: number }>();

  constructor(
    private readonly ctx: RouteContext,
    private readonly tokens: TokenIssuer,
    private readonly faults: Faults,
    private readonly stats: RequestStats,
  ) {}

  async handle(req: GraphHttpRequest): Promise<GraphReply> {
    const requestId = randomUUID();
    const clientRequestId = req.headers['client-request-id'] ?? requestId;
    const ids = { 'request-id': requestId, 'client-request-id': clientRequestId };
    const isBatch = req.segments.length === 1 && req.segments[0] === '$batch';
    try {
      // An upload's body is the file's bytes (driveitem-put-content); every other body is JSON.
      const upload = req.method === 'PUT' && req.segments.at(-1) === 'content';
      let body: unknown;
      try {
        body = upload || req.body.trim() === '' ? undefined : JSON.parse(req.body);
      } catch {
        throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
      }
      const call: Omit<GraphCall, 'caller'> = { method: req.method, segments: req.segments, query: req.query, headers: req.headers, body, ...(upload ? { raw: req.raw ?? Buffer.from(req.body) } : {}) };
      if (isBatch) {
        this.stats.count(`${req.method} /$batch`);
        const caller = await this.authenticate(req.headers.authorization);
        if (req.method !== 'POST') throw new GraphError(405, 'BadRequest', 'The $batch endpoint only accepts POST.');
        return withIds(this.batch({ ...call, caller }), ids);
      }
      const route = matchRoute(req.method, req.segments, this.ctx);
      this.stats.count(route.key);
      const caller = await this.authenticate(req.headers.authorization);
      return withIds(this.run(route, { ...call, caller }), ids);
    } catch (e) {
      return withIds(errorReply(e, requestId, clientRequestId), ids);
    }
  }

  /** One request, outer or inside a batch: a possible injected fault, then its route. */
  private run(route: MatchedRoute, call: GraphCall): GraphReply {
    const fault = this.faults.draw();
    if (fault) {
      this.stats.faults++;
      throw fault;
    }
    return route.run(call);
  }

  private batch(call: GraphCall): GraphReply {
    const requests = (call.body as { requests?: unknown } | undefined)?.requests;
    if (!Array.isArray(requests)) throw badRequest('Invalid batch payload format: a "requests" array is expected.');
    if (requests.length === 0) throw badRequest('Invalid batch payload format: the batch has no requests.');
    if (requests.length > BATCH_LIMIT) throw badRequest(`Invalid batch payload format: a batch holds at most ${BATCH_LIMIT} requests, this one has ${requests.length}.`);
    // Ids are not case-sensitive and must be unique; a write must say what its body is (json-batching).
    const seen = new Set<string>();
    for (const raw of requests) {
      const r = raw as { id?: unknown; method?: unknown; url?: unknown; headers?: unknown; body?: unknown };
      if (typeof r.id !== 'string' || r.id === '' || typeof r.method !== 'string' || typeof r.url !== 'string') {
        throw badRequest('Invalid batch payload format: every request needs a string id, method and url.');
      }
      if (seen.has(r.id.toLowerCase())) throw badRequest(`Invalid batch payload format: the request id '${r.id}' is used twice.`);
      seen.add(r.id.toLowerCase());
      if (['POST', 'PATCH', 'PUT'].includes(r.method.toUpperCase()) && (r.body === undefined || lowerCased(r.headers)['content-type'] === undefined)) {
        throw badRequest(`Write request id : ${r.id} does not contain Content-Type header or body.`);
      }
    }
    const statusById = new Map<string, number>();
    const responses: unknown[] = [];
    for (const raw of requests) {
      const r = raw as { id: string; method: string; url: string; headers?: unknown; body?: unknown; dependsOn?: unknown };
      const id = r.id.toLowerCase();
      const requestId = randomUUID();
      const headers = lowerCased(r.headers);
      const clientRequestId = headers['client-request-id'] ?? requestId;
      let reply: GraphReply;
      const failedDependency = (Array.isArray(r.dependsOn) ? r.dependsOn : []).find((d) => (statusById.get(String(d).toLowerCase()) ?? 424) >= 400);
      if (failedDependency !== undefined) {
        reply = { status: 424, body: graphErrorBody('FailedDependency', `The request depends on '${String(failedDependency)}', which failed or is not in the batch.`, requestId, clientRequestId) };
      } else {
        try {
          const inner = innerCall(r.method, r.url, headers, r.body, call.caller);
          const route = matchRoute(inner.method, inner.segments, this.ctx);
          this.stats.count(route.key);
          reply = this.run(route, inner);
        } catch (e) {
          reply = errorReply(e, requestId, clientRequestId);
        }
      }
      statusById.set(id, reply.status);
      const out: Record<string, unknown> = { id: r.id, status: reply.status, headers: { ...(reply.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...reply.headers } };
      if (reply.body !== undefined) out.body = reply.body;
      responses.push(out);
    }
    return { status: 200, body: { responses } };
  }

  /** The caller a bearer token names, or Graph's 401: only this tenant's unexpired tokens for Graph pass. */
  private async authenticate(authorization: string | undefined): Promise<Caller> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) throw unauthorized('Access token is empty.');
    const token = m[1]!;
    const cached = this.verified.get(token);
    if (cached && cached.exp * 1000 > Date.now()) return cached.caller;
    let claims;
    try {
      claims = await this.tokens.verify(token);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw unauthorized(code === 'ERR_JWT_EXPIRED' ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure. Invalid signature or token format.');
    }
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => a === GRAPH_RESOURCE || a === `${GRAPH_RESOURCE}/` || a === GRAPH_APP_ID)) throw unauthorized('Access token validation failure. Invalid audience.');
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const caller: Caller =
      claims.idtyp === 'app' || (claims.scp === undefined && Array.isArray(claims.roles))
        ? { kind: 'app', appId: str(claims.appid) ?? '', oid: str(claims.oid) ?? '', name: str(claims.app_displayname) }
        : { kind: 'user', appId: str(claims.appid) ?? '', oid: str(claims.oid) ?? '', upn: str(claims.upn), name: str(claims.name) };
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(token, { caller, exp: claims.exp ?? 0 });
    return caller;
  }
}

/** An inner $batch request: its URL is relative to /v1.0 (the SDK may leave the version in). */
function innerCall(method: string, url: string, headers: Record<string, string>, body: unknown, caller: Caller): GraphCall {
  if (/^https?:/i.test(url)) throw badRequest('Invalid batch payload format: request urls must be relative to the service root (/v1.0).');
  const parsed = new URL(`https://batch.invalid${url.startsWith('/') ? '' : '/'}${url}`);
  const segments = parsed.pathname.split('/').filter(Boolean).map(safeDecode);
  if (segments[0] === 'v1.0') segments.shift();
  if (segments[0] === '$batch') throw badRequest('A $batch cannot contain another $batch.');
  let parsedBody = body;
  if (typeof body === 'string') {
    try {
      parsedBody = JSON.parse(body);
    } catch {
      parsedBody = body;
    }
  }
  return { method: method.toUpperCase(), segments, query: parsed.searchParams, headers, body: parsedBody, caller };
}

export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function lowerCased(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers === 'object' && headers !== null) for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  return out;
}

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': 'Bearer realm="", error="invalid_token"' });
}

function errorReply(e: unknown, requestId: string, clientRequestId: string): GraphReply {
  if (e instanceof GraphError) return { status: e.status, headers: e.headers, body: graphErrorBody(e.code, e.message, requestId, clientRequestId) };
  // A bug in the local tenant, reported as Graph reports its own failures.
  return { status: 500, body: graphErrorBody('generalException', `Local tenant error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`, requestId, clientRequestId) };
}

function withIds(reply: GraphReply, ids: Record<string, string>): GraphReply {
  return { ...reply, headers: { ...ids, ...reply.headers } };
}
