/**
 * `npm start` (scripts/start.js runs this after the setup): everything SkillSteps needs on one
 * machine, offline — Azurite (state), the local tenant (Graph, SharePoint lists, sign-in) seeded with
 * a sample municipality, the one server (tab, tab API, bot at /api/messages, jobs) and Microsoft 365
 * Agents Playground pages for the bot: one as a section manager, and — when the programme has a
 * nomination to show — one as the person who approves it. Prints where to click; Ctrl+C stops it
 * all. Data persists under .local/. The parts are in dev/local-stack.ts.
 *
 * Options: --programme <id> (setagaya) --staff <n> (2000) --seed <n> (1) --tenant-port <n> (8443)
 * Ports from the environment: PORT (server, 3978), SKILLSTEPS_PLAYGROUND_PORT (56150; the approver's is the next one).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/presets/presets';
import { startAzurite } from './azurite';
import { startLocalStack, startupGuide } from './local-stack';
import { userObjectId } from './local-tenant/ids';
import { DEFAULT_PLAYGROUND_PORT, startPlayground } from './playground';

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

    step(`ローカルテナントとサーバーを起動します（${values.programme}、${values.staff} 人、https://localhost:${values['tenant-port']}）`);
    const stack = await startLocalStack({
      programme: values.programme!,
      staff: Number(values.staff),
      seed: Number(values.seed),
      root,
      tenantPort: Number(values['tenant-port']),
      storageConnectionString: azurite.connectionString,
      // The same entry point as App Service's startup command and `skillsteps serve`.
      asProgram: true,
    });
    stops.push(() => stack.stop());

    const { cast, tenant, server } = stack;
    const people = cast.nomination ? [cast.manager, cast.nomination.approver] : [cast.manager];
    step(`Microsoft 365 Agents Playground を起動します（${people.length === 2 ? '2 画面: 推薦する所属長 と 承認者' : '1 画面: 所属長'}）`);
    const port = Number(process.env.SKILLSTEPS_PLAYGROUND_PORT ?? DEFAULT_PLAYGROUND_PORT);
    const pages: string[] = [];
    for (const [i, who] of people.entries()) {
      const p = await startPlayground({
        botEndpoint: `${server.url}/api/messages`,
        port: port + i,
        tenantId: tenant.tenantId,
        user: { name: who.name, upn: who.upn, aadObjectId: userObjectId(tenant.tenantId, who.upn) },
        dir: join(root, 'playground', String(i)),
      });
      stops.push(() => p.stop());
      pages.push(p.url);
    }
    const endpoints = azurite.connectionString.split(';').filter((p) => /^(Blob|Queue|Table)Endpoint=/.test(p)).join(' ');
    console.log(startupGuide(stack, { playgrounds: pages, azurite: endpoints }));
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function step(text: string): void {
  console.log(`[start] ${text}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
