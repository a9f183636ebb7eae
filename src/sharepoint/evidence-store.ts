import { randomUUID } from 'node:crypto';
import type { EvidenceStore, EvidenceUpload } from '../ports';
import { SharePointError } from './errors';
import type { GraphApi } from './graph-client';

/** The folder in the site's document library that evidence files go to. */
export const EVIDENCE_FOLDER = 'SkillSteps_Evidence';

interface DriveItem {
  id: string;
  name?: string;
  webUrl?: string;
  file?: { mimeType?: string };
}

/**
 * Evidence files in the site's default document library (Graph: /sites/{site-id}/drive), in one
 * folder, each under a new unique name. Written with Graph's simple upload
 * (`PUT /sites/{site-id}/drive/items/{parent-id}:/{filename}:/content`, driveitem-put-content: up to
 * 250 MB; the programme allows far less), with `@microsoft.graph.conflictBehavior=fail` so a name
 * that exists is never overwritten. The folder is made once (driveitem-post-children) and found by
 * path afterwards (driveitem-get, `root:/{path}`).
 */
export class GraphEvidenceStore implements EvidenceStore {
  private folder?: Promise<string>;

  constructor(
    private readonly api: GraphApi,
    private readonly siteId: string,
  ) {}

  async upload(file: EvidenceUpload): Promise<{ itemId: string; webUrl?: string }> {
    const folder = await this.folderId();
    // A new name every time: the person's own file name after a random prefix, so two reports never collide.
    const name = `${randomUUID().slice(0, 8)}-${file.name}`;
    const path = `/sites/${this.siteId}/drive/items/${folder}:/${encodeURIComponent(name)}:/content?@microsoft.graph.conflictBehavior=fail`;
    const item = await this.api.putBytes<DriveItem>(path, file.bytes, file.contentType);
    return { itemId: item.id, ...(item.webUrl ? { webUrl: item.webUrl } : {}) };
  }

  async read(itemId: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined> {
    if (!/^[A-Za-z0-9!_-]+$/.test(itemId)) return undefined;
    try {
      return await this.api.getBytes(`/sites/${this.siteId}/drive/items/${itemId}/content`);
    } catch (e) {
      if (e instanceof SharePointError && e.status === 404) return undefined;
      throw e;
    }
  }

  private folderId(): Promise<string> {
    this.folder ??= this.ensureFolder().catch((e: unknown) => {
      this.folder = undefined;
      throw e;
    });
    return this.folder;
  }

  private async ensureFolder(): Promise<string> {
    try {
      const item = await this.api.get<DriveItem>(`/sites/${this.siteId}/drive/root:/${EVIDENCE_FOLDER}`);
      return item.id;
    } catch (e) {
      if (!(e instanceof SharePointError && e.status === 404)) throw e;
    }
    try {
      const root = await this.api.get<DriveItem>(`/sites/${this.siteId}/drive/root`);
      const made = await this.api.post<DriveItem>(`/sites/${this.siteId}/drive/items/${root.id}/children`, {
        name: EVIDENCE_FOLDER,
        folder: {},
        '@microsoft.graph.conflictBehavior': 'fail',
      });
      return made.id;
    } catch (e) {
      // Another instance made it in between: read it.
      if (e instanceof SharePointError && e.status === 409) return (await this.api.get<DriveItem>(`/sites/${this.siteId}/drive/root:/${EVIDENCE_FOLDER}`)).id;
      throw e;
    }
  }
}
