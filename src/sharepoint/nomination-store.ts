import type { LocalDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import { parseNominationItem } from '../domain/record-parser';
import type { NewNomination, NewRoleAssignment, NominationDecision, NominationStore, StoredNomination } from '../ports';
import { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { createItem, findItems, readItem, toGraphFields, updateItem } from './graph-list-writer';
import { listIds } from './provision';

/**
 * Nominations in the SharePoint Nominations list (推薦), and the Roles items an approval adds.
 * Decisions are written with If-Match on the version just read, so of two approvers pressing at
 * the same moment one wins and the other is told.
 */
export class GraphNominationStore implements NominationStore {
  private ids?: Promise<Record<string, string>>;

  constructor(
    private readonly api: GraphApi,
    private readonly siteId: string,
    /** The item is read by the programme's rules (role aliases, 承認待ち …), as the snapshot reads it. */
    private readonly programme: Programme,
  ) {}

  private async listId(name: 'Nominations' | 'Roles'): Promise<string> {
    this.ids ??= listIds(this.api, this.siteId);
    const id = (await this.ids)[name];
    if (!id) throw new Error(`the ${name} list is missing on the site; run skillsteps provision`);
    return id;
  }

  async create(n: NewNomination): Promise<{ id: string }> {
    const fields = toGraphFields('Nominations', {
      Title: `${n.nomineeUpn} / ${n.role} / ${n.requestedAt.slice(0, 10)}`,
      NomineeUpn: n.nomineeUpn,
      Role: n.role,
      Section: n.section,
      NominatedByUpn: n.nominatedByUpn,
      ApproverUpn: n.approverUpn,
      Status: 'pending',
      Reason: n.reason,
      RequestedAt: n.requestedAt,
      ReplacesUpn: n.replacesUpn,
    });
    const item = await createItem(this.api, this.siteId, await this.listId('Nominations'), fields);
    return { id: item.id };
  }

  async get(id: string): Promise<StoredNomination | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    try {
      const item = await readItem(this.api, this.siteId, await this.listId('Nominations'), id);
      const { nomination } = parseNominationItem(this.programme, { itemId: item.id, fields: item.fields ?? {} });
      if (!nomination) return undefined;
      const { itemId: _itemId, ...rest } = nomination;
      return { ...rest, id: item.id, etag: item.eTag };
    } catch (e) {
      if (e instanceof SharePointError && e.status === 404) return undefined;
      throw e;
    }
  }

  async decide(n: StoredNomination, d: NominationDecision): Promise<StoredNomination | 'conflict'> {
    const fields = toGraphFields('Nominations', { Status: d.status, DecisionComment: d.comment ?? '', DecidedAt: d.decidedAt }, true);
    try {
      const written = await updateItem(this.api, this.siteId, await this.listId('Nominations'), n.id, fields, n.etag);
      return { ...n, status: d.status, decisionComment: d.comment || undefined, decidedAt: d.decidedAt, etag: written.eTag };
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.CONFLICT') return 'conflict';
      throw e;
    }
  }

  async reassign(n: StoredNomination, approverUpn: string, line: string): Promise<StoredNomination | 'conflict'> {
    const changes = [n.approverChanges, line].filter(Boolean).join('\n');
    const fields = toGraphFields('Nominations', { ApproverUpn: approverUpn, ApproverChanges: changes }, true);
    try {
      const written = await updateItem(this.api, this.siteId, await this.listId('Nominations'), n.id, fields, n.etag);
      return { ...n, approverUpn, approverChanges: changes, etag: written.eTag };
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.CONFLICT') return 'conflict';
      throw e;
    }
  }

  async addRole(r: NewRoleAssignment): Promise<{ id: string }> {
    const fields = toGraphFields('Roles', { Title: `${r.upn} / ${r.role}`, Upn: r.upn, Role: r.role, Section: r.section, StartDate: r.startDate, Source: r.source });
    return { id: (await createItem(this.api, this.siteId, await this.listId('Roles'), fields)).id };
  }

  async endRole(upn: string, role: string, endDate: LocalDate): Promise<number> {
    const listId = await this.listId('Roles');
    let ended = 0;
    for (const item of await findItems(this.api, this.siteId, listId, 'Roles', 'Upn', upn)) {
      if (item.fields.Role !== role || (typeof item.fields.EndDate === 'string' && item.fields.EndDate !== '')) continue;
      await updateItem(this.api, this.siteId, listId, item.id, toGraphFields('Roles', { EndDate: endDate }, true), item.eTag);
      ended++;
    }
    return ended;
  }
}
