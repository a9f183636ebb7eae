/**
 * The year-end review (年度末点検) over real HTTP: the server against the local tenant, the workbook
 * opened again with exceljs and unzipped to its XML, the CSVs read back as bytes. Formula-looking text
 * from the lists (a course id typed as =HYPERLINK(…), reported in データ品質) is written as text in the
 * workbook (a string cell with the Text format @, no formula) and with a leading apostrophe in the CSV.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import type { YearEndView } from '../../src/app/year-end-report';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { graphApiOf } from '../helpers/tenant';
import { preset } from '../helpers/world';

const TODAY = '2026-11-23';
const programme = preset('setagaya');
const FORMULA = '=HYPERLINK("http://evil.example/","開く")';

describe('the year-end report over HTTP', () => {
  let dir: string;
  let tenant: LocalTenant;
  let server: RunningServer;
  let audience: string;
  let office: string;
  let staff: string;

  const as = async (upn: string, path: string, roles?: string[]) =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await tenant.issueUserToken(upn, audience, { roles })}` } });
  const asOffice = (path: string) => as(office, path, ['ProgrammeOffice']);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-year-end-'));
    tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 200, seed: 5, today: TODAY, defects: 0 } });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    audience = `api://localhost/${tenant.clientId}`;
    // Someone typed formulas into the Completions list: the report must carry them as text.
    const graph = graphApiOf(tenant);
    try {
      const lists = await graph.api.get<{ value: Array<{ id: string; name: string }> }>(`/sites/${tenant.siteId}/lists`);
      const completions = lists.value.find((l) => l.name === 'SkillSteps_Completions')!.id;
      const staffList = lists.value.find((l) => l.name === 'SkillSteps_Staff')!.id;
      const people = await graph.api.get<{ value: Array<{ fields: { Upn: string } }> }>(`/sites/${tenant.siteId}/lists/${staffList}/items?$expand=fields($select=Upn)&$top=2`);
      [office, staff] = people.value.map((p) => p.fields.Upn) as [string, string];
      for (const CourseId of [FORMULA, '-2+3', '@SUM(A1)']) await graph.api.post(`/sites/${tenant.siteId}/lists/${completions}/items`, { fields: { Upn: staff, CourseId, CompletedOn: '2025-06-01' } });
    } finally {
      graph.close();
    }
    server = await startServer({ PORT: '0', SKILLSTEPS_PROGRAMME: 'setagaya', ...localTenantEnv(tenant, join(dir, 'ca.pem')) }, {
      log: memoryLogger(),
      clock: { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY },
    });
    await server.service.refresh();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await tenant?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens only to the programme office, and refuses a bad year or sheet with a clear message', async () => {
    for (const path of ['/api/year-end', '/api/year-end/report.xlsx', '/api/year-end/report.csv?sheet=kpis']) {
      const r = await as(staff, path);
      expect([path, r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([path, 403, 'ACCESS.OFFICE_ONLY']);
    }
    const year = await asOffice('/api/year-end/report.xlsx?fiscalYear=2027');
    expect([year.status, await year.json()]).toEqual([400, { error: { code: 'REQUEST.BAD_FISCAL_YEAR', message: '年度の指定が正しくありません: 2027' } }]);
    const sheet = await asOffice('/api/year-end/report.csv?fiscalYear=2025&sheet=all');
    expect([sheet.status, await sheet.json()]).toEqual([
      400,
      { error: { code: 'REQUEST.BAD_SHEET', message: 'シート（sheet）の指定が正しくありません: "all"。summary、kpis、steps、certifications、placement、unplaced、courses、dataQuality のいずれかを指定してください' } },
    ]);
  });

  it('gives the tab the year’s summary and each sheet’s size', async () => {
    const r = await asOffice('/api/year-end?fiscalYear=2025');
    expect(r.status).toBe(200);
    const view = (await r.json()) as YearEndView;
    expect(view).toMatchObject({ fiscalYear: 2025, asOf: '2026-03-31', yearEnded: true, currentFiscalYear: 2026 });
    expect(view.sheets.map((s) => s.name)).toEqual(['概要', '指標', 'ステップ分布', '年度内の認定', '課ごとの配置', '未配置の課', '研修の修了', 'データ品質']);
    expect(view.dataQuality.total).toBe(3);
  });

  it('writes the workbook: a sheet per view, Japanese headers, 令和 dates, numbers as numbers, formulas as text', async () => {
    const r = await asOffice('/api/year-end/report.xlsx?fiscalYear=2025');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="skillsteps-nendomatsu-2025.xlsx"');
    const bytes = Buffer.from(await r.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '指標', 'ステップ分布', '年度内の認定', '課ごとの配置', '未配置の課', '研修の修了', 'データ品質']);

    const summary = wb.getWorksheet('概要')!;
    expect([summary.getCell('A4').value, summary.getCell('B4').value]).toEqual(['対象年度', '令和7年度']);
    expect([summary.getCell('A5').value, summary.getCell('B5').value]).toEqual(['基準日', '令和8年3月31日（年度末）']);

    const kpis = wb.getWorksheet('指標')!;
    expect(kpis.getRow(1).values).toEqual([undefined, '年度', '指標ID', '指標', '部', '課', '実績', '分子', '分母', '単位', '目標', '目標年度', '判定', '今年度の目安']);
    const coverage = server.service.kpisFor(2025)!.find((k) => k.id === 'leader-coverage')!;
    const row = kpis.getRows(2, kpis.rowCount - 1)!.find((x) => x.getCell(2).value === 'leader-coverage' && x.getCell(4).value === '（全体）')!;
    expect([row.getCell(1).value, row.getCell(6).value, row.getCell(7).value, row.getCell(8).value, row.getCell(9).value]).toEqual(['令和7年度', coverage.value, coverage.numerator, coverage.denominator, '%']);
    expect(typeof row.getCell(6).value).toBe('number');
    // Frozen header with a filter, for reading and pasting.
    expect(kpis.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const unplaced = wb.getWorksheet('未配置の課')!;
    expect(unplaced.rowCount - 1).toBe(coverage.coverage!.uncovered.length);

    const dq = wb.getWorksheet('データ品質')!;
    const values = dq.getColumn(4).values.slice(2);
    expect(values).toEqual(expect.arrayContaining([FORMULA, '-2+3', '@SUM(A1)']));
    for (let i = 2; i <= dq.rowCount; i++) {
      const cell = dq.getCell(i, 4);
      expect([cell.type, cell.formula, cell.numFmt]).toEqual([ExcelJS.ValueType.String, undefined, '@']);
    }
    // In the file itself: no formula anywhere, the text kept as a string.
    const zip = await JSZip.loadAsync(bytes);
    const xml = await Promise.all(Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(xml).toHaveLength(8);
    expect(xml.some((x) => /<f[ >]/.test(x))).toBe(false);
    expect(await zip.file('xl/sharedStrings.xml')!.async('string')).toContain('=HYPERLINK(&quot;http://evil.example/&quot;,&quot;開く&quot;)');
  });

  it('gives any sheet as a CSV from the same rows: UTF-8 with BOM, formula-looking text behind an apostrophe', async () => {
    const r = await asOffice('/api/year-end/report.csv?fiscalYear=2025&sheet=dataQuality');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="skillsteps-nendomatsu-2025-dataQuality.csv"');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe('リスト,行・項目,列,値,理由,影響,コード');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(expect.arrayContaining([`"'=HYPERLINK(""http://evil.example/""`, "'-2+3", "'@SUM(A1)"]));

    const steps = await (await asOffice('/api/year-end/report.csv?fiscalYear=2025&sheet=steps')).text();
    const rows = steps.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['年度', '役割', '対象者数', 'ステップ順', 'ステップ', '人数', '割合（%）']);
    expect(rows.slice(1).every((x) => x[0] === '令和7年度' && /^\d+$/.test(x[2]!))).toBe(true);
  });
});
