import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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
  /** Its size in bytes (headers written before it was recorded have none: their items are read at once). */
  itemsBytes?: number;
}

type Items = Map<string, Record<string, unknown>>;

/**
 * A list's stored items, read from disk the first time anything but their number is asked: a sync
 * that finds a list unchanged never reads them, and a command that needs nothing else from them
 * (skillsteps sync with its data-quality report kept, below) never parses 200,000 lines.
 */
class StoredItems extends Map<string, Record<string, unknown>> {
  private loaded = false;

  constructor(
    private readonly read: () => Items,
    private readonly count: number,
  ) {
    super();
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const [id, fields] of this.read()) super.set(id, fields);
  }

  override get size(): number {
    return this.loaded ? super.size : this.count;
  }
  override get(id: string): Record<string, unknown> | undefined {
    this.load();
    return super.get(id);
  }
  override has(id: string): boolean {
    this.load();
    return super.has(id);
  }
  override set(id: string, fields: Record<string, unknown>): this {
    this.load();
    return super.set(id, fields);
  }
  override delete(id: string): boolean {
    this.load();
    return super.delete(id);
  }
  override clear(): void {
    this.loaded = true;
    super.clear();
  }
  override forEach(fn: (fields: Record<string, unknown>, id: string, map: Map<string, Record<string, unknown>>) => void, thisArg?: unknown): void {
    this.load();
    super.forEach(fn, thisArg);
  }
  override entries(): MapIterator<[string, Record<string, unknown>]> {
    this.load();
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.load();
    return super.keys();
  }
  override values(): MapIterator<Record<string, unknown>> {
    this.load();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[string, Record<string, unknown>]> {
    return this.entries();
  }
}

/**
 * Sync states on disk, per list a small header file (delta link) and a JSON-lines file of items
 * (one per line, so 200,000 items are written and read without one 40 MB string). A sync that
 * changed nothing rewrites only the header, and reads the items only if someone asks for them.
 * Beside them, the last result a command computed from every list (`saveResult`). Used by the CLI.
 */
export class FileSyncStore implements SyncStateStore {
  private readonly dir: string;
  /** The items file this store last read or wrote per list (not the items: they may be let go). */
  private readonly saved = new Map<ListName, { version: string; count: number; bytes?: number }>();

  constructor(baseDir: string, siteId: string) {
    this.dir = join(baseDir, createHash('sha256').update(siteId).digest('hex').slice(0, 16));
  }

  async load(list: ListName): Promise<ListSyncState | undefined> {
    let head: Header;
    try {
      head = JSON.parse(await readFile(this.file(list, 'json'), 'utf8')) as Header;
    } catch {
      return undefined;
    }
    if (head.itemsBytes !== undefined) {
      // The items file a header names has its size: anything else was written by another sync than
      // the header (a crash between the two) and is not trusted. Its hash is checked when it is read.
      const bytes = await stat(this.file(list, 'jsonl')).then(
        (s) => s.size,
        () => -1,
      );
      if (bytes !== head.itemsBytes) return undefined;
      this.saved.set(list, { version: head.itemsVersion, count: head.count, bytes });
      const items = new StoredItems(() => this.readItems(list, head), head.count);
      return { listId: head.listId, deltaLink: head.deltaLink, syncedAt: head.syncedAt, items };
    }
    let items: Items;
    try {
      items = this.readItems(list, head);
    } catch {
      return undefined;
    }
    this.saved.set(list, { version: head.itemsVersion, count: head.count });
    return { listId: head.listId, deltaLink: head.deltaLink, syncedAt: head.syncedAt, items };
  }

  /** The items file of a header, checked against the header's count and hash. */
  private readItems(list: ListName, head: Header): Items {
    const text = readFileSync(this.file(list, 'jsonl'), 'utf8');
    const items: Items = new Map();
    for (const line of text.split('\n')) {
      if (!line) continue;
      const [id, fields] = JSON.parse(line) as [string, Record<string, unknown>];
      items.set(id, fields);
    }
    // Items written by another sync than the header (a crash between the two) are not trusted.
    if (items.size !== head.count || head.itemsVersion !== this.itemsVersion(text)) {
      throw new Error(`${this.file(list, 'jsonl')}: 保存された項目が同期の記録と一致しません。skillsteps sync --full で読み直してください`);
    }
    return items;
  }

  async save(list: ListName, state: ListSyncState): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const previous = this.saved.get(list);
    // Items a sync found unchanged since this store loaded them are not rewritten.
    let written = previous;
    if (!previous || previous.count !== state.items.size || state.changed !== false) {
      written = { ...(await this.writeItems(list, state)), count: state.items.size };
      this.saved.set(list, written);
    }
    const head: Header = {
      listId: state.listId,
      deltaLink: state.deltaLink,
      syncedAt: state.syncedAt,
      count: state.items.size,
      itemsVersion: written!.version,
      itemsBytes: written!.bytes,
    };
    const tmp = `${this.file(list, 'json')}.tmp`;
    await writeFile(tmp, JSON.stringify(head));
    await rename(tmp, this.file(list, 'json'));
  }

  /** Hashes of the items files as saved or loaded by this store, one per list; undefined until every list has one. */
  versions(lists: readonly ListName[]): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    for (const list of lists) {
      const v = this.saved.get(list)?.version;
      if (v === undefined) return undefined;
      out[list] = v;
    }
    return out;
  }

  /**
   * Keeps a result computed from the lists under a key that names everything it was computed from
   * (the caller's: the items' versions, the programme, the day); one result is kept, the last.
   */
  async saveResult(key: string, value: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, 'result.json.tmp');
    await writeFile(tmp, JSON.stringify({ key, value }));
    await rename(tmp, join(this.dir, 'result.json'));
  }

  /** The result saved under exactly this key, or undefined. */
  async loadResult(key: string): Promise<unknown> {
    try {
      const saved = JSON.parse(await readFile(join(this.dir, 'result.json'), 'utf8')) as { key?: string; value?: unknown };
      return saved.key === key ? saved.value : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeItems(list: ListName, state: ListSyncState): Promise<{ version: string; bytes: number }> {
    const tmp = `${this.file(list, 'jsonl')}.tmp`;
    const out = createWriteStream(tmp, 'utf8');
    const write = async (line: string): Promise<void> => {
      if (!out.write(line)) await once(out, 'drain');
    };
    const hash = createHash('sha256');
    let bytes = 0;
    let chunk = '';
    const flush = async (): Promise<void> => {
      hash.update(chunk);
      bytes += Buffer.byteLength(chunk);
      await write(chunk);
      chunk = '';
    };
    for (const [id, fields] of state.items) {
      chunk += `${JSON.stringify([id, fields])}\n`;
      if (chunk.length > 1 << 16) await flush();
    }
    await flush();
    out.end();
    await once(out, 'finish');
    // Renamed into place only when complete, so a crash never leaves a half-written file.
    await rename(tmp, this.file(list, 'jsonl'));
    return { version: hash.digest('hex').slice(0, 16), bytes };
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
