import type { ListName } from '../domain/lists';
import { SharePointError } from './errors';
import type { GraphApi } from './graph-client';
import { SP_LISTS } from './list-schema';

/**
 * A full read of a long list in parallel partitions (issue 16). The plain read is one chain of
 * `@odata.nextLink`s — 39 pages of 5,000 for 200,000 completions, each waiting for the one before —
 * so its time is the chain's length × Graph's latency, however many requests may be in flight.
 * Here the list is split by ranges of one indexed text column and the ranges are read at once.
 *
 * Nothing changed during the read is lost, without relying on what Graph does not promise: the
 * delta token is taken (`token=latest`, listitem-delta) *before* the first partition is requested,
 * and the caller then reads that token's delta round and applies it on top. An item that changed
 * after the token — created, updated, deleted, or moved from a range not yet read to one already
 * read — is in that round with its latest state ("If a previous delta token, returns a new state
 * since that token"); an item that did not change was present, with the same key, all through the
 * read, so its range returned it. An item read twice (the ranges may overlap where the service
 * collates differently from here) is one entry: items are keyed by id.
 *
 * The ranges cover every item whatever the service's collation: `< b1`, `[b1, b2)`, …, `≥ bk` cover
 * every value in any total order, and `eq null` the items without one. One indexed column per
 * filter (a range on it is one field), as listitem-list allows; no `Prefer` header.
 */

/** A page of a partition: list items with their fields. */
interface ItemsPage {
  value: Array<{ id: string; fields?: Record<string, unknown> }>;
  '@odata.nextLink'?: string;
}

/** How a long list is split: the column and the range bounds, in ascending order. */
export interface PartitionPlan {
  column: string;
  bounds: string[];
}

/**
 * The column and bounds for `partitions` ranges, from a sample of the list's items (its first delta
 * page): the indexed text column with the most distinct values in the sample, and bounds at its
 * quantiles, so the ranges hold about as many items each. Undefined when no indexed column varies
 * enough to split on. The sample only balances the ranges; what they cover does not depend on it.
 */
export function planPartitions(list: ListName, sample: Array<{ fields?: Record<string, unknown> }>, partitions: number): PartitionPlan | undefined {
  let best: { column: string; values: string[]; distinct: number } | undefined;
  for (const c of SP_LISTS[list].columns) {
    if (!c.indexed || c.type !== 'text') continue;
    const values: string[] = [];
    for (const item of sample) {
      const v = item.fields?.[c.name];
      if (typeof v === 'string' && v !== '') values.push(v);
    }
    const distinct = new Set(values.map(sortKey)).size;
    if (distinct >= 2 && (!best || distinct > best.distinct)) best = { column: c.name, values, distinct };
  }
  if (!best || partitions < 2) return undefined;
  const sorted = best.values.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const bounds: string[] = [];
  for (let i = 1; i < partitions; i++) {
    const b = sorted[Math.floor((i * sorted.length) / partitions)]!;
    // The smallest value would make an empty first range; a repeated bound an empty middle one.
    if (sortKey(b) === sortKey(sorted[0]!) || (bounds.length > 0 && sortKey(bounds.at(-1)!) === sortKey(b))) continue;
    bounds.push(b);
  }
  return bounds.length > 0 ? { column: best.column, bounds } : undefined;
}

/** SharePoint compares text case-insensitively; the bounds are ordered the same way here. */
function sortKey(v: string): string {
  return v.toLowerCase();
}

/** An OData string literal: a quote inside is doubled. */
function literal(v: string): string {
  return `'${v.replace(/'/g, "''")}'`;
}

/** The `$filter` of every partition of a plan: the ranges between the bounds, and the items without a value. */
export function partitionFilters(plan: PartitionPlan): string[] {
  const f = `fields/${plan.column}`;
  const { bounds } = plan;
  const filters = [`${f} lt ${literal(bounds[0]!)}`];
  for (let i = 1; i < bounds.length; i++) filters.push(`${f} ge ${literal(bounds[i - 1]!)} and ${f} lt ${literal(bounds[i]!)}`);
  filters.push(`${f} ge ${literal(bounds.at(-1)!)}`, `${f} eq null`);
  return filters;
}

/** What a partitioned read returns: the items as of somewhere during the read, and the delta link taken before it. */
export interface PartitionedRead {
  /** The delta link from before the read: its round holds every change made since the read began. */
  deltaLink: string;
  /** Requests made: the token and every page of every partition. */
  pages: number;
  /** Pages in the longest partition: the read's chain of dependent requests is this + 1 (the token). */
  longestChain: number;
  partitions: number;
}

/**
 * Takes the delta token, then reads every partition concurrently (the Graph client caps how many
 * requests are in flight, and retries a 429/503 after its Retry-After), handing each item to `take`.
 * Items are selected down to their id and the given fields: the rest of a listItem (createdBy,
 * parentReference, …) is three quarters of a page's bytes and nobody here reads it.
 */
export async function readPartitioned(
  api: GraphApi,
  itemsBase: string,
  expand: string,
  pageSize: number,
  plan: PartitionPlan,
  take: (id: string, fields: Record<string, unknown> | undefined) => void,
  onPage: () => void,
): Promise<PartitionedRead> {
  const latest = await api.get<{ '@odata.deltaLink'?: string }>(`${itemsBase}/delta?token=latest&$expand=${expand}&$top=${pageSize}`);
  const deltaLink = latest['@odata.deltaLink'];
  if (!deltaLink) throw new SharePointError('SHAREPOINT.BAD_REQUEST', `${itemsBase}: token=latest の応答に deltaLink がありません`);
  const filters = partitionFilters(plan);
  let pages = 1;
  let longestChain = 0;
  const results = await Promise.allSettled(
    filters.map(async (filter) => {
      let url: string | undefined = `${itemsBase}?$select=id,fields&$expand=${expand}&$filter=${encodeURIComponent(filter)}&$top=${pageSize}`;
      let chain = 0;
      while (url) {
        const page: ItemsPage = await api.get<ItemsPage>(url);
        pages++;
        chain++;
        for (const item of page.value) take(item.id, item.fields);
        onPage();
        url = page['@odata.nextLink'];
      }
      longestChain = Math.max(longestChain, chain);
    }),
  );
  // Every partition has finished or failed before this returns: none is left reading into the items.
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { deltaLink, pages, longestChain, partitions: filters.length };
}
