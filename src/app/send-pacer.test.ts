import { SendPacer, TEAMS_LIMITS } from './send-pacer';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Sends as fast as the pacer allows for a while; returns the send times. */
function drive(pacer: SendPacer, c: ReturnType<typeof clock>, conversations: (i: number) => string, ms: number): number[] {
  const sent: number[] = [];
  const end = c.now() + ms;
  let i = 0;
  while (c.now() < end) {
    const wait = pacer.reserve(conversations(i));
    if (wait === 0) {
      sent.push(c.now());
      i++;
    } else c.advance(wait);
  }
  return sent;
}

function maxInWindow(times: number[], ms: number): number {
  let max = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while (times[to]! - times[from]! >= ms) from++;
    max = Math.max(max, to - from + 1);
  }
  return max;
}

describe('send pacer', () => {
  it('sends to many people at the app limit, never more than 50 in any second, evenly spread', () => {
    const c = clock();
    const pacer = new SendPacer(TEAMS_LIMITS, c.now);
    const sent = drive(pacer, c, (i) => `user-${i}`, 10_000);
    expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(50);
    // At least 98% of the physical limit over 10 s.
    expect(sent.length).toBeGreaterThanOrEqual(490);
    expect(Math.min(...sent.slice(1).map((t, i) => t - sent[i]!))).toBeGreaterThanOrEqual(20);
  });

  it("keeps one conversation inside Teams' per-thread windows", () => {
    const c = clock();
    const pacer = new SendPacer(TEAMS_LIMITS, c.now);
    const sent = drive(pacer, c, () => 'channel-1', 65_000);
    expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(sent, 2000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(sent, 30_000)).toBeLessThanOrEqual(60);
    // 60 per 30 s binds, and the pacer uses all of it: at least two full windows in 65 s.
    expect(sent.length).toBeGreaterThanOrEqual(120);
  });

  it('stops everything for the Retry-After of a 429', () => {
    const c = clock();
    const pacer = new SendPacer(TEAMS_LIMITS, c.now);
    expect(pacer.reserve('a')).toBe(0);
    pacer.pause(3000);
    expect(pacer.reserve('b')).toBe(3000);
    c.advance(2999);
    expect(pacer.reserve('b')).toBe(1);
    c.advance(1);
    expect(pacer.reserve('b')).toBe(0);
  });

  it('honours a configured lower limit', () => {
    const c = clock();
    const pacer = new SendPacer({ perSecond: 5, perConversation: [] }, c.now);
    const sent = drive(pacer, c, (i) => `u${i}`, 4000);
    expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(5);
    expect(sent.length).toBe(20);
  });
});
