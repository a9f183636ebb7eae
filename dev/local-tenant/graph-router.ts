import { itemsDelta } from './delta-route';
import { createDriveChild, getDrive, getDriveContent, getDriveItem, getDriveItemByPath, getDriveRoot, listDriveChildren, uploadDriveContent } from './drive-routes';
import type { GraphCall, GraphReply } from './graph-call';
import { GraphError, badRequest } from './graph-error';
import { createItem, deleteItem, getItem, getItemFields, listItems, updateItemFields } from './item-routes';
import type { RouteContext } from './route-context';
import {
  createColumn,
  createList,
  deleteList,
  getColumn,
  getColumns,
  getList,
  getLists,
  getSite,
  resolveSite,
  updateColumn,
  type Params,
} from './site-routes';
import { getMe, getUser } from './user-routes';

type Handler = (call: GraphCall, ctx: RouteContext, params: Params) => GraphReply;

interface Route {
  method: string;
  /** Path segments; `:name` captures one. */
  pattern: string[];
  handle: Handler;
}

const S = ['sites', ':site'];
const L = [...S, 'lists', ':list'];
const I = [...L, 'items', ':item'];
const D = [...S, 'drive'];
const DI = [...D, 'items', ':item'];

/**
 * The Graph v1.0 subset the local tenant serves (dev/README.md). $batch is handled by graph-service.ts.
 * A path served here with another method answers 405, as Graph does for an operation it does not
 * have: there is no PATCH of a list (v1.0 documents no list update), so a rename is refused.
 */
const ROUTES: Route[] = [
  { method: 'GET', pattern: S, handle: getSite },
  { method: 'GET', pattern: [...S, 'lists'], handle: getLists },
  { method: 'POST', pattern: [...S, 'lists'], handle: createList },
  { method: 'GET', pattern: L, handle: getList },
  { method: 'DELETE', pattern: L, handle: deleteList },
  { method: 'GET', pattern: [...L, 'columns'], handle: getColumns },
  { method: 'POST', pattern: [...L, 'columns'], handle: createColumn },
  { method: 'GET', pattern: [...L, 'columns', ':column'], handle: getColumn },
  { method: 'PATCH', pattern: [...L, 'columns', ':column'], handle: updateColumn },
  { method: 'GET', pattern: [...L, 'items'], handle: listItems },
  { method: 'POST', pattern: [...L, 'items'], handle: createItem },
  { method: 'GET', pattern: [...L, 'items', 'delta'], handle: itemsDelta },
  { method: 'GET', pattern: I, handle: getItem },
  { method: 'DELETE', pattern: I, handle: deleteItem },
  { method: 'GET', pattern: [...I, 'fields'], handle: getItemFields },
  { method: 'PATCH', pattern: [...I, 'fields'], handle: updateItemFields },
  { method: 'GET', pattern: D, handle: getDrive },
  { method: 'GET', pattern: [...D, 'root'], handle: getDriveRoot },
  { method: 'GET', pattern: [...D, 'root:', ':item'], handle: getDriveItemByPath },
  { method: 'GET', pattern: DI, handle: getDriveItem },
  { method: 'GET', pattern: [...DI, 'children'], handle: listDriveChildren },
  { method: 'POST', pattern: [...DI, 'children'], handle: createDriveChild },
  { method: 'GET', pattern: [...DI, 'content'], handle: getDriveContent },
  { method: 'PUT', pattern: [...DI, 'content'], handle: uploadDriveContent },
  { method: 'GET', pattern: ['users', ':user'], handle: getUser },
  { method: 'GET', pattern: ['me'], handle: getMe },
];

/** A request matched to its route, with the key stats count it under (`GET /sites/{site}/lists/{list}/items`). */
export interface MatchedRoute {
  key: string;
  run(call: GraphCall): GraphReply;
}

/**
 * Matches a call to a route. The site may be named by id or as `hostname:/server/relative/path:`
 * (site-getbypath), which spans several segments; it is folded into one first.
 */
export function matchRoute(method: string, rawSegments: string[], ctx: RouteContext): MatchedRoute {
  const segments = foldSitePath(rawSegments);
  const candidates = ROUTES.filter((r) => r.pattern.length === segments.length && r.pattern.every((p, i) => p.startsWith(':') || p === segments[i]));
  const route = candidates.find((r) => r.method === method);
  if (!route) {
    const key = `${method} /${segments.join('/')}`;
    if (candidates.length > 0) return { key, run: () => { throw new GraphError(405, 'BadRequest', `The HTTP method '${method}' is not allowed on this resource.`); } };
    // Graph names the first segment it could not place.
    const unknown = segments.find((s, i) => !ROUTES.some((r) => r.pattern[i] === s || !!r.pattern[i]?.startsWith(':'))) ?? segments.at(-1) ?? '';
    return { key: 'unknown', run: () => { throw badRequest(`Resource not found for the segment '${unknown}'.`); } };
  }
  const params: Params = {};
  route.pattern.forEach((p, i) => {
    if (p.startsWith(':')) params[p.slice(1) as keyof Params] = segments[i];
  });
  return {
    key: `${route.method} /${route.pattern.map((p) => (p.startsWith(':') ? `{${p.slice(1)}}` : p)).join('/')}`,
    run: (call) => {
      if (params.site !== undefined) resolveSite(params.site, ctx);
      return route.handle(call, ctx, params);
    },
  };
}

/**
 * Path addressing below a drive, folded into segments the routes match: `drive/root:/a/b` →
 * `drive`, `root:`, `a/b`; `drive/items/{id}:/{name}:/content` → `drive`, `items`, `{id}:/{name}`, `content`.
 */
function foldDrivePaths(segments: string[]): string[] {
  if (segments[0] !== 'sites' || segments[2] !== 'drive') return segments;
  const out = segments.slice(0, 3);
  let i = 3;
  while (i < segments.length) {
    const seg = segments[i]!;
    i++;
    if (!seg.endsWith(':') || seg.length === 1) {
      out.push(seg);
      continue;
    }
    const parts: string[] = [];
    while (i < segments.length) {
      const s = segments[i]!;
      i++;
      if (s.endsWith(':')) {
        parts.push(s.slice(0, -1));
        break;
      }
      parts.push(s);
    }
    const base = seg.slice(0, -1);
    if (base === 'root') out.push('root:', parts.join('/'));
    else out.push(`${base}:/${parts.join('/')}`);
  }
  return out;
}

/**
 * `sites/localhost:/sites/skillsteps:/lists` → `sites/localhost:/sites/skillsteps/lists`-style
 * segments with the site as one (`localhost:/sites/skillsteps`), and the SDK's fully qualified
 * function names (`microsoft.graph.delta()`, `delta()`) as plain `delta`.
 */
function foldSitePath(segments: string[]): string[] {
  let out = segments.map((s) => (s === 'delta()' || s === 'microsoft.graph.delta()' ? 'delta' : s));
  if (out[0] === 'sites' && out[1]?.endsWith(':')) {
    const host = out[1].slice(0, -1);
    const path: string[] = [];
    let i = 2;
    for (; i < out.length; i++) {
      const seg = out[i]!;
      if (seg.endsWith(':')) {
        path.push(seg.slice(0, -1));
        i++;
        break;
      }
      path.push(seg);
    }
    out = ['sites', `${host}:/${path.join('/')}`, ...out.slice(i)];
  }
  return foldDrivePaths(out);
}
