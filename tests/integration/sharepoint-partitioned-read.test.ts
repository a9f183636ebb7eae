import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalTenant, type LocalTenant } from '../../dev/local-tenant';
import { appCredential } from '../../src/sharepoint/credentials';
import { createGraphApi, type GraphApi } from '../../src/sharepoint/graph-client';
import { syncList } from '../../src/sharepoint/graph-list-reader';
import { createItem, readItem, toGraphFields, updateItem } from '../../src/sharepoint/graph-list-writer';
import { listIds } from '../../src/sharepoint/provision';
import { graphConfigOf } from '../helpers/tenant';
import { preset } from '../helpers/world';

/**
 * The full read of a long list in parallel ranges of an indexed column (src/sharepoint/partitioned-read.ts),
 * over HTTPS against the local tenant, which refuses a filter on two indexed columns and a filter on
 * a column that is not indexed without the `Prefer` header the reader never sends.
 */

const TODAY = '2026-11-23';
const programme = preset('setagaya');
const PAGE = 400;

type Items = Map<string, Record<string, unknown>>;

describe('a full read in parallel partitions', () => {
  let dir: string;
  let tenant: LocalTenant;
  let g: GraphApi;
  let completions: string;
  const site = (): string => tenant.siteId;

  const graphApi = (concurrency = 4): GraphApi =>
    createGraphApi({ baseUrl: tenant.url, credential: appCredential(graphConfigOf(tenant, join(dir, 'ca.pem'))), caPem: tenant.caPem, concurrency, maxRetries: 10 });
  const plain = async (): Promise<Items> => (await syncList(g, site(), completions, 'Completions', undefined, PAGE, undefined, undefined, { partitions: 1 })).state.items;
  const add = (fields: Record<string, string | number | undefined>) =>
    createItem(g, site(), completions, toGraphFields('Completions', { CourseId: 'dx-literacy', CompletedOn: '2026-06-01', Hours: 1, ...fields }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-partitions-'));
    tenant = await startLocalTenant({ port: 0, seed: { programme, staff: 120, seed: 5, today: TODAY }, randomSeed: 3 });
    writeFileSync(join(dir, 'ca.pem'), tenant.caPem);
    g = graphApi();
    completions = (await listIds(g, site())).Completions;
    // Keys no sample bound is made of, and keys a careless filter would lose: none, empty-looking,
    // upper case, full-width, kana, kanji, OData's quote, URL-special characters, below and above every letter.
    for (const upn of [undefined, ' ', 'ZED.UPPER@CITY.EXAMPLE', 'ｆｕｌｌ．ｗｉｄｔｈ@city.example', 'やまだ@city.example', '山田太郎@city.example', "o'brien@city.example", 'a%25b&c=d#e+f@city.example', '!first', '~last', '\u{10FFFF}']) {
      await add({ Upn: upn });
    }
  }, 60_000);
  afterAll(async () => {
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns exactly the items of the plain read, including those whose key is empty or odd', async () => {
    const expected = await plain();
    expect(expected.size).toBeGreaterThan(PAGE * 4);
    const before = tenant.stats().requests;
    const { state, report } = await syncList(g, site(), completions, 'Completions', undefined, PAGE, undefined, undefined, { partitions: 8 });
    expect(report).toEqual(expect.objectContaining({ mode: 'full', items: expected.size, partitioned: expect.objectContaining({ column: 'Upn', partitions: 9 }) }));
    expect(state.items).toEqual(expected);
    // In the same (id) order: of two duplicate rows the parser keeps the first it is handed.
    expect([...state.items.keys()]).toEqual([...expected.keys()]);
    expect([...state.items.values()].filter((f) => f.Upn === undefined)).toHaveLength(1);
    // The probe page, the token, the ranges, the round since the token: every request answered, none refused.
    expect(tenant.stats().requests - before).toBe(report.pages);
    expect(report.partitioned!.longestChain).toBeLessThan(Math.ceil(expected.size / PAGE));
  });

  it('is the same under throttling: 30% of requests answer 429 or 503 and are retried after Retry-After', async () => {
    const expected = await plain();
    const noisy = graphApi();
    tenant.setFaults({ faultRate: 0.3, retryAfterSeconds: 0 });
    try {
      const { state } = await syncList(noisy, site(), completions, 'Completions', undefined, PAGE, undefined, undefined, { partitions: 8 });
      expect(noisy.stats.retried).toBeGreaterThan(0);
      expect(state.items).toEqual(expected);
    } finally {
      tenant.setFaults({ faultRate: 0 });
    }
  }, 60_000);

  it('loses nothing written while the ranges are read: creates, updates, deletes and a key moved into a range already read', async () => {
    // The writer's own client; the reader's is watched: when one range has been read to its end and
    // others have not, the writes are made before the reader's next range request goes out.
    const writer = graphApi();
    const reader = graphApi(2);
    const done = new Map<string, Array<{ id: string; upn: unknown }>>();
    const unfinished = new Map<string, Array<{ id: string; upn: unknown }>>();
    const wrote: string[] = [];
    const write = async (): Promise<void> => {
      const [doneFilter, doneItems] = [...done].find(([, items]) => items.length >= 2)!;
      const [, pending] = [...unfinished].find(([f, items]) => f !== doneFilter && items.length > 0)!;
      const [updated, removed] = doneItems;
      const read = await readItem(writer, site(), completions, updated!.id);
      await updateItem(writer, site(), completions, updated!.id, { Hours: 42 }, read.eTag);
      await writer.delete(`/sites/${site()}/lists/${completions}/items/${removed!.id}`);
      const created = await createItem(writer, site(), completions, toGraphFields('Completions', { Upn: String(updated!.upn), CourseId: 'dx-literacy', CompletedOn: '2026-11-20', Hours: 3 }));
      // An item of a range still being read gets a key of the range already read: neither range returns it now.
      const moved = pending[0]!;
      const movedRead = await readItem(writer, site(), completions, moved.id);
      await updateItem(writer, site(), completions, moved.id, { Upn: String(updated!.upn) }, movedRead.eTag);
      wrote.push(updated!.id, removed!.id, created.id, moved.id);
    };
    const watched: GraphApi = {
      ...reader,
      get: async <T,>(path: string, headers?: Record<string, string>): Promise<T> => {
        const filter = /[?&]\$filter=([^&]+)/.exec(path)?.[1];
        const key = filter ? decodeURIComponent(filter) : undefined;
        if (key && wrote.length === 0 && done.size > 0 && [...unfinished.values()].some((items) => items.length > 0)) await write();
        const page = await reader.get<T>(path, headers);
        if (key) {
          const body = page as { value: Array<{ id: string; fields?: { Upn?: unknown } }>; '@odata.nextLink'?: string };
          const items = [...(unfinished.get(key) ?? []), ...body.value.map((i) => ({ id: i.id, upn: i.fields?.Upn }))];
          unfinished.delete(key);
          (body['@odata.nextLink'] ? unfinished : done).set(key, items);
        }
        return page;
      },
    };

    const { state, report } = await syncList(watched, site(), completions, 'Completions', undefined, PAGE, undefined, undefined, { partitions: 8 });
    expect(wrote).toHaveLength(4);
    const truth = await plain();
    expect(state.items.get(wrote[0]!)?.Hours).toBe(42);
    expect(state.items.has(wrote[1]!)).toBe(false);
    expect(state.items.has(wrote[2]!)).toBe(true);
    expect(state.items.get(wrote[3]!)?.Upn).toBe(truth.get(wrote[3]!)?.Upn);
    expect(state.items).toEqual(truth);
    expect(report.partitioned).toBeDefined();

    // The delta link it stored starts after those writes: the next round has nothing to add.
    const next = await syncList(g, site(), completions, 'Completions', state, PAGE);
    expect([next.report.mode, next.report.changed, next.report.deleted]).toEqual(['delta', 0, 0]);
  }, 60_000);
});
