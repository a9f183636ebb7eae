import { apiScopes, authorityOf, browserConfiguration, nestedConfiguration } from './msal-config';

const local = { authorizeUrl: 'https://localhost:8443/00000000-0000-4000-8000-000000000001/oauth2/v2.0/authorize', clientId: 'c1', scope: 'api://localhost/c1/access_as_user' };
const entra = { authorizeUrl: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/authorize', clientId: 'c2', scope: 'api://city.example.jp/c2/access_as_user' };

describe('MSAL configuration from the server’s sign-in settings', () => {
  it('takes the authority from the authorize endpoint, and refuses a URL that is not one', () => {
    expect(authorityOf(local)).toBe('https://localhost:8443/00000000-0000-4000-8000-000000000001');
    expect(() => authorityOf({ ...local, authorizeUrl: 'https://localhost:8443/t/authorize' })).toThrow('/oauth2/v2.0/authorize');
  });

  it('declares the local tenant in knownAuthorities (no instance discovery), not Entra, and redirects back to /tab/', () => {
    expect(browserConfiguration(local, 'http://localhost:3978')).toEqual({
      auth: { clientId: 'c1', authority: 'https://localhost:8443/00000000-0000-4000-8000-000000000001', knownAuthorities: ['localhost:8443'], redirectUri: 'http://localhost:3978/tab/' },
      cache: { cacheLocation: 'sessionStorage' },
    });
    expect(browserConfiguration(entra, 'https://city.example.jp').auth.knownAuthorities).toEqual([]);
  });

  it('asks for the API scope only (MSAL adds the OpenID Connect ones), for NAA as for the dev host', () => {
    expect(apiScopes(entra)).toEqual(['api://city.example.jp/c2/access_as_user']);
    expect(nestedConfiguration(entra)).toEqual({ auth: { clientId: 'c2', authority: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555' } });
  });
});
