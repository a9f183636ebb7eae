/**
 * `npm start` (scripts/start.js runs this after the setup): everything SkillSteps needs on one
 * machine, offline — Azurite (state), the local tenant (Graph, SharePoint lists, sign-in) seeded with
 * a sample municipality, the one server (tab, tab API, bot at /api/messages, jobs) and two Microsoft
 * 365 Agents Playground pages for the bot: one as a section manager (nominates), one as the person
 * who approves. Prints where to click; Ctrl+C stops it all. Data persists under .local/.
 *
 * Options: --programme <id> (setagaya) --staff <n> (2000) --seed <n> (1) --tenant-port <n> (8443)
 * Ports from the environment: PORT (server, 3978), SKILLSTEPS_PLAYGROUND_PORT (56150; the approver's is the next one).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProgramme, packageRoot } from '../src/presets/presets';
import { jsonLogger } from '../src/server/log';
import { startServer } from '../src/server/main';
import { startAzurite } from './azurite';
import { castOf } from './cast';
import { localTenantEnv, startLocalTenant } from './local-tenant';
import { userObjectId } from './local-tenant/ids';
import { DEFAULT_PLAYGROUND_PORT, startPlayground, type RunningPlayground } from './playground';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      programme: { type: 'string', default: 'setagaya' },
      staff: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      'tenant-port': { type: 'string', default: '8443' },
    },
  });
  const root = join(packageRoot(), '.local');
  const ref = values.programme!;
  const load = await loadProgramme(ref, packageRoot());
  if (!load.ok) throw new Error(`プログラム ${ref} を読み込めません`);
  const programme = load.programme;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  const onSignal = (): void => {
    console.log('\n停止しています…');
    void stopAll().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    step('Azurite（状態ストレージ）を起動します');
    const azurite = await startAzurite({ location: join(root, 'azurite') });
    stops.push(() => azurite.stop());

    step(`ローカルテナントを起動します（${ref}、${values.staff} 人、https://localhost:${values['tenant-port']}）`);
    // One folder per programme, size and seed: a restart keeps what was changed (nominations, roles).
    const dataDir = join(root, 'tenant', `${ref}-${values.staff}-${values.seed}`);
    mkdirSync(dataDir, { recursive: true });
    const tenant = await startLocalTenant({
      port: Number(values['tenant-port']),
      dataDir,
      seed: { programme, staff: Number(values.staff), seed: Number(values.seed), today: todayJst() },
    });
    stops.push(() => tenant.close());
    const caFile = join(dataDir, 'local-tenant-ca.pem');
    writeFileSync(caFile, tenant.caPem);

    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: process.env.PORT ?? '3978',
      SKILLSTEPS_PROGRAMME: ref,
      ...localTenantEnv(tenant, caFile),
      SKILLSTEPS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      // The Playground says en-US whatever the user reads; the municipality's staff read Japanese.
      SKILLSTEPS_BOT_LOCALE: process.env.SKILLSTEPS_BOT_LOCALE ?? 'ja',
    };
    // Who is who comes from the lists: read them once, then start the server with the office set.
    step('リストを読み、サーバーを起動します');
    const quiet = await startServer({ ...env, PORT: '0', SKILLSTEPS_JOBS: 'false' }, { log: jsonLogger(() => undefined) });
    const e = await quiet.service.refresh();
    await quiet.close();
    const cast = castOf(programme, e);
    env.SKILLSTEPS_OFFICE_UPNS = cast.office.upn;
    const server = await startServer(env, { log: jsonLogger((line) => (/"level":"(warn|error)"/.test(line) ? process.stderr.write(line) : undefined)) });
    stops.push(() => server.close());
    await server.service.refresh();

    step('Microsoft 365 Agents Playground を起動します（2 画面: 推薦する所属長 と 承認者）');
    const botEndpoint = `${server.url}/api/messages`;
    const port = Number(process.env.SKILLSTEPS_PLAYGROUND_PORT ?? DEFAULT_PLAYGROUND_PORT);
    const playgrounds: RunningPlayground[] = [];
    for (const [i, who] of [cast.manager, cast.approver].entries()) {
      const p = await startPlayground({
        botEndpoint,
        port: port + i,
        tenantId: tenant.tenantId,
        user: { name: who.name, upn: who.upn, aadObjectId: userObjectId(tenant.tenantId, who.upn) },
        dir: join(root, 'playground', String(i)),
      });
      stops.push(() => p.stop());
      playgrounds.push(p);
    }

    console.log(`
SkillSteps はローカルで動いています（Ctrl+C で停止）。

  タブ（ブラウザで開く）   ${server.url}/tab/          サインイン画面で職員を選びます
  ボット（Playground）     ${playgrounds[0]!.url}       ${cast.manager.name}（${cast.manager.section} ${cast.manager.gradeText}、推薦できる所属長）
                           ${playgrounds[1]!.url}       ${cast.approver.name}（${cast.approver.gradeText}、上の人の推薦を承認する人）
  ボットのエンドポイント   ${botEndpoint}
  ローカルテナント（Graph） ${tenant.url}               サイト ${tenant.siteId}
  Azurite                  ${azurite.connectionString.split(';').filter((p) => /^(Blob|Queue|Table)Endpoint=/.test(p)).join(' ')}
  事務局（チャネル設定可） ${cast.office.name}（${cast.office.upn}）

試し方（README「ボットを試す」）:
  1. 承認者の画面 ${playgrounds[1]!.url} を先に開きます（ボットが承認者のチャットを覚えます）。
  2. 所属長の画面 ${playgrounds[0]!.url} で「ステップ」「未受講」「ヘルプ」と送ります。
  3. 「推薦」と送り、${cast.nominee.name} さんを選んで送信 → 承認者の画面に承認依頼のカードが届きます。
  4. 承認者の画面で「承認」→ 両方のカードが「承認されました」に変わります。
`);
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function todayJst(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
}

function step(text: string): void {
  console.log(`[start] ${text}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
