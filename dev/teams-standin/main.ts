import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startTeamsStandIn, type TeamsStandIn, type TeamsStandInOptions } from './index';

const USAGE = `usage: node dist/dev/teams-standin/main.js [options]
  --port <n>             default 3980 (0 = a free port)
  --host <name>          default 127.0.0.1
  --base-path <path>     the service URL's path, default /jp/
  --tenant <id>          tenant of the conversations it adds (default: the local tenant's)
  --bot-app-id <id>      the bot's app id; its account is 28:<id>
  --conversations <n>    register n personal chats with made-up people
  --references <file>    write their conversation references (JSON) to this file
  --app-limit <n>        requests per second per app per tenant (default 50, Teams' figure)
  --no-limits            no rate limits at all
  --latency <ms>         added before every answer
  --fault-rate <0..1>    share of requests answered 412/502/503/504
  --seed <n>             seed of the fault draws`;

/**
 * The stand-in as a process, for \`npm start\` and for the crash benchmark, whose sender runs (and
 * is killed) in another process: starts it, registers conversations, prints the URLs as
 * KEY=value lines (the last line says it is ready), and runs until stopped.
 */
export async function runTeamsStandInCli(argv: string[], out: (text: string) => void): Promise<TeamsStandIn> {
  const { values } = parseCliArgs(argv);
  if (values.help) {
    out(`${USAGE}\n`);
    throw new CliExit(0);
  }
  const number = (name: string, text: string | undefined, check: (n: number) => boolean): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!check(n)) throw new CliExit(2, `--${name} ${text}: not a valid value\n${USAGE}`);
    return n;
  };
  const int = (n: number): boolean => Number.isInteger(n) && n >= 0;
  const options: TeamsStandInOptions = {
    port: number('port', values.port, (n) => int(n) && n <= 65535),
    hostname: values.host,
    ...(values['base-path'] !== undefined ? { basePath: values['base-path'] } : {}),
    ...(values.tenant !== undefined ? { tenantId: values.tenant } : {}),
    ...(values['bot-app-id'] !== undefined ? { botAppId: values['bot-app-id'] } : {}),
    ...(values.seed !== undefined ? { randomSeed: number('seed', values.seed, int) } : {}),
    faults: {
      ...(values.latency !== undefined ? { latencyMs: number('latency', values.latency, int) } : {}),
      ...(values['fault-rate'] !== undefined ? { faultRate: number('fault-rate', values['fault-rate'], (n) => n >= 0 && n <= 1) } : {}),
    },
  };
  if (values['no-limits']) options.limits = { perAppPerTenant: [], perConversation: [], createConversation: [] };
  const appLimit = number('app-limit', values['app-limit'], (n) => int(n) && n > 0);
  if (appLimit !== undefined && !values['no-limits']) options.limits = { perAppPerTenant: [{ windowMs: 1000, max: appLimit }] };

  const standIn = await startTeamsStandIn(options);
  const count = number('conversations', values.conversations, int) ?? 0;
  const references = count > 0 ? standIn.addConversations(count) : [];
  if (values.references !== undefined) writeFileSync(values.references, `${JSON.stringify(references, null, 2)}\n`);
  out(`TEAMS_STANDIN_URL=${standIn.url}\n`);
  out(`TEAMS_STANDIN_ADMIN_URL=${standIn.adminUrl}\n`);
  out(`TEAMS_STANDIN_TENANT_ID=${standIn.tenantId}\n`);
  out(`TEAMS_STANDIN_BOT_ID=${standIn.bot.id}\n`);
  const limits = standIn.limits();
  const app = limits.perAppPerTenant.map((l) => `${l.max}/${l.windowMs / 1000}s`).join(', ') || 'なし';
  out(`Teams スタンドイン: ${standIn.url}（会話 ${count} 件、アプリごとの上限 ${app}）。Ctrl+C で停止します。\n`);
  return standIn;
}

const OPTIONS = {
  port: { type: 'string', default: '3980' },
  host: { type: 'string', default: '127.0.0.1' },
  'base-path': { type: 'string' },
  tenant: { type: 'string' },
  'bot-app-id': { type: 'string' },
  conversations: { type: 'string' },
  references: { type: 'string' },
  'app-limit': { type: 'string' },
  'no-limits': { type: 'boolean', default: false },
  latency: { type: 'string' },
  'fault-rate': { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

function parseCliArgs(argv: string[]): ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>> {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true });
  } catch (e) {
    // An unknown option or a missing value: say so with the usage, exit 2.
    throw new CliExit(2, `${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  }
}

/** A usage error or --help: the exit code, and what to print on stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly text = '',
  ) {
    super(text);
  }
}

if (require.main === module) {
  runTeamsStandInCli(process.argv.slice(2), (t) => process.stdout.write(t)).then(
    (standIn) => {
      const stop = (): void => {
        standIn.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (e: unknown) => {
      if (e instanceof CliExit) {
        if (e.text) process.stderr.write(`${e.text}\n`);
        process.exitCode = e.code;
      } else {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
