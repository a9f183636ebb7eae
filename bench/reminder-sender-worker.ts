/**
 * The reminder sender as a process of its own, so a run can be killed the way a crash or a
 * deployment kills the server: tests/integration/reminder-delivery.test.ts and bench/fanout-bench.ts
 * start it with `startSenderWorker`, SIGKILL it (a crash: at most `concurrency` messages go out twice)
 * or SIGTERM it (a planned restart: `stop()` finishes what is in flight, nothing goes out twice), and
 * start another. The real parts only: Azure Storage (Azurite) for the ledger, the queue and the
 * conversations, botbuilder's CloudAdapter through TeamsMessenger, the reminder card. The
 * conversation references stored with the conversations name the service URL (the Teams stand-in).
 *
 *   SKILLSTEPS_STORAGE_CONNECTION_STRING=… node dist/bench/reminder-sender-worker.js --prefix p --instance a
 *     [--concurrency 16] [--visibility 120] [--per-second 50] [--jitter-ms 20] [--lease] [--idle-ms 200]
 *
 * Prints `READY` once it is sending and, after a graceful stop (SIGTERM, SIGINT, or its parent gone),
 * `STATS {"sender": {…}, "cpuMs": n}`: the sender's counters and the CPU time it used. Warnings and
 * errors go to stderr as JSON lines.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import { TeamsMessenger } from '../src/teams/messenger';
import { reminderMessage } from '../src/teams/reminder-message';
import { ReminderSender, type SenderStats } from '../src/app/reminder-sender';
import { forEachLimited, type ReminderPayload, type SendJob } from '../src/app/reminders';
import { SendPacer, TEAMS_LIMITS } from '../src/app/send-pacer';
import type { LocalDate } from '../src/domain/local-date';
import type { StoredConversation } from '../src/ports';
import { openStateStorage, type StateStorage } from '../src/state/storage';

/** The job name of the sender's lease, as src/server/bot-host.ts takes it (one sending instance keeps the app inside 50 requests/s). */
export const SENDER_LEASE = 'sender';

export interface SenderWorkerOptions {
  connectionString: string;
  prefix: string;
  instanceId: string;
  concurrency?: number;
  visibilitySeconds?: number;
  /** The pacer's requests per second for the app, and its jitter allowance (default: TEAMS_LIMITS). */
  perSecond?: number;
  jitterMs?: number;
  /** Take the sender's job lease: of several instances only the holder sends. */
  lease?: boolean;
  idleMs?: number;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The sender's counters, printed after a graceful stop (absent after SIGKILL). */
  stats?: SenderStats;
  /** CPU time the process used (user + system), with the stats. */
  cpuMs?: number;
}

export interface SenderWorker {
  pid: number;
  /** Resolves (Date.now()) when the worker has opened the storage and started sending. */
  ready: Promise<number>;
  exited: Promise<WorkerExit>;
  kill(signal: 'SIGKILL' | 'SIGTERM'): void;
  /** What it wrote to stderr (its warnings and errors), for a failure message. */
  stderr(): string;
}

/** The compiled worker (dist/bench/reminder-sender-worker.js), wherever this module runs from. */
export function workerScript(): string {
  const compiled = __filename.endsWith('.ts') ? join(__dirname, '..', 'dist', 'bench', 'reminder-sender-worker.js') : __filename;
  if (!existsSync(compiled)) throw new Error(`${compiled} がありません。先に npx tsc -p tsconfig.build.json（npm run build）でビルドしてください`);
  return compiled;
}

/** Starts a sender process; it never outlives this one (it stops when its stdin pipe closes). */
export function startSenderWorker(o: SenderWorkerOptions): SenderWorker {
  const args = [workerScript(), '--prefix', o.prefix, '--instance', o.instanceId];
  if (o.concurrency !== undefined) args.push('--concurrency', String(o.concurrency));
  if (o.visibilitySeconds !== undefined) args.push('--visibility', String(o.visibilitySeconds));
  if (o.perSecond !== undefined) args.push('--per-second', String(o.perSecond));
  if (o.jitterMs !== undefined) args.push('--jitter-ms', String(o.jitterMs));
  if (o.idleMs !== undefined) args.push('--idle-ms', String(o.idleMs));
  if (o.lease) args.push('--lease');
  const child = spawn(process.execPath, args, {
    env: { ...process.env, SKILLSTEPS_STORAGE_CONNECTION_STRING: o.connectionString },
    stdio: ['pipe', 'pipe', 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killNow);
  let out = '';
  let err = '';
  let stats: { sender: SenderStats; cpuMs: number } | undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (t: string) => {
    err = (err + t).slice(-20_000);
  });
  const exited = new Promise<WorkerExit>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killNow);
      resolve({ code, signal, ...(stats ? { stats: stats.sender, cpuMs: stats.cpuMs } : {}) });
    }),
  );
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (t: string) => {
      out += t;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line === 'READY') resolve(Date.now());
        else if (line.startsWith('STATS ')) stats = JSON.parse(line.slice(6)) as { sender: SenderStats; cpuMs: number };
      }
    });
    void exited.then((e) => reject(new Error(`送信ワーカー ${o.instanceId} が準備前に終了しました（${e.signal ?? e.code}）\n${err}`)));
  });
  ready.catch(() => undefined); // a worker killed after it was ready leaves this settled; before, the caller sees it
  return { pid: child.pid!, ready, exited, kill: (signal) => child.kill(signal), stderr: () => err };
}

/**
 * Seeds a fan-out: `n` people with a personal chat registered in the stand-in and stored as the bot
 * stores it on install (`user:<upn>`), a planned ledger entry each for `day`, and a queue message
 * each (`copies` > 1 puts the same job on the queue that many times, as the sweep may). Returns the
 * entries' keys (`entryKey`, what the sender puts in channelData.skillsteps.key).
 */
export async function seedFanout(
  storage: StateStorage,
  teams: { addConversations(inputs: Array<{ upn: string; name: string }>): Array<Partial<ConversationReference>> },
  o: { n: number; day: LocalDate; tag: string; copies?: number },
): Promise<string[]> {
  const people = Array.from({ length: o.n }, (_, i) => ({ upn: `${o.tag}-${String(i + 1).padStart(5, '0')}@city.example.jp`, name: `職員 ${o.tag} ${i + 1}` }));
  const refs = teams.addConversations(people);
  const queue = storage.queue<SendJob>();
  const plannedAt = new Date().toISOString();
  await forEachLimited(
    people.map((p, i) => ({ ...p, ref: refs[i]! })),
    32,
    async ({ upn, name, ref }) => {
      const conversation: StoredConversation = {
        key: `user:${upn}`,
        kind: 'personal',
        upn,
        ...(ref.user?.aadObjectId ? { aadObjectId: ref.user.aadObjectId } : {}),
        ...(ref.user?.id ? { teamsUserId: ref.user.id } : {}),
        reference: ref as Record<string, unknown>,
        updatedAt: plannedAt,
      };
      await storage.conversations.put(conversation);
      const payload: ReminderPayload = { reminder: reminderFor(upn, name, o.day) };
      await storage.reminders.plan({ day: o.day, upn, itemKeys: payload.reminder.items.map((i) => i.key), payload: JSON.stringify(payload), plannedAt });
      for (let c = 0; c < (o.copies ?? 1); c++) await queue.send({ day: o.day, upn });
    },
  );
  return people.map((p) => `${o.day}|${p.upn}`);
}

/** Two items, as a typical 全職員 reminder has: one due soon, one overdue. */
function reminderFor(upn: string, name: string, day: LocalDate): ReminderPayload['reminder'] {
  return {
    upn,
    name,
    items: [
      {
        key: `${upn}|due|${day}|staff/1/dx-basic`,
        reason: 'dueSoon',
        label: { ja: 'DXリテラシー研修（基礎）', en: 'DX literacy (basics)' },
        evidence: { ja: '全職員 Step1', en: 'All staff, step 1' },
        due: '2026-12-25',
        daysLeft: 14,
        courseId: 'dx-basic',
        url: 'https://learning.city.example.jp/courses/dx-basic',
      },
      {
        key: `${upn}|overdue|${day}|staff/1/security`,
        reason: 'overdue',
        label: { ja: '情報セキュリティ研修', en: 'Information security' },
        evidence: { ja: '全職員 Step1', en: 'All staff, step 1' },
        due: '2026-11-30',
        daysLeft: -10,
        courseId: 'security',
      },
    ],
  };
}

const OPTIONS = {
  prefix: { type: 'string' },
  instance: { type: 'string' },
  concurrency: { type: 'string', default: '16' },
  visibility: { type: 'string', default: '120' },
  'per-second': { type: 'string', default: String(TEAMS_LIMITS.perSecond) },
  'jitter-ms': { type: 'string', default: String(TEAMS_LIMITS.jitterMs ?? 0) },
  'idle-ms': { type: 'string', default: '200' },
  'tab-url': { type: 'string', default: 'http://localhost:3978/tab/' },
  lease: { type: 'boolean', default: false },
} as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS, strict: true });
  const connectionString = process.env.SKILLSTEPS_STORAGE_CONNECTION_STRING;
  if (!connectionString || !values.prefix || !values.instance) {
    throw new Error('SKILLSTEPS_STORAGE_CONNECTION_STRING（環境変数）、--prefix と --instance が必要です');
  }
  const int = (name: keyof typeof OPTIONS, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} は ${min} 以上の整数です（${String(values[name])}）`);
    return n;
  };
  const instanceId = values.instance;
  const storage = await openStateStorage({ connectionString, prefix: values.prefix }, { instanceId });
  // Local mode (no app id, no password), as against the stand-in in tests/integration/teams-standin.test.ts.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const sender = new ReminderSender(
    {
      queue: storage.queue<SendJob>(),
      ledger: storage.reminders,
      conversations: storage.conversations,
      messenger: new TeamsMessenger(adapter, ''),
      pacer: new SendPacer({ ...TEAMS_LIMITS, perSecond: int('per-second', 1), jitterMs: int('jitter-ms', 0) }),
      compose: reminderMessage(values['tab-url']),
      ...(values.lease ? { lease: storage.lease(SENDER_LEASE, { seconds: 15 }) } : {}),
      log: (level, message, fields) => process.stderr.write(`${JSON.stringify({ level, instanceId, message, ...fields })}\n`),
    },
    { instanceId, concurrency: int('concurrency', 1), visibilitySeconds: int('visibility', 1), idleMs: int('idle-ms', 1) },
  );
  sender.start();
  process.stdout.write('READY\n');

  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    stopping ??= sender.stop().then(
      () => {
        const cpu = process.cpuUsage();
        process.stdout.write(`STATS ${JSON.stringify({ sender: sender.stats, cpuMs: Math.round((cpu.user + cpu.system) / 1000) })}\n`, () => process.exit(0));
      },
      (e: unknown) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent's pipe is the lifeline: when it closes (the parent exited or died), stop as if told to.
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
