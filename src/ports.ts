import type { ListName } from './domain/lists';
import type { LocalDate } from './domain/local-date';
import type { RawList } from './domain/records';

/** Progress of a long read, for a progress bar or log line. */
export interface ReadProgress {
  list: string;
  rowsRead: number;
  listsDone: number;
  listsTotal: number;
  /** True when this list has been read completely (otherwise a page of a long list). */
  listDone: boolean;
}

/** Where the programme's lists come from: a CSV folder, or SharePoint through Graph. */
export interface ListSource {
  /** Human-readable origin, for messages ("CSV フォルダ data/", "SharePoint サイト …"). */
  describe(): string;
  /**
   * Reads every list there is and hands each to `onList` in LIST_NAMES order (a list after those it
   * refers to), so the caller can parse it and let its raw rows go before the next one arrives.
   */
  readLists(onList: (name: ListName, list: RawList) => void, onProgress?: (p: ReadProgress) => void): Promise<void>;
}

/** The time, injected so jobs and tests agree on "today" (JST). */
export interface Clock {
  now(): Date;
  today(): LocalDate;
}

/**
 * What a sync remembers of one SharePoint list between runs: its delta link and the items as of
 * that link, so a re-sync reads only the changes.
 */
export interface ListSyncState {
  listId: string;
  deltaLink: string;
  syncedAt: string;
  /** Item id → fields (as Graph returns them). */
  items: Map<string, Record<string, unknown>>;
  /** False when the last sync found no change (stores may then skip rewriting the items). */
  changed?: boolean;
}

/** Where list sync states are kept: files for the CLI, Blob storage for the server. */
export interface SyncStateStore {
  load(list: ListName): Promise<ListSyncState | undefined>;
  save(list: ListName, state: ListSyncState): Promise<void>;
  clear(): Promise<void>;
}

/** A nomination to record (the Nominations list); it starts pending. */
export interface NewNomination {
  nomineeUpn: string;
  role: string;
  section: string;
  nominatedByUpn: string;
  approverUpn: string;
  reason?: string;
  replacesUpn?: string;
  requestedAt: string;
}

/** A nomination as the list holds it now, with the version to update it safely. */
export interface StoredNomination {
  id: string;
  etag: string;
  nomineeUpn: string;
  role: string;
  section: string;
  nominatedByUpn: string;
  approverUpn: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  reason?: string;
  decisionComment?: string;
  requestedAt: string;
  decidedAt?: string;
  replacesUpn?: string;
}

export interface NominationDecision {
  status: 'approved' | 'rejected';
  comment?: string;
  decidedAt: string;
}

/** A role given in the Roles list (a nomination approved). */
export interface NewRoleAssignment {
  upn: string;
  role: string;
  section: string;
  startDate: LocalDate;
  /** Where it came from, e.g. 「推薦 #12 承認（…）」; also how a lost write is found again. */
  source: string;
}

/** Where nominations are written and decided: the SharePoint Nominations and Roles lists. */
export interface NominationStore {
  create(n: NewNomination): Promise<{ id: string }>;
  /** Reads the item afresh from the list (never the snapshot): decisions act on the current state. */
  get(id: string): Promise<StoredNomination | undefined>;
  /** Writes a decision if the item is still the version read (If-Match); 'conflict' when it is not. */
  decide(n: StoredNomination, decision: NominationDecision): Promise<StoredNomination | 'conflict'>;
  addRole(r: NewRoleAssignment): Promise<{ id: string }>;
  /** Ends a person's open assignments of a role (EndDate); returns how many were ended. */
  endRole(upn: string, role: string, endDate: LocalDate): Promise<number>;
}

// ---- The bot's operational state (Azure Storage: Tables, Queues, Blob leases) ---------------------

/**
 * Where a conversation is, as botbuilder's ConversationReference (serialisable JSON): enough to
 * message it proactively. Stored on install and refreshed on every message.
 */
export interface StoredConversation {
  /** `user:<upn>` for a personal chat, `channel:<conversation id>` for a team channel, `chat:<conversation id>` for a group chat. */
  key: string;
  kind: 'personal' | 'channel' | 'groupChat';
  /** Personal chats: the user's UPN (lower case) and Entra object id. */
  upn?: string;
  aadObjectId?: string;
  /** The Teams user id (29:…) in this conversation, for card refresh userIds. */
  teamsUserId?: string;
  /** Channels: the 部 this channel reports for (set by the programme office). */
  department?: string;
  /** Channels and chats: a display name for messages and the office's list. */
  name?: string;
  reference: Record<string, unknown>;
  updatedAt: string;
}

export interface ConversationStore {
  /**
   * Stores or refreshes a conversation (on install and on every message). A channel's 部 is
   * owned by mapChannel: put keeps it as it is and ignores `department`.
   */
  put(c: StoredConversation): Promise<void>;
  get(key: string): Promise<StoredConversation | undefined>;
  /** The personal chat of a user, if the app is installed for them. */
  personal(upn: string): Promise<StoredConversation | undefined>;
  /** The channel mapped to a 部, if any. */
  channelOf(department: string): Promise<StoredConversation | undefined>;
  /** Every channel mapped to a 部. */
  mappedChannels(): Promise<StoredConversation[]>;
  /**
   * Maps a channel to a 部 (one channel per 部: an earlier mapping of the 部 is removed). The
   * channel must have been stored with put first (the app is installed in its team).
   */
  mapChannel(key: string, department: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** One reminder message as planned for a person on a day (the ledger row). */
export interface ReminderEntry {
  /** The day it is for (JST) and the person: together the entry's identity. */
  day: LocalDate;
  upn: string;
  /** planned → sending (claimed by a sender) → sent | failed (given up: no chat, or rejected). */
  state: 'planned' | 'sending' | 'sent' | 'failed';
  /** The reminder items (ReminderItem JSON) and their ledger keys. */
  itemKeys: string[];
  payload: string;
  /** When it was planned, or last put back on the queue by the sweep. */
  plannedAt: string;
  attempts: number;
  /** Who claimed it and when (state sending). */
  claimedBy?: string;
  claimedAt?: string;
  sentAt?: string;
  activityId?: string;
  error?: string;
  etag: string;
}

/** The ledger of reminders: what was planned, claimed and sent, and who muted reminders. */
export interface ReminderLedger {
  /**
   * Records a planned reminder. Returns false when one already exists for that person and day
   * (a second planning run, or another instance, got there first): the caller does not queue it.
   */
  plan(entry: Omit<ReminderEntry, 'state' | 'attempts' | 'etag'>): Promise<boolean>;
  get(day: LocalDate, upn: string): Promise<ReminderEntry | undefined>;
  /** Moves an entry to a new state if it still has this etag; false when someone else changed it. */
  update(entry: ReminderEntry, change: Partial<Omit<ReminderEntry, 'day' | 'upn' | 'etag'>>): Promise<ReminderEntry | false>;
  /** Entries of a day (for re-queueing planned ones and for the office's status). */
  ofDay(day: LocalDate, states?: ReadonlyArray<ReminderEntry['state']>): Promise<ReminderEntry[]>;
  /** Every item key sent, and the last day each person got a reminder, since a day. */
  history(since: LocalDate): Promise<{ sentKeys: Set<string>; lastSent: Map<string, LocalDate> }>;
  mute(upn: string, until: LocalDate): Promise<void>;
  unmute(upn: string): Promise<void>;
  mutes(): Promise<Map<string, LocalDate>>;
}

/** A message taken from the send queue; invisible to others until deleted or its time runs out. */
export interface QueuedMessage<T> {
  id: string;
  popReceipt: string;
  body: T;
  dequeueCount: number;
}

/** A queue with at-least-once delivery (Azure Storage Queue). */
export interface WorkQueue<T> {
  send(body: T): Promise<void>;
  /** Up to `max` messages, hidden from other receivers for `visibilitySeconds`. */
  receive(max: number, visibilitySeconds: number): Promise<Array<QueuedMessage<T>>>;
  delete(message: QueuedMessage<T>): Promise<void>;
  /** Makes a message visible again after `seconds` (a retry later); returns the new receipt. */
  release(message: QueuedMessage<T>, seconds: number): Promise<QueuedMessage<T>>;
  approximateCount(): Promise<number>;
}

/** One run of a scheduled job (src/server/scheduler.ts), kept for the programme office's job status. */
export interface JobRun {
  job: string;
  /** The server instance that ran it. */
  instanceId?: string;
  startedAt: string;
  /** Absent while the run goes on (or when its instance died during it). */
  finishedAt?: string;
  /** It ended without an error. */
  ok: boolean;
  /** It did the period's work; false: "not yet" (outside the send window, no data yet), tried again later. */
  done: boolean;
  summary?: Record<string, unknown>;
  error?: string;
}

/** What the history holds: the instance running the jobs (its last tick) and each job's last run and last done run. */
export interface JobHistorySnapshot {
  holder?: { instanceId: string; at: string };
  jobs: Map<string, { last?: JobRun; lastDone?: JobRun }>;
}

/**
 * The scheduled jobs' history in shared storage (Azure Table), so every instance answers the
 * office's job status alike and a new scheduler holder knows what was already done.
 */
export interface JobHistory {
  /** Records a run as it starts (no finishedAt) and again when it ends; a done run is also kept as the last done. */
  record(run: JobRun): Promise<void>;
  /** The scheduler's holder says it is alive (every tick). */
  heartbeat(instanceId: string, at: string): Promise<void>;
  read(): Promise<JobHistorySnapshot>;
}

/** A lease on a named job (Blob lease): only the holder runs the job. */
export interface JobLease {
  /** Takes or renews the lease; false when another instance holds it. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/** A message the bot sends: text and/or Adaptive Card attachments (botbuilder's Activity subset). */
export interface OutgoingMessage {
  text?: string;
  /** Shown in notifications and the chat list. */
  summary?: string;
  attachments?: Array<{ contentType: string; content?: unknown }>;
  channelData?: Record<string, unknown>;
}

/**
 * A failed delivery, as a Messenger reports it: the HTTP status Teams answered (0 when the request
 * never got an answer) and the Retry-After it asked for.
 */
export interface DeliveryFailure extends Error {
  status: number;
  retryAfterMs?: number;
}

/** Proactive messages into Teams conversations (botbuilder's CloudAdapter in production). */
export interface Messenger {
  send(conversation: StoredConversation, message: OutgoingMessage): Promise<{ id: string }>;
  update(conversation: StoredConversation, activityId: string, message: OutgoingMessage): Promise<void>;
}

/** One copy of a card the bot sent, to update it when its subject changes (a nomination decided). */
export interface SentCard {
  /** The conversation it was sent to (StoredConversation.key). */
  conversationKey: string;
  activityId: string;
  /** Whom the copy was rendered for (the approver's copy has the buttons). */
  viewerUpn?: string;
  sentAt: string;
}

/** The copies of each card sent about a subject (`nomination:<id>`), kept so every copy can be updated. */
export interface SentCardStore {
  add(subject: string, card: SentCard): Promise<void>;
  of(subject: string): Promise<SentCard[]>;
  /** Facts about the subject that the cards show but the lists do not keep (the warnings the nominator confirmed). */
  putNotes(subject: string, notes: string): Promise<void>;
  notes(subject: string): Promise<string | undefined>;
}

// ---- The weekly channel digest's log ---------------------------------------------------------------

/**
 * One 部's digest of one week, as the digest log holds it. The week and the 部 are its identity:
 * at most one digest per 部 per week, whichever instance or restart gets there.
 */
export interface DigestEntry {
  /** The Monday (JST) of the ISO week the digest is for. */
  week: LocalDate;
  department: string;
  /** sending (claimed by an instance) → sent | failed (retried by the next run that week). */
  state: 'sending' | 'sent' | 'failed';
  /** Claims so far, this one included. */
  attempts: number;
  claimedBy?: string;
  claimedAt?: string;
  sentAt?: string;
  activityId?: string;
  /** The conversation key of the channel it went (or was to go) to. */
  channel?: string;
  error?: string;
}

/** What a claim came to: this instance sends it now, it went out already, or another instance is sending it. */
export type DigestClaim = 'claimed' | 'sent' | 'busy';

/** The log of weekly digests (Azure Table): claims with insert-if-absent and ETags, so a week's digest of a 部 goes out once. */
export interface DigestLog {
  /**
   * Claims a 部's digest of a week for an instance. 'claimed' when there is no entry yet, the last
   * attempt failed, or a claim is older than `staleAfterMs` (its holder died mid-send); of two
   * instances claiming at once, one gets 'claimed' and the other 'busy'.
   */
  claim(week: LocalDate, department: string, by: { instanceId: string; at: string; staleAfterMs: number }): Promise<DigestClaim>;
  /** Records the send (whoever claimed it last: the message did go out). */
  markSent(week: LocalDate, department: string, sent: { sentAt: string; activityId: string; channel: string }): Promise<void>;
  /** Records a failed send if the entry is still this instance's claim; false when it is not (taken over, or sent). */
  markFailed(week: LocalDate, department: string, failure: { instanceId: string; error: string; channel: string }): Promise<boolean>;
  /** Every entry of a week (for the office's job status). */
  ofWeek(week: LocalDate): Promise<DigestEntry[]>;
}
