import { join } from 'node:path';
import { programmeFromFile, rawLists, staffRow, type Rows } from '../../tests/helpers/world';
import { LIST_NAMES } from '../domain/lists';
import type { ListSource } from '../ports';
import { ProgrammeService } from './programme-service';

/**
 * Writes applied at once (ProgrammeService.apply) and the sync that lands after them: the
 * evaluation shows a write within the call, and a sync that was already reading when the write was
 * made does not take it away when its result lands.
 */
const programme = programmeFromFile(join(__dirname, '..', '..', 'tests', 'fixtures', 'example-programme.yaml'));
const A = 'a@city.example.jp';
const TODAY = '2026-11-23';
const clock = { now: () => new Date(`${TODAY}T03:00:00Z`), today: () => TODAY };

/** The lists as a source whose reads wait until `release()` (the sync is "running" until then). */
function gatedSource(rows: () => Rows): { source: ListSource; started: Promise<void>; release: () => void } {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const startedP = new Promise<void>((r) => (started = r));
  const source: ListSource = {
    describe: () => 'gated rows',
    readLists: async (onList) => {
      // What the lists hold when the read starts: a write after this moment is not in it.
      const lists = rawLists(rows());
      started();
      await gate;
      for (const name of LIST_NAMES) if (lists[name]) onList(name, lists[name]);
    },
  };
  return { source, started: startedP, release };
}

describe('ProgrammeService: writes at once, and the sync that lands after them', () => {
  const lists: Rows = {
    Staff: [staffRow(A)],
    Completions: [{ Upn: A, CourseId: 'literacy', CompletedOn: '2026-05-10' }],
  };
  const securityDone = { list: 'Completions' as const, record: { upn: A, courseId: 'security', completedOn: '2026-11-20' } };
  const stepOf = (s: ProgrammeService): string | undefined => s.current()?.byUpn.get(A)?.roles.find((r) => r.role === 'all-staff')?.currentStep;

  it('shows a write at once, and keeps it when a sync that started before the write lands without it', async () => {
    let gated = gatedSource(() => lists);
    const service = new ProgrammeService(programme, () => gated.source, clock);
    const first = service.refresh();
    gated.release();
    await first;
    expect(stepOf(service)).toBeUndefined();

    // A sync starts and reads the lists; then the server writes (to the lists, not yet read back) and applies it.
    gated = gatedSource(() => lists);
    const running = service.refresh();
    await gated.started;
    const applied = service.apply([securityDone]);
    expect(applied?.byUpn.get(A)?.roles.find((r) => r.role === 'all-staff')?.currentStep).toBe('step1');
    expect(stepOf(service)).toBe('step1');

    // The running sync read the lists before the write: when it lands, the write is still there.
    gated.release();
    await running;
    expect(stepOf(service)).toBe('step1');
    expect(service.current()!.snapshot.records.completions.filter((c) => c.courseId === 'security')).toHaveLength(1);

    // Once the write is in the lists, a sync that started after it reads it once, not twice.
    const written: Rows = { ...lists, Completions: [...lists.Completions!, { Upn: A, CourseId: 'security', CompletedOn: '2026-11-20' }] };
    gated = gatedSource(() => written);
    const next = service.refresh();
    gated.release();
    await next;
    expect(stepOf(service)).toBe('step1');
    expect(service.current()!.snapshot.records.completions.filter((c) => c.courseId === 'security')).toHaveLength(1);
  });

  it('lets a sync that started after a write decide: the journal keeps writes only until then', async () => {
    let gated = gatedSource(() => lists);
    const service = new ProgrammeService(programme, () => gated.source, clock);
    const first = service.refresh();
    gated.release();
    await first;
    service.apply([securityDone]);
    expect(stepOf(service)).toBe('step1');
    // A sync that starts after the write is the lists' word: here they never got it (an item deleted by hand since).
    gated = gatedSource(() => lists);
    const next = service.refresh();
    gated.release();
    await next;
    expect(stepOf(service)).toBeUndefined();
  });

  it('applies nothing before the first sync (which reads the write itself)', () => {
    const service = new ProgrammeService(programme, () => gatedSource(() => lists).source, clock);
    expect(service.apply([securityDone])).toBeUndefined();
  });
});
