import type { NominationView } from '../../app/views';
import { CARD_BUDGET_BYTES } from './render';
import { nominationRequestCard, type NominationRequestCardData } from './nomination-request-card';
import { blocksWith, containersWith, executeActions, expectValidCard, textOf, type CardReport } from './testing/card-check';
import { APPROVER_TEAMS_ID, nominationCheck, pendingNomination, u } from './testing/fixtures';

const data = (over: Partial<NominationRequestCardData> = {}, nomination: Partial<NominationView> = {}): NominationRequestCardData => ({
  nomination: { ...pendingNomination(), ...nomination },
  approverUserId: APPROVER_TEAMS_ID,
  ...over,
});

const approved = { status: 'approved' as const, decidedAt: '2026-11-25T02:00:00Z', decisionComment: '異動後も続けられるよう、課内で支えてください。' };
const rejected = { status: 'rejected' as const, decidedAt: '2026-11-25T02:00:00Z', decisionComment: '今年度は係内の体制を優先します。' };

function refreshOf(card: ReturnType<typeof nominationRequestCard>): unknown {
  return card.refresh;
}

function buttons(report: CardReport): string[] {
  return report.actions.filter((a) => !a.path.startsWith('refresh')).map((a) => `${a.verb}:${a.title}`);
}

describe('nomination request card', () => {
  it('gives the approver the facts, the reason, the warnings, a comment box and 承認 / 却下', () => {
    const warnings = nominationCheck(u('shuji')).warnings;
    const card = nominationRequestCard(data({ viewerUpn: u('bucho'), warnings }));
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(text).toContain('推薦の承認依頼');
    expect(text).toContain('加藤 さくら さんをDX推進リーダーに推薦します。');
    for (const fact of ['推薦された職員', '加藤 さくら・主事', '所属', '総務部 人事課', '推薦者', '中村 由美', '推薦日時', '2026年11月24日(火) 10:30', '承認者', '伊藤 誠']) {
      expect(text).toContain(fact);
    }
    // The reason is a TextRun: Teams does not read markdown in it.
    expect(blocksWith(card, '**太字**').map((b) => b.type)).toEqual(['TextRun']);
    expect(containersWith(card, '原則として副係長・主任が対象です')[0]).toMatchObject({ style: 'warning' });
    expect(report.inputs.map((i) => [i.id, i.type])).toEqual([['comment', 'Input.Text']]);
    expect(executeActions(report, 'nomination.approve').map((a) => [a.title, a.data, a.style])).toEqual([['承認', { nominationId: 'nomination-17' }, 'positive']]);
    expect(executeActions(report, 'nomination.reject').map((a) => [a.title, a.data, a.style])).toEqual([['却下', { nominationId: 'nomination-17' }, 'destructive']]);
    expect(refreshOf(card)).toEqual({
      action: { type: 'Action.Execute', title: '最新の状態を表示', verb: 'nomination.refresh', data: { nominationId: 'nomination-17' } },
      userIds: [APPROVER_TEAMS_ID],
    });
    expect(text).not.toContain('承認待ち');
  });

  it('recognises the approver whatever the case of the UPN', () => {
    expect(buttons(expectValidCard(nominationRequestCard(data({ viewerUpn: 'Bucho@City.Example.JP' }))))).toEqual(['nomination.approve:承認', 'nomination.reject:却下']);
  });

  it.each([
    ['the nominator', u('jinji-kacho')],
    ['the nominee', u('jinji-shuji')],
    ['no one in particular (the card everyone sees)', undefined],
  ])('shows %s 「承認待ち（承認者: …）」 without inputs or buttons, still refreshing for the approver', (_who, viewerUpn) => {
    const card = nominationRequestCard(data({ viewerUpn }));
    const report = expectValidCard(card);
    expect(textOf(report)).toContain('承認待ち（承認者: 伊藤 誠）');
    expect(report.inputs).toEqual([]);
    expect(buttons(report)).toEqual([]);
    expect(refreshOf(card)).toMatchObject({ userIds: [APPROVER_TEAMS_ID] });
  });

  it('shows an approval: who, when, the comment; no buttons, even for the approver', () => {
    const card = nominationRequestCard(data({ viewerUpn: u('bucho') }, approved));
    const report = expectValidCard(card);
    const text = textOf(report);
    expect(containersWith(card, '承認されました')[0]).toMatchObject({ style: 'good' });
    expect(text).toContain('伊藤 誠 さん・2026年11月25日(水) 11:00');
    expect(text).toContain('異動後も続けられるよう、課内で支えてください。');
    expect(buttons(report)).toEqual([]);
    expect(report.inputs).toEqual([]);
    expect(refreshOf(card)).toMatchObject({ userIds: [APPROVER_TEAMS_ID] });
  });

  it('shows a rejection in the attention colour with who, when and the comment', () => {
    const card = nominationRequestCard(data({}, rejected));
    const text = textOf(expectValidCard(card));
    expect(containersWith(card, '却下されました')[0]).toMatchObject({ style: 'attention' });
    expect(blocksWith(card, '却下されました').map((b) => b.color)).toEqual(['Attention']);
    expect(text).toContain('伊藤 誠 さん・2026年11月25日(水) 11:00');
    expect(text).toContain('今年度は係内の体制を優先します。');
  });

  it('shows a withdrawn nomination', () => {
    expect(textOf(expectValidCard(nominationRequestCard(data({}, { status: 'withdrawn', decidedAt: '2026-11-26T00:00:00Z' }))))).toContain('取り下げられました');
  });

  it.each([
    ['notPending', 'この推薦はすでに承認待ちではありません。現在の状態を表示しています。'],
    ['changed', 'ほかの人がこの推薦を更新しました。最新の内容を表示しています。'],
  ] as const)('puts the %s notice at the top', (notice, words) => {
    const card = nominationRequestCard(data({ viewerUpn: u('bucho'), notice }, approved));
    expectValidCard(card);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'warning', items: [{ type: 'TextBlock', text: words }] });
  });

  it('names the holder the nominee replaces', () => {
    const card = nominationRequestCard(data({ replaces: { upn: u('jinji-shunin'), name: '小林 翔' } }));
    const facts = (card.body.find((e) => (e as { type: string }).type === 'FactSet') as { facts: Array<{ title: string; value: string }> }).facts;
    expect(facts).toContainEqual({ title: '交代', value: '小林 翔' });
  });

  it('speaks English', () => {
    const report = expectValidCard(nominationRequestCard(data({ viewerUpn: u('bucho') }), 'en'));
    const text = textOf(report);
    expect(text).toContain('Nomination for approval');
    expect(text).toContain('加藤 さくら is nominated as DX leader.');
    expect(text).toContain('Tue 24 Nov 2026, 10:30 JST');
    expect(buttons(report)).toEqual(['nomination.approve:Approve', 'nomination.reject:Reject']);
    expect(textOf(expectValidCard(nominationRequestCard(data({}), 'en')))).toContain('Awaiting approval (approver: 伊藤 誠)');
    expect(textOf(expectValidCard(nominationRequestCard(data({}, rejected), 'en')))).toContain('By 伊藤 誠, Wed 25 Nov 2026, 11:00 JST');
    expect(text).not.toMatch(/承認|却下|推薦/);
  });

  it('cuts a very long reason and stays within the size budget', () => {
    const report = expectValidCard(nominationRequestCard(data({ viewerUpn: u('bucho') }, { reason: '業務改善の実績があります。'.repeat(2000) })));
    expect(report.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
  });

  it('refuses to build a card that could not refresh for the approver', () => {
    expect(() => nominationRequestCard(data({ approverUserId: '' }))).toThrow(/approverUserId/);
  });
});
