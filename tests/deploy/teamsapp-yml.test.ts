/**
 * teamsapp.yml and teamsapp.local.yml: valid against the toolkit's own yml schema (vendored, see
 * schemas/README.md), and every `${{VAR}}` they — and the files their actions read — use is there
 * when the action runs: set in env/.env.<env>, written by an earlier action, or an output of
 * infra/azure.bicep. This is the wiring a provision run would otherwise discover one failure at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { placeholders, parseEnvFile } from '../../src/app-package/render';
import { parseBicep } from './bicep-text';

const repo = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

interface Action {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface Project {
  version: string;
  provision?: Action[];
  deploy?: Action[];
  publish?: Action[];
}

/** ajv 8 as @microsoft/app-manifest depends on it (the root ajv is eslint's v6). */
function yamlSchemaValidator(): (doc: unknown) => string[] {
  const req = process.getBuiltinModule('node:module').createRequire(require.resolve('@microsoft/app-manifest/package.json'));
  const Ajv = (req('ajv') as { default: new (o: object) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] } } }).default;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(read('tests/deploy/schemas/teamsapp-yaml-v1.11.schema.json')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

const validateYaml = yamlSchemaValidator();
const bicepOutputs = [...parseBicep(read('infra/azure.bicep')).outputs.keys()];

/** What each action reads besides its `with`, and what it writes besides writeToEnvironmentFile. */
function filesRead(action: Action): string[] {
  const w = action.with ?? {};
  switch (action.uses) {
    case 'arm/deploy':
      return (w.templates as { parameters?: string }[]).flatMap((t) => (t.parameters ? [t.parameters] : []));
    case 'aadApp/update':
      return [w.manifestPath as string];
    case 'teamsApp/validateManifest':
    case 'teamsApp/zipAppPackage':
      return [w.manifestPath as string, 'appPackage/en-us.json'];
    case 'cli/runNpmCommand':
      return /\brun package\b/.test(String(w.args)) ? ['appPackage/manifest.json', 'appPackage/en-us.json'] : [];
    default:
      return [];
  }
}
function implicitOutputs(action: Action): string[] {
  if (action.uses === 'arm/deploy') return bicepOutputs;
  return [];
}
/** aadApp/update generates the access_as_user scope id itself when its manifest uses it. */
function generatedForItself(action: Action): string[] {
  return action.uses === 'aadApp/update' ? ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID'] : [];
}

/** Variables the toolkit provides itself or asks for when they are empty. */
const BUILT_IN = ['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME'];

function envFile(env: string): { setBeforeProvision: Set<string>; writtenByProvision: Set<string> } {
  const text = read(`env/.env.${env}`);
  const [before, after = ''] = text.split(/^# --- Written by provision.*$/m);
  return { setBeforeProvision: new Set(Object.keys(parseEnvFile(before!))), writtenByProvision: new Set(Object.keys(parseEnvFile(after))) };
}

/** Walks the stages in order; returns the variables used before anything provides them. */
function unprovided(project: Project, env: string): string[] {
  const { setBeforeProvision } = envFile(env);
  const available = new Set<string>([...BUILT_IN, ...setBeforeProvision]);
  const missing: string[] = [];
  for (const stage of ['provision', 'deploy', 'publish'] as const) {
    for (const action of project[stage] ?? []) {
      const used = [JSON.stringify(action.with ?? {}), ...filesRead(action).map((f) => read(f))].flatMap((t) => placeholders(t));
      const here = new Set([...available, ...generatedForItself(action)]);
      for (const v of used) if (!here.has(v) && !v.startsWith('SECRET_')) missing.push(`${stage} ${action.uses}: ${v}`);
      for (const v of [...Object.values(action.writeToEnvironmentFile ?? {}), ...implicitOutputs(action), ...generatedForItself(action)]) available.add(v);
    }
  }
  return missing;
}

function allOutputs(project: Project): Set<string> {
  const out = new Set<string>();
  for (const stage of ['provision', 'deploy', 'publish'] as const) {
    for (const a of project[stage] ?? []) for (const v of [...Object.values(a.writeToEnvironmentFile ?? {}), ...implicitOutputs(a), ...generatedForItself(a)]) out.add(v);
  }
  return out;
}

describe.each([
  ['teamsapp.yml', 'dev'],
  ['teamsapp.local.yml', 'local'],
])('%s (env/.env.%s)', (file, env) => {
  const project = parse(read(file)) as Project;

  test('is valid against the toolkit yml schema its first line names', () => {
    expect(read(file).split('\n')[0]).toBe(`# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/${project.version}/yaml.schema.json`);
    expect(validateYaml(project)).toEqual([]);
  });

  test('every ${{VAR}} is set or written by an earlier step when a step needs it', () => {
    expect(unprovided(project, env)).toEqual([]);
  });

  test('every value listed as "written by provision" in the env file is written by some step', () => {
    const outputs = allOutputs(project);
    expect([...envFile(env).writtenByProvision].filter((v) => !outputs.has(v))).toEqual([]);
  });

  test('secrets go only to .user files: every SECRET_ output is named SECRET_ and no env file holds one', () => {
    for (const stage of ['provision', 'deploy', 'publish'] as const) {
      for (const a of project[stage] ?? []) {
        for (const [key, variable] of Object.entries(a.writeToEnvironmentFile ?? {})) {
          if (/secret|password/i.test(key)) expect(variable).toMatch(/^SECRET_/);
        }
      }
    }
    expect(Object.keys(parseEnvFile(read(`env/.env.${env}`))).filter((k) => k.startsWith('SECRET_'))).toEqual([]);
  });
});

test('teamsapp.yml provisions in an order that works: the Entra app before Azure, Azure before the Application ID URI', () => {
  const uses = (parse(read('teamsapp.yml')) as Project).provision!.map((a) => a.uses);
  const at = (u: string) => uses.indexOf(u);
  for (const u of ['aadApp/create', 'teamsApp/create', 'arm/deploy', 'aadApp/update', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/update']) {
    expect(uses).toContain(u);
  }
  expect(at('aadApp/create')).toBeLessThan(at('arm/deploy'));
  expect(at('arm/deploy')).toBeLessThan(at('aadApp/update'));
  expect(at('teamsApp/zipAppPackage')).toBeLessThan(at('teamsApp/update'));
  const project = parse(read('teamsapp.yml')) as Project;
  expect(project.deploy!.map((a) => a.uses)).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
  expect(project.publish!.map((a) => a.uses)).toContain('teamsApp/publishAppPackage');
});

test('the schema check can fail: a misspelt action and a missing input are reported', () => {
  const project = parse(read('teamsapp.yml')) as Project;
  const broken = { ...project, provision: [{ uses: 'teamsApp/zipPackage', with: {} }, ...project.provision!] };
  expect(validateYaml(broken)).not.toEqual([]);
  const noPath = { ...project, deploy: [{ uses: 'azureAppService/zipDeploy', with: { artifactFolder: '.' } }] };
  expect(validateYaml(noPath)).not.toEqual([]);
});

test('the variable check can fail: a step that uses what only a later step writes', () => {
  const project = parse(read('teamsapp.yml')) as Project;
  const update = project.provision!.find((a) => a.uses === 'aadApp/update')!;
  const early = { ...project, provision: [update, ...project.provision!.filter((a) => a !== update)] };
  expect(unprovided(early, 'dev')).toContainEqual('provision aadApp/update: AAD_APP_OBJECT_ID');
});

test('aad.manifest.json: SSO scope, the Teams clients pre-authorized, the Graph permissions SkillSteps needs and no more', () => {
  const aad = JSON.parse(read('aad.manifest.json'));
  expect(aad.identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
  expect(aad.signInAudience).toBe('AzureADMyOrg');
  expect(aad.api.requestedAccessTokenVersion).toBe(2);
  expect(aad.api.oauth2PermissionScopes.map((s: { value: string }) => s.value)).toEqual(['access_as_user']);
  expect(aad.api.preAuthorizedApplications.map((p: { appId: string }) => p.appId)).toEqual([
    '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Teams desktop and mobile
    '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web
  ]);
  for (const p of aad.api.preAuthorizedApplications) expect(p.delegatedPermissionIds).toEqual(['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}']);
  const graph = aad.requiredResourceAccess.find((r: { resourceAppId: string }) => r.resourceAppId === 'Microsoft Graph');
  expect(graph.resourceAccess).toEqual([
    { id: 'openid', type: 'Scope' },
    { id: 'profile', type: 'Scope' },
    { id: 'offline_access', type: 'Scope' },
    { id: 'Sites.Selected', type: 'Role' },
  ]);
  expect(JSON.stringify(aad)).not.toMatch(/\.All"|Sites\.(Read|ReadWrite|FullControl|Manage)\./);
});
