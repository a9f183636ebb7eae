import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from 'botbuilder';
import type { Request, Response } from 'express';
import type { Logger, Messenger } from '../ports';
import type { SkillStepsBot } from './bot';
import { TeamsMessenger } from './messenger';

/** How the bot proves itself to the Bot Framework and checks the Bot Framework's tokens (config.bot). */
export interface TeamsConnectionSettings {
  /** The bot's Microsoft App ID; absent only in local mode (anonymous traffic from the Playground and tests). */
  appId?: string;
  appType: 'UserAssignedMSI' | 'SingleTenant' | 'MultiTenant';
  tenantId?: string;
  /** SECRET (SingleTenant/MultiTenant). */
  appPassword?: string;
  /** Where the channels' signing keys are published; absent: the public cloud's (SKILLSTEPS_BOT_OPENID_METADATA). */
  openIdMetadataUrl?: string;
}

/** botbuilder's side of Teams: the endpoint that takes activities, and proactive messages. */
export interface TeamsConnection {
  messenger: Messenger;
  /** POST /api/messages: botbuilder checks the Bot Framework's token, then the bot answers. */
  endpoint(bot: SkillStepsBot): (req: Request, res: Response) => void;
}

/**
 * The public Azure cloud's Bot Framework settings, as botframework-connector's AuthenticationConstants
 * and its factory's default give them (src/teams/adapter.test.ts compares). botbuilder takes every one
 * of these as given once any is set, so another metadata URL comes with all the others spelt out.
 */
export const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: CallerIdConstants.PublicAzureChannel,
} as const;

/** botbuilder's configuration for the settings: the identity, and the channels' metadata when not the public cloud's. */
export function botFrameworkAuthConfig(settings: TeamsConnectionSettings): ConfigurationBotFrameworkAuthenticationOptions {
  if (!settings.appId) return {};
  return {
    MicrosoftAppId: settings.appId,
    MicrosoftAppType: settings.appType,
    MicrosoftAppTenantId: settings.tenantId,
    ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
    ...(settings.openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl } : {}),
  };
}

/**
 * CloudAdapter with the Bot Framework authentication of the settings (the managed identity in
 * Azure; none in local mode without an app id), and the messenger that sends through it.
 */
export function connectTeams(settings: TeamsConnectionSettings, log: Logger): TeamsConnection {
  const auth = new ConfigurationBotFrameworkAuthentication(botFrameworkAuthConfig(settings));
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx: TurnContext, error: Error) => {
    log.log('error', 'bot turn failed', { error: error.message, activity: ctx.activity.type });
  };
  return {
    messenger: new TeamsMessenger(adapter, settings.appId ?? ''),
    endpoint: (bot) => (req, res) => {
      refused(auth, req, log)
        .then((no) => (no ? void res.status(401).end() : adapter.process(req, res, (ctx) => bot.run(ctx))))
        .catch((e: unknown) => {
          log.log('error', 'bot request failed', { error: e instanceof Error ? e.message : String(e) });
          if (!res.headersSent) res.status(500).end();
        });
    },
  };
}

/**
 * Whether botbuilder's own validation refuses the request. The adapter runs it again and answers 401
 * to what it calls an authentication failure, but 500 to a token naming a published key whose
 * signature does not verify (jsonwebtoken's error is not its AuthenticationError): asked first, every
 * refusal is a 401, and logged without the token.
 */
async function refused(auth: ConfigurationBotFrameworkAuthentication, req: Request, log: Logger): Promise<boolean> {
  const body = req.body as Partial<Activity> | undefined;
  if (!body || typeof body !== 'object') return false; // the adapter answers 400
  try {
    await auth.authenticateRequest(body as Activity, req.headers.authorization ?? '');
    return false;
  } catch (e) {
    log.log('warn', 'bot request refused', { reason: e instanceof Error ? e.message : String(e), channelId: body.channelId, hasToken: !!req.headers.authorization });
    return true;
  }
}
