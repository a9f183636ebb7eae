import type { LocalDate } from '../domain/local-date';

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
