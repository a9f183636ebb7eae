/**
 * `npm run package` end to end: render the real appPackage/ template for an environment from a
 * fake env/.env.<env>, validate, zip; then open the zip with an independent reader (jszip) and
 * validate the manifest inside it with @microsoft/app-manifest itself.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { buildAppPackage } from '../../src/app-package/build-package';
import { main } from '../../src/app-package/main';
import * as icons from '../../src/app-package/icons';
import { encodePngRgba } from '../../src/app-package/png';

const repo = join(__dirname, '..', '..');
const HOST = 'skillsteps-dev-abc123.azurewebsites.net';
const IDS = {
  TEAMS_APP_ID: '2b7a3f4e-1c9d-4e8f-a0b1-c2d3e4f5a6b7',
  AAD_APP_CLIENT_ID: '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
  BOT_ID: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
};
const ENV: Record<string, string> = {
  ...IDS,
  TAB_DOMAIN: HOST,
  TAB_ENDPOINT: `https://${HOST}`,
  BOT_DOMAIN: HOST,
  BOT_ENDPOINT: `https://${HOST}`,
  DEVELOPER_NAME: 'テスト市 情報政策課',
  DEVELOPER_WEBSITE_URL: 'https://www.city.test.lg.jp/',
  DEVELOPER_PRIVACY_URL: 'https://www.city.test.lg.jp/privacy.html',
  DEVELOPER_TERMS_OF_USE_URL: 'https://www.city.test.lg.jp/terms.html',
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'skillsteps-package-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function writeEnv(vars: Record<string, string>, env = 'test', user?: Record<string, string>): void {
  mkdirSync(join(root, 'env'), { recursive: true });
  const text = (v: Record<string, string>) => `# fake environment for the test\n${Object.entries(v).map(([k, val]) => `${k}=${val}`).join('\n')}\n`;
  writeFileSync(join(root, 'env', `.env.${env}`), text(vars));
  if (user) writeFileSync(join(root, 'env', `.env.${env}.user`), text(user));
}

/** A copy of appPackage/ the test may spoil. */
function copyAppPackage(): string {
  const dir = join(root, 'appPackage');
  for (const f of ['manifest.json', 'en-us.json', 'color.png', 'outline.png']) {
    mkdirSync(dir, { recursive: true });
    cpSync(join(repo, 'appPackage', f), join(dir, f));
  }
  return dir;
}

type AppManifestLib = typeof import('@microsoft/app-manifest');
/** @microsoft/app-manifest through Node's own require (it needs require(esm), which jest lacks). */
function appManifest(): { lib: AppManifestLib; schema: (version: string) => object } {
  const req = process.getBuiltinModule('node:module').createRequire(__filename);
  const base = join(dirname(req.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
  return {
    lib: req('@microsoft/app-manifest') as AppManifestLib,
    schema: (version) => JSON.parse(readFileSync(join(base, `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8')) as object,
  };
}

test('builds appPackage.<env>.zip from the real template: entries, values, and a manifest that passes @microsoft/app-manifest', async () => {
  writeEnv(ENV);
  const result = await buildAppPackage({ root, env: 'test', appPackageDir: join(repo, 'appPackage'), outDir: join(root, 'build') });
  expect(result.problems).toEqual([]);
  expect(result.zipPath).toBe(join(root, 'build', 'appPackage.test.zip'));

  const zip = await JSZip.loadAsync(readFileSync(result.zipPath), { checkCRC32: true });
  expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
  const text = await zip.file('manifest.json')!.async('string');
  expect(text).not.toContain('${{');
  const manifest = JSON.parse(text);
  expect(manifest.id).toBe(IDS.TEAMS_APP_ID);
  expect(manifest.bots[0].botId).toBe(IDS.BOT_ID);
  expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
  expect(manifest.staticTabs[0]).toMatchObject({ name: 'マイステップ', contentUrl: `https://${HOST}/tab/index.html?view=my-steps` });
  expect(manifest.webApplicationInfo).toEqual({ id: IDS.AAD_APP_CLIENT_ID, resource: `api://${HOST}/${IDS.AAD_APP_CLIENT_ID}` });
  expect(manifest.validDomains).toEqual([HOST]);
  expect(manifest.localizationInfo.defaultLanguageTag).toBe('ja-jp');
  expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['ステップ', '未受講', '推薦', 'ヘルプ']);
  const en = JSON.parse(await zip.file('en-us.json')!.async('string'));
  expect(en['bots[0].commandLists[0].commands[3].title']).toBe('help');

  const { lib, schema } = appManifest();
  expect(await lib.AppManifestUtils.validateAgainstSchema(manifest, schema(manifest.manifestVersion) as never)).toEqual([]);
  // …and the same checker rejects a manifest that is wrong, so the line above can fail.
  expect(await lib.AppManifestUtils.validateAgainstSchema({ ...manifest, accentColor: 'blue' }, schema(manifest.manifestVersion) as never)).not.toEqual([]);

  // The icons in the zip are the committed ones, byte for byte.
  expect(Buffer.from(await zip.file('outline.png')!.async('uint8array')).equals(readFileSync(join(repo, 'appPackage', 'outline.png')))).toBe(true);
});

test('the .user file (secrets) is read too and wins over .env.<env>', async () => {
  writeEnv({ ...ENV, BOT_ID: '' }, 'test', { BOT_ID: IDS.BOT_ID });
  const result = await buildAppPackage({ root, env: 'test', appPackageDir: join(repo, 'appPackage'), outDir: join(root, 'build') });
  expect(result.ok).toBe(true);
});

test('a missing variable stops the build with a message naming it, and no zip is left behind', async () => {
  const { BOT_ID: _omitted, ...rest } = ENV;
  writeEnv({ ...rest, TAB_ENDPOINT: '' });
  const outDir = join(root, 'build');
  mkdirSync(outDir);
  writeFileSync(join(outDir, 'appPackage.test.zip'), 'an old package'); // from an earlier run
  const result = await buildAppPackage({ root, env: 'test', appPackageDir: join(repo, 'appPackage'), outDir });
  expect(result.ok).toBe(false);
  expect(result.problems.map((p) => p.message)).toEqual([
    expect.stringMatching(/^\$\{\{TAB_ENDPOINT\}\} の値がありません。env\/\.env\.test に TAB_ENDPOINT=… を書いてください/),
    expect.stringMatching(/^\$\{\{BOT_ID\}\} の値がありません/),
  ]);
  expect(existsSync(join(outDir, 'appPackage.test.zip'))).toBe(false);
});

test('a colour icon of the wrong size is refused, with the size found', async () => {
  writeEnv(ENV);
  const dir = copyAppPackage();
  const px = new Uint8Array(96 * 96 * 4).fill(255);
  writeFileSync(join(dir, 'color.png'), encodePngRgba(96, 96, px));
  const result = await buildAppPackage({ root, env: 'test', appPackageDir: dir });
  expect(result.ok).toBe(false);
  expect(result.problems).toEqual([{ file: 'color.png', where: '', message: 'カラーアイコンは 192×192 にしてください（今は 96×96）' }]);
  expect(existsSync(join(dir, 'build', 'appPackage.test.zip'))).toBe(false);
});

test('a bot id that is not a GUID is refused at its place in the manifest', async () => {
  writeEnv({ ...ENV, BOT_ID: 'skillsteps-bot' });
  const result = await buildAppPackage({ root, env: 'test', appPackageDir: join(repo, 'appPackage'), outDir: join(root, 'build') });
  expect(result.ok).toBe(false);
  expect(result.problems).toContainEqual({ file: 'manifest.json', where: 'bots[0].botId', message: 'ボット ID（BOT_ID）は GUID にしてください。今の値: "skillsteps-bot"' });
  // the schema says so as well, at the same place
  expect(result.problems).toContainEqual(expect.objectContaining({ where: 'bots[0].botId', message: expect.stringContaining('スキーマ違反') }));
});

test('a bot on another host than validDomains lists is refused', async () => {
  writeEnv({ ...ENV, BOT_DOMAIN: 'bot.example.net' });
  const result = await buildAppPackage({ root, env: 'test', appPackageDir: join(repo, 'appPackage'), outDir: join(root, 'build') });
  expect(result.problems).toEqual([expect.objectContaining({ where: 'validDomains', message: expect.stringContaining('"bot.example.net"') })]);
});

test('a secret placeholder in the manifest template is refused', async () => {
  writeEnv({ ...ENV, SECRET_AAD_APP_CLIENT_SECRET: 'abc' });
  const dir = copyAppPackage();
  const template = readFileSync(join(dir, 'manifest.json'), 'utf8').replace('"${{DEVELOPER_NAME}}"', '"${{SECRET_AAD_APP_CLIENT_SECRET}}"');
  writeFileSync(join(dir, 'manifest.json'), template);
  const result = await buildAppPackage({ root, env: 'test', appPackageDir: dir });
  expect(result.problems.map((p) => p.message)).toContainEqual(expect.stringContaining('秘密の値です'));
});

test('an unknown environment names the file it looked for', async () => {
  await expect(buildAppPackage({ root, env: 'prod' })).rejects.toThrow('env/.env.prod がありません');
  await expect(buildAppPackage({ root, env: '../x' })).rejects.toThrow('環境名');
});

describe('the command (npm run package -- --env <env>)', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), root } };
  }

  test('prints the zip it wrote and exits 0', async () => {
    writeEnv(ENV);
    copyAppPackage();
    const { out, io: cli } = io();
    expect(await main(['--env', 'test'], cli)).toBe(0);
    expect(out.join('')).toContain('appPackage/build/appPackage.test.zip');
    expect(existsSync(join(root, 'appPackage', 'build', 'appPackage.test.zip'))).toBe(true);
    expect(existsSync(join(root, 'appPackage', 'build', 'manifest.test.json'))).toBe(true);
  });

  test('prints every problem with its file and exits 1', async () => {
    writeEnv({ ...ENV, TEAMS_APP_ID: '' });
    copyAppPackage();
    const { err, io: cli } = io();
    expect(await main(['--env', 'test'], cli)).toBe(1);
    expect(err.join('')).toContain('manifest.json: ${{TEAMS_APP_ID}} の値がありません');
  });

  test('without --env it shows the usage and exits 1', async () => {
    const { err, io: cli } = io();
    expect(await main([], cli)).toBe(1);
    expect(err.join('')).toContain('--env <環境名>');
  });
});

test('the committed icons are what appPackage/make-icons.js draws', () => {
  expect(icons.colorIcon().equals(readFileSync(join(repo, 'appPackage', 'color.png')))).toBe(true);
  expect(icons.outlineIcon().equals(readFileSync(join(repo, 'appPackage', 'outline.png')))).toBe(true);
});
