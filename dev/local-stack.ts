/**
 * The parts `npm start` runs (dev/start-local.ts), as building blocks a test can run in-process:
 * the local tenant seeded with a sample municipality in its own data folder, the one server on it
 * with the programme office and (for a role the office decides) its approver configured, the cast
 * it is shown with, and the start-up guide. Azurite and the Agents Playground are the caller's.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalDate } from '../src/domain/local-date';
import type { Programme } from '../src/domain/programme';
import type { Clock } from '../src/ports';
import { loadProgramme, packageRoot } from '../src/presets/presets';
import { jsonLogger, type Logger } from '../src/server/log';
import { startServer, type RunningServer } from '../src/server/main';
import { runServer } from '../src/server/run';
import { castOf, type Cast } from './cast';
import { localTenantEnv, startLocalTenant, type LocalTenant } from './local-tenant';

export interface LocalStackOptions {
  /** A preset id or a YAML file. */
  programme: string;
  staff: number;
  seed: number;
  /** The .local folder: the tenant's data goes to tenant/<programme>-<staff>-<seed>. */
  root: string;
  tenantPort: number;
  /** SKILLSTEPS_STORAGE_CONNECTION_STRING (Azurite). */
  storageConnectionString: string;
  /** The day the municipality is generated for and the server's today (default: today in Japan, on the real clock). */
  today?: LocalDate;
  /** The server's PORT (default the environment's, else 3978). */
  port?: string;
  /** The environment the server starts from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  log?: Logger;
  /**
   * Start the server as the program App Service runs (src/server/run.ts: it also stops on SIGTERM and
   * SIGINT), as `npm start` does; tests leave it off so a jest worker's signals stay jest's.
   */
  asProgram?: boolean;
}

export interface LocalStack {
  ref: string;
  programme: Programme;
  tenant: LocalTenant;
  server: RunningServer;
  cast: Cast;
  /** The server's environment (for a second server on the same data, and for the guide). */
  env: Record<string, string | undefined>;
  /** Stops the server and the tenant (which writes its data folder). */
  stop(): Promise<void>;
}

/**
 * The state storage prefix of a data set. The local tenant's site id is the same for every data
 * set (its ids are stable, so configuration keeps pointing at it), while Azurite's folder is shared:
 * keyed by the site id alone, the delta links and items one data set saved were taken up by the next
 * (a setagaya role showed in moka). Keyed by the data set, each sees only its own state — the list
 * sync state, chats, the reminder ledger, the digest log. In production the site id is the key, and
 * a real site id changes with the site.
 */
export function localStatePrefix(ref: string, staff: number, seed: number): string {
  return `local${createHash('sha256').update(`${ref}|${staff}|${seed}`).digest('hex').slice(0, 16)}`;
}

/** Today in Japan. */
export function todayJst(): LocalDate {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Starts the tenant and the server as `npm start` does: a quiet first server tells who is who (the
 * cast), then the server starts with the programme office — and, where the office decides
 * nominations, its approver — configured, as an administrator would set them.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const ref = o.programme;
  const load = await loadProgramme(ref, packageRoot());
  if (!load.ok) throw new Error(`プログラム ${ref} を読み込めません`);
  const programme = load.programme;
  const today = o.today ?? todayJst();
  // One folder per programme, size and seed: a restart keeps what was changed (nominations, roles).
  const dataDir = join(o.root, 'tenant', `${ref.replace(/[^\w.-]+/g, '_')}-${o.staff}-${o.seed}`);
  mkdirSync(dataDir, { recursive: true });
  const tenant = await startLocalTenant({ port: o.tenantPort, dataDir, seed: { programme, staff: o.staff, seed: o.seed, today } });
  const clock: Clock | undefined = o.today ? { now: () => new Date(`${o.today}T03:00:00Z`), today: () => o.today! } : undefined;
  const log = o.log ?? jsonLogger((line) => (/"level":"(warn|error)"/.test(line) ? process.stderr.write(line) : undefined));
  let server: RunningServer | undefined;
  try {
    const caFile = join(dataDir, 'local-tenant-ca.pem');
    writeFileSync(caFile, tenant.caPem);
    const env: Record<string, string | undefined> = {
      ...(o.env ?? process.env),
      PORT: o.port ?? o.env?.PORT ?? process.env.PORT ?? '3978',
      SKILLSTEPS_PROGRAMME: ref,
      ...localTenantEnv(tenant, caFile),
      SKILLSTEPS_STORAGE_CONNECTION_STRING: o.storageConnectionString,
      SKILLSTEPS_STORAGE_PREFIX: localStatePrefix(ref, o.staff, o.seed),
      // The Playground says en-US whatever the user reads; the municipality's staff read Japanese.
      SKILLSTEPS_BOT_LOCALE: (o.env ?? process.env).SKILLSTEPS_BOT_LOCALE ?? 'ja',
    };
    const quiet = await startServer({ ...env, PORT: '0', SKILLSTEPS_JOBS: 'false' }, { log: jsonLogger(() => undefined), clock });
    let cast: Cast;
    try {
      cast = castOf(programme, await quiet.service.refresh());
    } finally {
      await quiet.close();
    }
    env.SKILLSTEPS_OFFICE_UPNS = cast.office.upn;
    if (cast.officeApprover) env.SKILLSTEPS_OFFICE_APPROVER_UPN = cast.officeApprover.upn;
    server = o.asProgram ? await runServer(env, { log, clock }) : await startServer(env, { log, clock });
    await server.service.refresh();
    const running = server;
    return {
      ref,
      programme,
      tenant,
      server: running,
      cast,
      env,
      stop: async () => {
        await running.close().catch(() => undefined);
        await tenant.close();
      },
    };
  } catch (e) {
    await server?.close().catch(() => undefined);
    await tenant.close();
    throw e;
  }
}

/** Where things are, for the guide. */
export interface GuidePlaces {
  /** The manager's Playground page, then the approver's when there is a nomination to show. */
  playgrounds: string[];
  azurite: string;
}

/**
 * The start-up guide `npm start` prints: where the tab, the bot and the tenant are, who is who, and
 * what to try. The nomination steps are there only when the programme has a nomination to show.
 */
export function startupGuide(stack: Pick<LocalStack, 'server' | 'tenant' | 'cast' | 'programme'>, places: GuidePlaces): string {
  const { server, tenant, cast } = stack;
  const botEndpoint = `${server.url}/api/messages`;
  const n = cast.nomination;
  const [managerPage, approverPage] = places.playgrounds;
  const lines = [
    '',
    `SkillSteps はローカルで動いています（${stack.programme.label.ja}、Ctrl+C で停止）。`,
    '',
    `  タブ（ブラウザで開く）   ${server.url}/tab/          サインイン画面で職員を選びます`,
    `  ボット（Playground）     ${managerPage}       ${cast.manager.name}（${cast.manager.section} ${cast.manager.gradeText}${n ? '、推薦できる所属長' : '、所属長'}）`,
    ...(n && approverPage ? [`                           ${approverPage}       ${n.approver.name}（${n.approver.gradeText}、上の人の推薦を承認する人）`] : []),
    `  ボットのエンドポイント   ${botEndpoint}`,
    `  ローカルテナント（Graph） ${tenant.url}               サイト ${tenant.siteId}`,
    `  Azurite                  ${places.azurite}`,
    `  事務局（チャネル設定可） ${cast.office.name}（${cast.office.upn}）`,
    '',
    '試し方（README「試し方」）:',
  ];
  if (n && approverPage) {
    lines.push(
      `  1. 承認者の画面 ${approverPage} を先に開きます（ボットが承認者のチャットを覚えます）。`,
      `  2. 所属長の画面 ${managerPage} で「ステップ」「未受講」「ヘルプ」と送ります。`,
      `  3. 「推薦」と送り、${n.nominee.name} さんを${n.role.label.ja}に選んで送信 → 承認者の画面に承認依頼のカードが届きます。`,
      '  4. 承認者の画面で「承認」→ 両方のカードが「承認されました」に変わります。',
    );
  } else {
    lines.push(`  1. 所属長の画面 ${managerPage} で「ステップ」「未受講」「ヘルプ」と送ります。`, `  （${cast.noNomination ?? '推薦の流れはこのプログラムでは試せません'}。）`);
  }
  lines.push('');
  return lines.join('\n');
}
