import { teamsTokenSource, type TeamsTokenDeps } from './teams-token';

const settings = { authorizeUrl: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize', clientId: 'c', scope: 'api://city.example.jp/c/access_as_user' };

class Unavailable extends Error {
  override name = 'NestedAppAuthUnavailable';
}

/** The choice between nested app authentication and getAuthToken, with both ends recorded. */
function deps(over: Partial<TeamsTokenDeps> = {}): TeamsTokenDeps & { used: string[] } {
  const used: string[] = [];
  return {
    used,
    naaRecommended: () => true,
    settings: async () => settings,
    nestedAppAuth: async () => async () => {
      used.push('naa');
      return 'naa-token';
    },
    getAuthToken: async () => {
      used.push('getAuthToken');
      return 'sso-token';
    },
    isUnavailable: (e) => e instanceof Unavailable,
    ...over,
  };
}

describe('the token in Teams: nested app authentication, else getAuthToken', () => {
  it('uses NAA when the host recommends it and the server names the app', async () => {
    const d = deps();
    const source = await teamsTokenSource(d);
    expect([source.kind, await source.get(), await source.get()]).toEqual(['naa', 'naa-token', 'naa-token']);
    expect(d.used).toEqual(['naa', 'naa']);
  });

  it('falls back to getAuthToken where the host does not recommend NAA (isNAAChannelRecommended false, or throwing before initialize)', async () => {
    for (const naaRecommended of [() => false, () => { throw new Error('not initialized'); }]) {
      const d = deps({ naaRecommended });
      const source = await teamsTokenSource(d);
      expect([source.kind, await source.get()]).toEqual(['sso', 'sso-token']);
      expect(d.used).toEqual(['getAuthToken']);
    }
  });

  it('falls back to getAuthToken when the server does not say which app (GET /api/sign-in 404 or failing)', async () => {
    for (const s of [async () => undefined, async () => Promise.reject(new Error('offline'))]) {
      const source = await teamsTokenSource(deps({ settings: s }));
      expect([source.kind, await source.get()]).toEqual(['sso', 'sso-token']);
    }
  });

  it('falls back to getAuthToken when the NAA bridge is missing, and for good when the host later says it is unavailable', async () => {
    const missing = await teamsTokenSource(deps({ nestedAppAuth: async () => Promise.reject(new Unavailable('no bridge')) }));
    expect([missing.kind, await missing.get()]).toEqual(['sso', 'sso-token']);

    let calls = 0;
    const d = deps({
      nestedAppAuth: async () => async () => {
        calls += 1;
        throw new Unavailable('NESTED_APP_AUTH_UNAVAILABLE');
      },
    });
    const later = await teamsTokenSource(d);
    expect([await later.get(), await later.get()]).toEqual(['sso-token', 'sso-token']);
    expect(calls).toBe(1);
  });

  it('does not hide other NAA failures behind getAuthToken (consent refused, a server error)', async () => {
    const d = deps({
      nestedAppAuth: async () => async () => {
        throw new Error('user_canceled');
      },
    });
    const source = await teamsTokenSource(d);
    await expect(source.get()).rejects.toThrow('user_canceled');
    expect(d.used).toEqual([]);
  });
});
