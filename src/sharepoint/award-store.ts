import type { Programme } from '../domain/programme';
import { parseRoleItem } from '../domain/record-parser';
import type { AwardRevocation, AwardStore, NewAward, StoredAward } from '../ports';
import { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { createItem, findItems, readItem, toGraphFields, updateItem } from './graph-list-writer';
import { listIds } from './provision';
import { AWARD_SOURCE } from '../domain/awards';

/**
 * Awards in the SharePoint Roles list (役割): a row per award with Source 認定, who awarded it and
 * when (ConfirmedByUpn, ConfirmedAt), its 認定証 number; a revocation is written into the row with
 * If-Match on the version just read, so the row stays as history and two revocations at once cannot
 * both write.
 */
export class GraphAwardStore implements AwardStore {
  private ids?: Promise<Record<string, string>>;

  constructor(
    private readonly api: GraphApi,
    private readonly siteId: string,
    /** Rows are read by the programme's rules (certification aliases), as the snapshot reads them. */
    private readonly programme: Programme,
  ) {}

  private async listId(): Promise<string> {
    this.ids ??= listIds(this.api, this.siteId);
    const id = (await this.ids).Roles;
    if (!id) throw new Error('the Roles list is missing on the site; run skillsteps provision');
    return id;
  }

  async create(a: NewAward): Promise<{ id: string }> {
    const fields = toGraphFields('Roles', {
      Title: `${a.upn} / ${a.certification}`,
      Upn: a.upn,
      Role: a.certification,
      Section: a.section,
      StartDate: a.startDate,
      Source: AWARD_SOURCE,
      ConfirmedByUpn: a.awardedByUpn,
      ConfirmedAt: a.awardedAt,
    });
    return { id: (await createItem(this.api, this.siteId, await this.listId(), fields)).id };
  }

  async rowsOf(upn: string, certification: string): Promise<StoredAward[]> {
    const out: StoredAward[] = [];
    for (const item of await findItems(this.api, this.siteId, await this.listId(), 'Roles', 'Upn', upn)) {
      const { role } = parseRoleItem(this.programme, { itemId: item.id, fields: item.fields });
      if (role && role.role === certification) out.push({ ...role, id: item.id, itemId: item.id, etag: item.eTag });
    }
    return out;
  }

  async get(id: string): Promise<StoredAward | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    try {
      const item = await readItem(this.api, this.siteId, await this.listId(), id);
      const { role } = parseRoleItem(this.programme, { itemId: item.id, fields: item.fields ?? {} });
      return role ? { ...role, id: item.id, itemId: item.id, etag: item.eTag } : undefined;
    } catch (e) {
      if (e instanceof SharePointError && e.status === 404) return undefined;
      throw e;
    }
  }

  async setCertificateNumber(id: string, serial: string): Promise<void> {
    // The row was made by this process a moment ago and nobody else writes its number: no If-Match.
    await this.api.patch(`/sites/${this.siteId}/lists/${await this.listId()}/items/${id}/fields`, toGraphFields('Roles', { CertificateNumber: serial }, true));
  }

  async remove(id: string): Promise<void> {
    await this.api.delete(`/sites/${this.siteId}/lists/${await this.listId()}/items/${id}`);
  }

  async revoke(a: StoredAward, r: AwardRevocation): Promise<StoredAward | 'conflict'> {
    const fields = toGraphFields('Roles', { RevokedAt: r.at, RevokedByUpn: r.byUpn, RevocationReason: r.reason, ...(r.endDate ? { EndDate: r.endDate } : {}) }, true);
    try {
      await updateItem(this.api, this.siteId, await this.listId(), a.id, fields, a.etag);
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.CONFLICT') return 'conflict';
      throw e;
    }
    // Read back as the snapshot reads it (the end the revocation makes).
    const now = await this.get(a.id);
    if (!now) throw new Error(`the Roles item ${a.id} is gone after its revocation`);
    return now;
  }
}
