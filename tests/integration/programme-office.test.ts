/**
 * The programme office's work in 真岡市 end to end over real HTTP (issue 12): certification awards
 * (認定候補 with the evidence, awards one or many, the Roles row, the person told, the channel
 * announced, the 認定証, a revocation with its reason kept in the history). Forged actors, bad input and
 * two office members pressing at once are refused as a person would notice: a clear message naming the
 * field, and nothing written.
 *
 * The world is 真岡市's preset as it ships, plus one role open to volunteers (the cookbook's DXサポーター),
 * so one tenant serves every flow of this file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwardView, CertificationCandidatesView } from '../../src/app/awards';
import type { RoundOpened, RoundView } from '../../src/app/evaluation-rounds';
import type { OfficeRemindResult } from '../../src/app/office-lists';
import type { ReminderPayload } from '../../src/app/reminders';
import type { Evaluated } from '../../src/app/programme-service';
import type { ProgressView } from '../../src/app/views';
import type { StaffRecord } from '../../src/domain/records';
import { listIds } from '../../src/sharepoint/provision';
import { cardOf, cardText, startBotWorld, verbsOf, type BotWorld, type Chat } from '../helpers/bot-world';
import { mokaWithVolunteers } from '../helpers/moka-volunteers';
import { graphApiOf } from '../helpers/tenant';

jest.setTimeout(120_000);

describe('the programme office in 真岡市', () => {
  let w: BotWorld;
  let dir: string;
  let graph: ReturnType<typeof graphApiOf>;
  let office: StaffRecord;
  let officeChat: Chat;
  const officeOf = (e: Evaluated): StaffRecord => e.snapshot.staff.find((s) => s.active && s.grade === 'shuji' && s.department === e.snapshot.staff[0]!.department)!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skillsteps-office-'));
    w = await startBotWorld({ programme: mokaWithVolunteers(dir), staff: 300, today: '2026-11-24', office: (e) => [officeOf(e).upn] });
    office = officeOf(w.evaluated());
    graph = graphApiOf(w.tenant);
    officeChat = await w.install({ upn: office.upn, name: office.name });
  }, 120_000);
  afterAll(async () => {
    graph?.close();
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function tab(upn: string, path: string, init: RequestInit & { office?: boolean } = {}): Promise<Response> {
    const token = await w.tenant.issueUserToken(upn, `api://localhost/${w.tenant.clientId}`, init.office ? { roles: ['ProgrammeOffice'] } : {});
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (typeof init.body === 'string') headers['content-type'] = 'application/json';
    return fetch(`${w.server.url}${path}`, { ...init, headers: { ...headers, ...((init.headers as Record<string, string>) ?? {}) } });
  }
  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const post = (upn: string, path: string, body: unknown, office = true): Promise<Response> => tab(upn, path, { method: 'POST', office, body: JSON.stringify(body) });

  /** Items of a list read back from SharePoint, by a column's value. */
  async function itemsWhere(list: string, column: string, value: string): Promise<Array<Record<string, unknown>>> {
    const ids = await listIds(graph.api, w.tenant.siteId);
    const page = await graph.api.get<{ value: Array<{ id: string; fields: Record<string, unknown> }> }>(
      `/sites/${w.tenant.siteId}/lists/${ids[list as keyof typeof ids]}/items?$expand=fields&$top=5000&$filter=${encodeURIComponent(`fields/${column} eq '${value}'`)}`,
    );
    return page.value.map((i) => ({ ...i.fields, id: i.id }));
  }

  describe('certification awards (認定)', () => {
    let candidates: CertificationCandidatesView;
    const taken = new Set<string>();
    /** A 認定候補 for DXアドバイザー not used by an earlier test. */
    const candidate = (pred: (c: { upn: string; department: string }) => boolean = () => true): { upn: string; name: string; department: string; section: string } => {
      const c = candidates.candidates.find((x) => !taken.has(x.upn) && x.upn !== office.upn && pred(x));
      if (!c) throw new Error('no candidate left');
      taken.add(c.upn);
      return c;
    };
    /** As the person's マイステップ reads it (GET /api/me/progress): an award shows there at once, with no sync in between. */
    const adviserOf = async (upn: string): Promise<string | undefined> => (await json<ProgressView>(await tab(upn, '/api/me/progress'))).progress.certifications.find((c) => c.certification === 'dx-adviser')?.status;

    beforeAll(async () => {
      const res = await tab(office.upn, '/api/awards/candidates?certification=dx-adviser', { office: true });
      expect(res.status).toBe(200);
      candidates = (await json<CertificationCandidatesView[]>(res))[0]!;
    });

    it('lists 認定候補 with the evidence in full, to the office only', async () => {
      expect(candidates.candidates.length).toBeGreaterThanOrEqual(4);
      const first = candidates.candidates[0]!;
      expect(await adviserOf(first.upn)).toBe('qualifies');
      // The evidence names the project and its report-meeting score, not just 「達成」.
      expect(first.evidence.met).toBe(true);
      expect(JSON.stringify(first.evidence.evidence)).toMatch(/年度「.+」/);
      const staff = await tab(first.upn, '/api/awards/candidates');
      expect(staff.status).toBe(403);
      expect((await json<{ error: { code: string } }>(staff)).error.code).toBe('ACCESS.OFFICE_ONLY');
    });

    it('refuses a forged actor, a future date and an unknown certification, naming the field; nothing is written', async () => {
      const c = candidate();
      const forged = await post(c.upn, '/api/awards', { certification: 'dx-adviser', upns: [c.upn] }, false);
      expect(forged.status).toBe(403);
      const future = await post(office.upn, '/api/awards', { certification: 'dx-adviser', upns: [c.upn], date: '2026-12-01' });
      expect(future.status).toBe(422);
      const body = await json<{ error: { code: string; details: { errors: Array<{ field: string; code: string; message: { ja: string; en: string } }> } } }>(future);
      expect(body.error.details.errors).toEqual([{ field: 'date', code: 'AWARD.DATE_FUTURE', message: { ja: '「認定日」が未来の日付です: 2026-12-01（今日は 2026-11-24）', en: 'Award date is in the future: 2026-12-01 (today is 2026-11-24)' } }]);
      const unknown = await json<{ error: { details: { errors: Array<{ field: string }> } } }>(await post(office.upn, '/api/awards', { certification: 'dx-wizard', upns: [c.upn] }));
      expect(unknown.error.details.errors.map((e) => e.field)).toEqual(['certification']);
      const notYet = await json<{ results: Array<{ ok: boolean; errors: Array<{ code: string }> }> }>(await post(office.upn, '/api/awards', { certification: 'dx-expert', upns: [c.upn] }));
      expect(notYet.results[0]).toMatchObject({ ok: false, errors: [{ code: 'AWARD.NOT_QUALIFIED' }] });
      expect((await itemsWhere('Roles', 'Upn', c.upn)).filter((r) => String(r.Role).startsWith('dx-'))).toEqual([]);
      taken.delete(c.upn);
    });

    it('awards two at once: a Roles row each (Source 認定, who, when, the serial), held at once, the person told, the department’s channel announced, the 認定証 theirs', async () => {
      const a = candidate();
      // Another department: its channel is not the one mapped here.
      const b = candidate((x) => x.department !== a.department);
      const chatA = await w.install({ upn: a.upn, name: a.name });
      const channel = await w.installChannel(officeChat, `${a.department} / 一般`);
      await w.say(channel, `<at>SkillSteps</at> このチャネルを ${a.department} に設定`, officeChat);
      const channelBefore = w.deliveries(channel).length;

      const res = await post(office.upn, '/api/awards', { certification: 'dx-adviser', upns: [a.upn, b.upn] });
      expect(res.status).toBe(201);
      const out = await json<{ awarded: number; results: Array<{ upn: string; ok: boolean; award: AwardView }> }>(res);
      expect(out.awarded).toBe(2);
      const awardA = out.results.find((r) => r.upn === a.upn)!.award;

      const rows = (await itemsWhere('Roles', 'Upn', a.upn)).filter((r) => r.Role === 'dx-adviser');
      expect(rows).toEqual([expect.objectContaining({ Source: '認定', ConfirmedByUpn: office.upn, CertificateNumber: `MOKA-${String(rows[0]!.id).padStart(6, '0')}`, StartDate: '2026-11-23T15:00:00Z' })]);
      expect(awardA).toMatchObject({ id: rows[0]!.id, serial: rows[0]!.CertificateNumber, date: '2026-11-24', awardedBy: { upn: office.upn }, inForce: true });
      // At once: no sync in between.
      expect(await adviserOf(a.upn)).toBe('held');
      expect(await adviserOf(b.upn)).toBe('held');
      const mine = await json<AwardView[]>(await tab(a.upn, '/api/me/awards'));
      expect(mine.map((x) => x.serial)).toEqual([awardA.serial]);

      const told = cardText(cardOf(w.deliveries(chatA).slice(-1)[0]));
      expect(told).toContain('DXアドバイザーに認定されました');
      expect(told).toContain(awardA.serial!);
      const announced = w.deliveries(channel).slice(channelBefore).map((d) => cardText(cardOf(d)));
      expect(announced).toEqual([expect.stringContaining(`${a.section}の ${a.name} さんがDXアドバイザーに認定されました。`)]);

      // The 認定証: to its holder and the office; anyone else gets the same 404 as for no award at all.
      const pdf = await tab(a.upn, `/api/awards/${awardA.id}/certificate`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await tab(office.upn, `/api/awards/${awardA.id}/certificate`, { office: true })).status).toBe(200);
      expect((await tab(b.upn, `/api/awards/${awardA.id}/certificate`)).status).toBe(404);
      expect((await tab(b.upn, '/api/awards/999999/certificate')).status).toBe(404);
      // Awarded again: refused, already held.
      const again = await json<{ results: Array<{ ok: boolean; errors: Array<{ code: string }> }> }>(await post(office.upn, '/api/awards', { certification: 'dx-adviser', upns: [a.upn] }));
      expect(again.results[0]).toMatchObject({ ok: false, errors: [{ code: 'AWARD.ALREADY_HELD' }] });
    });

    it('of two office members awarding the same person at once, one award stands', async () => {
      const c = candidate();
      const other = w.evaluated().snapshot.staff.find((s) => s.active && s.upn !== office.upn && !taken.has(s.upn))!;
      // With Graph slow, both read the person's rows before either writes.
      w.tenant.setFaults({ latencyMs: 120 });
      const answers = await Promise.all([office.upn, other.upn].map((upn) => post(upn, '/api/awards', { certification: 'dx-adviser', upns: [c.upn] }))).finally(() => w.tenant.setFaults({ latencyMs: 0 }));
      const outs = await Promise.all(answers.map((r) => json<{ results: Array<{ ok: boolean; errors?: Array<{ code: string }> }> }>(r)));
      expect(outs.map((o) => o.results[0]!.ok).sort()).toEqual([false, true]);
      expect(outs.find((o) => !o.results[0]!.ok)!.results[0]!.errors).toEqual([expect.objectContaining({ code: 'AWARD.ALREADY_HELD' })]);
      expect((await itemsWhere('Roles', 'Upn', c.upn)).filter((r) => r.Role === 'dx-adviser')).toHaveLength(1);
    });

    it('revokes with a reason only: the row stays in the history, the certification ends at once, the person is told (the reason as plain text)', async () => {
      const c = candidate();
      const chat = await w.install({ upn: c.upn, name: c.name });
      const { results } = await json<{ results: Array<{ award: AwardView }> }>(await post(office.upn, '/api/awards', { certification: 'dx-adviser', upns: [c.upn] }));
      const award = results[0]!.award;
      const revoke = (reason: unknown, by = office.upn, asOffice = true): Promise<Response> => post(by, `/api/awards/${award.id}/revoke`, { reason }, asOffice);

      expect((await revoke('誤り', c.upn, false)).status).toBe(403);
      const noReason = await revoke('  ');
      expect(noReason.status).toBe(422);
      expect((await json<{ error: { details: { errors: Array<{ field: string; code: string }> } } }>(noReason)).error.details.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'AWARD.REASON_REQUIRED' })]);
      expect(await adviserOf(c.upn)).toBe('held');

      const reason = '**基準の誤認** [詳細](https://evil.example) ${t.award}';
      const ok = await revoke(reason);
      expect(ok.status).toBe(200);
      const row = (await itemsWhere('Roles', 'Upn', c.upn)).find((r) => r.Role === 'dx-adviser')!;
      expect(row).toMatchObject({ RevokedByUpn: office.upn, RevocationReason: reason });
      // Awarded and revoked the same day: never held; the engine says they qualify again.
      expect(await adviserOf(c.upn)).toBe('qualifies');
      const history = await json<AwardView[]>(await tab(office.upn, '/api/awards?certification=dx-adviser', { office: true }));
      expect(history.find((h) => h.id === award.id)).toMatchObject({ inForce: false, revoked: { by: { upn: office.upn }, reason } });
      expect((await tab(c.upn, `/api/awards/${award.id}/certificate`)).status).toBe(409);
      const twice = await revoke('もう一度');
      expect(twice.status).toBe(409);
      expect((await json<{ error: { code: string } }>(twice)).error.code).toBe('AWARD.ALREADY_REVOKED');

      const card = cardOf(w.deliveries(chat).slice(-1)[0]);
      expect(cardText(card)).toContain('DXアドバイザーの認定が取り消されました');
      expect(JSON.stringify(card)).toContain(JSON.stringify({ type: 'TextRun', text: reason }).slice(1, -1));
    });
  });
  describe('evaluation rounds (評価ラウンド)', () => {
    /** A project whose leader has a good report-meeting score and no evaluation from members yet (DXエキスパート waits on it). */
    const pick = (): { project: string; leader: StaffRecord; member: StaffRecord; executive: StaffRecord } => {
      const e = w.evaluated();
      const s = e.snapshot;
      for (const p of [...s.projects.values()].sort((a, b) => b.fiscalYear - a.fiscalYear)) {
        if ((p.reportScore ?? 0) < 3 || (p.start ?? '') > w.today) continue;
        const members = s.records.projectMembers.filter((m) => m.projectId === p.projectId);
        const leaders = members.filter((m) => m.projectRole === 'leader').map((m) => s.staffByUpn.get(m.upn)!).filter((x) => x?.active);
        const others = members.filter((m) => m.projectRole === 'member').map((m) => s.staffByUpn.get(m.upn)!).filter((x) => x?.active && x.upn !== office.upn);
        if (leaders.length !== 1 || others.length === 0) continue;
        if ((s.evaluations.get(`${p.projectId}|${leaders[0]!.upn}`) ?? []).some((x) => x.perspective === 'member')) continue;
        const inProject = new Set(members.map((m) => m.upn));
        const executive = s.staff.find((x) => x.active && x.grade === 'kacho' && !inProject.has(x.upn) && x.upn !== office.upn)!;
        return { project: p.projectId, leader: leaders[0]!, member: others[0]!, executive };
      }
      throw new Error('no project with one leader, a member and no member evaluation in the generated municipality');
    };
    /** As the leader's マイステップ reads it (GET /api/me/progress): a closed round shows there at once. */
    const memberGap = async (upn: string): Promise<boolean> =>
      JSON.stringify((await json<ProgressView>(await tab(upn, '/api/me/progress'))).progress.certifications.find((c) => c.certification === 'dx-expert')?.missing ?? []).includes('メンバーからの評価なし');
    const EXTERNAL = 'yamada@consult.example.jp';

    it('opens a round for the office only, naming each bad evaluator; nobody evaluates a project they lead; nothing is written on a refusal', async () => {
      const { project, leader, member } = pick();
      expect((await post(member.upn, '/api/rounds', { project, evaluators: [{ upn: member.upn, perspective: 'member' }] }, false)).status).toBe(403);
      const bad = await post(office.upn, '/api/rounds', {
        project,
        evaluators: [
          { upn: leader.upn, perspective: 'member' },
          { upn: member.upn, perspective: 'popularity' },
          { upn: 'nobody@moka.example.jp', perspective: 'executive' },
          { upn: EXTERNAL, perspective: 'expert', external: { name: '' } },
        ],
      });
      expect(bad.status).toBe(422);
      const errors = (await json<{ error: { details: { errors: Array<{ field: string; code: string; message: { ja: string } }> } } }>(bad)).error.details.errors;
      expect(errors.map((e) => [e.field, e.code])).toEqual([
        ['evaluators.0', 'ROUND.OWN_PROJECT'],
        ['evaluators.1', 'ROUND.PERSPECTIVE_UNKNOWN'],
        ['evaluators.2', 'ROUND.EVALUATOR_UNKNOWN'],
        ['evaluators.3', 'ROUND.EXTERNAL_INVALID'],
      ]);
      expect(errors[0]!.message.ja).toContain('この案件のリーダー（評価される人）なので、評価者にはなれません');
      expect((await itemsWhere('Submissions', 'SubjectUpn', member.upn)).filter((r) => r.Kind === 'evaluation')).toEqual([]);
    });

    it('runs a round: the evaluators’ cards with the scale and the aspect, answers checked against the scale, the office enters the outside evaluator, reminds, and closing writes the Evaluations the engine reads at once', async () => {
      const { project, leader, member, executive } = pick();
      expect(await memberGap(leader.upn)).toBe(true);
      const memberChat = await w.install({ upn: member.upn, name: member.name });
      const executiveChat = await w.install({ upn: executive.upn, name: executive.name });
      const opened = await post(office.upn, '/api/rounds', {
        project,
        evaluators: [
          { upn: member.upn, perspective: 'member' },
          { upn: executive.upn, perspective: 'executive' },
          { upn: EXTERNAL, perspective: 'expert', external: { name: '山田 一郎', organisation: '株式会社まちづくり総研' } },
        ],
      });
      expect(opened.status).toBe(201);
      const { round, requested, notReached } = await json<RoundOpened>(opened);
      expect(requested).toBe(2);
      expect(notReached).toEqual([]);
      expect(round).toMatchObject({ open: true, answered: 0, total: 3, subjects: [{ upn: leader.upn }], scale: { min: 1, max: 5 } });

      // The member's card: the perspective's aspect, the scale, one choice per leader.
      const request = w.deliveries(memberChat).filter((d) => verbsOf(cardOf(d)).includes('evaluation.submit'));
      expect(request).toHaveLength(1);
      const text = cardText(cardOf(request[0]));
      expect(text).toContain('「リーダーシップ」の観点');
      expect(text).toContain('1〜5（5 が最高）');
      expect(text).toContain(`${leader.name} さん`);
      const rowId = round.evaluators.find((e) => e.upn === member.upn)!.rowId;
      // An evaluator sees their own part only.
      const theirs = await json<RoundView[]>(await tab(member.upn, '/api/rounds'));
      expect(theirs.find((r) => r.id === round.id)).toMatchObject({ evaluators: [{ upn: member.upn, mine: true, canAnswer: true }], total: 1 });
      // Nobody else sees the round at all.
      expect((await json<RoundView[]>(await tab(leader.upn, '/api/rounds'))).find((r) => r.id === round.id)).toBeUndefined();

      // Out of the scale (a forged invoke; the card offers 1–5): refused with the reason, nothing written.
      const off = await w.invoke(memberChat, 'evaluation.submit', { roundId: round.id, rowId, score1: '9' }, request[0]!.activityId);
      expect(cardText(off.card)).toContain(`「${leader.name} さんの評点」は 1〜5 で入れてください: "9"`);
      // Someone else pressing the member's card: refused.
      const stranger = await w.invoke(executiveChat, 'evaluation.submit', { roundId: round.id, rowId, score1: '1' });
      expect(cardText(stranger.card)).toContain('評価者ではない');
      const ok = await w.invoke(memberChat, 'evaluation.submit', { roundId: round.id, rowId, score1: '4' }, request[0]!.activityId);
      expect(cardText(ok.card)).toContain('評価を受け付けました');

      // The office enters the outside expert's scores (checked the same way), never a staff evaluator's.
      const external = (scores: unknown[], evaluatorUpn = EXTERNAL): Promise<Response> => post(office.upn, `/api/rounds/${encodeURIComponent(round.id)}/answer`, { evaluatorUpn, scores });
      const six = await external([6]);
      expect(six.status).toBe(422);
      expect((await json<{ error: { details: { errors: Array<{ field: string; code: string }> } } }>(six)).error.details.errors).toEqual([expect.objectContaining({ field: 'scores.0', code: 'ROUND.SCORE_OUT_OF_RANGE' })]);
      expect((await external([2], member.upn)).status).toBe(403);
      expect((await external([5])).status).toBe(200);

      // Who has answered; a reminder to the one who has not, through the reminder ledger: a second press sends nothing twice.
      const remind = async (): Promise<OfficeRemindResult & { outside: number }> => {
        const res = await post(office.upn, `/api/rounds/${encodeURIComponent(round.id)}/remind`, {});
        expect(res.status).toBe(202);
        return json(res);
      };
      expect(await remind()).toEqual({ recipients: 1, sent: 1, scheduled: 0, notSent: [], outside: 0 });
      const entry = await w.server.state!.reminders.get(w.today, executive.upn);
      const payload = JSON.parse(entry!.payload) as ReminderPayload;
      expect([payload.requestedBy, payload.reminder.items.map((i) => [i.label.ja, i.evidence.ja])]).toEqual([
        office.upn,
        [[expect.stringContaining('評価のお願い: '), expect.stringContaining('まだ回答がありません')]],
      ]);
      expect(payload.reminder.items[0]!.label.ja).toContain('（幹部職員）');
      expect(await w.server.state!.reminders.get(w.today, member.upn)).toBeUndefined();
      expect(await remind()).toEqual({ recipients: 1, sent: 0, scheduled: 0, notSent: [{ code: 'ALREADY_TODAY', count: 1, names: [executive.name] }], outside: 0 });
      const status = (await json<RoundView[]>(await tab(office.upn, '/api/rounds', { office: true }))).find((r) => r.id === round.id)!;
      expect(status.evaluators.map((e) => [e.upn, e.answered])).toEqual([
        [member.upn, true],
        [executive.upn, false],
        [EXTERNAL, true],
      ]);

      // The executive answers while the office closes: either the answer is in the round's Evaluations or it is refused — never taken and lost.
      w.tenant.setFaults({ latencyMs: 100 });
      const [answer, close] = await Promise.all([
        post(executive.upn, `/api/rounds/${encodeURIComponent(round.id)}/answer`, { scores: [3] }, false),
        post(office.upn, `/api/rounds/${encodeURIComponent(round.id)}/close`, {}),
      ]).finally(() => w.tenant.setFaults({ latencyMs: 0 }));
      expect(close.status).toBe(200);
      const rows = (await itemsWhere('Evaluations', 'ProjectId', project)).filter((r) => r.Upn === leader.upn);
      const fromExecutive = rows.filter((r) => r.EvaluatorUpn === executive.upn);
      expect(fromExecutive).toHaveLength(answer.status === 200 ? 1 : 0);
      if (answer.status !== 200) expect((await json<{ error: { code: string } }>(answer)).error.code).toBe('ROUND.CLOSED');
      expect(rows.filter((r) => r.EvaluatorUpn !== executive.upn).map((r) => [r.Perspective, r.Score, r.EvaluatorUpn, r.ConfirmedByUpn])).toEqual(
        expect.arrayContaining([
          ['member', 4, member.upn, office.upn],
          ['expert', 5, EXTERNAL, office.upn],
        ]),
      );
      // The engine reads them at once: DXエキスパート no longer waits on the members' evaluation.
      expect(await memberGap(leader.upn)).toBe(false);
      // Closed: the member's card says so and takes no answer; closing again is refused.
      expect(cardText(cardOf(w.deliveries(memberChat).find((d) => d.activityId === request[0]!.activityId)))).toContain('締め切られました');
      expect((await post(member.upn, `/api/rounds/${encodeURIComponent(round.id)}/answer`, { scores: [1] }, false)).status).toBe(409);
      expect((await post(office.upn, `/api/rounds/${encodeURIComponent(round.id)}/close`, {})).status).toBe(409);
    });

    it('tells the office which staff evaluators Teams did not reach, and why (an outside evaluator is never asked in Teams)', async () => {
      const taken = pick();
      const s = w.evaluated().snapshot;
      const project = [...s.projects.values()].find((p) => {
        if (p.projectId === taken.project) return false;
        const leaders = s.records.projectMembers.filter((m) => m.projectId === p.projectId && m.projectRole === 'leader');
        return leaders.length > 0 && leaders.every((m) => s.staffByUpn.get(m.upn)?.active);
      })!;
      const inProject = new Set(s.records.projectMembers.filter((m) => m.projectId === project.projectId).map((m) => m.upn));
      // Nobody has installed the bot for this one.
      const away = s.staff.find((x) => x.active && !inProject.has(x.upn) && ![office.upn, taken.member.upn, taken.executive.upn].includes(x.upn))!;
      const opened = await post(office.upn, '/api/rounds', {
        project: project.projectId,
        evaluators: [
          { upn: away.upn, perspective: 'member' },
          { upn: 'sato@consult.example.jp', perspective: 'expert', external: { name: '佐藤 花子' } },
        ],
      });
      expect(opened.status).toBe(201);
      const out = await json<RoundOpened>(opened);
      expect(out.requested).toBe(0);
      expect(out.notReached).toEqual([{ upn: away.upn, name: away.name, reason: 'notInstalled' }]);
    });
  });
  describe('self-declared roles (手挙げ方式: DXサポーター, the section manager confirms)', () => {
    const SUPPORTER = 'dx-supporter';
    /** Four 主事・主任 in one section, none of them the office, and the section's manager above them. */
    const pickSection = (): StaffRecord[] => {
      const s = w.evaluated().snapshot;
      const bySection = new Map<string, StaffRecord[]>();
      for (const p of s.staff) {
        if (!p.active || p.upn === office.upn || !['shuji', 'shunin'].includes(p.grade ?? '')) continue;
        const key = `${p.department}|${p.section}`;
        bySection.set(key, [...(bySection.get(key) ?? []), p]);
      }
      const found = [...bySection.values()].find((x) => x.length >= 4);
      if (!found) throw new Error('no section with four 主事・主任 in the generated municipality');
      return found.slice(0, 4);
    };
    const holds = async (upn: string): Promise<boolean> => (await json<ProgressView>(await tab(upn, '/api/me/progress'))).progress.roles.some((r) => r.role === SUPPORTER);
    const declare = (upn: string, body: Record<string, unknown>): Promise<Response> => post(upn, '/api/me/declarations', body, false);
    type Declared = { report: { id: string; kind: string; status: string; confirmer?: { upn: string } }; confirmerNotified: boolean };

    it('declares, waits for the section manager (chat card or tab), and holds the role at once when confirmed; refusals name their field; nobody confirms their own', async () => {
      const [a, b, c, d] = pickSection();
      const offered = await json<Array<{ id: string; blocked: unknown[]; confirmedBy: string }>>(await tab(a!.upn, '/api/me/declarations'));
      // The preset's own BPR実践グループ（希望者） (the office confirms) and the test's DXサポーター.
      expect(offered.map((x) => [x.id, x.confirmedBy, x.blocked])).toEqual([
        ['bpr-volunteer', 'programmeOffice', []],
        [SUPPORTER, 'sectionManager', []],
      ]);

      // Refused, naming the field; nothing written.
      const notOpen = await declare(a!.upn, { role: 'executive' });
      expect(notOpen.status).toBe(422);
      const future = await declare(a!.upn, { role: SUPPORTER, date: '2026-12-01' });
      const errorsOf = async (r: Response) => (await json<{ error: { details: { errors: Array<{ field: string; code: string; message: { ja: string } }> } } }>(r)).error.details.errors;
      expect((await errorsOf(notOpen)).map((e) => [e.field, e.code])).toEqual([['role', 'DECLARATION.NOT_OPEN']]);
      const futureErrors = await errorsOf(future);
      expect(futureErrors.map((e) => [e.field, e.code])).toEqual([['date', 'DECLARATION.DATE_FUTURE']]);
      expect(futureErrors[0]!.message.ja).toContain('「開始日」: 今日（2026-11-24）より後の日付は入れられません');
      expect((await itemsWhere('Submissions', 'SubjectUpn', a!.upn)).filter((r) => r.Kind === 'role-declaration')).toEqual([]);

      // A declares: it waits for the section's manager.
      const first = await declare(a!.upn, { role: SUPPORTER, date: '2026-11-20' });
      expect(first.status).toBe(201);
      const declaredA = await json<Declared>(first);
      expect(declaredA.report).toMatchObject({ kind: 'role-declaration', status: 'pending' });
      const manager = declaredA.report.confirmer!.upn;
      expect(manager).not.toBe(a!.upn);
      expect(await holds(a!.upn)).toBe(false);
      expect((await declare(a!.upn, { role: SUPPORTER })).status).toBe(422);

      // B declares with the manager in Teams: the request card, confirmed there; B holds the role at once.
      const managerChat = await w.install({ upn: manager, name: w.evaluated().snapshot.staffByUpn.get(manager)!.name });
      const declaredB = await json<Declared>(await declare(b!.upn, { role: SUPPORTER }));
      expect(declaredB.confirmerNotified).toBe(true);
      const request = w.deliveries(managerChat).filter((x) => verbsOf(cardOf(x)).includes('report.confirm')).pop()!;
      expect(cardText(cardOf(request))).toContain('DXサポーター');
      // The declarer pressing the manager's card (a forged invoke) is refused; so is confirming their own in the tab.
      const bChat = await w.install({ upn: b!.upn, name: b!.name });
      const forged = await w.invoke(bChat, 'report.confirm', { reportId: declaredB.report.id, comment: '' });
      expect(cardText(forged.card)).toContain('確認できる');
      expect((await post(b!.upn, `/api/reports/${declaredB.report.id}/decision`, { decision: 'confirm' }, false)).status).toBe(403);
      expect(await holds(b!.upn)).toBe(false);
      const pressed = await w.invoke(managerChat, 'report.confirm', { reportId: declaredB.report.id, comment: '' }, request.activityId);
      expect(cardText(pressed.card)).toContain('確認されました');
      expect(await holds(b!.upn)).toBe(true);
      const rows = (await itemsWhere('Roles', 'Upn', b!.upn)).filter((r) => r.Role === SUPPORTER);
      expect(rows).toEqual([expect.objectContaining({ Source: '自己申告', ConfirmedByUpn: manager })]);

      // Three seats a section: B holds one, A and C wait — D is refused, naming who has the seats.
      await declare(c!.upn, { role: SUPPORTER });
      const full = await errorsOf(await declare(d!.upn, { role: SUPPORTER }));
      expect(full.map((e) => e.code)).toEqual(['DECLARATION.SEAT_TAKEN']);
      expect(full[0]!.message.ja).toContain(`${b!.name}、`);
      expect(full[0]!.message.ja).toContain(`${a!.name}（確認待ち）`);

      // A confirmed in the tab's queue: held at once, as the person's マイステップ reads it.
      const tabDecision = await post(manager, `/api/reports/${declaredA.report.id}/decision`, { decision: 'confirm' }, false);
      expect(tabDecision.status).toBe(200);
      expect(await holds(a!.upn)).toBe(true);
      expect((await json<Array<{ id: string; blocked: Array<{ code: string }> }>>(await tab(a!.upn, '/api/me/declarations'))).find((x) => x.id === SUPPORTER)!.blocked.map((x) => x.code)).toEqual(['DECLARATION.ALREADY_HELD']);
    });
  });

});
