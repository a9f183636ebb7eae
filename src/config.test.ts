import { ConfigError, graphCredentialProblems, loadConfig, storageProblems } from './config';

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

  it("accepts the client id as the tokens' audience by default (v2 tokens), and names the API by api://<public host>/<client id>", () => {
    const id = '11111111-2222-3333-4444-555555555555';
    const c = loadConfig({ SKILLSTEPS_CLIENT_ID: id, SKILLSTEPS_PUBLIC_URL: 'https://skillsteps.example.jp/' });
    expect(c.server.auth.audiences).toEqual([id]);
    expect(c.server.auth.applicationIdUri).toBe(`api://skillsteps.example.jp/${id}`);
    expect(c.server.publicUrl).toBe('https://skillsteps.example.jp');
    expect(loadConfig({ SKILLSTEPS_CLIENT_ID: id, SKILLSTEPS_AUTH_AUDIENCE: `${id}, api://x/${id}` }).server.auth.audiences).toEqual([id, `api://x/${id}`]);
  });

  it('says which credential settings are missing before Graph is called', () => {
    expect(graphCredentialProblems(loadConfig({}).graph)).toEqual([
      'SKILLSTEPS_TENANT_ID（テナント ID）が設定されていません',
      'SKILLSTEPS_CLIENT_ID（アプリ登録のクライアント ID）が設定されていません',
      'SKILLSTEPS_CLIENT_SECRET、SKILLSTEPS_CLIENT_CERTIFICATE_PATH、SKILLSTEPS_MANAGED_IDENTITY=true のいずれかを設定してください',
    ]);
    expect(graphCredentialProblems(loadConfig({ SKILLSTEPS_MANAGED_IDENTITY: 'true' }).graph)).toEqual([]);
  });

  describe('local mode', () => {
    const base = { SKILLSTEPS_TENANT_ID: 'contoso.onmicrosoft.com', SKILLSTEPS_CLIENT_ID: 'app' };

    it('is off unless set explicitly, and then listens on every interface', () => {
      const c = loadConfig(base);
      expect([c.server.localMode, c.server.host]).toEqual(['off', undefined]);
    });

    it('loopback listens on 127.0.0.1 and refuses another address; network is the deliberate way out', () => {
      expect(loadConfig({ ...base, SKILLSTEPS_LOCAL_MODE: 'loopback' }).server).toMatchObject({ localMode: 'loopback', host: '127.0.0.1' });
      expect(() => loadConfig({ ...base, SKILLSTEPS_LOCAL_MODE: 'loopback', SKILLSTEPS_HOST: '0.0.0.0' })).toThrow(/SKILLSTEPS_LOCAL_MODE=loopback では SKILLSTEPS_HOST に .*"0.0.0.0"/);
      expect(loadConfig({ ...base, SKILLSTEPS_LOCAL_MODE: 'network', SKILLSTEPS_HOST: '0.0.0.0' }).server).toMatchObject({ localMode: 'network', host: '0.0.0.0' });
      expect(() => loadConfig({ ...base, SKILLSTEPS_LOCAL_MODE: 'yes' })).toThrow(/SKILLSTEPS_LOCAL_MODE は off、loopback/);
    });

    it('refuses a local-only switch (the local tenant\'s certificate) outside local mode, instead of quietly turning local mode on', () => {
      expect(() => loadConfig({ ...base, SKILLSTEPS_LOCAL_CA_FILE: '/tmp/ca.pem' })).toThrow(/SKILLSTEPS_LOCAL_CA_FILE はローカルモードでだけ使えます/);
      expect(loadConfig({ ...base, SKILLSTEPS_LOCAL_CA_FILE: '/tmp/ca.pem', SKILLSTEPS_LOCAL_MODE: 'loopback' }).graph.localCaFile).toBe('/tmp/ca.pem');
    });

    it('asks for the bot\'s password outside local mode (a bot app id without a way to prove it)', () => {
      expect(() => loadConfig({ ...base, SKILLSTEPS_BOT_APP_ID: 'bot' })).toThrow(/SKILLSTEPS_BOT_APP_PASSWORD/);
      expect(loadConfig({ ...base, SKILLSTEPS_BOT_APP_ID: 'bot', SKILLSTEPS_LOCAL_MODE: 'loopback' }).bot.appId).toBe('bot');
    });
  });

  it('takes where the Bot Framework publishes its keys (botbuilder\'s BotOpenIdMetadata) as an https URL, absent by default', () => {
    expect(loadConfig({}).bot.openIdMetadataUrl).toBeUndefined();
    expect(loadConfig({ SKILLSTEPS_BOT_OPENID_METADATA: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration' }).bot.openIdMetadataUrl).toBe(
      'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
    );
    expect(() => loadConfig({ SKILLSTEPS_BOT_OPENID_METADATA: 'http://localhost:8443/botframework' })).toThrow(/SKILLSTEPS_BOT_OPENID_METADATA は https:\/\/ で始まる URL/);
  });

  describe('state storage', () => {
    const azurite =
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1';
    const problems = (env: Record<string, string>): string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };

    it('is unset by default, and says which variables to set when it is needed', () => {
      const s = loadConfig({}).storage;
      expect(s).toEqual({ prefix: 'skillsteps', connectionString: undefined, accountName: undefined, managedIdentityClientId: undefined, instanceId: undefined });
      expect(storageProblems(s)).toEqual(['SKILLSTEPS_STORAGE_CONNECTION_STRING（ローカルでは UseDevelopmentStorage=true）か SKILLSTEPS_STORAGE_ACCOUNT（本番）を設定してください']);
    });

    it('takes Azurite locally and an account with the managed identity in production', () => {
      expect(loadConfig({ SKILLSTEPS_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage.connectionString).toBe('UseDevelopmentStorage=true');
      expect(loadConfig({ SKILLSTEPS_STORAGE_CONNECTION_STRING: azurite }).storage.connectionString).toBe(azurite);
      const prod = loadConfig({
        NODE_ENV: 'production',
        SKILLSTEPS_STORAGE_ACCOUNT: 'stskillstepsdev01',
        SKILLSTEPS_MANAGED_IDENTITY_CLIENT_ID: 'mi-client',
        WEBSITE_INSTANCE_ID: 'a1b2c3',
      }).storage;
      expect(prod).toEqual({ accountName: 'stskillstepsdev01', managedIdentityClientId: 'mi-client', prefix: 'skillsteps', instanceId: 'a1b2c3', connectionString: undefined });
      expect(storageProblems(prod)).toEqual([]);
      expect(loadConfig({ WEBSITE_INSTANCE_ID: 'a1b2c3', SKILLSTEPS_INSTANCE_ID: 'mine' }).storage.instanceId).toBe('mine');
    });

    it('names the variable of every bad value, and never repeats a connection string (it may hold a key)', () => {
      expect(problems({ SKILLSTEPS_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', SKILLSTEPS_STORAGE_ACCOUNT: 'stx01' })).toEqual([
        'SKILLSTEPS_STORAGE_CONNECTION_STRING と SKILLSTEPS_STORAGE_ACCOUNT はどちらか 1 つだけを設定してください',
      ]);
      expect(problems({ SKILLSTEPS_STORAGE_ACCOUNT: 'St-SkillSteps' })).toEqual([
        'SKILLSTEPS_STORAGE_ACCOUNT はストレージ アカウント名（小文字の英数字 3〜24 文字。例: stskillstepsdev）にしてください。今の値: "St-SkillSteps"',
      ]);
      const malformed = problems({ SKILLSTEPS_STORAGE_CONNECTION_STRING: 'AccountKey=c2VjcmV0;BlobEndpoint=http://127.0.0.1:10000/x' });
      expect(malformed).toHaveLength(1);
      expect(malformed[0]).toMatch(/^SKILLSTEPS_STORAGE_CONNECTION_STRING は "UseDevelopmentStorage=true" か/);
      expect(malformed[0]).not.toContain('c2VjcmV0');
      expect(problems({ SKILLSTEPS_STORAGE_CONNECTION_STRING: 'just-a-secret-word' })[0]).not.toContain('just-a-secret-word');
      expect(problems({ SKILLSTEPS_STORAGE_PREFIX: 'Skill-Steps' })).toEqual([
        'SKILLSTEPS_STORAGE_PREFIX は英小文字で始まる英小文字・数字 3〜30 文字にしてください（テーブル・キュー・コンテナーの名前の頭に付きます）。今の値: "Skill-Steps"',
      ]);
      expect(problems({ WEBSITE_INSTANCE_ID: 'x'.repeat(201) })).toEqual(['WEBSITE_INSTANCE_ID は 200 文字以内の 1 行の文字列にしてください（サーバーのインスタンスごとに異なる値）']);
    });

    it('takes the service endpoints of another cloud with the account (https only), and the public cloud for the rest', () => {
      const s = loadConfig({
        SKILLSTEPS_STORAGE_ACCOUNT: 'stskillsteps',
        SKILLSTEPS_STORAGE_BLOB_ENDPOINT: 'https://stskillsteps.blob.core.chinacloudapi.cn/',
        SKILLSTEPS_STORAGE_TABLE_ENDPOINT: 'https://127.0.0.1:10002/devstoreaccount1',
      }).storage;
      expect(s.endpoints).toEqual({ blob: 'https://stskillsteps.blob.core.chinacloudapi.cn', table: 'https://127.0.0.1:10002/devstoreaccount1' });
      expect(loadConfig({ SKILLSTEPS_STORAGE_ACCOUNT: 'stskillsteps' }).storage.endpoints).toBeUndefined();
      expect(problems({ SKILLSTEPS_STORAGE_ACCOUNT: 'stskillsteps', SKILLSTEPS_STORAGE_QUEUE_ENDPOINT: 'http://127.0.0.1:10001/devstoreaccount1' })).toEqual([
        'SKILLSTEPS_STORAGE_QUEUE_ENDPOINT は https:// で始まる URL にしてください（例: https://stskillsteps.queue.core.windows.net）。今の値: "http://127.0.0.1:10001/devstoreaccount1"',
      ]);
      expect(problems({ SKILLSTEPS_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', SKILLSTEPS_STORAGE_BLOB_ENDPOINT: 'https://x.blob.core.windows.net' })).toEqual([
        'SKILLSTEPS_STORAGE_BLOB_ENDPOINT は SKILLSTEPS_STORAGE_ACCOUNT と一緒に設定してください（接続文字列を使う場合はエンドポイントを接続文字列に書きます）',
      ]);
    });

    it('refuses a storage key or SAS in production, where the managed identity is the way in', () => {
      expect(problems({ NODE_ENV: 'production', SKILLSTEPS_STORAGE_CONNECTION_STRING: azurite })).toEqual([
        'SKILLSTEPS_STORAGE_CONNECTION_STRING にアカウント キーや SAS を含めないでください。本番では SKILLSTEPS_STORAGE_ACCOUNT にアカウント名を設定し、マネージド ID で接続します',
      ]);
      expect(problems({ NODE_ENV: 'production', SKILLSTEPS_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' })).toEqual([]);
    });
  });
});
