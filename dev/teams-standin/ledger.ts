import type { ActivityVersion, Delivery, DuplicateKey, TeamsStandInStats } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The reminder ledger key an activity carries: `channelData.skillsteps.key`, or else an entity's —
 * `{ type: 'skillsteps', key }` or `{ …, skillsteps: { key } }`. The bot puts it there so tests
 * can count what a person received twice.
 */
export function ledgerKey(activity: Json): string | undefined {
  const fromChannelData = isObject(activity.channelData) && isObject(activity.channelData.skillsteps) ? activity.channelData.skillsteps.key : undefined;
  if (typeof fromChannelData === 'string' && fromChannelData !== '') return fromChannelData;
  if (Array.isArray(activity.entities)) {
    for (const e of activity.entities) {
      if (!isObject(e)) continue;
      if (e.type === 'skillsteps' && typeof e.key === 'string' && e.key !== '') return e.key;
      if (isObject(e.skillsteps) && typeof e.skillsteps.key === 'string' && e.skillsteps.key !== '') return e.skillsteps.key;
    }
  }
  return undefined;
}

export function versionOf(activity: Json, at: number): ActivityVersion {
  const key = ledgerKey(activity);
  return {
    at,
    type: typeof activity.type === 'string' ? activity.type : '',
    ...(typeof activity.text === 'string' ? { text: activity.text } : {}),
    attachments: Array.isArray(activity.attachments) ? activity.attachments : [],
    ...(key !== undefined ? { key } : {}),
    activity,
  };
}

const copyDelivery = (d: Delivery): Delivery => ({ ...d, attachments: [...d.attachments], versions: d.versions.map((v) => ({ ...v })) });

/** What Teams accepted, in order, and the counts the stats report. */
export class Ledger {
  private all: Delivery[] = [];
  private readonly byConversation = new Map<string, Map<string, Delivery>>();
  private readonly byKey = new Map<string, Delivery[]>();
  private lastMessageId = 0;
  readonly counts = {
    requests: 0,
    updates: 0,
    deletes: 0,
    conversationsCreated: 0,
    throttled: 0,
    throttledBy: {} as Record<string, number>,
    faulted: 0,
    faultedBy: {} as Record<string, number>,
    rejected: 0,
  };

  /** A Teams message id: epoch milliseconds, as Teams' are, kept unique and increasing. */
  nextMessageId(now: number): string {
    this.lastMessageId = Math.max(Math.floor(now), this.lastMessageId + 1);
    return String(this.lastMessageId);
  }

  accept(d: Omit<Delivery, 'seq' | 'versions' | 'type' | 'attachments' | 'key' | 'text'>): Delivery {
    const first = versionOf(d.activity, d.at);
    const delivery: Delivery = { ...d, seq: this.all.length + 1, type: first.type, attachments: first.attachments, versions: [first] };
    if (first.text !== undefined) delivery.text = first.text;
    if (first.key !== undefined) delivery.key = first.key;
    this.all.push(delivery);
    let inConversation = this.byConversation.get(d.conversationId);
    if (!inConversation) this.byConversation.set(d.conversationId, (inConversation = new Map()));
    inConversation.set(d.activityId, delivery);
    if (first.key !== undefined) {
      const same = this.byKey.get(first.key);
      if (same) same.push(delivery);
      else this.byKey.set(first.key, [delivery]);
    }
    return delivery;
  }

  find(conversationId: string, activityId: string): Delivery | undefined {
    return this.byConversation.get(conversationId)?.get(activityId);
  }

  /** Replaces the activity's content (Teams edits the message in place); the history keeps every state. */
  update(d: Delivery, activity: Json, at: number): void {
    const v = versionOf(activity, at);
    d.versions.push(v);
    d.activity = activity;
    d.type = v.type;
    d.attachments = v.attachments;
    if (v.text !== undefined) d.text = v.text;
    else delete d.text;
    // The key stays the one it was delivered under: duplicates are about deliveries, not edits.
    this.counts.updates++;
  }

  remove(d: Delivery, at: number): void {
    d.deletedAt = at;
    this.counts.deletes++;
  }

  throttle(cause: string): void {
    this.counts.throttled++;
    this.counts.throttledBy[cause] = (this.counts.throttledBy[cause] ?? 0) + 1;
  }

  fault(cause: string): void {
    this.counts.faulted++;
    this.counts.faultedBy[cause] = (this.counts.faultedBy[cause] ?? 0) + 1;
  }

  /** Copies, so a caller cannot change what was recorded. */
  deliveries(filter: { conversationId?: string; key?: string; sinceSeq?: number } = {}): Delivery[] {
    let list: Delivery[];
    if (filter.key !== undefined) list = this.byKey.get(filter.key) ?? [];
    else if (filter.conversationId !== undefined) list = [...(this.byConversation.get(filter.conversationId)?.values() ?? [])];
    else list = this.all;
    return list.filter((d) => (filter.conversationId === undefined || d.conversationId === filter.conversationId) && d.seq > (filter.sinceSeq ?? 0)).map(copyDelivery);
  }

  duplicates(): DuplicateKey[] {
    const out: DuplicateKey[] = [];
    for (const [key, list] of this.byKey) {
      if (list.length < 2) continue;
      out.push({
        key,
        count: list.length,
        deliveries: list.map((d) => ({ seq: d.seq, conversationId: d.conversationId, activityId: d.activityId, at: d.at, ...(d.clientRequestId ? { clientRequestId: d.clientRequestId } : {}) })),
      });
    }
    return out;
  }

  stats(peak: { app: number; conversation: number }): TeamsStandInStats {
    let duplicateKeys = 0;
    let duplicateDeliveries = 0;
    let keyed = 0;
    for (const list of this.byKey.values()) {
      keyed += list.length;
      if (list.length > 1) {
        duplicateKeys++;
        duplicateDeliveries += list.length - 1;
      }
    }
    const c = this.counts;
    return {
      requests: c.requests,
      accepted: this.all.length,
      updates: c.updates,
      deletes: c.deletes,
      conversationsCreated: c.conversationsCreated,
      throttled: c.throttled,
      throttledBy: { ...c.throttledBy },
      faulted: c.faulted,
      faultedBy: { ...c.faultedBy },
      rejected: c.rejected,
      maxAcceptedPerSecond: { ...peak },
      keyed,
      duplicateKeys,
      duplicateDeliveries,
    };
  }

  reset(): void {
    this.all = [];
    this.byConversation.clear();
    this.byKey.clear();
    const c = this.counts;
    c.requests = c.updates = c.deletes = c.conversationsCreated = c.throttled = c.faulted = c.rejected = 0;
    c.throttledBy = {};
    c.faultedBy = {};
    // Message ids keep increasing across a reset: an id answered before must not be answered again.
  }
}
