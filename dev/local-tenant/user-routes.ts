import { queryOption, type GraphCall, type GraphReply } from './graph-call';
import { GraphError } from './graph-error';
import type { RouteContext } from './route-context';
import type { DirectoryUser } from './site-store';
import type { Params } from './site-routes';

/**
 * users/{id | userPrincipalName} and /me (user-get), answered from the Staff list: the local
 * directory is the people the municipality's HR file names.
 */
export function getUser(call: GraphCall, ctx: RouteContext, p: Params): GraphReply {
  return userReply(call, ctx, p.user!);
}

export function getMe(call: GraphCall, ctx: RouteContext): GraphReply {
  if (call.caller.kind !== 'user' || !call.caller.upn) {
    throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  }
  return userReply(call, ctx, call.caller.upn);
}

function userReply(call: GraphCall, ctx: RouteContext, ref: string): GraphReply {
  const user = ctx.store.findUser(ref);
  if (!user) {
    throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${ref}' does not exist or one of its queried reference-property objects are not present.`);
  }
  const select = queryOption(call.query, 'select');
  const body: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users/$entity` };
  const all: Record<keyof DirectoryUser, string> = user;
  if (select) {
    for (const key of select.split(',').map((s) => s.trim())) if (key in all) body[key] = all[key as keyof DirectoryUser];
  } else {
    Object.assign(body, all);
  }
  return { status: 200, body };
}
