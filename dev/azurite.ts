import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { LIFELINE, lines, waitUntilAnswers } from './child-process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Azurite, the Azure Storage emulator (npm package `azurite`), as a child process for tests, the
 * benchmarks and `npm start`: Blob, Queue and Table on free ports, data in memory (or in a folder),
 * and the connection string the state layer takes (SKILLSTEPS_STORAGE_CONNECTION_STRING).
 *
 * It never outlives its parent: the child watches the pipe on its stdin, which closes when the
 * parent stops it, exits, crashes or is killed with SIGKILL.
 */

/** Azurite's well-known development account (public, documented by Microsoft; local only). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Keep the data in this folder across starts (npm start); default: in memory, gone at stop. */
  location?: string;
  /** Fixed ports; default 0 each: free ports chosen by the system. */
  ports?: { blob?: number; queue?: number; table?: number };
  /** Milliseconds to wait until all three services answer (default 30,000). */
  timeoutMs?: number;
  /** Lines Azurite prints (its access log is off); default: kept for the error message only. */
  onOutput?: (line: string) => void;
  /**
   * Entra ID tokens as Azure Storage takes them, which needs HTTPS: `--oauth basic` with this
   * certificate (PEM). Azurite then checks a bearer token's issuer, audience and lifetime (not its
   * signature), and still takes the account key. Clients must trust the certificate.
   */
  oauth?: { certPem: string; keyPem: string };
}

export interface RunningAzurite {
  /** For SKILLSTEPS_STORAGE_CONNECTION_STRING. */
  connectionString: string;
  endpoints: { blob: string; queue: string; table: string };
  pid: number;
  /** Stops Azurite and waits until the process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

/** The command that starts Azurite as our child (exported for the test that kills a parent). */
export function azuriteCommand(options: AzuriteOptions = {}, tls?: { certFile: string; keyFile: string }): { command: string; args: string[] } {
  const bin = require.resolve('azurite/dist/src/azurite.js');
  const p = options.ports ?? {};
  const args = [
    '--blobPort', String(p.blob ?? 0),
    '--queuePort', String(p.queue ?? 0),
    '--tablePort', String(p.table ?? 0),
    '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
    // The SDKs may ask for service versions newer than this Azurite knows; it serves them anyway.
    '--skipApiVersionCheck',
    '--disableTelemetry',
    '--silent',
    ...(tls ? ['--oauth', 'basic', '--cert', tls.certFile, '--key', tls.keyFile] : []),
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence', '--extentMemoryLimit', '256']),
  ];
  return { command: process.execPath, args: ['-e', LIFELINE, '--', bin, ...args] };
}

/** Starts Azurite and resolves when Blob, Queue and Table all answer HTTP. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  // In memory, Azurite writes nothing; its working folder is still a fresh one, removed at stop.
  const cwd = mkdtempSync(join(tmpdir(), 'skillsteps-azurite-'));
  let tls: { certFile: string; keyFile: string } | undefined;
  if (options.oauth) {
    tls = { certFile: join(cwd, 'azurite-cert.pem'), keyFile: join(cwd, 'azurite-key.pem') };
    writeFileSync(tls.certFile, options.oauth.certPem);
    writeFileSync(tls.keyFile, options.oauth.keyPem, { mode: 0o600 });
  }
  const { command, args } = azuriteCommand(options, tls);
  const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Our own exit (normal, process.exit, an uncaught error) takes the child with it at once.
  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killNow);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killNow);
      rmSync(cwd, { recursive: true, force: true });
    })();
    return stopped;
  };

  const output: string[] = [];
  try {
    const endpoints = await new Promise<RunningAzurite['endpoints']>((resolve, reject) => {
      const found: Partial<Record<'blob' | 'queue' | 'table', string>> = {};
      const timer = setTimeout(() => reject(new Error(`Azurite が ${options.timeoutMs ?? 30_000} ms 以内に起動しませんでした`)), options.timeoutMs ?? 30_000);
      const onLine = (line: string): void => {
        output.push(line);
        options.onOutput?.(line);
        const m = /Azurite (Blob|Queue|Table) service is successfully listening at (https?:\/\/\S+)/.exec(line);
        if (!m) return;
        found[m[1]!.toLowerCase() as 'blob' | 'queue' | 'table'] = m[2]!.replace(/\/$/, '');
        if (found.blob && found.queue && found.table) {
          clearTimeout(timer);
          resolve({ blob: found.blob, queue: found.queue, table: found.table });
        }
      };
      lines(child.stdout, onLine);
      lines(child.stderr, onLine);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Azurite が終了しました（${signal ?? code}）`));
      });
    });
    await Promise.all(Object.values(endpoints).map((url) => waitUntilAnswers(`${url}/${DEV_ACCOUNT}?comp=list`, 'Azurite', options.timeoutMs ?? 30_000, undefined, options.oauth?.certPem)));
    const account = (url: string) => `${url}/${DEV_ACCOUNT}`;
    return {
      connectionString: [
        `DefaultEndpointsProtocol=${options.oauth ? 'https' : 'http'}`,
        `AccountName=${DEV_ACCOUNT}`,
        `AccountKey=${DEV_ACCOUNT_KEY}`,
        `BlobEndpoint=${account(endpoints.blob)}`,
        `QueueEndpoint=${account(endpoints.queue)}`,
        `TableEndpoint=${account(endpoints.table)}`,
      ].join(';'),
      endpoints,
      pid: child.pid!,
      stop,
    };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output.slice(-20).join('\n')}`, { cause: e });
  }
}

/** `node dist/dev/azurite.js [--location dir] [--blob-port n] [--queue-port n] [--table-port n]`: prints the variable, runs until Ctrl+C. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { location: { type: 'string' }, 'blob-port': { type: 'string' }, 'queue-port': { type: 'string' }, 'table-port': { type: 'string' } },
  });
  const port = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const azurite = await startAzurite({
    location: values.location,
    ports: { blob: port(values['blob-port']), queue: port(values['queue-port']), table: port(values['table-port']) },
  });
  console.log(`SKILLSTEPS_STORAGE_CONNECTION_STRING=${azurite.connectionString}`);
  console.log('Azurite は動いています（Ctrl+C で停止）');
  const shutdown = (): void => void azurite.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
