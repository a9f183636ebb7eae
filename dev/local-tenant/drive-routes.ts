import { createHash } from 'node:crypto';
import { mimeTypeOf, type DriveEntry } from './drive-store';
import { queryOption, type GraphCall, type GraphReply } from './graph-call';
import { GraphError, badRequest, invalidRequest, notFound, notSupported } from './graph-error';
import { identitySet } from './item-json';
import type { RouteContext } from './route-context';
import type { Params } from './site-routes';

/**
 * The site's document library, as much of it as SkillSteps keeps evidence files with (dev/README.md,
 * "Document library"): the drive (drive-get), items by id or by path below the root (driveitem-get),
 * a folder's children (driveitem-list-children), a new folder (driveitem-post-children), the simple
 * upload (driveitem-put-content: `items/{parent-id}:/{filename}:/content`) and the download
 * (driveitem-get-content: a 302 to a pre-authenticated URL). Anything else of the drive API is refused.
 */

const CONFLICT_BEHAVIOURS = ['fail', 'replace', 'rename'] as const;
type ConflictBehaviour = (typeof CONFLICT_BEHAVIOURS)[number];

export function getDrive(_call: GraphCall, ctx: RouteContext): GraphReply {
  const drive = ctx.store.drive;
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#drives/$entity`,
      id: drive.id,
      driveType: 'documentLibrary',
      name: 'Documents',
      description: '',
      webUrl: `${ctx.siteUrl}/Shared%20Documents`,
      createdDateTime: drive.root.created,
      lastModifiedDateTime: drive.root.modified,
    },
  };
}

export function getDriveRoot(call: GraphCall, ctx: RouteContext): GraphReply {
  return { status: 200, body: entryJson(ctx, ctx.store.drive.root, call) };
}

/** `root:/{path}` (driveitem-get by path): the item, or 404 itemNotFound. */
export function getDriveItemByPath(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const path = p.item!;
  const entry = ctx.store.drive.byPath(path);
  if (!entry) throw notFound('The resource could not be found.');
  return { status: 200, body: entryJson(ctx, entry, call) };
}

export function getDriveItem(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  return { status: 200, body: entryJson(ctx, itemOf(ctx, p.item!), call) };
}

export function listDriveChildren(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const folder = itemOf(ctx, p.item!);
  if (!folder.folder) throw invalidRequest('The item is not a folder.');
  return {
    status: 200,
    body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#drives('${ctx.store.drive.id}')/items('${folder.id}')/children`, value: ctx.store.drive.children(folder.id).map((e) => entryJson(ctx, e, call)) },
  };
}

/**
 * driveitem-post-children: a new folder `{ name, folder: {} }`; `@microsoft.graph.conflictBehavior`
 * (in the body, as the page's example has it) fail → 409 nameAlreadyExists, rename → "name 1",
 * replace → the folder that is there. Files are made with the upload, not here (501).
 */
export function createDriveChild(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const parent = itemOf(ctx, p.item!);
  if (!parent.folder) throw invalidRequest('The parent item is not a folder.');
  const b = call.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw badRequest('A JSON object is expected in the request body.');
  const body = b as Record<string, unknown>;
  if (body.file !== undefined || body.folder === undefined) throw notSupported('Creating a driveItem other than a folder with POST …/children (upload files with PUT …/content)');
  const name = checkName(body.name);
  const behaviour = conflictBehaviour(body['@microsoft.graph.conflictBehavior'] ?? queryOption(call.query, '@microsoft.graph.conflictBehavior') ?? 'fail');
  const existing = ctx.store.drive.child(parent.id, name);
  const actor = ctx.store.actorFor(call.caller);
  if (existing) {
    if (behaviour === 'fail') throw new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
    if (behaviour === 'replace') {
      if (!existing.folder) throw new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
      return { status: 201, body: entryJson(ctx, existing, call) };
    }
  }
  const finalName = existing ? freeName(ctx, parent.id, name) : name;
  const now = ctx.now();
  const made = ctx.store.drive.add({ name: finalName, parentId: parent.id, folder: true, created: now, modified: now, author: actor, editor: actor });
  return { status: 201, body: entryJson(ctx, made, call) };
}

/**
 * driveitem-put-content, new file: `PUT …/items/{parent-id}:/{filename}:/content` with the bytes as
 * the body and a Content-Type header (required). 201 with the driveItem for a new file; 200 when a
 * file of that name is replaced (PUT's default conflict behaviour, "replace"); `fail` → 409;
 * `rename` → a free name. The name must be a file name (no path), as the page documents it.
 */
export function uploadDriveContent(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  if (!p.item!.includes(':/')) throw notSupported('Replacing a file by id (PUT …/items/{item-id}/content)');
  const [parentRef, fileName] = splitColonPath(p.item!);
  const parent = itemOf(ctx, parentRef);
  if (!parent.folder) throw invalidRequest('The parent item is not a folder.');
  if (fileName.includes('/')) throw invalidRequest(`The local tenant takes a file name in items/{parent-id}:/{filename}:/content, not a path: '${fileName}' (driveitem-put-content).`);
  const name = checkName(fileName);
  if (call.headers['content-type'] === undefined) throw badRequest('The Content-Type header is required (driveitem-put-content).');
  // Inside a $batch a body is JSON: the local tenant takes uploads as a request of their own.
  if (call.raw === undefined) throw notSupported('An upload inside $batch');
  const bytes = call.raw;
  const behaviour = conflictBehaviour(queryOption(call.query, '@microsoft.graph.conflictBehavior') ?? 'replace');
  const actor = ctx.store.actorFor(call.caller);
  const now = ctx.now();
  const existing = ctx.store.drive.child(parent.id, name);
  if (existing && behaviour !== 'rename') {
    if (behaviour === 'fail' || existing.folder) throw new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
    ctx.store.drive.replaceContent(existing, bytes, mimeTypeOf(name), now, actor);
    return { status: 200, body: entryJson(ctx, existing, call) };
  }
  const finalName = existing ? freeName(ctx, parent.id, name) : name;
  const made = ctx.store.drive.add({ name: finalName, parentId: parent.id, folder: false, bytes, mimeType: mimeTypeOf(finalName), created: now, modified: now, author: actor, editor: actor });
  return { status: 201, body: entryJson(ctx, made, call) };
}

/** driveitem-get-content: 302 Found to a pre-authenticated download URL (valid for five minutes here, "a few minutes" in Graph). */
export function getDriveContent(_call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  const entry = itemOf(ctx, p.item!);
  if (entry.folder) throw invalidRequest('The item is a folder; it has no content.');
  return { status: 302, headers: { Location: `${ctx.baseUrl}/_download/${ctx.store.drive.downloadToken(entry.id)}` } };
}

function itemOf(ctx: RouteContext, ref: string): DriveEntry {
  if (ref === 'root') return ctx.store.drive.root;
  if (ref.includes(':')) throw invalidRequest(`Path addressing is served for root:/{path} only by the local tenant: '${ref}'.`);
  const entry = ctx.store.drive.entries.get(ref);
  if (!entry) throw notFound('Item not found');
  return entry;
}

/** `01ABC:/file.pdf` → ['01ABC', 'file.pdf'] (the router folds `{id}:` `/{name}:` into one segment). */
function splitColonPath(segment: string): [string, string] {
  const i = segment.indexOf(':/');
  if (i < 0) throw badRequest(`Expected {parent-id}:/{filename}: in the path, got '${segment}'.`);
  return [segment.slice(0, i), segment.slice(i + 2)];
}

/** A name SharePoint takes: not empty, none of " * : < > ? / \ |, no leading or trailing space or dot. */
function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidRequest('The item name is required.');
  if (/["*:<>?/\\|]/.test(value) || /^[\s.]|[\s.]$/.test(value) || value.length > 250) throw invalidRequest(`The item name is not valid: '${value}'.`);
  return value;
}

function conflictBehaviour(value: unknown): ConflictBehaviour {
  if (typeof value === 'string' && (CONFLICT_BEHAVIOURS as readonly string[]).includes(value)) return value as ConflictBehaviour;
  throw invalidRequest(`@microsoft.graph.conflictBehavior must be fail, replace or rename, got '${String(value)}'.`);
}

function freeName(ctx: RouteContext, parentId: string, name: string): string {
  const m = /^(.*?)(\.[^.]*)?$/.exec(name)!;
  for (let n = 1; ; n++) {
    const candidate = `${m[1]} ${n}${m[2] ?? ''}`;
    if (!ctx.store.drive.child(parentId, candidate)) return candidate;
  }
}

/** A driveItem as Graph renders one (driveitem resource), with `$select` applied. */
function entryJson(ctx: RouteContext, e: DriveEntry, call: GraphCall): Record<string, unknown> {
  const drive = ctx.store.drive;
  const actors = ctx.store.actors;
  const guid = createHash('md5').update(e.id).digest('hex');
  const tag = `{${guid.slice(0, 8)}-${guid.slice(8, 12)}-${guid.slice(12, 16)}-${guid.slice(16, 20)}-${guid.slice(20, 32)}}`.toUpperCase();
  const isRoot = e.id === drive.rootId;
  const out: Record<string, unknown> = {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#drives('${drive.id}')/items/$entity`,
    createdDateTime: e.created,
    eTag: `"${tag},${e.version}"`,
    id: e.id,
    lastModifiedDateTime: e.modified,
    name: e.name,
    webUrl: isRoot ? `${ctx.siteUrl}/Shared%20Documents` : `${ctx.siteUrl}/Shared%20Documents/${drive.path(e).split('/').map(encodeURIComponent).join('/')}`,
    cTag: `"c:${tag},${e.version}"`,
    size: e.folder ? drive.children(e.id).reduce((n, c) => n + (c.bytes?.length ?? 0), 0) : (e.bytes?.length ?? 0),
    ...(actors[e.author] ? { createdBy: identitySet(actors[e.author]!) } : {}),
    ...(actors[e.editor] ? { lastModifiedBy: identitySet(actors[e.editor]!) } : {}),
    parentReference: isRoot
      ? { driveType: 'documentLibrary', driveId: drive.id, siteId: ctx.store.identity.siteId }
      : { driveType: 'documentLibrary', driveId: drive.id, id: e.parentId, name: e.parentId === drive.rootId ? 'Shared Documents' : drive.entries.get(e.parentId!)?.name, path: drive.parentPath(e), siteId: ctx.store.identity.siteId },
    fileSystemInfo: { createdDateTime: e.created, lastModifiedDateTime: e.modified },
    ...(e.folder ? { folder: { childCount: drive.children(e.id).length } } : { file: { mimeType: e.mimeType ?? 'application/octet-stream' } }),
    ...(isRoot ? { root: {} } : {}),
  };
  const select = queryOption(call.query, 'select');
  if (!select) return out;
  const keep = new Set(select.split(',').map((s) => s.trim()));
  return Object.fromEntries(Object.entries(out).filter(([k]) => k.startsWith('@') || keep.has(k)));
}
