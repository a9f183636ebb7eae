import { storedValue, type FieldValue } from './field-values';
import { collectionJson, queryOption, type GraphCall, type GraphReply } from './graph-call';
import { GraphError, badRequest, invalidRequest, notFound, notSupported } from './graph-error';
import { ItemRenderer, itemETag } from './item-json';
import type { ListStore, StoredItem } from './list-store';
import { HONOR_NON_INDEXED, compileFilter } from './odata-filter';
import { itemShape, linkQuery, pageSize } from './odata-options';
import type { RouteContext } from './route-context';
import { resolveList, type Params } from './site-routes';

/**
 * List items (listitem-list, listitem-get, listitem-create, listitem-update, listitem-delete):
 * pages in id order with an opaque $skiptoken, $filter on indexed columns, typed field values,
 * and optimistic concurrency through If-Match.
 */

/** SharePoint's own skiptoken is base64 of `Paged=TRUE&p_ID=<last id>`; this one is the same, and just as opaque. */
function skipTokenFor(lastId: number): string {
  return Buffer.from(`Paged=TRUE&p_ID=${lastId}`).toString('base64url');
}

function afterIdOf(token: string | null): number {
  if (token === null) return 0;
  const m = /^Paged=TRUE&p_ID=(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw badRequest('The $skiptoken is not valid.');
  return Number(m[1]);
}

export function listItems(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  if (queryOption(call.query, 'orderby')) throw notSupported('$orderby on list items (items come in id order)');
  if (queryOption(call.query, 'skip')) throw notSupported('$skip on list items (follow @odata.nextLink)');
  const shape = itemShape(call.query);
  const top = pageSize(call.query);
  const filterText = queryOption(call.query, 'filter');
  const filter = filterText ? compileFilter(filterText, list, prefers(call, HONOR_NON_INDEXED)) : undefined;
  const afterId = afterIdOf(call.query.get('$skiptoken') ?? call.query.get('$skipToken'));
  const renderer = new ItemRenderer(ctx.store, list, shape, ctx.siteUrl);
  const page: StoredItem[] = [];
  let more = false;
  for (const item of list.itemsAfter(afterId)) {
    if (filter && !filter(item)) continue;
    if (page.length === top) {
      more = true;
      break;
    }
    page.push(item);
  }
  const base = `${ctx.baseUrl}/v1.0/sites/${ctx.store.identity.siteId}/lists/${list.id}/items`;
  const head: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#sites('${ctx.store.identity.siteId}')/lists('${list.id}')/items` };
  if (more) head['@odata.nextLink'] = `${base}?${linkQuery(call.query, ['$skiptoken', '$skipToken'], { $skiptoken: skipTokenFor(page.at(-1)!.id) })}`;
  return { status: 200, body: collectionJson(head, page, (item) => renderer.itemJson(item), {}) };
}

function itemOf(list: ListStore, ref: string): StoredItem {
  const item = /^\d+$/.test(ref) ? list.get(Number(ref)) : undefined;
  if (!item) throw notFound('Item not found');
  return item;
}

export function getItem(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  const item = itemOf(list, p.item!);
  const renderer = new ItemRenderer(ctx.store, list, itemShape(call.query), ctx.siteUrl);
  return { status: 200, body: renderer.item(item) };
}

export function getItemFields(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  const item = itemOf(list, p.item!);
  const select = queryOption(call.query, 'select');
  const fields = select ? new Set(select.split(',').map((s) => s.trim())) : null;
  return { status: 200, body: new ItemRenderer(ctx.store, list, { fields, select: undefined }, ctx.siteUrl).fields(item) };
}

/** Validated field values from a request body: every key a column, every value of the column's type. */
function fieldChanges(list: ListStore, fields: unknown): Record<string, FieldValue | null> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) throw badRequest('fields must be a JSON object of column values.');
  const out: Record<string, FieldValue | null> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('@odata.')) continue;
    const column = list.columnsByName.get(name);
    if (!column) throw invalidRequest(`Field '${name}' is not recognized`);
    out[name] = storedValue(column, value);
  }
  return out;
}

export function createItem(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  const b = call.body as Record<string, unknown> | undefined;
  if (typeof b !== 'object' || b === null) throw badRequest('A JSON object with "fields" is expected.');
  const changes = fieldChanges(list, b.fields ?? {});
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(changes)) if (v !== null) fields[k] = v;
  const item = list.insert(fields, ctx.store.actorFor(call.caller), ctx.now());
  ctx.store.changed(list);
  const renderer = new ItemRenderer(ctx.store, list, { fields: null, select: undefined }, ctx.siteUrl);
  return { status: 201, body: renderer.item(item) };
}

/** If-Match: the item's current eTag (quoted or not) or `*`; anything else is 412 and nothing changes. */
function checkIfMatch(call: GraphCall, list: ListStore, item: StoredItem): void {
  const header = call.headers['if-match'];
  if (header === undefined || header.trim() === '*') return;
  const bare = (e: string): string => e.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  const current = bare(itemETag(list, item));
  // An eTag holds a comma ("guid,3"), so the list of tags is read by their quotes.
  const tags = header.match(/"[^"]*"/g) ?? [header];
  if (!tags.some((t) => bare(t) === current)) {
    throw new GraphError(412, 'preconditionFailed', 'The eTag does not match the current version of the item: it has changed since it was read.');
  }
}

export function updateItemFields(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  const item = itemOf(list, p.item!);
  const changes = fieldChanges(list, call.body);
  checkIfMatch(call, list, item);
  list.update(item, changes, ctx.store.actorFor(call.caller), ctx.now());
  ctx.store.changed(list);
  return { status: 200, body: new ItemRenderer(ctx.store, list, { fields: null, select: undefined }, ctx.siteUrl).updatedFields(item) };
}

export function deleteItem(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  const item = itemOf(list, p.item!);
  checkIfMatch(call, list, item);
  list.remove(item);
  ctx.store.changed(list);
  return { status: 204 };
}

/** True when the Prefer header (comma-separated preferences) holds this one. */
export function prefers(call: GraphCall, preference: string): boolean {
  const prefer = call.headers.prefer;
  return !!prefer && prefer.split(',').some((p) => p.trim().toLowerCase() === preference.toLowerCase());
}
