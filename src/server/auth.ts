import { Agent } from 'node:https';
import { compactVerify, createRemoteJWKSet, errors } from 'jose';
import type { Caller } from '../app/access';
import type { AppConfig, AuthConfig } from '../config';

/**
 * The one delegated permission the API exposes (aad.manifest.json, `oauth2PermissionScopes`): the
 * tab calls the API as the signed-in person. A token without it was not issued to call this API as
 * a user — an ID token, an app-only token, a token for another scope — and is refused.
 */
export const ACCESS_AS_USER = 'access_as_user';

/** Clock skew allowed on `exp`, `nbf` and `iat` (Entra's and App Service's clocks are NTP-synced). */
export const CLOCK_SKEW_SECONDS = 60;

export type AuthErrorCode =
  | 'AUTH.MISSING'
  | 'AUTH.MALFORMED'
  | 'AUTH.BAD_SIGNATURE'
  | 'AUTH.WRONG_VERSION'
  | 'AUTH.WRONG_TENANT'
  | 'AUTH.WRONG_ISSUER'
  | 'AUTH.WRONG_AUDIENCE'
  | 'AUTH.MISSING_CLAIM'
  | 'AUTH.EXPIRED'
  | 'AUTH.NOT_YET_VALID'
  | 'AUTH.WRONG_SCOPE'
  | 'AUTH.NO_USER';

/** Why a request was refused before it reached any data (401). */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface TokenValidatorOptions extends AuthConfig {
  /** https://login.microsoftonline.com, or the local tenant. */
  authorityHost: string;
  /** The tenant whose keys are fetched (Entra signs every tenant's tokens with the same keys). */
  keysTenantId: string;
  /** Local mode only: trust the local tenant's certificate when fetching its keys. */
  caPem?: string;
}

/**
 * `Bearer`, exactly one space, then a b64token (RFC 6750 §2.1). Two spaces, a tab or anything after
 * the token is refused rather than read generously: what is not the documented form is not a token.
 */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Validates the tab's access token — a Teams SSO token, a nested-app-authentication token, or in
 * local mode the local tenant's — the way Microsoft's identity platform says a web API must
 * (learn.microsoft.com/entra/identity-platform/access-tokens, access-token-claims-reference):
 *
 * 1. the `Authorization` header is `Bearer <token>` with one space;
 * 2. the RS256 signature against the tenant's published keys (JWKS, cached by jose) — first, so a
 *    token nobody signed learns nothing about which tenants or audiences are allowed;
 * 3. then the claims: `ver` 2.0 (the API asks for v2 tokens, `requestedAccessTokenVersion: 2`, and
 *    Entra issues only those for it, whichever endpoint a client used), an allowed `tid` and the
 *    issuer `{authority}/{tid}/v2.0`, one of the API's audiences (a v2 token's `aud` is the API's
 *    client id), `exp`, `nbf` and `iat` present and current, and `scp` holding `access_as_user`
 *    (an ID token has the same audience but no `scp`: it must not call an API);
 * 4. a user: `upn` or `preferred_username`.
 *
 * The same code path serves Entra and the local tenant; only the configured authority differs.
 */
export function createTokenValidator(opts: TokenValidatorOptions): (authorization: string | undefined) => Promise<Caller> {
  const jwks = createRemoteJWKSet(new URL(`${opts.authorityHost}/${opts.keysTenantId}/discovery/v2.0/keys`), {
    agent: opts.caPem ? new Agent({ ca: opts.caPem }) : undefined,
  });
  const allowed = new Set(opts.allowedTenants.map((t) => t.toLowerCase()));
  const audiences = new Set(opts.audiences);
  return async (authorization) => {
    if (!authorization) throw new AuthError('AUTH.MISSING', 'サインインが必要です（トークンがありません）');
    const m = BEARER.exec(authorization);
    if (!m) throw new AuthError('AUTH.MALFORMED', 'トークンの形式が正しくありません（Authorization: Bearer <トークン>）');
    const claims = await verifiedClaims(m[1]!, jwks);
    checkClaims(claims, { allowed, audiences, authorityHost: opts.authorityHost });
    const upn = str(claims.upn) ?? str(claims.preferred_username);
    if (!upn) throw new AuthError('AUTH.NO_USER', 'トークンに利用者（UPN）がありません');
    const groups = Array.isArray(claims.groups) ? (claims.groups as unknown[]).filter((g): g is string => typeof g === 'string') : [];
    const roles = Array.isArray(claims.roles) ? (claims.roles as unknown[]).filter((r): r is string => typeof r === 'string') : [];
    return {
      upn: upn.toLowerCase(),
      oid: str(claims.oid),
      tenantId: str(claims.tid)!.toLowerCase(),
      name: str(claims.name),
      office: roles.includes(opts.officeRole) || (!!opts.officeGroupId && groups.includes(opts.officeGroupId)),
    };
  };
}

type Claims = Record<string, unknown>;
type KeySource = ReturnType<typeof createRemoteJWKSet>;

/** The signature, and nothing else yet: every claim is read only from a token its issuer signed. */
async function verifiedClaims(token: string, jwks: KeySource): Promise<Claims> {
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, jwks, { algorithms: ['RS256'] }));
  } catch (e) {
    if (e instanceof errors.JWSInvalid || e instanceof errors.JOSENotSupported) {
      throw new AuthError('AUTH.MALFORMED', 'トークンの形式が正しくありません');
    }
    // A bad signature, an unknown key id, another algorithm (none, HS256): the same answer for all.
    if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JWKSMultipleMatchingKeys) {
      throw new AuthError('AUTH.BAD_SIGNATURE', 'トークンの署名を確認できません');
    }
    throw e;
  }
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new AuthError('AUTH.MALFORMED', 'トークンの内容が JSON ではありません');
  }
  if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new AuthError('AUTH.MALFORMED', 'トークンの内容が正しくありません');
  return claims as Claims;
}

function checkClaims(c: Claims, opts: { allowed: Set<string>; audiences: Set<string>; authorityHost: string }): void {
  // v1 tokens (`ver` 1.0, issuer https://sts.windows.net/{tid}/) are not issued for this API.
  if (c.ver !== '2.0') throw new AuthError('AUTH.WRONG_VERSION', 'このアプリの API には v2.0 のアクセストークンが必要です');
  const tid = str(c.tid)?.toLowerCase();
  if (!tid || !opts.allowed.has(tid)) throw new AuthError('AUTH.WRONG_TENANT', 'このテナントのユーザーは利用できません');
  if (c.iss !== `${opts.authorityHost}/${tid}/v2.0`) throw new AuthError('AUTH.WRONG_ISSUER', 'トークンの発行者が正しくありません');
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!aud.some((a) => typeof a === 'string' && opts.audiences.has(a))) throw new AuthError('AUTH.WRONG_AUDIENCE', 'このアプリ宛てのトークンではありません');

  for (const claim of ['exp', 'iat'] as const) {
    if (typeof c[claim] !== 'number' || !Number.isFinite(c[claim])) {
      throw new AuthError('AUTH.MISSING_CLAIM', `トークンに ${claim === 'exp' ? '有効期限（exp）' : '発行時刻（iat）'} がありません`);
    }
  }
  if (c.nbf !== undefined && (typeof c.nbf !== 'number' || !Number.isFinite(c.nbf))) throw new AuthError('AUTH.MALFORMED', 'トークンの内容が正しくありません（nbf）');
  const now = Math.floor(Date.now() / 1000);
  if ((c.exp as number) <= now - CLOCK_SKEW_SECONDS) throw new AuthError('AUTH.EXPIRED', 'トークンの有効期限が切れています。もう一度サインインしてください');
  if ((c.iat as number) > now + CLOCK_SKEW_SECONDS || (typeof c.nbf === 'number' && c.nbf > now + CLOCK_SKEW_SECONDS)) {
    throw new AuthError('AUTH.NOT_YET_VALID', 'トークンがまだ有効になっていません（発行時刻が未来です）');
  }

  // `scp` is space-separated (access-token-claims-reference); an ID token and an app-only token have none.
  const scopes = typeof c.scp === 'string' ? c.scp.split(' ') : [];
  if (!scopes.includes(ACCESS_AS_USER)) {
    throw new AuthError('AUTH.WRONG_SCOPE', `このアプリの API を呼ぶためのアクセストークン（スコープ ${ACCESS_AS_USER}）ではありません`);
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * What the tab needs to sign in with MSAL (tab/src/host): the app's client id, the tenant's
 * authorize endpoint (the MSAL authority is this URL without `/oauth2/v2.0/authorize`) and the API's
 * scope (`<Application ID URI>/access_as_user`). All three are public: they are in every token and
 * in the app's manifest. Undefined until the client id and tenant are configured.
 */
export interface TabSignIn {
  authorizeUrl: string;
  clientId: string;
  scope: string;
}

export function tabSignIn(config: Pick<AppConfig, 'graph' | 'server'>): TabSignIn | undefined {
  const { clientId, tenantId, authorityHost } = config.graph;
  const appIdUri = config.server.auth.applicationIdUri;
  if (!clientId || !tenantId || !appIdUri) return undefined;
  return { authorizeUrl: `${authorityHost}/${tenantId}/oauth2/v2.0/authorize`, clientId, scope: `${appIdUri}/${ACCESS_AS_USER}` };
}
