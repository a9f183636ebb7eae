/**
 * 年度の設定 in Chromium: 世田谷区's preset has targets for 令和4/5年度 only, so in 令和8年度 every KPI card
 * says 目標未設定; the office sets this year's target, a wrong value is refused at its field with the
 * validator's message, and the KPI card on プログラム changes.
 *
 * Needs the built tab (node scripts/setup.js) and apt's chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { signIn, startWorldAndBrowser, type World } from './harness';

jest.setTimeout(90_000);

describe('年度の設定 in the tab (Chromium)', () => {
  let world: World;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ world, browser } = await startWorldAndBrowser());
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await signIn(page, world, world.people.office, { office: true });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  const card = (label: string) => page.getByRole('list', { name: '指標（KPI）' }).getByRole('group', { name: label });

  it('sets 令和8年度’s target of a KPI the preset leaves without one, and the KPI card changes', async () => {
    const kpi = world.programme.kpis.find((k) => k.id === 'dx-talent')!;
    await page.getByRole('tab', { name: 'プログラム' }).click();
    await card(kpi.label.ja).waitFor();
    await expect(card(kpi.label.ja).innerText()).resolves.toContain('目標未設定');
    await expect(card(kpi.label.ja).innerText()).resolves.not.toContain('未達');

    await page.getByRole('tab', { name: '年度の設定' }).click();
    const input = page.getByRole('textbox', { name: `「${kpi.label.ja}」の令和8年度の目標` });
    await input.fill('-5');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('プログラム定義の検査を通りません。値を直してください（何も保存していません）。').waitFor();
    await page.getByText(/kpis\[\d+\]\.targets\.2026: must be at least 0, got -5/).waitFor();

    await input.fill('~900');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('保存しました。KPI と評価に反映しました。').waitFor();
    const history = page.getByRole('table', { name: '変更の履歴' }).getByRole('row');
    await expect(history.nth(1).innerText()).resolves.toMatch(new RegExp(`令和8年度\\s+${kpi.label.ja.replace(/[()（）]/g, '.')}\\s+~900\\s+${world.people.office.upn}`));

    await page.getByRole('tab', { name: 'プログラム' }).click();
    await page.waitForFunction((text) => document.body.innerText.includes(text), '目標 約900 人（令和8年度）');
    const value = world.server.service.current()!.kpis.find((k) => k.id === 'dx-talent')!;
    await expect(card(kpi.label.ja).innerText()).resolves.toContain(value.met ? '達成' : '未達');
    await expect(card(kpi.label.ja).innerText()).resolves.not.toContain('目標未設定');
  });
});

declare const document: { body: { innerText: string } };
