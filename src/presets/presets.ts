import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseProgrammeYaml, type ProgrammeTextResult } from '../app/programme-text';

/** The programmes shipped with SkillSteps, one per seed policy (../shared/seeds). */
export const PRESET_IDS = ['setagaya', 'moka', 'kashiwa', 'tokyo-template', 'nakano'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** The repository root (where package.json is), from source or from dist/. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

/** The YAML file of a preset. */
export function presetPath(id: PresetId): string {
  return join(packageRoot(), 'presets', `${id}.yaml`);
}

export type ProgrammeLoad = (ProgrammeTextResult & { file: string }) | { ok: false; file: string; notFound: string };

/**
 * Loads a programme by preset id (setagaya, moka …) or from a YAML file path, and validates it.
 */
export async function loadProgramme(ref: string, cwd = process.cwd()): Promise<ProgrammeLoad> {
  const isPreset = (PRESET_IDS as readonly string[]).includes(ref);
  const file = isPreset ? presetPath(ref as PresetId) : resolve(cwd, ref);
  if (!isPreset && !/\.ya?ml$/i.test(ref)) {
    return { ok: false, file, notFound: `"${ref}" はプリセットIDでも YAML ファイルでもありません（プリセット: ${PRESET_IDS.join(', ')}）` };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { ok: false, file, notFound: `プログラム定義ファイルが見つかりません: ${file}` };
  }
  return { ...parseProgrammeYaml(text), file };
}
