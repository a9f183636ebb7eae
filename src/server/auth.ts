import { Agent } from 'node:https';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Caller } from '../app/access';
import type { AuthConfig } from '../config';

/** Why a request was refused before it reached any data (401). */
export class AuthError extends Error {
  constructor(
    readonly code: 'AUTH.MISSING' | 'AUTH.MALFORMED' | 'AUTH.EXPIRED' | 'AUTH.BAD_SIGNATURE' | 'AUTH.WRONG_AUDIENCE' | 'AUTH.WRONG_TENANT' | 'AUTH.WRONG_ISSUER' | 'AUTH.NO_USER',
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
 * Validates a Teams SSO token (or, in local mode, the local tenant's) the way Entra ID's are
 * validated: RS256 signature against the tenant's published keys (JWKS, cached by jose), issuer
 * `{authority}/{tid}/v2.0`, an allowed tenant, one of the app's audiences, not expired. The same
 * code path serves both; only the configured authority differs.
 */
export function createTokenValidator(opts: TokenValidatorOptions): (authorization: string | undefined) => Promise<Caller> {
  const jwks = createRemoteJWKSet(new URL(`${opts.authorityHost}/${opts.keysTenantId}/discovery/v2.0/keys`), {
    agent: opts.caPem ? new Agent({ ca: opts.caPem }) : undefined,
  });
  const allowed = new Set(opts.allowedTenants.map((t) => t.toLowerCase()));
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!authorization) throw new AuthError('AUTH.MISSING', 'サインインが必要です（トークンがありません）');
    if (!m) throw new AuthError('AUTH.MALFORMED', 'トークンの形式が正しくありません');
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(m[1]!);
    } catch {
      throw new AuthError('AUTH.MALFORMED', 'トークンの形式が正しくありません');
    }
    const tid = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : '';
    if (!allowed.has(tid)) throw new AuthError('AUTH.WRONG_TENANT', 'このテナントのユーザーは利用できません');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(m[1]!, jwks, {
        algorithms: ['RS256'],
        issuer: `${opts.authorityHost}/${tid}/v2.0`,
        audience: opts.audiences,
        clockTolerance: 60,
      }));
    } catch (e) {
      throw mapJoseError(e);
    }
    const upn = (payload.upn ?? payload.preferred_username) as string | undefined;
    if (!upn) throw new AuthError('AUTH.NO_USER', 'トークンに利用者（UPN）がありません');
    const groups = Array.isArray(payload.groups) ? (payload.groups as string[]) : [];
    const roles = Array.isArray(payload.roles) ? (payload.roles as string[]) : [];
    return {
      upn: upn.toLowerCase(),
      oid: payload.oid as string | undefined,
      tenantId: tid,
      name: payload.name as string | undefined,
      office: roles.includes(opts.officeRole) || (!!opts.officeGroupId && groups.includes(opts.officeGroupId)),
    };
  };
}

function mapJoseError(e: unknown): AuthError {
  if (e instanceof errors.JWTExpired) return new AuthError('AUTH.EXPIRED', 'トークンの有効期限が切れています。もう一度サインインしてください');
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return new AuthError('AUTH.WRONG_AUDIENCE', 'このアプリ宛てのトークンではありません');
    if (e.claim === 'iss') return new AuthError('AUTH.WRONG_ISSUER', 'トークンの発行者が正しくありません');
    return new AuthError('AUTH.MALFORMED', `トークンの内容が正しくありません（${e.claim}）`);
  }
  if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey) {
    return new AuthError('AUTH.BAD_SIGNATURE', 'トークンの署名を確認できません');
  }
  return new AuthError('AUTH.MALFORMED', 'トークンを確認できません');
}
