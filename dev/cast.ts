import type { Evaluated } from '../src/app/programme-service';
import { checkNomination } from '../src/domain/nomination-rules';
import type { Programme, Role } from '../src/domain/programme';
import type { StaffRecord } from '../src/domain/records';

/** The people a local run (npm start, the bot's end-to-end test) shows the product with. */
export interface Cast {
  /** A section manager, for the bot's ステップ and the tab's 所属 (and the nominator when there is a nomination to show). */
  manager: StaffRecord;
  /** Someone for the programme office in chat: a member of DX推進課 where there is one. */
  office: StaffRecord;
  /**
   * The nomination flow, when the programme has a nominated role and a section with a free seat:
   * a member of the manager's section the rules accept (warnings allowed: the form confirms them),
   * and who approves. Absent for programmes without nominated roles (真岡市, 柏市).
   */
  nomination?: { role: Role; nominee: StaffRecord; approver: StaffRecord };
  /**
   * The programme office's approver (SKILLSTEPS_OFFICE_APPROVER_UPN), when the nominated role is
   * decided by the office (東京都テンプレート DX推進員), or a role volunteers declare is confirmed by it
   * (真岡市 BPR実践グループ（希望者）): the office member above.
   */
  officeApprover?: StaffRecord;
  /** Why there is no nomination to show, for the start-up guide. */
  noNomination?: string;
}

/**
 * Picks the cast from what the server evaluated. Every programme has one: a nominated role that
 * no section can take (or none at all) leaves the nomination out, with the reason.
 */
export function castOf(programme: Programme, e: Pick<Evaluated, 'snapshot' | 'asOf'>): Cast {
  const staff = e.snapshot.staff.filter((s) => s.active);
  const managers = new Set(programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
  const managing = new Set(programme.grades.filter((g) => g.manages).map((g) => g.id));
  const membersOf = (m: StaffRecord): StaffRecord[] => staff.filter((s) => s.section === m.section && s.department === m.department && !managing.has(s.grade ?? ''));
  const sectionManagers = staff.filter((s) => managers.has(s.grade ?? ''));
  const officeOf = (...not: string[]): StaffRecord | undefined => staff.find((s) => s.section === 'DX推進課' && !not.includes(s.upn));
  const role = programme.roles.find((r) => r.assignment === 'nominated');
  if (role) {
    for (const m of sectionManagers) {
      // 東京都テンプレート: the office decides; someone of the office other than the nominator approves.
      const officeApprover = role.nomination?.approver === 'programmeOffice' ? (officeOf(m.upn) ?? staff.find((s) => s.upn !== m.upn && managing.has(s.grade ?? ''))) : undefined;
      for (const n of membersOf(m)) {
        const check = checkNomination(programme, e.snapshot, { nominatorUpn: m.upn, nominatorIsOffice: false, nomineeUpn: n.upn, role: role.id, asOf: e.asOf }, officeApprover?.upn);
        if (!check.ok || !check.approverUpn || check.approverUpn === m.upn || check.approverUpn === n.upn) continue;
        const approver = staff.find((s) => s.upn === check.approverUpn)!;
        const office = officeApprover ?? officeOf(approver.upn, m.upn) ?? approver;
        return { manager: m, office, nomination: { role, nominee: n, approver }, officeApprover };
      }
    }
  }
  // No nomination to show: a manager with people in the section is enough for ステップ and 所属.
  const manager = sectionManagers.find((m) => membersOf(m).length > 0) ?? sectionManagers[0] ?? staff[0];
  if (!manager) throw new Error(`プログラム ${programme.id} の職員リストに在職者がいません`);
  const office = officeOf(manager.upn) ?? manager;
  const declaredToOffice = programme.roles.some((r) => r.assignment === 'self' && r.declaration?.confirmedBy === 'programmeOffice');
  return {
    manager,
    office,
    ...(declaredToOffice ? { officeApprover: office } : {}),
    noNomination: role
      ? `${role.label.ja}の空きがある所属と所属長が見つかりません（職員数 --staff か乱数の種 --seed を変えると見つかることがあります）`
      : `${programme.label.ja}には推薦で選ぶ役割がありません`,
  };
}
