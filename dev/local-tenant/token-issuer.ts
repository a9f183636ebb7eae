import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { randomBytes } from 'node:crypto';
import { stableGuid, userObjectId } from './ids';

/** Graph's resource, as an app ID URI and as its well-known application id. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** The Teams desktop and web client, the `azp` of a tab's SSO token (aad.manifest.json preauthorizes it). */
export const TEAMS_CLIENT_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

/** Access tokens live an hour, as Entra's do by default. */
export const TOKEN_LIFETIME_SECONDS = 3600;

/** A person as tokens name them. */
export interface TokenUser {
  upn: string;
  name: string;
}

/** What an access token for the app's API carries beyond the person. */
export interface AccessTokenOptions {
  /** The API's client id: a v2 token's `aud` is always the client id of the API. */
  audience: string;
  /** Granted delegated scopes, short names (`access_as_user`), space-joined into `scp`. */
  scopes: string[];
  /** The client that asked: Teams for an SSO token, the app itself for its SPA or NAA. */
  azp: string;
  /** App roles assigned to the person (`roles`). */
  roles?: string[];
  /** A negative lifetime makes an expired token (tests). */
  lifetimeSeconds?: number;
}

/**
 * Signs and checks the tenant's tokens: RS256 JWTs with a key made at start, published at the JWKS
 * endpoint with its kid, so whatever validates them does it the way it validates Entra's.
 *
 * The tokens for people are shaped as Entra's v2 endpoint issues them for an API whose manifest
 * asks for v2 tokens: claims per learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 * and …/id-token-claims-reference (dev/README.md lists them).
 */
export class TokenIssuer {
  private constructor(
    /** `${url}/${tenantId}/v2.0`, as in the OpenID configuration. */
    readonly issuer: string,
    readonly tenantId: string,
    private readonly privateKey: KeyLike,
    private readonly publicKey: KeyLike,
    private readonly publicJwk: JWK,
  ) {}

  static async create(issuer: string, tenantId: string): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new TokenIssuer(issuer, tenantId, privateKey, publicKey, { ...jwk, kid, use: 'sig', alg: 'RS256' });
  }

  /** The JWKS document (discovery/v2.0/keys). */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.publicJwk, issuer: this.issuer } as JWK] };
  }

  /** An app-only Graph token (client credentials), with the application permission SkillSteps asks for. */
  appGraphToken(clientId: string, appName: string): Promise<string> {
    const sp = stableGuid(`service-principal:${clientId}`);
    return this.signed(GRAPH_RESOURCE, {
      appid: clientId,
      azp: clientId,
      appidacr: '1',
      app_displayname: appName,
      idtyp: 'app',
      oid: sp,
      sub: sp,
      roles: ['Sites.Selected'],
      ver: '1.0',
    });
  }

  /** A delegated Graph token for the user an on-behalf-of assertion names. */
  oboGraphToken(clientId: string, appName: string, user: { oid: string; upn: string; name: string }, scopes: string[]): Promise<string> {
    return this.signed(GRAPH_RESOURCE, {
      appid: clientId,
      azp: clientId,
      appidacr: '1',
      app_displayname: appName,
      idtyp: 'user',
      name: user.name,
      oid: user.oid,
      sub: stableGuid(`sub:${clientId}:${user.oid}`),
      upn: user.upn,
      unique_name: user.upn,
      scp: scopes.join(' '),
      ver: '1.0',
    });
  }

  /**
   * A person's v2 access token for an API of this tenant: `aud` the API's client id, `scp`, `azp`,
   * `azpacr` 0 (a public client: Teams, the SPA, or the host brokering NAA), `oid`, `tid`, `sub`,
   * `preferred_username`, `name`, `idtyp` (the optional claim aad.manifest.json asks for),
   * `iat`/`nbf`/`exp`, `uti`, `ver` 2.0. No `upn`: it is an optional claim in v2 tokens, not configured.
   */
  accessToken(user: TokenUser, opts: AccessTokenOptions): Promise<string> {
    const oid = userObjectId(this.tenantId, user.upn);
    return this.signed(
      opts.audience,
      {
        ...(opts.roles && opts.roles.length > 0 ? { roles: opts.roles } : {}),
        azp: opts.azp,
        azpacr: '0',
        idtyp: 'user',
        name: user.name,
        oid,
        preferred_username: user.upn,
        scp: opts.scopes.join(' '),
        sub: pairwiseSub(opts.audience, oid),
        ver: '2.0',
      },
      opts.lifetimeSeconds,
    );
  }

  /**
   * A v2 ID token for the app that signed the person in: `aud` the client id, no `scp` (it proves who
   * signed in to that client and must not call an API), `nonce` echoed from the authorize request,
   * `roles` when the person holds app roles, `iat`/`nbf`/`exp`, `ver` 2.0.
   */
  idToken(clientId: string, user: TokenUser, opts: { nonce?: string; roles?: string[] } = {}): Promise<string> {
    const oid = userObjectId(this.tenantId, user.upn);
    return this.signed(clientId, {
      ...(opts.nonce ? { nonce: opts.nonce } : {}),
      ...(opts.roles && opts.roles.length > 0 ? { roles: opts.roles } : {}),
      name: user.name,
      oid,
      preferred_username: user.upn,
      sub: pairwiseSub(clientId, oid),
      ver: '2.0',
    });
  }

  /**
   * Signs exactly these claims with the tenant's key (header as every token's): for tests of what a
   * validator refuses — a v1 token, no `exp`, `iat` in the future — that Entra itself would sign.
   */
  signClaims(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid! }).sign(this.privateKey);
  }

  /** Checks signature, issuer and lifetime; the caller checks the audience. Throws when any fails. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'], clockTolerance: 5 });
    return payload;
  }

  private signed(audience: string, claims: JWTPayload, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    // An expired token (negative lifetime) was issued before it expired.
    const issued = Math.min(now, now + lifetimeSeconds - 60);
    return this.signClaims({
      ...claims,
      aud: audience,
      iss: this.issuer,
      iat: issued,
      nbf: issued,
      exp: now + lifetimeSeconds,
      tid: this.tenantId,
      uti: randomBytes(16).toString('base64url'),
    });
  }
}

/** `sub` is pairwise: the same person has a different subject for each application (claims references). */
function pairwiseSub(clientId: string, oid: string): string {
  return Buffer.from(stableGuid(`sub:${clientId}:${oid}`).replace(/-/g, ''), 'hex').toString('base64url');
}
