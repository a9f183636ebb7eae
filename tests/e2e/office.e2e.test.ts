/**
 * The programme office's work in 真岡市, in Chromium (dev host), clicking as people would: the office
 * certifies a 認定候補 in 認定 (after the confirmation dialog), and the person's マイステップ shows the
 * certification held, with its 認定証.
 *
 * Needs the built tab (tab/dist; `node scripts/setup.js` builds it when stale) and apt's chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StaffRecord } from '../../src/domain/records';
import { mokaWithVolunteers } from '../helpers/moka-volunteers';
import { signIn, startWorldAndBrowser, type Persona, type World } from './harness';

jest.setTimeout(90_000);

describe('the office’s work in the tab (真岡市)', () => {
  let world: World;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-office-e2e-'));
    ({ world, browser } = await startWorldAndBrowser({ programme: mokaWithVolunteers(dir), today: '2026-11-24', defects: 0 }));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function withPage(run: (page: Page) => Promise<void>): Promise<void> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
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

  const persona = (s: StaffRecord): Persona => ({ upn: s.upn, name: s.name, department: s.department, section: s.section, gradeText: s.gradeText });

  it('認定: the office certifies a candidate after the confirmation dialog, and the person’s マイステップ shows it held with its 認定証', async () => {
    const e = world.server.service.current()!;
    const candidate = e.people.find((p) => p.certifications.find((c) => c.certification === 'dx-adviser')?.status === 'qualifies' && p.upn !== world.people.office.upn)!;
    const who = persona(e.snapshot.staffByUpn.get(candidate.upn)!);

    await withPage(async (page) => {
      await signIn(page, world, world.people.office, { office: true });
      await page.getByRole('tab', { name: '認定' }).click();
      const table = page.getByRole('table', { name: '認定候補' });
      const row = table.getByRole('row').filter({ hasText: who.name });
      // The evidence: the project and its report-meeting score, as the engine found them.
      await row.getByText(/年度「.+」/).first().waitFor();
      await row.getByRole('checkbox', { name: `${who.name} さんを選ぶ` }).check();
      await page.getByRole('button', { name: '選んだ 1 人を認定する' }).click();
      const dialog = page.getByRole('dialog', { name: '1 人をDXアドバイザーに認定しますか？' });
      // A date in the future is refused under its field; nothing is written.
      await dialog.getByLabel('認定日（空欄は今日）').fill('2026-12-01');
      await dialog.getByRole('button', { name: '認定する' }).click();
      await dialog.getByText('「認定日」が未来の日付です: 2026-12-01（今日は 2026-11-24）').waitFor();
      await dialog.getByLabel('認定日（空欄は今日）').fill('');
      await dialog.getByRole('button', { name: '認定する' }).click();
      await page.getByText('1 人を認定しました。').waitFor();
      // The history has it, with its number; the candidate is gone from the list.
      await page.getByRole('table', { name: '認定の履歴' }).getByRole('row').filter({ hasText: who.name }).getByText(/^MOKA-\d{6}$/).waitFor();
      await expect(table.getByRole('row').filter({ hasText: who.name }).count()).resolves.toBe(0);
    });

    await withPage(async (page) => {
      await signIn(page, world, who);
      const card = page.getByRole('group', { name: 'DXアドバイザー' }).or(page.locator('[aria-label="DXアドバイザー"]'));
      await card.getByText('認定済み').waitFor();
      await card.getByText(/認定番号 MOKA-\d{6}/).waitFor();
      const download = page.waitForEvent('download');
      await card.getByRole('button', { name: '認定証（PDF）' }).click();
      expect((await download).suggestedFilename()).toMatch(/^認定証-MOKA-\d{6}\.pdf$/);
    });
  });
});
