import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { loadSnapshot } from '../../src/app/evaluate-programme';
import { LIST_NAMES, type ListName } from '../../src/domain/lists';
import type { Logger, LogLevel } from '../../src/ports';
import { appCredential } from '../../src/sharepoint/credentials';
import { createGraphApi, type GraphApi } from '../../src/sharepoint/graph-client';
import { GraphListSource, syncList } from '../../src/sharepoint/graph-list-reader';
import { createItem, findItems, readItem, toGraphFields, updateItem } from '../../src/sharepoint/graph-list-writer';
import { OFFICE_LIST_NAMES, SP_LISTS } from '../../src/sharepoint/list-schema';
import { MemorySyncStore } from '../../src/sharepoint/memory-sync-store';
import { GraphNominationStore } from '../../src/sharepoint/nomination-store';
import { columnDefinition, listIds, provisionLists } from '../../src/sharepoint/provision';
import { graphConfigOf } from '../helpers/tenant';
import { preset } from '../helpers/world';

/**
 * The adapter against a local tenant that does only what Microsoft's Graph v1.0 documentation
 * promises (issue 15): no list update, a listitem-update reply without an eTag, one indexed field per
 * $filter, and — switched on — deltaLinks that forget the `$expand=fields(...)` they were made from.
 */

const TODAY = '2026-11-23';
const programme = preset('setagaya');

function graphApi(t: LocalTenant, caFile: string): GraphApi {
  return createGraphApi({ baseUrl: t.url, credential: appCredential(graphConfigOf(t, caFile)), caPem: t.caPem, concurrency: 4, maxRetries: 10 });
}

function recordingLogger(): Logger & { lines: Array<{ level: LogLevel; message: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: LogLevel; message: string; fields?: Record<string, unknown> }> = [];
  return { lines, log: (level, message, fields) => lines.push({ level, message, fields }) };
}

interface ListJson {
  id: string;
  name: string;
  displayName: string;
  description?: string;
}

describe('against a tenant that does only what Graph documents', () => {
  let dir: string;
  const tenants: LocalTenant[] = [];
  const start = async (seed: boolean): Promise<{ t: LocalTenant; g: GraphApi }> => {
    const t = await startLocalTenant({ port: 0, seed: seed ? { programme, staff: 60, seed: 11, today: TODAY } : false });
    tenants.push(t);
    const caFile = join(dir, `ca-${tenants.length}.pem`);
    writeFileSync(caFile, t.caPem);
    return { t, g: graphApi(t, caFile) };
  };
  const lists = async (t: LocalTenant, g: GraphApi): Promise<ListJson[]> =>
    (await g.get<{ value: ListJson[] }>(`/sites/${t.siteId}/lists?$select=id,name,displayName,description`)).value;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-documented-'));
  });
  afterAll(async () => {
    await Promise.all(tenants.map((t) => t.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('provisioning (no list update in Graph v1.0)', () => {
    it('creates every list under its URL name in one request each, renames nothing, and changes nothing the second time', async () => {
      const { t, g } = await start(false);
      const first = await provisionLists(g, t.siteId);
      expect(first.map((a) => [a.list, a.kind])).toEqual([...LIST_NAMES, ...OFFICE_LIST_NAMES].map((l) => [l, 'createdList']));
      expect(t.stats().byRoute['PATCH /sites/{site}/lists/{list}']).toBeUndefined();
      for (const list of LIST_NAMES) {
        const def = SP_LISTS[list];
        // The title is the URL name; the Japanese name is in the description (and in the app).
        expect(await lists(t, g)).toContainEqual(expect.objectContaining({ name: def.name, displayName: def.name, description: expect.stringContaining(`「${def.displayName}」`) }));
      }

      t.resetStats();
      const second = await provisionLists(g, t.siteId);
      expect(second).toEqual([...LIST_NAMES, ...OFFICE_LIST_NAMES].map((list) => ({ list, kind: 'unchanged' })));
      expect(Object.keys(t.stats().byRoute).every((route) => route.startsWith('GET '))).toBe(true);
    });

    it('finishes a site an earlier run left half-way (one list created, its rename refused) without creating it twice', async () => {
      const { t, g } = await start(false);
      // What the earlier provisioning did before its PATCH of the list was refused: Staff, with its columns.
      const staff = SP_LISTS.Staff;
      await g.post(`/sites/${t.siteId}/lists`, { displayName: staff.name, columns: staff.columns.map(columnDefinition), list: { template: 'genericList' } });

      const actions = await provisionLists(g, t.siteId);
      // Its columns were there; the import mark (added since) is added, nothing else.
      expect(actions.filter((a) => a.list === 'Staff')).toEqual([{ list: 'Staff', kind: 'addedColumn', column: 'ImportId' }]);
      expect(actions.filter((a) => a.kind === 'createdList').map((a) => a.list)).toEqual([...LIST_NAMES.filter((l) => l !== 'Staff'), ...OFFICE_LIST_NAMES]);
      expect((await lists(t, g)).filter((l) => l.name === staff.name)).toHaveLength(1);
      expect(await provisionLists(g, t.siteId)).toEqual([...LIST_NAMES, ...OFFICE_LIST_NAMES].map((list) => ({ list, kind: 'unchanged' })));
    });

    it('finds lists an earlier version renamed to Japanese titles, by URL name, and leaves their titles alone', async () => {
      // The seeded site's lists carry 職員, 受講記録 … as titles, as an earlier SkillSteps (or the office, by hand) left them.
      const { t, g } = await start(true);
      const before = await lists(t, g);
      expect(before).toContainEqual(expect.objectContaining({ name: 'SkillSteps_Staff', displayName: '職員' }));
      expect(await provisionLists(g, t.siteId)).toEqual([...LIST_NAMES, ...OFFICE_LIST_NAMES].map((list) => ({ list, kind: 'unchanged' })));
      expect(await lists(t, g)).toEqual(before);
      const ids = await listIds(g, t.siteId);
      expect(ids.Staff).toBe(before.find((l) => l.name === 'SkillSteps_Staff')!.id);
    });
  });

  describe('delta rounds whose items come without fields', () => {
    it('re-reads the changed items, counts and logs them, and stores no empty item', async () => {
      const { t, g } = await start(true);
      const ids = await listIds(g, t.siteId);
      t.setFaults({ deltaLinksWithoutQuery: true });
      let second: Awaited<ReturnType<typeof syncList>>;
      const logger = recordingLogger();
      try {
        const first = await syncList(g, t.siteId, ids.Courses, 'Courses', undefined, 5000);
        const [someId, victim] = [...first.state.items.keys()].slice(-2);
        const created = await createItem(g, t.siteId, ids.Courses, toGraphFields('Courses', { Title: '追加研修', CourseId: 'added-course', Hours: 2, DueDate: '2026-12-25' }));
        const other = await readItem(g, t.siteId, ids.Courses, someId!);
        await updateItem(g, t.siteId, ids.Courses, other.id, { Hours: 9 }, other.eTag);
        await g.delete(`/sites/${t.siteId}/lists/${ids.Courses}/items/${victim}`);

        second = await syncList(g, t.siteId, ids.Courses, 'Courses', first.state, 5000, undefined, logger);
        expect(second.state.items.get(created.id)).toEqual({ Title: '追加研修', CourseId: 'added-course', Hours: 2, DueDate: '2026-12-24T15:00:00Z' });
        expect(second.state.items.get(other.id)).toEqual({ ...first.state.items.get(other.id), Hours: 9 });
        expect([first.report.refetched, second.report]).toEqual([0, expect.objectContaining({ mode: 'delta', changed: 2, deleted: 1, refetched: 2 })]);
        expect(logger.lines).toEqual([
          expect.objectContaining({ level: 'warn', message: expect.stringContaining('without fields'), fields: expect.objectContaining({ list: 'Courses', refetched: 2 }) }),
        ]);
      } finally {
        t.setFaults({ deltaLinksWithoutQuery: false });
      }
      // Exactly what a full read says now.
      const fresh = await syncList(g, t.siteId, ids.Courses, 'Courses', undefined, 5000);
      expect(second.state.items).toEqual(fresh.state.items);
    });

    it('keeps a changed person in the snapshot, with the change, and the sync reports say what was re-read', async () => {
      const { t, g } = await start(true);
      const store = new MemorySyncStore();
      t.setFaults({ deltaLinksWithoutQuery: true });
      try {
        await loadSnapshot(programme, new GraphListSource(g, t.siteId, store, 5000), TODAY);
        const ids = await listIds(g, t.siteId);
        const [person] = (await syncList(g, t.siteId, ids.Staff, 'Staff', undefined, 5000)).state.items.entries();
        const [itemId, fields] = person!;
        const read = await readItem(g, t.siteId, ids.Staff, itemId);
        await updateItem(g, t.siteId, ids.Staff, itemId, { Section: '新設課' }, read.eTag);

        const logger = recordingLogger();
        const source = new GraphListSource(g, t.siteId, store, 5000, logger);
        const { snapshot } = await loadSnapshot(programme, source, TODAY);
        expect(snapshot.staff.find((s) => s.upn === String(fields.Upn).toLowerCase())).toEqual(expect.objectContaining({ section: '新設課' }));
        expect(source.reports.find((r) => r.list === 'Staff')).toEqual(expect.objectContaining({ mode: 'delta', changed: 1, refetched: 1 }));
        expect(source.reports.filter((r) => r.list !== 'Staff').every((r) => r.refetched === 0)).toBe(true);
        expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
      } finally {
        t.setFaults({ deltaLinksWithoutQuery: false });
      }
    });
  });

  describe('updates (listitem-update answers the fields, no eTag)', () => {
    it('returns the item’s new eTag, so the next guarded update goes through and a stale one is still refused', async () => {
      const { t, g } = await start(true);
      const ids = await listIds(g, t.siteId);
      const [item] = await findItems(g, t.siteId, ids.Courses, 'Courses', 'CourseId', 'dx-literacy');
      const first = await updateItem(g, t.siteId, ids.Courses, item!.id, { Provider: '一回目' }, item!.eTag);
      expect(first.eTag).toBe((await readItem(g, t.siteId, ids.Courses, item!.id)).eTag);
      expect(first.eTag).not.toBe(item!.eTag);
      const second = await updateItem(g, t.siteId, ids.Courses, item!.id, { Provider: '二回目' }, first.eTag);
      expect(second.eTag).not.toBe(first.eTag);
      await expect(updateItem(g, t.siteId, ids.Courses, item!.id, { Provider: '古い版から' }, first.eTag)).rejects.toMatchObject({ code: 'SHAREPOINT.CONFLICT', status: 412 });
      expect((await readItem(g, t.siteId, ids.Courses, item!.id)).fields?.Provider).toBe('二回目');
    });
  });

  describe('filters (one indexed field at a time)', () => {
    it('every filter the adapter builds — one indexed column of each list — is taken, and finds what a full read finds', async () => {
      const { t, g } = await start(true);
      const ids = await listIds(g, t.siteId);
      for (const list of LIST_NAMES) {
        const all = [...(await syncList(g, t.siteId, ids[list], list, undefined, 5000)).state.items.values()];
        for (const column of SP_LISTS[list].columns.filter((c) => c.indexed)) {
          const value = all.find((f) => f[column.name] !== undefined)?.[column.name] ?? (column.type === 'number' ? 0 : 'nobody@example.jp');
          const found = await findItems(g, t.siteId, ids[list], list as ListName, column.name, value as string | number);
          const same = (v: unknown): boolean => (typeof v === 'string' && typeof value === 'string' ? v.toLowerCase() === value.toLowerCase() : v === value);
          expect([list, column.name, found.length]).toEqual([list, column.name, all.filter((f) => same(f[column.name])).length]);
        }
      }
    });

    it('ends a role by filtering on the person only (the role is checked in the app)', async () => {
      const { t, g } = await start(true);
      const ids = await listIds(g, t.siteId);
      const roles = [...(await syncList(g, t.siteId, ids.Roles, 'Roles', undefined, 5000)).state.items.entries()];
      const [itemId, open] = roles.find(([, f]) => f.EndDate === undefined)!;
      const ended = await new GraphNominationStore(g, t.siteId, programme).endRole(String(open.Upn), String(open.Role), '2026-11-30');
      expect(ended).toBeGreaterThanOrEqual(1);
      expect((await readItem(g, t.siteId, ids.Roles, itemId)).fields?.EndDate).toBe('2026-11-29T15:00:00Z');
    });
  });
});
