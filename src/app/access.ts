import type { Unit } from '../domain/units';
import type { Programme } from '../domain/programme';
import type { StaffRecord } from '../domain/records';
import type { Snapshot } from '../domain/snapshot';

/** Who is calling, as a validated token says. */
export interface Caller {
  upn: string;
  /** Entra object id (Teams activities carry it). */
  oid?: string;
  tenantId?: string;
  name?: string;
  /** A member of the programme office (DX推進課 / 職員課): the configured Entra group or app role. */
  office: boolean;
}

export type { Unit } from '../domain/units';

/**
 * What a caller may see: themselves always; the sections they manage (a section manager's own
 * section; a department head's every section); everything when they are the programme office.
 */
export interface Scope {
  caller: Caller;
  staff?: StaffRecord;
  office: boolean;
  /** Sections this caller manages (empty for staff without a managing grade). */
  sections: Unit[];
}

/** The scope of a caller in the current data. */
export function scopeOf(programme: Programme, snapshot: Snapshot, caller: Caller): Scope {
  const staff = snapshot.staffByUpn.get(caller.upn.toLowerCase());
  const sections: Unit[] = [];
  const grade = staff?.active && staff.grade ? programme.grades.find((g) => g.id === staff.grade) : undefined;
  if (staff && grade?.manages === 'section') sections.push({ department: staff.department, section: staff.section });
  if (staff && grade?.manages === 'department') {
    const seen = new Set<string>();
    for (const s of snapshot.staff) {
      if (s.department === staff.department && !seen.has(s.section)) {
        seen.add(s.section);
        sections.push({ department: s.department, section: s.section });
      }
    }
  }
  return { caller, staff, office: caller.office, sections };
}

/** Whether the scope covers a section. */
export function canSeeSection(scope: Scope, unit: Unit): boolean {
  return scope.office || scope.sections.some((s) => s.department === unit.department && s.section === unit.section);
}

/** Whether the scope covers a person: themselves, their section's managers, the office. */
export function canSeePerson(scope: Scope, person: StaffRecord): boolean {
  return person.upn === scope.staff?.upn || canSeeSection(scope, person);
}
