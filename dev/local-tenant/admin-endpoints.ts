import type { FaultChanges } from './faults';

/**
 * Control of a tenant running in another process (`node dist/dev/local-tenant/main.js`), for the
 * benchmark and for trying the app by hand: the LocalTenant methods over HTTPS under /_local/,
 * allowed with the app's client secret in `x-local-tenant-secret`.
 */
export interface TenantControl {
  clientSecret: string;
  setFaults(f: FaultChanges): void;
  expireDeltaTokens(): void;
  stats(): unknown;
  resetStats(): void;
  reset(): Promise<void>;
  /** A user's token for an API; `roles` adds app roles (ProgrammeOffice), a negative lifetime makes it expired (tests). */
  issueUserToken(upn: string, audience: string, opts?: { roles?: string[]; lifetimeSeconds?: number }): Promise<string>;
}

export async function handleAdmin(control: TenantControl, method: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: unknown }> {
  if (headers['x-local-tenant-secret'] !== control.clientSecret) {
    return { status: 401, body: adminError('Unauthorized', 'The x-local-tenant-secret header must hold the client secret printed at start.') };
  }
  let json: Record<string, unknown> = {};
  try {
    if (body.trim() !== '') json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return { status: 400, body: adminError('BadRequest', 'The body is not JSON.') };
  }
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_local/stats':
      return { status: 200, body: control.stats() };
    case 'POST /_local/stats/reset':
      control.resetStats();
      return { status: 204, body: undefined };
    case 'POST /_local/faults':
      control.setFaults(json as FaultChanges);
      return { status: 204, body: undefined };
    case 'POST /_local/expire-delta-tokens':
      control.expireDeltaTokens();
      return { status: 204, body: undefined };
    case 'POST /_local/reset':
      await control.reset();
      return { status: 204, body: undefined };
    case 'POST /_local/user-token': {
      const { upn, audience } = json;
      if (typeof upn !== 'string' || typeof audience !== 'string') return { status: 400, body: adminError('BadRequest', '{ "upn": "…", "audience": "api://<clientId>" } is expected.') };
      return { status: 200, body: { token: await control.issueUserToken(upn, audience) } };
    }
    default:
      return { status: 404, body: adminError('itemNotFound', `${route} is not a local tenant control endpoint.`) };
  }
}

function adminError(code: string, message: string): unknown {
  return { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': '', 'client-request-id': '' } } };
}
