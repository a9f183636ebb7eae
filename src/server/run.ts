import { setFlagsFromString } from 'node:v8';
import { ConfigError } from '../config';
import type { Clock, Logger } from '../ports';
import { jsonLogger } from './log';
import type { RunningServer } from './main';

/**
 * Run as a program, the server grows V8's heap slowly (`--optimize-for-size`) once its first sync
 * has finished. Every later sync makes garbage — pages of 5,000 items, the lists' states, a new
 * snapshot beside the old — that V8 otherwise lets pile up into hundreds of MB it does not hand
 * back: at 10,000 staff the flag keeps the steady RSS near 200 MB instead of about 400. The first
 * sync runs without it: it builds the whole live set from nothing (a million items at 50,000 staff),
 * and under the flag V8 marks that growing set again and again — 14 of its 24 s at 50,000 went to
 * the collector. Start-to-ready is what App Service and the first users wait for; the peak it costs
 * stays well under an instance's memory (bench/README.md, issue 16).
 */
function growHeapSlowlyAfter(first: Promise<unknown>, log: Logger): void {
  void first
    .catch(() => undefined)
    .then(() => {
      setFlagsFromString('--optimize-for-size');
      log.log('info', 'heap set to grow slowly after the first sync', { flag: '--optimize-for-size' });
    });
}

/**
 * The server as a program. `node dist/src/server/run.js` is App Service's startup command
 * (infra/azure.bicep), what `skillsteps serve` and `npm start` run, and what the deploy rehearsal
 * starts from the built artifact (tests/deploy/rehearsal.test.ts). Configuration comes from the
 * environment; SIGTERM (App Service scaling in, a restart, a deploy) and SIGINT stop it gracefully:
 * the reminder sender finishes what is in flight, queued sends stay queued for the next instance.
 */
export async function runServer(env: Readonly<Record<string, string | undefined>>, opts: { log?: Logger; clock?: Clock; slowHeapAfterFirstSync?: boolean } = {}): Promise<RunningServer & { stopped: Promise<void> }> {
  const log = opts.log ?? jsonLogger();
  // Loaded here, when the program runs (a static import would load every module with this file).
  const { startServer } = require('./main') as typeof import('./main');
  const server = await startServer(env, { log, ...(opts.clock ? { clock: opts.clock } : {}) });
  // The sync the server has just begun (refresh joins it).
  if (opts.slowHeapAfterFirstSync) growHeapSlowlyAfter(server.service.refresh(), log);
  let stopping: Promise<void> | undefined;
  let signalled: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (signalled = resolve));
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    log.log('info', 'server stopping', { signal });
    stopping = server
      .close()
      .then(() => log.log('info', 'server stopped', { signal }))
      .catch((e: unknown) => {
        log.log('error', 'server did not stop cleanly', { signal, error: e instanceof Error ? e.message : String(e) });
        process.exitCode = 1;
      })
      .finally(signalled);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return { ...server, stopped };
}

/** A start-up failure as an admin reads it in the log stream: the message, not a stack, and exit code 1. */
function failed(e: unknown): void {
  const message = e instanceof ConfigError || e instanceof Error ? e.message : String(e);
  process.stderr.write(`SkillSteps を起動できません: ${message}\n`);
  process.exitCode = 1;
}

// Run as a program (not when imported by the CLI or dev/start-local).
if (require.main === module) {
  // eslint-disable-next-line no-restricted-properties -- the entry point hands the environment to the composition root (STYLE.md)
  runServer(process.env, { slowHeapAfterFirstSync: true }).catch(failed);
}
