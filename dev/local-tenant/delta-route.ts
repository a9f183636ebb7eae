import { collectionJson, queryOption, type GraphCall, type GraphReply } from './graph-call';
import { badRequest, notSupported } from './graph-error';
import { ItemRenderer } from './item-json';
import type { ListStore, StoredItem } from './list-store';
import { itemShape, linkQuery, pageSize } from './odata-options';
import type { RouteContext } from './route-context';
import { resolveList, type Params } from './site-routes';

/**
 * listItem delta (listitem-delta): the first call enumerates every item in pages (@odata.nextLink)
 * and ends with an @odata.deltaLink; the deltaLink returns what was created, updated (latest state,
 * once) or deleted (`deleted: { state: 'deleted' }`) since, and a new deltaLink. `token=latest`
 * returns no items, only a deltaLink from now.
 *
 * A round reports changes after change number `s` and remembers `u`, the change number when it
 * started; its deltaLink carries `u`. A change made while a round is being paged may show up in
 * this round and again in the next, which Graph also allows ("use the last occurrence you see").
 */
export function itemsDelta(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  for (const option of ['filter', 'orderby']) if (queryOption(call.query, option)) throw notSupported(`$${option} on items/delta`);
  const shape = itemShape(call.query);
  const top = pageSize(call.query);
  const base = `${ctx.baseUrl}/v1.0/sites/${ctx.store.identity.siteId}/lists/${list.id}/items/delta`;
  const link = (token: string): string => `${base}?${linkQuery(call.query, ['token'], { token })}`;
  // The switch for tests (DeltaTokens.linksWithoutQuery): the next round then asks for no fields.
  const deltaLink = (token: string): string => (ctx.delta.linksWithoutQuery ? `${base}?token=${token}` : link(token));
  const options = linkQuery(call.query, ['token'], {});
  // Where a client starts again after a 410: a new enumeration with the same options.
  const fresh = options ? `${base}?${options}` : base;
  const context = `${ctx.baseUrl}/v1.0/$metadata#Collection(listItem)`;

  const tokenParam = call.query.get('token');
  if (tokenParam === 'latest') {
    return { status: 200, body: collectionJson({ '@odata.context': context }, [], String, { '@odata.deltaLink': deltaLink(ctx.delta.issue({ l: list.id, s: list.seq })) }) };
  }
  let since = 0;
  let upTo = list.seq;
  let after = 0;
  let full = true;
  if (tokenParam !== null) {
    const state = ctx.delta.read(tokenParam, fresh);
    if (state.l !== list.id) throw badRequest('The delta token belongs to another list.');
    since = state.s;
    upTo = state.u ?? list.seq;
    after = state.a ?? 0;
    // The first enumeration (a page of it, or its start) lists every live item and no deletions.
    full = state.u !== undefined ? state.s === -1 : false;
    if (full) since = 0;
  }

  const renderer = new ItemRenderer(ctx.store, list, shape, ctx.siteUrl);
  const page: Array<{ id: number; item?: StoredItem }> = [];
  let more = false;
  for (const entry of changes(list, since, after, full)) {
    if (page.length === top) {
      more = true;
      break;
    }
    page.push(entry);
  }
  const last = page.at(-1)?.id ?? after;
  // A deleted item carries its id, parent site and content type besides the deleted facet (listitem-delta, example 2).
  const deletedRest = `"parentReference":${JSON.stringify({ siteId: ctx.store.identity.siteId })},"contentType":{"id":"0x0100","name":"Item"},"deleted":{"state":"deleted"}}`;
  const render = (e: { id: number; item?: StoredItem }): string => (e.item ? renderer.itemJson(e.item) : `{"id":"${e.id}",${deletedRest}`);
  const tail = more
    ? { '@odata.nextLink': link(ctx.delta.issue({ l: list.id, s: full ? -1 : since, u: upTo, a: last })) }
    : { '@odata.deltaLink': deltaLink(ctx.delta.issue({ l: list.id, s: upTo })) };
  return { status: 200, body: collectionJson({ '@odata.context': context }, page, render, tail) };
}

/** Live items changed after `since` and items deleted after it, merged in id order, from the id after `after`. */
function* changes(list: ListStore, since: number, after: number, full: boolean): Generator<{ id: number; item?: StoredItem }> {
  const deleted = full
    ? []
    : [...list.tombstones]
        .filter(([id, seq]) => id > after && seq > since)
        .map(([id]) => id)
        .sort((a, b) => a - b);
  let d = 0;
  for (const item of list.itemsAfter(after)) {
    while (d < deleted.length && deleted[d]! < item.id) yield { id: deleted[d++]! };
    if (full || item.seq > since) yield { id: item.id, item };
  }
  while (d < deleted.length) yield { id: deleted[d++]! };
}
