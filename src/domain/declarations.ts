/**
 * Self-declared roles (手挙げ方式, issue 12 part 5): a role the programme opens to volunteers
 * (assignment "self", with `declaration` rules: who may declare, who confirms) is declared by the
 * person, from a date; it waits in the Submissions list (Kind role-declaration) for the confirmer the
 * rules name — the same queue, cards and guarantees as a report — and once confirmed it is a Roles row
 * (Source 自己申告). Pure: which roles a person may declare, and the check of one declaration.
 */
import { isLocalDate, type LocalDate } from './local-date';
import type { Label } from './label';
import { currentHolders } from './nomination-rules';
import type { Programme, Role } from './programme';
import type { DeclarationFact, StaffRecord } from './records';
import type { Snapshot } from './snapshot';

export type DeclarationField = 'role' | 'date' | 'subject';

/** Why a declaration is refused (or warned about), naming the field. */
export interface DeclarationFinding {
  field: DeclarationField;
  code:
    | 'DECLARATION.ROLE_UNKNOWN'
    | 'DECLARATION.NOT_OPEN'
    | 'DECLARATION.NOT_STAFF'
    | 'DECLARATION.GRADE'
    | 'DECLARATION.ALREADY_HELD'
    | 'DECLARATION.ALREADY_WAITING'
    | 'DECLARATION.SEAT_TAKEN'
    | 'DECLARATION.DATE_INVALID'
    | 'DECLARATION.DATE_FUTURE';
  message: Label;
}

/** A role open to volunteers, as the person sees it: whether they may declare it now, and why not. */
export interface DeclarableRole {
  id: string;
  label: Label;
  description?: Label;
  confirmedBy: 'sectionManager' | 'departmentManager' | 'programmeOffice' | 'nobody';
  /** Refusals that stand now (held, waiting, a full section, a grade the rules exclude). */
  blocked: DeclarationFinding[];
  /** 「原則」: a grade outside the rules is warned about, not refused. */
  warnings: DeclarationFinding[];
}

/** The roles the programme opens to volunteers, each with what stands in the way of `staff` declaring it today. */
export function declarableRoles(programme: Programme, snapshot: Snapshot, staff: StaffRecord, today: LocalDate): DeclarableRole[] {
  return programme.roles
    .filter((r) => r.assignment === 'self')
    .map((role) => {
      const { errors, warnings } = standing(programme, snapshot, staff, role, today);
      return {
        id: role.id,
        label: role.label,
        ...(role.description ? { description: role.description } : {}),
        confirmedBy: role.declaration?.confirmedBy ?? 'sectionManager',
        blocked: errors,
        warnings,
      };
    });
}

export type DeclarationCheck = { ok: true; fact: DeclarationFact; warnings: DeclarationFinding[] } | { ok: false; errors: DeclarationFinding[] };

/**
 * Checks one declaration by `staff`: the role is the programme's and open to volunteers, the person
 * is active staff of a grade the rules allow (strict rules refuse, 「原則」 warns), does not hold it
 * and has none waiting, their section (or department) has a seat free counting the declarations
 * waiting, and the date — today when not given — is a real day, not after today. `exceptItemId`: the
 * declaration being confirmed, which does not take its own seat.
 */
export function checkDeclaration(
  programme: Programme,
  snapshot: Snapshot,
  staff: StaffRecord | undefined,
  input: { role: unknown; date?: unknown },
  today: LocalDate,
  exceptItemId?: string,
): DeclarationCheck {
  const errors: DeclarationFinding[] = [];
  const roleText = typeof input.role === 'string' ? input.role.trim() : '';
  const role = programme.roles.find((r) => r.id === roleText || r.label.ja === roleText || r.aliases.includes(roleText));
  if (!staff || !staff.active) {
    return { ok: false, errors: [{ field: 'subject', code: 'DECLARATION.NOT_STAFF', message: { ja: '職員リストに在職者として登録されていないため、申し出られません。職員課に連絡してください', en: 'You are not on the Staff list as active staff; contact HR' } }] };
  }
  if (!role) {
    errors.push({ field: 'role', code: 'DECLARATION.ROLE_UNKNOWN', message: { ja: `「役割」: プログラムにない役割です: "${clip(roleText)}"`, en: `Role: not a role of the programme: "${clip(roleText)}"` } });
  } else if (role.assignment !== 'self') {
    errors.push({ field: 'role', code: 'DECLARATION.NOT_OPEN', message: { ja: `「役割」: ${role.label.ja}は自分で申し出る役割ではありません`, en: `Role: ${role.label.en ?? role.label.ja} is not open to volunteers` } });
  }
  const dateText = typeof input.date === 'string' && input.date.trim() !== '' ? input.date.trim() : today;
  if (!isLocalDate(dateText)) errors.push({ field: 'date', code: 'DECLARATION.DATE_INVALID', message: { ja: `「開始日」: 日付として読めません: "${clip(dateText)}"（例: 2026-04-01）`, en: `Start date: not a date: "${clip(dateText)}" (e.g. 2026-04-01)` } });
  else if (dateText > today) errors.push({ field: 'date', code: 'DECLARATION.DATE_FUTURE', message: { ja: `「開始日」: 今日（${today}）より後の日付は入れられません: ${dateText}`, en: `Start date: after today (${today}): ${dateText}` } });
  let warnings: DeclarationFinding[] = [];
  if (role && role.assignment === 'self') {
    const s = standing(programme, snapshot, staff, role, today, exceptItemId);
    errors.push(...s.errors);
    warnings = s.warnings;
  }
  if (errors.length > 0 || !role) return { ok: false, errors };
  return { ok: true, fact: { kind: 'role-declaration', role: role.id, date: dateText, section: staff.section }, warnings };
}

/** What stands in the way of `staff` declaring `role` today: refusals and warnings. */
function standing(programme: Programme, snapshot: Snapshot, staff: StaffRecord, role: Role, today: LocalDate, exceptItemId?: string): { errors: DeclarationFinding[]; warnings: DeclarationFinding[] } {
  const errors: DeclarationFinding[] = [];
  const warnings: DeclarationFinding[] = [];
  const rules = role.declaration ?? { eligibleGrades: [], gradeRuleStrict: true, confirmedBy: 'sectionManager' as const };
  const name = role.label.ja;
  if (rules.eligibleGrades.length > 0 && !rules.eligibleGrades.includes(staff.grade ?? '')) {
    const grades = rules.eligibleGrades.map((g) => programme.grades.find((x) => x.id === g)?.label.ja ?? g).join('・');
    const finding: DeclarationFinding = {
      field: 'role',
      code: 'DECLARATION.GRADE',
      message: rules.gradeRuleStrict
        ? { ja: `「役割」: ${name}を申し出られるのは ${grades} の職員です（あなたは ${staff.gradeText}）`, en: `Role: ${role.label.en ?? name} is open to ${grades} only` }
        : { ja: `${name}は原則として ${grades} の職員が対象です（あなたは ${staff.gradeText}）。確認する人が判断します`, en: `${role.label.en ?? name} is in principle for ${grades}; the confirmer decides` },
    };
    (rules.gradeRuleStrict ? errors : warnings).push(finding);
  }
  const holdsIt = currentHolders(snapshot, role, staff.department, undefined, today).some((h) => h.upn === staff.upn);
  if (holdsIt) errors.push({ field: 'role', code: 'DECLARATION.ALREADY_HELD', message: { ja: `「役割」: すでに${name}です`, en: `Role: you already hold ${role.label.en ?? name}` } });
  const waiting = snapshot.records.submissions.filter((s) => s.status === 'pending' && s.fact.kind === 'role-declaration' && s.fact.role === role.id && (exceptItemId === undefined || s.itemId !== exceptItemId));
  if (!holdsIt && waiting.some((s) => s.subjectUpn === staff.upn)) {
    errors.push({ field: 'role', code: 'DECLARATION.ALREADY_WAITING', message: { ja: `「役割」: ${name}の申し出はすでに確認待ちです`, en: `Role: your declaration of ${role.label.en ?? name} is already waiting` } });
  }
  // Seats (「各課3名まで」): holders and the declarations waiting in the same unit count.
  const seats = role.seats;
  if (seats?.max !== undefined && !holdsIt) {
    const perSection = seats.per === 'section';
    const unit = perSection ? staff.section : staff.department;
    const holders = currentHolders(snapshot, role, staff.department, perSection ? staff.section : undefined, today);
    const inUnit = (upn: string): boolean => {
      const p = snapshot.staffByUpn.get(upn);
      return !!p && p.department === staff.department && (!perSection || p.section === staff.section);
    };
    const others = waiting.filter((s) => s.subjectUpn !== staff.upn && inUnit(s.subjectUpn));
    if (holders.length + others.length >= seats.max) {
      const who = [...holders.map((h) => snapshot.staffByUpn.get(h.upn)?.name ?? h.upn), ...others.map((s) => `${snapshot.staffByUpn.get(s.subjectUpn)?.name ?? s.subjectUpn}（確認待ち）`)].join('、');
      errors.push({
        field: 'role',
        code: 'DECLARATION.SEAT_TAKEN',
        message: { ja: `「役割」: ${unit}の${name}は定員 ${seats.max} 名に達しています（${who}）`, en: `Role: ${unit} already has ${seats.max} ${role.label.en ?? name} (${who})` },
      });
    }
  }
  return { errors, warnings };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
