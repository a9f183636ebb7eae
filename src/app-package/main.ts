/**
 * The `npm run package` command (scripts/package.js runs the compiled form):
 *   npm run package -- --env <dev|local|…>
 * Prints what it built, or every problem with its file and place; exit code 1 when anything is wrong.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage } from './build-package';

export interface PackageIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The project root (appPackage/ and env/ are read from here). */
  root: string;
}

const USAGE = '使い方: npm run package -- --env <環境名>   （env/.env.<環境名> の値で appPackage/ を組み立てます。例: --env dev）\n';

/** Runs the command; resolves to the process exit code. */
export async function main(argv: string[], io: PackageIo): Promise<number> {
  let env: string | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { env: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    env = values.env ?? positionals[0];
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  if (!env) {
    io.err(USAGE);
    return 1;
  }
  try {
    const result = await buildAppPackage({ root: io.root, env });
    if (!result.ok) {
      io.err(`アプリ パッケージ（環境 ${env}）に ${result.problems.length} 件の問題があります。zip は作りませんでした:\n`);
      for (const p of result.problems) io.err(`  - ${p.file}${p.where ? ` ${p.where}` : ''}: ${p.message}\n`);
      return 1;
    }
    io.out(`アプリ パッケージを作りました: ${relative(io.root, result.zipPath)}（${result.entries.join(', ')}）\n`);
    io.out(`  スキーマ（@microsoft/app-manifest 同梱、オフライン）と Teams の規則を検査済みです。マニフェスト: ${relative(io.root, result.manifestPath)}\n`);
    return 0;
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 1;
  }
}
