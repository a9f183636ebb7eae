import { scopeOf } from '../../src/app/access';
import { decideNomination, reconcileApprovals, approvalSource } from '../../src/app/nomination-decisions';
import { nominate } from '../../src/app/nominations';
import { GraphNominationStore } from '../../src/sharepoint/nomination-store';
import { tenantWorld, type TenantWorld } from '../helpers/tenant';
import { preset } from '../helpers/world';

const TODAY = '2026-11-24';
const programme = preset('setagaya');

/**
 * Approving and rejecting DX推進リーダー nominations against the local tenant's SharePoint lists:
 * the item is read again, the approver checked, the decision written with If-Match, the Roles item
 * added; a second approver, a stale card and a non-approver change nothing.
 */
describe('nomination decisions through Graph', () => {
  let w: TenantWorld;
  let store: GraphNominationStore;
  // Sections with a 課長, a 主事 or 主任 who is not the leader, and nothing pending; most already have
  // their one DX推進リーダー (世田谷区: 各課1名), whom the nominee then replaces (交代).
  let sections: Array<{ kacho: string; staff: string[]; holder?: string }>;

  beforeAll(async () => {
    w = await tenantWorld(programme, { staff: 400, seed: 11, today: TODAY });
    store = new GraphNominationStore(w.api, w.tenant.siteId, programme);
    const active = w.records.staff.filter((s) => s.active);
    const pendingIn = new Set(w.records.nominations.filter((n) => n.status === 'pending').map((n) => n.section));
    const holderOf = (section: string) => w.records.roles.find((r) => r.role === 'dx-leader' && r.section === section && (!r.end || r.end >= TODAY))?.upn;
    sections = active
      .filter((s) => s.grade === 'kacho' && !pendingIn.has(s.section))
      .map((k) => {
        const holder = holderOf(k.section);
        const staff = active.filter((s) => s.section === k.section && (s.grade === 'shuji' || s.grade === 'shunin') && s.upn !== holder).map((s) => s.upn);
        return { kacho: k.upn, staff, holder };
      })
      .filter((s) => s.staff.length >= 1);
    expect(sections.length).toBeGreaterThanOrEqual(6);
  }, 90_000);
  afterAll(() => w.close());

  /** A pending nomination made the way a manager makes one; returns its id and approver. */
  async function pending(i: number): Promise<{ id: string; approver: string; nominee: string; replaces?: string }> {
    const s = sections[i]!;
    const e = w.service.current()!;
    const scope = scopeOf(programme, e.snapshot, { upn: s.kacho, office: false });
    const r = await nominate(w.service, store, scope, { nomineeUpn: s.staff[0]!, role: 'dx-leader', replacesUpn: s.holder, confirmWarnings: true }, w.clock.now());
    expect(r.check.errors).toEqual([]);
    expect(r.created?.id).toBeDefined();
    return { id: r.created!.id, approver: r.check.approverUpn!, nominee: s.staff[0]!, replaces: s.holder };
  }

  it('approves: the nomination is approved with the comment and the nominee holds the role from today', async () => {
    const n = await pending(0);
    const r = await decideNomination(w.service, store, w.clock, { nominationId: n.id, decision: 'approve', comment: ' 期待しています ', deciderUpn: n.approver.toUpperCase() });
    expect(r).toMatchObject({ ok: true, nomination: { status: 'approved', decisionComment: '期待しています' } });
    const e = w.service.current()!;
    const role = e.snapshot.records.roles.find((x) => x.upn === n.nominee && x.role === 'dx-leader');
    expect(role).toMatchObject({ start: TODAY, source: approvalSource({ id: n.id }) });
    expect(e.byUpn.get(n.nominee)!.roles.map((x) => x.role)).toContain('dx-leader');
    expect(e.snapshot.records.nominations.find((x) => x.itemId === n.id)?.status).toBe('approved');
    // 交代: the person replaced holds the role until yesterday.
    const replaced = n.replaces!;
    expect(replaced).toBeDefined();
    expect(r.ok && r.replacedEnded).toBe(1);
    expect(e.snapshot.records.roles.find((x) => x.upn === replaced && x.role === 'dx-leader')?.end).toBe('2026-11-23');
    expect(e.byUpn.get(replaced)!.roles.map((x) => x.role)).not.toContain('dx-leader');
  });

  it('rejects: the nomination is rejected and no role is added', async () => {
    const n = await pending(1);
    const r = await decideNomination(w.service, store, w.clock, { nominationId: n.id, decision: 'reject', comment: '来年度に', deciderUpn: n.approver });
    expect(r).toMatchObject({ ok: true, nomination: { status: 'rejected', decisionComment: '来年度に' } });
    expect(w.service.current()!.snapshot.records.roles.some((x) => x.upn === n.nominee && x.role === 'dx-leader')).toBe(false);
  });

  it('refuses someone who is not the approver, and changes nothing', async () => {
    const n = await pending(2);
    const r = await decideNomination(w.service, store, w.clock, { nominationId: n.id, decision: 'approve', deciderUpn: n.nominee });
    expect(r).toMatchObject({ ok: false, code: 'NOT_APPROVER' });
    expect(!r.ok && r.message).toMatch(/^この推薦を判断できるのは承認者（.+）だけです$/);
    expect((await store.get(n.id))?.status).toBe('pending');
  });

  it('tells a stale card that the nomination was already decided', async () => {
    const n = await pending(3);
    await decideNomination(w.service, store, w.clock, { nominationId: n.id, decision: 'reject', deciderUpn: n.approver });
    const again = await decideNomination(w.service, store, w.clock, { nominationId: n.id, decision: 'approve', deciderUpn: n.approver });
    expect(again).toMatchObject({ ok: false, code: 'NOT_PENDING', nomination: { status: 'rejected' } });
    expect(!again.ok && again.message).toContain('すでに却下済みです');
  });

  it('lets exactly one of two presses at the same moment through (If-Match)', async () => {
    const n = await pending(4);
    const [a, b] = await Promise.all([
      decideNomination(w.service, store, w.clock, { nominationId: n.id, decision: 'approve', deciderUpn: n.approver }),
      decideNomination(w.service, store, w.clock, { nominationId: n.id, decision: 'reject', deciderUpn: n.approver }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser).toMatchObject({ ok: false, code: 'NOT_PENDING' });
    const winner = (a.ok ? a : b) as Extract<typeof a, { ok: true }>;
    expect((await store.get(n.id))?.status).toBe(winner.nomination.status);
  });

  it('answers an id that is not a nomination', async () => {
    expect(await decideNomination(w.service, store, w.clock, { nominationId: '999999', decision: 'approve', deciderUpn: 'x@y.jp' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await decideNomination(w.service, store, w.clock, { nominationId: '../1', decision: 'approve', deciderUpn: 'x@y.jp' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('adds the role of an approval whose Roles write was lost (reconcile), once, and leaves older data alone', async () => {
    expect(await reconcileApprovals(w.service, store, w.clock)).toBe(0);
    const n = await pending(5 % sections.length);
    // The decision is written, then the process stops before the Roles item.
    const fresh = (await store.get(n.id))!;
    expect(await store.decide(fresh, { status: 'approved', decidedAt: w.clock.now().toISOString() })).not.toBe('conflict');
    await w.service.refresh();
    expect(w.service.current()!.snapshot.records.roles.some((r) => r.upn === n.nominee && r.role === 'dx-leader')).toBe(false);
    expect(await reconcileApprovals(w.service, store, w.clock)).toBe(1);
    expect(w.service.current()!.snapshot.records.roles.find((r) => r.upn === n.nominee && r.role === 'dx-leader')?.source).toBe(approvalSource({ id: n.id }));
    expect(await reconcileApprovals(w.service, store, w.clock)).toBe(0);
  });
});
