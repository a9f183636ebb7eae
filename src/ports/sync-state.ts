import type { ListName } from '../domain/lists';

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
