import type { NewNomination, NominationStore } from '../ports';
import type { GraphApi } from './graph-client';
import { createItem, toGraphFields } from './graph-list-writer';
import { listIds } from './provision';

/** Nominations written to the SharePoint Nominations list (推薦), pending until decided. */
export class GraphNominationStore implements NominationStore {
  private listId?: string;

  constructor(
    private readonly api: GraphApi,
    private readonly siteId: string,
  ) {}

  async create(n: NewNomination): Promise<{ id: string }> {
    this.listId ??= (await listIds(this.api, this.siteId)).Nominations;
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
    const item = await createItem(this.api, this.siteId, this.listId, fields);
    return { id: item.id };
  }
}
