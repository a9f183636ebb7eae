/**
 * 取り込み in Chromium, end to end: the programme office signs in through the local tenant's page,
 * uploads a vendor's Shift_JIS CSV and an .xlsx with Japanese headers (built here with exceljs),
 * checks the mapping and the preview's refused rows, imports, sees the same file add nothing the
 * second time, and undoes the import; and the bad files of issue 13 each get their message.
 *
 * Needs the built tab (node scripts/setup.js) and apt's chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { passwordProtectedXlsx } from '../helpers/compound-file';
import { shiftJisCsv, utf8Csv, vendorCompletions, xlsxOf, type VendorFile } from '../helpers/vendor-file';
import { signIn, startWorldAndBrowser, type World } from './harness';

jest.setTimeout(90_000);

describe('取り込み in the tab (Chromium)', () => {
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
    await page.getByRole('tab', { name: '取り込み' }).click();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  const fileInput = () => page.getByLabel('ファイル（CSV または Excel .xlsx、16 MB まで）');
  const choose = async (name: string, buffer: Buffer, mimeType = 'text/csv') => fileInput().setInputFiles({ name, mimeType, buffer });
  const count = (what: string) => page.getByRole('region', { name: '取り込みの確認' }).locator('div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${what}$`) }) }).locator('dd');
  const completionsOf = (upns: string[]): number => {
    const set = new Set(upns);
    return world.server.service.current()!.snapshot.records.completions.filter((c) => set.has(c.upn)).length;
  };

  /** 30 new completions for people of the site, and two rows the evaluation would refuse. */
  function vendorFile(offset: number): VendorFile {
    const active = world.evaluated.snapshot.staff.filter((s) => s.active);
    const file = vendorCompletions(world.programme, active, 30, world.today, { offset });
    const row = [...file.rows[0]!];
    row[file.header.indexOf('メールアドレス')] = 'nobody@example.jp';
    const course = [...file.rows[1]!];
    course[file.header.indexOf('講座名')] = 'ありえない講座';
    file.rows.push(row, course);
    return file;
  }

  it('imports a Shift_JIS CSV: the mapping from its Japanese headers, the refused rows before anything is written, progress, then the same file adds nothing; undo removes what it added', async () => {
    const file = vendorFile(150);
    const people = file.rows.slice(0, 30).map((r) => String(r[file.header.indexOf('メールアドレス')]));
    const before = completionsOf(people);
    await page.getByRole('combobox', { name: '取り込み元' }).fill('eラーニング事業者');
    await choose('受講実績_202611.csv', shiftJisCsv(file));

    await page.getByRole('table', { name: '列の対応' }).waitFor();
    await expect(page.getByRole('combobox', { name: '「メールアドレス」の取り込み先' }).inputValue()).resolves.toBe('Upn');
    await expect(page.getByRole('combobox', { name: '「メールアドレス」の職員の指定方法' }).inputValue()).resolves.toBe('email');
    await expect(page.getByRole('combobox', { name: '「講座名」の取り込み先' }).inputValue()).resolves.toBe('CourseId');
    await expect(page.getByRole('combobox', { name: '「受講日」の取り込み先' }).inputValue()).resolves.toBe('CompletedOn');
    await expect(page.getByRole('combobox', { name: '「氏名」の取り込み先' }).inputValue()).resolves.toBe('');
    await expect(page.getByText('Shift_JIS（Excel の「CSV (コンマ区切り)」）として読み込みました。').isVisible()).resolves.toBe(true);
    await expect(count('追加').innerText()).resolves.toBe('30 行');
    await expect(count('除外').innerText()).resolves.toBe('2 行');
    const refused = page.getByRole('table', { name: '取り込まない行' }).getByRole('row');
    await expect(refused.nth(1).innerText()).resolves.toContain('32 行目');
    await expect(refused.nth(1).innerText()).resolves.toContain('職員リストにないメールアドレスです: "nobody@example.jp"');
    await expect(refused.nth(2).innerText()).resolves.toContain('研修リストにもプログラムにもない研修IDです: "ありえない講座"');
    expect(completionsOf(people)).toBe(before);

    await page.getByRole('button', { name: '取り込む（追加 30 行・更新 0 行）' }).click();
    await page.getByText('取り込みました: 追加 30・更新 0・変更なし 0・除外 2').waitFor({ timeout: 30_000 });
    expect(completionsOf(people)).toBe(before + 30);
    const history = page.getByRole('table', { name: '取り込み履歴' }).getByRole('row');
    await expect(history.nth(1).innerText()).resolves.toMatch(/受講実績_202611\.csv\s+eラーニング事業者\s+受講記録\s+\S+\s+30\s+0\s+0\s+2\s+完了/);

    // Next month's file from the same source: the mapping is remembered; the same rows add nothing.
    await choose('受講実績_202612.csv', shiftJisCsv(file));
    await page.getByText('「eラーニング事業者」で前回使った対応です。').waitFor();
    await expect(count('追加').innerText()).resolves.toBe('0 行');
    await expect(count('変更なし').innerText()).resolves.toBe('30 行');
    await expect(page.getByText('追加・更新する行はありません。').isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: '「受講実績_202611.csv」の取り込みを取り消す' }).click();
    const dialog = page.getByRole('dialog', { name: '取り込みを取り消しますか？' });
    await expect(dialog.innerText()).resolves.toContain('追加した 30 行を削除します');
    await dialog.getByRole('button', { name: '取り消す' }).click();
    await page.getByText('取り消しました: 30 件を削除しました').waitFor({ timeout: 30_000 });
    expect(completionsOf(people)).toBe(before);
    await expect(history.nth(1).innerText()).resolves.toContain('取り消し済み');
  });

  it('imports an .xlsx with Japanese headers (date cells, a formula cell read as its value)', async () => {
    const active = world.evaluated.snapshot.staff.filter((s) => s.active);
    const file = vendorCompletions(world.programme, active, 20, world.today, { offset: 600, wide: true });
    const people = file.rows.map((r) => String(r[file.header.indexOf('メールアドレス')]));
    const before = completionsOf(people);
    await page.getByRole('combobox', { name: '取り込み元' }).fill('研修事業者B');
    await choose('研修実績.xlsx', await xlsxOf(file, { formula: { formula: 'HYPERLINK("http://evil.example/","山田")', result: '山田' } }), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await page.getByText(/数式のセル 1 個は、数式ではなく Excel が表示する計算結果の値を読みました/).waitFor();
    await expect(count('追加').innerText()).resolves.toBe('20 行');
    await expect(count('除外').innerText()).resolves.toBe('0 行');
    await page.getByRole('button', { name: '取り込む（追加 20 行・更新 0 行）' }).click();
    await page.getByText('取り込みました: 追加 20・更新 0・変更なし 0・除外 0').waitFor({ timeout: 30_000 });
    expect(completionsOf(people)).toBe(before + 20);
  });

  it('refuses bad files with a message: 0 bytes, not a spreadsheet, password-protected, 20 MB; refuses a formula-injection cell', async () => {
    const message = (text: string | RegExp) => page.getByText(text).waitFor();
    await choose('empty.csv', Buffer.alloc(0));
    await message('ファイル「empty.csv」は空です（0 バイト）。');
    await choose('photo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 3)]), 'image/png');
    await message(/「photo\.png」は CSV でも Excel ブック（\.xlsx）でもありません/);
    await choose('secret.xlsx', passwordProtectedXlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await message(/「secret\.xlsx」はパスワードで保護された Excel ブックのため読めません/);
    await choose('big.csv', Buffer.alloc(20 * 1024 * 1024, 0x41));
    await message('ファイルが大きすぎます（20 MB、上限 16 MB）。ファイルを分けて取り込んでください');

    const file = vendorFile(900);
    file.rows[0]![file.header.indexOf('講座名')] = '=HYPERLINK("http://evil.example/","研修")';
    await choose('formula.csv', utf8Csv(file));
    const refused = page.getByRole('table', { name: '取り込まない行' }).getByRole('row');
    await refused.nth(1).waitFor();
    await expect(refused.nth(1).innerText()).resolves.toContain('数式のような値（=、+、-、@ で始まる値）は取り込みません');
    await expect(count('除外').innerText()).resolves.toBe('3 行');
  });
});
