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

/** Where nominations are written: the SharePoint Nominations list. */
export interface NominationStore {
  create(n: NewNomination): Promise<{ id: string }>;
}
