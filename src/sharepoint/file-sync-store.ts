import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ListName } from '../domain/lists';
import type { ListSyncState, SyncStateStore } from '../ports';

interface Header {
  listId: string;
  deltaLink: string;
  syncedAt: string;
  count: number;
  /** Hash of the items file this header belongs to. */
  itemsVersion: string;
}

/**
 * Sync states on disk, per list a small header file (delta link) and a JSON-lines file of items
 * (one per line, so 200,000 items are written and read without one 40 MB string). A sync that
 * changed nothing rewrites only the header. Used by the CLI.
 */
export class FileSyncStore implements SyncStateStore {
  private readonly dir: string;
  /** The items file this store last read or wrote per list (not the items: they may be let go). */
  private readonly saved = new Map<ListName, { version: string; count: number }>();

  constructor(baseDir: string, siteId: string) {
    this.dir = join(baseDir, createHash('sha256').update(siteId).digest('hex').slice(0, 16));
  }

  async load(list: ListName): Promise<ListSyncState | undefined> {
    let head: Header;
    let text: string;
    try {
      head = JSON.parse(await readFile(this.file(list, 'json'), 'utf8')) as Header;
      text = await readFile(this.file(list, 'jsonl'), 'utf8');
    } catch {
      return undefined;
    }
    const items = new Map<string, Record<string, unknown>>();
    for (const line of text.split('\n')) {
      if (!line) continue;
      const [id, fields] = JSON.parse(line) as [string, Record<string, unknown>];
      items.set(id, fields);
    }
    // Items written by another sync than the header (a crash between the two) are not trusted.
    if (items.size !== head.count || head.itemsVersion !== this.itemsVersion(text)) return undefined;
    this.saved.set(list, { version: head.itemsVersion, count: head.count });
    return { listId: head.listId, deltaLink: head.deltaLink, syncedAt: head.syncedAt, items };
  }

  async save(list: ListName, state: ListSyncState): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const previous = this.saved.get(list);
    // Items a sync found unchanged since this store loaded them are not rewritten.
    let version = previous?.version;
    if (!previous || previous.count !== state.items.size || state.changed !== false) {
      version = await this.writeItems(list, state);
      this.saved.set(list, { version, count: state.items.size });
    }
    const head: Header = { listId: state.listId, deltaLink: state.deltaLink, syncedAt: state.syncedAt, count: state.items.size, itemsVersion: version! };
    const tmp = `${this.file(list, 'json')}.tmp`;
    await writeFile(tmp, JSON.stringify(head));
    await rename(tmp, this.file(list, 'json'));
  }

  private async writeItems(list: ListName, state: ListSyncState): Promise<string> {
    const tmp = `${this.file(list, 'jsonl')}.tmp`;
    const out = createWriteStream(tmp, 'utf8');
    const write = async (line: string): Promise<void> => {
      if (!out.write(line)) await once(out, 'drain');
    };
    const hash = createHash('sha256');
    let chunk = '';
    for (const [id, fields] of state.items) {
      chunk += `${JSON.stringify([id, fields])}\n`;
      if (chunk.length > 1 << 16) {
        hash.update(chunk);
        await write(chunk);
        chunk = '';
      }
    }
    hash.update(chunk);
    await write(chunk);
    out.end();
    await once(out, 'finish');
    // Renamed into place only when complete, so a crash never leaves a half-written file.
    await rename(tmp, this.file(list, 'jsonl'));
    return hash.digest('hex').slice(0, 16);
  }

  private itemsVersion(text: string): string {
    return createHash('sha256').update(text).digest('hex').slice(0, 16);
  }

  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private file(list: ListName, ext: 'json' | 'jsonl'): string {
    return join(this.dir, `${list}.${ext}`);
  }
}
