/**
 * The Teams tab end to end, in Chromium, outside Teams (the dev host): sign in with MSAL.js through
 * the local tenant's sign-in page as a staff member, a section manager and the programme office, and check
 * that each sees what the server evaluated for them — and nothing more. Also English (?lang=en),
 * a 360 px phone-width pane and the dark theme.
 *
 * Needs the built tab (tab/dist; `node scripts/setup.js` builds it when stale) and apt's chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { programmeView, stepDistribution } from '../../src/app/views';
import type { KpiResult } from '../../src/domain/kpi-engine';
import { checkNomination, sectionApproverOf } from '../../src/domain/nomination-rules';
import { reportRule } from '../../src/domain/reports';
import { createItem } from '../../src/sharepoint/graph-list-writer';
import { listIds } from '../../src/sharepoint/provision';
import { graphApiOf } from '../helpers/tenant';
import { signIn, startWorldAndBrowser, type Persona, type World } from './harness';

jest.setTimeout(60_000);

// The page's globals, for the functions that run in the browser (this project compiles without the DOM lib).
declare const document: { documentElement: { scrollWidth: number } };
declare function getComputedStyle(element: unknown): { backgroundColor: string; color: string; display: string };

/** 2026-12-25 → 2026/12/25, as the tab writes dates in Japanese. */
const jaDate = (d: string): string => d.replace(/-/g, '/');
/** 2025-08-22 → 2025/8/22, as the requirement evidence writes a due date. */
const evidenceDate = (d: string): string => d.split('-').map((p, i) => (i === 0 ? p : String(Number(p)))).join('/');

/** The tab's KPI value: 45.2%, 120 人, 12 所属, 8 件 (tab/src/components/programme/kpi-format.ts). */
function kpiText(k: KpiResult): string {
  const n = k.value.toLocaleString('ja-JP', { maximumFractionDigits: 1 });
  return { percent: `${n}%`, people: `${n} 人`, units: `${n} 所属`, projects: `${n} 件` }[k.unit];
}

/** Relative luminance (0 black … 1 white) of a computed CSS colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r ?? 0) + 0.7152 * lin(g ?? 0) + 0.0722 * lin(b ?? 0);
}

/** The background the shell paints behind the views. */
const shellBackground = (page: Page): Promise<string> => page.getByRole('main').evaluate((main) => getComputedStyle(main.parentElement!).backgroundColor);

describe('the tab in Chromium (dev host)', () => {
  let world: World;
  let browser: Browser;

  beforeAll(async () => {
    // With Azurite: the server runs the bot, so the office's 運用状況 has jobs to show.
    ({ world, browser } = await startWorldAndBrowser({ state: true }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  /** A fresh browser profile (no token, no cache) for one person; fails the test on any uncaught error in the page. */
  async function withPage(run: (page: Page) => Promise<void>, options: BrowserContextOptions = {}): Promise<void> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await run(page);
    } finally {
      await context.close();
    }
    expect(errors).toEqual([]);
  }

  const navTabs = (page: Page): Promise<string[]> => page.getByRole('navigation', { name: '画面' }).getByRole('tab').allInnerTexts();
  const membersOf = (who: Persona) => world.evaluated.bySection.get(`${who.department}\u0000${who.section}`) ?? [];

  it('signs a staff member in through the sign-in page and shows マイステップ: their roles, steps and what to do next, and no other view', async () => {
    await withPage(async (page) => {
      const who = world.people.staff;
      await signIn(page, world, who);
      // The token left the URL; the header says who is signed in and when the lists were read (the server's noon, JST).
      expect(new URL(page.url()).hash).toBe('');
      const banner = page.getByRole('banner');
      await expect(banner.innerText()).resolves.toContain(`${who.name} · ${who.section} · ${who.gradeText}`);
      await expect(banner.innerText()).resolves.toContain(`最終更新 ${jaDate(world.today)} 12:00`);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(world.programme.label.ja);

      const progress = world.evaluated.byUpn.get(who.upn)!;
      const next = page.getByRole('region', { name: '次にすること' });
      await next.waitFor();
      expect(progress.nextActions.length).toBeGreaterThan(0);
      for (const action of progress.nextActions) {
        await expect(next.getByText(action.label.ja, { exact: true }).first().isVisible()).resolves.toBe(true);
      }
      const dated = progress.nextActions.find((a) => a.due)!;
      await expect(next.innerText()).resolves.toContain(`期限 ${evidenceDate(dated.due!)}`);

      // One step ladder per role, the steps in order, the current one marked.
      const roles = page.getByRole('region', { name: '役割とステップ' });
      for (const role of progress.roles.filter((r) => r.steps.length > 0)) {
        const ladder = roles.getByRole('list', { name: `${role.label.ja} のステップ` });
        const rungs = ladder.getByRole('listitem');
        await expect(rungs.count()).resolves.toBe(role.steps.length);
        for (const [i, step] of role.steps.entries()) await expect(rungs.nth(i).innerText()).resolves.toContain(step.label.ja);
        if (role.currentStep) {
          const current = role.steps.findIndex((s) => s.id === role.currentStep);
          await expect(rungs.nth(current).getAttribute('aria-current')).resolves.toBe('step');
        }
      }
      // The light theme unless asked otherwise.
      expect(luminance(await shellBackground(page))).toBeGreaterThan(0.8);

      // Staff get マイステップ only: no navigation, and an old link to an office view falls back to マイステップ.
      await expect(page.getByRole('navigation').count()).resolves.toBe(0);
      await expect(page.getByRole('tab').count()).resolves.toBe(0);
      await page.goto(`${world.tabUrl}?view=data-quality`);
      await page.getByRole('region', { name: '次にすること' }).waitFor();
      await expect(page.getByRole('table', { name: 'データ品質' }).count()).resolves.toBe(0);
      await expect(page.getByText('プログラム', { exact: true }).count()).resolves.toBe(0);

      // Sign-out forgets the token: a reload stays signed out instead of signing in again by itself.
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await page.getByText('サインアウトしました。').waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'サインイン' }).waitFor();
      await expect(page.getByRole('region', { name: '次にすること' }).count()).resolves.toBe(0);
    });
  });

  it('signs in with MSAL.js: the authorization code flow with PKCE, the code redeemed by the browser, the API called with the access token, renewed by the refresh token', async () => {
    await withPage(async (page) => {
      const tenant = new URL(world.tenant.url);
      const app = new URL(world.tabUrl);
      const toTenant: Array<{ method: string; url: URL; form?: URLSearchParams; origin: Promise<string | undefined> }> = [];
      const bearers: string[] = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        // allHeaders(): the headers as sent, Origin included (headers() leaves out what Chromium adds).
        if (url.host === tenant.host) toTenant.push({ method: r.method(), url, form: r.method() === 'POST' ? new URLSearchParams(r.postData() ?? '') : undefined, origin: r.allHeaders().then((h) => h.origin) });
        if (url.host === app.host && url.pathname.startsWith('/api/') && r.headers().authorization) bearers.push(r.headers().authorization!.replace(/^Bearer /, ''));
      });
      // Time flows as usual until the test moves it (MSAL reads Date.now to judge its tokens).
      await page.clock.install();
      await signIn(page, world, world.people.office, { office: true });

      const authorize = toTenant.find((r) => r.method === 'GET' && r.url.pathname.endsWith('/oauth2/v2.0/authorize'))!.url.searchParams;
      expect(Object.fromEntries(['client_id', 'response_type', 'response_mode', 'code_challenge_method', 'redirect_uri'].map((k) => [k, authorize.get(k)]))).toEqual({
        client_id: world.tenant.clientId,
        response_type: 'code',
        response_mode: 'fragment',
        code_challenge_method: 'S256',
        redirect_uri: world.tabUrl,
      });
      expect(authorize.get('scope')!.split(' ').sort()).toEqual([`api://localhost/${world.tenant.clientId}/access_as_user`, 'offline_access', 'openid', 'profile']);
      expect([authorize.get('code_challenge')?.length, authorize.get('state') !== null, authorize.get('nonce') !== null]).toEqual([43, true, true]);
      // It is MSAL.js in the page that asked (its library id), and it read the tenant's metadata itself.
      expect(authorize.get('x-client-SKU')).toBe('msal.js.browser');
      expect(toTenant.some((r) => r.url.pathname.endsWith('/v2.0/.well-known/openid-configuration'))).toBe(true);
      const redeem = toTenant.find((r) => r.method === 'POST' && r.form?.get('grant_type') === 'authorization_code')!;
      expect([await redeem.origin, redeem.form!.has('code_verifier'), redeem.form!.has('client_secret')]).toEqual([app.origin, true, false]);

      // Every API call carried the access token for the API, never the ID token.
      expect(bearers.length).toBeGreaterThan(0);
      const claims = (t: string) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      for (const t of new Set(bearers)) expect(claims(t)).toEqual(expect.objectContaining({ aud: world.tenant.clientId, scp: 'access_as_user', roles: ['ProgrammeOffice'] }));
      const first = bearers.at(-1)!;

      // Two hours on: the access token has expired, MSAL renews it with the refresh token, no sign-in page.
      const signedInAt = toTenant.length;
      await page.clock.setSystemTime(Date.now() + 2 * 3600_000);
      await page.getByRole('tab', { name: 'プログラム' }).click();
      await page.getByRole('list', { name: '指標（KPI）' }).waitFor();
      const since = toTenant.slice(signedInAt);
      expect(since.map((r) => `${r.method} ${r.url.pathname.split('/').slice(-2).join('/')} ${r.form?.get('grant_type') ?? ''}`)).toEqual(['POST v2.0/token refresh_token']);
      await expect(since[0]!.origin).resolves.toBe(app.origin);
      expect(bearers.at(-1)).not.toBe(first);
    });
  });

  it("shows a section manager 所属: their section's members, a member's progress, and a nomination checked by the rules", async () => {
    await withPage(async (page) => {
      const who = world.people.manager;
      await signIn(page, world, who);
      await page.getByRole('navigation', { name: '画面' }).waitFor();
      await expect(navTabs(page)).resolves.toEqual(['マイステップ', '所属', '確認', '推薦']);

      await page.getByRole('tab', { name: '所属' }).click();
      const members = membersOf(who);
      const sectionPicker = page.getByRole('combobox', { name: '所属' });
      await expect(sectionPicker.locator('option:checked').innerText()).resolves.toBe(`${who.department} ${who.section}（${members.length} 人）`);
      const table = page.getByRole('table', { name: '職員' });
      await page.getByRole('status').filter({ hasText: '件中' }).waitFor();
      await expect(page.getByRole('status').filter({ hasText: '件中' }).innerText()).resolves.toBe(
        `${members.length} 件中 ${Math.min(members.length, 50)} 件を表示`,
      );
      for (const m of members.slice(0, 50)) await expect(table.getByRole('button', { name: `${m.name} さんの進捗` }).count()).resolves.toBeGreaterThan(0);

      // Two members who manage nothing; the first outside the role's eligible grades (a warning to confirm).
      const role = world.programme.roles.find((r) => r.assignment === 'nominated')!;
      const managing = new Set(world.programme.grades.filter((g) => g.manages).map((g) => g.id));
      const plain = members.filter((m) => m.upn !== who.upn && !managing.has(m.grade ?? ''));
      const nominee = plain.find((m) => !role.nomination!.eligibleGrades.includes(m.grade ?? ''))!;
      const second = plain.find((m) => m.upn !== nominee.upn)!;

      // A member's progress, and back.
      await table.getByRole('button', { name: `${nominee.name} さんの進捗` }).first().click();
      await page.getByRole('heading', { name: `${nominee.name}（${nominee.section}・${nominee.gradeText}）` }).waitFor();
      const theirs = world.evaluated.byUpn.get(nominee.upn)!;
      const next = page.getByRole('region', { name: '次にすること' });
      if (theirs.nextActions.length === 0) await next.getByText('いま必要なことはありません。').waitFor();
      else await next.getByText(theirs.nextActions[0]!.label.ja, { exact: true }).first().waitFor();
      await page.getByRole('button', { name: '一覧に戻る' }).click();

      // 推薦する from the row: the server warns (原則 grades), the manager confirms, it is created.
      await table.getByRole('button', { name: `${nominee.name} さんを推薦する` }).first().click();
      const dialog = page.getByRole('dialog', { name: '推薦する' });
      await expect(dialog.getByRole('combobox', { name: '推薦する人' }).locator('option:checked').innerText()).resolves.toBe(`${nominee.name}（${nominee.gradeText}）`);
      await expect(dialog.getByRole('combobox', { name: '役割' }).locator('option:checked').innerText()).resolves.toBe(role.label.ja);
      await dialog.getByRole('textbox', { name: '推薦の理由' }).fill('窓口業務の改善を主導しているため');
      await dialog.getByRole('button', { name: '推薦する', exact: true }).click();
      await dialog.getByText('確認してください').waitFor();
      await expect(dialog.innerText()).resolves.toContain(`${nominee.name} さん: ${nominee.gradeText}`);
      await dialog.getByRole('button', { name: '警告を確認して推薦する' }).click();
      await dialog.getByText(/^推薦しました。承認者: /).waitFor();
      await dialog.getByRole('button', { name: '閉じる' }).click();
      await expect(dialog.count()).resolves.toBe(0);

      // 推薦: it is pending; a second nominee for the section's one seat is refused with the reason.
      await page.getByRole('tab', { name: '推薦' }).click();
      const pending = page.getByRole('table', { name: '審査中の推薦' });
      const row = pending.getByRole('row').filter({ hasText: nominee.name });
      await row.first().waitFor();
      await expect(row.first().innerText()).resolves.toContain('審査中');
      await expect(row.first().innerText()).resolves.toContain('窓口業務の改善を主導しているため');

      await page.getByRole('button', { name: '推薦する', exact: true }).click();
      await dialog.waitFor();
      const picker = dialog.getByRole('combobox', { name: '推薦する人' });
      await picker.locator('option', { hasText: `${second.name}（${second.gradeText}）` }).first().waitFor({ state: 'attached' });
      await picker.selectOption({ label: `${second.name}（${second.gradeText}）` });
      await dialog.getByRole('button', { name: '推薦する', exact: true }).click();
      await dialog.getByText('推薦できません').waitFor();
      await expect(dialog.innerText()).resolves.toContain(`${who.section}の${role.label.ja}は定員 1 名に達しています（${nominee.name}（承認待ち））`);
      await dialog.getByRole('button', { name: 'キャンセル' }).click();

      // The office's views stay closed to a manager, even from a link to one.
      await page.goto(`${world.tabUrl}?view=programme`);
      await page.getByRole('region', { name: '次にすること' }).waitFor();
      await expect(navTabs(page)).resolves.toEqual(['マイステップ', '所属', '確認', '推薦']);
      await expect(page.getByRole('list', { name: '指標（KPI）' }).count()).resolves.toBe(0);
    });
  });

  it('shows the programme office プログラム (KPIs for a chosen year, CSV) and データ品質', async () => {
    await withPage(async (page) => {
      const who = world.people.office;
      await signIn(page, world, who, { office: true });
      await page.getByRole('navigation', { name: '画面' }).waitFor();
      await expect(navTabs(page)).resolves.toEqual(['マイステップ', '所属', '確認', 'プログラム', '年度末点検', 'フォローアップ', '推薦', 'データ品質', '取り込み', '年度の設定', '運用状況']);

      await page.getByRole('tab', { name: 'プログラム' }).click();
      const fy = world.evaluated.fiscalYear;
      await page.getByRole('heading', { name: '指標（KPI） — 令和8年度' }).waitFor();
      expect(fy).toBe(2026);
      const cards = page.getByRole('list', { name: '指標（KPI）' });
      await expect(cards.getByRole('listitem').count()).resolves.toBe(world.programme.kpis.length);
      for (const k of world.evaluated.kpis) {
        const card = cards.getByRole('group', { name: k.label.ja });
        await expect(card.innerText()).resolves.toContain(kpiText(k));
      }
      await page.getByRole('heading', { name: '部ごとの実績' }).waitFor();
      await page.getByRole('heading', { name: 'ステップの分布' }).waitFor();

      // Another fiscal year, then its CSV for the year-end review.
      await page.getByRole('combobox', { name: '年度' }).selectOption({ label: '令和5年度' });
      await page.getByRole('heading', { name: '指標（KPI） — 令和5年度' }).waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV をダウンロード' }).click()]);
      expect(download.suggestedFilename()).toBe('skillsteps-kpi-2023.csv');
      const csv = readFileSync((await download.path())!, 'utf8');
      const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
      expect(lines[0]).toBe('年度,指標ID,指標,部,課,実績,分子,分母,単位,目標,目標年度,判定,今年度の目安');
      for (const k of world.programme.kpis) expect(lines.some((l) => l.startsWith(`令和5年度,${k.id},`) && l.includes('（全体）'))).toBe(true);

      // データ品質: every problem of the last sync, filterable by list.
      await page.getByRole('tab', { name: 'データ品質' }).click();
      const issues = world.evaluated.snapshot.issues;
      expect(issues.length).toBeGreaterThan(0);
      const status = page.getByRole('status').filter({ hasText: '件中' });
      await status.waitFor();
      await expect(status.innerText()).resolves.toBe(`${issues.length} 件中 ${Math.min(issues.length, 100)} 件を表示`);
      const table = page.getByRole('table', { name: 'データ品質' });
      await expect(table.getByRole('row').count()).resolves.toBe(Math.min(issues.length, 100) + 1);
      const completions = issues.filter((i) => i.list === 'Completions').length;
      await page.getByRole('combobox', { name: 'リスト' }).selectOption({ label: `受講記録（${completions} 件）` });
      await page.getByRole('status').filter({ hasText: `${completions} 件中 ${Math.min(completions, 100)} 件を表示` }).waitFor();
      const firstCells = await table.getByRole('row').locator('td:first-child').allInnerTexts();
      expect(new Set(firstCells)).toEqual(new Set(['受講記録']));
    });
  });

  it('reads プログラム for the chosen 年度: the steps as of its 3/31 under a heading naming it, the same KPI by department, the steps named in the legend, the KPI CSV in 令和 and Japanese units', async () => {
    const past = programmeView(world.programme, world.evaluated, world.server.service.yearFor(2025)!);
    const now = programmeView(world.programme, world.evaluated, world.server.service.yearFor(2026)!);
    const rowText = (r: (typeof past.steps)[number]): string => `${r.label.ja}${r.holders}${r.none}${r.steps.map((s) => `${s.label.ja} ${s.count}`).join('、')}`;
    // The two years differ in this data, so a view that ignored the year could not pass.
    expect(past.steps.map(rowText)).not.toEqual(now.steps.map(rowText));
    await withPage(async (page) => {
      await signIn(page, world, world.people.office, { office: true, query: '?view=programme' });
      await page.getByRole('heading', { name: `ステップの分布 — 令和8年度（${jaDate(world.today)} 時点）` }).waitFor();
      const kpi = page.getByRole('combobox', { name: '指標' });
      const chosen = await kpi.locator('option:checked').innerText();
      const chart = page.locator('section', { has: page.getByRole('heading', { name: /^ステップの分布/ }) });
      await chart.getByText('表で見る').click();
      const steps = chart.getByRole('table', { name: 'ステップの分布' });
      await expect(steps.getByRole('row').filter({ has: page.getByRole('cell') }).allTextContents()).resolves.toEqual(now.steps.map(rowText));

      await page.getByRole('combobox', { name: '年度' }).selectOption({ label: '令和7年度' });
      await page.getByRole('heading', { name: 'ステップの分布 — 令和7年度末（2026/03/31 時点）' }).waitFor();
      await chart.getByText('表で見る').click();
      await expect(steps.getByRole('row').filter({ has: page.getByRole('cell') }).allTextContents()).resolves.toEqual(past.steps.map(rowText));
      await expect(kpi.locator('option:checked').innerText()).resolves.toBe(chosen);

      // The legend names the steps as the programme does (no 「ステップ1」), in Japanese.
      await expect(chart.getByRole('list', { name: '凡例' }).getByRole('listitem').allInnerTexts()).resolves.toEqual(['ステップ未達', ...new Set(past.steps.flatMap((r) => r.steps.map((s) => s.label.ja)))]);

      // The KPI CSV: 令和 years and Japanese units, nothing in English.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV をダウンロード' }).click()]);
      const rows = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/).slice(1).map((l) => l.split(','));
      expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['令和7年度']));
      expect([...new Set(rows.map((r) => r[8]))].every((u) => ['%', '人', '所属', '件'].includes(u!))).toBe(true);
    });
  });

  it('fits プログラム in a 360 px pane: every step named in the legend, no 「+N more」, nothing wider than the screen', async () => {
    await withPage(
      async (page) => {
        await signIn(page, world, world.people.office, { office: true, query: '?view=programme' });
        const heading = page.getByRole('heading', { name: /^ステップの分布/ });
        await heading.waitFor();
        const chart = page.locator('section', { has: heading });
        await chart.scrollIntoViewIfNeeded();
        await expect(chart.innerText()).resolves.not.toMatch(/more/);
        const legend = chart.getByRole('list', { name: '凡例' }).getByRole('listitem');
        await expect(legend.allInnerTexts()).resolves.toEqual(['ステップ未達', ...new Set(world.programme.roles.flatMap((r) => r.steps.map((s) => s.label.ja)))]);
        for (const item of await legend.all()) {
          await expect(item.isVisible()).resolves.toBe(true);
          const box = (await item.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(360);
        }
        // The bars keep their height: the legend takes none of the chart's.
        const plot = (await chart.locator('svg').first().boundingBox())!;
        expect(plot.height).toBeGreaterThan(250);
        await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
      },
      { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
    );
  });

  it('gives the programme office 年度末点検 of a chosen year: the workbook downloaded and its cells read, a sheet as CSV, the summary printed on one A4 page', async () => {
    const year = world.server.service.yearFor(2025)!;
    const coverage = year.kpis.find((k) => k.coverage)!;
    await withPage(async (page) => {
      await signIn(page, world, world.people.office, { office: true, query: '?view=year-end' });
      await page.getByRole('combobox', { name: '年度' }).selectOption({ label: '令和7年度' });
      const summary = page.getByRole('article', { name: `${world.programme.label.ja} 年度末点検（令和7年度）` });
      await summary.waitFor();
      await expect(summary.innerText()).resolves.toContain('令和7年度末（2026/03/31 時点）');

      // The workbook, opened as Excel would: a sheet per view, Japanese headers, 令和, the server's figures.
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel をダウンロード（全シート）' }).click()]);
      expect(xlsx.suggestedFilename()).toBe('skillsteps-nendomatsu-2025.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await xlsx.path())!);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '指標', 'ステップ分布', '年度内の認定', '課ごとの配置', '未配置の課', '研修の修了', 'データ品質']);
      const cover = wb.getWorksheet('概要')!;
      expect([2, 3, 4, 5].map((r) => [cover.getCell(r, 1).value, cover.getCell(r, 2).value])).toEqual([
        ['自治体', world.programme.municipality.ja],
        ['プログラム', world.programme.label.ja],
        ['対象年度', '令和7年度'],
        ['基準日', '令和8年3月31日（年度末）'],
      ]);
      const kpis = wb.getWorksheet('指標')!;
      for (const k of year.kpis) {
        const row = kpis.getRows(2, kpis.rowCount - 1)!.find((r) => r.getCell(2).value === k.id && r.getCell(4).value === '（全体）')!;
        expect([row.getCell(1).value, row.getCell(3).value, row.getCell(6).value]).toEqual(['令和7年度', k.label.ja, k.value]);
      }
      const steps = wb.getWorksheet('ステップ分布')!;
      const expected = stepDistribution(world.programme, year.people).flatMap((r) => [[r.label.ja, 'ステップ未達', r.none], ...r.steps.map((s) => [r.label.ja, s.label.ja, s.count])]);
      expect(steps.getRows(2, steps.rowCount - 1)!.map((r) => [r.getCell(2).value, r.getCell(5).value, r.getCell(6).value])).toEqual(expected);
      const unplaced = wb.getWorksheet('未配置の課')!;
      expect(unplaced.getRows(2, Math.max(1, unplaced.rowCount - 1))!.filter((r) => r.hasValues).map((r) => [r.getCell(3).value, r.getCell(4).value])).toEqual(
        coverage.coverage!.uncovered.map((u) => [u.department, u.section]),
      );

      // One sheet as CSV for another system.
      await page.getByRole('combobox', { name: 'CSV にするシート' }).selectOption({ label: `未配置の課（${coverage.coverage!.uncovered.length} 行）` });
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV をダウンロード' }).click()]);
      expect(csv.suggestedFilename()).toBe('skillsteps-nendomatsu-2025-unplaced.csv');
      const lines = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('年度,役割,部,課,人数,必要数,不足');
      expect(lines).toHaveLength(coverage.coverage!.uncovered.length + 1);

      // Printed (Chromium's PDF of the print media): the summary alone, chart included, on one A4 page.
      for (const tool of ['pdfinfo', 'pdftotext', 'pdftoppm']) {
        if (!existsSync(`/usr/bin/${tool}`)) throw new Error(`/usr/bin/${tool} がありません。apt-get install poppler-utils を実行してください（node scripts/test.js が入れます）`);
      }
      const dir = mkdtempSync(join(tmpdir(), 'skillsteps-print-'));
      try {
        await page.emulateMedia({ media: 'print' });
        writeFileSync(join(dir, 'summary.pdf'), await page.pdf({ format: 'A4', printBackground: true }));
        expect(execFileSync('pdfinfo', [join(dir, 'summary.pdf')], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
        // The text in drawing order, without the breaks a narrow cell puts in it.
        const text = execFileSync('pdftotext', ['-raw', join(dir, 'summary.pdf'), '-'], { encoding: 'utf8' }).replace(/\s/g, '');
        const squeeze = (s: string): string => s.replace(/\s/g, '');
        for (const words of [`${world.programme.label.ja} 年度末点検（令和7年度）`, '指標（KPI）', 'ステップの分布', 'ステップ未達', ...year.kpis.map((k) => k.label.ja)]) expect(text).toContain(squeeze(words));
        for (const words of ['Excel をダウンロード', 'マイステップ', '今すぐ更新', '表で見る']) expect(text).not.toContain(squeeze(words));
        execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', join(dir, 'summary.pdf'), join(dir, 'summary')]);
        expect(readFileSync(join(dir, 'summary.png')).length).toBeGreaterThan(10_000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('takes a report in マイステップ, lets the section manager confirm it in 確認 (several at once), and shows the new step on the reporter’s screen', async () => {
    const e = world.server.service.current()!;
    const group = [...(e.snapshot.groupCourses.get('dx-awareness') ?? [])];
    const managing = new Set(world.programme.grades.filter((g) => g.manages).map((g) => g.id));
    const done = (upn: string): string[] => group.filter((id) => (e.snapshot.completions.get(upn)?.get(id)?.length ?? 0) > 0);
    const min = world.programme.settings.find((x) => x.id === 'allStaffMinItems')!.value;
    // Someone short of 全職員 Step1 (DX関連の動画・記事), in another section than the nomination tests', with a manager there.
    const candidates = e.snapshot.staff
      .filter((s) => s.active && !managing.has(s.grade ?? '') && s.section !== world.people.manager.section && done(s.upn).length < min)
      .map((s) => ({ s, manager: sectionApproverOf(world.programme, e.snapshot, s.department, s.section, s.upn) }))
      .filter((x) => x.manager && e.snapshot.staffByUpn.get(x.manager)?.section === x.s.section)
      .sort((a, b) => min - done(a.s.upn).length - (min - done(b.s.upn).length));
    const { s: staff, manager: managerUpn } = candidates[0]!;
    const manager = e.snapshot.staffByUpn.get(managerUpn!)!;
    // Courses of the Courses list in the group (動画・記事) that the section manager confirms.
    const toReport = group.filter((id) => !done(staff.upn).includes(id) && reportRule(world.programme, 'course', id).confirmer === 'sectionManager').slice(0, min - done(staff.upn).length);
    expect(toReport.length).toBe(min - done(staff.upn).length);
    const titleOf = (id: string): string => e.snapshot.courses.get(id)!.label.ja;
    const persona = (s: typeof staff): Persona => ({ upn: s.upn, name: s.name, department: s.department, section: s.section, gradeText: s.gradeText });

    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const mine = await context.newPage();
    try {
      await signIn(mine, world, persona(staff));
      const ladder = mine.getByRole('list', { name: '全職員 のステップ' });
      await expect(ladder.getByRole('listitem').first().getAttribute('aria-current')).resolves.not.toBe('step');
      for (const id of toReport) {
        await mine.getByRole('button', { name: '報告する', exact: true }).first().click();
        const dialog = mine.getByRole('dialog', { name: '報告する' });
        await dialog.getByRole('combobox', { name: '報告するもの' }).selectOption({ label: '研修の受講' });
        const course = dialog.getByRole('combobox', { name: '研修' });
        await course.selectOption({ label: titleOf(id) });
        await dialog.getByText('所属の管理職が確認します').waitFor();
        // A date in the future is refused under its field, and nothing is sent on.
        await dialog.getByLabel('受講日').fill('2026-12-24');
        await dialog.getByRole('textbox', { name: 'メモ' }).fill('DX推進担当課の紹介で視聴');
        await dialog.getByRole('button', { name: '報告する', exact: true }).click();
        await dialog.getByText('「受講日」が未来の日付です: 2026-12-24（今日は 2026-11-23）').waitFor();
        await dialog.getByLabel('受講日').fill('2026-11-20');
        await dialog.getByRole('button', { name: '報告する', exact: true }).click();
        await dialog.getByText(`報告しました。確認者: ${manager.name}`).waitFor();
        await dialog.getByRole('button', { name: '閉じる' }).click();
      }
      const myReports = mine.getByRole('table', { name: '自分の報告' });
      await myReports.getByRole('row').filter({ hasText: '確認待ち' }).nth(toReport.length - 1).waitFor();
      await expect(myReports.getByRole('row').filter({ hasText: '確認待ち' }).count()).resolves.toBe(toReport.length);

      // The manager's 確認: the reports, all chosen, confirmed after the dialog.
      const other = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
      const boss = await other.newPage();
      try {
        await signIn(boss, world, persona(manager), { query: '?view=confirm' });
        const queue = boss.getByRole('table', { name: '確認待ちの報告' });
        await queue.waitFor();
        for (const id of toReport) await queue.getByRole('row').filter({ hasText: titleOf(id) }).first().waitFor();
        await boss.getByRole('checkbox', { name: 'すべて選ぶ' }).check();
        await boss.getByRole('button', { name: `選んだ ${toReport.length} 件を承認` }).click();
        const ask = boss.getByRole('dialog', { name: `${toReport.length} 件の報告を承認しますか？` });
        await ask.getByText(`${staff.name}：${titleOf(toReport[0]!)}`).waitFor();
        await ask.getByRole('button', { name: '承認' }).click();
        await boss.getByText(`${toReport.length} 件を承認しました。`).waitFor({ timeout: 10_000 }).catch(async (err: unknown) => {
          throw new Error(`${String(err)}\n${await boss.locator('main').innerText()}`);
        });
        await boss.getByText('確認待ちの報告はありません。').waitFor();
      } finally {
        await other.close();
      }

      // At once, without a sync: the reporter's 全職員 Step1 is reached on screen.
      const started = Date.now();
      await mine.reload();
      await mine.getByRole('list', { name: '全職員 のステップ' }).getByRole('listitem').first().and(mine.locator('[aria-current="step"]')).waitFor();
      await mine.getByRole('table', { name: '自分の報告' }).getByRole('row').filter({ hasText: '確認済み' }).nth(toReport.length - 1).waitFor();
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await context.close();
    }
  });

  it('lets the approver decide a hand-typed nomination in 推薦 (status 承認待ち, the role by its Japanese name), with its age shown', async () => {
    const e = world.server.service.current()!;
    const role = world.programme.roles.find((r) => r.assignment === 'nominated')!;
    const managesSection = new Set(world.programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
    const managing = new Set(world.programme.grades.filter((g) => g.manages).map((g) => g.id));
    // Typed by hand, the row never met the seat rule: any section but the one the nomination test fills will do.
    const holds = (upn: string): boolean => e.byUpn.get(upn)?.roles.some((r) => r.role === role.id) ?? false;
    const plainIn = (m: { section: string; department: string }) =>
      e.snapshot.staff.find((s) => s.active && s.section === m.section && s.department === m.department && !managing.has(s.grade ?? '') && !holds(s.upn) && !e.snapshot.records.nominations.some((n) => n.nomineeUpn === s.upn));
    const nominator = e.snapshot.staff.find((s) => s.active && managesSection.has(s.grade ?? '') && s.section !== world.people.manager.section && plainIn(s))!;
    const nominee = plainIn(nominator)!;
    const check = checkNomination(world.programme, e.snapshot, { nominatorUpn: nominator.upn, nominatorIsOffice: false, nomineeUpn: nominee.upn, role: role.id, asOf: e.asOf });
    const approver = e.snapshot.staffByUpn.get(check.approverUpn!)!;
    const graph = graphApiOf(world.tenant);
    try {
      const ids = await listIds(graph.api, world.tenant.siteId);
      // What an office member types into the SharePoint list by hand, a week ago.
      await createItem(graph.api, world.tenant.siteId, ids.Nominations, { Title: '手入力', NomineeUpn: nominee.upn, Role: role.label.ja, Section: nominator.section, NominatedByUpn: nominator.upn, ApproverUpn: approver.upn, Status: '承認待ち', RequestedAt: '2026-11-13T09:00:00+09:00', Reason: '手入力の推薦' });
      await world.server.service.refresh();
    } finally {
      graph.close();
    }
    await withPage(async (page) => {
      await signIn(page, world, { upn: approver.upn, name: approver.name, department: approver.department, section: approver.section, gradeText: approver.gradeText }, { query: '?view=nominations' });
      const pending = page.getByRole('table', { name: '審査中の推薦' });
      const row = pending.getByRole('row').filter({ hasText: nominee.name });
      await row.first().waitFor();
      // 11/13 (Fri) to 11/23 (Mon, 勤労感謝の日): 11/13, 16–20 are working days.
      await expect(row.first().innerText()).resolves.toContain('6 営業日');
      await row.first().getByRole('button', { name: `${nominee.name} さんの推薦を判断する` }).click();
      const dialog = page.getByRole('dialog', { name: `${nominee.name} さんの推薦を判断する` });
      await dialog.getByRole('textbox', { name: 'コメント（任意）' }).fill('よろしくお願いします');
      await dialog.getByRole('button', { name: '承認' }).click();
      await page.getByRole('status').filter({ hasText: '推薦を承認しました。' }).waitFor();
      const decided = page.getByRole('table', { name: '決定済みの推薦' });
      await expect(decided.getByRole('row').filter({ hasText: nominee.name }).first().innerText()).resolves.toContain('よろしくお願いします');
    });
    const now = world.server.service.current()!;
    expect(now.snapshot.records.nominations.find((n) => n.nomineeUpn === nominee.upn && n.role === role.id)?.status).toBe('approved');
    expect(now.byUpn.get(nominee.upn)!.roles.map((r) => r.role)).toContain(role.id);
  });

  it('shows the programme office 運用状況: the jobs from Storage, a run as it is recorded, and that no instance runs them', async () => {
    await withPage(async (page) => {
      await signIn(page, world, world.people.office, { office: true, query: '?view=operations' });
      // The world's server runs no jobs on its own (SKILLSTEPS_JOBS=false): the office is warned.
      await page.getByText('ジョブが止まっています').waitFor();
      const table = page.getByRole('table', { name: 'スケジュールされたジョブ' });
      await table.waitFor();
      const rows = table.getByRole('row');
      await expect(rows.count()).resolves.toBe(6);
      const reconcile = rows.filter({ hasText: '推薦の整合' });
      await expect(reconcile.innerText()).resolves.toContain('15 分ごと');
      await expect(reconcile.innerText()).resolves.toContain('未実行');

      // A run, recorded in Azurite's table, shows after 再読み込み.
      const run = (await world.server.jobs!.run('nominations-reconcile')) as { ok: boolean };
      expect(run.ok).toBe(true);
      await page.getByRole('button', { name: '再読み込み' }).click();
      await reconcile.filter({ hasText: '完了' }).waitFor();
      await expect(reconcile.innerText()).resolves.toContain('0 件を補いました');
      await expect(reconcile.innerText()).resolves.toContain(`${jaDate(world.today)} 12:00`);
      await page.getByRole('heading', { name: `今日のリマインダー（${jaDate(world.today)}）` }).waitFor();
      await page.getByText('送信キュー 0 件').waitFor();
    });
  });

  it('speaks English with ?lang=en, kept across the sign-in', async () => {
    await withPage(async (page) => {
      const who = world.people.staff;
      await signIn(page, world, who, { query: '?lang=en' });
      expect(new URL(page.url()).search).toBe('?lang=en');
      await page.getByRole('region', { name: 'What to do next' }).waitFor();
      await page.getByRole('heading', { name: 'Roles and steps' }).waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await expect(page.getByRole('banner').innerText()).resolves.toContain(`Last updated ${world.today} 12:00`);
      const progress = world.evaluated.byUpn.get(who.upn)!;
      const role = progress.roles.find((r) => r.steps.length > 0)!;
      await page.getByRole('list', { name: `${role.label.en ?? role.label.ja} steps` }).waitFor();
      await expect(page.getByText('次にすること').count()).resolves.toBe(0);
    });
  });

  it('fits a 360 px pane: members as cards, nothing wider than the screen, the dialog too', async () => {
    await withPage(
      async (page) => {
        const who = world.people.manager;
        await signIn(page, world, who);
        await page.getByRole('tab', { name: '所属' }).click();
        const table = page.getByRole('table', { name: '職員' });
        const first = membersOf(who)[0]!;
        await table.getByRole('button', { name: `${first.name} さんの進捗` }).first().waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(360);
        // Each row is a card with its own labels: the column headers are for screen readers only.
        await expect(table.getByRole('columnheader', { name: '氏名' }).count()).resolves.toBe(1);
        const header = await table.getByRole('rowgroup').first().boundingBox();
        expect(header === null || (header.width <= 1 && header.height <= 1)).toBe(true);
        const nominate = table.getByRole('button', { name: /さんを推薦する$/ }).first();
        const box = (await nominate.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(360);
        const rows = await table.getByRole('row').filter({ has: page.getByRole('cell') }).evaluateAll((els) => els.map((e) => getComputedStyle(e).display));
        expect(new Set(rows)).toEqual(new Set(['block']));

        await nominate.click();
        const dialog = page.getByRole('dialog', { name: '推薦する' });
        await dialog.waitFor();
        const d = (await dialog.boundingBox())!;
        expect(d.x).toBeGreaterThanOrEqual(0);
        expect(d.x + d.width).toBeLessThanOrEqual(360);
      },
      { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
    );
  });

  it('follows the dark theme (?theme=dark)', async () => {
    await withPage(async (page) => {
      await signIn(page, world, world.people.office, { office: true, query: '?theme=dark' });
      await page.getByRole('tab', { name: 'プログラム' }).click();
      await page.getByRole('list', { name: '指標（KPI）' }).waitFor();
      expect(luminance(await shellBackground(page))).toBeLessThan(0.05);
      const heading = await page.getByRole('heading', { level: 1 }).evaluate((h) => getComputedStyle(h).color);
      expect(luminance(heading)).toBeGreaterThan(0.7);
      const card = await page.getByRole('group', { name: world.programme.kpis[0]!.label.ja }).evaluate((c) => getComputedStyle(c).backgroundColor);
      expect(luminance(card)).toBeLessThan(0.05);
    });
  });
});
