import { addDays, jstDate, type LocalDate } from '../domain/local-date';
import type { NominationRecord } from '../domain/records';
import type { RecordWrite } from '../domain/record-writes';
import type { Clock, NominationStore, StoredNomination } from '../ports';
import type { ProgrammeService } from './programme-service';

export type DecisionRefusal =
  /** The item is gone, or the id is not a nomination. */
  | 'NOT_FOUND'
  /** The person who pressed is not the nomination's approver. */
  | 'NOT_APPROVER'
  /** Already approved, rejected or withdrawn (a stale card, or another approver first). */
  | 'NOT_PENDING';

export type DecisionResult =
  | { ok: true; nomination: StoredNomination; roleItemId?: string; replacedEnded?: number }
  | { ok: false; code: DecisionRefusal; message: string; nomination?: StoredNomination };

export interface DecisionInput {
  nominationId: string;
  decision: 'approve' | 'reject';
  comment?: string;
  /** Who pressed the button, from the Teams activity (never from the card's data). */
  deciderUpn: string;
}

/**
 * The approver decides from the card. The nomination is read again from the list (the card and the
 * snapshot may be old), the person who pressed must be its approver and it must still be pending;
 * the decision is written with If-Match, so when two people press at the same moment one write wins
 * and the other is told what happened. An approval then adds the Roles item (and ends the role of
 * the person replaced, 交代), and the lists are read again so every view shows it.
 */
export async function decideNomination(service: ProgrammeService, store: NominationStore, clock: Clock, input: DecisionInput): Promise<DecisionResult> {
  const decider = input.deciderUpn.toLowerCase();
  const current = await store.get(input.nominationId);
  if (!current) return { ok: false, code: 'NOT_FOUND', message: 'この推薦は見つかりません（削除された可能性があります）' };
  if (current.approverUpn !== decider) {
    return { ok: false, code: 'NOT_APPROVER', message: `この推薦を判断できるのは承認者（${nameOf(service, current.approverUpn)}）だけです`, nomination: current };
  }
  if (current.status !== 'pending') return notPending(service, current);

  const comment = input.comment?.trim().slice(0, 1000) || undefined;
  const written = await store.decide(current, { status: input.decision === 'approve' ? 'approved' : 'rejected', comment, decidedAt: clock.now().toISOString() });
  if (written === 'conflict') {
    const now = await store.get(input.nominationId);
    if (now && now.status !== 'pending') return notPending(service, now);
    return { ok: false, code: 'NOT_PENDING', message: 'この推薦は同時に変更されました。カードを更新してもう一度操作してください', nomination: now };
  }
  if (written.status !== 'approved') {
    service.apply([nominationWrite(written)]);
    return { ok: true, nomination: written };
  }
  const { roleItemId, replacedEnded, writes } = await applyApproval(store, written, clock.today());
  service.apply([nominationWrite(written), ...writes]);
  return { ok: true, nomination: written, roleItemId, replacedEnded };
}

/** A nomination as the list now holds it, for the evaluation (ProgrammeService.apply). */
export function nominationWrite(n: StoredNomination): RecordWrite {
  const { id, etag: _etag, ...rest } = n;
  const record: NominationRecord & { itemId: string } = { ...rest, itemId: id };
  return { list: 'Nominations', record };
}

/** The Roles source text of an approved nomination: how a lost Roles write is recognised. */
export const approvalSource = (n: Pick<StoredNomination, 'id'>): string => `推薦 #${n.id} 承認`;

/** Adds the role of an approved nomination and ends the replaced holder's (the day before). */
async function applyApproval(store: NominationStore, n: StoredNomination, today: LocalDate): Promise<{ roleItemId: string; replacedEnded?: number; writes: RecordWrite[] }> {
  const writes: RecordWrite[] = [];
  const end = addDays(today, -1);
  const replacedEnded = n.replacesUpn ? await store.endRole(n.replacesUpn, n.role, end) : undefined;
  if (n.replacesUpn) writes.push({ list: 'Roles', ended: { upn: n.replacesUpn, role: n.role, end } });
  const source = approvalSource(n);
  const { id } = await store.addRole({ upn: n.nomineeUpn, role: n.role, section: n.section, startDate: today, source });
  writes.push({ list: 'Roles', record: { upn: n.nomineeUpn, role: n.role, section: n.section, start: today, source } });
  return { roleItemId: id, replacedEnded, writes };
}

/**
 * Approved nominations whose Roles item is missing (the process stopped between the two writes):
 * adds them. Run by the scheduler after syncs. Only decisions of the last `withinDays` days are
 * looked at, and a nomination counts as applied when the nominee has the role from the day it was
 * requested on (or a Roles item with its source), so roles entered by hand are never doubled.
 */
export async function reconcileApprovals(service: ProgrammeService, store: NominationStore, clock: Clock, withinDays = 30): Promise<number> {
  const e = service.current();
  if (!e) return 0;
  const since = addDays(clock.today(), -withinDays);
  let added = 0;
  for (const n of e.snapshot.records.nominations) {
    if (n.status !== 'approved' || !n.itemId || !n.decidedAt || jstDate(new Date(n.decidedAt)) < since) continue;
    const requested = jstDate(new Date(n.requestedAt));
    const source = approvalSource({ id: n.itemId });
    const applied = e.snapshot.records.roles.some((r) => r.upn === n.nomineeUpn && r.role === n.role && (r.source === source || r.start >= requested));
    if (applied) continue;
    const fresh = await store.get(n.itemId);
    if (fresh?.status !== 'approved') continue;
    const { writes } = await applyApproval(store, fresh, fresh.decidedAt ? jstDate(new Date(fresh.decidedAt)) : clock.today());
    service.apply(writes);
    added++;
  }
  return added;
}

function notPending(service: ProgrammeService, n: StoredNomination): DecisionResult {
  const who = n.approverUpn ? nameOf(service, n.approverUpn) : '';
  const what = n.status === 'approved' ? '承認済み' : n.status === 'rejected' ? '却下済み' : '取り下げ済み';
  const when = n.decidedAt ? `、${jstDate(new Date(n.decidedAt))}` : '';
  return { ok: false, code: 'NOT_PENDING', message: `この推薦はすでに${what}です（承認者: ${who}${when}）`, nomination: n };
}

function nameOf(service: ProgrammeService, upn: string): string {
  return service.current()?.snapshot.staffByUpn.get(upn)?.name ?? upn;
}

export type WithdrawResult =
  | { ok: true; nomination: StoredNomination }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_NOMINATOR' | 'NOT_PENDING'; message: string; nomination?: StoredNomination };

/**
 * The nominator withdraws a nomination that still waits (取り下げ): re-read, the caller checked
 * against the nominator on the item (never the tab's data), written with If-Match, applied at once.
 */
export async function withdrawNomination(service: ProgrammeService, store: NominationStore, clock: Clock, input: { nominationId: string; actorUpn: string }): Promise<WithdrawResult> {
  const current = await store.get(input.nominationId);
  if (!current) return { ok: false, code: 'NOT_FOUND', message: 'この推薦は見つかりません（削除された可能性があります）' };
  if (current.nominatedByUpn !== input.actorUpn.toLowerCase()) return { ok: false, code: 'NOT_NOMINATOR', message: 'この推薦を取り下げられるのは推薦した人だけです', nomination: current };
  if (current.status !== 'pending') return notPendingFor(service, current);
  const written = await store.decide(current, { status: 'withdrawn', decidedAt: clock.now().toISOString() });
  if (written === 'conflict') {
    const now = await store.get(input.nominationId);
    if (now && now.status !== 'pending') return notPendingFor(service, now);
    return { ok: false, code: 'NOT_PENDING', message: 'この推薦は同時に変更されました。画面を更新してもう一度操作してください', ...(now ? { nomination: now } : {}) };
  }
  service.apply([nominationWrite(written)]);
  return { ok: true, nomination: written };
}

export type ReassignResult =
  | { ok: true; nomination: StoredNomination; previousApproverUpn: string }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_OFFICE' | 'NOT_PENDING' | 'BAD_APPROVER'; message: string; nomination?: StoredNomination };

/**
 * The programme office gives a waiting nomination another approver (the approver is away, or has
 * moved): re-read, written with If-Match, the change recorded on the item (when, from whom, to whom,
 * by whom) and applied at once. The new approver must be active staff other than the nominee (or
 * the office's own approver, SKILLSTEPS_OFFICE_APPROVER_UPN).
 */
export async function reassignApprover(
  service: ProgrammeService,
  store: NominationStore,
  clock: Clock,
  input: { nominationId: string; approverUpn: string; actor: { upn: string; office: boolean }; officeApproverUpn?: string },
): Promise<ReassignResult> {
  if (!input.actor.office) return { ok: false, code: 'NOT_OFFICE', message: '承認者を変更できるのはプログラム事務局だけです' };
  const current = await store.get(input.nominationId);
  if (!current) return { ok: false, code: 'NOT_FOUND', message: 'この推薦は見つかりません（削除された可能性があります）' };
  if (current.status !== 'pending') return notPendingFor(service, current);
  const next = input.approverUpn.trim().toLowerCase();
  const staff = service.current()?.snapshot.staffByUpn.get(next);
  if (next === current.nomineeUpn) return { ok: false, code: 'BAD_APPROVER', message: '推薦された本人を承認者にはできません', nomination: current };
  if (next === current.approverUpn) return { ok: false, code: 'BAD_APPROVER', message: 'すでにこの人が承認者です', nomination: current };
  if (!(staff?.active || (input.officeApproverUpn && next === input.officeApproverUpn.toLowerCase()))) {
    return { ok: false, code: 'BAD_APPROVER', message: `新しい承認者（${input.approverUpn}）が職員リストに在職者として見つかりません`, nomination: current };
  }
  const line = `${clock.now().toISOString()} ${current.approverUpn} → ${next}（${input.actor.upn.toLowerCase()}）`;
  const written = await store.reassign(current, next, line);
  if (written === 'conflict') {
    const now = await store.get(input.nominationId);
    if (now && now.status !== 'pending') return notPendingFor(service, now);
    return { ok: false, code: 'NOT_PENDING', message: 'この推薦は同時に変更されました。画面を更新してもう一度操作してください', ...(now ? { nomination: now } : {}) };
  }
  service.apply([nominationWrite(written)]);
  return { ok: true, nomination: written, previousApproverUpn: current.approverUpn };
}

function notPendingFor(service: ProgrammeService, n: StoredNomination): { ok: false; code: 'NOT_PENDING'; message: string; nomination: StoredNomination } {
  const r = notPending(service, n) as { ok: false; code: 'NOT_PENDING'; message: string; nomination: StoredNomination };
  return r;
}
