/**
 * Who holds which role and certification on a date. Its own module because both the step engine
 * (progress.ts) and the requirement engine (a KPI's `holds`) ask it, and neither may import the other.
 */
import type { LocalDate } from './local-date';
import type { Programme, Role } from './programme';
import type { StaffRecord } from './records';
import type { Snapshot } from './snapshot';

/** A role a person holds on a date, and since when, where the lists say. */
export interface HeldRole {
  role: Role;
  since?: LocalDate;
  source?: string;
  section?: string;
}

/** Whether the person holds a certification as of the date (recorded in the Roles list), and since when. */
export function certificationHeldSince(snapshot: Snapshot, upn: string, certificationId: string, asOf: LocalDate): LocalDate | undefined {
  let since: LocalDate | undefined;
  for (const r of snapshot.rolesByUpn.get(upn) ?? []) {
    if (r.role === certificationId && r.start <= asOf && (!r.end || r.end >= asOf) && (!since || r.start < since)) since = r.start;
  }
  return since;
}

/** The roles a staff member holds on a date: open to all, by grade, or recorded in the Roles list. */
export function heldRoles(snapshot: Snapshot, staff: StaffRecord, asOf: LocalDate): HeldRole[] {
  const out: HeldRole[] = [];
  const records = snapshot.rolesByUpn.get(staff.upn) ?? [];
  const openToAll: Role[] = [];
  for (const role of snapshot.programme.roles) {
    if (role.assignment === 'all') {
      openToAll.push(role);
      continue;
    }
    if (role.assignment === 'grade') {
      if (staff.grade && role.grades.includes(staff.grade)) out.push({ role });
      continue;
    }
    if (role.assignment === 'certified' && role.certification) {
      const since = certificationHeldSince(snapshot, staff.upn, role.certification, asOf);
      if (since) out.push({ role, since, source: 'certification' });
      continue;
    }
    // Nominated, appointed and self-declared roles: the current Roles row, earliest start if several overlap.
    let best: HeldRole | undefined;
    for (const r of records) {
      if (r.role !== role.id || r.start > asOf || (r.end && r.end < asOf)) continue;
      if (!best || (best.since && r.start < best.since)) best = { role, since: r.start, source: r.source, section: r.section };
    }
    if (best) out.push(best);
  }
  // Roles open to all come first, as in the programme; excludeRoles (柏市: 全職員 = その他の職員) is
  // checked against the roles just found.
  if (!staff.active) return out;
  const held = new Set(out.map((h) => h.role.id));
  const all = openToAll.filter((role) => !role.excludeRoles.some((id) => held.has(id))).map((role) => ({ role }));
  return [...all, ...out].sort((a, b) => order(snapshot.programme, a.role) - order(snapshot.programme, b.role));
}

function order(programme: Programme, role: Role): number {
  return programme.roles.indexOf(role);
}
