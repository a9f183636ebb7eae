import type { Unit } from './access';
import type { Evaluated } from './programme-service';
import { currentHolders } from '../domain/nomination-rules';
import type { Label } from '../domain/label';
import type { Programme } from '../domain/programme';

/** A role a section may nominate for, with its seats as the rules count them. */
export interface NominationRoleOption {
  id: string;
  label: Label;
  /** Current holders and pending nominations of the section. */
  seatsUsed: number;
  seatsTotal?: number;
  holders: Array<{ upn: string; name: string }>;
}

export interface NominationOptions {
  unit: Unit;
  roles: NominationRoleOption[];
  /** Active members of the section, the eligible grades first, then by name. */
  candidates: Array<{ upn: string; name: string; grade: string }>;
}

/**
 * What a nomination form offers for a section (the bot's form; the tab builds the same from its
 * API): the programme's nominated roles with their seats (seats per section, 世田谷区「各係 1 名」),
 * and the section's active members. The rules themselves are checked again on submit
 * (domain/nomination-rules), so nothing here decides anything.
 */
export function nominationOptions(programme: Programme, e: Evaluated, unit: Unit): NominationOptions {
  const { snapshot, asOf } = e;
  const roles = programme.roles.filter((r) => r.assignment === 'nominated' && r.nomination);
  const pending = snapshot.records.nominations.filter((n) => n.status === 'pending' && n.section === unit.section);
  const name = (upn: string): string => snapshot.staffByUpn.get(upn)?.name ?? upn;
  const eligible = new Set(roles.flatMap((r) => r.nomination!.eligibleGrades));
  const members = snapshot.staff.filter((s) => s.active && s.department === unit.department && s.section === unit.section);
  const candidates = [...members]
    .sort((a, b) => Number(eligible.has(b.grade ?? '')) - Number(eligible.has(a.grade ?? '')) || a.name.localeCompare(b.name, 'ja'))
    .map((s) => ({ upn: s.upn, name: s.name, grade: s.gradeText }));
  return {
    unit,
    candidates,
    roles: roles.map((r) => {
      const holders = currentHolders(snapshot, r, unit.department, unit.section, asOf);
      return {
        id: r.id,
        label: r.label,
        seatsUsed: holders.length + pending.filter((n) => n.role === r.id).length,
        ...(r.nomination!.seatsPerSection !== undefined ? { seatsTotal: r.nomination!.seatsPerSection } : {}),
        holders: holders.map((h) => ({ upn: h.upn, name: name(h.upn) })),
      };
    }),
  };
}
