import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { generateMunicipality } from '../../src/sample/sample-municipality';
import { loadSnapshot } from '../../src/app/evaluate-programme';
import { CsvFolderSource, writeCsvFolder } from '../../src/csv/csv-folder';
import { LIST_NAMES } from '../../src/domain/lists';
import { exportToCsvFolder, importCsvFolder } from '../../src/sharepoint/csv-transfer';
import { appCredential } from '../../src/sharepoint/credentials';
import { SharePointError } from '../../src/sharepoint/errors';
import { FileSyncStore } from '../../src/sharepoint/file-sync-store';
import { createGraphApi, type GraphApi } from '../../src/sharepoint/graph-client';
import { GraphListSource, syncList } from '../../src/sharepoint/graph-list-reader';
import { createItem, findItems, readItem, toGraphFields, updateItem, writeItems, type Fields, type WriteOp } from '../../src/sharepoint/graph-list-writer';
import { OnBehalfOf } from '../../src/sharepoint/on-behalf-of';
import { OFFICE_LIST_NAMES } from '../../src/sharepoint/list-schema';
import { listIds, provisionLists } from '../../src/sharepoint/provision';
import { graphConfigOf } from '../helpers/tenant';
import { preset } from '../helpers/world';

const TODAY = '2026-11-23';
const programme = preset('setagaya');

function api(t: LocalTenant, caFile: string): GraphApi {
  const g = graphConfigOf(t, caFile);
  return createGraphApi({ baseUrl: g.baseUrl, credential: appCredential(g), caPem: t.caPem, concurrency: 4, maxRetries: 10 });
}

describe('SharePoint through Graph, against the local tenant over HTTPS', () => {
  let dir: string;
  let seeded: LocalTenant;
  let caFile: string;
  const staffCount = 300;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-sp-'));
    seeded = await startLocalTenant({ port: 0, seed: { programme, staff: staffCount, seed: 7, today: TODAY }, randomSeed: 1 });
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, seeded.caPem);
  }, 60_000);
  afterAll(async () => {
    await seeded.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a list over several pages and gets every item exactly once', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const expected = generateMunicipality(programme, { staff: staffCount, seed: 7, today: TODAY, defects: 0 }).completions.length;
    const pages: number[] = [];
    const { state, report } = await syncList(g, seeded.siteId, ids.Completions, 'Completions', undefined, 1000, (n) => pages.push(n));
    expect(report.items).toBe(expected);
    expect(report.pages).toBe(Math.ceil(expected / 1000));
    expect(pages.length).toBe(report.pages);
    expect(new Set(state.items.keys()).size).toBe(expected);
  });

  it('picks up a create, an update and a delete through the delta link, in one request when nothing else changed', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const first = await syncList(g, seeded.siteId, ids.Courses, 'Courses', undefined, 5000);
    const [someId, victim] = [...first.state.items.keys()].slice(-2);

    const created = await createItem(g, seeded.siteId, ids.Courses, toGraphFields('Courses', { Title: '新しい研修', CourseId: 'new-course', Hours: 2, DueDate: '2026-12-25' }));
    const other = await readItem(g, seeded.siteId, ids.Courses, someId!);
    await updateItem(g, seeded.siteId, ids.Courses, other.id, { Hours: 9 }, other.eTag);
    await g.delete(`/sites/${seeded.siteId}/lists/${ids.Courses}/items/${victim}`);

    const second = await syncList(g, seeded.siteId, ids.Courses, 'Courses', first.state, 5000);
    expect(second.report).toEqual(expect.objectContaining({ mode: 'delta', changed: 2, deleted: 1, pages: 1 }));
    expect(second.state.items.get(created.id)).toEqual(expect.objectContaining({ CourseId: 'new-course', Hours: 2, DueDate: '2026-12-24T15:00:00Z' }));
    expect(second.state.items.get(other.id)?.Hours).toBe(9);
    expect(second.state.items.has(victim!)).toBe(false);
    expect(second.state.items.size).toBe(first.state.items.size);

    const requestsBefore = g.stats.requests;
    const third = await syncList(g, seeded.siteId, ids.Courses, 'Courses', second.state, 5000);
    expect([third.report.mode, third.report.changed, third.report.deleted, g.stats.requests - requestsBefore]).toEqual(['delta', 0, 0, 1]);
  });

  it('a Graph error answer keeps its status, its code and its message (the JSON is parsed outside the SDK)', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const missing = await g.get(`/sites/${seeded.siteId}/lists/${ids.Roles}/items/999999`).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SharePointError);
    expect(missing).toMatchObject({ code: 'SHAREPOINT.NOT_FOUND', status: 404, graphCode: 'itemNotFound' });
    // What was asked (the path, shortened) and what Graph said.
    expect((missing as Error).message).toMatch(/^見つかりません: GET \/sites\/.+ — Item not found$/);
    const refused = await g.get(`/sites/${seeded.siteId}/lists/${ids.Roles}/items?$filter=${encodeURIComponent("fields/Title eq 'x' and (")}`).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'SHAREPOINT.BAD_REQUEST', status: 400 });
    expect((refused as SharePointError).graphCode).toEqual(expect.any(String));
  });

  it('reads everything again when the delta link has expired (410 Gone)', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const first = await syncList(g, seeded.siteId, ids.Roles, 'Roles', undefined, 5000);
    seeded.expireDeltaTokens();
    const again = await syncList(g, seeded.siteId, ids.Roles, 'Roles', first.state, 5000);
    expect(again.report.mode).toBe('resync');
    expect([...again.state.items.keys()].sort()).toEqual([...first.state.items.keys()].sort());
  });

  it('gets the same result when 30% of requests answer 429 or 503 with Retry-After', async () => {
    const clean = api(seeded, caFile);
    const source = new GraphListSource(clean, seeded.siteId, undefined, 500);
    const { snapshot: expected } = await loadSnapshot(programme, source, TODAY);
    const noisy = api(seeded, caFile);
    seeded.setFaults({ faultRate: 0.3, retryAfterSeconds: 0 });
    try {
      const { snapshot } = await loadSnapshot(programme, new GraphListSource(noisy, seeded.siteId, undefined, 500), TODAY);
      expect(noisy.stats.retried).toBeGreaterThan(3);
      expect(snapshot.records).toEqual(expected.records);
      expect(snapshot.issues).toEqual(expected.issues);
    } finally {
      seeded.setFaults({ faultRate: 0 });
    }
  }, 60_000);

  it('honours Retry-After before retrying', async () => {
    const g = api(seeded, caFile);
    await listIds(g, seeded.siteId); // token and lists first, without faults
    seeded.setFaults({ faultRate: 0.5, retryAfterSeconds: 1 });
    try {
      const started = Date.now();
      await g.get(`/sites/${seeded.siteId}`);
      await g.get(`/sites/${seeded.siteId}`);
      const retried = g.stats.retried;
      expect(Date.now() - started).toBeGreaterThanOrEqual(retried * 1000);
    } finally {
      seeded.setFaults({ faultRate: 0 });
    }
  });

  it('refuses an update from a stale eTag with a typed conflict, and overwrites nothing', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const [item] = await findItems(g, seeded.siteId, ids.Courses, 'Courses', 'CourseId', 'dx-literacy');
    expect(item).toBeDefined();
    const fresh = await updateItem(g, seeded.siteId, ids.Courses, item!.id, { Provider: 'First writer' }, item!.eTag);
    expect(fresh.eTag).not.toBe(item!.eTag);
    await expect(updateItem(g, seeded.siteId, ids.Courses, item!.id, { Provider: 'Second writer' }, item!.eTag)).rejects.toMatchObject({
      code: 'SHAREPOINT.CONFLICT',
      status: 412,
    });
    expect((await readItem(g, seeded.siteId, ids.Courses, item!.id)).fields?.Provider).toBe('First writer');
  });

  it('filters only on indexed columns', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const staff = await syncList(g, seeded.siteId, ids.Staff, 'Staff', undefined, 5000);
    const upn = [...staff.state.items.values()][3]!.Upn as string;
    const found = await findItems(g, seeded.siteId, ids.Completions, 'Completions', 'Upn', upn);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((i) => i.fields.Upn === upn)).toBe(true);
    await expect(findItems(g, seeded.siteId, ids.Completions, 'Completions', 'Hours', 2)).rejects.toThrow('not an indexed column');
  });

  it('writes a batch where one inner request fails: that one is reported, the rest are written', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const upn = [...(await syncList(g, seeded.siteId, ids.Staff, 'Staff', undefined, 5000)).state.items.values()][0]!.Upn as string;
    const ops: WriteOp[] = Array.from({ length: 25 }, (_, i) => ({
      kind: 'create' as const,
      fields: (i === 7 ? { Title: 'bad', Upn: upn, NoSuchColumn: 'x' } : { Title: `c${i}`, Upn: upn, Kind: 'lecturer', Date: '2026-04-30T15:00:00Z' }) as Fields,
    }));
    const results = await writeItems(g, seeded.siteId, ids.Contributions, ops);
    expect(results.filter((r) => r.ok)).toHaveLength(24);
    expect(results[7]).toEqual(expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'SHAREPOINT.BAD_REQUEST', status: 400 }) }));
  });

  it('retries throttled inner batch requests after their Retry-After', async () => {
    const g = api(seeded, caFile);
    const ids = await listIds(g, seeded.siteId);
    const upn = [...(await syncList(g, seeded.siteId, ids.Staff, 'Staff', undefined, 5000)).state.items.values()][1]!.Upn as string;
    seeded.setFaults({ faultRate: 0.3, retryAfterSeconds: 0 });
    try {
      const ops = Array.from({ length: 60 }, (_, i) => ({ kind: 'create' as const, fields: { Title: `t${i}`, Upn: upn, Kind: 'mentoring', Date: '2026-05-31T15:00:00Z' } }));
      const results = await writeItems(g, seeded.siteId, ids.Contributions, ops);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(new Set(results.map((r) => r.item!.id)).size).toBe(60);
    } finally {
      seeded.setFaults({ faultRate: 0 });
    }
  });

  it('exchanges a user token on behalf of the user (MSAL) and reads Graph as that user', async () => {
    const g = graphConfigOf(seeded, caFile);
    const obo = new OnBehalfOf(g, seeded.caPem);
    const sso = await seeded.issueUserToken('someone@setagaya.example.jp', `api://${seeded.clientId}`);
    const credential = obo.forUser(sso);
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    const claims = JSON.parse(Buffer.from(token!.token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toEqual(expect.objectContaining({ upn: 'someone@setagaya.example.jp', aud: 'https://graph.microsoft.com' }));
    const asUser = createGraphApi({ baseUrl: g.baseUrl, credential, caPem: seeded.caPem, concurrency: 2, maxRetries: 2 });
    expect((await asUser.get<{ id: string }>(`/sites/${seeded.siteId}`)).id).toBe(seeded.siteId);
  });
});

describe('provisioning, import and export on an empty site', () => {
  let dir: string;
  let tenant: LocalTenant;
  let caFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-sp-empty-'));
    tenant = await startLocalTenant({ port: 0, seed: false });
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, tenant.caPem);
  }, 30_000);
  afterAll(async () => {
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates every list and column the first time, and changes nothing the second time', async () => {
    const g = api(tenant, caFile);
    const first = await provisionLists(g, tenant.siteId);
    // The record lists (with the import mark), then the office's: 取り込み履歴, 取り込みの列対応, 設定.
    expect(first.filter((a) => a.kind === 'createdList').map((a) => a.list)).toEqual([...LIST_NAMES, ...OFFICE_LIST_NAMES]);
    const second = await provisionLists(g, tenant.siteId);
    expect(second).toEqual([...LIST_NAMES, ...OFFICE_LIST_NAMES].map((list) => ({ list, kind: 'unchanged' })));
    const lists = await g.get<{ value: Array<{ name: string; displayName: string }> }>(`/sites/${tenant.siteId}/lists?$select=name,displayName`);
    // Titled by its URL name: Graph has no request that renames a list (provision.ts).
    expect(lists.value).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'SkillSteps_Staff', displayName: 'SkillSteps_Staff' })]));
  });

  it('imports a CSV folder, creates nothing on a second run, updates only a changed row, and exports it back', async () => {
    const g = api(tenant, caFile);
    await provisionLists(g, tenant.siteId);
    const csv = join(dir, 'csv');
    await writeCsvFolder(csv, generateMunicipality(programme, { staff: 120, seed: 3, today: TODAY, defects: 4 }));

    const first = await importCsvFolder(g, tenant.siteId, programme, csv, TODAY);
    const staff = first.lists.find((l) => l.list === 'Staff')!;
    expect(staff.created).toBeGreaterThanOrEqual(120);
    expect(first.lists.every((l) => l.failed.length === 0 && l.created === l.rows && l.updated === 0)).toBe(true);
    // The deliberately malformed rows are reported and not uploaded.
    expect(first.dataQuality.length).toBe(4);

    const second = await importCsvFolder(g, tenant.siteId, programme, csv, TODAY);
    expect(second.lists.map((l) => [l.list, l.created, l.updated, l.unchanged])).toEqual(first.lists.map((l) => [l.list, 0, 0, l.rows]));

    const coursesFile = join(csv, 'Courses.csv');
    const text = readFileSync(coursesFile, 'utf8').replace(/,e-ラーニング/, ',新しい実施主体');
    writeFileSync(coursesFile, text);
    const third = await importCsvFolder(g, tenant.siteId, programme, csv, TODAY);
    expect(third.lists.find((l) => l.list === 'Courses')).toEqual(expect.objectContaining({ created: 0, updated: 1 }));

    const out = join(dir, 'export');
    const counts = await exportToCsvFolder(g, tenant.siteId, out);
    expect(counts.Staff).toBe(staff.rows);
    // What was exported reads back to the same records as what was imported.
    const read = async (folder: string) => (await loadSnapshot(programme, new CsvFolderSource(folder), TODAY)).snapshot.records;
    const [imported, exported] = await Promise.all([read(csv), read(out)]);
    // Batches run side by side, so SharePoint's item order is not the CSV's; compare by person.
    const byUpn = (a: { upn: string }, b: { upn: string }) => (a.upn < b.upn ? -1 : 1);
    expect([...exported.staff].sort(byUpn)).toEqual([...imported.staff].sort(byUpn));
    expect(exported.completions.length).toBe(imported.completions.length);
    expect(new Set(exported.completions.map((c) => `${c.upn}|${c.courseId}|${c.completedOn}`))).toEqual(
      new Set(imported.completions.map((c) => `${c.upn}|${c.courseId}|${c.completedOn}`)),
    );
  }, 60_000);

  it('reports a malformed item of each kind with list, item id, column and reason, and evaluates the rest', async () => {
    const g = api(tenant, caFile);
    const ids = await listIds(g, tenant.siteId);
    const known = (await findItems(g, tenant.siteId, ids.Staff, 'Staff', 'Upn', (await g.get<{ value: Array<{ fields: { Upn: string } }> }>(`/sites/${tenant.siteId}/lists/${ids.Staff}/items?$expand=fields&$top=1`)).value[0]!.fields.Upn))[0]!.fields.Upn as string;
    const bad: Array<[keyof typeof ids, Record<string, string | number | boolean>, string, string]> = [
      ['Completions', { Title: 'x', Upn: 'nobody@nowhere.example.jp', CourseId: 'dx-literacy', CompletedOn: '2026-05-01T15:00:00Z' }, 'Upn', 'REF.UNKNOWN_UPN'],
      ['Completions', { Title: 'x', Upn: known, CourseId: 'no-such-course', CompletedOn: '2026-05-01T15:00:00Z' }, 'CourseId', 'REF.UNKNOWN_COURSE'],
      ['Completions', { Title: 'x', Upn: known, CourseId: 'dx-literacy', CompletedOn: '2027-05-01T15:00:00Z' }, 'CompletedOn', 'VALUE.FUTURE_DATE'],
      ['Completions', { Title: 'x', Upn: known, CourseId: 'dx-literacy', CompletedOn: '2026-06-01T15:00:00Z', Hours: -3 }, 'Hours', 'VALUE.OUT_OF_RANGE'],
      ['Roles', { Title: 'x', Upn: known, Role: 'DX大臣', StartDate: '2026-04-01T15:00:00Z' }, 'Role', 'REF.UNKNOWN_ROLE'],
      ['Roles', { Title: 'x', Upn: known, Role: 'dx-leader', StartDate: '2026-04-01T15:00:00Z', EndDate: '2025-04-01T15:00:00Z' }, 'EndDate', 'VALUE.DATE_ORDER'],
      ['Staff', { Title: '新人', Upn: 'new.person@setagaya.example.jp', Department: '総務部', Section: '総務課', Grade: '技監補佐' }, 'Grade', 'REF.UNKNOWN_GRADE'],
      ['Staff', { Title: '名前だけ', Upn: 'not an upn', Department: '総務部', Section: '総務課', Grade: '主事' }, 'Upn', 'VALUE.UPN'],
      ['Qualifications', { Title: 'x', Upn: known, Qualification: '英検準1級' }, 'Qualification', 'REF.UNKNOWN_QUALIFICATION'],
      ['Contributions', { Title: 'x', Upn: known, Kind: '謎の貢献', Date: '2026-05-01T15:00:00Z' }, 'Kind', 'REF.UNKNOWN_CONTRIBUTION_KIND'],
      ['Projects', { Title: '案件', ProjectId: 'P-BAD', FiscalYear: 1999 }, 'FiscalYear', 'VALUE.FISCAL_YEAR'],
      ['ProjectMembers', { Title: 'x', ProjectId: 'P-NONE', Upn: known, ProjectRole: 'leader' }, 'ProjectId', 'REF.UNKNOWN_PROJECT'],
      ['Staff', { Title: '異動', Upn: 'transfer.person@setagaya.example.jp', Department: '総務部', Section: '総務課', Grade: '主事', TransferPlanned: 'たぶん' }, 'TransferPlanned', 'VALUE.INVALID'],
    ];
    const created: Array<{ list: string; id: string; column: string; code: string }> = [];
    for (const [list, fields, column, code] of bad) {
      const item = await createItem(g, tenant.siteId, ids[list], fields);
      created.push({ list, id: item.id, column, code });
    }
    const { snapshot } = await loadSnapshot(programme, new GraphListSource(g, tenant.siteId, undefined, 5000), TODAY);
    for (const c of created) {
      expect(snapshot.issues).toContainEqual(expect.objectContaining({ list: c.list, itemId: c.id, column: c.column, code: c.code, reason: expect.any(String) }));
    }
    expect(snapshot.staff.length).toBeGreaterThanOrEqual(120);
  }, 60_000);

  it('keeps delta links between runs in the sync store, so a second sync reads only changes', async () => {
    const g = api(tenant, caFile);
    const store = new FileSyncStore(join(dir, 'cache'), tenant.siteId);
    const first = new GraphListSource(g, tenant.siteId, store, 5000);
    await loadSnapshot(programme, first, TODAY);
    expect(first.reports.every((r) => r.mode === 'full')).toBe(true);
    const before = g.stats.requests;
    const second = new GraphListSource(g, tenant.siteId, store, 5000);
    const { snapshot } = await loadSnapshot(programme, second, TODAY);
    expect(second.reports.every((r) => r.mode === 'delta' && r.changed === 0)).toBe(true);
    // One request for the list ids, then one delta request per list.
    expect(g.stats.requests - before).toBe(1 + LIST_NAMES.length);
    expect(snapshot.staff.length).toBeGreaterThanOrEqual(120);
  });
});
