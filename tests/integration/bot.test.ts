/**
 * The bot over real HTTP as Teams drives it (tests/helpers/bot-world.ts): installs, commands,
 * mute, channel mapping, and nominations from the form to the decision — approve, reject, a
 * non-approver pressing, a stale card, two presses at the same moment — with every card copy
 * updated and the nominee and the channel told. State in Azurite, lists in the local tenant.
 */
import type { Evaluated } from '../../src/app/programme-service';
import type { JobsView } from '../../src/app/views';
import { checkNomination } from '../../src/domain/nomination-rules';
import type { StaffRecord } from '../../src/domain/records';
import { createItem } from '../../src/sharepoint/graph-list-writer';
import { listIds } from '../../src/sharepoint/provision';
import { cardOf, cardText, startBotWorld, verbsOf, type BotWorld, type Chat, type Person } from '../helpers/bot-world';
import { graphApiOf } from '../helpers/tenant';

jest.setTimeout(120_000);

describe('the bot at /api/messages', () => {
  let w: BotWorld;
  let office: StaffRecord;
  const chats = new Map<string, Chat>();

  /** The person's personal chat, installed on first use. */
  async function chatOf(p: Person): Promise<Chat> {
    let c = chats.get(p.upn);
    if (!c) {
      c = await w.install({ upn: p.upn, name: p.name });
      chats.set(p.upn, c);
    }
    return c;
  }

  beforeAll(async () => {
    const officeOf = (e: Evaluated): StaffRecord => e.snapshot.staff.find((x) => x.active && x.section === 'DX推進課') ?? e.snapshot.staff.find((x) => x.active)!;
    w = await startBotWorld({ staff: 1000, office: (e) => [officeOf(e).upn] });
    office = officeOf(w.evaluated());
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  /** A tab API call with the local tenant's token for a person. */
  async function tab(upn: string, path: string, init: RequestInit = {}): Promise<Response> {
    const token = await w.tenant.issueUserToken(upn, `api://localhost/${w.tenant.clientId}`);
    return fetch(`${w.server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  }

  it('a manager reminds a member from the tab: queued once a day, refused for someone without the app and outside the section', async () => {
    const e = w.evaluated();
    const managers = new Set(w.programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
    const manager = staffWith((s) => managers.has(s.grade ?? '') && e.snapshot.staff.filter((m) => m.active && m.section === s.section && e.byUpn.get(m.upn)!.nextActions.length > 0).length >= 2);
    const member = e.snapshot.staff.find((m) => m.active && m.upn !== manager.upn && m.section === manager.section && e.byUpn.get(m.upn)!.nextActions.length > 0 && !chats.has(m.upn));
    const notInstalled = e.snapshot.staff.find((m) => m.active && m.upn !== manager.upn && m.upn !== member?.upn && m.section === manager.section && !managers.has(m.grade ?? '') && !chats.has(m.upn));
    await chatOf(member!);
    const queued = await w.server.state!.queue().approximateCount();

    const ok = await tab(manager.upn, `/api/people/${encodeURIComponent(member!.upn)}/remind`, { method: 'POST' });
    expect(ok.status).toBe(202);
    expect(await w.server.state!.queue().approximateCount()).toBe(queued + 1);
    expect((await w.server.state!.reminders.get(w.today, member!.upn))?.state).toBe('planned');

    const again = await tab(manager.upn, `/api/people/${encodeURIComponent(member!.upn)}/remind`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('REMINDER.ALREADY_TODAY');

    const none = await tab(manager.upn, `/api/people/${encodeURIComponent(notInstalled!.upn)}/remind`, { method: 'POST' });
    expect(none.status).toBe(409);
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('SkillSteps を追加していない');

    // Staff cannot remind their colleagues.
    const refused = await tab(member!.upn, `/api/people/${encodeURIComponent(notInstalled!.upn)}/remind`, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(await w.server.state!.queue().approximateCount()).toBe(queued + 1);
  });

  it('a reminder asked for at night waits for the next sending window: the sender is told when, 運用状況 shows it scheduled', async () => {
    const e = w.evaluated();
    const managers = new Set(w.programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
    const manager = staffWith((s) => managers.has(s.grade ?? '') && e.snapshot.staff.some((m) => m.active && m.section === s.section && m.upn !== s.upn && !chats.has(m.upn) && e.byUpn.get(m.upn)!.nextActions.length > 0));
    const member = e.snapshot.staff.find((m) => m.active && m.section === manager.section && m.upn !== manager.upn && !chats.has(m.upn) && e.byUpn.get(m.upn)!.nextActions.length > 0)!;
    await chatOf(member);
    // 0:25 JST on Wednesday 11/25 (the world's day is Tuesday 11/24): outside 9:30–17:00.
    w.setTime(new Date('2026-11-24T15:25:00Z'));
    try {
      const res = await tab(manager.upn, `/api/people/${encodeURIComponent(member.upn)}/remind`, { method: 'POST' });
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ day: '2026-11-25', scheduled: true, sendAt: '2026-11-25T00:30:00.000Z' });
      const entry = await w.server.state!.reminders.get('2026-11-25', member.upn);
      expect(entry).toMatchObject({ state: 'planned', notBefore: '2026-11-25T00:30:00.000Z' });
      const token = await w.tenant.issueUserToken(office.upn, `api://localhost/${w.tenant.clientId}`, { roles: ['ProgrammeOffice'] });
      const jobs = (await (await fetch(`${w.server.url}/api/jobs`, { headers: { authorization: `Bearer ${token}` } })).json()) as JobsView;
      expect(jobs.remindersScheduled).toEqual({ count: 1, sendAt: '2026-11-25T00:30:00.000Z' });
    } finally {
      w.setTime(undefined);
    }
  });

  it('shows the programme office the scheduled jobs, and no one else', async () => {
    const res = await tab(office.upn, '/api/jobs');
    expect(res.status).toBe(403); // the office in chat (SKILLSTEPS_OFFICE_UPNS) is not the tab's office role
    const token = await w.tenant.issueUserToken(office.upn, `api://localhost/${w.tenant.clientId}`, { roles: ['ProgrammeOffice'] });
    const read = async (): Promise<JobsView> => {
      const jobs = await fetch(`${w.server.url}/api/jobs`, { headers: { authorization: `Bearer ${token}` } });
      expect(jobs.status).toBe(200);
      return (await jobs.json()) as JobsView;
    };
    const before = await read();
    expect(before.scheduler.jobs.map((j) => [j.name, j.schedule])).toEqual([
      ['reminders-plan', { kind: 'daily' }],
      ['reminders-requeue', { kind: 'every', minutes: 5 }],
      ['channel-digest', { kind: 'every', minutes: 10 }],
      ['nominations-reconcile', { kind: 'every', minutes: 15 }],
      ['nominations-remind', { kind: 'daily' }],
    ]);
    // The world runs with SKILLSTEPS_JOBS=false: no instance ticks, and the office is told so.
    expect(before.scheduler.alive).toBe(false);
    expect(before.remindersToday.day).toBe(w.today);
    expect(before.digests.week <= w.today).toBe(true);

    // A run is kept in Storage and shown from there.
    await w.server.jobs!.run('nominations-reconcile');
    const after = await read();
    const reconcile = after.scheduler.jobs.find((j) => j.name === 'nominations-reconcile')!;
    expect(reconcile).toMatchObject({ running: false, last: { ok: true, done: true, instanceId: w.server.state!.instanceId, summary: { added: 0 } } });
    expect((await w.server.state!.jobs.read()).jobs.get('nominations-reconcile')?.lastDone?.startedAt).toBe(reconcile.last!.startedAt);
  });

  const staffWith = (pred: (s: StaffRecord) => boolean): StaffRecord => {
    const s = w.evaluated().snapshot.staff.find((x) => x.active && pred(x));
    if (!s) throw new Error('no such staff member in the generated municipality');
    return s;
  };

  it('stores the chat on install and greets with the help card', async () => {
    const someone = staffWith((s) => w.evaluated().byUpn.get(s.upn)!.nextActions.length > 0);
    const chat = await chatOf(someone);
    const stored = await w.server.state!.conversations.personal(someone.upn);
    // Nothing went wrong: no warning but the local-mode banner every local start logs.
    expect(w.log.filter((l) => l.level !== 'info' && !String(l.message).startsWith('*** LOCAL MODE ***'))).toEqual([]);
    expect(stored?.key).toBe(`user:${someone.upn}`);
    expect(stored?.teamsUserId).toBe(chat.reference.user!.id);
    const greeting = w.deliveries(chat);
    expect(greeting).toHaveLength(1);
    expect(cardText(cardOf(greeting[0]))).toContain('ステップ');
  });

  it('answers ステップ, 未受講 and ヘルプ, forgiving full-width and spacing, and unknown input with help', async () => {
    const someone = staffWith((s) => w.evaluated().byUpn.get(s.upn)!.nextActions.length > 0);
    const progress = w.evaluated().byUpn.get(someone.upn)!;
    const chat = await chatOf(someone);

    const step = await w.say(chat, '  ｽﾃｯﾌﾟ ');
    expect(step).toHaveLength(1);
    const stepText = cardText(cardOf(step[0]));
    for (const role of progress.roles) expect(stepText).toContain(role.label.ja);

    const pending = cardText(cardOf((await w.say(chat, '未受講'))[0]));
    expect(pending).toContain(progress.nextActions[0]!.label.ja);

    const help = cardText(cardOf((await w.say(chat, 'ＨＥＬＰ'))[0]));
    expect(help).toContain('未受講');
    const unknown = cardText(cardOf((await w.say(chat, 'こんにちは'))[0]));
    expect(unknown).toContain('こんにちは');
    expect(unknown).toContain('ヘルプ');

    const en = await w.say(chat, 'my step');
    expect(cardText(cardOf(en[0]))).toContain(progress.roles[0]!.label.ja);
  });

  it('mutes reminders for the days asked and resumes them', async () => {
    const someone = staffWith(() => true);
    const chat = await chatOf(someone);
    const muted = cardText(cardOf((await w.say(chat, 'リマインド停止 7日'))[0]));
    expect(muted).toContain('リマインドを止めました');
    expect((await w.server.state!.reminders.mutes()).get(someone.upn)).toBe('2026-12-01');
    await w.say(chat, '再開');
    expect((await w.server.state!.reminders.mutes()).has(someone.upn)).toBe(false);
    // The reminder card's button does the same.
    const answer = await w.invoke(chat, 'reminders.mute', { days: 'fiscalYearEnd' });
    expect(cardText(answer.card)).toContain('2027');
    expect((await w.server.state!.reminders.mutes()).get(someone.upn)).toBe('2027-03-31');
  });

  it('maps a channel to a 部 for the programme office only, in a channel only', async () => {
    const officeChat = await chatOf(office);
    const other = await chatOf(staffWith((s) => s.upn !== office.upn && s.section !== 'DX推進課'));
    const channel = await w.installChannel(officeChat, '全庁 DX / 一般');
    const department = office.department === '総務部' ? '総務部' : w.evaluated().snapshot.staff.find((s) => s.active)!.department;

    // Someone else is refused, and nothing is mapped.
    const refused = cardText(cardOf((await w.say(channel, `<at>SkillSteps</at> このチャネルを ${department} に設定`, other))[0]));
    expect(refused).toContain('事務局');
    expect(await w.server.state!.conversations.channelOf(department)).toBeUndefined();

    // Not in a personal chat.
    expect(cardText(cardOf((await w.say(officeChat, `このチャネルを ${department} に設定`))[0]))).toContain('チャネル');

    // An unknown 部: told so, and offered the list.
    const unknown = await w.say(channel, '<at>SkillSteps</at> このチャネルを 存在しない部 に設定', officeChat);
    expect(unknown.map((d) => cardText(cardOf(d))).join('\n')).toContain('存在しない部');
    expect(verbsOf(cardOf(unknown[unknown.length - 1]))).toContain('channel.map');

    const mapped = cardText(cardOf((await w.say(channel, `<at>SkillSteps</at> このチャネルを　${department}　に設定`, officeChat))[0]));
    expect(mapped).toContain(department);
    expect((await w.server.state!.conversations.channelOf(department))?.key).toBe(`channel:${channel.conversationId}`);
  });

  it('posts the weekly digest to each mapped channel once (the scheduler job, run twice)', async () => {
    const mapped = await w.server.state!.conversations.mappedChannels();
    expect(mapped.length).toBeGreaterThan(0);
    const before = new Map(mapped.map((c) => [c.key, w.teams.deliveries({ conversationId: c.key.slice('channel:'.length) }).length]));
    const first = (await w.server.jobs!.run('channel-digest')) as unknown as { ok: boolean; summary: { sent: number; week?: string; skipped?: string } };
    expect(first.ok).toBe(true);
    // 2026-11-23 (Monday) is 勤労感謝の日: the week's digest goes out on Tuesday the 24th.
    expect(first.summary).toMatchObject({ week: '2026-11-23', sent: mapped.length });
    for (const c of mapped) {
      const posted = w.teams.deliveries({ conversationId: c.key.slice('channel:'.length) }).slice(before.get(c.key));
      expect(posted).toHaveLength(1);
      expect(cardText(cardOf(posted[0]))).toContain(c.department!);
      expect(cardText(cardOf(posted[0]))).toContain('受講率');
    }
    const second = (await w.server.jobs!.run('channel-digest')) as unknown as { summary: { sent: number; alreadySent: number } };
    expect(second.summary).toMatchObject({ sent: 0, alreadySent: mapped.length });
  });

  describe('nominations', () => {
    /** A section with a free seat for the first nominated role, its manager, and members who manage nothing. */
    function freeSection(exclude: Set<string>, only?: Set<string>): { manager: StaffRecord; members: StaffRecord[]; role: string } {
      const e = w.evaluated();
      const programme = w.programme;
      const role = programme.roles.find((r) => r.assignment === 'nominated')!;
      const managing = new Set(programme.grades.filter((g) => g.manages).map((g) => g.id));
      const sectionManagers = new Set(programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
      const taken = new Set<string>();
      for (const r of e.snapshot.records.roles) if (r.role === role.id && (!r.end || r.end >= e.asOf)) taken.add(r.section ?? e.snapshot.staffByUpn.get(r.upn)?.section ?? '');
      for (const n of e.snapshot.records.nominations) if (n.role === role.id && n.status === 'pending') taken.add(n.section);
      for (const m of e.snapshot.staff) {
        if (!m.active || !sectionManagers.has(m.grade ?? '') || taken.has(m.section) || exclude.has(m.section) || (only && !only.has(m.section))) continue;
        const members = e.snapshot.staff.filter((s) => s.active && s.section === m.section && s.department === m.department && !managing.has(s.grade ?? ''));
        const eligible = members.filter((s) => role.nomination!.eligibleGrades.includes(s.grade ?? ''));
        if (eligible.length >= 1 && members.length >= 2) return { manager: m, members: [...eligible, ...members.filter((s) => !eligible.includes(s))], role: role.id };
      }
      throw new Error('no section with a free seat');
    }

    const used = new Set<string>();
    /** Sections whose nomination a test rejected: their seat is free again. */
    const rejectedSections = new Set<string>();
    /** Nominates through the form like a manager would: 推薦 → submit (→ confirm warnings). Returns the nomination id and the chats. */
    async function nominateInChat(): Promise<{ id: string; manager: Chat; approver: Chat; nominee: StaffRecord; nomineeChat: Chat; formId: string }> {
      const { manager, members, role } = freeSection(used);
      used.add(manager.section);
      const nominee = members[0]!;
      const check = checkNomination(w.programme, w.evaluated().snapshot, { nominatorUpn: manager.upn, nominatorIsOffice: false, nomineeUpn: nominee.upn, role, asOf: w.evaluated().asOf });
      expect(check.errors).toEqual([]);
      const approverStaff = w.evaluated().snapshot.staffByUpn.get(check.approverUpn!)!;
      const [managerChat, approverChat, nomineeChat] = [await chatOf(manager), await chatOf(approverStaff), await chatOf(nominee)];

      const form = await w.say(managerChat, '推薦');
      expect(form).toHaveLength(1);
      const formCard = cardOf(form[0]);
      expect(verbsOf(formCard)).toContain('nomination.submit');
      expect(cardText(formCard)).toContain(nominee.name);

      let answer = await w.invoke(managerChat, 'nomination.submit', { section: manager.section, confirmWarnings: false, nominee: nominee.upn, role, reason: 'RPA の導入を主導', replaces: '' }, form[0]!.activityId);
      if (verbsOf(answer.card).filter((v) => v === 'nomination.submit').length > 1) {
        // Warnings (a grade outside 「原則」, a planned transfer): confirm them.
        answer = await w.invoke(managerChat, 'nomination.submit', { section: manager.section, confirmWarnings: true, nominee: nominee.upn, role, reason: 'RPA の導入を主導', replaces: '' }, form[0]!.activityId);
      }
      // The form became the nominator's copy: pending, no buttons for them.
      expect(cardText(answer.card)).toContain(nominee.name);
      expect(verbsOf(answer.card)).not.toContain('nomination.approve');
      const id = String((answer.card.refresh?.action as { data?: { nominationId?: string } } | undefined)?.data?.nominationId ?? '');
      expect(id).not.toBe('');
      return { id, manager: managerChat, approver: approverChat, nominee, nomineeChat, formId: form[0]!.activityId };
    }

    it('sends the approver a card with 承認 / 却下; only the approver can decide; approval adds the role, updates every copy, welcomes the nominee and tells the channel', async () => {
      const n = await nominateInChat();
      const request = w.deliveries(n.approver).filter((d) => verbsOf(cardOf(d)).includes('nomination.approve'));
      expect(request).toHaveLength(1);
      const requestCard = cardOf(request[0]);
      expect(requestCard.refresh?.userIds).toEqual([n.approver.reference.user!.id]);
      expect(cardText(requestCard)).toContain('RPA の導入を主導');

      // The manager presses 承認 on a copy of the approver's card: refused, nothing changes.
      const wrong = await w.invoke(n.manager, 'nomination.approve', { nominationId: n.id, comment: '' }, n.formId);
      expect(cardText(wrong.card)).toContain('承認者');
      expect(verbsOf(wrong.card)).not.toContain('nomination.approve');
      expect(w.evaluated().snapshot.records.nominations.find((x) => x.itemId === n.id)?.status).toBe('pending');

      // A refresh shows the approver the buttons.
      const refreshed = await w.invoke(n.approver, 'nomination.refresh', { nominationId: n.id }, request[0]!.activityId);
      expect(verbsOf(refreshed.card)).toEqual(expect.arrayContaining(['nomination.approve', 'nomination.reject']));

      // The nominee's 部 has a channel: the office maps it (as in the channel test).
      const officeChat = await chatOf(office);
      const channel = await w.installChannel(officeChat, `${n.nominee.department} / 一般`);
      await w.say(channel, `<at>SkillSteps</at> このチャネルを ${n.nominee.department} に設定`, officeChat);
      const channelBefore = w.deliveries(channel).length;

      const approved = await w.invoke(n.approver, 'nomination.approve', { nominationId: n.id, comment: 'よろしくお願いします' }, request[0]!.activityId);
      expect(cardText(approved.card)).toContain('承認');
      expect(cardText(approved.card)).toContain('よろしくお願いします');
      expect(verbsOf(approved.card)).not.toContain('nomination.approve');

      const e = w.evaluated();
      expect(e.snapshot.records.nominations.find((x) => x.itemId === n.id)?.status).toBe('approved');
      expect(e.snapshot.records.roles.filter((r) => r.upn === n.nominee.upn && r.source === `推薦 #${n.id} 承認`)).toHaveLength(1);

      // The nominator's copy (the form, replaced) was updated in place to the decision.
      const copy = w.deliveries(n.manager).find((d) => d.activityId === n.formId);
      expect(copy).toBeDefined();
      expect(copy!.versions.length).toBeGreaterThanOrEqual(2);
      expect(cardText(cardOf(copy))).toContain('承認されました');

      // The nominee hears it, with their first steps.
      const welcome = w.deliveries(n.nomineeChat).slice(-1)[0];
      expect(cardText(cardOf(welcome))).toContain(w.programme.roles.find((r) => r.assignment === 'nominated')!.label.ja);

      // The department's channel is told.
      const announced = w.deliveries(channel).slice(channelBefore);
      expect(announced).toHaveLength(1);
      expect(cardText(cardOf(announced[0]))).toContain(n.nominee.name);

      // A stale press (the approver's old card): no change, and the card says it is decided.
      const stale = await w.invoke(n.approver, 'nomination.reject', { nominationId: n.id, comment: '' }, request[0]!.activityId);
      expect(cardText(stale.card)).toContain('承認待ちではありません');
      expect(w.evaluated().snapshot.records.nominations.find((x) => x.itemId === n.id)?.status).toBe('approved');
    });

    it('rejects with a comment: no role, the nominee is not told', async () => {
      const n = await nominateInChat();
      rejectedSections.add(w.evaluated().snapshot.staffByUpn.get(n.nominee.upn)!.section);
      const before = w.deliveries(n.nomineeChat).length;
      const request = w.deliveries(n.approver).filter((d) => verbsOf(cardOf(d)).includes('nomination.approve')).slice(-1)[0]!;
      const rejected = await w.invoke(n.approver, 'nomination.reject', { nominationId: n.id, comment: '来年度に改めて' }, request.activityId);
      expect(cardText(rejected.card)).toContain('却下');
      expect(cardText(rejected.card)).toContain('来年度に改めて');
      const e = w.evaluated();
      expect(e.snapshot.records.nominations.find((x) => x.itemId === n.id)?.status).toBe('rejected');
      expect(e.snapshot.records.roles.some((r) => r.source === `推薦 #${n.id} 承認`)).toBe(false);
      expect(w.deliveries(n.nomineeChat)).toHaveLength(before);
    });

    it('two presses at the same moment: one decision is written, the other is told, one Roles item', async () => {
      const n = await nominateInChat();
      const request = w.deliveries(n.approver).filter((d) => verbsOf(cardOf(d)).includes('nomination.approve')).slice(-1)[0]!;
      const answers = await Promise.all([
        w.invoke(n.approver, 'nomination.approve', { nominationId: n.id, comment: '' }, request.activityId),
        w.invoke(n.approver, 'nomination.reject', { nominationId: n.id, comment: '' }, request.activityId),
      ]);
      const texts = answers.map((a) => cardText(a.card));
      const status = w.evaluated().snapshot.records.nominations.find((x) => x.itemId === n.id)?.status;
      expect(['approved', 'rejected']).toContain(status);
      // Exactly one of the two was refused with the current state.
      expect(texts.filter((t) => /承認待ちではありません|ほかの人がこの推薦を更新しました/.test(t))).toHaveLength(1);
      const roles = w.evaluated().snapshot.records.roles.filter((r) => r.source === `推薦 #${n.id} 承認`);
      expect(roles).toHaveLength(status === 'approved' ? 1 : 0);
    });

    it('approves a hand-typed row in chat: status 承認待ち and the role by its Japanese name, as the snapshot reads them', async () => {
      // The seat a rejection freed, so the tests after this one still find free sections.
      const { manager, members, role } = freeSection(new Set(), rejectedSections);
      const nominee = members[0]!;
      const check = checkNomination(w.programme, w.evaluated().snapshot, { nominatorUpn: manager.upn, nominatorIsOffice: false, nomineeUpn: nominee.upn, role, asOf: w.evaluated().asOf });
      const approverStaff = w.evaluated().snapshot.staffByUpn.get(check.approverUpn!)!;
      const roleName = w.programme.roles.find((r) => r.id === role)!.label.ja;
      // What an office member types into the SharePoint list by hand.
      const graph = graphApiOf(w.tenant);
      try {
        const ids = await listIds(graph.api, w.tenant.siteId);
        const fields = { Title: '手入力', NomineeUpn: nominee.upn.toUpperCase(), Role: roleName, Section: manager.section, NominatedByUpn: manager.upn, ApproverUpn: approverStaff.upn, Status: '承認待ち', RequestedAt: '2026-11-20T00:00:00Z' };
        const item = await createItem(graph.api, w.tenant.siteId, ids.Nominations!, fields);
        await w.server.service.refresh();
        // Pending in the tab…
        const listed = (await (await tab(approverStaff.upn, '/api/nominations?status=pending')).json()) as Array<{ id?: string }>;
        expect(listed.map((n) => n.id)).toContain(item.id);
        // …and the approver's 承認 goes through (it was refused as "not found" when the decision read the item by other rules).
        const approverChat = await chatOf(approverStaff);
        const approved = await w.invoke(approverChat, 'nomination.approve', { nominationId: item.id, comment: '' });
        expect(cardText(approved.card)).toContain('承認されました');
        const e = w.evaluated();
        expect(e.snapshot.records.nominations.find((x) => x.itemId === item.id)?.status).toBe('approved');
        expect(e.byUpn.get(nominee.upn)!.roles.map((r) => r.role)).toContain(role);
      } finally {
        graph.close();
      }
    });

    it('approves a hand-typed row in the tab as the tab calls it: a non-approver and the nominee are refused, the chat and the tab pressing at once give one decision', async () => {
      // Typed by hand, the row met no seat rule: a section whose seat is already taken, so the free ones stay for the tests after.
      const e0 = w.evaluated();
      const role = w.programme.roles.find((r) => r.assignment === 'nominated')!.id;
      const sectionManagers = new Set(w.programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
      const managing = new Set(w.programme.grades.filter((g) => g.manages).map((g) => g.id));
      const holderSections = new Set(e0.snapshot.records.roles.filter((r) => r.role === role && (!r.end || r.end >= e0.asOf)).map((r) => e0.snapshot.staffByUpn.get(r.upn)?.section));
      const free = (s: StaffRecord): boolean => !e0.byUpn.get(s.upn)?.roles.some((r) => r.role === role) && !e0.snapshot.records.nominations.some((n) => n.nomineeUpn === s.upn);
      const manager = e0.snapshot.staff.find(
        (m) => m.active && sectionManagers.has(m.grade ?? '') && holderSections.has(m.section) && e0.snapshot.staff.some((s) => s.active && s.section === m.section && s.department === m.department && !managing.has(s.grade ?? '') && free(s)),
      )!;
      const nominee = e0.snapshot.staff.find((s) => s.active && s.section === manager.section && s.department === manager.department && !managing.has(s.grade ?? '') && free(s))!;
      const check = checkNomination(w.programme, w.evaluated().snapshot, { nominatorUpn: manager.upn, nominatorIsOffice: false, nomineeUpn: nominee.upn, role, asOf: w.evaluated().asOf });
      const approverStaff = w.evaluated().snapshot.staffByUpn.get(check.approverUpn!)!;
      const graph = graphApiOf(w.tenant);
      let id: string;
      try {
        const ids = await listIds(graph.api, w.tenant.siteId);
        const fields = { Title: '手入力', NomineeUpn: nominee.upn, Role: w.programme.roles.find((r) => r.id === role)!.label.ja, Section: manager.section, NominatedByUpn: manager.upn, ApproverUpn: approverStaff.upn, Status: '承認待ち', RequestedAt: '2026-11-16T09:00:00+09:00' };
        id = (await createItem(graph.api, w.tenant.siteId, ids.Nominations!, fields)).id;
        await w.server.service.refresh();
      } finally {
        graph.close();
      }
      const decide = (upn: string, decision: string): Promise<Response> => tab(upn, `/api/nominations/${id}/decision`, { method: 'POST', body: JSON.stringify({ decision, comment: 'タブから承認' }) });
      // The tab lists it with its age and what the caller may do.
      const listed = (await (await tab(approverStaff.upn, '/api/nominations?status=pending')).json()) as Array<{ id?: string; ageWorkingDays?: number; canDecide?: boolean }>;
      expect(listed.find((n) => n.id === id)).toMatchObject({ ageWorkingDays: 5, canDecide: true });
      for (const upn of [manager.upn, nominee.upn]) {
        const refused = await decide(upn, 'approve');
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('NOMINATION.NOT_APPROVER');
      }
      expect(w.evaluated().snapshot.records.nominations.find((n) => n.itemId === id)?.status).toBe('pending');

      // The approver's chat card and the tab at the same moment, with Graph slow: one decision.
      const approverChat = await chatOf(approverStaff);
      w.tenant.setFaults({ latencyMs: 150 });
      const [inChat, inTab] = await Promise.all([w.invoke(approverChat, 'nomination.reject', { nominationId: id, comment: '' }), decide(approverStaff.upn, 'approve')]).finally(() =>
        w.tenant.setFaults({ latencyMs: 0 }),
      );
      const status = w.evaluated().snapshot.records.nominations.find((n) => n.itemId === id)?.status;
      expect(['approved', 'rejected']).toContain(status);
      const chatLost = /承認待ちではありません|ほかの人がこの推薦を更新しました/.test(cardText(inChat.card));
      expect(chatLost).toBe(inTab.status === 200);
      if (inTab.status !== 200) expect(inTab.status).toBe(409);
      expect(w.evaluated().snapshot.records.roles.filter((r) => r.source === `推薦 #${id} 承認`)).toHaveLength(status === 'approved' ? 1 : 0);
      expect(w.evaluated().byUpn.get(nominee.upn)!.roles.some((r) => r.role === role)).toBe(status === 'approved');
    });

    it('lets the nominator withdraw and the office give another approver (recorded, the new approver asked in chat, reminded after 5 working days); others are refused', async () => {
      const e0 = w.evaluated();
      const role = w.programme.roles.find((r) => r.assignment === 'nominated')!;
      const sectionManagers = new Set(w.programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
      const managing = new Set(w.programme.grades.filter((g) => g.manages).map((g) => g.id));
      const free = (s: StaffRecord): boolean => !e0.byUpn.get(s.upn)?.roles.some((r) => r.role === role.id) && !e0.snapshot.records.nominations.some((n) => n.nomineeUpn === s.upn);
      const plain = e0.snapshot.staff.filter((s) => s.active && !managing.has(s.grade ?? '') && free(s));
      const [a, b] = plain.slice(-2);
      const managerOf = (s: StaffRecord): StaffRecord => e0.snapshot.staff.find((m) => m.active && sectionManagers.has(m.grade ?? '') && m.section === s.section && m.department === s.department)!;
      const graph = graphApiOf(w.tenant);
      const ids: string[] = [];
      try {
        const lists = await listIds(graph.api, w.tenant.siteId);
        for (const s of [a!, b!]) {
          const m = managerOf(s);
          const fields = { Title: '手入力', NomineeUpn: s.upn, Role: role.id, Section: s.section, NominatedByUpn: m.upn, ApproverUpn: m.upn, Status: 'pending', RequestedAt: '2026-11-10T09:00:00+09:00' };
          ids.push((await createItem(graph.api, w.tenant.siteId, lists.Nominations!, fields)).id);
        }
        await w.server.service.refresh();
        const post = (upn: string, path: string, body: unknown = {}, office = false): Promise<Response> =>
          (office ? w.tenant.issueUserToken(upn, `api://localhost/${w.tenant.clientId}`, { roles: ['ProgrammeOffice'] }) : w.tenant.issueUserToken(upn, `api://localhost/${w.tenant.clientId}`)).then((token) =>
            fetch(`${w.server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
          );

        // Withdraw: only the nominator.
        expect((await post(a!.upn, `/api/nominations/${ids[0]}/withdraw`)).status).toBe(403);
        const withdrawn = await post(managerOf(a!).upn, `/api/nominations/${ids[0]}/withdraw`);
        expect(withdrawn.status).toBe(200);
        expect(((await withdrawn.json()) as { status: string }).status).toBe('withdrawn');
        expect((await post(managerOf(a!).upn, `/api/nominations/${ids[0]}/withdraw`)).status).toBe(409);

        // Another approver: only the office, never the nominee; recorded on the item, the new approver asked in chat.
        const next = office;
        const nextChat = await chatOf(next);
        const before = w.deliveries(nextChat).length;
        expect((await post(managerOf(b!).upn, `/api/nominations/${ids[1]}/approver`, { approverUpn: next.upn })).status).toBe(403);
        expect((await post(office.upn, `/api/nominations/${ids[1]}/approver`, { approverUpn: b!.upn }, true)).status).toBe(422);
        const moved = await post(office.upn, `/api/nominations/${ids[1]}/approver`, { approverUpn: next.upn.toUpperCase() }, true);
        expect(moved.status).toBe(200);
        expect(await moved.json()).toMatchObject({ approver: { upn: next.upn }, approverNotified: true });
        const item = await graph.api.get<{ fields: Record<string, unknown> }>(`/sites/${w.tenant.siteId}/lists/${lists.Nominations}/items/${ids[1]}?$expand=fields`);
        expect(item.fields.ApproverUpn).toBe(next.upn);
        expect(String(item.fields.ApproverChanges)).toBe(`2026-11-24T03:00:00.000Z ${managerOf(b!).upn} → ${next.upn}（${office.upn}）`);
        const asked = w.deliveries(nextChat).slice(before);
        expect(asked).toHaveLength(1);
        expect(verbsOf(cardOf(asked[0]))).toEqual(expect.arrayContaining(['nomination.approve', 'nomination.reject']));

        // Waiting since 11/10: past 5 working days, the (new) approver is reminded once, not twice a day.
        const first = (await w.server.jobs!.run('nominations-remind')) as unknown as { ok: boolean; summary: { reminded: number } };
        expect(first.ok).toBe(true);
        expect(first.summary.reminded).toBeGreaterThanOrEqual(1);
        const reminder = w.deliveries(nextChat).slice(-1)[0]!;
        expect(cardText(cardOf(reminder))).toMatch(/この推薦は \d+ 営業日、承認を待っています/);
        const again = (await w.server.jobs!.run('nominations-remind')) as unknown as { summary: { reminded: number } };
        expect(again.summary.reminded).toBe(0);
      } finally {
        graph.close();
      }
    });

    it('a nomination made in the tab reaches the approver in chat', async () => {
      const { manager, members, role } = freeSection(used);
      used.add(manager.section);
      const nominee = members[0]!;
      const check = checkNomination(w.programme, w.evaluated().snapshot, { nominatorUpn: manager.upn, nominatorIsOffice: false, nomineeUpn: nominee.upn, role, asOf: w.evaluated().asOf });
      const approver = await chatOf(w.evaluated().snapshot.staffByUpn.get(check.approverUpn!)!);
      const before = w.deliveries(approver).length;
      const res = await tab(manager.upn, '/api/nominations', { method: 'POST', body: JSON.stringify({ nomineeUpn: nominee.upn, role, reason: 'タブから', confirmWarnings: true }) });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; approverNotified: boolean };
      expect(body.approverNotified).toBe(true);
      const request = w.deliveries(approver).slice(before);
      expect(request).toHaveLength(1);
      expect(verbsOf(cardOf(request[0]))).toEqual(expect.arrayContaining(['nomination.approve', 'nomination.reject']));
      expect(cardText(cardOf(request[0]))).toContain('タブから');
    });

    it('refuses a form submit with the rules’ reasons and keeps what was typed', async () => {
      const sectionManagers = new Set(w.programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
      const manager = staffWith((s) => sectionManagers.has(s.grade ?? ''));
      const role = w.programme.roles.find((r) => r.assignment === 'nominated')!.id;
      const chat = await chatOf(manager);
      const holder = w.evaluated().snapshot.staff.find((s) => s.active && s.section !== manager.section)!;
      const answer = await w.invoke(chat, 'nomination.submit', { section: manager.section, confirmWarnings: false, nominee: holder.upn, role, reason: '理由', replaces: '' });
      expect(cardText(answer.card)).toContain('推薦できるのは');
      expect(verbsOf(answer.card)).toContain('nomination.submit');
      const empty = await w.invoke(chat, 'nomination.submit', { section: manager.section, confirmWarnings: false, nominee: '', role, reason: '', replaces: '' });
      expect(cardText(empty.card)).toContain('推薦する人を選んでください');
    });
  });
});
