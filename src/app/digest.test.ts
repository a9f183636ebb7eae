import { MemoryConversations, MemoryDigestLog } from '../../tests/helpers/memory-state';
import { preset, rowsSource, staffRow, world, type Rows } from '../../tests/helpers/world';
import type { LocalDate } from '../domain/local-date';
import type { PresetId } from '../presets/presets';
import type { Clock, DeliveryFailure, Messenger, OutgoingMessage, StoredConversation } from '../ports';
import { completionRule, digestDay, digestFor, digestWeek, dueWeek, postDigests, type DigestData, type DigestDeps } from './digest';
import { ProgrammeService } from './programme-service';
import { evaluateProgramme } from '../domain/evaluation';
import { programmeView } from './views';

const u = (n: string) => `${n}@city.example.jp`;
const TAB = 'https://teams.example/tab';
const tokyo = preset('tokyo-template');

/** An evaluation as of a day, from rows (as a sync builds it). */
function evaluated(programme = tokyo, rows: Rows, asOf: LocalDate) {
  return { ...evaluateProgramme(world(programme, rows, asOf), asOf), syncedAt: `${asOf}T00:00:00Z` };
}

const literacy = (name: string, on: LocalDate) => ({ Upn: u(name), CourseId: 'literacy', CompletedOn: on });

describe('which KPI is 受講率', () => {
  it.each<[PresetId, string]>([
    ['tokyo-template', 'kpi literacy-rate'],
    ['kashiwa', 'kpi security-elearning-rate'],
    // 管理職の意識改革研修 受講率 is over 部長・課長 only: not the 部's rate.
    ['nakano', 'kpi ict-literacy-rate'],
    ['setagaya', 'requiredTraining'],
    ['moka', 'requiredTraining'],
  ])('%s: %s', (id, expected) => {
    const rule = completionRule(preset(id));
    expect(rule.kind === 'kpi' ? `kpi ${rule.kpi.id}` : rule.kind).toBe(expected);
  });
});

describe("a department's digest", () => {
  // 2026-11-24 (Tue); a week earlier 11-17.
  const rows: Rows = {
    Staff: [
      ...['a', 'b', 'c', 'd'].map((n) => staffRow(u(n))),
      staffRow(u('x'), { Department: '企画部', Section: '企画課' }),
      staffRow(u('gone'), { Active: 'FALSE' }),
    ],
    Completions: [literacy('a', '2026-10-01'), literacy('b', '2026-11-10'), literacy('c', '2026-11-20'), literacy('x', '2026-11-01')],
  };

  it('gives the 部 its 受講率 now and a week ago, from the completion dates, as the tab KPI counts it', () => {
    const e = evaluated(tokyo, rows, '2026-11-24');
    const d = digestFor(e, '総務部', { tabUrl: TAB });
    expect(d).toMatchObject({ department: '総務部', asOf: '2026-11-24', fiscalYear: 2026, headcount: 4, completionRate: 75, previousCompletionRate: 50, tabUrl: TAB });
    const kpi = e.kpis.find((k) => k.id === 'literacy-rate')!;
    expect(kpi.byDepartment.find((b) => b.department === '総務部')!.value).toBe(d.completionRate);
    expect(digestFor(e, '企画部', { tabUrl: TAB })).toMatchObject({ headcount: 1, completionRate: 100, previousCompletionRate: 100 });
  });

  it('counts people on each step as the programme view does, department by department', () => {
    const e = evaluated(tokyo, rows, '2026-11-24');
    const soumu = digestFor(e, '総務部', { tabUrl: TAB }).roles.find((r) => r.role === 'general-staff')!;
    expect(soumu).toMatchObject({ holders: 4, none: 1 });
    expect(soumu.steps.map((s) => [s.step, s.count])).toEqual([
      ['step1', 3],
      ['step2', 0],
    ]);
    // Both 部 together are the tab's whole-programme distribution.
    const whole = programmeView(tokyo, e, { fiscalYear: e.fiscalYear, asOf: e.asOf, people: e.people, kpis: e.kpis }).steps;
    const parts = ['総務部', '企画部'].map((dep) => digestFor(e, dep, { tabUrl: TAB }).roles);
    whole.forEach((role, i) => {
      expect(parts[0]![i]!.holders + parts[1]![i]!.holders).toBe(role.holders);
      expect(parts[0]![i]!.none + parts[1]![i]!.none).toBe(role.none);
      role.steps.forEach((s, j) => expect(parts[0]![i]!.steps[j]!.count + parts[1]![i]!.steps[j]!.count).toBe(s.count));
    });
  });

  it('lists what most people miss first, each person once, with how many of them are overdue', () => {
    const e = evaluated(
      tokyo,
      {
        Staff: [...['a', 'b', 'c', 'd', 'e'].map((n) => staffRow(u(n))), staffRow(u('p'), { Grade: '主任' })],
        // The literacy course was due 10/31.
        Courses: [{ CourseId: 'literacy', Title: '基礎研修（リテラシー研修）', DueDate: '2026-10-31' }],
        Completions: [literacy('a', '2026-10-01'), literacy('b', '2026-10-01')],
        Roles: [{ Upn: u('p'), Role: 'dx-promoter', StartDate: '2026-04-01' }],
      },
      '2026-11-24',
    );
    const d = digestFor(e, '総務部', { tabUrl: TAB });
    expect(d.topPending).toHaveLength(5);
    // c, d, e, p miss the literacy course (overdue); a and b the six tool skills of Step2.
    expect(d.topPending[0]).toEqual({ label: expect.objectContaining({ ja: expect.stringContaining('基礎研修（リテラシー研修）') }), count: 4, overdue: 4 });
    expect(d.topPending.slice(1).every((p) => p.count === 2 && p.overdue === 0)).toBe(true);
    const skills = d.topPending.slice(1).map((p) => p.label.ja);
    expect(skills).toEqual([...skills].sort(new Intl.Collator('ja').compare));
    expect(digestFor(e, '総務部', { tabUrl: TAB, topPending: 2 }).topPending).toHaveLength(2);
  });

  it("names the 部's sections that a coverage KPI finds short, fewest first, as the tab's KPI counts them", () => {
    // 東京都テンプレート: 「各主要事業所管課に少なくとも1名以上」 DX推進員 — 総務課 has one, 庶務課 and 人事課 none.
    const e = evaluated(
      tokyo,
      {
        Staff: [
          staffRow(u('a')),
          staffRow(u('b'), { Section: '庶務課' }),
          staffRow(u('c'), { Section: '人事課' }),
          staffRow(u('x'), { Department: '企画部', Section: '企画課' }),
          staffRow(u('y'), { Department: '企画部', Section: '企画課' }),
        ],
        Roles: [
          { Upn: u('a'), Role: 'dx-promoter', StartDate: '2026-04-01' },
          { Upn: u('x'), Role: 'dx-promoter', StartDate: '2026-04-01' },
        ],
      },
      '2026-11-24',
    );
    expect(digestFor(e, '総務部', { tabUrl: TAB }).gaps).toEqual([
      {
        kpi: 'promoter-coverage',
        label: expect.objectContaining({ ja: 'DX推進員の配置率（主要事業所管課）' }),
        min: 1,
        // Fewest first, then in the collation order the tab sorts sections by.
        sections: [
          { section: '庶務課', count: 0 },
          { section: '人事課', count: 0 },
        ],
      },
    ]);
    const kpi = e.kpis.find((k) => k.id === 'promoter-coverage')!;
    expect(kpi.coverage?.uncovered.filter((g) => g.department === '総務部').map((g) => g.section).sort()).toEqual(['人事課', '庶務課']);
    // 企画部 is covered: nothing to say.
    expect(digestFor(e, '企画部', { tabUrl: TAB }).gaps).toEqual([]);
  });

  it('has no change to show across 4/1: the previous figure belongs to the last 年度', () => {
    // 柏市: the security e-learning is taken again every 年度.
    const kashiwa = preset('kashiwa');
    const r: Rows = {
      Staff: ['a', 'b'].map((n) => staffRow(u(n))),
      Completions: [
        { Upn: u('a'), CourseId: 'security-elearning', CompletedOn: '2027-03-20' },
        { Upn: u('b'), CourseId: 'security-elearning', CompletedOn: '2027-04-06' },
      ],
    };
    const monday = digestFor(evaluated(kashiwa, r, '2027-04-05'), '総務部', { tabUrl: TAB });
    expect(monday).toMatchObject({ fiscalYear: 2027, completionRate: 0 });
    expect(monday.previousCompletionRate).toBeUndefined();
    // A week later both days are in 令和9年度: March's completion no longer counts.
    expect(digestFor(evaluated(kashiwa, r, '2027-04-12'), '総務部', { tabUrl: TAB })).toMatchObject({ completionRate: 50, previousCompletionRate: 0 });
  });

  it('without a 受講率 KPI, counts staff who have done every training their required steps ask for', () => {
    // 真岡市: everyone the 市独自情報リテラシー研修; 幹部職員 also the 意識改革研修; the rest is optional.
    const moka = preset('moka');
    const e = evaluated(
      moka,
      {
        Staff: [staffRow(u('a')), staffRow(u('b')), staffRow(u('c'), { Grade: '課長' }), staffRow(u('d'), { Grade: '課長' })],
        Completions: [
          { Upn: u('a'), CourseId: 'moka-literacy', CompletedOn: '2026-06-01' },
          { Upn: u('c'), CourseId: 'moka-literacy', CompletedOn: '2026-06-01' },
          { Upn: u('d'), CourseId: 'moka-literacy', CompletedOn: '2026-06-01' },
          { Upn: u('d'), CourseId: 'executive-mindset', CompletedOn: '2026-11-20' },
        ],
      },
      '2026-11-24',
    );
    expect(digestFor(e, '総務部', { tabUrl: TAB })).toMatchObject({ headcount: 4, completionRate: 50, previousCompletionRate: 25 });
  });
});

describe('the digest week', () => {
  const monday = { weekday: 1, time: '09:00' };

  it('is named by its Monday', () => {
    expect(['2026-11-23', '2026-11-25', '2026-11-29'].map(digestWeek)).toEqual(['2026-11-23', '2026-11-23', '2026-11-23']);
    expect(digestWeek('2026-11-30')).toBe('2026-11-30');
  });

  it('goes out on the next working day when its day is a holiday, and not at all when the week has none left', () => {
    expect(digestDay('2026-11-30', monday)).toBe('2026-11-30');
    expect(digestDay('2027-01-11', monday)).toBe('2027-01-12'); // 成人の日
    expect(digestDay('2026-11-30', monday, new Set(['2026-11-30']))).toBe('2026-12-01'); // a closed day of the programme
    // A Friday digest: 2027-01-01 is closed and the next working day is in the next week.
    expect(digestDay('2026-12-28', { weekday: 5 })).toBeUndefined();
  });

  it('is due from its day and time (JST), on the working days after it that week, and not before', () => {
    const at = (iso: string) => new Date(iso);
    expect(dueWeek(monday, at('2026-11-30T08:59:00+09:00'))).toBeUndefined();
    expect(dueWeek(monday, at('2026-11-30T09:00:00+09:00'))).toBe('2026-11-30');
    expect(dueWeek(monday, at('2026-12-02T16:00:00+09:00'))).toBe('2026-11-30');
    expect(dueWeek(monday, at('2026-12-05T10:00:00+09:00'))).toBeUndefined(); // Saturday
    expect(dueWeek(monday, at('2027-01-11T10:00:00+09:00'))).toBeUndefined(); // 成人の日
    expect(dueWeek(monday, at('2027-01-12T08:00:00+09:00'))).toBeUndefined();
    expect(dueWeek(monday, at('2027-01-12T09:00:00+09:00'))).toBe('2027-01-11'); // the moved day, at the same time
  });
});

/** A messenger that records sends and fails the channels told to. */
class ChannelMessenger implements Messenger {
  readonly sent: Array<{ key: string; message: OutgoingMessage }> = [];
  readonly failing = new Map<string, number>();

  async send(conversation: StoredConversation, message: OutgoingMessage): Promise<{ id: string }> {
    await new Promise((r) => setImmediate(r));
    const status = this.failing.get(conversation.key);
    if (status) throw Object.assign(new Error(`HTTP ${status}`), { status }) as DeliveryFailure;
    this.sent.push({ key: conversation.key, message });
    return { id: `act-${this.sent.length}` };
  }

  async update(): Promise<void> {}
}

function channel(key: string, name: string): StoredConversation {
  return { key, kind: 'channel', name, reference: { conversation: { id: key.slice('channel:'.length) } }, updatedAt: '2026-11-01T00:00:00Z' };
}

async function posting(nowIso = '2026-11-30T10:00:00+09:00') {
  let now = new Date(nowIso);
  const clock: Clock = { now: () => now, today: () => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10) };
  const service = new ProgrammeService(
    tokyo,
    () =>
      rowsSource({
        Staff: [staffRow(u('a')), staffRow(u('b')), staffRow(u('x'), { Department: '企画部', Section: '企画課' })],
        Completions: [{ Upn: u('a'), CourseId: 'literacy', CompletedOn: '2026-11-01' }],
      }),
    clock,
  );
  await service.refresh();
  const conversations = new MemoryConversations();
  for (const [key, department] of [
    ['channel:19:soumu', '総務部'],
    ['channel:19:kikaku', '企画部'],
    ['channel:19:old', '旧部'],
  ] as const) {
    await conversations.put(channel(key, `${department} チャネル`));
    await conversations.mapChannel(key, department);
  }
  const messenger = new ChannelMessenger();
  const digests = new MemoryDigestLog();
  const composed: DigestData[] = [];
  const deps = (instanceId = 'a'): DigestDeps => ({
    service,
    conversations,
    digests,
    messenger,
    clock,
    instanceId,
    compose: (data) => {
      composed.push(data);
      return { summary: data.department, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { department: data.department } }] };
    },
  });
  return { deps, service, messenger, digests, composed, setNow: (iso: string) => (now = new Date(iso)) };
}

const outcomes = (r: { departments: Array<{ department: string; outcome: string }> }) => Object.fromEntries(r.departments.map((d) => [d.department, d.outcome]));

describe('posting the digests', () => {
  it('sends one card per mapped channel, and skips a 部 with no staff', async () => {
    const t = await posting();
    const result = await postDigests(t.deps(), { tabUrl: TAB });
    expect(result.week).toBe('2026-11-30');
    expect(outcomes(result)).toEqual({ 総務部: 'sent', 企画部: 'sent', 旧部: 'noStaff' });
    expect(t.messenger.sent.map((s) => s.key).sort()).toEqual(['channel:19:kikaku', 'channel:19:soumu']);
    expect(t.messenger.sent.find((s) => s.key === 'channel:19:soumu')!.message.channelData).toEqual({ skillsteps: { key: 'digest|2026-11-30|総務部' } });
    expect(t.composed.find((d) => d.department === '総務部')).toMatchObject({ headcount: 2, completionRate: 50, tabUrl: TAB });
    expect(result.departments.find((d) => d.department === '総務部')).toMatchObject({ activityId: expect.stringMatching(/^act-/), completionRate: 50, channelName: '総務部 チャネル' });
    expect((await t.digests.ofWeek('2026-11-30')).map((e) => [e.department, e.state]).sort()).toEqual([
      ['企画部', 'sent'],
      ['総務部', 'sent'],
    ]);
  });

  it('sends nothing again on a second run that week, from this instance or another', async () => {
    const t = await posting();
    await postDigests(t.deps('a'), { tabUrl: TAB });
    t.setNow('2026-12-01T10:00:00+09:00');
    const again = await postDigests(t.deps('b'), { tabUrl: TAB });
    expect(outcomes(again)).toEqual({ 総務部: 'alreadySent', 企画部: 'alreadySent', 旧部: 'noStaff' });
    expect(t.messenger.sent).toHaveLength(2);
    // Next week is a new week (after a sync of it).
    t.setNow('2026-12-07T09:30:00+09:00');
    await t.service.refresh();
    expect(outcomes(await postDigests(t.deps('a'), { tabUrl: TAB }))).toMatchObject({ 総務部: 'sent', 企画部: 'sent' });
    expect(t.messenger.sent).toHaveLength(4);
  });

  it('sends each card once when two instances run at the same moment', async () => {
    const t = await posting();
    const [a, b] = await Promise.all([postDigests(t.deps('a'), { tabUrl: TAB }), postDigests(t.deps('b'), { tabUrl: TAB })]);
    expect(t.messenger.sent).toHaveLength(2);
    for (const dep of ['総務部', '企画部']) expect([outcomes(a)[dep], outcomes(b)[dep]].sort()).toEqual(['busy', 'sent']);
  });

  it('reports a failed channel and sends it, and only it, on the next run that week', async () => {
    const t = await posting();
    t.messenger.failing.set('channel:19:kikaku', 403);
    const first = await postDigests(t.deps(), { tabUrl: TAB });
    expect(outcomes(first)).toMatchObject({ 総務部: 'sent', 企画部: 'failed' });
    expect(first.departments.find((d) => d.department === '企画部')!.error).toBe('403: HTTP 403');
    expect((await t.digests.ofWeek('2026-11-30')).find((e) => e.department === '企画部')).toMatchObject({ state: 'failed', attempts: 1, channel: 'channel:19:kikaku' });

    t.messenger.failing.clear();
    t.setNow('2026-11-30T11:00:00+09:00');
    const second = await postDigests(t.deps(), { tabUrl: TAB });
    expect(outcomes(second)).toMatchObject({ 総務部: 'alreadySent', 企画部: 'sent' });
    expect(t.messenger.sent.map((s) => s.key)).toEqual(['channel:19:soumu', 'channel:19:kikaku']);
    expect((await t.digests.ofWeek('2026-11-30')).find((e) => e.department === '企画部')).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('takes over a claim whose instance died mid-send only after the claim timeout', async () => {
    const t = await posting();
    await t.digests.claim('2026-11-30', '総務部', { instanceId: 'dead', at: '2026-11-30T00:55:00Z', staleAfterMs: 600_000 });
    expect(outcomes(await postDigests(t.deps(), { tabUrl: TAB }))).toMatchObject({ 総務部: 'busy', 企画部: 'sent' });
    t.setNow('2026-11-30T10:06:00+09:00');
    expect(outcomes(await postDigests(t.deps(), { tabUrl: TAB }))).toMatchObject({ 総務部: 'sent', 企画部: 'alreadySent' });
    expect(t.messenger.sent.filter((s) => s.key === 'channel:19:soumu')).toHaveLength(1);
  });

  it('posts nothing before the digest time, nor from an evaluation of an earlier week, unless forced', async () => {
    const early = await posting('2026-11-30T08:00:00+09:00');
    expect(await postDigests(early.deps(), { tabUrl: TAB })).toMatchObject({ skipped: 'notDue', departments: [] });
    expect(outcomes(await postDigests(early.deps(), { tabUrl: TAB, force: true }))).toMatchObject({ 総務部: 'sent' });

    // Synced on Friday, and nothing since.
    const t = await posting('2026-11-27T10:00:00+09:00');
    t.setNow('2026-11-30T10:00:00+09:00');
    expect(await postDigests(t.deps(), { tabUrl: TAB })).toMatchObject({ week: '2026-11-30', skipped: 'stale' });
    expect(t.messenger.sent).toHaveLength(0);
  });
});
