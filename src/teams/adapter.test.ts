import { AuthenticationConstants } from 'botframework-connector';
import { CallerIdConstants } from 'botbuilder';
import { PUBLIC_CLOUD, botFrameworkAuthConfig } from './adapter';

describe('the Bot Framework settings botbuilder is given', () => {
  it('spells out the public cloud exactly as botframework-connector does by default', () => {
    // botFrameworkAuthenticationFactory: with no parameterized value set, these are the public cloud's.
    expect(PUBLIC_CLOUD).toEqual({
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  });

  it('passes the identity alone by default, and the whole public cloud with another metadata URL', () => {
    const identity = { appId: 'bot-id', appType: 'UserAssignedMSI' as const, tenantId: 'tid' };
    expect(botFrameworkAuthConfig({ appType: 'SingleTenant' })).toEqual({});
    expect(botFrameworkAuthConfig(identity)).toEqual({ MicrosoftAppId: 'bot-id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tid' });
    expect(botFrameworkAuthConfig({ ...identity, openIdMetadataUrl: 'https://localhost:8443/botframework/v1/.well-known/openidconfiguration' })).toEqual({
      MicrosoftAppId: 'bot-id',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: 'tid',
      ...PUBLIC_CLOUD,
      ToBotFromChannelOpenIdMetadataUrl: 'https://localhost:8443/botframework/v1/.well-known/openidconfiguration',
    });
  });
});
