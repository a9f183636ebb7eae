import type { ListName } from '../domain/lists';
import type { ListSyncState, SyncStateStore } from '../ports';

/** Sync states kept in memory: a long-running server re-syncs from them without reading files. */
export class MemorySyncStore implements SyncStateStore {
  private readonly states = new Map<ListName, ListSyncState>();

  async load(list: ListName): Promise<ListSyncState | undefined> {
    return this.states.get(list);
  }

  async save(list: ListName, state: ListSyncState): Promise<void> {
    this.states.set(list, state);
  }

  async clear(): Promise<void> {
    this.states.clear();
  }
}
