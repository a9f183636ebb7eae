import { checkNomination, type NominationCheck } from '../domain/nomination-rules';
import type { NewNomination, NominationStore } from '../ports';
import type { Scope } from './access';
import type { ProgrammeService } from './programme-service';

export interface NominateInput {
  nomineeUpn: string;
  role: string;
  section?: string;
  replacesUpn?: string;
  reason?: string;
  /** The nominator has seen the warnings (a 主事 where 「原則」主任, a planned transfer) and goes ahead. */
  confirmWarnings: boolean;
}

export interface NominateResult {
  check: NominationCheck;
  /** Set when the nomination was recorded. */
  created?: { id: string };
  /** The rules passed but warnings need the nominator's confirmation. */
  needsConfirmation: boolean;
}

/**
 * A manager (or the programme office) nominates someone: the programme's rules are checked against
 * the current lists; errors stop it, warnings need confirming; then the nomination is recorded as
 * pending and applied to the evaluation at once so every view includes it. The same use case serves the tab
 * and the bot, so both give the same answers.
 */
export async function nominate(
  service: ProgrammeService,
  store: NominationStore,
  scope: Scope,
  input: NominateInput,
  now: Date,
  officeApproverUpn?: string,
): Promise<NominateResult> {
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const check = checkNomination(
    service.programme,
    e.snapshot,
    {
      nominatorUpn: scope.caller.upn,
      nominatorIsOffice: scope.office,
      nomineeUpn: input.nomineeUpn,
      role: input.role,
      section: input.section,
      replacesUpn: input.replacesUpn,
      asOf: e.asOf,
    },
    officeApproverUpn,
  );
  if (!check.ok) return { check, needsConfirmation: false };
  if (check.warnings.length > 0 && !input.confirmWarnings) return { check, needsConfirmation: true };
  const nomination: NewNomination = {
    nomineeUpn: input.nomineeUpn.toLowerCase(),
    role: input.role,
    section: check.section!,
    nominatedByUpn: scope.caller.upn.toLowerCase(),
    approverUpn: check.approverUpn!,
    reason: input.reason?.trim() || undefined,
    replacesUpn: input.replacesUpn?.toLowerCase(),
    requestedAt: now.toISOString(),
  };
  const created = await store.create(nomination);
  service.apply([{ list: 'Nominations', record: { ...nomination, itemId: created.id, status: 'pending' } }]);
  return { check, created, needsConfirmation: false };
}
