import type { Programme } from '../domain/programme';
import type { SubmissionFact } from '../domain/records';
import { parseSubmissionItem } from '../domain/record-parser';
import type { ConfirmedFact } from '../domain/reports';
import { submissionPayload } from '../domain/submissions';
import type { NewSubmission, StoredSubmission, SubmissionDecision, SubmissionStore } from '../ports';
import { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { createItem, readItem, toGraphFields, updateItem } from './graph-list-writer';
import { titleIsData } from './list-schema';
import { listIds } from './provision';

/**
 * Reports in the SharePoint Submissions list (申請), and the facts a confirmation writes to the
 * record lists (資格, 受講記録, 貢献, スキル評価) with who confirmed them and when. Decisions are
 * written with If-Match on the version just read, so of two confirmers pressing at the same moment
 * one wins and the other is told.
 */
export class GraphSubmissionStore implements SubmissionStore {
  private ids?: Promise<Record<string, string>>;

  constructor(
    private readonly api: GraphApi,
    private readonly siteId: string,
    /** Items are read by the programme's rules, as the snapshot reads them. */
    private readonly programme: Programme,
    /** Course ids of the Courses list beyond the programme's (a report may name one). */
    private readonly extraCourses: () => Iterable<string> = () => [],
  ) {}

  private async listId(name: string): Promise<string> {
    this.ids ??= listIds(this.api, this.siteId);
    const id = (await this.ids)[name];
    if (!id) throw new Error(`the ${name} list is missing on the site; run skillsteps provision`);
    return id;
  }

  async create(s: NewSubmission): Promise<{ id: string }> {
    const fields = toGraphFields('Submissions', {
      Title: `${s.subjectUpn} / ${s.fact.kind} / ${s.submittedAt.slice(0, 10)}`,
      Kind: s.fact.kind,
      SubjectUpn: s.subjectUpn,
      Payload: submissionPayload(s),
      EvidenceUrl: s.evidenceUrl,
      ConfirmerUpn: s.confirmerUpn,
      Status: s.status,
      SubmittedAt: s.submittedAt,
      DecidedAt: s.decidedAt,
      DecidedByUpn: s.decidedByUpn,
    });
    const item = await createItem(this.api, this.siteId, await this.listId('Submissions'), fields);
    return { id: item.id };
  }

  async get(id: string): Promise<StoredSubmission | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    try {
      const item = await readItem(this.api, this.siteId, await this.listId('Submissions'), id);
      const { submission } = parseSubmissionItem(this.programme, { itemId: item.id, fields: item.fields ?? {} }, this.extraCourses());
      if (!submission) return undefined;
      return { ...submission, id: item.id, itemId: item.id, etag: item.eTag };
    } catch (e) {
      if (e instanceof SharePointError && e.status === 404) return undefined;
      throw e;
    }
  }

  async decide(s: StoredSubmission, d: SubmissionDecision): Promise<StoredSubmission | 'conflict'> {
    const fields = toGraphFields('Submissions', { Status: d.status, Comment: d.comment ?? '', DecidedAt: d.decidedAt, DecidedByUpn: d.decidedByUpn }, true);
    try {
      const written = await updateItem(this.api, this.siteId, await this.listId('Submissions'), s.id, fields, s.etag);
      const { comment: _old, ...rest } = s;
      return { ...rest, status: d.status, ...(d.comment ? { comment: d.comment } : {}), decidedAt: d.decidedAt, decidedByUpn: d.decidedByUpn, etag: written.eTag };
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.CONFLICT') return 'conflict';
      throw e;
    }
  }

  async updateFact(s: StoredSubmission, fact: SubmissionFact): Promise<StoredSubmission | 'conflict'> {
    const fields = toGraphFields('Submissions', { Payload: submissionPayload({ fact, note: s.note, evidence: s.evidence }) }, true);
    try {
      const written = await updateItem(this.api, this.siteId, await this.listId('Submissions'), s.id, fields, s.etag);
      return { ...s, fact, etag: written.eTag };
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.CONFLICT') return 'conflict';
      throw e;
    }
  }

  async writeFact(fact: ConfirmedFact, confirmedByUpn: string, confirmedAt: string): Promise<{ id: string }> {
    const cells: Record<string, string | number | undefined> = { ...fact.fields, ConfirmedByUpn: confirmedByUpn, ConfirmedAt: confirmedAt };
    // Lists without a title of their own get their natural key written out, as an import makes it.
    if (!titleIsData(fact.list)) cells.Title = Object.values(fact.fields).filter((v) => v !== undefined && v !== '').join(' / ').slice(0, 255);
    const item = await createItem(this.api, this.siteId, await this.listId(fact.list), toGraphFields(fact.list, cells));
    return { id: item.id };
  }
}
