import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FieldValue } from './field-values';
import { ListStore, type Column, type StoredItem } from './list-store';
import type { DriveEntry } from './drive-store';
import { SiteStore, type Actor, type SiteIdentity } from './site-store';

/**
 * The tenant on disk: meta.json (site identity, app registration id, actors, every list with its
 * columns and counters) and one JSON file per list with its items as compact rows. Written after
 * writes settle (debounced) and on close; read at start when present.
 */
interface Meta {
  format: 1;
  identity: SiteIdentity;
  clientId: string;
  actors: Actor[];
  lists: Array<{
    id: string;
    name: string;
    displayName: string;
    description: string;
    created: string;
    modified: string;
    columns: Column[];
    nextId: number;
    seq: number;
    tombstones: Array<[number, number]>;
  }>;
}

/** [id, version, created, modified, seq, author, editor, fields] */
type ItemRow = [number, number, string, string, number, number, number, Record<string, FieldValue>];

const META = 'meta.json';
/** The document library: every entry, file contents in base64 (evidence files are small). */
const DRIVE = 'drive.json';
const listFile = (id: string): string => `list-${id}.json`;
/** Items per write, so a 200,000-item list is written in slices and requests are served in between. */
const CHUNK = 5000;

export interface LoadedTenant {
  store: SiteStore;
  clientId: string;
}

export class Persistence {
  private readonly dirty = new Set<string>();
  private metaDirty = false;
  private driveDirty = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private store?: SiteStore;

  constructor(
    readonly dir: string,
    private readonly debounceMs = 500,
  ) {}

  exists(): boolean {
    return existsSync(join(this.dir, META));
  }

  /** The store to flush; set at start and again after reset(). */
  attach(store: SiteStore): void {
    this.store = store;
  }

  /** Called on every change: the list (or the site metadata) is written once writes settle. */
  markDirty(list?: ListStore): void {
    if (list) this.dirty.add(list.id);
    this.metaDirty = true;
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.debounceMs);
      this.timer.unref();
    }
  }

  /** Called when the document library changed. */
  markDriveDirty(): void {
    this.driveDirty = true;
    this.markDirty();
  }

  /** Marks everything for writing (after a reset, every list is new). */
  markAllDirty(): void {
    for (const l of this.store?.lists ?? []) this.dirty.add(l.id);
    this.driveDirty = true;
    this.markDirty();
  }

  /** Writes what changed; a flush already running finishes first. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (!this.store || (!this.metaDirty && this.dirty.size === 0)) return;
    this.running = this.write(this.store).finally(() => (this.running = undefined));
    await this.running;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(store: SiteStore): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const lists = store.lists.filter((l) => this.dirty.has(l.id));
    this.dirty.clear();
    this.metaDirty = false;
    if (this.driveDirty) {
      this.driveDirty = false;
      const entries = [...store.drive.entries.values()].map((e) => ({ ...e, bytes: e.bytes?.toString('base64') }));
      await atomicWrite(join(this.dir, DRIVE), JSON.stringify({ entries }));
    }
    for (const list of lists) await writeItems(join(this.dir, listFile(list.id)), list);
    // Meta last, so its counters and tombstones are at least as new as the items written before it.
    const meta: Meta = {
      format: 1,
      identity: store.identity,
      clientId: store.clientId,
      actors: store.actors,
      lists: store.lists.map((l) => ({
        id: l.id,
        name: l.name,
        displayName: l.displayName,
        description: l.description,
        created: l.created,
        modified: l.modified,
        columns: l.columns,
        nextId: l.nextId,
        seq: l.seq,
        tombstones: [...l.tombstones],
      })),
    };
    await atomicWrite(join(this.dir, META), JSON.stringify(meta, null, 1));
    // Files of lists deleted since.
    const keep = new Set(store.lists.map((l) => listFile(l.id)));
    for (const f of await readdir(this.dir)) if (/^list-.*\.json$/.test(f) && !keep.has(f)) await unlink(join(this.dir, f)).catch(() => undefined);
  }

  async load(onChange: (list: ListStore | undefined) => void, onDriveChange: () => void = () => undefined): Promise<LoadedTenant> {
    const meta = JSON.parse(await readFile(join(this.dir, META), 'utf8')) as Meta;
    if (meta.format !== 1) throw new Error(`${join(this.dir, META)}: unknown format ${String(meta.format)}`);
    const store = new SiteStore(meta.identity, meta.clientId, onChange, onDriveChange);
    const driveFile = join(this.dir, DRIVE);
    if (existsSync(driveFile)) {
      const saved = JSON.parse(await readFile(driveFile, 'utf8')) as { entries: Array<Omit<DriveEntry, 'bytes'> & { bytes?: string }> };
      for (const e of saved.entries) store.drive.entries.set(e.id, { ...e, bytes: e.bytes === undefined ? undefined : Buffer.from(e.bytes, 'base64') });
    }
    store.actors.push(...meta.actors);
    // Timestamps repeat (a seed writes one instant for every item): keep one string for each.
    const strings = new Map<string, string>();
    const shared = (s: string): string => strings.get(s) ?? (strings.set(s, s), s);
    for (const m of meta.lists) {
      const list = new ListStore(m.id, m.name, m.displayName, m.description, m.created, m.modified, m.columns);
      const file = join(this.dir, listFile(m.id));
      const rows: ItemRow[] = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as { items: ItemRow[] }).items : [];
      const deleted = new Set(m.tombstones.map(([id]) => id));
      let seq = m.seq;
      const items: StoredItem[] = [];
      for (const [id, version, created, modified, s, author, editor, fields] of rows) {
        // An item deleted while its file was being written is in the file and in the tombstones: it is deleted.
        if (deleted.has(id)) continue;
        items.push({ id, version, created: shared(created), modified: shared(modified), seq: s, author, editor, fields });
        if (s > seq) seq = s;
      }
      const nextId = Math.max(m.nextId, (items.at(-1)?.id ?? 0) + 1);
      list.restore(items, nextId, seq, m.tombstones);
      store.lists.push(list);
    }
    return { store, clientId: meta.clientId };
  }
}

async function writeItems(path: string, list: ListStore): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.write(`{"id":${JSON.stringify(list.id)},"items":[\n`);
    let batch: string[] = [];
    let first = true;
    const flushBatch = async (): Promise<void> => {
      if (batch.length === 0) return;
      await fh.write((first ? '' : ',\n') + batch.join(',\n'));
      first = false;
      batch = [];
    };
    for (const item of list.itemsAfter(0)) {
      const row: ItemRow = [item.id, item.version, item.created, item.modified, item.seq, item.author, item.editor, item.fields];
      batch.push(JSON.stringify(row));
      if (batch.length === CHUNK) await flushBatch();
    }
    await flushBatch();
    await fh.write('\n]}\n');
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

async function atomicWrite(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}
