/**
 * infra/azure.bicep, checked for its STRUCTURE — there is no Bicep compiler offline, so this is not
 * a compile: it reads the declarations and checks what a reviewer would (resource types and API
 * versions from an allow-list, secrets marked @secure and never defaulted, every setting the server
 * needs, managed identity instead of keys, the outputs teamsapp.yml uses).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateBicep, objectEntries, objectKeys, objectValue, parseBicep, stripComments, type BicepFile } from './bicep-text';

const repo = join(__dirname, '..', '..');
const bicep: BicepFile = parseBicep(readFileSync(join(repo, 'infra', 'azure.bicep'), 'utf8'));
const parameters = JSON.parse(readFileSync(join(repo, 'infra', 'azure.parameters.json'), 'utf8')) as {
  parameters: Record<string, { value: unknown }>;
};

/** Resource types and the (GA) API versions we have checked against the ARM template reference. */
const ALLOWED: Record<string, string> = {
  'Microsoft.ManagedIdentity/userAssignedIdentities': '2023-01-31',
  'Microsoft.OperationalInsights/workspaces': '2022-10-01',
  'Microsoft.Insights/components': '2020-02-02',
  'Microsoft.Storage/storageAccounts': '2023-05-01',
  'Microsoft.Authorization/roleAssignments': '2022-04-01',
  'Microsoft.Web/serverfarms': '2023-12-01',
  'Microsoft.Web/sites': '2023-12-01',
  'Microsoft.Web/sites/config': '2023-12-01',
  'Microsoft.Web/sites/slots': '2023-12-01',
  'Microsoft.Web/sites/slots/config': '2023-12-01',
  'Microsoft.BotService/botServices': '2022-09-15',
  'Microsoft.BotService/botServices/channels': '2022-09-15',
  // No GA version exists: the ARM template reference documents this one as current.
  'Microsoft.Insights/diagnosticSettings': '2021-05-01-preview',
};
/** Resource types with no GA API version at all (checked against the ARM template reference). */
const PREVIEW_ONLY = new Set(['Microsoft.Insights/diagnosticSettings']);

/** What the server reads from its environment (src/config.ts, the server issue). */
const SERVER_SETTINGS = [
  'SKILLSTEPS_PROGRAMME',
  'SKILLSTEPS_SITE',
  'SKILLSTEPS_TENANT_ID',
  'SKILLSTEPS_CLIENT_ID',
  'SKILLSTEPS_CLIENT_SECRET',
  'SKILLSTEPS_MANAGED_IDENTITY',
  'SKILLSTEPS_MANAGED_IDENTITY_CLIENT_ID',
  'SKILLSTEPS_PUBLIC_URL',
  'SKILLSTEPS_AUTH_AUDIENCE',
  'SKILLSTEPS_ALLOWED_TENANTS',
  'SKILLSTEPS_OFFICE_GROUP_ID',
  'SKILLSTEPS_OFFICE_UPNS',
  'SKILLSTEPS_OFFICE_APPROVER_UPN',
  'SKILLSTEPS_TEAMS_APP_ID',
  'SKILLSTEPS_BOT_LOCALE',
  'SKILLSTEPS_BOT_APP_ID',
  'SKILLSTEPS_BOT_APP_TYPE',
  'SKILLSTEPS_BOT_TENANT_ID',
  'SKILLSTEPS_STORAGE_ACCOUNT',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
];

const SECRET_NAME = /secret|password|connectionstring|key$|token/i;
const resource = (type: string) => bicep.resources.filter((r) => r.type === type);
const one = (type: string) => {
  const found = resource(type);
  expect(found).toHaveLength(1);
  return found[0]!;
};

test('the reader sees the declarations (a check that the checks below read something)', () => {
  expect(bicep.resources.length).toBeGreaterThanOrEqual(10);
  expect(bicep.params.length).toBeGreaterThanOrEqual(10);
  expect(bicep.outputs.size).toBeGreaterThanOrEqual(8);
  expect(stripComments("a // b\nc 'https://x' /* d */ e")).toBe("a \nc 'https://x'  e");
});

test('the evaluator the deploy rehearsal reads the app settings with: literals, interpolations, references, and nothing else', () => {
  const values: Record<string, string> = { aadAppClientId: 'cid', publicHost: 'app.azurewebsites.net', 'identity.properties.clientId': 'mi' };
  const resolve = (r: string): string => {
    if (!(r in values)) throw new Error(`no ${r}`);
    return values[r]!;
  };
  expect(evaluateBicep("'${aadAppClientId},api://${publicHost}/${aadAppClientId}'", resolve)).toBe('cid,api://app.azurewebsites.net/cid');
  expect(evaluateBicep('identity.properties.clientId', resolve)).toBe('mi');
  expect(evaluateBicep("'it\\'s \\${not} ~3'", resolve)).toBe("it's ${not} ~3");
  expect(() => evaluateBicep("toLower('X')", resolve)).toThrow('cannot evaluate the Bicep expression');
  expect(() => evaluateBicep('unknownParam', resolve)).toThrow('no unknownParam');
  expect(objectEntries("{\n  A: 'x'\n  B: c.d\n}")).toEqual([['A', "'x'"], ['B', 'c.d']]);
});

test('every resource type and API version is on the allow-list, and none is a preview', () => {
  for (const r of bicep.resources) {
    expect(`${r.type}@${r.apiVersion}`).toBe(`${r.type}@${ALLOWED[r.type] ?? '(not allowed)'}`);
    if (!PREVIEW_ONLY.has(r.type)) expect(r.apiVersion).not.toMatch(/preview/);
  }
  for (const type of Object.keys(ALLOWED)) expect(resource(type).length).toBeGreaterThan(0);
});

describe('parameters', () => {
  test('every parameter that holds a secret is @secure() and has no default value', () => {
    const secrets = bicep.params.filter((p) => SECRET_NAME.test(p.name));
    expect(secrets.map((p) => p.name)).toEqual(['aadAppClientSecret']);
    for (const p of secrets) {
      expect(p.decorators).toContain('@secure()');
      expect(p.defaultValue).toBeUndefined();
    }
    for (const p of bicep.params.filter((q) => q.decorators.includes('@secure()'))) expect(p.defaultValue).toBeUndefined();
  });

  test('no default value and no string in the template looks like a secret', () => {
    for (const p of bicep.params) expect(p.defaultValue ?? '').not.toMatch(/[A-Za-z0-9~._-]{32,}/);
    // an Entra client secret is 40 characters with a "~"; a storage key ends with "=="
    expect(bicep.text).not.toMatch(/'[^']*(~[A-Za-z0-9._-]{20,}|[A-Za-z0-9+/]{40,}==)[^']*'/);
    expect(bicep.text).not.toMatch(/AccountKey=|SharedAccessSignature=/);
  });

  test('infra/azure.parameters.json gives every parameter without a default, and nothing else', () => {
    const declared = new Set(bicep.params.map((p) => p.name));
    for (const name of Object.keys(parameters.parameters)) expect(declared.has(name) ? name : `${name} (not a parameter)`).toBe(name);
    for (const p of bicep.params.filter((q) => q.defaultValue === undefined)) {
      expect(Object.keys(parameters.parameters)).toContain(p.name);
    }
  });

  test('the parameters file holds no secret, only the toolkit placeholder of one', () => {
    for (const p of bicep.params.filter((q) => q.decorators.includes('@secure()'))) {
      expect(parameters.parameters[p.name]?.value).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
    }
    for (const [name, { value }] of Object.entries(parameters.parameters)) {
      if (typeof value === 'string' && value.includes('SECRET_')) expect(bicep.params.find((p) => p.name === name)?.decorators).toContain('@secure()');
    }
  });
});

describe('App Service', () => {
  const appSettings = bicep.vars.get('appSettings') ?? '';

  test('Linux, Node 20 LTS, Always On, HTTPS only, health check, several instances', () => {
    const plan = one('Microsoft.Web/serverfarms');
    expect(objectValue(plan.body, 'kind')).toBe("'linux'");
    expect(plan.body).toMatch(/reserved:\s*true/);
    expect(objectValue(objectValue(plan.body, 'sku') ?? '{}', 'capacity')).toBe('instanceCount');
    const instances = bicep.params.find((p) => p.name === 'instanceCount')!;
    expect(Number(instances.defaultValue)).toBeGreaterThanOrEqual(2);
    expect(bicep.params.find((p) => p.name === 'linuxFxVersion')?.defaultValue).toBe("'NODE|20-lts'");

    const site = one('Microsoft.Web/sites');
    expect(objectValue(site.body, 'kind')).toBe("'app,linux'");
    expect(site.body).toMatch(/httpsOnly:\s*true/);
    const siteConfig = bicep.vars.get('siteConfig') ?? '';
    expect(objectValue(siteConfig, 'alwaysOn')).toBe('true');
    expect(objectValue(siteConfig, 'healthCheckPath')).toBe("'/api/health'");
    expect(objectValue(siteConfig, 'linuxFxVersion')).toBe('linuxFxVersion');
    expect(objectValue(siteConfig, 'appCommandLine')).toBe('startupCommand');
    expect(site.body).toMatch(/siteConfig:\s*siteConfig/);
  });

  test('sets every setting the server needs, as app settings of the site (and of the staging slot)', () => {
    const keys = objectKeys(appSettings);
    for (const name of SERVER_SETTINGS) expect(keys).toContain(name);
    expect(one('Microsoft.Web/sites/config').body).toMatch(/properties:\s*appSettings/);
    expect(one('Microsoft.Web/sites/slots/config').body).toMatch(/properties:\s*appSettings/);
  });

  test('every setting the server reads is set here or described in docs/deploy.md (with its default)', () => {
    const config = readFileSync(join(repo, 'src', 'config.ts'), 'utf8');
    const read = new Set([...config.matchAll(/'(SKILLSTEPS_[A-Z_]+)'/g)].map((m) => m[1]!));
    expect(read.size).toBeGreaterThan(20);
    const keys = new Set(objectKeys(appSettings));
    const guide = readFileSync(join(repo, 'docs', 'deploy.md'), 'utf8');
    const reference = guide.slice(guide.indexOf('## Settings reference'));
    expect(reference.length).toBeGreaterThan(100);
    for (const name of read) expect(keys.has(name) || reference.includes(`\`${name}\``) ? name : `${name} (neither in the Bicep nor in docs/deploy.md)`).toBe(name);
    // …and each one the Bicep sets is described there too.
    for (const name of keys) if (name.startsWith('SKILLSTEPS_')) expect(reference.includes(`\`${name}\``) ? name : `${name} (not in docs/deploy.md)`).toBe(name);
  });

  test('passes the Teams app id, the office in chat and its approver from env/.env.<env>', () => {
    expect(objectValue(appSettings, 'SKILLSTEPS_TEAMS_APP_ID')).toBe('teamsAppId');
    expect(parameters.parameters.teamsAppId?.value).toBe('${{TEAMS_APP_ID}}');
    expect(objectValue(appSettings, 'SKILLSTEPS_OFFICE_UPNS')).toBe('officeUpns');
    expect(parameters.parameters.officeUpns?.value).toBe('${{OFFICE_UPNS}}');
    expect(objectValue(appSettings, 'SKILLSTEPS_OFFICE_APPROVER_UPN')).toBe('officeApproverUpn');
    expect(parameters.parameters.officeApproverUpn?.value).toBe('${{OFFICE_APPROVER_UPN}}');
  });

  test('uses the managed identity: no storage key, no bot password', () => {
    const keys = objectKeys(appSettings);
    expect(keys).not.toContain('SKILLSTEPS_STORAGE_CONNECTION_STRING');
    expect(keys).not.toContain('SKILLSTEPS_BOT_APP_PASSWORD');
    expect(objectValue(appSettings, 'SKILLSTEPS_MANAGED_IDENTITY')).toBe("'true'");
    expect(objectValue(appSettings, 'SKILLSTEPS_MANAGED_IDENTITY_CLIENT_ID')).toBe('identity.properties.clientId');
    expect(objectValue(appSettings, 'SKILLSTEPS_BOT_APP_TYPE')).toBe("'UserAssignedMSI'");
    expect(objectValue(appSettings, 'SKILLSTEPS_BOT_APP_ID')).toBe('identity.properties.clientId');
    expect(objectValue(appSettings, 'SKILLSTEPS_CLIENT_SECRET')).toBe('aadAppClientSecret');
    // The API takes v2 access tokens only, whose aud is the client id (docs/security.md); v1 ones are refused.
    expect(objectValue(appSettings, 'SKILLSTEPS_AUTH_AUDIENCE')).toBe('aadAppClientId');
    // Run from package, several instances: the server keeps the lists' delta links in Blob storage, not on disk.
    expect(keys).not.toContain('SKILLSTEPS_SYNC_CACHE_DIR');
    expect(one('Microsoft.Web/sites').body).toMatch(/type:\s*'UserAssigned'/);
  });

  test('runs the uploaded package as is (no build on the server, never `npm start`)', () => {
    expect(objectValue(appSettings, 'WEBSITE_RUN_FROM_PACKAGE')).toBe("'1'");
    expect(objectValue(appSettings, 'SCM_DO_BUILD_DURING_DEPLOYMENT')).toBe("'false'");
    expect(bicep.params.find((p) => p.name === 'startupCommand')?.defaultValue).toMatch(/^'node /);
  });
});

test('Storage: Tables, Queues and Blobs through Entra ID only, the three data roles for the identity', () => {
  const storage = one('Microsoft.Storage/storageAccounts');
  const props = objectValue(storage.body, 'properties') ?? '';
  expect(objectValue(props, 'allowSharedKeyAccess')).toBe('false');
  expect(objectValue(props, 'allowBlobPublicAccess')).toBe('false');
  expect(objectValue(props, 'minimumTlsVersion')).toBe("'TLS1_2'");
  expect(objectValue(storage.body, 'kind')).toBe("'StorageV2'");
  const roles = bicep.vars.get('storageRoles') ?? '';
  expect(roles).toContain("'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'"); // Storage Table Data Contributor
  expect(roles).toContain("'974c5e8b-45b9-4653-ba55-5f855dd0fb88'"); // Storage Queue Data Contributor
  expect(roles).toContain("'ba92f5b4-2d11-453d-a403-e96b0029c9fe'"); // Storage Blob Data Contributor
  const assignment = one('Microsoft.Authorization/roleAssignments');
  expect(assignment.body).toMatch(/for roleId in storageRoles/);
  expect(assignment.body).toMatch(/scope:\s*storage\b/);
  expect(assignment.body).toMatch(/principalId:\s*identity\.properties\.principalId/);
});

test('Azure Bot: the managed identity as the bot, the Teams channel, the endpoint /api/messages', () => {
  const bot = one('Microsoft.BotService/botServices');
  const props = objectValue(bot.body, 'properties') ?? '';
  expect(objectValue(props, 'msaAppType')).toBe("'UserAssignedMSI'");
  expect(objectValue(props, 'msaAppId')).toBe('identity.properties.clientId');
  expect(objectValue(props, 'msaAppMSIResourceId')).toBe('identity.id');
  expect(objectValue(props, 'endpoint')).toBe("'https://${publicHost}/api/messages'");
  const channel = one('Microsoft.BotService/botServices/channels');
  expect(objectValue(channel.body, 'name')).toBe("'MsTeamsChannel'");
});

test('the server\'s JSON logs and the HTTP log go to the Log Analytics workspace; the Node agent sends to Application Insights', () => {
  const diagnostics = one('Microsoft.Insights/diagnosticSettings');
  expect(diagnostics.body).toMatch(/scope:\s*site\b/);
  expect(diagnostics.body).toMatch(/workspaceId:\s*logs\.id/);
  for (const category of ['AppServiceConsoleLogs', 'AppServiceHTTPLogs']) expect(diagnostics.body).toContain(`category: '${category}'`);
  const appSettings = bicep.vars.get('appSettings') ?? '';
  expect(objectValue(appSettings, 'ApplicationInsightsAgent_EXTENSION_VERSION')).toBe("'~3'");
});

test('Application Insights on a Log Analytics workspace', () => {
  expect(objectValue(objectValue(one('Microsoft.Insights/components').body, 'properties') ?? '', 'WorkspaceResourceId')).toBe('logs.id');
  expect(objectValue(bicep.vars.get('appSettings') ?? '', 'APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe('insights.properties.ConnectionString');
});

test('outputs: every name teamsapp.yml and the templates take from arm/deploy exists, and none exposes a secret', () => {
  const needed = [
    'AZURE_APP_SERVICE_RESOURCE_ID', // teamsapp.yml deploy
    'TAB_DOMAIN', // manifest validDomains / webApplicationInfo, aad.manifest.json identifierUris
    'TAB_ENDPOINT', // manifest staticTabs contentUrl
    'BOT_ID', // manifest bots[0].botId
    'BOT_DOMAIN', // npm run package: validDomains must cover it
  ];
  for (const name of needed) expect([...bicep.outputs.keys()]).toContain(name);
  for (const [name, value] of bicep.outputs) {
    expect(`${name} = ${value}`).not.toMatch(/aadAppClientSecret|listKeys|ConnectionString/);
  }
});
