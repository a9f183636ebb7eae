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
}

/** Teams' documented limits ("Optimize your bot with rate limiting and best practices in Microsoft Teams"). */
export const TEAMS_LIMITS: PacerLimits = {
  perSecond: 50,
  perConversation: [
    { count: 7, seconds: 1 },
    { count: 8, seconds: 2 },
    { count: 60, seconds: 30 },
    { count: 1800, seconds: 3600 },
  ],
};

export class SendPacer {
  /** Send times (ms) of the app in the last second, oldest first. */
  private readonly recent: number[] = [];
  private readonly byConversation = new Map<string, number[]>();
  private pausedUntil = 0;
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
    while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
    let wait = 0;
    if (this.recent.length >= this.limits.perSecond) wait = this.recent[this.recent.length - this.limits.perSecond]! + 1000 - now;
    // Spread the app's sends evenly through the second, so a burst at its start cannot crowd a
    // window on Teams' side that is measured from a slightly different moment.
    const spacing = 1000 / this.limits.perSecond;
    const last = this.recent[this.recent.length - 1];
    if (last !== undefined) wait = Math.max(wait, last + spacing - now);
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
