import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePngRgba } from './png';
import { bundledManifestVersions, localizableStrings, teamsRules, unicodeSafePattern, validatePackage, type Problem, type RenderedPackage } from './validate';

const APP_ID = '2b7a3f4e-1c9d-4e8f-a0b1-c2d3e4f5a6b7';
const CLIENT_ID = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6';
const BOT_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const HOST = 'skillsteps-dev-abc123.azurewebsites.net';
const appPackage = join(__dirname, '..', '..', 'appPackage');

type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function manifest(): Manifest {
  return {
    $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json',
    manifestVersion: '1.30',
    version: '1.0.0',
    id: APP_ID,
    localizationInfo: { defaultLanguageTag: 'ja-jp', additionalLanguages: [{ languageTag: 'en-us', file: 'en-us.json' }] },
    developer: { name: '市', websiteUrl: 'https://city.example.jp/', privacyUrl: 'https://city.example.jp/p', termsOfUseUrl: 'https://city.example.jp/t' },
    name: { short: 'SkillSteps', full: 'SkillSteps — DX人材育成' },
    description: { short: '短い説明', full: '長い説明' },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#1F6FB5',
    staticTabs: [{ entityId: 'my-steps', name: 'マイステップ', contentUrl: `https://${HOST}/tab/index.html`, scopes: ['personal'] }],
    bots: [{ botId: BOT_ID, scopes: ['personal'], commandLists: [{ scopes: ['personal'], commands: [{ title: 'ヘルプ', description: '使い方' }] }] }],
    validDomains: [HOST],
    webApplicationInfo: { id: CLIENT_ID, resource: `api://${HOST}/${CLIENT_ID}` },
  };
}

function english(): Record<string, string> {
  return {
    $schema: 'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json',
    'name.short': 'SkillSteps',
    'name.full': 'SkillSteps — DX talent',
    'description.short': 'Short',
    'description.full': 'Long',
    'staticTabs[0].name': 'My steps',
    'bots[0].commandLists[0].commands[0].title': 'help',
    'bots[0].commandLists[0].commands[0].description': 'How to use it',
  };
}

function pkg(m: Manifest = manifest(), overrides: Record<string, Buffer | undefined> = {}): RenderedPackage {
  const files = new Map<string, Buffer>([
    ['color.png', readFileSync(join(appPackage, 'color.png'))],
    ['outline.png', readFileSync(join(appPackage, 'outline.png'))],
    ['en-us.json', Buffer.from(JSON.stringify(english()))],
  ]);
  for (const [name, data] of Object.entries(overrides)) {
    if (data) files.set(name, data);
    else files.delete(name);
  }
  return { manifest: m, files };
}

function image(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) px.set(pixel(x, y), (y * size + x) * 4);
  return encodePngRgba(size, size, px);
}

const messages = (problems: Problem[]) => problems.map((p) => `${p.file} ${p.where}: ${p.message}`);

test('the committed icons and a well-formed manifest pass the schema and every Teams rule', async () => {
  expect(await validatePackage(pkg(), { botDomain: HOST })).toEqual([]);
});

test('appPackage/manifest.json uses the newest manifest schema @microsoft/app-manifest bundles', () => {
  const template = JSON.parse(readFileSync(join(appPackage, 'manifest.json'), 'utf8'));
  const numeric = bundledManifestVersions().filter((v) => v !== 'devPreview');
  expect(template.manifestVersion).toBe(numeric[numeric.length - 1]);
  expect(template.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${template.manifestVersion}/MicrosoftTeams.schema.json`);
});

describe('schema (offline, bundled with @microsoft/app-manifest)', () => {
  test('reports a schema violation at its path', async () => {
    const m = manifest();
    m.name.short = 'A name far longer than the thirty characters Teams allows';
    const problems = await validatePackage(pkg(m));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'manifest.json', where: 'name.short', message: expect.stringContaining('30') }));
  });

  test('refuses a schema version it cannot validate offline, naming the ones it can', async () => {
    const m = manifest();
    m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v9.99/MicrosoftTeams.schema.json';
    const [first] = await validatePackage(pkg(m));
    expect(first).toMatchObject({ where: '$schema', message: expect.stringContaining('1.30') });
  });

  test('validates localization files too (their schemas need the pattern fix to compile)', async () => {
    const en = { ...english(), 'name.short': 'x'.repeat(31) };
    const problems = await validatePackage(pkg(manifest(), { 'en-us.json': Buffer.from(JSON.stringify(en)) }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'en-us.json', where: 'name.short' }));
  });

  test('unicodeSafePattern escapes only a "]" that closes no class', () => {
    expect(unicodeSafePattern('^a\\[\\b([0-9]|1[01])\\b]\\.x$')).toBe('^a\\[\\b([0-9]|1[01])\\b\\]\\.x$');
    expect(new RegExp(unicodeSafePattern('^a\\[\\b([0-9])\\b]$'), 'u').test('a[7]')).toBe(true);
    expect(unicodeSafePattern('^[a-z]+$')).toBe('^[a-z]+$');
  });
});

describe('Teams rules the schema cannot express', () => {
  test('a placeholder left in the rendered manifest', () => {
    const m = manifest();
    m.developer.name = '${{DEVELOPER_NAME}}';
    expect(messages(teamsRules(pkg(m)))).toContainEqual(expect.stringContaining('${{DEVELOPER_NAME}}'));
  });

  test('GUIDs: the bot id, the app id, the SSO client id — and the all-zero placeholder', () => {
    const m = manifest();
    m.bots[0].botId = 'skillsteps-bot';
    m.id = '00000000-0000-0000-0000-000000000000';
    const problems = teamsRules(pkg(m));
    expect(problems).toContainEqual(expect.objectContaining({ where: 'bots[0].botId', message: expect.stringContaining('GUID') }));
    expect(problems).toContainEqual(expect.objectContaining({ where: 'id', message: expect.stringContaining('0') }));
  });

  test('version must be three numbers', () => {
    const m = manifest();
    m.version = '1.0';
    expect(teamsRules(pkg(m))).toContainEqual(expect.objectContaining({ where: 'version' }));
  });

  test('tab and developer URLs must be https', () => {
    const m = manifest();
    m.staticTabs[0].contentUrl = `http://${HOST}/tab/index.html`;
    m.developer.privacyUrl = 'http://city.example.jp/p';
    const where = teamsRules(pkg(m)).map((p) => p.where);
    expect(where).toEqual(expect.arrayContaining(['staticTabs[0].contentUrl', 'developer.privacyUrl']));
  });

  test('validDomains must cover the tab host and the bot host, as bare host names', () => {
    const m = manifest();
    m.validDomains = [`https://${HOST}`];
    const problems = messages(teamsRules(pkg(m), { botDomain: 'bot.example.net' }));
    expect(problems).toContainEqual(expect.stringContaining('ホスト名だけ'));
    expect(problems).toContainEqual(expect.stringContaining(`"${HOST}" が validDomains にありません`));
    expect(problems).toContainEqual(expect.stringContaining('"bot.example.net" が validDomains にありません'));
    m.validDomains = ['*.azurewebsites.net', 'bot.example.net'];
    expect(teamsRules(pkg(m), { botDomain: 'bot.example.net' })).toEqual([]);
  });

  test('a host in upper case (SSO fails on Android)', () => {
    const m = manifest();
    const upper = 'SkillSteps.azurewebsites.net';
    m.staticTabs[0].contentUrl = `https://${upper}/tab/index.html`;
    m.validDomains = [upper];
    m.webApplicationInfo.resource = `api://${upper}/${CLIENT_ID}`;
    expect(messages(teamsRules(pkg(m)))).toContainEqual(expect.stringContaining('大文字'));
  });

  test('webApplicationInfo.resource must be api://<tab host>/<the same client id>', () => {
    const m = manifest();
    m.webApplicationInfo.resource = `api://other.example.net/${BOT_ID}`;
    const problems = messages(teamsRules(pkg(m)));
    expect(problems).toContainEqual(expect.stringContaining('AADSTS500011'));
    expect(problems).toContainEqual(expect.stringContaining('"other.example.net" がタブのホスト'));
    delete m.webApplicationInfo.resource;
    expect(messages(teamsRules(pkg(m)))).toContainEqual(expect.stringContaining('resource（api://'));
  });

  test('two bot commands with the same title in one list', () => {
    const m = manifest();
    m.bots[0].commandLists[0].commands.push({ title: 'ヘルプ', description: 'again' });
    const en = { ...english(), 'bots[0].commandLists[0].commands[1].title': 'help2', 'bots[0].commandLists[0].commands[1].description': 'x' };
    const problems = teamsRules(pkg(m, { 'en-us.json': Buffer.from(JSON.stringify(en)) }));
    expect(problems).toEqual([expect.objectContaining({ where: 'bots[0].commandLists[0].commands[1].title', message: expect.stringContaining('重複') })]);
  });

  describe('icons', () => {
    test('wrong sizes are reported with the size found', () => {
      const problems = messages(teamsRules(pkg(manifest(), { 'color.png': image(100, () => [0, 0, 255, 255]), 'outline.png': image(48, (x) => (x < 24 ? [255, 255, 255, 255] : [0, 0, 0, 0])) })));
      expect(problems).toContainEqual(expect.stringContaining('192×192 にしてください（今は 100×100）'));
      expect(problems).toContainEqual(expect.stringContaining('32×32 にしてください（今は 48×48）'));
    });

    test('an outline without transparency, or with a colour other than white', () => {
      const opaque = messages(teamsRules(pkg(manifest(), { 'outline.png': image(32, () => [255, 255, 255, 255]) })));
      expect(opaque).toContainEqual(expect.stringContaining('背景は透明'));
      const coloured = messages(teamsRules(pkg(manifest(), { 'outline.png': image(32, (x) => (x < 16 ? [30, 111, 181, 255] : [0, 0, 0, 0])) })));
      expect(coloured).toContainEqual(expect.stringContaining('白以外の画素が 512 個'));
    });

    test('a missing icon, and a file that is not a PNG', () => {
      expect(messages(teamsRules(pkg(manifest(), { 'outline.png': undefined })))).toContainEqual(expect.stringContaining('"outline.png" がパッケージにありません'));
      expect(messages(teamsRules(pkg(manifest(), { 'color.png': Buffer.from('<svg/>') })))).toContainEqual(expect.stringContaining('PNG ではありません'));
    });

    test('the committed outline icon is white on transparent, anti-aliased in alpha only', () => {
      expect(teamsRules(pkg()).filter((p) => p.file === 'outline.png')).toEqual([]);
    });
  });

  describe('localization', () => {
    test('lists the localizable strings of a manifest', () => {
      expect([...localizableStrings(manifest()).keys()]).toEqual([
        'name.short',
        'name.full',
        'description.short',
        'description.full',
        'staticTabs[0].name',
        'bots[0].commandLists[0].commands[0].title',
        'bots[0].commandLists[0].commands[0].description',
      ]);
    });

    test('a string without a translation, and a translation of nothing', () => {
      const en: Record<string, string> = english();
      delete en['staticTabs[0].name'];
      en['bots[0].commandLists[1].commands[0].title'] = 'stray';
      const problems = teamsRules(pkg(manifest(), { 'en-us.json': Buffer.from(JSON.stringify(en)) }));
      expect(problems).toContainEqual(expect.objectContaining({ file: 'en-us.json', where: 'staticTabs[0].name', message: expect.stringContaining('マイステップ') }));
      expect(problems).toContainEqual(expect.objectContaining({ file: 'en-us.json', where: 'bots[0].commandLists[1].commands[0].title', message: expect.stringContaining('対応する項目がありません') }));
    });

    test('a localization file missing from the package', () => {
      expect(messages(teamsRules(pkg(manifest(), { 'en-us.json': undefined })))).toContainEqual(expect.stringContaining('"en-us.json" がパッケージにありません'));
    });
  });
});
