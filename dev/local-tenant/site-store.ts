import { DriveStore } from './drive-store';
import { newGuid, stableGuid, userObjectId } from './ids';
import { ListStore, TITLE_COLUMN, type Column } from './list-store';
import type { Caller } from './graph-call';

/** Who created or last changed an item, as Graph's createdBy / lastModifiedBy identity sets show it. */
export interface Actor {
  kind: 'app' | 'user';
  id: string;
  displayName: string;
  email?: string;
  /** SharePoint's site user id (AuthorLookupId); 1073741822 is "SharePoint App". */
  lookupId: number;
}

/** The directory entry Graph returns for a person (users/{id | upn}). */
export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string;
}

export interface SiteIdentity {
  tenantId: string;
  /** `hostname,site-collection-guid,web-guid`, as Graph composes site ids. */
  siteId: string;
  hostname: string;
  /** Server-relative path of the site: /sites/skillsteps. */
  path: string;
  name: string;
  displayName: string;
}

/** The list holding people (list-schema.ts: SkillSteps_Staff), where users/{upn} looks them up. */
export const STAFF_LIST_NAME = 'SkillSteps_Staff';

/** The identity the local tenant's site gets when nothing was persisted. Stable, so configuration can keep pointing at it. */
export function defaultSiteIdentity(hostname: string): SiteIdentity {
  return {
    tenantId: stableGuid('tenant'),
    siteId: `${hostname},${stableGuid('site-collection')},${stableGuid('site-web')}`,
    hostname,
    path: '/sites/skillsteps',
    name: 'skillsteps',
    displayName: 'SkillSteps',
  };
}

/**
 * The one SharePoint site the local tenant serves: its lists, the people who wrote to them, and a
 * change hook persistence listens to.
 */
export class SiteStore {
  readonly lists: ListStore[] = [];
  readonly actors: Actor[] = [];
  /** The site's default document library (evidence files). */
  readonly drive: DriveStore;
  private usersCache?: { seq: number; list: ListStore; byKey: Map<string, DirectoryUser> };

  constructor(
    readonly identity: SiteIdentity,
    /** The app registration allowed to use the site (persisted with it, so saved configuration stays valid). */
    readonly clientId: string,
    private readonly onChange: (list: ListStore | undefined) => void = () => undefined,
    onDriveChange: () => void = () => undefined,
    driveCreated = new Date().toISOString().slice(0, 19) + 'Z',
  ) {
    this.drive = new DriveStore(identity.siteId, driveCreated, onDriveChange);
  }

  /** Marks a list (or, with no list, the site's metadata) as changed. */
  changed(list?: ListStore): void {
    this.onChange(list);
  }

  /** A list by id, URL name or title, case-insensitively (Graph takes an id or a title; see dev/README.md). */
  findList(ref: string): ListStore | undefined {
    const r = ref.toLowerCase();
    return (
      this.lists.find((l) => l.id === r) ??
      this.lists.find((l) => l.name.toLowerCase() === r) ??
      this.lists.find((l) => l.displayName.toLowerCase() === r)
    );
  }

  /** Creates a generic list; its URL name is the title it was created with and never changes. */
  createList(displayName: string, description: string, columns: Column[], now: string, id: string = newGuid()): ListStore {
    const list = new ListStore(id, displayName, displayName, description, now, now, [{ ...TITLE_COLUMN }, ...columns]);
    this.lists.push(list);
    this.changed(list);
    return list;
  }

  deleteList(list: ListStore): void {
    this.lists.splice(this.lists.indexOf(list), 1);
    this.changed();
  }

  /** The actor index for a caller, adding it the first time it writes. */
  actorFor(caller: Caller): number {
    const id = caller.kind === 'app' ? caller.appId : caller.oid;
    const found = this.actors.findIndex((a) => a.kind === caller.kind && a.id === id);
    if (found >= 0) return found;
    this.actors.push(
      caller.kind === 'app'
        ? { kind: 'app', id, displayName: caller.name ?? 'SkillSteps', lookupId: 1073741822 }
        : { kind: 'user', id, displayName: caller.name ?? caller.upn ?? id, email: caller.upn, lookupId: 10 + this.actors.length },
    );
    this.changed();
    return this.actors.length - 1;
  }

  /** Everyone in the Staff list, for the sign-in page (local mode only). */
  staffDirectory(): Array<{ upn: string; name: string; department: string; section: string; grade: string }> {
    const list = this.lists.find((l) => l.name === STAFF_LIST_NAME);
    if (!list) return [];
    const out: Array<{ upn: string; name: string; department: string; section: string; grade: string }> = [];
    for (const item of list.itemsAfter(0)) {
      const f = item.fields;
      if (typeof f.Upn !== 'string' || !f.Upn.includes('@') || f.Active === false) continue;
      out.push({ upn: f.Upn, name: String(f.Title ?? f.Upn), department: String(f.Department ?? ''), section: String(f.Section ?? ''), grade: String(f.Grade ?? '') });
    }
    return out;
  }

  /**
   * A person from the Staff list by UPN or object id. The index is rebuilt when the list has
   * changed since, so a new hire is found as soon as their item exists.
   */
  findUser(ref: string): DirectoryUser | undefined {
    const list = this.lists.find((l) => l.name === STAFF_LIST_NAME);
    if (!list) return undefined;
    if (!this.usersCache || this.usersCache.list !== list || this.usersCache.seq !== list.seq) {
      const byKey = new Map<string, DirectoryUser>();
      for (const item of list.itemsAfter(0)) {
        const upn = item.fields.Upn;
        if (typeof upn !== 'string' || !upn.includes('@')) continue;
        const user: DirectoryUser = {
          id: userObjectId(this.identity.tenantId, upn),
          userPrincipalName: upn,
          displayName: typeof item.fields.Title === 'string' ? item.fields.Title : upn,
          mail: upn,
        };
        byKey.set(upn.toLowerCase(), user);
        byKey.set(user.id, user);
      }
      this.usersCache = { seq: list.seq, list, byKey };
    }
    return this.usersCache.byKey.get(ref.toLowerCase());
  }
}
