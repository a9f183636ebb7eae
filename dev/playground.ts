import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { LIFELINE, lines, waitUntilAnswers } from './child-process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';

/**
 * Microsoft 365 Agents Playground (npm package `@microsoft/m365agentsplayground`) as a child
 * process: the Teams client and Bot Connector stand-in that drives the bot locally, offline, in a
 * browser page. For `npm start`, the end-to-end tests and anyone who wants to chat with the bot.
 *
 * It runs with no browser opened (TEAMSAPPTESTER_BROWSER=none), no telemetry (--disable-telemetry
 * and no Application Insights statsbeat), its config file and log in a folder of ours, and in a
 * process group of its own. Like Azurite (dev/azurite.ts) it never outlives its parent: it watches
 * the pipe on its stdin. What the Playground does and does not emulate: dev/README.md,
 * "Microsoft 365 Agents Playground".
 */

/** The port `npm start` gives the Playground unless told otherwise (the Playground's own default). */
export const DEFAULT_PLAYGROUND_PORT = 56150;
/** The bot's endpoint when the server runs on its default port. */
export const DEFAULT_BOT_ENDPOINT = 'http://localhost:3978/api/messages';
/** The bot's display name in the Playground (activity.recipient.name; the author of its messages). */
export const DEFAULT_BOT_NAME = 'SkillSteps';

/** A person in the Playground's pretend tenant. */
export interface PlaygroundUser {
  /** Display name: activity.from.name, TeamsInfo.getMember().name. */
  name: string;
  /** TeamsInfo.getMember().userPrincipalName (and .email unless given). */
  upn: string;
  /** activity.from.aadObjectId (Entra object id). */
  aadObjectId: string;
  /** The channel account id, activity.from.id (Teams: `29:…`); default `29:<aadObjectId>`. */
  id?: string;
  givenName?: string;
  surname?: string;
  email?: string;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://localhost:3978/api/messages. */
  botEndpoint: string;
  /** Default 56150; 0 for a free port. A port in use makes the Playground take a free one (reported in `url`). */
  port?: number;
  /** The signed-in user, who types in the compose box and presses card buttons. One per Playground. */
  user?: PlaygroundUser;
  /**
   * The other people of the group chat and the team (TeamsInfo.getPagedMembers / getTeamMember);
   * the Playground wants exactly five, so missing ones are filled with placeholders. They can never
   * type or press a button: only `user` does.
   */
  others?: PlaygroundUser[];
  /** conversation.tenantId and channelData.tenant.id of every activity. */
  tenantId?: string;
  /** activity.recipient: `{ id, name }` (name at most 42 characters). */
  bot?: { id?: string; name?: string };
  /** The personal chat's conversation id; default derived from the user, so it is the same on every start. */
  personalChatId?: string;
  /** The team: its General channel's conversation id is the team id; one more channel is allowed. */
  team?: { id?: string; name?: string; aadGroupId?: string; channel?: { id: string; name: string } };
  /** Where the config file and the Playground's log go (kept); default a fresh temporary folder, removed at stop. */
  dir?: string;
  /** Every line the Playground logs (its console goes to a file when not on a terminal; we follow that file). */
  log?: (line: string) => void;
  /** Also pass the Playground's debug lines (every websocket frame) to `log`. */
  verbose?: boolean;
  /** Milliseconds until it must answer (default 30,000). */
  timeoutMs?: number;
}

export interface RunningPlayground {
  /** The page to open in a browser, e.g. http://localhost:56150. */
  url: string;
  port: number;
  /** activity.serviceUrl: where the bot sends replies and proactive messages. */
  serviceUrl: string;
  user: Required<PlaygroundUser>;
  tenantId: string;
  bot: { id: string; name: string };
  /** conversation.id of the user's personal chat with the bot, of the group chat, and of the team's General channel. */
  conversations: { personal: string; group: string; general: string; channel: string };
  configFile: string;
  logFile: string;
  pid: number;
  /** Stops the Playground (its whole process group) and waits until it is gone. Safe to call twice. */
  stop(): Promise<void>;
}

/** The Playground's sample people, for the seats of the group chat and the team nobody was given for. */
const PLACEHOLDERS: PlaygroundUser[] = [
  ['Megan Bowen', 'meganb'],
  ['Adele Vance', 'adelev'],
  ['Isaiah Langer', 'isaiahl'],
  ['Patti Fernandez', 'pattif'],
  ['Lynne Robbins', 'lynner'],
].map(([name, alias], i) => ({ name: name!, upn: `${alias}@playground.invalid`, aadObjectId: `00000000-0000-4000-8000-00000000002${i + 1}` }));

export const DEFAULT_PLAYGROUND_USER: PlaygroundUser = { name: 'Alex Wilber', upn: 'alexw@playground.invalid', aadObjectId: '00000000-0000-4000-8000-000000000020' };
const DEFAULT_TENANT = '00000000-0000-4000-8000-000000000001';

function complete(user: PlaygroundUser): Required<PlaygroundUser> {
  const [given, ...rest] = user.name.split(/\s+/);
  return {
    name: user.name,
    upn: user.upn,
    aadObjectId: user.aadObjectId,
    id: user.id ?? `29:${user.aadObjectId}`,
    givenName: user.givenName ?? given ?? user.name,
    surname: user.surname ?? rest.join(' '),
    email: user.email ?? user.upn,
  };
}

/** The resolved setup: what goes into the config file and what the caller is told. */
export interface PlaygroundSetup {
  user: Required<PlaygroundUser>;
  others: Required<PlaygroundUser>[];
  tenantId: string;
  bot: { id: string; name: string };
  conversations: RunningPlayground['conversations'];
  team: { name: string; aadGroupId: string; channelName: string };
}

/** Fills in the defaults and checks what the Playground would refuse (with our words, before it starts). */
export function playgroundSetup(options: Omit<PlaygroundOptions, 'botEndpoint'> = {}): PlaygroundSetup {
  const user = complete(options.user ?? DEFAULT_PLAYGROUND_USER);
  const given = (options.others ?? []).map(complete);
  if (given.length > 5) throw new Error(`Agents Playground のユーザーは本人のほかに 5 人までです（${given.length} 人指定されました）`);
  const taken = new Set([user.id, ...given.map((u) => u.id)]);
  const others = [...given, ...PLACEHOLDERS.map(complete).filter((p) => !taken.has(p.id))].slice(0, 5);
  const ids = [user.id, ...others.map((u) => u.id)];
  if (new Set(ids).size !== ids.length) throw new Error(`Agents Playground のユーザー id が重複しています: ${ids.join(', ')}`);
  const bot = { id: options.bot?.id ?? '28:skillsteps-local', name: options.bot?.name ?? DEFAULT_BOT_NAME };
  if (bot.name.length > 42) throw new Error(`ボットの表示名は 42 文字までです: ${bot.name}`);
  const general = options.team?.id ?? '19:skillsteps-general@thread.tacv2';
  const conversations = {
    personal: options.personalChatId ?? `a:playground-${user.aadObjectId}`,
    group: '19:skillsteps-group@thread.v2',
    general,
    channel: options.team?.channel?.id ?? '19:skillsteps-announcements@thread.tacv2',
  };
  const convIds = Object.values(conversations);
  if (new Set(convIds).size !== convIds.length) throw new Error(`Agents Playground の会話 id が重複しています: ${convIds.join(', ')}`);
  return {
    user,
    others,
    tenantId: options.tenantId ?? DEFAULT_TENANT,
    bot,
    conversations,
    team: {
      name: options.team?.name ?? 'SkillSteps',
      aadGroupId: options.team?.aadGroupId ?? '00000000-0000-4000-8000-000000000031',
      channelName: options.team?.channel?.name ?? 'お知らせ',
    },
  };
}

/**
 * The Playground's config file (.m365agentsplayground.yml, schema version 0.1.1). Its keys are the
 * Playground's, including its spelling `userPrincipleName`.
 */
export function playgroundConfigYaml(setup: PlaygroundSetup): string {
  const person = (u: Required<PlaygroundUser>) => ({
    id: u.id,
    name: u.name,
    userPrincipleName: u.upn,
    aadObjectId: u.aadObjectId,
    givenName: u.givenName,
    surname: u.surname,
    email: u.email,
  });
  return stringify({
    version: '0.1.1',
    tenantId: setup.tenantId,
    bot: setup.bot,
    currentUser: person(setup.user),
    users: setup.others.map(person),
    personalChat: { id: setup.conversations.personal },
    groupChat: { id: setup.conversations.group, name: 'グループ チャット' },
    team: {
      id: setup.conversations.general,
      name: setup.team.name,
      aadGroupId: setup.team.aadGroupId,
      channels: [{ id: setup.conversations.channel, name: setup.team.channelName }],
    },
  });
}

/** The Playground's command line (its `cli.js start`), resolved from node_modules. */
function playgroundCli(): string {
  try {
    return join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  } catch {
    throw new Error('@microsoft/m365agentsplayground がありません。npm install（devDependencies を含む）を実行してください');
  }
}

/** Starts the Playground against the bot and resolves when its page and connector answer. */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const setup = playgroundSetup(options);
  const ownDir = options.dir === undefined;
  const dir = ownDir ? mkdtempSync(join(tmpdir(), 'skillsteps-playground-')) : resolve(options.dir!);
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, '.m365agentsplayground.yml');
  const logFile = join(dir, 'm365agentsplayground.log');
  writeFileSync(configFile, playgroundConfigYaml(setup));
  // It empties the log at start, but only once it is running: a kept folder's old log must not be followed.
  rmSync(logFile, { force: true });

  const requestedPort = options.port ?? DEFAULT_PLAYGROUND_PORT;
  const args = ['start', '--app-endpoint', options.botEndpoint, '--channel-id', 'msteams', '--port', String(requestedPort), '--disable-telemetry'];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    M365_AGENTS_PLAYGROUND_RECORDING_FILE: join(dir, 'events-recording.log'),
    // --disable-telemetry stops its events, but Application Insights still starts its statsbeat.
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    // It calls the bot through HTTP(S)_PROXY when one is set; the bot is local.
    NO_PROXY: [process.env.NO_PROXY ?? process.env.no_proxy, 'localhost', '127.0.0.1', '::1'].filter(Boolean).join(','),
  };
  for (const name of ['M365_AGENTS_PLAYGROUND_CONVERSATION_ID', 'TEAMS_APP_TEST_TOOL_CONFIG_PATH', 'M365_AGENTS_PLAYGROUND_TARGET_SDK']) delete env[name];

  // Its own process group (detached), so stop() takes everything it may start; cwd ours, because it
  // writes ./devTools/ when a path is not set.
  const child = spawn(process.execPath, ['-e', LIFELINE, '--', playgroundCli(), ...args], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      if (alive()) child.kill(signal);
    }
  };
  // Our own exit (normal, process.exit, an uncaught error) takes the group with it at once.
  const killNow = (): void => killGroup('SIGKILL');
  process.on('exit', killNow);

  const recent: string[] = [];
  const emit = (line: string): void => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    options.log?.(line);
  };
  const tail = followLog(logFile, options.verbose ?? false, emit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      child.stdin.end();
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killNow);
      tail.stop();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    const port = await new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`Agents Playground が ${timeoutMs} ms 以内に起動しませんでした`)), timeoutMs);
      // Off a terminal, its console goes to the log file only, except this one line on stdout.
      lines(child.stdout, (line) => {
        const m = /^Listening on (\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          done(Number(m[1]));
        } else if (line) emit(line);
      });
      lines(child.stderr, (line) => line && emit(line));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        tail.flush();
        fail(new Error(`Agents Playground が終了しました（${signal ?? code}）`));
      });
    });
    if (requestedPort !== 0 && port !== requestedPort) emit(`ポート ${requestedPort} は使用中のため、Agents Playground は ${port} で起動しました`);
    await waitUntilAnswers(`http://127.0.0.1:${port}/_debug/ping`, 'Agents Playground', timeoutMs, (status) => status === 200);
    const url = `http://localhost:${port}`;
    return {
      url,
      port,
      serviceUrl: `${url}/_connector`,
      user: setup.user,
      tenantId: setup.tenantId,
      bot: setup.bot,
      conversations: setup.conversations,
      configFile,
      logFile,
      pid: child.pid!,
      stop,
    };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${recent.slice(-20).join('\n')}`, { cause: e });
  }
}

/**
 * Follows the Playground's log file (it replaces console.* with appends of `<level> <message>`;
 * a message may span lines). Debug entries (every websocket frame in full) only when verbose.
 */
function followLog(file: string, verbose: boolean, onLine: (line: string) => void): { flush(): void; stop(): void } {
  let offset = 0;
  let rest = '';
  let level = 'log';
  const flush = (): void => {
    let fd: number;
    try {
      const size = statSync(file).size;
      if (size < offset) offset = 0; // removed and started again
      if (size === offset) return;
      fd = openSync(file, 'r');
    } catch {
      return; // not written yet
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, offset);
        if (n <= 0) break;
        offset += n;
        rest += buffer.subarray(0, n).toString('utf8');
      }
    } finally {
      closeSync(fd);
    }
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      const m = /^(log|info|warn|error|debug) (.*)$/.exec(p);
      if (m) level = m[1]!;
      if (level === 'debug' && !verbose) continue;
      onLine(m ? (m[1] === 'log' || m[1] === 'info' ? m[2]! : `${m[1]}: ${m[2]}`) : p);
    }
  };
  const timer = setInterval(flush, 200);
  timer.unref();
  return {
    flush,
    stop: () => {
      clearInterval(timer);
      flush();
    },
  };
}

/** Resolves when an HTTP GET to the URL gets a 200. */
/**
 * `node dist/dev/playground.js [--bot URL] [--port N] [--name 名前 --upn UPN --aad-object-id ID] [--tenant ID] [--dir DIR] [--verbose]`:
 * starts the Playground, prints its URL, runs until Ctrl+C.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bot: { type: 'string', default: DEFAULT_BOT_ENDPOINT },
      port: { type: 'string', default: String(DEFAULT_PLAYGROUND_PORT) },
      name: { type: 'string' },
      upn: { type: 'string' },
      'aad-object-id': { type: 'string' },
      tenant: { type: 'string' },
      dir: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port は 0〜65535 の整数にしてください: ${values.port}`);
  const who = [values.name, values.upn, values['aad-object-id']];
  if (who.some((v) => v !== undefined) && who.some((v) => v === undefined)) throw new Error('--name、--upn、--aad-object-id は 3 つそろえて指定してください');
  const user = values.name && values.upn && values['aad-object-id'] ? { name: values.name, upn: values.upn, aadObjectId: values['aad-object-id'] } : undefined;
  const playground = await startPlayground({
    botEndpoint: values.bot,
    port,
    user,
    tenantId: values.tenant,
    dir: values.dir,
    verbose: values.verbose,
    log: (line) => console.log(`[playground] ${line}`),
  });
  console.log(`Agents Playground: ${playground.url}（${playground.user.name} <${playground.user.upn}> として。Ctrl+C で停止）`);
  const shutdown = (): void => void playground.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
