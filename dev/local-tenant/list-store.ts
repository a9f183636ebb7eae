import type { SpColumnType } from '../../src/sharepoint/list-schema';
import type { FieldValue } from './field-values';

/** A column of a list (Graph columnDefinition, reduced to the types SkillSteps provisions). */
export interface Column {
  id: string;
  name: string;
  displayName: string;
  type: SpColumnType;
  indexed: boolean;
  required: boolean;
  description: string;
  /** Title comes with every generic list. */
  builtIn?: boolean;
}

/**
 * An item as stored. Kept small on purpose: a 10,000-staff municipality has about 200,000 of
 * them. Timestamps are shared strings (a seed writes one instant for all), the item GUID is derived
 * from the id (ids.ts), and who wrote it is an index into the site's actors.
 */
export interface StoredItem {
  id: number;
  version: number;
  created: string;
  modified: string;
  /** The list's change number at this item's last write, for delta. */
  seq: number;
  author: number;
  editor: number;
  fields: Record<string, FieldValue>;
}

/** The Title column every generic list has, with SharePoint's well-known field id. */
export const TITLE_COLUMN: Column = {
  id: 'fa564e0f-0c70-4ab9-b863-0177e6ddd247',
  name: 'Title',
  displayName: 'Title',
  type: 'text',
  indexed: false,
  required: false,
  description: '',
  builtIn: true,
};

/**
 * One list: its columns and its items in id order. Items sit in an array indexed by id (a hole
 * where one was deleted), so a page after `$skiptoken` starts by index, not by search, and ids are
 * never reused, as in SharePoint.
 */
export class ListStore {
  readonly columnsByName = new Map<string, Column>();
  /** slots[id] is the item with that id; slot 0 is never used (SharePoint ids start at 1). */
  private readonly slots: Array<StoredItem | undefined> = [undefined];
  private liveCount = 0;
  /** The change number of the last write; every create, update and delete takes the next one. */
  seq = 0;
  /** Deleted item ids with the change number of their deletion, so delta can report them. */
  readonly tombstones = new Map<number, number>();

  constructor(
    readonly id: string,
    /** The URL name, fixed at creation. */
    readonly name: string,
    public displayName: string,
    public description: string,
    readonly created: string,
    public modified: string,
    readonly columns: Column[] = [{ ...TITLE_COLUMN }],
  ) {
    for (const c of columns) this.columnsByName.set(c.name, c);
  }

  addColumn(column: Column): void {
    this.columns.push(column);
    this.columnsByName.set(column.name, column);
  }

  get count(): number {
    return this.liveCount;
  }

  /** The id the next item will get. */
  get nextId(): number {
    return this.slots.length;
  }

  get(id: number): StoredItem | undefined {
    return Number.isInteger(id) && id > 0 ? this.slots[id] : undefined;
  }

  insert(fields: Record<string, FieldValue>, actor: number, now: string): StoredItem {
    const item: StoredItem = { id: this.slots.length, version: 1, created: now, modified: now, seq: ++this.seq, author: actor, editor: actor, fields };
    this.slots.push(item);
    this.liveCount++;
    return item;
  }

  /** Applies changed fields (null clears one) and bumps the version, as SharePoint does on every update. */
  update(item: StoredItem, changes: Record<string, FieldValue | null>, actor: number, now: string): void {
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete item.fields[k];
      else item.fields[k] = v;
    }
    item.version++;
    item.modified = now;
    item.editor = actor;
    item.seq = ++this.seq;
  }

  remove(item: StoredItem): void {
    this.slots[item.id] = undefined;
    this.liveCount--;
    this.tombstones.set(item.id, ++this.seq);
  }

  /** Items with an id above `afterId`, in id order. */
  *itemsAfter(afterId: number): Generator<StoredItem> {
    for (let i = Math.max(1, afterId + 1); i < this.slots.length; i++) {
      const item = this.slots[i];
      if (item) yield item;
    }
  }

  /** Restores stored state (persistence.ts): items in id order, the next id, change number and tombstones. */
  restore(items: StoredItem[], nextId: number, seq: number, tombstones: Array<[number, number]>): void {
    this.slots.length = 0;
    for (let i = 0; i < nextId; i++) this.slots.push(undefined);
    for (const item of items) this.slots[item.id] = item;
    this.liveCount = items.length;
    this.seq = seq;
    this.tombstones.clear();
    for (const [id, s] of tombstones) this.tombstones.set(id, s);
  }
}
