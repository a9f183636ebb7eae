/**
 * The pieces of the deploy rehearsal (tests/deploy/rehearsal.test.ts): the artifact built and
 * unpacked alone, App Service's settings read from infra/azure.bicep, the app started by the
 * Bicep's startup command as a separate process, and a second "instance" holding the sender's lease.
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY } from '../../dev/azurite';
import { lines } from '../../dev/child-process';
import { createZip } from '../../src/app-package/zip';
import { evaluateBicep, objectEntries, objectValue, type BicepFile } from './bicep-text';

export const REPO = join(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// The artifact

export interface Artifact {
  /** The unpacked folder: an empty temporary folder with only what the zip holds. */
  dir: string;
  zipBytes: number;
  unpackedBytes: number;
  files: number;
  buildMs: number;
  /** package.json's start script: the startup command the build means. */
  startScript: string;
  /** Packages only dev dependencies need that the server still requires (left out of the bundle). */
  devOnlyImports: string[];
}

interface BuildDeploy {
  buildDeploy(o: { out: string; zip: string; prepare: boolean; quiet: boolean; createZip: typeof createZip }): Promise<{ zipBytes: number; unpackedBytes: number; files: number; startup: string; devOnlyImports: string[] }>;
}

/**
 * `npm run build:deploy` without its setup (npm test has built the tab), into a temporary folder,
 * then the zip unpacked into another, empty one: no repository beside it, no node_modules above it.
 */
export async function buildArtifact(work: string): Promise<Artifact> {
  const started = Date.now();
  // Node's own require: esbuild spawns its service, which jest's module registry need not see.
  const req = process.getBuiltinModule('node:module').createRequire(__filename);
  const { buildDeploy } = req(join(REPO, 'scripts', 'build-deploy.js')) as BuildDeploy;
  const zipPath = join(work, 'skillsteps-server.zip');
  const built = await buildDeploy({ out: join(work, 'build'), zip: zipPath, prepare: false, quiet: true, createZip });
  const buildMs = Date.now() - started;

  const dir = join(work, 'wwwroot');
  mkdirSync(dir);
  const zip = await JSZip.loadAsync(readFileSync(zipPath), { checkCRC32: true });
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const target = join(dir, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  return { dir, zipBytes: built.zipBytes, unpackedBytes: built.unpackedBytes, files: built.files, buildMs, startScript: pkg.scripts?.start ?? '', devOnlyImports: built.devOnlyImports };
}

/** Every file under a folder, relative, '/'-separated. */
export function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/** The first folder above `dir` (itself included) holding a node_modules: where Node would find packages. */
export function nodeModulesAbove(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return join(d, 'node_modules');
    if (dirname(d) === d) return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// App Service's settings, from the Bicep

export interface BicepDeployment {
  /** siteConfig.appCommandLine, evaluated. */
  startupCommand: string;
  /** The `appSettings` var, each value evaluated. */
  appSettings: Record<string, string>;
  /** The references `values` gave that the evaluation used (the others are stale). */
  used: Set<string>;
}

/**
 * What App Service would be configured with: the startup command and every app setting, each
 * Bicep expression evaluated with `values` for the parameters and resource properties a real
 * deployment would supply, a parameter's default where `values` has none, a var's own expression.
 */
export function deploymentOf(bicep: BicepFile, values: Readonly<Record<string, string>>): BicepDeployment {
  const used = new Set<string>();
  const resolve = (reference: string): string => {
    if (reference in values) {
      used.add(reference);
      return values[reference]!;
    }
    const v = bicep.vars.get(reference);
    if (v !== undefined) return evaluateBicep(v, resolve);
    const p = bicep.params.find((x) => x.name === reference);
    if (p?.defaultValue !== undefined) return evaluateBicep(p.defaultValue, resolve);
    throw new Error(`infra/azure.bicep uses ${reference}, which the rehearsal gives no local value (add it to its table)`);
  };
  const siteConfig = bicep.vars.get('siteConfig');
  const appSettings = bicep.vars.get('appSettings');
  if (!siteConfig || !appSettings) throw new Error('infra/azure.bicep has no siteConfig or appSettings var');
  const command = objectValue(siteConfig, 'appCommandLine');
  if (!command) throw new Error('siteConfig sets no appCommandLine');
  return {
    startupCommand: evaluateBicep(command, resolve),
    appSettings: Object.fromEntries(objectEntries(appSettings).map(([k, v]) => [k, evaluateBicep(v, resolve)])),
    used,
  };
}

// ---------------------------------------------------------------------------------------------
// The app, started as App Service starts it

export interface RunningApp {
  url: string;
  /** Milliseconds from the spawn to the first 200 of /api/health. */
  healthyMs: number;
  /** The JSON log lines (stdout) so far. */
  log: Array<Record<string, unknown>>;
  /** What it wrote to stderr. */
  stderr: string[];
  process: ChildProcess;
  /** Sends the signal; resolves with how it exited and how long it took. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** A free TCP port on loopback (App Service gives the app PORT). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Runs `command` in `cwd` with exactly `env` (nothing of this process's environment: no
 * NODE_OPTIONS, no repository on NODE_PATH), `node` found on PATH as the runtime App Service
 * provides. The command is split on spaces and run without a shell, so the signal reaches Node.
 * Resolves once GET /api/health answers 200; rejects if the process exits first or after `timeoutMs`.
 */
export async function startApp(command: string, cwd: string, env: Record<string, string>, timeoutMs = 30_000): Promise<RunningApp> {
  if (/[|&;<>()$`"'\\*?[\]{}~]/.test(command)) throw new Error(`the startup command "${command}" needs a shell; the rehearsal runs plain commands`);
  const [program, ...args] = command.trim().split(/\s+/);
  const started = Date.now();
  const child = spawn(program!, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
  const log: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  lines(child.stdout, (l) => {
    try {
      log.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      log.push({ text: l });
    }
  });
  lines(child.stderr, (l) => stderr.push(l));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killNow);
  const url = `http://127.0.0.1:${env.PORT}`;
  const stop: RunningApp['stop'] = async (signal = 'SIGTERM', ms = 15_000) => {
    const at = Date.now();
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(killNow, ms);
    const how = await exited;
    clearTimeout(timer);
    process.off('exit', killNow);
    return { ...how, ms: Date.now() - at };
  };

  let done = false;
  const ended = exited.then(({ code, signal }) => {
    if (!done) throw new Error(`「${command}」は /api/health が 200 を返す前に終了しました（${signal ?? `終了コード ${code}`}）。\n${tail(stderr, log)}`);
  });
  const healthy = (async () => {
    while (!done) {
      const status = await fetch(`${url}/api/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return Date.now() - started;
      if (Date.now() - started > timeoutMs) throw new Error(`「${command}」の /api/health が ${timeoutMs} ms 以内に 200 になりませんでした（最後: ${status}）。\n${tail(stderr, log)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return 0;
  })();
  try {
    const healthyMs = await Promise.race([healthy, ended.then(() => 0)]);
    done = true;
    return { url, healthyMs, log, stderr, process: child, stop };
  } catch (e) {
    done = true;
    await stop('SIGKILL', 1000);
    throw e;
  }
}

/** What the app said last, for a failure's message: its errors first (Node's "Error: …" line), then the log. */
function tail(stderr: string[], log: Array<Record<string, unknown>>): string {
  const errors = stderr.filter((l) => /Error|起動できません/.test(l)).slice(0, 5);
  return [...errors, ...log.slice(-10).map((l) => JSON.stringify(l))].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Another instance's lease

/** A Node program holding a blob lease in Azurite (as another instance would) until its stdin closes. */
const HOLD_LEASE = `
const { BlobServiceClient, StorageSharedKeyCredential } = require('@azure/storage-blob');
const [url, account, key, container, blob, leaseId] = process.argv.slice(1);
(async () => {
  const client = new BlobServiceClient(url, new StorageSharedKeyCredential(account, key)).getContainerClient(container);
  await client.createIfNotExists();
  const b = client.getBlockBlobClient(blob);
  if (!(await b.exists())) await b.upload('', 0);
  const lease = b.getBlobLeaseClient(leaseId);
  for (;;) {
    try { await lease.acquireLease(30); break; } catch (e) { if (e.statusCode !== 409) throw e; await new Promise((r) => setTimeout(r, 500)); }
  }
  process.stdout.write('held\\n');
  const renew = setInterval(() => lease.renewLease().catch(() => undefined), 10000);
  const release = () => { clearInterval(renew); lease.releaseLease().catch(() => undefined).then(() => process.exit(0)); };
  process.stdin.on('end', release);
  process.stdin.on('close', release);
  process.stdin.resume();
})().catch((e) => { process.stderr.write(String(e && e.message || e) + '\\n'); process.exit(1); });
`;

export interface HeldLease {
  release(): Promise<void>;
}

/**
 * Holds the blob lease `blob` in Azurite's `container` from another process trusting Azurite's
 * certificate through NODE_EXTRA_CA_CERTS, as a second App Service instance holding the job would.
 */
export async function holdLease(blobEndpoint: string, container: string, blob: string, caFile: string): Promise<HeldLease> {
  const child = spawn(process.execPath, ['-e', HOLD_LEASE, blobEndpoint, DEV_ACCOUNT, DEV_ACCOUNT_KEY, container, blob, randomUUID()], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: caFile },
    stdio: ['pipe', 'pipe', 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const errors: string[] = [];
  lines(child.stderr, (l) => errors.push(l));
  await new Promise<void>((resolve, reject) => {
    lines(child.stdout, (l) => l === 'held' && resolve());
    void exited.then((code) => reject(new Error(`the lease holder exited (${code}): ${errors.join('\n')}`)));
  });
  return {
    async release() {
      child.stdin.end();
      await exited;
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** A fresh temporary folder. */
export function workFolder(): string {
  return mkdtempSync(join(tmpdir(), 'skillsteps-rehearsal-'));
}

/** Bytes as MB with one decimal. */
export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The size of a file or a folder's files. */
export function sizeOf(path: string): number {
  const st = statSync(path);
  return st.isDirectory() ? readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0) : st.size;
}
