import type { Evaluated } from '../src/app/programme-service';
import { checkNomination } from '../src/domain/nomination-rules';
import type { Programme, Role } from '../src/domain/programme';
import type { StaffRecord } from '../src/domain/records';

/** The people a local run (npm start, the bot's end-to-end test) shows the nomination flow with. */
export interface Cast {
  /** A section manager whose section has a free seat for the programme's first nominated role. */
  manager: StaffRecord;
  /** A member of that section the rules accept (warnings allowed: the form confirms them). */
  nominee: StaffRecord;
  /** Who approves the manager's nomination (the rules' approver). */
  approver: StaffRecord;
  /** Someone for the programme office in chat: a member of DX推進課 where there is one. */
  office: StaffRecord;
  role: Role;
}

/** Picks the cast from what the server evaluated; throws when no section has a free seat. */
export function castOf(programme: Programme, e: Pick<Evaluated, 'snapshot' | 'asOf'>): Cast {
  const staff = e.snapshot.staff;
  const role = programme.roles.find((r) => r.assignment === 'nominated');
  if (!role) throw new Error(`プログラム ${programme.id} には推薦で選ぶ役割がありません`);
  const managers = new Set(programme.grades.filter((g) => g.manages === 'section').map((g) => g.id));
  const managing = new Set(programme.grades.filter((g) => g.manages).map((g) => g.id));
  for (const m of staff) {
    if (!m.active || !managers.has(m.grade ?? '')) continue;
    for (const n of staff.filter((s) => s.active && s.section === m.section && s.department === m.department && !managing.has(s.grade ?? ''))) {
      const check = checkNomination(programme, e.snapshot, { nominatorUpn: m.upn, nominatorIsOffice: false, nomineeUpn: n.upn, role: role.id, asOf: e.asOf });
      if (!check.ok || !check.approverUpn || check.approverUpn === m.upn) continue;
      const approver = staff.find((s) => s.upn === check.approverUpn)!;
      const office = staff.find((s) => s.active && s.section === 'DX推進課' && s.upn !== approver.upn && s.upn !== m.upn) ?? approver;
      return { manager: m, nominee: n, approver, office, role };
    }
  }
  throw new Error('推薦を試せる所属（空きのある所属と所属長）が見つかりません。職員数（--staff）か乱数の種（--seed）を変えてください');
}
