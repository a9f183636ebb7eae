import type { LocalDate } from './domain/local-date';
import type { RawLists } from './domain/records';

/** Progress of a long read, for a progress bar or log line. */
export interface ReadProgress {
  list: string;
  rowsRead: number;
  listsDone: number;
  listsTotal: number;
}

/** Where the programme's lists come from: a CSV folder, or SharePoint through Graph. */
export interface ListSource {
  /** Human-readable origin, for messages ("CSV フォルダ data/", "SharePoint サイト …"). */
  describe(): string;
  readLists(onProgress?: (p: ReadProgress) => void): Promise<RawLists>;
}

/** The time, injected so jobs and tests agree on "today" (JST). */
export interface Clock {
  now(): Date;
  today(): LocalDate;
}
