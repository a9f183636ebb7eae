import type { ConversationReference } from 'botbuilder';
import type { ConversationInput } from './conversations';
import type { Delivery, DuplicateKey, StandInConversation, TeamsFaultChange, TeamsFaultSettings, TeamsRateLimits, TeamsStandInStats } from './types';

/** What the control API drives: the stand-in's own methods (see index.ts). */
export interface StandInControl {
  url: string;
  tenantId: string;
  botAppId: string;
  stats(): TeamsStandInStats;
  deliveries(filter?: { conversationId?: string; key?: string; sinceSeq?: number }): Delivery[];
  duplicates(): DuplicateKey[];
  conversations(): StandInConversation[];
  addConversations(what: number | ConversationInput[], opts?: { tenantId?: string }): Array<Partial<ConversationReference>>;
  blockConversation(conversationId: string, blocked?: boolean): void;
  faults(): TeamsFaultSettings;
  setFaults(change: TeamsFaultChange): void;
  limits(): TeamsRateLimits;
  setLimits(change: Partial<TeamsRateLimits>): void;
  dropConnections(): number;
  reset(): void;
}

type Json = Record<string, unknown>;

const error = (status: number, code: string, message: string): { status: number; body: unknown } => ({ status, body: { error: { code, message } } });

/**
 * The control API under /_standin/, for a process that did not start the stand-in (the crash
 * benchmark runs the sender apart): the same methods over HTTP, JSON in and out. It has no secret;
 * the stand-in listens on the loopback address by default and holds nothing worth protecting.
 */
export async function handleAdmin(control: StandInControl, method: string, path: string, query: URLSearchParams, body: string): Promise<{ status: number; body?: unknown }> {
  let json: Json = {};
  if (body.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return error(400, 'BadArgument', 'The body must be a JSON object.');
      json = parsed as Json;
    } catch {
      return error(400, 'BadArgument', 'The body is not JSON.');
    }
  }
  try {
    switch (`${method} ${path}`) {
      case 'GET /_standin/info':
        return { status: 200, body: { url: control.url, tenantId: control.tenantId, botAppId: control.botAppId, limits: control.limits(), faults: control.faults() } };
      case 'GET /_standin/stats':
        return { status: 200, body: control.stats() };
      case 'GET /_standin/deliveries': {
        const sinceSeq = query.get('sinceSeq');
        const filter = {
          ...(query.get('conversationId') !== null ? { conversationId: query.get('conversationId')! } : {}),
          ...(query.get('key') !== null ? { key: query.get('key')! } : {}),
          ...(sinceSeq !== null ? { sinceSeq: Number(sinceSeq) } : {}),
        };
        return { status: 200, body: control.deliveries(filter) };
      }
      case 'GET /_standin/duplicates':
        return { status: 200, body: control.duplicates() };
      case 'GET /_standin/conversations':
        return { status: 200, body: control.conversations() };
      case 'POST /_standin/conversations': {
        const { count, users, tenantId } = json;
        const what = typeof count === 'number' ? count : Array.isArray(users) ? (users as ConversationInput[]) : undefined;
        if (what === undefined) return error(400, 'BadArgument', '{ "count": n } or { "users": [{ "upn": … }] } is expected.');
        return { status: 200, body: control.addConversations(what, typeof tenantId === 'string' ? { tenantId } : {}) };
      }
      case 'POST /_standin/conversations/block': {
        const { conversationId, blocked } = json;
        if (typeof conversationId !== 'string') return error(400, 'BadArgument', '{ "conversationId": "…", "blocked": true } is expected.');
        control.blockConversation(conversationId, blocked !== false);
        return { status: 204 };
      }
      case 'GET /_standin/faults':
        return { status: 200, body: control.faults() };
      case 'POST /_standin/faults':
        control.setFaults(json as TeamsFaultChange);
        return { status: 200, body: control.faults() };
      case 'GET /_standin/limits':
        return { status: 200, body: control.limits() };
      case 'POST /_standin/limits':
        control.setLimits(json as Partial<TeamsRateLimits>);
        return { status: 200, body: control.limits() };
      case 'POST /_standin/drop-connections':
        return { status: 200, body: { dropped: control.dropConnections() } };
      case 'POST /_standin/reset':
        control.reset();
        return { status: 204 };
      default:
        return error(404, 'NotFound', `${method} ${path} is not a Teams stand-in control endpoint (see dev/README.md).`);
    }
  } catch (e) {
    // A setting out of range (RangeError) or a conversation that does not exist (TypeError).
    if (e instanceof RangeError || e instanceof TypeError) return error(400, 'BadArgument', e.message);
    throw e;
  }
}
