/**
 * Keeps proactive sends inside Teams' limits before Teams has to say so: a sliding window for the
 * whole app in the tenant (50 requests per second by default) and sliding windows per conversation
 * (Teams' per-bot-per-thread limits: 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour). A 429
 * that still comes (another process sending, a tighter limit than configured) pauses the whole app
 * for the Retry-After it carries. Time is injected, so the limits are tested without waiting.
 */
export interface Window {
  count: number;
  seconds: number;
}

export interface PacerLimits {
  /** Requests per second for the app in the tenant (all conversations together). */
  perSecond: number;
  /** Windows per conversation. */
  perConversation: Window[];
  /**
   * Milliseconds added to the app's one-second window (default 0). Teams counts a request when it
   * arrives, a varying time after its slot here (the event loop, the connector client, the network),
   * so at the full rate two sends a second apart here can arrive less than a second apart there:
   * one too many in Teams' window, a 429, and a whole second of Retry-After lost.
   */
  jitterMs?: number;
}

/** Teams' documented limits ("Optimize your bot with rate limiting and best practices in Microsoft Teams"). */
export const TEAMS_LIMITS: PacerLimits = {
  perSecond: 50,
  // Measured against the Teams stand-in (bench/README.md "Reminder fan-out"): without it, a 429 every
  // 60–300 sends at the full rate. More would cost rate: 50 per 1,020 ms is 98% of Teams' limit.
  jitterMs: 20,
  perConversation: [
    { count: 7, seconds: 1 },
    { count: 8, seconds: 2 },
    { count: 60, seconds: 30 },
    { count: 1800, seconds: 3600 },
  ],
};

export class SendPacer {
  /** Send times (ms) of the app in its window (a second and the jitter allowance), oldest first. */
  private readonly recent: number[] = [];
  private readonly byConversation = new Map<string, number[]>();
  private pausedUntil = 0;
  /** When the next send is due on the even spacing of the app's sends. */
  private nextEven = 0;
  private readonly longest: number;
  private lastPrune = 0;

  constructor(
    private readonly limits: PacerLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.longest = Math.max(1, ...limits.perConversation.map((w) => w.seconds)) * 1000;
  }

  /**
   * Takes a slot for a send to a conversation if one is free now (returns 0), or says how many
   * milliseconds to wait before asking again (nothing is reserved then).
   */
  reserve(conversation: string): number {
    const now = this.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    const windowMs = 1000 + (this.limits.jitterMs ?? 0);
    while (this.recent.length > 0 && this.recent[0]! <= now - windowMs) this.recent.shift();
    let wait = 0;
    if (this.recent.length >= this.limits.perSecond) wait = this.recent[this.recent.length - this.limits.perSecond]! + windowMs - now;
    // Spread the app's sends evenly through the second, so a burst at its start cannot crowd a
    // window on Teams' side that is measured from a slightly different moment. The spacing runs on a
    // schedule, not from the last send: a timer fires late (by a millisecond or more, more on a busy
    // event loop), and measured from the late send every such delay was lost for good — about 5% of
    // the app's limit at 50/s (bench/README.md "Reminder fan-out").
    const spacing = windowMs / this.limits.perSecond;
    wait = Math.max(wait, this.nextEven - now);
    const times = this.byConversation.get(conversation);
    if (times) {
      for (const w of this.limits.perConversation) {
        const from = now - w.seconds * 1000;
        let inWindow = 0;
        for (let i = times.length - 1; i >= 0 && times[i]! > from; i--) inWindow++;
        if (inWindow >= w.count) wait = Math.max(wait, times[times.length - w.count]! + w.seconds * 1000 - now);
      }
    }
    if (wait > 0) return Math.ceil(wait);
    // Late by less than half a spacing: the next one comes that much sooner. Later than that (the
    // app was idle, or paused): a fresh start.
    this.nextEven = (now - this.nextEven < spacing / 2 ? this.nextEven : now) + spacing;
    this.recent.push(now);
    if (times) times.push(now);
    else this.byConversation.set(conversation, [now]);
    this.prune(now);
    return 0;
  }

  /** Teams answered 429 (or 503 with Retry-After): no sends from this app until it has passed. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Forgets sends older than the longest window, at most once a minute. */
  private prune(now: number): void {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [key, times] of this.byConversation) {
      while (times.length > 0 && times[0]! <= now - this.longest) times.shift();
      if (times.length === 0) this.byConversation.delete(key);
    }
  }
}

/** Waits until the pacer gives a slot for the conversation. */
export async function takeSlot(pacer: SendPacer, conversation: string, sleep: (ms: number) => Promise<void>): Promise<void> {
  for (;;) {
    const wait = pacer.reserve(conversation);
    if (wait === 0) return;
    await sleep(wait);
  }
}
