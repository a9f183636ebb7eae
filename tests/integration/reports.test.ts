/**
 * Reports by staff end to end over real HTTP (issue 12), in the Tokyo template (courses with a note
 * confirmed by the section manager; outside courses with a certificate confirmed by the office): a
 * report in chat reaches the manager as a card, 承認 writes the fact and updates every copy, the
 * reporter is told what changed; the tab's API refuses bad input field by field and writes nothing,
 * refuses forged actors, takes an evidence file within the programme's limits, gives it only to those
 * who may see it, and lets one of two confirmers pressing at once decide.
 */
import type { Evaluated } from '../../src/app/programme-service';
import type { ReportView } from '../../src/app/report-views';
import { sectionApproverOf } from '../../src/domain/nomination-rules';
import type { StaffRecord } from '../../src/domain/records';
import { listIds } from '../../src/sharepoint/provision';
import { cardOf, cardText, startBotWorld, verbsOf, type BotWorld, type Chat, type Person } from '../helpers/bot-world';
import { graphApiOf } from '../helpers/tenant';

jest.setTimeout(120_000);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

describe('reports by staff (Tokyo template)', () => {
  let w: BotWorld;
  let officeApprover: StaffRecord;
  let graph: ReturnType<typeof graphApiOf>;
  const chats = new Map<string, Chat>();
  const used = new Set<string>();

  const officeOf = (e: Evaluated): StaffRecord => e.snapshot.staff.find((s) => s.active && s.grade === 'shuji' && s.section !== e.snapshot.staff[0]!.section)!;

  beforeAll(async () => {
    w = await startBotWorld({ programme: 'tokyo-template', staff: 400, today: '2026-11-24', envFrom: (e) => ({ SKILLSTEPS_OFFICE_APPROVER_UPN: officeOf(e).upn }) });
    officeApprover = officeOf(w.evaluated());
    graph = graphApiOf(w.tenant);
  }, 120_000);
  afterAll(async () => {
    graph?.close();
    await w?.close();
  });

  async function chatOf(p: Person): Promise<Chat> {
    let c = chats.get(p.upn);
    if (!c) {
      c = await w.install({ upn: p.upn, name: p.name });
      chats.set(p.upn, c);
    }
    return c;
  }

  /** A tab API call with the local tenant's token for a person (the office's app role when asked). */
  async function tab(upn: string, path: string, init: RequestInit & { office?: boolean } = {}): Promise<Response> {
    const token = await w.tenant.issueUserToken(upn, `api://localhost/${w.tenant.clientId}`, init.office ? { roles: ['ProgrammeOffice'] } : {});
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (typeof init.body === 'string') headers['content-type'] = 'application/json';
    return fetch(`${w.server.url}${path}`, { ...init, headers: { ...headers, ...((init.headers as Record<string, string>) ?? {}) } });
  }
  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

  /** A staff member who manages nothing, not used by an earlier test, with the manager who confirms their reports. */
  function reporter(pred: (s: StaffRecord) => boolean = () => true): { staff: StaffRecord; manager: StaffRecord } {
    const e = w.evaluated();
    const managing = new Set(w.programme.grades.filter((g) => g.manages).map((g) => g.id));
    for (const s of e.snapshot.staff) {
      if (!s.active || managing.has(s.grade ?? '') || used.has(s.section) || s.upn === officeApprover.upn || !pred(s)) continue;
      const m = sectionApproverOf(w.programme, e.snapshot, s.department, s.section, s.upn);
      const manager = m ? e.snapshot.staffByUpn.get(m) : undefined;
      if (!manager || manager.section !== s.section) continue;
      used.add(s.section);
      return { staff: s, manager };
    }
    throw new Error('no reporter with a section manager left');
  }

  /** Items of a list read back from SharePoint, by a column's value. */
  async function itemsWhere(list: string, column: string, value: string): Promise<Array<Record<string, unknown>>> {
    const ids = await listIds(graph.api, w.tenant.siteId);
    const page = await graph.api.get<{ value: Array<{ fields: Record<string, unknown> }> }>(
      `/sites/${w.tenant.siteId}/lists/${ids[list as keyof typeof ids]}/items?$expand=fields&$top=5000&$filter=${encodeURIComponent(`fields/${column} eq '${value}'`)}`,
    );
    return page.value.map((i) => i.fields);
  }

  /** The skills of 一般行政職員 Step2 (ツール活用) a person is still below, with the level it asks. */
  function missingTools(s: StaffRecord): Array<{ skill: string; level: number }> {
    const step2 = w.programme.roles.find((r) => r.id === 'general-staff')!.steps[1]!.requires;
    const wanted = (step2.kind === 'allOf' ? step2.items : [step2]).flatMap((r) => (r.kind === 'skill' ? [{ skill: r.skill, level: r.level }] : []));
    const held = w.evaluated().snapshot.skillLevels.get(s.upn);
    return wanted.filter((x) => !(held?.get(x.skill) ?? []).some((l) => l.level >= x.level));
  }

  it('in chat: 報告 → the form → the manager’s card → 承認 writes the fact, updates both cards and tells the reporter their new step; a stale press is told', async () => {
    // Someone on 一般行政職員 Step1 whom one tool skill keeps from Step2.
    const atStep1 = (s: StaffRecord): boolean => w.evaluated().byUpn.get(s.upn)?.roles.find((r) => r.role === 'general-staff')?.stepsReached === 1;
    const { staff, manager } = reporter((s) => atStep1(s) && missingTools(s).length === 1);
    const [tool] = missingTools(staff);
    const managerChat = await chatOf(manager);
    const chat = await chatOf(staff);

    const choose = await w.say(chat, '報告');
    expect(verbsOf(cardOf(choose[0]))).toEqual(expect.arrayContaining(['report.start']));
    const courses = await w.invoke(chat, 'report.start', { kind: 'course' }, choose[0]!.activityId);
    expect(cardText(courses.card)).toContain('プロジェクトマネジメント研修');
    // Outside courses that need a certificate are left to the tab, which can upload it.
    expect(cardText(courses.card)).toContain('変革マネジメント研修');
    expect(cardText(courses.card)).toContain('タブ');
    const form = await w.invoke(chat, 'report.start', { kind: 'skill' }, choose[0]!.activityId);
    expect(verbsOf(form.card)).toContain('report.submit');

    // A refused submit keeps what was typed and names the field.
    const inputs = { reportHours: '', reportCertificate: '', reportTitle: '', reportItem: tool!.skill, reportLevel: String(tool!.level) };
    const bad = await w.invoke(chat, 'report.submit', { kind: 'skill', ...inputs, reportDate: '2026-12-01', reportNote: '' }, choose[0]!.activityId);
    expect(cardText(bad.card)).toContain('「評価日」が未来の日付です: 2026-12-01');
    expect(await itemsWhere('Submissions', 'SubjectUpn', staff.upn)).toHaveLength(0);

    const note = '**太字** [リンク](https://evil.example) ${t.reportConfirm}';
    const sent = await w.invoke(chat, 'report.submit', { kind: 'skill', ...inputs, reportDate: '2026-11-10', reportNote: note }, choose[0]!.activityId);
    // The form became the reporter's copy: waiting, no buttons for them.
    expect(cardText(sent.card)).toContain('確認待ち');
    expect(verbsOf(sent.card)).not.toContain('report.confirm');
    const id = String((sent.card.refresh?.action as { data?: { reportId?: string } } | undefined)?.data?.reportId ?? '');
    expect(id).toMatch(/^\d+$/);

    const request = w.deliveries(managerChat).filter((d) => verbsOf(cardOf(d)).includes('report.confirm'));
    expect(request).toHaveLength(1);
    const requestCard = cardOf(request[0]);
    expect(requestCard.refresh?.userIds).toEqual([managerChat.reference.user!.id]);
    // What the reporter typed is a TextRun as typed: never markdown, never a template binding.
    const runs = JSON.stringify(requestCard);
    expect(runs).toContain(JSON.stringify({ type: 'TextRun', text: note }).slice(1, -1));
    expect((requestCard.body as Array<{ type: string; text?: string }>).some((b) => b.type === 'TextBlock' && b.text?.includes('太字'))).toBe(false);

    const before = w.evaluated().byUpn.get(staff.upn)!;
    const confirmed = await w.invoke(managerChat, 'report.confirm', { reportId: id, comment: '' }, request[0]!.activityId);
    expect(cardText(confirmed.card)).toContain('確認されました');
    expect(verbsOf(confirmed.card)).not.toContain('report.confirm');

    // The fact is in its list (the person's own assessment) with who confirmed it; the evaluation has it at once.
    const rows = (await itemsWhere('SkillLevels', 'Upn', staff.upn)).filter((f) => f.Skill === tool!.skill && f.Level === tool!.level);
    expect(rows).toEqual([expect.objectContaining({ Assessor: staff.upn, ConfirmedByUpn: manager.upn })]);
    expect(w.evaluated().byUpn.get(staff.upn)!.roles.find((r) => r.role === 'general-staff')!.stepsReached).toBe(2);

    // The reporter's copy (the form it replaced) was updated in place; the reporter is told what changed.
    const copy = w.deliveries(chat).find((d) => d.activityId === choose[0]!.activityId);
    expect(copy!.versions.length).toBeGreaterThanOrEqual(2);
    expect(cardText(cardOf(copy))).toContain('確認されました');
    const told = cardText(cardOf(w.deliveries(chat).slice(-1)[0]));
    expect(told).toContain('報告が確認されました');
    expect(before.roles.find((r) => r.role === 'general-staff')!.stepsReached).toBe(1);
    expect(told).toContain('「一般行政職員」のステップ2（Step2 ツール活用）に到達しました');

    // A stale press: nothing changes, and the card says it is decided.
    const stale = await w.invoke(managerChat, 'report.return', { reportId: id, comment: '再確認' }, request[0]!.activityId);
    expect(cardText(stale.card)).toContain('すでに確認待ちではありません');
    expect((await itemsWhere('Submissions', 'SubjectUpn', staff.upn)).map((f) => f.Status)).toEqual(['confirmed']);
  });

  it('refuses bad input field by field (Japanese, with English for the English UI) and a report about someone else; nothing is written', async () => {
    const { staff } = reporter();
    const other = w.evaluated().snapshot.staff.find((s) => s.active && s.upn !== staff.upn)!;
    const post = (body: unknown): Promise<Response> => tab(staff.upn, '/api/reports', { method: 'POST', body: JSON.stringify(body) });

    const bad = await post({ kind: 'course', item: 'no-such-course', date: '2026-13-40', hours: '-2' });
    expect(bad.status).toBe(422);
    const refused = await json<{ error: { code: string; details: { errors: Array<{ field: string; code: string; message: { ja: string; en: string } }> } } }>(bad);
    expect(refused.error.code).toBe('REPORT.INVALID');
    expect(refused.error.details.errors.map((e) => [e.field, e.code])).toEqual([
      ['item', 'REPORT.ITEM_UNKNOWN'],
      ['date', 'REPORT.DATE_UNREADABLE'],
      ['hours', 'REPORT.HOURS_INVALID'],
      ['note', 'REPORT.NOTE_REQUIRED'],
    ]);
    expect(refused.error.details.errors[1]!.message.en).toBe('Date completed is not a date: "2026-13-40" (e.g. 2026-04-01)');

    const future = await json<{ error: { details: { errors: Array<{ field: string; message: { ja: string } }> } } }>(await post({ kind: 'skill', item: 'no-skill', date: '2099-01-01', level: 9 }));
    expect(future.error.details.errors.map((e) => `${e.field}: ${e.message.ja}`)).toEqual([
      'item: 「スキル」: プログラムにないスキルです: "no-skill"',
      'date: 「評価日」が未来の日付です: 2099-01-01（今日は 2026-11-24）',
      'level: 「レベル」は 0〜3 の整数で選んでください: "9"',
    ]);

    const forged = await post({ kind: 'course', item: 'project-management', date: '2026-11-01', note: 'x', subjectUpn: other.upn });
    expect(forged.status).toBe(403);
    expect((await json<{ error: { code: string } }>(forged)).error.code).toBe('REPORT.NOT_SELF');
    expect(await itemsWhere('Submissions', 'SubjectUpn', staff.upn)).toHaveLength(0);
    expect(await itemsWhere('Submissions', 'SubjectUpn', other.upn)).toHaveLength(0);
  });

  it('takes a certificate within the programme’s limits and types, keeps it in the document library and gives it only to the reporter and those who confirm', async () => {
    const { staff } = reporter();
    const stranger = reporter().staff;
    const upload = (file: Buffer, name: string, item = 'change-management'): Promise<Response> => {
      const form = new FormData();
      form.set('report', JSON.stringify({ kind: 'course', item, date: '2026-10-20', note: '外部講座（3日間）' }));
      form.set('file', new Blob([file], { type: 'application/pdf' }), name);
      return tab(staff.upn, '/api/reports', { method: 'POST', body: form });
    };
    const drive = async (): Promise<number> => {
      const folder = await graph.api.get<{ id: string }>(`/sites/${w.tenant.siteId}/drive/root:/SkillSteps_Evidence`).catch(() => undefined);
      if (!folder) return 0;
      return (await graph.api.get<{ value: unknown[] }>(`/sites/${w.tenant.siteId}/drive/items/${folder.id}/children`)).value.length;
    };
    const filesBefore = await drive();

    // Not a PDF whatever its name; too large for the programme (5 MB); too large to read at all.
    const fake = await upload(Buffer.from('<html>not a certificate</html>'), '合格証.pdf');
    expect(fake.status).toBe(422);
    expect((await json<{ error: { details: { errors: Array<{ field: string; code: string }> } } }>(fake)).error.details.errors).toEqual([expect.objectContaining({ field: 'file', code: 'REPORT.FILE_TYPE' })]);
    const big = await upload(Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024)]), 'big.pdf');
    expect(big.status).toBe(422);
    expect((await json<{ error: { details: { errors: Array<{ field: string; code: string; message: { ja: string } }> } } }>(big)).error.details.errors[0]).toMatchObject({ field: 'file', code: 'REPORT.FILE_TOO_LARGE', message: { ja: '「ファイル」が大きすぎます: 6 MB（5 MB まで）' } });
    const huge = await upload(Buffer.alloc(11 * 1024 * 1024), 'huge.pdf');
    expect(huge.status).toBe(413);
    expect((await json<{ error: { code: string } }>(huge)).error.code).toBe('REQUEST.TOO_LARGE');
    expect(await drive()).toBe(filesBefore);
    expect(await itemsWhere('Submissions', 'SubjectUpn', staff.upn)).toHaveLength(0);

    const ok = await upload(PDF, '修了証 "変革".pdf');
    expect(ok.status).toBe(201);
    const { report } = await json<{ report: ReportView }>(ok);
    expect(report).toMatchObject({ status: 'pending', confirmer: { upn: officeApprover.upn }, confirmedBy: 'office', evidence: { contentType: 'application/pdf', size: PDF.length } });
    expect(await drive()).toBe(filesBefore + 1);
    const item = (await itemsWhere('Submissions', 'SubjectUpn', staff.upn))[0]!;
    expect(String(item.EvidenceUrl)).toContain('/Shared%20Documents/SkillSteps_Evidence/');

    const as = (upn: string, office = false): Promise<Response> => tab(upn, `/api/reports/${report.id}/evidence`, { office });
    const mine = await as(staff.upn);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await mine.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await as(stranger.upn)).status).toBe(404);
    expect((await as(officeApprover.upn)).status).toBe(200);
    expect((await as(stranger.upn, true)).status).toBe(200);

    // The office approver sees it in their queue; a stranger's queue does not have it.
    const queue = await json<ReportView[]>(await tab(officeApprover.upn, '/api/reports?scope=queue&status=pending'));
    expect(queue.map((r) => r.id)).toContain(report.id);
    expect((await json<ReportView[]>(await tab(stranger.upn, '/api/reports?scope=queue'))).map((r) => r.id)).not.toContain(report.id);
  });

  it('refuses the reporter and another section’s manager (nothing changes); of two confirmers pressing at once one decides, the other is told', async () => {
    const { staff, manager } = reporter();
    const elsewhere = reporter().manager;
    const created = await tab(staff.upn, '/api/reports', { method: 'POST', body: JSON.stringify({ kind: 'contribution', item: '後進の指導', date: '2026-11-02', title: '新任者のOJT', note: '4月から毎週' }) });
    expect(created.status).toBe(201);
    const { report } = await json<{ report: ReportView }>(created);
    expect(report.confirmer?.upn).toBe(manager.upn);
    const decide = (upn: string, decision: string, office = false, comment = ''): Promise<Response> =>
      tab(upn, `/api/reports/${report.id}/decision`, { method: 'POST', office, body: JSON.stringify({ decision, comment }) });

    for (const [upn, office] of [[staff.upn, true], [elsewhere.upn, false]] as const) {
      const r = await decide(upn, 'confirm', office);
      expect(r.status).toBe(403);
      expect((await json<{ error: { code: string } }>(r)).error.code).toBe('REPORT.NOT_CONFIRMER');
    }
    expect((await decide(manager.upn, 'return')).status).toBe(422); // 差し戻し needs a reason
    expect((await itemsWhere('Submissions', 'SubjectUpn', staff.upn)).map((f) => f.Status)).toEqual(['pending']);

    // With Graph slow, both presses read the report before either writes: only If-Match keeps it to one decision.
    w.tenant.setFaults({ latencyMs: 150 });
    const [a, b] = await Promise.all([decide(manager.upn, 'confirm'), decide(officeApprover.upn, 'return', true, '日付を確認してください')]).finally(() => w.tenant.setFaults({ latencyMs: 0 }));
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect((await json<{ error: { code: string; message: string } }>(loser)).error).toMatchObject({ code: 'REPORT.NOT_PENDING', message: expect.stringMatching(/すでに(確認済み|差し戻し済み)|同時に変更/) });
    const status = (await itemsWhere('Submissions', 'SubjectUpn', staff.upn)).map((f) => f.Status);
    expect(status).toHaveLength(1);
    const facts = (await itemsWhere('Contributions', 'Upn', staff.upn)).filter((f) => f.Title === '新任者のOJT');
    expect(facts).toHaveLength(status[0] === 'confirmed' ? 1 : 0);
  });

  it('lets a manager confirm several reports at once, each re-checked: another section’s report in the batch is refused on its own', async () => {
    const one = reporter();
    const two = { staff: w.evaluated().snapshot.staff.find((s) => s.active && s.section === one.staff.section && s.upn !== one.staff.upn && s.upn !== one.manager.upn && !w.programme.grades.find((g) => g.id === s.grade)?.manages)! };
    const stranger = reporter().staff;
    const ids: string[] = [];
    for (const who of [one.staff, two.staff, stranger]) {
      const r = await tab(who.upn, '/api/reports', { method: 'POST', body: JSON.stringify({ kind: 'course', item: 'bpr', date: '2026-11-05', note: '外部研修' }) });
      expect(r.status).toBe(201);
      ids.push((await json<{ report: ReportView }>(r)).report.id);
    }
    const queue = await json<ReportView[]>(await tab(one.manager.upn, '/api/reports?scope=queue&status=pending'));
    expect(queue.map((r) => r.id)).toEqual(expect.arrayContaining(ids.slice(0, 2)));
    expect(queue.map((r) => r.id)).not.toContain(ids[2]);
    const res = await tab(one.manager.upn, '/api/reports/decisions', { method: 'POST', body: JSON.stringify({ ids, decision: 'confirm' }) });
    expect(res.status).toBe(200);
    const out = await json<{ results: Array<{ id: string; ok: boolean; code?: string }>; decided: number; refused: number }>(res);
    expect(out).toMatchObject({ decided: 2, refused: 1 });
    expect(out.results.map((r) => [r.id, r.ok, r.code])).toEqual([
      [ids[0], true, undefined],
      [ids[1], true, undefined],
      [ids[2], false, 'REPORT.NOT_CONFIRMER'],
    ]);
    // Applied at once: the tab reads the new state without a sync.
    const mine = await json<ReportView[]>(await tab(one.staff.upn, '/api/reports?scope=mine'));
    expect(mine.find((r) => r.id === ids[0])?.status).toBe('confirmed');
  });
});
