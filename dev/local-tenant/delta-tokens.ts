import { GraphError, badRequest } from './graph-error';

/**
 * What a delta token remembers: the list, the change number it was issued at, and — for a page in
 * the middle of a round — where the round started and the last item id sent.
 */
export interface DeltaState {
  /** List id. */
  l: string;
  /** Changes after this change number are what the round reports (0 for the first enumeration). */
  s: number;
  /** The change number at the start of the round; the deltaLink at its end carries it as `s`. */
  u?: number;
  /** Last item id sent in this round (a page in the middle of a round). */
  a?: number;
  /** Issued at (ms), for expiry. */
  t: number;
}

/**
 * Issues and checks delta tokens. They are opaque to clients (base64url JSON here); what matters is
 * expiry: past `ttlMs`, or issued before `expireAll()`, a token answers 410 Gone as Graph does when
 * it can no longer say what changed (listitem-delta: resyncChangesApplyDifferences + Location).
 */
export class DeltaTokens {
  private lastIssued = 0;
  private expiredUpTo = 0;

  /**
   * When true, a deltaLink carries only its token, not the query of the request it ends ($expand,
   * $select, $top). Graph's delta overview says the query is encoded into the links; listitem-delta does
   * not promise that `$expand=fields(...)` survives, and a client must not store empty items if it does not.
   */
  linksWithoutQuery = false;

  constructor(public ttlMs: number = 7 * 24 * 3_600_000) {}

  issue(state: Omit<DeltaState, 't'>): string {
    // Strictly increasing, so a token issued right after expireAll() in the same millisecond is still new.
    const t = Math.max(Date.now(), this.lastIssued + 1);
    this.lastIssued = t;
    return Buffer.from(JSON.stringify({ ...state, t })).toString('base64url');
  }

  /** The state of a token, or 410 when it has expired (the caller supplies the fresh URL for Location). */
  read(token: string, freshUrl: string): DeltaState {
    let state: DeltaState;
    try {
      state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    } catch {
      throw badRequest('The delta token is not valid.');
    }
    if (typeof state?.l !== 'string' || typeof state.s !== 'number' || typeof state.t !== 'number') throw badRequest('The delta token is not valid.');
    if (state.t <= this.expiredUpTo || Date.now() - state.t > this.ttlMs) {
      throw new GraphError(410, 'resyncChangesApplyDifferences', 'The delta token has expired; enumerate the list again from the Location URL and replace local items with the server\'s.', {
        Location: freshUrl,
      });
    }
    return state;
  }

  /** Every token issued so far expires. */
  expireAll(): void {
    this.expiredUpTo = Math.max(Date.now(), this.lastIssued);
    this.lastIssued = this.expiredUpTo;
  }
}
