import { columnFromDefinition, columnJson } from './column-json';
import { queryOption, type GraphCall, type GraphReply } from './graph-call';
import { GraphError, badRequest, invalidRequest, notFound, notSupported } from './graph-error';
import type { Column, ListStore } from './list-store';
import type { RouteContext } from './route-context';

/**
 * Sites, lists and columns (site-get, site-getbypath, list-list, list-create, list-get,
 * columndefinition-list/-post/-get/-update). Graph v1.0 has no list update: a list keeps the title
 * it was created with unless someone changes it in SharePoint.
 */

/** The site named in the URL, by id (`hostname,guid,guid`) or by `hostname:/server-relative-path`. */
export function resolveSite(ref: string, ctx: RouteContext): void {
  const id = ctx.store.identity;
  if (ref.toLowerCase() === id.siteId.toLowerCase()) return;
  const byPath = /^([^:/]+(?::\d+)?):(\/.*)$/.exec(ref);
  if (byPath) {
    const host = byPath[1]!.toLowerCase();
    const hostOk = host === id.hostname.toLowerCase() || host === new URL(ctx.baseUrl).host.toLowerCase();
    const path = byPath[2]!.replace(/\/+$/, '').toLowerCase();
    if (hostOk && path === id.path.toLowerCase()) return;
  }
  throw notFound('Requested site could not be found');
}

export function resolveList(ref: string, ctx: RouteContext): ListStore {
  const list = ctx.store.findList(ref);
  if (!list) throw notFound('The specified list was not found');
  return list;
}

export function siteJson(ctx: RouteContext): Record<string, unknown> {
  const id = ctx.store.identity;
  return {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#sites/$entity`,
    id: id.siteId,
    name: id.name,
    displayName: id.displayName,
    description: '',
    webUrl: ctx.siteUrl,
    siteCollection: { hostname: id.hostname },
  };
}

function listJson(list: ListStore, ctx: RouteContext, withColumns: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    '@odata.etag': `"${list.id},${list.columns.length}"`,
    createdDateTime: list.created,
    description: list.description,
    eTag: `"${list.id},${list.columns.length}"`,
    id: list.id,
    lastModifiedDateTime: list.modified,
    name: list.name,
    webUrl: `${ctx.siteUrl}/Lists/${encodeURIComponent(list.name)}`,
    displayName: list.displayName,
    parentReference: { siteId: ctx.store.identity.siteId },
    list: { contentTypesEnabled: false, hidden: false, template: 'genericList' },
  };
  if (withColumns) out.columns = list.columns.map(columnJson);
  return out;
}

/** Applies `$select` to a resource (annotations such as @odata.etag stay). */
function selected(obj: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const select = queryOption(query, 'select');
  if (!select) return obj;
  const keep = new Set(select.split(',').map((s) => s.trim()));
  keep.add('columns');
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k.startsWith('@') || keep.has(k)));
}

function expandsColumns(query: URLSearchParams): boolean {
  const expand = queryOption(query, 'expand');
  if (!expand) return false;
  if (expand.trim() !== 'columns') throw notSupported(`$expand=${expand} on a list (only $expand=columns)`);
  return true;
}

function body(call: GraphCall): Record<string, unknown> {
  if (typeof call.body !== 'object' || call.body === null || Array.isArray(call.body)) throw badRequest('A JSON object is expected in the request body.');
  return call.body as Record<string, unknown>;
}

export function getSite(_call: GraphCall, ctx: RouteContext): GraphReply {
  return { status: 200, body: siteJson(ctx) };
}

export function getLists(call: GraphCall, ctx: RouteContext): GraphReply {
  const withColumns = expandsColumns(call.query);
  let lists = ctx.store.lists;
  const filter = queryOption(call.query, 'filter');
  if (filter) {
    // Enough for finding a list by name, the one filter provisioning needs.
    const m = /^\s*(name|displayName)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
    if (!m) throw notSupported(`$filter=${filter} on lists (only name eq '…' or displayName eq '…')`);
    const value = m[2]!.replace(/''/g, "'").toLowerCase();
    lists = lists.filter((l) => (m[1] === 'name' ? l.name : l.displayName).toLowerCase() === value);
  }
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#sites('${ctx.store.identity.siteId}')/lists`,
      value: lists.map((l) => selected(listJson(l, ctx, withColumns), call.query)),
    },
  };
}

export function createList(call: GraphCall, ctx: RouteContext): GraphReply {
  const b = body(call);
  const displayName = b.displayName;
  if (typeof displayName !== 'string' || displayName.trim() === '') throw invalidRequest('displayName is required to create a list.');
  // The URL name comes from the title; Graph refuses to be given one (reported with this message).
  if (b.name !== undefined) throw invalidRequest("Cannot define a 'name' for a list as it is assigned by the server. Instead, provide 'displayName'");
  const template = (b.list as Record<string, unknown> | undefined)?.template;
  if (template !== undefined && template !== 'genericList') throw notSupported(`The list template '${String(template)}'`);
  const lower = displayName.toLowerCase();
  if (ctx.store.lists.some((l) => l.name.toLowerCase() === lower || l.displayName.toLowerCase() === lower)) {
    throw new GraphError(409, 'nameAlreadyExists', 'A list, survey, discussion board, or document library with the specified title already exists in this Web site. Please choose another title.');
  }
  const defs = b.columns === undefined ? [] : b.columns;
  if (!Array.isArray(defs)) throw badRequest('columns must be an array of columnDefinition.');
  const columns = defs.map((d) => columnFromDefinition(d));
  const names = new Set<string>(['Title']);
  for (const c of columns) {
    if (names.has(c.name)) throw new GraphError(409, 'nameAlreadyExists', `A duplicate field name "${c.name}" was found.`);
    names.add(c.name);
  }
  const list = ctx.store.createList(displayName, typeof b.description === 'string' ? b.description : '', columns, ctx.now());
  return { status: 201, body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#sites('${ctx.store.identity.siteId}')/lists/$entity`, ...listJson(list, ctx, false) } };
}

export function getList(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  return { status: 200, body: selected(listJson(list, ctx, expandsColumns(call.query)), call.query) };
}

export function deleteList(_call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  ctx.store.deleteList(resolveList(p.list!, ctx));
  return { status: 204 };
}

export function getColumns(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#sites('${ctx.store.identity.siteId}')/lists('${list.id}')/columns`,
      value: list.columns.map((c) => selected(columnJson(c), call.query)),
    },
  };
}

export function createColumn(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  const column = columnFromDefinition(body(call));
  if (list.columnsByName.has(column.name)) throw new GraphError(409, 'nameAlreadyExists', `A duplicate field name "${column.name}" was found.`);
  list.addColumn(column);
  list.modified = ctx.now();
  ctx.store.changed(list);
  return { status: 201, body: columnJson(column) };
}

function findColumn(list: ListStore, ref: string): Column {
  const c = list.columns.find((x) => x.id === ref.toLowerCase()) ?? list.columnsByName.get(ref);
  if (!c) throw notFound(`Column '${ref}' does not exist. It may have been deleted by another user.`);
  return c;
}

export function getColumn(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  return { status: 200, body: selected(columnJson(findColumn(list, p.column!)), call.query) };
}

export function updateColumn(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const list = resolveList(p.list!, ctx);
  const column = findColumn(list, p.column!);
  const b = body(call);
  for (const [key, value] of Object.entries(b)) {
    if (key.startsWith('@')) continue;
    if (key === 'indexed' || key === 'required') {
      if (typeof value !== 'boolean') throw invalidRequest(`${key} must be true or false.`);
      column[key] = value;
    } else if (key === 'displayName' || key === 'description') {
      if (typeof value !== 'string') throw invalidRequest(`${key} must be a string.`);
      column[key] = value;
    } else {
      throw notSupported(`Updating the column property '${key}'`);
    }
  }
  list.modified = ctx.now();
  ctx.store.changed(list);
  return { status: 200, body: columnJson(column) };
}

export type Params = Partial<Record<'site' | 'list' | 'column' | 'item' | 'user', string>>;
