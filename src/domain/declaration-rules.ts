/**
 * A self-declared role (assignment "self", 手挙げ方式): whether a person may declare it now, and who
 * confirms. The declaration itself (the tab's form, the confirmer's card, the Roles row it becomes)
 * is the report-and-confirm flow of DESIGN.md; these are the rules it applies, as nomination-rules.ts
 * is for nominations.
 */
import { heldRoles } from './held-roles';
import type { Label } from './label';
import type { LocalDate } from './local-date';
import { approverFor, currentHolders } from './nomination-rules';
import type { Programme } from './programme';
import type { Snapshot } from './snapshot';

/** Why a declaration cannot go ahead (error) or what the person should know (warning). */
export interface DeclarationFinding {
  code:
    | 'DECLARATION.ROLE_NOT_SELF'
    | 'DECLARATION.PERSON_UNKNOWN'
    | 'DECLARATION.PERSON_INACTIVE'
    | 'DECLARATION.ALREADY_HOLDS'
    | 'DECLARATION.GRADE_NOT_ELIGIBLE'
    | 'DECLARATION.SEAT_FULL'
    | 'DECLARATION.NO_CONFIRMER';
  message: Label;
}

export interface DeclarationCheck {
  ok: boolean;
  errors: DeclarationFinding[];
  warnings: DeclarationFinding[];
  /** Who confirms (absent when the role counts once recorded: confirmedBy nobody). */
  confirmerUpn?: string;
  /** The role needs no confirmation. */
  selfConfirmed: boolean;
  section?: string;
  department?: string;
}

/**
 * Checks a person's declaration of a self-declared role: the role is "self", the person is active and
 * does not hold it, the grade is eligible (strict: refused; otherwise warned), the unit's seats are not
 * full (seats.max), and someone can confirm it.
 */
export function checkDeclaration(
  programme: Programme,
  snapshot: Snapshot,
  req: { upn: string; role: string; asOf: LocalDate },
  officeApproverUpn?: string,
): DeclarationCheck {
  const errors: DeclarationFinding[] = [];
  const warnings: DeclarationFinding[] = [];
  const role = programme.roles.find((r) => r.id === req.role);
  if (!role || role.assignment !== 'self' || !role.declaration) {
    errors.push(finding('DECLARATION.ROLE_NOT_SELF', `「${role?.label.ja ?? req.role}」は自分で申し出る役割ではありません`, `"${role?.label.en ?? req.role}" is not a role people declare themselves`));
    return { ok: false, errors, warnings, selfConfirmed: false };
  }
  const rules = role.declaration;
  const person = snapshot.staffByUpn.get(req.upn.toLowerCase());
  if (!person) {
    errors.push(finding('DECLARATION.PERSON_UNKNOWN', `職員リストにない人です: ${req.upn}`, `Not in the Staff list: ${req.upn}`));
    return { ok: false, errors, warnings, selfConfirmed: false };
  }
  if (!person.active) errors.push(finding('DECLARATION.PERSON_INACTIVE', `${person.name} さんは在職していません`, `${person.name} is not an active staff member`));
  if (heldRoles(snapshot, person, req.asOf).some((h) => h.role.id === role.id)) {
    errors.push(finding('DECLARATION.ALREADY_HOLDS', `既に${role.label.ja}です`, `You already hold ${role.label.en ?? role.label.ja}`));
  }
  if (rules.eligibleGrades.length > 0 && !(person.grade && rules.eligibleGrades.includes(person.grade))) {
    const allowed = rules.eligibleGrades.map((g) => programme.grades.find((x) => x.id === g)?.label.ja ?? g).join('・');
    const f = finding(
      'DECLARATION.GRADE_NOT_ELIGIBLE',
      `${rules.gradeRuleStrict ? '' : '原則として'}${allowed}が対象です（${person.gradeText || '職層不明'}）`,
      `${rules.gradeRuleStrict ? 'Only' : 'As a rule,'} ${allowed} (${person.gradeText || 'unknown grade'})`,
    );
    (rules.gradeRuleStrict ? errors : warnings).push(f);
  }
  const seats = role.seats;
  if (seats?.max !== undefined) {
    const holders = currentHolders(snapshot, role, person.department, seats.per === 'section' ? person.section : undefined, req.asOf);
    if (holders.length >= seats.max) {
      const unit = seats.per === 'section' ? person.section : person.department;
      errors.push(finding('DECLARATION.SEAT_FULL', `${unit}の${role.label.ja}は定員 ${seats.max} 名に達しています`, `${unit} already has ${seats.max} ${role.label.en ?? role.label.ja}`));
    }
  }
  const selfConfirmed = rules.confirmedBy === 'nobody';
  const confirmerUpn = selfConfirmed
    ? undefined
    : approverFor(programme, snapshot, rules.confirmedBy as 'sectionManager' | 'departmentManager' | 'programmeOffice', person.department, person.section, person.upn, officeApproverUpn);
  if (!selfConfirmed && !confirmerUpn) {
    errors.push(finding('DECLARATION.NO_CONFIRMER', '申し出を確認する人が見つかりません', 'Nobody could be found to confirm the declaration'));
  }
  return { ok: errors.length === 0, errors, warnings, confirmerUpn, selfConfirmed, section: person.section, department: person.department };
}

function finding(code: DeclarationFinding['code'], ja: string, en: string): DeclarationFinding {
  return { code, message: { ja, en } };
}
