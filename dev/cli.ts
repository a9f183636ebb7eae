import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fraction, integer, programmeOrExit, type CliIo, type Command } from '../src/cli/cli-support';
import { jstDate } from '../src/domain/local-date';

/**
 * The development commands of `skillsteps`, present only in a repository checkout (dist/dev is
 * never shipped: docs/architecture.md). bin/skillsteps.js hands them to the CLI's main when this
 * file exists; src/ never imports dev/.
 */
export const DEV_COMMANDS: Record<string, Command> = {
  'local-tenant': localTenantCommand,
};

/** `skillsteps local-tenant`: the local Microsoft 365 stand-in alone, printing the settings to reach it. */
export async function localTenantCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '8443' },
      data: { type: 'string', default: '.local/tenant' },
      latency: { type: 'string', default: '0' },
      'fault-rate': { type: 'string', default: '0' },
      programme: { type: 'string', default: 'setagaya' },
      staff: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const programme = await programmeOrExit(values.programme!, io);
  if (!programme) return 1;
  const dataDir = resolve(io.cwd, values.data!);
  // Loaded only by this command: the stand-in is heavy and no other command needs it.
  const { startLocalTenant, localTenantEnv } = require('./local-tenant') as typeof import('./local-tenant');
  const tenant = await startLocalTenant({
    port: integer(values.port!, '--port', 0, 65535),
    dataDir,
    latencyMs: integer(values.latency!, '--latency', 0, 60_000),
    faultRate: fraction(values['fault-rate']!, '--fault-rate'),
    seed: { programme, staff: integer(values.staff!, '--staff', 1, 100_000), seed: integer(values.seed!, '--seed', 0, 2 ** 31 - 1), today: jstDate(io.now) },
  });
  mkdirSync(dataDir, { recursive: true });
  const caFile = join(dataDir, 'local-tenant-ca.pem');
  writeFileSync(caFile, tenant.caPem);
  // Lines for scripts (eval "$(… | grep =)") and for people.
  io.out(
    [
      `GRAPH_BASE_URL=${tenant.url}`,
      `SITE_ID=${tenant.siteId}`,
      ...Object.entries(localTenantEnv(tenant, caFile)).map(([k, v]) => `${k}=${v}`),
      '',
      `ローカルテナントを起動しました（${tenant.url}、データ ${dataDir}）。Ctrl+C で停止します。`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    const stop = (): void => {
      void tenant.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
