import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluationJsonChunks } from '../app/evaluation-report';
import { evaluateFromSource, loadSnapshot } from '../app/evaluate-programme';
import { evaluatePerson } from '../domain/progress';
import type { LocatedProgrammeError } from '../app/programme-text';
import { CsvFolderSource, writeCsvFolder } from '../csv/csv-folder';
import { readDate } from '../domain/cell-values';
import { jstDate } from '../domain/local-date';
import type { Programme } from '../domain/programme';
import { loadProgramme, PRESET_IDS } from '../presets/presets';
import { generateMunicipality } from '../../dev/sample-municipality';
import { evaluationText, personText } from './evaluation-text';
import { num } from './table';

/** Where the CLI writes; injected so tests run it in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  now: Date;
}

class UsageError extends Error {}

const HELP = `skillsteps — DX人材育成プログラムの評価ツール

使い方:
  skillsteps generate --programme <id|file.yaml> --staff <人数> --seed <数> --out <フォルダ> [--as-of YYYY-MM-DD] [--defects <件数>]
      サンプル自治体のデータ（リストごとの CSV）を作ります。同じ seed なら同じデータになります。
  skillsteps evaluate --programme <id|file.yaml> --data <フォルダ> [--as-of YYYY-MM-DD] [--json] [--person <UPN>] [--limit <人数>]
      CSV フォルダを読み、全職員のステップ・認定・KPI・データ品質を表示します（--json で JSON 1 件）。
  skillsteps validate-programme <file.yaml>
      プログラム定義を検査し、誤りをすべてパス付きで表示します。

プリセット: ${PRESET_IDS.join(', ')}
`;

/** Runs one CLI command; resolves to the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'generate':
        return await generate(rest, io);
      case 'evaluate':
        return await evaluate(rest, io);
      case 'validate-programme':
        return await validate(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`不明なコマンドです: "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`エラー: ${e.message}\n\n${HELP}`);
      return 2;
    }
    throw e;
  }
}

async function generate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      programme: { type: 'string' },
      staff: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      'as-of': { type: 'string' },
      defects: { type: 'string', default: '0' },
    },
    strict: true,
  });
  const programme = await programmeOrExit(required(values.programme, '--programme'), io);
  if (!programme) return 1;
  const staff = integer(required(values.staff, '--staff'), '--staff', 1, 100_000);
  const seed = integer(values.seed!, '--seed', 0, 2 ** 31 - 1);
  const defects = integer(values.defects!, '--defects', 0, 100_000);
  const out = required(values.out, '--out');
  const today = asOf(values['as-of'], io);
  const started = performance.now();
  const records = generateMunicipality(programme, { staff, seed, today, defects });
  const counts = await writeCsvFolder(out, records);
  const ms = Math.round(performance.now() - started);
  io.out(`${programme.label.ja} のサンプルデータを作成しました（seed ${seed}、基準日 ${today}、${ms} ms）: ${out}\n`);
  for (const [list, n] of Object.entries(counts)) io.out(`  ${list}.csv  ${num(n)} 行\n`);
  if (defects > 0) io.out(`  意図的に不正な行を ${num(defects)} 件含みます（データ品質レポートの確認用）\n`);
  return 0;
}

async function evaluate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      programme: { type: 'string' },
      data: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean', default: false },
      person: { type: 'string' },
      limit: { type: 'string', default: '20' },
    },
    strict: true,
  });
  const date = asOf(values['as-of'], io);
  const limit = integer(values.limit!, '--limit', 0, 1_000_000);
  const programme = await programmeOrExit(required(values.programme, '--programme'), io);
  if (!programme) return 1;
  const dir = required(values.data, '--data');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    io.err(`エラー: データフォルダがありません: ${dir}\n`);
    return 1;
  }
  const source = new CsvFolderSource(dir);
  if (!(await source.files()).has('Staff')) {
    io.err(`エラー: ${dir} に Staff.csv（職員リスト）がありません。評価には職員リストが必要です。\n`);
    return 1;
  }
  const today = jstDate(io.now);
  if (values.person) {
    // One person in full detail: every requirement with its own evidence, not the brief form.
    const { snapshot } = await loadSnapshot(programme, source, today);
    const staff = snapshot.staffByUpn.get(values.person.toLowerCase());
    if (!staff || !staff.active) {
      io.err(`エラー: 在職職員に ${values.person} はいません\n`);
      return 1;
    }
    const p = evaluatePerson(snapshot, staff, date);
    io.out(values.json ? JSON.stringify(p, null, 2) + '\n' : personText(p, date));
    return 0;
  }
  const { evaluation } = await evaluateFromSource(programme, source, date, today);
  if (values.json) {
    for (const chunk of evaluationJsonChunks(evaluation)) io.out(chunk);
    io.out('\n');
  }
  else io.out(evaluationText(evaluation, programme, { source: source.describe(), peopleLimit: limit, issueLimit: 30 }));
  return 0;
}

async function validate(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('検査する YAML ファイルを 1 つ指定してください');
  const file = positionals[0]!;
  const load = await loadProgramme(file, io.cwd);
  if ('notFound' in load) {
    io.err(`エラー: ${load.notFound}\n`);
    return 1;
  }
  if (!load.ok) {
    printProgrammeErrors(load.file, load.errors, io);
    return 1;
  }
  const p = load.programme;
  io.out(
    `OK: ${load.file}\n  ${p.label.ja}（${p.id} v${p.version}）: 役割 ${p.roles.length}、認定 ${p.certifications.length}、研修 ${p.courses.length}、KPI ${p.kpis.length}、自治体が設定する値 ${p.settings.filter((s) => s.fillIn).length}\n`,
  );
  return 0;
}

async function programmeOrExit(ref: string, io: CliIo): Promise<Programme | undefined> {
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

function printProgrammeErrors(file: string, errors: LocatedProgrammeError[], io: CliIo): void {
  io.err(`プログラム定義に ${errors.length} 件の誤りがあります: ${file}\n`);
  for (const e of errors) io.err(`  ${e.line !== undefined ? `${e.line}行目 ` : ''}${e.path}: ${e.message}\n`);
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} を指定してください`);
  return value;
}

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value.normalize('NFKC'));
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} は ${min}〜${max} の整数で指定してください（"${value}"）`);
  return n;
}

function asOf(value: string | undefined, io: CliIo): string {
  if (value === undefined) return jstDate(io.now);
  const d = readDate(value);
  if (!d.ok) throw new UsageError(`--as-of の日付が読めません: ${d.reason}`);
  return d.value;
}
