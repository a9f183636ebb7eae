import type { LocalDate } from '../domain/local-date';

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
  /** Not to be sent before this instant (a reminder asked for outside the send window waits for it). */
  notBefore?: string;
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
