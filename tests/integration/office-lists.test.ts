/**
 * The programme office's everyday lists over real HTTP (tests/helpers/bot-world.ts: Azurite for the
 * reminder ledger and the send queue, the local tenant for the lists, the Teams stand-in for chats):
 * who has not started anything this 年度, leaders due to transfer and their section's successor,
 * reports waiting for confirmation — each filtered, as CSV, and reminded in one click through the
 * ledger (one message a person a day: a second click sends nothing twice).
 */
import { fiscalYearRange } from '../../src/domain/fiscal-calendar';
import type { OfficeListView, OfficeRemindResult, NotStartedRow, TransferRow, WaitingReportRow } from '../../src/app/office-lists';
import type { ReminderPayload } from '../../src/app/reminders';
import type { StaffRecord } from '../../src/domain/records';
import { createItem, updateItem } from '../../src/sharepoint/graph-list-writer';
import { listIds } from '../../src/sharepoint/provision';
import { startBotWorld, type BotWorld } from '../helpers/bot-world';
import { graphApiOf } from '../helpers/tenant';

jest.setTimeout(120_000);

describe('the office’s everyday lists', () => {
  let w: BotWorld;
  let office: StaffRecord;
  let leader: StaffRecord;
  let reporter: StaffRecord;
  let confirmer: StaffRecord;

  const call = async (upn: string, path: string, init: RequestInit = {}, roles?: string[]) => {
    const token = await w.tenant.issueUserToken(upn, `api://localhost/${w.tenant.clientId}`, { roles });
    return fetch(`${w.server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  };
  const asOffice = (path: string, init?: RequestInit) => call(office.upn, path, init, ['ProgrammeOffice']);
  const list = async <R extends OfficeListView['rows'][number]>(path: string): Promise<OfficeListView<R>> => {
    const r = await asOffice(path);
    expect(r.status).toBe(200);
    return (await r.json()) as OfficeListView<R>;
  };
  const remind = async (list: string, filter: Record<string, unknown>): Promise<OfficeRemindResult> => {
    const r = await asOffice(`/api/office-lists/${list}/remind`, { method: 'POST', body: JSON.stringify(filter) });
    expect(r.status).toBe(202);
    return (await r.json()) as OfficeRemindResult;
  };
  const payloadOf = async (upn: string): Promise<ReminderPayload | undefined> => {
    const entry = await w.server.state!.reminders.get(w.today, upn);
    return entry ? (JSON.parse(entry.payload) as ReminderPayload) : undefined;
  };

  beforeAll(async () => {
    w = await startBotWorld({ staff: 300 });
    const e = w.evaluated();
    office = e.snapshot.staff.find((s) => s.active && s.section === 'DX推進課') ?? e.snapshot.staff.find((s) => s.active)!;
    // A DX推進リーダー alone in a section, with a manager there who can nominate a successor.
    const leaders = e.people.filter((p) => p.roles.some((r) => r.role === 'dx-leader'));
    leader = e.snapshot.staffByUpn.get(leaders.find((p) => !e.snapshot.staffByUpn.get(p.upn)!.transferPlanned && leaders.filter((q) => q.section === p.section).length === 1)!.upn)!;
    reporter = e.snapshot.staff.find((s) => s.active && s.section !== leader.section && s.grade === 'shuji')!;
    const graph = graphApiOf(w.tenant);
    try {
      const ids = await listIds(graph.api, w.tenant.siteId);
      // The leader's transfer is planned for 4/1, inside the programme's 6-month window.
      const items = await graph.api.get<{ value: Array<{ id: string; eTag: string; fields: { Upn: string } }> }>(`/sites/${w.tenant.siteId}/lists/${ids.Staff}/items?$expand=fields($select=Upn)&$top=5000`);
      const row = items.value.find((i) => i.fields.Upn.toLowerCase() === leader.upn)!;
      await updateItem(graph.api, w.tenant.siteId, ids.Staff, row.id, { TransferPlanned: '2027-04-01' }, row.eTag);
      // A report sent on 11/10, still waiting on 11/24 (9 working days: 11/23 is 勤労感謝の日).
      const managerUpn = e.snapshot.staff.find((s) => s.active && s.section === reporter.section && (s.grade === 'kacho' || s.grade === 'kakaricho') && s.upn !== reporter.upn)!.upn;
      confirmer = e.snapshot.staffByUpn.get(managerUpn)!;
      await createItem(graph.api, w.tenant.siteId, ids.Submissions, {
        Title: '報告',
        Kind: 'course',
        SubjectUpn: reporter.upn,
        Payload: JSON.stringify({ kind: 'course', course: 'video-dx-management', completedOn: '2026-11-05' }),
        ConfirmerUpn: confirmer.upn,
        Status: 'pending',
        SubmittedAt: '2026-11-10T01:00:00Z',
      });
      // Three people hired this autumn into one section: nothing on record yet, 全職員 Step1 to do.
      for (const [n, name, kana] of [
        [1, '新井 一郎', 'アライ イチロウ'],
        [2, '上野 花子', 'ウエノ ハナコ'],
        [3, '岡 次郎', ''],
      ] as const) {
        await createItem(graph.api, w.tenant.siteId, ids.Staff, { Title: name, TitleKana: kana, Upn: `new${n}@setagaya.example.jp`, EmployeeNumber: `9000${n}`, Department: reporter.department, Section: reporter.section, Grade: '主事', Active: true });
      }
    } finally {
      graph.close();
    }
    await w.server.service.refresh();
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('opens only to the programme office, and refuses an unknown list or a bad filter with the reason', async () => {
    const staff = await call(reporter.upn, '/api/office-lists/not-started');
    expect([staff.status, ((await staff.json()) as { error: { code: string } }).error.code]).toEqual([403, 'ACCESS.OFFICE_ONLY']);
    const post = await call(reporter.upn, '/api/office-lists/not-started/remind', { method: 'POST', body: '{}' });
    expect(post.status).toBe(403);
    const bad = await asOffice('/api/office-lists/everyone');
    expect(await bad.json()).toEqual({ error: { code: 'REQUEST.BAD_OFFICE_LIST', message: '一覧の指定が正しくありません: "everyone"。not-started、transfers、waiting-reports のいずれかを指定してください' } });
    const days = await asOffice('/api/office-lists/waiting-reports?days=-1');
    expect([days.status, ((await days.json()) as { error: { message: string } }).error.message]).toEqual([400, '日数（days）は 0〜365 の整数で指定してください: -1']);
    const filter = await asOffice('/api/office-lists/not-started/remind', { method: 'POST', body: JSON.stringify({ section: 7 }) });
    expect([filter.status, ((await filter.json()) as { error: { code: string } }).error.code]).toEqual([400, 'REQUEST.BAD_FILTER']);
  });

  it('lists who has something to do and nothing on record this 年度, filtered by 部 and 課, and drops someone once they start', async () => {
    const e = w.evaluated();
    const all = await list<NotStartedRow>('/api/office-lists/not-started');
    expect(all.total).toBeGreaterThan(0);
    const { start } = fiscalYearRange(e.fiscalYear);
    for (const r of all.rows) {
      expect(e.byUpn.get(r.person.upn)!.nextActions.length).toBe(r.pending);
      expect(r.pending).toBeGreaterThan(0);
      const done = [...(e.snapshot.completions.get(r.person.upn)?.values() ?? [])].flat().filter((c) => c.completedOn >= start);
      expect(done).toEqual([]);
    }
    // Anyone with a completion this 年度 and something pending is left out.
    const started = e.people.find((p) => p.nextActions.length > 0 && [...(e.snapshot.completions.get(p.upn)?.values() ?? [])].flat().some((c) => c.completedOn >= start && c.completedOn <= e.asOf))!;
    expect(all.rows.some((r) => r.person.upn === started.upn)).toBe(false);

    // The three new hires, in あいうえお順 by reading; who has none (岡 次郎) after them.
    expect(all.rows.filter((r) => r.person.upn.startsWith('new')).map((r) => [r.person.name, r.person.kana])).toEqual([
      ['新井 一郎', 'アライ イチロウ'],
      ['上野 花子', 'ウエノ ハナコ'],
      ['岡 次郎', undefined],
    ]);
    const one = all.rows.find((r) => r.person.upn === 'new3@setagaya.example.jp')!.person;
    const section = await list<NotStartedRow>(`/api/office-lists/not-started?department=${encodeURIComponent(one.department)}&section=${encodeURIComponent(one.section)}`);
    expect(section.rows.every((r) => r.person.section === one.section && r.person.department === one.department)).toBe(true);
    expect(section.rows.map((r) => r.person.upn)).toContain(one.upn);

    // The CSV of the same rows, Japanese headers.
    const csv = await asOffice(`/api/office-lists/not-started/rows.csv?section=${encodeURIComponent(one.section)}&department=${encodeURIComponent(one.department)}`);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('年度,氏名,フリガナ,UPN,部,課,職層,未完了,次の期限,前回の記録');
    expect(lines).toHaveLength(section.total + 1);

    // Once they start (a completion written to the list and read), they are off the list.
    const graph = graphApiOf(w.tenant);
    try {
      const ids = await listIds(graph.api, w.tenant.siteId);
      await createItem(graph.api, w.tenant.siteId, ids.Completions, { Upn: one.upn, CourseId: 'video-dx-management', CompletedOn: '2026-11-20' });
    } finally {
      graph.close();
    }
    await w.server.service.refresh();
    const after = await list<NotStartedRow>(`/api/office-lists/not-started?department=${encodeURIComponent(one.department)}&section=${encodeURIComponent(one.section)}`);
    expect(after.rows.map((r) => r.person.upn)).not.toContain(one.upn);
  });

  it('reminds the people not started in one click: those with the app get one message, the rest are counted by reason, and a second click sends nothing twice', async () => {
    const e = w.evaluated();
    const filter = { department: reporter.department, section: reporter.section };
    const mine = (await list<NotStartedRow>(`/api/office-lists/not-started?department=${encodeURIComponent(reporter.department)}&section=${encodeURIComponent(reporter.section)}`)).rows;
    expect(mine.filter((r) => r.person.upn.startsWith('new')).map((r) => r.person.name)).toEqual(['新井 一郎', '上野 花子']);
    // One of them has added the app in Teams; the others have not.
    await w.install({ upn: mine[0]!.person.upn, name: mine[0]!.person.name });
    const queued = await w.server.state!.queue().approximateCount();

    const first = await remind('not-started', filter);
    expect(first).toEqual({ recipients: mine.length, sent: 1, scheduled: 0, notSent: [{ code: 'NOT_INSTALLED', count: mine.length - 1, names: mine.slice(1).map((r) => r.person.name) }] });
    expect(await w.server.state!.queue().approximateCount()).toBe(queued + 1);
    const payload = (await payloadOf(mine[0]!.person.upn))!;
    expect([payload.requestedBy, payload.reminder.items.length]).toEqual([office.upn, e.byUpn.get(mine[0]!.person.upn)!.nextActions.length]);

    const again = await remind('not-started', filter);
    expect(again.sent + again.scheduled).toBe(0);
    expect(again.notSent.find((g) => g.code === 'ALREADY_TODAY')).toEqual({ code: 'ALREADY_TODAY', count: 1, names: [mine[0]!.person.name] });
    expect(await w.server.state!.queue().approximateCount()).toBe(queued + 1);
  });

  it('lists a leader due to transfer with their section’s successor status, and reminds the section’s manager to nominate one', async () => {
    const view = await list<TransferRow>(`/api/office-lists/transfers?section=${encodeURIComponent(leader.section)}`);
    expect(view.windows).toEqual([{ role: 'dx-leader', label: { ja: 'DX推進リーダー', en: 'DX leader' }, months: 6, until: '2027-05-24' }]);
    const row = view.rows.find((r) => r.leader.upn === leader.upn)!;
    expect(row).toMatchObject({ role: { id: 'dx-leader' }, section: leader.section, transferDate: '2027-04-01', replacement: 'none' });
    const manager = row.manager!;
    expect(manager.upn).not.toBe(leader.upn);
    expect(view.recipients).toBe(1);

    await w.install({ upn: manager.upn, name: manager.name });
    const result = await remind('transfers', { section: leader.section });
    expect(result).toEqual({ recipients: 1, sent: 1, scheduled: 0, notSent: [] });
    const payload = (await payloadOf(manager.upn))!;
    expect(payload.reminder.items.map((i) => [i.label.ja, i.evidence.ja, i.due])).toEqual([
      [`DX推進リーダーの後任の推薦（${leader.section}）`, `${leader.name} さんが2027/04/01に異動の予定です。後任が決まっていません`, '2027-04-01'],
    ]);

    // The manager nominates a successor: the section shows 推薦中, and nobody is reminded any more.
    const e = w.evaluated();
    const nominee = e.snapshot.staff.find((s) => s.active && s.section === leader.section && s.upn !== leader.upn && s.upn !== manager.upn && ['fukukakaricho', 'shunin'].includes(s.grade ?? ''))
      ?? e.snapshot.staff.find((s) => s.active && s.section === leader.section && s.upn !== leader.upn && s.upn !== manager.upn && s.grade === 'shuji')!;
    const nominated = await call(manager.upn, '/api/nominations', { method: 'POST', body: JSON.stringify({ nomineeUpn: nominee.upn, role: 'dx-leader', replacesUpn: leader.upn, reason: '後任', confirmWarnings: true }) });
    expect(nominated.status).toBe(201);
    const after = await list<TransferRow>(`/api/office-lists/transfers?section=${encodeURIComponent(leader.section)}`);
    expect(after.rows.find((r) => r.leader.upn === leader.upn)).toMatchObject({ replacement: 'nominated', replacementName: nominee.name });
    expect(after.recipients).toBe(0);
  });

  it('lists reports waiting longer than N working days and reminds their confirmer', async () => {
    const waiting = await list<WaitingReportRow>('/api/office-lists/waiting-reports?days=5');
    const row = waiting.rows.find((r) => r.reporter.upn === reporter.upn)!;
    expect(row).toMatchObject({ waitingDays: 9, confirmer: { upn: confirmer.upn, name: confirmer.name }, kind: { ja: '研修の受講' }, date: '2026-11-05' });
    expect((await list<WaitingReportRow>('/api/office-lists/waiting-reports?days=10')).rows.some((r) => r.reporter.upn === reporter.upn)).toBe(false);

    await w.install({ upn: confirmer.upn, name: confirmer.name });
    const result = await remind('waiting-reports', { days: 5, department: reporter.department, section: reporter.section });
    expect(result).toMatchObject({ recipients: 1, sent: 1 });
    const items = (await payloadOf(confirmer.upn))!.reminder.items;
    expect(items.map((i) => i.label.ja)).toEqual([`報告の確認: ${reporter.name} さん — 研修の受講 ${row.item.ja}`]);
    expect(items[0]!.evidence.ja).toBe('2026/11/10 10:00 から 9 営業日、確認を待っています');
  });
});
