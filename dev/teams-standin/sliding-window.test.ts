import { TEAMS_RATE_LIMITS } from './types';
import { WindowLimiter, limitLabel, retryAfterSeconds, type Slot } from './sliding-window';

/** Teams' per-conversation and per-app windows, checked at exact instants (the limiter takes the time as an argument). */
describe('WindowLimiter with Teams’ limits', () => {
  const limiter = (): WindowLimiter =>
    new WindowLimiter({ app: TEAMS_RATE_LIMITS.perAppPerTenant, conversation: TEAMS_RATE_LIMITS.perConversation, create: TEAMS_RATE_LIMITS.createConversation });
  const slots: Slot[] = [
    { scope: 'app', key: 'bot|tenant' },
    { scope: 'conversation', key: 'bot|a:1' },
  ];
  /** Sends at `t` as long as they are admitted; returns how many were, and the refusal that stopped them. */
  const burst = (l: WindowLimiter, t: number, tries: number, s = slots) => {
    let accepted = 0;
    for (let i = 0; i < tries; i++) {
      const refusal = l.check(s, t);
      if (refusal) return { accepted, refusal };
      l.commit(s, t);
      accepted++;
    }
    return { accepted, refusal: undefined };
  };

  it('admits 7 in a second to one conversation, refuses the 8th until the first has left the window', () => {
    const l = limiter();
    const { accepted, refusal } = burst(l, 0, 10);
    expect(accepted).toBe(7);
    expect(refusal).toMatchObject({ scope: 'conversation', limit: { windowMs: 1000, max: 7 }, retryAfterMs: 1000 });
    expect(l.check(slots, 999)).toMatchObject({ limit: { max: 7 }, retryAfterMs: 1 });
    // At 1000 the sends at 0 are out of (0, 1000]: the 8/2s window now decides, and it has room for one.
    expect(burst(l, 1000, 5).accepted).toBe(1);
    expect(l.check(slots, 1000)).toMatchObject({ limit: { windowMs: 2000, max: 8 }, retryAfterMs: 1000 });
    expect(burst(l, 2000, 10).accepted).toBe(7);
  });

  it('counts a refused request nowhere: waiting Retry-After is enough', () => {
    const l = limiter();
    burst(l, 0, 7);
    for (let t = 1; t < 1000; t += 7) expect(l.check(slots, t)).toBeDefined();
    expect(l.check(slots, 1000)).toBeUndefined();
  });

  it('holds 60 in 30 s and 1800 in an hour, with Retry-After until the oldest leaves', () => {
    const l = limiter();
    // Four a second never meets the 1 s and 2 s limits; the 61st inside 30 s meets 60/30s.
    for (let i = 0; i < 60; i++) expect(burst(l, i * 250, 1).accepted).toBe(1);
    expect(l.check(slots, 15_000)).toMatchObject({ limit: { windowMs: 30_000, max: 60 }, retryAfterMs: 15_000 });
    expect(l.check(slots, 29_999)).toMatchObject({ limit: { max: 60 }, retryAfterMs: 1 });
    expect(l.check(slots, 30_000)).toBeUndefined();

    const h = limiter();
    // Two a second for 15 minutes: 1800 sends, never over 60/30s; the 1801st waits for the first to be an hour old.
    for (let i = 0; i < 1800; i++) expect(burst(h, i * 500, 1).accepted).toBe(1);
    expect(h.check(slots, 900_000)).toMatchObject({ limit: { windowMs: 3_600_000, max: 1800 }, retryAfterMs: 2_700_000 });
    expect(h.check(slots, 3_600_000)).toBeUndefined();
  });

  it('holds 50 a second per app and tenant across conversations, and reports the busiest second', () => {
    const l = limiter();
    let accepted = 0;
    let refusal;
    for (let c = 0; c < 60 && !refusal; c++) {
      const s: Slot[] = [slots[0]!, { scope: 'conversation', key: `bot|a:${c}` }];
      refusal = l.check(s, 10);
      if (!refusal) {
        l.commit(s, 10);
        accepted++;
      }
    }
    expect(accepted).toBe(50);
    expect(refusal).toMatchObject({ scope: 'app', limit: { max: 50 }, retryAfterMs: 1000 });
    // Another tenant of the same app has its own 50.
    expect(l.check([{ scope: 'app', key: 'bot|other-tenant' }], 10)).toBeUndefined();
    expect(l.peakPerSecond('app')).toBe(50);
    expect(l.peakPerSecond('conversation')).toBe(1);
  });

  it('follows new limits and forgets everything on reset', () => {
    const l = limiter();
    burst(l, 0, 7);
    l.setLimits({ app: [], conversation: [{ windowMs: 1000, max: 10 }], create: [] });
    expect(burst(l, 0, 10).accepted).toBe(3);
    l.reset();
    expect(l.peakPerSecond('conversation')).toBe(0);
    expect(burst(l, 0, 20).accepted).toBe(10);
  });
});

describe('Retry-After and labels', () => {
  it.each([
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [15_000, 15],
    [2_700_000, 2700],
  ])('%i ms is Retry-After %i', (ms, seconds) => expect(retryAfterSeconds(ms)).toBe(seconds));

  it('names limits as Teams’ table does', () => {
    expect(limitLabel({ windowMs: 1000, max: 7 })).toBe('7/1s');
    expect(limitLabel({ windowMs: 3_600_000, max: 1800 })).toBe('1800/3600s');
  });
});
