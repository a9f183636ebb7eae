/**
 * The office's import over real HTTP: the server against the local tenant, a vendor's Shift_JIS
 * CSV and an .xlsx built with exceljs, previewed, imported through $batch, imported again (nothing
 * added), undone; the bad files of issue 13 refused with their message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localTenantEnv, startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import type { ImportPreview, ImportView } from '../../src/app/imports';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import type { Records } from '../../src/domain/records';
import { memoryLogger } from '../../src/server/log';
import { startServer, type RunningServer } from '../../src/server/main';
import { passwordProtectedXlsx } from '../helpers/compound-file';
import { graphApiOf } from '../helpers/tenant';
import { shiftJisCsv, utf8Csv, vendorCompletions, xlsxOf, type VendorFile } from '../helpers/vendor-file';
import { preset } from '../helpers/world';
import type { GraphApi } from '../../src/sharepoint/graph-client';

const TODAY = '2026-11-23';
const programme = preset('setagaya');

describe('importing a vendor file in the tab API', () => {
  let dir: string;
  let tenant: LocalTenant;
  let server: RunningServer;
  let graph: { api: GraphApi; close(): void };
  let records: Records;
  let audience: string;
  let officeUpn: string;
  let staffUpn: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-imports-'));
    tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 200, seed: 5, today: TODAY } });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    audience = `api://localhost/${tenant.clientId}`;
    server = await startServer(
      { PORT: '0', SKILLSTEPS_PROGRAMME: 'setagaya', ...localTenantEnv(tenant, join(dir, 'ca.pem')) },
      { log: memoryLogger(), clock: { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY } },
    );
    await server.service.refresh();
    graph = graphApiOf(tenant);
    records = generateMunicipality(programme, { staff: 200, seed: 5, today: TODAY, defects: 0 });
    const active = records.staff.filter((s) => s.active);
    officeUpn = active[0]!.upn;
    staffUpn = active[1]!.upn;
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await tenant.close();
    graph.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = async (upn = officeUpn, office = true): Promise<string> => `Bearer ${await tenant.issueUserToken(upn, audience, office ? { roles: ['ProgrammeOffice'] } : {})}`;
  const send = async (path: string, body: Buffer | undefined, opts: { upn?: string; office?: boolean } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: await auth(opts.upn, opts.office ?? true), 'content-type': 'application/octet-stream' },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: await auth() } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const query = (q: Record<string, string>): string => new URLSearchParams(q).toString();
  const completions = async (): Promise<number> => {
    const lists = await graph.api.get<{ value: Array<{ id: string; name: string }> }>(`/sites/${tenant.siteId}/lists?$select=id,name`);
    const id = lists.value.find((l) => l.name === 'SkillSteps_Completions')!.id;
    let n = 0;
    for (let url: string | undefined = `/sites/${tenant.siteId}/lists/${id}/items?$top=5000`; url; ) {
      const page: { value: unknown[]; '@odata.nextLink'?: string } = await graph.api.get(url);
      n += page.value.length;
      url = page['@odata.nextLink'];
    }
    return n;
  };
  const waitFor = async (id: string, done: (v: ImportView) => boolean): Promise<ImportView> => {
    for (let i = 0; i < 200; i++) {
      const v = await get<ImportView>(`/api/imports/${id}`);
      if (done(v)) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('import did not finish');
  };

  /** 40 new rows, and one of each kind the evaluation refuses. */
  function vendorFile(): VendorFile {
    const active = records.staff.filter((s) => s.active);
    const file = vendorCompletions(programme, active, 40, TODAY, { offset: 1000 });
    const good = file.rows[0]!;
    const h = (name: string): number => file.header.indexOf(name);
    const variant = (change: Record<string, string | number>): Array<string | number> => {
      const row = [...good];
      for (const [k, v] of Object.entries(change)) row[h(k)] = v;
      return row;
    };
    file.rows.push(
      variant({ 職員番号: '999999', メールアドレス: 'nobody@example.jp' }), // unknown person
      variant({ 講座名: 'ありえない講座' }), // unknown course
      variant({ 受講日: '2027/01/05' }), // after today
      good, // the same row twice
      variant({ 所属: '=HYPERLINK("http://evil.example/","クリック")', 講座名: '=HYPERLINK("http://evil.example/","クリック")' }), // formula injection
    );
    return file;
  }

  it('previews a Shift_JIS CSV with Japanese headers: the mapping suggested, what would be added and refused (row, column, reason), nothing written', async () => {
    const before = await completions();
    const file = vendorFile();
    const { status, body } = await send(`/api/imports/preview?${query({ list: 'Completions', fileName: '受講実績_202611.csv', source: 'eラーニング事業者' })}`, shiftJisCsv(file));
    expect(status).toBe(200);
    const p = body as unknown as ImportPreview;
    expect(p.format).toBe('csv');
    expect(p.notes.map((n) => n.code)).toEqual(['FILE.SHIFT_JIS']);
    expect(p.headers).toEqual(file.header);
    expect(p.mappingFrom).toBe('suggested');
    expect(p.mapping.filter((m) => m.field)).toEqual([
      { header: 'メールアドレス', field: 'Upn', by: 'email' },
      { header: '講座名', field: 'CourseId' },
      { header: '受講日', field: 'CompletedOn' },
      { header: '学習時間', field: 'Hours' },
    ]);
    expect(p.mappingProblems).toEqual([]);
    expect({ rows: p.rows, add: p.add, change: p.change, unchanged: p.unchanged, refused: p.refused }).toEqual({ rows: 45, add: 40, change: 0, unchanged: 0, refused: 5 });
    expect(p.add + p.change + p.unchanged + p.refused).toBe(p.rows);
    const byRow = (row: number) => p.refusedIssues.filter((i) => i.row === row).map((i) => [i.column, i.code]);
    expect(byRow(42)).toEqual([['Upn', 'REF.UNKNOWN_PERSON']]);
    expect(byRow(43)).toEqual([['CourseId', 'REF.UNKNOWN_COURSE']]);
    expect(byRow(44)).toEqual([['CompletedOn', 'VALUE.FUTURE_DATE']]);
    expect(byRow(45)).toEqual([[undefined, 'DUPLICATE.ROW']]);
    expect(byRow(46)).toEqual([['CourseId', 'VALUE.FORMULA']]);
    expect(p.refusedIssues.find((i) => i.row === 42)!.reason).toBe('職員リストにないメールアドレスです: "nobody@example.jp"（「メールアドレス」列）');
    expect(p.addSamples[0]!.values.map((v) => v.field)).toEqual(['Upn', 'CourseId', 'CompletedOn', 'Hours']);
    expect(await completions()).toBe(before);
  }, 30_000);

  it('identifies people by 職員番号 when the mapping says so, and refuses an unknown one', async () => {
    const file = vendorFile();
    const mapping = [
      { header: '職員番号', field: 'Upn', by: 'employeeNumber' },
      { header: '講座名', field: 'CourseId' },
      { header: '受講日', field: 'CompletedOn' },
    ];
    const { body } = await send(`/api/imports/preview?${query({ list: 'Completions', fileName: 'a.csv', mapping: JSON.stringify(mapping) })}`, utf8Csv(file));
    const p = body as unknown as ImportPreview;
    expect(p.mappingFrom).toBe('given');
    expect(p.add).toBe(40);
    expect(p.refusedIssues.find((i) => i.row === 42)).toEqual(expect.objectContaining({ column: 'Upn', code: 'REF.UNKNOWN_PERSON', value: '999999', reason: '職員リストにない職員番号です: "999999"（「職員番号」列）' }));
  }, 30_000);

  it('says what the mapping lacks instead of counting', async () => {
    const { body } = await send(`/api/imports/preview?${query({ list: 'Completions', fileName: 'a.csv', mapping: JSON.stringify([{ header: '講座名', field: 'CourseId' }]) })}`, utf8Csv(vendorFile()));
    const p = body as unknown as ImportPreview;
    expect(p.mappingProblems).toEqual(['必須の項目に割り当てた列がありません: UPN（Upn）、受講日（CompletedOn）']);
    expect(p.rows).toBe(0);
    const start = await send(`/api/imports?${query({ list: 'Completions', fileName: 'a.csv', mapping: JSON.stringify([{ header: '講座名', field: 'CourseId' }]) })}`, utf8Csv(vendorFile()));
    expect(start.status).toBe(400);
    expect(start.body).toEqual({ error: expect.objectContaining({ code: 'IMPORT.MAPPING' }) });
  }, 30_000);

  it('imports through $batch with progress in the log, adds nothing the second time, remembers the mapping, and undo removes only what it added', async () => {
    const before = await completions();
    const file = vendorFile();
    const q = query({ list: 'Completions', fileName: '受講実績_202611.csv', source: 'eラーニング事業者' });
    const started = await send(`/api/imports?${q}`, shiftJisCsv(file));
    expect(started.status).toBe(202);
    const first = await waitFor(String(started.body.id), (v) => v.status !== 'running');
    expect(first).toEqual(expect.objectContaining({ status: 'done', list: 'Completions', fileName: '受講実績_202611.csv', source: 'eラーニング事業者', byUpn: officeUpn, added: 40, changed: 0, unchanged: 0, refused: 5, total: 40, processed: 40, canUndo: true }));
    expect(await completions()).toBe(before + 40);
    // The evaluation read the lists again: someone's completion counts now.
    const active = records.staff.filter((s) => s.active);
    const someone = active[1000 % active.length]!;
    const completedOn = file.rows[0]![file.header.indexOf('受講日')]!.toString().replace(/\//g, '-');
    expect(server.service.current()!.snapshot.records.completions.filter((c) => c.upn === someone.upn && c.completedOn === completedOn)).toHaveLength(1);

    // The same file again: nothing added; and the source's mapping is remembered.
    const again = await send(`/api/imports/preview?${query({ list: 'Completions', fileName: '受講実績_202612.csv', source: 'eラーニング事業者' })}`, shiftJisCsv(file));
    const p = again.body as unknown as ImportPreview;
    expect(p.mappingFrom).toBe('remembered');
    expect({ add: p.add, change: p.change, unchanged: p.unchanged, refused: p.refused }).toEqual({ add: 0, change: 0, unchanged: 40, refused: 5 });
    const second = await send(`/api/imports?${q}`, shiftJisCsv(file));
    const secondDone = await waitFor(String(second.body.id), (v) => v.status !== 'running');
    expect(secondDone).toEqual(expect.objectContaining({ status: 'done', added: 0, unchanged: 40, canUndo: false }));
    expect(await completions()).toBe(before + 40);

    // A changed row is updated (If-Match), not added.
    const changedFile: VendorFile = { header: file.header, rows: file.rows.slice(0, 40).map((r, i) => (i === 0 ? r.map((v, k) => (file.header[k] === '学習時間' ? 9 : v)) : r)) };
    const third = await send(`/api/imports?${q}`, shiftJisCsv(changedFile));
    const thirdDone = await waitFor(String(third.body.id), (v) => v.status !== 'running');
    expect(thirdDone).toEqual(expect.objectContaining({ added: 0, changed: 1, unchanged: 39 }));

    // Undo the first: its 40 items go (the one the third import changed too: the first import added it).
    const undo = await send(`/api/imports/${String(started.body.id)}/undo`, undefined);
    expect(undo.status).toBe(202);
    const undone = await waitFor(String(started.body.id), (v) => v.status !== 'undoing');
    expect(undone).toEqual(expect.objectContaining({ status: 'undone', processed: 40, canUndo: false }));
    expect(undone.undoneAt).toBeDefined();
    expect(await completions()).toBe(before);
    const twice = await send(`/api/imports/${String(started.body.id)}/undo`, undefined);
    expect(twice).toEqual({ status: 409, body: { error: expect.objectContaining({ code: 'IMPORT.CANNOT_UNDO', message: 'この取り込みは取り消し済みです' }) } });

    const list = await get<{ imports: ImportView[] }>('/api/imports');
    expect(list.imports.map((i) => i.status).slice(0, 3)).toEqual(['done', 'done', 'undone']);
  }, 60_000);

  it('reads an .xlsx with Japanese headers: dates from date cells, a formula cell by its result, only the first sheet', async () => {
    const active = records.staff.filter((s) => s.active);
    const file = vendorCompletions(programme, active, 12, TODAY, { offset: 3000 });
    const xlsx = await xlsxOf(file, { formula: { formula: 'HYPERLINK("http://evil.example/","山田 太郎")', result: '山田 太郎' } });
    const { status, body } = await send(`/api/imports/preview?${query({ list: 'Completions', fileName: '受講実績.xlsx' })}`, xlsx);
    expect(status).toBe(200);
    const p = body as unknown as ImportPreview;
    expect(p.format).toBe('xlsx');
    expect(p.headers).toEqual(file.header);
    expect({ rows: p.rows, add: p.add, refused: p.refused }).toEqual({ rows: 12, add: 12, refused: 0 });
    expect(p.notes).toEqual([expect.objectContaining({ code: 'FILE.FORMULA_CELLS', reason: expect.stringContaining('B2: =HYPERLINK') })]);
    expect(p.addSamples[0]!.values.find((v) => v.field === 'CompletedOn')!.value).toBe(file.rows[0]![file.header.indexOf('受講日')]!.toString().replace(/\//g, '-'));
  }, 30_000);

  describe('bad files, refused with a message', () => {
    const preview = (bytes: Buffer, fileName: string) => send(`/api/imports/preview?${query({ list: 'Completions', fileName })}`, bytes);

    it('0 bytes', async () => {
      expect(await preview(Buffer.alloc(0), 'empty.csv')).toEqual({ status: 422, body: { error: { code: 'IMPORT.EMPTY_FILE', message: 'ファイル「empty.csv」は空です（0 バイト）。' } } });
    });

    it('not a spreadsheet (a PNG, a Word document)', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(200, 7)]);
      const r = await preview(png, 'photo.png');
      expect(r.status).toBe(422);
      expect(r.body).toEqual({ error: expect.objectContaining({ code: 'IMPORT.NOT_SPREADSHEET', message: expect.stringContaining('「photo.png」は CSV でも Excel ブック（.xlsx）でもありません') }) });
      const docx = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(300, 1)]);
      const d = await preview(docx, 'report.docx');
      expect(d.body).toEqual({ error: expect.objectContaining({ code: 'IMPORT.NOT_SPREADSHEET', message: expect.stringContaining('「report.docx」を Excel ブック（.xlsx）として読めません') }) });
    });

    it('a password-protected .xlsx (the compound file Excel writes)', async () => {
      const r = await preview(passwordProtectedXlsx(), 'secret.xlsx');
      expect(r.status).toBe(422);
      expect(r.body).toEqual({ error: expect.objectContaining({ code: 'IMPORT.PASSWORD_PROTECTED', message: expect.stringContaining('パスワードで保護された Excel ブックのため読めません') }) });
    });

    it('20 MB, refused before it is read', async () => {
      const big = Buffer.alloc(20 * 1024 * 1024, 0x41);
      const r = await preview(big, 'big.csv');
      expect(r).toEqual({ status: 413, body: { error: { code: 'IMPORT.FILE_TOO_LARGE', message: 'ファイルが大きすぎます（上限 16 MB）。ファイルを分けて取り込んでください' } } });
    }, 30_000);

    it('only the office: anyone else is refused before the file is read', async () => {
      const r = await send(`/api/imports/preview?list=Completions`, utf8Csv(vendorFile()), { upn: staffUpn, office: false });
      expect(r).toEqual({ status: 403, body: { error: expect.objectContaining({ code: 'ACCESS.OFFICE_ONLY' }) } });
      const undo = await send(`/api/imports/1/undo`, undefined, { upn: staffUpn, office: false });
      expect(undo.status).toBe(403);
    });
  });
});
