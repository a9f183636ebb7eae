import { createHash, randomBytes } from 'node:crypto';
import { stableGuid } from './ids';

/** A file or folder of the site's document library. */
export interface DriveEntry {
  id: string;
  name: string;
  /** undefined for the root. */
  parentId?: string;
  folder: boolean;
  /** A file's content; folders have none. */
  bytes?: Buffer;
  mimeType?: string;
  created: string;
  modified: string;
  /** Bumped on every change of the content (the eTag's and cTag's version). */
  version: number;
  /** Who created it and who changed it last (the site's actors, by index). */
  author: number;
  editor: number;
}

/** The extensions SharePoint gives a MIME type to, for what SkillSteps stores (evidence files) and plain text. */
const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  txt: 'text/plain',
};

/** How long a download URL stays valid (driveitem-get-content: valid "for a short period of time (a few minutes)"). */
const DOWNLOAD_URL_TTL_MS = 5 * 60 * 1000;

/**
 * The site's default document library (one drive per site): a root folder, folders and files with
 * their content in memory, persisted with the site (persistence.ts: drive.json). Ids look like
 * SharePoint's (`01` and 32 base-32 characters); the drive's id like a SharePoint drive's (`b!…`).
 */
export class DriveStore {
  readonly id: string;
  readonly entries = new Map<string, DriveEntry>();
  readonly rootId: string;
  private readonly downloads = new Map<string, { itemId: string; expires: number }>();

  constructor(
    siteId: string,
    created: string,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.id = `b!${Buffer.from(stableGuid(`drive:${siteId}`)).toString('base64url').slice(0, 64)}`;
    this.rootId = driveItemId(`root:${siteId}`);
    this.entries.set(this.rootId, { id: this.rootId, name: 'root', folder: true, created, modified: created, version: 1, author: 0, editor: 0 });
  }

  get root(): DriveEntry {
    return this.entries.get(this.rootId)!;
  }

  children(parentId: string): DriveEntry[] {
    return [...this.entries.values()].filter((e) => e.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A child by name, as SharePoint compares names: case-insensitively. */
  child(parentId: string, name: string): DriveEntry | undefined {
    const lower = name.toLowerCase();
    return this.children(parentId).find((e) => e.name.toLowerCase() === lower);
  }

  /** An entry by its path below the root (`SkillSteps_Evidence/a.pdf`). */
  byPath(path: string): DriveEntry | undefined {
    let at: DriveEntry | undefined = this.root;
    for (const part of path.split('/').filter(Boolean)) {
      if (!at?.folder) return undefined;
      at = this.child(at.id, part);
    }
    return at;
  }

  /** The path of an entry's parent folder, as parentReference.path writes it (`/drive/root:/SkillSteps_Evidence`). */
  parentPath(entry: DriveEntry): string {
    const names: string[] = [];
    let at = entry.parentId ? this.entries.get(entry.parentId) : undefined;
    while (at && at.id !== this.rootId) {
      names.unshift(at.name);
      at = at.parentId ? this.entries.get(at.parentId) : undefined;
    }
    return `/drive/root:${names.length > 0 ? `/${names.join('/')}` : ''}`;
  }

  /** The entry's path below the root, for its webUrl. */
  path(entry: DriveEntry): string {
    const names: string[] = [];
    let at: DriveEntry | undefined = entry;
    while (at && at.id !== this.rootId) {
      names.unshift(at.name);
      at = at.parentId ? this.entries.get(at.parentId) : undefined;
    }
    return names.join('/');
  }

  add(entry: Omit<DriveEntry, 'id' | 'version'>): DriveEntry {
    const made: DriveEntry = { ...entry, id: driveItemId(randomBytes(16).toString('hex')), version: 1 };
    this.entries.set(made.id, made);
    this.touch(entry.parentId, entry.modified, entry.editor);
    this.onChange();
    return made;
  }

  replaceContent(entry: DriveEntry, bytes: Buffer, mimeType: string, at: string, editor: number): void {
    entry.bytes = bytes;
    entry.mimeType = mimeType;
    entry.modified = at;
    entry.editor = editor;
    entry.version++;
    this.onChange();
  }

  /** A pre-authenticated download URL's token for a file. */
  downloadToken(itemId: string): string {
    const token = randomBytes(24).toString('base64url');
    this.downloads.set(token, { itemId, expires: Date.now() + DOWNLOAD_URL_TTL_MS });
    return token;
  }

  /** The file a download token gives, while it is valid. */
  download(token: string): DriveEntry | undefined {
    const d = this.downloads.get(token);
    if (!d || d.expires < Date.now()) return undefined;
    return this.entries.get(d.itemId);
  }

  private touch(folderId: string | undefined, at: string, editor: number): void {
    const folder = folderId ? this.entries.get(folderId) : undefined;
    if (!folder) return;
    folder.modified = at;
    folder.editor = editor;
  }
}

/** The MIME type SharePoint gives a file by its extension. */
export function mimeTypeOf(name: string): string {
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[ext] ?? 'application/octet-stream';
}

/** A SharePoint-looking drive item id: `01` and 32 characters of base 32. */
function driveItemId(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const h = createHash('sha256').update(`skillsteps-drive:${seed}`).digest();
  let out = '01';
  for (let i = 0; i < 32; i++) out += alphabet[h[i]! & 31];
  return out;
}
