import { ConfigError, graphCredentialProblems, loadConfig } from './config';

describe('configuration from the environment', () => {
  it('defaults to Microsoft Graph and Entra ID', () => {
    const c = loadConfig({});
    expect([c.graph.baseUrl, c.graph.authorityHost, c.graph.concurrency, c.graph.pageSize, c.syncCacheDir]).toEqual([
      'https://graph.microsoft.com',
      'https://login.microsoftonline.com',
      4,
      5000,
      '.local/sync-cache',
    ]);
  });

  it('names every malformed variable and what it should look like, all at once', () => {
    let error: unknown;
    try {
      loadConfig({ SKILLSTEPS_GRAPH_BASE_URL: 'http://graph', SKILLSTEPS_GRAPH_CONCURRENCY: 'many', SKILLSTEPS_MANAGED_IDENTITY: 'perhaps' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'SKILLSTEPS_GRAPH_BASE_URL は https:// で始まる URL にしてください（例: https://graph.microsoft.com）。今の値: "http://graph"',
      'SKILLSTEPS_MANAGED_IDENTITY は true か false にしてください。今の値: "perhaps"',
      'SKILLSTEPS_GRAPH_CONCURRENCY は 1〜32 の整数にしてください。今の値: "many"',
    ]);
  });

  it('refuses a secret and a certificate at once, but takes a managed identity beside the secret (on-behalf-of)', () => {
    expect(() => loadConfig({ SKILLSTEPS_CLIENT_SECRET: 's', SKILLSTEPS_CLIENT_CERTIFICATE_PATH: '/c.pem' })).toThrow('どちらか 1 つだけ');
    const both = loadConfig({ SKILLSTEPS_CLIENT_SECRET: 's', SKILLSTEPS_MANAGED_IDENTITY: 'true' }).graph;
    expect([both.managedIdentity, both.clientSecret]).toEqual([true, 's']);
  });

  it('accepts both token audiences of the app by default: the client id and api://<public host>/<client id>', () => {
    const id = '11111111-2222-3333-4444-555555555555';
    const c = loadConfig({ SKILLSTEPS_CLIENT_ID: id, SKILLSTEPS_PUBLIC_URL: 'https://skillsteps.example.jp/' });
    expect(c.server.auth.audiences).toEqual([id, `api://skillsteps.example.jp/${id}`]);
    expect(c.server.publicUrl).toBe('https://skillsteps.example.jp');
  });

  it('says which credential settings are missing before Graph is called', () => {
    expect(graphCredentialProblems(loadConfig({}).graph)).toEqual([
      'SKILLSTEPS_TENANT_ID（テナント ID）が設定されていません',
      'SKILLSTEPS_CLIENT_ID（アプリ登録のクライアント ID）が設定されていません',
      'SKILLSTEPS_CLIENT_SECRET、SKILLSTEPS_CLIENT_CERTIFICATE_PATH、SKILLSTEPS_MANAGED_IDENTITY=true のいずれかを設定してください',
    ]);
    expect(graphCredentialProblems(loadConfig({ SKILLSTEPS_MANAGED_IDENTITY: 'true' }).graph)).toEqual([]);
  });
});
