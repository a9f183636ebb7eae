import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import type { AadReply } from './aad-types';

/** The Bot Connector's token issuer (Bot Framework's "Connector to Bot" authentication). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Where the tenant publishes the stand-in Bot Framework's metadata and keys (login.botframework.com's paths, under /botframework). */
export const BOT_FRAMEWORK_PREFIX = '/botframework/v1/.well-known';

/** A channel whose key a token is signed with: Teams', or Web Chat's (a key not endorsed for Teams). */
export type EndorsedChannel = 'msteams' | 'webchat';

export interface ChannelTokenRequest {
  /** The bot's Microsoft App ID: the token's audience. */
  appId: string;
  /** The activity's serviceUrl: the token names it in its `serviceurl` claim. */
  serviceUrl: string;
  /** The key to sign with: Teams' (default), or one endorsed for Web Chat only. */
  signedFor?: EndorsedChannel;
  /** Default 3600; negative: already expired. */
  lifetimeSeconds?: number;
}

interface SigningKey {
  privateKey: KeyLike;
  jwk: JWK;
}

/**
 * The Bot Framework's side of "Connector to Bot" authentication, as the Bot Connector does it for
 * Teams: an OpenID metadata document (issuer https://api.botframework.com, `jwks_uri`), its signing
 * keys with the `endorsements` of the channels each may sign for, and channel tokens (RS256, `aud`
 * the bot's app id, `serviceurl` the activity's) for tests to post activities as Teams would.
 * botbuilder validates them with its own code, pointed here by its OpenID metadata setting.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
 */
export class BotFrameworkChannel {
  private made?: Promise<Record<EndorsedChannel, SigningKey>>;

  constructor(private readonly baseUrl: string) {}

  /** The keys, made on first use: most tenants never serve a bot. */
  private keys(): Promise<Record<EndorsedChannel, SigningKey>> {
    const key = async (): Promise<SigningKey> => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = await exportJWK(publicKey);
      const kid = await calculateJwkThumbprint(jwk);
      return { privateKey, jwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } };
    };
    this.made ??= Promise.all([key(), key()]).then(([msteams, webchat]) => ({ msteams, webchat }));
    return this.made;
  }

  /** The value of botbuilder's BotOpenIdMetadata (SKILLSTEPS_BOT_OPENID_METADATA). */
  get openIdMetadataUrl(): string {
    return `${this.baseUrl}${BOT_FRAMEWORK_PREFIX}/openidconfiguration`;
  }

  /** The metadata document and the keys; undefined for any other path. */
  async handle(method: string, path: string): Promise<AadReply | undefined> {
    if (!path.startsWith(`${BOT_FRAMEWORK_PREFIX}/`)) return undefined;
    if (method !== 'GET') return { status: 405, body: { error: { code: 'MethodNotAllowed', message: `${method} ${path}: only GET is served.` } } };
    if (path === `${BOT_FRAMEWORK_PREFIX}/openidconfiguration`) {
      // The document the Bot Framework publishes, with this tenant's URL for the keys.
      return {
        status: 200,
        body: {
          issuer: BOT_FRAMEWORK_ISSUER,
          authorization_endpoint: 'https://invalid.botframework.com',
          jwks_uri: `${this.baseUrl}${BOT_FRAMEWORK_PREFIX}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        },
      };
    }
    if (path === `${BOT_FRAMEWORK_PREFIX}/keys`) {
      // Each key says which channels it signs for (`endorsements`); botbuilder checks the activity's channelId against them.
      const keys = await this.keys();
      const endorsed = (channel: EndorsedChannel): JWK => ({ ...keys[channel].jwk, endorsements: [channel] }) as JWK;
      return { status: 200, body: { keys: [endorsed('msteams'), endorsed('webchat')] } };
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `${path} is not served (openidconfiguration and keys are).` } } };
  }

  /** A token as the Bot Connector sends with an activity to the bot. */
  async channelToken(req: ChannelTokenRequest): Promise<string> {
    const key = (await this.keys())[req.signedFor ?? 'msteams'];
    const now = Math.floor(Date.now() / 1000);
    const lifetime = req.lifetimeSeconds ?? 3600;
    return new SignJWT({ serviceurl: req.serviceUrl })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.jwk.kid!, x5t: key.jwk.kid! })
      .setIssuer(BOT_FRAMEWORK_ISSUER)
      .setAudience(req.appId)
      .setNotBefore(Math.min(now, now + lifetime - 600))
      .setExpirationTime(now + lifetime)
      .sign(key.privateKey);
  }
}
