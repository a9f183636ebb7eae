/**
 * Screenshots of the tab's views for docs/tab.md, taken in Chromium from the real server and the
 * local tenant (2,000 staff of a generated 世田谷区, seed 42, as `npm start` shows it; then 真岡市,
 * 200 staff, for what only its programme has: 評価ラウンド and 役割の申し出), signed in through the
 * sign-in page like the browser tests. Everything is pinned — the data, the server's
 * clock (2026-11-23 12:00 JST), the viewport — so a view that did not change gives the same picture.
 *
 *   npm run screenshots [-- --out docs/screenshots]
 *
 * (scripts/screenshots.js builds the tab when stale, compiles this file to dist/ and runs it.)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { sectionApproverOf } from '../../src/domain/nomination-rules';
import type { PersonProgress } from '../../src/domain/progress';
import { reportRule } from '../../src/domain/reports';
import { packageRoot } from '../../src/presets/presets';
import { shiftJisCsv, vendorCompletions } from '../helpers/vendor-file';
import { launchChromium, signIn, startWorld, type Persona, type World } from './harness';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 360, height: 740 };

export interface Shot {
  file: string;
  /** What it shows, printed as it is written. */
  title: string;
}

/** Takes every screenshot into `outDir`; returns what it wrote. */
export async function takeScreenshots(outDir: string, log: (line: string) => void = () => undefined): Promise<Shot[]> {
  mkdirSync(outDir, { recursive: true });
  const [world, browser] = await Promise.all([startWorld({ staff: 2000, seed: 42, defects: 12, state: true, jobs: true }), launchChromium()]);
  const shots: Shot[] = [];
  const save = async (page: Page, file: string, title: string, fullPage = false): Promise<void> => {
    await settle(page);
    await page.screenshot({ path: join(outDir, file), fullPage, animations: 'disabled', caret: 'hide' });
    shots.push({ file, title });
    log(`  ${relative(process.cwd(), join(outDir, file))} — ${title}`);
  };
  // The page as printed: Chromium's PDF of the print media (A4), drawn as a PNG by poppler's pdftoppm.
  const savePrint = async (page: Page, file: string, title: string): Promise<void> => {
    await settle(page);
    await page.emulateMedia({ media: 'print' });
    const pdf = join(outDir, `${file}.pdf`);
    writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
    const pages = /^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1];
    if (pages !== '1') throw new Error(`${file}: the printed page runs to ${pages} pages, not one`);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(outDir, file.replace(/\.png$/, ''))]);
    rmSync(pdf);
    await page.emulateMedia({ media: 'screen' });
    shots.push({ file, title });
    log(`  ${relative(process.cwd(), join(outDir, file))} — ${title}`);
  };
  try {
    await asStaff(browser, world, save);
    await asReporter(browser, world, save);
    await asManager(browser, world, save);
    await asOffice(browser, world, save, savePrint);
  } finally {
    await world.close();
  }
  // 真岡市: perspectives to evaluate by and a role open to volunteers (BPR実践グループ（希望者）).
  try {
    const moka = await startWorld({ programme: 'moka', staff: 200, seed: 42, defects: 0, today: '2026-11-24', state: true });
    try {
      await inMoka(browser, moka, save);
    } finally {
      await moka.close();
    }
  } finally {
    await browser.close();
  }
  return shots;
}

type Save = (page: Page, file: string, title: string, fullPage?: boolean) => Promise<void>;

async function open(browser: Browser, world: World, who: Persona, office = false): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'ja-JP', viewport: DESKTOP, colorScheme: 'light' });
  const page = await context.newPage();
  await signIn(page, world, who, { office });
  return page;
}

/** マイステップ, in Japanese and in English. */
async function asStaff(browser: Browser, world: World, save: Save): Promise<void> {
  const page = await open(browser, world, world.people.staff);
  await page.getByRole('region', { name: '次にすること' }).waitFor();
  await save(page, 'my-steps.png', 'マイステップ（職員）', true);
  await page.goto(`${world.tabUrl}?lang=en`);
  await page.getByRole('region', { name: 'What to do next' }).waitFor();
  await save(page, 'my-steps-en.png', 'My steps (English, ?lang=en)', true);
  await page.context().close();
}

/** 報告する as the staff member (a course of the office's DX videos, with a note), then 確認 as their section's manager. */
async function asReporter(browser: Browser, world: World, save: Save): Promise<void> {
  const who = world.people.staff;
  const e = world.evaluated;
  const staff = e.snapshot.staffByUpn.get(who.upn)!;
  const done = e.snapshot.completions.get(who.upn);
  const course = [...(e.snapshot.groupCourses.get('dx-awareness') ?? [])].find((id) => !done?.has(id) && reportRule(world.programme, 'course', id).confirmer === 'sectionManager');
  const managerUpn = sectionApproverOf(world.programme, e.snapshot, staff.department, staff.section, staff.upn);
  if (!course || !managerUpn) return;
  const page = await open(browser, world, who);
  await page.getByRole('button', { name: '報告する', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: '報告する' });
  await dialog.getByRole('combobox', { name: '報告するもの' }).selectOption({ label: '研修の受講' });
  await dialog.getByRole('combobox', { name: '研修' }).selectOption({ label: e.snapshot.courses.get(course)!.label.ja });
  await dialog.getByLabel('受講日').fill('2026-11-20');
  await dialog.getByRole('textbox', { name: 'メモ' }).fill('DX推進担当課の紹介で視聴（約1時間）');
  await dialog.getByText('所属の管理職が確認します').waitFor();
  await save(page, 'report-dialog.png', 'マイステップ — 報告する（研修の受講）');
  await dialog.getByRole('button', { name: '報告する', exact: true }).click();
  await dialog.getByText(/^報告しました。/).waitFor();
  await page.context().close();

  const manager = e.snapshot.staffByUpn.get(managerUpn)!;
  const boss = await open(browser, world, { upn: manager.upn, name: manager.name, department: manager.department, section: manager.section, gradeText: manager.gradeText });
  await boss.getByRole('tab', { name: '確認' }).click();
  await boss.getByRole('table', { name: '確認待ちの報告' }).getByText(who.name).first().waitFor();
  await save(boss, 'confirm.png', '確認 — 確認待ちの報告（係長・課長）');
  await boss.context().close();
}

/**
 * 所属 (desktop and 360 px) as the manager of the section with the most still to do, then, as the
 * manager with a free DX推進リーダー seat, the 推薦する dialog answering with a warning to confirm, and
 * 推薦 once the nomination is pending.
 */
async function asManager(browser: Browser, world: World, save: Save): Promise<void> {
  const busy = await open(browser, world, busiestManager(world));
  await busy.getByRole('tab', { name: '所属' }).click();
  const table = busy.getByRole('table', { name: '職員' });
  await busy.getByRole('status').filter({ hasText: '件中' }).waitFor();
  // What a manager looks for first: who still has something to do.
  await busy.getByRole('combobox', { name: '並べ替え' }).selectOption('pending');
  await save(busy, 'section.png', '所属 — 未完了の多い順（係長・課長）');

  await busy.setViewportSize(PHONE);
  await table.getByRole('button', { name: /さんを推薦する$/ }).first().waitFor();
  await save(busy, 'section-360.png', '所属、幅 360 px（Teams モバイル・狭いペイン）');
  await busy.context().close();

  const who = world.people.manager;
  const page = await open(browser, world, who);
  // A member outside the role's eligible grades: the server answers with a warning to confirm (原則).
  const role = world.programme.roles.find((r) => r.assignment === 'nominated')!;
  const managing = new Set(world.programme.grades.filter((g) => g.manages).map((g) => g.id));
  const nominee = (world.evaluated.bySection.get(`${who.department}\u0000${who.section}`) ?? []).find(
    (m) => !managing.has(m.grade ?? '') && !role.nomination!.eligibleGrades.includes(m.grade ?? ''),
  )!;
  await page.getByRole('tab', { name: '推薦' }).click();
  await page.getByRole('heading', { name: '審査中の推薦' }).waitFor();
  await page.getByRole('button', { name: '推薦する', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '推薦する' });
  const picker = dialog.getByRole('combobox', { name: '推薦する人' });
  const option = `${nominee.name}（${nominee.gradeText}）`;
  await picker.locator('option', { hasText: option }).first().waitFor({ state: 'attached' });
  await picker.selectOption({ label: option });
  await dialog.getByRole('textbox', { name: '推薦の理由' }).fill('窓口の予約システム導入で業務改善を主導しているため');
  await dialog.getByRole('button', { name: '推薦する', exact: true }).click();
  await dialog.getByText('確認してください').waitFor();
  await save(page, 'nomination-dialog.png', '推薦 — 推薦するダイアログ（規則の警告を確認）');

  // Confirmed, it is created and waits for the department head's approval in chat.
  await dialog.getByRole('button', { name: '警告を確認して推薦する' }).click();
  await dialog.getByText(/^推薦しました。/).waitFor();
  await dialog.getByRole('button', { name: '閉じる' }).click();
  await page.getByRole('table', { name: '審査中の推薦' }).getByText(nominee.name).waitFor();
  await save(page, 'nominations.png', '推薦 — 審査中の推薦（係長・課長）');
  await page.context().close();
}

/**
 * A section manager (課長・係長, not a department head) of the section where the most members still have
 * something to do, so that 所属 shows what it is for; the harness's manager is picked for a free seat instead.
 */
function busiestManager(world: World): Persona {
  const managesSection = new Set(world.programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
  const todo = (members: PersonProgress[]): number => members.filter((m) => m.nextActions.length > 0).length;
  const sections = [...world.evaluated.bySection.values()].sort((a, b) => todo(b) - todo(a));
  for (const members of sections) {
    const m = members.find((p) => managesSection.has(p.grade ?? ''));
    if (m) return { upn: m.upn, name: m.name, department: m.department, section: m.section, gradeText: m.gradeText };
  }
  return world.people.manager;
}

/** プログラム (light and dark), 年度末点検 and its printed page, データ品質, 取り込み, 運用状況 and 年度の設定. */
async function asOffice(browser: Browser, world: World, save: Save, savePrint: Save): Promise<void> {
  const page = await open(browser, world, world.people.office, true);
  await page.getByRole('tab', { name: 'プログラム' }).click();
  await page.getByRole('heading', { name: 'ステップの分布' }).waitFor();
  await save(page, 'programme.png', 'プログラム（プログラム事務局）', true);

  // 年度末点検 of the last full year, and its summary as printed (Chromium's PDF, drawn by poppler's pdftoppm).
  await page.getByRole('tab', { name: '年度末点検' }).click();
  await page.getByRole('combobox', { name: '年度' }).selectOption({ label: '令和7年度' });
  await page.getByRole('article', { name: /令和7年度/ }).waitFor();
  await save(page, 'year-end.png', '年度末点検（プログラム事務局、令和7年度）', true);
  await savePrint(page, 'year-end-print.png', '年度末点検の印刷（A4 縦 1 枚、PDF を pdftoppm で画像に）');

  await page.getByRole('tab', { name: 'データ品質' }).click();
  await page.getByRole('table', { name: 'データ品質' }).waitFor();
  await save(page, 'data-quality.png', 'データ品質（プログラム事務局）');

  // 取り込み: a vendor's Shift_JIS file with two rows the evaluation would refuse, previewed.
  await page.getByRole('tab', { name: '取り込み' }).click();
  const active = world.evaluated.snapshot.staff.filter((s) => s.active);
  const file = vendorCompletions(world.programme, active, 120, world.today, { offset: 500 });
  file.rows.push(
    file.rows[0]!.map((v, i) => (file.header[i] === 'メールアドレス' ? 'tanaka.ichiro@example.jp' : v)),
    file.rows[1]!.map((v, i) => (file.header[i] === '講座名' ? 'Excel 応用（外部）' : v)),
  );
  await page.getByRole('combobox', { name: '取り込み元' }).fill('eラーニング事業者');
  await page.getByLabel(/^ファイル（CSV または Excel/).setInputFiles({ name: '受講実績_202611.csv', mimeType: 'text/csv', buffer: shiftJisCsv(file) });
  await page.getByRole('table', { name: '取り込まない行' }).waitFor();
  await save(page, 'imports.png', '取り込み: 列の対応と取り込みの確認（プログラム事務局）', true);

  // 運用状況 with the jobs really run once by the scheduler (2026-11-23 is 勤労感謝の日: no reminders).
  const jobs = world.server.jobs!;
  for (let i = 0; i < 100 && !(await jobs.view()).scheduler.jobs.every((j) => j.last?.finishedAt); i++) await new Promise((r) => setTimeout(r, 100));
  await page.getByRole('tab', { name: '運用状況' }).click();
  await page.getByRole('table', { name: 'スケジュールされたジョブ' }).waitFor();
  await page.getByText(/ジョブはインスタンス .* で動いています/).waitFor();
  await save(page, 'operations.png', '運用状況（プログラム事務局）', true);

  await page.goto(`${world.tabUrl}?theme=dark&view=programme`);
  await page.getByRole('heading', { name: 'ステップの分布' }).waitFor();
  await save(page, 'programme-dark.png', 'プログラム、ダークテーマ（?theme=dark）');

  // 年度の設定, last (it changes the programme): 令和8年度's target of the first KPI set.
  await page.goto(`${world.tabUrl}?view=year-settings`);
  const first = world.programme.kpis[0]!;
  await page.getByRole('textbox', { name: `「${first.label.ja}」の令和8年度の目標` }).fill('~900');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByText('保存しました。KPI と評価に反映しました。').waitFor();
  await save(page, 'year-settings.png', '年度の設定（プログラム事務局）', true);
  await page.context().close();
}

/**
 * 真岡市: the office opens an evaluation round for a project (a staff evaluator by UPN and an outside
 * one), as the round list then shows it; a staff member's 役割の申し出 with its dialog open.
 */
async function inMoka(browser: Browser, world: World, save: Save): Promise<void> {
  const e = world.evaluated;
  const page = await open(browser, world, world.people.office, true);
  await page.getByRole('tab', { name: '評価ラウンド' }).click();
  const project = page.getByRole('combobox', { name: '評価する案件' });
  await project.selectOption({ index: 1 });
  const chosen = await project.inputValue();
  // A staff evaluator who is on none of the project's rows (a leader may not evaluate their own).
  const onProject = new Set(e.snapshot.records.projectMembers.filter((m) => m.projectId === chosen).map((m) => m.upn));
  const evaluator = e.snapshot.staff.find((s) => s.active && !onProject.has(s.upn) && s.upn !== world.people.office.upn)!;
  await page.getByRole('button', { name: '評価者を追加' }).click();
  await page.getByRole('button', { name: '評価者を追加' }).click();
  const first = page.getByRole('group', { name: '評価者 1' });
  await first.getByRole('textbox', { name: 'UPN（メールアドレス）' }).fill(evaluator.upn);
  const second = page.getByRole('group', { name: '評価者 2' });
  await second.getByRole('combobox', { name: '評価の観点' }).selectOption({ index: 2 });
  // An outside evaluator is known by their mail address, with a name and an organisation.
  await second.getByRole('textbox', { name: 'UPN（メールアドレス）' }).fill('yamamoto@tochigi-digital.example.jp');
  await second.getByRole('checkbox', { name: '外部の評価者（庁外）' }).check();
  await second.getByRole('textbox', { name: '氏名' }).fill('山本 健一');
  await second.getByRole('textbox', { name: '所属（会社名など）' }).fill('株式会社とちぎデジタル');
  await page.getByRole('button', { name: '評価ラウンドを開く（2 人）' }).click();
  await page.getByText(/^評価ラウンドを開きました。/).waitFor();
  await page.getByText('回答 0 / 2 人').waitFor();
  await save(page, 'rounds.png', '評価ラウンド: 開いたラウンドと回答の状況（プログラム事務局、真岡市）', true);
  await page.context().close();

  const staff = await open(browser, world, world.people.staff);
  const declare = staff.getByRole('region', { name: '役割の申し出' });
  await declare.getByRole('button', { name: /を申し出る$/ }).first().click();
  await staff.getByRole('dialog').getByLabel('開始日（空欄は今日）').waitFor();
  await save(staff, 'declaration.png', '役割の申し出: 申し出るダイアログ（職員、真岡市）');
  await staff.context().close();
}

/** Fonts loaded, no request in flight, the pointer out of the way (no hover styles), charts drawn. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  // Two frames: the charts lay out after their container has a size.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/** `node dist/tests/e2e/screenshots.js [--out docs/screenshots]` */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string', default: join(packageRoot(), 'docs', 'screenshots') } } });
  console.log(`スクリーンショットを撮ります → ${values.out}`);
  const started = performance.now();
  const shots = await takeScreenshots(values.out!, (line) => console.log(line));
  console.log(`${shots.length} 枚（${((performance.now() - started) / 1000).toFixed(1)} 秒）`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
  });
}
