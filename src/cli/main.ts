import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluationJsonChunks } from '../app/evaluation-report';
import { evaluateFromSource, loadSnapshot } from '../app/evaluate-programme';
import { evaluatePerson } from '../domain/progress';
import { CsvFolderSource, writeCsvFolder } from '../csv/csv-folder';
import type { ListSource } from '../ports';
import { jstDate } from '../domain/local-date';
import { ConfigError } from '../config';
import { SharePointError } from '../sharepoint/errors';
import { loadProgramme, PRESET_IDS } from '../presets/presets';
import { asOf, integer, printProgrammeErrors, programmeOrExit, required, UsageError, type CliIo, type Command } from './cli-support';
import { exportCommand, importCommand, provisionCommand, siteSource, syncCommand } from './graph-commands';
import { generateMunicipality } from '../sample/sample-municipality';
import { evaluationText, personText } from './evaluation-text';
import { num } from './table';


const HELP = `skillsteps — DX人材育成プログラムの評価ツール

使い方:
  skillsteps generate --programme <id|file.yaml> --staff <人数> --seed <数> --out <フォルダ> [--as-of YYYY-MM-DD] [--defects <件数>]
      サンプル自治体のデータ（リストごとの CSV）を作ります。同じ seed なら同じデータになります。
  skillsteps evaluate --programme <id|file.yaml> --data <フォルダ> [--as-of YYYY-MM-DD] [--json] [--person <UPN>] [--limit <人数>]
      CSV フォルダを読み、全職員のステップ・認定・KPI・データ品質を表示します（--json で JSON 1 件）。
  skillsteps evaluate --programme <id|file.yaml> --site <サイトURL|ID> [--as-of …] [--json] [--person <UPN>]
      SharePoint のリストを読み（2 回目からは差分のみ）、同じように評価します。
  skillsteps validate-programme <file.yaml>
      プログラム定義を検査し、誤りをすべてパス付きで表示します。

SharePoint（Microsoft Graph）:
  skillsteps provision --site <サイトURL|ID>
      SkillSteps のリストと列を作ります。既にあるものは変えません（2 回目は何もしません）。
  skillsteps import --site <…> --data <フォルダ> --programme <id|file.yaml>
      CSV フォルダをリストへ取り込みます。同じ行は重複せず、変わった行だけ更新します。人・研修・案件は
      フォルダとサイトのリストで確かめ、知らない人や研修の行、読めない行は取り込みません。
      終了コード: 0 すべて取り込み済み / 1 書き込みの失敗・実行できない / 2 引数の誤り /
                  3 取り込まなかった行がある（ほかは取り込み済み）/ 4 ファイルごと取り込まなかったものがある
  skillsteps export --site <…> --out <フォルダ>
      リストを CSV フォルダへ書き出します。
  skillsteps sync --site <…> --programme <id|file.yaml> [--full] [--json]
      全リストを読み、件数・データ品質・所要時間を表示します（2 回目からは差分のみ）。
  skillsteps serve
      アプリのサーバー（タブと API）を起動します。設定は環境変数から読みます（docs/sharepoint.md、docs/deploy.md）。
  skillsteps local-tenant [--port N] [--data <フォルダ>] [--latency <ms>] [--fault-rate <0..1>] [--programme <id>] [--staff <人数>] [--seed <数>]
      Microsoft 365 の代わりになるローカルテナント（Graph と トークン発行）を起動し、接続用の設定を表示します。
      開発用: リポジトリから実行したときだけ使えます（本番のパッケージには含まれません）。

Graph の接続先と資格情報は環境変数で指定します: SKILLSTEPS_GRAPH_BASE_URL、SKILLSTEPS_AUTHORITY_HOST、
SKILLSTEPS_TENANT_ID、SKILLSTEPS_CLIENT_ID、SKILLSTEPS_CLIENT_SECRET（または …_CLIENT_CERTIFICATE_PATH、
SKILLSTEPS_MANAGED_IDENTITY=true）、SKILLSTEPS_SITE、ローカルテナントでは SKILLSTEPS_LOCAL_MODE=loopback と SKILLSTEPS_LOCAL_CA_FILE。

プリセット: ${PRESET_IDS.join(', ')}
`;

export type { CliIo } from './cli-support';

/** One handler per command. */
const COMMANDS: Record<string, Command> = {
  generate,
  evaluate,
  'validate-programme': validate,
  provision: provisionCommand,
  import: importCommand,
  export: exportCommand,
  sync: syncCommand,
  serve,
};

/** Runs the app's server (tab, API, bot, jobs) until stopped, as App Service does; configuration from the environment. */
async function serve(args: string[], io: CliIo): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const { runServer } = require('../server/run') as typeof import('../server/run');
  // As App Service runs it: the heap grows slowly after the first sync (run.ts).
  const server = await runServer(io.env, { slowHeapAfterFirstSync: true });
  io.out(`SkillSteps を起動しました: ${server.url}/tab/ （Ctrl+C で停止）\n`);
  // runServer stops the server on SIGTERM/SIGINT; the command returns when it has.
  await server.stopped;
  return 0;
}

/** Runs one CLI command; resolves to the process exit code. */
/**
 * Runs one command. `extra` adds commands the entry point found beside the product (the development
 * commands of a repository checkout, dev/cli.ts); the product's own take precedence.
 */
export async function main(argv: string[], io: CliIo, extra: Readonly<Record<string, Command>> = {}): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(HELP);
    return command === undefined ? 2 : 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : Object.hasOwn(extra, command) ? extra[command] : undefined;
  try {
    if (!run) throw new UsageError(`不明なコマンドです: "${command}"`);
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`エラー: ${e.message}\n\n${HELP}`);
      return 2;
    }
    // Configuration and SharePoint problems are for people to fix: their message, not a stack.
    if (e instanceof ConfigError || e instanceof SharePointError) {
      io.err(`エラー: ${e.message}\n`);
      return 1;
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
      site: { type: 'string' },
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
  if ((values.data === undefined) === (values.site === undefined)) throw new UsageError('--data（CSV フォルダ）か --site（SharePoint サイト）のどちらか一方を指定してください');
  let source: ListSource;
  if (values.site !== undefined) source = (await siteSource(values.site, io)).source;
  else {
    const dir = values.data!;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      io.err(`エラー: データフォルダがありません: ${dir}\n`);
      return 1;
    }
    const folder = new CsvFolderSource(dir);
    if (!(await folder.files()).has('Staff')) {
      io.err(`エラー: ${dir} に Staff.csv（職員リスト）がありません。評価には職員リストが必要です。\n`);
      return 1;
    }
    source = folder;
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
    for (const chunk of evaluationJsonChunks(evaluation)) {
      io.out(chunk);
      await io.drained?.();
    }
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

