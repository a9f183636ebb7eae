import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
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
}

/** botbuilder's side of Teams: the endpoint that takes activities, and proactive messages. */
export interface TeamsConnection {
  messenger: Messenger;
  /** POST /api/messages: botbuilder checks the Bot Framework's token, then the bot answers. */
  endpoint(bot: SkillStepsBot): (req: Request, res: Response) => void;
}

/**
 * CloudAdapter with the Bot Framework authentication of the settings (the managed identity in
 * Azure; none in local mode without an app id), and the messenger that sends through it.
 */
export function connectTeams(settings: TeamsConnectionSettings, log: Logger): TeamsConnection {
  const auth = new ConfigurationBotFrameworkAuthentication(
    settings.appId
      ? {
          MicrosoftAppId: settings.appId,
          MicrosoftAppType: settings.appType,
          MicrosoftAppTenantId: settings.tenantId,
          ...(settings.appPassword ? { MicrosoftAppPassword: settings.appPassword } : {}),
        }
      : {},
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx: TurnContext, error: Error) => {
    log.log('error', 'bot turn failed', { error: error.message, activity: ctx.activity.type });
  };
  return {
    messenger: new TeamsMessenger(adapter, settings.appId ?? ''),
    endpoint: (bot) => (req, res) => {
      adapter.process(req, res, (ctx) => bot.run(ctx)).catch((e: unknown) => {
        log.log('error', 'bot request failed', { error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) res.status(500).end();
      });
    },
  };
}
