import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSnapshot } from '../app/evaluate-programme';
import { loadConfig, type AppConfig } from '../config';
import { LISTS, LIST_NAMES } from '../domain/lists';
import type { Programme } from '../domain/programme';
import type { DataQualityIssue } from '../domain/records';
import { jstDate } from '../domain/local-date';
import type { ReadProgress } from '../ports';
import { exportToCsvFolder, importCsvFolder } from '../sharepoint/csv-transfer';
import { appCredential, localCa } from '../sharepoint/credentials';
import { FileSyncStore } from '../sharepoint/file-sync-store';
import { createGraphApi, type GraphApi } from '../sharepoint/graph-client';
import { DEFAULT_PARTITIONS, GraphListSource } from '../sharepoint/graph-list-reader';
import { listDisplayName } from '../sharepoint/list-schema';
import { provisionLists, resolveSite, type Site } from '../sharepoint/provision';
import { programmeOrExit, required, UsageError, type CliIo } from './cli-support';
import { num, table } from './table';

const ACTION_JA = {
  createdList: 'リストを作成',
  addedColumn: '列を追加',
  indexedColumn: '列にインデックスを作成',
  typeMismatch: '列の型が違います（変更していません）',
  unchanged: '変更なし',
} as const;

const MODE_JA = { full: '全件', delta: '差分', resync: '再同期（差分トークン期限切れ）' } as const;

/** The Graph client and site for a command, from configuration and --site (or SKILLSTEPS_SITE). */
async function connect(siteArg: string | undefined, io: CliIo): Promise<{ config: AppConfig; api: GraphApi; site: Site }> {
  const config = loadConfig(io.env);
  const siteRef = siteArg ?? config.site;
  if (!siteRef) throw new UsageError('--site（SharePoint サイトの URL または ID）を指定するか、SKILLSTEPS_SITE を設定してください');
  const api = createGraphApi({
    baseUrl: config.graph.baseUrl,
    credential: appCredential(config.graph),
    caPem: localCa(config.graph),
    concurrency: config.graph.concurrency,
    maxRetries: config.graph.maxRetries,
  });
  const site = await resolveSite(api, siteRef);
  return { config, api, site };
}

/**
 * What the data-quality report of a sync is computed from: the items (their files' hashes), the
 * programme, the day (a date after it is an issue) and the code that parses them (this build's
 * domain files, by size and time). When none of it changed, the last report is the report.
 */
function reportKey(programme: Programme, today: string, versions: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify({ programme, today, versions, code: CODE_VERSION })).digest('hex');
}

const CODE_VERSION = ((): string => {
  const dir = join(__dirname, '..', 'domain');
  try {
    return readdirSync(dir, { recursive: true })
      .map(String)
      .sort()
      .map((f) => {
        const st = statSync(join(dir, f));
        return `${f}:${st.size}:${st.mtimeMs}`;
      })
      .join('|');
  } catch {
    return 'unknown';
  }
})();

/** A ListSource reading the site's lists, with the delta links kept between runs. */
export async function siteSource(siteArg: string | undefined, io: CliIo, opts: { full?: boolean } = {}) {
  const { config, api, site } = await connect(siteArg, io);
  const store = new FileSyncStore(resolve(io.cwd, config.syncCacheDir), site.id);
  if (opts.full) await store.clear();
  return { api, site, store, source: new GraphListSource(api, site.id, store, config.graph.pageSize, undefined, { partitions: config.graph.readPartitions ?? DEFAULT_PARTITIONS }) };
}

export async function provisionCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { site: { type: 'string' } }, strict: true });
  const { api, site } = await connect(values.site, io);
  const actions = await provisionLists(api, site.id);
  io.out(`サイト ${site.displayName ?? site.id} のリスト:\n`);
  io.out(
    table(
      ['リスト', '内容', '列', '詳細'],
      actions.map((a) => [`${listDisplayName(a.list)}(${a.list})`, ACTION_JA[a.kind], a.column ?? '', a.detail ?? '']),
    ) + '\n',
  );
  const changed = actions.filter((a) => a.kind !== 'unchanged' && a.kind !== 'typeMismatch').length;
  io.out(changed === 0 ? 'すべて揃っています。何も変更しませんでした。\n' : `${changed} 件を変更しました。\n`);
  if (actions.some((a) => a.kind === 'typeMismatch')) {
    io.err('型の違う列があります。SharePoint で確認してください（データを失う恐れがあるため自動では変えません）。\n');
    return 1;
  }
  return 0;
}

/**
 * The exit codes of `skillsteps import` (README, --help): what a script running it each month needs
 * to tell apart. A refused row or file was reported and not uploaded; everything else was.
 */
export const IMPORT_EXIT = {
  /** Every row of every file is in the lists (written now or already there). */
  ok: 0,
  /** Writes failed, or the import could not run (configuration, SharePoint, the programme): see the message. */
  error: 1,
  /** Wrong arguments. */
  usage: 2,
  /** Rows were refused (unreadable, an unknown person or course, a future date, a duplicate …); the rest was imported. */
  rowsRefused: 3,
  /** A whole file was refused (unreadable, a required column missing); the other files were imported. */
  fileRefused: 4,
} as const;

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { site: { type: 'string' }, data: { type: 'string' }, programme: { type: 'string' } }, strict: true });
  const dir = required(values.data, '--data');
  const programme = await programmeOrExit(required(values.programme, '--programme'), io);
  if (!programme) return IMPORT_EXIT.error;
  const { api, site } = await connect(values.site, io);
  const started = performance.now();
  const report = await importCsvFolder(api, site.id, programme, resolve(io.cwd, dir), jstDate(io.now), (list, done, total) => {
    if (total >= 200 && (done === total || done % 2000 < 20)) io.err(`  ${list}: ${num(done)} / ${num(total)} 件書き込み\n`);
  });
  io.out(
    table(
      ['リスト', '読めた行', '作成', '更新', '変更なし', '除外', '失敗'],
      report.lists.map((l) => [
        `${LISTS[l.list].label.ja}(${l.list})`,
        num(l.rows),
        num(l.created),
        num(l.updated),
        num(l.unchanged),
        l.fileRefused ? `${num(l.refused)}（ファイルごと）` : num(l.refused),
        num(l.failed.length),
      ]),
    ) + '\n',
  );
  for (const l of report.lists) for (const f of l.failed.slice(0, 10)) io.err(`  失敗 ${l.list} ${f.key}: ${f.reason}\n`);
  const refusedFiles = report.lists.filter((l) => l.fileRefused);
  const refusedRows = report.lists.reduce((n, l) => n + (l.fileRefused ? 0 : l.refused), 0);
  for (const l of refusedFiles) {
    const why = report.dataQuality.find((d) => d.list === l.list && d.effect === 'listSkipped');
    io.err(`ファイルごと取り込みませんでした: ${l.list}.csv — ${why?.reason ?? ''}\n`);
  }
  if (refusedRows > 0) {
    io.out(`読めなかった CSV の行 ${num(refusedRows)} 件は取り込んでいません:\n`);
    for (const d of report.dataQuality.filter((x) => x.effect === 'rowSkipped').slice(0, 20)) io.out(`  ${d.list} ${d.row ?? ''}行目 ${d.column ?? ''}: ${d.reason}\n`);
  }
  const notes = report.dataQuality.filter((d) => d.effect === 'valueIgnored' || d.effect === 'note');
  if (notes.length > 0) io.out(`参考（取り込んだ行の無視した値・ファイルについての注意） ${num(notes.length)} 件\n`);
  io.out(`所要時間 ${((performance.now() - started) / 1000).toFixed(1)} 秒、Graph リクエスト ${num(api.stats.requests)} 回（再試行 ${num(api.stats.retried)}）\n`);
  if (report.lists.some((l) => l.failed.length > 0)) return IMPORT_EXIT.error;
  if (refusedFiles.length > 0) return IMPORT_EXIT.fileRefused;
  if (refusedRows > 0) return IMPORT_EXIT.rowsRefused;
  return IMPORT_EXIT.ok;
}

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { site: { type: 'string' }, out: { type: 'string' } }, strict: true });
  const out = resolve(io.cwd, required(values.out, '--out'));
  const { api, site } = await connect(values.site, io);
  const counts = await exportToCsvFolder(api, site.id, out);
  io.out(`サイト ${site.displayName ?? site.id} のリストを書き出しました: ${out}\n`);
  for (const [list, n] of Object.entries(counts)) io.out(`  ${list}.csv  ${num(n)} 行\n`);
  return 0;
}

export async function syncCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { site: { type: 'string' }, programme: { type: 'string' }, full: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const programme = await programmeOrExit(required(values.programme, '--programme'), io);
  if (!programme) return 1;
  const { api, source, store } = await siteSource(values.site, io, { full: values.full });
  // A line per list read, and for long lists one per 20,000 items so a long sync shows it is moving.
  const progress = (p: ReadProgress): void => {
    if (values.json) return;
    if (p.listDone) io.err(`  ${p.list}: ${num(p.rowsRead)} 件（${p.listsDone}/${p.listsTotal} リスト）\n`);
    else if (p.rowsRead >= 20_000 && p.rowsRead % 20_000 < 5_000) io.err(`  ${p.list}: ${num(p.rowsRead)} 件 読み込み中…\n`);
  };
  const started = performance.now();
  const today = jstDate(io.now);
  // Every list first; then, if none changed, the report the last sync made from the same items, the
  // same programme and the same day stands, and nothing is read from disk or parsed again.
  const reports = await source.sync(progress);
  const readMs = performance.now() - started;
  const versions = store.versions(LIST_NAMES);
  const key = versions && reportKey(programme, today, versions);
  const unchanged = reports.every((r) => r.mode === 'delta' && r.changed === 0 && r.deleted === 0);
  let issues = unchanged && key ? ((await store.loadResult(key)) as DataQualityIssue[] | undefined) : undefined;
  const timings = { readMs, parseMs: 0, indexMs: 0, reused: issues !== undefined };
  if (!issues) {
    const loaded = await loadSnapshot(programme, source, today);
    issues = loaded.snapshot.issues;
    // Reading the items of lists the sync left untouched (from disk) counts as reading.
    timings.readMs += loaded.timings.readMs;
    timings.parseMs = loaded.timings.parseMs;
    timings.indexMs = loaded.timings.indexMs;
    if (key) await store.saveResult(key, issues);
  }
  const totalMs = performance.now() - started;
  if (values.json) {
    io.out(
      JSON.stringify({
        lists: reports.map((r) => ({ ...r, ms: Math.round(r.ms) })),
        requests: api.stats.requests,
        retried: api.stats.retried,
        timings: { totalMs: Math.round(totalMs), readMs: Math.round(timings.readMs), parseMs: Math.round(timings.parseMs), indexMs: Math.round(timings.indexMs) },
        // True when no list changed and the last sync's report was kept rather than parsed again.
        dataQualityReused: timings.reused,
        dataQuality: issues,
      }) + '\n',
    );
    return 0;
  }
  io.out(
    table(
      ['リスト', '件数', '変更', '削除', '読み方', 'ページ', '時間'],
      reports.map((r) => [`${LISTS[r.list].label.ja}(${r.list})`, num(r.items), num(r.changed), num(r.deleted), MODE_JA[r.mode], num(r.pages), `${(r.ms / 1000).toFixed(1)}s`]),
    ) + '\n',
  );
  io.out(
    `合計 ${(totalMs / 1000).toFixed(1)} 秒（読み込み ${(timings.readMs / 1000).toFixed(1)}、解析 ${(timings.parseMs / 1000).toFixed(1)}、索引 ${(timings.indexMs / 1000).toFixed(1)}）、` +
      `Graph リクエスト ${num(api.stats.requests)} 回（再試行 ${num(api.stats.retried)}）\n`,
  );
  io.out(`データ品質: ${num(issues.length)} 件${timings.reused ? '（どのリストも変わっていないため、前回の同期の結果）' : ''}\n`);
  for (const d of issues.slice(0, 30)) io.out(`  ${d.list} ${d.itemId ? `項目 ${d.itemId}` : ''} ${d.column ?? ''}: ${d.reason}\n`);
  if (issues.length > 30) io.out(`  … 他 ${num(issues.length - 30)} 件（--json で全件）\n`);
  return 0;
}
