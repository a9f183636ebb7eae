import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignedInUser } from './aad-types';

/**
 * What the authorize endpoint granted, kept for the token endpoint: authorization codes (one use,
 * about ten minutes, bound to the redirect URI and the PKCE challenge) and the refresh tokens issued
 * for a single-page app (24 hours from the sign-in, carried over by every refresh).
 * learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */

/** "Authorization codes are short lived. Typically, they expire after about 10 minutes." */
export const CODE_LIFETIME_MS = 10 * 60_000;
/** "For refresh tokens sent to a redirect URI registered as spa, the refresh token expires after 24 hours." */
export const SPA_REFRESH_LIFETIME_MS = 24 * 60 * 60_000;

/** A grant: who signed in to which client, for which scopes of which API. */
export interface Grant {
  clientId: string;
  user: SignedInUser;
  /** The API's scopes as the client asked for them (`api://localhost/<id>/access_as_user`): echoed in `scope`. */
  resourceScopes: string[];
  /** The same scopes' short names (`access_as_user`): the token's `scp`. */
  scp: string[];
  /** `openid`, `profile`, `offline_access`, `email` as asked. */
  oidcScopes: string[];
}

export interface AuthorizationCode extends Grant {
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  nonce?: string;
  expiresAt: number;
}

export interface RefreshGrant extends Grant {
  expiresAt: number;
}

export type Redemption<T> = { ok: true; grant: T } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export class AuthGrants {
  private readonly codes = new Map<string, AuthorizationCode & { used: boolean; refreshTokens: string[] }>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(private readonly now: () => number = Date.now) {}

  issueCode(grant: Omit<AuthorizationCode, 'expiresAt'>): string {
    this.sweep();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { ...grant, expiresAt: this.now() + CODE_LIFETIME_MS, used: false, refreshTokens: [] });
    return code;
  }

  /**
   * Takes a code once. A second use is refused, and the refresh tokens the first use issued are
   * revoked (RFC 6749 §4.1.2: the server "SHOULD revoke … all tokens previously issued based on that
   * authorization code").
   */
  redeemCode(code: string): Redemption<AuthorizationCode> {
    const entry = this.codes.get(code);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.used) {
      for (const rt of entry.refreshTokens) this.refreshTokens.delete(rt);
      return { ok: false, reason: 'used' };
    }
    entry.used = true;
    if (entry.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, grant: entry };
  }

  /** A refresh token for a grant; `fromCode` ties it to the code it came from (revoked if that code is replayed). */
  issueRefreshToken(grant: Grant, expiresAt: number, fromCode?: string): string {
    const token = randomBytes(48).toString('base64url');
    this.refreshTokens.set(token, { ...grant, expiresAt });
    if (fromCode) this.codes.get(fromCode)?.refreshTokens.push(token);
    return token;
  }

  /** Refresh tokens are not revoked when used (the old one stays valid until it expires). */
  redeemRefreshToken(token: string): Redemption<RefreshGrant> {
    const grant = this.refreshTokens.get(token);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.expiresAt <= this.now()) {
      this.refreshTokens.delete(token);
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, grant };
  }

  private sweep(): void {
    const now = this.now();
    for (const [code, entry] of this.codes) if (entry.expiresAt + CODE_LIFETIME_MS <= now) this.codes.delete(code);
    for (const [token, grant] of this.refreshTokens) if (grant.expiresAt <= now) this.refreshTokens.delete(token);
  }
}

/** RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) for S256, the verifier itself for plain. */
export function pkceMatches(verifier: string, challenge: string, method: 'S256' | 'plain'): boolean {
  const computed = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  const a = Buffer.from(computed);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** RFC 7636 §4.1: a verifier is 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export function isPkceVerifier(v: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(v);
}

const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export type ScopeResolution = { ok: true; resourceScopes: string[]; scp: string[]; oidcScopes: string[] } | { ok: false; description: string };

/**
 * Reads a `scope` parameter against the app registration: OpenID Connect scopes, and scopes of the
 * app's own API named by one of its Application ID URIs or its client id (`<uri>/access_as_user`,
 * `<uri>/.default`). The local tenant issues tokens through /authorize for that API only.
 */
export function resolveScopes(app: { clientId: string; identifierUris: string[]; scopes: string[] }, scope: string): ScopeResolution {
  const asked = scope.split(/\s+/).filter(Boolean);
  const prefixes = [...app.identifierUris, app.clientId].map((p) => p.toLowerCase());
  const oidcScopes: string[] = [];
  const resourceScopes: string[] = [];
  const scp = new Set<string>();
  for (const s of asked) {
    if (OIDC_SCOPES.includes(s.toLowerCase())) {
      oidcScopes.push(s.toLowerCase());
      continue;
    }
    const slash = s.lastIndexOf('/');
    const prefix = slash > 0 ? s.slice(0, slash).toLowerCase() : '';
    const name = s.slice(slash + 1);
    if (!prefixes.includes(prefix)) {
      return { ok: false, description: `The provided value for the input parameter 'scope' is not valid. The scope ${s} is not valid. The local tenant issues tokens at /authorize for the app's own API only (${app.identifierUris.join(', ')}).` };
    }
    const granted = name === '.default' ? app.scopes : app.scopes.filter((x) => x.toLowerCase() === name.toLowerCase());
    if (granted.length === 0) return { ok: false, description: `The provided value for the input parameter 'scope' is not valid. The scope ${s} is not valid: the API exposes ${app.scopes.join(', ')}.` };
    resourceScopes.push(s);
    for (const g of granted) scp.add(g);
  }
  if (resourceScopes.length === 0) {
    return { ok: false, description: `The provided value for the input parameter 'scope' is not valid. Ask for a scope of the app's API (${app.identifierUris[0]}/${app.scopes[0]}); sign-in with OpenID Connect scopes alone (a Microsoft Graph token) is not implemented by the local tenant.` };
  }
  if (resourceScopes.some((s) => s.endsWith('/.default')) && resourceScopes.length > 1) {
    return { ok: false, description: "The provided value for the input parameter 'scope' is not valid. The .default scope can't be combined with resource-specific scopes." };
  }
  return { ok: true, resourceScopes, scp: [...scp], oidcScopes: [...new Set(oidcScopes)] };
}

/**
 * The registered SPA redirect URI a request's `redirect_uri` matches, exactly — except that for
 * `http://localhost` the port is ignored (reply-url: "Localhost exceptions").
 */
export function matchSpaRedirect(registered: string[], redirectUri: string): string | undefined {
  let asked: URL;
  try {
    asked = new URL(redirectUri);
  } catch {
    return undefined;
  }
  return registered.find((r) => {
    const reg = new URL(r);
    const loopback = reg.hostname === 'localhost' || reg.hostname === '127.0.0.1';
    const sameOrigin = loopback ? reg.protocol === asked.protocol && reg.hostname === asked.hostname : reg.origin === asked.origin;
    return sameOrigin && reg.pathname === asked.pathname && reg.search === asked.search && asked.hash === '';
  });
}

/** Whether an `Origin` header is that of a registered SPA redirect URI (CORS on the token endpoint). */
export function isSpaOrigin(registered: string[], origin: string): boolean {
  return matchSpaRedirect(registered.map((r) => new URL('/', r).toString()), `${origin}/`) !== undefined;
}
