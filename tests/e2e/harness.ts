/**
 * The browser tests' world: the local tenant seeded with a generated municipality, the one server
 * (tab API + the built tab at /tab/) on a free port, and Chromium (apt's /usr/bin/chromium, driven
 * by playwright-core). People are picked from what the server itself evaluated, and sign in with
 * MSAL.js through the local tenant's real sign-in page, clicking as a person would.
 *
 * Used by tests/e2e/*.test.ts, tests/e2e/screenshots.ts and bench/tab-bench.ts; no jest here.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import type { Evaluated } from '../../src/app/programme-service';
import type { Programme } from '../../src/domain/programme';
import type { PersonProgress } from '../../src/domain/progress';
import type { StaffRecord } from '../../src/domain/records';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { loadProgramme, packageRoot } from '../../src/presets/presets';

export const CHROMIUM = '/usr/bin/chromium';
/** Headless, and nothing that phones home or updates itself while a test runs. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The built tab the server serves at /tab/. */
export const TAB_INDEX = join(packageRoot(), 'tab', 'dist', 'index.html');

/** Fails with what to run when the tab has not been built (the server would not serve /tab/ at all). */
export function requireBuiltTab(): void {
  if (!existsSync(TAB_INDEX)) {
    throw new Error(`${TAB_INDEX} がありません。ブラウザのテストの前にタブをビルドしてください: node scripts/setup.js（または npm run build:tab）`);
  }
}

/** Chromium from apt, headless. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} がありません。apt-get install chromium fonts-noto-cjk を実行してください（node scripts/test.js が入れます）`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * The world and Chromium, started side by side; if either fails, the other is stopped and the
 * failure thrown (a browser test's beforeAll).
 */
export async function startWorldAndBrowser(opts: WorldOptions = {}): Promise<{ world: World; browser: Browser }> {
  const [w, b] = await Promise.allSettled([startWorld(opts), launchChromium()]);
  if (w.status === 'fulfilled' && b.status === 'fulfilled') return { world: w.value, browser: b.value };
  if (w.status === 'fulfilled') await w.value.close().catch(() => undefined);
  if (b.status === 'fulfilled') await b.value.close().catch(() => undefined);
  throw w.status === 'rejected' ? w.reason : (b as PromiseRejectedResult).reason;
}

export interface WorldOptions {
  /** A preset id (default setagaya). */
  programme?: string;
  /** Staff in the generated municipality (default 200: eight sections, one with a free DX推進リーダー seat at seed 5). */
  staff?: number;
  seed?: number;
  /** Malformed rows for the data-quality report (default 12: one of each kind the generator makes). */
  defects?: number;
  /** The server's "today" and the generator's (default 2026-11-23). */
  today?: string;
  /**
   * State storage in Azurite, so the server runs the bot and has a job status (運用状況); its jobs do
   * not run on their own (SKILLSTEPS_JOBS=false) unless `jobs`: a test runs one with `server.bot.runJob`.
   */
  state?: boolean;
  /** With `state`: the scheduler and the sender run as in production (on the world's fixed clock). */
  jobs?: boolean;
}

/** Someone to sign in as. */
export interface Persona {
  upn: string;
  name: string;
  department: string;
  section: string;
  /** 職層 as written in the Staff list (主事, 課長 …). */
  gradeText: string;
}

export interface People {
  /** A staff member who manages nothing: holds a role with steps, and has something still to do where anyone does. */
  staff: Persona;
  /**
   * A section manager (係長・課長) whose section has a free seat for the programme's first nominated role
   * (no holder, nothing pending), so a nomination can go through, and at least two members who manage
   * nothing, one of them outside the role's eligible grades.
   */
  manager: Persona;
  /** Signs in with the programme office's app role: a non-manager of DX推進課 where there is one. */
  office: Persona;
}

/** The local tenant, the server and the people to sign in as. */
export interface World {
  programme: Programme;
  today: string;
  tenant: LocalTenant;
  server: RunningServer;
  /** The tab's URL: `${server.url}/tab/`. */
  tabUrl: string;
  /** What the server evaluated (for expectations: the browser must show what the server computed). */
  evaluated: Evaluated;
  people: People;
  /** The API as the tab asks for it (`api://localhost/<client id>`); its v2 tokens carry the client id as `aud`. */
  audience: string;
  close(): Promise<void>;
}

/**
 * The server's environment for the local tenant: the same variables `npx skillsteps local-tenant`
 * prints, with the tenant's certificate written to `caFile` (the one extra certificate the server trusts).
 */
export function serverEnv(tenant: LocalTenant, programme: string, caFile: string): Record<string, string> {
  writeFileSync(caFile, tenant.caPem);
  return { PORT: '0', SKILLSTEPS_PROGRAMME: programme, ...localTenantEnv(tenant, caFile) };
}

/** Loads a preset or fails with every error. */
export async function programmeOf(ref: string): Promise<Programme> {
  const load = await loadProgramme(ref, packageRoot());
  if (!load.ok) throw new Error(`programme ${ref} does not load: ${JSON.stringify(load)}`);
  return load.programme;
}

/** Starts the tenant and the server (both on free ports) and waits for the first evaluation. */
export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  requireBuiltTab();
  const ref = opts.programme ?? 'setagaya';
  const today = opts.today ?? '2026-11-23';
  const programme = await programmeOf(ref);
  const dir = mkdtempSync(join(tmpdir(), 'skillsteps-e2e-'));
  const tenant = await startLocalTenant({
    port: 0,
    seed: { programme, staff: opts.staff ?? 200, seed: opts.seed ?? 5, today, defects: opts.defects ?? 12 },
  });
  let server: RunningServer | undefined;
  let azurite: RunningAzurite | undefined;
  try {
    azurite = opts.state ? await startAzurite() : undefined;
    const state = azurite ? { SKILLSTEPS_STORAGE_CONNECTION_STRING: azurite.connectionString, SKILLSTEPS_JOBS: String(opts.jobs ?? false) } : {};
    server = await startServer({ ...serverEnv(tenant, ref, join(dir, 'ca.pem')), ...state }, {
      log: memoryLogger(),
      // Noon in Japan on `today`: 「最終更新」 and every due date read the same on every run.
      clock: { now: () => new Date(`${today}T03:00:00Z`), today: () => today },
    });
    const evaluated = await server.service.refresh();
    const running = server;
    return {
      programme,
      today,
      tenant,
      server,
      tabUrl: `${server.url}/tab/`,
      evaluated,
      people: pickPeople(programme, evaluated),
      audience: `api://localhost/${tenant.clientId}`,
      close: async () => {
        await running.close();
        await Promise.all([tenant.close(), azurite?.stop()]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.close();
    await Promise.all([tenant.close(), azurite?.stop()]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The staff member, the section manager and the programme office, from the evaluation (see People). */
export function pickPeople(programme: Programme, e: Evaluated): People {
  const snapshot = e.snapshot;
  const managing = new Set(programme.grades.filter((g) => g.manages).map((g) => g.id));
  const managesSection = new Set(programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
  const active = snapshot.staff.filter((s) => s.active && s.grade);
  const plain = (s: StaffRecord): boolean => !managing.has(s.grade!);
  const persona = (s: StaffRecord): Persona => ({ upn: s.upn, name: s.name, department: s.department, section: s.section, gradeText: s.gradeText });
  const progressOf = (s: StaffRecord): PersonProgress | undefined => e.byUpn.get(s.upn);

  const nominated = programme.roles.find((r) => r.assignment === 'nominated');
  const seatTaken = new Set<string>();
  if (nominated) {
    for (const r of snapshot.records.roles) if (r.role === nominated.id && (!r.end || r.end >= e.asOf)) seatTaken.add(snapshot.staffByUpn.get(r.upn)?.section ?? r.section ?? '');
    for (const n of snapshot.records.nominations) if (n.role === nominated.id && n.status === 'pending') seatTaken.add(n.section);
  }
  const unitKey = (s: StaffRecord): string => `${s.department}\u0000${s.section}`;
  const members = new Map<string, StaffRecord[]>();
  for (const s of active) members.set(unitKey(s), [...(members.get(unitKey(s)) ?? []), s]);
  // 「原則」 grade rules (世田谷区: 副係長または主任) warn about anyone else: one such member lets a test see the warning.
  const eligible = new Set(nominated?.nomination?.eligibleGrades ?? []);
  const manager = active.find((s) => {
    if (!managesSection.has(s.grade!) || seatTaken.has(s.section)) return false;
    const others = (members.get(unitKey(s)) ?? []).filter(plain);
    return others.length >= 2 && (eligible.size === 0 || others.some((m) => !eligible.has(m.grade!)));
  });
  if (!manager) throw new Error('no section manager with a free seat and two members in the generated municipality: try another seed or size');

  // Someone with the most to show on マイステップ: roles with steps, then things to do with a due date.
  const score = (s: StaffRecord): number => {
    const p = progressOf(s);
    if (!p) return -1;
    const laddered = p.roles.filter((r) => r.steps.length > 1).length;
    return laddered * 100 + Math.min(p.nextActions.filter((a) => a.due).length, 5) * 10 + Math.min(p.nextActions.length, 5);
  };
  const candidates = active.filter(plain);
  const staff = candidates.reduce<StaffRecord | undefined>((best, s) => (!best || score(s) > score(best) ? s : best), undefined);
  if (!staff) throw new Error('no staff member without a managing grade in the generated municipality');
  const office = candidates.find((s) => s.section === 'DX推進課' && s.upn !== staff.upn) ?? candidates.find((s) => s.upn !== staff.upn)!;
  return { staff: persona(staff), manager: persona(manager), office: persona(office) };
}

export interface SignInOptions {
  /** Tick 「プログラム事務局として」 (the office's app role). */
  office?: boolean;
  /** The tab's query, kept across the sign-in (?lang=en, ?theme=dark, ?view=…). */
  query?: string;
}

/**
 * Opens the tab, which MSAL.js sends to the local tenant's sign-in page (the authorization code flow
 * with PKCE), finds the person by UPN, ticks 「プログラム事務局として」 when asked, clicks their name,
 * and waits until the tab is back — MSAL has redeemed the code and cleared the fragment — and its
 * header shows who signed in.
 */
export async function signIn(page: Page, world: Pick<World, 'tabUrl'>, who: Persona, opts: SignInOptions = {}): Promise<void> {
  const tab = new URL(world.tabUrl);
  await page.goto(`${world.tabUrl}${opts.query ?? ''}`);
  await page.getByRole('heading', { name: 'SkillSteps ローカルテナント — サインイン' }).waitFor();
  await page.getByLabel('検索（氏名・UPN・所属・職層）').fill(who.upn);
  await page.getByRole('button', { name: '検索', exact: true }).click();
  const row = page.getByRole('listitem').filter({ has: page.getByText(who.upn, { exact: true }) });
  if (opts.office) await row.getByLabel('プログラム事務局として').check();
  await row.getByRole('button', { name: who.name, exact: true }).click();
  await page.waitForURL((u) => u.origin === tab.origin && u.pathname === tab.pathname && u.hash === '');
  await page.getByRole('banner').getByText(who.name, { exact: false }).waitFor();
}
