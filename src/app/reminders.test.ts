import { MemoryConversations, MemoryLedger, MemoryQueue, personalChat } from '../../tests/helpers/memory-state';
import { preset, rowsSource, staffRow } from '../../tests/helpers/world';
import type { LocalDate } from '../domain/local-date';
import type { Clock } from '../ports';
import { ProgrammeService } from './programme-service';
import { planToday, remindNow, requeueStale, type ReminderPayload, type SendJob } from './reminders';

const setagaya = preset('setagaya');
const u = (n: string) => `${n}@city.example.jp`;

function at(day: LocalDate, jst: string): Clock {
  const now = new Date(`${day}T${jst}:00+09:00`);
  return { now: () => now, today: () => day };
}

async function fixture(clock: Clock, staff = ['a', 'b', 'c']) {
  const service = new ProgrammeService(setagaya, () => rowsSource({ Staff: staff.map((n) => staffRow(u(n))) }), clock);
  await service.refresh();
  return { service, ledger: new MemoryLedger(), queue: new MemoryQueue<SendJob>(), clock };
}

describe('planning reminders', () => {
  it('records then queues one reminder per person on a working day, in the send window', async () => {
    const deps = await fixture(at('2026-11-24', '10:00'));
    const result = await planToday(deps);
    expect(result).toMatchObject({ day: '2026-11-24', planned: 3, queued: 3, requeued: 0 });
    expect(result.skipped).toBeUndefined();
    const entries = await deps.ledger.ofDay('2026-11-24');
    expect(entries.map((e) => [e.upn, e.state]).sort()).toEqual([
      [u('a'), 'planned'],
      [u('b'), 'planned'],
      [u('c'), 'planned'],
    ]);
    const payload = JSON.parse(entries[0]!.payload) as ReminderPayload;
    expect(payload.reminder.items[0]).toMatchObject({ reason: 'pending', role: 'all-staff' });
    expect(await deps.queue.approximateCount()).toBe(3);
  });

  it('queues nothing twice when it runs again the same day (a restart, a second instance)', async () => {
    const deps = await fixture(at('2026-11-24', '10:00'));
    await planToday(deps);
    const again = await planToday(deps);
    expect(again).toMatchObject({ planned: 3, queued: 0 });
    expect(await deps.queue.approximateCount()).toBe(3);
  });

  it('plans nothing on a holiday, outside the send window, or before the first sync', async () => {
    expect((await planToday(await fixture(at('2026-11-23', '10:00')))).skipped).toBe('closedDay'); // 勤労感謝の日
    expect((await planToday(await fixture(at('2026-11-24', '08:00')))).skipped).toBe('outsideSendWindow');
    expect((await planToday(await fixture(at('2026-11-24', '18:30')))).skipped).toBe('outsideSendWindow');
    const clock = at('2026-11-24', '10:00');
    const unsynced = { service: new ProgrammeService(setagaya, () => rowsSource({}), clock), ledger: new MemoryLedger(), queue: new MemoryQueue<SendJob>(), clock };
    expect((await planToday(unsynced)).skipped).toBe('notSynced');
  });

  it('leaves out people who muted reminders', async () => {
    const deps = await fixture(at('2026-11-24', '10:00'));
    await deps.ledger.mute(u('b'), '2026-12-31');
    expect((await planToday(deps)).planned).toBe(2);
  });

  it('puts a planned entry that never reached the queue back on it (a crash between the two)', async () => {
    const deps = await fixture(at('2026-11-24', '10:00'));
    await deps.ledger.plan({ day: '2026-11-24', upn: u('a'), itemKeys: [], payload: '{}', plannedAt: '2026-11-24T00:30:00Z' });
    expect(await requeueStale(deps)).toBe(1);
    expect(await deps.queue.approximateCount()).toBe(1);
    // Touched: not again until another ten minutes have passed.
    expect(await requeueStale(deps)).toBe(0);
  });
});

describe('a reminder sent from the tab', () => {
  it('queues everything pending for the person, at most once a day, and not while muted', async () => {
    const conversations = new MemoryConversations();
    for (const who of ['a', 'b']) await conversations.put(personalChat(u(who)));
    const deps = { ...(await fixture(at('2026-11-24', '10:00'))), conversations };
    const first = await remindNow(deps, u('a'), u('kacho'));
    expect(first).toMatchObject({ ok: true, day: '2026-11-24' });
    const entry = (await deps.ledger.get('2026-11-24', u('a')))!;
    expect((JSON.parse(entry.payload) as ReminderPayload).requestedBy).toBe(u('kacho'));
    expect(await remindNow(deps, u('a'), u('kacho'))).toMatchObject({ ok: false, code: 'ALREADY_TODAY' });
    await deps.ledger.mute(u('b'), '2026-11-30');
    const muted = await remindNow(deps, u('b'), u('kacho'));
    expect(muted).toMatchObject({ ok: false, code: 'MUTED' });
    expect(!muted.ok && muted.message).toContain('2026-11-30 までリマインドを止めています');
    expect(await remindNow(deps, u('nobody'), u('kacho'))).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('is refused for a person who has not added the app in Teams (nowhere to send it), and nothing is recorded', async () => {
    const deps = { ...(await fixture(at('2026-11-24', '10:00'))), conversations: new MemoryConversations() };
    const r = await remindNow(deps, u('a'), u('kacho'));
    expect(r).toMatchObject({ ok: false, code: 'NOT_INSTALLED' });
    expect(!r.ok && r.message).toContain('まだ Teams で SkillSteps を追加していない');
    expect(await deps.ledger.get('2026-11-24', u('a'))).toBeUndefined();
    expect(await deps.queue.approximateCount()).toBe(0);
  });
});
