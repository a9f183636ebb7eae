import type { ListName } from '../domain/lists';
import type { RawList } from '../domain/records';

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
