import { checkDeclaration, declarableRoles, type DeclarableRole, type DeclarationFinding } from '../domain/declarations';
import { approverFor, sectionApproverOf } from '../domain/nomination-rules';
import type { StaffRecord } from '../domain/records';
import { confirmerRuleOf } from '../domain/reports';
import type { ConfirmableFact } from '../domain/submissions';
import type { Programme } from '../domain/programme';
import type { Snapshot } from '../domain/snapshot';
import type { Scope } from './access';
import type { ProgrammeService } from './programme-service';
import { recordSubmission, type ReportDeps, type StoredSubmissionLike } from './reports';
import type { ProgressChange } from '../domain/progress-changes';

export type DeclareResult =
  | { ok: true; submission: StoredSubmissionLike; confirmedAtOnce: boolean; changes: ProgressChange[]; warnings: DeclarationFinding[] }
  | { ok: false; errors: DeclarationFinding[] };

/** The roles the caller may declare (マイステップ's 役割の申し出), each with what stands in the way now. */
export function declarationsView(service: ProgrammeService, scope: Pick<Scope, 'staff'>): DeclarableRole[] {
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  return scope.staff ? declarableRoles(service.programme, e.snapshot, scope.staff, e.asOf) : [];
}

/** Who confirms a declaration by `subject` under the role's rules (the office's confirmer when nobody above them can be found). */
export function declarationConfirmer(programme: Programme, snapshot: Snapshot, subject: StaffRecord, fact: ConfirmableFact, officeConfirmerUpn: string | undefined): string | undefined {
  const rule = confirmerRuleOf(programme, fact);
  if (rule === 'none') return undefined;
  if (rule === 'office') return officeConfirmerUpn?.toLowerCase();
  const found = rule === 'departmentManager' ? approverFor(programme, snapshot, 'departmentManager', subject.department, subject.section, subject.upn, undefined) : sectionApproverOf(programme, snapshot, subject.department, subject.section, subject.upn);
  return found ?? officeConfirmerUpn?.toLowerCase();
}

/**
 * A person declares a role the programme opens to volunteers (tab): checked in full (nothing is
 * written on any error), then it waits in Submissions for the confirmer the role's rules name — the
 * report queue, cards and decisions take it from there (report-decisions.ts) — or, where nobody
 * confirms, the Roles row is written at once. Either way the evaluation shows it at once. Only ever
 * the caller's own declaration.
 */
export async function declareRole(deps: Omit<ReportDeps, 'evidence'>, scope: Scope, input: { role: unknown; date?: unknown }): Promise<DeclareResult> {
  const { service, clock } = deps;
  const e = service.current();
  if (!e) throw new Error('the programme has not been read yet');
  const subject = scope.staff;
  const check = checkDeclaration(service.programme, e.snapshot, subject, input, clock.today());
  if (!check.ok) return check;
  const fact = check.fact;
  const atOnce = confirmerRuleOf(service.programme, fact) === 'none';
  const confirmer = atOnce ? undefined : declarationConfirmer(service.programme, e.snapshot, subject!, fact, deps.officeConfirmerUpn);
  if (!atOnce && !confirmer) {
    return { ok: false, errors: [{ field: 'subject', code: 'DECLARATION.NOT_STAFF', message: { ja: '確認する人が見つからないため、いまは申し出られません。プログラム事務局に連絡してください', en: 'Nobody can be found to confirm this; contact the programme office' } }] };
  }
  const recorded = await recordSubmission(deps, subject!.upn, { fact, ...(confirmer ? { confirmerUpn: confirmer } : {}) });
  return { ok: true, ...recorded, warnings: check.warnings };
}
