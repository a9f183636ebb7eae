import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload, type KeyLike } from 'jose';
import { randomBytes } from 'node:crypto';
import { stableGuid, userObjectId } from './ids';

/** Graph's resource, as an app ID URI and as its well-known application id. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** The Teams desktop and web client, the `azp` of a tab's SSO token. */
const TEAMS_CLIENT_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

/** Access tokens live an hour, as Entra's do by default. */
export const TOKEN_LIFETIME_SECONDS = 3600;

/**
 * Signs and checks the tenant's tokens: RS256 JWTs with a key made at start, published at the JWKS
 * endpoint with its kid, so whatever validates them does it the way it validates Entra's.
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
    return this.sign(GRAPH_RESOURCE, {
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
    return this.sign(GRAPH_RESOURCE, {
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

  /** A user's token for an API (the tab's SSO token for `api://<clientId>`), as Teams would obtain it. */
  userToken(upn: string, name: string, audience: string, roles: string[] = [], lifetimeSeconds = TOKEN_LIFETIME_SECONDS): Promise<string> {
    const oid = userObjectId(this.tenantId, upn);
    return this.sign(
      audience,
      {
      ...(roles.length > 0 ? { roles } : {}),
      azp: TEAMS_CLIENT_ID,
      azpacr: '0',
      name,
      oid,
      preferred_username: upn,
      upn,
      scp: 'access_as_user',
      sub: stableGuid(`sub:${audience}:${oid}`),
      ver: '2.0',
      },
      lifetimeSeconds,
    );
  }

  /** An ID token for the app (returned with on-behalf-of when `openid` is asked for, as Entra does). */
  idToken(clientId: string, user: { oid: string; upn: string; name: string }): Promise<string> {
    return this.sign(clientId, { name: user.name, oid: user.oid, preferred_username: user.upn, sub: stableGuid(`sub:${clientId}:${user.oid}`), ver: '2.0' });
  }

  /** Checks signature, issuer and lifetime; the caller checks the audience. Throws when any fails. */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'], clockTolerance: 5 });
    return payload;
  }

  private sign(audience: string, claims: JWTPayload, lifetimeSeconds = TOKEN_LIFETIME_SECONDS): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, tid: this.tenantId, uti: randomBytes(16).toString('base64url') })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid! })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt(Math.min(now, now + lifetimeSeconds - 60))
      .setNotBefore(Math.min(now, now + lifetimeSeconds - 60))
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.privateKey);
  }
}
