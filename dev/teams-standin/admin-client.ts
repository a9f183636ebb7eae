import type { ConversationReference } from 'botbuilder';
import type { ConversationInput } from './conversations';
import type { Delivery, DuplicateKey, StandInConversation, TeamsFaultChange, TeamsFaultSettings, TeamsRateLimits, TeamsStandInStats } from './types';

/** The stand-in's control API from another process (the crash benchmark's driver), over HTTP. */
export interface TeamsStandInClient {
  info(): Promise<{ url: string; tenantId: string; botAppId: string; limits: TeamsRateLimits; faults: TeamsFaultSettings }>;
  stats(): Promise<TeamsStandInStats>;
  deliveries(filter?: { conversationId?: string; key?: string; sinceSeq?: number }): Promise<Delivery[]>;
  duplicates(): Promise<DuplicateKey[]>;
  conversations(): Promise<StandInConversation[]>;
  addConversations(what: number | ConversationInput[], opts?: { tenantId?: string }): Promise<Array<Partial<ConversationReference>>>;
  blockConversation(conversationId: string, blocked?: boolean): Promise<void>;
  setFaults(change: TeamsFaultChange): Promise<TeamsFaultSettings>;
  setLimits(change: Partial<TeamsRateLimits>): Promise<TeamsRateLimits>;
  dropConnections(): Promise<number>;
  reset(): Promise<void>;
}

/** `adminUrl` is what the stand-in prints as TEAMS_STANDIN_ADMIN_URL (`http://127.0.0.1:PORT/_standin/`). */
export function connectTeamsStandIn(adminUrl: string): TeamsStandInClient {
  const base = adminUrl.endsWith('/') ? adminUrl : `${adminUrl}/`;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(path, base), {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Teams stand-in ${method} ${path}: ${res.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    info: () => call('GET', 'info'),
    stats: () => call('GET', 'stats'),
    deliveries: (filter = {}) => {
      const q = new URLSearchParams();
      if (filter.conversationId !== undefined) q.set('conversationId', filter.conversationId);
      if (filter.key !== undefined) q.set('key', filter.key);
      if (filter.sinceSeq !== undefined) q.set('sinceSeq', String(filter.sinceSeq));
      const query = q.toString();
      return call('GET', query ? `deliveries?${query}` : 'deliveries');
    },
    duplicates: () => call('GET', 'duplicates'),
    conversations: () => call('GET', 'conversations'),
    addConversations: (what, opts = {}) => call('POST', 'conversations', { ...(typeof what === 'number' ? { count: what } : { users: what }), ...opts }),
    blockConversation: (conversationId, blocked = true) => call('POST', 'conversations/block', { conversationId, blocked }),
    setFaults: (change) => call('POST', 'faults', change),
    setLimits: (change) => call('POST', 'limits', change),
    dropConnections: async () => (await call<{ dropped: number }>('POST', 'drop-connections')).dropped,
    reset: () => call('POST', 'reset'),
  };
}
