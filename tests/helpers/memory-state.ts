import type { LocalDate } from '../../src/domain/local-date';
import type {
  ConversationStore,
  DigestClaim,
  DigestEntry,
  DigestLog,
  QueuedMessage,
  ReminderEntry,
  ReminderLedger,
  SentCard,
  SentCardStore,
  StoredConversation,
  WorkQueue,
} from '../../src/ports';

/**
 * In-memory versions of the state ports with the same semantics as the Azure Storage adapters
 * (ETags, insert conflicts, visibility timeouts), for fast unit tests of the use cases. The
 * adapters themselves are tested against Azurite (tests/integration/state.test.ts).
 */
export class MemoryLedger implements ReminderLedger {
  readonly entries = new Map<string, ReminderEntry>();
  readonly muted = new Map<string, LocalDate>();
  private version = 0;

  async plan(entry: Omit<ReminderEntry, 'state' | 'attempts' | 'etag'>): Promise<boolean> {
    const key = `${entry.day}|${entry.upn}`;
    if (this.entries.has(key)) return false;
    this.entries.set(key, { ...entry, state: 'planned', attempts: 0, etag: this.etag() });
    return true;
  }

  async get(day: LocalDate, upn: string): Promise<ReminderEntry | undefined> {
    const e = this.entries.get(`${day}|${upn}`);
    return e ? { ...e } : undefined;
  }

  async update(entry: ReminderEntry, change: Partial<Omit<ReminderEntry, 'day' | 'upn' | 'etag'>>): Promise<ReminderEntry | false> {
    const key = `${entry.day}|${entry.upn}`;
    const current = this.entries.get(key);
    if (!current || current.etag !== entry.etag) return false;
    const next = { ...current, ...change, etag: this.etag() };
    this.entries.set(key, next);
    return { ...next };
  }

  async ofDay(day: LocalDate, states?: ReadonlyArray<ReminderEntry['state']>): Promise<ReminderEntry[]> {
    return [...this.entries.values()].filter((e) => e.day === day && (!states || states.includes(e.state))).map((e) => ({ ...e }));
  }

  async history(since: LocalDate): Promise<{ sentKeys: Set<string>; lastSent: Map<string, LocalDate> }> {
    const sentKeys = new Set<string>();
    const lastSent = new Map<string, LocalDate>();
    for (const e of this.entries.values()) {
      if (e.day < since || e.state !== 'sent') continue;
      e.itemKeys.forEach((k) => sentKeys.add(k));
      if ((lastSent.get(e.upn) ?? '') < e.day) lastSent.set(e.upn, e.day);
    }
    return { sentKeys, lastSent };
  }

  async mute(upn: string, until: LocalDate): Promise<void> {
    this.muted.set(upn, until);
  }

  async unmute(upn: string): Promise<void> {
    this.muted.delete(upn);
  }

  async mutes(): Promise<Map<string, LocalDate>> {
    return new Map(this.muted);
  }

  private etag(): string {
    return `W/"${++this.version}"`;
  }
}

interface Held<T> {
  id: string;
  body: T;
  visibleAt: number;
  popReceipt: string;
  dequeueCount: number;
}

export class MemoryQueue<T> implements WorkQueue<T> {
  private readonly messages: Array<Held<T>> = [];
  private seq = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async send(body: T, options: { delaySeconds?: number } = {}): Promise<void> {
    const visibleAt = options.delaySeconds ? this.now() + options.delaySeconds * 1000 : 0;
    this.messages.push({ id: `m${++this.seq}`, body: structuredClone(body), visibleAt, popReceipt: '', dequeueCount: 0 });
  }

  async receive(max: number, visibilitySeconds: number): Promise<Array<QueuedMessage<T>>> {
    const now = this.now();
    const out: Array<QueuedMessage<T>> = [];
    for (const m of this.messages) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      m.visibleAt = now + visibilitySeconds * 1000;
      m.popReceipt = `r${++this.seq}`;
      m.dequeueCount++;
      out.push({ id: m.id, popReceipt: m.popReceipt, body: structuredClone(m.body), dequeueCount: m.dequeueCount });
    }
    return out;
  }

  async delete(message: QueuedMessage<T>): Promise<void> {
    const i = this.messages.findIndex((m) => m.id === message.id);
    if (i < 0 || this.messages[i]!.popReceipt !== message.popReceipt) throw Object.assign(new Error('pop receipt mismatch'), { statusCode: 404 });
    this.messages.splice(i, 1);
  }

  async release(message: QueuedMessage<T>, seconds: number): Promise<QueuedMessage<T>> {
    const m = this.messages.find((x) => x.id === message.id);
    if (!m || m.popReceipt !== message.popReceipt) throw Object.assign(new Error('pop receipt mismatch'), { statusCode: 404 });
    m.visibleAt = this.now() + seconds * 1000;
    m.popReceipt = `r${++this.seq}`;
    return { ...message, popReceipt: m.popReceipt };
  }

  async approximateCount(): Promise<number> {
    return this.messages.length;
  }

  /** Makes every message visible now (as if their visibility timeouts ran out). */
  expireAll(): void {
    for (const m of this.messages) m.visibleAt = 0;
  }
}

export class MemoryConversations implements ConversationStore {
  readonly items = new Map<string, StoredConversation>();

  /** Like the table store: a channel keeps the 部 it was mapped to (put ignores `department`). */
  async put(c: StoredConversation): Promise<void> {
    const department = this.items.get(c.key)?.department;
    const next = structuredClone(c);
    delete next.department;
    if (department) next.department = department;
    this.items.set(c.key, next);
  }

  async get(key: string): Promise<StoredConversation | undefined> {
    return this.items.get(key);
  }

  async personal(upn: string): Promise<StoredConversation | undefined> {
    return this.items.get(`user:${upn.toLowerCase()}`);
  }

  async channelOf(department: string): Promise<StoredConversation | undefined> {
    return [...this.items.values()].find((c) => c.kind === 'channel' && c.department === department);
  }

  async mappedChannels(): Promise<StoredConversation[]> {
    return [...this.items.values()].filter((c) => c.kind === 'channel' && c.department);
  }

  async mapChannel(key: string, department: string): Promise<void> {
    const c = this.items.get(key);
    if (!c) throw new Error(`no conversation ${key}: store it before mapping it`);
    for (const other of this.items.values()) if (other.department === department) delete other.department;
    c.department = department;
  }

  async remove(key: string): Promise<void> {
    this.items.delete(key);
  }
}

/** A personal chat for a UPN, as the bot stores one on install. */
export function personalChat(upn: string, serviceUrl = 'http://localhost/teams'): StoredConversation {
  return {
    key: `user:${upn}`,
    kind: 'personal',
    upn,
    reference: { serviceUrl, channelId: 'msteams', conversation: { id: `a:${upn}` }, user: { id: `29:${upn}` } },
    updatedAt: '2026-11-23T00:00:00Z',
  };
}

/** SentCardStore in memory. */
export class MemorySentCards implements SentCardStore {
  readonly cards = new Map<string, SentCard[]>();
  readonly noteMap = new Map<string, string>();
  async add(subject: string, card: SentCard): Promise<void> {
    const list = (this.cards.get(subject) ?? []).filter((c) => !(c.conversationKey === card.conversationKey && c.activityId === card.activityId));
    this.cards.set(subject, [...list, { ...card }]);
  }
  async of(subject: string): Promise<SentCard[]> {
    return (this.cards.get(subject) ?? []).map((c) => ({ ...c }));
  }
  async putNotes(subject: string, notes: string): Promise<void> {
    this.noteMap.set(subject, notes);
  }
  async notes(subject: string): Promise<string | undefined> {
    return this.noteMap.get(subject);
  }
}

/** The digest log with the table's semantics: insert-if-absent claims, take-over of stale claims, failures recorded by their claimant only. */
export class MemoryDigestLog implements DigestLog {
  readonly entries = new Map<string, DigestEntry>();

  async claim(week: LocalDate, department: string, by: { instanceId: string; at: string; staleAfterMs: number }): Promise<DigestClaim> {
    const key = `${week}|${department}`;
    const e = this.entries.get(key);
    if (e?.state === 'sent') return 'sent';
    if (e?.state === 'sending' && Date.parse(by.at) - Date.parse(e.claimedAt ?? '') < by.staleAfterMs) return 'busy';
    this.entries.set(key, { week, department, state: 'sending', attempts: (e?.attempts ?? 0) + 1, claimedBy: by.instanceId, claimedAt: by.at, channel: e?.channel });
    return 'claimed';
  }

  async markSent(week: LocalDate, department: string, sent: { sentAt: string; activityId: string; channel: string }): Promise<void> {
    const key = `${week}|${department}`;
    const e = this.entries.get(key) ?? { week, department, state: 'sent', attempts: 0 };
    this.entries.set(key, { ...e, state: 'sent', sentAt: sent.sentAt, activityId: sent.activityId, channel: sent.channel, error: undefined });
  }

  async markFailed(week: LocalDate, department: string, failure: { instanceId: string; error: string; channel: string }): Promise<boolean> {
    const key = `${week}|${department}`;
    const e = this.entries.get(key);
    if (!e || e.state !== 'sending' || e.claimedBy !== failure.instanceId) return false;
    this.entries.set(key, { ...e, state: 'failed', error: failure.error, channel: failure.channel });
    return true;
  }

  async ofWeek(week: LocalDate): Promise<DigestEntry[]> {
    return [...this.entries.values()].filter((e) => e.week === week).map((e) => ({ ...e }));
  }
}
