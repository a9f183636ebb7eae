/** The shapes the Teams stand-in records and reports; shared by the server, the admin API and its client. */

/** At most `max` operations in any `windowMs` (a sliding window). */
export interface WindowLimit {
  windowMs: number;
  max: number;
}

export interface TeamsRateLimits {
  /** Every connector request of one app in one tenant. */
  perAppPerTenant: WindowLimit[];
  /** Sends, replies, updates and deletes of one bot in one conversation (Teams' "thread"). */
  perConversation: WindowLimit[];
  /** Conversations one bot creates with one user. */
  createConversation: WindowLimit[];
}

/**
 * Teams' documented limits. Source: Microsoft Teams platform docs, "Optimize your bot with rate
 * limiting in Teams" (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit; the
 * current revision is titled "Rate limiting for agents"): "Per bot per thread limit" — Send to
 * conversation and Create conversation 7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per 3600 s — and
 * "The global limit per app per tenant is 50 Requests Per Second (RPS)" (older revisions said 30).
 * The page adds that the values "are for estimation only" and may change.
 */
export const TEAMS_RATE_LIMITS: TeamsRateLimits = {
  perAppPerTenant: [{ windowMs: 1_000, max: 50 }],
  perConversation: [
    { windowMs: 1_000, max: 7 },
    { windowMs: 2_000, max: 8 },
    { windowMs: 30_000, max: 60 },
    { windowMs: 3_600_000, max: 1_800 },
  ],
  createConversation: [
    { windowMs: 1_000, max: 7 },
    { windowMs: 2_000, max: 8 },
    { windowMs: 30_000, max: 60 },
    { windowMs: 3_600_000, max: 1_800 },
  ],
};

/** Switchable misbehaviour. Every field can be changed at runtime (setFaults, POST /_standin/faults). */
export interface TeamsFaultSettings {
  /** Added before every connector answer (and before the request is recorded). */
  latencyMs: number;
  /** Share (0–1) of connector requests answered with one of `faultStatuses` instead of being served. */
  faultRate: number;
  /** Default 412, 502, 503, 504: what Teams answers under load (and says to retry). */
  faultStatuses: number[];
  /** Retry-After (seconds) on the injected 412/5xx answers; undefined = none, as Teams documents none. */
  faultRetryAfterSeconds?: number;
  /** Every connector request is answered 429 until this instant (the stand-in's clock, epoch ms); 0 = no storm. */
  stormUntil: number;
  /** Retry-After during a storm; undefined = the storm's remaining time, rounded up to whole seconds. */
  stormRetryAfterSeconds?: number;
  /** Share (0–1) of connector requests whose connection is destroyed without an answer. */
  dropRate: number;
  /** A dropped request is recorded first (delivered, answer lost) when true; not delivered when false. */
  dropAfterAccept: boolean;
}

/** A change of fault settings; `stormMs` starts a storm of that length from now (0 ends one). */
export type TeamsFaultChange = Partial<Omit<TeamsFaultSettings, 'stormUntil'>> & { stormMs?: number };

/** A bot or user account as Teams puts it in activities and conversation references. */
export interface StandInAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface StandInConversation {
  id: string;
  tenantId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  /** The other party of a personal chat. */
  user?: StandInAccount & { userPrincipalName?: string };
  bot: StandInAccount;
  /** `registered` = added by the test or the admin API (the bot was installed); `created` = POST /v3/conversations. */
  origin: 'registered' | 'created';
  /** The stand-in's clock when it came to exist. */
  createdAt: number;
  /** A blocked conversation answers 403 ConversationBlockedByUser. */
  blocked: boolean;
}

/** One state of a delivered activity: as sent, then after each update. */
export interface ActivityVersion {
  at: number;
  type: string;
  text?: string;
  attachments: unknown[];
  key?: string;
  /** The activity as the bot sent it (JSON). */
  activity: Record<string, unknown>;
}

/** An activity Teams accepted (201): a send, a reply, or the first message of a created conversation. */
export interface Delivery {
  /** 1, 2, 3 … in the order accepted. */
  seq: number;
  conversationId: string;
  /** The id answered to the bot (Teams message ids are epoch milliseconds). */
  activityId: string;
  /** When it was accepted (the stand-in's clock, epoch ms). */
  at: number;
  kind: 'send' | 'reply' | 'create';
  /** The activity id in the URL of a reply (`POST …/activities/{id}`). */
  replyToId?: string;
  type: string;
  text?: string;
  attachments: unknown[];
  /** The reminder ledger key: `channelData.skillsteps.key`, or an entity's (see dev/README.md). */
  key?: string;
  appId: string;
  tenantId: string;
  /** `x-ms-client-request-id`: botbuilder keeps it across its own retries of one call. */
  clientRequestId?: string;
  /** The activity as last sent or updated (JSON). */
  activity: Record<string, unknown>;
  /** Every state, first as sent; an update (PUT) appends one. */
  versions: ActivityVersion[];
  /** When it was deleted (DELETE), if it was. */
  deletedAt?: number;
}

export interface DuplicateKey {
  key: string;
  /** Deliveries carrying it (2 or more). */
  count: number;
  deliveries: Array<{ seq: number; conversationId: string; activityId: string; at: number; clientRequestId?: string }>;
}

export interface TeamsStandInStats {
  /** Connector requests received (admin requests are not counted). */
  requests: number;
  /** Activities accepted: sends, replies and first messages of created conversations. */
  accepted: number;
  updates: number;
  deletes: number;
  conversationsCreated: number;
  /** 429 answers: over a limit or in a storm. Nothing refused is recorded or counted as accepted. */
  throttled: number;
  /** 429s by cause: `app 50/1s`, `conversation 7/1s`, `create 7/1s`, `storm`. */
  throttledBy: Record<string, number>;
  /** Injected failures: 412/5xx answers and dropped connections. */
  faulted: number;
  /** By cause: `412`, `502`, `503`, `504`, `drop before accept`, `drop after accept`, `killed`. */
  faultedBy: Record<string, number>;
  /** Answers the request earned itself: 400, 401, 403, 404, 413, 501. */
  rejected: number;
  /** Most operations accepted in any 1-second window, for the busiest app+tenant and the busiest conversation. */
  maxAcceptedPerSecond: { app: number; conversation: number };
  /** Accepted activities that carry a ledger key. */
  keyed: number;
  /** Keys accepted more than once. */
  duplicateKeys: number;
  /** Accepted activities beyond the first for their key. */
  duplicateDeliveries: number;
}
