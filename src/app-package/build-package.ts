/**
 * `npm run package -- --env <name>`: renders appPackage/ for an environment, validates it offline
 * and zips it into appPackage/build/appPackage.<env>.zip — the same file name the Agents Toolkit's
 * teamsApp/zipAppPackage writes, so teamsApp/update and publishAppPackage take either.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvFile, placeholders, renderJsonTemplate, type EnvVars } from './render';
import { validatePackage, type Problem, type RenderedPackage } from './validate';
import { createZip, type ZipEntry } from './zip';

export interface BuildOptions {
  /** The project root (holds appPackage/ and env/). */
  root: string;
  /** Environment name: reads env/.env.<env> and, if present, env/.env.<env>.user. */
  env: string;
  /** Where the template is (default <root>/appPackage). */
  appPackageDir?: string;
  /** Where the zip goes (default <appPackageDir>/build). */
  outDir?: string;
}

export interface BuildResult {
  ok: boolean;
  problems: Problem[];
  /** Written only when ok. */
  zipPath: string;
  /** The rendered manifest, written only when ok (for reading; the zip holds the same bytes). */
  manifestPath: string;
  entries: string[];
}

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Reads env/.env.<env> and env/.env.<env>.user (later wins), plus the toolkit's TEAMSFX_ENV. */
export function loadEnvironment(root: string, env: string): { vars: EnvVars; files: string[] } {
  if (!ENV_NAME.test(env)) throw new Error(`環境名 "${env}" は英数字・- ・_ だけにしてください（例: dev, local）`);
  const main = join(root, 'env', `.env.${env}`);
  if (!existsSync(main)) throw new Error(`env/.env.${env} がありません。環境 "${env}" の設定ファイルを作ってください（docs/deploy.md）`);
  const user = `${main}.user`;
  const files = [main, ...(existsSync(user) ? [user] : [])];
  const vars: Record<string, string> = {};
  for (const f of files) Object.assign(vars, parseEnvFile(readFileSync(f, 'utf8')));
  vars.TEAMSFX_ENV = env;
  return { vars, files };
}

function readJson(data: Buffer, file: string, problems: Problem[]): unknown {
  try {
    return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push({ file, where: '', message: `JSON として読めません: ${(e as Error).message}` });
    return undefined;
  }
}

/** Renders one JSON template file; missing values and secret placeholders become problems. */
function renderFile(dir: string, file: string, vars: EnvVars, env: string, problems: Problem[]): Buffer | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) {
    problems.push({ file, where: '', message: `${file} がありません（appPackage/ に置いてください）` });
    return undefined;
  }
  const template = readFileSync(path, 'utf8');
  // A manifest is readable by every user who installs the app: never put a secret in it.
  for (const name of placeholders(template).filter((n) => n.startsWith('SECRET_'))) {
    problems.push({ file, where: '', message: `\${{${name}}} は秘密の値です。マニフェストには書けません` });
  }
  const { text, missing } = renderJsonTemplate(template, vars);
  for (const name of missing) {
    problems.push({
      file,
      where: '',
      message: `\${{${name}}} の値がありません。env/.env.${env} に ${name}=… を書いてください（ID や URL の多くは teamsapp provision が書き込みます）`,
    });
  }
  return Buffer.from(text, 'utf8');
}

/** Builds the package for one environment; writes the zip only when nothing is wrong. */
export async function buildAppPackage(opts: BuildOptions): Promise<BuildResult> {
  const dir = opts.appPackageDir ?? join(opts.root, 'appPackage');
  const outDir = opts.outDir ?? join(dir, 'build');
  const zipPath = join(outDir, `appPackage.${opts.env}.zip`);
  const manifestPath = join(outDir, `manifest.${opts.env}.json`);
  const { vars } = loadEnvironment(opts.root, opts.env);
  // A zip from an earlier run must not be mistaken for this one's result.
  rmSync(zipPath, { force: true });
  rmSync(manifestPath, { force: true });

  const problems: Problem[] = [];
  const manifestBytes = renderFile(dir, 'manifest.json', vars, opts.env, problems);
  const manifest = manifestBytes ? readJson(manifestBytes, 'manifest.json', problems) : undefined;
  if (manifest === undefined) return { ok: false, problems, zipPath, manifestPath, entries: [] };

  // The files the manifest references: icons as they are, localization files rendered too.
  const m = manifest as { icons?: Record<string, unknown>; localizationInfo?: { defaultLanguageFile?: unknown; additionalLanguages?: { file?: unknown }[] } };
  const icons = ['color', 'outline', 'color32x32'].map((k) => m.icons?.[k]).filter((f): f is string => typeof f === 'string');
  const locFiles = [m.localizationInfo?.defaultLanguageFile, ...(m.localizationInfo?.additionalLanguages ?? []).map((l) => l.file)].filter(
    (f): f is string => typeof f === 'string',
  );
  const files = new Map<string, Buffer>();
  for (const name of [...new Set([...icons, ...locFiles])]) {
    if (name.includes('/') || name.includes('\\')) {
      problems.push({ file: 'manifest.json', where: '', message: `"${name}" はパッケージの直下に置いてください（フォルダは使えません）` });
      continue;
    }
    if (locFiles.includes(name)) {
      const rendered = renderFile(dir, name, vars, opts.env, problems);
      if (rendered) files.set(name, rendered);
    } else if (existsSync(join(dir, name))) {
      files.set(name, readFileSync(join(dir, name)));
    }
  }

  // Unfilled placeholders make every later check fail for the same reason: report them alone.
  if (problems.length > 0) return { ok: false, problems, zipPath, manifestPath, entries: [] };

  const pkg: RenderedPackage = { manifest, files };
  problems.push(...(await validatePackage(pkg, { botDomain: vars.BOT_DOMAIN || undefined })));
  const entries = ['manifest.json', ...files.keys()];
  if (problems.length > 0) return { ok: false, problems, zipPath, manifestPath, entries };

  const manifestOut = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const zipEntries: ZipEntry[] = [{ name: 'manifest.json', data: manifestOut }, ...[...files].map(([name, data]) => ({ name, data }))];
  mkdirSync(outDir, { recursive: true });
  writeFileSync(zipPath, createZip(zipEntries));
  writeFileSync(manifestPath, manifestOut);
  return { ok: true, problems, zipPath, manifestPath, entries };
}
