/**
 * The real SkillSteps bot in the Microsoft 365 Agents Playground, driven by headless Chromium:
 * Azurite (bot state), the local tenant seeded with a small municipality, the one server (bot at
 * /api/messages, Japanese cards) and one Playground per person — as `npm start` (dev/start-local.ts) runs them.
 *
 * - the section manager sends 「ステップ」 and sees マイステップ with their roles;
 * - the manager sends 「推薦」, fills the form card and submits; the approver's page gets the request,
 *   the approver presses 承認, and both cards read 承認されました; the Roles list has the new role;
 * - a member of a section sends 「報告」, reports a contribution on the form card; their section manager's
 *   page gets the request card, the manager presses 承認; both cards read 確認されました, the reporter is
 *   told, and the evaluation holds the contribution at once (issue 12).
 *
 * Needs apt's chromium and Azurite (devDependency); no internet.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startAzurite, type RunningAzurite } from '../../dev/azurite';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { userObjectId } from '../../dev/local-tenant/ids';
import { startPlayground, type PlaygroundUser, type RunningPlayground } from '../../dev/playground';
import { text } from '../../src/domain/label';
import { sectionApproverOf } from '../../src/domain/nomination-rules';
import type { Programme } from '../../src/domain/programme';
import type { StaffRecord } from '../../src/domain/records';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { castOf, type Cast } from '../../dev/cast';
import { launchChromium, programmeOf, serverEnv } from './harness';
import { botMessages, cardOf, chooseCardOption, executeCardAction, fillCardInput, nextBotMessage, openPlayground, sendAndWaitForReply, waitForCardText } from './playground';

jest.setTimeout(60_000);

const PROGRAMME = 'setagaya';
const TODAY = '2026-11-23';
const STAFF = 600;
const SEED = 1;

describe('the SkillSteps bot in the Microsoft 365 Agents Playground (Chromium)', () => {
  let azurite: RunningAzurite | undefined;
  let tenant: LocalTenant | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let dir: string;
  let programme: Programme;
  let cast: Cast;
  const playgrounds: RunningPlayground[] = [];
  const log: string[] = [];

  const userOf = (s: StaffRecord): PlaygroundUser => ({ name: s.name, upn: s.upn, aadObjectId: userObjectId(tenant!.tenantId, s.upn) });

  async function playground(who: StaffRecord): Promise<RunningPlayground> {
    const p = await startPlayground({
      botEndpoint: `${server!.url}/api/messages`,
      port: 0,
      tenantId: tenant!.tenantId,
      user: userOf(who),
      log: (line) => log.push(`[${who.name}] ${line}`),
    });
    playgrounds.push(p);
    return p;
  }

  async function page(url: string): Promise<Page> {
    const p = await context!.newPage();
    p.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    await openPlayground(p, url);
    return p;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-bot-e2e-'));
    programme = await programmeOf(PROGRAMME);
    const clock = { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY };
    [azurite, tenant, browser] = await Promise.all([
      startAzurite(),
      startLocalTenant({ port: 0, seed: { programme, staff: STAFF, seed: SEED, today: TODAY } }),
      launchChromium(),
    ]);
    const env: Record<string, string> = {
      ...serverEnv(tenant, PROGRAMME, join(dir, 'ca.pem')),
      PORT: '0',
      SKILLSTEPS_STORAGE_CONNECTION_STRING: azurite.connectionString,
      SKILLSTEPS_STORAGE_PREFIX: `e2e${randomBytes(6).toString('hex')}`,
      SKILLSTEPS_BOT_LOCALE: 'ja',
      SKILLSTEPS_JOBS: 'false',
    };
    // Who is who comes from the lists: read them once, then start the server with the office set (as dev/start-local.ts).
    const quiet = await startServer(env, { log: memoryLogger(), clock });
    try {
      cast = castOf(programme, await quiet.service.refresh());
    } finally {
      await quiet.close();
    }
    server = await startServer({ ...env, SKILLSTEPS_OFFICE_UPNS: cast.office.upn }, { log: memoryLogger(), clock });
    await server.service.refresh();
    context = await browser.newContext({ locale: 'ja-JP' });
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await Promise.all(playgrounds.map((p) => p.stop().catch(() => undefined)));
    await server?.close().catch(() => undefined);
    await tenant?.close().catch(() => undefined);
    await azurite?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** A test whose failure also shows what the Playgrounds logged. */
  function scenario(name: string, run: () => Promise<void>): void {
    it(name, async () => {
      log.length = 0;
      try {
        await run();
      } catch (e) {
        (e as Error).message += `\n--- Playground ---\n${log.slice(-40).join('\n')}`;
        throw e;
      }
    });
  }

  scenario('the manager sends 「ステップ」 and sees マイステップ with their roles', async () => {
    const pg = await playground(cast.manager);
    const p = await page(pg.url);
    await welcomed(p);
    const card = cardOf(await sendAndWaitForReply(p, 'ステップ'));
    const shown = await card.innerText();
    const roles = server!.service.current()!.byUpn.get(cast.manager.upn)!.roles.map((r) => text(r.label, 'ja'));
    expect(roles.length).toBeGreaterThan(0);
    if (!roles.some((r) => shown.includes(r))) throw new Error(`none of ${JSON.stringify(roles)} in ${JSON.stringify(shown)}`);
    await p.close();
  });

  scenario('「推薦」: the manager nominates, the approver approves on their page, both cards read 承認されました', async () => {
    const [managerPg, approverPg] = await Promise.all([playground(cast.manager), playground(cast.nomination!.approver)]);
    // The approver first: the bot keeps the approver's chat (a message makes sure it has).
    const approverPage = await page(approverPg.url);
    await welcomed(approverPage);
    await sendAndWaitForReply(approverPage, 'ヘルプ');
    const managerPage = await page(managerPg.url);
    await welcomed(managerPage);

    const form = cardOf(await sendAndWaitForReply(managerPage, '推薦'));
    await expect(form.innerText()).resolves.toContain(`推薦（${cast.manager.section}）`);
    const roleTitle = text(cast.nomination!.role.label, 'ja');
    await form.getByRole('radio', { name: new RegExp(`^${escape(roleTitle)}`) }).first().check();
    await chooseNominee(form, cast.nomination!.nominee.name);
    await fillCardInput(form, '推薦の理由', 'DX の研修を率先して受けています');

    const nextForApprover = await nextBotMessage(approverPage);
    let result = await executeCardAction(form, '推薦する');
    if (result.cardText.includes('警告を確認して推薦する')) result = await executeCardAction(form, '警告を確認して推薦する');
    expect(result.cardText).toContain('推薦の承認依頼');
    expect(result.cardText).toContain(cast.nomination!.nominee.name);

    const request = cardOf(await nextForApprover());
    await waitForCardText(request, cast.nomination!.nominee.name);
    const requestText = await request.innerText();
    // The request is sent proactively: see the Japanese checks at the end (the approve button is pressed in whichever language it came).
    const japanese = (await request.getByRole('button', { name: '承認', exact: true }).count()) > 0;
    await fillCardInput(request, japanese ? 'コメント（任意）' : 'Comment (optional)', 'よろしくお願いします');
    const approved = await executeCardAction(request, japanese ? '承認' : 'Approve');
    expect(approved.cardText).toContain('承認されました');
    expect(approved.cardText).toContain('よろしくお願いします');

    // The Roles list: the nominee holds the role, recorded from the nomination.
    const deadline = Date.now() + 10_000;
    let record;
    for (;;) {
      const e = server!.service.current()!;
      record = e.snapshot.records.roles.find((r) => r.upn === cast.nomination!.nominee.upn && r.role === cast.nomination!.role.id && /^推薦 #\S+ 承認/.test(r.source ?? ''));
      if (record || Date.now() > deadline) break;
      await server!.service.refresh();
    }
    expect(record).toBeDefined();
    const id = /^推薦 #(\S+) 承認/.exec(record!.source!)![1];
    const nomination = server!.service.current()!.snapshot.records.nominations.find((n) => n.nomineeUpn === cast.nomination!.nominee.upn && n.role === cast.nomination!.role.id);
    expect(nomination).toMatchObject({ status: 'approved', nominatedByUpn: cast.manager.upn, approverUpn: cast.nomination!.approver.upn });
    expect(nomination?.itemId ?? id).toBe(id);

    // SKILLSTEPS_BOT_LOCALE=ja: the proactive request and the update of the manager's copy are Japanese too.
    expect(requestText).toContain('推薦の承認依頼');
    await waitForCardText(form, '承認されました');
  });

  scenario('「報告」: a member reports a contribution, the section manager confirms on their page, both cards read 確認されました and the reporter is told', async () => {
    // A member of a section who manages nothing, and the manager who confirms their reports (setagaya: contributions, the section manager).
    const e = server!.service.current()!;
    const managing = new Set(programme.grades.filter((g) => g.manages).map((g) => g.id));
    let pair: { reporter: StaffRecord; manager: StaffRecord } | undefined;
    for (const s of e.snapshot.staff) {
      if (!s.active || managing.has(s.grade ?? '') || s.upn === cast.office.upn || s.upn === cast.nomination?.nominee.upn) continue;
      const m = sectionApproverOf(programme, e.snapshot, s.department, s.section, s.upn);
      const manager = m ? e.snapshot.staffByUpn.get(m) : undefined;
      if (manager && manager.section === s.section) {
        pair = { reporter: s, manager };
        break;
      }
    }
    if (!pair) throw new Error('no member with a section manager in the sample');
    const { reporter, manager } = pair;
    const [managerPg, reporterPg] = await Promise.all([playground(manager), playground(reporter)]);
    const managerPage = await page(managerPg.url);
    await welcomed(managerPage);
    await sendAndWaitForReply(managerPage, 'ヘルプ');
    const reporterPage = await page(reporterPg.url);
    await welcomed(reporterPage);

    const choose = cardOf(await sendAndWaitForReply(reporterPage, '報告'));
    await expect(choose.innerText()).resolves.toContain('何を報告しますか');
    const opened = await executeCardAction(choose, '貢献');
    expect(opened.cardText).toContain('報告：貢献');
    const form = choose;
    const title = 'DX推進リーダーの RPA 導入相談に対応';
    const nextForManager = await nextBotMessage(managerPage);
    // The Playground renders a card again now and then (the chat list updating), which empties what was
    // typed and keeps the card's own checks from sending it: typed again and pressed again, up to three times.
    let sent: Awaited<ReturnType<typeof executeCardAction>> | undefined;
    for (let attempt = 1; !sent; attempt++) {
      await chooseCardOption(form, '貢献の種別', 'DX相談対応・伴走支援');
      // The Playground's Input.Date is a Fluent DatePicker: typed, committed by Enter, which opens its
      // calendar over the form; Escape closes it and keeps the date.
      const date = form.getByPlaceholder('Select a date...').first();
      await date.fill('2026/11/10');
      await date.press('Enter');
      await reporterPage.keyboard.press('Escape');
      await fillCardInput(form, '内容', title);
      await fillCardInput(form, 'メモ', '11月10日、情報政策課の会議室で 1 時間');
      try {
        sent = await executeCardAction(form, '報告する', { timeoutMs: 4000 });
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    expect(sent.cardText).toContain('確認待ち');

    const request = cardOf(await nextForManager());
    await waitForCardText(request, reporter.name);
    await expect(request.innerText()).resolves.toContain(title);
    const told = await nextBotMessage(reporterPage);
    const confirmed = await executeCardAction(request, '承認');
    expect(confirmed.cardText).toContain('確認されました');

    // The reporter's copy of the card is updated in place, and they are told what it changed.
    await waitForCardText(form, '確認されました');
    await expect((await told()).innerText()).resolves.toContain('報告が確認されました');
    // The fact is in the evaluation at once, as the Contributions list now holds it (no sync in between).
    const fact = server!.service.current()!.snapshot.records.contributions.find((c) => c.upn === reporter.upn && c.title === title);
    expect(fact).toMatchObject({ kind: 'dx-consultation', date: '2026-11-10' });
  });
});

/** Waits for the bot's welcome on installation, so it is not taken for the answer to the first message. */
async function welcomed(page: Page): Promise<void> {
  await botMessages(page).first().waitFor({ timeout: 15_000 });
}

/** The nominee's Input.ChoiceSet (style filtered): a combobox to type in and pick from. */
async function chooseNominee(card: Locator, name: string): Promise<void> {
  const box = card.getByRole('combobox', { name: '推薦する職員' }).first();
  await box.click();
  const option = card.page().getByRole('option', { name: new RegExp(`^${escape(name)}`) }).first();
  if ((await option.count()) === 0) await box.pressSequentially(name);
  await option.click();
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
