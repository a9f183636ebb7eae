import { readDate } from '../domain/cell-values';
import { jstDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import type { LocatedProgrammeError } from '../app/programme-text';
import { loadProgramme } from '../presets/presets';

/** Where the CLI reads and writes; injected so tests run it in-process. */
export interface CliIo {
  out(text: string): void;
  /**
   * Resolves once what `out` wrote has been taken by the reader (stdout's 'drain' when its buffer is
   * full). A long output waits on it between chunks, so a slow pipe (`| jq`) does not pile the whole
   * document up in memory.
   */
  drained?(): Promise<void>;
  err(text: string): void;
  cwd: string;
  now: Date;
  /** The environment configuration is read from (src/config.ts); only the entry point passes process.env. */
  env: Readonly<Record<string, string | undefined>>;
}

/** A command given the wrong arguments: the help is shown and the exit code is 2. */
export class UsageError extends Error {}

/** One CLI command: its arguments after the command name. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} を指定してください`);
  return value;
}

export function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value.normalize('NFKC'));
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} は ${min}〜${max} の整数で指定してください（"${value}"）`);
  return n;
}

export function fraction(value: string, flag: string): number {
  const n = Number(value.normalize('NFKC'));
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${flag} は 0〜1 の数で指定してください（"${value}"）`);
  return n;
}

/** --as-of, or today in Japan. */
export function asOf(value: string | undefined, io: CliIo): string {
  if (value === undefined) return jstDate(io.now);
  const d = readDate(value);
  if (!d.ok) throw new UsageError(`--as-of の日付が読めません: ${d.reason}`);
  return d.value;
}

/** Loads a programme (preset id or YAML file), printing every error; undefined when it does not load. */
export async function programmeOrExit(ref: string, io: CliIo): Promise<Programme | undefined> {
  const load = await loadProgramme(ref, io.cwd);
  if ('notFound' in load) {
    io.err(`エラー: ${load.notFound}\n`);
    return undefined;
  }
  if (!load.ok) {
    printProgrammeErrors(load.file, load.errors, io);
    return undefined;
  }
  return load.programme;
}

export function printProgrammeErrors(file: string, errors: LocatedProgrammeError[], io: CliIo): void {
  io.err(`プログラム定義に ${errors.length} 件の誤りがあります: ${file}\n`);
  for (const e of errors) io.err(`  ${e.line !== undefined ? `${e.line}行目 ` : ''}${e.path}: ${e.message}\n`);
}
