import type { Label } from './label';
import { addMonths, type LocalDate } from './local-date';
import type { Grade, Programme, Role } from './programme';
import type { NominationRecord, RoleRecord, StaffRecord } from './records';
import type { Snapshot } from './snapshot';

/** Why a nomination cannot go ahead (error) or what the nominator should know (warning). */
export interface NominationFinding {
  code:
    | 'NOMINATION.ROLE_NOT_NOMINATED'
    | 'NOMINATION.NOMINEE_UNKNOWN'
    | 'NOMINATION.NOMINEE_INACTIVE'
    | 'NOMINATION.NOT_MANAGER'
    | 'NOMINATION.ALREADY_HOLDS'
    | 'NOMINATION.DUPLICATE_PENDING'
    | 'NOMINATION.GRADE_NOT_ELIGIBLE'
    | 'NOMINATION.SEAT_TAKEN'
    | 'NOMINATION.REPLACES_NOT_HOLDER'
    | 'NOMINATION.TRANSFER_PLANNED'
    | 'NOMINATION.NO_APPROVER';
  message: Label;
}

export interface NominationRequest {
  /** Who nominates: a staff member's UPN. */
  nominatorUpn: string;
  /** The programme office may nominate anyone, anywhere. */
  nominatorIsOffice: boolean;
  nomineeUpn: string;
  role: string;
  /** The section the role is for; the nominee's own section when not given. */
  section?: string;
  /** A current holder the nominee replaces (交代), freeing their seat on approval. */
  replacesUpn?: string;
  asOf: LocalDate;
}

export interface NominationCheck {
  ok: boolean;
  errors: NominationFinding[];
  warnings: NominationFinding[];
  /** Who decides, when one could be found. */
  approverUpn?: string;
  section?: string;
  department?: string;
}

/**
 * Checks a nomination against the role's rules in the programme: the role is nominated, the nominee
 * is active and does not hold it yet, the nominator manages the nominee's section (or is the
 * programme office), no nomination for the same person and role is pending, the grade is eligible
 * (strict: refused; 「原則」: warned), the section's seats are free (or a holder is replaced), a
 * planned transfer within the window is warned about, and an approver exists.
 */
export function checkNomination(programme: Programme, snapshot: Snapshot, req: NominationRequest, officeApproverUpn?: string): NominationCheck {
  const errors: NominationFinding[] = [];
  const warnings: NominationFinding[] = [];
  const role = programme.roles.find((r) => r.id === req.role);
  if (!role || role.assignment !== 'nominated' || !role.nomination) {
    errors.push(finding('NOMINATION.ROLE_NOT_NOMINATED', `「${role?.label.ja ?? req.role}」は推薦で選ぶ役割ではありません`, `"${role?.label.en ?? req.role}" is not a nominated role`));
    return { ok: false, errors, warnings };
  }
  const rules = role.nomination;
  const nominee = snapshot.staffByUpn.get(req.nomineeUpn.toLowerCase());
  if (!nominee) {
    errors.push(finding('NOMINATION.NOMINEE_UNKNOWN', `職員リストにない人です: ${req.nomineeUpn}`, `Not in the Staff list: ${req.nomineeUpn}`));
    return { ok: false, errors, warnings };
  }
  if (!nominee.active) {
    errors.push(finding('NOMINATION.NOMINEE_INACTIVE', `${nominee.name} さんは在職していません`, `${nominee.name} is not an active staff member`));
  }
  const section = req.section ?? nominee.section;
  const department = nominee.department;
  const nominator = snapshot.staffByUpn.get(req.nominatorUpn.toLowerCase());
  if (!req.nominatorIsOffice && !(nominator && managesSection(programme, nominator, department, section))) {
    errors.push(
      finding(
        'NOMINATION.NOT_MANAGER',
        `${section} の職員を推薦できるのは、所属の係長・課長（または部長）かプログラム事務局です`,
        `Only the managers of ${section} or the programme office may nominate its staff`,
      ),
    );
  }
  const holders = currentHolders(snapshot, role, department, section, req.asOf);
  if (holders.some((h) => h.upn === nominee.upn)) {
    errors.push(finding('NOMINATION.ALREADY_HOLDS', `${nominee.name} さんは既に${role.label.ja}です`, `${nominee.name} already holds ${role.label.en ?? role.label.ja}`));
  }
  const pending = snapshot.records.nominations.filter((n) => n.status === 'pending' && n.role === role.id);
  if (pending.some((n) => n.nomineeUpn === nominee.upn)) {
    errors.push(
      finding('NOMINATION.DUPLICATE_PENDING', `${nominee.name} さんの${role.label.ja}への推薦は承認待ちです`, `A nomination of ${nominee.name} for this role is already pending`),
    );
  }
  if (rules.eligibleGrades.length > 0 && !(nominee.grade && rules.eligibleGrades.includes(nominee.grade))) {
    const allowed = rules.eligibleGrades.map((g) => gradeLabel(programme, g)).join('・');
    const message = finding(
      'NOMINATION.GRADE_NOT_ELIGIBLE',
      `${rules.gradeRuleStrict ? '' : '原則として'}${allowed}が対象です（${nominee.name} さん: ${nominee.gradeText || '職層不明'}）`,
      `${rules.gradeRuleStrict ? 'Only' : 'As a rule,'} ${allowed} (${nominee.name}: ${nominee.gradeText || 'unknown grade'})`,
    );
    (rules.gradeRuleStrict ? errors : warnings).push(message);
  }

  // Seats: current holders and pending nominations for the same unit count against the limit.
  const replaces = req.replacesUpn?.toLowerCase();
  if (replaces && !holders.some((h) => h.upn === replaces)) {
    errors.push(finding('NOMINATION.REPLACES_NOT_HOLDER', `交代する人が現在の${role.label.ja}ではありません: ${replaces}`, `The person to replace does not hold the role: ${replaces}`));
  }
  const seatCheck = (limit: number | undefined, unitHolders: RoleRecord[], unitPending: NominationRecord[], unitName: string): void => {
    if (limit === undefined) return;
    const taken = unitHolders.filter((h) => h.upn !== replaces).length + unitPending.length;
    if (taken >= limit) {
      const names = unitHolders.map((h) => snapshot.staffByUpn.get(h.upn)?.name ?? h.upn);
      const who = [...names, ...unitPending.map((n) => `${snapshot.staffByUpn.get(n.nomineeUpn)?.name ?? n.nomineeUpn}（承認待ち）`)].join('、');
      errors.push(
        finding(
          'NOMINATION.SEAT_TAKEN',
          `${unitName}の${role.label.ja}は定員 ${limit} 名に達しています（${who}）。交代の場合は交代する人を選んでください`,
          `${unitName} already has ${limit} ${role.label.en ?? role.label.ja} (${who}); choose whom the nominee replaces`,
        ),
      );
    }
  };
  seatCheck(
    rules.seatsPerSection,
    holders,
    pending.filter((n) => n.section === section),
    section,
  );
  if (rules.seatsPerDepartment !== undefined) {
    const deptHolders = currentHolders(snapshot, role, department, undefined, req.asOf);
    const deptSections = new Set(snapshot.staff.filter((s) => s.department === department).map((s) => s.section));
    seatCheck(rules.seatsPerDepartment, deptHolders, pending.filter((n) => deptSections.has(n.section)), department);
  }

  // 東京都テンプレート「DX 推進員を選任する際は、異動時期を考慮する」
  if (nominee.transferPlanned) {
    const horizon = addMonths(req.asOf, rules.transferWindowMonths);
    const within = nominee.transferDate ? nominee.transferDate <= horizon : true;
    if (within) {
      const when = nominee.transferDate ? `（${nominee.transferDate}）` : '';
      warnings.push(
        finding(
          'NOMINATION.TRANSFER_PLANNED',
          `${nominee.name} さんは${rules.transferWindowMonths}か月以内に異動の予定があります${when}。異動時期を考慮してください`,
          `${nominee.name} has a transfer planned within ${rules.transferWindowMonths} months${when}`,
        ),
      );
    }
  }

  const approverUpn = approverFor(programme, snapshot, rules.approver, department, section, req.nominatorUpn.toLowerCase(), officeApproverUpn);
  if (!approverUpn) {
    errors.push(
      rules.approver === 'programmeOffice'
        ? // 東京都テンプレート: DX推進員 is decided by the programme office, whose approver is configured, not in the lists.
          finding(
            'NOMINATION.NO_APPROVER',
            '承認者（プログラム事務局の担当者）が設定されていません。管理者に事務局の承認者の設定を依頼してください（docs/deploy.md）',
            'No approver in the programme office is configured; ask the administrator to set one (docs/deploy.md)',
          )
        : finding('NOMINATION.NO_APPROVER', `承認者が見つかりません（${section} の課長・${department} の部長が職員リストにいません）`, 'No approver could be found for this section'),
    );
  }
  return { ok: errors.length === 0, errors, warnings, approverUpn, section, department };
}

/** Whether a staff member manages a section: a section manager of it, or the head of its department. */
export function managesSection(programme: Programme, staff: StaffRecord, department: string, section: string): boolean {
  const grade = gradeOf(programme, staff);
  if (!grade?.manages || !staff.active) return false;
  if (grade.manages === 'department') return staff.department === department;
  return staff.department === department && staff.section === section;
}

/** Current holders of a role serving a section (or, without a section, anywhere in the department). */
export function currentHolders(snapshot: Snapshot, role: Role, department: string, section: string | undefined, asOf: LocalDate): RoleRecord[] {
  const out: RoleRecord[] = [];
  for (const r of snapshot.records.roles) {
    if (r.role !== role.id || r.start > asOf || (r.end && r.end < asOf)) continue;
    const holder = snapshot.staffByUpn.get(r.upn);
    if (!holder?.active) continue;
    const unitSection = r.section ?? holder.section;
    if (section !== undefined ? unitSection === section && holder.department === department : holder.department === department) out.push(r);
  }
  return out;
}

/**
 * Who above a person decides for their section: its most senior manager above them, else the
 * department head (the approver of a nomination by them, the confirmer of their own report).
 */
export function sectionApproverOf(programme: Programme, snapshot: Snapshot, department: string, section: string, personUpn: string): string | undefined {
  return approverFor(programme, snapshot, 'sectionManager', department, section, personUpn.toLowerCase(), undefined);
}

/**
 * Who decides for a unit: the section's most senior manager above the person asking, the department's
 * head, or the programme office's configured approver (nominations; the confirmer of a declaration).
 */
export function approverFor(
  programme: Programme,
  snapshot: Snapshot,
  approver: 'sectionManager' | 'departmentManager' | 'programmeOffice',
  department: string,
  section: string,
  nominatorUpn: string,
  officeApproverUpn: string | undefined,
): string | undefined {
  if (approver === 'programmeOffice') return officeApproverUpn?.toLowerCase();
  const ranked = (filter: (s: StaffRecord, g: Grade) => boolean): StaffRecord[] =>
    snapshot.staff
      .filter((s) => {
        const g = gradeOf(programme, s);
        return s.active && !!g && s.upn !== nominatorUpn && filter(s, g);
      })
      .sort((a, b) => (gradeOf(programme, b)?.rank ?? 0) - (gradeOf(programme, a)?.rank ?? 0));
  const head = ranked((s, g) => g.manages === 'department' && s.department === department)[0];
  if (approver === 'departmentManager') return head?.upn;
  // The section's most senior manager above the nominator (課長 when a 係長 nominates; never a
  // subordinate: when the 課長 nominates, the 部長 approves), else the department head.
  const nominator = snapshot.staffByUpn.get(nominatorUpn);
  const nominatorRank = nominator ? (gradeOf(programme, nominator)?.rank ?? -Infinity) : -Infinity;
  const above = (s: StaffRecord): boolean => (gradeOf(programme, s)?.rank ?? -Infinity) > nominatorRank;
  const inSection = ranked((s, g) => g.manages === 'section' && s.department === department && s.section === section);
  // Nobody above (the 部長 nominates): the section's senior manager, as before.
  return (inSection.find(above) ?? (head && above(head) ? head : undefined) ?? inSection[0] ?? head)?.upn;
}

function gradeOf(programme: Programme, staff: StaffRecord): Grade | undefined {
  return staff.grade ? programme.grades.find((g) => g.id === staff.grade) : undefined;
}

function gradeLabel(programme: Programme, id: string): string {
  return programme.grades.find((g) => g.id === id)?.label.ja ?? id;
}

function finding(code: NominationFinding['code'], ja: string, en: string): NominationFinding {
  return { code, message: { ja, en } };
}
