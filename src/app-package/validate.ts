/**
 * Validating a rendered Teams app package offline:
 * 1. against the official JSON schemas (app manifest and localization file) as bundled in
 *    `@microsoft/app-manifest` — never fetched: a `$schema` the package does not bundle is an error;
 * 2. against the Teams rules the schema cannot express (teamsRules below).
 * Every problem names the file and the place in it, so an administrator can fix it without guessing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodePngRgba, PngError, readPngHeader } from './png';

export interface Problem {
  /** File inside the package (manifest.json, en-us.json, outline.png …). */
  file: string;
  /** Where in the file: a JSON path such as `bots[0].botId`, or '' for the whole file. */
  where: string;
  message: string;
}

/** A rendered package before it is zipped: the manifest and the files it references, by name. */
export interface RenderedPackage {
  manifest: unknown;
  /** Every other file of the package (icons, localization files), by its name in the package. */
  files: ReadonlyMap<string, Buffer>;
}

export interface ValidationContext {
  /**
   * The host of the bot's messaging endpoint (BOT_DOMAIN). Teams loads nothing from it through the
   * manifest, but cards and links the bot sends point there, so validDomains must cover it too.
   */
  botDomain?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
/** What the app manifest schema calls semver: three non-negative integers, no pre-release. */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/v([0-9.]+|DevPreview)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/i;
const LEFTOVER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\}\}/;

type AppManifestLib = typeof import('@microsoft/app-manifest');

/**
 * `@microsoft/app-manifest` 1.1.x requires an ESM-only package (strip-bom 5) from CommonJS, which
 * Node ≥ 20.19 loads natively but jest's module registry cannot. Loading it through Node's own
 * `require` works in both; it is loaded on first use only (it is a devDependency: packaging runs
 * on the administrator's machine or in CI, never in the App Service).
 */
function appManifestLib(): AppManifestLib {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(__filename)('@microsoft/app-manifest') as AppManifestLib;
}

function schemaRoot(): string {
  const { createRequire } = process.getBuiltinModule('node:module');
  const pkg = createRequire(__filename).resolve('@microsoft/app-manifest/package.json');
  return join(dirname(pkg), 'build', 'json-schemas', 'teams');
}

/** Manifest schema versions bundled by @microsoft/app-manifest, oldest first ("1.30", "devPreview"). */
export function bundledManifestVersions(): string[] {
  const versions = readdirSync(schemaRoot())
    .filter((d) => /^v(\d+\.\d+|DevPreview)$/.test(d) && existsSync(join(schemaRoot(), d, 'MicrosoftTeams.schema.json')))
    .map((d) => (d === 'vDevPreview' ? 'devPreview' : d.slice(1)));
  const numeric = versions.filter((v) => v !== 'devPreview').sort((a, b) => {
    const [a1, a2] = a.split('.').map(Number);
    const [b1, b2] = b.split('.').map(Number);
    return a1! - b1! || a2! - b2!;
  });
  return versions.includes('devPreview') ? [...numeric, 'devPreview'] : numeric;
}

/** The bundled schema a `$schema` URL names, or a message saying why it cannot be used offline. */
function bundledSchema(url: unknown, kind: 'manifest' | 'localization'): { schema: object; version: string } | string {
  if (typeof url !== 'string') return '$schema がありません（オフラインで検証するスキーマを決められません）';
  const m = SCHEMA_URL.exec(url);
  const expected = kind === 'manifest' ? 'MicrosoftTeams.schema.json' : 'MicrosoftTeams.Localization.schema.json';
  if (!m || m[2]!.toLowerCase() !== expected.toLowerCase()) {
    return `$schema "${url}" は Teams の ${kind === 'manifest' ? 'アプリ マニフェスト' : 'ローカライズ ファイル'}のスキーマ（https://developer.microsoft.com/json-schemas/teams/v1.xx/${expected}）ではありません`;
  }
  const version = m[1]!;
  const file = join(schemaRoot(), version.toLowerCase() === 'devpreview' ? 'vDevPreview' : `v${version}`, expected);
  if (!existsSync(file)) {
    return `スキーマ v${version} は @microsoft/app-manifest に含まれていません（含まれる版: ${bundledManifestVersions().join(', ')}）`;
  }
  // The same clean-up the package applies to the files it reads itself.
  const text = readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const schema = unicodeSafePatterns(JSON.parse(text) as unknown) as object;
  return { schema, version: version.toLowerCase() === 'devpreview' ? 'devPreview' : version };
}

/**
 * Escapes a `]` that closes no character class. ECMAScript reads it as a literal `]` without the
 * `u` flag, but ajv 8 compiles patterns with `u`, where it is a syntax error — and the localization
 * schemas since v1.8 have two such patterns (`activities.activityTypes\[\b(…)\b]`), so without this
 * @microsoft/app-manifest cannot compile them at all. The meaning of the pattern does not change.
 */
export function unicodeSafePattern(pattern: string): string {
  try {
    new RegExp(pattern, 'u');
    return pattern;
  } catch {
    let out = '';
    let inClass = false;
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (ch === '\\') {
        out += ch + (pattern[i + 1] ?? '');
        i++;
      } else if (ch === '[' && !inClass) {
        inClass = true;
        out += ch;
      } else if (ch === ']') {
        out += inClass ? ch : '\\]';
        inClass = false;
      } else {
        out += ch;
      }
    }
    return out;
  }
}

function unicodeSafePatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(unicodeSafePatterns);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'patternProperties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [unicodeSafePattern(k), unicodeSafePatterns(v) as Json]));
    } else if (key === 'pattern' && typeof value === 'string') {
      out[key] = unicodeSafePattern(value);
    } else {
      out[key] = unicodeSafePatterns(value) as Json;
    }
  }
  return out;
}

/** "/bots/0/botId" (ajv's instancePath) → "bots[0].botId". */
function jsonPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** Validates one JSON document against the bundled schema its `$schema` names. */
export async function validateAgainstBundledSchema(doc: unknown, file: string, kind: 'manifest' | 'localization'): Promise<Problem[]> {
  const found = bundledSchema((doc as { $schema?: unknown } | null)?.$schema, kind);
  if (typeof found === 'string') return [{ file, where: '$schema', message: found }];
  const errors = await appManifestLib().AppManifestUtils.validateAgainstSchema(doc as never, found.schema as never);
  return errors.map((e) => {
    // "<instancePath> <message>. Details: <params>" — keep the message, turn the pointer into a path.
    const m = /^(\S*) (.*)$/s.exec(e);
    return { file, where: jsonPath(m?.[1] ?? ''), message: `スキーマ違反: ${(m?.[2] ?? e).trim()}` };
  });
}


/** The host of a URL as written (URL() would lower-case it, hiding the upper case we warn about). */
function hostOf(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(url)?.[1];
}

/** Does a validDomains entry ("host", "host:port", "*.example.com") allow this host? */
function domainCovers(entry: string, host: string): boolean {
  const e = entry.toLowerCase();
  const h = host.toLowerCase();
  if (e === h) return true;
  if (e.startsWith('*.')) return h.endsWith(e.slice(1)) && h.length > e.length - 1;
  return false;
}

/** The strings Teams takes from a localization file instead of the manifest, with their values. */
export function localizableStrings(manifest: unknown): Map<string, string> {
  const keys = new Map<string, string>();
  if (!isObject(manifest)) return keys;
  const add = (key: string, value: unknown) => {
    if (typeof value === 'string') keys.set(key, value);
  };
  const name = manifest.name;
  const description = manifest.description;
  if (isObject(name)) {
    add('name.short', name.short);
    add('name.full', name.full);
  }
  if (isObject(description)) {
    add('description.short', description.short);
    add('description.full', description.full);
  }
  asArray(manifest.staticTabs).forEach((tab, i) => isObject(tab) && add(`staticTabs[${i}].name`, tab.name));
  asArray(manifest.bots).forEach((bot, b) => {
    if (!isObject(bot)) return;
    asArray(bot.commandLists).forEach((list, l) => {
      if (!isObject(list)) return;
      asArray(list.commands).forEach((cmd, c) => {
        if (!isObject(cmd)) return;
        add(`bots[${b}].commandLists[${l}].commands[${c}].title`, cmd.title);
        add(`bots[${b}].commandLists[${l}].commands[${c}].description`, cmd.description);
      });
    });
  });
  asArray(manifest.composeExtensions).forEach((ext, e) => {
    if (!isObject(ext)) return;
    asArray(ext.commands).forEach((cmd, c) => {
      if (!isObject(cmd)) return;
      add(`composeExtensions[${e}].commands[${c}].title`, cmd.title);
      add(`composeExtensions[${e}].commands[${c}].description`, cmd.description);
    });
  });
  return keys;
}

/** Checks an icon file: present, a PNG, the required size; for the outline, white on transparent. */
function iconProblems(files: ReadonlyMap<string, Buffer>, name: string | undefined, role: 'color' | 'outline'): Problem[] {
  const where = `icons.${role}`;
  if (!name) return [{ file: 'manifest.json', where, message: 'アイコンのファイル名がありません' }];
  const data = files.get(name);
  if (!data) return [{ file: 'manifest.json', where, message: `アイコン "${name}" がパッケージにありません（appPackage/ に置いてください）` }];
  const want = role === 'color' ? 192 : 32;
  try {
    const header = readPngHeader(data);
    if (header.width !== want || header.height !== want) {
      return [{ file: name, where: '', message: `${role === 'color' ? 'カラー' : 'アウトライン'}アイコンは ${want}×${want} にしてください（今は ${header.width}×${header.height}）` }];
    }
    if (role === 'color') return [];
    const { rgba } = decodePngRgba(data);
    let transparent = 0;
    let visible = 0;
    let coloured = 0;
    for (let p = 0; p < rgba.length; p += 4) {
      const alpha = rgba[p + 3]!;
      if (alpha === 0) {
        transparent++;
        continue;
      }
      visible++;
      if (rgba[p] !== 255 || rgba[p + 1] !== 255 || rgba[p + 2] !== 255) coloured++;
    }
    const problems: Problem[] = [];
    if (transparent === 0) problems.push({ file: name, where: '', message: 'アウトラインアイコンの背景は透明にしてください（透明な画素がありません）' });
    if (visible === 0) problems.push({ file: name, where: '', message: 'アウトラインアイコンが全面透明です（白い図柄がありません）' });
    if (coloured > 0) problems.push({ file: name, where: '', message: `アウトラインアイコンは白（#FFFFFF）と透明だけにしてください（白以外の画素が ${coloured} 個あります）` });
    return problems;
  } catch (e) {
    if (e instanceof PngError) return [{ file: name, where: '', message: e.message }];
    throw e;
  }
}

/** The Teams rules that the JSON schema cannot express. */
export function teamsRules(pkg: RenderedPackage, ctx: ValidationContext = {}): Problem[] {
  const problems: Problem[] = [];
  const p = (where: string, message: string, file = 'manifest.json') => problems.push({ file, where, message });
  const m = pkg.manifest;
  if (!isObject(m)) return [{ file: 'manifest.json', where: '', message: 'マニフェストが JSON オブジェクトではありません' }];

  // Placeholders left in the rendered text (a value that itself contained `${{…}}`, or a template
  // rendered by something else).
  const texts: [string, string][] = [['manifest.json', JSON.stringify(m)]];
  for (const [name, data] of pkg.files) if (name.endsWith('.json')) texts.push([name, data.toString('utf8')]);
  for (const [file, text] of texts) {
    const left = LEFTOVER.exec(text);
    if (left) problems.push({ file, where: '', message: `置き換えられていないプレースホルダ ${left[0]} があります` });
  }

  const schemaVersion = /\/teams\/v([^/]+)\//i.exec(str(m.$schema) ?? '')?.[1];
  if (schemaVersion && str(m.manifestVersion) && schemaVersion.toLowerCase() !== str(m.manifestVersion)!.toLowerCase()) {
    p('manifestVersion', `manifestVersion "${str(m.manifestVersion)}" と $schema の版 v${schemaVersion} が違います`);
  }
  const version = str(m.version);
  if (version !== undefined && !SEMVER.test(version)) p('version', `version は "1.0.0" の形（数字 3 つ）にしてください。今の値: "${version}"`);

  const guid = (where: string, value: unknown, what: string) => {
    if (typeof value !== 'string') return;
    if (!GUID.test(value)) p(where, `${what}は GUID にしてください。今の値: "${value}"`);
    else if (value === NIL_GUID) p(where, `${what}がすべて 0 の GUID です（仮の値のままです）`);
  };
  guid('id', m.id, 'アプリ ID（TEAMS_APP_ID）');
  asArray(m.bots).forEach((bot, i) => isObject(bot) && guid(`bots[${i}].botId`, bot.botId, 'ボット ID（BOT_ID）'));
  const webApp = isObject(m.webApplicationInfo) ? m.webApplicationInfo : undefined;
  if (webApp) guid('webApplicationInfo.id', webApp.id, 'SSO のアプリ登録のクライアント ID（AAD_APP_CLIENT_ID）');

  // Every URL Teams opens must be https.
  const https = (where: string, value: unknown) => {
    if (typeof value === 'string' && !/^https:\/\//i.test(value)) p(where, `https:// の URL にしてください。今の値: "${value}"`);
  };
  if (isObject(m.developer)) for (const k of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) https(`developer.${k}`, m.developer[k]);

  // Hosts Teams loads content from; validDomains must cover them, and the SSO resource names one.
  const contentHosts = new Map<string, string>();
  const entityIds = new Set<string>();
  asArray(m.staticTabs).forEach((tab, i) => {
    if (!isObject(tab)) return;
    const id = str(tab.entityId);
    if (id !== undefined) {
      if (entityIds.has(id)) p(`staticTabs[${i}].entityId`, `entityId "${id}" が重複しています`);
      entityIds.add(id);
    }
    for (const k of ['contentUrl', 'websiteUrl', 'searchUrl']) {
      const url = str(tab[k]);
      if (url === undefined) continue;
      https(`staticTabs[${i}].${k}`, url);
      const host = hostOf(url);
      if (host) contentHosts.set(host, `staticTabs[${i}].${k}`);
    }
  });
  asArray(m.configurableTabs).forEach((tab, i) => {
    if (!isObject(tab)) return;
    const url = str(tab.configurationUrl);
    if (url === undefined) return;
    https(`configurableTabs[${i}].configurationUrl`, url);
    const host = hostOf(url);
    if (host) contentHosts.set(host, `configurableTabs[${i}].configurationUrl`);
  });

  const domains = asArray(m.validDomains).filter((d): d is string => typeof d === 'string');
  const seenDomains = new Set<string>();
  domains.forEach((d, i) => {
    if (/\/|^https?:/i.test(d)) p(`validDomains[${i}]`, `validDomains にはホスト名だけを書きます（https:// やパスは付けません）。今の値: "${d}"`);
    if (d === '*' || /^\*\.[^.]+$/.test(d)) p(`validDomains[${i}]`, `"${d}" は広すぎます（トップレベルドメイン全体は許されません）`);
    if (seenDomains.has(d.toLowerCase())) p(`validDomains[${i}]`, `"${d}" が重複しています`);
    seenDomains.add(d.toLowerCase());
  });
  const mustCover = [...contentHosts.entries()];
  if (ctx.botDomain) mustCover.push([ctx.botDomain, 'ボットのエンドポイント（BOT_DOMAIN）']);
  for (const [host, from] of mustCover) {
    if (!domains.some((d) => domainCovers(d, host))) p('validDomains', `${from} のホスト "${host}" が validDomains にありません`);
    // Entra ID and Teams on Android compare the domain case-sensitively: App Service names in
    // lower case (tab-sso-register-aad: "Use lower case letters for domain name").
    if (host !== host.toLowerCase()) p('validDomains', `ホスト "${host}" に大文字があります（Android の Teams では SSO が失敗します）。小文字にしてください`);
  }

  // SSO: resource = api://<the tab's host>/<client id>, the Application ID URI of the app registration.
  if (webApp) {
    const resource = str(webApp.resource);
    const id = str(webApp.id);
    if (!resource) {
      p('webApplicationInfo.resource', 'webApplicationInfo.resource（api://<タブのホスト>/<クライアント ID>）がありません。タブの SSO に必要です');
    } else {
      const r = /^api:\/\/([^/]+)\/(?:botid-)?([^/]+)$/.exec(resource);
      if (!r) {
        p('webApplicationInfo.resource', `resource は api://<タブのホスト>/<クライアント ID> の形にしてください。今の値: "${resource}"`);
      } else {
        const [, host, rid] = r;
        if (id && rid !== id) p('webApplicationInfo.resource', `resource のクライアント ID "${rid}" が webApplicationInfo.id "${id}" と違います（AADSTS500011 の原因になります）`);
        if (contentHosts.size > 0 && ![...contentHosts.keys()].some((h) => h.toLowerCase() === host!.toLowerCase())) {
          p('webApplicationInfo.resource', `resource のホスト "${host}" がタブのホスト（${[...contentHosts.keys()].join(', ')}）と違います（タブの SSO が失敗します）`);
        }
      }
    }
  }

  // Bot commands: Teams shows them by title; two equal titles in one list are indistinguishable.
  asArray(m.bots).forEach((bot, b) => {
    if (!isObject(bot)) return;
    asArray(bot.commandLists).forEach((list, l) => {
      if (!isObject(list)) return;
      const titles = new Set<string>();
      asArray(list.commands).forEach((cmd, c) => {
        const title = isObject(cmd) ? str(cmd.title) : undefined;
        if (title === undefined) return;
        if (titles.has(title)) p(`bots[${b}].commandLists[${l}].commands[${c}].title`, `コマンド "${title}" が重複しています`);
        titles.add(title);
      });
    });
  });

  // Icons.
  const icons = isObject(m.icons) ? m.icons : {};
  problems.push(...iconProblems(pkg.files, str(icons.color), 'color'), ...iconProblems(pkg.files, str(icons.outline), 'outline'));

  // Localization: each additional language file is present and translates every localizable string.
  const loc = isObject(m.localizationInfo) ? m.localizationInfo : undefined;
  const strings = localizableStrings(m);
  const tags = new Set<string>([str(loc?.defaultLanguageTag)?.toLowerCase() ?? '']);
  asArray(loc?.additionalLanguages).forEach((lang, i) => {
    if (!isObject(lang)) return;
    const tag = str(lang.languageTag) ?? '';
    const file = str(lang.file) ?? '';
    const where = `localizationInfo.additionalLanguages[${i}]`;
    if (tags.has(tag.toLowerCase())) p(`${where}.languageTag`, `言語 "${tag}" が重複しています（既定の言語と同じか、2 回書かれています）`);
    tags.add(tag.toLowerCase());
    const data = pkg.files.get(file);
    if (!data) {
      p(`${where}.file`, `ローカライズ ファイル "${file}" がパッケージにありません`);
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      p('', `JSON として読めません: ${(e as Error).message}`, file);
      return;
    }
    if (!isObject(doc)) return;
    const locVersion = /\/teams\/v([^/]+)\//i.exec(str(doc.$schema) ?? '')?.[1];
    if (locVersion && str(m.manifestVersion) && locVersion.toLowerCase() !== str(m.manifestVersion)!.toLowerCase()) {
      p('$schema', `ローカライズ ファイルのスキーマ v${locVersion} がマニフェストの版 ${str(m.manifestVersion)} と違います`, file);
    }
    for (const [key, value] of strings) {
      const translated = doc[key];
      if (typeof translated !== 'string' || translated.trim() === '') {
        p(key, `${tag} の訳がありません（マニフェストの値: "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"）`, file);
      }
    }
    for (const key of Object.keys(doc)) {
      if (key === '$schema' || key === 'localizationKeys') continue;
      if (!strings.has(key)) p(key, 'マニフェストに対応する項目がありません（番号のずれか、消えた項目の訳です）', file);
    }
  });

  return problems;
}

/** Schema validation of the manifest and of every localization file, then the Teams rules. */
export async function validatePackage(pkg: RenderedPackage, ctx: ValidationContext = {}): Promise<Problem[]> {
  const problems = await validateAgainstBundledSchema(pkg.manifest, 'manifest.json', 'manifest');
  const loc = isObject(pkg.manifest) && isObject(pkg.manifest.localizationInfo) ? pkg.manifest.localizationInfo : undefined;
  for (const lang of asArray(loc?.additionalLanguages)) {
    const file = isObject(lang) ? str(lang.file) : undefined;
    const data = file ? pkg.files.get(file) : undefined;
    if (!file || !data) continue; // teamsRules reports the missing file
    let doc: unknown;
    try {
      doc = JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      continue; // teamsRules reports it
    }
    problems.push(...(await validateAgainstBundledSchema(doc, file, 'localization')));
  }
  return [...problems, ...teamsRules(pkg, ctx)];
}
