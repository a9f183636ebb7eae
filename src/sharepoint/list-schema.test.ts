import { LISTS, LIST_NAMES } from '../domain/lists';
import { limiter } from './graph-client';
import { jstMidnightUtc, toGraphFields } from './graph-list-writer';
import { rowKey, SP_LISTS } from './list-schema';

describe('SharePoint list schemas', () => {
  it('give every list a plain URL name, its Japanese title, and every CSV column but Title', () => {
    for (const list of LIST_NAMES) {
      const sp = SP_LISTS[list];
      expect(sp.name).toBe(`SkillSteps_${list}`);
      expect(sp.displayName).toBe(LISTS[list].label.ja);
      expect(sp.columns.map((c) => c.name)).toEqual(LISTS[list].columns.map((c) => c.name).filter((n) => n !== 'Title'));
    }
    expect(SP_LISTS.Completions.columns.find((c) => c.name === 'CompletedOn')).toEqual({ name: 'CompletedOn', displayName: '受講日', type: 'dateOnly', indexed: false });
    expect(SP_LISTS.Completions.columns.filter((c) => c.indexed).map((c) => c.name)).toEqual(['Upn', 'CourseId']);
  });

  it('match a CSV row and the SharePoint item holding it by the same natural key', () => {
    const csv = { Upn: 'A@x.jp', CourseId: 'literacy', CompletedOn: '2026-05-10', Hours: '2' };
    const item = { Upn: 'a@x.jp', CourseId: 'literacy', CompletedOn: '2026-05-09T15:00:00Z', Hours: 2 };
    expect(rowKey('Completions', csv)).toBe(rowKey('Completions', item));
    expect(rowKey('Completions', { ...item, CompletedOn: '2026-05-10T15:00:00Z' })).not.toBe(rowKey('Completions', csv));
  });
});

describe('values written to SharePoint', () => {
  it('are typed by column: numbers, yes/no, a date as midnight in Japan', () => {
    expect(toGraphFields('Staff', { Title: '山田', Upn: 'a@x.jp', Active: 'TRUE', TransferPlanned: '2027-04-01', Nope: 'x' })).toEqual({
      Title: '山田',
      Upn: 'a@x.jp',
      Active: true,
      TransferPlanned: '2027-04-01',
    });
    expect(toGraphFields('Completions', { CompletedOn: '2026-05-10', Hours: '2.5' })).toEqual({ CompletedOn: '2026-05-09T15:00:00Z', Hours: 2.5 });
    expect(toGraphFields('Completions', { Hours: '' }, true)).toEqual({ Hours: null });
    expect(jstMidnightUtc('2026-01-01')).toBe('2025-12-31T15:00:00Z');
  });
});

describe('the request limiter', () => {
  it('never runs more tasks at once than allowed, and runs them all', async () => {
    const limit = limiter(3);
    let active = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          most = Math.max(most, active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
  });

  it('gives a finished task’s place to the next before its caller goes on (a page is parsed while the next request is out)', async () => {
    const limit = limiter(1);
    const started: string[] = [];
    let release!: () => void;
    const first = limit(async () => {
      started.push('first');
      await new Promise<void>((r) => (release = r));
      return 'first';
    });
    const second = limit(async () => {
      started.push('second');
      return 'second';
    });
    await Promise.resolve();
    expect(started).toEqual(['first']);
    release();
    // What the first task's caller sees when it continues: the second task is under way already.
    const seen = await first.then(() => [...started]);
    expect(seen).toEqual(['first', 'second']);
    await expect(second).resolves.toBe('second');
  });

  it('gives the place up when a task fails, and passes the failure on', async () => {
    const limit = limiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(async () => 'after')).resolves.toBe('after');
  });
});
