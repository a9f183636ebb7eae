import { LIST_NAMES, type ListName } from '../domain/lists';
import type { RawList, RawRow } from '../domain/records';
import type { ListSource, ListSyncState, Logger, ReadProgress, SyncStateStore } from '../ports';
import { SharePointError } from './errors';
import { batchError, sendInBatches } from './graph-batch';
import type { GraphApi } from './graph-client';
import { SP_LISTS, titleIsData } from './list-schema';
import { planPartitions, readPartitioned } from './partitioned-read';
import { listIds } from './provision';

interface DeltaPage {
  value: Array<{ id: string; fields?: Record<string, unknown>; deleted?: { state?: string } }>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** How one list was read. */
export interface ListSyncReport {
  list: ListName;
  /** full: first read; delta: changes since the last read; resync: the delta link had expired (410). */
  mode: 'full' | 'delta' | 'resync';
  items: number;
  changed: number;
  deleted: number;
  /** Pages requested for this list (retries of a page are counted in GraphStats). */
  pages: number;
  /**
   * Changed items the delta answer listed without their fields, read again one by one (in $batch).
   * Not 0 means the service dropped `$expand=fields(...)` from the delta link: the sync is still
   * right, but costs a request per 20 changed items.
   */
  refetched: number;
  ms: number;
  /** A full read in parallel ranges (partitioned-read.ts): the column, how many, and the longest's pages. */
  partitioned?: { column: string; partitions: number; longestChain: number };
}

/** How a full read is made. */
export interface ReadOptions {
  /**
   * A list longer than one page is read in this many ranges of an indexed column at once
   * (partitioned-read.ts), plus one for the items without a value; 1 reads it as one chain of pages.
   */
  partitions?: number;
}

/**
 * Reads a list through items/delta: the first time everything, in pages of `pageSize` with only
 * SkillSteps' columns ($expand=fields($select=…)); afterwards only what changed since the stored
 * delta link. A delta link the service no longer accepts (410 Gone) means a full read again.
 *
 * A full read of a list longer than one page, with `partitions` > 1, reads the rest in parallel
 * ranges of an indexed column after taking the delta token, then that token's round on top
 * (partitioned-read.ts says why nothing changed meanwhile is lost); the first page then served only
 * to size the ranges. If the service refuses a range's filter, the list is read the plain way.
 *
 * The later rounds rely on the delta link keeping `$expand=fields(...)`, which Graph's delta overview
 * says its links encode and listitem-delta does not promise. An item listed as changed without
 * `fields` is therefore never stored as it came (it would become an empty record and drop out of
 * the evaluation): it is read again by id with the same selection, counted in `refetched` and
 * logged.
 */
export async function syncList(
  api: GraphApi,
  siteId: string,
  listId: string,
  list: ListName,
  previous: ListSyncState | undefined,
  pageSize: number,
  onPage?: (itemsSoFar: number) => void,
  logger?: Logger,
  options: ReadOptions = {},
): Promise<{ state: ListSyncState; report: ListSyncReport }> {
  const started = performance.now();
  // Title only where it holds data (氏名, 研修名 …); elsewhere it repeats the natural key.
  const select = [...(titleIsData(list) ? ['Title'] : []), ...SP_LISTS[list].columns.map((c) => c.name)].join(',');
  // 200,000 completions name the same 10,000 people, 40 courses and a thousand dates: one string each.
  const strings = new Map<string, string>();
  const compact = (fields: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key in fields) {
      if (key === '@odata.etag') continue;
      const v = fields[key];
      if (typeof v === 'string' && key !== 'Title') {
        let shared = strings.get(v);
        if (shared === undefined) strings.set(v, (shared = v));
        out[key] = shared;
      } else out[key] = v;
    }
    return out;
  };
  const itemsBase = `/sites/${siteId}/lists/${listId}/items`;
  const fullUrl = `${itemsBase}/delta?$expand=fields($select=${select})&$top=${pageSize}`;
  const usable = previous && previous.listId === listId ? previous : undefined;
  let mode: ListSyncReport['mode'] = usable ? 'delta' : 'full';
  let items = usable ? usable.items : new Map<string, Record<string, unknown>>();
  let url = usable ? usable.deltaLink : fullUrl;
  let pages = 0;
  let changed = 0;
  let deleted = 0;
  let partitioned: ListSyncReport['partitioned'];
  // Changed items that came without fields (the last occurrence in a round counts, as Graph asks).
  let withoutFields = new Set<string>();
  // A page already asked for (the token's round, asked for before the ranges' items are put in order).
  let asked: Promise<DeltaPage> | undefined;
  for (;;) {
    let page: DeltaPage;
    try {
      page = await (asked ?? api.get<DeltaPage>(url));
    } catch (e) {
      if (e instanceof SharePointError && e.code === 'SHAREPOINT.DELTA_EXPIRED' && mode === 'delta') {
        // The service cannot say what changed since our token: read everything again.
        mode = 'resync';
        items = new Map();
        url = fullUrl;
        changed = 0;
        deleted = 0;
        withoutFields = new Set();
        continue;
      }
      throw e;
    }
    asked = undefined;
    pages++;
    if (mode !== 'delta' && pages === 1 && page['@odata.nextLink'] && (options.partitions ?? 1) > 1) {
      const plan = planPartitions(list, page.value, options.partitions!);
      if (plan) {
        try {
          const read = await readPartitioned(
            api,
            itemsBase,
            `fields($select=${select})`,
            pageSize,
            plan,
            (id, fields) => {
              if (fields) items.set(id, compact(fields));
              else withoutFields.add(id);
            },
            () => onPage?.(items.size),
          );
          pages += read.pages;
          // The round since the token: every change made while the ranges were read, applied on top.
          // Asked for now, so it is on its way while the items are put in order.
          url = read.deltaLink;
          asked = api.get<DeltaPage>(url);
          asked.catch(() => undefined); // awaited at the top of the loop; this only stops an unhandled-rejection warning
          // In id order, as the plain read hands them on: which of two duplicate rows the parser keeps depends on it.
          items = inIdOrder(items);
          changed = items.size;
          partitioned = { column: plan.column, partitions: read.partitions, longestChain: read.longestChain };
          continue;
        } catch (e) {
          // Throttling was retried already; anything but a refusal of the request stops the sync.
          if (!(e instanceof SharePointError) || e.code !== 'SHAREPOINT.BAD_REQUEST') throw e;
          // The service refused a range's filter (400, 501): the plain way, on from the first page.
          logger?.log('warn', 'partitioned read refused; the list is read as one chain of pages', { list, column: plan.column, error: e.message });
          items = new Map();
          withoutFields = new Set();
        }
      }
    }
    for (const item of page.value) {
      if (item.deleted) {
        withoutFields.delete(item.id);
        if (items.delete(item.id)) deleted++;
        continue;
      }
      changed++;
      if (!item.fields) {
        withoutFields.add(item.id);
        continue;
      }
      withoutFields.delete(item.id);
      items.set(item.id, compact(item.fields));
    }
    onPage?.(items.size);
    if (page['@odata.nextLink']) url = page['@odata.nextLink'];
    else if (page['@odata.deltaLink']) {
      const refetched = withoutFields.size;
      if (refetched > 0) {
        logger?.log('warn', 'delta answer without fields; changed items read again by id', { list, refetched, mode });
        deleted += await refetch(api, siteId, listId, list, select, [...withoutFields], (id, fields) => items.set(id, compact(fields)), (id) => items.delete(id));
      }
      const state: ListSyncState = {
        listId,
        deltaLink: page['@odata.deltaLink'],
        syncedAt: new Date().toISOString(),
        items,
        changed: mode !== 'delta' || changed > 0 || deleted > 0,
      };
      const report: ListSyncReport = { list, mode, items: items.size, changed, deleted, pages, refetched, ms: performance.now() - started };
      if (partitioned) report.partitioned = partitioned;
      return { state, report };
    } else throw new SharePointError('SHAREPOINT.BAD_REQUEST', `${list}: delta の応答に nextLink も deltaLink もありません`);
  }
}

/** The items sorted by their (numeric) SharePoint id. */
function inIdOrder(items: Map<string, Record<string, unknown>>): Map<string, Record<string, unknown>> {
  const entries = [...items];
  entries.sort((a, b) => Number(a[0]) - Number(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(entries);
}

/**
 * Reads items by id with SkillSteps' columns, 20 to a $batch. An item gone since (404) is removed
 * and counted; one that again comes without fields, or fails otherwise, stops the sync with an error
 * rather than leave a wrong record — the stored delta link is then not advanced, so the next sync
 * asks again. Returns how many were gone.
 */
async function refetch(
  api: GraphApi,
  siteId: string,
  listId: string,
  list: ListName,
  select: string,
  ids: string[],
  set: (id: string, fields: Record<string, unknown>) => void,
  remove: (id: string) => boolean,
): Promise<number> {
  const responses = await sendInBatches(
    api,
    ids.map((id) => ({ method: 'GET' as const, url: `/sites/${siteId}/lists/${listId}/items/${id}?$expand=fields($select=${select})` })),
  );
  let gone = 0;
  responses.forEach((r, i) => {
    const id = ids[i]!;
    if (r instanceof SharePointError) throw r;
    if (r.status === 404) {
      if (remove(id)) gone++;
      return;
    }
    if (r.status < 200 || r.status >= 300) throw batchError(r, `${list}: 項目 ${id} の再読み込み`);
    const fields = (r.body as { fields?: Record<string, unknown> } | undefined)?.fields;
    if (!fields) throw new SharePointError('SHAREPOINT.BAD_REQUEST', `${list}: 項目 ${id} を読み直しましたが fields がありません`);
    set(id, fields);
  });
  return gone;
}

/** A list's items as raw rows for the record parser, keyed by SharePoint item id. */
export function rawListOf(state: ListSyncState): RawList {
  const items = state.items;
  return {
    columns: [],
    issues: [],
    rows: (function* rows(): Generator<RawRow> {
      for (const [itemId, fields] of items) yield { itemId, fields };
    })(),
  };
}

/**
 * Ranges a long list is read in: twice the Graph client's default four requests in flight, so the
 * longest range is not what the read waits for even when the ranges come out uneven (bench/README.md).
 */
export const DEFAULT_PARTITIONS = 8;

/**
 * Every SkillSteps list of a site as a ListSource: lists are synced concurrently (the Graph client
 * caps requests in flight), each from its stored delta link when there is one, and handed on in
 * LIST_NAMES order as soon as each is read.
 */
export class GraphListSource implements ListSource {
  readonly reports: ListSyncReport[] = [];

  constructor(
    private readonly api: GraphApi,
    private readonly siteId: string,
    private readonly store: SyncStateStore | undefined,
    private readonly pageSize: number,
    /** Where a list whose delta answer lacked fields is reported (ListSyncReport.refetched counts them). */
    private readonly logger?: Logger,
    private readonly options: ReadOptions = { partitions: DEFAULT_PARTITIONS },
  ) {}

  describe(): string {
    return `SharePoint サイト ${this.siteId}`;
  }

  /**
   * Brings every list's stored state up to date without handing the lists on; `readLists` then hands
   * on these states and reads nothing more. Lets a caller see what changed before it parses anything
   * (the CLI keeps the data-quality report of unchanged lists: graph-commands.ts).
   */
  async sync(onProgress?: (p: ReadProgress) => void): Promise<ListSyncReport[]> {
    const jobs = await this.start(() => this.reports.length, onProgress);
    const synced: Array<{ state: ListSyncState; report: ListSyncReport }> = [];
    for (const job of jobs) {
      const result = await job;
      synced.push(result);
      this.reports.push(result.report);
      onProgress?.({ list: result.report.list, rowsRead: result.report.items, listsDone: this.reports.length, listsTotal: LIST_NAMES.length, listDone: true });
    }
    this.synced = synced;
    return this.reports;
  }

  private synced: Array<{ state: ListSyncState; report: ListSyncReport } | undefined> | undefined;

  async readLists(onList: (name: ListName, list: RawList) => void, onProgress?: (p: ReadProgress) => void): Promise<void> {
    if (this.synced) {
      for (let i = 0; i < this.synced.length; i++) {
        const { state, report } = this.synced[i]!;
        this.synced[i] = undefined;
        onList(report.list, rawListOf(state));
      }
      return;
    }
    const jobs: Array<Promise<{ state: ListSyncState; report: ListSyncReport }> | undefined> = await this.start(() => this.reports.length, onProgress);
    for (let i = 0; i < LIST_NAMES.length; i++) {
      const { state, report } = await jobs[i]!;
      // Let each list's items go once parsed, unless the store keeps them (the server's does).
      jobs[i] = undefined;
      this.reports.push(report);
      onProgress?.({ list: report.list, rowsRead: report.items, listsDone: this.reports.length, listsTotal: LIST_NAMES.length, listDone: true });
      onList(report.list, rawListOf(state));
    }
  }

  /** Syncs every list at once (the Graph client caps requests in flight), each from its stored state. */
  private async start(done: () => number, onProgress?: (p: ReadProgress) => void): Promise<Array<Promise<{ state: ListSyncState; report: ListSyncReport }>>> {
    const ids = await listIds(this.api, this.siteId);
    return LIST_NAMES.map((list) => {
      const job = (async () => {
        const previous = await this.store?.load(list);
        const result = await syncList(
          this.api,
          this.siteId,
          ids[list],
          list,
          previous,
          this.pageSize,
          (rowsRead) => onProgress?.({ list, rowsRead, listsDone: done(), listsTotal: LIST_NAMES.length, listDone: false }),
          this.logger,
          this.options,
        );
        await this.store?.save(list, result.state);
        return result;
      })();
      job.catch(() => undefined); // awaited in order by the caller; this only stops an unhandled-rejection warning
      return job;
    });
  }
}
